"""Name normalisation for grouping entity mentions into actors."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

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


@lru_cache(maxsize=1)
def titles() -> frozenset[str]:
    """The title vocabulary (``data/titles.txt``), lower case."""
    text = resources.files("backchannel").joinpath("data/titles.txt").read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def split_title(text: str) -> tuple[str, str]:
    """``"Prime Minister Rishi Sunak"`` → ``("Prime Minister", "Rishi Sunak")``; no title → ``("", text)``.

    A mention that is all title ("the Prime Minister") comes back as ``(text, "")``.
    """
    words = text.split()
    known = titles()
    n = 0
    while n < len(words) and words[n].casefold() in known:
        n += 1
    return " ".join(words[:n]), " ".join(words[n:])
