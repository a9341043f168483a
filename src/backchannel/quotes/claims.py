"""Claims: every quote's content as a claim held by its speaker, and the author's own hedged,
predictive or doubting statements.

Status of an attributed claim comes from its cue (``cues.tsv``: admitted, denied, speculated …), a
negated cue ("did not say") and the cue's MegaVeridicality score (opinion verbs that barely commit to
their clause — "believe", "allege" — make the claim speculated). The author's statements are found
from ``hedges.tsv`` terms in sentences that are nobody else's speech:

* "there is speculation about X" / "rumours that X" → speculated, no holder;
* "these claims are (almost certainly) exaggerated" → doubted by the author, and the attributed
  claims of this and the previous paragraph get ``doubted_by = "author"``;
* "will likely …", "is expected to …", "is set to …" → predicted, held by the author;
* "would … if …" → hypothetical; "may", "might", "perhaps", "apparently" → speculated by the author;
  "reportedly", "allegedly" → reported with no holder.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..actors.model import ActorCluster
from .cues import Hits, Lexicon
from .model import Claim, Quote

_FUTURE = frozenset({"will", "'ll", "’ll", "shall", "would"})
_SOURCELESS = frozenset({"reportedly", "allegedly", "supposedly"})
_LOW_COMMITMENT_ACTS = frozenset({"believe", "claim"})
_CONTENT_LINKS = ("nmod", "acl", "ccomp", "acl:relcl")
_MAX_CHAIN = 8  # nested attributions walked outward at most (article text is untrusted)


def quote_claims(quotes: list[Quote], lexicon: Lexicon) -> list[Claim]:
    claims = []
    for quote in quotes:
        status = quote.status
        entry = lexicon.verbs.get(quote.cue.root.lemma_.lower()) if quote.cue is not None else None
        if (entry is not None and status == "reported" and entry.act in _LOW_COMMITMENT_ACTS
                and entry.veridicality is not None and entry.veridicality < 0.15):
            status = "speculated"
        chain = reporters(quote)
        claims.append(Claim(content=quote.content, status=status, holder=quote.speaker, cue=quote.cue,
                            quote=quote, reported_by=chain[0] if chain else None, reported_via=chain))
    return claims


def reporters(quote: Quote, limit: int = _MAX_CHAIN) -> list[ActorCluster]:
    """The actors through whom ``quote`` reaches the author, nearest first: "According to the report [The
    Insider], US officials said [unnamed] Moscow floated …" → [The Insider] for Moscow's proposal, and
    "Reuters reported that the Kremlin denied claims that …" → [Kremlin, Reuters] for the claims. Unnamed
    links (no actor) are skipped, an actor is not repeated in a row, and at most ``limit`` links are walked
    (each quote once)."""
    chain: list[ActorCluster] = []
    visited = {id(quote)}
    outer = quote.reported_by
    while outer is not None and len(visited) <= limit and id(outer) not in visited:
        visited.add(id(outer))
        if outer.speaker is not None and (not chain or chain[-1] is not outer.speaker):
            chain.append(outer.speaker)
        outer = outer.reported_by
    return chain


def _trim(span: Span) -> Span | None:
    start, end = span.start, span.end
    doc = span.doc
    while start < end and (doc[start].is_punct or doc[start].is_space or doc[start].dep_ in ("case", "mark")):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return doc[start:end] if end > start else None


class AuthorClaims:
    """The author's hedged, predictive and doubting statements (one claim per sentence at most)."""

    def __init__(self, doc: Doc, lexicon: Lexicon, hits: Hits, quotes: list[Quote], claims: list[Claim],
                 text: str | None = None) -> None:
        self.doc, self.lexicon, self.hits, self.claims = doc, lexicon, hits, claims
        self.text = doc.text if text is None else text  # ``Doc.text`` is rebuilt on every read
        self.covered: set[int] = set()
        for quote in quotes:
            self.covered.update(range(quote.content.start, quote.content.end))
            if quote.cue is not None:
                self.covered.update(range(quote.cue.start, quote.cue.end))
        self.done: set[int] = set()  # sentence starts that already have an author claim
        self.claim_nouns = lexicon.terms("claimnoun")
        self.boosters = lexicon.terms("booster")

    def run(self) -> list[Claim]:
        terms = self.hits.terms
        for i in terms.get("rumour", ()):
            self._rumour(self.doc[i])
        for i in terms.get("doubt", ()):
            self._doubt(self.doc[i])
        for i in terms.get("predict", ()):
            self._predict(self.doc[i])
        for i in terms.get("hedge", ()):
            self._hedge(self.doc[i])
        return self.claims

    def _free_sentence(self, tok: Token) -> Span | None:
        if tok.i in self.covered:
            return None
        sent = tok.sent
        if sent.start in self.done:
            return None
        return sent

    def _add(self, sent: Span, content: Span | None, status: str, cue: Span, by_author: bool = True) -> Claim | None:
        content = content if content is not None else _trim(sent)
        if content is None:
            return None
        claim = Claim(content=content, status=status, by_author=by_author, cue=cue)
        self.claims.append(claim)
        self.done.add(sent.start)
        return claim

    def _doubt(self, word: Token) -> None:
        sent = self._free_sentence(word)
        if sent is None:
            return
        subjects = [c for c in sent.root.children if c.dep_ in ("nsubj", "nsubj:pass")]
        if not any(s.lemma_.lower() in self.claim_nouns for s in subjects):
            return
        start = word.i
        while start > sent.start and (self.doc[start - 1].lower_ in self.boosters
                                      or self.doc[start - 1].lower_ == "almost"):
            start -= 1
        if self._add(sent, None, "doubted", self.doc[start:word.i + 1]) is None:
            return
        # The claims doubted: those of the nearest earlier sentence with attributed or sourceless
        # claims, in this or the previous paragraph, and any after it.
        text = self.text
        para = text.rfind("\n", 0, sent.start_char)
        para = text.rfind("\n", 0, para) if para > 0 else -1
        earlier = [c for c in self.claims if not c.by_author and para < c.content.start_char
                   and c.content.end <= sent.start]
        if earlier:
            first = max(c.content.sent.start for c in earlier)
            for claim in earlier:
                if claim.content.end > first:
                    claim.doubted_by = "author"

    def _rumour(self, noun: Token) -> None:
        sent = self._free_sentence(noun)
        if sent is None or noun.pos_ != "NOUN":
            return
        content = None
        for child in noun.children:
            if child.dep_ in _CONTENT_LINKS:
                content = _trim(self.doc[child.left_edge.i:child.right_edge.i + 1])
                break
        self._add(sent, content, "speculated", self.doc[noun.i:noun.i + 1], by_author=False)

    def _predict(self, word: Token) -> None:
        sent = self._free_sentence(word)
        if sent is None:
            return
        head = word.head
        future = any(c.dep_ == "aux" and c.lower_ in _FUTURE for c in head.children)
        takes_to = any(c.dep_ == "xcomp" for c in word.children) or (
            word.i + 1 < len(self.doc) and self.doc[word.i + 1].lower_ == "to")
        if future or takes_to:
            end = word.i + (2 if word.lower_ in ("set", "bound") else 1)
            self._add(sent, None, "predicted", self.doc[word.i:end])

    def _hedge(self, word: Token) -> None:
        sent = self._free_sentence(word)
        if sent is None:
            return
        root = sent.root
        if word.i != root.i and word.head.i != root.i:
            return
        if word.lower_ in _SOURCELESS:
            self._add(sent, None, "reported", self.doc[word.i:word.i + 1], by_author=False)
            return
        if sent[-1].text == "?":
            return
        future = any(c.dep_ == "aux" and c.lower_ in _FUTURE for c in root.children)
        conditional = any(c.dep_ == "advcl" and any(m.lower_ in ("if", "unless") for m in c.children
                                                    if m.dep_ == "mark") for c in root.children)
        status = "hypothetical" if conditional else "predicted" if future else "speculated"
        end = word.i + 1
        while end < sent.end and self.doc[end - 1].lower_ in ("it", "is") and end - word.i < 3:
            end += 1
        self._add(sent, None, status, self.doc[word.i:end])
