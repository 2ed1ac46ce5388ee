"""API v1: the expert registry. Staff see every profile; others see the public fields of active
experts who consented; an expert reads and changes their own profile with the same rules as
the form."""

from flask_babel import gettext as _
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from ..accounts.access import current_api_user
from ..exceptions import NotFound, PermissionDenied
from ..experts.models import AVAILABILITIES, STATUSES, Expert
from ..experts.queries import SORTS, ExpertFilters, search_experts
from ..experts.services import (
    can_edit,
    set_expert_status,
    update_expert,
)
from ..experts.verification import is_verification_overdue
from ..extensions import db
from ..helpdesk.loads import current_loads, load_subquery
from .schemas import (
    ApiErrorSchema,
    Languages,
    Moment,
    PageQuerySchema,
    PageSchema,
    Tags,
    Targets,
    Text,
    page_of,
)

bp = Blueprint("api_experts", __name__, description="The expert registry")
PUBLIC_FIELDS = (
    "id",
    "name",
    "native_name",
    "title",
    "affiliation",
    "country",
    "country_name",
    "province",
    "orcid",
    "bio",
    "tags",
    "targets",
    "languages",
    "availability",
    "unavailable_until",
    "publications",
)


class PublicationSchema(Schema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=400))
    year = fields.Integer(allow_none=True, load_default=None)
    url = fields.String(load_default="", validate=validate.Length(max=400))
    abstract = fields.String(load_default="")


class ExpertSchema(Schema):
    """A profile: staff and the expert see every field, others only the public ones."""

    id = fields.Integer()
    email = fields.String(metadata={"description": "staff and the expert only"})
    name = fields.String()
    native_name = fields.String()
    title = fields.String()
    affiliation = fields.String()
    country = fields.String(metadata={"description": "ISO 3166-1 alpha-3"})
    country_name = fields.String()
    province = fields.String()
    orcid = fields.String(allow_none=True)
    bio = fields.String()
    tags = fields.List(fields.String())
    targets = fields.List(fields.Integer())
    languages = fields.List(fields.String(), metadata={"description": "ISO 639-1"})
    availability = fields.String(validate=validate.OneOf(AVAILABILITIES))
    unavailable_until = fields.Date(allow_none=True)
    max_assignments = fields.Integer()
    public = fields.Boolean(metadata={"description": "listed in the public directory"})
    status = fields.String(metadata={"description": "pending, active or inactive"})
    verified_at = Moment(allow_none=True)
    verification_overdue = fields.Boolean()
    load = fields.Integer(metadata={"description": "assignments invited or accepted"})
    updated_at = Moment()
    publications = fields.List(fields.Nested(PublicationSchema))


class ExpertPageSchema(PageSchema):
    """One page of experts."""

    items = fields.List(fields.Nested(ExpertSchema))


class ExpertQuerySchema(PageQuerySchema):
    q = fields.String(load_default="", validate=validate.Length(max=200))
    tag = fields.String(load_default="")
    country = fields.String(load_default="", validate=validate.Length(max=3))
    language = fields.String(load_default="", validate=validate.Length(max=2))
    availability = fields.String(validate=validate.OneOf(AVAILABILITIES), load_default="")
    target = fields.Integer(validate=validate.Range(min=1, max=23), load_default=None)
    status = fields.String(
        validate=validate.OneOf(STATUSES),
        load_default="active",
        metadata={"description": "staff only"},
    )
    sort = fields.String(load_default="name", validate=validate.OneOf(SORTS))


class ExpertPatchSchema(Schema):
    """The fields to change; the others stay as they are."""

    email = fields.String(metadata={"description": "staff only"})
    name = Text(Expert.name)
    native_name = Text(Expert.native_name)
    title = Text(Expert.title)
    affiliation = Text(Expert.affiliation)
    country = fields.String(metadata={"description": "ISO 3166-1 alpha-3"})
    province = Text(Expert.province)
    orcid = fields.String(allow_none=True)
    bio = Text(Expert.bio)
    tags = Tags()
    targets = Targets()
    languages = Languages()
    availability = fields.String()
    unavailable_until = fields.Date(allow_none=True)
    max_assignments = fields.Integer()
    public = fields.Boolean()
    publications = fields.List(fields.Nested(PublicationSchema))
    status = fields.String(
        validate=validate.OneOf(STATUSES), metadata={"description": "staff only: vetting"}
    )


def _serialise(expert: Expert, private: bool, load: int | None = None) -> dict:
    data = {
        **expert.profile_fields(),
        "id": expert.id,
        "country_name": expert.country.name,
        "verification_overdue": is_verification_overdue(expert),
        "load": load,
        "updated_at": expert.updated_at,
    }
    if not private:
        return {name: data[name] for name in PUBLIC_FIELDS}
    if load is None:
        data.pop("load")
    return data


@bp.route("/experts")
@bp.arguments(ExpertQuerySchema, location="query")
@bp.response(200, ExpertPageSchema)
def list_experts(query):
    """Staff: every profile of a status, with load. Others: active experts who consented,
    public fields only."""
    user = current_api_user()
    staff = user is not None and user.is_staff
    page = query.pop("page")
    per_page = query.pop("per_page")
    if not staff:
        query.update(availability="", target=None, status="active")
    pagination = search_experts(
        ExpertFilters(**query),
        public=not staff,
        page=page,
        per_page=per_page,
        loads=load_subquery() if staff else None,
    )
    loads = current_loads([e.id for e in pagination.items]) if staff else {}
    return page_of(pagination, lambda expert: _serialise(expert, staff, loads.get(expert.id)))


def _own_or_staff(expert_id: int) -> Expert:
    user = current_api_user()
    expert = db.session.get(Expert, expert_id)
    if expert is None:
        raise NotFound(_("there is no expert %(id)s", id=expert_id))
    if not can_edit(expert, user):
        raise PermissionDenied(_("only staff and the expert themself can open this profile"))
    return expert


@bp.route("/experts/<int:expert_id>")
@bp.response(200, ExpertSchema)
@bp.alt_response(403, schema=ApiErrorSchema)
@bp.alt_response(404, schema=ApiErrorSchema)
def get_expert(expert_id: int):
    """A whole profile, for the expert themself or staff."""
    expert = _own_or_staff(expert_id)
    return _serialise(expert, True, current_loads([expert.id])[expert.id])


@bp.route("/experts/<int:expert_id>", methods=["PATCH"])
@bp.arguments(ExpertPatchSchema)
@bp.response(200, ExpertSchema)
@bp.alt_response(403, schema=ApiErrorSchema)
@bp.alt_response(404, schema=ApiErrorSchema)
@bp.alt_response(422, schema=ApiErrorSchema, description="a field is not acceptable")
def patch_expert(changes, expert_id: int):
    """Change some fields of a profile, checked like the form; `status` (vetting) is for
    staff."""
    user = current_api_user()
    expert = _own_or_staff(expert_id)
    status = changes.pop("status", None)
    update_expert(expert, changes, user)
    if status is not None:
        set_expert_status(expert, status, user)
    db.session.commit()
    return _serialise(expert, True, current_loads([expert.id])[expert.id])
