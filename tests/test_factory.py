"""The application factory and its layers of settings."""

import pytest

from expert_pool import create_app
from expert_pool.config import normalise_database_url


def test_test_config_is_applied(app):
    assert app.testing
    assert app.config["SECRET_KEY"] == "test-secret"


def test_every_layer_in_order(tmp_path, monkeypatch):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "config.py").write_text(
        "PAGE_SIZE = 7\nREFERENCE_PREFIX = 'FROM-FILE'\nLOGIN_RATE_LIMIT = '1 per day'\n"
    )
    monkeypatch.setenv("EXPERT_POOL_INSTANCE", str(instance))
    monkeypatch.setenv("LOGIN_RATE_LIMIT", "3 per minute")
    monkeypatch.setenv("DATABASE_URL", "postgresql://someone@db.invalid/pool")
    app = create_app({"REFERENCE_PREFIX": "FROM-TEST"})
    assert app.config["PAGE_SIZE"] == 7  # instance/config.py over the default
    assert app.config["LOGIN_RATE_LIMIT"] == "3 per minute"  # environment over the file
    assert app.config["REFERENCE_PREFIX"] == "FROM-TEST"  # the mapping over everything
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://someone@db.invalid/pool"


def test_local_defaults_live_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPERT_POOL_INSTANCE", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'expert_pool.sqlite'}"
    secret = (tmp_path / "secret_key").read_text()
    assert len(secret) >= 32 and app.config["SECRET_KEY"] == secret
    assert create_app().config["SECRET_KEY"] == secret  # kept, not made anew


def test_secret_from_environment_is_not_written(tmp_path, monkeypatch):
    monkeypatch.setenv("EXPERT_POOL_INSTANCE", str(tmp_path))
    monkeypatch.setenv("SECRET_KEY", "from-env")
    assert create_app().config["SECRET_KEY"] == "from-env"
    assert not (tmp_path / "secret_key").exists()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u@h/d", "postgresql+psycopg://u@h/d"),
        ("postgresql://u@h:5432/d", "postgresql+psycopg://u@h:5432/d"),
        ("postgresql+psycopg://u@h/d", "postgresql+psycopg://u@h/d"),
        ("sqlite:////tmp/x.sqlite", "sqlite:////tmp/x.sqlite"),
    ],
)
def test_database_addresses_use_psycopg3(given, expected):
    assert normalise_database_url(given) == expected


def test_matching_engine_imports_without_flask():
    import subprocess
    import sys

    code = (
        "import sys, expert_pool.matching; "
        "bad = [m for m in ('flask', 'sqlalchemy') if m in sys.modules]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
