"""The actors component on news sentences, with the shipped statistical pipeline."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from backchannel.actors import ActorCluster
from backchannel.actors.clusters import _swapped


def _actors(nlp: Language, text: str) -> list[ActorCluster]:
    return list(nlp(text)._.actors)


def _by_name(clusters: list[ActorCluster], name: str) -> ActorCluster:
    found = [c for c in clusters if c.name == name]
    assert len(found) == 1, [c.name for c in clusters]
    return found[0]


DMITRIEV = ("Kirill Dmitriev, Putin’s special envoy for international cooperation, met Steve Witkoff in Miami. "
            "Dmitriyev said the talks went well.")


def test_apposition_role_relation_and_spelling_variant(nlp: Language) -> None:
    doc = nlp(DMITRIEV)
    dmitriev = _by_name(doc._.actors, "Kirill Dmitriev")
    putin = _by_name(doc._.actors, "Vladimir Putin")  # the KB gives the full name
    assert [m.text for m in dmitriev.named] == ["Kirill Dmitriev", "Dmitriyev"]
    # The apposition is his nominal mention too, without the possessor's tokens ("Putin’s" stays Putin's).
    assert [m.text for m in dmitriev.nominal] == ["special envoy for international cooperation"]
    assert [m.text for m in putin.mentions] == ["Putin"]
    assert [(r.title, r.of) for r in dmitriev.roles] == [("special envoy for international cooperation", putin)]
    rels = [(r.subject.name, r.relation, r.object.name) for r in doc._.actor_relations]
    assert ("Kirill Dmitriev", "envoy_of", "Vladimir Putin") in rels


def test_title_role_country_and_nominal_and_pronoun(nlp: Language) -> None:
    doc = nlp("Russian President Vladimir Putin spoke on Tuesday. The president said the offer stood. "
              "He added that Moscow would wait.")
    putin = _by_name(doc._.actors, "Vladimir Putin")
    russia = _by_name(doc._.actors, "Russia")
    assert russia.kind == "country" and russia.country == "RUS"
    assert [m.text for m in putin.mentions] == ["Vladimir Putin", "The president", "He"]
    assert [m.text for m in putin.nominal] == ["The president", "He"]
    assert [(r.title, r.of) for r in putin.roles] == [("President", russia)]
    assert "Moscow" in [m.text for m in russia.mentions]
    rels = [(r.subject.name, r.relation, r.object.name, r.evidence.text) for r in doc._.actor_relations]
    assert ("Vladimir Putin", "heads", "Russia", "Russian President Vladimir Putin") in rels


def test_minister_title_works_for_even_when_ner_says_org(nlp: Language) -> None:
    doc = nlp("Ukrainian Foreign Minister Andrii Sybiha said Russian forces attacked Kyiv overnight.")
    sybiha = _by_name(doc._.actors, "Andrii Sybiha")
    assert sybiha.kind == "person"
    ukraine = _by_name(doc._.actors, "Ukraine")
    assert [(r.title, r.of) for r in sybiha.roles] == [("Foreign Minister", ukraine)]
    rels = {(r.subject.name, r.relation, r.object.name) for r in doc._.actor_relations}
    assert ("Andrii Sybiha", "works_for", "Ukraine") in rels
    # The text says "Russian forces"; the knowledge base gives the canonical name.
    army = _by_name(doc._.actors, "Armed Forces of the Russian Federation")
    assert (army.kind, army.country, army.sector) == ("organization", "RUS", "MIL")
    assert "Russian forces" in [m.text for m in army.mentions]
    assert ("Armed Forces of the Russian Federation", "part_of", "Russia") in rels


def test_kremlin_is_russia_and_spokesman_relation(nlp: Language) -> None:
    doc = nlp("Kremlin spokesman Dmitry Peskov said the plan was premature. The Kremlin denied it.")
    russia = _by_name(doc._.actors, "Russia")
    assert [m.text for m in russia.mentions] == ["Kremlin", "Kremlin"]
    assert "it" not in [m.text for c in doc._.actors for m in c.mentions]  # "denied it": a thing, not an actor
    rels = {(r.subject.name, r.relation, r.object.name) for r in doc._.actor_relations}
    assert ("Dmitry Peskov", "spokesperson_for", "Russia") in rels


def test_washington_as_place_and_as_government(nlp: Language) -> None:
    doc = nlp("Zelensky travelled to Washington on Tuesday. Washington imposed new sanctions on Moscow.")
    usa = [c for c in doc._.actors if c.kind == "country" and c.country == "USA"]
    places = [c for c in doc._.actors if c.kind == "place"]
    assert [m.text for c in usa for m in c.mentions] == ["Washington"] and usa[0].mentions[0].start > 5
    assert [m.text for c in places for m in c.mentions] == ["Washington"]
    assert places[0].country == "USA"  # the place is in the country it does not stand for here


def test_demonym_of_an_abstract_noun_is_the_country(nlp: Language) -> None:
    doc = nlp("There is speculation about Ukrainian involvement in the attack.")
    ukraine = _by_name(doc._.actors, "Ukraine")
    assert [m.text for m in ukraine.mentions] == ["Ukrainian"]


def test_analyst_at_a_think_tank_works_for_it(nlp: Language) -> None:
    doc = nlp("The deal is fragile, said Marcin Bialy, an analyst at the Polityka Insight think tank.")
    rels = {(r.subject.name, r.relation, r.object.name) for r in doc._.actor_relations}
    assert ("Marcin Bialy", "works_for", "Polityka Insight") in rels


def test_two_male_candidates_leave_he_unresolved(nlp: Language) -> None:
    doc = nlp("Vladimir Putin met Donald Trump in Alaska. He said the talks were useful.")
    assert all(m.text != "He" for c in doc._.actors for m in c.mentions)


def test_he_after_said_binds_to_the_subject(nlp: Language) -> None:
    doc = nlp("Steve Witkoff met Kirill Dmitriev. Dmitriev said he was hopeful.")
    dmitriev = _by_name(doc._.actors, "Kirill Dmitriev")
    assert [m.text for m in dmitriev.mentions] == ["Kirill Dmitriev", "Dmitriev", "he"]


def test_gender_blocks_a_wrong_antecedent(nlp: Language) -> None:
    doc = nlp("Kaja Kallas met Volodymyr Zelensky in Brussels. He thanked the European Union.")
    zelensky = _by_name(doc._.actors, "Volodymyr Zelensky")
    assert [m.text for m in zelensky.mentions][-1] == "He"


def test_ambiguous_nominal_is_left_out(nlp: Language) -> None:
    doc = nlp("Russian Foreign Minister Sergei Lavrov met Chinese Foreign Minister Wang Yi. The minister said "
              "the talks were useful.")
    assert all(m.text != "The minister" for c in doc._.actors for m in c.mentions)


def test_actors_serialise_into_the_readout(nlp: Language) -> None:
    import backchannel

    (readout,) = backchannel.analyze([DMITRIEV], nlp)
    actors = {a["name"]: a for a in readout.actors}
    putin_id = actors["Vladimir Putin"]["id"]
    assert actors["Kirill Dmitriev"]["roles"][0]["of"] == putin_id
    assert {"subject": actors["Kirill Dmitriev"]["id"], "relation": "envoy_of", "object": putin_id} == {
        k: v for k, v in readout.relations[0].items() if k != "evidence"}


def test_stated_title_gives_sector_and_country_before_the_kb(nlp: Language) -> None:
    from backchannel.actors.component import find_actors

    doc = nlp("Russian Foreign Minister Sergei Lavrov met reporters. The Home Office said nothing.")
    clusters = find_actors(doc).clusters  # the in-document layer alone, without the KB linker
    lavrov = _by_name(clusters, "Sergei Lavrov")
    assert (lavrov.country, lavrov.sector) == ("RUS", "GOV")
    office = _by_name(clusters, "Home Office")
    assert office.kind == "organization"


def test_bracketed_acronym_and_its_repeats_join_the_name(nlp: Language) -> None:
    doc = nlp("Deputies of Movimento 5 Stelle (M5S) voted. Later the M5S party asked for a vote.")
    m5s = _by_name(doc._.actors, "Movimento 5 Stelle")
    assert [m.text for m in m5s.mentions] == ["Movimento 5 Stelle", "M5S", "M5S"]


def test_coordinated_names_in_one_entity_are_split(nlp: Language) -> None:
    doc = nlp("The seats went to Ben Chan and Leung Che-cheung, and to Wong Kwok-hing of FTU.")
    names = {(c.name, c.kind) for c in doc._.actors}
    assert {("Ben Chan", "person"), ("Leung Che-cheung", "person"), ("Wong Kwok-hing", "person")} <= names


def test_title_before_a_name_the_ner_missed_and_the_title_alone(nlp: Language) -> None:
    doc = nlp("So Secretary Cardona again invoked the law. Professor Eastman says the Secretary acted within "
              "his powers, and the Secretary agreed.")
    cardona = _by_name(doc._.actors, "Cardona")
    assert [m.text for m in cardona.mentions if m.text == "the Secretary"] == ["the Secretary", "the Secretary"]
    assert any(m.text == "Eastman" for c in doc._.actors for m in c.mentions)


def test_title_alone_with_no_holder_is_one_actor(nlp: Language) -> None:
    doc = nlp("Mr. President, I thank you. Madam Speaker, the House has voted. Mr. President, you may sign it.")
    president = _by_name(doc._.actors, "President")
    assert [m.text for m in president.mentions] == ["Mr. President", "Mr. President"]
    assert president.kind == "person"


def test_repeated_given_name_the_ner_missed_is_a_person(nlp: Language) -> None:
    doc = nlp("Her parents said Gloria had eczema. Doctors treated Gloria with water, and Gloria died.")
    gloria = _by_name(doc._.actors, "Gloria")
    assert gloria.kind == "person" and len([m for m in gloria.mentions if m.text == "Gloria"]) == 3


def test_acronym_of_an_organisation_found_earlier(nlp: Language) -> None:
    doc = nlp("The Undergraduate Student Government passed a resolution on Monday. Later the U.S.G. "
              "president said that U.S.G. members agreed.")
    usg = _by_name(doc._.actors, "Undergraduate Student Government")
    assert sum(m.text == "U.S.G." for m in usg.mentions) >= 1


def test_famous_names_the_ner_missed_come_from_the_knowledge_base(nlp: Language) -> None:
    # Each comes out under the knowledge base's full name, with the text's surname as its mention.
    for text, names in [("Trump consulted Putin by phone.", {"Donald Trump": "USA", "Vladimir Putin": "RUS"}),
                        ("Peskov said the talks were useful.", {"Dmitry Peskov": "RUS"}),
                        ("Witkoff met Dmitriev in Miami.", {"Steve Witkoff": "USA", "Kirill Dmitriev": "RUS"})]:
        people = {c.name: c.country for c in _actors(nlp, text) if c.kind == "person"}
        assert people == names, text
    hrw = _by_name(_actors(nlp, "Human Rights Watch said Hamas fired rockets."), "Human Rights Watch")
    assert hrw.kind == "organization" and hrw.kb_id == "org:hrw"


def test_common_words_and_given_names_alone_are_not_recovered() -> None:
    from backchannel.actors.known import known_name, known_word

    peskov = known_word("Peskov")
    assert peskov is not None and peskov.kind == "person"
    nato = known_word("NATO")
    assert nato is not None and nato.kind == "organization"
    for word in ("May", "Brown", "Bill", "Vladimir", "Said", "Will"):
        assert known_word(word) is None, word
    kirill = known_name("Kirill Dmitriev")
    assert kirill is not None and kirill.kind == "person"
    assert known_name("Putin") is None  # one word: the stricter ``known_word`` decides


def test_eu_tagged_as_a_place_is_the_organisation(nlp: Language) -> None:
    eu = _by_name(_actors(nlp, "The EU announced new sanctions. The EU said it would act."), "European Union")
    assert eu.kind == "organization" and eu.kb_id == "org:eu" and eu.country == "EUR"


def test_demonym_and_common_nouns_are_the_country_not_an_organisation(nlp: Language) -> None:
    clusters = _actors(nlp, "Russia struck Ukrainian energy facilities overnight.")
    assert {(c.name, c.kind) for c in clusters} == {("Russia", "country"), ("Ukraine", "country")}
    ukraine = _by_name(clusters, "Ukraine")
    assert [m.text for m in ukraine.mentions] == ["Ukrainian"]


def test_places_get_their_country(nlp: Language) -> None:
    clusters = _actors(nlp, "Witkoff met Dmitriev in Miami. He later flew to Paris and then to Florida.")
    places = {c.name: c.country for c in clusters if c.kind == "place"}
    assert places == {"Miami": "USA", "Paris": "FRA", "Florida": "USA"}


def test_a_weekday_is_never_an_actor(nlp: Language) -> None:
    doc = nlp("On Tuesday, Tuesday's meeting was cancelled. Putin spoke on Tuesday.")
    assert "Tuesday" not in {m.text for c in doc._.actors for m in c.mentions}


def test_names_inside_names_are_mentions_of_their_own_actors(nlp: Language) -> None:
    doc = nlp("The San Francisco Bulletin reported that the United States Congress met. "
              "The New York Times and the Medical Journal of Australia agreed.")
    mentions = {c.name: [m.text for m in c.mentions] for c in doc._.actors}
    assert mentions["United States"] == ["United States"]
    assert mentions["Australia"] == ["Australia"]
    assert "San Francisco" in mentions and "New York" in mentions
    # A place's name is not cut up ("York", "Francisco"), and the outer actors keep their whole names.
    assert not {"York", "Francisco", "New"} & set(mentions)
    assert mentions["United States Congress"] == ["United States Congress"]
    congress = _by_name(doc._.actors, "United States Congress")
    assert congress.kind == "organization"


def test_look_alikes_inside_names_are_not_countries(nlp: Language) -> None:
    doc = nlp("The Columbia University Press opened an office in Boston.")
    assert "Colombia" not in {c.name for c in doc._.actors}
    assert "Columbia" not in {m.text for c in doc._.actors for m in c.mentions}


def test_an_organisation_named_with_and_without_its_country_and_the_north_and_south(nlp: Language) -> None:
    doc = nlp("The United Kingdom Home Office published the form. The Home Office said it would help.")
    assert [[m.text for m in c.mentions] for c in doc._.actors if "Home Office" in c.name] == [
        ["United Kingdom Home Office", "Home Office"]]
    doc = nlp("North Korea and South Korea traded fire. The North said the South had started it.")
    mentions = {c.name: [m.text for m in c.mentions] for c in doc._.actors}
    assert "North" in mentions["North Korea"] and "South" in mentions["South Korea"]


def test_a_clipped_name_names_the_place_its_full_form_names(nlp: Language) -> None:
    doc = nlp("Students at the Pennsylvania State University protested on Monday. The students said Penn State "
              "would listen.")
    mentions = {c.name: [m.text for m in c.mentions] for c in doc._.actors}
    assert mentions["Pennsylvania State University"] == ["Pennsylvania State University", "Penn State"]
    assert mentions["Pennsylvania"] == ["Pennsylvania", "Penn"]


def test_a_role_noun_before_a_name_gives_the_organisation_its_sector(nlp: Language) -> None:
    doc = nlp("The secularist magazine MicroMega criticised the ruling.")
    micromega = _by_name(doc._.actors, "MicroMega")
    assert (micromega.kind, micromega.sector) == ("organization", "JRN")
    doc = nlp("The magazine's editor Anna Rossi criticised the ruling.")
    assert _by_name(doc._.actors, "Anna Rossi").kind == "person"


def _relations(doc: Doc) -> set[tuple[str, str, str]]:
    return {(r.subject.name, r.relation, r.object.name) for r in doc._.actor_relations}


def test_a_title_before_a_comma_and_the_name_is_the_holders_role(nlp: Language) -> None:
    doc = nlp("Discussing his concern in a public statement, Malaysia's Prime Minister, Najib Razak said, "
              "\"We are in contact with all relevant parties.\"")
    najib = _by_name(doc._.actors, "Najib Razak")
    assert (najib.country, najib.sector) == ("MYS", "GOV")
    assert [(r.title, r.of.name if r.of else None) for r in najib.roles] == [("Prime Minister", "Malaysia")]
    assert ("Najib Razak", "heads", "Malaysia") in _relations(doc)
    assert [m.text for m in najib.nominal] == ["Prime Minister"]  # "Malaysia's" stays Malaysia's


def test_a_spokesman_for_a_body_speaks_for_it(nlp: Language) -> None:
    doc = nlp("Major general Fuad Basya, spokesman for the Indonesian military, said fishermen first noticed "
              "the people.")
    basya = _by_name(doc._.actors, "Fuad Basya")
    assert basya.country == "IDN"
    assert any(rel == "spokesperson_for" and subject == "Fuad Basya" for subject, rel, _ in _relations(doc))
    doc = nlp("Kirill Dmitriev, the special envoy for international cooperation, met Steve Witkoff.")
    assert not _relations(doc)  # a cause, not a body


def test_secretary_of_state_heads_the_department_and_makes_no_state_actor(nlp: Language) -> None:
    doc = nlp("The US State Department said John Kerry, the Secretary of State, contacted Thailand's foreign "
              "minister. Jeff Rathke, the State Department Spokesperson, said, \"We urge the governments of the "
              "region to work together.\"")
    names = [c.name for c in doc._.actors]
    assert "State" not in names
    department = next(n for n in names if n.endswith("State Department"))
    rels = _relations(doc)
    assert ("John Kerry", "heads", department) in rels
    assert ("Jeff Rathke", "spokesperson_for", department) in rels
    rathke = _by_name(doc._.actors, "Jeff Rathke")
    assert (rathke.country, rathke.sector) == ("USA", "GOV")
    assert [r.span.text for r in rathke.roles] == ["the State Department Spokesperson"]


def test_a_people_named_alone_is_a_group_and_a_swapped_letter_is_the_same_body(nlp: Language) -> None:
    doc = nlp("The rescued included Bangladeshis and Rohingya. The United Nations rates the Rohingya among "
              "the most persecuted groups; the Untied Nations and the United States have criticised Malaysia.")
    rohingya = _by_name(doc._.actors, "Rohingya")
    assert rohingya.kind == "group"
    un = _by_name(doc._.actors, "United Nations")
    assert [m.text for m in un.mentions] == ["United Nations", "Untied Nations"]
    assert _swapped("united", "untied") and not _swapped("unit", "utni")  # five letters or more
    assert not _swapped("united", "unites") and not _swapped("united", "deunit")


def _with_ents(nlp: Language, text: str, ents: list[tuple[int, int, str]]) -> Doc:
    """``text`` through the pipeline with the NER's entities replaced by ``ents`` (token start, end, label)."""
    doc = nlp.make_doc(text)
    for name, proc in nlp.pipeline:
        doc = proc(doc)
        if name == "ner":
            doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
    return doc


def test_a_place_written_with_its_region_is_the_place(nlp: Language) -> None:
    doc = _with_ents(nlp, "He moved to Portland, Oregon in 1849. Portland was small then.",
                     [(3, 6, "GPE"), (9, 10, "GPE")])
    portland = [c for c in doc._.actors if any(m.text == "Portland" for m in c.mentions)]
    assert len(portland) == 1 and [m.text for m in portland[0].mentions] == ["Portland, Oregon", "Portland"]
    doc = _with_ents(nlp, "He met Smith, Jones and Brown. Smith left.", [(2, 5, "ORG"), (8, 9, "ORG")])
    assert len({id(c) for c in doc._.actors if any(m.text.startswith("Smith") for m in c.mentions)}) == 2


def test_a_demonym_and_team_or_delegation_is_a_national_group(nlp: Language) -> None:
    doc = nlp("According to the Afghan team's coach, Alireza Mehraban, the robot scored two points. "
              "The Afghan team arrived on Monday, and the Chinese delegation left.")
    team = _by_name(doc._.actors, "Afghan team")
    assert (team.kind, team.country) == ("group", "AFG")
    assert [m.text for m in team.mentions] == ["Afghan team", "Afghan team"]
    assert _by_name(doc._.actors, "Chinese delegation").country == "CHN"
    mehraban = _by_name(doc._.actors, "Alireza Mehraban")
    assert ("Alireza Mehraban", "works_for", "Afghan team") in _relations(doc)
    assert [r.span.text for r in mehraban.roles] == ["the Afghan team's coach"]  # not "According to …"
    assert [m.text for m in mehraban.nominal] == ["coach"]
