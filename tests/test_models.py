"""The schema refuses what the services would refuse too: duplicates, dangling references and
values outside their enumerations."""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DataError, IntegrityError

from expert_pool.accounts.models import User
from expert_pool.audit.models import AppendOnlyError, AuditEvent
from expert_pool.experts.models import Expert, Publication
from expert_pool.extensions import db
from expert_pool.helpdesk.models import Assignment, Comment, CooperationRequest
from expert_pool.matching.models import EmbeddingVector
from expert_pool.notifications.models import OutboxMessage
from expert_pool.taxonomy.models import Tag, TagAlias, Target


def refused(*objects) -> bool:
    """Whether the database refuses to store the objects (the session is left usable)."""
    db.session.add_all(objects)
    try:
        db.session.flush()
    except (IntegrityError, DataError):
        db.session.rollback()
        return True
    db.session.rollback()
    return False


@pytest.fixture
def party_user(make_user):
    return make_user("focal@example.org", role="party", party="KHM")


def a_request(user, **fields) -> CooperationRequest:
    values = {
        "title": "Mangrove mapping",
        "type": "technical_consultation",
        "party_code": user.party_code,
        "submitted_by_id": user.id,
        "status": "submitted",
        "reference": "TSCC-2026-0001",
        "reference_year": 2026,
        "reference_seq": 1,
    }
    values.update(fields)
    return CooperationRequest(**values)


def an_expert(**fields) -> Expert:
    values = {"email": "expert@example.org", "name": "Dara Sok", "country_code": "KHM"}
    values.update(fields)
    return Expert(**values)


def test_a_duplicate_user_email_is_refused(make_user):
    make_user("same@example.org")
    assert refused(User(email="same@example.org", role="staff"))


def test_user_roles_and_party_rules(make_party):
    make_party("KHM")
    assert refused(User(email="a@example.org", role="superuser"))
    assert refused(User(email="b@example.org", role="party"))  # a focal point needs a Party
    assert refused(User(email="Upper@Example.org", role="staff"))
    assert refused(User(email="c@example.org", role="party", party_code="ZZZ"))
    assert not refused(User(email="d@example.org", role="party", party_code="KHM"))


def test_a_duplicate_reference_is_refused(party_user):
    db.session.add(a_request(party_user))
    db.session.commit()
    assert refused(a_request(party_user, reference_seq=2))
    assert refused(a_request(party_user, reference="TSCC-2026-0002"))  # same year and number


@pytest.mark.parametrize(
    "fields",
    [
        {"status": "lost"},
        {"type": "favour"},
        {"urgency": "yesterday"},
        {"level": "planetary"},
        {"rating": 6},
        {"status": "submitted", "reference": None, "reference_seq": None},
        {"title": None},
        {"party_code": "ZZZ"},
    ],
)
def test_request_columns_are_checked(party_user, fields):
    assert refused(a_request(party_user, **fields))


def test_a_request_version_changes_with_each_update(party_user):
    request = a_request(party_user)
    db.session.add(request)
    db.session.commit()
    assert request.version == 1
    request.status = "accepted"
    db.session.commit()
    assert request.version == 2


def test_expert_constraints(make_party):
    make_party("KHM")
    db.session.add(an_expert())
    db.session.commit()
    assert refused(an_expert(name="Another"))  # same email
    assert refused(an_expert(email="x@example.org", availability="sometimes"))
    assert refused(an_expert(email="y@example.org", status="famous"))
    assert refused(an_expert(email="z@example.org", max_assignments=99))
    assert refused(an_expert(email="w@example.org", country_code="ZZZ"))
    assert refused(Publication(expert_id=999_999, title="Orphan"))


def test_assignment_and_comment_constraints(party_user):
    request = a_request(party_user)
    db.session.add_all([request, an_expert()])
    db.session.commit()
    expert = db.session.scalar(db.select(Expert))
    assert refused(Assignment(request_id=request.id, expert_id=expert.id, status="maybe"))
    assert refused(Assignment(request_id=request.id, expert_id=999_999))
    assert refused(Comment(request_id=request.id, author_id=party_user.id, body=""))
    assert not refused(Assignment(request_id=request.id, expert_id=expert.id))


def test_taxonomy_constraints(app):
    tag = Tag(name="wetland restoration", category="restoration")
    tag.aliases.append(TagAlias(alias="湿地修复", language="zh"))
    db.session.add(tag)
    db.session.commit()
    assert refused(Tag(name="wetland restoration", category="other"))
    assert refused(TagAlias(tag_id=tag.id, alias="湿地修复", language="zh"))
    assert refused(TagAlias(tag_id=tag.id, alias="zones humides", language="fr"))
    assert refused(Target(number=24, title="Not a target"))


def test_other_tables_check_their_values(app):
    assert refused(
        OutboxMessage(to_address="a@example.org", subject="s", body_text="b", status="lost")
    )
    assert refused(EmbeddingVector(model="m", text_hash="h", dim=0, vector=b""))
    db.session.add(EmbeddingVector(model="m", text_hash="h", dim=1, vector=b"\0\0\0\0"))
    db.session.commit()
    assert refused(EmbeddingVector(model="m", text_hash="h", dim=1, vector=b"\0\0\0\0"))


def test_audit_events_are_append_only(app):
    event = AuditEvent(action="test", object_type="tags", object_id="1")
    db.session.add(event)
    db.session.commit()
    event.note = "rewritten history"
    with pytest.raises(AppendOnlyError):
        db.session.commit()
    db.session.rollback()
    db.session.delete(event)
    with pytest.raises(AppendOnlyError):
        db.session.commit()
    db.session.rollback()
    assert db.session.execute(text("SELECT note FROM audit_events")).scalar_one() == ""



def test_the_embedded_database_lets_readers_in_during_a_write_and_writers_wait(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("the embedded default is SQLite")
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 10_000
