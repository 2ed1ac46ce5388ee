"""The declarative base, its naming convention and small column helpers shared by all models."""

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import CheckConstraint, MetaData, String, Text, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of every model: one metadata with stable constraint names."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def utcnow() -> datetime:
    """The current time in UTC, naive, as every timestamp column stores it."""
    return datetime.now(UTC).replace(tzinfo=None)


def check_in(column: str, values: Iterable[str], name: str | None = None) -> CheckConstraint:
    """A check constraint that keeps an enumeration column within its values."""
    quoted = ", ".join(f"'{value}'" for value in values)
    return CheckConstraint(f"{column} IN ({quoted})", name=name or column)


@event.listens_for(Engine, "connect")
def _sqlite_settings(dbapi_connection, connection_record) -> None:
    # SQLite checks foreign keys only when asked, per connection. WAL lets the web server read
    # while the worker writes; the busy timeout makes a writer wait for another, not fail.
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.close()


# Rows per INSERT statement: well inside SQLite's limit on the values of one statement.
INSERT_BATCH = 500


def insert_missing(session: Session, model, rows: list[dict]) -> None:
    """Insert `rows` into `model`'s table, skipping those a unique constraint says are there
    already (another process may be writing the same rows at the same moment)."""
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    for start in range(0, len(rows), INSERT_BATCH):
        batch = rows[start : start + INSERT_BATCH]
        session.execute(dialect.insert(model).values(batch).on_conflict_do_nothing())


# Texts up to this length are VARCHAR(n); longer ones TEXT, whose limit the app enforces.
VARCHAR_LIMIT = 255


def text_column(limit: int, **kwargs: Any):
    """A free-text column of at most `limit` characters: its one declaration, read by the
    services, the forms (maxlength and its hint), the API schemas and the OpenAPI document
    through max_length."""
    kind = String(limit) if limit <= VARCHAR_LIMIT else Text
    return mapped_column(kind, info={"max_length": limit}, **kwargs)


def max_length(attribute: Any) -> int:
    """The most characters a model's text attribute holds (see text_column)."""
    column = attribute.property.columns[0]
    return column.info.get("max_length") or column.type.length
