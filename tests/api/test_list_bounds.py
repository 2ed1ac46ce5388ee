"""Every list field is bounded, and an unknown tag's "did you mean" is computed from one
reading of the taxonomy, for the first few unknown tags only: a long list costs a 422, not
minutes of a core."""

import pytest
from sqlalchemy import func, select

from expert_pool.extensions import db
from expert_pool.helpdesk.models import CooperationRequest
from expert_pool.taxonomy.services import MAX_SUGGESTED, MAX_TAGS
from expert_pool.validation import MAX_LANGUAGES
from tests.api.test_tokens_and_errors import error_of
from tests.test_statement_counts import counting
from tests.world import bearer, request_data


def reads_of_tags(statements: list[str]) -> list[str]:
    """The statements that read the tags table."""
    return [s for s in statements if s.lstrip().upper().startswith("SELECT") and "FROM tags" in s]


def patch_profile(client, world, **changes):
    expert = world.experts[0]
    headers = bearer(client, world.expert_users[0].email)
    return client.patch(f"/api/v1/experts/{expert.id}", json=changes, headers=headers)


@pytest.mark.parametrize("count", [MAX_TAGS + 1, 5000])
def test_more_tags_than_the_limit_are_refused_at_once(client, world, count):
    tags = [f"made-up topic {n}" for n in range(count)]
    response = patch_profile(client, world, tags=tags)
    assert response.status_code == 422
    assert len(error_of(response)["fields"]["tags"]) == 1
    party = bearer(client, world.party.email)
    created = client.post("/api/v1/requests", json=request_data(tags=tags), headers=party)
    assert created.status_code == 422 and "tags" in error_of(created)["fields"]
    assert db.session.scalar(select(func.count(CooperationRequest.id))) == 0


def test_unknown_tags_read_the_taxonomy_once_and_only_the_first_get_suggestions(client, world):
    few = ["mangrove restoratio"]
    many = [f"mangrove restoratio{'n' * n}x" for n in range(MAX_TAGS)]
    with counting() as few_statements:
        assert patch_profile(client, world, tags=few).status_code == 422
    with counting() as many_statements:
        response = patch_profile(client, world, tags=many)
    assert len(reads_of_tags(many_statements)) == len(reads_of_tags(few_statements))
    messages = error_of(response)["fields"]["tags"]
    assert len(messages) == MAX_TAGS
    assert sum("did you mean" in m for m in messages) <= MAX_SUGGESTED


def test_list_fields_declare_and_hold_their_bounds(client, world):
    document = client.get("/api/v1/openapi.json").get_json()
    schemas = document["components"]["schemas"]
    for name in ("RequestCreate", "RequestPatch", "ExpertPatch", "AdhocMatch"):
        properties = schemas[name]["properties"]
        assert properties["tags"]["maxItems"] == MAX_TAGS, name
        assert properties["languages"]["maxItems"] == MAX_LANGUAGES, name
        assert properties["targets"]["maxItems"] == 23, name
    response = patch_profile(client, world, languages=["en"] * (MAX_LANGUAGES + 1))
    assert response.status_code == 422 and "languages" in error_of(response)["fields"]
