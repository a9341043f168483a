"""Named mentions: the statistical NER's entities, repaired with the parse and the vocabularies.

The shipped NER is weak (F1 about 62), so an entity is taken as a hint, not as the truth:

* its boundaries are widened over ``flat`` name parts it cut off ("Marcin [Bialy]" → "Marcin Bialy");
* leading titles, demonyms and role nouns inside it or just before it become the mention's *title*
  ("[Ukrainian Foreign Minister] Andrii Sybiha"), and a title or a known first name makes the
  mention a person whatever the NER label said;
* names it missed are picked up when a title introduces them ("Kremlin spokesman Dmitry Peskov"),
  when they are a metonym or a country ("Kyiv", "Russia"), or later, in clustering, when a
  capitalised word matches the surname of a person already found ("Dmitriyev").

Name-like words that name no actor are dropped: a one-word name whose only evidence is its capital at the
start of a sentence ("Crucially", "Identify", "Research") unless the name is found elsewhere, a reference
with its number ("Figure 1.6", ``reference_words.txt``), an exclamation ("Oh my God", ``exclamations.txt``),
an event's name and its short form ("Cyclone Phailin", "Phailin", ``event_name_words.txt``).
"""

from __future__ import annotations

from collections.abc import Container
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter

from spacy.tokens import Doc, Span, Token

from .known import Known, country_named, known_name, known_organization, known_word
from .names import name_key, titles
from .tokens import Tokens
from .vocab import (
    Polity,
    event_name_words,
    exclamations,
    given_names,
    is_people,
    metonyms,
    month_names,
    nominal_heads,
    non_actor_heads,
    non_actor_words,
    org_sector,
    place_nouns,
    polity,
    reference_words,
    region_words,
)

# NER label -> actor kind (see READOUT.md). Labels not listed here are not actors.
KIND_BY_LABEL: dict[str, str] = {
    "PERSON": "person", "PER": "person",
    "ORG": "organization",
    "GPE": "place", "LOC": "place", "FAC": "place",
    "NORP": "group",
}

# Words that may sit between title words ("Secretary of State", "Minister for Foreign Affairs").
_TITLE_GLUE = frozenset({"of", "for", "and", "-"})
_POSSESSIVE_MARKS = frozenset({"'s", "’s", "'", "’"})
# Title words that only qualify a role ("Home Secretary", "Foreign Minister"): before a name they are
# part of a title, but alone they do not make the name a person's ("the Home Office").
_QUALIFIERS = frozenset({"acting", "assistant", "attorney", "british", "chief", "defence", "defense", "deputy", "major",
                         "executive", "foreign", "former", "home", "interior", "prime", "shadow", "special",
                         "state", "vice"})
# Forms of address the shared title list lacks, capitalised only ("Miss Chaworth", not "miss the bus").
_MORE_TITLES = frozenset({"miss"})
_SPAN_START = attrgetter("span.start")  # a mention's first token (a ``sort`` key in C, cheaper than a lambda)
# Glue inside an organisation's name ("Ministry of Defence", "Union of Rationalist Atheists and Agnostics").
_NAME_GLUE = frozenset({"of", "for", "and", "the", "&"})


@dataclass(eq=False, slots=True)
class Mention:
    """A candidate mention of an actor, before clustering.

    ``span`` is the name alone; ``title`` the title/role words written before it, if any; ``weak``
    marks a capitalised word that is only kept if it matches a person found elsewhere.
    """

    span: Span
    kind: str
    title: Span | None = None
    polity: Polity | None = None
    weak: bool = False
    metonym: bool = False
    words: list[str] = field(default_factory=list)
    sector: str | None = None
    country: str | None = None  # stated in an organisation's name: "the Italian Supreme Court" → ITA
    # The mention this one is another name of: "M5S" in "Movimento 5 Stelle (M5S)", and later "M5S".
    alias_of: Mention | None = None
    # ``span.text``, read once (``Span.text`` makes a ``Token`` per word); ``find_mentions`` fills it from
    # the token lists.
    _text: str | None = field(default=None, repr=False)

    @property
    def text(self) -> str:
        """``span.text``."""
        if self._text is None:
            self._text = self.span.text
        return self._text

    @property
    def key(self) -> str:
        return name_key(self.text)


def _is_role_word(token: Token) -> bool:
    low = token.lower_
    return low in titles() or token.lemma_.lower() in nominal_heads() or low in nominal_heads() \
        or (low in _MORE_TITLES and token.text[:1].isupper())


def _names_person(token: Token) -> bool:
    """A title word that by itself says its bearer is a person ("Minister", "Mr", "Judge"; not "Home")."""
    low = token.lower_
    return person_head(token) is not None or (low in titles() and low not in _QUALIFIERS) \
        or (low in _MORE_TITLES and token.text[:1].isupper())


def _is_polity_word(token: Token) -> bool:
    return token.text[:1].isupper() and (polity(token.text) is not None or token.lower_ in metonyms())


def _role_word_at(toks: Tokens, i: int) -> bool:
    """``_is_role_word(toks[i])``, from the token lists, worked out once per token and document."""
    found = toks.role_words.get(i)
    if found is None:
        low = toks.lower[i]
        found = toks.role_words[i] = low in _role_forms() or toks.lemma[i] in nominal_heads() \
            or (low in _MORE_TITLES and toks.text[i][:1].isupper())
    return found


@lru_cache(maxsize=1)
def _role_forms() -> frozenset[str]:
    """Titles and role nouns in one set: a word in it is a role word (``_is_role_word``)."""
    return titles() | frozenset(nominal_heads())


def _names_person_at(toks: Tokens, i: int) -> bool:
    """``_names_person(toks[i])``, from the token lists."""
    low = toks.lower[i]
    return person_head_at(toks, i) is not None or (low in titles() and low not in _QUALIFIERS) \
        or (low in _MORE_TITLES and toks.text[i][:1].isupper())


def _polity_word_at(toks: Tokens, i: int) -> bool:
    """``_is_polity_word(toks[i])``, from the token lists."""
    text = toks.text[i]
    return text[:1].isupper() and (polity(text) is not None or toks.lower[i] in metonyms())


def _title_start(toks: Tokens, start: int, limit: int) -> int:
    """Leftmost index of the title words that end at ``start`` (exclusive), not before ``limit``.

    Title words are role nouns and titles, with demonyms, countries, metonyms and a possessor
    ("Putin's") before them; a title must contain at least one role word.
    """
    i = start
    has_role = False
    while i > limit:
        k = i - 1
        if _role_word_at(toks, k):
            has_role = True
        elif toks.lower[k] in _TITLE_GLUE and i - 2 >= limit and _role_word_at(toks, i - 2) and has_role:
            pass
        elif toks.text[k] in _POSSESSIVE_MARKS and i - 2 >= limit and toks.pos[i - 2] in ("PROPN", ""):
            # "Putin's special envoy Kirill Dmitriev": the possessor belongs to the title.
            j = i - 2
            while j > limit and toks.pos[j - 1] == "PROPN" and toks[j - 1].dep_ in ("flat", "compound"):
                j -= 1
            i = j
            break
        elif _polity_word_at(toks, k) and (toks.pos[k] in ("ADJ", "PROPN", "") or toks[k].ent_type_ in ("NORP", "GPE")):
            pass
        else:
            break
        i -= 1
    if not has_role:
        return start
    while i < start and not (_role_word_at(toks, i) or _polity_word_at(toks, i) or toks.pos[i] == "PROPN"):
        i += 1
    return i


def _widen(start: int, end: int, toks: Tokens) -> tuple[int, int]:
    """Grow an entity (tokens ``start:end``) over ``flat`` name parts the NER left outside it."""
    n = len(toks.text)
    deps, heads = toks.dep, toks.head
    while start > 0 and toks.pos[start - 1] == "PROPN" and (
            deps[start] == "flat" and heads[start] == start - 1):
        start -= 1
    while end < n and start <= heads[end] < end and deps[end] == "flat":
        if toks.pos[end] == "PROPN":
            end += 1
        elif toks.pos[end] == "NUM" and end + 1 < n and toks.pos[end + 1] == "PROPN" \
                and deps[end + 1] == "flat" and start <= heads[end + 1] < end:
            end += 2  # "Movimento 5 Stelle": a number inside a name
        else:
            break
    return start, end


def mention_from_span(doc: Doc, start: int, end: int, label: str, *, title_limit: int = 0,
                      toks: Tokens | None = None) -> Mention | None:
    """Build a mention from tokens ``start:end`` with NER label ``label``, splitting off a title.

    ``toks`` is the doc's ``Tokens`` when the caller has them (made once per document).
    """
    kind = KIND_BY_LABEL.get(label)
    if kind is None:
        return None
    if toks is None:
        toks = Tokens(doc)
    if label == "NORP" and (all(p == "ADJ" for p in toks.pos[start:end]) or (
            end - start == 1 and toks.dep[start] in ("amod", "compound") and toks.pos[toks.head[start]] == "NOUN")):
        return None  # a demonym ("Russian", "Ukrainian involvement") modifies; ``metonymy`` reads it as its country
    while start < end and (toks.lower[start] == "the" or toks.space[start]):
        start += 1
    # A name never runs over a line break ("George Chriss\n\nStudent").
    spaces = toks.space
    cut = start
    while cut < end and not spaces[cut]:
        cut += 1
    end = cut
    for first in toks.text[start:end]:
        if first[:1].isupper() or first[:1].isdigit():
            break
    else:
        return None  # "non-profit": no capital, no name
    # Titles inside the entity ("Ukrainian Foreign Minister Andrii Sybiha" labelled ORG), but not the
    # first words of an organisation's name ("the Home Office", "Foreign Ministry").
    name_start = start
    while name_start < end and (_role_word_at(toks, name_start) or toks.lower[name_start] in _TITLE_GLUE
                                or (_polity_word_at(toks, name_start) and name_start + 1 < end)):
        name_start += 1
    has_inner_title = name_start > start and any(_names_person_at(toks, i) for i in range(start, name_start))
    if has_inner_title and name_start < end and toks.lower[name_start - 1] in _TITLE_GLUE:
        # "Minister of Education Stefania Giannini": the portfolio runs up to the name, the last
        # word of the span with its ``flat`` parts.
        head = end - 1
        while head > name_start and toks.dep[head] == "flat" and toks.head[head] < head:
            head = toks.head[head]
        if head > name_start and toks.text[head][:1].isupper():
            name_start = head
    if not has_inner_title or org_sector(toks.text[name_start:end])[0] \
            or any(toks.lower[i] in ("and", "&") for i in range(name_start, end)):
        name_start = start  # "National Enforcement … System and Intelligence System": no person's name has "and"
    while end > name_start and toks.text[end - 1] in _POSSESSIVE_MARKS:
        end -= 1
    if name_start >= end:
        return None  # a title alone ("the Prime Minister") names nobody by itself
    title_start = _title_start(toks, start, title_limit) if start == name_start else start
    if title_start < name_start and not any(_role_word_at(toks, i) for i in range(title_start, name_start)):
        title_start = name_start
    words = _name_words(toks, name_start, end)
    if not words:
        return None
    if len(words) >= 2 and polity(words[0]) is not None and not any(w[:1].isupper() or w[:1].isdigit()
                                                                    for w in words[1:]):
        return None  # "Ukrainian energy (facilities)": no name; the demonym is read as its country later
    if len(words) == 1 and words[0].lower() in non_actor_words():
        return None  # "Tuesday" tagged PERSON: a date
    if len(words) >= 2 and words[-1][:1].isupper() and words[-1].lower() in non_actor_heads():
        return None  # "the HEROES Act", "the Marshall Plan": a law, a plan, an event
    title = toks.span(title_start, name_start) if title_start < name_start else None
    span = toks.span(name_start, end)
    is_org, sector = org_sector(words)
    if is_org and (kind != "person" or (len(words) >= 2 and words[0].lower() not in given_names())):
        kind = "organization"  # "the United Kingdom Home Office" (LOC), "British Columbia Lottery Corporation"
    elif kind != "person" and _looks_like_person(toks, name_start, end, title):
        kind = "person"
    text = toks.span_text(name_start, end)
    if kind == "person" and title is None and (len(words) == 1 and words[0].lower() not in given_names()
                                               or all(len(w) == 2 and w[1] == "." for w in words)) \
            and polity(text) is not None:
        kind = "place"  # "Russia struck …", "Kremlin spokesman", "U. S." tagged PERSON: a state or its metonym
    if kind == "person" and title is None and len(words) == 1:
        kind = _one_word_kind(toks, name_start, end, text)
    if kind == "place" and not is_org and len(words) == 2 and words[0].lower() not in region_words() \
            and words[0].isalpha() and polity(text) is None and country_named(words[1]) is not None:
        kind, is_org = "organization", True  # "Environment Canada", "Team Estonia" tagged GPE: a body named so
    found = Mention(span=span, kind=kind, title=title, words=words, sector=sector if is_org else None, _text=text)
    if kind in ("place", "group", "organization"):
        found.polity = polity(text)
        if found.polity is not None:
            found.kind = "group" if kind == "group" else found.polity.kind
        elif is_org:
            found.country = _stated_country(words)
    return found


def _one_word_kind(toks: Tokens, start: int, end: int, text: str) -> str:
    """The kind of a one-word name tagged PERSON with no title: an organisation when the knowledge base
    knows it as exactly one notable organisation and nothing else ("Labour": the party); a place when
    written "the <place noun> of <Name>" ("the town of Yeoncheon") or followed by ", <country>" ("Aceh,
    Indonesia"); a group when it names a people ("Rohingya", ``peoples.txt``); else a person."""
    if is_people(text):
        return "group"
    if known_organization(text) is not None:
        return "organization"
    before = start - 1
    if before >= 1 and toks.lower[before] == "of" and toks.lemma[before - 1] in place_nouns():
        return "place"
    if end + 1 < len(toks) and toks.text[end] == "," and toks.text[end + 1][:1].isupper():
        stop = end + 2
        while stop < len(toks) and toks.text[stop][:1].isupper() and stop - end <= 3:
            stop += 1
        found = polity(toks.span_text(end + 1, stop))
        if found is not None and found.kind == "country":
            return "place"
    return "person"


def _month_date(toks: Tokens, mention: Mention) -> bool:
    """A one-word mention that is a month name beside a number: a date ("August 21, 2015", "10 August")."""
    if len(mention.span) != 1 or mention.text.lower() not in month_names():
        return False
    i = mention.span.start
    return any(0 <= j < len(toks) and (toks.pos[j] == "NUM" or toks.text[j].isdigit()) for j in (i - 1, i + 1))


def _name_words(toks: Tokens, start: int, end: int) -> list[str]:
    """The words of a name (tokens ``start:end``), without possessive marks and with the pieces of a
    hyphenated word written without spaces joined: "Leung Yiu-chung" is two words, not "Leung Yiu - chung"
    (whose last word "chung" would pass for a spelling of Leung Che-cheung's "cheung")."""
    words: list[str] = []
    glue = False
    for k in range(start, end):
        text = toks.text[k]
        if text in _POSSESSIVE_MARKS:
            glue = False
            continue
        if words and (glue or (text == "-" and not toks.spacy[k - 1])):
            words[-1] += text
        else:
            words.append(text)
        glue = text == "-" and not toks.spacy[k]
    return words


def _stated_country(words: list[str]) -> str | None:
    """The country an organisation's name states: a leading demonym or country ("the Italian Supreme
    Court", "United Kingdom Home Office") or a country after its last "of" ("Ministry of Defence of Ukraine")."""
    for k in range(min(3, len(words) - 1), 0, -1):
        found = polity(" ".join(words[:k]))
        if found is not None and found.kind in ("country", "group") and words[k - 1][:1].isupper():
            return found.code
    if "of" in words[:-1]:
        last_of = len(words) - 1 - words[::-1].index("of")
        found = polity(" ".join(words[last_of + 1:]))
        if found is not None and found.kind == "country":
            return found.code
    return None


def _name_part(toks: Tokens, i: int) -> bool:
    """Token ``i`` is a capitalised word, or a piece of a hyphenated one ("Wai-keung")."""
    text = toks.text[i]
    return text[:1].isupper() or text == "-" or (i > 0 and toks.text[i - 1] == "-")


def _split_coordinated(toks: Tokens, start: int, end: int, label: str) -> list[tuple[int, int, str]]:
    """A person entity that runs over two names: "Ben Chan and Leung Che-cheung" → two persons;
    "Wong Kwok-hing of FTU" → the person and the organisation ("of" joins no personal name whose
    first part has two words or more); a bracketed or single capitalised word after "and" is an
    organisation ("Kwok Wai-keung and DAB")."""
    if label not in ("PERSON", "PER"):
        return [(start, end, label)]
    pieces: list[tuple[int, int, str]] = []
    lo, kind = start, label
    for i in range(start + 1, end - 1):
        low = toks.lower[i]
        if low not in ("and", "&", "of") or not toks.text[i + 1][:1].isupper() or i - lo < 2 and kind == label:
            continue
        if not all(_name_part(toks, k) for k in range(lo, i)) or any(_role_word_at(toks, k) for k in range(lo, i)):
            return [(start, end, label)]
        pieces.append((lo, i, kind))
        nxt = i + 1
        while nxt < end and toks.lower[nxt] not in ("and", "&", "of"):
            nxt += 1
        lo, kind = i + 1, "ORG" if low == "of" or nxt - (i + 1) < 2 else label
    pieces.append((lo, end, kind))
    return pieces


def _split_pieces(toks: Tokens, start: int, end: int, label: str) -> list[tuple[int, int, str]]:
    """``_split_coordinated``, or an organisation's name run into a person's: "(CEO of the) Refugee
    Council Enver Solomon", "Refugee Council chief executive Enver Solomon" → the organisation and the person."""
    cut = _org_person_cut(toks, start, end)
    if cut is not None:
        return [(start, cut, "ORG"), (cut, end, "PERSON")]
    cut = _country_person_cut(toks, start, end) if label != "ORG" else None
    if cut is not None:
        return [(start, cut, "GPE"), (cut, end, "PERSON")]
    return _split_coordinated(toks, start, end, label)


def _country_person_cut(toks: Tokens, start: int, end: int) -> int | None:
    """Where a country's name run into a person's splits, in an entity the NER did not call an organisation:
    "(Ambassador to the) United States Hamdullah Mohib" → the country and the person. The tail is two or
    three capitalised words that are no organisation or place, and either starts with a listed given name
    or follows a role word."""
    if end - start < 3:
        return None
    texts = toks.text
    for k in range(end - 2, start, -1):
        if country_named(toks.span_text(start, k)) is None:
            continue  # a country's own name, not a demonym ("British Red Cross")
        tail = texts[k:end]
        if not 2 <= len(tail) <= 3 or not all(w[:1].isupper() and w.replace("-", "").isalpha() for w in tail) \
                or org_sector(tail)[0] or polity(" ".join(tail)) is not None:
            return None
        role_before = any(_names_person_at(toks, i) for i in range(max(0, start - 4), start))
        return k if tail[0].lower() in given_names() or role_before else None
    return None


def _org_person_cut(toks: Tokens, start: int, end: int) -> int | None:
    """Where an entity that runs an organisation's name (ending in an organisation word) into a person's
    name splits: the organisation word is followed by role words and a name, by a listed given name and a
    surname, or by a name when a person's role "of" the organisation comes before ("CEO of the …")."""
    if end - start < 3:
        return None
    texts = toks.text
    for k in range(start + 1, end - 1):
        if not (texts[k - 1][:1].isupper() and texts[k][:1].isupper() and org_sector([texts[k - 1]])[0]):
            continue
        m = k
        while m < end and _role_word_at(toks, m):
            m += 1
        tail = texts[m:end]
        if not 1 <= len(tail) <= 3 or not all(w[:1].isupper() and w.isalpha() for w in tail) \
                or org_sector(tail)[0] or polity(" ".join(tail)) is not None:
            continue
        if m > k and any(_names_person_at(toks, i) for i in range(k, m)):
            return k  # "Refugee Council chief executive Enver Solomon"
        if m == k and len(tail) >= 2 and (tail[0].lower() in given_names() or _role_of_before(toks, start)):
            return k  # "Refugee Council Enver Solomon", "(CEO of the) Refugee Council Enver Solomon"
    return None


def _role_of_before(toks: Tokens, start: int) -> int | None:
    """The first word of a person's role written "of (the)" before token ``start`` ("CEO of the …")."""
    i = start - 1
    if i >= 0 and toks.lower[i] == "the":
        i -= 1
    if i < 1 or toks.lower[i] not in ("of", "at"):
        return None
    j = i
    while j > 0 and _role_word_at(toks, j - 1):
        j -= 1
    if j < i and any(_names_person_at(toks, k) for k in range(j, i)):
        return j
    return None


def _org_title(doc: Doc, toks: Tokens, org_start: int, name_start: int, person: Mention) -> Span | None:
    """The title of a person split from an organisation's name: the organisation with the role words
    after it ("Refugee Council chief executive"), or the role "of" the organisation before it ("CEO of
    the Refugee Council"), so that ``roles`` relates the person to the organisation."""
    if person.title is not None:
        return toks.span(org_start, person.title.end)
    role = _role_of_before(toks, org_start)
    return toks.span(role, person.span.start) if role is not None else None


def person_head(token: Token) -> str | None:
    """The role-noun entry ``token`` stands for, when that role is held by a person ("envoy", "spokesman")."""
    heads = nominal_heads()
    for key in (token.lemma_.lower(), token.lower_):
        entry = heads.get(key)
        if entry is not None and entry.kind == "person":
            return key
    return None


def person_head_at(toks: Tokens, i: int) -> str | None:
    """``person_head(toks[i])``, from the token lists."""
    heads = nominal_heads()
    for key in (toks.lemma[i], toks.lower[i]):
        entry = heads.get(key)
        if entry is not None and entry.kind == "person":
            return key
    return None


def _looks_like_person(toks: Tokens, start: int, end: int, title: Span | None) -> bool:
    """A person title before the name, or a given name starting a two- or three-word name of
    capitalised words whose last word is no organisation or country ("Caitlin Boswell")."""
    if title is not None and any(_names_person_at(toks, k) for k in range(title.start, title.end)):
        return True
    return _starts_with_given_name_at(toks, start, end)


def _starts_with_given_name_at(toks: Tokens, start: int, end: int) -> bool:
    """Tokens ``start:end`` are a two- or three-word name of capitalised words, the first a listed given name
    and the last neither an organisation word nor a country or metonym."""
    if not 2 <= end - start <= 3 or (first := toks.lower[start]) not in given_names() or first in titles():
        return False  # (a title that is also a given name, "Major", "King", is read as the title)
    texts = toks.text
    if not all(t[:1].isupper() and not any(c.isdigit() for c in t) for t in texts[start:end]):
        return False
    last = texts[end - 1]
    return not org_sector([last])[0] and polity(last) is None and toks.lower[end - 1] not in metonyms()


def find_mentions(doc: Doc, toks: Tokens | None = None) -> list[Mention]:
    """All named mentions in ``doc``: repaired entities, titled names the NER missed, metonyms and
    country names, and weak capitalised candidates (left to clustering to keep or drop).

    ``toks`` is the doc's ``Tokens`` when the caller has them (made once per document).
    """
    if toks is None:
        toks = Tokens(doc)
    mentions: list[Mention] = []
    covered = bytearray(len(doc))
    last_end = 0
    for ent_start, ent_end, ent_label in toks.entities():
        start, end = _widen(ent_start, ent_end, toks)
        if start < last_end:
            continue
        for lo, hi, label in _split_pieces(toks, start, end, ent_label):
            found = mention_from_span(doc, lo, hi, label, toks=toks)
            if found is None:
                continue
            if label == "PERSON" and lo > start and found.span.start >= lo:
                found.title = _org_title(doc, toks, start, lo, found)
            mentions.append(found)
            first = found.title.start if found.title is not None else found.span.start
            for i in range(first, found.span.end):
                covered[i] = 1
            if found.kind != "person" and is_metonym_at(toks, found.span.start, found.text):
                found.metonym = True
        last_end = end
    capitalised = _capitalised(toks)
    mentions.extend(_missed_organisations(doc, toks, capitalised, covered))
    mentions.extend(_known_names(doc, toks, capitalised, covered))
    mentions.extend(_missed_names(doc, toks, covered))
    if "report" in toks.lemma or "according" in toks.lower:
        _publications(doc, toks, mentions)
    mentions.sort(key=_SPAN_START)
    for mention in mentions:
        if mention._text is None:
            mention._text = toks.span_text(mention.span.start, mention.span.end)
    # "Tuesday" read as a proper noun twice is a date, not a person, whichever rule proposed it.
    dates = non_actor_words()
    mentions = [m for m in mentions if m.text.lower() not in dates and not _reference(toks, m)
                and not _exclamation(toks, m) and not _month_date(toks, m)]
    events = _event_names(toks)
    if events:
        mentions = [m for m in mentions if not _in_event_name(toks, m, events)]
    mentions = _without_common_words(toks, mentions)
    for mention in mentions:
        if len(mention.span) == 1 and _unsupported_opener(toks, mention):
            mention.weak = True
    return _with_aliases(doc, toks, mentions)


def _without_common_words(toks: Tokens, mentions: list[Mention]) -> list[Mention]:
    """Drop one-word names with no evidence but their capital (``_may_be_common``) that the document also
    writes in lower case: "Iodine" beside "iodine", "Appeal" beside "an appeal" are words, not names."""
    candidates = [m for m in mentions if len(m.span) == 1 and _may_be_common(m)]
    if not candidates:
        return mentions
    # (a word written in lower case somewhere is in it as such; for a few candidates a scan of the list is cheaper)
    texts: Container[str] = set(toks.text) if len(candidates) > 3 else toks.text
    common = {id(m) for m in candidates if (low := m.text.lower()) != m.text and low in texts}
    return [m for m in mentions if id(m) not in common] if common else mentions


def _reference(toks: Tokens, mention: Mention) -> bool:
    """"Figure 1.6", "Chapter Two", "Tab 8": a reference word with its number, not a name."""
    words = mention.words
    if not words or words[0].lower() not in reference_words():
        return False
    if len(words) > 1:
        return all(toks.pos[k] == "NUM" or toks.text[k][:1].isdigit() for k in range(mention.span.start + 1,
                                                                                        mention.span.end))
    end = mention.span.end
    return end < len(toks) and (toks.pos[end] == "NUM" or toks.text[end][:1].isdigit())


@lru_cache(maxsize=1)
def _exclamation_words() -> frozenset[str]:
    """Every word of ``exclamations``: a word that is none of them is in none of them."""
    return frozenset(word for phrase in exclamations() for word in phrase.split())


def _exclamation(toks: Tokens, mention: Mention) -> bool:
    """"Oh my God", "thank God", "for God's sake": a one-word mention inside an exclamation."""
    i = mention.span.start
    if mention.span.end - i != 1 or (low := toks.lower[i]) not in _exclamation_words():
        return False
    said = exclamations()
    return (i > 0 and f"{toks.lower[i - 1]} {low}" in said) \
        or (i + 1 < len(toks) and f"{low} {toks.lower[i + 1]}" in said)


def _event_names(toks: Tokens) -> set[str]:
    """The names that follow an event word ("Cyclone Phailin" → "phailin"), as ``name_key``s."""
    found: set[str] = set()
    words = event_name_words()
    n = len(toks)
    for i in toks.upper:
        if toks.lower[i] in words and i + 1 < n and toks.text[i + 1][:1].isupper() and toks.pos[i + 1] == "PROPN":
            j = i + 1
            while j < n and toks.pos[j] == "PROPN" and toks.text[j][:1].isupper():
                j += 1
            found.add(name_key(toks.span_text(i + 1, j)))
    return found


def _in_event_name(toks: Tokens, mention: Mention, events: set[str]) -> bool:
    start = mention.span.start
    if toks.lower[start] in event_name_words() and mention.title is None:
        return len(mention.span) > 1 or (start + 1 < len(toks) and toks.pos[start + 1] == "PROPN")
    if start > 0 and toks.lower[start - 1] in event_name_words() and toks.text[start - 1][:1].isupper():
        return True
    return mention.key in events


def _unsupported_opener(toks: Tokens, mention: Mention) -> bool:
    """A one-word name whose only evidence is its capital at the start of a sentence, where every word
    has one: "Crucially, …", "Identify possible subjects", "Research on …", "Fuck." tagged PERSON. Such a
    mention is made weak: kept only when the same name is found elsewhere (``clusters``). A title, a
    listed given name, an acronym, a country or metonym, a notable knowledge-base name or a possessive
    ("Demosisto's Nathan Law") is evidence enough."""
    end = mention.span.end
    if end < len(toks) and toks.text[end] in _POSSESSIVE_MARKS:
        return False
    return _opens_sentence(toks, mention.span.start) and _may_be_common(mention)


def _may_be_common(mention: Mention) -> bool:
    """A one-word name with no evidence but its capital: no title, no listed given name, no acronym,
    no country or metonym, no notable knowledge-base name (``known``)."""
    if mention.title is not None or mention.polity is not None or mention.metonym or mention.weak \
            or mention.alias_of is not None:
        return False
    text = mention.text
    if text.isupper() or not text[:1].isupper() or text.lower() in given_names():
        return False
    return known_word(text) is None


def _opens_sentence(toks: Tokens, i: int) -> bool:
    """Whether token ``i`` is its sentence's first word (only punctuation before it: a quote, a bracket)."""
    while i > 0 and not toks[i].is_sent_start:
        if toks.pos[i - 1] != "PUNCT":
            return False
        i -= 1
    return True


def _acronym_like(text: str) -> bool:
    text = text.replace(".", "")
    return 2 <= len(text) <= 8 and text.isalnum() and text[:1].isupper() and sum(c.isupper() for c in text) >= 2 \
        and not any(c.islower() for c in text[1:2])


def _with_aliases(doc: Doc, toks: Tokens, mentions: list[Mention]) -> list[Mention]:
    """Acronyms written in brackets after a name ("Movimento 5 Stelle (M5S)") as mentions of the same
    actor, and their later occurrences the NER missed ("the M5S party")."""
    at: dict[int, Mention] | None = None  # made when an acronym in brackets needs it
    forms: dict[str, Mention] = {}
    n = len(toks)
    for mention in list(mentions):
        end = mention.span.end
        if mention.kind not in ("organization", "group", "place") or mention.polity is not None \
                or end + 2 >= n or toks.text[end] != "(" or toks.text[end + 2] != ")" \
                or not _acronym_like(toks.text[end + 1]):
            continue
        if at is None:
            at = {m.span.start: m for m in mentions}
        short = at.get(end + 1)
        if short is None:
            short = Mention(span=toks.span(end + 1, end + 2), kind=mention.kind, words=[toks.text[end + 1]])
            mentions.append(short)
        elif short.kind == "person" or short.polity is not None:
            continue
        short.kind, short.alias_of, short.sector = mention.kind, mention, mention.sector
        forms.setdefault(short.text, short)
    # Names of organisations the NER found once and missed elsewhere: the same words, capitalised.
    for mention in mentions:
        if mention.kind == "organization" and mention.polity is None and not mention.metonym \
                and (len(mention.span) >= 2 or _acronym_like(toks.text[mention.span.start])):
            forms.setdefault(mention.text, mention)
    by_first: dict[str, list[tuple[list[str], Mention]]] = {}
    first_words: set[int] = set()  # their first words' hashes
    for found in forms.values():
        words = toks.text[found.span.start:found.span.end]
        by_first.setdefault(words[0], []).append((words, found))
        first_words.add(toks.orth[found.span.start])
    added = []
    if by_first:
        texts = toks.text
        taken = {i for m in mentions for i in range(m.span.start, m.span.end)}  # (with the acronyms added above)
        for i in toks.with_orth(first_words):
            for words, found in by_first[texts[i]]:
                end = i + len(words)
                if end > n or any(k in taken for k in range(i, end)) or texts[i:end] != words:
                    continue
                taken.update(range(i, end))
                added.append(Mention(span=toks.span(i, end), kind=found.kind, words=list(found.words),
                                     alias_of=found.alias_of or found, sector=found.sector))
                break
    mentions.extend(added)
    mentions.sort(key=_SPAN_START)
    return mentions


def is_metonym(toks: Tokens, span: Span, text: str | None = None) -> bool:
    """Whether ``span`` (or "the" + ``span``) is a form listed in ``metonyms.tsv`` (``toks``: its doc's tokens;
    ``text``: ``span.text`` when the caller has it)."""
    return is_metonym_at(toks, span.start, span.text if text is None else text)


def is_metonym_at(toks: Tokens, start: int, text: str) -> bool:
    """``is_metonym`` of the span that starts at token ``start`` and reads ``text``."""
    low = text.lower()
    if low in metonyms():
        return True
    return start > 0 and toks.lower[start - 1] == "the" and "the " + low in metonyms()


def _capitalised(toks: Tokens) -> list[bool]:
    """For each token, whether it is a capitalised word (not punctuation, a pronoun, a determiner or space)."""
    found = [False] * len(toks)
    tags, spaces = toks.pos, toks.space
    for k in toks.upper:  # the others are not capitalised
        found[k] = tags[k] not in ("PUNCT", "PRON", "DET", "SPACE") and not spaces[k]
    return found


def _missed_organisations(doc: Doc, toks: Tokens, capitalised: list[bool],
                          covered: bytearray) -> list[Mention]:
    """Runs of two or more capitalised words that end in an organisation word and no entity covers
    ("the Refugee Council", "Division of Student Affairs", "Leiden University"), with "of"/"for"/"and"
    between capitalised words. ``capitalised`` is ``_capitalised(toks)``."""
    found: list[Mention] = []
    i, n = 0, len(toks)
    for at in [k for k in toks.upper if capitalised[k]]:  # (only those tokens can be capitalised)
        if at < i or covered[at]:
            continue
        i = at
        j, last = i + 1, i + 1
        while j < n and not covered[j]:
            if capitalised[j]:
                j += 1
                last = j
            elif toks.lower[j] in _NAME_GLUE and j + 2 < n and not covered[j + 1] and (
                    capitalised[j + 1] or (toks.lower[j + 1] == "the" and capitalised[j + 2])):
                j += 1
            else:
                break
        # The longest prefix of the run that ends in an organisation word.
        end = last
        while end - i >= 2 and not (capitalised[end - 1] and org_sector([toks.text[end - 1]])[0]):
            end -= 1
        if end - i >= 2 and not _role_word_at(toks, i):
            made = mention_from_span(doc, i, end, "ORG", title_limit=i, toks=toks)
            if made is not None and made.kind == "organization":
                found.append(made)
                for k in range(i, end):
                    covered[k] = 1
        i = max(last, i + 1)
    return found


_LABEL_BY_KIND = {"person": "PERSON", "organization": "ORG", "group": "NORP", "place": "GPE", "country": "GPE"}
# Words that may join the capitalised words of a knowledge-base name ("Ministry of Defence", "Sierra Leone").
_KNOWN_GLUE = frozenset({"of", "for", "and", "de", "-", "&", "the"})
_KNOWN_MAX = 6


def _known_names(doc: Doc, toks: Tokens, capitalised: list[bool], covered: bytearray) -> list[Mention]:
    """Names the NER missed that are exactly a notable knowledge-base entry's name (see ``known``): the
    longest such run of capitalised words from each word on; one word alone only when tagged PROPN, or
    capitalised away from the start of its sentence, or (at the start) a notable person's surname.
    ``capitalised`` is ``_capitalised(toks)``."""
    found: list[Mention] = []
    i, n = 0, len(toks)
    for at in [k for k in toks.upper if capitalised[k]]:  # (only those tokens can be capitalised)
        if at < i or covered[at] or _role_word_at(toks, at):
            continue
        i = at
        text, pos = toks.text[i], toks.pos[i]
        j = i + 1
        # A sentence break the parser put between two words with no punctuation ("Human Rights | Watch
        # said") does not end a name.
        while j < n and j - i < _KNOWN_MAX and not covered[j] and (
                capitalised[j] or toks.lower[j] in _KNOWN_GLUE and not toks.space[j]) and not (
                toks[j].is_sent_start and (toks[j - 1].is_punct or toks.space[j - 1])):
            j += 1
        made = None
        for end in range(j, i + 1, -1):
            if capitalised[end - 1]:
                words = toks.span_text(i, end)
                known = known_name(words)
                if known is not None and not is_metonym_at(toks, i, words):
                    made = _known_mention(doc, toks, i, end, known)
                    if made is not None:
                        break
        if made is None and pos in ("PROPN", "NOUN", "X", ""):
            known = known_word(text)
            if known is not None and (pos == "PROPN" or not toks[i].is_sent_start or known.kind == "person") \
                    and not is_metonym_at(toks, i, text):
                made = _known_mention(doc, toks, i, i + 1, known)
        if made is None:
            i += 1
            continue
        found.append(made)
        first = made.title.start if made.title is not None else made.span.start
        for k in range(first, made.span.end):
            covered[k] = 1
        i = made.span.end
    return found


def _known_mention(doc: Doc, toks: Tokens, start: int, end: int, known: Known) -> Mention | None:
    made = mention_from_span(doc, start, end, _LABEL_BY_KIND[known.kind], toks=toks)
    if made is None or made.span.end != end:
        return None
    if known.kind == "country":
        made.kind = "country"
        made.polity = made.polity or (Polity(known.name, "country", known.code) if known.code else None)
        if made.polity is None:
            return None
    elif made.polity is None:
        made.kind = known.kind
    return made


def _leading_person_title(toks: Tokens, start: int, end: int) -> bool:
    """A run of capitalised words that opens with a person's title and goes on with a name the
    title is not part of ("Professor Eastman", "Secretary Cardona", "Dr. Pangborn")."""
    k = start
    while k < end and _role_word_at(toks, k):
        k += 1
    return start < k < end and any(_names_person_at(toks, t) for t in range(start, k)) \
        and not any(_role_word_at(toks, t) for t in range(k, end)) and not org_sector(toks.text[k:end])[0]


def _missed_names(doc: Doc, toks: Tokens, covered: bytearray) -> list[Mention]:
    """Names outside the entities: titled PROPN runs, metonyms, countries, and weak candidates."""
    found: list[Mention] = []
    texts, tags = toks.text, toks.pos
    i, n = 0, len(toks)
    for at in toks.upper:
        if at < i or covered[at] or tags[at] not in ("PROPN", "NOUN", "X", ""):
            continue
        i = at
        pos = tags[i]
        j = i + 1
        while j < n and not covered[j] and toks.pos[j] == "PROPN" and toks.text[j][:1].isupper():
            j += 1
        text = toks.span_text(i, j)
        if is_metonym_at(toks, i, text):
            found.append(Mention(span=toks.span(i, j), kind="place", metonym=True, words=toks.text[i:j], _text=text))
        elif pos == "PROPN" and (country := polity(text)) is not None:
            found.append(Mention(span=toks.span(i, j), kind=country.kind, polity=country, words=toks.text[i:j],
                                 _text=text))
        elif (pos == "PROPN" and (_title_start(toks, i, 0) < i
                                  or _starts_with_given_name_at(toks, i, j))) \
                or _leading_person_title(toks, i, j):
            made = mention_from_span(doc, i, j, "PERSON", toks=toks)
            if made is not None:
                found.append(made)
        elif not _role_word_at(toks, i) and len(texts[i]) >= 4 and pos in ("PROPN", "NOUN", "X", ""):
            found.append(Mention(span=toks.span(i, j), kind="person", weak=True, words=toks.text[i:j], _text=text))
        i = j
    return found


# Verbs whose subject, written "the" + a name, is a publication ("The Insider reports that …").
_REPORTING = frozenset({"report"})


def _publication_at(toks: Tokens, i: int) -> tuple[int, int] | None:
    """The name a publication is written with, ending at token ``i`` after "the": one letter ("the i")
    or a run of capitalised proper nouns ("The Insider") that is no organisation word's, role's or
    country's name."""
    texts = toks.text
    if len(texts[i]) == 1 and texts[i].isalpha():
        start = i
    else:
        start = i
        while start > 0 and toks.pos[start - 1] == "PROPN" and texts[start - 1][:1].isupper():
            start -= 1
        if toks.pos[i] != "PROPN" or not texts[i][:1].isupper() or i - start > 3:
            return None
    if start == 0 or toks.lower[start - 1] != "the":
        return None
    words = texts[start:i + 1]
    if any(_role_word_at(toks, k) for k in range(start, i + 1)) or org_sector(words)[0] \
            or polity(" ".join(words)) is not None or is_metonym_at(toks, start, " ".join(words)):
        return None
    return start, i + 1


def _publications(doc: Doc, toks: Tokens, mentions: list[Mention]) -> None:
    """Publications named as the source of a report: "the" + a name as the subject of "report" ("The
    Insider reports that …", "with the i reporting …") or after "according to" ("according to the i").
    Such a name becomes an organisation in the media sector (JRN), in place of the weak capitalised
    word or the NER's person; a name with a title or a given name stays a person's."""
    lemma, lower, dep, head = toks.lemma, toks.lower, toks.dep, toks.head
    n = len(toks)
    found: list[tuple[int, int]] = []
    verbs = {k for k, word in enumerate(lemma) if word in _REPORTING and toks.pos[k] == "VERB"}
    if verbs:
        for i, h in enumerate(head):
            if h in verbs and dep[i] == "nsubj" and (span := _publication_at(toks, i)) is not None:
                found.append(span)
    for k, word in enumerate(lower):
        if word == "according" and k + 3 < n and lower[k + 1] == "to" and lower[k + 2] == "the":
            end = k + 3
            while end + 1 < n and toks.pos[end + 1] == "PROPN" and toks.text[end + 1][:1].isupper():
                end += 1
            if (span := _publication_at(toks, end)) is not None and span[0] == k + 3:
                found.append(span)
    if not found:
        return
    at = {m.span.start: m for m in mentions}
    for start, end in found:
        old = at.get(start)
        if old is not None and old.span.end == end:
            if old.kind == "person" and not old.weak or old.kind not in ("person", "organization") \
                    or old.sector is not None:
                continue
            old.kind, old.sector, old.weak, old.title = "organization", "JRN", False, None
        elif not any(m.span.start < end and start < m.span.end for m in mentions):
            made = Mention(span=toks.span(start, end), kind="organization", words=toks.text[start:end], sector="JRN")
            mentions.append(made)
            at[start] = made
