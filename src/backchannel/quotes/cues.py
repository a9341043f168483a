"""The cue and hedge lexicons (``data/quotes/cues.tsv``, ``hedges.tsv``, ``acts.tsv``), loaded once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy
from spacy.attrs import LOWER, POS
from spacy.parts_of_speech import NAMES as POS_NAMES
from spacy.tokens import Doc

DATA_DIR = "data/quotes"


@dataclass(frozen=True)
class Cue:
    """One row of ``cues.tsv``."""

    cue: str
    pos: str
    act: str
    status: str
    veridicality: float | None
    addressee: bool
    object_content: bool = False


@dataclass(frozen=True)
class Lexicon:
    """Verb cues by lemma, noun cues by lemma, phrase cues by text; hedge terms by word."""

    verbs: dict[str, Cue]
    nouns: dict[str, Cue]
    phrases: dict[str, Cue]
    kind_of: dict[str, str]  # single-word hedge term → its kind (hedges.tsv)
    phrase_firsts: dict[str, list[tuple[str, tuple[str, ...]]]]  # first word → (kind, words) of phrases
    acts: frozenset[str]

    def terms(self, kind: str) -> frozenset[str]:
        """The single-word terms of ``kind``."""
        return frozenset(word for word, k in self.kind_of.items() if k == kind)


def _rows(name: str) -> list[list[str]]:
    text = resources.files("backchannel").joinpath(f"{DATA_DIR}/{name}").read_text("utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return rows[1:]  # the header


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The shipped lexicons (cached for the process)."""
    acts = frozenset(row[0] for row in _rows("acts.tsv"))
    verbs: dict[str, Cue] = {}
    nouns: dict[str, Cue] = {}
    phrases: dict[str, Cue] = {}
    for cue_text, pos, act, status, ver, addressee, obj in _rows("cues.tsv"):
        if act not in acts:
            raise ValueError(f"[E401] cues.tsv: act {act!r} of {cue_text!r} is not in acts.tsv")
        cue = Cue(cue_text, pos, act, status, float(ver) if ver else None, addressee == "yes", obj == "yes")
        {"verb": verbs, "noun": nouns, "phrase": phrases}[pos][cue_text] = cue
    kind_of: dict[str, str] = {}
    firsts: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for term, kind in _rows("hedges.tsv"):
        words = tuple(term.lower().split())
        if len(words) == 1:
            kind_of.setdefault(words[0], kind)
        else:
            firsts.setdefault(words[0], []).append((kind, words))
    return Lexicon(verbs, nouns, phrases, kind_of, firsts, acts)


@dataclass
class Hits:
    """What one pass over a document's tokens found in the lexicons (token indices)."""

    verbs: list[int]
    nouns: list[int]
    according: list[int]
    terms: dict[str, list[int]]  # hedge kind → tokens starting a term of that kind


def _strings(doc: Doc, hashes: numpy.ndarray) -> list[str]:
    """The strings of a column of string hashes: one string-store look-up per distinct word, and no
    conversion of the 64-bit hashes to Python integers."""
    distinct, where = numpy.unique(hashes, return_inverse=True)
    store = doc.vocab.strings
    words = [store[h] for h in distinct.tolist()]
    return [words[j] for j in where.tolist()]


def scan(doc: Doc, lexicon: Lexicon) -> Hits:
    """One pass over ``doc``: verb and noun cues, "according to", hedge/booster/doubt terms."""
    hits = Hits([], [], [], {})
    verbs, nouns = lexicon.verbs, lexicon.nouns
    kinds = lexicon.kind_of
    firsts = lexicon.phrase_firsts
    # Each token's lower case and ``pos_`` (``parts_of_speech.NAMES[token.pos]``), read once from an
    # array: iterating a ``Doc`` builds a ``Token`` per word, and each attribute is a string look-up.
    columns = doc.to_array([LOWER, POS])
    lowers = _strings(doc, columns[:, 0])
    tags = [POS_NAMES[p] for p in columns[:, 1].tolist()]
    n = len(doc)
    for i, (lower, pos) in enumerate(zip(lowers, tags, strict=True)):
        if pos == "VERB":
            lemma = doc[i].lemma_.lower()
            if lemma in verbs:
                hits.verbs.append(i)
            kind = kinds.get(lemma)
            if kind is not None and lemma != lower:  # "seems" → seem
                hits.terms.setdefault(kind, []).append(i)
        elif pos == "NOUN":
            lemma = doc[i].lemma_.lower()
            if lemma in nouns:
                hits.nouns.append(i)
            kind = kinds.get(lemma)
            if kind is not None and lemma != lower:
                hits.terms.setdefault(kind, []).append(i)
        if lower == "according" and i + 1 < n and lowers[i + 1] == "to":
            hits.according.append(i)
        kind = kinds.get(lower)
        if kind is not None:
            hits.terms.setdefault(kind, []).append(i)
        if lower in firsts:
            for kind, words in firsts[lower]:
                if tuple(lowers[i:i + len(words)]) == words:
                    hits.terms.setdefault(kind, []).append(i)
    return hits
