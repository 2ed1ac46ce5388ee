"""Signing in and out."""

import logging
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import db, limiter, login_manager
from .forms import LoginForm
from .models import User
from .services import authenticate

bp = Blueprint("accounts", __name__, template_folder="templates")
logger = logging.getLogger(__name__)

login_manager.login_view = "accounts.login"
login_manager.login_message_category = "warning"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """The user of a session cookie, if the account still exists."""
    return db.session.get(User, int(user_id))


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _login_key() -> str:
    # Per account as well as per address: a password-guessing run on one account is slowed
    # whichever address it comes from.
    return (request.form.get("email") or "").strip().lower() or "-"


def _safe_next(target: str | None) -> str:
    if target and not urlsplit(target).netloc and target.startswith("/"):
        return target
    return url_for("helpdesk.home")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"])
@limiter.limit(_login_limit, methods=["POST"], key_func=_login_key)
def login():
    """The sign-in page."""
    if current_user.is_authenticated:
        return redirect(url_for("helpdesk.home"))
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append("Wrong email or password, or the account is deactivated.")
        else:
            db.session.commit()
            login_user(user, remember=form.remember.data)
            logger.info("%s signed in", user.email)
            flash(f"Welcome, {user.name or user.email}.", "success")
            return redirect(_safe_next(request.args.get("next")))
    return render_template("accounts/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Sign out (a POST with a CSRF token, so no other site can sign a user out)."""
    logout_user()
    flash("You are signed out.", "info")
    return redirect(url_for("helpdesk.home"))
