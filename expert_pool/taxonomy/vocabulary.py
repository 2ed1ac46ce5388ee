"""Fixed vocabularies that are not edited in the application (pure: no Flask, no database)."""

import pycountry

# The CBD thematic programmes, by code.
THEMATIC_AREAS: dict[str, str] = {
    "agricultural": "Agricultural biodiversity",
    "dry_subhumid_lands": "Dry and sub-humid lands biodiversity",
    "forest": "Forest biodiversity",
    "inland_waters": "Inland waters biodiversity",
    "island": "Island biodiversity",
    "marine_coastal": "Marine and coastal biodiversity",
    "mountain": "Mountain biodiversity",
}

# The Parties this centre serves first.
SERVED_PARTIES = ("KHM", "CHN", "NPL", "PAK")


def language_name(code: str) -> str | None:
    """The English name of an ISO 639-1 language code, or None when it is not one."""
    if len(code) != 2:
        return None
    language = pycountry.languages.get(alpha_2=code.lower())
    return language.name if language else None


def is_language_code(code: str) -> bool:
    """Whether `code` is a valid ISO 639-1 language code."""
    return language_name(code) is not None


def country_name(code: str) -> str | None:
    """The common (or official short) English name of an ISO 3166-1 alpha-3 country code."""
    country = pycountry.countries.get(alpha_3=code.upper()) if len(code) == 3 else None
    if country is None:
        return None
    return getattr(country, "common_name", None) or country.name
