"""The worker's jobs run in-process: the matcher's change log is pruned to its recent rows, and
a matcher older than what is left rebuilds instead of missing a change."""

from datetime import timedelta

from sqlalchemy import select, update

from expert_pool.database import utcnow
from expert_pool.extensions import db
from expert_pool.helpdesk.services import invite_expert
from expert_pool.matching import services
from expert_pool.matching.models import MatcherChange
from expert_pool.ops import jobs
from tests.world import build_matching_world


def change_ids() -> list[int]:
    return list(db.session.scalars(select(MatcherChange.id).order_by(MatcherChange.id)))


def age_changes(days: int) -> None:
    moment = utcnow() - timedelta(days=days)
    db.session.execute(update(MatcherChange).values(changed_at=moment))
    db.session.commit()


def test_the_change_log_keeps_its_recent_rows_and_always_its_newest(app):
    world = build_matching_world()
    services.forget_matchers()
    age_changes(days=2)
    logged = change_ids()
    invite_expert(world.request, world.experts["bee.keeper"], world.staff, reason="Bees.")
    db.session.commit()
    recent = [i for i in change_ids() if i not in logged]

    jobs.prune_matcher_changes()
    assert change_ids() == recent  # a day's rows stay, the older ones are gone

    age_changes(days=2)
    jobs.prune_matcher_changes()
    assert change_ids() == recent[-1:]  # the newest row stays: the pools' version
    services.forget_matchers()


def test_a_matcher_older_than_the_pruned_log_rebuilds_and_sees_every_change(app):
    world = build_matching_world()
    services.forget_matchers()
    matcher = services.get_matcher()
    bees, fish = world.experts["bee.keeper"], world.experts["mekong.edna"]
    load = {e.id: matcher.load[matcher.expert_ids.index(e.id)] for e in (bees, fish)}
    invite_expert(world.request, bees, world.staff, reason="Bees.")
    db.session.commit()
    age_changes(days=2)
    invite_expert(world.request, fish, world.staff, reason="Fish.")
    db.session.commit()

    jobs.prune_matcher_changes()  # the first invitation's row is gone, the matcher never read it
    current = services.get_matcher()
    assert current is not matcher  # rebuilt, not patched with the rows that are left
    for expert in (bees, fish):
        assert current.load[current.expert_ids.index(expert.id)] == load[expert.id] + 1
    services.forget_matchers()
