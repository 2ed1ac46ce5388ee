"""Dates as people and spreadsheets write them: the one parser of the forms, the API, the
imports and the reports."""

from datetime import date, datetime
from typing import Any

from flask_babel import gettext as _

# The dates the app takes: any it can count days from and to (a period's end plus one day, an
# age in days) without leaving what Python's dates and the databases hold.
EARLIEST = date(1900, 1, 1)
LATEST = date(2999, 12, 31)


def parse_date(value: Any) -> date | None:
    """A date from an ISO text (YYYY-MM-DD), a date or a datetime; None when empty. Raises
    ValueError, with a message for a person, when the text is not a date or the date is not
    between EARLIEST and LATEST."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    else:
        try:
            day = date.fromisoformat(str(value).strip())
        except ValueError:
            raise ValueError(_("%(value)r is not a date (YYYY-MM-DD)", value=value)) from None
    if not EARLIEST <= day <= LATEST:
        raise ValueError(
            _(
                "a date between %(earliest)s and %(latest)s",
                earliest=EARLIEST.isoformat(),
                latest=LATEST.isoformat(),
            )
        )
    return day
