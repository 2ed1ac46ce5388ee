"""The taxonomy's names in the interface language: tags, KMGBF targets, Parties (countries) and
languages. Party and language names come from pycountry's catalogues, corrected where they are
not the names used in China and at the United Nations."""

import gettext
from functools import cache
from typing import TYPE_CHECKING

import pycountry
from flask import g, has_app_context
from sqlalchemy import select

from ..extensions import db
from ..i18n import current_language
from . import vocabulary
from .models import Tag, TagAlias, Target

if TYPE_CHECKING:
    from .models import Party

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


def tag_label(tag: "Tag | str") -> str:
    """A tag's name in the interface language: its first Chinese alias in Chinese, if any.
    Given a name rather than a tag (a matching reason quotes names), the taxonomy's label of
    the tag of that name; a text that names no tag is said as it is."""
    if current_language() != "zh":
        return tag if isinstance(tag, str) else tag.name
    if isinstance(tag, str):
        return _chinese_labels().get(tag.lower(), tag)
    aliases = tag.aliases_in("zh")
    return aliases[0] if aliases else tag.name


def _chinese_labels() -> dict[str, str]:
    """Tag name (lower case) -> its first Chinese alias, read once per request."""
    if has_app_context() and "tag_labels_zh" in g:
        return g.tag_labels_zh
    rows = db.session.execute(
        select(Tag.name, TagAlias.alias)
        .join(TagAlias, TagAlias.tag_id == Tag.id)
        .where(TagAlias.language == "zh")
        .order_by(TagAlias.id.desc())
    )
    labels = {name.lower(): alias for name, alias in rows}
    if has_app_context():
        g.tag_labels_zh = labels
    return labels


def target_title(target: "Target") -> str:
    """A KMGBF target's title in the interface language, when the taxonomy has it."""
    if current_language() == "zh" and target.title_zh:
        return target.title_zh
    return target.title


def target_title_of(number: int, title: str) -> str:
    """The title of the KMGBF target of this number in the interface language; `title` (the
    English one, as figures carry it) when the taxonomy has no other."""
    if current_language() != "zh":
        return title
    if has_app_context() and "target_titles_zh" in g:
        titles = g.target_titles_zh
    else:
        titles = dict(db.session.execute(select(Target.number, Target.title_zh)).all())
        if has_app_context():
            g.target_titles_zh = titles
    return titles.get(number) or title


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
