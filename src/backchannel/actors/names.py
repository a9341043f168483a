"""Name normalisation for grouping entity mentions into actors."""

from __future__ import annotations

import re
import unicodedata

_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_LEADING_DET = re.compile(r"^(?:the)\s+", re.IGNORECASE)
_NON_WORD = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")


def strip_possessive(text: str) -> str:
    """``Putin’s`` → ``Putin``; ``the Kremlin's`` → ``the Kremlin``."""
    return _POSSESSIVE.sub("", text.strip())


def name_key(text: str) -> str:
    """A comparison key: no possessive, leading article, diacritics, punctuation or case."""
    text = _LEADING_DET.sub("", strip_possessive(text))
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _NON_WORD.sub(" ", text.casefold())
    return _SPACES.sub(" ", text).strip()
