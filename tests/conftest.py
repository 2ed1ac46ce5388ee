"""Fixtures: an app on a fresh, empty database (SQLite, and PostgreSQL when TEST_DATABASE_URL is
set), its test client and CLI runner, and small factories."""

import os
from pathlib import Path

import pytest
from flask import g
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text

from expert_pool import create_app
from expert_pool.config import normalise_database_url
from expert_pool.extensions import db
from expert_pool.knowledge.search import forget_product_matchers
from expert_pool.matching.services import forget_matchers

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])
PASSWORD = "correct horse battery"


def reset_postgres(url: str) -> None:
    """Empty the PostgreSQL test database: every test starts from nothing."""
    engine = create_engine(normalise_database_url(url))
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request, tmp_path: Path) -> str:
    """The address of an empty database of each backend under test."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.sqlite'}"
    url = os.environ["TEST_DATABASE_URL"]
    reset_postgres(url)
    return url


@pytest.fixture(scope="session")
def model_cache_dir(tmp_path_factory) -> Path:
    """Where the embedding model is exported to ONNX: once per test session."""
    return tmp_path_factory.mktemp("models")


@pytest.fixture
def app_config(database_url: str, model_cache_dir: Path) -> dict:
    """Test settings; a test may change them before asking for `app`."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "RATELIMIT_STORAGE_URI": "memory://",
        "EMBEDDING_CACHE_DIR": str(model_cache_dir),
    }


@pytest.fixture
def bare_app(app_config: dict):
    """An app whose database has no tables (for the migration tests). The process's matchers
    are forgotten after it: the next test's PostgreSQL database has the same address but other
    experts and a change log that starts again."""
    app = create_app(app_config)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    forget_matchers()
    forget_product_matchers()


class FreshRequestClient(FlaskClient):
    """A test client whose every request starts with an empty `g`, as in production.

    The `app` fixture keeps an app context open for the test's own database work, and Flask
    reuses it for the client's requests, so `g` (Flask-Login's cached user) would otherwise
    carry over from one request to the next.
    """

    def open(self, *args, **kwargs):
        for name in list(vars(g)):
            delattr(g, name)
        return super().open(*args, **kwargs)


@pytest.fixture
def app(bare_app):
    """An app with the schema created and a context pushed."""
    bare_app.test_client_class = FreshRequestClient
    with bare_app.app_context():
        db.create_all()
        yield bare_app
        db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_party(app):
    """Add the Parties (from pycountry) once per test and return one of them."""
    from expert_pool.taxonomy.models import Party
    from expert_pool.taxonomy.services import ensure_parties

    def make(code: str = "KHM") -> Party:
        if db.session.get(Party, code) is None:
            ensure_parties()
            db.session.commit()
        return db.session.get(Party, code)

    return make


@pytest.fixture
def make_user(app, make_party):
    """Create a user with a role (and a Party for party users), committed."""
    from expert_pool.accounts.services import create_user

    def make(
        email: str = "staff1@example.org", role: str = "staff", party: str | None = None, **kw
    ):
        if role == "party":
            make_party(party or "KHM")
        user = create_user(
            email,
            role,
            password=PASSWORD,
            party_code=party or ("KHM" if role == "party" else None),
            **kw,
        )
        db.session.commit()
        return user

    return make
