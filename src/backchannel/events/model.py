"""The events layer's data on a spaCy ``Doc``: ``doc._.events``, a list of ``Event``.

``bc_events_v2`` writes it; ``analysis.event_records`` turns it into the readout's ``events``
(READOUT.md). Sources, targets, the place and ``attributed_to`` are the actors layer's
``ActorCluster`` objects, so an event's actors and the readout's actors share ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from ..actors.model import ActorCluster

# Readout vocabulary (READOUT.md): the status of an event, shared with claims.
EVENT_STATUSES = ("asserted", "reported", "admitted", "denied", "speculated", "doubted", "predicted",
                  "hypothetical", "negated")

if not Doc.has_extension("events"):
    Doc.set_extension("events", default=None)


@dataclass(eq=False)
class Event:
    """Who did what to whom: one PLOVER event, the words that trigger it and its modality.

    ``source`` and ``target`` are lists (compound actors; in a reciprocal event such as "talks
    between Russia and Ukraine" every participant is in both). ``status`` says whether the author
    states the event (``asserted``) or reports, predicts, supposes or denies it; ``attributed_to`` is
    the speaker whose words contain it. ``coded_from`` keeps the type before PLOVER's future rule
    ("would travel to Russia next week": CONSULT in the future is coded AGREE). ``date`` is an ISO
    8601 string (day, ``2025-W49`` week, month or year) or None when it cannot be resolved.
    """

    type: str
    trigger: Span
    source: list[ActorCluster] = field(default_factory=list)
    target: list[ActorCluster] = field(default_factory=list)
    mode: str | None = None
    cameo: str | None = None
    status: str = "asserted"
    attributed_to: ActorCluster | None = None
    date: str | None = None
    date_span: Span | None = None
    place: ActorCluster | None = None
    place_span: Span | None = None
    coded_from: str | None = None
    # The phrases that fill each role, whether or not they name an actor ("18 people", "a village", "police"):
    # PLOVER allows generic participants, which ``source`` / ``target`` (actors only) leave out.
    source_spans: list[Span] = field(default_factory=list)
    target_spans: list[Span] = field(default_factory=list)
