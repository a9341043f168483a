"""Sources, targets and places of a trigger, found on the UD parse and resolved to actor clusters.

Verbs: the subject is the source, ``obj``/``iobj``/the frame's ``obl:PREP`` the target; a passive
subject is the target and ``by``-agent the source; a verb in a coordination or an infinitive
("agreed to meet X") borrows its governing verb's subject. Nouns: a possessor or a demonym
("Russia's invasion", "US sanctions") is the source, the frame's ``nmod:PREP`` the target, and a
light verb ("held talks", "imposed sanctions on Moscow") lends its subject and its obliques.
Coordinated phrases become lists ("Russia and Ukraine" → two actors).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Container
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from ..actors.model import ActorCluster
from .dates import is_date_word
from .tree import children, conjuncts

SUBJECTS = ("nsubj", "nsubj:outer")
PASSIVE_SUBJECTS = ("nsubj:pass",)
PLACE_KINDS = ("place", "country")
PLACE_CASES = ("in", "at", "near", "outside", "inside")
OF_CASES = ("of", "from", "by", "for", "in", "on", "against")
RELATIVE_TAGS = ("WDT", "WP", "WP$")  # which, that; who, whom; whose
PURPOSE_VERBS = frozenset({"help", "assist", "aid", "support"})  # "… to help X": X is who aid is for
PURPOSE_DEPS = ("advcl", "acl", "xcomp")


class ActorIndex:
    """Token index → the actor cluster whose mention covers it (one build per document)."""

    def __init__(self, doc: Doc) -> None:
        # the first cluster whose mention covers a token is its actor
        covered = [(i, cluster) for cluster in ((doc._.actors or []) if doc.has_extension("actors") else [])
                   for mention in cluster.mentions for i in range(mention.start, mention.end)]
        self.by_token: dict[int, ActorCluster] = dict(reversed(covered))
        self.covered: list[int] = sorted(self.by_token)  # for ``inner_actor``'s "any actor in this span?"

    def actor(self, token: Token, target: bool = False) -> ActorCluster | None:
        """The actor a phrase headed by ``token`` names: the head's cluster, else a demonym, possessor
        or compound modifier's ("Ukrainian energy facilities" → Ukraine's cluster when there is one).
        ``target``: the phrase fills the target role, where a possessive pronoun names the source's own
        ("Riyadh lifted its blockade of Yemen": Yemen, not "its")."""
        found = self.by_token.get(token.i)
        if found is not None:
            return found
        for child in children(token):
            if child.dep_ in ("amod", "compound", "nmod:poss") and child.i in self.by_token \
                    and not (target and own(child)):
                return self.by_token[child.i]
        # A title named in apposition: "the Palestinian president, Mahmoud Abbas".
        for child in children(token):
            if child.dep_ == "appos" and child.i in self.by_token:
                return self.by_token[child.i]
        # A phrase that names its actor in a modifier: "a request from the Times", "an appeal by X",
        # "an arms depot of the Syrian army", "a base in Saudi Arabia".
        for child in children(token):
            if child.dep_.split(":")[0] == "nmod" and child.dep_ != "nmod:poss" and case_of(child) in OF_CASES:
                found = self.by_token.get(child.i)
                if found is not None:
                    return found
        return self.inner_actor(token, target)

    def named_twice_before(self, token: Token) -> bool:
        """Whether two or more actor tokens come before ``token`` inside its phrase: a cheap test, before the
        modifiers are read for a coordination ("UK and EU negotiators")."""
        at = bisect_left(self.covered, token.i)  # the covered tokens before ``token`` end at ``at``
        return at >= 2 and self.covered[at - 2] >= token.i - MAX_PHRASE and self.covered[at - 2] >= token.left_edge.i

    def inner_actor(self, token: Token, target: bool = False) -> ActorCluster | None:
        """The nearest actor named deeper inside the phrase headed by ``token``, breadth first, in text order
        at each depth ("a planned visit to Washington", "positions of the Hezbollah militant group in Lebanon",
        "the Syrian army's arms depot"): relative clauses, appositions, conjuncts and time phrases are not
        entered (``PHRASE_CUT``), nor a phrase of more than ``MAX_PHRASE`` tokens (a parse gone wrong)."""
        covered = self.covered
        at = bisect_left(covered, token.i - MAX_PHRASE)
        if at == len(covered) or covered[at] > token.i + MAX_PHRASE:  # no actor near: most generic phrases
            return None
        left, right = token.left_edge.i, token.right_edge.i
        if right - left >= MAX_PHRASE:
            return None
        at = bisect_left(covered, left)
        if at == len(covered) or covered[at] > right:  # no actor under the phrase
            return None
        level = [token]
        for _ in range(INNER_DEPTH):
            below: list[Token] = []
            for head in level:
                for child in children(head):
                    dep = child.dep_
                    if dep in PHRASE_CUT or (dep[:3] in ("nmo", "obl") and is_time(child)) or (target and own(child)):
                        continue
                    found = self.by_token.get(child.i)
                    if found is not None:
                        return found
                    below.append(child)
            if not below:
                break
            level = below
        return None

    def actors(self, tokens: list[Token], target: bool = False) -> list[ActorCluster]:
        """The actors of phrases headed by ``tokens`` and their conjuncts, each once, in order (``target``: see
        ``actor``)."""
        found: list[ActorCluster] = []
        for token in tokens:
            more = modifier_conjuncts(token) if self.named_twice_before(token) else ()
            for part in (token, *conjuncts(token), *more):
                cluster = self.actor(part, target)
                if cluster is not None and cluster not in found:
                    found.append(cluster)
        return found


MODIFIER_DEPS = ("compound", "amod")


def own(token: Token) -> bool:
    """Whether ``token`` is a possessive pronoun ("its blockade", "their support"): in a target phrase it names
    the source's own, not the target."""
    return token.dep_ == "nmod:poss" and token.pos_ == "PRON"


def modifier_conjuncts(token: Token) -> list[Token]:
    """The coordinated modifiers that name who a phrase is, beyond the first: "UK and EU negotiators" → EU,
    whether the parser made "EU" a conjunct of "UK" or a second compound carrying the ``cc``."""
    found: list[Token] = []
    previous: Token | None = None
    for m in children(token):
        if m.dep_ not in MODIFIER_DEPS or m.i > token.i:
            continue
        found.extend(c for c in conjuncts(m) if c.i < token.i)
        if previous is not None and previous.dep_ == m.dep_ and any(c.dep_ == "cc" for c in children(m)):
            found.append(m)
        previous = m
    return found


def coordinated(token: Token) -> bool:
    """Whether the phrase headed by ``token`` names two or more participants: its head is coordinated ("Russia
    and Ukraine") or a modifier is ("UK and EU negotiators")."""
    return bool(conjuncts(token)) or bool(modifier_conjuncts(token))


def case_of(token: Token) -> str | None:
    for child in children(token):
        if child.dep_ == "case":
            return child.lower_
    return None


def subjects(verb: Token) -> tuple[list[Token], list[Token]]:
    """(active subjects, passive subjects) of ``verb``, borrowed from the governing verb when a
    coordinated or infinitival verb has none of its own; a passive subject borrowed by an infinitive or by an
    active conjunct is its active subject ("was forced to resign", "was defeated and resigned"), by a passive
    conjunct its passive subject ("was arrested and charged")."""
    current = verb
    for _ in range(3):
        active = [c for c in children(current) if c.dep_ in SUBJECTS]
        passive = [c for c in children(current) if c.dep_ in PASSIVE_SUBJECTS]
        if passive and current.i != verb.i and (verb.dep_ == "xcomp" or verb.tag_ != "VBN") \
                and not any(c.dep_ == "aux:pass" for c in children(verb)):
            # "X was forced to resign", "X was defeated and resigned": X does the borrowing verb's act
            return active + passive, []
        if active or passive:
            return active, passive
        if current.dep_ in ("conj", "xcomp") and current.head.i != current.i:
            current = current.head
        else:
            break
    return [], []


def antecedents(tokens: list[Token]) -> list[Token]:
    """``tokens`` with each relative pronoun replaced by the noun its clause modifies ("a policy which the
    UN criticised": policy; "the amnesty, which the Home Office rejects": amnesty), for the role phrases
    only: the parser often hangs the clause on the wrong noun, so no actor is taken from it (an event in a
    relative clause, "activists who had been jailed", is background and not coded from the antecedent)."""
    return [t.head.head if t.tag_ in RELATIVE_TAGS and t.head.dep_ == "acl:relcl" and t.head.head.i != t.head.i
            else t for t in tokens]


def agents(verb: Token) -> list[Token]:
    """The ``by``-phrase of a passive verb."""
    return [c for c in children(verb) if c.dep_ == "obl:agent" or (c.dep_ == "obl" and case_of(c) == "by"
                                                                  and verb.tag_ == "VBN")]


# Obliques of an infinitive that name who an intent is aimed at ("threatened to close its border with X").
XCOMP_CASES = ("to", "with", "against", "on", "from", "into")


@lru_cache(maxsize=1024)
def parse_slots(slots: tuple[str, ...]) -> tuple[tuple[tuple[str, str, str], ...], frozenset[str]]:
    """A frame's slots as (kind, relation, preposition): ``case`` for ``rel:PREP``, ``xcomp``, else ``dep``
    (the relation itself); and the prepositions of its ``obl:PREP`` slots."""
    parsed = tuple(("case", *slot.split(":", 1)) if ":" in slot else ("xcomp", slot, "") if slot == "xcomp"
                   else ("dep", slot, "") for slot in slots)
    return parsed, frozenset(slot.split(":", 1)[1] for slot in slots if slot.startswith("obl:"))  # type: ignore[return-value]


def slot_tokens(head: Token, slots: tuple[str, ...]) -> list[Token]:
    """The dependents of ``head`` that fill the frame's target slots (``obj``, ``obl:with`` …).

    ``obj?``: the object, only when no other slot is filled ("abducted hostages", but "gave Putin a warning").
    An ``obl:PREP`` slot is also filled by the object's ``nmod:PREP`` when the parser hung the phrase on
    the object ("suspended aid to Egypt", "provided $2 million in assistance to Fiji") or on a participle
    modifying it ("lifted sanctions imposed on China"); ``xcomp`` by the
    infinitive's object and its obliques ("offered to send troops to Uganda")."""
    found: list[Token] = []
    objects = direct_objects(head)
    parsed, preps = parse_slots(slots)
    for child in children(head):
        dep = child.dep_
        rel = dep.split(":")[0]
        case: str | None | bool = False  # the child's case word, read at most once (False: not read yet)
        for kind, slot, prep in parsed:
            if kind == "case":
                if rel == slot:
                    if case is False:
                        case = case_of(child)
                    if case == prep:
                        if not is_time(child):  # "lifted sanctions against Sudan on Friday": not Friday
                            found.append(child)
                        break
            elif kind == "xcomp":
                if dep == "xcomp":
                    found.extend(c for c in children(child) if c.dep_ in ("obj", "iobj") or (
                        c.dep_.split(":")[0] == "obl" and case_of(c) in XCOMP_CASES))
                    found.extend(n for o in children(child) if o.dep_ == "obj" for n in children(o)
                                 if n.dep_.split(":")[0] == "nmod" and case_of(n) in XCOMP_CASES)
                    break
            elif dep == slot or (slot == "obj" and child in objects):  # an object the parser hung as xcomp
                found.append(child)
                break
    if preps and not any(t.dep_.split(":")[0] == "obl" for t in found):
        # a passive subject is what the verb acts on: "the strike against Petrobras was called off"
        for obj in objects or [c for c in children(head) if c.dep_ in PASSIVE_SUBJECTS]:
            for part in (obj, *(n for n in children(obj) if n.dep_.split(":")[0] == "nmod"
                                and case_of(n) in ("in", "of"))):
                found.extend(n for n in children(part) if n.dep_.split(":")[0] == "nmod" and case_of(n) in preps)
                # "lifted sanctions imposed on China": the participle hung on the object names the target
                found.extend(o for v in children(part) if v.dep_ == "acl" and v.pos_ == PARTICIPLE_POS
                             for o in children(v) if o.dep_.split(":")[0] == "obl" and case_of(o) in preps)
    # a passive subject is the target ("was awarded a medal"): the object is then the thing given
    if not found and "obj?" in slots and not any(c.dep_ in PASSIVE_SUBJECTS for c in children(head)):
        found.extend(objects)
    if "purpose" in slots:
        found.extend(purpose_targets(head))
    return [t for t in found if not is_time(t)]


def purpose_targets(head: Token) -> list[Token]:
    """The objects of a purpose infinitive of helping hung on ``head`` or inside its phrases, no other verb
    between ("donated ventilators to assist Ethiopia", "announced assistance of €60 million to help people
    in Somalia"): who the aid is for (a frame's ``purpose`` slot)."""
    found: list[Token] = []
    for token in head.subtree:
        if token.dep_ not in PURPOSE_DEPS or token.lemma_.lower() not in PURPOSE_VERBS \
                or not any(c.dep_ == "mark" and c.lower_ == "to" for c in children(token)):
            continue
        step = token.head
        while step.i != head.i and step.pos_ not in ("VERB", "AUX") and step.head.i != step.i:
            step = step.head
        if step.i == head.i:
            found.extend(c for c in children(token) if c.dep_ in ("obj", "iobj"))
    return found


def direct_objects(verb: Token) -> list[Token]:
    """``verb``'s objects; a noun the parser hung as ``xcomp`` counts when there is no ``obj`` ("has suspended
    aid to X", where "aid" came out as a predicate)."""
    objects = [c for c in children(verb) if c.dep_ == "obj"]
    return objects or [c for c in children(verb) if c.dep_ == "xcomp" and c.pos_ == "NOUN"]


def object_lemmas(verb: Token) -> set[str]:
    """What a verb's object is about: the object's lemma, its compounds, the noun it is counted in
    ("$2 million in aid", "a shipment of arms") and a ``with`` complement ("provided Egypt with aid"); a
    passive verb's subject when it has no object ("sanctions were lifted")."""
    objects: list[Token] = []
    predicates: list[Token] = []  # nouns hung as xcomp, objects when there is no obj
    withs: list[Token] = []
    passives: list[Token] = []
    for child in children(verb):
        dep = child.dep_
        if dep == "obj":
            objects.append(child)
        elif dep == "xcomp" and child.pos_ == "NOUN":
            predicates.append(child)
        elif dep.startswith("obl") and case_of(child) == "with":
            withs.append(child)
        elif dep in PASSIVE_SUBJECTS:  # "the strike was called off", "sanctions were lifted"
            passives.append(child)
    found: set[str] = set()
    for obj in objects or predicates or passives:
        found.add(obj.lemma_.lower())
        for part in children(obj):
            if part.dep_ == "compound" or (part.dep_.split(":")[0] == "nmod" and case_of(part) in ("in", "of")):
                found.add(part.lemma_.lower())
    if objects:
        found.update(w.lemma_.lower() for w in withs)
    return found


# Dependents that do not belong to a participant's phrase: clauses and appositions hung on it, its
# conjuncts (phrases of their own), punctuation, and the preposition that introduces it.
PHRASE_CUT = frozenset({"acl", "acl:relcl", "appos", "punct", "cc", "conj", "parataxis", "advcl", "case", "mark",
                        "dep", "list", "dislocated"})
PARTICIPLE_POS = "VERB"
TIME_ENTS = frozenset({"DATE", "TIME"})  # "on Tuesday", "16 years": when, never who
MAX_PHRASE = 24  # tokens; a longer phrase is cut to its head (a parse gone wrong, or a run-on list)
MAX_PHRASES = 8  # phrases per role
INNER_DEPTH = 3  # dependency levels searched below a role's head for the actor it names (``inner_actor``)


def is_time(token: Token) -> bool:
    """Whether ``token`` heads a time expression ("on Tuesday", "16 years", "in 2019"), never a participant.
    "May" is left alone (Theresa May)."""
    return token.ent_type_ in TIME_ENTS or (token.lower_ != "may" and is_date_word(token))


def phrase(token: Token) -> Span:
    """The words of the participant phrase headed by ``token``: its head and the dependents that modify
    it ("at least 75 displaced people in eastern Syria"), without relative clauses, appositions and
    conjuncts ("another ethnic Chechen who had fought …" → "another ethnic Chechen")."""
    left = right = token.i
    for child in children(token):
        if child.dep_ in PHRASE_CUT or (child.dep_[:3] in ("nmo", "obl") and is_time(child)):
            continue
        if child.i < token.i:
            left = min(left, child.left_edge.i)
        else:
            right = max(right, child.right_edge.i)
    if right - left >= MAX_PHRASE:
        left = right = token.i
    return token.doc[left:right + 1]


def phrases(doc: Doc, heads: list[Token], named: Container[int] = ()) -> list[Span]:
    """One phrase per head and per conjunct of a head ("Russia and Ukraine": two), each once, in text order.
    A bare pronoun is left out unless its index is in ``named`` (tokens the actors layer resolved): "it"
    says nothing to a reader."""
    seen: set[int] = set()
    found: list[Span] = []
    for head in heads:
        for part in (head, *conjuncts(head)):
            if part.pos_ == "PRON" and part.i not in named:
                continue
            if part.i not in seen and len(found) < MAX_PHRASES:
                seen.add(part.i)
                found.append(phrase(part))
    return sorted(found, key=lambda span: span.start)


def place_of(heads: list[Token], index: ActorIndex) -> tuple[ActorCluster | None, Token | None]:
    """A place named for the event ("in Istanbul", "at the border"): its cluster, and its token."""
    for head in heads:
        for child in children(head):
            if child.dep_.split(":")[0] in ("obl", "nmod") and case_of(child) in PLACE_CASES:
                cluster = index.by_token.get(child.i)
                if cluster is not None and cluster.kind in PLACE_KINDS:
                    return cluster, child
                if child.ent_type_ in ("GPE", "LOC", "FAC"):
                    return None, child
    return None, None
