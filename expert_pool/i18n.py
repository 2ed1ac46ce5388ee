"""The interface's languages: which ones are offered, which one this request is answered in, and
lists joined as that language joins them.

Who chose which language is the accounts' business (accounts/locales.py selects the language
of each request); names in the taxonomy are taxonomy/names.py's. The Chinese catalogue is
translations/zh/LC_MESSAGES/messages.po; the compiled .mo beside it is committed, and
`make translations` extracts, updates and compiles both (see the README).
"""

from collections.abc import Iterable

from babel.lists import format_list
from flask import Flask
from flask_babel import get_locale

# Each language's name in itself, as the switcher shows it.
LANGUAGES = {"en": "English", "zh": "中文"}
# The value of <html lang>: Simplified Chinese.
HTML_LANG = {"en": "en", "zh": "zh-Hans"}
SESSION_KEY = "locale"


def current_language() -> str:
    """The code of the language this request is answered in ("en" or "zh")."""
    locale = get_locale()
    return locale.language if locale is not None and locale.language in LANGUAGES else "en"


def list_text(items: Iterable[str]) -> str:
    """Names joined as the interface language joins a list ("a, b and c"; "a、b和c")."""
    items = [str(item) for item in items]
    return format_list(items, locale=current_language()) if items else ""


def _template_globals() -> dict:
    language = current_language()
    return {"languages": LANGUAGES, "current_language": language, "html_lang": HTML_LANG[language]}


def choose_language() -> None:
    """Settle the language of this request before any view runs: a message built later (say,
    the refusal of a move that lost a race) must not need the database to know it, since by
    then the session may wait for its rollback."""
    get_locale()


def register(app: Flask) -> None:
    """Choose each request's language at its start (after the access check has identified the
    user); give the templates the offered languages, the current one and list_text."""
    app.before_request(choose_language)
    app.context_processor(_template_globals)
    app.add_template_filter(list_text)
