"""The cooperation-request workflow as data: states, actions and the transition table.

Pure (no Flask, no database): the services, the pages, the API, the seeds and the tests all read
this one table. A guard is the name of a condition the service checks on the request.
"""

from dataclasses import dataclass

REQUEST_STATES = (
    "draft",
    "submitted",
    "info_requested",
    "accepted",
    "in_progress",
    "delivered",
    "closed",
    "declined",
    "withdrawn",
)
OPEN_STATES = ("submitted", "info_requested", "accepted", "in_progress", "delivered")
REQUEST_TYPES = (
    "technical_consultation",
    "capacity_building",
    "knowledge_product",
    "technology_transfer",
    "other",
)
URGENCIES = ("low", "normal", "high")
LEVELS = ("national", "subnational", "regional")
ASSIGNMENT_STATES = ("invited", "accepted", "declined", "expired", "completed", "withdrawn")


@dataclass(frozen=True)
class Transition:
    """One allowed move of a request: from `state`, `action` by one of `roles` leads to `target`."""

    state: str
    action: str
    roles: tuple[str, ...]
    target: str
    guard: str | None = None


STAFF = ("staff", "admin")
PARTY = ("party",)

TRANSITIONS: tuple[Transition, ...] = (
    Transition("draft", "submit", PARTY, "submitted"),
    Transition("submitted", "accept", STAFF, "accepted"),
    Transition("submitted", "decline", STAFF, "declined", guard="has_reason"),
    Transition("submitted", "request_info", STAFF, "info_requested", guard="has_note"),
    Transition("submitted", "withdraw", PARTY, "withdrawn"),
    Transition("info_requested", "answer", PARTY, "submitted", guard="has_note"),
    Transition("info_requested", "withdraw", PARTY, "withdrawn"),
    Transition("info_requested", "decline", STAFF, "declined", guard="has_reason"),
    Transition("accepted", "deliver", STAFF, "delivered", guard="has_note"),
    Transition("accepted", "withdraw", PARTY, "withdrawn"),
    Transition("in_progress", "deliver", (*STAFF, "expert"), "delivered", guard="has_note"),
    Transition("delivered", "confirm", PARTY, "closed", guard="has_rating"),
    Transition("delivered", "close", STAFF, "closed"),
    Transition("closed", "reopen", STAFF, "in_progress", guard="has_accepted_assignment"),
    Transition("closed", "reopen", STAFF, "accepted", guard="no_accepted_assignment"),
)

REQUEST_ACTIONS = tuple(dict.fromkeys(t.action for t in TRANSITIONS))

# Assignment moves: (from assignment state, action) -> next assignment state.
ASSIGNMENT_TRANSITIONS: dict[tuple[str, str], str] = {
    ("invited", "accept"): "accepted",
    ("invited", "decline"): "declined",
    ("invited", "expire"): "expired",
    ("invited", "withdraw"): "withdrawn",
    ("accepted", "complete"): "completed",
    ("accepted", "withdraw"): "withdrawn",
}
# Request states in which experts may be invited.
INVITABLE_STATES = ("accepted", "in_progress")


def transitions_from(state: str, action: str) -> list[Transition]:
    """The table's rows for an action in a state (several when guards choose between them)."""
    return [t for t in TRANSITIONS if t.state == state and t.action == action]


def actions_from(state: str, role: str) -> list[str]:
    """The request actions a role may take in a state, in table order."""
    return list(
        dict.fromkeys(t.action for t in TRANSITIONS if t.state == state and role in t.roles)
    )
