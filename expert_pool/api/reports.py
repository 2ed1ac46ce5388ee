"""API v1 reports (staff): the dashboard's figures."""

from flask_smorest import Blueprint
from marshmallow import Schema, fields

from ..dates import Period
from ..reports.figures import compute_figures
from .schemas import ApiErrorSchema, PeriodQuerySchema

bp = Blueprint("api_reports", __name__, description="Reports: the dashboard's figures")


class SummaryQuerySchema(PeriodQuerySchema):
    gaps = fields.Boolean(
        load_default=False,
        metadata={"description": "also the coverage gaps (runs the matcher on every request)"},
    )


class ResponseTimeSchema(Schema):
    step = fields.String(
        metadata={"description": "screening, first_invitation, expert_acceptance, delivery"}
    )
    count = fields.Integer(metadata={"description": "requests that reached the step"})
    median_days = fields.Float(allow_none=True)
    p90_days = fields.Float(allow_none=True)


class SummarySchema(Schema):
    """The figures of the dashboard and the biennial report for a period."""

    period = fields.Dict(keys=fields.String(), values=fields.String())
    as_of = fields.String(metadata={"description": "when the figures were computed (UTC)"})
    total = fields.Integer(metadata={"description": "requests submitted in the period"})
    answered = fields.Integer(metadata={"description": "of them, delivered or closed"})
    by_status = fields.Dict(keys=fields.String(), values=fields.Integer())
    by_party = fields.List(fields.Dict(), metadata={"description": "{code, name, total, answered}"})
    by_target = fields.List(
        fields.Dict(), metadata={"description": "{number, title, total, answered}"}
    )
    by_type = fields.List(fields.Dict(), metadata={"description": "{type, total, answered}"})
    response_times = fields.List(fields.Nested(ResponseTimeSchema))
    overdue = fields.Dict(keys=fields.String(), values=fields.Integer())
    by_month = fields.List(fields.Dict(), metadata={"description": "{month, submitted, delivered}"})
    expert_load = fields.Dict()
    experts_engaged = fields.Dict()
    satisfaction = fields.Dict()
    capacity_building = fields.Dict()
    knowledge_products = fields.Dict(
        metadata={
            "description": "{developed, downloads, by_type, by_target, by_party, most_downloaded}"
        }
    )
    coverage_gaps = fields.Dict()


@bp.route("/reports/summary")
@bp.arguments(SummaryQuerySchema, location="query")
@bp.response(200, SummarySchema)
@bp.alt_response(422, schema=ApiErrorSchema, description="a date is not valid")
def summary(query):
    """The figures of the dashboard for a period (default: this year and the previous one)."""
    period = Period.parse(query["start"], query["end"])
    return compute_figures(period, gaps=query["gaps"])
