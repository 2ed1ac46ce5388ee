"""What a request may carry, checked once for every request before a view reads it: the size of
its body (MAX_CONTENT_LENGTH, and the smaller JSON_MAX_BYTES for a JSON body), how deep its
JSON nests, and no character that no database stores (NUL, a lone surrogate) in its JSON or
in an API query. A refusal names the field it concerns."""

import json
import re
from typing import Any

from flask import Flask, current_app, request
from flask_babel import gettext as _

from .exceptions import ValidationError

# Deeper than any document of the API, shallow enough to walk and to parse without recursion.
MAX_JSON_DEPTH = 32

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def unstorable_message() -> str:
    """The one sentence refusing a NUL character or a lone surrogate."""
    return _("contains a character that cannot be stored (NUL or a lone surrogate)")


STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
BRACKET = re.compile(r"[\[\]{}]")


def json_depth(text: str) -> int:
    """How deep a JSON text nests its arrays and objects, read without parsing it (a parser
    recurses, and a deep enough text exhausts it)."""
    depth = deepest = 0
    for bracket in BRACKET.finditer(STRING.sub('""', text)):
        depth += 1 if bracket.group() in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def _unstorable(value: Any) -> bool:
    """Whether a parsed JSON value holds a NUL character or a lone surrogate (keys included)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str) and UNSTORABLE.search(item):
            return True
        if isinstance(item, dict):
            stack.extend(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _refuse(fields: dict[str, list[str]]) -> None:
    if fields:
        message = _("the request has errors: %(fields)s", fields=", ".join(sorted(fields)))
        raise ValidationError(message, fields)


def _check_json() -> None:
    limits = (current_app.config["JSON_MAX_BYTES"], current_app.config["MAX_CONTENT_LENGTH"])
    request.max_content_length = min((n for n in limits if n is not None), default=None)
    text = request.get_data(cache=True).decode("utf-8", errors="replace")
    if json_depth(text) > MAX_JSON_DEPTH:
        _refuse({"": [_("nested deeper than %(depth)d levels", depth=MAX_JSON_DEPTH)]})
    try:
        body = json.loads(text)
    except ValueError:
        return  # not JSON at all: the view's parser says so
    if isinstance(body, dict):
        _refuse(
            {
                "" if UNSTORABLE.search(key) else key: [unstorable_message()]
                for key, value in body.items()
                if _unstorable(key) or _unstorable(value)
            }
        )
    elif _unstorable(body):
        _refuse({"": [unstorable_message()]})


def _check_query() -> None:
    _refuse(
        {
            "" if UNSTORABLE.search(name) else name: [unstorable_message()]
            for name, value in request.args.items(multi=True)
            if UNSTORABLE.search(name) or UNSTORABLE.search(value)
        }
    )


def check_input() -> None:
    """Refuse a request's JSON body or API query that no view could take (see the module)."""
    if request.is_json and request.method not in ("GET", "HEAD", "OPTIONS"):
        _check_json()
    if request.path.startswith("/api/"):
        _check_query()


def register(app: Flask) -> None:
    """Check every request's input before its view."""
    app.before_request(check_input)
