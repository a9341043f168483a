"""Name-like words that are no actor's name: sentence openers, references, exclamations, events' names,
and demonyms that only say where something comes from (hand-made parsed docs, no statistical model)."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc, Span

from backchannel.actors.component import find_actors

_VOCAB = spacy.blank("en").vocab


Ents = list[tuple[int, int, str]]


def _doc(rows: list[tuple[str, str, str, int]], ents: Ents | None = None, starts: tuple[int, ...] = (0,)) -> Doc:
    """``rows``: (word, POS, dep, head index) per token; lemmas are the lower-cased words."""
    words = [r[0] for r in rows]
    doc = Doc(_VOCAB, words=words, pos=[r[1] for r in rows], deps=[r[2] for r in rows],
              heads=[r[3] for r in rows], lemmas=[w.lower() for w in words],
              sent_starts=[i in starts for i in range(len(rows))])
    doc.ents = [Span(doc, s, e, label=lab) for s, e, lab in ents or []]
    return doc


def _actors(doc: Doc) -> dict[str, list[str]]:
    return {c.name: [m.text for m in c.mentions] for c in find_actors(doc).clusters}


def test_a_capitalised_sentence_opener_alone_is_no_name() -> None:
    # "Crucially, it is desirable." with "Crucially" tagged PERSON and PROPN (the weak tagger's guess).
    doc = _doc([("Crucially", "PROPN", "advmod", 4), (",", "PUNCT", "punct", 0), ("it", "PRON", "nsubj", 4),
                ("is", "AUX", "cop", 4), ("desirable", "ADJ", "ROOT", 4), (".", "PUNCT", "punct", 4)],
               ents=[(0, 1, "PERSON")])
    assert _actors(doc) == {}


def test_a_sentence_opener_named_again_elsewhere_or_possessive_is_kept() -> None:
    # "Coron is a town. We visited Coron." – the second mention, mid-sentence, supports the first.
    rows = [("Coron", "PROPN", "nsubj", 3), ("is", "AUX", "cop", 3), ("a", "DET", "det", 3),
            ("town", "NOUN", "ROOT", 3), (".", "PUNCT", "punct", 3), ("We", "PRON", "nsubj", 6),
            ("visited", "VERB", "ROOT", 6), ("Coron", "PROPN", "obj", 6), (".", "PUNCT", "punct", 6)]
    doc = _doc(rows, ents=[(0, 1, "LOC"), (7, 8, "LOC")], starts=(0, 5))
    assert _actors(doc) == {"Coron": ["Coron", "Coron"]}
    # "Demosisto's Nathan Law won.": a possessor is a name even first in its sentence.
    rows = [("Demosisto", "PROPN", "nmod:poss", 3), ("'s", "PART", "case", 0), ("Nathan", "PROPN", "compound", 3),
            ("Law", "PROPN", "nsubj", 4), ("won", "VERB", "ROOT", 4), (".", "PUNCT", "punct", 4)]
    doc = _doc(rows, ents=[(0, 1, "ORG"), (2, 4, "PERSON")])
    assert "Demosisto" in _actors(doc)


def test_a_reference_with_its_number_is_no_actor() -> None:
    rows = [("see", "VERB", "ROOT", 0), ("Figure", "PROPN", "obj", 0), ("1.6", "NUM", "nummod", 1),
            (".", "PUNCT", "punct", 0)]
    assert _actors(_doc(rows, ents=[(1, 2, "PERSON")])) == {}
    assert _actors(_doc(rows, ents=[(1, 3, "PERSON")])) == {}


def test_god_in_an_exclamation_is_no_actor() -> None:
    rows = [("Oh", "INTJ", "discourse", 2), ("my", "PRON", "nmod:poss", 2), ("God", "PROPN", "ROOT", 2),
            (".", "PUNCT", "punct", 2)]
    assert _actors(_doc(rows, ents=[(2, 3, "PERSON")])) == {}


def test_a_storm_and_its_short_name_are_no_actors() -> None:
    # "Cyclone Phailin hit India. Phailin 's winds weakened."
    rows = [("Cyclone", "PROPN", "compound", 1), ("Phailin", "PROPN", "nsubj", 2), ("hit", "VERB", "ROOT", 2),
            ("India", "PROPN", "obj", 2), (".", "PUNCT", "punct", 2), ("Phailin", "PROPN", "nmod:poss", 7),
            ("'s", "PART", "case", 5), ("winds", "NOUN", "nsubj", 8), ("weakened", "VERB", "ROOT", 8),
            (".", "PUNCT", "punct", 8)]
    doc = _doc(rows, ents=[(0, 2, "PERSON"), (3, 4, "GPE"), (5, 6, "PERSON")], starts=(0, 5))
    assert _actors(doc) == {"India": ["India"]}


def test_a_work_named_like_a_body_is_no_actor() -> None:
    rows = [("The", "DET", "det", 3), ("Penn", "PROPN", "compound", 2), ("State", "PROPN", "compound", 3),
            ("Wiki", "PROPN", "nsubj", 4), ("grew", "VERB", "ROOT", 4), (".", "PUNCT", "punct", 4)]
    assert _actors(_doc(rows, ents=[(1, 4, "ORG")])) == {}


def _demonym_doc(demonym: str, noun: str, lemma: str | None = None) -> Doc:
    # "They praised the <Demonym> <noun> ."
    rows = [("They", "PRON", "nsubj", 1), ("praised", "VERB", "ROOT", 1), ("the", "DET", "det", 4),
            (demonym, "ADJ", "amod", 4), (noun, "NOUN", "obj", 1), (".", "PUNCT", "punct", 1)]
    doc = _doc(rows)
    doc[4].lemma_ = lemma or noun
    return doc


def test_a_demonym_of_origin_is_no_mention_of_its_country() -> None:
    assert _actors(_demonym_doc("Australian", "children", "child")) == {}  # a person noun
    assert _actors(_demonym_doc("Japanese", "gardens", "garden")) == {}  # demonym_heads.tsv: origin
    assert _actors(_demonym_doc("Greek", "architects", "architect")) == {}
    # The rest of a name: "the French Revolution" (the NER left the name untagged).
    rows = [("They", "PRON", "nsubj", 1), ("studied", "VERB", "ROOT", 1), ("the", "DET", "det", 4),
            ("French", "ADJ", "amod", 4), ("Revolution", "PROPN", "obj", 1), (".", "PUNCT", "punct", 1)]
    assert _actors(_doc(rows)) == {}


def test_a_demonym_before_the_government_is_the_country_with_its_government() -> None:
    assert _actors(_demonym_doc("Indian", "government")) == {"India": ["Indian government"]}
    # A noun listed nowhere keeps the general reading (event arguments need it).
    assert _actors(_demonym_doc("Ukrainian", "involvement")) == {"Ukraine": ["Ukrainian"]}
