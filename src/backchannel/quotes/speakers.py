"""Who is speaking: a cue's subject and listener as spans and as the actors layer's clusters.

Speakers come from the actors layer only: a subject that the actors layer resolved ("He" → Ushakov,
"the Kremlin" → Russia) takes that cluster; a subject it did not resolve keeps its span and no
speaker. "The report", "the statement" refer back to the last source whose cue was that kind of
report, which is how "according to the report, …" inherits The Insider.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..actors.model import ActorCluster
from ..events.dates import RELATIVE_DAYS, WEEKDAYS

SUBJECTS = ("nsubj", "nsubj:outer")
_PHRASE_LINKS = frozenset({"flat", "flat:name", "compound", "appos", "nmod"})  # within one source phrase
_FINITE = frozenset({"VBD", "VBZ", "VBP"})
_ADJUNCTS = frozenset({"advcl", "acl", "conj", "xcomp"})
_MAX_CLIMB = 60  # heads climbed to a sentence's root at most
# Right-hand dependents that belong to a name ("Kirill" ←flat— "Dmitriev").
_NAME_PARTS = ("flat", "flat:name", "compound", "fixed")


class ActorIndex:
    """Token index → the actor cluster whose mention covers it (one build per document)."""

    def __init__(self, doc: Doc) -> None:
        clusters: list[ActorCluster] = list(doc._.actors or []) if doc.has_extension("actors") else []
        self.by_token: dict[int, ActorCluster] = {}
        self._possessive: set[int] | None = None
        self.persons: list[tuple[int, ActorCluster]] = []  # (token, cluster) of person mentions, text order
        self.clusters = clusters
        by_token = self.by_token
        persons = self.persons
        for cluster in clusters:
            person = cluster.kind == "person"
            for mention in cluster.mentions:
                start, end = mention.start, mention.end
                if end - start == 1:
                    if start not in by_token:
                        by_token[start] = cluster
                else:
                    for i in range(start, end):
                        if i not in by_token:
                            by_token[i] = cluster
                if person:
                    persons.append((start, cluster))
        self.persons.sort(key=lambda item: item[0])

    @property
    def possessive(self) -> set[int]:
        """Tokens of a mention followed by "'s" ("Labour's"); built on first use."""
        if self._possessive is None:
            self._possessive = set()
            for cluster in self.clusters:
                for mention in cluster.mentions:
                    doc = mention.doc
                    if mention.end < len(doc) and doc[mention.end].text in ("'s", "’s", "'", "’"):
                        self._possessive.update(range(mention.start, mention.end))
        return self._possessive

    def first_mentions(self) -> list[tuple[int, ActorCluster]]:
        """(token, cluster) of each cluster's first mention (rarely needed: built on each call)."""
        return [(min(m.start for m in c.mentions), c) for c in self.clusters if c.mentions]

    def speaker_of(self, span: Span, head: Token) -> ActorCluster | None:
        """The actor a source phrase names: the head's cluster; else a person named in the phrase
        ("CEO of the Refugee Council Enver Solomon"); else the first actor that is not a possessor
        ("Labour's Shadow Home Secretary …" is not Labour)."""
        if head.i in self.by_token:
            return self.by_token[head.i]
        clauses = [c for c in head.children if c.dep_.startswith("acl")]
        inside = [i for i in range(span.start, span.end)  # not in "a letter [seen by Sky News]"
                  if i in self.by_token and not any(c.left_edge.i <= i <= c.right_edge.i for c in clauses)]
        person = next((self.by_token[i] for i in inside if self.by_token[i].kind == "person"), None)
        if person is not None:
            return person
        return next((self.by_token[i] for i in inside if i not in self.possessive), None)

    def last_publication(self, before: int) -> ActorCluster | None:
        """The news organisation mentioned last before token ``before`` (None when there is none)."""
        best, at = None, -1
        for cluster in self.clusters:
            if cluster.sector != "JRN" or cluster.kind != "organization":
                continue
            for mention in cluster.mentions:
                if at < mention.start < before:
                    best, at = cluster, mention.start
        return best

    def recent_person(self, pronoun: Token, since: int) -> ActorCluster | None:
        """The one person mentioned between token ``since`` and ``pronoun``, when there is exactly one."""
        found = {id(c): c for i, c in self.persons if since <= i < pronoun.i}
        return next(iter(found.values())) if len(found) == 1 else None

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
    return Span(doc, start, end + 1)


def source_phrase(token: Token) -> Span:
    """The whole noun phrase that names a source, as a reader would highlight it: determiners,
    modifiers, "of"-phrases and an apposition that says who the source is ("Chris Brownell, an
    audience member"), without a relative clause on the head (usually incidental: "Kasich, who has the
    hardest path, said …"), a participle after a comma ("Trump, speaking in Virginia, said …") or edge
    punctuation. A pronoun or a name is the token's own span."""
    doc = token.doc
    if token.pos_ == "PRON":
        return doc[token.i:token.i + 1]
    start, end = token.left_edge.i, token.i + 1
    for child in token.rights:
        if child.dep_ in ("acl:relcl", "parataxis") or (
                child.dep_ == "acl" and child.tag_ == "VBG" and "," in (doc[child.left_edge.i].text,
                                                                      doc[child.left_edge.i - 1].text)):
            break  # nor a participle after a comma: "Trump, speaking to a veterans group, said …"
        if child.dep_ == "punct":
            continue
        end = child.right_edge.i + 1
    for child in token.lefts:
        if child.dep_ in ("acl:relcl", "parataxis", "advmod", "obl", "nmod") or (
                child.right_edge.i + 1 < token.i and doc[child.right_edge.i + 1].text == ","):
            start = max(start, child.right_edge.i + 1)
    while start < token.i and (doc[start].is_punct or doc[start].is_space):
        start += 1
    while end - 1 > token.i and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    if token.is_space:  # "Gov.  Mike Pence": a double space taken for the head
        while start < end and doc[start].is_space:
            start += 1
        while end > start and doc[end - 1].is_space:
            end -= 1
        if start == end:
            return doc[token.i:token.i + 1]
    return Span(doc, start, end)


def _to_infinitive(verb: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "to" for c in verb.children)


def _continued_subject(verb: Token) -> Token | None:
    """The subject of the nearest verb above ``verb`` that has one, climbing only through infinitives,
    coordinations and participles ("went on to explain", "going on to say"), never out of a clause
    complement or a relative clause."""
    head = verb.head
    for _ in range(_MAX_CLIMB):
        subject = next((child for child in head.children if child.dep_ in SUBJECTS), None)
        if subject is not None:
            return subject
        if head.dep_ not in _ADJUNCTS or head.dep_ == "acl" or head.head.i == head.i:
            return None
        head = head.head
    return None


def _preverbal_noun(cue: Token) -> Token | None:
    """A finite cue the parse gave no subject ("In a meeting with the Post Trump said …", "the NAACP
    called for …" read as a clause on "NAACP"): the noun phrase that ends right before it (across the
    closing comma of an apposition), its topmost noun that still ends before the cue."""
    doc = cue.doc
    i = cue.i - 1
    while i >= 0 and doc[i].head.i == cue.i and doc[i].dep_ in ("aux", "advmod"):
        i -= 1
    if i >= 0 and doc[i].text == ",":
        i -= 1
    if i < 0 or doc[i].pos_ not in ("PROPN", "NOUN") or doc[i].is_space:
        return None
    noun = doc[i]
    for _ in range(_MAX_CLIMB):
        head = noun.head
        if (head.i == noun.i or head.i >= cue.i or head.pos_ not in ("PROPN", "NOUN") or head.right_edge.i >= cue.i
                or noun.dep_ not in _PHRASE_LINKS):
            break
        noun = head
    if (noun.dep_ in ("obl", "obj", "iobj", "nmod:poss")
            or any("\n" in doc[j].text_with_ws for j in range(noun.left_edge.i, cue.i))):
        return None  # "In a meeting with the Post Trump said": the phrase is the verb's adjunct, not its subject
    return noun


def subject_of(cue: Token) -> Token | None:
    """The cue's subject; for a verb in a coordination or an infinitive, the governing verb's; for "X as
    saying", X; for a participle after a comma (", adding that …"), the main clause's; for a
    passive, its agent ("was reported by the Post"). When the parse
    gives the cue two subjects (a quotation's first noun taken for one: "“Tax breaks …,”
    Sanders said"), the one nearest the cue."""
    children = list(cue.children)
    found = [child for child in children if child.dep_ in SUBJECTS
             and not (child.i > cue.i and (child.lower_ in WEEKDAYS or child.lower_ in RELATIVE_DAYS))]
    # (not "…,” Moore said Friday" with the date taken for an inverted subject)
    if found:
        return min(found, key=lambda child: abs(child.i - cue.i))
    agent = next((child for child in children if child.dep_ == "obl:agent"), None)
    if agent is not None:
        return agent  # "was first reported by The Washington Post"
    if (cue.dep_ in ("acl", "advcl") and cue.head.pos_ in ("NOUN", "PROPN") and cue.head.i < cue.i
            and any(c.dep_ == "mark" and c.lower_ == "as" for c in cue.children)):
        return cue.head  # "cited sources as saying that …"
    if cue.dep_ in ("conj", "xcomp") and cue.head.i != cue.i:
        for child in cue.head.children:
            if child.dep_ in SUBJECTS:
                return child
        head = cue.head
        if head.head.i != head.i and (head.dep_ == "xcomp" or (head.dep_ == "advcl" and (
                _to_infinitive(head) or not any(c.dep_ == "mark" for c in head.children)))):
            # "went on [to explain] how …", "…, going on [to say] that …": the verb the infinitive
            # continues speaks for the subject it has in turn (not "… for making X and presenting Y")
            return _continued_subject(head)
    if cue.dep_ == "advcl" and cue.head.pos_ in ("VERB", "AUX") and _to_infinitive(cue):
        return _continued_subject(cue)  # "Ham went on [to explain] …", "Stumpf refused [to admit] that …"
    if cue.tag_ == "VBG" and cue.dep_ in _ADJUNCTS and cue.i > 0 and cue.doc[cue.i - 1].text == ",":
        # "Peabody said …, adding that …", "The committee filed a complaint, claiming that …": a
        # participle after a comma speaks for the subject of its sentence's main clause
        root = cue
        for _ in range(_MAX_CLIMB):
            if root.head.i == root.i:
                break
            root = root.head
        return next((child for child in root.children if child.dep_ in SUBJECTS), None)
    if cue.tag_ in _FINITE and cue.dep_ in ("ROOT", "acl"):
        return _preverbal_noun(cue)
    if cue.tag_ == "VBG" and cue.dep_ == "advcl" and cue.head.i != cue.i:
        # "… complained, even suggesting that …", "ruled it out and could not resist pointing out that …":
        # an adverbial participle speaks for the nearest governing verb with a subject
        head = cue.head
        for _ in range(_MAX_CLIMB):
            subject = next((child for child in head.children if child.dep_ in SUBJECTS), None)
            if subject is not None or head.dep_ not in _ADJUNCTS or head.head.i == head.i:
                return subject
            head = head.head
    return None


def listener_of(cue: Token, takes_addressee: bool, children: list[Token] | None = None) -> Token | None:
    """"told Ushakov", "warned Kyiv", "said to reporters": the addressee's head token, if named
    (``children``: the cue's, when the caller has them)."""
    for child in cue.children if children is None else children:
        if child.dep_ == "iobj" or (takes_addressee and child.dep_ == "obj"):
            return child
        if child.dep_ == "obl" and any(c.dep_ == "case" and c.lower_ == "to" for c in child.children):
            return child
    return None
