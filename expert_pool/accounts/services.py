"""Accounts: creating users, checking credentials and API tokens."""

import hashlib
import logging

from email_validator import EmailNotValidError, validate_email
from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select

from ..database import utcnow
from ..exceptions import ValidationError
from ..extensions import db
from .models import ROLES, User

logger = logging.getLogger(__name__)

MIN_PASSWORD_LENGTH = 10


def normalise_email(email: str, field: str = "email") -> str:
    """A syntactically valid, lower-case email address, or a ValidationError on `field`."""
    try:
        return validate_email(email.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise ValidationError.on(field, str(error)) from error


def get_user_by_email(email: str) -> User | None:
    """The user with this email address, if any."""
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


def create_user(
    email: str,
    role: str,
    *,
    name: str = "",
    password: str | None = None,
    party_code: str | None = None,
    expert_id: int | None = None,
) -> User:
    """Add a user; a party user must name their Party. The caller commits."""
    email = normalise_email(email)
    if role not in ROLES:
        raise ValidationError.on("role", f"role must be one of {', '.join(ROLES)}")
    if role == "party" and not party_code:
        raise ValidationError.on("party", "a Party focal point must represent a Party")
    if get_user_by_email(email):
        raise ValidationError.on("email", f"{email} already has an account")
    user = User(email=email, role=role, name=name, party_code=party_code, expert_id=expert_id)
    if password is not None:
        if len(password) < MIN_PASSWORD_LENGTH:
            raise ValidationError.on(
                "password", f"a password needs at least {MIN_PASSWORD_LENGTH} characters"
            )
        user.set_password(password)
    db.session.add(user)
    db.session.flush()
    logger.info("created user %s (%s)", user.email, role)
    return user


def authenticate(email: str, password: str) -> User | None:
    """The active user with these credentials, or None (the same answer for every failure)."""
    user = get_user_by_email(email or "")
    if user is None or not user.is_active or not user.check_password(password or ""):
        return None
    user.last_login_at = utcnow()
    return user


def _token_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="api-token")


def _password_fingerprint(user: User) -> str:
    # A new password invalidates the tokens issued before it.
    return hashlib.sha256((user.password_hash or "").encode()).hexdigest()[:16]


def issue_token(user: User) -> str:
    """A signed, expiring API token for the user."""
    return _token_serializer().dumps({"uid": user.id, "pw": _password_fingerprint(user)})


def user_from_token(token: str) -> User | None:
    """The active user a valid, unexpired token was issued to, or None."""
    try:
        data = _token_serializer().loads(token, max_age=current_app.config["API_TOKEN_MAX_AGE"])
    except (BadSignature, SignatureExpired):
        return None
    if not isinstance(data, dict):
        return None
    user = db.session.get(User, data.get("uid"))
    if user is None or not user.is_active or data.get("pw") != _password_fingerprint(user):
        return None
    return user
