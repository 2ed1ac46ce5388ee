"""Browser tests: the app served on a free local port by a real server (werkzeug, in a thread)
over a fresh SQLite database seeded through the services, driven by Debian's chromium through
Playwright, with axe-core checking the accessibility of every main page.

One server, one database and one browser per test session; each test opens its own browser
contexts (cookies, language) and works on objects of its own, so the tests do not interfere.
The journeys and the main pages run in English and in Chinese, finding their texts through the
app's gettext (texts.py). Screenshots of the main pages and the downloaded files go to
test-artifacts/browser/ (git-ignored), named after the language first. Without chromium at
CHROMIUM_PATH (default /usr/bin/chromium) the tests are skipped, saying how to install it, or
fail when BROWSER_TESTS_REQUIRED is set (CI sets it)."""

import os
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import expect
from werkzeug.serving import make_server

from expert_pool import create_app
from expert_pool.extensions import db
from expert_pool.i18n import HTML_LANG, LANGUAGES
from tests.browser.texts import BROWSER_LOCALES
from tests.conftest import PASSWORD
from tests.world import People, seed_browser_world

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 15_000


@dataclass
class LiveServer:
    """The served app, its address and the people of its world."""

    app: Flask
    url: str
    people: People


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[LiveServer]:
    """The app on a free port, over a fresh SQLite database holding the small world."""
    folder = tmp_path_factory.mktemp("browser")
    with pytest.MonkeyPatch.context() as patch:
        # Uploads (imports, attachments) and secrets stay in the temporary folder.
        patch.setenv("EXPERT_POOL_INSTANCE", str(folder / "instance"))
        app = create_app(
            {
                "SECRET_KEY": "browser-tests",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'browser.sqlite'}",
                "ATTACHMENT_FOLDER": str(folder / "attachments"),
                # Tags and aliases rank the candidates; the journeys need no embedding model.
                "EMBEDDING_BACKEND": "none",
                "LOGIN_RATE_LIMIT": "1000 per minute",
                "OUTBOX_SEND_AFTER_REQUEST": False,
            }
        )
    with app.app_context():
        db.create_all()
        people = seed_browser_world()
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    app.config["PUBLIC_URL"] = url  # the links in emails lead back to this server
    try:
        yield LiveServer(app=app, url=url, people=people)
    finally:
        server.shutdown()
        thread.join()
        server.server_close()
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def chromium():
    """Debian's chromium, launched once per session through Playwright (never downloaded)."""
    if not CHROMIUM.exists():
        reason = (
            f"chromium is not installed at {CHROMIUM}: `apt-get install chromium` "
            "(make test installs it when it runs as root)"
        )
        if os.environ.get("BROWSER_TESTS_REQUIRED"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def open_page(chromium, live_server) -> Iterator[Callable]:
    """open_page(email=None, lang="en", switch=True): a page in a fresh browser context whose
    browser prefers `lang`, signed in through the login form when an email is given. A signed-in
    user's own choice of language wins over the browser's, so the page then switches to `lang`
    with the navigation's switcher when the user last chose the other one (unless `switch` is
    false)."""
    contexts = []

    def open_(email: str | None = None, lang: str = "en", switch: bool = True):
        context = chromium.new_context(base_url=live_server.url, locale=BROWSER_LOCALES[lang])
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        if email is not None:
            page.goto("/login")
            page.locator("#email").fill(email)
            page.locator("#password").fill(PASSWORD)
            page.locator("main form [type=submit]").click()
            page.wait_for_url(re.compile(r"^(?!.*/login)"))
            if switch and page.locator("html").get_attribute("lang") != HTML_LANG[lang]:
                page.get_by_role("button", name=LANGUAGES[lang], exact=True).click()
                expect(page.locator("html")).to_have_attribute("lang", HTML_LANG[lang])
        return page

    yield open_
    for context in contexts:
        context.close()
