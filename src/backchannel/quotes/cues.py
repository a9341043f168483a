"""The cue and hedge lexicons (``data/quotes/cues.tsv``, ``hedges.tsv``, ``acts.tsv``, ``outlets.tsv``),
loaded once."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy
from spacy.attrs import IS_PUNCT, LEMMA, LOWER, ORTH, POS, SPACY
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc

from ..errors import DataFileError

DATA_DIR = "data/quotes"
POS_VERB, POS_NOUN, POS_AUX = int(POS_IDS["VERB"]), int(POS_IDS["NOUN"]), int(POS_IDS["AUX"])
# Nouns for what a source issues ("said in a statement", "a leaked letter says", "the report").
MEDIA = frozenset({"statement", "interview", "email", "e-mail", "letter", "tweet", "post", "release", "speech",
                   "memo", "note", "message", "op-ed", "editorial", "column", "essay", "filing", "report",
                   "recording", "document", "video", "footage", "audio", "transcript", "ad", "advertisement"})


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
    object_media: bool = False  # only an object in ``MEDIA`` is content ("released recordings")


@dataclass(frozen=True)
class Lexicon:
    """Verb cues by lemma, noun cues by lemma, phrase cues by text; hedge terms by word."""

    verbs: dict[str, Cue]
    nouns: dict[str, Cue]
    phrases: dict[str, Cue]
    kind_of: dict[str, str]  # single-word hedge term → its kind (hedges.tsv)
    phrase_firsts: dict[str, list[tuple[str, tuple[str, ...]]]]  # first word → (kind, words) of phrases
    acts: frozenset[str]
    outlets: frozenset[str] = frozenset()  # "the outlet", "the newspaper" (outlets.tsv)

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
            raise DataFileError(f"act {act!r} of {cue_text!r} is not in acts.tsv", source=f"{DATA_DIR}/cues.tsv",
                                code="E501")
        if obj not in ("yes", "no", "media"):
            raise DataFileError(f"object {obj!r} of {cue_text!r} is not yes, no or media",
                                source=f"{DATA_DIR}/cues.tsv", code="E501")
        cue = Cue(cue_text, pos, act, status, float(ver) if ver else None, addressee == "yes", obj != "no",
                  obj == "media")
        {"verb": verbs, "noun": nouns, "phrase": phrases}[pos][cue_text] = cue
    kind_of: dict[str, str] = {}
    firsts: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for term, kind in _rows("hedges.tsv"):
        words = tuple(term.lower().split())
        if len(words) == 1:
            kind_of.setdefault(words[0], kind)
        else:
            firsts.setdefault(words[0], []).append((kind, words))
    outlets = frozenset(row[0].lower() for row in _rows("outlets.tsv"))
    return Lexicon(verbs, nouns, phrases, kind_of, firsts, acts, outlets)


@dataclass
class Hits:
    """What one pass over a document's tokens found in the lexicons (token indices)."""

    verbs: list[int]
    nouns: list[int]
    according: list[int]
    terms: dict[str, list[int]]  # hedge kind → tokens starting a term of that kind
    media: dict[str, list[int]] = field(default_factory=dict)  # ``MEDIA`` noun lemma → its tokens
    text: str = ""  # ``doc.text``
    lemma: dict[int, str] = field(default_factory=dict)  # verb cue token → its lemma in ``cues.tsv``
    pos: numpy.ndarray | None = None  # each token's ``pos`` id
    punct: numpy.ndarray | None = None  # each token's ``is_punct``


def repair_lemma(word: str, verbs: dict[str, Cue]) -> str | None:
    """The cue lemma a statistical lemmatiser cut wrongly ("prais", "stresse", "slamm" for praised,
    stressed, slammed), or None: the word with a final "e" added, or with its last letter dropped."""
    for cand in (word + "e", word[:-1]):
        if len(cand) > 2 and cand in verbs:
            return cand
    return None


def _distinct(doc: Doc, hashes: numpy.ndarray) -> tuple[list[str], numpy.ndarray]:
    """The distinct strings of an array of string hashes and, per element, the index of its string:
    one string-store look-up per distinct string, and no conversion of the hashes to Python integers."""
    distinct, where = numpy.unique(hashes, return_inverse=True)
    store = doc.vocab.strings
    return [store[h] for h in distinct.tolist()], where.reshape(-1)


def scan(doc: Doc, lexicon: Lexicon) -> Hits:
    """One pass over ``doc``: verb and noun cues, "according to", hedge/booster/doubt terms; and the
    text (``Doc.text`` builds a ``Token`` per word on every read).

    The words are read as arrays (``Doc.to_array``) and tested once per distinct word; only the
    tokens that hit something are visited one by one, in text order.
    """
    verbs, nouns = lexicon.verbs, lexicon.nouns
    kinds = lexicon.kind_of
    firsts = lexicon.phrase_firsts
    columns = doc.to_array([LOWER, LEMMA, ORTH, POS, SPACY, IS_PUNCT])
    n = len(doc)
    pos = columns[:, 3]
    verb_or_noun = numpy.flatnonzero((pos == POS_VERB) | (pos == POS_NOUN))
    # texts, lower cases and (verbs' and nouns') lemmas share most strings: one look-up for all
    strings, at = _distinct(doc, numpy.concatenate((columns[:, 2], columns[:, 0], columns[verb_or_noun, 1])))
    word_at, lower_at, lemma_of = at[:n], at[n:2 * n], at[2 * n:]
    spaced = numpy.array(strings + [word + " " for word in strings], dtype=object)
    text = "".join(spaced[word_at + len(strings) * columns[:, 4].astype(numpy.intp)].tolist())
    hits = Hits([], [], [], {}, text=text, pos=pos, punct=columns[:, 5].astype(bool))
    if not strings:
        return hits
    lowers = strings
    lemma_at = numpy.full(n, -1, dtype=numpy.intp)
    lemma_at[verb_or_noun] = lemma_of
    # each distinct lemma and lower case tested once, and only those that occur as such
    lemmas: dict[int, str] = {}
    lemma_hit = numpy.zeros(len(strings), dtype=bool)
    for j in numpy.unique(lemma_of).tolist():
        word = lemmas[j] = strings[j].lower()
        lemma_hit[j] = word in verbs or word in nouns or word in MEDIA or word in kinds
        if not lemma_hit[j]:
            fixed = repair_lemma(word, verbs)
            if fixed is not None:
                lemmas[j], lemma_hit[j] = fixed, True
    lower_hit = numpy.zeros(len(strings), dtype=bool)
    for j in numpy.unique(lower_at).tolist():
        word = strings[j]
        lower_hit[j] = word in kinds or word in firsts or word == "according"
    candidates = numpy.union1d(verb_or_noun[lemma_hit[lemma_of]], numpy.flatnonzero(lower_hit[lower_at]))

    def lower_of(i: int) -> str:
        return lowers[int(lower_at[i])]

    for i in candidates.tolist():
        lower = lower_of(i)
        tag = pos[i]
        if tag == POS_VERB:
            lemma = lemmas[lemma_at[i]]
            if lemma in verbs:
                hits.verbs.append(i)
                hits.lemma[i] = lemma
            kind = kinds.get(lemma)
            if kind is not None and lemma != lower:  # "seems" → seem
                hits.terms.setdefault(kind, []).append(i)
        elif tag == POS_NOUN:
            lemma = lemmas[lemma_at[i]]
            if lemma in nouns:
                hits.nouns.append(i)
            if lemma in MEDIA:
                hits.media.setdefault(lemma, []).append(i)
            kind = kinds.get(lemma)
            if kind is not None and lemma != lower:
                hits.terms.setdefault(kind, []).append(i)
        if lower == "according" and i + 1 < n and lower_of(i + 1) == "to":
            hits.according.append(i)
        kind = kinds.get(lower)
        if kind is not None:
            hits.terms.setdefault(kind, []).append(i)
        if lower in firsts:
            for kind, phrase in firsts[lower]:
                if i + len(phrase) <= n and all(lower_of(i + k) == w for k, w in enumerate(phrase)):
                    hits.terms.setdefault(kind, []).append(i)
    return hits
