"""Fixtures of the API tests (defined in world.py)."""

from tests.world import world  # noqa: F401
