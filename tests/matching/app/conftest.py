"""Fixtures of the matching pages, API and CLI tests."""

import pytest

from expert_pool.matching import services as matching_services
from tests.world import MatchingWorld, build_matching_world


@pytest.fixture
def world(app) -> MatchingWorld:
    """The small matching world, committed."""
    return build_matching_world()


@pytest.fixture(autouse=True)
def fresh_matcher_cache():
    """Each test's database is new: forget matchers built for earlier ones."""
    matching_services.forget_matchers()
    yield
    matching_services.forget_matchers()
