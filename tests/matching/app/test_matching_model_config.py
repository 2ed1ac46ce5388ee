"""EMBEDDING_MODEL: a sentence-transformers folder copied to the machine (for example a
multilingual model) replaces the packaged one; a folder that cannot be loaded is said."""

import shutil

from sqlalchemy import select

from expert_pool import create_app
from expert_pool.extensions import db
from expert_pool.matching import services
from expert_pool.matching.engine.embedding import default_model_path, model_id
from expert_pool.matching.models import EmbeddingVector
from tests.world import build_matching_world, sign_in


def _run_in(app, check) -> None:
    with app.app_context():
        db.create_all()
        try:
            check(build_matching_world())
        finally:
            db.session.remove()
            db.engine.dispose()


def test_a_configured_model_folder_embeds_the_pool(app_config, tmp_path):
    folder = tmp_path / "site-model"
    shutil.copytree(default_model_path(), folder)  # as an administrator copies a model
    app = create_app({**app_config, "EMBEDDING_MODEL": str(folder)})

    def check(world):
        ranked = services.match_request(world.request, k=3)
        assert services.embedder_problem() is None
        services.index_stale_experts()
        stored = set(db.session.scalars(select(EmbeddingVector.model)))
        # The folder replaces the English channel; the multilingual one is cached beside it.
        multilingual = services.get_embedder().multilingual.name
        assert stored == {model_id(folder), multilingual}
        assert model_id(folder).startswith("site-model@")
        assert ranked[0].name == "Sok Dara"
        assert ranked[0].components.get("embedding", 0) > 0

    _run_in(app, check)


def test_a_model_folder_that_cannot_load_is_named_and_tags_still_match(app_config, tmp_path):
    missing = tmp_path / "no-such-model"
    app = create_app({**app_config, "EMBEDDING_MODEL": str(missing)})

    def check(world):
        assert "no-such-model" in services.embedder_problem()
        ranked = services.match_request(world.request, k=3)
        assert ranked[0].name == "Sok Dara"
        client = app.test_client()
        sign_in(client, "staff@example.org")
        page = client.get(f"/requests/{world.request.reference}/candidates")
        assert page.status_code == 200 and "Matching by tags only" in page.get_data(as_text=True)

    _run_in(app, check)
