"""What every browser test does on a main page: keep a screenshot, and check it with axe-core."""

from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
# axe-core impacts that fail a page; "moderate" and "minor" findings do not.
BLOCKING_IMPACTS = ("serious", "critical")


def axe_violations(page) -> list[str]:
    """The serious and critical axe-core violations on the page, one readable line each."""
    results = Axe().run(page).response
    lines = []
    for violation in results["violations"]:
        if violation["impact"] not in BLOCKING_IMPACTS:
            continue
        for node in violation["nodes"]:
            lines.append(
                f"{page.url}: {violation['id']} ({violation['impact']}) "
                f"{', '.join(map(str, node['target']))}: {violation['help']}"
            )
    return lines


def check_page(page, name: str) -> None:
    """Keep a full-page screenshot as test-artifacts/browser/<name>.png and fail on any serious
    or critical axe-core violation."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_load_state("load")
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    problems = axe_violations(page)
    assert not problems, "accessibility violations:\n" + "\n".join(problems)


def follow_nav(page, label: str) -> None:
    """Click the link of the main navigation called `label` (exactly)."""
    page.locator("header nav").get_by_role("link", name=label, exact=True).click()
