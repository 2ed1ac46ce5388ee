"""API v1 matching: a request's candidates and ad-hoc matching (staff)."""

from flask_babel import gettext as _
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from ..accounts.access import current_api_user
from ..helpdesk.queries import get_request
from ..matching import MAX_K
from ..matching.services import match_request, match_text
from ..validation import is_language_code
from .schemas import ApiErrorSchema

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
    tags = fields.List(fields.String(validate=validate.Length(max=120)), load_default=list)
    languages = fields.List(fields.String(validate=_language), load_default=list)
    targets = fields.List(fields.Integer(validate=validate.Range(1, 23)), load_default=list)
    k = fields.Integer(load_default=10, validate=validate.Range(min=1, max=MAX_K))
    include_filtered = fields.Boolean(load_default=False)


@bp.route("/requests/<reference>/matches")
@bp.arguments(MatchesQuerySchema, location="query")
@bp.response(200, MatchSchema(many=True))
@bp.alt_response(404, schema=ApiErrorSchema)
@bp.doc(security=[{"bearerAuth": []}])
def request_matches(query, reference: str):
    """The experts best suited to a request, best first, with the parts of the score and why."""
    request = get_request(reference, current_api_user())
    ranked = match_request(request, k=query["k"], include_filtered=query["include_filtered"])
    return [c.as_dict() for c in ranked]


@bp.route("/match", methods=["POST"])
@bp.arguments(AdhocMatchSchema)
@bp.response(200, MatchSchema(many=True))
@bp.alt_response(422, schema=ApiErrorSchema)
@bp.doc(security=[{"bearerAuth": []}])
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
