"""API v1 matching: a request's candidates and ad-hoc matching (staff)."""

from flask import url_for
from flask_babel import gettext as _
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from ..accounts.access import current_api_user
from ..experts.models import Expert
from ..extensions import db
from ..helpdesk.queries import get_request
from ..matching import MAX_K
from ..matching.conflicts import REASON_LIMIT, SCOPES, conflict_scope, get_conflict
from ..matching.conflicts import declare_conflict as declare_conflict_of
from ..matching.conflicts import remove_conflict as remove_conflict_of
from ..matching.services import match_request, match_text
from ..validation import MAX_LANGUAGES, is_language_code
from .schemas import ApiErrorSchema, Id, Moment, Tags, Targets

bp = Blueprint("api_matching", __name__, description="Matching requests to experts")


class MatchSchema(Schema):
    """A ranked expert; the reasons are in the language of the call (Accept-Language), their
    codes beside them do not change with it."""

    expert_id = fields.Integer()
    name = fields.String()
    score = fields.Float(metadata={"description": "absolute suitability in [0, 1]"})
    components = fields.Dict(
        keys=fields.String(),
        values=fields.Float(),
        metadata={"description": "embedding, cosine, fuzzy"},
    )
    reasons = fields.List(fields.String())
    reason_codes = fields.List(
        fields.String(), metadata={"description": "one per reason, e.g. tag_typo, shared_targets"}
    )
    rank = fields.Integer()
    affiliation = fields.String()
    country = fields.String()
    load = fields.Integer()
    max_load = fields.Integer()
    availability = fields.String()
    filtered = fields.Boolean()
    filter_reasons = fields.List(fields.String())
    filter_reason_codes = fields.List(
        fields.String(), metadata={"description": "one per filter reason, e.g. full_load"}
    )


class MatchesQuerySchema(Schema):
    k = fields.Integer(load_default=10, validate=validate.Range(min=1, max=MAX_K))
    include_filtered = fields.Boolean(load_default=False)


def _language(code: str) -> None:
    if not is_language_code(code):
        raise validate.ValidationError(_("%(code)r is not an ISO 639-1 language code", code=code))


class AdhocMatchSchema(Schema):
    text = fields.String(load_default="", validate=validate.Length(max=10_000))
    tags = Tags(load_default=list)
    languages = fields.List(
        fields.String(validate=_language),
        validate=validate.Length(max=MAX_LANGUAGES),
        load_default=list,
    )
    targets = Targets(load_default=list)
    k = fields.Integer(load_default=10, validate=validate.Range(min=1, max=MAX_K))
    include_filtered = fields.Boolean(load_default=False)


@bp.route("/requests/<reference>/matches")
@bp.arguments(MatchesQuerySchema, location="query")
@bp.response(200, MatchSchema(many=True))
@bp.alt_response(404, schema=ApiErrorSchema)
def request_matches(query, reference: str):
    """The experts best suited to a request, best first, with the parts of the score and why."""
    request = get_request(reference, current_api_user())
    ranked = match_request(request, k=query["k"], include_filtered=query["include_filtered"])
    return [c.as_dict() for c in ranked]


@bp.route("/match", methods=["POST"])
@bp.arguments(AdhocMatchSchema)
@bp.response(200, MatchSchema(many=True))
@bp.alt_response(422, schema=ApiErrorSchema)
def adhoc_match(body):
    """Rank the pool for a free text with tags and languages (the same shape as /matches)."""
    ranked = match_text(
        body["text"],
        tags=body["tags"],
        languages=[code.lower() for code in body["languages"]],
        targets=body["targets"],
        k=body["k"],
        include_filtered=body["include_filtered"],
    )
    return [c.as_dict() for c in ranked]


class ConflictInSchema(Schema):
    expert_id = Id(required=True)
    reason = fields.String(required=True, validate=validate.Length(min=1, max=REASON_LIMIT))
    scope = fields.String(
        load_default="request",
        validate=validate.OneOf(SCOPES),
        metadata={
            "description": "what the expert is kept off: this request, its Party, or "
            "its institution"
        },
    )


class ConflictSchema(Schema):
    """A declared conflict of interest: the expert is left out of the matches it concerns."""

    id = fields.Integer()
    expert_id = fields.Integer()
    scope = fields.String()
    reference = fields.String(allow_none=True)
    party = fields.String(allow_none=True)
    institution = fields.String()
    reason = fields.String()
    created_at = Moment()


@bp.route("/requests/<reference>/conflicts", methods=["POST"])
@bp.arguments(ConflictInSchema)
@bp.response(201, ConflictSchema)
@bp.alt_response(404, schema=ApiErrorSchema)
@bp.alt_response(422, schema=ApiErrorSchema)
def declare_conflict(body, reference: str):
    """Declare a conflict of interest (staff): the expert is filtered out of this request's
    matches (or of every request of its Party or institution) with the reason."""
    user = current_api_user()
    request = get_request(reference, user)
    expert = db.session.get(Expert, body["expert_id"])
    conflict = declare_conflict_of(request, expert, user, body["reason"], scope=body["scope"])
    db.session.commit()
    location = url_for("api_matching.request_matches", reference=reference, include_filtered=1)
    return (
        {
            "id": conflict.id,
            "expert_id": conflict.expert_id,
            "scope": conflict_scope(conflict),
            "reference": reference if conflict.request_id else None,
            "party": conflict.party_code,
            "institution": conflict.institution,
            "reason": conflict.reason,
            "created_at": conflict.created_at,
        },
        201,
        {"Location": location},
    )


@bp.route("/requests/<reference>/conflicts/<int:conflict_id>", methods=["DELETE"])
@bp.response(204)
@bp.alt_response(404, schema=ApiErrorSchema)
@bp.doc(security=[{"bearerAuth": []}])
def remove_conflict(reference: str, conflict_id: int):
    """Remove a declared conflict of interest (staff): the expert may be matched again where it
    applied. The conflict is named from a request it concerns."""
    user = current_api_user()
    request = get_request(reference, user)
    remove_conflict_of(request, get_conflict(request, conflict_id), user)
    db.session.commit()
