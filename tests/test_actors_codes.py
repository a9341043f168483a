"""Country and sector codes inferred from the text (``actors.codes``, ``roles.affiliations``,
``roles.elected``), on hand-made actors and docs: no statistical model."""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from backchannel.actors import ActorCluster, ActorRelation, Registry
from backchannel.actors.codes import fill_codes, home_country, international, name_country, name_sector
from backchannel.actors.roles import affiliations, elected
from backchannel.actors.tokens import Tokens
from backchannel.actors.vocab import place_country, polity


def _doc(words: list[str], **kwargs: list[str] | list[int] | list[bool]) -> Doc:
    return Doc(spacy.blank("en").vocab, words=words, **kwargs)  # type: ignore[arg-type]


def _span(doc: Doc, start: int, end: int) -> Span:
    return doc[start:end]


def _cluster(kind: str, name: str, doc: Doc, spans: list[tuple[int, int]], country: str | None = None,
             sector: str | None = None) -> ActorCluster:
    cluster = ActorCluster(kind, name=name, country=country, sector=sector)
    cluster.mentions = [doc[s:e] for s, e in spans]
    return cluster


def test_organisation_name_gives_sector_from_any_decisive_word_and_country_from_a_place() -> None:
    assert name_sector("Korean Central News Agency".split()) == "JRN"  # "Agency" alone decides nothing
    assert name_sector("Italian Episcopal Conference".split()) == "REL"
    assert name_sector("Civic Party".split()) == "PTY"
    assert name_sector("Human Rights Watch".split()) is None
    assert name_country("Massachusetts Institute of Technology".split()) == "USA"  # a state, not a polity
    assert name_country("New Zealand Herald".split()) == "NZL"
    assert name_country("Korean People's Army".split()) is None  # "Korean": North or South, not ours to say


def test_ambiguous_demonym_and_hong_kong() -> None:
    assert polity("Korean") is None and place_country("Korean") is None
    hong_kong = polity("Hong Kong")
    assert hong_kong is not None and (hong_kong.code, hong_kong.kind) == ("HKG", "country")
    assert polity("South Korean") is not None


def test_relations_carry_the_country_and_a_party_or_employer_sector() -> None:
    doc = _doc("Lee of the Labour Party and Chu and Basya of the military spoke".split())
    lee = _cluster("person", "Lee", doc, [(0, 1)])
    party = _cluster("organization", "Labour Party", doc, [(3, 5)], country="HKG")
    country = _cluster("country", "Hong Kong", doc, [(6, 7)], country="HKG")
    chu = _cluster("person", "Chu", doc, [(6, 7)])
    basya = _cluster("person", "Basya", doc, [(8, 9)])
    army = _cluster("organization", "Indonesian military", doc, [(11, 12)], country="IDN", sector="MIL")
    rels = [ActorRelation(lee, "member_of", party, doc[0:5]), ActorRelation(chu, "works_for", country, doc[6:7]),
            ActorRelation(basya, "spokesperson_for", army, doc[8:12])]
    fill_codes([lee, party, chu, basya, army], rels)
    assert (party.country, party.sector) == ("HKG", "PTY")  # from its name
    assert (lee.country, lee.sector) == ("HKG", "PTY")  # person → party → country, read in one call
    assert (chu.country, chu.sector) == ("HKG", None)  # a country's sector is not its people's
    assert (basya.country, basya.sector) == ("IDN", "MIL")


def test_stated_codes_are_never_overwritten() -> None:
    doc = _doc("Ip of the Party".split())
    ip = _cluster("person", "Ip", doc, [(0, 1)], country="CHN", sector="GOV")
    party = _cluster("organization", "Party", doc, [(3, 4)], country="HKG", sector="PTY")
    fill_codes([ip, party], [ActorRelation(ip, "member_of", party, doc[0:4])])
    assert (ip.country, ip.sector) == ("CHN", "GOV")


def test_home_country_needs_a_clear_majority() -> None:
    doc = _doc("Italy Italy Rome France Germany Germany".split())
    italy = _cluster("country", "Italy", doc, [(0, 1), (1, 2)], country="ITA")
    rome = _cluster("place", "Rome", doc, [(2, 3)], country="ITA")
    france = _cluster("country", "France", doc, [(3, 4)], country="FRA")
    germany = _cluster("country", "Germany", doc, [(4, 5), (5, 6)], country="DEU")
    assert home_country([italy, rome, france]) == "ITA"  # three mentions (Rome counts) against one
    assert home_country([italy, france]) is None  # two: too few to say
    assert home_country([italy, rome, germany]) is None  # three against two: no clear majority


def test_home_country_fills_people_and_local_bodies_but_not_international_ones() -> None:
    doc = _doc("Italy Italy Rome France Mario UNHCR Catholic Church".split())
    italy = _cluster("country", "Italy", doc, [(0, 1), (1, 2)], country="ITA")
    rome = _cluster("place", "Rome", doc, [(2, 3)], country="ITA")
    mario = _cluster("person", "Mario", doc, [(4, 5)])
    unhcr = _cluster("organization", "UNHCR", doc, [(5, 6)])
    church = _cluster("organization", "Catholic Church", doc, [(6, 8)])
    fill_codes([italy, rome, mario, unhcr, church], [])
    assert mario.country == "ITA"
    assert unhcr.country is None and church.country is None
    assert international("World Health Organization") and international("UNICEF")
    assert international("UN") and not international("Civic Party") and not international("Union Square")


def test_no_home_country_when_two_countries_share_the_story() -> None:
    doc = _doc("Korea Korea Korea Japan Japan Kim".split())
    korea = _cluster("country", "South Korea", doc, [(0, 1), (1, 2), (2, 3)], country="KOR")
    japan = _cluster("country", "Japan", doc, [(3, 4), (4, 5)], country="JPN")
    kim = _cluster("person", "Kim", doc, [(5, 6)])
    fill_codes([korea, japan, kim], [])
    assert kim.country is None


def test_home_country_counts_demonyms_read_as_an_origin() -> None:
    doc = _doc("Afghanistan Kabul U.S. U.S. U.S. Washington Noori".split())
    afghanistan = _cluster("country", "Afghanistan", doc, [(0, 1)], country="AFG")
    kabul = _cluster("place", "Kabul", doc, [(1, 2)], country="AFG")
    usa = _cluster("country", "United States", doc, [(2, 3), (3, 4), (4, 5)], country="USA")
    washington = _cluster("place", "Washington", doc, [(5, 6)], country="USA")
    noori = _cluster("person", "Rodaba Noori", doc, [(6, 7)])
    assert home_country([afghanistan, kabul, usa, washington]) == "USA"  # four against two
    afghanistan.demonyms = 6  # "the Afghan team", "Afghan women", …
    assert home_country([afghanistan, kabul, usa, washington]) == "AFG"  # eight against four
    afghanistan.demonyms = 3
    fill_codes([afghanistan, kabul, usa, washington, noori], [])
    assert noori.country is None  # five against four: no clear home, so no guess


def test_demonyms_of_people_and_teams_vote_for_their_country(nlp: Language) -> None:
    doc = nlp("Afghanistan sent six girls to Washington. Officials said the Afghan girls were denied visas "
              "twice, and Afghan women protested. Afghan teenagers rarely travel.")
    afghanistan = next(c for c in doc._.actors if c.country == "AFG" and c.kind == "country")
    assert afghanistan.demonyms == 3
    assert [m.text for m in afghanistan.mentions] == ["Afghanistan"]  # a vote, not a mention


def _registry(doc: Doc, clusters: list[ActorCluster]) -> Registry:
    registry = Registry(toks=Tokens(doc))
    for cluster in clusters:
        registry.clusters.append(cluster)
        for span in cluster.mentions:
            for i in range(span.start, span.end):
                registry.by_token[i] = cluster
    return registry


def test_affiliation_beside_a_name_is_a_membership() -> None:
    words = "DAB 's Ben Chan and Alvin Yeung from the Civic Party and Kim of the Herald won .".split()
    doc = _doc(words)
    dab = _cluster("organization", "DAB", doc, [(0, 1)])
    chan = _cluster("person", "Ben Chan", doc, [(2, 4)])
    yeung = _cluster("person", "Alvin Yeung", doc, [(5, 7)])
    party = _cluster("organization", "Civic Party", doc, [(9, 11)], sector="PTY")
    kim = _cluster("person", "Kim", doc, [(12, 13)])
    herald = _cluster("organization", "Herald", doc, [(15, 16)], sector="JRN")
    registry = _registry(doc, [dab, chan, yeung, party, kim, herald])
    affiliations(doc, Tokens(doc), registry)
    found = {(r.subject.name, r.relation, r.object.name, r.evidence.text) for r in registry.relations}
    assert found == {("Ben Chan", "member_of", "DAB", "DAB 's Ben Chan"),
                     ("Alvin Yeung", "member_of", "Civic Party", "Alvin Yeung from the Civic Party"),
                     ("Kim", "works_for", "Herald", "Kim of the Herald")}


def test_affiliation_with_a_country_states_nothing() -> None:
    doc = _doc("Kim of Korea spoke".split())
    kim = _cluster("person", "Kim", doc, [(0, 1)])
    korea = _cluster("country", "Korea", doc, [(2, 3)], country="KOR")
    registry = _registry(doc, [kim, korea])
    affiliations(doc, Tokens(doc), registry)
    assert registry.relations == []


def _sentences(words: list[str]) -> Doc:
    starts = [i == 0 or words[i - 1] == "." for i in range(len(words))]
    return _doc(words, sent_starts=starts, lemmas=[w.lower().replace("elected", "elect") for w in words])


def test_people_elected_in_a_legislative_election_are_legislators() -> None:
    words = "The legislative election was held . Chu was elected . Lee was defeated .".split()
    doc = _sentences(words)
    chu = _cluster("person", "Chu", doc, [(6, 7)])
    lee = _cluster("person", "Lee", doc, [(10, 11)])
    titled = _cluster("person", "Chu", doc, [(6, 7)], sector="GOV")
    registry = _registry(doc, [chu, lee])
    elected(doc, Tokens(doc), registry)
    assert (chu.sector, lee.sector) == ("LEG", None)
    registry = _registry(doc, [titled])
    elected(doc, Tokens(doc), registry)
    assert titled.sector == "GOV"  # a stated title wins


def test_elected_decides_nothing_without_the_kind_of_election() -> None:
    doc = _sentences("The election was held . Chu was elected .".split())
    chu = _cluster("person", "Chu", doc, [(5, 6)])
    registry = _registry(doc, [chu])
    elected(doc, Tokens(doc), registry)
    assert chu.sector is None


def test_home_country_leaves_out_countries_named_inside_other_names() -> None:
    doc = _doc("U.S. State Department , U.S. Congress , U.S. Embassy , Kabul".split())
    usa = _cluster("country", "United States", doc, [(0, 1), (4, 5), (7, 8)], country="USA")
    bodies = [_cluster("organization", name, doc, [span]) for name, span in
              (("U.S. State Department", (0, 3)), ("U.S. Congress", (4, 6)), ("U.S. Embassy", (7, 9)))]
    assert home_country([usa, *bodies]) is None  # each "U.S." names a body, not the story's country
    assert home_country([usa]) == "USA"


def test_initials_of_a_country_written_with_spaces_or_cut_short() -> None:
    for text in ("U.S.", "U. S.", "U.S"):
        found = polity(text)
        assert found is not None and found.code == "USA", text
    assert polity("e.g") is None and polity("A.B") is None


def test_a_body_named_after_its_country_is_a_government_body() -> None:
    doc = _doc("NSC WFC BC".split())
    nsc = _cluster("organization", "United States National Security Council", doc, [(0, 1)])
    wfc = _cluster("organization", "World Food Council", doc, [(1, 2)])
    bc = _cluster("organization", "British Council", doc, [(2, 3)])
    fill_codes([nsc, wfc, bc], [])
    assert (nsc.sector, nsc.country) == ("GOV", "USA")
    assert wfc.sector is None  # international, and no country opens the name
    assert bc.sector is None  # a demonym is not the state's name
