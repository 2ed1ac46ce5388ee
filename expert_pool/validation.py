"""Checking the fields of what a service is given: an error collector that reports every problem
against its field at once, and the checks the features share (texts, one-of choices, dates,
language codes)."""

import datetime as dt
from collections.abc import Collection, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import pycountry
from flask_babel import gettext as _

from .dates import parse_date
from .exceptions import ValidationError


def is_language_code(code: str) -> bool:
    """Whether `code` is a valid ISO 639-1 language code."""
    return len(code) == 2 and pycountry.languages.get(alpha_2=code.lower()) is not None


def bad_language_codes(codes: Iterable[str]) -> list[str]:
    """The codes that are not ISO 639-1 language codes, in the order given."""
    return [code for code in codes if not is_language_code(code)]


def language_codes_message(bad: list[str]) -> str:
    """The one sentence that refuses language codes."""
    return _("not ISO 639-1 language codes: %(codes)s", codes=", ".join(bad))


# The most working languages one list names (a request's, a profile's, a search's).
MAX_LANGUAGES = 20


class Problems:
    """The problems found in a set of fields, by field; `raise_if_any` refuses them all at once.

    Each check returns the cleaned value (or a neutral one when refused), so that a service
    checks every field before it refuses."""

    def __init__(self) -> None:
        self.fields: dict[str, list[str]] = {}

    def __bool__(self) -> bool:
        return bool(self.fields)

    def __contains__(self, field: str) -> bool:
        return field in self.fields

    def add(self, field: str, message: str) -> None:
        """Refuse one field with a message."""
        self.fields.setdefault(field, []).append(message)

    def extend(self, fields: dict[str, list[str]]) -> None:
        """Take over the problems of another check (a ValidationError's fields)."""
        for field, messages in fields.items():
            self.fields.setdefault(field, []).extend(messages)

    @contextmanager
    def catching(self, field: str | None = None) -> Iterator[None]:
        """Collect a ValidationError raised inside: under `field`, or under its own fields."""
        try:
            yield
        except ValidationError as error:
            if field is None:
                self.extend(error.fields or {"": [error.message]})
            else:
                self.add(field, error.message)

    def raise_if_any(self, message: str) -> None:
        """Refuse everything found, with `message` as the sentence."""
        if self.fields:
            raise ValidationError(message, self.fields)

    def text(
        self, field: str, value: Any, limit: int, *, required: str | None = None, longer=None
    ) -> str:
        """A stripped text of at most `limit` characters; `required` is said when it is empty
        (else it may be), `longer` when it is too long (else "at most N characters")."""
        text = str(value or "").strip()
        if required is not None and not text:
            self.add(field, required)
        elif len(text) > limit:
            self.add(field, longer or _("at most %(limit)d characters", limit=limit))
        return text

    def one_of(self, field: str, value: Any, allowed: Collection, message: str) -> Any:
        """`value` when it is one of `allowed`, else refused with `message`."""
        if value not in allowed:
            self.add(field, message)
        return value

    def date(self, field: str, value: Any) -> dt.date | None:
        """A date (YYYY-MM-DD), None when empty or refused."""
        try:
            return parse_date(value)
        except ValueError as error:
            self.add(field, str(error))
            return None

    def dates_in_order(self, start: dt.date | None, end: dt.date | None, field: str = "end_date"):
        """Refuse an end before its start."""
        if start and end and end < start:
            self.add(field, _("the end comes before the start"))

    def languages(self, field: str, codes: Iterable[Any]) -> list[str]:
        """Lower-case ISO 639-1 codes; the ones that are not are refused together."""
        cleaned = [str(code).strip().lower() for code in codes or []]
        if len(cleaned) > MAX_LANGUAGES:
            self.add(field, _("at most %(limit)d languages", limit=MAX_LANGUAGES))
            return []
        if bad := bad_language_codes(cleaned):
            self.add(field, language_codes_message(bad))
        return cleaned
