"""The token attributes the actor rules read most, read once per document.

Every ``token.text``, ``token.lower_`` or ``token.pos_`` is a string-store look-up, and ``doc[i]`` or
``for t in doc`` makes a new ``Token`` object each time; the actor rules read each token many times
over. A ``Tokens`` holds plain lists of each token's ``text``, ``lower_``, lower-cased ``lemma_`` and
``pos_`` (strings, which the garbage collector does not track, unlike a list of ``Token`` objects),
and ``toks[i]`` / ``toks[a:b]`` give the doc's ``Token`` / ``Span`` where a rule needs more. It lives
only for one component call: nothing keeps it on the ``Doc``, so memory stays flat over a long batch.
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from itertools import compress
from typing import overload

import numpy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, ORTH, POS, SENT_START, SPACY
from spacy.parts_of_speech import IDS
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.strings import StringStore
from spacy.tokens import Doc, Span, Token

# String hash → string (and lemma hash → lower-cased lemma). A hash names the same string in every
# vocabulary, so these stay valid across documents and pipelines; a dict look-up is several times cheaper
# than ``StringStore[hash]`` or a ``Token`` per word. Cleared when large, so memory stays bounded.
_STRINGS: dict[int, str] = {}
_LEMMAS: dict[int, str] = {}
# Word (``ORTH`` hash) → its lower-case form, whether it starts with a capital and whether it is white space
# (the lexeme's ``IS_SPACE``: ``str.isspace``), worked out once per word.
_LOWERS: dict[int, str] = {}
_CAPITALS: dict[int, bool] = {}
_SPACES: dict[int, int] = {}
_CACHE_MAX = 200_000
# ``parts_of_speech.NAMES`` as a list indexed by the tag's id (a list look-up is cheaper than a dict's).
_POS_NAMES: list[str] = [POS_NAMES.get(k, "") for k in range(max(POS_NAMES) + 1)]
_POS_TABLES: dict[tuple[str, ...], numpy.ndarray] = {}  # tags → which ids are among them (``with_pos``)




def _words(orth: list[int], strings: StringStore) -> tuple[list[str], list[str], list[bool], list[int]]:
    """The text, lower-case form, ``text[:1].isupper()`` and ``is_space`` (1/0) of each word hash of ``orth``,
    through the caches."""
    try:
        return (list(map(_STRINGS.__getitem__, orth)), list(map(_LOWERS.__getitem__, orth)),
                list(map(_CAPITALS.__getitem__, orth)), list(map(_SPACES.__getitem__, orth)))
    except KeyError:
        for key in orth:
            if key not in _SPACES or key not in _CAPITALS or key not in _LOWERS or key not in _STRINGS:
                text = _STRINGS[key] = strings[key]
                _LOWERS[key] = text.lower()
                _CAPITALS[key] = text[:1].isupper()
                _SPACES[key] = int(text.isspace())
        return (list(map(_STRINGS.__getitem__, orth)), list(map(_LOWERS.__getitem__, orth)),
                list(map(_CAPITALS.__getitem__, orth)), list(map(_SPACES.__getitem__, orth)))


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
    (``dep_``), ``head[i]`` (``head.i``), ``space[i]`` (``is_space``) and ``spacy[i]`` (1 if ``whitespace_``) of
    token ``i``; ``toks[i]`` is ``doc[i]``."""

    __slots__ = ("doc", "text", "lower", "lemma", "pos", "space", "spacy", "dep", "head", "role_words", "upper",
                 "_appos", "orth", "_rows")

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        if len(_STRINGS) > _CACHE_MAX or len(_LEMMAS) > _CACHE_MAX:
            for cache in (_STRINGS, _LEMMAS, _LOWERS, _CAPITALS, _SPACES):
                cache.clear()
        strings = doc.vocab.strings
        rows = doc.to_array([ORTH, LEMMA, POS, SPACY, DEP, HEAD, SENT_START, ENT_IOB, ENT_TYPE])
        orth, lemma, pos, spacy, dep = rows[:, :5].T.tolist() if len(rows) else ([], [], [], [], [])
        # ``Token.lower_`` is the lexeme's ``LOWER``, which the English vocabulary sets to ``str.lower()`` of the
        # text; ``Token.is_space`` its ``IS_SPACE``, ``str.isspace()``.
        self.text, self.lower, capitals, space = _words(orth, strings)
        self.lemma: list[str] = _look_up(lemma, _LEMMAS, strings, True)
        # ``Token.pos_`` is ``parts_of_speech.NAMES[token.pos]``.
        self.pos: list[str] = list(map(_POS_NAMES.__getitem__, pos))
        self.space: list[int] = space  # ``token.is_space`` as 1/0
        self.spacy: list[int] = spacy  # 1 where a space follows the token (``whitespace_`` is " "), else 0
        self.dep: list[str] = _look_up(dep, _STRINGS, strings, False)
        # ``HEAD`` is the offset to the head, an unsigned 64-bit number (a negative offset wraps around).
        self.head: list[int] = (rows[:, 5].view(numpy.int64) + numpy.arange(len(rows))).tolist()
        self.role_words: dict[int, bool] = {}  # token index → ``mentions._is_role_word``, filled as read
        # The indices of the tokens whose text starts with a capital (``text[:1].isupper()``), in order.
        self.upper: list[int] = list(compress(range(len(capitals)), capitals))
        self._appos: list[int] | None = None
        self.orth: list[int] = orth  # the words' hashes (``ORTH``)
        self._rows = rows if len(rows) else numpy.zeros((0, 9), dtype=numpy.uint64)

    @property
    def appositions(self) -> list[int]:
        """The indices of the tokens whose ``dep_`` is ``appos``, in order."""
        if self._appos is None:
            self._appos = numpy.flatnonzero(self._rows[:, 4] == self.doc.vocab.strings["appos"]).tolist()
        return self._appos

    def entities(self) -> list[tuple[int, int, str]]:
        """``[(e.start, e.end, e.label_) for e in doc.ents]`` from the IOB column read with the other token
        attributes (``doc.ents`` makes a ``Span``, and two ``Token`` objects, per entity). An entity starts at
        a B token and runs over the I tokens after it."""
        rows = self._rows
        iob = rows[:, 7]
        starts = (iob == 3).nonzero()[0]  # array methods: numpy's module functions add a Python call each
        if not len(starts):
            return []
        stops = (iob != 1).nonzero()[0]  # an entity ends at the first token after its start that is not I
        ends = stops.tolist()
        ends.append(len(rows))
        strings = self.doc.vocab.strings
        return [(start, ends[k], strings[label]) for start, k, label in
                zip(starts.tolist(), stops.searchsorted(starts, side="right").tolist(), rows[starts, 8].tolist(),
                    strict=True)]

    def sent_starts(self) -> list[int]:
        """Token 0 and every later token whose ``SENT_START`` is 1: ``[s.start for s in doc.sents]`` where the
        sentence boundaries are set (parsed) and no hook replaces ``Doc.sents``."""
        return [0] + (numpy.flatnonzero(self._rows[1:, 6] == 1) + 1).tolist()

    def with_pos(self, *tags: str) -> list[int]:
        """The indices of the tokens whose ``pos_`` is one of ``tags``, in order (one look-up in a table of
        the tags' ids: numpy's calls cost more than the comparisons on a few hundred tokens)."""
        table = _POS_TABLES.get(tags)
        if table is None:
            table = _POS_TABLES[tags] = numpy.zeros(len(_POS_NAMES), dtype=bool)
            table[[IDS[tag] for tag in tags if tag in IDS]] = True
        return numpy.flatnonzero(table[self._rows[:, 2]]).tolist()

    def with_orth(self, hashes: Iterable[int]) -> list[int]:
        """The indices of the tokens whose word's hash (``orth[i]``) is one of ``hashes``, in order."""
        return self.with_hash(0, hashes)

    def with_hash(self, column: int, values: Iterable[int]) -> list[int]:
        """The indices of the tokens whose value in column ``column`` of the array read from the doc (0: ``ORTH``,
        2: ``POS``, 4: ``DEP``) is one of ``values``, in order (compared in numpy, a few calls per value)."""
        col = self._rows[:, column]
        mask: numpy.ndarray | None = None
        for value in values:
            mask = col == value if mask is None else mask | (col == value)
        return [] if mask is None else numpy.flatnonzero(mask).tolist()

    @staticmethod
    def where(column: list[str], values: Container[str]) -> list[int]:
        """The indices ``k`` of ``column`` (one of the token lists) whose ``column[k]`` is in ``values``, in
        order (the loop runs in C: several times faster than a comprehension over the tokens)."""
        return list(compress(range(len(column)), map(values.__contains__, column)))

    def span_text(self, start: int, end: int) -> str:
        """``doc[start:end].text`` (without making the ``Span`` and a ``Token`` per word)."""
        if end - start == 1:
            return self.text[start]
        if start >= end:
            return ""
        text, spacy = self.text, self.spacy
        return "".join([text[k] + " " if spacy[k] else text[k] for k in range(start, end - 1)]) + text[end - 1]

    def span(self, start: int, end: int) -> Span:
        """``doc[start:end]`` for ``0 <= start <= end <= len(doc)``, made directly (``Doc.__getitem__`` with a
        slice normalises it in Python first, which costs several times the ``Span`` itself)."""
        return Span(self.doc, start, end)

    def __len__(self) -> int:
        return len(self.text)

    @overload
    def __getitem__(self, i: int) -> Token: ...

    @overload
    def __getitem__(self, i: slice) -> Span: ...

    def __getitem__(self, i: int | slice) -> Token | Span:
        return self.doc[i]



def span_text(span: Span) -> str:
    """``span.text``, made from its words' texts (``Span.text`` goes through the span's own token access,
    several times slower, most of all for a span of one word)."""
    doc, start, end = span.doc, span.start, span.end
    if end - start == 1:
        return doc[start].text
    if start >= end:
        return ""
    return "".join([doc[k].text_with_ws for k in range(start, end - 1)]) + doc[end - 1].text
