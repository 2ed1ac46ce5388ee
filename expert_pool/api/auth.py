"""Bearer-token authentication and role checks for the API."""

from collections.abc import Callable
from functools import wraps

from flask import g, request

from ..accounts.models import User
from ..accounts.services import user_from_token
from ..exceptions import PermissionDenied, ServiceError


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


def token_required(*roles: str) -> Callable:
    """Refuse calls without a valid token (401) or, when roles are named, from other roles (403)."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(*args, **kwargs):
            user = current_api_user()
            if user is None:
                raise Unauthorized("send a valid token: Authorization: Bearer <token>")
            if roles and user.role not in roles:
                raise PermissionDenied(f"this needs the role {' or '.join(roles)}")
            return view(*args, **kwargs)

        return wrapped

    return decorator
