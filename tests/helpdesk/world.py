"""Fixtures of the help desk and notification tests: a small world (the Parties, the KMGBF
targets, a few tags, a Cambodian focal point, staff, two experts with accounts), a factory of
requests in any state, and a signed-in browser per user."""

import json
from dataclasses import dataclass
from functools import cache

import pytest
from werkzeug.security import generate_password_hash

from expert_pool.accounts.models import User
from expert_pool.accounts.services import create_user
from expert_pool.experts.models import Expert
from expert_pool.extensions import db
from expert_pool.helpdesk.models import Assignment, CooperationRequest
from expert_pool.helpdesk.services import create_request, submit_request
from expert_pool.seeding import SEEDS_DIR
from expert_pool.taxonomy.services import ensure_tags, ensure_targets
from tests.conftest import PASSWORD

TAGS = [
    {"name": "mangrove restoration", "category": "ecosystems"},
    {"name": "coastal wetlands", "category": "ecosystems"},
    {"name": "biodiversity monitoring", "category": "methods"},
]


@dataclass
class World:
    """The people of a help-desk test."""

    party: User
    other_party: User
    staff: User
    admin: User
    expert_users: list[User]

    @property
    def experts(self) -> list[Expert]:
        return [u.expert for u in self.expert_users]

    def by_role(self, role: str) -> User:
        """A user of the role who is concerned by the test's requests."""
        return {
            "party": self.party,
            "staff": self.staff,
            "admin": self.admin,
            "expert": self.expert_users[0],
        }[role]


def request_data(**fields) -> dict:
    """The fields of a valid request, as a form or the API sends them."""
    data = {
        "title": "Mapping mangrove loss in the Koh Kong province",
        "problem_statement": "Mangroves along the coast are being lost; we need methods to map "
        "them with satellite images and to plan their restoration with the communities.",
        "type": "technical_consultation",
        "targets": [2, 3],
        "thematic_areas": ["marine_coastal"],
        "tags": ["mangrove restoration"],
        "languages": ["en", "km"],
        "urgency": "high",
        "level": "national",
        "institution": "Ministry of Environment",
    }
    data.update(fields)
    return data


@cache
def password_hash() -> str:
    """The hash of PASSWORD, computed once: scrypt is slow on purpose."""
    return generate_password_hash(PASSWORD, method="scrypt")


def make_user(email: str, role: str, **fields) -> User:
    """A user who signs in with PASSWORD."""
    user = create_user(email, role, **fields)
    user.password_hash = password_hash()
    db.session.commit()
    return user


@pytest.fixture
def world(app, make_party, tmp_path) -> World:
    """The Parties, targets and tags, and one user of each kind (two experts); attachments go
    to a temporary folder."""
    app.config["ATTACHMENT_FOLDER"] = str(tmp_path / "attachments")
    make_party("KHM")
    ensure_targets(json.loads((SEEDS_DIR / "targets.json").read_text(encoding="utf-8")))
    ensure_tags(TAGS)
    db.session.commit()
    expert_users = []
    for number, name in ((1, "Dara Sok"), (2, "Mei Lin")):
        expert = Expert(
            email=f"expert{number}@example.org", name=name, country_code="KHM", status="active"
        )
        db.session.add(expert)
        db.session.flush()
        expert_users.append(
            make_user(f"expert{number}@example.org", "expert", expert_id=expert.id, name=name)
        )
    return World(
        party=make_user("focal-khm@example.org", "party", party_code="KHM", name="Sophea Chan"),
        other_party=make_user("focal-npl@example.org", "party", party_code="NPL"),
        staff=make_user("staff@example.org", "staff", name="Ana Staff"),
        admin=make_user("admin@example.org", "admin"),
        expert_users=expert_users,
    )


@pytest.fixture
def make_request(world):
    """A committed request of the Cambodian focal point, brought to `status` directly (the
    states' invariants included: the first expert has accepted where work has started, and
    completed it where the request is closed)."""

    def make(status: str = "submitted", **fields) -> CooperationRequest:
        request = create_request(request_data(**fields), world.party)
        if status != "draft":
            submit_request(request, world.party)
            request.status = status
            if status in ("in_progress", "delivered"):
                db.session.add(
                    Assignment(request=request, expert=world.experts[0], status="accepted")
                )
            if status == "closed":  # closing completed the work
                request.closed_at = request.submitted_at
                db.session.add(
                    Assignment(
                        request=request,
                        expert=world.experts[0],
                        status="completed",
                        completed_at=request.closed_at,
                    )
                )
        db.session.commit()
        return request

    return make


@pytest.fixture
def browser(app):
    """A signed-in browser per user: browser(user).get(...)."""

    def sign_in(user):
        client = app.test_client()
        response = client.post("/login", data={"email": user.email, "password": PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)[:300]
        return client

    return sign_in
