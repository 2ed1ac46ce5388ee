"""The Alembic migrations build the schema of the models, on SQLite and PostgreSQL alike."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from expert_pool.extensions import db


def table_names() -> set[str]:
    return set(inspect(db.engine).get_table_names())


def test_upgrade_builds_the_models_schema_and_downgrade_removes_it(bare_app):
    with bare_app.app_context():
        upgrade()
        assert set(db.metadata.tables) <= table_names()
        assert "alembic_version" in table_names()

        with db.engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "render_as_batch": True}
            )
            differences = compare_metadata(context, db.metadata)
        assert differences == [], f"models and migrations differ: {differences}"

        downgrade(revision="base")
        assert table_names() <= {"alembic_version"}


def test_upgrade_twice_is_harmless(bare_app):
    with bare_app.app_context():
        upgrade()
        upgrade()
        assert "experts" in table_names()
