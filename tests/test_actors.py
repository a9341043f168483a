"""The actors layer's clustering rules, on hand-made docs (no statistical model)."""

from __future__ import annotations

from pathlib import Path

import spacy
from spacy.tokens import Doc, Span

from backchannel.actors import cluster_mentions, name_key


def _doc(words: list[str], ents: list[tuple[int, int, str]]) -> Doc:
    doc = Doc(spacy.blank("en").vocab, words=words)
    doc.ents = [Span(doc, s, e, label=lab) for s, e, lab in ents]
    return doc


def test_name_key() -> None:
    assert name_key("Putin’s") == "putin"
    assert name_key("the Kremlin") == "kremlin"
    assert name_key("Zelenskyy") == "zelenskyy"
    assert name_key("Lévesque") == "levesque"


def test_surname_before_and_after_full_name() -> None:
    words = ["Dmitriev", "spoke", ".", "Kirill", "Dmitriev", "met", "Witkoff", ".", "Dmitriev", "left", ".",
             "Putin", "’s", "envoy"]
    doc = _doc(words, [(0, 1, "PERSON"), (3, 5, "PERSON"), (6, 7, "PERSON"), (8, 9, "PERSON"),
                       (11, 12, "PERSON")])
    clusters = cluster_mentions(doc.ents)
    expected = [("Kirill Dmitriev", 3), ("Witkoff", 1), ("Putin", 1)]
    assert [(c.name, len(c.mentions)) for c in clusters] == expected


def test_one_word_is_one_actor_whatever_its_label_unless_a_title_makes_a_person() -> None:
    # The NER labels one word LOC here and PERSON there: one actor (on GUM dev every such pair was one entity).
    doc = _doc(["Chelsea", "said", "Chelsea", "said", "Chelsea"], [(0, 1, "LOC"), (2, 3, "PERSON"), (4, 5, "PERSON")])
    assert [(c.kind, len(c.mentions)) for c in cluster_mentions(doc.ents)] == [("person", 3)]
    # A place the territory vocabularies know stays a place.
    doc = _doc(["Mallorca", "said", "Mallorca", "said", "Mallorca"],
               [(0, 1, "LOC"), (2, 3, "PERSON"), (4, 5, "PERSON")])
    assert [(c.kind, len(c.mentions)) for c in cluster_mentions(doc.ents)] == [("place", 3)]
    # "President Chelsea" is a person whatever else is named Chelsea.
    doc = _doc(["President", "Chelsea", "said", "Chelsea"], [(0, 2, "PERSON"), (3, 4, "LOC")])
    assert sorted(c.kind for c in cluster_mentions(doc.ents)) == ["person", "place"]
    doc = _doc(["Georgia", "said", "Russia"], [(0, 1, "LOC"), (2, 3, "PERSON")])
    # A LOC that is a country is the country; so is a lone country name the NER tagged PERSON.
    assert [(c.name, c.kind) for c in cluster_mentions(doc.ents)] == [("Georgia", "country"), ("Russia", "country")]


def test_titles_are_split_off_and_titles_alone_are_not_actors() -> None:
    from backchannel.actors.names import split_title

    assert split_title("Prime Minister Rishi Sunak") == ("Prime Minister", "Rishi Sunak")
    assert split_title("Shadow Home Secretary") == ("Shadow Home Secretary", "")
    assert split_title("Kirill Dmitriev") == ("", "Kirill Dmitriev")
    words = ["Prime", "Minister", "Rishi", "Sunak", "spoke", ".", "Sunak", "and", "the", "Prime", "Minister",
             "left", "."]
    doc = _doc(words, [(0, 4, "PERSON"), (6, 7, "PERSON"), (9, 11, "PERSON")])
    clusters = cluster_mentions(doc.ents)
    # The title is split off the mention (it becomes a role in the full component).
    assert [(c.name, [m.text for m in c.mentions]) for c in clusters] == [("Rishi Sunak", ["Rishi Sunak", "Sunak"])]


def test_spelling_variants_join_and_different_first_names_do_not() -> None:
    words = ["Kirill", "Dmitriev", "met", "Dmitriyev", ".", "Volodymyr", "Zelensky", "and", "Zelenskyy", "and",
             "Sergei", "Lavrov", "and", "Maria", "Lavrova", "and", "Eric", "Zelensky", "."]
    ents = [(0, 2, "PERSON"), (3, 4, "PERSON"), (5, 7, "PERSON"), (8, 9, "PERSON"), (10, 12, "PERSON"),
            (13, 15, "PERSON"), (16, 18, "PERSON")]
    clusters = cluster_mentions(_doc(words, ents).ents)
    assert [[m.text for m in c.mentions] for c in clusters] == [
        ["Kirill Dmitriev", "Dmitriyev"], ["Volodymyr Zelensky", "Zelenskyy"], ["Sergei Lavrov"], ["Maria Lavrova"],
        ["Eric Zelensky"]]


def test_same_name_word_uses_rigour_budget() -> None:
    from backchannel.actors import same_name_word

    assert same_name_word("Dmitriev", "Dmitriyev") and same_name_word("Zelensky", "Zelenskyy")
    assert same_name_word("Lévesque", "Levesque")
    assert not same_name_word("Lavrov", "Lavrova") and not same_name_word("Putin", "Peskov")
    assert not same_name_word("Kim", "Kin")  # too short to judge


def test_countries_get_kind_and_iso3_and_acronyms_join() -> None:
    words = ["Russia", "and", "the", "European", "Union", "and", "the", "EU", "and", "Paris"]
    doc = _doc(words, [(0, 1, "GPE"), (3, 5, "ORG"), (7, 8, "ORG"), (9, 10, "GPE")])
    clusters = cluster_mentions(doc.ents)
    assert [(c.name, c.kind, c.country) for c in clusters] == [
        ("Russia", "country", "RUS"), ("European Union", "organization", None), ("Paris", "place", None)]
    assert [m.text for m in clusters[1].mentions] == ["European Union", "EU"]


def test_sector_codes_in_the_data_files_are_plover_sectors(shared_data: Path) -> None:
    import json

    from backchannel.actors.vocab import nominal_heads, org_words

    ontology = json.loads((shared_data / "events" / "plover" / "plover_ontology.json").read_text("utf-8"))
    sectors = {code for group in ontology["sector_codes"].values() for code in group}
    used = {e.sector for e in nominal_heads().values()} | set(org_words().values())
    assert used - {None} <= sectors


def test_organisation_words_make_organisations_and_keep_their_first_words() -> None:
    words = ["the", "United", "Kingdom", "Home", "Office", "and", "the", "Home", "Office", "and", "Caitlin",
             "Boswell", "and", "the", "Italian", "Supreme", "Court", "and", "non-profit"]
    doc = _doc(words, [(1, 5, "LOC"), (7, 9, "ORG"), (10, 12, "LOC"), (14, 17, "ORG"), (18, 19, "LOC")])
    clusters = cluster_mentions(doc.ents)
    # "the Home Office" is the United Kingdom Home Office named without its country: one actor.
    assert [(c.name, c.kind, c.country, c.sector, len(c.mentions)) for c in clusters] == [
        ("United Kingdom Home Office", "organization", "GBR", None, 2),
        ("Caitlin Boswell", "person", None, None, 1),
        ("Italian Supreme Court", "organization", "ITA", "JUD", 1)]


def test_given_name_alone_joins_the_one_full_name_that_starts_with_it() -> None:
    words = ["Isabel", "Ruiz", "met", "Mario", "Lucero", ".", "Isabel", "left", "."]
    doc = _doc(words, [(0, 2, "PERSON"), (3, 5, "PERSON"), (6, 7, "PERSON")])
    clusters = cluster_mentions(doc.ents)
    assert [(c.name, len(c.mentions)) for c in clusters] == [("Isabel Ruiz", 2), ("Mario Lucero", 1)]


def test_one_name_labelled_org_and_loc_is_one_actor() -> None:
    doc = _doc(["Global", "Voices", "and", "Global", "Voices"], [(0, 2, "ORG"), (3, 5, "LOC")])
    assert [(c.name, len(c.mentions)) for c in cluster_mentions(doc.ents)] == [("Global Voices", 2)]


def test_laws_plans_and_events_are_not_actors() -> None:
    words = ["the", "HEROES", "Act", "and", "the", "Marshall", "Plan", "and", "the", "Refugee", "Council"]
    doc = _doc(words, [(1, 3, "LOC"), (5, 7, "ORG"), (9, 11, "ORG")])
    assert [c.name for c in cluster_mentions(doc.ents)] == ["Refugee Council"]


def test_country_short_forms_in_an_organisation_name_and_its_head_word_are_one_actor() -> None:
    words = ["The", "House", "voted", ".", "The", "United", "States", "Congress", "and", "the", "U.S.", "Congress",
             "met", "the", "House", "of", "Representatives", "."]
    doc = _doc(words, [(1, 2, "ORG"), (5, 8, "ORG"), (10, 12, "ORG"), (14, 17, "ORG")])
    clusters = cluster_mentions(doc.ents)
    assert sorted(sorted(m.text for m in c.mentions) for c in clusters) == [
        ["House", "House of Representatives"], ["U.S. Congress", "United States Congress"]]
    # "Court" is short for two courts here: it joins neither.
    words = ["Court", "said", ".", "The", "Supreme", "Court", "and", "the", "High", "Court", "."]
    doc = _doc(words, [(0, 1, "ORG"), (4, 6, "ORG"), (8, 10, "ORG")])
    assert len(cluster_mentions(doc.ents)) == 3


def test_an_unlisted_given_name_alone_joins_the_one_full_name_it_starts() -> None:
    words = ["Vane", "Ivanovic", "came", ".", "Vane", "left", ".", "Xi", "Jinping", "and", "Xi", "Wang", "met", "."]
    doc = _doc(words, [(0, 2, "PERSON"), (4, 5, "PERSON"), (7, 9, "PERSON"), (10, 12, "PERSON")])
    assert [(c.name, len(c.mentions)) for c in cluster_mentions(doc.ents)] == [
        ("Vane Ivanovic", 2), ("Xi Jinping", 1), ("Xi Wang", 1)]


def test_spaced_initials_of_a_country_are_the_country() -> None:
    doc = _doc(["The", "U.", "S.", "and", "the", "United", "States"], [(1, 3, "PERSON"), (5, 7, "GPE")])
    assert [(c.name, c.kind, len(c.mentions)) for c in cluster_mentions(doc.ents)] == [
        ("United States", "country", 2)]


def test_a_clipped_name_is_the_organisation_it_clips() -> None:
    words = ["The", "Pennsylvania", "State", "University", "said", "Penn", "State", "and", "Johns", "Hopkins",
             "met", "the", "Johns", "Hopkins", "University", "."]
    # "Penn State" tagged PERSON is still the university; "Johns Hopkins" (unclipped words) stays a person.
    doc = _doc(words, [(1, 4, "ORG"), (5, 7, "PERSON"), (8, 10, "PERSON"), (12, 15, "ORG")])
    clusters = cluster_mentions(doc.ents)
    assert sorted(sorted(m.text for m in c.mentions) for c in clusters) == [
        ["Johns Hopkins"], ["Johns Hopkins University"], ["Penn State", "Pennsylvania State University"]]


def test_hyphenated_given_names_are_one_word() -> None:
    # Tokenised "Yiu - chung", the last piece "chung" would pass for a spelling of "cheung".
    words = ["Leung", "Che", "-", "cheung", "and", "Leung", "Yiu", "-", "chung", "won", "."]
    spaces = [True, False, False, True, True, True, False, False, True, True, False]
    doc = Doc(spacy.blank("en").vocab, words=words, spaces=spaces)
    doc.ents = [Span(doc, 0, 4, label="PERSON"), Span(doc, 5, 9, label="PERSON")]
    assert [c.name for c in cluster_mentions(doc.ents)] == ["Leung Che-cheung", "Leung Yiu-chung"]


def test_major_general_is_a_title_and_major_league_is_not() -> None:
    words = ["Major", "general", "Fuad", "Basya", "and", "Major", "League", "Baseball", "."]
    doc = _doc(words, [(0, 4, "PERSON"), (5, 8, "ORG")])
    assert [(c.name, c.kind) for c in cluster_mentions(doc.ents)] == [
        ("Fuad Basya", "person"), ("Major League Baseball", "organization")]


def test_an_organisation_named_without_its_last_organisation_word() -> None:
    words = ["The", "New", "People", "'s", "Party", "won", ";", "New", "People", "said", "so", "."]
    doc = _doc(words, [(1, 5, "ORG"), (7, 9, "ORG")])
    assert [len(c.mentions) for c in cluster_mentions(doc.ents)] == [2]
    # Two more words ("United Nations Security Council") are another body.
    words = ["United", "Nations", "and", "United", "Nations", "Security", "Council"]
    doc = _doc(words, [(0, 2, "ORG"), (3, 7, "ORG")])
    assert len(cluster_mentions(doc.ents)) == 2
