"""Which writing system a text is in, and which embedding channels can read it.

The script is enough to choose a channel: Latin-script text goes through the English model and
the multilingual one, every other script the multilingual model reads (Han, Arabic, Cyrillic
...) through the multilingual one alone, and the scripts neither reads (Khmer, Devanagari for
Nepali, Urdu) are reported rather than ranked on noise.
"""

from __future__ import annotations

import re

# Unicode ranges of the scripts told apart; the first of a text's letters decides nothing,
# the script holding most of them does.
_RANGES = {
    "latin": "A-Za-z\u00c0-\u024f",
    "han": "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff",
    "kana": "\u3040-\u30ff",
    "hangul": "\uac00-\ud7af\u1100-\u11ff",
    "cyrillic": "\u0400-\u04ff",
    "arabic": "\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff",
    "thai": "\u0e00-\u0e7f",
    "khmer": "\u1780-\u17ff\u19e0-\u19ff",
    "devanagari": "\u0900-\u097f",
    "bengali": "\u0980-\u09ff",
    "tibetan": "\u0f00-\u0fff",
    "myanmar": "\u1000-\u109f",
    "lao": "\u0e80-\u0eff",
    "sinhala": "\u0d80-\u0dff",
    "tamil": "\u0b80-\u0bff",
}
_PATTERNS = {name: re.compile(f"[{chars}]") for name, chars in _RANGES.items()}
# Letters Urdu (and Persian) write and Arabic does not (ٹ ڈ ڑ ں ہ ے پ چ ژ گ ک ی): Arabic
# script with them is not Arabic, a language the multilingual model reads, but Urdu.
_URDU = re.compile("[\u0679\u0688\u0691\u06ba\u06c1\u06d2\u067e\u0686\u0698\u06af\u06a9\u06cc]")
# The scripts of the multilingual model's 16 languages (ar, de, en, es, fr, it, ja, ko, nl,
# pl, pt, ru, th, tr, zh-cn, zh-tw).
MULTILINGUAL_SCRIPTS = frozenset(["latin", "han", "kana", "hangul", "cyrillic", "arabic", "thai"])
LATIN = "latin"


def text_script(text: str) -> str:
    """The script most of the text's letters are written in ("latin", "han", "khmer", "urdu"
    ...); "" for a text without letters of a known script."""
    if not text:
        return ""
    counts = {name: len(pattern.findall(text)) for name, pattern in _PATTERNS.items()}
    # Japanese mixes kana and Han; any kana makes Han-and-kana text Japanese.
    if counts["kana"]:
        counts["kana"] += counts.pop("han")
    best = max(counts, key=counts.__getitem__)
    if not counts[best]:
        return ""
    if best == "arabic" and _URDU.search(text):
        return "urdu"
    return best


def is_readable(script: str) -> bool:
    """Whether some channel reads text in this script (no script at all counts as readable)."""
    return not script or script in MULTILINGUAL_SCRIPTS
