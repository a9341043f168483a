"""``bc_actor_linker``: clusters of a hand-made Doc and of a real analysis linked to the knowledge base."""

from __future__ import annotations

import datetime as dt
import time

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

import backchannel
from backchannel.actors import ActorCluster
from backchannel.kb import ActorLinker, Entry, KnowledgeBase, Role
from backchannel.nlp.pipeline import EXTRACTORS


def _doc(nlp: Language, words: list[str], ents: list[tuple[int, int, str]], when: dt.date | None) -> Doc:
    doc = Doc(nlp.vocab, words=words)
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
    doc._.published = when
    return doc


@pytest.fixture(scope="module")
def blank() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("bc_actors_v1", name="bc_actors")
    nlp.add_pipe("bc_actor_linker_v1", name="bc_actor_linker")
    return nlp


WORDS = ["Vladimir", "Putin", "’s", "aide", "Yuri", "Ushakov", "spoke", "to", "Russian", "reporters", "in", "Russia",
         "about", "Smith", "."]
ENTS = [(0, 2, "PERSON"), (4, 6, "PERSON"), (8, 9, "NORP"), (11, 12, "GPE"), (13, 14, "PERSON")]


def test_linker_fills_kb_fields(blank: Language) -> None:
    doc = blank(_doc(blank, WORDS, ENTS, dt.date(2025, 3, 1)))
    by_name = {c.name: c for c in doc._.actors}
    putin = by_name["Vladimir Putin"]
    assert (putin.kb_id, putin.wikidata, putin.country, putin.sector) == ("wd:Q7747", "Q7747", "RUS", "GOV")
    russia = by_name["Russia"]
    assert (russia.country, russia.wikidata) == ("RUS", "Q159")
    russians = by_name["Russian"]
    assert russians.country == "RUS" and russians.kb_id is None  # a group takes the country, not the state's id
    smith = by_name["Smith"]
    assert smith.kb_id is None  # a surname many people share stays unlinked


def test_linker_keeps_in_document_values_and_dates() -> None:
    nlp = spacy.blank("en")
    aide = Entry("phx:YURIY_USHAKOV", "Yuriy Ushakov", "person", country="RUS",
                 roles=[Role("RUS", "GOV", dt.date(2003, 1, 1), dt.date(2008, 7, 31), code="RUSGOV")])
    linker = ActorLinker(nlp, "bc_actor_linker")
    linker._kb = KnowledgeBase.from_entries([aide])
    for when, sector in ((dt.date(2005, 1, 1), "GOV"), (dt.date(2025, 1, 1), None)):
        doc = _doc(nlp, ["Yuriy", "Ushakov", "spoke"], [(0, 2, "PERSON")], when)
        cluster = ActorCluster("person", mentions=list(doc.ents), name="Yuriy Ushakov")
        doc._.actors = [cluster]
        linker(doc)
        assert (cluster.kb_id, cluster.country, cluster.sector) == ("phx:YURIY_USHAKOV", "RUS", sector)
    doc = _doc(nlp, ["Yuriy", "Ushakov"], [(0, 2, "PERSON")], dt.date(2005, 1, 1))
    cluster = ActorCluster("person", mentions=list(doc.ents), name="Yuriy Ushakov", sector="SPY")
    doc._.actors = [cluster]
    linker(doc)
    assert cluster.sector == "SPY"


def test_surname_does_not_stand_in_for_an_unknown_full_name() -> None:
    nlp = spacy.blank("en")
    linker = ActorLinker(nlp, "bc_actor_linker")
    linker._kb = KnowledgeBase.from_entries([Entry("phx:A", "Ivan Dmitriev", "person")])
    doc = _doc(nlp, ["Kirill", "Dmitriev", "and", "Dmitriev"], [(0, 2, "PERSON"), (3, 4, "PERSON")], None)
    cluster = ActorCluster("person", mentions=list(doc.ents), name="Kirill Dmitriev")
    doc._.actors = [cluster]
    linker(doc)
    assert cluster.kb_id is None


def test_linker_is_registered_after_actors() -> None:
    names = [name for name, _ in EXTRACTORS]
    assert names.index("bc_actor_linker") == names.index("bc_actors") + 1


def test_linker_is_cheap(blank: Language) -> None:
    doc = _doc(blank, WORDS, ENTS, dt.date(2025, 3, 1))
    blank(doc)  # warm: the knowledge base loads once per process
    linker = blank.get_pipe("bc_actor_linker")
    started = time.perf_counter()
    for _ in range(200):
        linker(doc)
    assert (time.perf_counter() - started) / 200 < 0.002  # cached lookups: well under a parse's cost


@pytest.mark.slow
def test_analyze_links_putin() -> None:
    [readout] = backchannel.analyze([{"text": "Russian President Vladimir Putin met Sergei Lavrov in Moscow.",
                                      "published": "2025-03-01"}])
    actors = {a["name"]: a for a in readout.to_dict()["actors"]}
    putin = actors["Vladimir Putin"]
    assert (putin["country"], putin["sector"], putin["wikidata"]) == ("RUS", "GOV", "Q7747")


def test_clusters_linked_to_one_entry_are_one_actor() -> None:
    from backchannel.actors import ActorRelation
    from backchannel.actors.model import ActorRole
    from backchannel.kb.linker import merge_linked

    doc = Doc(spacy.blank("en").vocab, words="US State Department and State Department and Ned Price".split())
    long_name, short, price, other = (ActorCluster("organization", name="US State Department"),
                                      ActorCluster("organization", name="State Department"),
                                      ActorCluster("person", name="Ned Price"),
                                      ActorCluster("organization", name="Other"))
    long_name.mentions, short.mentions, price.mentions = [doc[0:3]], [doc[4:6]], [doc[7:9]]
    long_name.kb_id = short.kb_id = "org:state-dept"
    other.kb_id = "org:other"
    price.roles = [ActorRole("spokesman", doc[7:9], of=short)]
    relations = [ActorRelation(price, "spokesperson_for", short, doc[7:9]),
                 ActorRelation(short, "part_of", long_name, doc[4:6])]
    kept = merge_linked([long_name, price, short, other], relations)
    assert kept == [long_name, price, other]
    assert [m.text for m in long_name.mentions] == ["US State Department", "State Department"]
    assert price.roles[0].of is long_name
    assert [(r.subject, r.object) for r in relations] == [(price, long_name)]  # the self-relation is gone


def test_a_common_word_alone_is_not_looked_up_as_a_surname(blank: Language) -> None:
    doc = blank(_doc(blank, ["People", "Power", "and", "Power", "won", "."], [(3, 4, "PERSON")], dt.date(2016, 9, 9)))
    power = [c for c in doc._.actors if c.name == "Power"]
    assert power and power[0].kb_id is None  # not Simon Power (NZL) through the word "power"
