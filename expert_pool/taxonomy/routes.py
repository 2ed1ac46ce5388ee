"""Tag suggestions for the autocomplete of every form that takes tags."""

from flask import Blueprint, jsonify, request

from .names import country_name, language_name, tag_label, target_title
from .services import suggest_tags as suggest
from .vocabulary import category_label, thematic_area_label

bp = Blueprint("taxonomy", __name__, template_folder="templates")
for name_filter in (
    tag_label,
    target_title,
    country_name,
    language_name,
    category_label,
    thematic_area_label,
):
    bp.add_app_template_filter(name_filter)


@bp.route("/taxonomy/tags/suggest")
def suggest_tags():
    """Canonical tags for what someone is typing (names, aliases, typos), as the interface
    language names them (a Chinese label is one of the tag's aliases): {"tags": [...]}."""
    text = request.args.get("q", "")[:120]
    limit = min(max(request.args.get("limit", 8, type=int), 1), 20)
    return jsonify({"tags": [tag_label(name) for name in suggest(text, limit=limit)]})
