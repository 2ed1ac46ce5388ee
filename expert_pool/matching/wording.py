"""The matching engine's reasons and score parts, and the candidates' availability, in the
interface language.

The engine says its reasons in English (`str(reason)`); here the same sentences go through the
catalogue, language codes become language names, and lists are joined as the language joins them.
"""

from typing import Any

from babel.lists import format_list
from babel.numbers import format_decimal
from flask import current_app
from flask_babel import get_locale, gettext
from flask_babel import lazy_gettext as _l

from ..experts.forms import AVAILABILITY_LABELS
from ..taxonomy.names import language_name, tag_label
from .engine import Reason
from .engine.reasons import WORDING

# The parts of a score, by the engine's name for them.
COMPONENT_LABELS = {
    "embedding": _l("meaning"),
    "cosine": _l("cosine"),
    "fuzzy": _l("tags"),
}
# How well a match fits, in words, by the score's level (see `fit_level`).
FIT_LABELS = {
    "strong": _l("strong fit"),
    "good": _l("good fit"),
    "weak": _l("weak fit"),
}
# The scripts the engine tells apart (`engine.language`) that no channel reads.
SCRIPT_LABELS = {
    "khmer": _l("Khmer"),
    "devanagari": _l("Devanagari (Nepali, Hindi)"),
    "urdu": _l("Urdu"),
    "bengali": _l("Bengali"),
    "tibetan": _l("Tibetan"),
    "myanmar": _l("Myanmar"),
    "lao": _l("Lao"),
    "sinhala": _l("Sinhala"),
    "tamil": _l("Tamil"),
}
# The values of a reason that hold ISO 639-1 language codes.
LANGUAGE_VALUES = frozenset(["languages", "speaks", "wanted"])
# The values of a reason that hold tag names (or a request's terms, which may be tag names).
TAG_VALUES = frozenset(["query", "matched", "tag", "tags"])


def _shown(value: Any) -> str:
    locale = get_locale() or "en"
    if isinstance(value, float):
        return format_decimal(value, format="0.00", locale=locale)
    if isinstance(value, tuple):
        return format_list([_shown(item) for item in value], locale=locale)
    return str(value)


def reason_text(reason: Reason) -> str:
    """One reason of the matcher, said in the interface language."""
    values = {}
    for key, value in reason.args:
        if key in LANGUAGE_VALUES:
            value = tuple(language_name(code) for code in value)
        elif key in TAG_VALUES:
            value = tuple(map(tag_label, value)) if isinstance(value, tuple) else tag_label(value)
        elif key == "script" and value in SCRIPT_LABELS:
            value = str(SCRIPT_LABELS[value])
        values[key] = _shown(value)
    code = reason.code
    raw = dict(reason.args)
    if code == "tag_alias" and values["matched"] == values["tag"] != raw["tag"]:
        # In the reader's language the alias is the tag's own label: say it as the tag.
        code = "tag_exact"
    return gettext(WORDING[code], **values)


def component_label(name: str) -> str:
    """The name of a part of the score (embedding, fuzzy ...) in the interface language."""
    label = COMPONENT_LABELS.get(name)
    return str(label) if label is not None else name


def availability_label(availability: str) -> str:
    """An expert's availability (available, limited, unavailable) in the interface language."""
    label = AVAILABILITY_LABELS.get(availability)
    return str(label) if label is not None else availability


def fit_level(score: float) -> str:
    """How well a match fits: "strong", "good" or "weak", by the thresholds of the settings
    (MATCH_STRONG_SCORE, MATCH_WEAK_SCORE: the coverage gaps' threshold too)."""
    config = current_app.config
    if score >= float(config["MATCH_STRONG_SCORE"]):
        return "strong"
    return "good" if score >= float(config["MATCH_WEAK_SCORE"]) else "weak"


def fit_label(score: float) -> str:
    """How well a match fits, in the interface language ("strong fit", "good fit", "weak fit")."""
    return str(FIT_LABELS[fit_level(score)])
