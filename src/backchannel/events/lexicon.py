"""The trigger lexicon (``data/events/curated.tsv`` over ``triggers.tsv``) and PLOVER vocabulary
(``data/events/plover.tsv``), loaded once per process into dicts keyed by lemma."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

DATA_DIR = "data/events"
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

    def verb(self, token_lemma: str, text: str) -> Trigger | None:
        """The first verb row for ``token_lemma``, else for a lemma guessed from the word form when the
        lemmatizer left an inflected stem ("expelle", "fre", "bann") or an irregular past ("struck")."""
        found = self.verbs.get(token_lemma)
        if found is not None:
            return found
        for guess in verb_lemmas(text):
            found = self.verbs.get(guess)
            if found is not None:
                return found
        return None


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
    variants = {key: tuple(found) for key, found in rows.items() if len(found) > 1}
    return Lexicon(verbs, nouns, frozenset(light), modes, variants, adjectives, recipient)
