"""The trigger lexicon (``data/events/curated.tsv`` over ``triggers.tsv``, the verb-object ``patterns.tsv``, the
contexts of ``exclusions.tsv``) and PLOVER vocabulary (``data/events/plover.tsv``), loaded once per process
into dicts keyed by lemma."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from .scan import HashMemo

DATA_DIR = "data/events"
KEY_MEMO = 50_000  # entries of the verb-key memo
LIGHT = "LIGHT"


@dataclass(frozen=True)
class Trigger:
    """One row of ``curated.tsv``, its frame column parsed (see the file's header)."""

    lemma: str
    pos: str
    type: str
    mode: str | None
    cameo: str | None
    slots: tuple[str, ...] = ()
    needs_target: bool = False
    reciprocal: bool = False
    place_suffices: bool = False
    after_light_verb: bool = False
    refusal: bool = False  # +neg: a trigger only when negated ("will not accept"), the negation its meaning
    needs: dict[str, frozenset[str]] | None = None    # dependency → lemmas one of which must be there
    excludes: dict[str, frozenset[str]] | None = None  # dependency → lemmas that must not be there
    rank: int = 0  # a pattern row's place in patterns.tsv: the first of several matching patterns wins


@dataclass(frozen=True)
class Lexicon:
    verbs: dict[str, Trigger]
    nouns: dict[str, Trigger]
    light: frozenset[str]
    modes: dict[str, frozenset[str]]  # PLOVER type → its modes
    # (lemma, pos) → every row for it, in file order, when there is more than one: the first whose
    # obj= / compound= / nmod= conditions hold applies ("deploy troops" MOBILIZE, "deploy peacekeepers" AID)
    variants: dict[tuple[str, str], tuple[Trigger, ...]] = field(default_factory=dict)
    # intent adjectives ("willing", "ready" to do something): AGREE, or THREATEN for a conflictual act
    adjectives: dict[str, Trigger] = field(default_factory=dict)
    # PLOVER types whose manual entry requires a recipient (plover.tsv ``recipient``)
    recipient: frozenset[str] = frozenset()
    # verb lemma → object lemma → the first CAMEO.2.0 verb-object pattern (patterns.tsv) for that pair
    patterns: dict[str, dict[str, Trigger]] = field(default_factory=dict)
    # verb lemma → object or oblique lemmas with which it is no trigger at all (exclusions.tsv: "defeated
    # a candidate by 424 votes", "pay euros in arrears")
    exclusions: dict[str, frozenset[str]] = field(default_factory=dict)
    # (token lemma, word form) → verb_key's answer; bounded, since article text is untrusted
    key_memo: dict[tuple[str, str], str | None] = field(default_factory=dict, compare=False, repr=False)
    # the document scan's lookups by string hash (``scan.HashMemo``): a verb's lemma → its key when the curated
    # verbs or the patterns list the lower-cased lemma; a verb's word form → the key ``verb_key`` guesses from
    # it; a lemma → the first noun (adjective) row for the lower-cased lemma; a lemma → the lower-cased lemma
    verb_lemmas: HashMemo[str] = field(init=False, compare=False, repr=False)
    verb_forms: HashMemo[str] = field(init=False, compare=False, repr=False)
    noun_lemmas: HashMemo[Trigger] = field(init=False, compare=False, repr=False)
    adjective_lemmas: HashMemo[Trigger] = field(init=False, compare=False, repr=False)
    lower_lemmas: HashMemo[str] = field(init=False, compare=False, repr=False)
    # verb lemma → the object lemmas of its patterns
    pattern_objects: dict[str, frozenset[str]] = field(init=False, compare=False, repr=False)
    # verb lemmas with a row conditioned on a particle (``prt=off``: "called off a strike")
    particle_verbs: frozenset[str] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        def listed(lemma: str) -> str | None:
            lemma = lemma.lower()
            return lemma if lemma in self.verbs or lemma in self.patterns else None

        def guessed(form: str) -> str | None:
            return next((guess for guess in verb_lemmas(form) if guess in self.verbs or guess in self.patterns),
                        None)

        object.__setattr__(self, "verb_lemmas", HashMemo(listed))
        object.__setattr__(self, "verb_forms", HashMemo(guessed))
        object.__setattr__(self, "noun_lemmas", HashMemo(lambda lemma: self.nouns.get(lemma.lower())))
        object.__setattr__(self, "adjective_lemmas", HashMemo(lambda lemma: self.adjectives.get(lemma.lower())))
        object.__setattr__(self, "lower_lemmas", HashMemo(str.lower))
        object.__setattr__(self, "pattern_objects", {verb: frozenset(by_object)
                                                     for verb, by_object in self.patterns.items()})
        object.__setattr__(self, "particle_verbs", frozenset(
            lemma for (lemma, pos), rows in self.variants.items() if pos == "VERB"
            and any(row.needs and "prt" in row.needs for row in rows)))

    def verb(self, token_lemma: str, text: str) -> Trigger | None:
        """The first curated verb row for ``token_lemma``, else for a lemma guessed from the word form when
        the lemmatizer left an inflected stem ("expelle", "fre", "bann") or an irregular past ("struck")."""
        key = self.verb_key(token_lemma, text, self.verbs)
        return None if key is None else self.verbs[key]

    def verb_key(self, token_lemma: str, text: str, table: Mapping[str, object] | None = None) -> str | None:
        """The lemma under which ``table`` (default: curated verbs or patterns) lists the verb, if any. The
        default lookup is memoised per (lemma, word form), up to ``KEY_MEMO`` entries."""
        memo = self.key_memo if table is None else None
        pair = (token_lemma, text)
        if memo is not None and pair in memo:
            return memo[pair]
        tables = (table,) if table is not None else (self.verbs, self.patterns)
        found = None
        for guess in (token_lemma, *verb_lemmas(text)):
            if any(guess in t for t in tables):
                found = guess
                break
        if memo is not None and len(memo) < KEY_MEMO:
            memo[pair] = found
        return found

    def pattern(self, lemma: str, objects: set[str]) -> Trigger | None:
        """The verb-object pattern of ``lemma`` for one of its ``objects`` ("lifted the curfew"), the one
        listed first in patterns.tsv when several objects match."""
        rows = self.patterns.get(lemma)
        if not rows:
            return None
        found = [rows[o] for o in objects if o in rows]
        return min(found, key=lambda t: t.rank) if found else None


# Irregular past forms of trigger verbs that the lemmatizer sometimes leaves as they are.
IRREGULAR = {"struck": "strike", "fought": "fight", "sought": "seek", "shot": "shoot", "met": "meet",
             "held": "hold", "gave": "give", "given": "give", "sent": "send", "withdrew": "withdraw",
             "withdrawn": "withdraw", "overthrew": "overthrow", "overthrown": "overthrow", "slew": "slay",
             "slain": "slay", "beat": "beat", "beaten": "beat", "forbade": "forbid", "forbidden": "forbid",
             "undertook": "undertake", "froze": "freeze", "frozen": "freeze", "flew": "fly", "flown": "fly",
             "stole": "steal", "stolen": "steal", "overran": "overrun", "led": "lead", "cut": "cut", "shut": "shut"}


def verb_lemmas(word: str) -> list[str]:
    """Candidate lemmas of an inflected verb form, most likely first (no dictionary: the lexicon decides)."""
    low = word.lower()
    if low in IRREGULAR:
        return [IRREGULAR[low]]
    found: list[str] = []
    for suffix in ("ing", "ed", "es", "s", "d", "e"):
        if low.endswith(suffix) and len(low) > len(suffix) + 2:
            stem = low[: -len(suffix)]
            found += [stem, stem + "e"]
            if len(stem) > 2 and stem[-1] == stem[-2]:
                found.append(stem[:-1])
    return found


def _rows(name: str) -> list[list[str]]:
    text = resources.files("backchannel").joinpath(f"{DATA_DIR}/{name}").read_text("utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return rows[1:]  # the header


def _parse_frame(frame: str) -> dict[str, object]:
    slots: list[str] = []
    needs: dict[str, frozenset[str]] = {}
    excludes: dict[str, frozenset[str]] = {}
    flags = {"needs_target": False, "reciprocal": False, "place_suffices": False, "after_light_verb": False,
             "refusal": False}
    names = {"+target": "needs_target", "+recip": "reciprocal", "+place": "place_suffices",
             "+light": "after_light_verb", "+neg": "refusal"}
    for part in filter(None, (p.strip() for p in frame.split(";"))):
        if part in names:
            flags[names[part]] = True
        elif "!=" in part:
            dep, words = part.split("!=", 1)
            excludes[dep] = frozenset(words.split("|"))
        elif "=" in part:
            dep, words = part.split("=", 1)
            needs[dep] = frozenset(words.split("|"))
        else:
            slots.append(part)
    return {"slots": tuple(slots), "needs": needs or None, "excludes": excludes or None, **flags}


# Where a verb-object pattern finds its target: the indirect object ("gave Putin a warning"), an oblique or the
# object's nominal modifier ("lifted sanctions on Iran"), else the object itself ("abducted hostages").
PATTERN_SLOTS = ("iobj", "obl:on", "obl:against", "obl:to", "obl:with", "obl:from", "obj?")


def _pattern_triggers(modes: dict[str, frozenset[str]]) -> list[Trigger]:
    """The CAMEO.2.0 verb-object patterns (``patterns.tsv``), one trigger per verb and row, each firing only
    with one of the row's objects. Raises ValueError [E411] on a row that breaks the PLOVER vocabulary."""
    found: list[Trigger] = []
    for row in _rows("patterns.tsv"):
        block, verbs, kind, mode, cameo, objects = (row + [""] * 6)[:6]
        if kind not in modes or (mode and mode not in modes[kind]):
            raise ValueError(f"[E411] patterns.tsv: {block}: {kind} {mode!r} is not a PLOVER 2.0 type and mode")
        needs = {"obj": frozenset(filter(None, objects.split("|")))}
        found.extend(Trigger(verb, "VERB", kind, mode or None, cameo or None, PATTERN_SLOTS, needs=needs,
                             rank=len(found)) for verb in filter(None, verbs.split("|")))
    return found


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The shipped lexicon (cached). Raises ValueError [E411] on a row that breaks the vocabulary."""
    plover = _rows("plover.tsv")
    modes = {row[0]: frozenset(filter(None, row[3].split("|"))) for row in plover}
    recipient = frozenset(row[0] for row in plover if row[2] == "yes")
    generated = {(row[0], row[1]): row for row in _rows("triggers.tsv")}
    verbs: dict[str, Trigger] = {}
    nouns: dict[str, Trigger] = {}
    adjectives: dict[str, Trigger] = {}
    light: set[str] = set()
    rows: dict[tuple[str, str], list[Trigger]] = {}
    for row in _rows("curated.tsv"):
        lemma, pos, kind, mode, cameo, frame = (row + [""] * 7)[:6]
        if kind == LIGHT:
            light.add(lemma)
            continue
        if "=" in (kind, mode, cameo):
            base = generated.get((lemma, pos))
            if base is None:
                raise ValueError(f"[E411] curated.tsv: {lemma}/{pos} inherits from triggers.tsv, which lacks it")
            kind, mode, cameo = (base[i] if value == "=" else value for i, value in ((2, kind), (3, mode), (4, cameo)))
        if kind not in modes or (mode and mode not in modes[kind]):
            raise ValueError(f"[E411] curated.tsv: {lemma}/{pos}: {kind} {mode!r} is not a PLOVER 2.0 type and mode")
        trigger = Trigger(lemma, pos, kind, mode or None, cameo or None, **_parse_frame(frame))  # type: ignore[arg-type]
        rows.setdefault((lemma, pos), []).append(trigger)
        (verbs if pos == "VERB" else adjectives if pos == "ADJ" else nouns).setdefault(lemma, trigger)
    patterns: dict[str, dict[str, Trigger]] = {}
    for trigger in _pattern_triggers(modes):
        by_object = patterns.setdefault(trigger.lemma, {})
        for obj in (trigger.needs or {}).get("obj", frozenset()):
            by_object.setdefault(obj, trigger)
    variants = {key: tuple(found) for key, found in rows.items() if len(found) > 1}
    exclusions = {row[0]: frozenset(filter(None, row[1].split("|"))) for row in _rows("exclusions.tsv")}
    return Lexicon(verbs, nouns, frozenset(light), modes, variants, adjectives, recipient, patterns, exclusions)
