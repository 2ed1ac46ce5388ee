"""The roles of the application's users, and the one check every service makes of staff work.

Which role opens which page is declared in accounts/access.py; what a role may do with one
request or invitation, in helpdesk/policy.py."""

from typing import Protocol

from flask_babel import gettext as _

from .exceptions import PermissionDenied

ROLES = ("party", "expert", "staff", "admin")
STAFF_ROLES = ("staff", "admin")
ADMIN_ROLES = ("admin",)


class Actor(Protocol):
    """Who acts: a signed-in user (accounts.models.User)."""

    role: str


def ensure_staff(actor: Actor | None, message: str | None = None) -> None:
    """Refuse (403) anyone who is not the centre's staff, saying `message` or a general word."""
    if actor is None or actor.role not in STAFF_ROLES:
        raise PermissionDenied(message or _("only the centre's staff can do this"))
