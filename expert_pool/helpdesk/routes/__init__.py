"""The help desk's pages: the public home, a Party's requests and form, the request page, an
expert's invitations and the staff queue. Each view: form, service, commit, flash, redirect.

This module holds the blueprint, the home page and the helpers the page groups share."""

import logging

from flask import Blueprint, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from ...experts.models import Expert
from ...extensions import db
from ...taxonomy.models import Party, Tag
from ..forms import LEVEL_LABELS, TYPE_LABELS, URGENCY_LABELS
from ..models import CooperationRequest
from ..queries import is_overdue
from ..services import add_attachment
from ..workflow import CLOCK_STATES, ENDED_STATES, REQUEST_TYPES, STATE_LABELS

bp = Blueprint("helpdesk", __name__, template_folder="../templates")
logger = logging.getLogger(__name__)


@bp.app_context_processor
def helpdesk_labels() -> dict:
    """Labels the help desk's templates share."""
    return {
        "type_labels": TYPE_LABELS,
        "urgency_labels": URGENCY_LABELS,
        "level_labels": LEVEL_LABELS,
        "is_overdue": is_overdue,
        "clock_states": CLOCK_STATES,
        "ended_states": ENDED_STATES,
    }


@bp.app_template_filter()
def state_label(state: str) -> str:
    """A request's or an invitation's state in the interface language."""
    return _(STATE_LABELS[state]) if state in STATE_LABELS else state.replace("_", " ")


@bp.route("/")
def home():
    """What the help desk offers, and how to ask for it."""
    figures = {
        "experts": db.session.scalar(
            select(func.count()).select_from(Expert).where(Expert.status == "active")
        ),
        "countries": db.session.scalar(
            select(func.count(func.distinct(Expert.country_code))).where(Expert.status == "active")
        ),
        "tags": db.session.scalar(select(func.count()).select_from(Tag)),
    }
    served = db.session.scalars(
        select(Party).where(Party.is_served.is_(True)).order_by(Party.name)
    ).all()
    return render_template(
        "helpdesk/home.html", figures=figures, served=served, request_types=REQUEST_TYPES
    )


def _attach_uploads(form, draft: CooperationRequest) -> None:
    for upload in form.files.data or []:
        if upload and upload.filename:
            add_attachment(draft, upload.filename, upload.stream, current_user)


def _back_to(item: CooperationRequest):
    return redirect(url_for(".view_request", reference=item.reference))


# The views, by page group; imported last because they use the blueprint above.
from . import files, invitations, ownership, pool, queue, replies, requests, work  # noqa: E402, F401
