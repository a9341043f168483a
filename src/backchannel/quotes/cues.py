"""The cue and hedge lexicons (``data/quotes/cues.tsv``, ``learned_cues.tsv``, ``hedges.tsv``, ``acts.tsv``,
``outlets.tsv``), loaded once. ``learned_cues.tsv`` (``training/quotes_cues.py``, from GUM's attribution
relations) adds the clause-taking verbs ``cues.tsv`` lacks ("remember", "notice"), clause only, with the act
of its ``act`` column ("the letter reads" writes; ``believe`` when empty)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

import numpy
from spacy.attrs import IS_PUNCT, LEMMA, LOWER, ORTH, POS, SPACY
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.strings import get_string_id
from spacy.tokens import Doc

from ..errors import DataFileError

DATA_DIR = "data/quotes"
POS_VERB, POS_NOUN, POS_AUX = int(POS_IDS["VERB"]), int(POS_IDS["NOUN"]), int(POS_IDS["AUX"])
POS_SPACE = int(POS_IDS["SPACE"])
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
    clause_only: bool = False  # learned (``learned_cues.tsv``): attributes a clausal complement only
    frames_only: bool = False  # from ``frames.tsv`` alone: a cue only in its noun-phrase frames


FRAME_KINDS = frozenset({"object", "object-as", "object-to", "prep"})


@dataclass(frozen=True)
class Frame:
    """One row of ``frames.tsv``: a noun-phrase content of a cue verb ("laid out [her proposals]")."""

    verb: str
    particle: str  # "out" of "lay out"; "" when none is needed
    kind: str  # object | object-as | object-to | prep
    prep: str  # the preposition of a prep frame ("about"); "" otherwise
    act: str
    status: str


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
    frames: dict[str, tuple[Frame, ...]] = field(default_factory=dict)  # verb lemma → its frames.tsv rows

    def terms(self, kind: str) -> frozenset[str]:
        """The single-word terms of ``kind`` (computed once per kind)."""
        return memo_of(self).terms(self, kind)


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
    for row in _rows("learned_cues.tsv"):  # GUM-learned clause-taking verbs that cues.tsv lacks
        act = (row[3] if len(row) > 3 else "") or "believe"
        if act not in acts:
            raise DataFileError(f"act {act!r} of {row[0]!r} is not in acts.tsv",
                                source=f"{DATA_DIR}/learned_cues.tsv", code="E501")
        if row[0] not in verbs:
            verbs[row[0]] = Cue(row[0], "verb", act, "reported", None, False, clause_only=True)
    frames = _frames(verbs, acts)
    kind_of: dict[str, str] = {}
    firsts: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for term, kind in _rows("hedges.tsv"):
        words = tuple(term.lower().split())
        if len(words) == 1:
            kind_of.setdefault(words[0], kind)
        else:
            firsts.setdefault(words[0], []).append((kind, words))
    outlets = frozenset(row[0].lower() for row in _rows("outlets.tsv"))
    return Lexicon(verbs, nouns, phrases, kind_of, firsts, acts, outlets, frames)


def _frames(verbs: dict[str, Cue], acts: frozenset[str]) -> dict[str, tuple[Frame, ...]]:
    """``frames.tsv`` by verb; a verb ``verbs`` lacks is added to it as a frames-only cue (first row's act)."""
    source = f"{DATA_DIR}/frames.tsv"
    found: dict[str, list[Frame]] = {}
    for row in _rows("frames.tsv"):
        if len(row) != 6:
            raise DataFileError(f"row {row!r} does not have 6 columns", source=source, code="E501")
        frame = Frame(*row)
        if frame.act not in acts:
            raise DataFileError(f"act {frame.act!r} of {frame.verb!r} is not in acts.tsv", source=source,
                                code="E501")
        if frame.kind not in FRAME_KINDS or (frame.kind == "prep") != bool(frame.prep):
            raise DataFileError(f"frame {frame.kind!r} {frame.prep!r} of {frame.verb!r} is not one of "
                                f"{sorted(FRAME_KINDS)} (a preposition with prep only)", source=source, code="E501")
        found.setdefault(frame.verb, []).append(frame)
        if frame.verb not in verbs:
            verbs[frame.verb] = Cue(frame.verb, "verb", frame.act, frame.status, None, False, frames_only=True)
    return {verb: tuple(rows) for verb, rows in found.items()}


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

    noun_verbs: list[int] = field(default_factory=list)  # nouns whose lemma is only a verb cue ("charges")
    _edge: list[bool] | None = None

    @property
    def edge(self) -> list[bool] | None:
        """Each token's ``is_punct or is_space`` (``spans._trim``), from ``punct`` and ``pos``; built on first use."""
        if self._edge is None and self.punct is not None and self.pos is not None:
            self._edge = (self.punct | (self.pos == POS_SPACE)).tolist()
        return self._edge


def repair_lemma(word: str, verbs: dict[str, Cue]) -> str | None:
    """The cue lemma a statistical lemmatiser cut wrongly ("prais", "stresse", "slamm" for praised,
    stressed, slammed), or None: the word with a final "e" added, or with its last letter dropped."""
    for cand in (word + "e", word[:-1]):
        if len(cand) > 2 and cand in verbs:
            return cand
    return None


_UNSEEN = "\0"  # ``Memo.lemmas``' answer for a string it has not seen (no lemma has a NUL)
_MEMO_LIMIT = 200_000  # entries per memo table; a table is emptied when it grows past this


class Memo:
    """What ``scan`` learnt about strings in earlier documents, by string hash (``StringStore`` hashes
    are the same in every vocabulary): each word's text with and without its trailing space, each
    lemma's cue lemma, each lower case's text. Kept for the process with its ``Lexicon``; every table
    is emptied when it reaches ``_MEMO_LIMIT`` entries, so a long run on open text stays bounded."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.pieces: dict[int, str] = {}  # 2 × ORTH + SPACY (mod 2⁶⁴) → the word with its space
        self.lemmas: dict[int, str | None] = {}  # a verb's or noun's LEMMA → its lexicon lemma, or None
        self.lowers: dict[int, str] = {}  # LOWER → the text
        # verb cues that can take a clause (not only ``frames.tsv`` noun phrases): a noun-tagged one may be a verb
        self.clause_verbs = frozenset(verb for verb, cue in lexicon.verbs.items() if not cue.frames_only)
        self.known = frozenset(lexicon.verbs) | frozenset(lexicon.nouns) | MEDIA | frozenset(lexicon.kind_of)
        words = set(lexicon.kind_of) | set(lexicon.phrase_firsts) | {"according"}
        self.lower_hits = numpy.array(sorted({get_string_id(word) for word in words}), dtype=numpy.uint64)
        self._terms: dict[str, frozenset[str]] = {}

    def terms(self, lexicon: Lexicon, kind: str) -> frozenset[str]:
        found = self._terms.get(kind)
        if found is None:
            found = self._terms[kind] = frozenset(word for word, k in lexicon.kind_of.items() if k == kind)
        return found

    def text(self, doc: Doc, orth: numpy.ndarray, spacy: numpy.ndarray) -> str:
        """``doc.text`` from its ORTH and SPACY columns, one dictionary look-up per token."""
        keys = ((orth << numpy.uint64(1)) | spacy.astype(numpy.uint64)).tolist()
        pieces = self.pieces
        try:
            return "".join(map(pieces.__getitem__, keys))
        except KeyError:
            pass
        if len(pieces) > _MEMO_LIMIT:
            pieces.clear()
        store = doc.vocab.strings
        for key, word, space in zip(keys, orth.tolist(), spacy.tolist(), strict=True):
            if key not in pieces:
                pieces[key] = store[word] + " " if space else store[word]
        return "".join(map(pieces.__getitem__, keys))

    def lemma(self, doc: Doc, key: int, verbs: dict[str, Cue]) -> str | None:
        """The lexicon lemma of a verb's or noun's LEMMA hash ``key`` (remembered): the lemma in lower
        case when it is a cue, a ``MEDIA`` noun or a hedge term, else the repaired one (``repair_lemma``),
        else None."""
        if len(self.lemmas) > _MEMO_LIMIT:
            self.lemmas.clear()
        word = doc.vocab.strings[key].lower()
        found = word if word in self.known else repair_lemma(word, verbs)
        self.lemmas[key] = found
        return found

    def lower(self, doc: Doc, key: int) -> str:
        word = self.lowers.get(key)
        if word is None:
            if len(self.lowers) > _MEMO_LIMIT:
                self.lowers.clear()
            word = self.lowers[key] = doc.vocab.strings[key]
        return word


_MEMOS: dict[int, tuple[Lexicon, Memo]] = {}


def memo_of(lexicon: Lexicon) -> Memo:
    """The ``Memo`` kept for ``lexicon`` (one per lexicon object)."""
    held = _MEMOS.get(id(lexicon))
    if held is None or held[0] is not lexicon:
        if len(_MEMOS) > 8:
            _MEMOS.clear()
        held = _MEMOS[id(lexicon)] = (lexicon, Memo(lexicon))
    return held[1]


def scan(doc: Doc, lexicon: Lexicon) -> Hits:
    """One pass over ``doc``: verb and noun cues, "according to", hedge/booster/doubt terms; and the
    text (``Doc.text`` builds a ``Token`` per word on every read).

    The words are read as arrays (``Doc.to_array``); string hashes are looked up in ``Memo`` tables
    (a string-store look-up only for a string never seen before), and only the tokens that hit
    something are visited one by one, in text order.
    """
    verbs, nouns = lexicon.verbs, lexicon.nouns
    kinds = lexicon.kind_of
    memo = memo_of(lexicon)
    clause_verbs = memo.clause_verbs
    firsts = lexicon.phrase_firsts
    columns = doc.to_array([ORTH, SPACY, LOWER, LEMMA, POS, IS_PUNCT])
    n = len(doc)
    pos = columns[:, 4]
    hits = Hits([], [], [], {}, pos=pos, punct=columns[:, 5].astype(bool))
    if not n:
        return hits
    hits.text = memo.text(doc, columns[:, 0], columns[:, 1])
    lower_col = columns[:, 2]
    lowers = lower_col.tolist()
    lower_hits = memo.lower_hits  # sorted: one vectorised binary search for all the words
    at = numpy.minimum(numpy.searchsorted(lower_hits, lower_col), len(lower_hits) - 1)
    found = set(numpy.flatnonzero(lower_hits[at] == lower_col).tolist())
    verb_or_noun = numpy.flatnonzero((pos == POS_VERB) | (pos == POS_NOUN)).tolist()
    known = memo.lemmas
    lemma_of: dict[int, str] = {}
    for i, key in zip(verb_or_noun, columns[verb_or_noun, 3].tolist(), strict=True):
        lemma = known.get(key, _UNSEEN)  # one look-up for the usual case, a string seen before
        if lemma is _UNSEEN:
            lemma = memo.lemma(doc, key, verbs)
        if lemma is not None:
            lemma_of[i] = lemma
            found.add(i)

    def lower_of(i: int) -> str:
        return memo.lower(doc, lowers[i])

    tags = pos.tolist()  # a list reads faster than the array, one word at a time
    known_lowers = memo.lowers
    for i in sorted(found):
        lower = known_lowers.get(lowers[i]) or lower_of(i)  # the memo's table first: no call per word
        tag = tags[i]
        lemma = lemma_of.get(i)
        if lemma is not None and tag == POS_VERB:
            if lemma in verbs:
                hits.verbs.append(i)
                hits.lemma[i] = lemma
            kind = kinds.get(lemma)
            if kind is not None and lemma != lower:  # "seems" → seem
                hits.terms.setdefault(kind, []).append(i)
        elif lemma is not None and tag == POS_NOUN:
            if lemma in nouns:
                hits.nouns.append(i)
            elif lemma in clause_verbs and lemma != lower:  # "Trump charges that …", "Scott joked that …"
                hits.noun_verbs.append(i)
                hits.lemma[i] = lemma
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
