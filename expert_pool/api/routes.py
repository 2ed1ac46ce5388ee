"""API v1 endpoints: tokens, the current user and the controlled vocabularies."""

from flask import current_app
from flask.views import MethodView
from flask_babel import gettext as _
from flask_smorest import Blueprint

from ..accounts.access import Unauthorized, current_api_user
from ..accounts.services import authenticate, issue_token
from ..extensions import db, limiter
from ..taxonomy.services import list_parties, list_tags, list_targets
from .schemas import (
    ApiErrorSchema,
    MeSchema,
    PartyQuerySchema,
    PartySchema,
    TagSchema,
    TargetSchema,
    TokenRequestSchema,
    TokenSchema,
)

bp = Blueprint("api", __name__, description="Expert Pool API v1")


def _login_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


@bp.route("/tokens")
class Tokens(MethodView):
    decorators = [limiter.limit(_login_limit, methods=["POST"])]  # noqa: RUF012

    @bp.arguments(TokenRequestSchema)
    @bp.response(201, TokenSchema)
    @bp.alt_response(401, schema=ApiErrorSchema, description="wrong email or password")
    def post(self, credentials):
        """Exchange an email and password for a bearer token."""
        user = authenticate(credentials["email"], credentials["password"])
        if user is None:
            raise Unauthorized(_("wrong email or password, or the account is deactivated"))
        db.session.commit()
        return {"token": issue_token(user), "expires_in": current_app.config["API_TOKEN_MAX_AGE"]}


@bp.route("/me")
@bp.response(200, MeSchema)
@bp.alt_response(401, schema=ApiErrorSchema)
def me():
    """The signed-in user: id, email, role, Party and expert profile."""
    return current_api_user()


@bp.route("/taxonomy/tags")
@bp.response(200, TagSchema(many=True))
def tags():
    """The expertise tags, with their English and Chinese aliases."""
    return list_tags()


@bp.route("/taxonomy/targets")
@bp.response(200, TargetSchema(many=True))
def targets():
    """The 23 targets of the Kunming-Montreal Global Biodiversity Framework."""
    return list_targets()


@bp.route("/taxonomy/parties")
@bp.arguments(PartyQuerySchema, location="query")
@bp.response(200, PartySchema(many=True))
def parties(query):
    """The Parties; `served=true` for those the centre serves."""
    return list_parties(served_only=query["served"])
