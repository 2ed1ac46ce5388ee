"""Loading and reading the controlled vocabularies."""

import logging
from collections.abc import Iterable

import pycountry
from flask_babel import gettext as _
from rapidfuzz import fuzz, process, utils
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..exceptions import ValidationError
from ..extensions import db
from .models import ALIAS_LANGUAGES, Party, Tag, TagAlias, Target
from .names import tag_label
from .vocabulary import SERVED_PARTIES, country_name

logger = logging.getLogger(__name__)


def ensure_parties(served: Iterable[str] = SERVED_PARTIES) -> int:
    """Add every ISO 3166 country as a Party (names from pycountry); mark `served`. New rows."""
    existing = set(db.session.scalars(select(Party.code)))
    served = set(served)
    added = 0
    for country in pycountry.countries:
        if country.alpha_3 not in existing:
            db.session.add(
                Party(
                    code=country.alpha_3,
                    name=country_name(country.alpha_3),
                    is_served=country.alpha_3 in served,
                )
            )
            added += 1
    return added


def ensure_targets(rows: Iterable[dict]) -> int:
    """Add the KMGBF targets that are missing; returns how many were added."""
    existing = set(db.session.scalars(select(Target.number)))
    added = 0
    for row in rows:
        number = int(row["number"])
        if not 1 <= number <= 23:
            raise ValidationError.on(
                "number", _("target %(number)d is not between 1 and 23", number=number)
            )
        if number not in existing:
            db.session.add(
                Target(
                    number=number,
                    title=row["title"],
                    title_zh=row.get("title_zh", ""),
                    description=row.get("description", ""),
                )
            )
            added += 1
    return added


def ensure_tags(rows: Iterable[dict]) -> int:
    """Add the tags (with their aliases) that are missing, by name, and the aliases missing
    from tags already there (an alias another tag holds stays that tag's); returns how many
    tags were added or given aliases."""
    tags = {
        tag.name.lower(): tag
        for tag in db.session.scalars(select(Tag).options(selectinload(Tag.aliases)))
    }
    taken = {(a.alias.lower(), a.language) for tag in tags.values() for a in tag.aliases}
    changed = 0
    for row in rows:
        name = row["name"].strip()
        if not name:
            raise ValidationError.on("name", _("a tag needs a name"))
        tag = tags.get(name.lower())
        if tag is None:
            tag = Tag(name=name, category=row["category"], description=row.get("description", ""))
            db.session.add(tag)
            tags[name.lower()] = tag
        added = [
            TagAlias(alias=alias.strip(), language=language)
            for language in ALIAS_LANGUAGES
            for alias in row.get(f"aliases_{language}", [])
            if (alias.strip().lower(), language) not in taken
        ]
        tag.aliases.extend(added)
        taken.update((a.alias.lower(), a.language) for a in added)
        changed += bool(added) or tag.id is None
    return changed


def list_tags() -> list[Tag]:
    """Every tag, by category then name."""
    query = select(Tag).order_by(Tag.category, Tag.name).options(selectinload(Tag.aliases))
    return list(db.session.scalars(query))


def list_targets() -> list[Target]:
    """The 23 KMGBF targets in order."""
    return list(db.session.scalars(select(Target).order_by(Target.number)))


def list_parties(served_only: bool = False) -> list[Party]:
    """Parties by name; only those the centre serves when asked."""
    query = select(Party).order_by(Party.name)
    if served_only:
        query = query.where(Party.is_served.is_(True))
    return list(db.session.scalars(query))


# The most tags one list names (a request's, a profile's, a search's), and the most unknown
# names of one list given "did you mean" suggestions: together they bound the work of a call.
MAX_TAGS = 15
MAX_SUGGESTED = 5


def check_tag_names(
    names: Iterable[str], known: dict[str, Tag] | None = None
) -> tuple[list[Tag], list[str]]:
    """The canonical tags named, and why the list is refused: more than MAX_TAGS names, or
    names the taxonomy lacks (the first MAX_SUGGESTED with the closest tags, all from one
    reading of the taxonomy)."""
    names = [name for name in (n.strip() for n in names) if name]
    if len(names) > MAX_TAGS:
        message = _(
            "at most %(limit)d tags, so that they stay meaningful (%(count)d given)",
            limit=MAX_TAGS,
            count=len(names),
        )
        return [], [message]
    known = tag_lookup() if known is None else known
    tags, unknown = resolve_tags(names, known)
    messages = [
        unknown_tag_message(name, known)
        if index < MAX_SUGGESTED
        else _('"%(name)s" is not in the taxonomy', name=name)
        for index, name in enumerate(unknown)
    ]
    return tags, messages


def get_tags_by_name(names: Iterable[str], field: str = "tags") -> list[Tag]:
    """The canonical tags these names or aliases (English or Chinese, any case) stand for;
    unknown names are refused, with the closest tags of the taxonomy (see check_tag_names)."""
    tags, messages = check_tag_names(names)
    if messages:
        raise ValidationError(messages[0], {field: messages})
    return tags


def get_targets(numbers: Iterable[int], field: str = "targets") -> list[Target]:
    """The KMGBF targets with these numbers; numbers outside 1-23 are refused."""
    wanted = sorted(set(numbers))
    bad = [n for n in wanted if not 1 <= n <= 23]
    if bad:
        raise ValidationError.on(
            field, _("KMGBF targets are numbered 1 to 23, not %(number)d", number=bad[0])
        )
    return list(db.session.scalars(select(Target).where(Target.number.in_(wanted))))


def get_parties(codes: Iterable[str], field: str = "parties") -> list[Party]:
    """The Parties with these ISO 3166-1 alpha-3 codes (any case); unknown codes are refused."""
    wanted = {str(code).strip().upper() for code in codes if str(code or "").strip()}
    found = list(db.session.scalars(select(Party).where(Party.code.in_(wanted))))
    if unknown := sorted(wanted - {party.code for party in found}):
        raise ValidationError.on(field, _("unknown Parties: %(codes)s", codes=", ".join(unknown)))
    return found


def tag_lookup() -> dict[str, Tag]:
    """Every name a tag is known by (its own and its aliases, lower case) -> the canonical tag."""
    tags = db.session.scalars(select(Tag).options(selectinload(Tag.aliases))).all()
    names = {alias.alias.lower(): tag for tag in tags for alias in tag.aliases}
    names.update({tag.name.lower(): tag for tag in tags})
    return names


def resolve_tags(
    names: Iterable[str], known: dict[str, Tag] | None = None
) -> tuple[list[Tag], list[str]]:
    """The canonical tags named (by name or alias, any case), and the names that are neither.
    `known` is a tag_lookup() to reuse over many calls."""
    known = tag_lookup() if known is None else known
    tags: dict[int, Tag] = {}
    unknown = []
    for name in (n.strip() for n in names):
        if not name:
            continue
        tag = known.get(name.lower())
        if tag is None:
            unknown.append(name)
        else:
            tags.setdefault(tag.id, tag)
    return list(tags.values()), unknown


def find_tag(text: str, known: dict[str, Tag] | None = None) -> Tag | None:
    """The tag someone means by what they typed in a filter: the tag of that name or alias (any
    language, any case), else the closest one ("did you mean"), else None."""
    text = text.strip()
    if not text:
        return None
    known = tag_lookup() if known is None else known
    tag = known.get(text.lower())
    if tag is not None:
        return tag
    closest = suggest_tags(text, limit=1, known=known)
    return known[closest[0].lower()] if closest else None


def unknown_tag_message(name: str, known: dict[str, Tag] | None = None) -> str:
    """What to tell someone who named a tag the taxonomy lacks: the closest tags, if any."""
    suggestions = suggest_tags(name, limit=3, known=known)
    if suggestions:
        return _(
            '"%(name)s" is not in the taxonomy; did you mean: %(suggestions)s?',
            name=name,
            suggestions=", ".join(map(tag_label, suggestions)),
        )
    return _('"%(name)s" is not in the taxonomy', name=name)


def suggest_tags(text: str, limit: int = 8, known: dict[str, Tag] | None = None) -> list[str]:
    """Canonical tag names for what someone typed: names and aliases that contain it first,
    then the closest by rapidfuzz (typos, word order, plurals)."""
    text = text.strip().lower()
    if not text:
        return []
    known = tag_lookup() if known is None else known
    ranked: list[Tag] = sorted(
        (tag for name, tag in known.items() if text in name),
        key=lambda tag: (not tag.name.lower().startswith(text), tag.name.lower()),
    )
    fuzzy = process.extract(
        text,
        list(known),
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        score_cutoff=75,
        limit=limit * 4,
    )
    ranked.extend(known[name] for name, _score, _index in fuzzy)
    return list(dict.fromkeys(tag.name for tag in ranked))[:limit]
