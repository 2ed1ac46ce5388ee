"""The conversation carries files: a comment comes with its files, which the other side opens
from the thread; the files of an internal comment stay with staff; the emails of a thread quote
the messages before them."""

import io

from sqlalchemy import select

from expert_pool.extensions import db
from expert_pool.helpdesk.services import add_comment, apply_action
from expert_pool.notifications.models import OutboxMessage
from tests.world import bearer


def email_to(address: str) -> OutboxMessage:
    return db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.to_address == address)
        .order_by(OutboxMessage.id.desc())
    ).first()


def test_a_comment_with_a_file_reaches_the_other_side(world, make_request, browser):
    request = make_request("accepted")
    staff = browser(world.staff)
    posted = staff.post(
        f"/requests/{request.reference}/comments",
        data={
            "body": "Here is the draft terms of reference.",
            "files": [(io.BytesIO(b"%PDF-1.4 terms"), "terms.pdf")],
        },
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "Your comment is added." in posted.get_data(as_text=True)
    (comment,) = request.comments
    assert [a.filename for a in comment.attachments] == ["terms.pdf"]
    party = browser(world.party)
    page = party.get(f"/requests/{request.reference}").get_data(as_text=True)
    thread = page[page.index('id="comments-title"') :]
    link = f"/attachments/{comment.attachments[0].id}"
    assert thread.index("Here is the draft terms of reference.") < thread.index(link)
    with party.get(link) as download:
        assert download.data == b"%PDF-1.4 terms"
    assert "terms.pdf" in email_to(world.party.email).body_text


def test_a_file_refused_by_the_rules_keeps_the_comment_out(world, make_request, browser):
    request = make_request("accepted")
    refused = browser(world.party).post(
        f"/requests/{request.reference}/comments",
        data={"body": "A script for you.", "files": [(io.BytesIO(b"echo"), "run.sh")]},
        content_type="multipart/form-data",
        follow_redirects=True,
    )
    assert "only these file types are accepted" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert request.comments == [] and request.attachments == []


def test_the_files_of_an_internal_comment_stay_with_staff(world, make_request, browser):
    request = make_request("accepted")
    comment = add_comment(
        request,
        world.staff,
        "Budget notes for us.",
        internal=True,
        files=[("budget.pdf", io.BytesIO(b"%PDF-1.4 numbers"))],
    )
    db.session.commit()
    link = f"/attachments/{comment.attachments[0].id}"
    assert browser(world.party).get(link).status_code == 404
    with browser(world.staff).get(link) as download:
        assert download.status_code == 200
    party_page = browser(world.party).get(f"/requests/{request.reference}").get_data(as_text=True)
    assert "budget.pdf" not in party_page


def test_the_api_lists_only_the_files_the_viewer_may_open(world, make_request, client):
    request = make_request("accepted")
    add_comment(request, world.staff, "Ours.", internal=True, files=[("a.txt", io.BytesIO(b"a"))])
    add_comment(request, world.staff, "Yours.", files=[("b.txt", io.BytesIO(b"b"))])
    db.session.commit()
    answer = client.get(
        f"/api/v1/requests/{request.reference}", headers=bearer(client, world.party.email)
    ).get_json()
    assert [a["filename"] for a in answer["attachments"]] == ["b.txt"]
    (shared,) = answer["comments"]
    assert shared["attachments"] == [answer["attachments"][0]["id"]]


def test_the_emails_of_a_thread_quote_the_messages_before_them(world, make_request):
    request = make_request("accepted")
    add_comment(request, world.party, "Our ministry has a GIS unit.\nIt has four people.")
    add_comment(request, world.staff, "Thank you, noted internally.", internal=True)
    apply_action(request, "request_info", world.staff, note="Which provinces exactly?")
    db.session.flush()
    question = email_to(world.party.email).body_text
    assert "Which provinces exactly?" in question
    assert "Sophea Chan wrote:" in question
    assert "> Our ministry has a GIS unit.\n> It has four people." in question
    assert "noted internally" not in question  # internal comments are never quoted
    apply_action(request, "answer", world.party, note="Koh Kong and Kampot.")
    db.session.flush()
    answer = email_to(world.staff.email).body_text
    assert "Ana Staff asked the Party:" in answer and "> Which provinces exactly?" in answer
    add_comment(request, world.staff, "We will start there.")
    db.session.flush()
    comment = email_to(world.party.email).body_text
    assert "Sophea Chan answered:" in comment and "> Koh Kong and Kampot." in comment
