"""Clause and phrase tests the events layer applies to trigger tokens: the lemma, whether a clause is the
sentence's own or background, a verb's oblique lemmas, a noun's modifiers, counted objects ("a wave of
airstrikes") and generic participants ("more than 500 civilians")."""

from __future__ import annotations

from spacy.tokens import Token

from .arguments import case_of
from .tree import children

# Nouns that count or group events: "a new round of talks", "a wave of strikes", "a series of attacks".
COUNT_NOUNS = frozenset({"round", "series", "wave", "spate", "string", "number", "flurry", "barrage", "volley",
                         "set", "couple", "campaign"})
# Words that make their subject answer for an event noun: "X was responsible for / guilty of the killings"
# (adjective → the preposition of the event) and "X claimed responsibility for the attack" (noun → the verbs
# that take it).
ANSWERABLE_ADJECTIVES = {"responsible": "for", "accountable": "for", "guilty": "of", "culpable": "for"}
RESPONSIBILITY_NOUNS = frozenset({"responsibility", "credit"})
RESPONSIBILITY_VERBS = frozenset({"claim", "take", "accept", "admit", "assume", "bear"})
# Heads of a generic participant ("killed 20 civilians", "a court released X"): a nominal that is no actor.
GENERIC_POS = ("NOUN", "PROPN", "PRON", "NUM")


def lemma_of(token: Token) -> str:
    """The lower-cased lemma, as the lexicon keys it."""
    return token.lemma_.lower()


def main_clause(token: Token) -> bool:
    """Whether ``token`` heads a main clause, a clause coordinated with one or the content of a report
    ("X said rebels freed …"): not a relative, adverbial or purpose clause ("who were jailed in 2014",
    "after accusing", "to fight Ebola"), whose events are background to the sentence's own."""
    current = token
    for _ in range(6):
        dep = current.dep_
        if dep == "ROOT" or current.head.i == current.i:
            return True
        if dep not in ("conj", "ccomp", "parataxis", "xcomp") or (dep == "xcomp" and any(
                c.dep_ == "mark" for c in children(current))):
            return False
        current = current.head
    return False


def obliques(verb: Token) -> set[str]:
    """Lemmas of ``verb``'s oblique nominals ("remained on alert": alert), for ``obl=`` conditions."""
    return {lemma_of(c) for c in children(verb) if c.dep_.split(":")[0] == "obl"}


def counted(objects: list[Token]) -> list[Token]:
    """``objects`` and the nouns a counting object counts ("a wave of airstrikes": wave, airstrikes)."""
    return objects + [n for o in objects if lemma_of(o) in COUNT_NOUNS for n in children(o)
                      if n.dep_.startswith("nmod") and case_of(n) == "of"]


def particles(verb: Token) -> set[str]:
    """Lemmas of a verb's particles ("called off": off), for a row's ``prt=`` condition."""
    return {lemma_of(c) for c in children(verb) if c.dep_ == "compound:prt"}


def modifiers(noun: Token) -> set[str]:
    """Lemmas of a noun's compound and adjective modifiers ("hunger strike", "general strike", "cyber
    warfare"), for a row's ``compound=`` / ``compound!=`` conditions."""
    return {lemma_of(c) for c in children(noun) if c.dep_ in ("compound", "amod")}


def is_generic(heads: list[Token]) -> bool:
    """Whether one of ``heads`` is a nominal participant, named or not ("more than 500 civilians")."""
    return any(h.pos_ in GENERIC_POS for h in heads)


def answerable_for(noun: Token) -> Token | None:
    """The word whose subject is the source of the event ``noun`` names, when the sentence says who answers
    for it: the adjective in "X was responsible for the killings", the verb in "X claimed responsibility for
    the attack"; else None."""
    head = noun.head
    if head.i == noun.i or not noun.dep_.startswith(("obl", "nmod")):
        return None
    case = case_of(noun)
    if head.pos_ == "ADJ" and ANSWERABLE_ADJECTIVES.get(lemma_of(head)) == case:
        return head
    if case == "for" and lemma_of(head) in RESPONSIBILITY_NOUNS and head.dep_ == "obj" \
            and lemma_of(head.head) in RESPONSIBILITY_VERBS:
        return head.head
    return None
