"""Coreference evaluation helpers: GUM entity annotations as raw text + character-span mentions, and the
MUC, B³ and CEAF-e scores over mention clusters.

Why a separate module: the actors benchmark (``benchmarks/actors.py``) and anyone changing the actor
resolver need the same reading of GUM and the same scores, and the scores must be checkable by hand
(``tests/test_coref_eval.py`` uses textbook examples and runs without the shared data).

Reading GUM (``gum-{dev,test}.conllu.gz``, CorefUD bracket notation in MISC ``Entity=``):

* Document text is rebuilt from the tokens: surface tokens are joined honouring ``SpaceAfter=No`` (a
  multiword token's range line gives the surface form), sentences of one paragraph (``# newpar``) are joined
  by one space and paragraphs by a blank line (``"\\n\\n"``), as ``training/build_examples.py`` does for the
  bundled articles. Unlike that script nothing is dropped (headings, captions and "Sources" stay), so every
  gold mention lies in the text. Offsets are exact by construction.
* ``Entity=(12-person-giv:act-sssss-cf1-1,2-coref-Barack_Obama`` opens a mention of entity 12 on the word
  carrying it; ``12)`` closes the innermost open mention of entity 12; ``(12-…)`` is a one-word mention.
  Fields: id, type, information status, salience, centering, min-span (word positions inside the mention,
  1-based, comma separated), link type (``sgl`` = singleton, ``coref``, ``ana``, ``appos``, …) and the
  optional Wikification identity. The entity id is the gold cluster.
* ``head``: the mention's syntactic head is the word of the span whose dependency head lies outside the
  span (the shallowest one when several do). ``head_is_propn`` is that word's UPOS == ``PROPN``.
  ``min_start``/``min_end`` cover the min-span words (the part a lenient match must touch).

Matching system mentions to gold mentions (:func:`match_mentions`), one-to-one:

* ``exact``: identical ``(start, end)`` character spans.
* ``head`` (lenient): the system span lies inside the gold span and overlaps its min-span (for names the
  min-span is the name, so "Lavrov" matches the gold mention "Russian Foreign Minister Sergei Lavrov, who
  arrived on Monday"). Among several candidates the shortest gold span wins (nested mentions).

Twinless mentions (system mentions with no gold partner and gold mentions the system missed), see
:class:`Policy`:

* ``keep`` (default; the convention of the CoNLL-2012 reference scorer, Pradhan et al. 2014): a twinless
  system mention stays in its system cluster. It lowers B³ precision (it contributes 0 and enlarges its
  cluster) and MUC precision (it adds a link that is never right); a missed gold mention lowers recall.
* ``drop``: twinless system mentions are removed before scoring, so the link scores judge only the
  clustering of mentions the system did find; mention detection precision/recall must then be reported
  alongside (``mention_detection``), as the benchmark does.

All scores are micro-averaged over documents by summing numerators and denominators (:class:`Prf`).
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

__all__ = [
    "CorefDocument",
    "Mention",
    "Policy",
    "Prf",
    "b_cubed",
    "ceaf_e",
    "conll_average",
    "clusters_by_key",
    "mention_detection",
    "match_mentions",
    "muc",
    "parse_gum",
    "read_gum",
    "score_all",
]


# --------------------------------------------------------------------------------------------------------
# GUM reader
# --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mention:
    """A gold mention: ``text[start:end]``; ``entity`` is the document-local cluster id."""

    start: int
    end: int
    entity: str
    etype: str
    head_is_propn: bool
    identity: str | None = None
    link: str = ""
    min_start: int = -1
    min_end: int = -1
    head_start: int = -1
    head_end: int = -1
    head_upos: str = ""


@dataclass
class CorefDocument:
    """One GUM document: rebuilt text, gold mentions (sorted by position) and ``# meta::`` fields."""

    doc_id: str
    genre: str
    text: str
    mentions: list[Mention] = field(default_factory=list)
    meta: dict[str, str] = field(default_factory=dict)

    def clusters(self, mentions: Iterable[Mention] | None = None) -> list[list[Mention]]:
        """Gold clusters (by entity id) of ``mentions`` (all mentions by default), in first-mention order."""
        return clusters_by_key(self.mentions if mentions is None else mentions, lambda m: m.entity)


@dataclass
class _Word:
    ident: int
    upos: str
    head: int
    start: int
    end: int
    entity: str


def _parse_entity_field(value: str) -> list[tuple[str, str | None, bool]]:
    """Split an ``Entity=`` value into events ``(kind, payload, closes_too)``.

    ``("open", "12-person-…", True)`` opens a mention (closing on the same word when ``closes_too``);
    ``("close", "12", False)`` closes one. Order is kept: closings after an opening on one word close
    mentions that began earlier only when their id differs (CorefUD writes ``(7-…)6)5)``).
    """
    events: list[tuple[str, str | None, bool]] = []
    i = 0
    n = len(value)
    while i < n:
        if value[i] == "(":
            j = i + 1
            while j < n and value[j] not in "()":
                j += 1
            payload = value[i + 1 : j]
            closes = j < n and value[j] == ")"
            events.append(("open", payload, closes))
            i = j + 1 if closes else j
        else:
            j = i
            while j < n and value[j] != ")":
                j += 1
            events.append(("close", value[i:j], False))
            i = j + 1
    return events


def _head_word(words: Sequence[_Word], lo: int, hi: int) -> _Word:
    """The word of ``words[lo:hi+1]`` whose head is outside the span; the shallowest if several."""
    inside = {w.ident for w in words[lo : hi + 1]}
    by_id = {w.ident: w for w in words}

    def depth(w: _Word) -> int:
        d = 0
        while w.head in by_id and d < 200:
            w = by_id[w.head]
            d += 1
        return d

    outside = [w for w in words[lo : hi + 1] if w.head not in inside]
    return min(outside or list(words[lo : hi + 1]), key=depth)


def _sentence_mentions(words: Sequence[_Word], doc_id: str, errors: list[str] | None) -> list[Mention]:
    out: list[Mention] = []
    stack: list[tuple[str, str, int]] = []  # entity id, payload, word index
    for k, word in enumerate(words):
        if not word.entity:
            continue
        for kind, payload, closes in _parse_entity_field(word.entity):
            assert payload is not None
            if kind == "open":
                ent_id = payload.split("-", 1)[0]
                if closes:
                    out.append(_make_mention(words, k, k, payload))
                else:
                    stack.append((ent_id, payload, k))
            else:
                for s in range(len(stack) - 1, -1, -1):
                    if stack[s][0] == payload:
                        _, opened, lo = stack.pop(s)
                        out.append(_make_mention(words, lo, k, opened))
                        break
                else:
                    if errors is not None:
                        errors.append(f"{doc_id}: closing bracket {payload}) without an opening in its sentence")
    if stack and errors is not None:
        errors.append(f"{doc_id}: {len(stack)} mention(s) left open at a sentence end; dropped")
    return out


def _make_mention(words: Sequence[_Word], lo: int, hi: int, payload: str) -> Mention:
    fields = payload.split("-", 7)
    fields += [""] * (8 - len(fields))
    ent_id, etype, _infstat, _sal, _centering, minspan, link, identity = fields
    head = _head_word(words, lo, hi)
    span_words = words[lo : hi + 1]
    positions = [int(p) for p in minspan.split(",") if p.isdigit() and 0 < int(p) <= len(span_words)]
    if positions:
        min_start = min(span_words[p - 1].start for p in positions)
        min_end = max(span_words[p - 1].end for p in positions)
    else:
        min_start, min_end = head.start, head.end
    return Mention(
        start=words[lo].start, end=words[hi].end, entity=ent_id, etype=etype,
        head_is_propn=head.upos == "PROPN", identity=identity or None, link=link,
        min_start=min_start, min_end=min_end, head_start=head.start, head_end=head.end, head_upos=head.upos,
    )


def parse_gum(data: str, errors: list[str] | None = None) -> list[CorefDocument]:
    """Parse concatenated GUM CoNLL-U (``# newdoc id`` blocks) into :class:`CorefDocument` objects.

    See the module docstring for the text layout and the mention fields. Problems (a sentence whose rebuilt
    text differs from ``# text``, unbalanced brackets) are appended to ``errors`` when given.
    """
    docs: list[CorefDocument] = []
    doc: CorefDocument | None = None
    parts: list[str] = []  # text pieces of the current document
    pos = 0  # length of the current document's text so far
    started_par = False
    comments: list[str] = []
    rows: list[list[str]] = []

    def finish_doc() -> None:
        if doc is not None:
            doc.text = "".join(parts)
            doc.mentions.sort(key=lambda m: (m.start, -m.end))
            docs.append(doc)

    def flush_sentence() -> None:
        nonlocal pos, started_par, comments, rows
        if doc is None or not rows:
            comments, rows = [], []
            return
        newpar = any(c == "# newpar" or c.startswith("# newpar ") for c in comments)
        if pos > 0:
            sep = "\n\n" if newpar or not started_par else " "
            parts.append(sep)
            pos += len(sep)
        started_par = True
        words: list[_Word] = []
        pieces: list[str] = []
        mwt_end = 0
        mwt_span: tuple[int, int] | None = None
        cursor = pos
        for cols in rows:
            ident = cols[0]
            if "." in ident:
                continue
            misc = cols[9].split("|") if len(cols) > 9 else []
            space = "SpaceAfter=No" not in misc
            if "-" in ident:
                lo, hi = ident.split("-", 1)
                mwt_end = int(hi)
                mwt_span = (cursor, cursor + len(cols[1]))
                pieces.append(cols[1] + (" " if space else ""))
                cursor += len(pieces[-1])
                continue
            entity = next((m[len("Entity="):] for m in misc if m.startswith("Entity=")), "")
            num = int(ident)
            head = int(cols[6]) if cols[6].isdigit() else 0
            if num <= mwt_end and mwt_span is not None:
                start, end = mwt_span
            else:
                start, end = cursor, cursor + len(cols[1])
                pieces.append(cols[1] + (" " if space else ""))
                cursor += len(pieces[-1])
            words.append(_Word(num, cols[3], head, start, end, entity))
        sentence = "".join(pieces).rstrip(" ")
        given = next((c.split("=", 1)[1].strip() for c in comments if c.startswith("# text ")), None)
        if given is not None and given != sentence and errors is not None:
            errors.append(f"{doc.doc_id}: rebuilt sentence differs from # text: {sentence!r}")
        parts.append(sentence)
        pos += len(sentence)
        doc.mentions.extend(_sentence_mentions(words, doc.doc_id, errors))
        comments, rows = [], []

    for line in data.splitlines():
        if line.startswith("# newdoc id"):
            flush_sentence()
            finish_doc()
            doc_id = line.split("=", 1)[1].strip()
            match = re.match(r"GUM_([a-z]+)_", doc_id)
            doc = CorefDocument(doc_id, match.group(1) if match else "", "")
            parts, pos, started_par = [], 0, False
            continue
        if line.startswith("#"):
            if line.startswith("# meta::") and doc is not None:
                key, _, value = line[len("# meta::") :].partition("=")
                doc.meta[key.strip()] = value.strip()
                if key.strip() == "genre":
                    doc.genre = value.strip()
            comments.append(line.rstrip())
            continue
        if not line.strip():
            flush_sentence()
            continue
        rows.append(line.split("\t"))
    flush_sentence()
    finish_doc()
    return docs


def read_gum(path: Path, errors: list[str] | None = None) -> list[CorefDocument]:
    """Read a (possibly gzipped) GUM CoNLL-U file; see :func:`parse_gum`."""
    if path.suffix == ".gz":
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            return parse_gum(fh.read(), errors)
    return parse_gum(path.read_text(encoding="utf-8"), errors)


# --------------------------------------------------------------------------------------------------------
# Mention matching
# --------------------------------------------------------------------------------------------------------


def match_mentions(
    gold: Sequence[Mention], system: Sequence[tuple[int, int]], mode: str = "head"
) -> dict[int, int]:
    """Map system mention indices to gold mention indices, one-to-one (see the module docstring).

    ``mode`` is ``"exact"`` or ``"head"``. Exact matches are made first in both modes, then (``head``)
    system mentions inside a gold span and overlapping its min-span, preferring the shortest gold span and
    then the system mention closest to it in length.
    """
    if mode not in ("exact", "head"):
        raise ValueError(f"unknown matching mode {mode!r}")
    by_span: dict[tuple[int, int], list[int]] = {}
    for gi, g in enumerate(gold):
        by_span.setdefault((g.start, g.end), []).append(gi)
    result: dict[int, int] = {}
    used: set[int] = set()
    for si, (s, e) in enumerate(system):
        for gi in by_span.get((s, e), []):
            if gi not in used:
                result[si] = gi
                used.add(gi)
                break
    if mode == "exact":
        return result
    candidates: list[tuple[int, int, int, int]] = []
    for si, (s, e) in enumerate(system):
        if si in result:
            continue
        for gi, g in enumerate(gold):
            if gi in used or not (g.start <= s and e <= g.end):
                continue
            lo, hi = (g.min_start, g.min_end) if g.min_start >= 0 else (g.head_start, g.head_end)
            if s < hi and lo < e:
                candidates.append((g.end - g.start, (g.end - g.start) - (e - s), si, gi))
    for _, _, si, gi in sorted(candidates):
        if si not in result and gi not in used:
            result[si] = gi
            used.add(gi)
    return result


def mention_detection(n_gold: int, n_system: int, n_matched: int) -> Prf:
    """Mention detection precision/recall as a :class:`Prf`."""
    return Prf(n_matched, n_system, n_matched, n_gold)


# --------------------------------------------------------------------------------------------------------
# Scores
# --------------------------------------------------------------------------------------------------------


@dataclass
class Prf:
    """Precision ``p_num / p_den`` and recall ``r_num / r_den``; ``+=`` sums them (micro-average)."""

    p_num: float = 0.0
    p_den: float = 0.0
    r_num: float = 0.0
    r_den: float = 0.0

    def __iadd__(self, other: Prf) -> Prf:
        self.p_num += other.p_num
        self.p_den += other.p_den
        self.r_num += other.r_num
        self.r_den += other.r_den
        return self

    @property
    def precision(self) -> float:
        return self.p_num / self.p_den if self.p_den else 0.0

    @property
    def recall(self) -> float:
        return self.r_num / self.r_den if self.r_den else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


class Policy(StrEnum):
    """What to do with twinless system mentions (see the module docstring)."""

    KEEP = "keep"
    DROP = "drop"


Cluster = Collection[Hashable]


def clusters_by_key(items: Iterable[Hashable], key: object) -> list[list]:  # type: ignore[type-arg]
    """Group ``items`` by ``key(item)`` keeping first-occurrence order."""
    groups: dict[Hashable, list] = {}  # type: ignore[type-arg]
    for item in items:
        groups.setdefault(key(item), []).append(item)  # type: ignore[operator]
    return list(groups.values())


def _prepare(
    key: Sequence[Cluster], response: Sequence[Cluster], policy: Policy | str
) -> tuple[list[set[Hashable]], list[set[Hashable]]]:
    k = [set(c) for c in key if c]
    r = [set(c) for c in response if c]
    if Policy(policy) is Policy.DROP:
        gold = set().union(*k) if k else set()
        r = [c & gold for c in r]
        r = [c for c in r if c]
    return k, r


def _muc_side(a: list[set[Hashable]], b: list[set[Hashable]]) -> tuple[float, float]:
    """MUC numerator and denominator of ``a`` partitioned by ``b`` (unmatched mentions are singletons)."""
    where = {m: i for i, c in enumerate(b) for m in c}
    num = den = 0
    for cluster in a:
        parts = {where.get(m, ("missing", m)) for m in cluster}
        num += len(cluster) - len(parts)
        den += len(cluster) - 1
    return num, den


def muc(key: Sequence[Cluster], response: Sequence[Cluster], policy: Policy | str = Policy.KEEP) -> Prf:
    """MUC (Vilain et al. 1995): links kept. Recall = Σ(|K| − |p(K)|) / Σ(|K| − 1), precision symmetric."""
    k, r = _prepare(key, response, policy)
    r_num, r_den = _muc_side(k, r)
    p_num, p_den = _muc_side(r, k)
    return Prf(p_num, p_den, r_num, r_den)


def _b3_side(a: list[set[Hashable]], b: list[set[Hashable]]) -> tuple[float, float]:
    where = {m: c for c in b for m in c}
    num = 0.0
    den = 0
    for cluster in a:
        for m in cluster:
            other = where.get(m)
            if other is not None:
                num += len(cluster & other) / len(cluster)
            den += 1
    return num, den


def b_cubed(key: Sequence[Cluster], response: Sequence[Cluster], policy: Policy | str = Policy.KEEP) -> Prf:
    """B³ (Bagga & Baldwin 1998), mention-weighted, singletons included.

    Recall averages ``|K(m) ∩ R(m)| / |K(m)|`` over gold mentions (0 for a missed one); precision
    averages ``|K(m) ∩ R(m)| / |R(m)|`` over system mentions (0 for a twinless one under ``keep``).
    """
    k, r = _prepare(key, response, policy)
    r_num, r_den = _b3_side(k, r)
    p_num, p_den = _b3_side(r, k)
    return Prf(p_num, p_den, r_num, r_den)


def _max_assignment(weights: list[list[float]]) -> float:
    """Maximum-weight bipartite matching total (Hungarian algorithm, O(n³)); ``weights`` is n × m."""
    n = len(weights)
    m = len(weights[0]) if n else 0
    if not n or not m:
        return 0.0
    size = max(n, m)
    top = max(max(row) for row in weights)
    # Minimise cost = top - weight on a square matrix padded with cost ``top`` (weight 0).
    cost = [[top - (weights[i][j] if i < n and j < m else 0.0) for j in range(size)] for i in range(size)]
    inf = float("inf")
    u = [0.0] * (size + 1)
    v = [0.0] * (size + 1)
    p = [0] * (size + 1)
    way = [0] * (size + 1)
    for i in range(1, size + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (size + 1)
        used = [False] * (size + 1)
        while True:
            used[j0] = True
            i0 = p[j0]
            delta = inf
            j1 = 0
            for j in range(1, size + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j] = cur
                        way[j] = j0
                    if minv[j] < delta:
                        delta = minv[j]
                        j1 = j
            for j in range(size + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
    total = 0.0
    for j in range(1, size + 1):
        i = p[j]
        if i and i <= n and j <= m:
            total += weights[i - 1][j - 1]
    return total


def ceaf_e(key: Sequence[Cluster], response: Sequence[Cluster], policy: Policy | str = Policy.KEEP) -> Prf:
    """Entity-based CEAF (Luo 2005) with φ4 = 2|K ∩ R| / (|K| + |R|) and the best one-to-one alignment."""
    k, r = _prepare(key, response, policy)
    if not k or not r:
        return Prf(0.0, len(r), 0.0, len(k))
    weights = [[2 * len(a & b) / (len(a) + len(b)) for b in r] for a in k]
    total = _max_assignment(weights)
    return Prf(total, len(r), total, len(k))


def conll_average(scores: Mapping[str, Prf]) -> float:
    """The CoNLL-2012 average: mean F1 of MUC, B³ and CEAF-e (when all three are present)."""
    return sum(scores[name].f1 for name in ("muc", "b3", "ceaf_e")) / 3


def score_all(
    key: Sequence[Cluster], response: Sequence[Cluster], policy: Policy | str = Policy.KEEP
) -> dict[str, Prf]:
    """MUC, B³ and CEAF-e of one document under one twinless policy."""
    return {"muc": muc(key, response, policy), "b3": b_cubed(key, response, policy),
            "ceaf_e": ceaf_e(key, response, policy)}
