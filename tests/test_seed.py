"""The demo data: loaded through the services, complete, and idempotent."""

import json
import shutil
from collections import Counter

import pytest
from sqlalchemy import func, select

from expert_pool.accounts.models import User
from expert_pool.audit.models import AuditEvent
from expert_pool.dates import Period
from expert_pool.experts.models import Expert, Publication
from expert_pool.extensions import db
from expert_pool.helpdesk.models import Assignment, Comment, CooperationRequest
from expert_pool.helpdesk.workflow import REQUEST_STATES
from expert_pool.matching import text_script
from expert_pool.matching.engine.fuzzy import AliasTable
from expert_pool.needs.assessment import compute_assessment
from expert_pool.needs.models import Finding, QuestionnaireTemplate, Response
from expert_pool.seeding import SEEDS_DIR, SeedError, seed
from expert_pool.taxonomy.models import Party, Tag, TagAlias, Target

MODELS = (
    Party,
    Tag,
    TagAlias,
    Target,
    Expert,
    Publication,
    User,
    CooperationRequest,
    Assignment,
    Comment,
    AuditEvent,
    QuestionnaireTemplate,
    Response,
    Finding,
)


def fits_a_bio(text: str) -> bool:
    """A bio of a paragraph: 60 to 150 words, or 150 to 400 characters in Chinese."""
    if text_script(text) == "han":
        return 150 <= len(text) <= 400
    return 60 <= len(text.split()) <= 150


def snapshot() -> dict:
    """Row counts and the state of every request, to compare two runs."""
    counts = {
        m.__tablename__: db.session.scalar(select(func.count()).select_from(m)) for m in MODELS
    }
    states = dict(
        db.session.execute(select(CooperationRequest.reference, CooperationRequest.status)).all()
    )
    return {"counts": counts, "states": states}


def test_seed_loads_the_demo_data_and_a_second_run_changes_nothing(runner, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo password 123")
    first = runner.invoke(args=["seed", "--demo-users"])
    assert first.exit_code == 0, first.output
    before = snapshot()
    counts = before["counts"]
    assert counts["experts"] >= 180
    assert counts["tags"] >= 150
    assert counts["targets"] == 23
    assert 45 <= counts["cooperation_requests"] <= 60

    experts = db.session.scalars(select(Expert)).all()
    countries = Counter(e.country_code for e in experts)
    assert countries["CHN"] >= 120
    assert sum(n for c, n in countries.items() if c != "CHN") >= 40
    assert len([c for c in countries if c != "CHN"]) >= 15
    assert len({e.province for e in experts if e.country_code == "CHN"}) >= 15
    assert len({e.affiliation for e in experts}) >= 60
    for expert in experts:
        assert expert.email.endswith("@example.org")
        assert 3 <= len(expert.tags) <= 10, expert.email
        assert 2 <= len(expert.publications) <= 6, expert.email
        assert expert.targets and expert.languages, expert.email
        assert fits_a_bio(expert.bio), expert.email
        assert expert.status == "active"
    # Profiles in Chinese, so that the demo shows matching across languages.
    chinese = [e for e in experts if text_script(e.bio) == "han"]
    assert len(chinese) >= 20
    assert all(text_script(p.title) == "han" for e in chinese for p in e.publications)
    served = db.session.scalars(select(Party.code).where(Party.is_served)).all()
    assert set(served) == {"KHM", "CHN", "NPL", "PAK"}
    assert db.session.scalar(select(func.count()).select_from(Party)) >= 240
    assert (
        db.session.scalar(
            select(func.count(func.distinct(TagAlias.tag_id))).where(TagAlias.language == "zh")
        )
        >= 100
    )

    requests = db.session.scalars(select(CooperationRequest)).all()
    assert {r.status for r in requests} >= set(REQUEST_STATES) - {"draft"}
    assert {r.party_code for r in requests} == {"KHM", "CHN", "NPL", "PAK"}
    for request in requests:
        assert request.reference.startswith(f"TSCC-{request.submitted_at.year}-")
        events = db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.request_id == request.id)
            .order_by(AuditEvent.occurred_at, AuditEvent.id)
        ).all()
        moves = [e for e in events if e.to_state and e.object_type == "cooperation_requests"]
        assert moves[-1].to_state == request.status, request.reference
    in_chinese = [r for r in requests if text_script(r.title + r.problem_statement) == "han"]
    assert len(in_chinese) >= 10
    assert {r.party_code for r in in_chinese} == {"KHM", "CHN", "NPL", "PAK"}
    assert all(r.assignments for r in in_chinese if r.status in ("in_progress", "delivered"))
    closed = [r for r in requests if r.status == "closed" and r.rating]
    assert closed and all(1 <= r.rating <= 5 for r in closed)

    # The needs assessment: a questionnaire in both languages answered by the four served
    # Parties, a dozen findings marked as fictional, and needs common to several Parties.
    (template,) = db.session.scalars(select(QuestionnaireTemplate)).all()
    assert template.current.title_zh and all(q.text_zh for q in template.current.questions)
    responses = db.session.scalars(select(Response)).all()
    assert sorted(r.party_code for r in responses) == ["CHN", "KHM", "NPL", "PAK"]
    assert all(r.status == "submitted" and r.answers for r in responses)
    findings = db.session.scalars(select(Finding)).all()
    assert len(findings) == 12 and all("Fictional" in f.note for f in findings)
    figures = compute_assessment(Period.parse("2024-01-01", "2030-12-31"), gaps=False)
    assert len(figures["common"]) >= 5 and figures["agreement"]["agree"] >= 5

    users = db.session.scalars(select(User)).all()
    assert {u.email for u in users} >= {
        "admin@example.org",
        "staff@example.org",
        "party-khm@example.org",
        "party-pak@example.org",
    }
    assert all(u.check_password("demo password 123") for u in users[:3])
    assert sum(1 for u in users if u.role == "expert") == counts["experts"]

    second = runner.invoke(args=["seed", "--demo-users"])
    assert second.exit_code == 0, second.output
    assert "added nothing" in second.output
    assert snapshot() == before


def test_demo_accounts_sign_in_with_the_demo_password(runner, client, monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo password 123")
    assert runner.invoke(args=["seed", "--demo-users"]).exit_code == 0
    expert_email = db.session.scalar(select(Expert.email).order_by(Expert.id))
    for email in ("staff@example.org", "party-chn@example.org", expert_email):
        response = client.post(
            "/api/v1/tokens", json={"email": email, "password": "demo password 123"}
        )
        assert response.status_code == 201, email
    me = client.get(
        "/api/v1/me",
        headers={
            "Authorization": "Bearer "
            + client.post(
                "/api/v1/tokens", json={"email": expert_email, "password": "demo password 123"}
            ).get_json()["token"]
        },
    ).get_json()
    assert me["role"] == "expert" and me["expert_id"]


def test_demo_users_without_a_password_are_refused(runner, monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    result = runner.invoke(args=["seed", "--demo-users"])
    assert result.exit_code != 0
    assert "DEMO_PASSWORD" in result.output
    assert db.session.scalar(select(func.count()).select_from(Tag)) == 0


def test_without_demo_users_nobody_can_sign_in(runner, monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    assert runner.invoke(args=["seed"]).exit_code == 0
    assert db.session.scalar(select(func.count()).where(User.password_hash.is_not(None))) == 0


def test_a_generated_password_is_kept_in_the_file(runner, monkeypatch, tmp_path):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    path = tmp_path / "demo_password"
    result = runner.invoke(args=["seed", "--demo-users", "--if-empty", "--password-file", path])
    assert result.exit_code == 0, result.output
    password = path.read_text().strip()
    assert len(password) >= 12 and password in result.output
    staff = db.session.scalar(select(User).where(User.email == "staff@example.org"))
    assert staff.check_password(password)
    again = runner.invoke(args=["seed", "--demo-users", "--if-empty", "--password-file", path])
    assert "not seeding" in again.output
    assert path.read_text().strip() == password


def test_the_seeded_taxonomy_finds_its_tags_inside_a_chinese_sentence():
    rows = json.loads((SEEDS_DIR / "tags.json").read_text(encoding="utf-8"))
    table = AliasTable({row["name"]: row["aliases_en"] + row["aliases_zh"] for row in rows})
    found = {table.group_of[phrase] for phrase in table.key_phrases("利用遥感监测湿地外来入侵植物")}
    assert found == {"remote sensing", "wetland ecology", "invasive alien species"}


@pytest.fixture
def broken_seeds(tmp_path):
    """A copy of the seeds in which one expert has a tag that is not in the taxonomy."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS_DIR, target)
    path = sorted((target / "experts").glob("*.json"))[0]
    rows = json.loads(path.read_text())
    rows[4]["tags"] = [*rows[4]["tags"][:2], "underwater basket weaving"]
    path.write_text(json.dumps(rows))
    return target, path.name


def test_a_wrong_seed_row_is_named_and_nothing_is_half_loaded(app, broken_seeds):
    seeds_dir, filename = broken_seeds
    with pytest.raises(SeedError) as raised:
        seed(seeds_dir=seeds_dir)
    assert filename in raised.value.message and "row 5" in raised.value.message
    assert "underwater basket weaving" in raised.value.message
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Expert)) == 0


def test_a_new_alias_in_the_seeds_reaches_a_database_seeded_before(app):
    from expert_pool.taxonomy.services import ensure_tags, tag_lookup

    ensure_tags(
        [{"name": "invasive alien species", "category": "threats", "aliases_zh": ["入侵物种"]}]
    )
    ensure_tags([{"name": "remote sensing", "category": "methods", "aliases_zh": ["入侵物种"]}])
    db.session.commit()
    grown = [
        {
            "name": "invasive alien species",
            "category": "threats",
            "aliases_zh": ["入侵物种", "外来入侵"],
        },
    ]
    assert ensure_tags(grown) == 1
    assert ensure_tags(grown) == 0
    db.session.commit()
    names = tag_lookup()
    assert names["外来入侵"].name == "invasive alien species"
    # An alias another tag already holds stays that tag's.
    assert names["入侵物种"].name == "invasive alien species"
    assert db.session.scalar(select(func.count()).select_from(TagAlias)) == 2
