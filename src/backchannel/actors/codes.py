"""Country and sector codes the text implies, filled in after the knowledge base has had its say.

``bc_actor_linker`` calls ``fill_codes`` once it has linked every actor; only codes still empty are
filled, so what a title stated or the knowledge base knows always wins. In this order:

1. **Organisations by their name**: the sector of a decisive word anywhere in the name when its head
   word does not decide ("Korean Central News Agency" → JRN, ``org_words.tsv``), else GOV for a body
   named after its country ("United States National Security Council"); the country of a place
   that opens the name or follows its last "of" ("Massachusetts Institute of Technology" → USA,
   "municipality of Livorno" → ITA).
2. **Relations** (``works_for``, ``heads``, ``member_of``, ``spokesperson_for``, ``envoy_of``,
   ``part_of``): the subject takes the object's country ("Lee Cheuk-yan of the Labour Party" → the
   party's country); a member of a party takes the party's sector (PTY), and whoever works for, heads or
   speaks for an organisation with a sector takes that sector ("spokesman for the military" → MIL).
   Read twice, so a chain person → party → country is followed.
3. **The document's home country**: when one country is named much more often than any other (at
   least ``HOME_MIN`` mentions, its own, its places' and its demonyms' read as an origin ("the Afghan
   team", "Afghan women"; ``ActorCluster.demonyms``) but not those inside another actor's name, and
   ``HOME_RATIO`` times the runner-up), the
   people and organisations still without a country are taken to be that country's: local politicians,
   municipalities and newspapers of a story about one country are rarely in the knowledge base. A
   name that says it is international ("World …", "UNHCR", ``international_words.txt``) is left alone.

Each step is a pass over the actors or the relations: negligible next to the parse.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from .known import country_named
from .model import ActorCluster, ActorRelation
from .vocab import international_words, org_sector, place_country, polity

# Relations whose subject belongs to the object's country.
_COUNTRY_RELATIONS = frozenset({"works_for", "heads", "member_of", "spokesperson_for", "envoy_of", "part_of"})
# Relations whose subject takes the object's sector: someone inside the organisation.
_SECTOR_RELATIONS = frozenset({"works_for", "heads", "member_of", "spokesperson_for", "part_of"})
_CODED_KINDS = ("country", "organization", "group")
HOME_MIN = 3
HOME_RATIO = 2.0


def fill_codes(clusters: Sequence[ActorCluster], relations: Iterable[ActorRelation]) -> None:
    """Fill empty ``country`` and ``sector`` fields of ``clusters`` as the module docstring says."""
    for cluster in clusters:
        if cluster.kind == "organization":
            _organisation_codes(cluster)
    relations = [r for r in relations if r.relation in _COUNTRY_RELATIONS and r.subject is not r.object]
    for _ in range(2):
        for rel in relations:
            _from_relation(rel)
    home = home_country(clusters)
    if home is not None:
        for cluster in clusters:
            if cluster.country is None and cluster.kind in ("person", "organization", "group") \
                    and not international(cluster.name):
                cluster.country = home


def _organisation_codes(cluster: ActorCluster) -> None:
    words = cluster.name.split()
    if not words:
        return
    if cluster.sector is None:
        cluster.sector = name_sector(words) or _state_body(words)
    if cluster.country is None:
        cluster.country = name_country(words)


# Head words of a body that, after a state's name, is that state's ("United States National Security
# Council", "Japan Fair Trade Commission"); alone they do not say whose (``org_words.tsv`` gives them "-").
_STATE_BODY_WORDS = frozenset({"council", "commission", "agency", "authority", "bureau", "office", "secretariat",
                               "directorate", "service", "board"})


def _state_body(words: Sequence[str]) -> str | None:
    """GOV for a body whose name opens with a country's name (not a demonym, not an international body's)
    and ends in a word of ``_STATE_BODY_WORDS``; else None."""
    if len(words) < 2 or words[-1].lower() not in _STATE_BODY_WORDS or international(" ".join(words)):
        return None
    first = 1 if words[0].lower() == "the" else 0
    for k in range(min(3, len(words) - 1 - first), 0, -1):
        text = " ".join(words[first:first + k])
        found = polity(text)
        if found is not None and found.kind == "country" and country_named(text) is not None:
            return "GOV"
    return None


def name_sector(words: Sequence[str]) -> str | None:
    """The sector an organisation's name decides: its head word's, else the first other listed word's
    that has one ("News Agency" → JRN; "Bank" alone → BUS)."""
    is_org, sector = org_sector(words)
    if sector is not None:
        return sector
    for word in words:
        found = org_sector([word.strip("'’")])[1]
        if found is not None:
            return found
    return None


def name_country(words: Sequence[str]) -> str | None:
    """The country of a place or polity that opens an organisation's name or follows its last "of", or of
    the country whose own name (not a demonym) ends it."""
    if len(words) < 2:
        return None
    first = 1 if words[0].lower() == "the" else 0
    tails = []
    if "of" in words[:-1]:
        tails.append(words[len(words) - words[::-1].index("of"):])
    for k in range(min(3, len(words) - 1 - first), 0, -1):
        tails.append(words[first:first + k])
    for part in tails:
        text = " ".join(part).strip("'’")
        if not text[:1].isupper():
            continue
        found = polity(text)
        if found is not None:
            if found.kind in ("country", "group"):
                return found.code
            continue
        code = place_country(text)
        if code is not None:
            return code
    named = country_named(words[-1].strip("'’"))
    return named.code if named is not None else None  # "Environment Canada", "Team Estonia"


def international(name: str) -> bool:
    """Whether a name says its bearer is international: a word of ``international_words.txt`` in it,
    or a United Nations acronym ("UNHCR", "UNICEF")."""
    words = name.split()
    if len(words) == 1 and len(name) >= 4 and name.isupper() and name.startswith("UN"):
        return True
    listed = international_words()
    low = [w.casefold().strip("'’") for w in words]
    return any(w in listed for w in low) or any(f"{a} {b}" in listed for a, b in zip(low, low[1:], strict=False))


def _from_relation(rel: ActorRelation) -> None:
    subject, obj = rel.subject, rel.object
    if subject.kind not in ("person", "organization", "group") or obj.kind not in _CODED_KINDS:
        return
    if subject.country is None and obj.country is not None:
        subject.country = obj.country
    if subject.sector is None and obj.sector is not None and obj.kind != "country" \
            and rel.relation in _SECTOR_RELATIONS:
        subject.sector = obj.sector


def home_country(clusters: Sequence[ActorCluster]) -> str | None:
    """The country the document is about: the one named (itself, through its places or a demonym) at least
    ``HOME_MIN`` times and ``HOME_RATIO`` times as often as any other; else None."""
    votes: Counter[str] = Counter()
    inner = _inside_names(clusters)
    for cluster in clusters:
        if cluster.country and cluster.kind in ("country", "place") and len(cluster.country) == 3 \
                and cluster.country.isalpha() and cluster.country not in _NOT_STATES:
            votes[cluster.country] += sum((m.start, m.end) not in inner for m in cluster.mentions) \
                + cluster.demonyms
    if not votes:
        return None
    (top, n), *rest = votes.most_common(2)
    if n < HOME_MIN or (rest and n < HOME_RATIO * rest[0][1]):
        return None
    return top


def _inside_names(clusters: Sequence[ActorCluster]) -> set[tuple[int, int]]:
    """The token spans of mentions that lie inside a longer name of another actor ("United States" in
    "United States Congress", ``nested``): they name the other actor, not the story's country."""
    # Each token → the end of the longest such name that starts at or before it and covers it: one pass
    # over the names' tokens, so a long document costs no more than its names' length.
    reach: dict[int, tuple[int, int]] = {}
    for cluster in clusters:
        if cluster.kind in ("organization", "place"):
            for m in cluster.mentions:
                if m.end - m.start >= 2:
                    for t in range(m.start, m.end):
                        if reach.get(t, (0, 0))[1] - reach.get(t, (0, 0))[0] < m.end - m.start:
                            reach[t] = (m.start, m.end)
    if not reach:
        return set()
    found: set[tuple[int, int]] = set()
    for cluster in clusters:
        if cluster.kind in ("country", "place"):
            for m in cluster.mentions:
                s, e = reach.get(m.start, (0, 0))
                if s <= m.start and m.end <= e and e - s > m.end - m.start:
                    found.add((m.start, m.end))
    return found


# PLOVER codes for actors that are not states: never a home country.
_NOT_STATES = frozenset({"IGO", "UNO", "EUR", "NGO", "MNC", "AFR", "ASA", "WST", "MEA", "NAF", "SAM", "CAS",
                         "EEU", "LAM", "SAF", "WAF", "EAF", "BLK", "CRB", "NMR", "PGS", "SCN", "SEA", "WSB"})
