"""The interface's languages: which one a request is answered in, the switcher that changes it,
and the taxonomy's names in the chosen language.

The language is the signed-in user's choice (User.locale), else the visitor's choice kept in the
session, else the browser's Accept-Language, else English. The Chinese catalogue is
translations/zh/LC_MESSAGES/messages.po; the compiled .mo beside it is committed, and
`make translations` extracts, updates and compiles both (see the README).
"""

import gettext
import logging
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING

import pycountry
from babel.lists import format_list
from flask import Blueprint, Flask, abort, flash, has_request_context, redirect, request, session
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from .audit.services import record_event
from .exceptions import ValidationError
from .extensions import db
from .taxonomy import vocabulary
from .taxonomy.vocabulary import category_label, thematic_area_label

if TYPE_CHECKING:
    from .accounts.models import User
    from .taxonomy.models import Party, Tag, Target

logger = logging.getLogger(__name__)

# Each language's name in itself, as the switcher shows it.
LANGUAGES = {"en": "English", "zh": "中文"}
# The value of <html lang>: Simplified Chinese.
HTML_LANG = {"en": "en", "zh": "zh-Hans"}
SESSION_KEY = "locale"
# pycountry's catalogues of country and language names, by interface language.
PYCOUNTRY_LOCALES = {"zh": "zh_CN"}
# Where pycountry's Chinese names are not those used in China and at the United Nations.
COUNTRY_NAMES = {
    "zh": {
        "ARE": "阿拉伯联合酋长国",
        "BGD": "孟加拉国",
        "BOL": "玻利维亚",
        "GTM": "危地马拉",
        "HKG": "中国香港",
        "KGZ": "吉尔吉斯斯坦",
        "KHM": "柬埔寨",
        "MAC": "中国澳门",
        "MLT": "马耳他",
        "MNG": "蒙古国",
        "PYF": "法属波利尼西亚",
        "SGS": "南乔治亚和南桑威奇群岛",
        "TWN": "中国台湾",
    }
}
LANGUAGE_NAMES = {
    "zh": {
        "aa": "阿法尔语",
        "dv": "迪维希语",
        "gd": "苏格兰盖尔语",
        "lo": "老挝语",
        "ny": "齐切瓦语",
    }
}

bp = Blueprint("i18n", __name__)


def select_locale() -> str:
    """The language of this request: the user's choice, the session's, then the browser's
    (for the API: the Accept-Language header, then the token user's choice)."""
    if not has_request_context():
        return "en"
    if request.path.startswith("/api/"):
        return _api_locale()
    if current_user and current_user.is_authenticated and current_user.locale in LANGUAGES:
        return current_user.locale
    if session.get(SESSION_KEY) in LANGUAGES:
        return session[SESSION_KEY]
    return request.accept_languages.best_match(LANGUAGES, default="en")


def _api_locale() -> str:
    # A program says which language it wants with Accept-Language; without it, the token
    # user's choice holds, else English.
    from .api.auth import current_api_user

    if request.headers.get("Accept-Language"):
        return request.accept_languages.best_match(LANGUAGES, default="en")
    user = current_api_user()
    return user.locale if user is not None and user.locale in LANGUAGES else "en"


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


@cache
def _pycountry_catalogue(domain: str, language: str) -> gettext.NullTranslations:
    return gettext.translation(
        domain, pycountry.LOCALES_DIR, languages=[PYCOUNTRY_LOCALES[language]], fallback=True
    )


@cache
def _translated_country(code: str, language: str) -> str | None:
    if code in COUNTRY_NAMES.get(language, {}):
        return COUNTRY_NAMES[language][code]
    english = vocabulary.country_name(code)
    if english is None or language not in PYCOUNTRY_LOCALES:
        return None
    return _pycountry_catalogue("iso3166-1", language).gettext(english)


@cache
def _translated_language(code: str, language: str) -> str | None:
    if code in LANGUAGE_NAMES.get(language, {}):
        return LANGUAGE_NAMES[language][code]
    found = pycountry.languages.get(alpha_2=code)
    if found is None or language not in PYCOUNTRY_LOCALES:
        return None
    # The catalogue lists synonyms ("中文; 汉语; 华语") and notes ("尼泊尔语 (宏语言)").
    name = _pycountry_catalogue("iso639-3", language).gettext(found.name)
    return name.split(";")[0].split(" (")[0].strip()


def country_name(party: "Party | str | None") -> str:
    """A Party's name (a Party or its ISO 3166-1 alpha-3 code) in the interface language."""
    if party is None:
        return ""
    code = (party if isinstance(party, str) else party.code).upper()
    language = current_language()
    if language != "en":
        translated = _translated_country(code, language)
        if translated:
            return translated
    if isinstance(party, str):
        return vocabulary.country_name(code) or party
    return party.name


def language_name(code: str) -> str:
    """An ISO 639-1 language's name in the interface language (the code when it is not one)."""
    english = vocabulary.language_name(code)
    if english is None:
        return code
    language = current_language()
    if language != "en":
        return _translated_language(code.lower(), language) or english
    return english


def list_text(items: Iterable[str]) -> str:
    """Names joined as the interface language joins a list ("a, b and c"; "a、b和c")."""
    items = [str(item) for item in items]
    return format_list(items, locale=current_language()) if items else ""


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
    app.add_template_filter(country_name)
    app.add_template_filter(language_name)
    app.add_template_filter(list_text)
    app.add_template_filter(category_label)
    app.add_template_filter(thematic_area_label)
