"""Name keys for knowledge-base lookup, built on rigour's name and text tools.

A key is what two spellings of one name have in common. ``name_key`` folds script, diacritics,
case and punctuation (rigour's transliteration, so Зеленский and Zelensky meet); ``phonetic_key``
folds spelling further (Zelensky/Zelenskyy/Zelenskiy, Sergei/Sergey) and is only a way to find
candidates: a phonetic match counts only when rigour also finds the two keys within a plausible edit
distance. Titles, honorifics and possessives are removed before keying, since "President Putin’s"
names the same man as "Putin".
"""

from __future__ import annotations

import re
from functools import lru_cache

from rigour.names import remove_person_prefixes, replace_org_types_compare
from rigour.text import ascii_text, is_levenshtein_plausible, metaphone

from ..actors.names import titles

_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Titles sit at the front of a name ("Russian Deputy Foreign Minister Sergei Ryabkov"); a title word
# further in is more likely part of the name ("Martin Luther King").
_MAX_TITLE_POSITION = 4


def _is_title(token: str) -> bool:
    word = token.casefold().strip(",")
    return word in titles() or word.split("-")[0] in titles()


def strip_titles(name: str) -> str:
    """``"Russian President Vladimir Putin"`` → ``"Vladimir Putin"``; a name that is all title stays as is."""
    words = remove_person_prefixes(name).split()
    last = -1
    for i, word in enumerate(words[:_MAX_TITLE_POSITION + 1]):
        if _is_title(word):
            last = i
    rest = words[last + 1:]
    return " ".join(rest) if rest else " ".join(words)


def clean_name(text: str, kind: str | None = None) -> str:
    """Drop a possessive and a leading "the"; for people (or an unknown kind) also titles and honorifics."""
    text = _LEADING_THE.sub("", _POSSESSIVE.sub("", text.strip()))
    if kind in (None, "person"):
        text = strip_titles(text)
    return text


@lru_cache(maxsize=65536)
def name_key(text: str) -> str:
    """Transliterated, lower-case words separated by single spaces: ``"Vladimir V. Putin"`` → ``"vladimir v putin"``."""
    return _NON_ALNUM.sub(" ", ascii_text(text).casefold()).strip()


@lru_cache(maxsize=65536)
def org_key(text: str) -> str:
    """A name key with legal forms folded by rigour ("Public Joint Stock Company" and "PJSC" agree)."""
    return name_key(replace_org_types_compare(text))


def keys_for(text: str, kind: str | None) -> list[str]:
    """The keys under which a name is indexed or looked up: its name key, plus the org-type key for bodies."""
    key = name_key(clean_name(text, kind))
    out = [key] if key else []
    if kind not in ("person", "country"):
        alt = org_key(clean_name(text, kind))
        if alt and alt != key:
            out.append(alt)
    return out


def index_keys(name: str, kind: str) -> list[str]:
    """The keys a knowledge-base name is stored under. The build already took titles off people's names,
    so only case, script and (for bodies) legal forms are folded here; it runs for every name at load."""
    key = _NON_ALNUM.sub(" ", ascii_text(name).casefold()).strip()
    if kind in ("person", "country", "place"):
        return [key]
    alt = org_key(name)
    return [key, alt] if alt != key else [key]


@lru_cache(maxsize=65536)
def phonetic_key(key: str) -> str:
    """Metaphone of each word of a name key, without Y, so that Dmitriev and Dmitriyev share one."""
    return " ".join(metaphone(word).replace("Y", "") or word for word in key.split())


def plausible_variant(left: str, right: str) -> bool:
    """Whether two name keys are spellings of one name: close in edit distance, word by word.

    Comparing word by word stops a short first name from absorbing a different surname's edits.
    """
    lw, rw = left.split(), right.split()
    if len(lw) != len(rw):
        return False
    return all(a == b or (a[0] == b[0] and is_levenshtein_plausible(a, b, max_edits=3, max_percent=0.3))
               for a, b in zip(lw, rw, strict=True))


def close_variant(left: str, right: str) -> bool:
    """For a lone surname, stricter than ``plausible_variant``: one edit in a word of six letters or more
    (Zelensky/Zelenskyy, Dmitriev/Dmitriyev), so Melanie is not Meloni nor Raw Rau."""
    if left == right:
        return True
    return min(len(left), len(right)) >= 6 and left[0] == right[0] and \
        is_levenshtein_plausible(left, right, max_edits=1, max_percent=0.2)
