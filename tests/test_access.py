"""Every registered route, for every role, answers as the access declaration says."""

import pytest
from werkzeug.routing import IntegerConverter

from expert_pool.accounts import access
from expert_pool.accounts.models import ROLES
from tests.conftest import PASSWORD

ROLES_AND_ANONYMOUS = (None, *ROLES)


def example_url(rule) -> str:
    """A concrete URL for a rule, with placeholder values for its arguments."""
    values = {}
    for name in rule.arguments:
        converter = rule._converters[name]
        values[name] = 1 if isinstance(converter, IntegerConverter) else "TSCC-2026-0001"
    if rule.endpoint.endswith("static"):
        values["filename"] = "app.css" if rule.endpoint == "static" else "css/bootstrap.min.css"
    return rule.build(values, append_unknown=False)[1]


def test_every_route_has_an_access_rule(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    missing = sorted(endpoints - set(access.RULES))
    assert missing == [], f"routes without an access rule: {missing}"
    stale = sorted(set(access.RULES) - endpoints)
    assert stale == [], f"access rules for routes that do not exist: {stale}"


@pytest.mark.parametrize("role", ROLES_AND_ANONYMOUS, ids=lambda r: r or "anonymous")
def test_each_route_answers_each_role_as_declared(app, client, make_user, role):
    headers = {}
    if role is not None:
        user = make_user(f"{role}@example.org", role=role)
        client.post("/login", data={"email": user.email, "password": PASSWORD})
        token = client.post(
            "/api/v1/tokens", json={"email": user.email, "password": PASSWORD}
        ).get_json()["token"]
        headers = {"Authorization": f"Bearer {token}"}
    checked = 0
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "accounts.logout":
            continue  # signing out would end the session the other checks use
        url = example_url(rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method, headers=headers)
            response.close()
            allowed = access.is_allowed(rule.endpoint, role)
            where = f"{method} {url} as {role or 'anonymous'}: {response.status_code}"
            if allowed:
                assert response.status_code not in (401, 403), where
                assert "/login?next" not in response.headers.get("Location", ""), where
            elif role is None and url.startswith("/api/"):
                assert response.status_code == 401, where
            elif role is None:
                assert response.status_code == 302, where
                assert "/login" in response.headers["Location"], where
            else:
                assert response.status_code == 403, where
            checked += 1
    assert checked >= len(access.RULES) - 1
