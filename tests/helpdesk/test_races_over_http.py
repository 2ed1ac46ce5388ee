"""Racing clients over HTTP, each in its own thread with its own session: one wins, the others
are told of the conflict (409 with the JSON error shape), in whatever language they asked for,
including none."""

import threading

import pytest
from sqlalchemy import select

from expert_pool.experts.models import Expert
from expert_pool.extensions import db
from tests.world import bearer, make_user


def race_requests(app, method: str, calls: list[tuple[str, dict, dict]]) -> list:
    """Send each (path, body, headers) from its own thread and client, all at once."""
    barrier = threading.Barrier(len(calls))
    answers: list = [None] * len(calls)

    def run(index: int) -> None:
        path, body, headers = calls[index]
        with app.app_context():
            client = app.test_client()
            barrier.wait(timeout=10)
            answers[index] = client.open(path, method=method, json=body, headers=headers)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return answers


@pytest.mark.parametrize("language", [None, "zh"])
def test_eight_racing_accepts_make_one_winner_and_seven_conflicts(
    app, client, world, make_request, language
):
    request = make_request("submitted")
    auth = bearer(client, world.staff.email)
    if language:
        auth = {**auth, "Accept-Language": language}
    body = {"action": "accept", "version": request.version}
    path = f"/api/v1/requests/{request.reference}/actions"
    answers = race_requests(app, "POST", [(path, body, auth)] * 8)
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [200] + [409] * 7, [a.get_json() for a in answers]
    for answer in answers:
        if answer.status_code == 409:
            assert answer.get_json()["error"]["code"] == "conflict"
            assert request.reference in answer.get_json()["error"]["message"]


def test_two_staff_giving_one_address_to_two_experts_make_one_winner(app, client, world):
    second_staff = make_user("staff2@example.org", "staff")
    first, second = world.experts
    for attempt in range(5):  # the race is lost before the service's own check only sometimes
        body = {"email": f"shared{attempt}@example.org"}
        answers = race_requests(
            app,
            "PATCH",
            [
                (f"/api/v1/experts/{first.id}", body, bearer(client, world.staff.email)),
                (f"/api/v1/experts/{second.id}", body, bearer(client, second_staff.email)),
            ],
        )
        statuses = sorted(answer.status_code for answer in answers)
        assert statuses in ([200, 409], [200, 422]), [a.get_json() for a in answers]
        (loser,) = [answer for answer in answers if answer.status_code != 200]
        assert "email" in loser.get_json()["error"]["fields"]
    db.session.expire_all()
    owners = db.session.scalars(select(Expert).where(Expert.email == body["email"])).all()
    assert len(owners) == 1
