"""Who may open which page or API route, declared in one place and checked before every view.

Each endpoint names the roles allowed, or PUBLIC. An endpoint missing from RULES is refused to
everyone (and a test fails), so a new route cannot go out without a rule. Ownership (a Party's own
requests, an expert's own profile) is checked by the services, which know the objects.
"""

import logging

from flask import Flask, abort, redirect, request, url_for
from flask_login import current_user

from .accounts.models import ROLES, STAFF_ROLES, User
from .api.auth import Unauthorized, current_api_user

logger = logging.getLogger(__name__)

PUBLIC = "public"
ANY_USER = ROLES
STAFF = STAFF_ROLES
ADMIN = ("admin",)

RULES: dict[str, str | tuple[str, ...]] = {
    "static": PUBLIC,
    "bootstrap.static": PUBLIC,
    "helpdesk.home": PUBLIC,
    "accounts.login": PUBLIC,
    "accounts.logout": ANY_USER,
    "api-docs.openapi_json": PUBLIC,
    "api.Tokens": PUBLIC,
    "api.me": ANY_USER,
    "api.tags": PUBLIC,
    "api.targets": PUBLIC,
    "api.parties": PUBLIC,
}


def acting_user() -> User | None:
    """The signed-in user: by bearer token under /api/, by session cookie elsewhere."""
    if request.path.startswith("/api/"):
        return current_api_user()
    return current_user if current_user.is_authenticated else None


def is_allowed(endpoint: str, role: str | None) -> bool:
    """Whether a role (None: anonymous) may use an endpoint, by the declaration."""
    rule = RULES.get(endpoint)
    if rule is None:
        return False
    return rule == PUBLIC or (role is not None and role in rule)


def check_access():
    """Before every request: refuse what the declaration does not allow."""
    endpoint = request.endpoint
    if endpoint is None:  # no such route: the 404/405 handlers answer
        return None
    if endpoint not in RULES:
        logger.error("no access rule for endpoint %s: refused", endpoint)
        abort(403)
    if RULES[endpoint] == PUBLIC:
        return None
    user = acting_user()
    if user is None:
        if request.path.startswith("/api/"):
            raise Unauthorized("send a valid token: Authorization: Bearer <token>")
        return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
    if not is_allowed(endpoint, user.role):
        abort(403)
    return None


def register(app: Flask) -> None:
    """Check every request against the declaration."""
    app.before_request(check_access)
