"""Each free text of a request, a comment and a profile has one length, declared by its
model: the service refuses a longer one on its field, the form says it (maxlength and a hint)
and the API and its document hold to it."""

import pytest
from sqlalchemy import func, select

from expert_pool.database import max_length
from expert_pool.exceptions import ValidationError
from expert_pool.experts.models import Expert
from expert_pool.extensions import db
from expert_pool.helpdesk.models import Comment, CooperationRequest
from expert_pool.helpdesk.services import add_comment, create_request
from tests.world import bearer, request_data

FIELDS = ["title", "problem_statement", "institution", "national_priorities", "beneficiaries"]


@pytest.mark.parametrize("field", FIELDS)
def test_a_text_longer_than_its_model_says_is_refused_on_its_field(world, field):
    limit = max_length(getattr(CooperationRequest, field))
    with pytest.raises(ValidationError) as refused:
        create_request(request_data(**{field: "x" * (limit + 1)}), world.party)
    assert refused.value.fields[field] == [f"at most {limit} characters"]
    db.session.rollback()
    create_request(request_data(**{field: "x" * limit}), world.party)


def test_the_api_refuses_a_long_problem_statement_and_documents_the_length(client, world):
    limit = max_length(CooperationRequest.problem_statement)
    data = request_data(problem_statement="x" * (limit + 1))
    response = client.post("/api/v1/requests", json=data, headers=bearer(client, world.party.email))
    assert response.status_code == 422
    assert "problem_statement" in response.get_json()["error"]["fields"]
    assert db.session.scalar(select(func.count(CooperationRequest.id))) == 0
    document = client.get("/api/v1/openapi.json").get_json()
    properties = document["components"]["schemas"]["RequestCreate"]["properties"]
    assert properties["problem_statement"]["maxLength"] == limit
    assert properties["title"]["maxLength"] == max_length(CooperationRequest.title)


def test_the_form_says_each_length_before_it_is_exceeded(world, browser):
    page = browser(world.party).get("/requests/new").get_data(as_text=True)
    for field in FIELDS:
        limit = max_length(getattr(CooperationRequest, field))
        assert f'maxlength="{limit}"' in page and f'name="{field}"' in page
        assert f"At most {limit} characters." in page


def test_a_long_comment_is_refused(world, make_request):
    item = make_request("submitted")
    limit = max_length(Comment.body)
    with pytest.raises(ValidationError) as refused:
        add_comment(item, world.party, "x" * (limit + 1))
    assert "body" in refused.value.fields


def test_a_profile_text_has_the_length_its_model_says_everywhere(client, world, browser):
    limit = max_length(Expert.bio)
    expert_user = world.expert_users[0]
    headers = bearer(client, expert_user.email)
    path = f"/api/v1/experts/{expert_user.expert_id}"
    response = client.patch(path, json={"bio": "x" * (limit + 1)}, headers=headers)
    assert response.status_code == 422 and "bio" in response.get_json()["error"]["fields"]
    assert client.patch(path, json={"bio": "x" * limit}, headers=headers).status_code == 200
    document = client.get("/api/v1/openapi.json").get_json()
    assert (
        document["components"]["schemas"]["ExpertPatch"]["properties"]["bio"]["maxLength"] == limit
    )
    page = browser(world.staff).get(f"/experts/{expert_user.expert_id}/edit").get_data(as_text=True)
    assert f'maxlength="{limit}"' in page and f"At most {limit} characters." in page
