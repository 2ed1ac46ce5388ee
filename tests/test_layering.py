"""The features depend one way, as pyproject.toml's import-linter contracts declare (the README's
"Layout" shows the layers): an import against the layering fails here."""

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
