"""The cooperation-request workflow as data: states, actions and the transition table.

Pure (no Flask, no database): the services, the pages, the API, the seeds and the tests all read
this one table. A guard is the name of a condition the service checks on the request.
"""

from dataclasses import dataclass


def N_(message: str) -> str:
    """Mark a label for the translation catalogue; the pages translate it where they show it."""
    return message


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
# What each request and invitation state is called on the pages.
STATE_LABELS = {
    "draft": N_("draft"),
    "submitted": N_("submitted"),
    "info_requested": N_("info requested"),
    "accepted": N_("accepted"),
    "in_progress": N_("in progress"),
    "delivered": N_("delivered"),
    "closed": N_("closed"),
    "declined": N_("declined"),
    "withdrawn": N_("withdrawn"),
    "invited": N_("invited"),
    "expired": N_("expired"),
    "completed": N_("completed"),
}


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

# What each request action is called on the pages, and what it asks for.
ACTION_LABELS = {
    "submit": N_("Submit the request"),
    "accept": N_("Accept the request"),
    "decline": N_("Decline the request"),
    "request_info": N_("Ask the Party for information"),
    "answer": N_("Answer the question"),
    "withdraw": N_("Withdraw the request"),
    "deliver": N_("Record the delivery"),
    "confirm": N_("Confirm the delivery"),
    "close": N_("Close the request"),
    "reopen": N_("Reopen the request"),
}
# The field a guard checks, and what to say when it does not hold (%(action)s: the action).
GUARD_FIELDS = {
    "has_reason": ("note", N_("give a reason to %(action)s")),
    "has_note": ("note", N_("write a note to %(action)s")),
    "has_rating": ("rating", N_("give a rating from 1 to 5 to %(action)s")),
}


@dataclass(frozen=True)
class AssignmentTransition:
    """One allowed move of an invitation; an empty `roles` means only the system (expiry)."""

    state: str
    action: str
    roles: tuple[str, ...]
    target: str
    guard: str | None = None


EXPERT_OR_STAFF = ("expert", *STAFF)
SYSTEM: tuple[str, ...] = ()

ASSIGNMENT_TRANSITIONS: tuple[AssignmentTransition, ...] = (
    AssignmentTransition("invited", "accept", EXPERT_OR_STAFF, "accepted", guard="request_open"),
    AssignmentTransition("invited", "decline", EXPERT_OR_STAFF, "declined", guard="has_reason"),
    AssignmentTransition("invited", "expire", SYSTEM, "expired"),
    AssignmentTransition("invited", "withdraw", EXPERT_OR_STAFF, "withdrawn"),
    AssignmentTransition("accepted", "complete", EXPERT_OR_STAFF, "completed"),
    AssignmentTransition("accepted", "withdraw", EXPERT_OR_STAFF, "withdrawn"),
    AssignmentTransition("completed", "resume", SYSTEM, "accepted"),
)
ASSIGNMENT_ACTIONS = tuple(dict.fromkeys(t.action for t in ASSIGNMENT_TRANSITIONS))
ASSIGNMENT_LABELS = {
    "accept": N_("Accept the invitation"),
    "decline": N_("Decline the invitation"),
    "expire": N_("Expire the invitation"),
    "complete": N_("Mark the work complete"),
    "withdraw": N_("Withdraw"),
    "resume": N_("Resume the work"),
}
# Request states in which experts may be invited and may accept an invitation.
INVITABLE_STATES = ("accepted", "in_progress")
# Request states in which a Party's request has ended without work: open invitations end too.
ENDED_WITHOUT_WORK = ("declined", "withdrawn")


def transitions_from(state: str, action: str) -> list[Transition]:
    """The table's rows for an action in a state (several when guards choose between them)."""
    return [t for t in TRANSITIONS if t.state == state and t.action == action]


def roles_for(action: str) -> set[str]:
    """Every role that may take a request action in some state."""
    return {role for t in TRANSITIONS if t.action == action for role in t.roles}


def actions_from(state: str, role: str) -> list[str]:
    """The request actions a role may take in a state, in table order."""
    return list(
        dict.fromkeys(t.action for t in TRANSITIONS if t.state == state and role in t.roles)
    )


def assignment_transition(state: str, action: str) -> AssignmentTransition | None:
    """The table's row for an invitation action in a state, if there is one."""
    return next(
        (t for t in ASSIGNMENT_TRANSITIONS if t.state == state and t.action == action), None
    )


def assignment_actions_from(state: str, role: str) -> list[str]:
    """The invitation actions a role may take in an invitation state, in table order."""
    return [t.action for t in ASSIGNMENT_TRANSITIONS if t.state == state and role in t.roles]
