"""Error answers: JSON under /api/, friendly HTML pages elsewhere."""

import logging
import re
from collections.abc import Callable

from flask import Flask, flash, g, jsonify, redirect, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError, IntegrityError
from werkzeug.exceptions import HTTPException, InternalServerError

from .exceptions import Conflict, ServiceError, ValidationError
from .extensions import db
from .forms import flash_refusal

logger = logging.getLogger(__name__)

# The error page of each status: its title and what the person can do about it.
PAGES = {
    400: (
        _l("The request could not be understood"),
        _l(
            "Something in what was sent is not right. If you were filling in a form, it may have"
            " been open too long: go back, reload it and try again."
        ),
    ),
    403: (
        _l("You cannot open this page"),
        _l(
            "Your account does not have access to this page. If you think it should, contact the"
            " centre's staff."
        ),
    ),
    404: (
        _l("Page not found"),
        _l("There is nothing at this address. It may have moved, or the link may be mistyped."),
    ),
    409: (
        _l("Someone changed this in the meantime"),
        _l(
            "What you were working on was changed by someone else since you opened it. Reload the"
            " page to see the current state, then try again."
        ),
    ),
    413: (
        _l("What was sent is too large"),
        _l(
            "The files or the form sent together are larger than the app takes. Go back and send"
            " fewer or smaller files at a time."
        ),
    ),
    429: (_l("Too many attempts"), _l("Please wait a minute before trying again.")),
    500: (
        _l("Something went wrong on our side"),
        _l(
            "The error has been logged. Please try again in a moment; if it keeps happening,"
            " contact the centre's staff."
        ),
    ),
}


def error_page(status: int, error: Exception | None = None):
    """The one error page, with the title and explanation of its status (400's when unknown)."""
    title, explanation = PAGES.get(status, PAGES[400])
    page = render_template(
        "errors/error.html",
        status=status if status in PAGES else 400,
        title=title,
        explanation=explanation,
        error=error,
    )
    return page, status


def refusals_return_to(url: str, explain: Callable[[str], str] | None = None) -> str:
    """Declare where a refused POST of this request goes back to (before the referrer), and
    optionally how to say the refusal from its reason; returns `url`."""
    g.refusal_url = url
    g.refusal_explain = explain
    return url


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
    return error_page(status, error)


def handle_service_error(error: ServiceError):
    """A refused operation that reached the edge: roll back, then say why; a page's POST goes
    back (where the view declared, else where it came from) with the reason flashed."""
    db.session.rollback()
    if wants_json():
        return json_error(error.status, error.code, error.message, error.fields)
    back = g.get("refusal_url") or request.referrer
    if request.method == "POST" and back:
        explain = g.get("refusal_explain")
        if explain is None:
            flash_refusal(error)
        else:
            flash(explain(error.message), "danger")
        return redirect(back)
    return error_page(error.status, error)


# SQLite names the columns of the unique constraint it refused: "... failed: experts.email".
SQLITE_UNIQUE = re.compile(r"UNIQUE constraint failed: ([\w., ]+)")


def _unique_columns(error: IntegrityError) -> list[str]:
    # PostgreSQL names the constraint (or unique index); the metadata knows its columns.
    name = getattr(getattr(error.orig, "diag", None), "constraint_name", None)
    if name:
        for table in db.metadata.tables.values():
            for constraint in (*table.constraints, *table.indexes):
                if constraint.name == name and getattr(constraint, "unique", True):
                    return [column.name for column in constraint.columns]
        return []
    found = SQLITE_UNIQUE.search(str(error.orig))
    if not found:
        return []
    return [column.strip().rpartition(".")[2] for column in found.group(1).split(",")]


def refusal_of_database(error: IntegrityError | DataError) -> ServiceError:
    """What a refusal by the database means to the person: a value someone else holds already
    (a race the service's own check could not see) is a conflict on its field; a value the
    database cannot hold, or a reference to nothing, is invalid input."""
    if isinstance(error, IntegrityError):
        columns = _unique_columns(error)
        if columns:
            message = _("this value is used already: %(fields)s", fields=", ".join(columns))
            return Conflict(
                message, {column: [_("this value is used already")] for column in columns}
            )
        return ValidationError(_("what was sent refers to something that does not exist"))
    return ValidationError(
        _("a value sent is too large or contains characters that cannot be stored")
    )


def handle_database_refusal(error: IntegrityError | DataError):
    """A constraint or type of the database refused a write: roll back, answer as a refusal."""
    db.session.rollback()
    logger.info("database refused %s %s: %s", request.method, request.path, error.orig)
    return handle_service_error(refusal_of_database(error))


def handle_csrf_error(error: CSRFError):
    """An expired or missing CSRF token: ask the user to try again."""
    if wants_json():
        return json_error(400, "csrf", error.description)
    return error_page(400, error)


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
    app.register_error_handler(IntegrityError, handle_database_refusal)
    app.register_error_handler(DataError, handle_database_refusal)
    app.register_error_handler(Exception, handle_unexpected)
