"""What kind of actor a name is, from its context and the knowledge base, whatever the NER label said
(hand-made docs with a flat parse, no statistical model)."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc, Span

from backchannel.actors.codes import name_country
from backchannel.actors.mentions import find_mentions
from backchannel.kb.linker import canonical_name

_VOCAB = spacy.blank("en").vocab

_POS = {"the": "DET", "of": "ADP", "to": "ADP", "in": "ADP", "and": "CCONJ", ",": "PUNCT", ".": "PUNCT",
        "said": "VERB", "is": "AUX", "was": "AUX", "evacuated": "VERB", "people": "NOUN", "town": "NOUN",
        "son": "NOUN", "coast": "NOUN", "ambassador": "NOUN", "spoke": "VERB", "on": "ADP", "a": "DET",
        "document": "NOUN", "found": "VERB", "north": "ADJ", "2015": "NUM", "21": "NUM", "it": "PRON"}


def _doc(text: str, ents: list[tuple[int, int, str]]) -> Doc:
    """A doc of ``text``'s space-separated words, every word attached to the first, with ``ents``."""
    words = text.split()
    doc = Doc(_VOCAB, words=words, pos=[_POS.get(w.lower(), "PROPN") for w in words],
              deps=["ROOT"] + ["dep"] * (len(words) - 1), heads=[0] * len(words),
              lemmas=[w.lower() for w in words], sent_starts=[i == 0 for i in range(len(words))])
    doc.ents = [Span(doc, s, e, label=lab) for s, e, lab in ents]
    return doc


def _kinds(doc: Doc) -> dict[str, str]:
    return {m.text: m.kind for m in find_mentions(doc)}


def test_a_month_beside_a_number_is_a_date_not_a_person() -> None:
    assert _kinds(_doc("It was August 21 , 2015 .", [(2, 3, "PERSON")])) == {}
    assert _kinds(_doc("It was 21 August .", [(3, 4, "PERSON")])) == {}
    # Without a number the month's name may be a name ("August said …").
    assert _kinds(_doc("The poet August said it .", [(2, 3, "PERSON")])) == {"August": "person"}


def test_a_one_word_name_the_kb_knows_only_as_an_organisation_is_one() -> None:
    # "Labour": the knowledge base's only notable entry of that name is the party.
    assert _kinds(_doc("The voters of Labour said it .", [(3, 4, "PERSON")])) == {"Labour": "organization"}


def test_the_town_of_a_name_is_a_place() -> None:
    kinds = _kinds(_doc("Seoul evacuated people in the town of Yeoncheon .", [(7, 8, "PERSON")]))
    assert kinds["Yeoncheon"] == "place"
    # "the son of …" is no place noun: the name stays a person.
    kinds = _kinds(_doc("Seoul evacuated the son of Yeoncheon .", [(5, 6, "PERSON")]))
    assert kinds["Yeoncheon"] == "person"


def test_a_name_followed_by_its_country_is_a_place() -> None:
    kinds = _kinds(_doc("It was found on the coast of Aceh , Indonesia .", [(7, 8, "PERSON"), (9, 10, "GPE")]))
    assert kinds["Aceh"] == "place"
    kinds = _kinds(_doc("It was found by Amin , Indonesia .", [(4, 5, "PERSON"), (6, 7, "GPE")]))
    assert kinds["Amin"] == "place"
    kinds = _kinds(_doc("It was found by Amin , Kerry said .", [(4, 5, "PERSON"), (6, 7, "PERSON")]))
    assert kinds["Amin"] == "person"


def test_a_country_run_into_a_person_s_name_splits() -> None:
    doc = _doc("The Ambassador to the United States Hamdullah Mohib said it .", [(4, 8, "LOC")])
    assert _kinds(doc) == {"United States": "country", "Hamdullah Mohib": "person"}
    # An organisation named after its country keeps its name: "British Red Cross" (ORG, a demonym first).
    doc = _doc("The Ambassador backed the British Red Cross .", [(4, 7, "ORG")])
    assert "British Red Cross" in _kinds(doc)


def test_a_word_and_a_country_s_name_tagged_as_a_place_is_a_body() -> None:
    doc = _doc("A Environment Canada document was found .", [(1, 3, "GPE")])
    assert _kinds(doc) == {"Environment Canada": "organization"}
    doc = _doc("A Northern Canada document was found .", [(1, 3, "GPE")])
    assert _kinds(doc)["Northern Canada"] != "organization"
    assert name_country(["Team", "Estonia"]) == "EST"
    assert name_country(["Environment", "Canada"]) == "CAN"
    assert name_country(["Team", "Rocket"]) is None


def test_a_name_with_and_is_no_person_s_even_after_a_title_word() -> None:
    # "National" is also a person noun ("a Chinese national"); here it opens a system's name.
    doc = _doc("It was the National Enforcement System and Intelligence System .", [(3, 9, "ORG")])
    mentions = find_mentions(doc)
    assert [(m.text, m.kind, m.title) for m in mentions] == [
        ("National Enforcement System and Intelligence System", "organization", None)]


def test_a_kb_name_s_qualifier_in_parentheses_is_no_part_of_the_display_name() -> None:
    assert canonical_name("Labour", "Labour Party (UK)") == "Labour Party"
    assert canonical_name("", "Labour Party (UK)") == "Labour Party"
    assert canonical_name("EU", "European Union") == "European Union"
