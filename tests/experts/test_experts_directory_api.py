"""The staff and public directories, tag suggestions, and the experts API."""

from sqlalchemy import select

from expert_pool.audit.models import AuditEvent
from expert_pool.extensions import db
from expert_pool.helpdesk.models import Assignment, CooperationRequest
from tests.world import bearer, sign_in


def give_load(expert, submitter, states) -> None:
    """Assignments of the expert in the given states, on a draft request."""
    request = CooperationRequest(
        title="Help", type="other", party_code="KHM", submitted_by_id=submitter.id
    )
    db.session.add(request)
    for state in states:
        request.assignments.append(Assignment(expert_id=expert.id, status=state))
    db.session.commit()


def make_pool(expert_factory):
    return {
        "li": expert_factory(),
        "nima": expert_factory(
            "nima@example.org",
            name="Nima Sherpa",
            country="NPL",
            languages=["ne", "en"],
            tags=["snow leopard conservation"],
            targets=[4],
            availability="limited",
        ),
        "hidden": expert_factory(
            "hidden@example.org", name="Private Person", public=False, tags=["wetland ecology"]
        ),
        "pending": expert_factory(
            "pending@example.org", name="Pending Person", status="pending", tags=["wetland ecology"]
        ),
    }


def test_the_public_directory_lists_consenting_active_experts_without_email(client, expert_factory):
    make_pool(expert_factory)
    page = client.get("/experts").get_data(as_text=True)
    assert "Li Wei" in page and "Nima Sherpa" in page
    assert "Private Person" not in page and "Pending Person" not in page
    assert "@example.org" not in page
    filtered = client.get("/experts?tag=snow+leopard+conservation").get_data(as_text=True)
    assert "Nima Sherpa" in filtered and "Li Wei" not in filtered
    assert "Li Wei" in client.get("/experts?country=CHN&language=zh").get_data(as_text=True)
    assert "Li Wei" not in client.get("/experts?q=leopard").get_data(as_text=True)


def test_the_tag_filters_take_an_alias_a_chinese_label_or_a_typo(
    client, make_user, expert_factory
):
    expert_factory("ias@example.org", name="Invasive Person", tags=["invasive alien species"])
    make_pool(expert_factory)
    make_user("staff@example.org", role="staff")
    headers = bearer(client, "staff@example.org")
    for typed in ["invasive alien species", "IAS", "外来入侵物种", "invasive alein species"]:
        names = [e["name"] for e in client.get(f"/api/v1/experts?tag={typed}").get_json()["items"]]
        assert names == ["Invasive Person"], typed
        staff = client.get("/api/v1/experts", query_string={"tag": typed}, headers=headers)
        assert [e["name"] for e in staff.get_json()["items"]] == ["Invasive Person"], typed
    page = client.get("/experts?tag=invasive+alein+species").get_data(as_text=True)
    assert "Invasive Person" in page and "Li Wei" not in page
    assert "Showing the tag closest to “invasive alein species”: invasive alien species" in page
    page = client.get("/experts?tag=外来入侵物种", headers={"Accept-Language": "zh"}).get_data(True)
    assert "Invasive Person" in page and "最接近的标签" not in page
    page = client.get("/experts?tag=invasive alein species", headers={"Accept-Language": "zh"})
    assert "显示与“invasive alein species”最接近的标签：外来入侵物种" in page.get_data(True)
    nothing = client.get("/experts?tag=quantum+chromodynamics").get_data(as_text=True)
    assert "Invasive Person" not in nothing and "Li Wei" not in nothing


def test_profiles_are_visible_as_the_expert_chose(client, make_user, expert_factory):
    pool = make_pool(expert_factory)
    public = client.get(f"/experts/{pool['li'].id}")
    assert public.status_code == 200 and "li.wei@example.org" not in public.get_data(True)
    assert client.get(f"/experts/{pool['hidden'].id}").status_code == 404
    assert client.get(f"/experts/{pool['pending'].id}").status_code == 404
    make_user("staff@example.org", role="staff")
    sign_in(client, "staff@example.org")
    page = client.get(f"/experts/{pool['hidden'].id}").get_data(as_text=True)
    assert "hidden@example.org" in page and "Current load" in page


def test_the_staff_directory_filters_sorts_pages_and_shows_load(
    app, client, make_user, expert_factory
):
    pool = make_pool(expert_factory)
    staff = make_user("staff@example.org", role="staff")
    give_load(pool["nima"], staff, ["invited", "accepted", "declined", "completed"])
    sign_in(client, "staff@example.org")
    page = client.get("/staff/experts?sort=load").get_data(as_text=True)
    assert page.index("Nima Sherpa") < page.index("Li Wei")
    assert "2 / 3" in page  # invited + accepted count, declined and completed do not
    assert "Pending Person" not in page
    assert "Pending Person" in client.get("/staff/experts?status=pending").get_data(True)
    for query, shown, hidden in [
        ("availability=limited", "Nima Sherpa", "Li Wei"),
        ("target=4", "Nima Sherpa", "Li Wei"),
        ("language=ne", "Nima Sherpa", "Li Wei"),
        ("q=hidden%40example", "Private Person", "Li Wei"),
        ("tag=wetland+ecology&country=CHN", "Li Wei", "Nima Sherpa"),
    ]:
        text = client.get(f"/staff/experts?{query}").get_data(as_text=True)
        assert shown in text and hidden not in text, query
    app.config["PAGE_SIZE"] = 2
    first = client.get("/staff/experts").get_data(as_text=True)
    second = client.get("/staff/experts?page=2").get_data(as_text=True)
    assert "3 experts" in first and "Li Wei" in first and "Private Person" in second


def test_tag_suggestions_for_autocomplete(client, vocabularies):
    assert client.get("/taxonomy/tags/suggest?q=invasive+specis").get_json()["tags"][0] == (
        "invasive alien species"
    )
    assert "marine protected areas" in client.get("/taxonomy/tags/suggest?q=MPA").get_json()["tags"]
    assert client.get("/taxonomy/tags/suggest?q=外来").get_json()["tags"] == [
        "invasive alien species"
    ]
    assert client.get("/taxonomy/tags/suggest?q=").get_json() == {"tags": []}


def test_the_api_lists_public_fields_to_others_and_everything_to_staff(
    client, make_user, expert_factory
):
    make_pool(expert_factory)
    anonymous = client.get("/api/v1/experts").get_json()
    assert anonymous["total"] == 2
    assert all("email" not in item and "load" not in item for item in anonymous["items"])
    assert client.get("/api/v1/experts?status=pending").get_json()["total"] == 2
    make_user("staff@example.org", role="staff")
    headers = bearer(client, "staff@example.org")
    staff = client.get("/api/v1/experts?status=active&sort=country", headers=headers).get_json()
    assert staff["total"] == 3 and staff["items"][0]["email"] == "li.wei@example.org"
    assert staff["items"][0]["load"] == 0
    pending = client.get("/api/v1/experts?status=pending", headers=headers).get_json()
    assert [item["name"] for item in pending["items"]] == ["Pending Person"]
    bad = client.get("/api/v1/experts?page=0", headers=headers)
    assert bad.status_code == 422 and "page" in bad.get_json()["error"]["fields"]


def test_the_api_lets_an_expert_read_and_patch_only_their_own_profile(
    client, make_user, expert_factory
):
    pool = make_pool(expert_factory)
    make_user("li.wei@example.org", role="expert", expert_id=pool["li"].id)
    headers = bearer(client, "li.wei@example.org")
    own = client.get(f"/api/v1/experts/{pool['li'].id}", headers=headers)
    assert own.status_code == 200 and own.get_json()["email"] == "li.wei@example.org"
    assert client.get(f"/api/v1/experts/{pool['nima'].id}", headers=headers).status_code == 403
    refused = client.patch(
        f"/api/v1/experts/{pool['nima'].id}", json={"bio": "mine now"}, headers=headers
    )
    assert refused.status_code == 403
    assert client.get("/api/v1/experts/999", headers=headers).status_code == 404

    response = client.patch(
        f"/api/v1/experts/{pool['li'].id}",
        json={
            "tags": ["wetlands", "biodiversity finance"],
            "availability": "unavailable",
            "unavailable_until": "2031-01-31",
            "publications": [{"title": "A", "year": 2020}],
        },
        headers=headers,
    )
    body = response.get_json()
    assert response.status_code == 200, body
    assert body["tags"] == ["biodiversity finance", "wetland ecology"]
    assert body["unavailable_until"] == "2031-01-31" and body["publications"][0]["title"] == "A"

    invalid = client.patch(
        f"/api/v1/experts/{pool['li'].id}",
        json={
            "orcid": "0000-0002-1825-0098",
            "tags": ["underwater basket weaving"],
            "max_assignments": 99,
            "languages": ["xx"],
        },
        headers=headers,
    )
    error = invalid.get_json()["error"]
    assert invalid.status_code == 422
    assert set(error["fields"]) == {"orcid", "tags", "max_assignments", "languages"}
    for field, patch in [("status", {"status": "inactive"}), ("email", {"email": "x@example.org"})]:
        response = client.patch(f"/api/v1/experts/{pool['li'].id}", json=patch, headers=headers)
        assert response.status_code in (403, 422), field
    unknown = client.patch(f"/api/v1/experts/{pool['li'].id}", json={"shoe": 42}, headers=headers)
    assert unknown.status_code == 422 and "shoe" in unknown.get_json()["error"]["fields"]
    db.session.refresh(pool["li"])
    assert pool["li"].status == "active" and pool["li"].email == "li.wei@example.org"


def test_staff_patch_any_profile_and_vet_it_through_the_api(client, make_user, expert_factory):
    pool = make_pool(expert_factory)
    make_user("staff@example.org", role="staff")
    headers = bearer(client, "staff@example.org")
    response = client.patch(
        f"/api/v1/experts/{pool['pending'].id}",
        json={"status": "active", "email": "Pending.New@example.org"},
        headers=headers,
    )
    assert response.status_code == 200
    assert response.get_json()["status"] == "active"
    assert response.get_json()["email"] == "pending.new@example.org"
    actions = db.session.scalars(select(AuditEvent.action)).all()
    assert "expert.status_changed" in actions and "expert.updated" in actions
