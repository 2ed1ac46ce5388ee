"""Conflicts of interest declared by staff: on the candidates page and through the API, the
expert is left out of the matches with the reason, and the declaration is audited."""

import pytest
from sqlalchemy import select

from expert_pool.audit.models import AuditEvent
from expert_pool.experts.models import ConflictOfInterest
from expert_pool.extensions import db
from expert_pool.helpdesk.services import apply_action, create_request
from tests.world import bearer, sign_in

REASON = "Co-author of the requesting team on its last survey"


def conflicts_url(world) -> str:
    return f"/api/v1/requests/{world.request.reference}/conflicts"


def matches(client, world, headers) -> dict[str, dict]:
    url = f"/api/v1/requests/{world.request.reference}/matches?k=20&include_filtered=true"
    return {m["name"]: m for m in client.get(url, headers=headers).get_json()}


def test_a_conflict_declared_through_the_api_filters_the_expert_out_with_the_reason(client, world):
    headers = bearer(client, "staff@example.org")
    top = world.experts["mekong.edna"]
    assert not matches(client, world, headers)["Sok Dara"]["filtered"]
    answer = client.post(
        conflicts_url(world), json={"expert_id": top.id, "reason": REASON}, headers=headers
    )
    assert answer.status_code == 201, answer.get_json()
    body = answer.get_json()
    assert body["expert_id"] == top.id and body["scope"] == "request"
    assert body["reference"] == world.request.reference and body["reason"] == REASON
    assert "/matches" in answer.headers["Location"]
    sok = matches(client, world, headers)["Sok Dara"]
    assert sok["filtered"] and "declared_conflict" in sok["filter_reason_codes"]
    assert any(REASON in reason for reason in sok["filter_reasons"])
    url = f"/api/v1/requests/{world.request.reference}/matches?k=20"
    assert "Sok Dara" not in [m["name"] for m in client.get(url, headers=headers).get_json()]
    event = db.session.scalar(select(AuditEvent).filter_by(action="declare_conflict"))
    assert event.request_id == world.request.id and event.note == REASON
    assert event.actor_id == world.staff.id and event.data["expert_id"] == top.id


def test_a_conflict_with_the_party_keeps_the_expert_off_its_other_requests(client, world):
    headers = bearer(client, "staff@example.org")
    top = world.experts["mekong.edna"]
    answer = client.post(
        conflicts_url(world),
        json={"expert_id": top.id, "reason": "Adviser to the ministry", "scope": "party"},
        headers=headers,
    )
    assert answer.status_code == 201 and answer.get_json()["party"] == "KHM"
    other = create_request(
        {
            "title": "Fish eDNA in the Mekong",
            "type": "technical_consultation",
            "problem_statement": "Environmental DNA of freshwater fish in the Mekong.",
            "targets": [4],
            "tags": ["eDNA metabarcoding"],
            "languages": ["en"],
        },
        world.party,
    )
    apply_action(other, "submit", world.party)
    db.session.commit()
    url = f"/api/v1/requests/{other.reference}/matches?k=20&include_filtered=true"
    found = {m["name"]: m for m in client.get(url, headers=headers).get_json()}
    assert found["Sok Dara"]["filtered"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"expert_id": 999999, "reason": REASON}, "expert_id"),
        ({"expert_id": "top", "reason": REASON}, "expert_id"),
        ({"reason": REASON}, "expert_id"),
        ({"expert_id": 1, "reason": ""}, "reason"),
        ({"expert_id": 1, "reason": "   "}, "reason"),
        ({"expert_id": 1, "reason": "x" * 1001}, "reason"),
        ({"expert_id": 1, "reason": REASON, "scope": "planet"}, "scope"),
    ],
)
def test_a_bad_declaration_names_its_field_and_writes_nothing(client, world, body, field):
    body = {**body}
    if body.get("expert_id") == 1:
        body["expert_id"] = world.experts["mekong.edna"].id
    answer = client.post(
        conflicts_url(world), json=body, headers=bearer(client, "staff@example.org")
    )
    assert answer.status_code == 422, answer.get_json()
    assert field in answer.get_json()["error"]["fields"]
    assert db.session.scalar(select(ConflictOfInterest)) is None


def test_the_same_conflict_twice_is_refused_and_only_staff_declare(client, world):
    body = {"expert_id": world.experts["mekong.edna"].id, "reason": REASON}
    headers = bearer(client, "staff@example.org")
    assert client.post(conflicts_url(world), json=body, headers=headers).status_code == 201
    again = client.post(conflicts_url(world), json=body, headers=headers)
    assert again.status_code == 422 and "expert_id" in again.get_json()["error"]["fields"]
    party = client.post(
        conflicts_url(world), json=body, headers=bearer(client, "focal@example.org")
    )
    assert party.status_code == 403
    assert client.post(conflicts_url(world), json=body).status_code == 401
    assert len(db.session.scalars(select(ConflictOfInterest)).all()) == 1


@pytest.mark.parametrize(
    ("locale", "listed", "filtered"),
    [
        ("en", "not proposed for this request", "Conflict of interest declared by staff"),
        ("zh", "不再为本请求推荐", "工作人员申报的利益冲突"),
    ],
)
def test_staff_declare_a_conflict_on_the_candidates_page_which_then_says_why(
    client, world, locale, listed, filtered
):
    world.staff.locale = locale
    db.session.commit()
    sign_in(client, "staff@example.org")
    page_url = f"/requests/{world.request.reference}/candidates"
    before = client.get(page_url).get_data(as_text=True)
    assert 'name="reason"' in before and "Sok Dara" in before
    top = world.experts["mekong.edna"]
    done = client.post(
        f"/requests/{world.request.reference}/conflicts",
        data={"expert_id": top.id, "scope": "request", "reason": REASON},
        follow_redirects=True,
    )
    page = done.get_data(as_text=True)
    assert done.request.path == page_url
    conflicts = page[page.index('id="conflicts"') :].split("</ul>")[0]
    assert "Sok Dara" in conflicts and listed in conflicts and REASON in conflicts
    ranked = page[page.index("<table") :].split("</table>")[0]
    assert "Sok Dara" not in ranked
    shown = client.get(f"{page_url}?filtered=1").get_data(as_text=True)
    assert filtered in shown and REASON in shown


def test_a_declaration_without_a_reason_is_refused_on_the_page(client, world):
    sign_in(client, "staff@example.org")
    top = world.experts["mekong.edna"]
    done = client.post(
        f"/requests/{world.request.reference}/conflicts",
        data={"expert_id": top.id, "scope": "request", "reason": ""},
        follow_redirects=True,
    )
    assert "The conflict of interest was not declared" in done.get_data(as_text=True)
    assert db.session.scalar(select(ConflictOfInterest)) is None
    party = client.application.test_client()
    sign_in(party, "focal@example.org")
    refused = party.post(
        f"/requests/{world.request.reference}/conflicts",
        data={"expert_id": top.id, "scope": "request", "reason": REASON},
    )
    assert refused.status_code == 403 and db.session.scalar(select(ConflictOfInterest)) is None


def declared(client, world, headers) -> int:
    body = {"expert_id": world.experts["mekong.edna"].id, "reason": REASON}
    answer = client.post(conflicts_url(world), json=body, headers=headers)
    assert answer.status_code == 201
    return answer.get_json()["id"]


def test_staff_remove_a_conflict_through_the_api_and_the_expert_is_matched_again(client, world):
    headers = bearer(client, "staff@example.org")
    conflict_id = declared(client, world, headers)
    url = f"{conflicts_url(world)}/{conflict_id}"
    assert client.delete(url, headers=bearer(client, "focal@example.org")).status_code == 403
    removed = client.delete(url, headers=headers)
    assert removed.status_code == 204 and removed.data == b""
    assert not matches(client, world, headers)["Sok Dara"]["filtered"]
    event = db.session.scalar(select(AuditEvent).filter_by(action="remove_conflict"))
    assert event.actor_id == world.staff.id and event.request_id == world.request.id
    assert event.note == REASON and event.data["expert"] == "Sok Dara"
    assert client.delete(url, headers=headers).status_code == 404


def test_a_conflict_is_removed_from_the_candidates_page_once_confirmed(client, world):
    conflict_id = declared(client, world, bearer(client, "staff@example.org"))
    sign_in(client, "staff@example.org")
    page_url = f"/requests/{world.request.reference}/candidates"
    page = client.get(page_url).get_data(as_text=True)
    action = f"/requests/{world.request.reference}/conflicts/{conflict_id}/remove"
    assert action in page
    asked = client.post(action).get_data(as_text=True)
    assert "Remove the conflict of interest of Sok Dara?" in asked
    assert db.session.get(ConflictOfInterest, conflict_id) is not None
    done = client.post(action, data={"confirmed": "1"}, follow_redirects=True)
    assert "Sok Dara may be proposed for this again." in done.get_data(as_text=True)
    assert db.session.scalar(select(ConflictOfInterest)) is None


def test_the_party_never_reads_a_conflict_of_interest_on_its_timeline(client, world):
    declared(client, world, bearer(client, "staff@example.org"))
    reference = world.request.reference
    party = client.get(f"/api/v1/requests/{reference}", headers=bearer(client, "focal@example.org"))
    assert "conflict" not in str(party.get_json()["timeline"]).lower()
    assert REASON not in str(party.get_json())
    staff = client.get(f"/api/v1/requests/{reference}", headers=bearer(client, "staff@example.org"))
    texts = [entry["text"] for entry in staff.get_json()["timeline"]]
    assert any("declared a conflict of interest of Sok Dara" in text for text in texts)
