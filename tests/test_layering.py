"""The features depend one way, as pyproject.toml's import-linter contracts declare (the README's
"Layout" shows the layers): an import against the layering fails here."""

import ast
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT = Path(sys.executable).parent / "lint-imports"


def lint(tree: Path) -> subprocess.CompletedProcess:
    """Run the contracts of `tree`/pyproject.toml over the package in `tree`."""
    return subprocess.run(
        [str(LINT), "--no-cache", "--config", str(tree / "pyproject.toml")],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_code_keeps_every_layering_contract():
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_an_upward_import_breaks_the_layering(tmp_path):
    shutil.copytree(ROOT / "expert_pool", tmp_path / "expert_pool")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    vocabulary = tmp_path / "expert_pool" / "taxonomy" / "vocabulary.py"
    vocabulary.write_text(vocabulary.read_text() + "\nfrom ..helpdesk import models  # noqa\n")
    result = lint(tmp_path)
    assert result.returncode != 0
    assert "expert_pool.taxonomy is not allowed to import expert_pool.helpdesk" in result.stdout


def test_a_base_module_may_not_import_a_feature(tmp_path):
    shutil.copytree(ROOT / "expert_pool", tmp_path / "expert_pool")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    forms = tmp_path / "expert_pool" / "forms.py"
    forms.write_text(forms.read_text() + "\nfrom .taxonomy import choices  # noqa\n")
    result = lint(tmp_path)
    assert result.returncode != 0
    assert "expert_pool.forms is not allowed to import expert_pool.taxonomy" in result.stdout


# Modules that import features inside functions on purpose: the factory and the registries,
# which wire every feature together (an import inside a function elsewhere would hide a cycle).
WIRING = {"__init__.py", "cli.py", "api/__init__.py"}


def imports_inside_functions(package: Path) -> list[str]:
    """`file:line module` of each import of the project made inside a function, outside WIRING."""
    found = []
    for path in sorted(package.rglob("*.py")):
        name = path.relative_to(package).as_posix()
        if name in WIRING:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom) and (
                    inner.level or (inner.module or "").startswith("expert_pool")
                ):
                    found.append(f"{name}:{inner.lineno} {'.' * inner.level}{inner.module or ''}")
    return found


def test_no_import_of_the_project_hides_inside_a_function():
    assert imports_inside_functions(ROOT / "expert_pool") == []


def test_an_import_inside_a_function_is_found(tmp_path):
    package = tmp_path / "expert_pool"
    (package / "reports").mkdir(parents=True)
    (package / "reports" / "figures.py").write_text(
        "def figures():\n    from .gaps import find_coverage_gaps\n    return find_coverage_gaps\n"
    )
    assert imports_inside_functions(package) == ["reports/figures.py:2 .gaps"]
