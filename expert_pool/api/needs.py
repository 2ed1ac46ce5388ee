"""API v1 of the needs assessment: the questionnaires, sending a round (staff), a Party's own
response (read, and saved or submitted until it is), desk-review findings (staff) and the
assessment of a period (staff)."""

from flask import url_for
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from ..accounts.access import current_api_user
from ..dates import Period
from ..extensions import db
from ..needs.assessment import compute_assessment
from ..needs.models import DOCUMENT_TYPES, PRIORITIES, QUESTION_KINDS, Round, TemplateVersion
from ..needs.services import (
    answers_of,
    create_finding,
    create_round,
    finding_data,
    get_finding,
    get_response,
    get_round,
    get_template,
    list_templates,
    rated_items,
    save_response,
)
from .reports import PeriodQuerySchema
from .schemas import ApiErrorSchema, Id, Moment

bp = Blueprint("api_needs", __name__, description="The needs assessment")


class QuestionSchema(Schema):
    id = fields.Integer()
    kind = fields.String(metadata={"description": ", ".join(QUESTION_KINDS)})
    text_en = fields.String()
    text_zh = fields.String()
    options = fields.List(
        fields.Raw(),
        metadata={
            "description": "target numbers or thematic area codes to rate (none: all), or the "
            "choices {code, en, zh}"
        },
    )
    items = fields.List(fields.String(), metadata={"description": "what a priority rates"})


class SectionSchema(Schema):
    title_en = fields.String()
    title_zh = fields.String()
    questions = fields.List(fields.Nested(QuestionSchema))


class VersionSchema(Schema):
    id = fields.Integer()
    number = fields.Integer()
    title_en = fields.String()
    title_zh = fields.String()
    intro_en = fields.String()
    intro_zh = fields.String()
    sections = fields.List(fields.Nested(SectionSchema))


class TemplateSchema(Schema):
    id = fields.Integer()
    name = fields.String()
    version = fields.Nested(VersionSchema, metadata={"description": "the current version"})


class TemplateListSchema(Schema):
    items = fields.List(fields.Nested(TemplateSchema))


def version_dict(version: TemplateVersion) -> dict:
    """The fields of VersionSchema."""
    return {
        "id": version.id,
        "number": version.number,
        "title_en": version.title_en,
        "title_zh": version.title_zh,
        "intro_en": version.intro_en,
        "intro_zh": version.intro_zh,
        "sections": [
            {
                "title_en": section.title_en,
                "title_zh": section.title_zh,
                "questions": [
                    {
                        "id": q.id,
                        "kind": q.kind,
                        "text_en": q.text_en,
                        "text_zh": q.text_zh,
                        "options": q.options,
                        "items": [item for item in rated_items(q) if item],
                    }
                    for q in section.questions
                ],
            }
            for section in version.sections
        ],
    }


class RoundInSchema(Schema):
    template_id = Id(required=True, metadata={"description": "sends its current version"})
    title = fields.String(required=True, validate=validate.Length(min=1, max=250))
    deadline = fields.Date(required=True, metadata={"description": "YYYY-MM-DD, not past"})
    parties = fields.List(
        fields.String(validate=validate.Regexp(r"^[A-Za-z]{3}$")),
        required=True,
        validate=validate.Length(min=1),
        metadata={"description": "ISO 3166-1 alpha-3 codes of Parties with a focal point"},
    )


class ResponseSummarySchema(Schema):
    id = fields.Integer()
    party = fields.String()
    status = fields.String(metadata={"description": "open, submitted"})


class RoundSchema(Schema):
    id = fields.Integer()
    title = fields.String()
    deadline = fields.Date()
    template_id = fields.Integer()
    version = fields.Integer(metadata={"description": "the number of the version sent"})
    responses = fields.List(fields.Nested(ResponseSummarySchema))


def round_dict(round_: Round) -> dict:
    """The fields of RoundSchema."""
    return {
        "id": round_.id,
        "title": round_.title,
        "deadline": round_.deadline,
        "template_id": round_.version.template_id,
        "version": round_.version.number,
        "responses": [
            {"id": r.id, "party": r.party_code, "status": r.status} for r in round_.responses
        ],
    }


class DocumentSchema(Schema):
    id = fields.Integer()
    filename = fields.String()
    size = fields.Integer()


class ResponseSchema(Schema):
    id = fields.Integer()
    round_id = fields.Integer()
    round_title = fields.String()
    deadline = fields.Date()
    party = fields.String()
    status = fields.String(metadata={"description": "open, submitted"})
    version = fields.Integer(metadata={"description": "send it back with PUT"})
    saved_at = Moment(allow_none=True)
    submitted_at = Moment(allow_none=True)
    questionnaire = fields.Nested(VersionSchema)
    answers = fields.Dict(
        keys=fields.String(),
        values=fields.Raw(),
        metadata={"description": "question id -> a rating by item, a choice's code or a text"},
    )
    documents = fields.List(fields.Nested(DocumentSchema))


class ResponseInSchema(Schema):
    answers = fields.Dict(
        keys=fields.String(),
        values=fields.Raw(allow_none=True),
        required=True,
        metadata={
            "description": "question id -> {item: high, medium, low or none} for a priority, "
            "a choice's code, or a text; replaces the answers saved before"
        },
    )
    submit = fields.Boolean(load_default=False, metadata={"description": "send them for good"})
    version = fields.Integer(load_default=None, allow_none=True)


def response_dict(response) -> dict:
    """The fields of ResponseSchema."""
    return {
        "id": response.id,
        "round_id": response.round_id,
        "round_title": response.round.title,
        "deadline": response.round.deadline,
        "party": response.party_code,
        "status": response.status,
        "version": response.version,
        "saved_at": response.saved_at,
        "submitted_at": response.submitted_at,
        "questionnaire": version_dict(response.round.version),
        "answers": answers_of(response),
        "documents": [
            {"id": d.id, "filename": d.filename, "size": d.size} for d in response.documents
        ],
    }


class FindingInSchema(Schema):
    party = fields.String(required=True, validate=validate.Regexp(r"^[A-Za-z]{3}$"))
    document_type = fields.String(required=True, validate=validate.OneOf(DOCUMENT_TYPES))
    document_title = fields.String(load_default="", validate=validate.Length(max=250))
    document_year = fields.Integer(required=True, validate=validate.Range(min=1992, max=2100))
    document_link = fields.String(load_default="", validate=validate.Length(max=500))
    targets = fields.List(
        fields.Integer(validate=validate.Range(min=1, max=23)),
        required=True,
        validate=validate.Length(min=1),
    )
    tags = fields.List(fields.String(), load_default=list, metadata={"description": "names"})
    priority = fields.String(required=True, validate=validate.OneOf(tuple(PRIORITIES)))
    passage = fields.String(required=True, validate=validate.Length(min=1, max=5000))
    note = fields.String(load_default="", validate=validate.Length(max=5000))


class FindingSchema(FindingInSchema):
    id = fields.Integer()
    created_at = Moment()


def finding_dict(finding) -> dict:
    """The fields of FindingSchema."""
    return {**finding_data(finding), "id": finding.id, "created_at": finding.created_at}


class AssessmentQuerySchema(PeriodQuerySchema):
    gaps = fields.Boolean(
        load_default=False,
        metadata={"description": "also the needs the pool does not cover (runs the matcher)"},
    )


class AssessmentSchema(Schema):
    """The figures of the assessment page and its exports."""

    period = fields.Dict(keys=fields.String(), values=fields.String())
    as_of = fields.String()
    served_parties = fields.List(fields.String())
    sources = fields.Dict(keys=fields.String(), values=fields.Integer())
    cells = fields.List(
        fields.Dict(),
        metadata={
            "description": "{party, target, questionnaire, desk_review, requests, request_count, "
            "sources, combined, agreement, is_need}"
        },
    )
    agreement = fields.Dict(keys=fields.String(), values=fields.Integer())
    common = fields.List(
        fields.Dict(), metadata={"description": "{target, title, parties, average}"}
    )
    specific = fields.List(fields.Dict())
    areas = fields.List(fields.Dict(), metadata={"description": "{party, area, level}"})
    gaps = fields.Dict(allow_none=True)


@bp.route("/needs/templates", methods=["GET"])
@bp.response(200, TemplateListSchema)
def templates():
    """The questionnaires with their current version's sections and questions."""
    return {
        "items": [
            {"id": t.id, "name": t.name, "version": version_dict(t.current)}
            for t in list_templates()
        ]
    }


@bp.route("/needs/rounds", methods=["POST"])
@bp.arguments(RoundInSchema)
@bp.response(201, RoundSchema)
@bp.alt_response(404, schema=ApiErrorSchema, description="no such questionnaire")
@bp.alt_response(422, schema=ApiErrorSchema, description="the round has errors")
def create_round_(data):
    """Send a questionnaire's current version to Parties with a deadline (their focal points
    are emailed)."""
    template = get_template(data.pop("template_id"))
    round_ = create_round(template.current, data, current_api_user())
    db.session.commit()
    return (
        round_dict(round_),
        201,
        {"Location": url_for("api_needs.round_detail", round_id=round_.id)},
    )


@bp.route("/needs/rounds/<int:round_id>", methods=["GET"])
@bp.response(200, RoundSchema)
@bp.alt_response(404, schema=ApiErrorSchema)
def round_detail(round_id):
    """A round with each Party's response and its status."""
    return round_dict(get_round(round_id))


@bp.route("/needs/responses/<int:response_id>", methods=["GET"])
@bp.response(200, ResponseSchema)
@bp.alt_response(404, schema=ApiErrorSchema, description="not one of your Party's")
def response_detail(response_id):
    """A response with its questionnaire, answers and documents (a Party sees its own)."""
    return response_dict(get_response(response_id, current_api_user()))


@bp.route("/needs/responses/<int:response_id>", methods=["PUT"])
@bp.arguments(ResponseInSchema)
@bp.response(200, ResponseSchema)
@bp.alt_response(403, schema=ApiErrorSchema, description="not the Party's focal point")
@bp.alt_response(404, schema=ApiErrorSchema, description="not one of your Party's")
@bp.alt_response(409, schema=ApiErrorSchema, description="submitted already, or stale version")
@bp.alt_response(422, schema=ApiErrorSchema, description="the answers have errors")
def save_response_(data, response_id):
    """Save the Party's answers (replacing those saved), and submit them with `submit`."""
    user = current_api_user()
    response = get_response(response_id, user)
    save_response(response, data["answers"], user, submit=data["submit"], version=data["version"])
    db.session.commit()
    return response_dict(response)


@bp.route("/needs/findings", methods=["POST"])
@bp.arguments(FindingInSchema)
@bp.response(201, FindingSchema)
@bp.alt_response(422, schema=ApiErrorSchema, description="the finding has errors")
def create_finding_(data):
    """Record a desk-review finding: a Party's need stated in a national document."""
    finding = create_finding(data, current_api_user())
    db.session.commit()
    location = url_for("api_needs.finding_detail", finding_id=finding.id)
    return finding_dict(finding), 201, {"Location": location}


@bp.route("/needs/findings/<int:finding_id>", methods=["GET"])
@bp.response(200, FindingSchema)
@bp.alt_response(404, schema=ApiErrorSchema)
def finding_detail(finding_id):
    """One desk-review finding."""
    return finding_dict(get_finding(finding_id))


@bp.route("/needs/assessment", methods=["GET"])
@bp.arguments(AssessmentQuerySchema, location="query")
@bp.response(200, AssessmentSchema)
@bp.alt_response(422, schema=ApiErrorSchema, description="a date is not valid")
def assessment(query):
    """The assessment of a period (default: this year and the previous one)."""
    period = Period.parse(query["start"], query["end"])
    return compute_assessment(period, gaps=query["gaps"])
