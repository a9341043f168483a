"""An event's status from its clause (negation, future, hypothesis) and from the quote or claim
whose content holds it (reported, denied … with the speaker in ``attributed_to``).

PLOVER's rules for the auxiliary modes: a future CONSULT, SUPPORT, COOPERATE or AID is coded AGREE
(a promise to act), a future RETREAT is coded CONCEDE; negated events are kept, with status
``negated``, rather than dropped.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..actors.model import ActorCluster
from ..quotes.model import Claim, Quote
from .tree import children

NOMINAL_POS = ("NOUN", "PROPN", "PRON")
NEGATIONS = frozenset({"not", "n't", "never", "no"})
FUTURE_AUX = frozenset({"will", "would", "shall", "'ll", "wo"})
HYPOTHETICAL_AUX = frozenset({"could", "might", "may"})
HYPOTHETICAL_MARKS = frozenset({"if", "unless", "whether"})
# "expected to meet", "plans to visit": the governing verb puts the event in the future.
FUTURE_GOVERNORS = frozenset({"plan", "expect", "schedule", "intend", "set", "due", "prepare", "aim", "hope",
                              "want", "seek", "agree", "promise", "pledge", "vow", "threaten", "propose",
                              "offer", "go", "willing", "ready", "prepared", "poised"})
NEGATING_GOVERNORS = frozenset({"fail", "refuse", "decline", "avoid"})
FUTURE_TYPES = {"CONSULT": ("AGREE", "036"), "SUPPORT": ("AGREE", "032"), "COOPERATE": ("AGREE", "031"),
                "AID": ("AGREE", "033"), "RETREAT": ("CONCEDE", "035")}


def negated(verb: Token) -> bool:
    """Whether ``verb`` itself carries a negation ("will not accept", "never ended")."""
    return any(c.dep_ in ("advmod", "neg") and c.lower_ in NEGATIONS for c in children(verb))


def clause_status(verb: Token, refusal: bool = False) -> str:
    """``negated``, ``hypothetical``, ``predicted`` or ``asserted`` for the clause headed by ``verb``,
    looking up through infinitives ("did not agree to meet"). For a ``refusal`` ("will not accept", coded
    REJECT) the verb's own negation and future auxiliary are the refusal itself, not its status."""
    current = verb
    status = "asserted"
    for _ in range(4):
        for child in children(current):
            low = child.lower_
            if child.dep_ in ("advmod", "neg", "det") and low in NEGATIONS:
                if refusal and current is verb:
                    continue
                return "negated"
            if child.dep_ == "mark" and low in HYPOTHETICAL_MARKS:
                status = "hypothetical"
            if child.dep_ == "aux" and status == "asserted" and not (refusal and current is verb):
                if low in HYPOTHETICAL_AUX:
                    status = "hypothetical"
                elif low in FUTURE_AUX:
                    status = "predicted"
                    if any(c.dep_ == "advcl" and any(m.lower_ in HYPOTHETICAL_MARKS for m in children(c)
                                                     if m.dep_ == "mark") for c in children(current)):
                        status = "hypothetical"
        if current.dep_ != "xcomp" or current.head.i == current.i:
            break
        governor = current.head
        if governor.lemma_.lower() in NEGATING_GOVERNORS:
            return "negated"
        if governor.lemma_.lower() in FUTURE_GOVERNORS and status == "asserted":
            status = "predicted"
        current = governor
    return status


class Attributions:
    """The quotes and claims of one document, read once: the status and speaker an event takes from the quote
    or claim whose content holds it, and the quote cues (a speech verb is a quote, never an event)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.cues: set[int] = set()
        for quote in (doc._.quotes or []) if doc.has_extension("quotes") else []:
            if quote.cue is not None:
                self.cues.update(range(quote.cue.start, quote.cue.end))
        self._quotes: list[tuple[int, int, Quote]] | None = None
        self._claims: list[tuple[int, int, Claim]] = []

    def _read(self) -> list[tuple[int, int, Quote]]:
        """The quotes' and the non-asserted claims' content offsets (once, when an event first asks)."""
        if self._quotes is None:
            doc = self.doc
            self._quotes = [(quote.content.start, quote.content.end, quote)
                            for quote in ((doc._.quotes or []) if doc.has_extension("quotes") else [])]
            self._claims = [(claim.content.start, claim.content.end, claim)
                            for claim in ((doc._.claims or []) if doc.has_extension("claims") else [])
                            if claim.status != "asserted"]
        return self._quotes

    def of(self, index: int) -> tuple[str | None, ActorCluster | None]:
        """The status and speaker that the innermost quote (else claim) covering token ``index`` lends. A
        content that is a noun phrase ("a fast-track system backed by the Red Cross was rejected by Johnson")
        names a thing, not a proposition: the events named inside it are not what is reported, denied …, and
        take nothing from it. (A direct quote is words said, whatever their form: it lends its status.)"""
        covering = sorted(((end - start, i, quote) for i, (start, end, quote) in enumerate(self._read())
                           if start <= index < end), key=lambda found: found[:2])
        for _, _, quote in covering:
            if quote.form == "direct" or not nominal(quote.content):
                status = quote.status if quote.status and quote.status != "asserted" else "reported"
                return status, quote.speaker
        for start, end, claim in self._claims:
            if start <= index < end and (claim.quote is not None and claim.quote.form == "direct"
                                         or not nominal(claim.content)):
                return claim.status, None if claim.by_author else claim.holder
        return None, None


def nominal(content: Span) -> bool:
    """Whether a quote's or claim's content is a noun phrase (its head a noun or pronoun), not a clause."""
    return content.root.pos_ in NOMINAL_POS
