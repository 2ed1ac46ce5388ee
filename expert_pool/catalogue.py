"""Marking text for the translation catalogue without translating it yet (pure: no Flask).

Labels declared at import time (states, actions, column names) are marked with N_ and translated
where they are shown, in the language of that page or email."""


def N_(message: str) -> str:
    """Mark a label for the translation catalogue; the pages translate it where they show it."""
    return message
