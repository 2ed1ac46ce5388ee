"""The directories count the experts behind each country and language a search may narrow to
(the other filters kept), and the public cards link to the expert's ORCID record and
publications."""

import re

from tests.experts.test_experts_directory_api import make_pool
from tests.world import sign_in


def option(page: str, select: str, value: str) -> str:
    block = page[page.index(f'id="{select}"') :].split("</select>")[0]
    found = re.search(rf'<option value="{value}"[^>]*>([^<]+)</option>', block)
    return found.group(1)


def test_the_public_directory_counts_each_country_and_language(client, expert_factory):
    make_pool(expert_factory)
    expert_factory("min@example.org", name="Min Zhao", languages=["zh"], tags=["wetland ecology"])
    page = client.get("/experts").get_data(as_text=True)
    assert option(page, "country", "CHN") == "China (2)"  # hidden and pending ones not counted
    assert option(page, "country", "NPL") == "Nepal (1)"
    assert option(page, "country", "KHM") == "Cambodia (0)"
    assert option(page, "language", "en") == "English (2)"
    assert option(page, "language", "zh") == "Chinese (2)"
    narrowed = client.get("/experts?language=zh").get_data(as_text=True)
    assert option(narrowed, "country", "NPL") == "Nepal (0)"
    # A chosen language still counts every language, within the other filters.
    assert option(narrowed, "language", "ne") == "Nepali (1)"
    chinese = client.get("/experts?language=zh", headers={"Accept-Language": "zh-CN"})
    assert "（2）" in option(chinese.get_data(as_text=True), "country", "CHN")


def test_the_staff_directory_counts_within_its_status(client, make_user, expert_factory):
    make_pool(expert_factory)
    make_user("staff@example.org", "staff")
    sign_in(client, "staff@example.org")
    page = client.get("/staff/experts").get_data(as_text=True)
    assert option(page, "country", "CHN") == "China (2)"  # the private one, active
    pending = client.get("/staff/experts?status=pending").get_data(as_text=True)
    assert option(pending, "country", "CHN") == "China (1)"


def test_a_card_links_to_the_orcid_record_and_the_publications(client, expert_factory):
    expert = expert_factory(
        orcid="0000-0002-1825-0097",
        publications=[{"title": "Wetlands of the Yangtze", "year": 2021}],
    )
    page = client.get("/experts").get_data(as_text=True)
    assert 'href="https://orcid.org/0000-0002-1825-0097"' in page
    assert f'href="/experts/{expert.id}#publications">1 publication</a>' in page
    profile = client.get(f"/experts/{expert.id}").get_data(as_text=True)
    assert 'id="publications"' in profile
