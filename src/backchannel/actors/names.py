"""Name normalisation and comparison for grouping entity mentions into actors.

Spelling variants are judged with the rigour library (transliteration, metaphone, a Levenshtein
budget), never with ad-hoc fuzzy matching.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources

from rigour.text import ascii_text, is_levenshtein_plausible, levenshtein, metaphone

_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_LEADING_DET = re.compile(r"^(?:the)\s+", re.IGNORECASE)
_NON_WORD = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")


def strip_possessive(text: str) -> str:
    """``Putin’s`` → ``Putin``; ``the Kremlin's`` → ``the Kremlin``."""
    return _POSSESSIVE.sub("", text.strip())


@lru_cache(maxsize=16384)
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


def _fold(word: str) -> str:
    return ascii_text(word).casefold()


@lru_cache(maxsize=16384)
def name_initial(word: str) -> str:
    """The first letter of ``word`` transliterated and case-folded ("" for none): two name words that
    ``same_name_word`` matches always share it."""
    return _fold(word)[:1]


@lru_cache(maxsize=8192)
def same_name_word(left: str, right: str) -> bool:
    """Whether two name words are one name spelt two ways: Dmitriev/Dmitriyev, Zelensky/Zelenskyy.

    Exact after transliteration, or (both at least five letters, same initial) within two edits and
    with metaphone codes at most one edit apart, so that an inserted "y" passes and a different
    consonant skeleton does not. A final "-a" on one side only blocks the match, since in
    Slavic names it marks a different (female) bearer: Lavrov/Lavrova.
    """
    a, b = _fold(left), _fold(right)
    if a == b:
        return True
    if min(len(a), len(b)) < 5 or a[0] != b[0] or a.endswith("a") != b.endswith("a"):
        return False
    return is_levenshtein_plausible(a, b, max_edits=2) and levenshtein(metaphone(a), metaphone(b)) <= 1


def same_full_name(left: Sequence[str], right: Sequence[str]) -> bool:
    """Whether two multi-word names denote one person: same surname (spelling variants allowed) and
    first names that agree, one being an initial of the other, or one of them missing a middle name."""
    if not left or not right or not same_name_word(left[-1], right[-1]):
        return False
    if len(left) == 1 or len(right) == 1:
        return True
    a, b = _fold(left[0]).rstrip("."), _fold(right[0]).rstrip(".")
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return same_name_word(left[0], right[0])
