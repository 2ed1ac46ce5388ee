"""Fixed vocabularies that are not edited in the application (no database). Their labels are
lazy translations: English outside a request, the interface language inside one."""

import pycountry
from flask_babel import lazy_gettext as _l

# The CBD thematic programmes, by code.
THEMATIC_AREAS = {
    "agricultural": _l("Agricultural biodiversity"),
    "dry_subhumid_lands": _l("Dry and sub-humid lands biodiversity"),
    "forest": _l("Forest biodiversity"),
    "inland_waters": _l("Inland waters biodiversity"),
    "island": _l("Island biodiversity"),
    "marine_coastal": _l("Marine and coastal biodiversity"),
    "mountain": _l("Mountain biodiversity"),
}

# The categories of the tag taxonomy (seeds/tags.json), as stored, with their labels; a category
# added later shows as it is stored until it gets a label here.
TAG_CATEGORIES = {
    "access and benefit-sharing (Nagoya Protocol)": _l(
        "Access and benefit-sharing (Nagoya Protocol)"
    ),
    "agriculture, forestry and fisheries": _l("Agriculture, forestry and fisheries"),
    "biosafety (Cartagena Protocol)": _l("Biosafety (Cartagena Protocol)"),
    "cross-cutting issues": _l("Cross-cutting issues"),
    "ecosystem restoration": _l("Ecosystem restoration"),
    "ecosystems and habitats": _l("Ecosystems and habitats"),
    "finance and economics": _l("Finance and economics"),
    "knowledge, people and governance": _l("Knowledge, people and governance"),
    "methods: modelling and assessment": _l("Methods: modelling and assessment"),
    "methods: monitoring and data": _l("Methods: monitoring and data"),
    "policy, planning and reporting": _l("Policy, planning and reporting"),
    "protected and conserved areas": _l("Protected and conserved areas"),
    "species and genetic diversity": _l("Species and genetic diversity"),
    "sustainable use and livelihoods": _l("Sustainable use and livelihoods"),
    "threats: invasive species, pollution, climate": _l(
        "Threats: invasive species, pollution, climate"
    ),
}

# The Parties this centre serves first.
SERVED_PARTIES = ("KHM", "CHN", "NPL", "PAK")


def language_name(code: str) -> str | None:
    """The English name of an ISO 639-1 language code, or None when it is not one."""
    if len(code) != 2:
        return None
    language = pycountry.languages.get(alpha_2=code.lower())
    return language.name.removesuffix(" (macrolanguage)") if language else None


def country_name(code: str) -> str | None:
    """The common (or official short) English name of an ISO 3166-1 alpha-3 country code."""
    country = pycountry.countries.get(alpha_3=code.upper()) if len(code) == 3 else None
    if country is None:
        return None
    return getattr(country, "common_name", None) or country.name


def thematic_area_label(code: str) -> str:
    """A CBD thematic area's name in the interface language (the code, readable, if unknown)."""
    label = THEMATIC_AREAS.get(code)
    return str(label) if label is not None else code.replace("_", " ")


def category_label(category: str) -> str:
    """A tag category's name in the interface language (as stored when it has no label)."""
    label = TAG_CATEGORIES.get(category)
    return str(label) if label is not None else category
