"""The JSON API v1 under /api/v1/, described by the OpenAPI document at /api/v1/openapi.json."""

from flask import Flask


def register_api(app: Flask) -> None:
    """Register the API's blueprints and its bearer-token security scheme."""
    from ..extensions import api, csrf
    from .experts import bp as experts_bp
    from .matching import bp as matching_bp
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
    csrf.exempt(bp)
    api.register_blueprint(bp, url_prefix="/api/v1")
    csrf.exempt(requests_bp)
    api.register_blueprint(requests_bp, url_prefix="/api/v1")
    csrf.exempt(experts_bp)
    api.register_blueprint(experts_bp, url_prefix="/api/v1")
    csrf.exempt(matching_bp)
    api.register_blueprint(matching_bp, url_prefix="/api/v1")
    csrf.exempt(reports_bp)
    api.register_blueprint(reports_bp, url_prefix="/api/v1")
    csrf.exempt(notifications_bp)
    api.register_blueprint(notifications_bp, url_prefix="/api/v1")
    csrf.exempt(work_bp)
    api.register_blueprint(work_bp, url_prefix="/api/v1")
    declare_shared_answers(app, api.spec)
