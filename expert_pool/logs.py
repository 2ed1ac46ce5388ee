"""Logging: one line per record with the request id, so that the lines of one request can be
found among those of every worker. The id is the client's X-Request-ID (a proxy's) when it is
sane, otherwise a new one, and it is sent back in the response's X-Request-ID header."""

import logging
import re
import uuid

from flask import Flask, Response, g, has_request_context, request

REQUEST_ID_HEADER = "X-Request-ID"
FORMAT = "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"
_SANE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestIdFilter(logging.Filter):
    """Puts the current request's id on every record ("-" outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = g.get("request_id", "-") if has_request_context() else "-"
        return True


def configure_logging(level: str = "INFO") -> None:
    """Send the log to stderr, with request ids (for the servers and the worker; tests keep
    pytest's own capture)."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    # Our own records and the worker's start and stop at `level`; the libraries (model export,
    # each job's "executing" line) only warn.
    root.setLevel(logging.WARNING)
    for name in ("expert_pool", "huey.consumer"):
        logging.getLogger(name).setLevel(level.upper())
    logging.getLogger("huey.consumer.Scheduler").setLevel(logging.WARNING)


def current_request_id() -> str:
    """The id of the request being served."""
    return g.get("request_id", "-")


def _assign_request_id() -> None:
    given = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = given if _SANE_ID.match(given) else uuid.uuid4().hex


def _return_request_id(response: Response) -> Response:
    response.headers[REQUEST_ID_HEADER] = current_request_id()
    return response


def register(app: Flask) -> None:
    """Give every request an id and send it back."""
    app.before_request(_assign_request_id)
    app.after_request(_return_request_id)
