"""Who is speaking: a cue's subject and listener as spans and as the actors layer's clusters.

Speakers come from the actors layer only: a subject that the actors layer resolved ("He" → Ushakov,
"the Kremlin" → Russia) takes that cluster; a subject it did not resolve keeps its span and no
speaker. "The report", "the statement" refer back to the last source whose cue was that kind of
report, which is how "according to the report, …" inherits The Insider.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..actors.model import ActorCluster

SUBJECTS = ("nsubj", "nsubj:outer")
# Right-hand dependents that belong to a name ("Kirill" ←flat— "Dmitriev").
_NAME_PARTS = ("flat", "flat:name", "compound", "fixed")


class ActorIndex:
    """Token index → the actor cluster whose mention covers it (one build per document)."""

    def __init__(self, doc: Doc) -> None:
        clusters: list[ActorCluster] = list(doc._.actors or []) if doc.has_extension("actors") else []
        self.by_token: dict[int, ActorCluster] = {}
        for cluster in clusters:
            for mention in cluster.mentions:
                for i in range(mention.start, mention.end):
                    self.by_token.setdefault(i, cluster)

    def of_span(self, span: Span | None, head: Token | None = None) -> ActorCluster | None:
        """The actor named by ``span``: its head's cluster first, else the first covered token's."""
        if span is None:
            return None
        if head is not None and head.i in self.by_token:
            return self.by_token[head.i]
        for i in range(span.start, span.end):
            if i in self.by_token:
                return self.by_token[i]
        return None


def noun_phrase(token: Token) -> Span:
    """The name or noun phrase headed by ``token``, without relative clauses or appositions."""
    end = token.i
    for child in token.rights:
        if child.dep_ in _NAME_PARTS or child.dep_ == "case" and child.text in ("'s", "’s"):
            end = max(end, child.right_edge.i if child.dep_ != "case" else child.i)
        else:
            break
    start = token.left_edge.i
    doc = token.doc
    while start < token.i and (doc[start].is_punct or doc[start].is_space):
        start += 1
    return doc[start:end + 1]


def subject_of(cue: Token) -> Token | None:
    """The cue's subject; for a verb in a coordination or an infinitive, the governing verb's."""
    for child in cue.children:
        if child.dep_ in SUBJECTS:
            return child
    if cue.dep_ in ("conj", "xcomp") and cue.head.i != cue.i:
        for child in cue.head.children:
            if child.dep_ in SUBJECTS:
                return child
    return None


def listener_of(cue: Token, takes_addressee: bool) -> Token | None:
    """"told Ushakov", "warned Kyiv", "said to reporters": the addressee's head token, if named."""
    for child in cue.children:
        if child.dep_ == "iobj" or (takes_addressee and child.dep_ == "obj"):
            return child
        if child.dep_ == "obl" and any(c.dep_ == "case" and c.lower_ == "to" for c in child.children):
            return child
    return None
