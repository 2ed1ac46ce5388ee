"""Bearer-token authentication for the API (roles are checked by expert_pool.access)."""

from flask import g, request

from ..accounts.models import User
from ..accounts.services import user_from_token
from ..exceptions import ServiceError


class Unauthorized(ServiceError):
    """No valid bearer token came with the call."""

    status = 401
    code = "unauthorized"


def current_api_user() -> User | None:
    """The user of the bearer token of this call, or None."""
    if "api_user" not in g:
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        g.api_user = user_from_token(token.strip()) if scheme.lower() == "bearer" else None
    return g.api_user
