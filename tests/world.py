"""The one world builder of the tests: people, taxonomy, experts and requests created through
the services (as the seeds do), and the worlds the test packages share: the help desk's (a
Cambodian focal point, staff, an admin, two experts with accounts, requests in any state), the
matching world (experts whose fit is obvious and an accepted request), and the browser tests'
accounts on top of it. The reports' hand-counted world is built from the same pieces."""

import json
from dataclasses import dataclass
from functools import cache

import pytest
from werkzeug.security import generate_password_hash

from expert_pool.accounts.models import User
from expert_pool.accounts.services import create_user
from expert_pool.experts.models import Expert
from expert_pool.experts.services import create_expert
from expert_pool.extensions import db
from expert_pool.helpdesk.models import CooperationRequest
from expert_pool.helpdesk.services import (
    apply_action,
    apply_assignment_action,
    create_request,
    invite_expert,
    submit_request,
)
from expert_pool.seeding import SEEDS_DIR
from expert_pool.taxonomy.services import ensure_parties, ensure_tags, ensure_targets
from tests.conftest import PASSWORD

TAGS = [
    {"name": "mangrove restoration", "category": "ecosystems"},
    {"name": "coastal wetlands", "category": "ecosystems"},
    {"name": "biodiversity monitoring", "category": "methods"},
]


MATCHING_TAGS = [
    {
        "name": "eDNA metabarcoding",
        "category": "methods",
        "aliases_en": ["eDNA"],
        "aliases_zh": ["环境DNA"],
    },
    {"name": "inland fisheries", "category": "use", "aliases_zh": ["内陆渔业"]},
    {"name": "coral reefs", "category": "ecosystems", "aliases_zh": ["珊瑚礁"]},
    {"name": "access and benefit-sharing", "category": "ABS", "aliases_en": ["ABS"]},
    {"name": "snow leopard conservation", "category": "species"},
    {"name": "mangrove restoration", "category": "restoration", "aliases_zh": ["红树林修复"]},
    {"name": "urban biodiversity", "category": "cross-cutting"},
    {"name": "pollinators", "category": "species", "aliases_zh": ["传粉者"]},
]

MATCHING_EXPERTS = [
    (
        "mekong.edna",
        "Sok Dara",
        ["eDNA metabarcoding", "inland fisheries"],
        "Sok Dara designs environmental DNA surveys of freshwater fish in the Mekong and the Tonle "
        "Sap lake, and trains fisheries officers to sample water and read metabarcoding results.",
        "Mekong Fish Institute",
        "available",
    ),
    (
        "reef.watch",
        "Ana Reyes",
        ["coral reefs"],
        "Ana Reyes monitors coral bleaching and reef fish on Philippine reefs with divers.",
        "Reef Institute",
        "available",
    ),
    (
        "abs.law",
        "Chen Lu",
        ["access and benefit-sharing"],
        "Chen Lu drafts national laws on access to genetic resources and benefit-sharing.",
        "Law School",
        "available",
    ),
    (
        "snow.leopard",
        "Pasang Lama",
        ["snow leopard conservation"],
        "Pasang Lama counts snow leopards with camera traps in the Himalaya.",
        "Mountain Institute",
        "available",
    ),
    (
        "mangrove.green",
        "Tran Minh",
        ["mangrove restoration"],
        "Tran Minh replants mangroves on eroding coasts of the Mekong delta.",
        "Delta Institute",
        "available",
    ),
    (
        "city.nature",
        "Joost Berg",
        ["urban biodiversity"],
        "Joost Berg plans green roofs and urban parks for biodiversity.",
        "City Lab",
        "available",
    ),
    (
        "bee.keeper",
        "Mira Shah",
        ["pollinators"],
        "Mira Shah studies wild bees that pollinate orchards.",
        "Bee Centre",
        "available",
    ),
    (
        "busy.edna",
        "Lin Hao",
        ["eDNA metabarcoding"],
        "Lin Hao runs eDNA metabarcoding of river fish communities.",
        "River Lab",
        "unavailable",
    ),
    (
        "fa.edna",
        "Keo Vannak",
        ["eDNA metabarcoding", "inland fisheries"],
        "Keo Vannak samples eDNA of Tonle Sap fish for the national fisheries administration.",
        "Fisheries Administration",
        "available",
    ),
]


@cache
def password_hash() -> str:
    """The hash of PASSWORD, computed once: scrypt is slow on purpose."""
    return generate_password_hash(PASSWORD, method="scrypt")


def make_user(email: str, role: str, **fields) -> User:
    """A user who signs in with PASSWORD, committed."""
    user = create_user(email, role, **fields)
    user.password_hash = password_hash()
    db.session.commit()
    return user


def add_taxonomy(tags: list[dict]) -> None:
    """The KMGBF targets of the seeds and these tags, committed."""
    ensure_targets(json.loads((SEEDS_DIR / "targets.json").read_text(encoding="utf-8")))
    ensure_tags(tags)
    db.session.commit()


def make_expert(number: int, name: str, **fields) -> User:
    """An active Cambodian expert, expertN@example.org, with an account; returns the account."""
    email = f"expert{number}@example.org"
    data = {"email": email, "name": name, "country": "KHM", "status": "active", **fields}
    expert = create_expert(data, None)
    db.session.flush()
    return make_user(email, "expert", expert_id=expert.id, name=name)


def bearer(client, email: str) -> dict:
    """Authorization headers of a user of a world."""
    token = client.post("/api/v1/tokens", json={"email": email, "password": PASSWORD})
    return {"Authorization": f"Bearer {token.get_json()['token']}"}


def sign_in(client, email: str) -> None:
    """Sign a user of a world in on the pages."""
    client.post("/login", data={"email": email, "password": PASSWORD})


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


@pytest.fixture
def world(app, make_party, tmp_path) -> World:
    """The Parties, targets and tags, and one user of each kind (two experts); attachments go
    to a temporary folder."""
    app.config["ATTACHMENT_FOLDER"] = str(tmp_path / "attachments")
    make_party("KHM")
    add_taxonomy(TAGS)
    expert_users = [make_expert(1, "Dara Sok"), make_expert(2, "Mei Lin")]
    return World(
        party=make_user("focal-khm@example.org", "party", party_code="KHM", name="Sophea Chan"),
        other_party=make_user("focal-npl@example.org", "party", party_code="NPL"),
        staff=make_user("staff@example.org", "staff", name="Ana Staff"),
        admin=make_user("admin@example.org", "admin"),
        expert_users=expert_users,
    )


# The steps (actor, action) that bring a submitted request to each state through the services.
STEPS = {
    "submitted": [],
    "accepted": [("staff", "accept")],
    "info_requested": [("staff", "request_info")],
    "declined": [("staff", "decline")],
    "withdrawn": [("party", "withdraw")],
    "in_progress": [("staff", "accept"), ("expert", "work")],
    "delivered": [("staff", "accept"), ("expert", "work"), ("staff", "deliver")],
    "closed": [
        ("staff", "accept"),
        ("expert", "work"),
        ("staff", "deliver"),
        ("expert", "complete"),
        ("staff", "close"),
    ],
}


def walk(world: World, request: CooperationRequest, status: str) -> None:
    """Take a submitted request to `status` through the services (the first expert invited
    and accepting where work starts, and completing it before the request is closed)."""
    for role, action in STEPS[status]:
        if action == "work":
            assignment = invite_expert(request, world.experts[0], world.staff)
            apply_assignment_action(assignment, "accept", world.expert_users[0])
        elif action == "complete":
            (assignment,) = request.assignments
            apply_assignment_action(assignment, "complete", world.expert_users[0])
        else:
            apply_action(request, action, world.by_role(role), note="Noted.")


@pytest.fixture
def make_request(world):
    """A committed request of the Cambodian focal point, brought to `status` (see walk)."""

    def make(status: str = "submitted", **fields) -> CooperationRequest:
        request = create_request(request_data(**fields), world.party)
        if status != "draft":
            submit_request(request, world.party)
            walk(world, request, status)
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


@dataclass
class MatchingWorld:
    staff: User
    party: User
    request: CooperationRequest
    experts: dict[str, Expert]


def build_matching_world() -> MatchingWorld:
    """Create the taxonomy slice, the people and an accepted request through the services."""
    ensure_parties()
    ensure_tags(MATCHING_TAGS)
    ensure_targets(
        [
            {"number": 4, "title": "Halt species extinction"},
            {"number": 21, "title": "Knowledge for biodiversity action"},
        ]
    )
    db.session.flush()
    staff = create_user("staff@example.org", "staff", password=PASSWORD)
    party = create_user("focal@example.org", "party", password=PASSWORD, party_code="KHM")
    experts = {}
    for key, name, tags, bio, affiliation, availability in MATCHING_EXPERTS:
        experts[key] = create_expert(
            {
                "email": f"{key}@example.org",
                "name": name,
                "country": "KHM",
                "tags": tags,
                "bio": bio,
                "affiliation": affiliation,
                "languages": ["en"],
                "targets": [4],
                "availability": availability,
                "status": "active",
                "max_assignments": 2,
            },
            staff,
        )
    request = create_request(
        {
            "title": "An eDNA survey of Tonle Sap fish",
            "type": "technical_consultation",
            "problem_statement": "We need to monitor freshwater fish diversity in the Tonle Sap "
            "with environmental DNA sampled from the water.",
            "targets": [4, 21],
            "tags": ["eDNA metabarcoding"],
            "languages": ["en"],
            "institution": "Fisheries Administration",
        },
        party,
    )
    apply_action(request, "submit", party)
    apply_action(request, "accept", staff)
    db.session.commit()
    return MatchingWorld(staff=staff, party=party, request=request, experts=experts)


# Experts of the matching world who sign in: the journeys' expert, and the profile editor.
EXPERT_ACCOUNTS = ("mekong.edna", "bee.keeper")


@dataclass(frozen=True)
class People:
    """The sign-in addresses and the objects the browser tests open (plain values: the world's
    ORM objects do not outlive the seeding session)."""

    staff: str
    admin: str
    party: str
    expert: str
    expert_name: str
    editor: str
    editor_id: int
    accepted_reference: str


def seed_browser_world() -> People:
    """Create the world and its accounts, committed; return who is who."""
    world = build_matching_world()
    emails = {}
    for key in EXPERT_ACCOUNTS:
        expert = world.experts[key]
        user = create_user(
            expert.email, "expert", name=expert.name, password=PASSWORD, expert_id=expert.id
        )
        emails[key] = user.email
    admin = create_user("admin@example.org", "admin", password=PASSWORD)
    db.session.commit()
    return People(
        staff=world.staff.email,
        admin=admin.email,
        party=world.party.email,
        expert=emails["mekong.edna"],
        expert_name=world.experts["mekong.edna"].name,
        editor=emails["bee.keeper"],
        editor_id=world.experts["bee.keeper"].id,
        accepted_reference=world.request.reference,
    )
