"""Fixtures of the API tests (defined in world.py)."""

from tests.world import make_request, world  # noqa: F401
