"""The interface's languages: which one a request is answered in, the switcher that changes it,
and the taxonomy's names in the chosen language.

The language is the signed-in user's choice (User.locale), else the visitor's choice kept in the
session, else the browser's Accept-Language, else English. The Chinese catalogue is
translations/zh/LC_MESSAGES/messages.po; the compiled .mo beside it is committed, and
`make translations` extracts, updates and compiles both (see the README).
"""

import logging
from typing import TYPE_CHECKING

from flask import Blueprint, Flask, abort, flash, has_request_context, redirect, request, session
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from .audit.services import record_event
from .exceptions import ValidationError
from .extensions import db

if TYPE_CHECKING:
    from .accounts.models import User
    from .taxonomy.models import Tag, Target

logger = logging.getLogger(__name__)

# Each language's name in itself, as the switcher shows it.
LANGUAGES = {"en": "English", "zh": "中文"}
# The value of <html lang>: Simplified Chinese.
HTML_LANG = {"en": "en", "zh": "zh-Hans"}
SESSION_KEY = "locale"

bp = Blueprint("i18n", __name__)


def select_locale() -> str:
    """The language of this request: the user's choice, the session's, then the browser's."""
    if not has_request_context():
        return "en"
    if current_user and current_user.is_authenticated and current_user.locale in LANGUAGES:
        return current_user.locale
    if session.get(SESSION_KEY) in LANGUAGES:
        return session[SESSION_KEY]
    return request.accept_languages.best_match(LANGUAGES, default="en")


def current_language() -> str:
    """The code of the language this request is answered in ("en" or "zh")."""
    locale = get_locale()
    return locale.language if locale is not None and locale.language in LANGUAGES else "en"


def set_user_locale(user: "User", locale: str, actor: "User") -> "User":
    """Remember a user's interface language; the caller commits."""
    if locale not in LANGUAGES:
        raise ValidationError.on("locale", _("This language is not offered."))
    if user.locale != locale:
        user.locale = locale
        record_event("user.locale_set", user, actor, note=locale)
    return user


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/"


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
    flash(_("The interface is now in %(language)s.", language=LANGUAGES[locale]), "success")
    return redirect(_safe_next(request.form.get("next")))


def tag_label(tag: "Tag | str") -> str:
    """A tag's name in the interface language: its first Chinese alias in Chinese, if any."""
    if isinstance(tag, str) or current_language() != "zh":
        return tag if isinstance(tag, str) else tag.name
    aliases = tag.aliases_in("zh")
    return aliases[0] if aliases else tag.name


def target_title(target: "Target") -> str:
    """A KMGBF target's title in the interface language, when the taxonomy has it."""
    if current_language() == "zh" and target.title_zh:
        return target.title_zh
    return target.title


def _template_globals() -> dict:
    from .accounts.forms import ROLE_CHOICES

    language = current_language()
    return {
        "languages": LANGUAGES,
        "current_language": language,
        "html_lang": HTML_LANG[language],
        "role_labels": {choice.value: choice.label for choice in ROLE_CHOICES},
    }


def register(app: Flask) -> None:
    """Add the language switcher's route and the templates' language helpers."""
    app.register_blueprint(bp)
    app.context_processor(_template_globals)
    app.add_template_filter(tag_label)
    app.add_template_filter(target_title)
