"""Settings in layers: code defaults, then instance/config.py, then environment variables, then
the mapping given to create_app (tests). The README lists every key with its variable."""

import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask

DEFAULTS: dict[str, Any] = {
    "SECRET_KEY": None,
    "SQLALCHEMY_DATABASE_URI": None,
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_SECURE": False,
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    "WTF_CSRF_TIME_LIMIT": None,
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_HEADERS_ENABLED": True,
    # How many reverse proxies in front set X-Forwarded-* headers (0: none is trusted).
    "TRUSTED_PROXIES": 0,
    "LOGIN_RATE_LIMIT": "10 per minute; 50 per hour",
    "API_TOKEN_MAX_AGE": 30 * 24 * 3600,
    "REFERENCE_PREFIX": "TSCC",
    "PAGE_SIZE": 25,
    # Accounts and the expert registry.
    "INVITATION_MAX_AGE": 14 * 24 * 3600,
    "PASSWORD_RESET_MAX_AGE": 2 * 3600,
    "VERIFICATION_MAX_AGE_DAYS": 365,
    "VERIFICATION_REMINDER_INTERVAL_DAYS": 30,
    "NEEDS_REMINDER_DAYS": 7,
    "IMPORT_MAX_BYTES": 5 * 1024 * 1024,
    "PUBLIC_URL": "http://127.0.0.1:5000",
    # Help desk and notifications. Service levels count working days (Mon-Fri).
    # Matching: EMBEDDING_MODEL is a local sentence-transformers folder (None: the packaged
    # all-MiniLM-L6-v2); EMBEDDING_BACKEND "onnx", "torch" or "none" (tags only), None for the
    # engine's default (onnx, see bench/README.md); the ONNX export is kept in
    # EMBEDDING_CACHE_DIR (None: instance/models). MATCH_WEIGHTS overrides some of the engine's
    # weights (matching.engine.ranker.DEFAULT_WEIGHTS), None keeps them all.
    "EMBEDDING_MODEL": None,
    "EMBEDDING_BACKEND": None,
    "EMBEDDING_CACHE_DIR": None,
    "MATCH_WEIGHTS": None,
    # A match scoring below MATCH_WEAK_SCORE is a "weak fit" (and a request whose best match
    # does is a coverage gap in the reports); from MATCH_STRONG_SCORE on, a "strong fit".
    "MATCH_WEAK_SCORE": 0.70,
    "MATCH_STRONG_SCORE": 0.85,
    # The knowledge catalogue answers a query with the products scoring at least this.
    "KNOWLEDGE_MIN_SCORE": 0.4,
    "SLA_SCREEN_DAYS": 5,
    "SLA_FIRST_INVITATION_DAYS": 10,
    "SLA_EXPERT_ANSWER_DAYS": 7,
    "ASSIGNMENT_EXPIRY_DAYS": 14,
    "ATTACHMENT_FOLDER": None,
    "ATTACHMENT_MAX_BYTES": 10 * 1024 * 1024,
    "ATTACHMENT_EXTENSIONS": "pdf doc docx odt xls xlsx ods csv txt png jpg jpeg",
    # The largest request body (a form with several attachments), and the largest JSON body:
    # larger ones are answered 413 before anything reads them.
    "MAX_CONTENT_LENGTH": 50 * 1024 * 1024,
    "JSON_MAX_BYTES": 1024 * 1024,
    # No MAIL_SERVER: messages are kept for the outbox page (/outbox) instead of emailed.
    "MAIL_SERVER": None,
    "MAIL_PORT": 25,
    "MAIL_USE_TLS": False,
    "MAIL_USE_SSL": False,
    "MAIL_USERNAME": None,
    "MAIL_PASSWORD": None,
    "MAIL_DEFAULT_SENDER": "TSCC Help Desk <helpdesk@example.org>",
    "MAIL_TIMEOUT": 10,
    "OUTBOX_MAX_ATTEMPTS": 10,
    "OUTBOX_RETRY_SECONDS": 60,
    "OUTBOX_RETRY_MAX_SECONDS": 6 * 3600,
    "OUTBOX_SEND_AFTER_REQUEST": None,
    # A message taken by a sender is not taken by another for this long (longer than a delivery).
    "OUTBOX_LEASE_SECONDS": 300,
    # The background worker (`flask --app wsgi worker`): its queue (None: a SQLite file in the
    # instance folder; redis://… to share it between hosts), threads, how often the outbox is
    # sent and the daily jobs run, retries of a failed job, and when /healthz calls it stopped.
    "WORKER_QUEUE_URI": None,
    "WORKER_THREADS": 2,
    "WORKER_TICK_SECONDS": 5,
    "WORKER_DAILY_JOBS_SECONDS": 3600,
    "WORKER_RETRIES": 3,
    "WORKER_RETRY_DELAY": 10,
    "WORKER_SHUTDOWN_SECONDS": 30,
    "WORKER_OUTBOX_BATCH": 100,
    "WORKER_STALE_SECONDS": 60,
    # How often the worker scores the requests whose coverage-gap score is out of date.
    "WORKER_REPORTS_SECONDS": 300,
    # The matcher's change log keeps a day: a process idle for longer rebuilds its pool.
    "MATCHER_CHANGES_KEEP_SECONDS": 86400,
    "BOOTSTRAP_SERVE_LOCAL": True,
    "BABEL_DEFAULT_LOCALE": "en",
    "BABEL_DEFAULT_TIMEZONE": "UTC",
    "API_TITLE": "Expert Pool API",
    "API_VERSION": "v1",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/api/v1",
    "OPENAPI_JSON_PATH": "openapi.json",
}

# Environment variable -> (config key, converter).
ENVIRONMENT: dict[str, tuple[str, Any]] = {
    "SECRET_KEY": ("SECRET_KEY", str),
    "DATABASE_URL": ("SQLALCHEMY_DATABASE_URI", str),
    "SESSION_COOKIE_SECURE": ("SESSION_COOKIE_SECURE", lambda v: v.lower() in {"1", "true", "yes"}),
    "RATELIMIT_STORAGE_URI": ("RATELIMIT_STORAGE_URI", str),
    "TRUSTED_PROXIES": ("TRUSTED_PROXIES", int),
    "LOGIN_RATE_LIMIT": ("LOGIN_RATE_LIMIT", str),
    "API_TOKEN_MAX_AGE": ("API_TOKEN_MAX_AGE", int),
    "INVITATION_MAX_AGE": ("INVITATION_MAX_AGE", int),
    "PASSWORD_RESET_MAX_AGE": ("PASSWORD_RESET_MAX_AGE", int),
    "VERIFICATION_MAX_AGE_DAYS": ("VERIFICATION_MAX_AGE_DAYS", int),
    "PUBLIC_URL": ("PUBLIC_URL", str),
    "MAIL_SERVER": ("MAIL_SERVER", str),
    "MAIL_PORT": ("MAIL_PORT", int),
    "MAIL_USE_TLS": ("MAIL_USE_TLS", lambda v: v.lower() in {"1", "true", "yes"}),
    "MAIL_USE_SSL": ("MAIL_USE_SSL", lambda v: v.lower() in {"1", "true", "yes"}),
    "MAIL_USERNAME": ("MAIL_USERNAME", str),
    "MAIL_PASSWORD": ("MAIL_PASSWORD", str),
    "MAIL_DEFAULT_SENDER": ("MAIL_DEFAULT_SENDER", str),
    "OUTBOX_SEND_AFTER_REQUEST": (
        "OUTBOX_SEND_AFTER_REQUEST",
        lambda v: v.lower() in {"1", "true", "yes"},
    ),
    "WORKER_QUEUE_URI": ("WORKER_QUEUE_URI", str),
    "WORKER_THREADS": ("WORKER_THREADS", int),
    "WORKER_TICK_SECONDS": ("WORKER_TICK_SECONDS", int),
    "EMBEDDING_MODEL": ("EMBEDDING_MODEL", str),
    "EMBEDDING_BACKEND": ("EMBEDDING_BACKEND", str),
    "EMBEDDING_CACHE_DIR": ("EMBEDDING_CACHE_DIR", str),
}


def normalise_database_url(url: str) -> str:
    """Use the psycopg 3 driver for plain postgres:// and postgresql:// addresses."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _instance_secret(instance_path: Path) -> str:
    """A secret key kept in instance/secret_key, made on first use, for local runs."""
    path = instance_path / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def load_config(app: Flask, overrides: dict[str, Any] | None = None) -> None:
    """Apply the four layers of settings to the app."""
    instance_path = Path(app.instance_path)
    instance_path.mkdir(parents=True, exist_ok=True)
    app.config.update(DEFAULTS)
    app.config.from_pyfile("config.py", silent=True)
    for variable, (key, convert) in ENVIRONMENT.items():
        if variable in os.environ:
            app.config[key] = convert(os.environ[variable])
    if overrides:
        app.config.update(overrides)

    if not app.config["SQLALCHEMY_DATABASE_URI"]:
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance_path / 'expert_pool.sqlite'}"
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(
        app.config["SQLALCHEMY_DATABASE_URI"]
    )
    if not app.config["SECRET_KEY"]:
        app.config["SECRET_KEY"] = _instance_secret(instance_path)
