"""Grouping named mentions into the document's actors.

People join on the full name, on the surname alone, and on spelling variants of either
(``names.same_name_word``: Dmitriev/Dmitriyev); a surname the NER labelled ORG or missed altogether
still joins the person it matches. Countries join on their ISO3 code ("Russia", "the Russian
Federation"), other kinds on their normalised name or an acronym of it (an organisation's or a place's
name labelled ORG once and LOC elsewhere is still one actor). A given name alone joins the one person
whose full name starts with it; a capitalised word the NER missed joins an actor of exactly that name
or whose initials it spells, and a given name the NER never marked, read as a proper noun twice or
more, makes a person.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter

from rigour.territories import lookup_by_identifier
from spacy.tokens import Span

from .known import country_named
from .mentions import Mention, mention_from_span
from .model import ActorCluster, ActorRelation
from .names import name_initial, name_key, same_full_name, same_name_word, split_title, strip_possessive
from .tokens import Tokens
from .vocab import first_name_genders, given_names, org_sector, place_country, polity

_ORG_OR_PLACE = ("organization", "place")
_START = attrgetter("start")  # a span's first token (``sort(key=…)`` in C, cheaper than a lambda)
_STOP = frozenset({"of", "the", "for", "and", "on", "in", "de"})


def display_name(cluster: ActorCluster, toks: Tokens | None = None) -> str:
    """The fullest named mention, without a possessive or (for people) a leading title (``toks``: the
    document's tokens, to read the mentions' text from)."""
    spans = cluster.named or cluster.mentions
    return _display_name(cluster, [toks.span_text(m.start, m.end) if toks is not None and m.doc is toks.doc
                                   else m.text for m in spans])


def _display_name(cluster: ActorCluster, texts: list[str]) -> str:
    """``display_name`` from the texts of ``cluster.named or cluster.mentions``."""
    person = cluster.kind == "person"
    # The first of the names with the most words (``max`` keeps the first of equals).
    return max((_shown(text, person) for text in texts), key=lambda shown: shown[1])[0]


@lru_cache(maxsize=16384)
def _shown(text: str, person: bool) -> tuple[str, int]:
    """A mention's text as a display name (no possessive, no leading title for a person), and its word count."""
    name = strip_possessive(split_title(text)[1] if person else text) or text
    return name, len(name_key(name).split())


def _acronym(words: Sequence[str]) -> str:
    """The initials of a name's words, without "of", "the", … ("European Union" → "EU")."""
    return _initials(tuple(words))


@lru_cache(maxsize=16384)
def _initials(words: tuple[str, ...]) -> str:
    return "".join(w[0] for w in words if w.lower() not in _STOP and w[:1].isalpha()).upper()


@dataclass
class Registry:
    """The actors of one document while they are being built, with what later rules need to know.

    ``by_token`` maps every token of every mention to its actor, so a later rule finds in O(1)
    whether a word belongs to an actor; ``gender`` and ``heads`` (role nouns stated for a person)
    feed pronoun and nominal resolution.
    """

    clusters: list[ActorCluster] = field(default_factory=list)
    by_token: dict[int, ActorCluster] = field(default_factory=dict)
    gender: dict[ActorCluster, str] = field(default_factory=dict)
    heads: dict[ActorCluster, set[str]] = field(default_factory=dict)
    role_of: dict[ActorCluster, set[str]] = field(default_factory=dict)
    relations: list[ActorRelation] = field(default_factory=list)
    words: dict[ActorCluster, list[str]] = field(default_factory=dict)
    countries: dict[str, ActorCluster] = field(default_factory=dict)
    by_name: dict[tuple[str, str], ActorCluster] = field(default_factory=dict)
    # id(span) → (span, its words): a cache for ``_by_acronym``, which reads the same first mentions over and over.
    span_words: dict[int, tuple[Span, list[str]]] = field(default_factory=dict)
    toks: Tokens | None = None  # the document's tokens, when one document's actors are built
    # ``name_initial`` of the last name word → the people whose ``words`` end in a word with that initial, in
    # the order of ``words`` (kept by ``set_words``): ``_find_person`` compares a name with these alone.
    by_initial: dict[str, list[ActorCluster]] = field(default_factory=dict)
    word_order: dict[ActorCluster, int] = field(default_factory=dict)
    # A clipped word of an organisation's name → the word it clips ("penn" → "Pennsylvania" for "Penn State"),
    # so that ``nested`` reads the clipped word as the place the full word names.
    clips: dict[str, str] = field(default_factory=dict)
    spans: dict[int, set[tuple[int, int]]] = field(default_factory=dict)  # id(cluster) → ``_held``

    def new(self, kind: str, name: str = "") -> ActorCluster:
        cluster = ActorCluster(kind, name=name)
        self.clusters.append(cluster)
        return cluster

    def add(self, cluster: ActorCluster, span: Span, *, nominal: bool = False, overlap: bool = False) -> bool:
        """Add ``span`` to ``cluster`` unless an actor already holds one of its tokens.

        ``overlap`` allows a span inside another actor's mention: the demonym "Russian" is Russia's
        mention inside "Russian forces", the mention of Russia's armed forces.
        """
        held = self._held(cluster)
        start, end = bounds = span.start, span.end
        if bounds in held:
            return False
        by_token = self.by_token
        if not overlap:
            for i in range(start, end):
                if i in by_token:
                    return False
        cluster.mentions.append(span)
        held.add(bounds)
        if nominal:
            cluster.nominal.append(span)
        for i in range(start, end):
            by_token.setdefault(i, cluster)
        return True

    def _held(self, cluster: ActorCluster) -> set[tuple[int, int]]:
        """The (start, end) of ``cluster``'s mentions, kept beside the list so that ``add`` tests a span in
        O(1) (rebuilt if the list was changed behind the registry's back)."""
        held = self.spans.get(id(cluster))
        if held is None or len(held) != len(cluster.mentions):
            mentions = cluster.mentions
            held = self.spans[id(cluster)] = {(m.start, m.end) for m in mentions} if mentions else set()
        return held

    def merge(self, keep: ActorCluster, drop: ActorCluster) -> None:
        """Move ``drop``'s mentions to ``keep`` and forget ``drop`` (left empty, so ``finish`` removes it)."""
        held = self._held(keep)
        for span in drop.mentions:
            if (span.start, span.end) not in held:
                keep.mentions.append(span)
                held.add((span.start, span.end))
        keep.nominal.extend(drop.nominal)
        named = drop.named
        for span in drop.mentions:  # only the dropped actor's own tokens and names need pointing elsewhere
            for i in range(span.start, span.end):
                if self.by_token.get(i) is drop:
                    self.by_token[i] = keep
        for span in named:
            for name in {name_key(span.text), _country_key(span.text.split())}:
                for kind in ("person", "organization", "place", "group", "country"):
                    if self.by_name.get((kind, name)) is drop:
                        self.by_name[(kind, name)] = keep
        drop.mentions, drop.nominal = [], []
        if keep.kind in _ORG_OR_PLACE:
            for span in named:
                self.by_name.setdefault((keep.kind, name_key(span.text)), keep)
        words = self.words.pop(drop, None)
        if words:
            held_by = self.by_initial.get(name_initial(words[-1]), [])
            held_by[:] = [c for c in held_by if c is not drop]
        self.gender.pop(drop, None)
        keep.country = keep.country or drop.country
        keep.sector = keep.sector or drop.sector
        keep.demonyms += drop.demonyms

    def set_words(self, cluster: ActorCluster, words: list[str]) -> None:
        """Record a person's name words (``words[cluster] = words``), keeping ``by_initial`` in step."""
        old = self.words.get(cluster)
        self.words[cluster] = words
        order = self.word_order.setdefault(cluster, len(self.word_order))
        old_initial = name_initial(old[-1]) if old else None
        new_initial = name_initial(words[-1]) if words else None
        if old_initial == new_initial:
            return
        if old_initial is not None:
            held = self.by_initial[old_initial]
            held[:] = [c for c in held if c is not cluster]
        if new_initial is not None:
            held = self.by_initial.setdefault(new_initial, [])
            if not held or self.word_order[held[-1]] < order:
                held.append(cluster)  # (the usual case: the newest person)
            else:
                held.insert(bisect.bisect([self.word_order[c] for c in held], order), cluster)

    def country(self, code: str, name: str, kind: str = "country") -> ActorCluster:
        """The actor for a country (or the EU) by code, made when first needed."""
        found = self.countries.get(code)
        if found is None:
            found = self.new(kind, name)
            found.country = code
            self.countries[code] = found
        return found

    def finish(self) -> list[ActorCluster]:
        """Drop empty actors, order mentions and actors by position, and name the unnamed."""
        kept = [c for c in self.clusters if c.mentions]
        toks = self.toks
        for cluster in kept:
            cluster.mentions.sort(key=_START)
            if cluster.nominal:
                cluster.nominal.sort(key=_START)
            spans = cluster.named or cluster.mentions
            texts = [toks.span_text(m.start, m.end) if toks is not None and m.doc is toks.doc else m.text
                     for m in spans]
            cluster.texts = {id(m): (m, text) for m, text in zip(spans, texts, strict=True)}
            if not cluster.name:
                cluster.name = _display_name(cluster, texts)
                if cluster.sector == "JRN" and cluster.name[:1].islower():
                    # A publication written in lower case ("the i"): named as written, with its article,
                    # so that it reads as a name and not as a pronoun (the store keeps "i" as its alias).
                    cluster.name = "the " + cluster.name
        kept.sort(key=lambda c: c.mentions[0].start)
        self.clusters = kept
        return kept


def country_name(code: str) -> str:
    """"RUS" → "Russia"; a code the territory library does not know is its own name."""
    territory = lookup_by_identifier(code)
    return territory.name if territory is not None else code


def _find_person(registry: Registry, words: Sequence[str], before: int | None = None,
                 any_given: bool = False) -> ActorCluster | None:
    """The person actor these name words denote; for a surname alone, the one most recently mentioned;
    for a given name alone, the one person whose full name starts with it (``_by_given_name``)."""
    best: ActorCluster | None = None
    best_pos = -1
    # Every match needs the last words to be one name (``same_name_word``), which needs the same folded
    # initial: a cheap test first. Only people have name words, in the order they were made.
    several = len(words) > 1
    for cluster in registry.by_initial.get(name_initial(words[-1]), ()):
        known = registry.words[cluster]
        if cluster.kind != "person":
            continue
        if several and len(known) > 1:
            match = same_full_name(words, known)
        else:
            match = same_name_word(words[-1], known[-1])
        if not match:
            continue
        pos = max((m.start for m in cluster.mentions if before is None or m.start < before), default=0)
        if pos >= best_pos:
            best, best_pos = cluster, pos
    if best is None and len(words) == 1:
        best = _by_given_name(registry, words[0], any_given)
    return best


def find_person(registry: Registry, words: Sequence[str], before: int | None = None) -> ActorCluster | None:
    """The person actor these name words denote (see ``_find_person``)."""
    return _find_person(registry, words, before)


def _by_exact_name(registry: Registry, mention: Mention) -> ActorCluster | None:
    """The place, organisation or group already found under exactly this name."""
    key = name_key(mention.text)
    for kind in ("place", "organization", "group"):
        found = registry.by_name.get((kind, key))
        if found is not None:
            return found
    return None


def _by_given_name(registry: Registry, word: str, any_given: bool = False) -> ActorCluster | None:
    """"Isabel" for "Isabel Ruiz": the one person known by a full name that starts with this given name
    (a listed one, or with ``any_given`` any word the NER labelled a person: "Vane" for "Vane Ivanovic",
    "Xi" for "Xi Jinping")."""
    if not any_given and word.lower() not in given_names():
        return None
    found = [c for c in registry.clusters if c.kind == "person"
             and len(known := registry.words.get(c, [])) > 1 and known[0].casefold() == word.casefold()]
    return found[0] if len(found) == 1 else None


def _place_person(registry: Registry, mention: Mention) -> None:
    words = mention.words
    cluster = _find_person(registry, words, mention.span.start, any_given=True)
    if cluster is None:
        cluster = registry.new("person")
    known = registry.words.get(cluster)
    if known is None or len(words) > len(known):
        registry.set_words(cluster, list(words))
    gender = first_name_genders().get(words[0].lower()) if len(words) > 1 else None
    if gender and cluster not in registry.gender:
        registry.gender[cluster] = gender
    registry.add(cluster, mention.span)


def cluster_into(registry: Registry, mentions: Iterable[Mention]) -> None:
    """Add named mentions to ``registry``: full names first, so a surname met earlier still finds its
    person; weak candidates only join a person they match; metonyms are left to ``metonymy``."""
    mentions = list(mentions)
    new_organisations: list[tuple[str, ActorCluster]] = []  # (name key, actor) of each organisation made here
    persons = [m for m in mentions if m.kind == "person" and not m.weak]
    for mention in sorted(persons, key=lambda m: (len(m.words) == 1, m.span.start)):
        _place_person(registry, mention)
    for mention in mentions:
        if mention.kind == "person" or mention.metonym or mention.weak:
            continue
        if mention.polity is not None and mention.kind != "group":
            registry.add(registry.country(mention.polity.code, mention.polity.name, mention.polity.kind),
                         mention.span)
            continue
        if mention.kind in ("organization", "place") and not mention.title:
            person = _find_person(registry, mention.words) if len(mention.words) <= 3 else None
            if person is not None and len(registry.words.get(person, [])) > 1:
                registry.add(person, mention.span)  # a person the NER labelled ORG or LOC
                continue
        key = _country_key(mention.words) if mention.kind == "organization" else name_key(mention.text)
        cluster = registry.by_name.get((mention.kind, key))
        short = _without_region(mention) if cluster is None and "," in mention.text \
            and mention.kind in _ORG_OR_PLACE else None
        if short is not None:
            # "San Francisco, California", "Trinity College, Cambridge": the actor of the name before the comma
            cluster = registry.by_name.get((mention.kind, short))
        if cluster is None and mention.kind in _ORG_OR_PLACE:
            # The NER labels one name ORG here and LOC there ("Global Voices"): one actor all the same.
            cluster = next((found for kind in _ORG_OR_PLACE if (found := registry.by_name.get((kind, key)))), None)
        if cluster is None and mention.alias_of is not None:
            cluster = registry.by_token.get(mention.alias_of.span.start)
            if cluster is not None and cluster.kind == "person":
                continue
        if cluster is None and mention.kind == "organization":
            cluster = _by_acronym(registry, mention.words)
        if cluster is None:
            cluster = registry.new(mention.kind)
            if mention.polity is not None:
                cluster.country = mention.polity.code
            if mention.kind == "organization" and " " in key:
                new_organisations.append((key, cluster))
        cluster.country = cluster.country or mention.country
        cluster.sector = cluster.sector or mention.sector
        registry.by_name[(mention.kind, key)] = cluster
        if short is not None:
            registry.by_name.setdefault((mention.kind, short), cluster)
        registry.add(cluster, mention.span)
    unmatched: dict[str, list[Mention]] = {}
    for mention in mentions:
        if mention.weak:
            found = _find_person(registry, mention.words, mention.span.start)
            known = registry.words.get(found, []) if found is not None else []
            # A capitalised word the NER did not mark joins only a person known by a full name, or
            # one known by exactly this surname.
            if found is not None and (len(known) > 1 or known == mention.words):
                registry.add(found, mention.span)
            elif (named := _by_exact_name(registry, mention)) is not None:
                registry.add(named, mention.span)  # "Aberdeen" again, after the NER found it once
            elif len(mention.span) == 1 and mention.text.isupper() \
                    and (org := _by_acronym(registry, mention.words)) is not None:
                registry.add(org, mention.span)  # "U.S.G." after "Undergraduate Student Government"
            elif (country := _compass_country(registry, mention.span)) is not None:
                registry.add(country, mention.span)  # "the South" the NER did not mark
            elif len(mention.span) == 1:
                unmatched.setdefault(mention.text, []).append(mention)
    # A given name the NER never marked, written alone and read as a proper noun at least twice
    # ("Gloria ... Gloria's parents"): a person known by that name only.
    for text, group in unmatched.items():
        if sum(m.span[0].pos_ == "PROPN" for m in group) >= 2 and text.lower() in given_names():
            cluster = registry.new("person")
            registry.set_words(cluster, [text])
            for mention in group:
                registry.add(cluster, mention.span)
    titled = {id(registry.by_token.get(m.span.start)) for m in persons if m.title is not None}
    _one_sense(registry, titled)
    _short_forms(registry)
    _compass_forms(registry)
    if len(new_organisations) > 1:
        _transposed_names(registry, new_organisations)


def _without_region(mention: Mention) -> str | None:
    """The name key of the part before the last comma of a place or organisation written with the place
    it is in ("Portland, Oregon", "Dhaka, Bangladesh", "Trinity College, Cambridge"), else None."""
    text = mention.text
    comma = text.rfind(",")
    if comma <= 0:
        return None
    tail = text[comma + 1:].strip()
    if not tail[:1].isupper() or (polity(tail) is None and place_country(tail) is None):
        return None
    return name_key(text[:comma]) or None


def _transposed_names(registry: Registry, organisations: list[tuple[str, ActorCluster]]) -> None:
    """Organisations (``organisations``: name key, actor) whose keys differ only by two neighbouring letters
    swapped in one word of five letters or more are one: a typing slip ("Untied Nations" for "United
    Nations"). A swap keeps a key's length and its number of words, so only keys alike in both are compared
    (rarely more than one)."""
    groups: dict[tuple[int, int], list[tuple[str, ActorCluster]]] = {}
    for key, cluster in organisations:
        groups.setdefault((len(key), key.count(" ")), []).append((key, cluster))
    for group in groups.values():
        if len(group) < 2:
            continue
        for i, (key, keep) in enumerate(group):
            for other, drop in group[i + 1:]:
                if keep is drop or not keep.mentions or not drop.mentions:
                    continue
                diff = [(a, b) for a, b in zip(key.split(), other.split(), strict=True) if a != b]
                if len(diff) == 1 and _swapped(*diff[0]):
                    first, second = sorted((keep, drop), key=lambda c: c.mentions[0].start)
                    registry.merge(first, second)


def _swapped(a: str, b: str) -> bool:
    """Whether ``b`` is ``a`` with one pair of neighbouring letters swapped (both five letters or more)."""
    if len(a) != len(b) or len(a) < 5:
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


_COMPASS = frozenset({"north", "south", "east", "west"})


def _compass_forms(registry: Registry) -> None:
    """"the North" and "the South" in a story that names North and South Korea: an actor named only by
    "the" + a compass word joins the one country of the document whose name starts with that word."""
    if not any(c.mentions and (c.name.split() or [""])[0].lower() in _COMPASS for c in registry.countries.values()):
        return  # no country named with a compass word: nothing to join
    for cluster in [c for c in registry.clusters if c.kind in ("place", "person", "organization") and c.mentions]:
        found = {_compass_country(registry, m) for m in cluster.named}
        if len(found) == 1 and (country := found.pop()) is not None:
            registry.merge(country, cluster)


def _compass_country(registry: Registry, span: Span) -> ActorCluster | None:
    """The one country of the document whose name starts with the compass word ``span`` is, written after
    "the" ("the North" → North Korea); else None."""
    toks = registry.toks
    if toks is None or span.end - span.start != 1 or span.start == 0 or toks.lower[span.start - 1] != "the" \
            or (word := toks.lower[span.start]) not in _COMPASS:
        return None
    found = [c for c in registry.countries.values() if c.mentions and c.name.split()[0].lower() == word]
    return found[0] if len(found) == 1 else None


def _short_forms(registry: Registry) -> None:
    """An organisation named only by one word joins the one organisation whose longer name is short for it
    (``_by_head_word``), wherever in the document each is first named; and an organisation named with its
    country ("United Kingdom Home Office", "Italian Supreme Court") joins the one named without it ("Home
    Office"), unless the name without its country is short for several ("Russian Foreign Ministry",
    "Ukrainian Foreign Ministry": "the Foreign Ministry" is neither)."""
    organisations = [c for c in registry.clusters if c.kind == "organization" and c.mentions]
    if not organisations:
        return
    heads: dict[str, list[ActorCluster]] | None = None  # made when a one-word organisation needs it
    stripped: dict[str, list[ActorCluster]] = {}
    for cluster in organisations:
        named = cluster.named
        keys = {name_key(" ".join(_words_of(registry, span))) for span in named}
        keys.discard("")
        if len(keys) != 1:
            continue
        if " " not in next(iter(keys)):
            heads = _head_words(registry) if heads is None else heads
            found = _by_head_word(heads, strip_possessive(_words_of(registry, named[0])[0]).rstrip("-"))
            if found is not None and found is not cluster:
                registry.merge(found, cluster)
        elif (rest := _without_country(_words_of(registry, named[0]))) is not None:
            stripped.setdefault(rest, []).append(cluster)
    for rest, prefixed in stripped.items():
        bare = registry.by_name.get(("organization", rest))
        if len(prefixed) == 1 and bare is not None and bare is not prefixed[0] and bare.mentions:
            registry.merge(prefixed[0], bare)
    _clipped_names(registry, organisations)


def _clipped_names(registry: Registry, organisations: list[ActorCluster]) -> None:
    """"Penn State" for "Pennsylvania State University": an organisation of two or more words, each the start
    (three letters or more) of the same word of the one longer name that goes on with organisation words only."""
    organisations = [c for c in organisations if c.mentions]
    names = {id(c): [w for w in _words_of(registry, c.mentions[0]) if w.lower() != "the" and name_key(w)]
             for c in organisations}
    by_start: dict[str, list[ActorCluster]] = {}  # the first three letters of a longer name → its organisations
    for c in organisations:
        if len(long_words := names.get(id(c), [])) >= 3:
            by_start.setdefault(long_words[0][:3].lower(), []).append(c)
    if not by_start:
        return
    # The NER may take the clipped name for a person's ("Penn State"): then its first word must be clipped.
    people = [c for c in registry.clusters if c.kind == "person" and c.mentions and len(registry.words.get(c, [])) >= 2]
    for cluster in organisations + people:
        short = names.get(id(cluster)) or registry.words.get(cluster)
        if not short or len(short) < 2 or not cluster.mentions:
            continue
        person = cluster.kind == "person"
        found = [c for c in by_start.get(short[0][:3].lower(), []) if c is not cluster and c.mentions
                 and _clipped(short, long := names.get(id(c), [])) and not (person and long[0] == short[0])]
        if len(found) == 1:
            for a, b in zip(short, names[id(found[0])], strict=False):
                if len(a) < len(b):
                    registry.clips.setdefault(name_key(a), b)
            registry.merge(found[0], cluster)


def _clipped(short: Sequence[str], long: Sequence[str]) -> bool:
    """Whether ``short`` clips ``long``: each word the start of the same word of ``long``, which goes on with
    organisation words only; or, unclipped, with one organisation word ("New People" of "New People's Party")."""
    if len(long) <= len(short) or not org_sector(long[len(short):])[0]:
        return False
    if [name_key(w) for w in short] == [name_key(w) for w in long[:len(short)]]:
        return len(long) == len(short) + 1
    return all(len(a) >= 3 and b.lower().startswith(a.lower()) for a, b in zip(short, long, strict=False))


def _without_country(words: Sequence[str]) -> str | None:
    """The name key of an organisation's name without the country or demonym it starts with, when at least
    two words are left ("Supreme Court" of "Italian Supreme Court"); else None."""
    for k in range(min(3, len(words) - 2), 0, -1):
        found = polity(" ".join(words[:k]))
        if found is not None and found.kind == "country":
            return name_key(" ".join(words[k:]))
    return None


def _one_sense(registry: Registry, titled: set[int]) -> None:
    """One name, one actor: a person known only by one word ("Gloria", "Coron") and a place or organisation of
    exactly that name (the NER's label for the same word changed from sentence to sentence) become one actor,
    of the kind that most of its mentions had (a place the territory vocabularies know stays a place). A
    person named with a title ("President Washington"; ``titled`` holds their ids) stays apart."""
    for person in [c for c in registry.clusters if c.kind == "person" and id(c) not in titled]:
        words = registry.words.get(person)
        if not words or len(words) != 1 or not person.mentions:
            continue
        key = name_key(words[0])
        other = next((found for kind in _ORG_OR_PLACE if (found := registry.by_name.get((kind, key)))), None)
        if other is None or other is person or not other.mentions:
            continue
        if other.kind == "place" and place_country(words[0]) is not None \
                or len(other.mentions) > len(person.mentions):
            registry.merge(other, person)
        else:
            registry.merge(person, other)


def _country_key(words: Sequence[str]) -> str:
    """An organisation's name key with a leading country name written as its code: "U.S. Congress",
    "US Congress" and "United States Congress" are one name."""
    for k in range(min(3, len(words) - 1), 0, -1):
        country = country_named(" ".join(words[:k]))
        if country is not None:
            return name_key(" ".join([country.code, *words[k:]]))
    return name_key(" ".join(words))


def _head_word(words: Sequence[str]) -> str:
    """The word an organisation's name is short for: the last before "of" or "for" ("House" of "House of
    Representatives"), else the last ("Congress" of "United States Congress")."""
    for k, word in enumerate(words):
        if k and word.lower() in ("of", "for"):
            return words[k - 1]
    return words[-1]


def _head_words(registry: Registry) -> dict[str, list[ActorCluster]]:
    """The name key of each head word (``_head_word``) → the organisations of two words or more it heads."""
    found: dict[str, list[ActorCluster]] = {}
    for (kind, name), cluster in registry.by_name.items():
        if kind == "organization" and " " in name and cluster.mentions:
            words = registry.words.get(cluster) or _words_of(registry, cluster.mentions[0])
            if len(words) >= 2:
                held = found.setdefault(name_key(_head_word(words)), [])
                if cluster not in held:
                    held.append(cluster)
    return found


def _by_head_word(heads: dict[str, list[ActorCluster]], word: str) -> ActorCluster | None:
    """"Congress" for "United States Congress", "the House" for "House of Representatives": the one
    organisation of the document, named with two words or more, whose name is short for ``word``
    (``heads``: ``_head_words``)."""
    if len(word) < 3 or word.isupper() or not word[:1].isupper():
        return None
    found = heads.get(name_key(word), [])
    return found[0] if len(found) == 1 else None


def _by_acronym(registry: Registry, words: Sequence[str]) -> ActorCluster | None:
    """"EU" for "European Union" and back: an all-capitals word equal to the initials of a longer name."""
    if len(words) == 1:
        if not (words[0].isupper() and len(words[0]) >= 2):
            return None  # neither an acronym nor a longer name
        short = words[0].replace(".", "")
        for (kind, _), cluster in registry.by_name.items():
            if kind == "organization":
                other = registry.words.get(cluster) or _words_of(registry, cluster.mentions[0])
                if len(other) >= 2 and _acronym(other) == short:
                    return cluster
        return None
    initials = _acronym(words)  # a longer name: an organisation written with its initials
    for (kind, _), cluster in registry.by_name.items():
        if kind == "organization":
            other = registry.words.get(cluster) or _words_of(registry, cluster.mentions[0])
            if len(other) == 1 and other[0].isupper() and len(other[0]) >= 2 and other[0].replace(".", "") == initials:
                return cluster
    return None


def _words_of(registry: Registry, span: Span) -> list[str]:
    """``span.text.split()``, read once per span (``Span.text`` rebuilds the text from its tokens); the list is
    the cached one: callers read it and never change it."""
    found = registry.span_words.get(id(span))
    if found is None or found[0] is not span:
        toks = registry.toks
        text = toks.span_text(span.start, span.end) if toks is not None and span.doc is toks.doc else span.text
        found = registry.span_words[id(span)] = (span, text.split())
    return found[1]


def cluster_mentions(ents: Sequence[Span]) -> list[ActorCluster]:
    """Group entity spans into actors, in order of first mention (no parse needed)."""
    registry = Registry()
    mentions = []
    tokens: dict[int, Tokens] = {}  # id(doc) → its tokens, made once per document
    for ent in ents:
        toks = tokens.get(id(ent.doc))
        if toks is None:
            toks = tokens[id(ent.doc)] = Tokens(ent.doc)
        found = mention_from_span(ent.doc, ent.start, ent.end, ent.label_, title_limit=ent.start, toks=toks)
        if found is not None:
            mentions.append(found)
    cluster_into(registry, mentions)
    return registry.finish()
