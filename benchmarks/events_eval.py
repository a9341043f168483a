"""Readers, class mappings and scores for the event benchmark (``benchmarks/events.py``).

Nothing here loads spaCy or the package: the functions read the anchor data, map readout events to CAMEO
pentaclasses and PLOVER types, and score readout events against gold, so they can be unit-tested on made-up
samples (``tests/test_events_eval.py``). The data itself is read from ``../shared/data/events`` at run time and
never copied into the repository (ConfliBERT is GPL-3.0 with third-party news text; the PETRARCH records are
MIT but stay with the other anchor data).

Pentaclasses (ConfliBERT's ``penta`` labels, from the CAMEO root code of the sentence's event):

====  ==========================  ===========
id    name                        CAMEO roots
====  ==========================  ===========
0     statement / appeal          01-02
1     verbal cooperation          03-05
2     material cooperation        06-08
3     verbal conflict             09-13
4     material conflict           14-20
====  ==========================  ===========

A readout event's class (``event_penta``), scheme ``cameo`` (the plain CAMEO root ranges above):
its ``cameo`` code's root when the code has a root 01-20, else its PLOVER ``type`` through the CAMEO roots the
type comes from in CAMEO2PLOVER (``plover/cameo_plover_map.tsv``): AGREE/CONSULT/SUPPORT (03/04/05) → 1;
COOPERATE/AID (06/07), CONCEDE (081-083), RETREAT (084-087) → 2; ACCUSE (09, 11), REQUEST (10), REJECT (12),
THREATEN (13) → 3; PROTEST (14), MOBILIZE (15), SANCTION (16), COERCE (17), ASSAULT (18-20) → 4. PLOVER drops
CAMEO 01 and 02, so class 0 is only predicted through a ``cameo`` code 01x/02x (an appeal coded REQUEST with
cameo ``02x`` is class 0, a demand ``10x`` class 3). Scheme ``plover`` is the PLOVER 2.0 manual's quad table
instead (CONCEDE is verbal cooperation, SANCTION verbal conflict, the ``cameo`` code is ignored, class 0 never
predicted); it is reported beside the default as a check on how much the mapping matters. Scheme ``conflibert``
(the headline on ConfliBERT) is ``cameo`` with root 16 in class 3, as ConfliBERT's annotators label it
(``CONFLIBERT_ROOTS``, with the evidence); PETRARCH's expected codes are scored with ``cameo``.

CAMEO code → PLOVER type (``cameo_to_plover``): the CAMEO2PLOVER-2021 row of the code, else of its three- and
two-digit prefixes; ``CONCEDE|RETREAT`` takes the first; 01x/02x and PETRARCH's synthetic toy codes (root > 20)
have none.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PENTA_NAMES: tuple[str, ...] = ("statement/appeal (01-02)", "verbal cooperation (03-05)",
                                "material cooperation (06-08)", "verbal conflict (09-13)",
                                "material conflict (14-20)")
PENTA_SHORT: tuple[str, ...] = ("0 stmt/appeal", "1 verb coop", "2 mat coop", "3 verb confl", "4 mat confl")
PLOVER_TYPES: tuple[str, ...] = ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
                                 "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE",
                                 "ASSAULT")
# PLOVER type → pentaclass through the CAMEO roots it comes from (CAMEO2PLOVER-2021); see the module docstring
TYPE_PENTA: dict[str, int] = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1,
    "COOPERATE": 2, "AID": 2, "CONCEDE": 2, "RETREAT": 2,
    "ACCUSE": 3, "REQUEST": 3, "REJECT": 3, "THREATEN": 3,
    "PROTEST": 4, "MOBILIZE": 4, "SANCTION": 4, "COERCE": 4, "ASSAULT": 4,
}
# PLOVER 2.0 manual, "Quad categories in PLOVER" table (numbers as pentaclass ids: 1-4)
TYPE_QUAD_PLOVER: dict[str, int] = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "SANCTION": 3, "THREATEN": 3,
    "PROTEST": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}
# ConfliBERT's annotators put CAMEO root 16 (reduce relations: impose sanctions or an embargo, expel, suspend aid,
# break off ties) in class 3, verbal conflict, not in the 14-20 range of their class 4: in the train split, the
# sentences about imposing or renewing sanctions are labelled 3 (34; the 14 labelled 2 lift or ease them: CAMEO 08),
# expulsions 3 (8 of 8), aid suspensions 3 (24; the 2 labelled 4 suspend newspapers: coercion, 17), embargoes 3
# (5; 3 labelled 2 lift one). The PLOVER manual's quad table does the same (SANCTION is verbal conflict). Scheme
# ``conflibert`` follows these labels and is the headline; ``cameo`` keeps the plain root ranges (16 → 4).
CONFLIBERT_ROOTS: dict[int, int] = {16: 3}
SCHEMES = ("conflibert", "cameo", "plover")
HEADLINE = "conflibert"
MAIN_RULES = ("first", "severest")  # plus the "any" oracle, scored apart


# --------------------------------------------------------------------------------------------------------
# CAMEO / PLOVER mappings
# --------------------------------------------------------------------------------------------------------


def cameo_root(code: str | None) -> int | None:
    """``"0431"`` → 4, ``"190"`` → 19; None for a missing code or a root outside 01-20 (PETRARCH toy codes)."""
    if not code:
        return None
    digits = re.match(r"\d{2}", str(code).strip())
    if not digits:
        return None
    root = int(digits.group(0))
    return root if 1 <= root <= 20 else None


def root_penta(root: int, scheme: str = "cameo") -> int:
    if scheme == "conflibert" and root in CONFLIBERT_ROOTS:
        return CONFLIBERT_ROOTS[root]
    return 0 if root <= 2 else 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4


def cameo_penta(code: str | None, scheme: str = "cameo") -> int | None:
    root = cameo_root(code)
    return None if root is None else root_penta(root, scheme)


def event_penta(event: Mapping[str, Any], scheme: str = "cameo") -> int | None:
    """The pentaclass of a readout event (see the module docstring); None when neither field maps."""
    etype = str(event.get("type") or "").upper()
    if scheme == "plover":
        return TYPE_QUAD_PLOVER.get(etype)
    if scheme not in ("cameo", "conflibert"):
        raise ValueError(f"unknown scheme {scheme!r}")
    by_code = cameo_penta(event.get("cameo"), scheme)
    if by_code is not None:
        return by_code
    return 3 if scheme == "conflibert" and etype == "SANCTION" else TYPE_PENTA.get(etype)


def read_cameo_plover(path: Path) -> dict[str, str]:
    """``cameo_plover_map.tsv`` → {CAMEO code: PLOVER type} (rows with an empty type left out)."""
    out: dict[str, str] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            plover = (row.get("plover_event") or "").strip()
            if plover:
                out[row["cameo_code"].strip()] = plover.split("|")[0].strip()
    return out


def cameo_to_plover(code: str | None, table: Mapping[str, str]) -> str | None:
    if cameo_root(code) is None:
        return None
    digits = re.match(r"\d+", str(code).strip())
    assert digits is not None
    d = digits.group(0)
    for key in (d, d[:3], d[:2]):
        if key in table:
            return table[key]
    return None


# --------------------------------------------------------------------------------------------------------
# ConfliBERT reader
# --------------------------------------------------------------------------------------------------------


@dataclass
class ConflibertSentence:
    """One ConfliBERT sentence: text, pentaclass label, and its located source / target character spans.

    ``has_spans`` is False where the file gives no span annotation (415 of 1,349 train sentences): those count
    for classes but not for source/target. A reciprocal (``R``) span counts as source and as target.
    """

    idx: int
    text: str
    penta: int
    has_spans: bool
    sources: list[tuple[int, int]] = field(default_factory=list)
    targets: list[tuple[int, int]] = field(default_factory=list)
    unlocated: int = 0  # gold span texts not found in the sentence


def locate(text: str, span_text: str) -> list[tuple[int, int]]:
    """Every occurrence of a tokenised span (``"Trump 's decision"``) in ``text``, whitespace between tokens free."""
    tokens = span_text.split()
    if not tokens:
        return []
    pattern = r"\s*".join(re.escape(t) for t in tokens)
    return [(m.start(), m.end()) for m in re.finditer(pattern, text)]


def conflibert_sentence(idx: int, record: Mapping[str, Any]) -> ConflibertSentence:
    text = str(record["text"])
    spans = record.get("spans")
    sent = ConflibertSentence(idx=idx, text=text, penta=int(record["penta"]), has_spans=bool(spans))
    for span in spans or []:
        where = locate(text, str(span.get("text", "")))
        if not where:
            sent.unlocated += 1
        role = span.get("role")
        if role in ("source", "reciprocal"):
            sent.sources += where
        if role in ("target", "reciprocal"):
            sent.targets += where
    return sent


def read_conflibert(path: Path) -> list[ConflibertSentence]:
    """``cameo_train_joined.jsonl`` (or the test file, same format) → sentences."""
    out: list[ConflibertSentence] = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                out.append(conflibert_sentence(len(out), json.loads(line)))
    return out


# --------------------------------------------------------------------------------------------------------
# PETRARCH unit-test records and toy dictionaries
# --------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldTriple:
    source: str
    target: str
    cameo: str


@dataclass
class PetrRecord:
    id: str
    date: str | None  # ISO date
    category: str
    text: str
    expect: str  # events | noevents | error
    expected: list[GoldTriple]


def iso_date(value: str | None) -> str | None:
    """``"19950101"`` → ``"1995-01-01"``; None when it is not a date."""
    if not value:
        return None
    try:
        return dt.datetime.strptime(str(value).strip(), "%Y%m%d").date().isoformat()
    except ValueError:
        return None


def petr_record(record: Mapping[str, Any]) -> PetrRecord:
    return PetrRecord(
        id=str(record["id"]), date=iso_date(record.get("date")), category=str(record.get("category") or ""),
        text=str(record["text"]), expect=str(record.get("expect") or "events"),
        expected=[GoldTriple(str(x.get("source") or ""), str(x.get("target") or ""), str(x.get("cameo") or ""))
                  for x in record.get("expected") or []])


def read_petrarch(path: Path) -> list[PetrRecord]:
    with path.open(encoding="utf-8") as f:
        return [petr_record(json.loads(line)) for line in f if line.strip()]


def norm_tokens(text: str) -> tuple[str, ...]:
    """Lower-case word tokens with possessives dropped: ``"Gondor's U.N. envoy"`` → ``gondor u n envoy``."""
    text = text.replace("’", "'").replace("_", " ").lower()
    text = re.sub(r"'s\b", " ", text)
    return tuple(re.findall(r"[a-z0-9]+", text))


def _dict_date(value: str) -> dt.date | None:
    value = value.strip()
    try:
        if len(value) == 8:
            return dt.datetime.strptime(value, "%Y%m%d").date()
        if len(value) == 6:
            year = int(value[:2])
            return dt.date(1900 + year if year >= 30 else 2000 + year, int(value[2:4]), int(value[4:6]))
    except ValueError:
        return None
    return None


@dataclass
class DatedCode:
    """One ``[CODE ...]`` of the toy actor dictionary: a code with an optional validity interval."""

    code: str
    start: dt.date | None = None
    end: dt.date | None = None

    @property
    def restricted(self) -> bool:
        return self.start is not None or self.end is not None

    def applies(self, date: dt.date | None) -> bool:
        if not self.restricted:
            return True
        if date is None:
            return False
        return (self.start is None or date >= self.start) and (self.end is None or date <= self.end)


def parse_code(inner: str) -> DatedCode | None:
    """``"HOB < 950601"``, ``"HOBGOV 19950601 - 19990815"``, ``"HOBREB > 990816"``, ``"ELR/GAL"``."""
    inner = inner.strip()
    if not inner:
        return None
    m = re.match(r"(\S+)\s*(.*)$", inner)
    assert m is not None
    code, rest = m.group(1), m.group(2).replace(" ", "")
    if rest.startswith("<"):
        return DatedCode(code, end=_dict_date(rest[1:]))
    if rest.startswith(">"):
        return DatedCode(code, start=_dict_date(rest[1:]))
    if "-" in rest:
        a, b = rest.split("-", 1)
        return DatedCode(code, start=_dict_date(a), end=_dict_date(b))
    return DatedCode(code)


@dataclass
class ActorEntry:
    names: list[tuple[str, ...]]
    codes: list[DatedCode]

    def codes_at(self, date: dt.date | None) -> list[str]:
        """The codes valid at ``date``: date-restricted ones that apply, else the unrestricted ones."""
        dated = [c.code for c in self.codes if c.restricted and c.applies(date)]
        chosen = dated or [c.code for c in self.codes if not c.restricted]
        return [part for code in chosen for part in code.split("/") if part]


@dataclass
class AgentEntry:
    names: list[tuple[str, ...]]
    code: str  # without the tilde
    prefix: bool  # "NGO~": the agent code goes before the actor code


@dataclass
class ToyDictionary:
    """PETRARCH's toy actor and agent dictionaries as token-phrase tables."""

    actors: list[ActorEntry]
    agents: list[AgentEntry]


def _clean_lines(text: str) -> list[str]:
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    out = []
    for line in text.splitlines():
        line = re.sub(r"(^|\s)#.*$", "", line).rstrip()
        if line.strip():
            out.append(line)
    return out


def parse_toy_actors(text: str) -> list[ActorEntry]:
    entries: list[ActorEntry] = []
    for line in _clean_lines(text):
        s = line.strip()
        codes = [c for c in (parse_code(x) for x in re.findall(r"\[([^\]]*)\]", s)) if c is not None]
        if s.startswith("+"):
            if entries:
                name = norm_tokens(s[1:].split("[")[0])
                if name:
                    entries[-1].names.append(name)
                entries[-1].codes += codes
        elif s.startswith("["):
            if entries:
                entries[-1].codes += codes
        else:
            name = norm_tokens(s.split("[")[0])
            if name:
                entries.append(ActorEntry([name], codes))
    return entries


def _plural(tokens: tuple[str, ...]) -> list[tuple[str, ...]]:
    last = tokens[-1]
    forms = [last + "s", last + "es"]
    if last.endswith("y"):
        forms.append(last[:-1] + "ies")
    if last.endswith("man"):
        forms.append(last[:-3] + "men")
    return [(*tokens[:-1], f) for f in forms]


def parse_toy_agents(text: str) -> list[AgentEntry]:
    subs: dict[str, list[str]] = {}
    entries: list[AgentEntry] = []
    for line in _clean_lines(text):
        s = line.strip()
        m = re.match(r"(![A-Z]+!)\s*=\s*(.+)$", s)
        if m:
            subs[m.group(1)] = [x.strip() for x in m.group(2).split(",") if x.strip()]
            continue
        code_m = re.search(r"\[\s*([^\]]*?)\s*\]", s)
        if not code_m or "~" not in code_m.group(1):
            continue
        raw_code = code_m.group(1)
        prefix = raw_code.endswith("~")
        code = raw_code.strip("~ ")
        head = s[:code_m.start()]
        plurals = re.findall(r"\{([^}]*)\}", head)
        head = re.sub(r"\{[^}]*\}", "", head).strip()
        heads = [head]
        for key, values in subs.items():
            heads = [h.replace(key, v) for h in heads for v in values] if any(key in h for h in heads) else heads
        names: list[tuple[str, ...]] = []
        for h in heads:
            toks = norm_tokens(h)
            if toks:
                names += [toks, *_plural(toks)]
        for p in plurals:
            toks = norm_tokens(p)
            if toks:
                names.append(toks)
        if names:
            entries.append(AgentEntry(names, code, prefix))
    return entries


def read_toy_dictionary(folder: Path) -> ToyDictionary:
    return ToyDictionary(parse_toy_actors((folder / "PETR.Validate.actors.txt").read_text(encoding="utf-8")),
                         parse_toy_agents((folder / "PETR.Validate.agents.txt").read_text(encoding="utf-8")))


def _find(tokens: Sequence[str], phrase: Sequence[str]) -> list[int]:
    n = len(phrase)
    return [i for i in range(len(tokens) - n + 1) if tuple(tokens[i:i + n]) == tuple(phrase)]


def codes_for_text(text: str, book: ToyDictionary, date: str | dt.date | None = None) -> set[str]:
    """The toy codes a text (an actor's name or mention) gets: actor codes, and actor codes + agent codes.

    Actor phrases are matched longest first without overlap; each agent phrase found adds, for every actor code,
    the composed code (``DAG`` + ``~GOV`` → ``DAGGOV``; ``NGO~`` + ``ARN`` → ``NGOARN``), or ``---GOV`` when no
    actor phrase is in the text.
    """
    when = dt.date.fromisoformat(date) if isinstance(date, str) else date
    tokens = norm_tokens(text)
    used = [False] * len(tokens)
    actor_codes: list[str] = []
    candidates = sorted(((name, entry) for entry in book.actors for name in entry.names), key=lambda x: -len(x[0]))
    for name, entry in candidates:
        for i in _find(tokens, name):
            if not any(used[i:i + len(name)]):
                used[i:i + len(name)] = [True] * len(name)
                actor_codes += entry.codes_at(when)
    agents: list[AgentEntry] = []
    for agent in book.agents:
        for name in sorted(agent.names, key=len, reverse=True):
            hits = [i for i in _find(tokens, name) if not any(used[i:i + len(name)])]
            if hits:
                agents.append(agent)
                break
    out = set(actor_codes)
    for agent in agents:
        for base in actor_codes or ["---"]:
            out.add(agent.code + base if agent.prefix else base + agent.code)
    return out


def code_matches(expected: str, codes: Iterable[str], texts: Iterable[str] = (), exact: bool = False) -> bool:
    """Does an expected PETRARCH actor code match one of a system actor's codes?

    ``exact``: the same code. Otherwise the same three-letter root (``DAGGOV`` ~ ``DAG``), and for an expected
    ``---XXX`` (unknown actor with an agent) a code ending in ``XXX``. An expected ``---`` or ``###`` (an actor
    the toy dictionary does not code) matches a system actor with a name for which no code is found (or that
    very code). A quoted expected code (``"THE MINISTRY OF MAGIC"``, PETRARCH's uncoded-actor text) matches an
    actor text whose words contain it or are contained in it.
    """
    codes = list(codes)
    texts = [t for t in texts if norm_tokens(t)]
    if expected.startswith('"'):
        want = norm_tokens(expected.strip('"'))
        return bool(want) and any(_find(want, norm_tokens(t)) or _find(norm_tokens(t), want) for t in texts)
    if expected in ("---", "###"):
        return bool(texts) and (not codes or expected in codes)
    if exact:
        return expected in codes
    if expected.startswith("---") and len(expected) > 3:
        return any(c.endswith(expected[3:]) for c in codes)
    return any(c[:3] == expected[:3] for c in codes if c)


# --------------------------------------------------------------------------------------------------------
# Readout events
# --------------------------------------------------------------------------------------------------------


def readout_events(readout: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The readout's events in text order (trigger start; events without a trigger last, in readout order)."""
    events = [e for e in readout.get("events") or [] if isinstance(e, Mapping)]
    return sorted((dict(e) for e in events), key=lambda e: ((e.get("trigger") or {}).get("start") is None,
                                                           (e.get("trigger") or {}).get("start") or 0))


def main_event(events: Sequence[Mapping[str, Any]], rule: str) -> Mapping[str, Any] | None:
    """The sentence's main event: ``first`` in text order, or the ``severest`` (most conflictual class; the first
    of equals). ``events`` must be in text order (``readout_events``)."""
    if not events:
        return None
    if rule == "first":
        return events[0]
    if rule == "severest":
        rank = [-1 if (p := event_penta(e, HEADLINE)) is None else p for e in events]
        return events[rank.index(max(rank))]
    raise ValueError(f"unknown main-event rule {rule!r}")


def actor_spans(readout: Mapping[str, Any], ids: Iterable[str], shift: int = 0) -> list[tuple[int, int]]:
    actors = {a.get("id"): a for a in readout.get("actors") or []}
    out = []
    for aid in ids or []:
        for m in (actors.get(aid) or {}).get("mentions") or []:
            if m.get("start") is not None and m.get("end") is not None:
                out.append((int(m["start"]) + shift, int(m["end"]) + shift))
    return out


def actor_texts(readout: Mapping[str, Any], ids: Iterable[str]) -> list[str]:
    """The names and mention texts of the given actors."""
    actors = {a.get("id"): a for a in readout.get("actors") or []}
    out = []
    for aid in ids or []:
        a = actors.get(aid) or {}
        if a.get("name"):
            out.append(str(a["name"]))
        out += [str(m.get("text", "")) for m in a.get("mentions") or [] if m.get("text")]
    return out


def phrase_spans(event: Mapping[str, Any], role: str, shift: int = 0) -> list[tuple[int, int]]:
    """The event's ``source_spans`` / ``target_spans`` (``role`` is ``source`` or ``target``): the phrases
    that fill the role whether or not they name an actor (readouts before events v2 have none)."""
    return [(int(p["start"]) + shift, int(p["end"]) + shift) for p in event.get(f"{role}_spans") or []]


def overlaps(a: Sequence[tuple[int, int]], b: Sequence[tuple[int, int]]) -> bool:
    return any(x0 < y1 and y0 < x1 for x0, x1 in a for y0, y1 in b)


# Suffix of the dyad tallies that also accept the event's role phrases (``source_spans`` / ``target_spans``):
# a role is right when an actor's mention *or* a phrase filling the role overlaps the gold span.
PHRASES = " (actors or role phrases)"


def role_right(system: Sequence[tuple[int, int]], gold: Sequence[tuple[int, int]], system_ids: Sequence[str]
               ) -> bool:
    """A role (source or target) is right when a system actor's mention overlaps a gold span of that role, or
    when gold marks no span for the role and the event names no actor for it. With ``PHRASES``, ``system`` also
    holds the role's phrases and ``system_ids`` is non-empty when the event names any participant."""
    if not gold:
        return not system_ids
    return overlaps(system, gold)


# --------------------------------------------------------------------------------------------------------
# ConfliBERT scores
# --------------------------------------------------------------------------------------------------------


@dataclass
class ClassTally:
    """Pentaclass scores of one main-event rule and mapping scheme over ConfliBERT sentences."""

    n: int = 0
    right: int = 0
    confusion: Counter[tuple[int, int | None]] = field(default_factory=Counter)  # (gold, predicted or None)

    def add(self, gold: int, predicted: int | None) -> None:
        self.n += 1
        self.right += predicted == gold
        self.confusion[(gold, predicted)] += 1

    @property
    def accuracy(self) -> float:
        return self.right / self.n if self.n else 0.0

    def per_class(self) -> dict[int, tuple[float, float, float, int, int]]:
        """class → (precision, recall, F1, gold count, predicted count)."""
        out = {}
        for c in range(len(PENTA_NAMES)):
            tp = self.confusion[(c, c)]
            gold = sum(v for (g, _), v in self.confusion.items() if g == c)
            pred = sum(v for (_, p), v in self.confusion.items() if p == c)
            p = tp / pred if pred else 0.0
            r = tp / gold if gold else 0.0
            out[c] = (p, r, 2 * p * r / (p + r) if p + r else 0.0, gold, pred)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"n": self.n, "right": self.right, "accuracy": round(self.accuracy, 4),
                "per_class": {PENTA_NAMES[c]: {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                                               "gold": g, "predicted": n}
                              for c, (p, r, f, g, n) in self.per_class().items()},
                "confusion": [[g, "none" if p is None else p, v] for (g, p), v in sorted(
                    self.confusion.items(), key=lambda x: (x[0][0], -1 if x[0][1] is None else x[0][1]))]}


@dataclass
class DyadTally:
    """Source / target correctness over sentences with gold spans and at least one system event."""

    found: int = 0
    source: int = 0
    target: int = 0
    both: int = 0

    def add(self, source: bool, target: bool) -> None:
        self.found += 1
        self.source += source
        self.target += target
        self.both += source and target

    def shares(self) -> tuple[float, float, float]:
        f = self.found or 1
        return self.source / f, self.target / f, self.both / f

    def to_dict(self) -> dict[str, Any]:
        s, t, b = self.shares()
        return {"found": self.found, "source": self.source, "target": self.target, "both": self.both,
                "source_share": round(s, 4), "target_share": round(t, 4), "both_share": round(b, 4)}


@dataclass
class ConflibertScores:
    sentences: int = 0
    with_event: int = 0
    system_events: int = 0
    extra_events: int = 0  # system events beyond the one gold event, summed over sentences
    classes: dict[tuple[str, str], ClassTally] = field(default_factory=dict)  # (rule or "any", scheme)
    dyads: dict[str, DyadTally] = field(default_factory=dict)  # rule, "right-class <rule>", "any"
    with_spans: int = 0
    unlocated_spans: int = 0
    type_counts: Counter[str] = field(default_factory=Counter)

    @property
    def coverage(self) -> float:
        return self.with_event / self.sentences if self.sentences else 0.0

    @property
    def extra_per_sentence(self) -> float:
        return self.extra_events / self.sentences if self.sentences else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"sentences": self.sentences, "with_event": self.with_event, "coverage": round(self.coverage, 4),
                "system_events": self.system_events, "extra_events": self.extra_events,
                "extra_per_sentence": round(self.extra_per_sentence, 4), "with_spans": self.with_spans,
                "unlocated_gold_spans": self.unlocated_spans, "system_types": dict(self.type_counts),
                "classes": {f"{rule}/{scheme}": t.to_dict() for (rule, scheme), t in self.classes.items()},
                "dyads": {k: v.to_dict() for k, v in self.dyads.items()}}


def score_conflibert(sentence: ConflibertSentence, readout: Mapping[str, Any], scores: ConflibertScores,
                     shift: int = 0) -> dict[str, Any]:
    """Add one sentence's readout to ``scores``; returns what was decided (for error listings).

    ``shift`` is added to readout offsets (the readout's text is the sentence less leading whitespace).
    """
    events = readout_events(readout)
    scores.sentences += 1
    scores.with_event += bool(events)
    scores.system_events += len(events)
    scores.extra_events += max(0, len(events) - 1)
    scores.type_counts.update(str(e.get("type")) for e in events)
    scores.unlocated_spans += sentence.unlocated
    decided: dict[str, Any] = {"events": events}
    for scheme in SCHEMES:
        for rule in MAIN_RULES:
            main = main_event(events, rule)
            predicted = None if main is None else event_penta(main, scheme)
            scores.classes.setdefault((rule, scheme), ClassTally()).add(sentence.penta, predicted)
            decided[f"{rule}/{scheme}"] = predicted
        classes = {event_penta(e, scheme) for e in events}
        any_pred = sentence.penta if sentence.penta in classes else (
            event_penta(events[0], scheme) if events else None)
        scores.classes.setdefault(("any", scheme), ClassTally()).add(sentence.penta, any_pred)
    if sentence.has_spans:
        scores.with_spans += 1
    if sentence.has_spans and events:
        verdicts, by_phrase = [], []
        for e in events:
            roles = []
            for role, gold in (("source", sentence.sources), ("target", sentence.targets)):
                ids = e.get(role) or []
                mentions = actor_spans(readout, ids, shift)
                phrases = phrase_spans(e, role, shift)
                roles.append((role_right(mentions, gold, ids),
                              role_right(mentions + phrases, gold, [*ids, *map(str, phrases)])))
            verdicts.append((roles[0][0], roles[1][0]))
            by_phrase.append((roles[0][1], roles[1][1]))
        for rule in MAIN_RULES:
            main = main_event(events, rule)
            i = next(i for i, e in enumerate(events) if e is main)
            scores.dyads.setdefault(rule, DyadTally()).add(*verdicts[i])
            scores.dyads.setdefault(f"{rule}{PHRASES}", DyadTally()).add(*by_phrase[i])
            decided[f"dyad/{rule}"] = verdicts[i]
            decided[f"dyad/{rule}{PHRASES}"] = by_phrase[i]
            if event_penta(events[i], HEADLINE) == sentence.penta:
                scores.dyads.setdefault(f"{rule}, right class", DyadTally()).add(*verdicts[i])
                scores.dyads.setdefault(f"{rule}, right class{PHRASES}", DyadTally()).add(*by_phrase[i])
            if sentence.sources and sentence.targets:
                scores.dyads.setdefault(f"{rule}, gold marks both roles", DyadTally()).add(*verdicts[i])
                scores.dyads.setdefault(f"{rule}, gold marks both roles{PHRASES}", DyadTally()).add(*by_phrase[i])
        for key, table in (("any", verdicts), (f"any{PHRASES}", by_phrase)):
            best = max(table, key=lambda v: (v[0] and v[1], v[0] + v[1]))
            scores.dyads.setdefault(key, DyadTally()).add(*best)
    return decided


# --------------------------------------------------------------------------------------------------------
# PETRARCH scores
# --------------------------------------------------------------------------------------------------------


@dataclass
class SystemEvent:
    """A readout event reduced to what the PETRARCH records can check."""

    type: str | None
    cameo: str | None
    penta: int | None
    source_codes: set[str]
    target_codes: set[str]
    source_texts: list[str]
    target_texts: list[str]


def system_events(readout: Mapping[str, Any], book: ToyDictionary, date: str | None) -> list[SystemEvent]:
    out = []
    for e in readout_events(readout):
        src_texts = actor_texts(readout, e.get("source") or [])
        tgt_texts = actor_texts(readout, e.get("target") or [])
        out.append(SystemEvent(
            type=str(e["type"]).upper() if e.get("type") else None, cameo=e.get("cameo"), penta=event_penta(e),
            source_codes=set().union(*(codes_for_text(t, book, date) for t in src_texts)),
            target_codes=set().union(*(codes_for_text(t, book, date) for t in tgt_texts)),
            source_texts=src_texts, target_texts=tgt_texts))
    return out


PETR_LEVELS = ("event", "penta", "type", "source", "target", "dyad", "penta+dyad", "type+dyad", "dyad exact")


def _level_ok(level: str, gold: GoldTriple, gold_type: str | None, ev: SystemEvent) -> bool:
    src = code_matches(gold.source, ev.source_codes, ev.source_texts)
    tgt = code_matches(gold.target, ev.target_codes, ev.target_texts)
    if level == "event":
        return True
    if level == "penta":
        return ev.penta is not None and ev.penta == cameo_penta(gold.cameo)
    if level == "type":
        return gold_type is not None and ev.type == gold_type
    if level == "source":
        return src
    if level == "target":
        return tgt
    if level == "dyad":
        return src and tgt
    if level == "penta+dyad":
        return src and tgt and ev.penta is not None and ev.penta == cameo_penta(gold.cameo)
    if level == "type+dyad":
        return src and tgt and gold_type is not None and ev.type == gold_type
    if level == "dyad exact":
        return (code_matches(gold.source, ev.source_codes, ev.source_texts, exact=True)
                and code_matches(gold.target, ev.target_codes, ev.target_texts, exact=True))
    raise ValueError(level)


def match_count(golds: Sequence[GoldTriple], gold_types: Sequence[str | None], events: Sequence[SystemEvent],
                level: str) -> int:
    """One-to-one matches between gold triples and system events at ``level`` (maximum bipartite matching)."""
    ok = [[j for j, ev in enumerate(events) if _level_ok(level, g, t, ev)] for g, t in zip(golds, gold_types,
                                                                                          strict=True)]
    owner: dict[int, int] = {}

    def augment(i: int, seen: set[int]) -> bool:
        for j in ok[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or augment(owner[j], seen):
                owner[j] = i
                return True
        return False

    return sum(augment(i, set()) for i in range(len(golds)))


@dataclass
class PetrScores:
    records: int = 0  # records with expected events
    noevent_records: int = 0
    noevent_clean: int = 0  # noevents records with no system event
    skipped_errors: int = 0
    gold_triples: int = 0
    gold_typed: int = 0  # gold triples whose CAMEO code maps to a PLOVER type
    gold_classed: int = 0  # gold triples with a CAMEO root 01-20
    system_events: int = 0
    extra_events: int = 0  # beyond the number of expected triples, summed over scored records
    with_event: int = 0
    matched: Counter[str] = field(default_factory=Counter)
    # per PLOVER type and per pentaclass: gold count, system count, matched (multiset per record)
    type_prf: dict[str, list[int]] = field(default_factory=dict)
    penta_prf: dict[int, list[int]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"records": self.records, "noevent_records": self.noevent_records,
                "noevent_clean": self.noevent_clean, "skipped_error_records": self.skipped_errors,
                "gold_triples": self.gold_triples, "gold_typed": self.gold_typed, "gold_classed": self.gold_classed,
                "system_events": self.system_events, "extra_events": self.extra_events,
                "with_event": self.with_event, "matched": dict(self.matched),
                "per_type": {k: dict(zip(("gold", "system", "matched"), v, strict=True))
                             for k, v in sorted(self.type_prf.items())},
                "per_penta": {PENTA_NAMES[k]: dict(zip(("gold", "system", "matched"), v, strict=True))
                              for k, v in sorted(self.penta_prf.items())}}

    def scored_sentences(self) -> int:
        return self.records + self.noevent_records


def _multiset_prf(table: dict[Any, list[int]], gold: Sequence[Any], system: Sequence[Any]) -> None:
    g, s = Counter(x for x in gold if x is not None), Counter(x for x in system if x is not None)
    for key in set(g) | set(s):
        row = table.setdefault(key, [0, 0, 0])
        row[0] += g[key]
        row[1] += s[key]
        row[2] += min(g[key], s[key])


def score_petrarch(record: PetrRecord, readout: Mapping[str, Any], book: ToyDictionary,
                   table: Mapping[str, str], scores: PetrScores) -> dict[str, Any]:
    """Add one PETRARCH record's readout to ``scores``; returns what was decided (for error listings).

    ``error`` records (they test PETRARCH's own input checks) are skipped; ``noevents`` records are right when the
    readout has no event, and each of their events is an extra one. For the per-type and per-class counts a
    record's expected triples and system events are compared as multisets; a record whose expected codes do not
    all map (toy codes) is left out of the per-type counts.
    """
    if record.expect == "error":
        scores.skipped_errors += 1
        return {"skipped": True}
    events = system_events(readout, book, record.date)
    scores.system_events += len(events)
    scores.with_event += bool(events)
    if record.expect == "noevents" or not record.expected:
        scores.noevent_records += 1
        scores.noevent_clean += not events
        scores.extra_events += len(events)
        return {"events": events, "matched": {}}
    scores.records += 1
    scores.extra_events += max(0, len(events) - len(record.expected))
    gold_types = [cameo_to_plover(g.cameo, table) for g in record.expected]
    gold_pentas = [cameo_penta(g.cameo) for g in record.expected]
    scores.gold_triples += len(record.expected)
    scores.gold_typed += sum(t is not None for t in gold_types)
    scores.gold_classed += sum(p is not None for p in gold_pentas)
    matched = {level: match_count(record.expected, gold_types, events, level) for level in PETR_LEVELS}
    scores.matched.update(matched)
    if all(t is not None for t in gold_types):
        _multiset_prf(scores.type_prf, gold_types, [e.type for e in events])
    if all(p is not None for p in gold_pentas):
        _multiset_prf(scores.penta_prf, gold_pentas, [e.penta for e in events])
    return {"events": events, "matched": matched}


def prf(row: Sequence[int]) -> tuple[float, float, float]:
    gold, system, tp = row
    p = tp / system if system else 0.0
    r = tp / gold if gold else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0
