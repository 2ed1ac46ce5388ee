"""Two people acting on the same request at the same moment, on PostgreSQL, from separate
threads with their own sessions: exactly one wins, the other gets a conflict, nothing is lost."""

import os
import threading

import pytest
from sqlalchemy import func, select

from expert_pool.accounts.models import User
from expert_pool.audit.models import AuditEvent
from expert_pool.exceptions import Conflict, ServiceError
from expert_pool.experts.models import Expert
from expert_pool.extensions import db
from expert_pool.helpdesk.models import Assignment, CooperationRequest
from expert_pool.helpdesk.services import (
    apply_action,
    create_request,
    invite_expert,
    submit_request,
)
from tests.world import request_data

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="needs PostgreSQL"),
]


@pytest.fixture(autouse=True)
def only_postgres(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite allows one writer at a time: the race is PostgreSQL's")


def race(app, *moves):
    """Run each move(session objects) in its own thread and app context, all starting together
    after every thread has read the request; returns what each returned or raised."""
    barrier = threading.Barrier(len(moves))
    results: list[object] = [None] * len(moves)

    def run(index, move):
        with app.app_context():
            try:
                prepared = move("read")
                barrier.wait(timeout=10)
                results[index] = move(prepared)
                db.session.commit()
            except ServiceError as error:
                db.session.rollback()
                results[index] = error
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i, m)) for i, m in enumerate(moves)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def transition(request_id, user_id, action, note=""):
    """A move that reads the request, then takes `action` on the version it read."""

    def move(prepared):
        if prepared == "read":
            request = db.session.get(CooperationRequest, request_id)
            return request, db.session.get(User, user_id), request.version
        request, user, version = prepared
        apply_action(request, action, user, note=note, version=version)
        return request.status

    return move


@pytest.mark.parametrize(
    ("first", "second"),
    [("accept", "accept"), ("accept", "decline"), ("request_info", "accept")],
)
def test_two_staff_screening_at_once_make_one_winner(world, make_request, app, first, second):
    request = make_request("submitted")
    before = request.version
    results = race(
        app,
        transition(request.id, world.staff.id, first, note="Out of scope."),
        transition(request.id, world.admin.id, second, note="Out of scope."),
    )
    winners = [r for r in results if isinstance(r, str)]
    losers = [r for r in results if isinstance(r, Conflict)]
    assert len(winners) == 1 and len(losers) == 1, results
    assert "changed by someone else" in losers[0].message
    db.session.expire_all()
    stored = db.session.get(CooperationRequest, request.id)
    assert stored.status == winners[0] and stored.version == before + 1
    moves = db.session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.request_id == request.id, AuditEvent.from_state == "submitted")
    )
    assert moves == 1


def test_the_same_expert_invited_twice_at_once_is_invited_once(world, make_request, app):
    request = make_request("accepted")

    def invitation(user_id):
        def move(prepared):
            if prepared == "read":
                return (
                    db.session.get(CooperationRequest, request.id),
                    db.session.get(Expert, world.experts[0].id),
                    db.session.get(User, user_id),
                )
            return invite_expert(*prepared).status

        return move

    results = race(app, invitation(world.staff.id), invitation(world.admin.id))
    assert sorted(type(r).__name__ for r in results) == ["Conflict", "str"], results
    assert db.session.scalar(select(func.count()).select_from(Assignment)) == 1


def test_parties_submitting_at_once_get_distinct_references(world, app):
    drafts = [create_request(request_data(title=f"Request {n}"), world.party) for n in range(4)]
    db.session.commit()

    def submission(draft_id):
        def move(prepared):
            if prepared == "read":
                return db.session.get(CooperationRequest, draft_id), db.session.get(
                    User, world.party.id
                )
            return submit_request(*prepared).reference

        return move

    results = race(app, *(submission(d.id) for d in drafts))
    assert all(isinstance(r, str) for r in results), results
    assert len(set(results)) == 4
