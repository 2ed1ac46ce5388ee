"""Fixtures of the registry tests."""

import pytest

from tests.experts.factories import load_vocabularies, make_expert


@pytest.fixture
def vocabularies(app):
    """Parties, targets and a few tags in the database."""
    load_vocabularies()


@pytest.fixture
def expert_factory(vocabularies):
    """Make experts: expert_factory(email, **fields)."""
    return make_expert
