"""One profile read alike by the export file, the API and the edit form; the directories'
shared search form; the registry's messages in Chinese."""

import csv
import io
import json
import re
from datetime import date

from expert_pool.experts.exporting import export_experts
from expert_pool.experts.services import update_expert
from expert_pool.extensions import db
from tests.world import bearer, sign_in

PUBLICATIONS = [
    {
        "title": "Reed beds of Poyang Lake",
        "year": 2021,
        "url": "https://example.org/p",
        "abstract": "",
    }
]


def full_expert(expert_factory):
    return expert_factory(
        native_name="李伟",
        orcid="0000-0002-1825-0097",
        tags=["wetland ecology", "invasive alien species"],
        targets=[6, 11],
        availability="unavailable",
        unavailable_until="2027-03-01",
        max_assignments=4,
        publications=PUBLICATIONS,
    )


def test_the_export_the_api_and_the_form_show_the_same_profile(client, make_user, expert_factory):
    expert = full_expert(expert_factory)
    make_user("staff@example.org", role="staff")
    row = next(csv.DictReader(io.StringIO(export_experts("csv").decode("utf-8-sig"))))
    api = client.get(
        f"/api/v1/experts/{expert.id}", headers=bearer(client, "staff@example.org")
    ).get_json()

    assert row["tags"] == "; ".join(api["tags"]) == "invasive alien species; wetland ecology"
    assert row["targets"] == "; ".join(map(str, api["targets"])) == "6; 11"
    assert row["languages"] == "; ".join(api["languages"]) == "en; zh"
    assert row["orcid"] == api["orcid"] == "0000-0002-1825-0097"
    assert row["unavailable_until"] == api["unavailable_until"] == "2027-03-01"
    assert (row["public"], api["public"]) == ("yes", True)
    assert row["max_assignments"] == str(api["max_assignments"]) == "4"
    assert json.loads(row["publications"]) == api["publications"] == PUBLICATIONS
    assert (row["native_name"], api["native_name"], row["status"]) == ("李伟", "李伟", "active")

    sign_in(client, "staff@example.org")
    form = client.get(f"/experts/{expert.id}/edit").get_data(as_text=True)
    for name, value in (
        ("tags", row["tags"]),
        ("orcid", row["orcid"]),
        ("native_name", "李伟"),
        ("max_assignments", "4"),
        ("unavailable_until", "2027-03-01"),
    ):
        assert re.search(rf'name="{name}"[^>]*value="{value}"', form), name
    assert re.search(r'<option selected value="11">|<option value="11" selected', form)


def test_a_profile_saved_back_as_read_changes_nothing(make_user, expert_factory):
    expert = full_expert(expert_factory)
    staff = make_user("staff@example.org", role="staff")
    assert update_expert(expert, expert.profile_fields(), staff) == []
    assert expert.unavailable_until == date(2027, 3, 1)


def search_form(page: str) -> str:
    return re.search(r'<form [^>]*role="search".*?</form>', page, re.S).group(0)


def test_both_directories_search_with_the_same_form_and_keep_the_query(
    client, make_user, expert_factory
):
    expert_factory()
    public = search_form(client.get("/experts?q=reed&country=CHN&language=zh").get_data(True))
    assert 'aria-label="Search the experts"' in public
    assert 'value="reed"' in public and '<option value="CHN" selected>' in public
    assert '<label class="form-label" for="tag">Expertise tag</label>' in public
    assert 'for="language">Language</label>' in public and '<option value="zh" selected>' in public
    assert 'name="status"' not in public and 'name="availability"' not in public
    assert ">Search</button>" in public

    make_user("staff@example.org", role="staff")
    sign_in(client, "staff@example.org")
    staff = search_form(
        client.get("/staff/experts?q=reed&status=pending&overdue=1&sort=load").get_data(True)
    )
    assert 'aria-label="Filter the registry"' in staff
    assert 'value="reed"' in staff and '<option value="pending" selected>' in staff
    assert '<option value="load" selected>' in staff and "checked" in staff
    assert 'for="tag">Tag</label>' in staff and 'for="language">Language</label>' in staff
    assert ">Filter</button>" in staff
    for field in ("q", "tag", "country", "language", "availability", "target", "status", "sort"):
        assert f'<label class="form-label" for="{field}">' in staff, field


def test_the_registry_answers_in_chinese(client, make_user, expert_factory):
    make_user("staff@example.org", role="staff")
    chinese = {**bearer(client, "staff@example.org"), "Accept-Language": "zh"}
    missing = client.get("/api/v1/experts/999", headers=chinese).get_json()["error"]["message"]
    assert missing == "没有编号为 999 的专家"
    page = client.get("/experts", headers={"Accept-Language": "zh"}).get_data(as_text=True)
    assert 'aria-label="搜索专家"' in search_form(page)


def options(page: str, name: str) -> list[tuple[str, str]]:
    """The (value, label) pairs of the options of a page's <select name=...>."""
    select = re.search(rf'<select[^>]*name="{name}".*?</select>', page, re.S).group(0)
    return re.findall(r'<option[^>]*value="([^"]*)"[^>]*>([^<]*)</option>', select)


def test_a_chinese_speaking_user_sees_countries_and_languages_named_in_chinese(
    client, make_user, expert_factory
):
    expert_factory(country="KHM", languages=["km", "en"])
    staff = make_user("staff@example.org", role="staff")
    staff.locale = "zh"
    db.session.commit()
    sign_in(client, "staff@example.org")

    directory = client.get("/staff/experts?language=km").get_data(as_text=True)
    assert "<td>柬埔寨</td>" in directory and "<td>KHM</td>" not in directory
    search = search_form(directory)
    # Each choice says how many experts it would show.
    assert ("KHM", "柬埔寨（1）") in options(search, "country")
    assert options(search, "language")[1:4] == [
        ("en", "英语（1）"),
        ("zh", "中文（0）"),
        ("km", "高棉语（1）"),
    ]
    assert '<option value="km" selected>' in search

    form = client.get("/staff/experts/new").get_data(as_text=True)
    languages = options(form, "languages")
    assert languages[:3] == [("en", "英语"), ("zh", "中文"), ("km", "高棉语")]
    assert len(languages) > 180 and not [name for _code, name in languages if name.isascii()]
    assert ("KHM", "柬埔寨") in options(form, "country")
