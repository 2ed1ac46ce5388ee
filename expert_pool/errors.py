"""Error answers: JSON under /api/, friendly HTML pages elsewhere."""

import logging

from flask import Flask, flash, jsonify, redirect, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from .exceptions import ServiceError
from .extensions import db

logger = logging.getLogger(__name__)

PAGES = {400, 403, 404, 409, 429, 500}


def wants_json() -> bool:
    """API paths always answer JSON."""
    return request.path.startswith("/api/")


def json_error(status: int, code: str, message: str, fields: dict | None = None):
    """The one JSON error envelope of the API."""
    body = {"error": {"code": code, "message": message, "fields": fields or {}}}
    return jsonify(body), status


def _fields_of(error: HTTPException) -> dict[str, list[str]]:
    # webargs (through flask-smorest) puts validation messages under data["messages"][location].
    messages = (getattr(error, "data", None) or {}).get("messages") or {}
    fields: dict[str, list[str]] = {}
    for location_messages in messages.values():
        if isinstance(location_messages, dict):
            for name, value in location_messages.items():
                fields[name] = value if isinstance(value, list) else [str(value)]
    return fields


def handle_http_exception(error: HTTPException):
    """Any HTTP error: JSON for the API, else the error page of its code."""
    status = error.code or 500
    if wants_json():
        fields = _fields_of(error)
        code = (error.name or "error").lower().replace(" ", "_")
        message = error.description or error.name
        if fields:
            message = _("the request has errors: %(fields)s", fields=", ".join(sorted(fields)))
        response, status = json_error(status, code, message, fields)
        if error.response is None and hasattr(error, "get_headers"):
            for name, value in error.get_headers():
                if name.lower() not in ("content-type", "content-length"):
                    response.headers[name] = value
        return response, status
    template = f"errors/{status if status in PAGES else 400}.html"
    return render_template(template, error=error), status


def handle_service_error(error: ServiceError):
    """A refused operation that reached the edge: roll back, then say why."""
    db.session.rollback()
    if wants_json():
        return json_error(error.status, error.code, error.message, error.fields)
    if request.method == "POST" and request.referrer:
        flash(error.message, "danger")
        return redirect(request.referrer)
    return render_template(f"errors/{error.status}.html", error=error), error.status


def handle_csrf_error(error: CSRFError):
    """An expired or missing CSRF token: ask the user to try again."""
    if wants_json():
        return json_error(400, "csrf", error.description)
    return render_template("errors/400.html", error=error, csrf=True), 400


def handle_unexpected(error: Exception):
    """A bug: log it, roll back, and show a 500 without the stack trace."""
    if isinstance(error, HTTPException):
        return handle_http_exception(error)
    logger.exception("unhandled error on %s %s", request.method, request.path)
    db.session.rollback()
    return handle_http_exception(InternalServerError())


def register_error_handlers(app: Flask) -> None:
    """Install the handlers on the app."""
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(ServiceError, handle_service_error)
    app.register_error_handler(Exception, handle_unexpected)
