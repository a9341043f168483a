"""An event's status from its clause (negation, future, hypothesis) and from the quote or claim
whose content holds it (reported, denied … with the speaker in ``attributed_to``).

PLOVER's rules for the auxiliary modes: a future CONSULT, SUPPORT, COOPERATE or AID is coded AGREE
(a promise to act), a future RETREAT is coded CONCEDE; negated events are kept, with status
``negated``, rather than dropped.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..actors.model import ActorCluster

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
    return any(c.dep_ in ("advmod", "neg") and c.lower_ in NEGATIONS for c in verb.children)


def clause_status(verb: Token, refusal: bool = False) -> str:
    """``negated``, ``hypothetical``, ``predicted`` or ``asserted`` for the clause headed by ``verb``,
    looking up through infinitives ("did not agree to meet"). For a ``refusal`` ("will not accept", coded
    REJECT) the verb's own negation and future auxiliary are the refusal itself, not its status."""
    current = verb
    status = "asserted"
    for _ in range(4):
        for child in current.children:
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
                    if any(c.dep_ == "advcl" and any(m.lower_ in HYPOTHETICAL_MARKS for m in c.children
                                                     if m.dep_ == "mark") for c in current.children):
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


def attribution(doc: Doc, index: int) -> tuple[str | None, ActorCluster | None]:
    """The status and speaker that the innermost quote (else claim) covering token ``index`` lends."""
    best = None
    for quote in (doc._.quotes or []) if doc.has_extension("quotes") else []:
        content = quote.content
        if content.start <= index < content.end and (best is None or len(content) < len(best.content)):
            best = quote
    if best is not None:
        status = best.status if best.status and best.status != "asserted" else "reported"
        return status, best.speaker
    for claim in (doc._.claims or []) if doc.has_extension("claims") else []:
        if claim.content.start <= index < claim.content.end and claim.status != "asserted":
            return claim.status, None if claim.by_author else claim.holder
    return None, None


def cue_tokens(doc: Doc) -> set[int]:
    """Tokens that are quote cues: a speech verb is a quote, never an event."""
    found: set[int] = set()
    for quote in (doc._.quotes or []) if doc.has_extension("quotes") else []:
        if quote.cue is not None:
            found.update(range(quote.cue.start, quote.cue.end))
    return found
