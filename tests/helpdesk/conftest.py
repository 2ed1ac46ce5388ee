"""Fixtures of the help desk tests (defined in world.py and mail.py, shared with notifications)."""

from tests.mail import smtp_server  # noqa: F401
from tests.world import browser, make_request, world  # noqa: F401
