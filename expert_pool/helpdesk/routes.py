"""The help desk's pages."""

from flask import Blueprint, render_template
from sqlalchemy import func, select

from ..experts.models import Expert
from ..extensions import db
from ..helpdesk.workflow import REQUEST_TYPES
from ..taxonomy.models import Party, Tag

bp = Blueprint("helpdesk", __name__, template_folder="templates")


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
