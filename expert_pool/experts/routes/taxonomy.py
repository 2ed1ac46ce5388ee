"""The admin's view of the taxonomy: every tag with its aliases and how many experts hold it
(the registry knows who holds which tag, the taxonomy only the tags)."""

from flask import render_template
from sqlalchemy import func, select

from ...extensions import db
from ...taxonomy.services import list_tags
from ..models import expert_tags
from . import bp


@bp.route("/taxonomy")
def taxonomy():
    """Every tag by category, with its aliases and how many experts carry it."""
    counts = dict(
        db.session.execute(
            select(expert_tags.c.tag_id, func.count()).group_by(expert_tags.c.tag_id)
        ).all()
    )
    return render_template("taxonomy/tags.html", tags=list_tags(), counts=counts)
