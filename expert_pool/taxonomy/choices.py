"""The choices of the forms' Party (country) and language fields, named in the interface
language: built when a form is, since the names depend on the language of the request."""

from functools import cache

import pycountry
from wtforms import SelectChoice

from ..i18n import current_language
from .names import country_name, language_name
from .services import list_parties

# The working languages asked for most, offered first and in this order: English and Chinese, the
# languages of the Parties served first (Cambodia, Nepal, Pakistan), then the other UN languages.
COMMON_LANGUAGES = ("en", "zh", "km", "ne", "ur", "fr", "es", "ru", "ar")


def _by_label(choices) -> list[SelectChoice]:
    # Chinese names fall in the order of their characters' code points: radical, then strokes.
    return sorted(choices, key=lambda choice: choice.label.casefold())


def party_choices(served_first: bool = False) -> list[SelectChoice]:
    """Every Party as (code, name in the interface language), by name; with `served_first`,
    the Parties the centre serves (Cambodia, China, Nepal, Pakistan) come first."""
    parties = list_parties()
    choices = _by_label(SelectChoice(party.code, country_name(party)) for party in parties)
    if not served_first:
        return choices
    served = {party.code for party in parties if party.is_served}
    return [c for c in choices if c.value in served] + [c for c in choices if c.value not in served]


def language_choices() -> list[SelectChoice]:
    """Every ISO 639-1 language named in the interface language: the region's common ones first
    (COMMON_LANGUAGES), then the others by name."""
    return list(_language_choices(current_language()))


@cache
def _language_choices(language: str) -> tuple[SelectChoice, ...]:
    # Named and sorted once per interface language (pycountry's list never changes): every
    # page with a language field used to pay about 40 ms for it.
    others = _by_label(
        SelectChoice(language.alpha_2, language_name(language.alpha_2))
        for language in pycountry.languages
        if hasattr(language, "alpha_2") and language.alpha_2 not in COMMON_LANGUAGES
    )
    return (*(SelectChoice(code, language_name(code)) for code in COMMON_LANGUAGES), *others)
