"""The events layer: PLOVER events with source and target actors, modality, date and place.

``bc_events_v2`` (``component``) writes ``doc._.events`` (``model.Event``); the trigger lexicon is
``data/events/curated.tsv`` backed by the CAMEO.2.0 verb-object patterns of ``data/events/patterns.tsv``
(``lexicon``).
"""

from __future__ import annotations

from .component import EventsComponent, find_events
from .lexicon import Lexicon, Trigger, load_lexicon
from .model import EVENT_STATUSES, Event

__all__ = ["EVENT_STATUSES", "Event", "EventsComponent", "Lexicon", "Trigger", "find_events", "load_lexicon"]
