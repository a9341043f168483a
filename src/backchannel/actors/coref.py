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
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .clusters import Registry
from .model import ActorCluster
from .roles import pair_ends, role_entry_at
from .tokens import Tokens
from .vocab import nominal_heads, person_nouns, polity


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
# Pronouns of one form (``PronounForm`` equality: he/him/his/himself …) share a number, compared cheaply.
_FORM_IDS: dict[PronounForm, int] = {}
FORM_ID: dict[str, int] = {w: _FORM_IDS.setdefault(form, len(_FORM_IDS)) for w, form in PRONOUNS.items()}
_COMPLEMENT = frozenset({"ccomp", "xcomp", "advcl", "parataxis"})
_ARGUMENT = frozenset({"nsubj", "nsubj:pass", "obj"})
_SLOTS = frozenset({"nsubj", "nsubj:pass", "obj", "iobj", "nmod:poss", "obl", "obl:agent", "appos", "conj", "nmod"})
_WINDOW_BACK = 3
# A morphological analysis's features ("Number=Sing") → its ``Number`` values: reading them parses the
# analysis, which costs more than the rest of the test.
_NUMBERS: dict[str, list[str]] = {}


@dataclass
class _State:
    starts: list[int]  # token index of each mention's start, sorted
    holders: list[ActorCluster]
    sent_starts: list[int]
    unresolved: list[int] = field(default_factory=list)  # token index of each pronoun left out, in order
    unresolved_forms: list[int] = field(default_factory=list)  # and its ``FORM_ID``
    numbers: dict[int, list[str]] = field(default_factory=dict)  # token index → its morphology's Number values


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
    form_id = FORM_ID[toks.lower[tok.i]]
    sent = _sentence(state, tok.i)
    lo_sent = max(sent - 1, 0)
    while True:
        lo = state.sent_starts[lo_sent]
        a, b = bisect.bisect_left(state.starts, lo), bisect.bisect_left(state.starts, tok.i)
        found = {c for c in state.holders[a:b] if _agrees(registry, c, form)}
        # An unresolved pronoun of the same form between ``lo`` and this one (``unresolved`` is in order).
        u, v = bisect.bisect_left(state.unresolved, lo), bisect.bisect_left(state.unresolved, tok.i)
        if u < v and form_id in state.unresolved_forms[u:v]:
            return None
        if found or lo_sent == 0 or sent - lo_sent >= _WINDOW_BACK:
            break
        lo_sent -= 1
    if found and _blocked(toks, registry, state, lo, tok, form):
        return None
    return found


def _blocked(toks: Tokens, registry: Registry, state: _State, lo: int, tok: Token, form: PronounForm) -> bool:
    """Whether something that is not an actor could be the antecedent, so that resolving would be a guess.

    * a name the NER missed (a capitalised proper noun in an argument slot that no actor holds) —
      with an NER this weak, the likeliest reason for a wrong antecedent;
    * for he/she, a singular noun denoting a person ("the doctor", "his father");
    * for it/they, any ordinary noun of the same number in an argument slot ("the plan … it").
    """
    want = "Plur" if form.plural else "Sing"
    people = person_nouns()
    by_token, deps, tags, numbers = registry.by_token, toks.dep, toks.pos, state.numbers
    for k in range(lo, tok.i):  # from the token lists: a ``Token`` only for a noun's number, once per noun
        if k in by_token or deps[k] not in _SLOTS:
            continue
        if tags[k] == "PROPN" and toks.text[k][:1].isupper():
            return True
        if tags[k] != "NOUN":
            continue
        number = numbers.get(k)
        if number is None:
            morph = toks[k].morph
            features = str(morph)
            number = _NUMBERS.get(features)
            if number is None:
                if len(_NUMBERS) > 4096:
                    _NUMBERS.clear()
                number = _NUMBERS[features] = morph.get("Number", [])
            numbers[k] = number
        if number and want not in number:
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


def _nominal_span(doc: Doc, toks: Tokens, i: int) -> Span | None:
    """"the (US) president" (the noun at token ``i``): from the determiner "the" to the noun, or None when
    not a definite nominal."""
    deps = toks.dep
    if deps[i] in ("appos", "compound", "flat"):
        return None
    children = [c.i for c in toks[i].children]
    dets = [k for k in children if deps[k] == "det" and toks.lower[k] == "the" and k < i]
    if not dets:
        return None
    if any(deps[k] in ("appos", "acl:relcl", "flat") or (deps[k] == "nmod" and k > i) for k in children):
        return None  # "the president, Emmanuel Macron" or "the president of France" describe, they do not refer
    return Span(doc, dets[0], i + 1)


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


def _sent_starts(doc: Doc, toks: Tokens) -> list[int]:
    """``[s.start for s in doc.sents]``, read from the sentence-start array (``Doc.sents`` makes a
    ``Span`` per sentence): token 0 and every later token whose ``SENT_START`` is 1."""
    if "sents" in doc.user_hooks or not doc.has_annotation("SENT_START") or len(doc) == 0:
        return [s.start for s in doc.sents]
    return toks.sent_starts()


def resolve(doc: Doc, toks: Tokens, registry: Registry) -> None:
    """Add resolvable pronouns and definite nominals to their actors' ``mentions`` and ``nominal``
    (``toks``: the document's tokens, ``list(doc)``)."""
    pairs = sorted((m.start, id(c), c) for c in registry.clusters for m in c.mentions)
    state = _State([p[0] for p in pairs], [p[2] for p in pairs], _sent_starts(doc, toks))
    tags, lowers, lemmas, by_token = toks.pos, toks.lower, toks.lemma, registry.by_token
    heads, ends = nominal_heads(), pair_ends()
    # Only pronouns, nouns and proper nouns can be resolved: visit those words alone.
    for i in toks.with_pos("PRON", "NOUN", "PROPN"):
        if i in by_token:
            continue
        low = lowers[i]
        cluster: ActorCluster | None
        if tags[i] == "PRON":
            if low not in PRONOUNS:
                continue
            cluster = _resolve_pronoun(toks, registry, state, toks[i])
            if cluster is None:
                state.unresolved.append(i)
                state.unresolved_forms.append(FORM_ID[low])
                continue
            if PRONOUNS[low].gender is not None:
                registry.gender.setdefault(cluster, PRONOUNS[low].gender or "")
            span = Span(doc, i, i + 1)
        else:  # a noun or a proper noun: a role noun ``role_entry_at`` can read (its look-ups first, inline)
            if low == "they" or (lemmas[i] not in heads and low not in heads and lemmas[i] not in ends):
                continue
            entry = role_entry_at(toks, i)
            # Nouns that only describe ("the citizen", "the man") are too common to be anaphors of a titled actor.
            if entry is None or (entry[1].relation is None and entry[1].sector is None):
                continue
            found = _nominal_span(doc, toks, i)
            if found is None:
                continue
            span = found
            cluster = _resolve_nominal(registry, span, entry[0])
            if cluster is None:
                continue
        if registry.add(cluster, span, nominal=True):
            at = bisect.bisect_left(state.starts, span.start)
            state.starts.insert(at, span.start)
            state.holders.insert(at, cluster)
