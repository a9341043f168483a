"""Read PolNeAR attribution annotations (brat standoff) and score system attributions against them.

PolNeAR (Newell, Margolin & Ruths, LREC 2018) marks every *attribution* in 1,008 US political news articles as
a *source* (who; may be absent), a *cue* (the words that signal attribution: "said", "according to", ":") and
a *content* (what is attributed), any of which may be discontinuous. The corpus has no licence for its text,
so nothing of it lives in this repository: the reader takes a folder at run time (the project keeps a copy in
``../shared/data/quotes/polnear``) and the unit tests use made-up samples.

Reading (``read_split``, ``read_document``, ``parse_ann``):

* ``T<n>\\t<Type> <start> <end>[;<start> <end>...]\\t<text>`` lines give text-bound spans (character offsets
  into the ``.txt``, Python string indices); a span's text may run over several lines, so only lines that start
  with an annotation id begin a new entry. ``E<n>\\tAttribution:T.. Source:T.. Cue:T.. Content:T.. [Content2:T..]``
  lines link them; the trigger is ``Attribution`` or ``Attribution-no-source``. Roles may repeat with a digit
  (``Content2``); their fragments are pooled. ``Discard``/``Discuss`` spans (annotator bookkeeping) and
  ``#`` notes are ignored, as are events with neither cue nor content.
* An article annotated by several annotators (two per split, used for agreement) is read from its
  alphabetically first annotator's ``.ann`` file, so every article counts once.

Scoring (``score_document``; sums over documents with ``Scores.add``). Before any comparison each span
fragment is *trimmed*: leading and trailing whitespace and the punctuation in ``EDGE_PUNCT`` (sentence
punctuation, quotation marks, brackets, dashes) are cut from both ends, unless that would leave nothing (a
cue that is only ":" or "—" keeps its character). The PolNeAR guidelines (section "Closeup on punctuation")
exclude edge punctuation except where it belongs to the span (quotation marks and a question mark belong to
the content, a colon or dash can be the cue); trimming both sides alike makes exact match insensitive to that
convention and to whether a system includes the quotation marks. ``trim=False`` turns it off.

For each role (``source``, ``cue``, ``content``) and for whole attributions (``all``) three modes are scored:

* ``exact`` — per role, the items are the distinct trimmed fragments of that role in the document (a source
  shared by two attributions is one item; each piece of a discontinuous span is its own item), and an item is
  right when a fragment with the same start and end is on the other side. P = right system items / system
  items, R = right gold items / gold items. This is the span-level exact match of CofeNet (Wang et al.,
  COLING 2022, ``exe/eval/evaluation.py``: BIO spans per role, relation-agnostic), whose PolNeAR test figures
  are per role. For ``all`` an attribution is right when its cue, its source fragments and its content
  fragments all equal those of one attribution on the other side: Citron's "All Quote Spans exact match"
  (Newell, Cowlishaw & Man, BBC R&D 2018; ``citron/metrics.py``).
* ``overlap`` — Citron's token-overlap metric: P = overlapping tokens / system tokens, R = overlapping tokens
  / gold tokens, where a role's tokens are the tokens (``TOKEN``: a run of word characters or one other
  non-space character) touching its trimmed fragments, pooled over the document. ``all`` pools the three roles
  (a token scores only in the same role on both sides), as Citron's "All Quote Spans overlap". Citron sums the
  overlap over every (predicted, gold) quote pair, so a span shared by two gold quotes is counted twice; here
  each token counts once per role and document, which agrees with Citron whenever spans do not repeat.
* ``lenient`` — the Gender Gap Tracker's quote match (Asr et al., PLoS ONE 2021; ``NLP/evaluation/src/eval/
  evaluate_quotes.py``): items are per-attribution role extents (all fragments of the role together; a
  distinct extent counts once), gold items are taken in text order and each is paired one-to-one with the
  remaining system item that covers the largest share of its characters, if that share exceeds
  ``LENIENT_COVERAGE`` (0.3). For ``all`` the items are attributions matched on their content, which is
  exactly GGT's quote F1 (83.7 at 0.3 for their V5.3 rules on their own 98 articles).

Subsets: ``speech_only`` keeps the attributions whose cue contains a form of a verb in ``SPEECH_VERBS`` (the
same test on gold and system sides, by surface form; see ``is_speech_cue``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROLES: tuple[str, ...] = ("source", "cue", "content")
ROWS: tuple[str, ...] = (*ROLES, "all")
MODES: tuple[str, ...] = ("exact", "overlap", "lenient")
LENIENT_COVERAGE = 0.3
EDGE_PUNCT = frozenset(" \t\r\n\u00a0.,;:!?\"'“”‘’«»()[]{}―—–-…")
TOKEN = re.compile(r"\w+|[^\w\s]")
ID_LINE = re.compile(r"^[TERAMN#]\d*\t")

Fragment = tuple[int, int]
Fragments = tuple[Fragment, ...]

# Measurement only, not a shipped lexicon: verbs whose main sense is saying or writing something, used to
# report the "speech-verb subset" (quotes proper) next to all PolNeAR attributions (which also cover beliefs,
# plans, decrees, "according to", ":" ...). The most frequent PolNeAR cues are said, says, told, according to,
# say, wrote, added, ":", asked, saying, called, noted, reported; "call" is left out because most of its uses
# are naming or demanding ("called for"), "according to" because it is not a verb.
SPEECH_VERBS: frozenset[str] = frozenset(
    "say tell add state note explain write argue ask insist announce declare report reply respond answer warn "
    "acknowledge admit deny suggest comment remark assert confirm emphasize emphasise stress predict promise "
    "recall speak testify tweet allege contend maintain concede complain urge joke quip reiterate exclaim claim"
    " shout whisper yell mention point".split()
)
IRREGULAR: dict[str, str] = {
    "said": "say", "told": "tell", "wrote": "write", "written": "write", "spoke": "speak", "spoken": "speak",
}


def verb_lemma(word: str) -> str:
    """A crude lemma for an inflected English verb form (enough for the words in ``SPEECH_VERBS``)."""
    w = word.lower().strip("’'")
    if w in IRREGULAR:
        return IRREGULAR[w]
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("sses", "ss"), ("ches", "ch"), ("shes", "sh"),
                         ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if w.endswith(suffix) and len(w) > len(suffix) + 1:
            stem = w[: len(w) - len(suffix)] + repl
            for cand in (stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else stem):
                if cand in SPEECH_VERBS:
                    return cand
    return w


def is_speech_cue(cue_text: str) -> bool:
    """True when a word of the cue ("has said", "told reporters", "could not say") is a speech verb form."""
    return any(verb_lemma(w) in SPEECH_VERBS for w in re.findall(r"[A-Za-z’']+", cue_text))


# --------------------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attribution:
    """One attribution relation: fragments (character offsets) per role; ``source`` is empty when implicit."""

    id: str
    source: Fragments
    cue: Fragments
    content: Fragments

    def role(self, name: str) -> Fragments:
        return tuple(getattr(self, name))


@dataclass
class Document:
    doc_id: str
    text: str
    attributions: list[Attribution]
    annotator: str | None = None
    problems: list[str] = field(default_factory=list)


def _fragments(offsets: str) -> Fragments:
    out = []
    for part in offsets.split(";"):
        a, b = part.split()
        out.append((int(a), int(b)))
    return tuple(out)


def parse_ann(ann: str, text: str | None = None, problems: list[str] | None = None) -> list[Attribution]:
    """Attributions of one brat ``.ann`` file, in the order of their ``E`` lines.

    With ``text``, every ``T`` span's fragments are checked against it; a mismatch goes to ``problems``.
    """
    entries: list[str] = []
    for line in ann.splitlines():
        if ID_LINE.match(line) or not entries:
            entries.append(line)
        else:  # a span text that runs over a line break
            entries[-1] += "\n" + line
    spans: dict[str, tuple[str, Fragments]] = {}
    events: list[tuple[str, list[tuple[str, str]]]] = []
    for entry in entries:
        fields = entry.split("\t")
        if entry.startswith("T") and len(fields) >= 2:
            kind, _, offsets = fields[1].partition(" ")
            frags = _fragments(offsets)
            spans[fields[0]] = (kind, frags)
            if text is not None and problems is not None and len(fields) >= 3:
                joined = " ".join(text[a:b] for a, b in frags)
                if joined.replace("\n", " ") != fields[2].replace("\n", " ")[: len(joined)]:
                    problems.append(f"{fields[0]}: offsets do not match the text")
        elif entry.startswith("E") and len(fields) >= 2:
            pairs = (a.partition(":") for a in fields[1].split())
            events.append((fields[0], [(k, v) for k, _, v in pairs if v]))
    out: list[Attribution] = []
    for eid, args in events:
        roles: dict[str, list[Fragment]] = {r: [] for r in ROLES}
        for name, tid in args:
            role = name.rstrip("0123456789").lower()
            if role in roles and tid in spans:
                roles[role].extend(spans[tid][1])
        if not roles["cue"] and not roles["content"]:
            continue
        out.append(Attribution(eid, *(tuple(sorted(set(roles[r]))) for r in ROLES)))
    return out


def read_document(txt: Path, ann: Path) -> Document:
    text = txt.read_text(encoding="utf-8")
    problems: list[str] = []
    attributions = parse_ann(ann.read_text(encoding="utf-8"), text, problems)
    annotator = ann.stem[len(txt.stem) + 1:] or None
    return Document(txt.stem, text, attributions, annotator, problems)


def read_split(folder: Path) -> list[Document]:
    """All articles of a PolNeAR split folder (``.../data/dev``: ``text/*.txt`` + ``attributions/*.ann``)."""
    docs = []
    for txt in sorted((folder / "text").glob("*.txt")):
        anns = sorted((folder / "attributions").glob(f"{txt.stem}_*.ann"))
        if anns:
            docs.append(read_document(txt, anns[0]))
    return docs


# --------------------------------------------------------------------------------------------------------
# Scoring
# --------------------------------------------------------------------------------------------------------


def trim(text: str, start: int, end: int) -> Fragment:
    """Cut whitespace and edge punctuation (``EDGE_PUNCT``) from both ends, never down to nothing."""
    a, b = start, end
    while a < b and text[a] in EDGE_PUNCT:
        a += 1
    while b > a and text[b - 1] in EDGE_PUNCT:
        b -= 1
    if a < b:
        return a, b
    a, b = start, end  # only punctuation: keep it, less any whitespace
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return (a, b) if a < b else (start, end)


def normalise(text: str, attr: Attribution, do_trim: bool = True) -> Attribution:
    """``attr`` with every fragment clamped to the text, trimmed, and dropped when empty."""
    n = len(text)

    def fix(frags: Fragments) -> Fragments:
        clamped = [(max(0, min(a, n)), max(0, min(b, n))) for a, b in frags]
        out = {trim(text, a, b) if do_trim else (a, b) for a, b in clamped if b > a}
        return tuple(sorted(out))
    return Attribution(attr.id, fix(attr.source), fix(attr.cue), fix(attr.content))


def tokens(text: str) -> list[Fragment]:
    return [(m.start(), m.end()) for m in TOKEN.finditer(text)]


def token_ids(toks: Sequence[Fragment], frags: Iterable[Fragment]) -> set[int]:
    """Indices of the tokens touching any of ``frags``."""
    import bisect

    starts = [s for s, _ in toks]
    out: set[int] = set()
    for a, b in frags:
        i = max(bisect.bisect_right(starts, a) - 1, 0)
        while i < len(toks) and toks[i][0] < b:
            if toks[i][1] > a:
                out.add(i)
            i += 1
    return out


def chars(frags: Iterable[Fragment]) -> set[int]:
    return {i for a, b in frags for i in range(a, b)}


@dataclass
class Counts:
    """Matched system items, system items, matched gold items, gold items (floats: overlap is token counts)."""

    sys_ok: float = 0.0
    sys: float = 0.0
    gold_ok: float = 0.0
    gold: float = 0.0

    def __iadd__(self, other: Counts) -> Counts:
        self.sys_ok += other.sys_ok
        self.sys += other.sys
        self.gold_ok += other.gold_ok
        self.gold += other.gold
        return self

    @property
    def precision(self) -> float:
        return self.sys_ok / self.sys if self.sys else 0.0

    @property
    def recall(self) -> float:
        return self.gold_ok / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Scores:
    """``Counts`` per (mode, row); ``add`` sums documents (micro-average)."""

    table: dict[tuple[str, str], Counts] = field(
        default_factory=lambda: {(m, r): Counts() for m in MODES for r in ROWS})
    docs: int = 0

    def add(self, other: Scores) -> None:
        self.docs += other.docs
        for key, counts in other.table.items():
            self.table.setdefault(key, Counts())
            self.table[key] += counts

    def __getitem__(self, key: tuple[str, str]) -> Counts:
        return self.table[key]

    def to_dict(self) -> dict[str, dict[str, dict[str, float]]]:
        out: dict[str, dict[str, dict[str, float]]] = {}
        for (mode, row), c in self.table.items():
            out.setdefault(mode, {})[row] = {
                "precision": round(c.precision, 4), "recall": round(c.recall, 4), "f1": round(c.f1, 4),
                "system": c.sys, "gold": c.gold, "system_matched": c.sys_ok, "gold_matched": c.gold_ok}
        return out


def _set_counts(sys_items: set[Fragment], gold_items: set[Fragment]) -> Counts:
    both = len(sys_items & gold_items)
    return Counts(both, len(sys_items), both, len(gold_items))


def lenient_pairs(gold_items: Sequence[Fragments], sys_items: Sequence[Fragments],
                  threshold: float = LENIENT_COVERAGE) -> list[tuple[int, int]]:
    """GGT's greedy one-to-one match: (gold index, system index) pairs, see the module docstring."""
    remaining = list(range(len(sys_items)))
    sys_chars = [chars(s) for s in sys_items]
    pairs = []
    for gi, g in sorted(enumerate(gold_items), key=lambda x: x[1][:1]):
        gc = chars(g)
        if not gc:
            continue
        best, best_score = None, 0.0
        for si in remaining:
            score = len(gc & sys_chars[si]) / len(gc)
            if score > threshold and score > best_score:
                best, best_score = si, score
        if best is not None:
            pairs.append((gi, best))
            remaining.remove(best)
    return pairs


def _extents(attrs: Sequence[Attribution], role: str) -> list[Fragments]:
    seen: dict[Fragments, None] = {}
    for a in attrs:
        frags = a.role(role)
        if frags:
            seen.setdefault(frags, None)
    return list(seen)


def _whole(a: Attribution) -> tuple[Fragments, ...]:
    return (a.source, a.cue, a.content)


def score_document(text: str, gold: Sequence[Attribution], system: Sequence[Attribution], *,
                   do_trim: bool = True, speech_only: bool = False) -> Scores:
    """Score one document's system attributions against its gold ones (see the module docstring)."""
    gold = [normalise(text, a, do_trim) for a in gold]
    system = [normalise(text, a, do_trim) for a in system]
    if speech_only:
        gold = [a for a in gold if is_speech_cue(" ".join(text[x:y] for x, y in a.cue))]
        system = [a for a in system if is_speech_cue(" ".join(text[x:y] for x, y in a.cue))]
    scores = Scores(docs=1)
    toks = tokens(text)
    all_overlap = Counts()
    for role in ROLES:
        g_frags = {f for a in gold for f in a.role(role)}
        s_frags = {f for a in system for f in a.role(role)}
        scores.table[("exact", role)] = _set_counts(s_frags, g_frags)
        g_tok, s_tok = token_ids(toks, g_frags), token_ids(toks, s_frags)
        both = len(g_tok & s_tok)
        c = Counts(both, len(s_tok), both, len(g_tok))
        scores.table[("overlap", role)] = c
        all_overlap += c
        g_ext, s_ext = _extents(gold, role), _extents(system, role)
        n = len(lenient_pairs(g_ext, s_ext))
        scores.table[("lenient", role)] = Counts(n, len(s_ext), n, len(g_ext))
    scores.table[("overlap", "all")] = all_overlap
    g_keys, s_keys = [_whole(a) for a in gold], [_whole(a) for a in system]
    g_set, s_set = set(g_keys), set(s_keys)
    g_ok = sum(1 for k in g_keys if k in s_set)
    s_ok = sum(1 for k in s_keys if k in g_set)
    scores.table[("exact", "all")] = Counts(s_ok, len(s_keys), g_ok, len(g_keys))
    n = len(lenient_pairs([a.content for a in gold], [a.content for a in system]))
    scores.table[("lenient", "all")] = Counts(n, len(system), n, len(gold))
    return scores


def unmatched(text: str, gold: Sequence[Attribution], system: Sequence[Attribution],
              do_trim: bool = True) -> tuple[list[Attribution], list[Attribution]]:
    """Gold attributions no system attribution matches leniently on content, and system ones left over."""
    g = [normalise(text, a, do_trim) for a in gold]
    s = [normalise(text, a, do_trim) for a in system]
    pairs = lenient_pairs([a.content for a in g], [a.content for a in s])
    g_done, s_done = {gi for gi, _ in pairs}, {si for _, si in pairs}
    return ([a for i, a in enumerate(gold) if i not in g_done], [a for i, a in enumerate(system) if i not in s_done])


def show(text: str, frags: Fragments, width: int = 90) -> str:
    """The text of ``frags`` on one line, shortened to ``width`` characters ("" when empty)."""
    s = " … ".join(text[a:b] for a, b in frags).replace("\n", " ")
    return s if len(s) <= width else s[: width - 1] + "…"


def iter_pairs(docs: Iterable[Document], systems: Iterable[Sequence[Attribution]]
               ) -> Iterator[tuple[Document, Sequence[Attribution]]]:
    yield from zip(docs, systems, strict=True)
