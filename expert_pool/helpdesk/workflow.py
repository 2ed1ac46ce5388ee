"""The cooperation-request workflow as data: states, actions and the transition table.

Pure (no Flask, no database): the services, the pages, the API, the seeds and the tests all read
this one table. A guard is the name of a condition the service checks on the request.
"""

from dataclasses import dataclass

from ..catalogue import N_

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
    """One allowed move of a request or an invitation: from `state`, `action` by one of `roles`
    leads to `target` when `guard` holds. An empty `roles` means only the system moves it."""

    state: str
    action: str
    roles: tuple[str, ...]
    target: str
    guard: str | None = None


STAFF = ("staff", "admin")
PARTY = ("party",)
EXPERT_OR_STAFF = ("expert", *STAFF)
SYSTEM: tuple[str, ...] = ()
# The target of the Party's answer: the state in which the question was asked (asked_in).
RESUME = "(asked in)"

TRANSITIONS: tuple[Transition, ...] = (
    Transition("draft", "submit", PARTY, "submitted"),
    Transition("submitted", "accept", STAFF, "accepted"),
    Transition("submitted", "decline", STAFF, "declined", guard="has_reason"),
    Transition("submitted", "request_info", STAFF, "info_requested", guard="has_note"),
    Transition("submitted", "withdraw", PARTY, "withdrawn"),
    # Staff may ask at any open state; the answer brings the request back where it was asked.
    Transition("accepted", "request_info", STAFF, "info_requested", guard="has_note"),
    Transition("in_progress", "request_info", STAFF, "info_requested", guard="has_note"),
    Transition("delivered", "request_info", STAFF, "info_requested", guard="has_note"),
    Transition("info_requested", "answer", PARTY, RESUME, guard="has_note"),
    Transition("info_requested", "withdraw", PARTY, "withdrawn"),
    Transition("info_requested", "decline", STAFF, "declined", guard="has_reason"),
    Transition("accepted", "deliver", STAFF, "delivered", guard="has_note"),
    Transition("accepted", "withdraw", PARTY, "withdrawn"),
    # A request found out of scope after acceptance is declined with the reason.
    Transition("accepted", "decline", STAFF, "declined", guard="has_reason"),
    Transition("in_progress", "decline", STAFF, "declined", guard="has_reason"),
    # The first invitation an expert accepts starts the work.
    Transition("accepted", "start", SYSTEM, "in_progress"),
    Transition("in_progress", "deliver", (*STAFF, "expert"), "delivered", guard="has_note"),
    Transition("delivered", "confirm", PARTY, "closed", guard="has_rating"),
    Transition("delivered", "close", STAFF, "closed"),
    Transition("closed", "reopen", STAFF, "in_progress", guard="has_accepted_assignment"),
    Transition("closed", "reopen", STAFF, "accepted", guard="no_accepted_assignment"),
)

# The states in which staff may ask the Party a question, and to which the answer returns.
ASKING_STATES = tuple(t.state for t in TRANSITIONS if t.action == "request_info")

# The actions people take (the system's own, like "start", are not asked for).
REQUEST_ACTIONS = tuple(dict.fromkeys(t.action for t in TRANSITIONS if t.roles))

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


ASSIGNMENT_TRANSITIONS: tuple[Transition, ...] = (
    Transition("invited", "accept", EXPERT_OR_STAFF, "accepted", guard="request_open"),
    Transition("invited", "decline", EXPERT_OR_STAFF, "declined", guard="has_reason"),
    Transition("invited", "expire", SYSTEM, "expired"),
    Transition("invited", "withdraw", EXPERT_OR_STAFF, "withdrawn"),
    Transition("accepted", "complete", EXPERT_OR_STAFF, "completed"),
    Transition("accepted", "withdraw", EXPERT_OR_STAFF, "withdrawn"),
    Transition("completed", "resume", SYSTEM, "accepted"),
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
# Request states in which experts may be invited and may accept an invitation (and, through
# takes_experts, the question asked in one of them while the Party answers it).
INVITABLE_STATES = ("accepted", "in_progress")
# Invitation states that keep an expert busy: they count against the expert's load.
LOAD_STATES = ("invited", "accepted")
# Invitation states of an expert who works (or worked) on the request: they may record the
# delivery and add files, and reopening a request with such work puts it back in progress.
WORKING_STATES = ("accepted", "completed")
# Request states in which a Party's request has ended without work: open invitations end too.
ENDED_WITHOUT_WORK = ("declined", "withdrawn")
# Request states that are over: nothing is added to them (files, invitations) until reopened.
ENDED_STATES = ("closed", *ENDED_WITHOUT_WORK)
# Request states of an answered request (staff or an expert recorded its delivery), as the
# reports and the queue count them.
ANSWERED_STATES = ("delivered", "closed")
# Request states whose step staff owe by a service-level deadline (due_at).
CLOCK_STATES = ("submitted", "accepted")
# Request states in which the help desk (staff or its experts) has the next step.
DESK_STATES = ("submitted", "accepted", "in_progress")
# Actions that cannot be taken back by the one who takes them: the pages ask to confirm them.
CONFIRMED_REQUEST_ACTIONS = ("withdraw",)
CONFIRMED_ASSIGNMENT_ACTIONS = ("withdraw",)
# Guards on what the person acting gives with the action (the form asks for it); the others are
# facts about the request, known before anyone acts.
INPUT_GUARDS = ("has_reason", "has_note", "has_rating")
RATINGS = (1, 2, 3, 4, 5)


def resolved_target(row: Transition, asked_in: str | None) -> str:
    """Where a row leads: its target, or for the answer the state in which the question was
    asked (a request asked before this was recorded returns to screening)."""
    if row.target == RESUME:
        return asked_in if asked_in in ASKING_STATES else "submitted"
    return row.target


def takes_experts(state: str | None, asked_in: str | None = None) -> bool:
    """Whether experts may be invited to a request and accept an invitation now: once it is
    accepted, and also while the Party answers a question staff asked then (the work goes on)."""
    return state in INVITABLE_STATES or (state == "info_requested" and asked_in in INVITABLE_STATES)


def started_while_asked(asked_in: str | None) -> str | None:
    """Where the Party's answer leads once an expert accepts while a question asked in an
    accepted request waits: the "start" row's target (the work began meanwhile), else None."""
    start = transitions_from(asked_in, "start") if asked_in else []
    return start[0].target if start else None


def transitions_from(state: str, action: str) -> list[Transition]:
    """The table's rows for an action in a state (several when guards choose between them)."""
    return [t for t in TRANSITIONS if t.state == state and t.action == action]


def roles_for(action: str) -> set[str]:
    """Every role that may take a request action in some state."""
    return {role for t in TRANSITIONS if t.action == action for role in t.roles}


def assignment_transition(state: str, action: str) -> Transition | None:
    """The table's row for an invitation action in a state, if there is one."""
    return next(
        (t for t in ASSIGNMENT_TRANSITIONS if t.state == state and t.action == action), None
    )


def assignment_roles_for(action: str) -> set[str]:
    """Every role that may take an invitation action in some state."""
    return {role for t in ASSIGNMENT_TRANSITIONS if t.action == action for role in t.roles}


def guard_holds(
    guard: str | None,
    *,
    note: str = "",
    rating: int | None = None,
    has_work: bool = False,
    request_state: str | None = None,
    asked_in: str | None = None,
) -> bool:
    """Whether a row's guard holds: the input given with the action (`note`, `rating`), whether
    an expert works or worked on the request (`has_work`), the request's state (and the state a
    pending question was asked in)."""
    return {
        None: True,
        "has_reason": bool(note),
        "has_note": bool(note),
        "has_rating": rating in RATINGS,
        "has_accepted_assignment": has_work,
        "no_accepted_assignment": not has_work,
        "request_open": takes_experts(request_state, asked_in),
    }[guard]


def _possible(
    row: Transition, has_work: bool, request_state: str | None, asked_in: str | None = None
) -> bool:
    # What the person will give with the action is asked for on the form; facts decide now.
    return row.guard in INPUT_GUARDS or guard_holds(
        row.guard, has_work=has_work, request_state=request_state, asked_in=asked_in
    )


def actions_from(state: str, role: str, *, works_on_it: bool = True, has_work: bool = False):
    """The request actions a role may take now in a state, in table order: an expert only on a
    request they work on; a row whose guard is a fact only when the fact holds."""
    if role == "expert" and not works_on_it:
        return []
    rows = (t for t in TRANSITIONS if t.state == state and role in t.roles)
    return list(dict.fromkeys(t.action for t in rows if _possible(t, has_work, None)))


def assignment_actions_from(
    state: str, role: str, request_state: str | None = None, asked_in: str | None = None
) -> list[str]:
    """The invitation actions a role may take now, in table order (accepting only while the
    request takes experts, when its state is given)."""
    rows = (t for t in ASSIGNMENT_TRANSITIONS if t.state == state and role in t.roles)
    if request_state is None:
        return [t.action for t in rows]
    return [t.action for t in rows if _possible(t, False, request_state, asked_in)]
