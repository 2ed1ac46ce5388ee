"""The outbox page: staff read every email the help desk wrote (without a mail server, the only
place they go), a newcomer follows the invitation link from it, and a failed email is sent again."""

import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from expert_pool.extensions import db
from expert_pool.notifications.delivery import deliver_due
from expert_pool.notifications.models import OutboxMessage
from expert_pool.notifications.outbox import linkify
from expert_pool.notifications.services import queue_email

NEWCOMER = "newcomer@example.org"


def test_a_newcomer_follows_the_invitation_link_read_on_the_outbox_page(
    world, browser, app, client
):
    app.config["MAIL_SERVER"] = None
    staff = browser(world.staff)
    response = staff.post(
        "/users/invite",
        data={"email": NEWCOMER, "name": "Dara Keo", "role": "party", "party": "KHM"},
    )
    assert response.status_code == 302
    assert deliver_due().kept >= 1
    page = staff.get("/outbox?q=newcomer").get_data(as_text=True)
    assert "No mail server is configured" in page and NEWCOMER in page and "kept here" in page
    (message_id,) = re.findall(r'href="/outbox/(\d+)"', page)

    email = staff.get(f"/outbox/{message_id}").get_data(as_text=True)
    (link,) = re.findall(r'<a href="(http://[^"]+/invitation/[^"]+)"', email)
    path = urlsplit(link).path
    assert client.get(path).status_code == 200
    chosen = client.post(
        path, data={"password": "a new long password", "confirm": "a new long password"}
    )
    assert chosen.status_code == 302
    signed_in = client.post("/login", data={"email": NEWCOMER, "password": "a new long password"})
    assert signed_in.status_code == 302


def test_a_failed_email_is_sent_again_and_only_a_failed_one(world, browser, app):
    message = queue_email("someone@example.org", "Hello", "Body\n")
    message.status, message.attempts, message.last_error = "failed", 10, "550 no such mailbox"
    db.session.commit()
    staff = browser(world.staff)
    page = staff.get(f"/outbox/{message.id}").get_data(as_text=True)
    assert "550 no such mailbox" in page and "Send again" in page
    assert staff.post(f"/outbox/{message.id}/resend").status_code == 302
    db.session.expire_all()
    again = db.session.get(OutboxMessage, message.id)
    assert again.status == "pending" and again.attempts == 0
    refused = staff.post(
        f"/outbox/{message.id}/resend", headers={"Referer": f"/outbox/{message.id}"}
    )
    assert refused.status_code == 302
    assert "Only a message that failed" in staff.get(f"/outbox/{message.id}").get_data(as_text=True)


@pytest.mark.parametrize("role", ["party", "expert"])
def test_only_staff_read_the_outbox(world, browser, role):
    queue_email("someone@example.org", "Private", "Body\n")
    db.session.commit()
    message = db.session.scalar(select(OutboxMessage))
    user = world.party if role == "party" else world.expert_users[0]
    visitor = browser(user)
    assert visitor.get("/outbox").status_code == 403
    assert visitor.get(f"/outbox/{message.id}").status_code == 403
    assert visitor.post(f"/outbox/{message.id}/resend").status_code == 403


def test_links_are_made_clickable_and_the_rest_escaped():
    html = str(linkify("Open https://tscc.example.org/invitation/abc. <b>now</b>"))
    assert '<a href="https://tscc.example.org/invitation/abc">' in html
    assert "abc.</a>" not in html and "&lt;b&gt;now&lt;/b&gt;" in html
