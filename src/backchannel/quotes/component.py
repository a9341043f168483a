"""``bc_quotes_v1``: who said what to whom (``doc._.quotes``) and who holds which claim how firmly
(``doc._.claims``). Reads the parse and ``doc._.actors``; see ``attribution`` and ``claims``.

Costs one pass over the tokens (lexicon look-ups) and one regular-expression pass over the text
(quotation marks); everything else touches only the cues and marks found.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .attribution import Attributor
from .claims import AuthorClaims, quote_claims
from .cues import Lexicon, load_lexicon, scan
from .model import Claim, Quote
from .speakers import ActorIndex


def find_quotes(doc: Doc, lexicon: Lexicon | None = None) -> tuple[list[Quote], list[Claim]]:
    """The quotes and claims of a parsed ``doc`` whose actors are set (``doc._.actors``)."""
    lexicon = lexicon or load_lexicon()
    if not doc.has_annotation("DEP"):
        return [], []
    hits = scan(doc, lexicon)
    attributor = Attributor(doc, lexicon, hits, ActorIndex(doc))
    quotes = attributor.run()
    claims = quote_claims(quotes, lexicon)
    claims = AuthorClaims(doc, lexicon, hits, quotes, claims, attributor.text).run()
    claims.sort(key=lambda claim: (claim.content.start, claim.content.end))
    return quotes, claims


class QuotesComponent:
    """Sets ``doc._.quotes`` (``Quote`` list) and ``doc._.claims`` (``Claim`` list)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.lexicon = load_lexicon()

    def __call__(self, doc: Doc) -> Doc:
        doc._.quotes, doc._.claims = find_quotes(doc, self.lexicon)
        return doc


@Language.factory("bc_quotes_v1", assigns=["doc._.quotes", "doc._.claims"],
                  requires=["doc._.actors", "token.dep", "token.pos", "token.lemma"])
def make_quotes(nlp: Language, name: str) -> QuotesComponent:
    return QuotesComponent(nlp, name)
