"""A small world for matching in the app: a taxonomy slice, experts whose fit is obvious, a
staff user, a Cambodian focal point and an accepted request."""

from dataclasses import dataclass

from expert_pool.accounts.models import User
from expert_pool.accounts.services import create_user
from expert_pool.experts.models import Expert
from expert_pool.experts.services import create_expert
from expert_pool.extensions import db
from expert_pool.helpdesk.models import CooperationRequest
from expert_pool.helpdesk.services import apply_action, create_request
from expert_pool.taxonomy.services import ensure_parties, ensure_tags, ensure_targets
from tests.conftest import PASSWORD

TAGS = [
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

EXPERTS = [
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


@dataclass
class World:
    staff: User
    party: User
    request: CooperationRequest
    experts: dict[str, Expert]


def build_world() -> World:
    """Create the taxonomy slice, the people and an accepted request through the services."""
    ensure_parties()
    ensure_tags(TAGS)
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
    for key, name, tags, bio, affiliation, availability in EXPERTS:
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
    return World(staff=staff, party=party, request=request, experts=experts)


def bearer(client, email: str) -> dict:
    """Authorization headers of a user of the world."""
    token = client.post("/api/v1/tokens", json={"email": email, "password": PASSWORD})
    return {"Authorization": f"Bearer {token.get_json()['token']}"}


def sign_in(client, email: str) -> None:
    """Sign a user of the world in on the pages."""
    client.post("/login", data={"email": email, "password": PASSWORD})
