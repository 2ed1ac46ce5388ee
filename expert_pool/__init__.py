"""Expert Pool: help desk and expert matchmaking for a CBD Technical and Scientific Cooperation
Centre. The web stack is imported inside create_app so that the pure matching engine
(expert_pool.matching) can be imported without Flask."""

from typing import Any


def create_app(config: dict[str, Any] | None = None):
    """Build the application: settings, extensions, blueprints, error handlers, commands."""
    import os

    from flask import Flask

    from . import (
        cli,
        errors,
        extensions,
        i18n,
        inputs,
        logs,
        models,  # noqa: F401  (puts every feature's tables on the metadata)
        routing,
    )
    from .accounts import access, navigation
    from .accounts.locales import recipient_locales, select_locale
    from .config import load_config
    from .helpdesk.work import add_work_source
    from .matching.changes import watch_changes
    from .needs import work as needs_work
    from .notifications.services import set_locale_source

    # EXPERT_POOL_INSTANCE moves the instance folder (config.py, the SQLite file, secrets).
    app = Flask(
        __name__,
        instance_path=os.environ.get("EXPERT_POOL_INSTANCE") or None,
        instance_relative_config=True,
    )
    load_config(app, config)
    routing.register(app)
    inputs.register(app)
    extensions.init_app(app, locale_selector=select_locale)
    register_blueprints(app)
    errors.register_error_handlers(app)
    access.register(app)
    navigation.register(app)
    i18n.register(app)
    logs.register(app)
    set_locale_source(app, recipient_locales)
    add_work_source(app, needs_work.KIND, needs_work.LABEL, needs_work.questionnaire_items)
    watch_changes()
    cli.register_commands(app)
    register_proxies(app)
    return app


def register_proxies(app) -> None:
    """Behind TRUSTED_PROXIES reverse proxies, take the client's address, scheme, host and
    prefix from their X-Forwarded-* headers (never without: a client could forge them)."""
    count = app.config["TRUSTED_PROXIES"]
    if count:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(
            app.wsgi_app, x_for=count, x_proto=count, x_host=count, x_prefix=count
        )


def register_blueprints(app) -> None:
    """Attach every feature's pages and the JSON API."""
    from .accounts.routes import bp as accounts_bp
    from .api import register_api
    from .events.routes import bp as events_bp
    from .experts.routes import bp as experts_bp
    from .helpdesk.routes import bp as helpdesk_bp
    from .knowledge.routes import bp as knowledge_bp
    from .matching.routes import bp as matching_bp
    from .needs.routes import bp as needs_bp
    from .notifications.routes import bp as notifications_bp
    from .ops.routes import bp as ops_bp
    from .reports.routes import bp as reports_bp
    from .taxonomy.routes import bp as taxonomy_bp

    app.register_blueprint(helpdesk_bp)
    app.register_blueprint(accounts_bp)
    app.register_blueprint(notifications_bp)
    app.register_blueprint(experts_bp)
    app.register_blueprint(taxonomy_bp)
    app.register_blueprint(matching_bp)
    app.register_blueprint(knowledge_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(events_bp)
    app.register_blueprint(needs_bp)
    app.register_blueprint(ops_bp)
    register_api(app)
