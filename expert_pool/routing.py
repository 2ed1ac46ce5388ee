"""How ids appear in URLs: `<int:...>` matches ASCII digits from 1 to the largest id the
databases hold (a 32-bit INTEGER), so that an id nobody can have is a 404, never an overflow."""

import re

from flask import Flask
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1


def numbers_up_to(limit: int) -> str:
    """A regular expression of the numbers 1..limit in ASCII digits, no leading zero. The
    range lives in the pattern, not in a check after the match: werkzeug answers 405 instead of
    404 when a rule of another method matched the pattern and this one's check then fails."""
    text = str(limit)
    parts = [f"[1-9][0-9]{{0,{len(text) - 2}}}"] if len(text) > 1 else []
    for position, digit in enumerate(map(int, text)):
        lowest = 1 if position == 0 else 0
        if digit > lowest:
            rest = len(text) - position - 1
            parts.append(f"{text[:position]}[{lowest}-{digit - 1}][0-9]{{{rest}}}")
    parts.append(text)
    return "(?:" + "|".join(parts) + ")"


ID_PATTERN = re.compile(numbers_up_to(MAX_ID))


def id_from(text: str | None) -> int | None:
    """The id a text names (1 to MAX_ID in ASCII digits, as in a path), else None."""
    if text is None or not ID_PATTERN.fullmatch(text):
        return None
    return int(text)


class IdConverter(IntegerConverter):
    """An id in a path: 1 to MAX_ID in ASCII digits ("²" and "٣" are digits to Python's int(),
    never an id)."""

    regex = ID_PATTERN.pattern

    def __init__(self, map, fixed_digits=0, min=1, max=MAX_ID, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def register(app: Flask) -> None:
    """Use IdConverter for every `<int:...>` of the app's routes (before they are added)."""
    app.url_map.converters["int"] = IdConverter
