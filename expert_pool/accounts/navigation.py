"""The navigation bar: each role sees the pages the access declaration lets it open, and only
pages that exist."""

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..notifications.inbox import count_unread
from .access import STAFF, is_allowed

# (endpoint, label, roles that have a better page for the same need and do not see this one)
NAV_ITEMS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("helpdesk.home", _l("Home"), ()),
    ("helpdesk.work", _l("My work"), ()),
    ("experts.directory", _l("Experts"), STAFF),
    ("knowledge.catalogue", _l("Knowledge products"), ()),
    ("helpdesk.my_requests", _l("My requests"), ()),
    ("helpdesk.new_request", _l("New request"), ()),
    ("experts.edit_own_profile", _l("My profile"), ()),
    ("helpdesk.my_invitations", _l("My invitations"), ()),
    ("helpdesk.queue", _l("Requests"), ()),
    ("helpdesk.staff_directory", _l("Experts"), ()),
    ("matching.adhoc", _l("Matching"), ()),
    ("matching.batch", _l("Batch proposals"), ()),
    ("reports.dashboard", _l("Dashboard"), ()),
    ("events.list_events", _l("Events"), ()),
    ("needs.my_questionnaires", _l("Questionnaires"), ()),
    ("needs.overview", _l("Needs assessment"), ()),
    ("accounts.users", _l("Users"), ()),
    ("notifications.outbox", _l("Outbox"), ()),
    ("experts.taxonomy", _l("Taxonomy"), ()),
)


def current_role() -> str | None:
    """The signed-in user's role, or None for a visitor."""
    return current_user.role if current_user.is_authenticated else None


def nav_items() -> list[tuple[str, str]]:
    """The (endpoint, label) pairs for the current user, skipping pages not built yet."""
    role = current_role()
    return [
        (endpoint, label)
        for endpoint, label, hidden_for in NAV_ITEMS
        if is_allowed(endpoint, role)
        and role not in hidden_for
        and endpoint in current_app.view_functions
    ]


def unread_notifications() -> int:
    """How many notifications the signed-in user has not read (0 for a visitor)."""
    return count_unread(current_user.email) if current_user.is_authenticated else 0


def register(app: Flask) -> None:
    """Make the navigation available to every template."""
    app.context_processor(
        lambda: {"nav_items": nav_items(), "unread_notifications": unread_notifications()}
    )
