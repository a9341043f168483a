"""The cue and hedge lexicons (``data/quotes/cues.tsv``, ``hedges.tsv``, ``acts.tsv``), loaded once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

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
    """Verb cues by lemma, noun cues by lemma, phrase cues by text, hedge terms by kind."""

    verbs: dict[str, Cue]
    nouns: dict[str, Cue]
    phrases: dict[str, Cue]
    hedges: dict[str, frozenset[str]]  # kind → single words
    hedge_phrases: dict[str, tuple[tuple[str, ...], ...]]  # kind → multi-word terms
    acts: frozenset[str]

    def words(self, kind: str) -> frozenset[str]:
        return self.hedges.get(kind, frozenset())


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
    singles: dict[str, set[str]] = {}
    multi: dict[str, list[tuple[str, ...]]] = {}
    for term, kind in _rows("hedges.tsv"):
        words = tuple(term.lower().split())
        if len(words) == 1:
            singles.setdefault(kind, set()).add(words[0])
        else:
            multi.setdefault(kind, []).append(words)
    return Lexicon(verbs, nouns, phrases, {k: frozenset(v) for k, v in singles.items()},
                   {k: tuple(v) for k, v in multi.items()}, acts)
