"""The base pages: home, sign-in, role navigation, error pages and CSRF."""

import pytest
from flask import Blueprint, abort

from expert_pool import create_app
from expert_pool.accounts import access
from expert_pool.accounts.services import create_user
from expert_pool.errors import handle_service_error
from expert_pool.exceptions import Conflict, ValidationError
from expert_pool.extensions import db
from expert_pool.taxonomy.services import ensure_parties
from tests.conftest import PASSWORD


def sign_in(client, email: str, password: str = PASSWORD):
    return client.post("/login", data={"email": email, "password": password})


def test_home_says_what_the_help_desk_offers(client, make_party):
    make_party()
    page = client.get("/").get_data(as_text=True)
    assert "Technical consultation" in page and "Capacity building" in page
    assert "Sign in to submit a request" in page
    assert "Cambodia" in page and "Nepal" in page
    assert "/bootstrap/static/" in page  # Bootstrap served locally, no CDN
    assert "cdn.jsdelivr.net" not in page


def test_sign_in_and_out(client, make_user):
    make_user("focal@example.org", role="party", party="PAK")
    response = sign_in(client, "focal@example.org")
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "focal@example.org" in page and "Sign out" in page
    assert client.post("/logout").status_code == 302
    assert "Sign out" not in client.get("/").get_data(as_text=True)


def test_a_wrong_password_is_a_form_error(client, make_user):
    make_user()
    response = sign_in(client, "staff1@example.org", "not the password")
    assert response.status_code == 200
    assert "Wrong email or password" in response.get_data(as_text=True)


def test_a_deactivated_account_cannot_sign_in(client, make_user):
    user = make_user()
    user.is_active = False
    db.session.commit()
    assert "Wrong email or password" in sign_in(client, user.email).get_data(as_text=True)


@pytest.mark.parametrize(
    "target", ["https://evil.example.com/", "//evil.example.com/", "/\\evil.example.com/"]
)
def test_sign_in_does_not_redirect_to_other_sites(client, make_user, target):
    make_user()
    response = client.post(
        "/login",
        query_string={"next": target},
        data={"email": "staff1@example.org", "password": PASSWORD},
    )
    assert response.headers["Location"] == "/work"  # the user's own work page instead


def test_sign_in_is_rate_limited_per_account(client, make_user, app):
    make_user()
    limit = int(app.config["LOGIN_RATE_LIMIT"].split()[0])
    codes = [sign_in(client, "staff1@example.org", "guess").status_code for _ in range(limit + 1)]
    assert codes[-1] == 429
    assert "Too many attempts" in sign_in(client, "staff1@example.org").get_data(as_text=True)


@pytest.mark.parametrize(
    ("role", "shown", "hidden"),
    [
        ("party", ["My requests"], ["Requests", "Users"]),
        ("expert", ["My profile"], ["My requests", "Requests", "Users"]),
        ("staff", ["Requests"], ["My requests", "Users"]),
        ("admin", ["Requests", "Users"], ["My requests"]),
    ],
)
def test_navigation_depends_on_the_role(app_config, role, shown, hidden):
    app = create_app(app_config)
    for endpoint in (
        "helpdesk.my_requests",
        "experts.edit_own_profile",
        "helpdesk.queue",
        "accounts.users",
    ):
        if endpoint not in app.view_functions:  # pages not built yet stand in as stubs
            app.add_url_rule(f"/{endpoint}", endpoint=endpoint, view_func=lambda: "a page")
    with app.app_context():
        db.create_all()
        ensure_parties()
        create_user(
            "someone@example.org",
            role,
            password=PASSWORD,
            party_code="KHM" if role == "party" else None,
        )
        db.session.commit()
        client = app.test_client()
        sign_in(client, "someone@example.org")
        page = client.get("/").get_data(as_text=True)
        db.session.remove()
        db.engine.dispose()
    labels = {"party": "Party focal point", "expert": "Expert", "staff": "Staff"}
    assert f">{labels.get(role, 'Administrator')}</span>" in page
    for label in shown:
        assert f">{label}</a>" in page
    for label in hidden:
        assert f">{label}</a>" not in page


@pytest.fixture
def app_with_failing_routes(app_config, monkeypatch):
    """The app plus routes that fail in each way, to see the error pages."""
    monkeypatch.setitem(access.RULES, "failing.boom", access.PUBLIC)
    monkeypatch.setitem(access.RULES, "api_boom", access.PUBLIC)
    app = create_app({**app_config, "PROPAGATE_EXCEPTIONS": False})
    failing = Blueprint("failing", __name__)

    @failing.route("/boom/<int:code>")
    def boom(code: int):
        if code == 500:
            raise RuntimeError("a bug")
        if code == 409:
            raise Conflict("TSCC-2026-0001 was changed by someone else")
        abort(code)

    app.register_blueprint(failing)
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.mark.parametrize(
    ("code", "words"),
    [
        (400, "could not be understood"),
        (403, "cannot open this page"),
        (404, "Page not found"),
        (409, "changed by someone else"),
        (500, "went wrong on our side"),
    ],
)
def test_error_pages_are_friendly(app_with_failing_routes, code, words):
    response = app_with_failing_routes.test_client().get(f"/boom/{code}")
    assert response.status_code == code
    page = response.get_data(as_text=True)
    assert words in page
    assert "Traceback" not in page and "RuntimeError" not in page
    assert 'href="/"' in page


def test_an_unknown_page_is_the_404_page(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404 and "Page not found" in response.get_data(as_text=True)


def test_a_server_error_under_the_api_is_json(app_with_failing_routes):
    app = app_with_failing_routes

    @app.route("/api/v1/boom")
    def api_boom():
        raise RuntimeError("a bug")

    response = app.test_client().get("/api/v1/boom")
    assert response.status_code == 500
    assert response.get_json()["error"]["code"] == "internal_server_error"
    assert "a bug" not in response.get_data(as_text=True)


def test_forms_need_a_csrf_token(app_config, make_party):
    app = create_app({**app_config, "WTF_CSRF_ENABLED": True})
    with app.app_context():
        db.create_all()
        client = app.test_client()
        response = client.post("/login", data={"email": "a@example.org", "password": "x"})
        assert response.status_code == 400
        assert "could not be understood" in response.get_data(as_text=True)
        page = client.get("/login").get_data(as_text=True)
        assert 'name="csrf_token"' in page
        db.session.remove()
        db.engine.dispose()


def test_session_cookie_is_http_only_and_same_site(client, make_user):
    make_user()
    response = sign_in(client, "staff1@example.org")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_refusal_with_nowhere_to_go_back_is_its_own_error_page(app, method):
    with app.test_request_context("/queue", method=method):
        page, status = handle_service_error(ValidationError("the period is not valid"))
    assert status == 422
    assert "Something in what was sent is not right" in page
