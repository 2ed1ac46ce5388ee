"""The help desk pages: the request form with drafts and files, the request page with its
actions, comments and timeline, an expert's invitations, the staff queue, and the full journey."""

import io
import re

from sqlalchemy import select

from expert_pool.extensions import db
from expert_pool.helpdesk.models import Attachment, CooperationRequest
from expert_pool.helpdesk.services import add_comment, apply_action, invite_expert
from expert_pool.notifications.delivery import deliver_due
from tests.forms import form_fields


def form_data(**fields) -> dict:
    """The request form as a browser posts it."""
    data = {
        "title": "Mapping mangrove loss in the Koh Kong province",
        "problem_statement": "We need methods to map mangrove loss and plan restoration.",
        "type": "technical_consultation",
        "targets": ["2", "3"],
        "thematic_areas": ["marine_coastal"],
        "tags": "mangrove restoration; coastal wetlands",
        "languages": ["en", "km"],
        "urgency": "high",
        "level": "national",
    }
    data.update(fields)
    return data


def page_of(response) -> str:
    return response.get_data(as_text=True)


def act(client, item, action, **fields):
    """Press an action's button on the request page, with the version shown there."""
    page = page_of(client.get(f"/requests/{item.reference}"))
    assert f'name="action" value="{action}"' in page, f"{action} is not offered"
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    return client.post(
        f"/requests/{item.reference}/actions",
        data={"action": action, "version": version, **fields},
        follow_redirects=True,
    )


def test_the_full_journey_on_the_pages(world, browser, smtp_server):
    party, staff = browser(world.party), browser(world.staff)
    first, second = (browser(user) for user in world.expert_users)

    submitted = party.post(
        "/requests/new", data=form_data(submit_request="1"), follow_redirects=True
    )
    assert "is submitted as TSCC-" in page_of(submitted)
    item = db.session.scalar(select(CooperationRequest))
    assert item.status == "submitted" and item.party_code == "KHM"

    assert "Done: accept the request." in page_of(act(staff, item, "accept"))
    for expert in world.experts:
        invited = staff.post(
            f"/requests/{item.reference}/assignments",
            data={"expert_id": expert.id, "reason": "Works on mangroves.", "version": ""},
            follow_redirects=True,
        )
        assert f"{expert.name} is invited" in page_of(invited)

    invitations = page_of(second.get("/invitations"))
    assert item.reference in invitations and "Decline the invitation" in invitations
    second_id, first_id = (a.id for a in sorted(item.assignments, key=lambda a: -a.expert_id))
    refused = second.post(
        f"/assignments/{second_id}/actions", data={"action": "decline"}, follow_redirects=True
    )
    assert "Say why you decline" in page_of(refused)
    declined = second.post(
        f"/assignments/{second_id}/actions",
        data={"action": "decline", "reason": "On fieldwork until June."},
        follow_redirects=True,
    )
    assert "Done: decline the invitation." in page_of(declined)
    first.post(f"/assignments/{first_id}/actions", data={"action": "accept"})
    db.session.expire_all()
    assert item.status == "in_progress"

    delivered = act(first, item, "deliver", note="The map and a restoration plan are sent.")
    assert "Done: record the delivery." in page_of(delivered)
    confirmed = act(party, item, "confirm", rating="4", note="Useful, thank you.")
    assert "Done: confirm the delivery." in page_of(confirmed)
    db.session.expire_all()
    assert item.status == "closed" and item.rating == 4
    act(staff, item, "reopen")
    act(staff, item, "deliver", note="The annex with the field data.")
    closed = act(staff, item, "close")
    assert "Done: close the request." in page_of(closed)

    page = page_of(party.get(f"/requests/{item.reference}"))
    for step in (
        "submitted the request",
        "accepted the request",
        "invited Dara Sok",
        "invited Mei Lin",
        "Mei Lin</strong> declined the invitation",
        "Dara Sok</strong> accepted the invitation",
        "recorded the delivery",
        "confirmed the delivery with a rating of 4 out of 5",
        "closed the request",
    ):
        assert step in page, step
    assert "On fieldwork until June." not in page  # experts' reasons are for staff

    assert deliver_due().sent >= 10
    inbox = smtp_server.inbox
    party_mail = " | ".join(inbox.subjects(world.party.email))
    assert "We received your request" in party_mail and "was delivered" in party_mail
    assert all(inbox.subjects(e.email) for e in world.experts)
    invitation = inbox.to(world.experts[0].email)[0]
    assert item.title in invitation.get_content() and "/invitations" in invitation.get_content()


def test_a_draft_is_saved_edited_with_files_then_submitted(world, browser):
    party = browser(world.party)
    saved = party.post(
        "/requests/new",
        data=form_data(
            save_draft="1",
            files=[(io.BytesIO(b"%PDF-1.4 concept note"), "concept note.pdf")],
        ),
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "Your draft is saved" in page_of(saved)
    draft = db.session.scalar(select(CooperationRequest))
    assert draft.status == "draft" and draft.reference is None
    assert [a.filename for a in draft.attachments] == ["concept_note.pdf"]
    assert "Requests of Cambodia" in page_of(party.get("/requests/mine"))

    with party.get(f"/attachments/{draft.attachments[0].id}") as download:
        assert download.data == b"%PDF-1.4 concept note"
    assert browser(world.staff).get(f"/attachments/{draft.attachments[0].id}").status_code == 404

    wrong = party.post(
        f"/drafts/{draft.id}",
        data=form_data(save_draft="1", files=[(io.BytesIO(b"MZ..."), "tool.exe")], targets=["2"]),
        content_type="multipart/form-data",
    )
    assert "only these file types are accepted" in page_of(wrong)
    submitted = party.post(
        f"/drafts/{draft.id}",
        data=form_data(submit_request="1", title="Mangrove loss: maps and a plan"),
        follow_redirects=True,
    )
    assert "is submitted as TSCC-" in page_of(submitted)
    db.session.expire_all()
    assert draft.status == "submitted" and draft.title == "Mangrove loss: maps and a plan"
    assert draft.reference in page_of(party.get("/requests/mine"))


def test_the_form_shows_what_is_missing(world, browser):
    response = browser(world.party).post(
        "/requests/new", data=form_data(targets=[], languages="xx", submit_request="1")
    )
    page = page_of(response)
    assert response.status_code == 200
    assert "name at least one KMGBF target" in page and "not ISO 639-1" in page
    assert db.session.scalar(select(CooperationRequest)) is None


def test_a_stale_page_gets_a_clear_message_and_changes_nothing(world, browser, make_request):
    item = make_request("submitted")
    staff, colleague = browser(world.staff), browser(world.admin)
    seen = item.version
    colleague.post(
        f"/requests/{item.reference}/actions", data={"action": "accept", "version": seen}
    )
    late = staff.post(
        f"/requests/{item.reference}/actions",
        data={"action": "decline", "version": seen, "note": "Out of scope."},
        follow_redirects=True,
    )
    assert "was changed by someone else" in page_of(late)
    db.session.expire_all()
    assert item.status == "accepted"


def test_an_action_the_viewer_may_not_take_is_refused_with_a_message(world, browser, make_request):
    item = make_request("submitted")
    party = browser(world.party)
    assert 'value="accept"' not in page_of(party.get(f"/requests/{item.reference}"))
    response = party.post(
        f"/requests/{item.reference}/actions",
        data={"action": "accept", "version": item.version},
        follow_redirects=True,
    )
    assert "A party user cannot accept a request" in page_of(response)


def test_internal_comments_stay_with_staff(world, browser, make_request):
    item = make_request("submitted")
    staff, party = browser(world.staff), browser(world.party)
    staff.post(
        f"/requests/{item.reference}/comments",
        data={"body": "Check the 2024 request from the same ministry.", "internal": "y"},
    )
    party.post(f"/requests/{item.reference}/comments", data={"body": "Any news?"})
    party_page = page_of(party.get(f"/requests/{item.reference}"))
    assert "Any news?" in party_page and "the same ministry" not in party_page
    assert "the same ministry" in page_of(staff.get(f"/requests/{item.reference}"))
    refused = party.post(
        f"/requests/{item.reference}/comments",
        data={"body": "sneaky", "internal": "y"},
        follow_redirects=True,
    )
    assert "Only staff write internal comments" in page_of(refused)


def test_other_parties_and_uninvited_experts_do_not_see_a_request(world, browser, make_request):
    item = make_request("submitted")
    assert browser(world.other_party).get(f"/requests/{item.reference}").status_code == 404
    assert browser(world.expert_users[0]).get(f"/requests/{item.reference}").status_code == 404
    assert browser(world.party).get("/queue").status_code == 403


def test_the_queue_counts_filters_and_pages(world, browser, make_request, app):
    app.config["PAGE_SIZE"] = 2
    make_request("submitted", title="Wetland inventory", urgency="low")
    make_request("accepted", title="Mangrove maps")
    make_request("submitted", title="Seed banks", type="capacity_building", targets=[13])
    staff = browser(world.staff)
    page = page_of(staff.get("/queue"))
    assert re.search(r"submitted\s*<span[^>]*>2</span>", page)
    assert "Page 1 of 2" in page
    assert "Seed banks" in page_of(staff.get("/queue?target=13"))
    assert "Wetland inventory" not in page_of(staff.get("/queue?target=13"))
    only_low = page_of(staff.get("/queue?urgency=low"))
    assert "Wetland inventory" in only_low and "Mangrove maps" not in only_low
    by_tag = page_of(staff.get("/queue?tag=Mangrove+restoration&status=accepted"))
    assert "Mangrove maps" in by_tag and "Seed banks" not in by_tag
    urgent_first = page_of(staff.get("/queue?sort=urgency"))  # two a page: the two urgent ones
    assert "Mangrove maps" in urgent_first and "Seed banks" in urgent_first
    assert "Wetland inventory" not in urgent_first
    assert staff.get("/queue?target=99&sort=nonsense").status_code == 200


def test_a_party_comment_on_a_request_is_emailed_to_staff(world, make_request, smtp_server):
    item = make_request("accepted")
    add_comment(item, world.party, "The provincial office can host the workshop.")
    apply_action(item, "withdraw", world.party, note="We found funding elsewhere.")
    db.session.commit()
    deliver_due()
    subjects = smtp_server.inbox.subjects(world.staff.email)
    assert any("New comment" in s for s in subjects)
    assert any("withdrew the request" in s for s in subjects)


def test_a_file_can_be_removed_from_a_draft_by_its_uploader(world, browser):
    party = browser(world.party)
    party.post(
        "/requests/new",
        data=form_data(save_draft="1", files=[(io.BytesIO(b"a,b\n1,2\n"), "data.csv")]),
        content_type="multipart/form-data",
    )
    attachment = db.session.scalar(select(Attachment))
    assert attachment.content_type == "text/csv"
    removed = party.post(f"/attachments/{attachment.id}/delete", follow_redirects=True)
    assert "The file is removed." in page_of(removed)
    assert db.session.scalar(select(Attachment)) is None


def test_withdrawing_a_request_asks_first_and_changes_nothing_until_confirmed(
    world, make_request, browser
):
    item = make_request("submitted")
    party = browser(world.party)
    asked = act(party, item, "withdraw", note="Solved locally.")
    page = page_of(asked)
    assert f"Withdraw the request {item.reference}?" in page
    assert "Yes, withdraw the request" in page and f'href="/requests/{item.reference}"' in page
    db.session.refresh(item)
    assert item.status == "submitted"
    fields = form_fields(page, f"/requests/{item.reference}/actions")
    assert fields["note"] == "Solved locally." and fields["confirmed"] == "1"
    done = party.post(f"/requests/{item.reference}/actions", data=fields, follow_redirects=True)
    assert "Done: withdraw the request." in page_of(done)
    db.session.refresh(item)
    assert item.status == "withdrawn"
    world.party.locale = "zh"
    db.session.commit()
    other = make_request("submitted")
    assert f"撤回请求 {other.reference}？" in page_of(act(party, other, "withdraw"))


def test_withdrawing_an_invitation_asks_first(world, make_request, browser):
    item = make_request("accepted")
    assignment = invite_expert(item, world.experts[0], world.staff)
    db.session.commit()
    staff = browser(world.staff)
    url = f"/assignments/{assignment.id}/actions"
    assert 'name="action" value="withdraw"' in page_of(staff.get(f"/requests/{item.reference}"))
    asked = page_of(staff.post(url, data={"action": "withdraw"}))
    assert (
        "Withdraw the invitation of Dara Sok" in asked and "Yes, withdraw the invitation" in asked
    )
    db.session.refresh(assignment)
    assert assignment.status == "invited"
    staff.post(url, data=form_fields(asked, url))
    db.session.refresh(assignment)
    assert assignment.status == "withdrawn"
