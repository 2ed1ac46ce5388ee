"""Dates as people and spreadsheets write them: the one parser of the forms, the API, the
imports and the reports."""

from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _


def parse_date(value: Any) -> date | None:
    """A date from an ISO text (YYYY-MM-DD), a date or a datetime; None when empty. Raises
    ValueError, with a message for a person, when the text is not a date."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(_("%(value)r is not a date (YYYY-MM-DD)", value=value)) from None
