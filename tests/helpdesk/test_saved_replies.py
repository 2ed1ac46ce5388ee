"""The staff's saved replies: kept per language on their page, offered (the request's working
languages first) beside the notes of a question, a delivery and a decline."""

import pytest
from sqlalchemy import select

from expert_pool.audit.models import AuditEvent
from expert_pool.exceptions import PermissionDenied, ServiceError
from expert_pool.extensions import db
from expert_pool.helpdesk.models import SavedReply
from expert_pool.helpdesk.services import save_reply

ASK = "Could you tell us which provinces the work should cover?"


def test_staff_keep_a_reply_and_find_it_beside_the_question_to_the_party(
    world, make_request, browser
):
    staff = browser(world.staff)
    saved = staff.post(
        "/replies",
        data={"title": "Which provinces", "language": "en", "body": ASK},
        follow_redirects=True,
    )
    assert "The reply “Which provinces” is saved." in saved.get_data(as_text=True)
    save_reply(
        {"title": "哪些省份", "language": "zh", "body": "请告诉我们工作覆盖哪些省份。"}, world.staff
    )
    save_reply({"title": "Merci", "language": "fr", "body": "Merci de votre demande."}, world.staff)
    db.session.commit()
    request = make_request("accepted", languages=["fr"])
    page = staff.get(f"/requests/{request.reference}").get_data(as_text=True)
    picker = page[page.index('id="reply-note-request_info"') :].split("</select>")[0]
    # The request's working language first (French), then the others by language.
    assert picker.index("Merci") < picker.index("Which provinces") < picker.index("哪些省份")
    assert f'value="{ASK}"' in picker
    for action in ("deliver", "decline"):
        assert f'id="reply-note-{action}"' in page
    assert 'id="reply-note-accept"' not in page
    party_page = browser(world.party).get(f"/requests/{request.reference}").get_data(as_text=True)
    assert "reply-note-" not in party_page and ASK not in party_page


def test_a_reply_is_changed_and_removed_on_its_page(world, browser):
    reply = save_reply({"title": "Thanks", "language": "en", "body": "Thank you."}, world.staff)
    db.session.commit()
    staff = browser(world.staff)
    assert "Thank you." in staff.get(f"/replies/{reply.id}").get_data(as_text=True)
    staff.post(
        f"/replies/{reply.id}", data={"title": "Thanks", "language": "en", "body": "Many thanks."}
    )
    db.session.expire_all()
    assert reply.body == "Many thanks."
    removed = staff.post(f"/replies/{reply.id}/delete", follow_redirects=True)
    assert "The reply “Thanks” is removed." in removed.get_data(as_text=True)
    assert db.session.scalar(select(SavedReply)) is None
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert actions.count("saved_reply.saved") == 2 and "saved_reply.deleted" in actions


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"title": "", "language": "en", "body": "x"}, "title"),
        ({"title": "A", "language": "xx", "body": "x"}, "language"),
        ({"title": "A", "language": "en", "body": "  "}, "body"),
        ({"title": "A", "language": "en", "body": "x" * 5001}, "body"),
        ({"title": "Thanks", "language": "en", "body": "again"}, "title"),
    ],
)
def test_a_bad_reply_is_refused_on_its_field(world, data, field):
    save_reply({"title": "Thanks", "language": "en", "body": "Thank you."}, world.staff)
    with pytest.raises(ServiceError) as refused:
        save_reply(data, world.staff)
    assert field in refused.value.fields


def test_only_staff_keep_saved_replies(world, browser):
    with pytest.raises(PermissionDenied):
        save_reply({"title": "A", "language": "en", "body": "x"}, world.party)
    assert browser(world.party).get("/replies").status_code == 403
    refused = browser(world.staff).post(
        "/replies", data={"title": "A", "language": "en", "body": ""}
    )
    assert refused.status_code == 200 and db.session.scalar(select(SavedReply)) is None
