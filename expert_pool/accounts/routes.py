"""Signing in and out, invitations, password resets and the admin's user list."""

import logging
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import refresh
from flask_login import current_user, login_required, login_user, logout_user

from ..exceptions import ServiceError
from ..extensions import db, limiter, login_manager
from ..forms import ask_confirmation, is_confirmed, show_service_error
from ..i18n import LANGUAGES, SESSION_KEY
from ..roles import ROLES
from ..routing import id_from
from .forms import (
    ROLE_LABELS,
    ForgotPasswordForm,
    InviteForm,
    LoginForm,
    SetPasswordForm,
    UserRoleForm,
)
from .models import User
from .services import (
    authenticate,
    change_role,
    invite_user,
    list_invited_users,
    list_users,
    request_password_reset,
    send_invitation,
    set_password_with_token,
    set_user_active,
    set_user_locale,
    user_from_link_token,
)

bp = Blueprint("accounts", __name__, template_folder="templates")
logger = logging.getLogger(__name__)

login_manager.login_view = "accounts.login"
login_manager.login_message_category = "warning"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The user of a session cookie, if the account still exists, is active and was not
    deactivated since the cookie was made."""
    number, _dash, version = user_id.partition("-")
    user_number = id_from(number)
    user = db.session.get(User, user_number) if user_number is not None else None
    if user is None or not user.is_active or version != str(user.credentials_version):
        return None
    return user


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _login_key() -> str:
    # Per account as well as per address: a password-guessing run on one account is slowed
    # whichever address it comes from.
    return (request.form.get("email") or "").strip().lower() or "-"


def _safe_next(target: str | None, default: str = "/") -> str:
    """A path of this site to go on to, or `default` (never another site's address)."""
    if target and target.startswith("/") and not urlsplit(target).netloc and "\\" not in target:
        return target
    return default


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(_login_limit, methods=["POST"], key_func=_login_key)
def login():
    """The sign-in page."""
    if current_user.is_authenticated:
        return redirect(url_for("helpdesk.work"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(
                _("Wrong email or password, or the account is deactivated.")
            )
        else:
            db.session.commit()
            login_user(user, remember=form.remember.data)
            logger.info("%s signed in", user.email)
            flash(_("Welcome, %(name)s.", name=user.name or user.email), "success")
            return redirect(_safe_next(request.args.get("next"), url_for("helpdesk.work")))
    return render_template("accounts/login.html", form=form)


@bp.route("/users/invite", methods=["GET", "POST"])
def invite():
    """Staff invite someone by email: a focal point, an expert or a colleague."""
    form = InviteForm()
    if form.validate_on_submit():
        try:
            user = invite_user(
                form.email.data,
                form.role.data,
                current_user,
                name=form.name.data or "",
                party_code=form.party.data or None,
                country=form.country.data or None,
            )
        except ServiceError as error:
            show_service_error(form, error, {"party_code": "party"})
        else:
            db.session.commit()
            flash(_("Invitation sent to %(email)s.", email=user.email), "success")
            return redirect(url_for("accounts.invite"))
    return render_template("accounts/invite.html", form=form, waiting=list_invited_users())


def _set_password_page(purpose: str, token: str, title: str):
    """The page behind an emailed link: choose a password, then sign in."""
    user = user_from_link_token(token, purpose)
    if user is None:
        flash(_("This link is invalid, expired or already used. Ask for a new one."), "warning")
        return redirect(url_for("accounts.forgot_password"))
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            set_password_with_token(token, purpose, form.password.data)
        except ServiceError as error:
            show_service_error(form, error)
        else:
            db.session.commit()
            flash(_("Your password is set. Sign in with it now."), "success")
            return redirect(url_for("accounts.login"))
    return render_template("accounts/set_password.html", form=form, user=user, title=title)


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    """Follow an invitation: choose a password."""
    return _set_password_page("invitation", token, _("Welcome: choose your password"))


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Follow a password-reset link: choose a new password."""
    return _set_password_page("password-reset", token, _("Choose a new password"))


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(_login_limit, methods=["POST"], key_func=_login_key)
def forgot_password():
    """Ask for a password-reset link by email."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        request_password_reset(form.email.data)
        db.session.commit()
        flash(
            _("If an active account has that address, a link to reset its password is on its way."),
            "info",
        )
        return redirect(url_for("accounts.login"))
    return render_template("accounts/forgot_password.html", form=form)


@bp.route("/users")
def users():
    """The admin's list of users, with filters."""
    page = request.args.get("page", 1, type=int)
    q = request.args.get("q", "")
    role = request.args.get("role", "")
    pagination = list_users(q=q, role=role, page=page)
    return render_template(
        "accounts/users.html", pagination=pagination, q=q, role=role, roles=ROLES
    )


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def edit_user(user_id: int):
    """An admin changes a user's role (and Party), or deactivates the account."""
    user = db.get_or_404(User, user_id)
    form = UserRoleForm(obj=None if request.method == "POST" else user)
    if request.method == "GET":
        form.party.data = user.party_code or ""
    if form.validate_on_submit():
        try:
            change_role(user, form.role.data, current_user, party_code=form.party.data or None)
        except ServiceError as error:
            show_service_error(form, error)
        else:
            db.session.commit()
            flash(
                _("%(email)s is now %(role)s.", email=user.email, role=ROLE_LABELS[user.role]),
                "success",
            )
            return redirect(url_for("accounts.edit_user", user_id=user.id))
    return render_template("accounts/user_edit.html", form=form, user=user)


@bp.route("/users/<int:user_id>/active", methods=["POST"])
def set_active(user_id: int):
    """An admin deactivates or reactivates an account."""
    user = db.get_or_404(User, user_id)
    active = request.form.get("active") == "1"
    if not active and user.is_active and not is_confirmed():
        return ask_confirmation(
            _("Deactivate the account of %(email)s?", email=user.email),
            _(
                "They can no longer sign in or use an API token until an admin reactivates "
                "the account."
            ),
            _("Yes, deactivate the account"),
            url_for("accounts.edit_user", user_id=user.id),
        )
    set_user_active(user, active, current_user)
    db.session.commit()
    if active:
        flash(_("%(email)s is active again.", email=user.email), "success")
    else:
        flash(_("%(email)s is deactivated.", email=user.email), "success")
    return redirect(url_for("accounts.edit_user", user_id=user.id))


@bp.route("/users/<int:user_id>/invitation", methods=["POST"])
def resend_invitation(user_id: int):
    """Staff send a new invitation link to someone who has not set a password yet."""
    user = db.get_or_404(User, user_id)
    send_invitation(user, current_user)
    db.session.commit()
    flash(_("A new invitation is on its way to %(email)s.", email=user.email), "success")
    return redirect(url_for("accounts.invite"))


@bp.route("/language", methods=["POST"])
def set_language():
    """Switch the interface language, for the session and (when signed in) for the user."""
    locale = request.form.get("locale", "")
    if locale not in LANGUAGES:
        abort(400)
    session[SESSION_KEY] = locale
    if current_user.is_authenticated:
        set_user_locale(current_user, locale, current_user)
        db.session.commit()
    # The language was chosen when this request began; the confirmation speaks the new one.
    refresh()
    flash(_("The interface is now in %(language)s.", language=LANGUAGES[locale]), "success")
    return redirect(_safe_next(request.form.get("next")))


@bp.app_context_processor
def role_labels() -> dict:
    """What each account role is called on the pages."""
    return {"role_labels": ROLE_LABELS}


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Sign out (a POST with a CSRF token, so no other site can sign a user out)."""
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("helpdesk.home"))
