"""Bulk moves in the staff queue: the ticked requests get an owner, or are closed, each through
the service of its own page; one refusal and nothing changes, each refused request named."""

import pytest
from sqlalchemy import select

from expert_pool.audit.models import AuditEvent
from expert_pool.exceptions import PermissionDenied, ServiceError
from expert_pool.extensions import db
from expert_pool.helpdesk.services import act_on_requests


def test_staff_give_the_ticked_requests_to_themselves_from_the_queue(world, make_request, browser):
    first, second, other = make_request(), make_request("accepted"), make_request()
    staff = browser(world.staff)
    page = staff.get("/queue?sort=oldest").get_data(as_text=True)
    assert f'name="references" value="{first.reference}"' in page
    done = staff.post(
        "/queue/bulk",
        data={
            "references": [first.reference, second.reference],
            "owner": "me",
            "assign": "1",
            "query": "sort=oldest",
        },
        follow_redirects=True,
    )
    assert done.request.full_path == "/queue?sort=oldest"
    text = done.get_data(as_text=True)
    assert f"Ana Staff owns these now: {first.reference}, {second.reference}." in text
    db.session.expire_all()
    assert first.owner == world.staff and second.owner == world.staff and other.owner is None
    events = db.session.scalars(select(AuditEvent).filter_by(action="request.owner")).all()
    assert {e.request_id for e in events} == {first.id, second.id}


def test_closing_is_all_or_nothing_and_names_each_refused_request(world, make_request, browser):
    delivered, open_one = make_request("delivered"), make_request("accepted")
    refused = browser(world.staff).post(
        "/queue/bulk",
        data={"references": [delivered.reference, open_one.reference], "close": "1"},
        follow_redirects=True,
    )
    text = refused.get_data(as_text=True)
    assert "Nothing was changed: 1 of the 2 requests chosen cannot be closed." in text
    assert f"{open_one.reference}: " in text and f"{delivered.reference}: " not in text
    db.session.expire_all()
    assert delivered.status == "delivered" and open_one.status == "accepted"
    done = browser(world.staff).post(
        "/queue/bulk",
        data={"references": [delivered.reference], "close": "1"},
        follow_redirects=True,
    )
    assert f"Closed: {delivered.reference}." in done.get_data(as_text=True)
    db.session.expire_all()
    assert delivered.status == "closed"
    assert all(a.status in ("completed", "withdrawn") for a in delivered.assignments)


def test_a_bulk_move_checks_like_the_single_one(world, make_request):
    request = make_request()
    with pytest.raises(PermissionDenied):
        act_on_requests([request.reference], "assign", world.party, owner_id=world.staff.id)
    with pytest.raises(ServiceError) as refused:
        act_on_requests([request.reference, "TSCC-1999-0001"], "assign", world.staff)
    assert set(refused.value.fields) == {"TSCC-1999-0001"}
    with pytest.raises(ServiceError) as refused:
        act_on_requests([request.reference], "assign", world.staff, owner_id=world.party.id)
    assert "not an active member of the staff" in refused.value.fields[request.reference][0]
    with pytest.raises(ServiceError) as refused:
        act_on_requests([], "close", world.staff)
    assert "references" in refused.value.fields
    db.session.rollback()
    assert request.owner is None


def test_parties_cannot_post_a_bulk_move(world, make_request, browser):
    request = make_request()
    answer = browser(world.party).post(
        "/queue/bulk", data={"references": [request.reference], "owner": "me", "assign": "1"}
    )
    assert answer.status_code == 403
