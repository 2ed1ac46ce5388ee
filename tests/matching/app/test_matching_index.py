"""The vector cache, profile changes, the CLI and the fallback without a model."""

import json

from sqlalchemy import func, select

from expert_pool import create_app
from expert_pool.database import insert_missing
from expert_pool.experts.services import set_expert_status, update_expert
from expert_pool.extensions import db
from expert_pool.helpdesk.services import invite_expert
from expert_pool.matching import services
from expert_pool.matching.models import EmbeddingVector
from tests.world import build_matching_world, sign_in


def test_vectors_are_cached_by_model_and_text(world):
    matcher = services.rebuild_matcher()
    db.session.commit()
    stored = db.session.scalar(select(func.count()).select_from(EmbeddingVector))
    assert stored >= len(world.experts)  # at least one profile text each
    assert matcher.computed_vectors()  # the first build had to embed
    services.forget_matchers()
    again = services.rebuild_matcher()
    assert again.computed_vectors() == {}  # everything came from the database
    assert db.session.scalar(select(func.count()).select_from(EmbeddingVector)) == stored


def test_matching_writes_nothing(world):
    before = db.session.scalar(select(func.count()).select_from(EmbeddingVector))
    services.match_request(world.request, k=3)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(EmbeddingVector)) == before
    assert world.experts["bee.keeper"].embedding_stale  # the worker stores the vectors


def test_a_profile_change_moves_the_ranking_and_is_embedded_again(world):
    before = [c.name for c in services.match_request(world.request, k=3)]
    assert "Mira Shah" not in before
    bees = world.experts["bee.keeper"]
    assert services.index_stale_experts() == len(world.experts)
    db.session.commit()
    assert not bees.embedding_stale
    update_expert(
        bees,
        {
            "bio": "Mira Shah now runs environmental DNA surveys of Tonle Sap fish communities.",
            "tags": ["eDNA metabarcoding"],
        },
        world.staff,
    )
    db.session.commit()
    assert bees.embedding_stale
    after = [c.name for c in services.match_request(world.request, k=3)]
    assert "Mira Shah" in after
    assert services.index_stale_experts() == 1
    db.session.commit()
    db.session.refresh(bees)
    assert not bees.embedding_stale


def test_the_matcher_follows_the_change_log_one_expert_at_a_time(world):
    matcher = services.get_matcher()
    size = len(matcher)
    bees = world.experts["bee.keeper"]
    load_before = matcher.load[matcher.expert_ids.index(bees.id)]
    invite_expert(world.request, bees, world.staff, reason="Knows the bees.")
    db.session.commit()
    same = services.get_matcher()
    assert same is matcher and len(same) == size  # updated in place, not rebuilt
    assert same.load[same.expert_ids.index(bees.id)] == load_before + 1
    set_expert_status(bees, "inactive", world.staff, note="Retired.")
    db.session.commit()
    assert bees.id not in services.get_matcher()
    assert len(services.get_matcher()) == size - 1


def test_cli_match_prints_the_ranking_and_json(runner, world):
    result = runner.invoke(args=["match", "camera traps for snow leopards", "--top", "2"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].lstrip().startswith("1.")
    assert "Pasang Lama" in result.output.splitlines()[0]
    as_json = runner.invoke(args=["match", "coral bleaching", "--tag", "coral reefs", "--json"])
    ranked = json.loads(as_json.output)
    assert ranked[0]["name"] == "Ana Reyes" and "reasons" in ranked[0]


def test_cli_match_refuses_bad_input(runner, world):
    result = runner.invoke(args=["match", "fish", "--language", "xx"])
    assert result.exit_code != 0 and "--language" in result.output
    result = runner.invoke(args=["match", ""])
    assert result.exit_code != 0 and "give a text" in result.output


def test_cli_index_rebuild(runner, world):
    result = runner.invoke(args=["index", "rebuild"])
    assert result.exit_code == 0, result.output
    assert f"Indexed {len(world.experts) - 0} active experts" in result.output


def test_without_a_model_matching_answers_by_tags_and_says_so(app_config):
    app = create_app({**app_config, "EMBEDDING_BACKEND": "none"})
    with app.app_context():
        db.create_all()
        world = build_matching_world()
        services.forget_matchers()
        ranked = services.match_request(world.request, k=3)
        assert ranked[0].name in ("Sok Dara",)
        assert any("tag" in str(r).lower() for r in ranked[0].reasons)
        client = app.test_client()
        sign_in(client, "staff@example.org")
        page = client.get(f"/requests/{world.request.reference}/candidates")
        assert page.status_code == 200
        assert "Matching by tags only" in page.get_data(as_text=True)
        db.session.remove()
        db.engine.dispose()


def test_vectors_stored_twice_at_once_are_kept_once(world):
    # Two processes may embed the same text and store it in the same moment: the second write
    # of a (model, text) pair is skipped, never a unique violation that fails the job.
    row = {"model": "m@1", "text_hash": "a" * 64, "dim": 2, "vector": b"\0" * 8}
    other = {**row, "text_hash": "b" * 64}
    insert_missing(db.session, EmbeddingVector, [row])
    insert_missing(db.session, EmbeddingVector, [row, other])
    db.session.commit()
    stored = db.session.scalars(
        select(EmbeddingVector.text_hash).where(EmbeddingVector.model == "m@1")
    )
    assert sorted(stored) == ["a" * 64, "b" * 64]
