"""The navigation bar: each role sees the pages meant for it, and only pages that exist."""

from flask import Flask, current_app
from flask_babel import lazy_gettext as _l
from flask_login import current_user

# (endpoint, label, roles that see it; "anonymous" for visitors who are not signed in)
NAV_ITEMS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("helpdesk.home", _l("Home"), ("anonymous", "party", "expert", "staff", "admin")),
    ("experts.directory", _l("Experts"), ("anonymous", "party", "expert")),
    ("helpdesk.my_requests", _l("My requests"), ("party",)),
    ("helpdesk.new_request", _l("New request"), ("party",)),
    ("experts.edit_own_profile", _l("My profile"), ("expert",)),
    ("helpdesk.my_invitations", _l("My invitations"), ("expert",)),
    ("helpdesk.queue", _l("Requests"), ("staff", "admin")),
    ("experts.staff_directory", _l("Experts"), ("staff", "admin")),
    ("matching.adhoc", _l("Matching"), ("staff", "admin")),
    ("matching.batch", _l("Batch proposals"), ("staff", "admin")),
    ("reports.dashboard", _l("Dashboard"), ("staff", "admin")),
    ("reports.events", _l("Events"), ("staff", "admin")),
    ("accounts.users", _l("Users"), ("admin",)),
    ("taxonomy.tags", _l("Taxonomy"), ("admin",)),
)


def current_role() -> str:
    """The signed-in user's role, or 'anonymous'."""
    return current_user.role if current_user.is_authenticated else "anonymous"


def nav_items() -> list[tuple[str, str]]:
    """The (endpoint, label) pairs for the current user, skipping pages not built yet."""
    role = current_role()
    return [
        (endpoint, label)
        for endpoint, label, roles in NAV_ITEMS
        if role in roles and endpoint in current_app.view_functions
    ]


def register(app: Flask) -> None:
    """Make the navigation available to every template."""
    app.context_processor(lambda: {"nav_items": nav_items()})
