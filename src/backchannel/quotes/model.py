"""The quotes layer's data on a spaCy ``Doc``: ``doc._.quotes`` and ``doc._.claims``.

``bc_quotes_v1`` writes both; ``analysis.build_readout`` turns them into the readout's ``quotes`` and
``claims`` (READOUT.md). Speakers, addressees and holders are the actors layer's ``ActorCluster``
objects, so a quote's speaker and an actor in the readout are the same id.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from ..actors.model import ActorCluster

# Readout vocabularies (READOUT.md).
QUOTE_FORMS = ("direct", "indirect", "mixed", "according_to")
CLAIM_STATUSES = ("asserted", "reported", "admitted", "denied", "speculated", "doubted", "predicted",
                  "hypothetical", "negated")

for _name in ("quotes", "claims"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@dataclass(eq=False)
class Quote:
    """One attribution: ``speaker`` said (``act``) ``content`` to ``addressee``, introduced by ``cue``.

    ``speaker_span`` is the text that names the source ("He", "The Insider", "the report") even when
    no actor could be found for it (then ``speaker`` is None). ``reported_by`` is the quote whose
    content holds this one ("The Insider reports that Ushakov told Witkoff …").
    """

    form: str
    content: Span
    speaker: ActorCluster | None = None
    speaker_span: Span | None = None
    cue: Span | None = None
    addressee: ActorCluster | None = None
    act: str | None = None
    status: str = "reported"
    reported_by: Quote | None = None


@dataclass(eq=False)
class Claim:
    """A proposition, who holds it and how firmly (``status``, READOUT.md vocabulary).

    ``by_author`` marks the author's own statements (the readout's ``holder: "author"``); otherwise
    ``holder`` is the actor holding it or None when nobody is named ("there is speculation …").
    ``reported_by`` is the actor through whom the claim reaches the author, for nested attributions (the
    nearest named one); ``reported_via`` the whole chain of named reporters, nearest first.
    """

    content: Span
    status: str
    holder: ActorCluster | None = None
    by_author: bool = False
    cue: Span | None = None
    quote: Quote | None = None
    doubted_by: str | None = None
    reported_by: ActorCluster | None = None
    reported_via: list[ActorCluster] = field(default_factory=list)
