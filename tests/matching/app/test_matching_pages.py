"""Matching on the staff pages: candidates, invitations with reasons, ad-hoc and batch."""

import re

from sqlalchemy import select

from expert_pool.audit.models import AuditEvent
from expert_pool.extensions import db
from expert_pool.helpdesk.models import Assignment
from tests.world import sign_in


def candidates_url(world, **args) -> str:
    query = "&".join(f"{k}={v}" for k, v in args.items())
    return f"/requests/{world.request.reference}/candidates" + (f"?{query}" if query else "")


def test_staff_see_candidates_with_reasons_and_can_widen_the_list(client, world):
    sign_in(client, "staff@example.org")
    page = client.get(candidates_url(world)).get_data(as_text=True)
    assert "Sok Dara" in page and "Closest" in page
    assert "Show 10 more" in page
    assert "Lin Hao" not in page.split("</table>")[0]  # unavailable: not ranked
    filtered = client.get(candidates_url(world, filtered=1)).get_data(as_text=True)
    assert "Filtered out" in filtered and "Lin Hao" in filtered


def test_a_party_cannot_open_the_candidates(client, world):
    sign_in(client, "focal@example.org")
    assert client.get(candidates_url(world)).status_code == 403


def test_inviting_the_top_candidate_keeps_rank_and_score(client, world):
    sign_in(client, "staff@example.org")
    expert = world.experts["mekong.edna"]
    response = client.post(f"{candidates_url(world)}/{expert.id}/invite", data={"reason": ""})
    assert response.status_code == 302
    assignment = db.session.scalar(select(Assignment).where(Assignment.expert_id == expert.id))
    assert assignment.status == "invited"
    assert assignment.match_rank == 1 and 0 < assignment.match_score <= 1


def test_inviting_outside_the_top_five_needs_a_reason(client, world):
    sign_in(client, "staff@example.org")
    expert = world.experts["bee.keeper"]  # far from eDNA: ranked low
    url = f"{candidates_url(world)}/{expert.id}/invite"
    refused = client.post(url, data={"reason": ""}, follow_redirects=True)
    assert "say why" in refused.get_data(as_text=True)
    assert db.session.scalar(select(Assignment).where(Assignment.expert_id == expert.id)) is None

    client.post(url, data={"reason": "she ran the sampling design of our 2024 pilot"})
    assignment = db.session.scalar(select(Assignment).where(Assignment.expert_id == expert.id))
    assert assignment.invite_reason == "she ran the sampling design of our 2024 pilot"
    assert assignment.match_rank > 5
    event = db.session.scalar(
        select(AuditEvent).where(
            AuditEvent.action == "assignment.invited", AuditEvent.object_id == str(assignment.id)
        )
    )
    assert event.note == "she ran the sampling design of our 2024 pilot"


def test_adhoc_page_ranks_a_pasted_need(client, world):
    sign_in(client, "staff@example.org")
    page = client.get("/matching?text=replanting+mangroves+on+eroding+coasts&k=3")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert (
        html.index("Tran Minh") < html.index("Nobody in the pool fits")
        if ("Nobody in the pool fits" in html)
        else "Tran Minh" in html
    )
    empty = client.get("/matching?text=&tags=").get_data(as_text=True)
    assert "give a text or at least one tag" in empty


def checked_languages(page: str) -> list[str]:
    """The codes of the ticked language checkboxes of a page."""
    return [
        value
        for tag, value in re.findall(r'(<input[^>]*name="languages"[^>]*value="(\w+)"[^>]*>)', page)
        if "checked" in tag
    ]


def test_adhoc_page_suggests_tags_and_ticks_languages_as_the_request_form_does(client, world):
    sign_in(client, "staff@example.org")
    blank = client.get("/matching").get_data(as_text=True)
    assert re.search(r'<input[^>]*data-suggest-url="/taxonomy/tags/suggest"[^>]*id="tags"', blank)
    assert "js/tag_autocomplete.js" in blank and "More languages" in blank
    assert re.search(r'<input[^>]*name="languages"[^>]*type="checkbox"[^>]*value="km"', blank)

    # Tags are separated by semicolons, full-width ones of Chinese input too; languages are ticked.
    tags = "环境DNA\uff1b mangrove restoration"
    page = client.get(
        "/matching", query_string={"tags": tags, "languages": ["en", "km"], "k": 3}
    ).get_data(as_text=True)
    ranking = page[page.index("Ranking") :]
    assert "Sok Dara" in ranking and "Tran Minh" in ranking
    assert checked_languages(page) == ["en", "km"]
    assert f'value="{tags}"' in page

    refused = client.get("/matching?tags=eDNA&languages=en&languages=xx").get_data(as_text=True)
    assert re.search(r'id="languages-errors">[^<]*not ISO 639-1 language codes: xx', refused)
    assert "Ranking" not in refused


def test_batch_proposals_respect_load_and_send_invitations(client, world):
    sign_in(client, "staff@example.org")
    page = client.get("/matching/batch").get_data(as_text=True)
    assert world.request.reference in page and "Sok Dara" in page
    pair = f"{world.request.reference}:{world.experts['mekong.edna'].id}"
    response = client.post("/matching/batch", data={"pair": [pair]}, follow_redirects=True)
    assert "1 invitations sent" in response.get_data(as_text=True)
    assert db.session.scalar(
        select(Assignment).where(Assignment.expert_id == world.experts["mekong.edna"].id)
    )
    after = client.get("/matching/batch").get_data(as_text=True)
    assert "No accepted request is waiting" in after


def test_a_bad_batch_pair_sends_nothing(client, world):
    sign_in(client, "staff@example.org")
    good = f"{world.request.reference}:{world.experts['mekong.edna'].id}"
    response = client.post(
        "/matching/batch", data={"pair": [good, "TSCC-2026-9999:1"]}, follow_redirects=True
    )
    assert "No invitation was sent" in response.get_data(as_text=True)
    assert db.session.scalar(select(Assignment)) is None


def test_candidates_read_as_words_by_the_thresholds_of_the_settings(app, client, world):
    sign_in(client, "staff@example.org")
    page = client.get(candidates_url(world)).get_data(as_text=True)
    ranked = page.split("</table>")[0]
    first = ranked[ranked.index("Sok Dara") :].split("</tr>")[0]
    assert "strong fit" in first and "the numbers" in first
    assert "weak fit" in ranked
    app.config["MATCH_STRONG_SCORE"] = 1.01
    page = client.get(candidates_url(world)).get_data(as_text=True)
    first = page[page.index("Sok Dara") :].split("</tr>")[0]
    assert "good fit" in first and "strong fit" not in first
    world.staff.locale = "zh"
    db.session.commit()
    assert "较为匹配" in client.get(candidates_url(world)).get_data(as_text=True)
