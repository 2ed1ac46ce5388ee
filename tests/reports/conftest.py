"""Fixtures of the report tests: a small world whose figures were counted by hand (see
test_reports_figures.py for the count), built through the services with fixed times."""

from dataclasses import dataclass
from datetime import date, datetime

import pytest

from expert_pool.accounts.models import User
from expert_pool.events.services import create_event
from expert_pool.experts.models import Expert
from expert_pool.extensions import db
from expert_pool.helpdesk.models import Assignment, CooperationRequest
from expert_pool.helpdesk.services import (
    apply_action,
    apply_assignment_action,
    create_request,
    invite_expert,
)
from tests.world import TAGS as DESK_TAGS
from tests.world import add_taxonomy, make_expert, make_user, sign_in

# The help desk's tags but the coastal wetlands.
TAGS = [tag for tag in DESK_TAGS if tag["name"] != "coastal wetlands"]
NOW = datetime(2025, 6, 1, 12, 0)


@dataclass
class ReportWorld:
    """The people and requests of the hand-counted world."""

    staff: User
    khm: User
    npl: User
    experts: list[Expert]
    requests: dict[str, CooperationRequest]


def at(text: str) -> datetime:
    """A moment of 2025 (or another year) written as 'MM-DD HH:MM' or a full ISO time."""
    return datetime.fromisoformat(text if len(text) > 11 else f"2025-{text}")


def _request(party: User, title: str, kind: str, targets: list[int], submitted: str):
    request = create_request(
        {
            "title": title,
            "problem_statement": f"{title}: what we need.",
            "type": kind,
            "targets": targets,
            "tags": ["mangrove restoration"],
            "languages": ["en"],
        },
        party,
        at=at(submitted),
    )
    apply_action(request, "submit", party, at=at(submitted))
    return request


def _assignment(request: CooperationRequest, expert: Expert) -> Assignment:
    return next(a for a in request.assignments if a.expert_id == expert.id)


@pytest.fixture
def report_world(app, make_party) -> ReportWorld:
    """Five requests in 2025 (and one of 2024, one draft), three experts, two events."""
    make_party("KHM")
    add_taxonomy(TAGS)
    staff = make_user("staff@example.org", "staff", name="Ana Staff")
    khm = make_user("focal-khm@example.org", "party", party_code="KHM")
    npl = make_user("focal-npl@example.org", "party", party_code="NPL")
    names = ((1, "Dara Sok"), (2, "Mei Lin"), (3, "Zoe Quiet"))
    experts = [make_expert(number, name, max_assignments=3).expert for number, name in names]
    e1, e2, _e3 = experts

    r1 = _request(khm, "Mapping mangroves", "technical_consultation", [2, 3], "01-06 09:00")
    apply_action(r1, "accept", staff, at=at("01-08 09:00"))
    invite_expert(r1, e1, staff, at=at("01-10 09:00"))
    apply_assignment_action(_assignment(r1, e1), "accept", staff, at=at("01-11 09:00"))
    apply_action(r1, "deliver", staff, note="The maps.", at=at("01-16 09:00"))
    apply_assignment_action(_assignment(r1, e1), "complete", staff, at=at("01-17 09:00"))
    apply_action(r1, "confirm", khm, rating=5, note="Thanks.", at=at("01-20 09:00"))

    r2 = _request(khm, "Training rangers", "capacity_building", [3], "02-03 09:00")
    apply_action(r2, "accept", staff, at=at("02-07 09:00"))
    invite_expert(r2, e1, staff, at=at("02-10 09:00"))
    apply_assignment_action(_assignment(r2, e1), "decline", staff, reason="Busy", at=at("02-11"))
    invite_expert(r2, e2, staff, at=at("02-13 09:00"))
    apply_assignment_action(_assignment(r2, e2), "accept", staff, at=at("02-17 09:00"))
    apply_action(r2, "deliver", staff, note="Trained.", at=at("03-05 09:00"))

    r3 = _request(npl, "A guide to indicators", "knowledge_product", [21], "03-03 09:00")
    apply_action(r3, "request_info", staff, note="Which ones?", at=at("03-04 09:00"))
    apply_action(r3, "answer", npl, note="Headline ones.", at=at("03-05 09:00"))
    apply_action(r3, "accept", staff, at=at("03-06 09:00"))
    apply_action(r3, "deliver", staff, note="The guide.", at=at("03-10 09:00"))
    apply_action(r3, "confirm", npl, rating=3, note="Late.", at=at("03-12 09:00"))

    r4 = _request(npl, "Out of scope", "technical_consultation", [2], "03-17 09:00")
    apply_action(r4, "decline", staff, note="Not for us.", at=at("03-20 09:00"))

    r5 = _request(khm, "Waiting", "other", [2], "04-01 09:00")

    old = _request(khm, "Last year", "technical_consultation", [2], "2024-12-20T09:00")
    apply_action(old, "accept", staff, at=at("01-02 09:00"))
    create_request(
        {"title": "A draft", "type": "other", "targets": [2], "tags": [], "languages": []}, khm
    )

    create_event(
        {
            "title": "Mangrove restoration workshop",
            "type": "workshop",
            "start_date": date(2025, 5, 10),
            "end_date": date(2025, 5, 11),
            "place": "Phnom Penh",
            "parties": ["KHM"],
            "targets": [3],
            "requests": [r1.reference],
            "experts": [e1.id],
            "participants": [
                {"party": "KHM", "role": "official", "gender": "female", "count": 10},
                {"party": "KHM", "role": "researcher", "gender": "male", "count": 5},
                {"party": None, "role": "other", "gender": "other", "count": 2},
            ],
        },
        staff,
    )
    create_event(
        {
            "title": "Last year's webinar",
            "type": "webinar",
            "start_date": date(2024, 11, 1),
            "is_online": True,
            "participants": [{"party": "NPL", "role": "official", "gender": "male", "count": 7}],
        },
        staff,
    )
    db.session.commit()
    return ReportWorld(
        staff=staff,
        khm=khm,
        npl=npl,
        experts=experts,
        requests={"r1": r1, "r2": r2, "r3": r3, "r4": r4, "r5": r5, "old": old},
    )


@pytest.fixture
def staff_client(app, report_world):
    """A browser signed in as staff."""
    client = app.test_client()
    sign_in(client, "staff@example.org")
    return client
