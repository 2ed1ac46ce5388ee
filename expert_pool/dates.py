"""Dates as people and spreadsheets write them: the one parser of the forms, the API, the
imports and the reports, and the period (two dates) that reports and lists are filtered by."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from flask_babel import gettext as _

from .database import utcnow
from .exceptions import ValidationError

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


@dataclass(frozen=True)
class Period:
    """The days a report covers, both ends included."""

    start: date
    end: date

    @classmethod
    def parse(cls, start: Any, end: Any, today: date | None = None) -> "Period":
        """A period from two ISO dates; a missing end is today's biennium (this year and the
        previous one)."""
        default = cls.biennium(today or utcnow().date())
        errors: dict[str, list[str]] = {}
        values = {}
        for field, value, fallback in (("from", start, default.start), ("to", end, default.end)):
            try:
                values[field] = parse_date(value) or fallback
            except ValueError as error:
                errors[field] = [str(error)]
        if not errors and values["to"] < values["from"]:
            errors["to"] = [_("the end comes before the start")]
        if errors:
            raise ValidationError(_("the period is not valid"), errors)
        return cls(values["from"], values["to"])

    @classmethod
    def biennium(cls, today: date) -> "Period":
        """The previous calendar year and this one."""
        return cls(date(today.year - 1, 1, 1), date(today.year, 12, 31))

    @property
    def since(self) -> datetime:
        """The first moment of the period."""
        return datetime.combine(self.start, datetime.min.time())

    @property
    def until(self) -> datetime:
        """The first moment after the period."""
        return datetime.combine(self.end + timedelta(days=1), datetime.min.time())

    def months(self) -> list[str]:
        """Every month of the period as YYYY-MM."""
        months, year, month = [], self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            months.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months
