"""Small factories for the registry tests: a few tags, and experts made through the service."""

from expert_pool.experts.services import create_expert
from expert_pool.extensions import db
from expert_pool.taxonomy.services import ensure_parties, ensure_tags, ensure_targets

TAGS = [
    {
        "name": "invasive alien species",
        "category": "threats",
        "aliases_en": ["IAS"],
        "aliases_zh": ["外来入侵物种"],
    },
    {"name": "wetland ecology", "category": "ecosystems", "aliases_en": ["wetlands"]},
    {"name": "marine protected areas", "category": "ecosystems", "aliases_en": ["MPA"]},
    {"name": "free, prior and informed consent", "category": "people"},
    {"name": "snow leopard conservation", "category": "species"},
    {"name": "biodiversity finance", "category": "finance"},
]


def load_vocabularies() -> None:
    """The Parties, the 23 targets and a few tags, committed."""
    ensure_parties()
    ensure_targets([{"number": n, "title": f"Target {n}"} for n in range(1, 24)])
    ensure_tags(TAGS)
    db.session.commit()


def make_expert(email: str = "li.wei@example.org", **fields):
    """An active, public expert in China (unless told otherwise), committed."""
    data = {
        "email": email,
        "name": "Li Wei",
        "country": "CHN",
        "languages": ["en", "zh"],
        "tags": ["wetland ecology"],
        "targets": [11],
        "status": "active",
        "public": True,
        "bio": "Works on wetland restoration in the Yangtze basin.",
        **fields,
    }
    expert = create_expert(data, None)
    db.session.commit()
    return expert
