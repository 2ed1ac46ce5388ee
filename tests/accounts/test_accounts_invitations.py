"""Invitations, password resets and the admin's user management, through the pages."""

import re

from sqlalchemy import select

from expert_pool.accounts.models import User
from expert_pool.accounts.services import get_user_by_email
from expert_pool.audit.models import AuditEvent
from expert_pool.experts.models import Expert
from expert_pool.extensions import db
from expert_pool.notifications.models import OutboxMessage
from tests.conftest import PASSWORD
from tests.forms import form_fields

NEW_PASSWORD = "a brand new passphrase"


def sign_in(client, email: str, password: str = PASSWORD):
    return client.post("/login", data={"email": email, "password": password})


def last_email(to: str) -> OutboxMessage:
    return db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.to_address == to)
        .order_by(OutboxMessage.id.desc())
    ).first()


def link_in(message: OutboxMessage) -> str:
    """The path of the link in an email (links are absolute, on PUBLIC_URL)."""
    url = re.search(r"https?://\S+", message.body_text).group(0)
    assert url.startswith("http://127.0.0.1:5000/")
    return url.removeprefix("http://127.0.0.1:5000")


def test_staff_invite_a_focal_point_who_sets_a_password_and_signs_in(
    client, make_user, vocabularies
):
    make_user("staff@example.org", role="staff")
    sign_in(client, "staff@example.org")
    response = client.post(
        "/users/invite",
        data={"email": "Focal@Example.org", "name": "Sok Dara", "role": "party", "party": "KHM"},
    )
    assert response.status_code == 302
    user = get_user_by_email("focal@example.org")
    assert user.role == "party" and user.party_code == "KHM" and user.password_hash is None
    message = last_email("focal@example.org")
    assert "invited you" in message.body_text and "a Party focal point" in message.body_text
    assert "invitation" in message.subject.lower()
    assert "focal@example.org" in client.get("/users/invite").get_data(as_text=True)

    client.post("/logout")
    link = link_in(message)
    assert "focal@example.org" in client.get(link).get_data(as_text=True)
    response = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert sign_in(client, "focal@example.org", NEW_PASSWORD).status_code == 302
    client.post("/logout")
    used = client.get(link)
    assert used.status_code == 302 and "/password/forgot" in used.headers["Location"]
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "user.invited" in actions and "user.password_set" in actions


def test_an_invited_expert_gets_a_pending_profile_or_the_existing_one(
    client, make_user, expert_factory
):
    make_user("staff@example.org", role="staff")
    existing = expert_factory("known@example.org", name="Known Expert")
    sign_in(client, "staff@example.org")
    client.post(
        "/users/invite",
        data={
            "email": "new@example.org",
            "name": "Nima Sherpa",
            "role": "expert",
            "country": "NPL",
        },
    )
    client.post("/users/invite", data={"email": "known@example.org", "role": "expert"})
    new_user = get_user_by_email("new@example.org")
    assert new_user.expert.status == "pending" and new_user.expert.country_code == "NPL"
    assert get_user_by_email("known@example.org").expert_id == existing.id

    page = client.post("/users/invite", data={"email": "nocountry@example.org", "role": "expert"})
    assert page.status_code == 200 and "is not an ISO 3166 alpha-3 code" in page.get_data(True)
    assert db.session.scalar(select(Expert).where(Expert.email == "nocountry@example.org")) is None


def party_options(page: str, name: str) -> list[tuple[str, str]]:
    """The (value, label) pairs of a page's <select name=...>."""
    select = re.search(rf'<select[^>]*name="{name}".*?</select>', page, re.S).group(0)
    return re.findall(r'<option[^>]*value="([^"]*)"[^>]*>([^<]*)</option>', select)


def test_the_invitation_names_the_parties_in_the_language_of_the_interface(
    client, make_user, vocabularies
):
    staff = make_user("staff@example.org", role="staff")
    sign_in(client, "staff@example.org")
    english = party_options(client.get("/users/invite").get_data(True), "party")
    served = [("KHM", "Cambodia"), ("CHN", "China"), ("NPL", "Nepal"), ("PAK", "Pakistan")]
    assert english[1:5] == served and english[5][1] == "Afghanistan"

    staff.locale = "zh"
    db.session.commit()
    page = client.get("/users/invite").get_data(True)
    # The Parties served first, each list by its Chinese names; the values stay the codes.
    served = [("CHN", "中国"), ("NPL", "尼泊尔"), ("PAK", "巴基斯坦"), ("KHM", "柬埔寨")]
    for name in ("party", "country"):
        chinese = party_options(page, name)
        assert chinese[1:5] == served and ("FRA", "法国") in chinese, name
        others = [label for _code, label in chinese[5:]]
        assert others == sorted(others)
    response = client.post(
        "/users/invite", data={"email": "focal@example.org", "role": "party", "party": "KHM"}
    )
    assert response.status_code == 302
    assert get_user_by_email("focal@example.org").party_code == "KHM"


def test_only_an_admin_invites_an_admin(client, make_user, vocabularies):
    make_user("staff@example.org", role="staff")
    sign_in(client, "staff@example.org")
    response = client.post("/users/invite", data={"email": "boss@example.org", "role": "admin"})
    assert "only an administrator can invite an administrator" in response.get_data(True)
    assert get_user_by_email("boss@example.org") is None


def test_an_expired_invitation_is_refused(app, client, make_user, vocabularies):
    make_user("staff@example.org", role="staff")
    sign_in(client, "staff@example.org")
    client.post("/users/invite", data={"email": "late@example.org", "role": "staff"})
    client.post("/logout")
    app.config["INVITATION_MAX_AGE"] = -1
    link = link_in(last_email("late@example.org"))
    response = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302 and "/password/forgot" in response.headers["Location"]
    assert get_user_by_email("late@example.org").password_hash is None


def test_password_reset_by_email_link(client, make_user):
    make_user("someone@example.org", role="staff")
    page = client.post(
        "/password/forgot", data={"email": "nobody@example.org"}, follow_redirects=True
    )
    assert "If an active account has that address" in page.get_data(as_text=True)
    assert last_email("nobody@example.org") is None

    client.post("/password/forgot", data={"email": "someone@example.org"})
    link = link_in(last_email("someone@example.org"))
    short = client.post(link, data={"password": "short", "confirm": "short"})
    assert short.status_code == 200 and "at least 10" in short.get_data(as_text=True)
    client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert "Wrong email or password" in sign_in(client, "someone@example.org").get_data(True)
    assert sign_in(client, "someone@example.org", NEW_PASSWORD).status_code == 302
    client.post("/logout")
    again = client.post(
        link, data={"password": "another passphrase", "confirm": "another passphrase"}
    )
    assert again.status_code == 302 and "/password/forgot" in again.headers["Location"]


def test_password_reset_requests_are_rate_limited(app, client, make_user):
    limit = int(app.config["LOGIN_RATE_LIMIT"].split()[0])
    codes = [
        client.post("/password/forgot", data={"email": "x@example.org"}).status_code
        for _ in range(limit + 1)
    ]
    assert codes[-1] == 429


def test_admin_lists_users_changes_a_role_and_deactivates(client, make_user, vocabularies):
    make_user("admin@example.org", role="admin")
    user = make_user("colleague@example.org", role="staff", name="Col League")
    sign_in(client, "admin@example.org")
    listing = client.get("/users?q=colleague").get_data(as_text=True)
    assert "colleague@example.org" in listing and "1 user<" in listing
    assert "colleague@example.org" in client.get("/users?role=staff").get_data(as_text=True)

    response = client.post(f"/users/{user.id}", data={"role": "party", "party": "PAK"})
    assert response.status_code == 302
    db.session.refresh(user)
    assert user.role == "party" and user.party_code == "PAK"
    refused = client.post(f"/users/{user.id}", data={"role": "party", "party": ""})
    assert "choose the Party" in refused.get_data(as_text=True)

    other = make_user("expert@example.org", role="expert")
    other_client = client.application.test_client()
    sign_in(other_client, "expert@example.org")
    token = other_client.post(
        "/api/v1/tokens", json={"email": "expert@example.org", "password": PASSWORD}
    ).get_json()["token"]
    asked = client.post(f"/users/{other.id}/active", data={"active": "0"})
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200 and "Deactivate the account of expert@example.org?" in page
    db.session.refresh(other)
    assert other.is_active  # nothing changes before the confirmation
    client.post(f"/users/{other.id}/active", data=form_fields(page, f"/users/{other.id}/active"))
    db.session.refresh(other)
    assert not other.is_active
    # The open session ends, the token stops working, and signing in is refused.
    assert other_client.get("/profile").status_code == 302
    headers = {"Authorization": f"Bearer {token}"}
    assert other_client.get("/api/v1/me", headers=headers).status_code == 401
    assert "Wrong email or password" in sign_in(other_client, "expert@example.org").get_data(True)
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "user.deactivated"))


def test_an_admin_cannot_lock_themself_out(client, make_user):
    admin = make_user("admin@example.org", role="admin")
    sign_in(client, "admin@example.org")
    response = client.post(
        f"/users/{admin.id}/active",
        data={"active": "0", "confirmed": "1"},
        headers={"Referer": f"/users/{admin.id}"},
        follow_redirects=True,
    )
    assert "cannot change your own account" in response.get_data(as_text=True)
    db.session.refresh(admin)
    assert admin.is_active and db.session.get(User, admin.id).role == "admin"


def test_a_common_or_guessable_password_is_refused_and_the_rule_is_on_the_form(
    client, make_user
):
    user = make_user("sok.dara@example.org", role="staff", name="Sok Dara")
    client.post("/password/forgot", data={"email": user.email})
    link = link_in(last_email(user.email))
    form = client.get(link).get_data(as_text=True)
    assert "not a common password, nor one made of your name or email" in form
    for password in ("password1234", "1234567890", "sok.dara@example.org", "qwertyuiop12"):
        refused = client.post(link, data={"password": password, "confirm": password})
        page = refused.get_data(as_text=True)
        assert refused.status_code == 200, password
        assert "this password is too common or too easy to guess" in page, password
    db.session.expire_all()
    assert user.check_password(PASSWORD)
    accepted = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert accepted.status_code == 302
