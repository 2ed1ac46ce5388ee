"""Schemathesis over every operation of the OpenAPI document, as each role and anonymously:
no server error, status codes, content types and bodies as documented."""

from urllib.parse import urlsplit

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import ignored_auth, positive_data_acceptance

from expert_pool import create_app
from tests.world import bearer

ROLES = ["anonymous", "party", "staff", "expert"]
EXAMPLES = 30


def _document() -> dict:
    """The OpenAPI document (it does not depend on the database)."""
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    return app.test_client().get("/api/v1/openapi.json").get_json()


# Each role's own token is sent: schemathesis's probe of a forged one goes through its own
# transport, which keeps Flask's `g` (the signed-in user) between calls. Positive data
# acceptance is not asked: the document declares every static rule (required fields,
# enumerations, lengths, bounds), but some input is valid only against the database or
# another field (a tag of the taxonomy, an expert that exists, `to` after `from`), and the
# service's 422 on that field is declared.
EXCLUDED_CHECKS = [ignored_auth, positive_data_acceptance]
OPERATIONS = [
    pytest.param(operation, id=operation.label)
    for operation in (
        result.ok() for result in schemathesis.openapi.from_dict(_document()).get_all_operations()
    )
]


@pytest.fixture
def headers(client, world):
    """Each role's Authorization header (none for anonymous)."""
    return {"anonymous": {}} | {
        role: bearer(client, world.by_role(role).email) for role in ROLES[1:]
    }


def call(client, case, headers: dict):
    """The case sent through the test client (a fresh `g` per request, as in production)."""
    sent = case.as_transport_kwargs(headers=headers)
    return client.open(
        urlsplit(sent["url"]).path,
        method=sent["method"],
        query_string=sent.get("params"),
        headers=sent["headers"],
        json=sent.get("json"),
        data=sent.get("data"),
    )


@pytest.mark.parametrize("operation", OPERATIONS)
def test_every_operation_answers_as_documented(operation, client, headers):
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def answers_as_documented(case):
        for role in ROLES:
            response = call(client, case, headers[role])
            case.validate_response(response, excluded_checks=EXCLUDED_CHECKS)

    answers_as_documented()
