"""The events tests share the report tests' hand-counted world (events are part of its figures)."""

from tests.reports.conftest import report_world, staff_client

__all__ = ["report_world", "staff_client"]
