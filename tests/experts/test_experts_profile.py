"""Self-service profiles, staff editing, publications, vetting and verification reminders."""

from datetime import timedelta

from sqlalchemy import select

from expert_pool.audit.models import AuditEvent
from expert_pool.database import utcnow
from expert_pool.experts.models import Expert
from expert_pool.experts.validation import is_valid_orcid
from expert_pool.experts.verification import send_verification_reminders
from expert_pool.extensions import db
from expert_pool.notifications.models import OutboxMessage
from tests.world import sign_in

PROFILE = {
    "name": "Li Wei",
    "country": "CHN",
    "languages": ["en", "zh"],
    "availability": "limited",
    "max_assignments": "2",
    "bio": "Wetland restoration.",
}


def events(action: str) -> list[AuditEvent]:
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_an_expert_edits_their_profile_with_canonical_tags_only(client, make_user, expert_factory):
    expert = expert_factory()
    expert.embedding_stale = False
    db.session.commit()
    make_user("li.wei@example.org", role="expert", expert_id=expert.id)
    sign_in(client, "li.wei@example.org")
    page = client.get("/profile").get_data(as_text=True)
    assert 'value="wetland ecology"' in page and "data-suggest-url" in page
    assert 'name="email"' not in page  # the address is staff's to change

    refused = client.post("/profile", data={**PROFILE, "tags": "wetland ecology; invasive specis"})
    text = refused.get_data(as_text=True)
    assert refused.status_code == 200
    assert (
        "&#34;invasive specis&#34; is not in the taxonomy; did you mean: invasive alien species?"
        in text
    )

    # An alias (English or Chinese) is stored as its canonical tag.
    saved = client.post(
        "/profile", data={**PROFILE, "tags": "wetlands; 外来入侵物种", "public": "y"}
    )
    assert saved.status_code == 302
    db.session.refresh(expert)
    assert [tag.name for tag in expert.tags] == ["invasive alien species", "wetland ecology"]
    assert expert.availability == "limited" and expert.max_assignments == 2
    assert expert.embedding_stale and expert.verified_at is not None
    assert events("expert.updated")[-1].actor.email == "li.wei@example.org"


def test_an_expert_confirms_the_profile_is_current(client, make_user, expert_factory):
    expert = expert_factory()
    make_user("li.wei@example.org", role="expert", expert_id=expert.id)
    sign_in(client, "li.wei@example.org")
    assert "never" in client.get("/profile").get_data(as_text=True)
    client.post("/profile/confirm")
    db.session.refresh(expert)
    assert expert.verified_at is not None and events("expert.verified")


def test_an_expert_account_without_a_profile_is_told_so(client, make_user):
    make_user("orphan@example.org", role="expert")
    sign_in(client, "orphan@example.org")
    response = client.get("/profile")
    assert response.status_code == 404


def test_staff_edit_any_profile_and_vet_it(client, make_user, expert_factory):
    expert = expert_factory(status="pending")
    make_user("staff@example.org", role="staff")
    sign_in(client, "staff@example.org")
    response = client.post(
        f"/experts/{expert.id}/edit",
        data={
            **PROFILE,
            "email": "li.wei@example.org",
            "tags": "biodiversity finance",
            "orcid": "0000-0002-1825-0098",
        },
    )
    assert "not a valid ORCID iD" in response.get_data(as_text=True)
    response = client.post(
        f"/experts/{expert.id}/edit",
        data={
            **PROFILE,
            "email": "li.wei@example.org",
            "tags": "biodiversity finance",
            "orcid": "0000-0002-1825-0097",
        },
    )
    assert response.status_code == 302
    db.session.refresh(expert)
    assert expert.orcid == "0000-0002-1825-0097" and expert.verified_at is None

    assert client.post(f"/experts/{expert.id}/status", data={"status": "active"}).status_code == 302
    db.session.refresh(expert)
    assert expert.status == "active"
    event = events("expert.status_changed")[-1]
    assert (event.from_state, event.to_state) == ("pending", "active")


def test_at_most_fifteen_tags(client, make_user, expert_factory):
    from expert_pool.taxonomy.services import ensure_tags

    ensure_tags([{"name": f"topic {n}", "category": "test"} for n in range(16)])
    db.session.commit()
    expert = expert_factory()
    make_user("li.wei@example.org", role="expert", expert_id=expert.id)
    sign_in(client, "li.wei@example.org")
    tags = "; ".join(f"topic {n}" for n in range(16))
    response = client.post("/profile", data={**PROFILE, "tags": tags})
    assert "at most 15 tags" in response.get_data(as_text=True)


def test_orcid_check_digit():
    assert is_valid_orcid("0000-0002-1825-0097")
    assert is_valid_orcid("0000-0002-9079-593X")
    assert not is_valid_orcid("0000-0002-1825-0098")
    assert not is_valid_orcid("0000-0002-1825-009")


def test_publications_are_added_changed_and_removed_by_their_expert_only(
    client, make_user, expert_factory
):
    mine = expert_factory()
    other = expert_factory("other@example.org", name="Other Person", country="NPL")
    make_user("li.wei@example.org", role="expert", expert_id=mine.id)
    sign_in(client, "li.wei@example.org")
    added = client.post(
        f"/experts/{mine.id}/publications/new",
        data={"title": "Wetlands of the Yangtze", "year": "2021", "url": "https://example.org/w"},
    )
    assert added.status_code == 302
    publication = mine.publications[0]
    assert publication.year == 2021
    client.post(
        f"/experts/{mine.id}/publications/{publication.id}",
        data={"title": "Wetlands of the Yangtze, revised", "year": "2022"},
    )
    db.session.refresh(publication)
    assert publication.title.endswith("revised") and publication.year == 2022
    assert (
        client.post(f"/experts/{other.id}/publications/new", data={"title": "x"}).status_code == 403
    )
    client.post(f"/experts/{mine.id}/publications/{publication.id}/remove")
    db.session.refresh(mine)
    assert mine.publications == []
    assert {e.action for e in db.session.scalars(select(AuditEvent))} >= {
        "expert.publication_added",
        "expert.publication_changed",
        "expert.publication_removed",
    }


def test_overdue_profiles_get_one_reminder_and_are_flagged_for_staff(
    app, client, make_user, expert_factory
):
    stale = expert_factory("stale@example.org", name="Stale Profile")
    fresh = expert_factory("fresh@example.org", name="Fresh Profile")
    stale.verified_at = utcnow() - timedelta(days=400)
    fresh.verified_at = utcnow() - timedelta(days=10)
    db.session.commit()
    reminded = send_verification_reminders()
    db.session.commit()
    assert [e.email for e in reminded] == ["stale@example.org"]
    message = db.session.scalar(select(OutboxMessage))
    assert message.to_address == "stale@example.org" and "/profile" in message.body_text
    assert send_verification_reminders() == []  # not again within the reminder interval

    make_user("staff@example.org", role="staff")
    sign_in(client, "staff@example.org")
    flagged = client.get("/staff/experts?overdue=1").get_data(as_text=True)
    assert "Stale Profile" in flagged and "Fresh Profile" not in flagged and "overdue" in flagged


def test_the_remind_command(runner, expert_factory):
    expert_factory()
    result = runner.invoke(args=["experts", "remind"])
    assert result.exit_code == 0 and "Reminded 1 experts" in result.output
    assert db.session.scalar(select(Expert.reminded_at)) is not None
