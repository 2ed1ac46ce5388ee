"""The engine gives its reasons as codes with values (English only when printed), and stays free
of Flask and gettext."""

import dataclasses
import subprocess
import sys

import pytest

from expert_pool.matching import Matcher, Reason, RequestDoc, suggest_team


def codes(reasons):
    return [reason.code for reason in reasons]


def test_reasons_are_codes_with_values(make_expert):
    experts = [
        make_expert(1, ["invasive species"], targets=[6], languages=["en", "zh"], max_load=3),
        make_expert(2, ["invasive species"], available=False, load=2, max_load=2, languages=["zh"]),
        make_expert(3, ["invasive species"], languages=["fr"]),
    ]
    request = RequestDoc(tags=["invasive speceis"], targets=[6], languages=["zh"])
    matches = Matcher(experts, embedder=None).rank(request, k=None, include_filtered=True)
    best = matches[0]
    assert best.expert_id == 1
    assert codes(best.reasons) == [
        "no_model",
        "tag_typo",
        "shared_targets",
        "common_languages",
        "load",
    ]
    typo = best.reasons[1]
    assert typo.values == {"query": "invasive speceis", "matched": "invasive species", "score": 94}
    assert best.reasons[2].values == {"targets": (6,)}
    assert str(typo) == "'invasive speceis' ≈ invasive species (typo-tolerant, 94)"
    filtered = {m.expert_id: codes(m.filter_reasons) for m in matches if m.filtered}
    assert filtered == {2: ["unavailable", "full_load"], 3: ["no_common_language"]}
    assert matches[-1].filter_reasons[0].values == {"speaks": ("fr",), "wanted": ("zh",)}


def test_notes_and_team_reasons_are_codes(make_expert):
    experts = [make_expert(1, ["coral reefs"]), make_expert(2, ["seed banks"])]
    matcher = Matcher(experts, embedder=None)
    assert "nothing_to_compare" in codes(matcher.rank(RequestDoc(text="reefs"), k=1)[0].reasons)
    team = suggest_team(matcher, RequestDoc(tags=["coral reefs", "peatlands"]), size=1)
    assert codes(team[0].reasons)[0] == "team_covers"
    assert codes(team[0].reasons)[-1] == "team_uncovered"
    assert str(team[0].reasons[-1]) == "Not covered by this team: peatlands."


def test_a_reason_is_a_frozen_value():
    reason = Reason.of("shared_targets", targets=[2, 3])
    assert reason == Reason.of("shared_targets", targets=(2, 3))
    assert len({reason, Reason.of("shared_targets", targets=[2, 3])}) == 1
    with pytest.raises(dataclasses.FrozenInstanceError):
        reason.code = "load"
    assert str(reason) == "Shared KMGBF targets: 2, 3."
    assert str(Reason.of("closest_publication", title="Peat", similarity=0.5)) == (
        "Closest publication: 'Peat' (similarity 0.50)."
    )
    with pytest.raises(KeyError):
        Reason.of("no_such_reason")


def test_the_engine_imports_neither_flask_nor_gettext():
    probe = (
        "import sys, expert_pool.matching.engine; "
        "print(sorted(m for m in ('flask', 'flask_babel', 'babel', 'sqlalchemy') "
        "if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
