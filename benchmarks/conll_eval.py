"""Raw-text evaluation helpers in the CoNLL 2018 shared-task convention.

The functions here are independent of spaCy: predictions are plain :class:`PredWord` lists (see
:func:`pred_words_from_doc` for the duck-typed conversion from a spaCy ``Doc``), gold data is read from
CoNLL-U, UNER IOB2 and re3d JSON files.

Conventions (following ``conll18_ud_eval.py``):

* Gold words get character offsets by aligning their forms to the sentence's ``# text``. Words of a
  multiword token (MWT) all get the span of the token's surface form.
* A predicted word is aligned to a gold word when their character spans are identical. Inside an MWT span the
  gold words are aligned to the predicted words lying inside that span by the longest common subsequence of
  their lower-cased forms (the official script does the same for its "multiword regions").
* Every metric is an F1: ``correct / gold words`` (recall) and ``correct / predicted words`` (precision).
  UAS: the predicted head of an aligned word is aligned to the gold head (or both are roots). LAS: also the
  universal part of the relation (before ``:``) matches. Punctuation is included.
* NER: exact character span and label match, micro P/R/F1 over labels plus per-label scores.
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

__all__ = [
    "AlignmentError",
    "Counts",
    "GoldSentence",
    "GoldWord",
    "NerSentence",
    "PredWord",
    "Re3dDocument",
    "Span",
    "SpanScores",
    "UDScores",
    "align_forms_to_text",
    "align_words",
    "iob2_to_spans",
    "map_spans",
    "open_text",
    "parse_conllu",
    "parse_iob2",
    "pred_words_from_doc",
    "read_conllu",
    "read_iob2",
    "read_re3d",
    "score_sentence",
    "score_spans",
    "universal_deprel",
]

# Universal features compared for UFeats (as in conll18_ud_eval.py).
UNIVERSAL_FEATURES = frozenset(
    {
        "PronType", "NumType", "Poss", "Reflex", "Foreign", "Abbr", "Gender", "Animacy", "Number", "Case",
        "Definite", "Degree", "VerbForm", "Mood", "Tense", "Aspect", "Voice", "Evident", "Polarity", "Person",
        "Polite",
    }
)


class AlignmentError(ValueError):
    """Token forms cannot be aligned to the sentence text."""


# --------------------------------------------------------------------------------------------------------
# I/O helpers
# --------------------------------------------------------------------------------------------------------


def open_text(path: Path) -> str:
    """Read a UTF-8 text file, gunzipping it when the name ends in ``.gz``."""
    if path.suffix == ".gz":
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            return fh.read()
    return path.read_text(encoding="utf-8")


def align_forms_to_text(forms: Sequence[str], text: str) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` character span of each form in ``text``, matched sequentially.

    Whitespace in the text between (and inside) forms is skipped. Raises :class:`AlignmentError` when a
    non-space character of a form differs from the text.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    n = len(text)
    for form in forms:
        chars = [c for c in form if not c.isspace()]
        if not chars:
            raise AlignmentError(f"empty form {form!r}")
        start = -1
        for ch in chars:
            while pos < n and text[pos].isspace():
                pos += 1
            if pos >= n or text[pos] != ch:
                found = text[pos] if pos < n else "<end>"
                raise AlignmentError(f"form {form!r} does not match text at {pos}: {found!r}")
            if start < 0:
                start = pos
            pos += 1
        spans.append((start, pos))
    return spans


def universal_deprel(label: str) -> str:
    """Universal part of a dependency relation; spaCy's ``ROOT`` becomes UD ``root``."""
    if label == "ROOT":
        return "root"
    return label.split(":", 1)[0]


# --------------------------------------------------------------------------------------------------------
# CoNLL-U
# --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldWord:
    """One syntactic word of a gold sentence (``index`` is 0-based, ``head`` is 1-based, 0 = root)."""

    index: int
    form: str
    lemma: str
    upos: str
    xpos: str
    feats: str
    head: int
    deprel: str
    start: int
    end: int
    in_mwt: bool = False


@dataclass
class GoldSentence:
    """A gold CoNLL-U sentence with its raw text and character-aligned words."""

    sent_id: str
    text: str
    words: list[GoldWord]
    doc_id: str = ""
    genre: str = ""
    token_spans: list[tuple[int, int]] = field(default_factory=list)  # surface tokens (MWT = one token)


_GUM_DOC = re.compile(r"^GUM_([a-z]+)_")


@dataclass
class _Row:
    form: str
    lemma: str = "_"
    upos: str = "_"
    xpos: str = "_"
    feats: str = "_"
    head: int = 0
    deprel: str = "_"
    word_ids: tuple[int, int] | None = None  # set for MWT range lines


def _build_sentence(
    comments: dict[str, str], rows: list[_Row], doc_id: str, genre: str
) -> GoldSentence:
    text = comments.get("text", "")
    # Surface tokens: MWT range lines plus words not covered by a range.
    surface: list[tuple[str, list[_Row]]] = []
    i = 0
    while i < len(rows):
        row = rows[i]
        if row.word_ids is not None:
            lo, hi = row.word_ids
            members = rows[i + 1 : i + 1 + (hi - lo + 1)]
            surface.append((row.form, members))
            i += 1 + len(members)
        else:
            surface.append((row.form, [row]))
            i += 1
    spans = align_forms_to_text([form for form, _ in surface], text)
    words: list[GoldWord] = []
    for (_, members), (start, end) in zip(surface, spans, strict=True):
        for member in members:
            words.append(
                GoldWord(
                    index=len(words),
                    form=member.form,
                    lemma=member.lemma,
                    upos=member.upos,
                    xpos=member.xpos,
                    feats=member.feats,
                    head=member.head,
                    deprel=universal_deprel(member.deprel),
                    start=start,
                    end=end,
                    in_mwt=len(members) > 1,
                )
            )
    return GoldSentence(
        sent_id=comments.get("sent_id", ""),
        text=text,
        words=words,
        doc_id=doc_id,
        genre=genre,
        token_spans=spans,
    )


def parse_conllu(data: str, errors: list[str] | None = None) -> list[GoldSentence]:
    """Parse CoNLL-U text into :class:`GoldSentence` objects.

    Empty nodes (``8.1``) are ignored; MWT range lines give the surface forms used for character alignment.
    The genre comes from ``# meta::genre`` (GUM) or from a ``GUM_<genre>_<name>`` document id. Sentences whose
    tokens cannot be aligned to ``# text`` are skipped; a message is appended to ``errors`` when given.
    """
    sentences: list[GoldSentence] = []
    comments: dict[str, str] = {}
    rows: list[_Row] = []
    doc_id = ""
    genre = ""

    def flush() -> None:
        nonlocal comments, rows
        if rows:
            try:
                sentences.append(_build_sentence(comments, rows, doc_id, genre))
            except AlignmentError as exc:
                if errors is not None:
                    errors.append(f"{comments.get('sent_id', '?')}: {exc}")
        comments, rows = {}, []

    for line in data.splitlines():
        if not line.strip():
            flush()
            continue
        if line.startswith("#"):
            key, sep, value = line[1:].partition("=")
            key, value = key.strip(), value.strip()
            if not sep:
                continue
            if key == "newdoc id":
                doc_id = value
                match = _GUM_DOC.match(value)
                genre = match.group(1) if match else ""
            elif key == "meta::genre":
                genre = value
            else:
                comments[key] = value
            continue
        cols = line.split("\t")
        if len(cols) < 8:
            continue
        ident = cols[0]
        if "." in ident:
            continue
        if "-" in ident:
            lo, hi = ident.split("-", 1)
            rows.append(_Row(form=cols[1], word_ids=(int(lo), int(hi))))
            continue
        head = int(cols[6]) if cols[6].isdigit() else 0
        rows.append(_Row(cols[1], cols[2], cols[3], cols[4], cols[5], head, cols[7]))
    flush()
    return sentences


def read_conllu(path: Path, errors: list[str] | None = None) -> list[GoldSentence]:
    """Read a (possibly gzipped) CoNLL-U file; see :func:`parse_conllu`."""
    return parse_conllu(open_text(path), errors)


# --------------------------------------------------------------------------------------------------------
# Predictions
# --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PredWord:
    """One predicted word; ``head`` is the index of the head in the same list, ``None`` for a root."""

    start: int
    end: int
    form: str
    upos: str = ""
    xpos: str = ""
    feats: str = ""
    lemma: str = ""
    head: int | None = None
    deprel: str = ""


class _TokenLike(Protocol):
    i: int
    idx: int
    text: str
    is_space: bool
    pos_: str
    tag_: str
    lemma_: str
    dep_: str

    @property
    def head(self) -> Any: ...

    @property
    def morph(self) -> Any: ...


def pred_words_from_doc(doc: Iterable[_TokenLike]) -> list[PredWord]:
    """Convert a spaCy ``Doc`` (or any iterable of token-like objects) to :class:`PredWord` objects.

    Whitespace tokens are dropped (they are not words in CoNLL-U); a token whose head is itself is a root.
    A word whose head is a dropped whitespace token gets head ``-1`` (never correct).
    """
    tokens = list(doc)
    kept = [t for t in tokens if not t.is_space]
    new_index = {t.i: k for k, t in enumerate(kept)}
    words: list[PredWord] = []
    for tok in kept:
        head_i = tok.head.i
        head: int | None = None if head_i == tok.i else new_index.get(head_i, -1)
        morph = str(tok.morph)
        words.append(
            PredWord(
                start=tok.idx,
                end=tok.idx + len(tok.text),
                form=tok.text,
                upos=tok.pos_,
                xpos=tok.tag_,
                feats=morph if morph else "_",
                lemma=tok.lemma_,
                head=head,
                deprel=universal_deprel(tok.dep_) if tok.dep_ else "",
            )
        )
    return words


# --------------------------------------------------------------------------------------------------------
# Alignment and UD scores
# --------------------------------------------------------------------------------------------------------


def _lcs_pairs(a: Sequence[str], b: Sequence[str]) -> list[tuple[int, int]]:
    """Index pairs of a longest common subsequence of ``a`` and ``b``."""
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) - 1, -1, -1):
        for j in range(len(b) - 1, -1, -1):
            table[i][j] = table[i + 1][j + 1] + 1 if a[i] == b[j] else max(table[i + 1][j], table[i][j + 1])
    pairs: list[tuple[int, int]] = []
    i = j = 0
    while i < len(a) and j < len(b):
        if a[i] == b[j]:
            pairs.append((i, j))
            i += 1
            j += 1
        elif table[i + 1][j] >= table[i][j + 1]:
            i += 1
        else:
            j += 1
    return pairs


def align_words(gold: Sequence[GoldWord], pred: Sequence[PredWord]) -> dict[int, int]:
    """Map gold word indices to aligned predicted word indices.

    Outside multiword tokens a predicted word aligns with the gold word of identical ``(start, end)``. The
    words of a multiword token are aligned by LCS of lower-cased forms with the predicted words lying inside
    the token's span.
    """
    by_span = {(p.start, p.end): k for k, p in enumerate(pred)}
    mapping: dict[int, int] = {}
    i = 0
    while i < len(gold):
        word = gold[i]
        if not word.in_mwt:
            k = by_span.get((word.start, word.end))
            if k is not None:
                mapping[i] = k
            i += 1
            continue
        j = i
        while j < len(gold) and gold[j].in_mwt and (gold[j].start, gold[j].end) == (word.start, word.end):
            j += 1
        inside = [k for k, p in enumerate(pred) if p.start >= word.start and p.end <= word.end]
        pairs = _lcs_pairs([g.form.lower() for g in gold[i:j]], [pred[k].form.lower() for k in inside])
        for gi, pk in pairs:
            mapping[i + gi] = inside[pk]
        i = j
    return mapping


@dataclass
class Counts:
    """Correct / gold / predicted counts with precision, recall and F1 (fractions, not percent)."""

    correct: int = 0
    gold: int = 0
    pred: int = 0

    def __iadd__(self, other: Counts) -> Counts:
        self.correct += other.correct
        self.gold += other.gold
        self.pred += other.pred
        return self

    @property
    def precision(self) -> float:
        return self.correct / self.pred if self.pred else 0.0

    @property
    def recall(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        total = self.gold + self.pred
        return 2 * self.correct / total if total else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "correct": self.correct, "gold": self.gold, "pred": self.pred,
            "precision": self.precision, "recall": self.recall, "f1": self.f1,
        }


UD_METRICS = ("tokens", "words", "upos", "xpos", "ufeats", "lemma", "uas", "las")


@dataclass
class UDScores:
    """Accumulated CoNLL 2018 style counts for a set of sentences.

    ``words`` is the CoNLL 2018 "Words" metric (syntactic words aligned by character span); ``tokens``
    compares surface tokens (a gold multiword token is one token; spaCy, which has no MWTs, is penalised
    there).
    """

    tokens: Counts = field(default_factory=Counts)
    words: Counts = field(default_factory=Counts)
    upos: Counts = field(default_factory=Counts)
    xpos: Counts = field(default_factory=Counts)
    ufeats: Counts = field(default_factory=Counts)
    lemma: Counts = field(default_factory=Counts)
    uas: Counts = field(default_factory=Counts)
    las: Counts = field(default_factory=Counts)
    sentences: int = 0
    split_sentences: int = 0  # gold sentences the pipeline split into more than one sentence

    def __iadd__(self, other: UDScores) -> UDScores:
        for name in UD_METRICS:
            getattr(self, name).__iadd__(getattr(other, name))
        self.sentences += other.sentences
        self.split_sentences += other.split_sentences
        return self

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {name: getattr(self, name).as_dict() for name in UD_METRICS}
        out["sentences"] = self.sentences
        out["split_sentences"] = self.split_sentences
        return out


def _universal_feats(feats: str) -> frozenset[str]:
    if feats in ("", "_"):
        return frozenset()
    return frozenset(f for f in feats.split("|") if f.split("=", 1)[0] in UNIVERSAL_FEATURES)


def score_sentence(
    gold: GoldSentence, pred: Sequence[PredWord], pred_sentences: int = 1
) -> UDScores:
    """Score one sentence's predicted words against the gold sentence (CoNLL 2018 conventions)."""
    n_gold, n_pred = len(gold.words), len(pred)
    mapping = align_words(gold.words, pred)
    pred_to_gold = {k: i for i, k in mapping.items()}
    scores = UDScores(sentences=1, split_sentences=int(pred_sentences > 1))

    pred_spans = {(p.start, p.end) for p in pred}
    scores.tokens = Counts(len(pred_spans & set(gold.token_spans)), len(gold.token_spans), len(pred_spans))
    for name in UD_METRICS[1:]:
        setattr(scores, name, Counts(0, n_gold, n_pred))

    for gi, pk in mapping.items():
        g, p = gold.words[gi], pred[pk]
        scores.words.correct += 1
        scores.upos.correct += g.upos == p.upos
        scores.xpos.correct += g.xpos == p.xpos
        scores.ufeats.correct += _universal_feats(g.feats) == _universal_feats(p.feats)
        scores.lemma.correct += g.lemma == "_" or g.lemma == p.lemma
        gold_head = None if g.head == 0 else g.head - 1
        pred_head = None if p.head is None else pred_to_gold.get(p.head, -1)
        if gold_head == pred_head:
            scores.uas.correct += 1
            scores.las.correct += g.deprel == universal_deprel(p.deprel)
    return scores


# --------------------------------------------------------------------------------------------------------
# Named entities
# --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Span:
    """A labelled character span ``[start, end)``."""

    start: int
    end: int
    label: str


@dataclass
class NerSentence:
    """A sentence (or document) with raw text and gold entity spans."""

    sent_id: str
    text: str
    spans: list[Span]
    doc_id: str = ""


def iob2_to_spans(tags: Sequence[str], offsets: Sequence[tuple[int, int]]) -> list[Span]:
    """Convert IOB2 tags with per-token character offsets into labelled spans.

    An ``I-X`` tag that does not continue an entity of type ``X`` starts a new one (conlleval behaviour).
    """
    spans: list[Span] = []
    label: str | None = None
    start = end = 0
    for tag, (tok_start, tok_end) in zip(tags, offsets, strict=False):
        prefix, _, tag_label = tag.partition("-")
        if prefix == "I" and label == tag_label:
            end = tok_end
            continue
        if label is not None:
            spans.append(Span(start, end, label))
            label = None
        if prefix in ("B", "I") and tag_label:
            label, start, end = tag_label, tok_start, tok_end
    if label is not None:
        spans.append(Span(start, end, label))
    return spans


def parse_iob2(data: str, errors: list[str] | None = None) -> list[NerSentence]:
    """Parse a UNER IOB2 file (``index<TAB>token<TAB>tag...`` with ``# sent_id`` / ``# text`` comments)."""
    sentences: list[NerSentence] = []
    comments: dict[str, str] = {}
    tokens: list[str] = []
    tags: list[str] = []
    doc_id = ""

    def flush() -> None:
        nonlocal comments, tokens, tags
        if tokens:
            text = comments.get("text", " ".join(tokens))
            try:
                offsets = align_forms_to_text(tokens, text)
                sentences.append(
                    NerSentence(comments.get("sent_id", ""), text, iob2_to_spans(tags, offsets), doc_id)
                )
            except AlignmentError as exc:
                if errors is not None:
                    errors.append(f"{comments.get('sent_id', '?')}: {exc}")
        comments, tokens, tags = {}, [], []

    for line in data.splitlines():
        if not line.strip():
            flush()
            continue
        if line.startswith("#"):
            key, sep, value = line[1:].partition("=")
            if sep:
                if key.strip() == "newdoc id":
                    doc_id = value.strip()
                else:
                    comments[key.strip()] = value.strip()
            continue
        cols = line.split("\t")
        if len(cols) < 3 or not cols[0].isdigit():
            continue
        tokens.append(cols[1])
        tags.append(cols[2])
    flush()
    return sentences


def read_iob2(path: Path, errors: list[str] | None = None) -> list[NerSentence]:
    """Read a (possibly gzipped) UNER IOB2 file; see :func:`parse_iob2`."""
    return parse_iob2(open_text(path), errors)


@dataclass
class Re3dDocument(NerSentence):
    """A re3d document; ``source`` is the source folder (e.g. ``centcom``)."""

    source: str = ""


def _json_lines(path: Path) -> Iterator[dict[str, Any]]:
    for line in open_text(path).splitlines():
        if line.strip():
            yield json.loads(line)


def _first_existing(folder: Path, stem: str) -> Path | None:
    for name in (f"{stem}.json.gz", f"{stem}.json"):
        if (folder / name).exists():
            return folder / name
    return None


def read_re3d(
    root: Path,
    label_map: Mapping[str, str],
    min_confidence: float = 0.5,
    errors: list[str] | None = None,
) -> list[Re3dDocument]:
    """Read re3d (``<source>/documents.json.gz`` + ``entities.json.gz``, MongoDB JSON lines).

    Entities keep their document character offsets; only types in ``label_map`` with
    ``confidence >= min_confidence`` are kept, relabelled through ``label_map``. Offsets are trusted; entities
    whose ``value`` differs from the text at their offsets (normalised quotes, newlines) are reported through
    ``errors`` but kept.
    Documents are ordered by source folder, then by id.
    """
    docs: list[Re3dDocument] = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        doc_file = _first_existing(folder, "documents")
        ent_file = _first_existing(folder, "entities")
        if doc_file is None or ent_file is None:
            continue
        by_id = {
            d["_id"]: Re3dDocument(d["_id"], d["text"], [], d["_id"], folder.name)
            for d in _json_lines(doc_file)
        }
        for ent in _json_lines(ent_file):
            label = label_map.get(ent["type"])
            doc = by_id.get(ent["documentId"])
            if label is None or doc is None or float(ent.get("confidence", 1.0)) < min_confidence:
                continue
            start, end = int(ent["begin"]), int(ent["end"])
            if errors is not None and doc.text[start:end] != ent.get("value", doc.text[start:end]):
                errors.append(f"{ent['_id']}: value {ent.get('value')!r} != text {doc.text[start:end]!r}")
            doc.spans.append(Span(start, end, label))
        for doc in sorted(by_id.values(), key=lambda d: d.sent_id):
            doc.spans = sorted(set(doc.spans))
            docs.append(doc)
    return docs


def map_spans(spans: Iterable[tuple[int, int, str]], label_map: Mapping[str, str]) -> list[Span]:
    """Relabel predicted ``(start, end, label)`` triples; labels missing from ``label_map`` are dropped."""
    out: list[Span] = []
    for start, end, label in spans:
        mapped = label_map.get(label)
        if mapped is not None:
            out.append(Span(start, end, mapped))
    return out


@dataclass
class SpanScores:
    """Per-label exact-match counts (``tp``, gold, pred) plus lenient overlap counts."""

    labels: dict[str, Counts] = field(default_factory=dict)
    overlap_gold_hit: int = 0  # gold spans overlapped by a predicted span of the same label
    overlap_pred_hit: int = 0  # predicted spans overlapping a gold span of the same label

    def _label(self, label: str) -> Counts:
        return self.labels.setdefault(label, Counts())

    def __iadd__(self, other: SpanScores) -> SpanScores:
        for label, counts in other.labels.items():
            self._label(label).__iadd__(counts)
        self.overlap_gold_hit += other.overlap_gold_hit
        self.overlap_pred_hit += other.overlap_pred_hit
        return self

    @property
    def micro(self) -> Counts:
        total = Counts()
        for counts in self.labels.values():
            total += counts
        return total

    @property
    def overlap(self) -> dict[str, float]:
        """Lenient precision/recall/F1: a span counts when it overlaps a span of the same label."""
        micro = self.micro
        p = self.overlap_pred_hit / micro.pred if micro.pred else 0.0
        r = self.overlap_gold_hit / micro.gold if micro.gold else 0.0
        return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}

    def as_dict(self) -> dict[str, Any]:
        return {
            "micro": self.micro.as_dict(),
            "overlap": self.overlap,
            "per_label": {label: c.as_dict() for label, c in sorted(self.labels.items())},
        }


def _overlaps(a: Span, b: Span) -> bool:
    return a.label == b.label and a.start < b.end and b.start < a.end


def score_spans(gold: Iterable[Span], pred: Iterable[Span], labels: Iterable[str] = ()) -> SpanScores:
    """Exact span+label matching of one text's gold and predicted spans (duplicates collapse)."""
    gold_set, pred_set = set(gold), set(pred)
    scores = SpanScores()
    for label in labels:
        scores._label(label)
    for span in gold_set:
        scores._label(span.label).gold += 1
    for span in pred_set:
        counts = scores._label(span.label)
        counts.pred += 1
        counts.correct += span in gold_set
    scores.overlap_gold_hit = sum(any(_overlaps(g, p) for p in pred_set) for g in gold_set)
    scores.overlap_pred_hit = sum(any(_overlaps(p, g) for g in gold_set) for p in pred_set)
    return scores
