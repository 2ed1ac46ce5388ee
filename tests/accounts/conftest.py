"""Fixtures of the accounts tests: the registry's vocabularies and expert factory."""

from tests.experts.conftest import expert_factory, vocabularies

__all__ = ["expert_factory", "vocabularies"]
