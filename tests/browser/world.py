"""The small world the browser tests run in: the matching tests' taxonomy slice, experts and
accepted request, plus sign-in accounts for two experts and an admin. Everything goes through
the services, as the seeds do."""

from dataclasses import dataclass

from expert_pool.accounts.services import create_user
from expert_pool.extensions import db
from tests.conftest import PASSWORD
from tests.matching.app.world import build_world

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
    world = build_world()
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
