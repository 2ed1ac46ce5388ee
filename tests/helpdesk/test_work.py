"""Each role's work page (/work) and GET /api/v1/me/work: what waits, the most pressing first,
each item linked to where it is acted on, and gone once acted on."""

from datetime import timedelta

from expert_pool.accounts.services import create_user
from expert_pool.database import utcnow
from expert_pool.extensions import db
from expert_pool.helpdesk.services import (
    add_comment,
    apply_action,
    apply_assignment_action,
    create_request,
    invite_expert,
    set_owner,
)
from expert_pool.helpdesk.work import list_work
from tests.world import bearer, request_data


def kinds(user) -> list[tuple[str, str | None]]:
    return [(item.kind, item.reference) for item in list_work(user)]


def test_signing_in_lands_on_the_work_page(world, client):
    from tests.conftest import PASSWORD

    response = client.post("/login", data={"email": world.party.email, "password": PASSWORD})
    assert response.headers["Location"].endswith("/work")
    again = client.get("/login")
    assert again.headers["Location"].endswith("/work")


def test_a_party_sees_questions_and_deliveries_first_then_drafts_then_open_requests(
    world, make_request, browser
):
    open_one = make_request()
    asked = make_request("info_requested")
    delivered = make_request("delivered")
    draft = create_request(request_data(title="Seagrass survey"), world.party)
    db.session.commit()
    assert kinds(world.party) == [
        ("answer_question", asked.reference),
        ("confirm_delivery", delivered.reference),
        ("draft", None),
        ("open_request", open_one.reference),
    ]
    page = browser(world.party).get("/work").get_data(as_text=True)
    assert f"/requests/{asked.reference}#answer-form" in page
    assert f"/drafts/{draft.id}" in page and "The help desk screens it." in page
    assert "My work" in page and 'badge text-bg-warning">3<' in page  # the navigation's count

    apply_action(asked, "answer", world.party, note="Koh Kong.")
    db.session.commit()
    assert ("answer_question", asked.reference) not in kinds(world.party)


def test_an_expert_sees_invitations_with_their_deadline_work_and_an_old_profile(
    world, make_request
):
    invited = make_request("accepted")
    assignment = invite_expert(invited, world.experts[0], world.staff)
    world.experts[0].verified_at = utcnow() - timedelta(days=800)
    db.session.commit()
    items = list_work(world.expert_users[0])
    assert [(i.kind, i.reference) for i in items] == [
        ("invitation", invited.reference),
        ("confirm_profile", None),
    ]
    assert items[0].due_at == assignment.respond_by
    apply_assignment_action(assignment, "accept", world.expert_users[0])
    world.experts[0].verified_at = utcnow()
    db.session.commit()
    assert kinds(world.expert_users[0]) == [("work", invited.reference)]


def test_staff_see_their_own_and_unowned_requests_overdue_first(world, make_request):
    late = make_request(title="Late one")
    fresh = make_request(title="Fresh one")
    others = make_request(title="A colleague's")
    late.due_at = utcnow() - timedelta(days=1)
    set_owner(others, world.admin.id, world.staff)
    set_owner(fresh, world.staff.id, world.staff)
    db.session.commit()
    items = list_work(world.staff)
    assert [(i.kind, i.reference) for i in items] == [
        ("screen", late.reference),
        ("screen", fresh.reference),
    ]
    assert items[0].is_overdue and items[1].owner == "Ana Staff"
    apply_action(late, "accept", world.staff)
    db.session.commit()
    assert ("find_experts", late.reference) in kinds(world.staff)
    assert ("screen", late.reference) not in kinds(world.staff)


def test_staff_see_invitations_about_to_expire_and_the_partys_last_word(world, make_request):
    request = make_request("accepted")
    assignment = invite_expert(request, world.experts[0], world.staff)
    assignment.respond_by = utcnow() + timedelta(hours=20)
    add_comment(request, world.party, "Any news?")
    db.session.commit()
    assert ("expiring_invitation", request.reference) in kinds(world.staff)
    assert ("unanswered_comment", request.reference) in kinds(world.staff)
    add_comment(request, world.staff, "An expert is invited.")
    db.session.commit()
    assert ("unanswered_comment", request.reference) not in kinds(world.staff)


def test_an_admin_also_sees_pending_profiles_and_accounts(world, client):
    create_user("newcomer@example.org", "staff", name="New Comer")
    world.experts[1].status = "pending"
    db.session.commit()
    admin_kinds = [i.kind for i in list_work(world.admin)]
    assert "pending_profile" in admin_kinds and "pending_user" in admin_kinds
    assert "pending_user" not in [i.kind for i in list_work(world.staff)]


def test_the_api_answers_what_the_page_shows(world, make_request, client):
    asked = make_request("info_requested")
    body = client.get("/api/v1/me/work", headers=bearer(client, world.party.email)).get_json()
    assert body["items"][0]["kind"] == "answer_question"
    assert body["items"][0]["reference"] == asked.reference
    assert body["items"][0]["link"].endswith(f"/requests/{asked.reference}#answer-form")
    zh = client.get(
        "/api/v1/me/work",
        headers={**bearer(client, world.party.email), "Accept-Language": "zh"},
    ).get_json()
    assert zh["items"][0]["label"] != body["items"][0]["label"]


def test_the_work_page_speaks_chinese(world, make_request, browser):
    make_request("info_requested")
    party = browser(world.party)
    party.post("/language", data={"locale": "zh", "next": "/work"})
    page = party.get("/work").get_data(as_text=True)
    assert "等待您答复的问题" in page and "我的工作" in page
