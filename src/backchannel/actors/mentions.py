"""Named mentions: the statistical NER's entities, repaired with the parse and the vocabularies.

The shipped NER is weak (F1 about 62), so an entity is taken as a hint, not as the truth:

* its boundaries are widened over ``flat`` name parts it cut off ("Marcin [Bialy]" → "Marcin Bialy");
* leading titles, demonyms and role nouns inside it or just before it become the mention's *title*
  ("[Ukrainian Foreign Minister] Andrii Sybiha"), and a title or a known first name makes the
  mention a person whatever the NER label said;
* names it missed are picked up when a title introduces them ("Kremlin spokesman Dmitry Peskov"),
  when they are a metonym or a country ("Kyiv", "Russia"), or later, in clustering, when a
  capitalised word matches the surname of a person already found ("Dmitriyev").
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from .names import name_key, titles
from .vocab import Polity, first_name_genders, metonyms, nominal_heads, polity

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


@dataclass(eq=False)
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

    @property
    def key(self) -> str:
        return name_key(self.span.text)


def _is_role_word(token: Token) -> bool:
    low = token.lower_
    return low in titles() or token.lemma_.lower() in nominal_heads() or low in nominal_heads()


def _is_polity_word(token: Token) -> bool:
    return token.text[:1].isupper() and (polity(token.text) is not None or token.lower_ in metonyms())


def _title_start(doc: Doc, start: int, limit: int) -> int:
    """Leftmost index of the title words that end at ``start`` (exclusive), not before ``limit``.

    Title words are role nouns and titles, with demonyms, countries, metonyms and a possessor
    ("Putin's") before them; a title must contain at least one role word.
    """
    i = start
    has_role = False
    while i > limit:
        tok = doc[i - 1]
        if _is_role_word(tok):
            has_role = True
        elif tok.lower_ in _TITLE_GLUE and i - 2 >= limit and _is_role_word(doc[i - 2]) and has_role:
            pass
        elif tok.text in _POSSESSIVE_MARKS and i - 2 >= limit and doc[i - 2].pos_ in ("PROPN", ""):
            # "Putin's special envoy Kirill Dmitriev": the possessor belongs to the title.
            j = i - 2
            while j > limit and doc[j - 1].pos_ == "PROPN" and doc[j - 1].dep_ in ("flat", "compound"):
                j -= 1
            i = j
            break
        elif _is_polity_word(tok) and (tok.pos_ in ("ADJ", "PROPN", "") or tok.ent_type_ in ("NORP", "GPE")):
            pass
        else:
            break
        i -= 1
    if not has_role:
        return start
    while i < start and not (_is_role_word(doc[i]) or _is_polity_word(doc[i]) or doc[i].pos_ == "PROPN"):
        i += 1
    return i


def _widen(ent: Span) -> tuple[int, int]:
    """Grow an entity over ``flat`` name parts the NER left outside it."""
    doc = ent.doc
    start, end = ent.start, ent.end
    while start > 0 and doc[start - 1].pos_ == "PROPN" and (
            doc[start].dep_ == "flat" and doc[start].head.i == start - 1):
        start -= 1
    while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].dep_ == "flat" and start <= doc[end].head.i < end:
        end += 1
    return start, end


def mention_from_span(doc: Doc, start: int, end: int, label: str, *, title_limit: int = 0) -> Mention | None:
    """Build a mention from tokens ``start:end`` with NER label ``label``, splitting off a title."""
    kind = KIND_BY_LABEL.get(label)
    if kind is None:
        return None
    if label == "NORP" and all(t.pos_ == "ADJ" for t in doc[start:end]):
        return None  # a demonym ("Russian") modifies; ``metonymy`` reads it as its country
    while start < end and doc[start].lower_ == "the":
        start += 1
    # Titles inside the entity ("Ukrainian Foreign Minister Andrii Sybiha" labelled ORG).
    name_start = start
    while name_start < end and (_is_role_word(doc[name_start]) or doc[name_start].lower_ in _TITLE_GLUE
                                or (_is_polity_word(doc[name_start]) and name_start + 1 < end)):
        name_start += 1
    has_inner_title = any(_is_role_word(doc[i]) for i in range(start, name_start))
    if not has_inner_title:
        name_start = start
    while end > name_start and doc[end - 1].text in _POSSESSIVE_MARKS:
        end -= 1
    if name_start >= end:
        return None  # a title alone ("the Prime Minister") names nobody by itself
    title_start = _title_start(doc, start, title_limit) if start == name_start else start
    if title_start < name_start and not any(_is_role_word(doc[i]) for i in range(title_start, name_start)):
        title_start = name_start
    title = doc[title_start:name_start] if title_start < name_start else None
    span = doc[name_start:end]
    words = [t.text for t in span if t.text not in _POSSESSIVE_MARKS]
    if not words:
        return None
    if kind != "person" and _looks_like_person(doc, name_start, end, title):
        kind = "person"
    found = Mention(span=span, kind=kind, title=title, words=words)
    if kind in ("place", "group", "organization"):
        found.polity = polity(span.text)
        if found.polity is not None:
            found.kind = "group" if kind == "group" else found.polity.kind
    return found


def person_head(token: Token) -> str | None:
    """The role-noun entry ``token`` stands for, when that role is held by a person ("envoy", "spokesman")."""
    heads = nominal_heads()
    for key in (token.lemma_.lower(), token.lower_):
        entry = heads.get(key)
        if entry is not None and entry.kind == "person":
            return key
    return None


def _looks_like_person(doc: Doc, start: int, end: int, title: Span | None) -> bool:
    """A person title before the name, or a known first name starting a two- or three-word name."""
    if title is not None and any(person_head(t) is not None or t.lower_ in titles() for t in title):
        return True
    return 2 <= end - start <= 3 and doc[start].lower_ in first_name_genders()


def find_mentions(doc: Doc) -> list[Mention]:
    """All named mentions in ``doc``: repaired entities, titled names the NER missed, metonyms and
    country names, and weak capitalised candidates (left to clustering to keep or drop)."""
    mentions: list[Mention] = []
    covered = bytearray(len(doc))
    last_end = 0
    for ent in doc.ents:
        start, end = _widen(ent)
        if start < last_end:
            continue
        found = mention_from_span(doc, start, end, ent.label_)
        if found is None:
            continue
        mentions.append(found)
        lo = found.title.start if found.title is not None else found.span.start
        for i in range(lo, found.span.end):
            covered[i] = 1
        last_end = end
        if found.kind != "person" and is_metonym(doc, found.span):
            found.metonym = True
    mentions.extend(_missed_names(doc, covered))
    mentions.sort(key=lambda m: m.span.start)
    return mentions


def is_metonym(doc: Doc, span: Span) -> bool:
    """Whether ``span`` (or "the" + ``span``) is a form listed in ``metonyms.tsv``."""
    low = span.text.lower()
    the = span.start > 0 and doc[span.start - 1].lower_ == "the"
    return low in metonyms() or (the and "the " + low in metonyms())


def _missed_names(doc: Doc, covered: bytearray) -> list[Mention]:
    """Names outside the entities: titled PROPN runs, metonyms, countries, and weak candidates."""
    found: list[Mention] = []
    i, n = 0, len(doc)
    while i < n:
        tok = doc[i]
        if covered[i] or not tok.text[:1].isupper() or tok.pos_ not in ("PROPN", "NOUN", "X", ""):
            i += 1
            continue
        j = i + 1
        while j < n and not covered[j] and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper():
            j += 1
        if is_metonym(doc, doc[i:j]):
            found.append(Mention(span=doc[i:j], kind="place", metonym=True, words=[t.text for t in doc[i:j]]))
        elif tok.pos_ == "PROPN" and (country := polity(doc[i:j].text)) is not None:
            found.append(Mention(span=doc[i:j], kind=country.kind, polity=country, words=[t.text for t in doc[i:j]]))
        elif tok.pos_ == "PROPN" and (_title_start(doc, i, 0) < i or (
                2 <= j - i <= 3 and tok.lower_ in first_name_genders())):
            made = mention_from_span(doc, i, j, "PERSON")
            if made is not None:
                found.append(made)
        elif not _is_role_word(tok) and len(tok) >= 4 and tok.pos_ in ("PROPN", "NOUN", "X", ""):
            found.append(Mention(span=doc[i:j], kind="person", weak=True, words=[t.text for t in doc[i:j]]))
        i = j
    return found
