"""Reading the expert registry: the staff and public directories and a profile as a viewer may
see it. Load is the help desk's fact: a caller that sorts by it passes the help desk's subquery."""

from dataclasses import dataclass, replace
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, Subquery, func, or_, select
from sqlalchemy.orm import selectinload

from ..exceptions import NotFound, ValidationError
from ..extensions import db
from ..pagination import paginate
from ..taxonomy.models import Tag
from ..taxonomy.services import find_tag
from .models import AVAILABILITIES, STATUSES, Expert, ExpertLanguage, expert_tags, expert_targets
from .verification import verification_cutoff

if TYPE_CHECKING:
    from ..accounts.models import User

SORTS = ("name", "country", "load", "verified", "updated")


@dataclass
class ExpertFilters:
    """What a directory search asks for; empty values filter nothing."""

    q: str = ""
    tag: str = ""
    country: str = ""
    language: str = ""
    availability: str = ""
    target: int | None = None
    status: str = "active"
    overdue: bool = False
    sort: str = "name"

    @cached_property
    def chosen_tag(self) -> Tag | None:
        """The tag the tag filter stands for: typed as a name, an alias in any language, the
        label shown on a card, or with a typo (then the closest tag)."""
        return find_tag(self.tag)

    @property
    def tag_was_guessed(self) -> bool:
        """Whether the tag filter names no tag exactly, so the closest one is shown."""
        chosen = self.chosen_tag
        return chosen is not None and self.tag.strip().lower() not in {
            chosen.name.lower(),
            *(alias.alias.lower() for alias in chosen.aliases),
        }


def _filtered(filters: ExpertFilters, *, public: bool, now: datetime | None = None) -> Select:
    query = select(Expert)
    if public:
        query = query.where(Expert.status == "active", Expert.is_public.is_(True))
    elif filters.status in STATUSES:
        query = query.where(Expert.status == filters.status)
    text = filters.q.strip()
    if text:
        pattern = f"%{text}%"
        columns = [Expert.name, Expert.native_name, Expert.affiliation, Expert.bio]
        if not public:
            columns.append(Expert.email)
        query = query.where(or_(*(column.ilike(pattern) for column in columns)))
    if filters.tag.strip():
        chosen = filters.chosen_tag
        tagged = select(expert_tags.c.expert_id).where(
            expert_tags.c.tag_id == (chosen.id if chosen is not None else None)
        )
        query = query.where(Expert.id.in_(tagged))
    if filters.country.strip():
        query = query.where(Expert.country_code == filters.country.strip().upper())
    if filters.language.strip():
        speaking = select(ExpertLanguage.expert_id).where(
            ExpertLanguage.code == filters.language.strip().lower()
        )
        query = query.where(Expert.id.in_(speaking))
    if filters.availability in AVAILABILITIES:
        query = query.where(Expert.availability == filters.availability)
    if filters.target:
        working_on = select(expert_targets.c.expert_id).where(
            expert_targets.c.target_number == filters.target
        )
        query = query.where(Expert.id.in_(working_on))
    if filters.overdue and not public:
        query = query.where(
            or_(Expert.verified_at.is_(None), Expert.verified_at < verification_cutoff(now))
        )
    return query


def search_experts(
    filters: ExpertFilters,
    *,
    public: bool = False,
    page: int = 1,
    per_page: int | None = None,
    loads: Subquery | None = None,
) -> Pagination:
    """One page of the directory: staff see every profile of a status, the public only active
    experts who consented. Sorted by name, country, load (given `loads`, a subquery of
    expert_id and load), verification or last update."""
    query = _filtered(filters, public=public)
    sort = filters.sort if filters.sort in SORTS else "name"
    if (public and sort == "verified") or (sort == "load" and (public or loads is None)):
        sort = "name"
    if sort == "load":
        query = query.outerjoin(loads, loads.c.expert_id == Expert.id)
        order = [func.coalesce(loads.c.load, 0).desc(), Expert.name]
    else:
        order = {
            "name": [Expert.name],
            "country": [Expert.country_code, Expert.name],
            "verified": [Expert.verified_at.is_not(None), Expert.verified_at, Expert.name],
            "updated": [Expert.updated_at.desc(), Expert.name],
        }[sort]
    query = query.order_by(*order, Expert.id).options(
        selectinload(Expert.tags),
        selectinload(Expert.language_rows),
        selectinload(Expert.country),
        selectinload(Expert.targets),
        selectinload(Expert.publications),
    )
    return paginate(query, page, per_page)


def count_by_value(filters: ExpertFilters, *, public: bool = False) -> dict[str, dict[str, int]]:
    """How many experts each value of the country and language filters would show, the other
    filters kept as they are: {"country": {code: n}, "language": {code: n}}."""
    others = _filtered(replace(filters, country=""), public=public).subquery()
    countries = db.session.execute(
        select(others.c.country_code, func.count()).group_by(others.c.country_code)
    )
    speaking = _filtered(replace(filters, language=""), public=public).with_only_columns(Expert.id)
    languages = db.session.execute(
        select(ExpertLanguage.code, func.count())
        .where(ExpertLanguage.expert_id.in_(speaking))
        .group_by(ExpertLanguage.code)
    )
    return {"country": dict(countries.all()), "language": dict(languages.all())}


def is_visible(expert: Expert, viewer: "User | None") -> bool:
    """Whether a viewer may open a profile: staff and the expert always, others only an active
    profile whose expert consented to the public directory."""
    if viewer is not None and (viewer.is_staff or viewer.expert_id == expert.id):
        return True
    return expert.status == "active" and expert.is_public


def get_visible_expert(expert_id: int, viewer: "User | None") -> Expert:
    """The profile, or NotFound when it does not exist or the viewer may not see it."""
    expert = db.session.get(Expert, expert_id)
    if expert is None or not is_visible(expert, viewer):
        raise NotFound(_("there is no expert profile %(id)s that you can see", id=expert_id))
    return expert


def get_experts(ids: "list", field: str = "experts") -> list[Expert]:
    """The profiles with these numbers; anything else is refused on `field`."""
    try:
        wanted = {int(i) for i in ids}
    except (TypeError, ValueError):
        raise ValidationError.on(field, _("experts are given by their numbers")) from None
    experts = list(db.session.scalars(select(Expert).where(Expert.id.in_(wanted))))
    if missing := sorted(wanted - {e.id for e in experts}):
        raise ValidationError.on(
            field, _("unknown experts: %(numbers)s", numbers=", ".join(map(str, missing)))
        )
    return experts
