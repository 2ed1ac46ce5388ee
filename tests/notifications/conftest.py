"""Fixtures of the notification tests (defined with the help desk tests and in mail.py)."""

from tests.mail import smtp_server  # noqa: F401
from tests.world import browser, make_request, world  # noqa: F401
