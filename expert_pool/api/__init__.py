"""The JSON API v1 under /api/v1/, described by the OpenAPI document at /api/v1/openapi.json."""

from flask import Flask


def register_api(app: Flask) -> None:
    """Register the API's blueprints and its bearer-token security scheme."""
    from ..extensions import api, csrf
    from .events import bp as events_bp
    from .experts import bp as experts_bp
    from .knowledge import bp as knowledge_bp
    from .matching import bp as matching_bp
    from .needs import bp as needs_bp
    from .notifications import bp as notifications_bp
    from .openapi import declare_shared_answers, storable_text
    from .reports import bp as reports_bp
    from .requests import bp as requests_bp
    from .routes import bp
    from .work import bp as work_bp

    api.ma_plugin.converter.add_attribute_function(storable_text)
    api.spec.components.security_scheme(
        "bearerAuth", {"type": "http", "scheme": "bearer", "description": "POST /api/v1/tokens"}
    )
    # The API authenticates with bearer tokens, not cookies, so CSRF tokens do not apply.
    for blueprint in (
        bp,
        requests_bp,
        experts_bp,
        matching_bp,
        reports_bp,
        events_bp,
        notifications_bp,
        knowledge_bp,
        work_bp,
        needs_bp,
    ):
        csrf.exempt(blueprint)
        api.register_blueprint(blueprint, url_prefix="/api/v1")
    declare_shared_answers(app, api.spec)
