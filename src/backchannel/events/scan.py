"""Lookups by string hash, for the scan of a document for trigger lemmas.

Most words of a document are no trigger, and most of its lemmas were seen in earlier documents. A ``HashMemo``
remembers, per string hash, what the lexicon lists for the string (``None``: nothing); a document's hashes are
looked up in one ``map`` over the memo, only hashes not seen before are looked up as strings, and only the few
hits become ``Token`` objects. The answers are those of the string lookups they stand for.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from spacy.strings import StringStore

V = TypeVar("V")
MEMO_SIZE = 100_000  # hashes remembered per memo; article text is untrusted, so the memo is bounded


class HashMemo(dict[int, V | None], Generic[V]):
    """String hash → ``lookup(string)``, remembered (up to ``size`` hashes)."""

    def __init__(self, lookup: Callable[[str], V | None], size: int = MEMO_SIZE) -> None:
        super().__init__()
        self.lookup = lookup
        self.size = size
        self.strings: StringStore | None = None  # the store that resolves unseen hashes (``answers`` sets it)

    def __missing__(self, key: int) -> V | None:
        assert self.strings is not None
        value = self.lookup(self.strings[key])
        if len(self) < self.size:
            self[key] = value
        return value

    def answers(self, hashes: list[int], strings: StringStore) -> list[V | None]:
        """The answer for each hash, in order."""
        self.strings = strings
        return list(map(self.__getitem__, hashes))

    def hits(self, rows: list[int], hashes: list[int], strings: StringStore) -> list[tuple[int, V]]:
        """(row, answer) for the ``rows`` whose hash (``hashes``, one per row) has an answer, in row order."""
        return [(row, answer) for row, answer in zip(rows, self.answers(hashes, strings), strict=True)
                if answer is not None]
