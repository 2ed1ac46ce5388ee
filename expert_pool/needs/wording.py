"""A questionnaire's own wording in the interface language: its Chinese text on a Chinese page
(or email), its English text otherwise and wherever the Chinese one is missing."""

from typing import Any

from ..i18n import current_language


def in_language(obj: Any, name: str) -> str:
    """`obj.<name>_zh` in Chinese when it has one, else `obj.<name>_en`."""
    if current_language() == "zh":
        text = getattr(obj, f"{name}_zh", "") or ""
        if text:
            return text
    return getattr(obj, f"{name}_en", "") or ""


def option_label(option: dict) -> str:
    """A choice's wording in the interface language."""
    return (option.get("zh") if current_language() == "zh" else None) or option.get("en", "")
