"""The operations blueprint: /healthz, open to anyone (a load balancer signs in as nobody)."""

from flask import Blueprint, jsonify

from .health import check_health

bp = Blueprint("ops", __name__)


@bp.get("/healthz")
def healthz():
    """200 when the database, migrations, model and a worker are fine, otherwise 503."""
    healthy, checks = check_health()
    body = {"status": "ok" if healthy else "unavailable", "checks": checks}
    return jsonify(body), 200 if healthy else 503
