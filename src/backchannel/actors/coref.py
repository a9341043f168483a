"""Pronouns and definite nominals resolved to actors, only where the context allows one reading.

Precision comes first: a pronoun or nominal that could point at two actors is left out, since a
wrong speaker or event source misleads an analyst more than a missing one.

Pronouns (he/she/him/her/his/hers/himself/herself for people; it/its for organisations and
countries; they/them/their for organisations, groups and armed forces):

1. *Binding*: "Putin said he …" — a pronoun inside a clause that is the complement of a verb whose
   subject is an agreeing actor, and no other agreeing actor is that verb's object.
2. *Unique antecedent*: otherwise, the agreeing actors mentioned from the start of the previous
   sentence up to the pronoun (going back at most three sentences when that span has none) must be
   exactly one. An unresolved agreeing pronoun on the way stops the search, and for it/they an
   ordinary noun that could be the antecedent ("the talks … they") blocks it.

Agreement: gender (from first names, titles and nouns such as "spokeswoman"; unknown agrees with
both), number, and animacy (he/she never for an organisation).

Nominals ("the president", "the US president", "the envoy", "the agency"): the earlier actors
whose stated role (``roles``) or name ("... Agency") has that head noun — and, when the nominal
names a country ("the Russian president"), a role of that country — must be exactly one.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import numpy
from spacy.attrs import SENT_START
from spacy.tokens import Doc, Span, Token

from .clusters import Registry
from .model import ActorCluster
from .roles import role_entry_at
from .tokens import Tokens
from .vocab import person_nouns, polity


@dataclass(frozen=True)
class PronounForm:
    kinds: frozenset[str]
    gender: str | None
    plural: bool


_PERSON = frozenset({"person"})
_THING = frozenset({"organization", "country"})
_GROUP = frozenset({"organization", "group"})
PRONOUNS: dict[str, PronounForm] = {
    **{w: PronounForm(_PERSON, "m", False) for w in ("he", "him", "his", "himself")},
    **{w: PronounForm(_PERSON, "f", False) for w in ("she", "her", "hers", "herself")},
    **{w: PronounForm(_THING, None, False) for w in ("it", "its", "itself")},
    **{w: PronounForm(_GROUP, None, True) for w in ("they", "them", "their", "theirs", "themselves")},
}
_COMPLEMENT = frozenset({"ccomp", "xcomp", "advcl", "parataxis"})
_ARGUMENT = frozenset({"nsubj", "nsubj:pass", "obj"})
_SLOTS = frozenset({"nsubj", "nsubj:pass", "obj", "iobj", "nmod:poss", "obl", "obl:agent", "appos", "conj", "nmod"})
_WINDOW_BACK = 3


@dataclass
class _State:
    starts: list[int]  # token index of each mention's start, sorted
    holders: list[ActorCluster]
    sent_starts: list[int]
    unresolved: list[tuple[int, str]]  # (token index, pronoun lower) left out


def _agrees(registry: Registry, cluster: ActorCluster, form: PronounForm) -> bool:
    if cluster.kind not in form.kinds:
        return False
    if form.gender is not None:
        known = registry.gender.get(cluster)
        return known is None or known == form.gender
    if form.plural:
        return cluster.kind == "group" or cluster.sector == "MIL" or cluster.kind == "organization"
    return True


def _bound(registry: Registry, tok: Token, form: PronounForm) -> ActorCluster | None:
    """"X said (that) he …": the agreeing subject of the verb that governs the pronoun's clause."""
    node = tok
    while node.dep_ not in _COMPLEMENT and node.head.i != node.i:
        node = node.head
        if node.pos_ in ("VERB", "AUX", "ADJ", "NOUN") and node.dep_ in _COMPLEMENT:
            break
    if node.dep_ not in _COMPLEMENT or node.head.i == node.i:
        return None
    verb = node.head
    subject: ActorCluster | None = None
    for child in verb.children:
        held = registry.by_token.get(child.i)
        if held is None or not _agrees(registry, held, form):
            continue
        if child.dep_ in ("nsubj", "nsubj:pass"):
            subject = held
        elif child.dep_ in ("obj", "iobj", "obl", "obl:arg") and child.i < tok.i:
            return None
    if subject is not None and any(m.start < tok.i for m in subject.mentions):
        return subject
    return None


def _sentence(state: _State, i: int) -> int:
    return bisect.bisect_right(state.sent_starts, i) - 1


def _window_candidates(toks: Tokens, registry: Registry, state: _State, tok: Token,
                       form: PronounForm) -> set[ActorCluster] | None:
    """Agreeing actors near the pronoun; None when an earlier unresolved pronoun makes it ambiguous."""
    sent = _sentence(state, tok.i)
    lo_sent = max(sent - 1, 0)
    while True:
        lo = state.sent_starts[lo_sent]
        a, b = bisect.bisect_left(state.starts, lo), bisect.bisect_left(state.starts, tok.i)
        found = {c for c in state.holders[a:b] if _agrees(registry, c, form)}
        blocked = any(lo <= i < tok.i and PRONOUNS[w] == form for i, w in state.unresolved)
        if blocked:
            return None
        if found or lo_sent == 0 or sent - lo_sent >= _WINDOW_BACK:
            break
        lo_sent -= 1
    if found and _blocked(toks, registry, lo, tok, form):
        return None
    return found


def _blocked(toks: Tokens, registry: Registry, lo: int, tok: Token, form: PronounForm) -> bool:
    """Whether something that is not an actor could be the antecedent, so that resolving would be a guess.

    * a name the NER missed (a capitalised proper noun in an argument slot that no actor holds) —
      with an NER this weak, the likeliest reason for a wrong antecedent;
    * for he/she, a singular noun denoting a person ("the doctor", "his father");
    * for it/they, any ordinary noun of the same number in an argument slot ("the plan … it").
    """
    want = "Plur" if form.plural else "Sing"
    people = person_nouns()
    by_token, deps, tags = registry.by_token, toks.dep, toks.pos
    for k in range(lo, tok.i):  # from the token lists: a ``Token`` only for a noun's number
        if k in by_token or deps[k] not in _SLOTS:
            continue
        if tags[k] == "PROPN" and toks.text[k][:1].isupper():
            return True
        if tags[k] != "NOUN" or want not in toks[k].morph.get("Number", [want]):
            continue
        if form.kinds is _PERSON:
            if toks.lemma[k] in people or toks.lower[k] in people:
                return True
        elif deps[k] in _ARGUMENT:
            return True
    return False


def _resolve_pronoun(toks: Tokens, registry: Registry, state: _State, tok: Token) -> ActorCluster | None:
    form = PRONOUNS[tok.lower_]
    if tok.dep_ == "expl":
        return None
    if form.kinds is _THING and tok.dep_ not in ("nsubj", "nsubj:pass", "nmod:poss"):
        return None
    if form.gender is not None:
        bound = _bound(registry, tok, form)
        if bound is not None:
            return bound
    found = _window_candidates(toks, registry, state, tok, form)
    if found is None or len(found) != 1:
        return None
    return next(iter(found))


def _nominal_span(doc: Doc, noun: Token) -> Span | None:
    """"the (US) president": from the determiner "the" to the noun, or None when not a definite nominal."""
    dets = [c for c in noun.children if c.dep_ == "det" and c.lower_ == "the" and c.i < noun.i]
    if not dets or noun.dep_ in ("appos", "compound", "flat"):
        return None
    if any(c.dep_ in ("appos", "acl:relcl", "flat") or (c.dep_ == "nmod" and c.i > noun.i) for c in noun.children):
        return None  # "the president, Emmanuel Macron" or "the president of France" describe, they do not refer
    return doc[dets[0].i:noun.i + 1]


def _resolve_nominal(registry: Registry, span: Span, head: str) -> ActorCluster | None:
    country: str | None = None
    for tok in span[1:-1]:
        held = registry.by_token.get(tok.i)
        place = polity(tok.text) if tok.text[:1].isupper() else None
        if held is not None and held.kind == "country":
            country = held.country
        elif place is not None:
            country = place.code
        elif tok.pos_ == "PROPN":
            return None  # "the Kremlin spokesman" names an organisation's role we do not track per actor
    found = []
    for cluster in registry.clusters:
        if head not in registry.heads.get(cluster, ()) or not any(m.start < span.start for m in cluster.mentions):
            continue
        if country is not None and country not in registry.role_of.get(cluster, set()):
            continue
        found.append(cluster)
    return found[0] if len(found) == 1 else None


def _sent_starts(doc: Doc) -> list[int]:
    """``[s.start for s in doc.sents]``, read from the sentence-start array (``Doc.sents`` makes a
    ``Span`` per sentence): token 0 and every later token whose ``SENT_START`` is 1."""
    if "sents" in doc.user_hooks or not doc.has_annotation("SENT_START") or len(doc) == 0:
        return [s.start for s in doc.sents]
    flags = doc.to_array(SENT_START)
    return [0] + (numpy.flatnonzero(flags[1:] == 1) + 1).tolist()


def resolve(doc: Doc, toks: Tokens, registry: Registry) -> None:
    """Add resolvable pronouns and definite nominals to their actors' ``mentions`` and ``nominal``
    (``toks``: the document's tokens, ``list(doc)``)."""
    pairs = sorted((m.start, id(c), c) for c in registry.clusters for m in c.mentions)
    state = _State([p[0] for p in pairs], [p[2] for p in pairs], _sent_starts(doc), [])
    tags, lowers = toks.pos, toks.lower
    # Only pronouns, nouns and proper nouns can be resolved: visit those words alone.
    for i in toks.with_pos("PRON", "NOUN", "PROPN"):
        if i in registry.by_token:
            continue
        pos, low = tags[i], lowers[i]
        cluster: ActorCluster | None = None
        span: Span | None = None
        if pos == "PRON" and low in PRONOUNS:
            tok = toks[i]
            span = doc[i:i + 1]
            cluster = _resolve_pronoun(toks, registry, state, tok)
            if cluster is None:
                state.unresolved.append((i, low))
            elif PRONOUNS[low].gender is not None:
                registry.gender.setdefault(cluster, PRONOUNS[low].gender or "")
        elif pos in ("NOUN", "PROPN") and low not in ("they",):
            entry = role_entry_at(toks, i)
            # Nouns that only describe ("the citizen", "the man") are too common to be anaphors of a titled actor.
            if entry is not None and (entry[1].relation is not None or entry[1].sector is not None):
                span = _nominal_span(doc, toks[i])
                if span is not None:
                    cluster = _resolve_nominal(registry, span, entry[0])
        if cluster is None or span is None:
            continue
        if registry.add(cluster, span, nominal=True):
            at = bisect.bisect_left(state.starts, span.start)
            state.starts.insert(at, span.start)
            state.holders.insert(at, cluster)
