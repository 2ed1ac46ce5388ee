"""The taxonomy's pages: the admin's view of the tags, and tag suggestions for autocomplete."""

from flask import Blueprint, jsonify, render_template, request
from sqlalchemy import func, select

from ..experts.models import expert_tags
from ..extensions import db
from .services import list_tags
from .services import suggest_tags as suggest

bp = Blueprint("taxonomy", __name__, template_folder="templates")


@bp.route("/taxonomy/tags/suggest")
def suggest_tags():
    """Canonical tags for what someone is typing (names, aliases, typos): {"tags": [...]}."""
    text = request.args.get("q", "")[:120]
    limit = min(max(request.args.get("limit", 8, type=int), 1), 20)
    return jsonify({"tags": suggest(text, limit=limit)})


@bp.route("/taxonomy")
def tags():
    """Every tag by category, with its aliases and how many experts carry it."""
    counts = dict(
        db.session.execute(
            select(expert_tags.c.tag_id, func.count()).group_by(expert_tags.c.tag_id)
        ).all()
    )
    return render_template("taxonomy/tags.html", tags=list_tags(), counts=counts)
