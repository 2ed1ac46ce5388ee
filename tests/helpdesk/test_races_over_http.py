"""Racing clients over HTTP, each in its own thread with its own session: one wins, the others
are told of the conflict (409 with the JSON error shape), in whatever language they asked for,
including none."""

import threading

import pytest

from tests.world import bearer


def race_posts(app, path: str, bodies: list[dict], headers: list[dict]) -> list:
    """POST each body from its own thread and client, all at once; the answers in order."""
    barrier = threading.Barrier(len(bodies))
    answers: list = [None] * len(bodies)

    def run(index: int) -> None:
        with app.app_context():
            client = app.test_client()
            barrier.wait(timeout=10)
            answers[index] = client.post(path, json=bodies[index], headers=headers[index])

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(bodies))]
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
    answers = race_posts(
        app, f"/api/v1/requests/{request.reference}/actions", [body] * 8, [auth] * 8
    )
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [200] + [409] * 7, [a.get_json() for a in answers]
    for answer in answers:
        if answer.status_code == 409:
            assert answer.get_json()["error"]["code"] == "conflict"
            assert request.reference in answer.get_json()["error"]["message"]
