"""The answers the app's shared mechanisms give, declared on each operation of the OpenAPI
document where they happen, from the same rules that give them: who may call it (the access
table: 401 without a token, 403 for a role it is not open to; a public operation takes an
optional token), a path id (404), a body (413 over JSON_MAX_BYTES, 422), query parameters
(422), the sign-in rate limit (429). What a single operation adds (a 409, a service's 403 on
ownership) stays declared on its route."""

import re

from apispec import APISpec
from flask import Flask
from marshmallow import fields

from ..accounts.access import ANY_USER, PUBLIC, RULES

SECURITY = {"bearerAuth": []}
PATH_PARAMETER = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")
RATE_LIMITED = {"api.Tokens"}

ANSWERS = {
    "401": "no valid bearer token",
    "403": "the caller's role may not do this",
    "404": "nothing at this address for the caller",
    "413": "the body is larger than the API takes",
    "422": "a field or parameter is refused (named in `fields`)",
    "429": "too many attempts: wait a minute",
}


# Every text of the API refuses a NUL character (inputs.py), so the document says so.
STORABLE_TEXT = "^[^\\u0000]*$"


def storable_text(self, field, **kwargs) -> dict:
    """The `pattern` of a text field without one: no NUL character (an apispec attribute
    function of the marshmallow plugin)."""
    if isinstance(field, fields.String) and not any(
        hasattr(validator, "regex") for validator in field.validators
    ):
        return {"pattern": STORABLE_TEXT}
    return {}


def _error(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ApiError"}}},
    }


def _answers_of(endpoint: str, path: str, operation: dict) -> list[str]:
    rule = RULES.get(endpoint, ())
    answers = []
    if rule != PUBLIC:
        answers.append("401")
        if set(rule) != set(ANY_USER):
            answers.append("403")
    if "{" in path:
        answers.append("404")
    if "requestBody" in operation:
        answers += ["413", "422"]
    elif any(p.get("in") == "query" for p in operation.get("parameters", [])):
        answers.append("422")
    if endpoint in RATE_LIMITED:
        answers.append("429")
    return answers


def declare_shared_answers(app: Flask, spec: APISpec) -> None:
    """Declare on every API operation the statuses and the security of the shared mechanisms
    (see the module); the catch-all `default` answer goes, so that the document is exact."""
    paths = spec._paths
    for url_rule in app.url_map.iter_rules():
        path = PATH_PARAMETER.sub(r"{\1}", url_rule.rule)
        for method in url_rule.methods - {"HEAD", "OPTIONS"}:
            operation = paths.get(path, {}).get(method.lower())
            if operation is None:
                continue
            rule = RULES.get(url_rule.endpoint, ())
            operation["security"] = [{}, SECURITY] if rule == PUBLIC else [SECURITY]
            responses = operation.setdefault("responses", {})
            responses.pop("default", None)
            for status in _answers_of(url_rule.endpoint, path, operation):
                responses.setdefault(status, _error(ANSWERS[status]))
