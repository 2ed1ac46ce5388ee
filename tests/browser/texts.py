"""The interface's texts in a test's language, looked up through the app's own gettext and label
tables, so that a journey clicks the same words in English and in Chinese (and never hard-codes
a translation that the catalogue may still change)."""

import re

from flask import Flask
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from expert_pool.extensions import db
from expert_pool.helpdesk.workflow import STATE_LABELS
from expert_pool.taxonomy.models import Tag
from expert_pool.taxonomy.names import country_name, language_name, tag_label

# The interface languages the journeys run in, and the language each one's browser prefers.
LANGS = ("en", "zh")
BROWSER_LOCALES = {"en": "en-GB", "zh": "zh-CN"}


def t(app: Flask, lang: str, text, **variables) -> str:
    """`text` (a msgid, or a lazy string of a label table) as the app says it in `lang`."""
    with app.app_context(), force_locale(lang):
        return _(text, **variables) if isinstance(text, str) else str(text)


def pattern(app: Flask, lang: str, text: str, *names: str) -> re.Pattern:
    """`text` in `lang` as a pattern in which each named placeholder matches any text."""
    any_text = "PLACEHOLDER"
    said = re.escape(t(app, lang, text, **dict.fromkeys(names, any_text)))
    return re.compile(said.replace(any_text, ".+"))


def state(app: Flask, lang: str, name: str) -> str:
    """A request's or an invitation's status badge in `lang`."""
    return t(app, lang, STATE_LABELS[name])


def language(app: Flask, lang: str, code: str) -> str:
    """An ISO 639-1 language's name as the forms show it in `lang`."""
    with app.app_context(), force_locale(lang):
        return language_name(code)


def country(app: Flask, lang: str, code: str) -> str:
    """A Party's name as the pages and reports give it in `lang`."""
    with app.app_context(), force_locale(lang):
        return country_name(code)


def tag(app: Flask, lang: str, name: str) -> str:
    """A tag of the taxonomy as the pages show it in `lang` (a Chinese alias in Chinese)."""
    with app.app_context(), force_locale(lang):
        return tag_label(db.session.scalar(select(Tag).where(Tag.name == name)))
