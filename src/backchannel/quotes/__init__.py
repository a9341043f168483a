"""The quotes layer: who said what to whom, and who claims what how firmly."""

from .component import find_quotes, make_quotes
from .cues import Cue, Lexicon, load_lexicon
from .marks import QuotedText, pair_marks
from .model import CLAIM_STATUSES, QUOTE_FORMS, Claim, Quote

__all__ = ["CLAIM_STATUSES", "QUOTE_FORMS", "Claim", "Cue", "Lexicon", "Quote", "QuotedText", "find_quotes",
           "load_lexicon", "make_quotes", "pair_marks"]
