"""Fixtures of the help desk tests (defined in world.py and mail.py, shared with notifications)."""

from tests.helpdesk.world import browser, make_request, world  # noqa: F401
from tests.mail import smtp_server  # noqa: F401
