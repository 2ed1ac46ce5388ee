"""Accounts: creating users, checking credentials and API tokens."""

import hashlib
import logging

from flask import current_app
from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import or_, select
from zxcvbn import zxcvbn

from ..audit.services import record_event
from ..database import utcnow
from ..emails import normalise_email
from ..exceptions import PermissionDenied, ServiceError, ValidationError
from ..experts.services import create_expert, get_expert_by_email
from ..extensions import db
from ..i18n import LANGUAGES
from ..notifications.services import external_url, notify
from ..pagination import paginate
from ..roles import ROLES, ensure_staff
from ..taxonomy.models import Party
from .models import User

logger = logging.getLogger(__name__)

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200
# zxcvbn's score (0 to 4) a password needs: 3 is "safely unguessable" to an attacker who
# throttles (our sign-in is rate-limited); common passwords and keyboard runs score 0 or 1.
MIN_PASSWORD_SCORE = 3


def password_problem(password: str, user: "User | None" = None) -> str | None:
    """Why a password is refused (too short, too long, common or easy to guess from the
    account), else None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return _("a password needs at least %(count)d characters", count=MIN_PASSWORD_LENGTH)
    if len(password) > MAX_PASSWORD_LENGTH:
        return _("a password has at most %(count)d characters", count=MAX_PASSWORD_LENGTH)
    inputs = [user.email, *user.email.split("@"), user.name] if user is not None else []
    if zxcvbn(password, user_inputs=[i for i in inputs if i])["score"] < MIN_PASSWORD_SCORE:
        return _(
            "this password is too common or too easy to guess: use a longer one, of a few"
            " uncommon words"
        )
    return None


def set_user_locale(user: User, locale: str, actor: User) -> User:
    """Remember a user's interface language; the caller commits."""
    if locale not in LANGUAGES:
        raise ValidationError.on("locale", _("This language is not offered."))
    if user.locale != locale:
        user.locale = locale
        record_event("user.locale_set", user, actor, note=locale)
    return user


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
        raise ValidationError.on("role", _("role must be one of %(roles)s", roles=", ".join(ROLES)))
    if role == "party" and not party_code:
        raise ValidationError.on("party", _("a Party focal point must represent a Party"))
    if get_user_by_email(email):
        raise ValidationError.on("email", _("%(email)s already has an account", email=email))
    user = User(email=email, role=role, name=name, party_code=party_code, expert_id=expert_id)
    if password is not None:
        if problem := password_problem(password, user):
            raise ValidationError.on("password", problem)
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
    # A new password, or a deactivation, invalidates the tokens and links issued before it.
    credentials = f"{user.password_hash or ''}:{user.credentials_version or 0}"
    return hashlib.sha256(credentials.encode()).hexdigest()[:16]


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


# Signed links sent by email: the salt keeps one kind of link from being used as another, and the
# setting names how long it lasts.
LINK_MAX_AGE = {"invitation": "INVITATION_MAX_AGE", "password-reset": "PASSWORD_RESET_MAX_AGE"}


def make_link_token(user: User, purpose: str) -> str:
    """A signed token for an emailed link; it stops working once the password changes."""
    serializer = URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose)
    return serializer.dumps({"uid": user.id, "pw": _password_fingerprint(user)})


def user_from_link_token(token: str, purpose: str) -> User | None:
    """The active user of a valid, unexpired and unused emailed link, or None."""
    serializer = URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose)
    max_age = current_app.config[LINK_MAX_AGE[purpose]]
    try:
        data = serializer.loads(token, max_age=max_age)
    except (BadSignature, SignatureExpired):
        return None
    if not isinstance(data, dict):
        return None
    user = db.session.get(User, data.get("uid")) if isinstance(data.get("uid"), int) else None
    if user is None or not user.is_active or data.get("pw") != _password_fingerprint(user):
        return None
    return user


def _ensure_admin(actor: User | None, user: User | None = None) -> None:
    if actor is None or actor.role != "admin":
        raise PermissionDenied(_("only an administrator can do this"))
    if user is not None and user.id == actor.id:
        # Not a 403: the admin may do this to others; it is refused so nobody locks themself out.
        raise ServiceError(_("you cannot change your own account here: ask another admin"))


def _check_party(party_code: str | None) -> str:
    code = (party_code or "").strip().upper()
    if not code or db.session.get(Party, code) is None:
        raise ValidationError.on("party", _("choose the Party this focal point represents"))
    return code


def invite_user(
    email: str,
    role: str,
    actor: User,
    *,
    name: str = "",
    party_code: str | None = None,
    country: str | None = None,
) -> User:
    """Create an account without a password and email a link to set one. An invited expert is
    linked to the profile with the same email, or gets a new pending profile (name, country)."""
    ensure_staff(actor)
    if role == "admin" and actor.role != "admin":
        raise PermissionDenied(_("only an administrator can invite an administrator"))
    if role == "party":
        party_code = _check_party(party_code)
    expert_id = None
    if role == "expert":
        email = normalise_email(email)
        expert = get_expert_by_email(email)
        if expert is None:
            expert = create_expert({"email": email, "name": name, "country": country}, actor)
            db.session.flush()
        elif db.session.scalar(select(User.id).where(User.expert_id == expert.id)):
            raise ValidationError.on(
                "email", _("the profile of %(email)s has an account already", email=email)
            )
        expert_id = expert.id
        name = name or expert.name
    user = create_user(
        email,
        role,
        name=name.strip(),
        party_code=party_code if role == "party" else None,
        expert_id=expert_id,
    )
    record_event("user.invited", user, actor, note=role)
    send_invitation(user, actor)
    return user


def send_invitation(user: User, actor: User) -> None:
    """Queue (again) the invitation email of an account that has no password yet."""
    ensure_staff(actor)
    if user.password_hash:
        raise ServiceError(
            _("%(email)s has set a password already: no invitation needed", email=user.email)
        )
    if not user.is_active:
        raise ServiceError(
            _("%(email)s is deactivated: reactivate the account first", email=user.email)
        )
    notify(
        "account_invitation",
        [user.email],
        in_app=False,
        user=user,
        inviter=actor,
        days=current_app.config["INVITATION_MAX_AGE"] // 86400,
        link=external_url("accounts.accept_invitation", token=make_link_token(user, "invitation")),
    )
    logger.info("invitation for %s queued by %s", user.email, actor.email)


def request_password_reset(email: str) -> None:
    """Email a password-reset link to an active account; silent about unknown addresses, so
    the answer does not tell who has an account."""
    user = get_user_by_email(email or "")
    if user is None or not user.is_active:
        logger.info("password reset asked for unknown or inactive %s", email)
        return
    notify(
        "password_reset",
        [user.email],
        in_app=False,
        user=user,
        minutes=current_app.config["PASSWORD_RESET_MAX_AGE"] // 60,
        link=external_url("accounts.reset_password", token=make_link_token(user, "password-reset")),
    )
    record_event("user.password_reset_requested", user, None)


def set_password_with_token(token: str, purpose: str, password: str) -> User:
    """Set the password of the account an emailed link was made for; the link is then used."""
    user = user_from_link_token(token, purpose)
    if user is None:
        raise ServiceError(_("this link is invalid, expired or already used: ask for a new one"))
    if problem := password_problem(password or "", user):
        raise ValidationError.on("password", problem)
    user.set_password(password)
    record_event("user.password_set", user, user, note=purpose)
    logger.info("%s set a password (%s)", user.email, purpose)
    return user


def change_role(user: User, role: str, actor: User, party_code: str | None = None) -> User:
    """Give a user another role (an admin's decision); a focal point needs a Party, an expert
    a profile."""
    _ensure_admin(actor, user)
    if role not in ROLES:
        raise ValidationError.on("role", _("role must be one of %(roles)s", roles=", ".join(ROLES)))
    before = (user.role, user.party_code)
    if role == "party":
        user.party_code = _check_party(party_code)
    else:
        user.party_code = None
    if role == "expert" and user.expert_id is None:
        expert = get_expert_by_email(user.email)
        taken = expert and db.session.scalar(select(User.id).where(User.expert_id == expert.id))
        if expert is None or taken:
            raise ValidationError.on(
                "role",
                _(
                    "no free expert profile has the address %(email)s: import or create the "
                    "profile first",
                    email=user.email,
                ),
            )
        user.expert_id = expert.id
    user.role = role
    if (user.role, user.party_code) != before:
        record_event(
            "user.role_changed",
            user,
            actor,
            from_state=before[0],
            to_state=role,
            note=user.party_code or "",
        )
        logger.info("%s is now %s (by %s)", user.email, role, actor.email)
    return user


def set_user_active(user: User, active: bool, actor: User) -> User:
    """Deactivate (or reactivate) an account: a deactivated user cannot sign in or use a
    token."""
    _ensure_admin(actor, user)
    if user.is_active != active:
        user.is_active = active
        if not active:
            user.credentials_version = (user.credentials_version or 0) + 1
        record_event("user.reactivated" if active else "user.deactivated", user, actor)
        logger.info("%s %s by %s", user.email, "reactivated" if active else "deactivated", actor)
    return user


def list_users(
    *, q: str = "", role: str = "", page: int = 1, per_page: int | None = None
) -> Pagination:
    """Users by email, filtered by a text (email or name) and a role, one page of them."""
    query = select(User).order_by(User.email)
    if q.strip():
        pattern = f"%{q.strip()}%"
        query = query.where(or_(User.email.ilike(pattern), User.name.ilike(pattern)))
    if role in ROLES:
        query = query.where(User.role == role)
    return paginate(query, page, per_page)


def list_invited_users(limit: int = 50) -> list[User]:
    """Active accounts still waiting for their owner to choose a password, newest first."""
    query = (
        select(User)
        .where(User.password_hash.is_(None), User.is_active.is_(True))
        .order_by(User.created_at.desc(), User.id.desc())
        .limit(limit)
    )
    return list(db.session.scalars(query))
