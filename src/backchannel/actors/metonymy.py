"""Places read as governments, demonyms read as countries, and states' armed forces.

* A metonym ("the Kremlin", "Moscow", "Washington") is a mention of the country actor (or, for
  "Brussels", the EU), as the gold format counts it, unless the parse says it is a place: the object
  of a locative preposition ("in Washington", "to Moscow") or of a verb of travel ("visited Kyiv").
* A demonym modifying an ordinary noun ("Ukrainian involvement", "the Russian side") is a mention
  of that country; before a person noun ("a Russian citizen"), a noun of origin ("Japanese gardens",
  ``demonym_heads.tsv``) or the rest of a name ("the French Revolution") it is not; with "government"
  or "authorities" the two words are the country's mention ("the Indian government").
* A demonym or country before a military head ("Russian forces", "Ukraine's army") makes a separate
  actor, the state's armed forces (kind organization, sector MIL), ``part_of`` the country.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from .clusters import Registry, country_name
from .mentions import Mention, person_head
from .model import ActorCluster, ActorRelation
from .names import name_key
from .tokens import Tokens
from .vocab import Polity, demonym_heads, metonyms, military_heads, person_nouns, polity

# Verbs whose object is a place: where someone goes ("visited Moscow") or what a weapon hits
# ("attacked Kyiv").
_TRAVEL = frozenset({"visit", "travel", "arrive", "leave", "fly", "reach", "enter", "return", "tour", "flee",
                     "attack", "strike", "bomb", "shell", "hit", "capture", "seize", "occupy", "target", "besiege"})
# Prepositions that put a capital on the receiving or opposing side of an act ("sanctions on Moscow").
_GOVERNMENT_CASES = frozenset({"by", "on", "with", "against"})
# Where a metonym with "always" (the Kremlin) is still the building.
_INSIDE = frozenset({"in", "inside", "at", "into", "outside"})


def reads_as_place(span: Span, always: bool) -> bool:
    """Whether a metonym is used as a place here rather than as the government.

    "The Kremlin" is the government unless something happens in or at it. A capital is the
    government only where it acts or holds something: a subject ("Moscow says"), a possessor
    ("Washington's position"), an agent ("by Kyiv"), the other side of "sanctions on Moscow", "talks
    with Beijing", "war against Kyiv", or the modifier of a role noun ("Moscow officials"); anywhere
    else, a travel guide's "Athens" or a letter's "London", it stays a place.
    """
    root = span.root
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head  # "Moscow and Kyiv said": read the first conjunct's slot
    cases = {c.lower_ for c in root.children if c.dep_ == "case"}
    if always:
        return bool(cases & _INSIDE)
    if root.dep_ in ("nsubj", "nsubj:pass", "nmod:poss"):
        return False
    if root.dep_ in ("obl", "obl:agent", "nmod") and cases & _GOVERNMENT_CASES:
        return root.head.lemma_.lower() in _TRAVEL
    if root.dep_ in ("compound", "amod") and person_head(root.head) is not None:
        return False
    return True


def _metonym_key(toks: Tokens, span: Span) -> str:
    low = span.text.lower()
    if span.start > 0 and toks.lower[span.start - 1] == "the" and "the " + low in metonyms():
        return "the " + low
    return low


def resolve_metonyms(toks: Tokens, registry: Registry, mentions: list[Mention]) -> None:
    """Attach each metonym to its government actor, or to a place actor when read as a place
    (``toks``: the document's tokens)."""
    table = metonyms()
    for mention in mentions:
        if not mention.metonym:
            continue
        entry = table.get(_metonym_key(toks, mention.span))
        if entry is None:
            continue
        if reads_as_place(mention.span, entry.always):
            key = name_key(mention.text)
            place = registry.by_name.get(("place", key))
            if place is None:
                place = registry.new("place")
                registry.by_name[("place", key)] = place
            registry.add(place, mention.span)
            continue
        name = country_name(entry.target) if entry.kind == "country" else entry.target
        registry.add(registry.country(entry.country, name, entry.kind), mention.span, nominal=True)


def _military(registry: Registry, code: str, name: str) -> ActorCluster:
    key = ("military", code)
    found = registry.by_name.get(key)
    if found is None:
        found = registry.new("organization", name)
        found.country, found.sector = code, "MIL"
        registry.by_name[key] = found
    return found


def _military_span(doc: Doc, modifier: Token, head: Token) -> Span:
    start, end = min(modifier.i, head.i), max(modifier.i, head.i) + 1
    return Span(doc, start, end)


def _armed_forces(doc: Doc, registry: Registry, tok: Token, head: Token, holder: ActorCluster | None, code: str,
                  place: Polity | None) -> ActorCluster:
    """"Russian forces": the country's armed forces, with ``tok`` its country's mention and part_of."""
    if holder is not None:
        country = holder
    else:
        assert place is not None
        country = registry.country(code, place.name, place.kind)
    name = f"{tok.text} armed forces" if tok.pos_ == "ADJ" else f"armed forces of {country.name}"
    force = _military(registry, code, name)
    span = _military_span(doc, tok, head)
    registry.add(force, span, nominal=True)
    if holder is None:
        registry.add(country, Span(doc, tok.i, tok.i + 1), nominal=True, overlap=True)
    if not any(r.subject is force and r.object is country for r in registry.relations):
        registry.relations.append(ActorRelation(force, "part_of", country, span))
    return force


def national_group_of(doc: Doc, registry: Registry, head: Token) -> ActorCluster | None:
    """The national group a noun with a demonym names ("the Afghan team's coach"), made now for a rule
    that runs before ``resolve_demonyms``; else None."""
    if head.i in registry.by_token or _demonym_reading(head) != "group":
        return None
    for tok in head.children:
        if tok.dep_ == "amod" and tok.i < head.i and tok.pos_ == "ADJ" and tok.text[:1].isupper():
            place = polity(tok.text)
            if place is not None and place.kind == "country":
                return _national_group(doc, registry, tok, head, place.code)
    return None


def _national_group(doc: Doc, registry: Registry, tok: Token, head: Token, code: str) -> ActorCluster | None:
    """"the Afghan team", "the Chinese delegation": a group of that country, one per country and noun."""
    if any(i in registry.by_token for i in range(tok.i, head.i + 1)):
        return None
    key = ("group", f"{code} {head.lemma_.lower()}")
    group = registry.by_name.get(key)
    if group is None:
        group = registry.new("group", f"{tok.text} {head.lemma_.lower()}")
        group.country = code
        registry.by_name[key] = group
    registry.add(group, Span(doc, tok.i, head.i + 1))
    return group


def military_of(doc: Doc, registry: Registry, head: Token) -> ActorCluster | None:
    """The armed forces a military noun with a demonym names ("the Indonesian military"), made now for a
    rule that runs before ``resolve_demonyms`` ("spokesman for the Indonesian military"); else None."""
    if head.i in registry.by_token or not (head.lemma_.lower() in military_heads() or head.lower_ in military_heads()):
        return None
    for tok in head.children:
        if tok.dep_ == "amod" and tok.i < head.i and tok.pos_ == "ADJ" and tok.text[:1].isupper() \
                and tok.i not in registry.by_token:
            place = polity(tok.text)
            if place is not None and place.kind == "country":
                return _armed_forces(doc, registry, tok, head, None, place.code, place)
    return None


def resolve_demonyms(doc: Doc, registry: Registry, candidates: list[Token]) -> None:
    """Demonyms and country names that modify a noun: countries' mentions and their armed forces."""
    military = military_heads()
    for tok in candidates:
        head = tok.head
        if tok.dep_ not in ("amod", "compound", "nmod:poss") or head.pos_ not in ("NOUN", "PROPN") or head.i == tok.i:
            continue
        holder = registry.by_token.get(tok.i)
        place = polity(tok.text) if holder is None else None
        if holder is not None and holder.kind != "country":
            continue
        code = holder.country if holder is not None else (place.code if place is not None else None)
        if code is None:
            continue
        is_military = head.lemma_.lower() in military or head.lower_ in military
        if holder is None and head.i in registry.by_token:
            continue  # part of a name or a title already read
        if is_military and head.i not in registry.by_token:
            _armed_forces(doc, registry, tok, head, holder, code, place)
            continue
        if holder is None and tok.pos_ == "ADJ":
            assert place is not None
            reading = "origin" if person_head(head) is not None else _demonym_reading(head)
            if reading == "group" and head.i > tok.i:
                _national_group(doc, registry, tok, head, code)
            if reading in ("origin", "group"):
                # "the Afghan team", "Afghan women": not the country, but a vote for the story's country.
                named = registry.countries.get(code)
                if named is not None:
                    named.demonyms += 1
                continue
            # "the Indian government": the government is the country's mention, as "the Kremlin" is.
            end = head.i + 1 if reading == "state" and head.i > tok.i else tok.i + 1
            registry.add(registry.country(code, place.name, place.kind), Span(doc, tok.i, end), nominal=True)


def _demonym_reading(head: Token) -> str | None:
    """What a demonym before ``head`` says (``demonym_heads.tsv``): ``state``, ``origin`` or None (the
    country's mention). A person noun is an origin noun ("Australian children"); so is a capitalised
    proper noun, the rest of a name ("the French Revolution", "the Spanish Civil War")."""
    if head.pos_ == "PROPN" and head.text[:1].isupper():
        return "origin"
    lemma = head.lemma_.lower()
    found = demonym_heads().get(lemma) or demonym_heads().get(head.lower_)
    if found is None and lemma in person_nouns():
        return "origin"
    return found
