"""Bearer-token authentication for the API (roles are checked by expert_pool.access)."""

from flask import request

from ..accounts.models import User
from ..accounts.services import user_from_token
from ..exceptions import ServiceError


class Unauthorized(ServiceError):
    """No valid bearer token came with the call."""

    status = 401
    code = "unauthorized"


def current_api_user() -> User | None:
    """The user of the bearer token of this call, or None (worked out once per call)."""
    if "expert_pool.api_user" not in request.environ:
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        user = user_from_token(token.strip()) if scheme.lower() == "bearer" else None
        request.environ["expert_pool.api_user"] = user
    return request.environ["expert_pool.api_user"]
