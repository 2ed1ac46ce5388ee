"""The engine's reasons: a stable code with its values, said in English by the engine (str) and
in the interface language by the app (`expert_pool.matching.wording` translates the same
sentences, which pybabel extracts from the N_ marks below)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any


def N_(message: str) -> str:
    """Mark a sentence for the translation catalogue; the engine itself keeps it English."""
    return message


# Each reason's sentence, by code, with %(name)s placeholders for its values.
WORDING: dict[str, str] = {
    # About the whole ranking.
    "no_model": N_("No language model: matched on tags only (fuzzy)."),
    "no_model_error": N_("No language model (%(error)s): matched on tags only (fuzzy)."),
    "no_tags": N_("The request has no tags: scored on text similarity only."),
    "no_tags_named": N_(
        "The request has no tags: scored on its text and the topics it names (%(tags)s)."
    ),
    "nothing_to_compare": N_("Nothing to compare: no language model and no tags."),
    "unsupported_language": N_(
        "The request is written in a script no language model here reads (%(script)s): add"
        " tags or an English summary; its text was not compared."
    ),
    # A request term and the expert's tag (or alias) it matched.
    "tag_exact": N_("'%(query)s' = %(matched)s (tag)"),
    "tag_reordered": N_("'%(query)s' ≈ %(matched)s (word order / plural)"),
    "tag_partial": N_("'%(query)s' ≈ %(matched)s (partial, %(score)s)"),
    "tag_typo": N_("'%(query)s' ≈ %(matched)s (typo-tolerant, %(score)s)"),
    "tag_similar": N_("'%(query)s' ≈ %(matched)s (similar wording, %(score)s)"),
    "tag_alias": N_("'%(query)s' ≈ %(matched)s (alias of %(tag)s)"),
    "tag_alias_similar": N_("'%(query)s' ≈ %(matched)s (alias of %(tag)s, %(score)s)"),
    # The evidence behind the meaning part, and the expert's situation.
    "closest_publication": N_("Closest publication: '%(title)s' (similarity %(similarity)s)."),
    "closest_untitled_publication": N_(
        "Closest publication: an untitled one (similarity %(similarity)s)."
    ),
    "closest_bio_sentence": N_("Closest bio sentence: '%(sentence)s'"),
    "shared_targets": N_("Shared KMGBF targets: %(targets)s."),
    "common_languages": N_("Languages in common: %(languages)s."),
    "load": N_("Current load: %(load)s of %(max_load)s."),
    "load_unlimited": N_("Current load: %(load)s."),
    # Why an expert is filtered out.
    "unavailable": N_("Not available."),
    "full_load": N_("At full load (%(load)s of %(max_load)s)."),
    "no_common_language": N_("No language in common (speaks %(speaks)s; request in %(wanted)s)."),
    "same_institution": N_(
        "Conflict of interest: same institution as the requester (%(institution)s)."
    ),
    "declared_conflict": N_("Conflict of interest declared by staff: %(reason)s"),
    "declared_conflict_unexplained": N_("Conflict of interest declared by staff."),
    # Teams.
    "team_covers": N_("Covers for the team: %(tags)s."),
    "team_uncovered": N_("Not covered by this team: %(tags)s."),
}


@dataclass(frozen=True)
class Reason:
    """Why an expert ranks where they do (or is filtered out): a code of WORDING and its values.

    Values are strings, ints, floats (similarities, shown with two decimals) or tuples of
    them (lists, shown joined); build one with `Reason.of(code, **values)`.
    """

    code: str
    args: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, code: str, **values: Any) -> Reason:
        """The reason `code` with these values (lists and sets become tuples)."""
        if code not in WORDING:
            raise KeyError(f"unknown reason code {code!r}")
        frozen = {
            key: tuple(value)
            if isinstance(value, Collection) and not isinstance(value, str)
            else value
            for key, value in values.items()
        }
        return cls(code, tuple(frozen.items()))

    @property
    def values(self) -> dict[str, Any]:
        """The reason's values by name."""
        return dict(self.args)

    def __str__(self) -> str:
        return WORDING[self.code] % {key: english(value) for key, value in self.args}


def english(value: Any) -> str:
    """A reason's value as the English sentences show it."""
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, tuple):
        return ", ".join(english(item) for item in value)
    return str(value)
