"""The token attributes the actor rules read most, read once per document.

Every ``token.text``, ``token.lower_`` or ``token.pos_`` is a string-store look-up, and ``doc[i]`` or
``for t in doc`` makes a new ``Token`` object each time; the actor rules read each token many times
over. A ``Tokens`` holds plain lists of each token's ``text``, ``lower_``, lower-cased ``lemma_`` and
``pos_`` (strings, which the garbage collector does not track, unlike a list of ``Token`` objects),
and ``toks[i]`` / ``toks[a:b]`` give the doc's ``Token`` / ``Span`` where a rule needs more. It lives
only for one component call: nothing keeps it on the ``Doc``, so memory stays flat over a long batch.
"""

from __future__ import annotations

from typing import overload

import numpy
from spacy.attrs import DEP, HEAD, IS_SPACE, LEMMA, ORTH, POS, SPACY
from spacy.parts_of_speech import IDS
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.strings import StringStore
from spacy.tokens import Doc, Span, Token

# String hash → string (and lemma hash → lower-cased lemma). A hash names the same string in every
# vocabulary, so these stay valid across documents and pipelines; a dict look-up is several times cheaper
# than ``StringStore[hash]`` or a ``Token`` per word. Cleared when large, so memory stays bounded.
_STRINGS: dict[int, str] = {}
_LEMMAS: dict[int, str] = {}
_CACHE_MAX = 200_000


_WS = ("", " ")


def _look_up(hashes: list[int], cache: dict[int, str], strings: StringStore, lower: bool) -> list[str]:
    """The strings of ``hashes`` (lower-cased if ``lower``), through ``cache``."""
    try:
        return list(map(cache.__getitem__, hashes))
    except KeyError:
        for key in hashes:
            if key not in cache:
                cache[key] = strings[key].lower() if lower else strings[key]
        return list(map(cache.__getitem__, hashes))


class Tokens:
    """``doc``'s tokens: ``text[i]``, ``lower[i]``, ``lemma[i]`` (``lemma_.lower()``), ``pos[i]``, ``dep[i]``
    (``dep_``), ``head[i]`` (``head.i``), ``space[i]`` (``is_space``) and ``ws[i]`` (``whitespace_``) of
    token ``i``; ``toks[i]`` is ``doc[i]``."""

    __slots__ = ("doc", "text", "lower", "lemma", "pos", "space", "ws", "dep", "head", "role_words", "_upper",
                 "_pos_ids")

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        if len(_STRINGS) > _CACHE_MAX:
            _STRINGS.clear()
        if len(_LEMMAS) > _CACHE_MAX:
            _LEMMAS.clear()
        strings = doc.vocab.strings
        rows = doc.to_array([ORTH, LEMMA, POS, IS_SPACE, SPACY, DEP, HEAD])
        orth, lemma, pos, space, spacy, dep = rows[:, :6].T.tolist() if len(rows) else ([], [], [], [], [], [])
        self.text: list[str] = _look_up(orth, _STRINGS, strings, False)
        self.lemma: list[str] = _look_up(lemma, _LEMMAS, strings, True)
        # ``Token.lower_`` is the lexeme's ``LOWER``, which the English vocabulary sets to ``str.lower()`` of the text.
        self.lower: list[str] = [w.lower() for w in self.text]
        # ``Token.pos_`` is ``parts_of_speech.NAMES[token.pos]``.
        self.pos: list[str] = list(map(POS_NAMES.__getitem__, pos))
        self._pos_ids = rows[:, 2] if len(rows) else numpy.zeros(0, dtype=numpy.uint64)
        self.space: list[int] = space  # ``token.is_space`` as 1/0
        self.ws: list[str] = list(map(_WS.__getitem__, spacy))
        self.dep: list[str] = _look_up(dep, _STRINGS, strings, False)
        # ``HEAD`` is the offset to the head, an unsigned 64-bit number (a negative offset wraps around).
        self.head: list[int] = (rows[:, 6].view(numpy.int64) + numpy.arange(len(rows))).tolist()
        self.role_words: dict[int, bool] = {}  # token index → ``mentions._is_role_word``, filled as read
        self._upper: list[int] | None = None

    @property
    def upper(self) -> list[int]:
        """The indices of the tokens whose text starts with a capital (``text[:1].isupper()``), in order."""
        if self._upper is None:
            self._upper = [k for k, text in enumerate(self.text) if text[:1].isupper()]
        return self._upper

    def with_pos(self, *tags: str) -> list[int]:
        """The indices of the tokens whose ``pos_`` is one of ``tags``, in order."""
        ids = [IDS[tag] for tag in tags if tag in IDS]
        return numpy.flatnonzero(numpy.isin(self._pos_ids, ids)).tolist() if ids else []

    def span_text(self, start: int, end: int) -> str:
        """``doc[start:end].text`` (without making the ``Span`` and a ``Token`` per word)."""
        if start >= end:
            return ""
        text, ws = self.text, self.ws
        return "".join([text[k] + ws[k] for k in range(start, end - 1)]) + text[end - 1]

    def __len__(self) -> int:
        return len(self.text)

    @overload
    def __getitem__(self, i: int) -> Token: ...

    @overload
    def __getitem__(self, i: slice) -> Span: ...

    def __getitem__(self, i: int | slice) -> Token | Span:
        return self.doc[i]
