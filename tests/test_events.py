"""Rules of the events layer on hand-made parses (no statistical model, no shared data)."""

from __future__ import annotations

import datetime as dt

import pytest
import spacy
from spacy.tokens import Doc

from backchannel.actors.model import ActorCluster
from backchannel.events import find_events, load_lexicon
from backchannel.events.dates import resolve
from backchannel.quotes.model import Quote

VOCAB = spacy.blank("en").vocab
PUBLISHED = dt.date(2025, 11, 26)  # a Wednesday


def parse(rows: list[tuple[str, str, str, str, int]], actors: dict[str, tuple[str, list[tuple[int, int]]]],
          published: dt.date | None = PUBLISHED) -> Doc:
    """``rows``: (word, lemma, pos, dep, head index); ``actors``: name → (kind, [(start, end)])."""
    words, lemmas, pos, deps, heads = ([r[i] for r in rows] for i in range(5))
    tags = ["VBN" if p == "VERB" and w.endswith("ed") and any(d == "aux:pass" for d in deps) else "" for w, p in
            zip(words, pos, strict=True)]
    doc = Doc(VOCAB, words=words, lemmas=lemmas, pos=pos, deps=deps, heads=heads, tags=tags)
    doc._.actors = [ActorCluster(kind=kind, name=name, mentions=[doc[s:e] for s, e in spans])
                    for name, (kind, spans) in actors.items()]
    doc._.quotes = []
    doc._.claims = []
    doc._.published = published
    return doc


def names(clusters: list[ActorCluster]) -> list[str]:
    return [c.name for c in clusters]


def test_lexicon_loads_with_plover_vocabulary() -> None:
    lexicon = load_lexicon()
    assert lexicon.verbs["meet"].type == "CONSULT"
    assert lexicon.nouns["sanction"].type == "SANCTION"
    assert "say" not in lexicon.verbs and "tell" not in lexicon.verbs and "claim" not in lexicon.verbs
    assert "hold" in lexicon.light
    for trigger in [*lexicon.verbs.values(), *lexicon.nouns.values()]:
        assert trigger.type in lexicon.modes
        assert trigger.mode is None or trigger.mode in lexicon.modes[trigger.type]


def test_pattern_rows_load_and_fire_only_with_their_objects() -> None:
    lexicon = load_lexicon()
    assert "burn" not in lexicon.verbs and lexicon.patterns["burn"]["flag"].type == "PROTEST"
    for rows in lexicon.patterns.values():
        for trigger in rows.values():
            assert trigger.mode is None or trigger.mode in lexicon.modes[trigger.type]

    def burned(obj: str, lemma: str) -> list[str]:
        doc = parse([("Protesters", "protester", "NOUN", "nsubj", 1), ("burned", "burn", "VERB", "ROOT", 1),
                     ("a", "a", "DET", "det", 3), (obj, lemma, "NOUN", "obj", 1)], {})
        return [f"{e.type}/{e.cameo}" for e in find_events(doc)]

    assert burned("flag", "flag") == ["PROTEST/141"]
    assert burned("village", "village") == ["ASSAULT/1712"]
    assert burned("candle", "candle") == []
    alone = parse([("Protesters", "protester", "NOUN", "nsubj", 1), ("burned", "burn", "VERB", "ROOT", 1)], {})
    assert find_events(alone) == []


def test_curated_row_wins_over_a_pattern() -> None:
    # "lifted sanctions on Iran": curated CONCEDE 085, not the CAMEO.2.0 pattern's code.
    lexicon = load_lexicon()
    assert lexicon.pattern("lift", {"sanction"}) is not None
    doc = parse([("Japan", "Japan", "PROPN", "nsubj", 1), ("lifted", "lift", "VERB", "ROOT", 1),
                 ("sanctions", "sanction", "NOUN", "obj", 1), ("on", "on", "ADP", "case", 4),
                 ("Iran", "Iran", "PROPN", "nmod", 2)],
                {"Japan": ("country", [(0, 1)]), "Iran": ("country", [(4, 5)])})
    [event] = find_events(doc)
    assert (event.type, event.cameo) == ("CONCEDE", "085") and names(event.target) == ["Iran"]


def test_meeting_with_place_and_weekday() -> None:
    doc = parse([("Witkoff", "Witkoff", "PROPN", "nsubj", 1), ("met", "meet", "VERB", "ROOT", 1),
                 ("Dmitriev", "Dmitriev", "PROPN", "obj", 1), ("in", "in", "ADP", "case", 4),
                 ("Miami", "Miami", "PROPN", "obl", 1), ("on", "on", "ADP", "case", 6),
                 ("Saturday", "Saturday", "PROPN", "obl", 1), (".", ".", "PUNCT", "punct", 1)],
                {"Witkoff": ("person", [(0, 1)]), "Dmitriev": ("person", [(2, 3)]), "Miami": ("place", [(4, 5)])})
    [event] = find_events(doc)
    assert (event.type, event.trigger.text, event.status) == ("CONSULT", "met", "asserted")
    assert names(event.source) == ["Witkoff"] and names(event.target) == ["Dmitriev"]
    assert event.place is not None and event.place.name == "Miami"
    assert event.date == "2025-11-22" and event.date_span is not None and event.date_span.text == "Saturday"


def test_reciprocal_talks_under_light_verb() -> None:
    doc = parse([("Russia", "Russia", "PROPN", "nsubj", 3), ("and", "and", "CCONJ", "cc", 2),
                 ("Ukraine", "Ukraine", "PROPN", "conj", 0), ("held", "hold", "VERB", "ROOT", 3),
                 ("talks", "talk", "NOUN", "obj", 3), ("in", "in", "ADP", "case", 6),
                 ("Istanbul", "Istanbul", "PROPN", "nmod", 4), (".", ".", "PUNCT", "punct", 3)],
                {"Russia": ("country", [(0, 1)]), "Ukraine": ("country", [(2, 3)]), "Istanbul": ("place", [(6, 7)])})
    [event] = find_events(doc)
    assert event.type == "CONSULT" and event.trigger.text == "talks"
    assert names(event.source) == ["Russia", "Ukraine"] == names(event.target)
    assert event.place is not None and event.place.name == "Istanbul"


def test_sanctions_imposed_on_metonym() -> None:
    doc = parse([("The", "the", "DET", "det", 1), ("EU", "EU", "PROPN", "nsubj", 2),
                 ("imposed", "impose", "VERB", "ROOT", 2), ("new", "new", "ADJ", "amod", 4),
                 ("sanctions", "sanction", "NOUN", "obj", 2), ("on", "on", "ADP", "case", 6),
                 ("Moscow", "Moscow", "PROPN", "obl", 2), (".", ".", "PUNCT", "punct", 2)],
                {"European Union": ("organization", [(0, 2)]), "Russia": ("country", [(6, 7)])})
    [event] = find_events(doc)
    assert (event.type, event.mode, event.cameo) == ("SANCTION", "discontinue", "163")
    assert names(event.source) == ["European Union"] and names(event.target) == ["Russia"]


def test_passive_agent_is_source() -> None:
    doc = parse([("Three", "three", "NUM", "nummod", 1), ("soldiers", "soldier", "NOUN", "nsubj:pass", 3),
                 ("were", "be", "AUX", "aux:pass", 3), ("killed", "kill", "VERB", "ROOT", 3),
                 ("by", "by", "ADP", "case", 6), ("Russian", "Russian", "ADJ", "amod", 6),
                 ("forces", "force", "NOUN", "obl:agent", 3), (".", ".", "PUNCT", "punct", 3)],
                {"Russian armed forces": ("organization", [(5, 7)])})
    [event] = find_events(doc)
    assert event.type == "ASSAULT" and names(event.source) == ["Russian armed forces"] and event.target == []


def test_future_visit_is_agree_with_resolved_week() -> None:
    doc = parse([("Witkoff", "Witkoff", "PROPN", "nsubj", 2), ("would", "would", "AUX", "aux", 2),
                 ("travel", "travel", "VERB", "ROOT", 2), ("to", "to", "ADP", "case", 4),
                 ("Russia", "Russia", "PROPN", "obl", 2), ("next", "next", "ADJ", "amod", 6),
                 ("week", "week", "NOUN", "obl:unmarked", 2), (".", ".", "PUNCT", "punct", 2)],
                {"Witkoff": ("person", [(0, 1)]), "Russia": ("country", [(4, 5)])})
    [event] = find_events(doc)
    assert event.status == "predicted"
    # PLOVER: a future CONSULT is coded AGREE; the original type is kept.
    assert (event.type, event.coded_from, event.cameo) == ("AGREE", "CONSULT", "036")
    assert names(event.source) == ["Witkoff"] and names(event.target) == ["Russia"]
    assert event.date == "2025-W49"


def test_negated_meeting_is_kept_as_negated() -> None:
    doc = parse([("Putin", "Putin", "PROPN", "nsubj", 3), ("did", "do", "AUX", "aux", 3),
                 ("not", "not", "PART", "advmod", 3), ("meet", "meet", "VERB", "ROOT", 3),
                 ("Zelensky", "Zelensky", "PROPN", "obj", 3), (".", ".", "PUNCT", "punct", 3)],
                {"Putin": ("person", [(0, 1)]), "Zelensky": ("person", [(4, 5)])})
    [event] = find_events(doc)
    assert (event.type, event.status) == ("CONSULT", "negated")


def test_event_in_reported_speech_is_attributed() -> None:
    doc = parse([("Peskov", "Peskov", "PROPN", "nsubj", 1), ("said", "say", "VERB", "ROOT", 1),
                 ("Russia", "Russia", "PROPN", "nsubj", 3), ("attacked", "attack", "VERB", "ccomp", 1),
                 ("Ukrainian", "Ukrainian", "ADJ", "amod", 5), ("positions", "position", "NOUN", "obj", 3),
                 (".", ".", "PUNCT", "punct", 1)],
                {"Peskov": ("person", [(0, 1)]), "Russia": ("country", [(2, 3)]), "Ukraine": ("country", [(4, 5)])})
    peskov = doc._.actors[0]
    doc._.quotes = [Quote(form="indirect", content=doc[2:6], speaker=peskov, cue=doc[1:2], act="say")]
    [event] = find_events(doc)
    assert event.type == "ASSAULT" and event.trigger.text == "attacked"
    assert event.status == "reported" and event.attributed_to is peskov
    assert names(event.source) == ["Russia"] and names(event.target) == ["Ukraine"]


def test_event_named_inside_a_rejected_thing_is_not_denied() -> None:
    # "A system backed by the Red Cross was rejected by Johnson": the quote layer may read the rejected noun
    # phrase as a denied content; the backing named inside it is not what Johnson denied. A clause is.
    doc = parse([("A", "a", "DET", "det", 1), ("system", "system", "NOUN", "nsubj:pass", 7),
                 ("backed", "back", "VERB", "acl", 1), ("by", "by", "ADP", "case", 5),
                 ("the", "the", "DET", "det", 5), ("Cross", "Cross", "PROPN", "obl:agent", 2),
                 ("was", "be", "AUX", "aux:pass", 7), ("rejected", "reject", "VERB", "ROOT", 7),
                 ("by", "by", "ADP", "case", 9), ("Johnson", "Johnson", "PROPN", "obl:agent", 7)],
                {"Red Cross": ("organisation", [(5, 6)]), "Johnson": ("person", [(9, 10)])})
    johnson = doc._.actors[1]
    for form, content, status in (("indirect", doc[0:6], "asserted"), ("direct", doc[0:6], "denied"),
                                  ("indirect", doc[2:6], "denied")):
        doc._.quotes = [Quote(form=form, content=content, speaker=johnson, cue=doc[6:9], act="deny",
                              status="denied")]
        backed = [e for e in find_events(doc) if e.trigger.text == "backed"]
        assert [(e.status, e.attributed_to is johnson) for e in backed] == [(status, status != "asserted")]


def test_object_misparsed_as_xcomp_and_recipient_under_a_counted_object() -> None:
    # "The U.S. suspended aid to Syria", with "aid" parsed as xcomp.
    doc = parse([("U.S.", "U.S.", "PROPN", "nsubj", 1), ("suspended", "suspend", "VERB", "ROOT", 1),
                 ("aid", "aid", "NOUN", "xcomp", 1), ("to", "to", "ADP", "case", 4),
                 ("Syria", "Syria", "PROPN", "nmod", 2)],
                {"United States": ("country", [(0, 1)]), "Syria": ("country", [(4, 5)])})
    [event] = find_events(doc)
    assert (event.type, event.cameo) == ("SANCTION", "162") and names(event.target) == ["Syria"]
    # "returned dozens of artifacts to Peru": the recipient hangs on the counted noun.
    doc = parse([("Spain", "Spain", "PROPN", "nsubj", 1), ("returned", "return", "VERB", "ROOT", 1),
                 ("dozens", "dozen", "NOUN", "obj", 1), ("of", "of", "ADP", "case", 4),
                 ("artifacts", "artifact", "NOUN", "nmod", 2), ("to", "to", "ADP", "case", 6),
                 ("Peru", "Peru", "PROPN", "nmod", 4)],
                {"Spain": ("country", [(0, 1)]), "Peru": ("country", [(6, 7)])})
    [event] = find_events(doc)
    assert event.type == "RETREAT" and names(event.source) == ["Spain"] and names(event.target) == ["Peru"]


def test_partner_of_a_light_verb_with_a_for_phrase() -> None:
    # "Seoul joined Tokyo for talks": the light verb's object is the other side.
    doc = parse([("Seoul", "Seoul", "PROPN", "nsubj", 1), ("joined", "join", "VERB", "ROOT", 1),
                 ("Tokyo", "Tokyo", "PROPN", "obj", 1), ("for", "for", "ADP", "case", 4),
                 ("talks", "talk", "NOUN", "obl", 1)],
                {"South Korea": ("country", [(0, 1)]), "Japan": ("country", [(2, 3)])})
    [event] = find_events(doc)
    assert event.type == "CONSULT" and names(event.source) == ["South Korea"] and names(event.target) == ["Japan"]


@pytest.mark.parametrize(("modifier", "dep", "expected"), [
    ("hunger", "compound", ("PROTEST", "hunger", "142")), ("general", "amod", ("PROTEST", "strike", "143")),
    ("air", "compound", None)])
def test_strike_nouns_by_their_modifier(modifier: str, dep: str, expected: tuple[str, str, str] | None) -> None:
    # "Workers began a hunger / general strike": a protest; "an air strike" after "began" is no protest, and
    # without a target it is no attack either.
    doc = parse([("Workers", "worker", "NOUN", "nsubj", 1), ("began", "begin", "VERB", "ROOT", 1),
                 ("a", "a", "DET", "det", 4), (modifier, modifier, "NOUN" if dep == "compound" else "ADJ", dep, 4),
                 ("strike", "strike", "NOUN", "obj", 1)], {})
    found = [(e.type, e.mode, e.cameo) for e in find_events(doc)]
    assert found == ([expected] if expected else [])


def test_for_phrase_names_the_event_only_after_join() -> None:
    # "Berlin held out for talks" (hold is a light verb: "held talks") is no meeting; "joined Paris for talks" is.
    doc = parse([("Berlin", "Berlin", "PROPN", "nsubj", 1), ("held", "hold", "VERB", "ROOT", 1),
                 ("out", "out", "ADP", "compound:prt", 1), ("for", "for", "ADP", "case", 4),
                 ("talks", "talk", "NOUN", "obl", 1)], {"Germany": ("country", [(0, 1)])})
    assert "hold" in load_lexicon().light and find_events(doc) == []


def test_event_counted_in_a_round_or_wave_after_a_light_verb() -> None:
    # "Israel launched a wave of airstrikes on Gaza": one event, the noun's, not the light verb's.
    doc = parse([("Israel", "Israel", "PROPN", "nsubj", 1), ("launched", "launch", "VERB", "ROOT", 1),
                 ("a", "a", "DET", "det", 3), ("wave", "wave", "NOUN", "obj", 1), ("of", "of", "ADP", "case", 5),
                 ("airstrikes", "airstrike", "NOUN", "nmod", 3), ("on", "on", "ADP", "case", 7),
                 ("Gaza", "Gaza", "PROPN", "nmod", 5)],
                {"Israel": ("country", [(0, 1)]), "Gaza": ("place", [(7, 8)])})
    [event] = find_events(doc)
    assert (event.type, event.trigger.text) == ("ASSAULT", "airstrikes")
    assert names(event.source) == ["Israel"] and names(event.target) == ["Gaza"]


def test_target_under_a_participle_and_time_out_of_role_phrases() -> None:
    # "Washington on Friday lifted sanctions imposed on China": China is the target; "on Friday" is no one.
    doc = parse([("Washington", "Washington", "PROPN", "nsubj", 3), ("on", "on", "ADP", "case", 2),
                 ("Friday", "Friday", "PROPN", "nmod", 0), ("lifted", "lift", "VERB", "ROOT", 3),
                 ("sanctions", "sanction", "NOUN", "obj", 3), ("imposed", "impose", "VERB", "acl", 4),
                 ("on", "on", "ADP", "case", 7), ("China", "China", "PROPN", "obl", 5)],
                {"United States": ("country", [(0, 1)]), "China": ("country", [(7, 8)])})
    [event] = find_events(doc)
    assert (event.type, event.cameo) == ("CONCEDE", "085") and names(event.target) == ["China"]
    assert [s.text for s in event.source_spans] == ["Washington"]
    assert [s.text for s in event.target_spans] == ["China"]


def test_threat_to_act_is_an_event_even_as_a_quote_cue() -> None:
    rows = [("Iran", "Iran", "PROPN", "nsubj", 1), ("threatened", "threaten", "VERB", "ROOT", 1),
            ("to", "to", "PART", "mark", 3), ("close", "close", "VERB", "xcomp", 1),
            ("its", "its", "PRON", "nmod:poss", 5), ("border", "border", "NOUN", "obj", 3),
            ("with", "with", "ADP", "case", 7), ("Iraq", "Iraq", "PROPN", "obl", 3)]
    doc = parse(rows, {"Iran": ("country", [(0, 1)]), "Iraq": ("country", [(7, 8)])})
    doc._.quotes = [Quote(form="indirect", content=doc[2:8], speaker=doc._.actors[0], cue=doc[1:2], act="warn")]
    [event] = find_events(doc)
    assert (event.type, event.trigger.text, event.status) == ("THREATEN", "threatened", "asserted")
    assert names(event.source) == ["Iran"] and names(event.target) == ["Iraq"]
    # "warned that …": a clause, not an act; the quote alone carries it.
    said = parse([("Iran", "Iran", "PROPN", "nsubj", 1), ("threatened", "threaten", "VERB", "ROOT", 1),
                  ("that", "that", "SCONJ", "mark", 4), ("it", "it", "PRON", "nsubj", 4),
                  ("retaliates", "retaliate", "VERB", "ccomp", 1)], {"Iran": ("country", [(0, 1)])})
    said._.quotes = [Quote(form="indirect", content=said[2:5], speaker=said._.actors[0], cue=said[1:2], act="warn")]
    assert [e.trigger.text for e in find_events(said)] == []


def test_no_event_without_trigger_or_from_statements() -> None:
    weather = parse([("The", "the", "DET", "det", 1), ("weather", "weather", "NOUN", "nsubj", 3),
                     ("was", "be", "AUX", "cop", 3), ("pleasant", "pleasant", "ADJ", "ROOT", 3),
                     ("in", "in", "ADP", "case", 5), ("Geneva", "Geneva", "PROPN", "obl", 3)],
                    {"Geneva": ("place", [(5, 6)])})
    assert find_events(weather) == []
    statement = parse([("Lavrov", "Lavrov", "PROPN", "nsubj", 1), ("said", "say", "VERB", "ROOT", 1),
                       ("the", "the", "DET", "det", 3), ("plan", "plan", "NOUN", "nsubj", 5),
                       ("was", "be", "AUX", "cop", 5), ("premature", "premature", "ADJ", "ccomp", 1)],
                      {"Lavrov": ("person", [(0, 1)])})
    assert find_events(statement) == []


def test_trigger_without_any_actor_is_no_event() -> None:
    doc = parse([("Talks", "talk", "NOUN", "nsubj", 1), ("resumed", "resume", "VERB", "ROOT", 1)], {})
    assert find_events(doc) == []


def test_struck_a_deal_is_not_an_attack() -> None:
    doc = parse([("Kyiv", "Kyiv", "PROPN", "nsubj", 1), ("struck", "strike", "VERB", "ROOT", 1),
                 ("a", "a", "DET", "det", 3), ("deal", "deal", "NOUN", "obj", 1)],
                {"Ukraine": ("country", [(0, 1)])})
    # CAMEO.2.0's pattern "STRIKE * DEAL" is 057, a formal agreement (PLOVER SUPPORT), never an assault.
    assert [(e.type, e.cameo) for e in find_events(doc)] == [("SUPPORT", "057")]


@pytest.mark.parametrize(("words", "future", "expected"), [
    (["on", "Wednesday"], False, "2025-11-26"), (["on", "Monday"], False, "2025-11-24"),
    (["on", "Monday"], True, "2025-12-01"), (["yesterday"], False, "2025-11-25"),
    (["last", "month"], False, "2025-10"), (["next", "year"], False, "2026"),
    (["on", "12", "March"], False, "2025-03-12"), (["November", "2014"], False, "2014-11"),
])
def test_dates_resolve_against_publication(words: list[str], future: bool, expected: str) -> None:
    doc = Doc(VOCAB, words=words)
    assert resolve(doc[:], PUBLISHED, future=future) == expected


def test_relative_date_without_publication_is_unresolved() -> None:
    doc = Doc(VOCAB, words=["next", "week"])
    assert resolve(doc[:], None) is None
    assert resolve(Doc(VOCAB, words=["26", "November", "2025"])[:], None) == "2025-11-26"


def test_generic_victims_keep_the_event_with_an_empty_target() -> None:
    doc = parse([("Rebels", "rebel", "NOUN", "nsubj", 1), ("killed", "kill", "VERB", "ROOT", 1),
                 ("more", "more", "ADJ", "amod", 4), ("than", "than", "ADP", "fixed", 2),
                 ("500", "500", "NUM", "nummod", 5), ("civilians", "civilian", "NOUN", "obj", 1)], {})
    [event] = find_events(doc)
    assert (event.type, event.cameo) == ("ASSAULT", "1823")
    assert event.source == [] and event.target == []


def test_role_phrases_name_generic_participants() -> None:
    # "Police detained 18 people who protested": no actor, but each role has its phrase (no relative clause).
    doc = parse([("Police", "police", "NOUN", "nsubj", 1), ("detained", "detain", "VERB", "ROOT", 1),
                 ("18", "18", "NUM", "nummod", 3), ("people", "people", "NOUN", "obj", 1),
                 ("who", "who", "PRON", "nsubj", 5), ("protested", "protest", "VERB", "acl:relcl", 3)], {})
    [event] = find_events(doc)
    assert event.type == "COERCE" and event.source == [] and event.target == []
    assert [s.text for s in event.source_spans] == ["Police"] and [s.text for s in event.target_spans] == ["18 people"]


def test_role_phrases_split_coordinated_actors() -> None:
    doc = parse([("Russia", "Russia", "PROPN", "nsubj", 3), ("and", "and", "CCONJ", "cc", 2),
                 ("Ukraine", "Ukraine", "PROPN", "conj", 0), ("met", "meet", "VERB", "ROOT", 3)],
                {"Russia": ("country", [(0, 1)]), "Ukraine": ("country", [(2, 3)])})
    [event] = find_events(doc)
    assert [s.text for s in event.source_spans] == ["Russia", "Ukraine"]
    assert [s.text for s in event.target_spans] == ["Russia", "Ukraine"]  # reciprocal


def test_generic_event_in_a_relative_clause_is_background() -> None:
    # "Kabul freed activists who were jailed": the jailing has no actor and is no event of its own.
    doc = parse([("Kabul", "Kabul", "PROPN", "nsubj", 1), ("freed", "free", "VERB", "ROOT", 1),
                 ("activists", "activist", "NOUN", "obj", 1), ("who", "who", "PRON", "nsubj:pass", 5),
                 ("were", "be", "AUX", "aux:pass", 5), ("jailed", "jail", "VERB", "acl:relcl", 2)],
                {"Afghanistan": ("country", [(0, 1)])})
    [event] = find_events(doc)
    assert (event.type, event.mode, event.trigger.text) == ("RETREAT", "release", "freed")


def test_target_named_in_a_modifier_of_the_object() -> None:
    doc = parse([("Berlin", "Berlin", "PROPN", "nsubj", 1), ("rejected", "reject", "VERB", "ROOT", 1),
                 ("a", "a", "DET", "det", 3), ("request", "request", "NOUN", "obj", 1),
                 ("from", "from", "ADP", "case", 5), ("Ankara", "Ankara", "PROPN", "nmod", 3)],
                {"Germany": ("country", [(0, 1)]), "Türkiye": ("country", [(5, 6)])})
    [event] = find_events(doc)
    assert event.type == "REJECT" and names(event.source) == ["Germany"] and names(event.target) == ["Türkiye"]


def test_lifting_sanctions_is_a_concession_on_the_sanctioned() -> None:
    doc = parse([("Tokyo", "Tokyo", "PROPN", "nsubj", 1), ("lifted", "lift", "VERB", "ROOT", 1),
                 ("sanctions", "sanction", "NOUN", "obj", 1), ("on", "on", "ADP", "case", 4),
                 ("Tehran", "Tehran", "PROPN", "nmod", 2)],
                {"Japan": ("country", [(0, 1)]), "Iran": ("country", [(4, 5)])})
    [event] = find_events(doc)
    assert (event.type, event.cameo, event.trigger.text) == ("CONCEDE", "085", "lifted")
    assert names(event.source) == ["Japan"] and names(event.target) == ["Iran"]
    ban = parse([("Kenya", "Kenya", "PROPN", "nsubj", 1), ("lifted", "lift", "VERB", "ROOT", 1),
                 ("a", "a", "DET", "det", 3), ("ban", "ban", "NOUN", "obj", 1)], {"Kenya": ("country", [(0, 1)])})
    [event] = find_events(ban)
    assert event.cameo == "081"
    weights = parse([("Kenya", "Kenya", "PROPN", "nsubj", 1), ("lifted", "lift", "VERB", "ROOT", 1),
                     ("weights", "weight", "NOUN", "obj", 1)], {"Kenya": ("country", [(0, 1)])})
    assert find_events(weights) == []


def test_object_variants_and_unlemmatized_forms() -> None:
    peacekeepers = parse([("Ghana", "Ghana", "PROPN", "nsubj", 1), ("deployed", "deploy", "VERB", "ROOT", 1),
                          ("peacekeepers", "peacekeeper", "NOUN", "obj", 1), ("to", "to", "ADP", "case", 4),
                          ("Mali", "Mali", "PROPN", "obl", 1)],
                         {"Ghana": ("country", [(0, 1)]), "Mali": ("country", [(4, 5)])})
    [event] = find_events(peacekeepers)
    assert (event.type, event.cameo) == ("AID", "074") and names(event.target) == ["Mali"]
    troops = parse([("Ghana", "Ghana", "PROPN", "nsubj", 1), ("deployed", "deploy", "VERB", "ROOT", 1),
                    ("troops", "troop", "NOUN", "obj", 1)], {"Ghana": ("country", [(0, 1)])})
    [event] = find_events(troops)
    assert event.type == "MOBILIZE"
    # the lemmatizer left "expelle": the word form still finds "expel"
    expelled = parse([("Oslo", "Oslo", "PROPN", "nsubj", 1), ("expelled", "expelle", "VERB", "ROOT", 1),
                      ("diplomats", "diplomat", "NOUN", "obj", 1)], {"Norway": ("country", [(0, 1)])})
    [event] = find_events(expelled)
    assert (event.type, event.mode) == ("SANCTION", "expel")


def test_promised_release_is_an_intent_to_yield() -> None:
    doc = parse([("Rebels", "rebel", "NOUN", "nsubj", 2), ("will", "will", "AUX", "aux", 2),
                 ("release", "release", "VERB", "ROOT", 2), ("Moncayo", "Moncayo", "PROPN", "obj", 2)],
                {"Moncayo": ("person", [(3, 4)])})
    [event] = find_events(doc)
    assert (event.type, event.cameo, event.coded_from, event.status) == ("CONCEDE", "035", "RETREAT", "predicted")


def test_quote_cue_on_a_material_verb_stays_an_event() -> None:
    doc = parse([("A", "a", "DET", "det", 1), ("court", "court", "NOUN", "nsubj", 2),
                 ("released", "release", "VERB", "ROOT", 2), ("Tolu", "Tolu", "PROPN", "obj", 2)],
                {"Tolu": ("person", [(3, 4)])})
    doc._.quotes = [Quote(form="indirect", cue=doc[2:3], content=doc[3:4])]
    [event] = find_events(doc)
    assert event.type == "RETREAT" and names(event.target) == ["Tolu"]


def test_target_hung_on_the_object_fills_the_oblique_slot() -> None:
    # "Norway suspended its aid to Chad." — the parser attaches "to Chad" to "aid", not to the verb.
    doc = parse([("Norway", "Norway", "PROPN", "nsubj", 1), ("suspended", "suspend", "VERB", "ROOT", 1),
                 ("its", "its", "PRON", "nmod:poss", 3), ("aid", "aid", "NOUN", "obj", 1),
                 ("to", "to", "ADP", "case", 5), ("Chad", "Chad", "PROPN", "nmod", 3),
                 (".", ".", "PUNCT", "punct", 1)],
                {"Norway": ("country", [(0, 1)]), "Chad": ("country", [(5, 6)])})
    [event] = find_events(doc)
    assert (event.type, event.cameo) == ("SANCTION", "162")
    assert names(event.source) == ["Norway"] and names(event.target) == ["Chad"]


def test_money_counted_in_aid_and_a_with_complement_are_the_object() -> None:
    # "Japan gave $5 million in aid to Laos." — the object is money, what it counts is aid.
    doc = parse([("Japan", "Japan", "PROPN", "nsubj", 1), ("gave", "give", "VERB", "ROOT", 1),
                 ("$", "$", "SYM", "obj", 1), ("5", "5", "NUM", "nummod", 2),
                 ("million", "million", "NUM", "nummod", 2),
                 ("in", "in", "ADP", "case", 6), ("aid", "aid", "NOUN", "nmod", 2),
                 ("to", "to", "ADP", "case", 8), ("Laos", "Laos", "PROPN", "obl", 1)],
                {"Japan": ("country", [(0, 1)]), "Laos": ("country", [(8, 9)])})
    [event] = find_events(doc)
    assert event.type == "AID" and names(event.target) == ["Laos"]
    # "Peru provided Chile with equipment." — what is provided is the with-complement.
    doc = parse([("Peru", "Peru", "PROPN", "nsubj", 1), ("provided", "provide", "VERB", "ROOT", 1),
                 ("Chile", "Chile", "PROPN", "obj", 1), ("with", "with", "ADP", "case", 4),
                 ("equipment", "equipment", "NOUN", "obl", 1)],
                {"Peru": ("country", [(0, 1)]), "Chile": ("country", [(2, 3)])})
    [event] = find_events(doc)
    assert event.type == "AID" and names(event.source) == ["Peru"] and names(event.target) == ["Chile"]
    # "Peru provided Chile with advice." — not aid: no event.
    doc = parse([("Peru", "Peru", "PROPN", "nsubj", 1), ("provided", "provide", "VERB", "ROOT", 1),
                 ("Chile", "Chile", "PROPN", "obj", 1), ("with", "with", "ADP", "case", 4),
                 ("advice", "advice", "NOUN", "obl", 1)],
                {"Peru": ("country", [(0, 1)]), "Chile": ("country", [(2, 3)])})
    assert find_events(doc) == []


def test_intent_adjective_codes_the_intended_act() -> None:
    # "Brazil is willing to send food to Haiti." — an intent to cooperate (CAMEO 030), one event.
    rows = [("Brazil", "Brazil", "PROPN", "nsubj", 2), ("is", "be", "AUX", "cop", 2),
            ("willing", "willing", "ADJ", "ROOT", 2), ("to", "to", "PART", "mark", 4),
            ("send", "send", "VERB", "xcomp", 2), ("food", "food", "NOUN", "obj", 4),
            ("to", "to", "ADP", "case", 7), ("Haiti", "Haiti", "PROPN", "obl", 4)]
    doc = parse(rows, {"Brazil": ("country", [(0, 1)]), "Haiti": ("country", [(7, 8)])})
    [event] = find_events(doc)
    assert (event.type, event.cameo, event.trigger.text) == ("AGREE", "030", "willing")
    assert names(event.source) == ["Brazil"] and names(event.target) == ["Haiti"]
    # "Brazil is ready to attack Haiti." — an intended attack is a threat.
    doc = parse([("Brazil", "Brazil", "PROPN", "nsubj", 2), ("is", "be", "AUX", "cop", 2),
                 ("ready", "ready", "ADJ", "ROOT", 2), ("to", "to", "PART", "mark", 4),
                 ("attack", "attack", "VERB", "xcomp", 2), ("Haiti", "Haiti", "PROPN", "obj", 4)],
                {"Brazil": ("country", [(0, 1)]), "Haiti": ("country", [(5, 6)])})
    [event] = find_events(doc)
    assert (event.type, event.cameo) == ("THREATEN", "130") and names(event.target) == ["Haiti"]
    # "Brazil is ready." — no intended act, no event.
    doc = parse([("Brazil", "Brazil", "PROPN", "nsubj", 2), ("is", "be", "AUX", "cop", 2),
                 ("ready", "ready", "ADJ", "ROOT", 2)], {"Brazil": ("country", [(0, 1)])})
    assert find_events(doc) == []


def test_threat_and_offer_take_the_target_of_the_infinitive() -> None:
    # "Oman threatened to close its border with Yemen."
    doc = parse([("Oman", "Oman", "PROPN", "nsubj", 1), ("threatened", "threaten", "VERB", "ROOT", 1),
                 ("to", "to", "PART", "mark", 3), ("close", "close", "VERB", "xcomp", 1),
                 ("its", "its", "PRON", "nmod:poss", 5), ("border", "border", "NOUN", "obj", 3),
                 ("with", "with", "ADP", "case", 7), ("Yemen", "Yemen", "PROPN", "nmod", 5)],
                {"Oman": ("country", [(0, 1)]), "Yemen": ("country", [(7, 8)])})
    [event] = find_events(doc)
    assert event.type == "THREATEN" and names(event.source) == ["Oman"] and names(event.target) == ["Yemen"]
    # "Chile offered to send doctors to Peru." — the offer is the event, the sending is not coded twice.
    doc = parse([("Chile", "Chile", "PROPN", "nsubj", 1), ("offered", "offer", "VERB", "ROOT", 1),
                 ("to", "to", "PART", "mark", 3), ("send", "send", "VERB", "xcomp", 1),
                 ("doctors", "doctor", "NOUN", "obj", 3), ("to", "to", "ADP", "case", 6),
                 ("Peru", "Peru", "PROPN", "obl", 3)],
                {"Chile": ("country", [(0, 1)]), "Peru": ("country", [(6, 7)])})
    [event] = find_events(doc)
    assert event.type == "AGREE" and names(event.target) == ["Peru"]


def test_light_verb_noun_needs_no_target_unless_the_type_has_a_recipient() -> None:
    # "Rebels launched an attack." — an assault with no named target is still an event.
    rows = [("Kurds", "Kurds", "PROPN", "nsubj", 1), ("launched", "launch", "VERB", "ROOT", 1),
            ("an", "a", "DET", "det", 3), ("attack", "attack", "NOUN", "obj", 1)]
    [event] = find_events(parse(rows, {"Kurds": ("organization", [(0, 1)])}))
    assert event.type == "ASSAULT" and names(event.source) == ["Kurds"] and event.target == []
    # "Sweden announced aid." — aid needs a recipient (PLOVER): no event.
    rows = [("Sweden", "Sweden", "PROPN", "nsubj", 1), ("announced", "announce", "VERB", "ROOT", 1),
            ("aid", "aid", "NOUN", "obj", 1)]
    assert find_events(parse(rows, {"Sweden": ("country", [(0, 1)])})) == []
    # "Iran issued an ultimatum to Iraq." — CAMEO 139.
    rows = [("Iran", "Iran", "PROPN", "nsubj", 1), ("issued", "issue", "VERB", "ROOT", 1),
            ("an", "a", "DET", "det", 3), ("ultimatum", "ultimatum", "NOUN", "obj", 1),
            ("to", "to", "ADP", "case", 5), ("Iraq", "Iraq", "PROPN", "nmod", 3)]
    [event] = find_events(parse(rows, {"Iran": ("country", [(0, 1)]), "Iraq": ("country", [(5, 6)])}))
    assert (event.type, event.cameo) == ("THREATEN", "139") and names(event.target) == ["Iraq"]


def test_speech_cue_with_a_nominal_object_is_an_event() -> None:
    # "Lima defended Quito's decision." — defending a decision is CAMEO 052 even if read as a quote cue;
    # "Lima defended it, saying …" style cues without a nominal object stay quotes.
    rows = [("Lima", "Lima", "PROPN", "nsubj", 1), ("defended", "defend", "VERB", "ROOT", 1),
            ("Quito", "Quito", "PROPN", "nmod:poss", 4), ("'s", "'s", "PART", "case", 2),
            ("decision", "decision", "NOUN", "obj", 1)]
    doc = parse(rows, {"Lima": ("place", [(0, 1)]), "Quito": ("place", [(2, 3)])})
    doc._.quotes = [Quote(form="indirect", cue=doc[1:2], content=doc[2:5])]
    [event] = find_events(doc)
    assert (event.type, event.cameo) == ("SUPPORT", "052") and names(event.target) == ["Quito"]
    doc = parse(rows[:2] + [("it", "it", "PRON", "obj", 1)], {"Lima": ("place", [(0, 1)])})
    doc._.quotes = [Quote(form="indirect", cue=doc[1:2], content=doc[2:3])]
    assert find_events(doc) == []


def test_title_in_apposition_is_the_actor() -> None:
    # "Chile met the Peruvian president, Ana Diaz."
    rows = [("Chile", "Chile", "PROPN", "nsubj", 1), ("met", "meet", "VERB", "ROOT", 1),
            ("the", "the", "DET", "det", 4), ("Peruvian", "peruvian", "ADJ", "amod", 4),
            ("president", "president", "NOUN", "obj", 1), (",", ",", "PUNCT", "punct", 6),
            ("Ana", "Ana", "PROPN", "appos", 4), ("Diaz", "Diaz", "PROPN", "flat", 6)]
    [event] = find_events(parse(rows, {"Chile": ("country", [(0, 1)]), "Ana Diaz": ("person", [(6, 8)])}))
    assert names(event.target) == ["Ana Diaz"]


def test_violating_a_ceasefire_is_an_assault() -> None:
    doc = parse([("Rebels", "rebel", "NOUN", "nsubj", 1), ("violated", "violate", "VERB", "ROOT", 1),
                 ("the", "the", "DET", "det", 3), ("truce", "truce", "NOUN", "obj", 1),
                 ("near", "near", "ADP", "case", 5), ("Goma", "Goma", "PROPN", "obl", 1)],
                {"Rebels": ("organisation", [(0, 1)]), "Goma": ("place", [(5, 6)])})
    [event] = find_events(doc)
    assert (event.type, event.cameo, event.trigger.text) == ("ASSAULT", "196", "violated")
    assert names(event.source) == ["Rebels"]
    rules = parse([("Rebels", "rebel", "NOUN", "nsubj", 1), ("violated", "violate", "VERB", "ROOT", 1),
                   ("the", "the", "DET", "det", 3), ("rules", "rule", "NOUN", "obj", 1)],
                  {"Rebels": ("organisation", [(0, 1)])})
    assert find_events(rules) == []


def test_on_alert_is_a_military_posture() -> None:
    doc = parse([("Greek", "greek", "ADJ", "amod", 1), ("troops", "troop", "NOUN", "nsubj", 2),
                 ("stayed", "stay", "VERB", "ROOT", 2), ("on", "on", "ADP", "case", 5),
                 ("high", "high", "ADJ", "amod", 5), ("alert", "alert", "NOUN", "obl", 2)],
                {"Greek troops": ("organisation", [(0, 2)])})
    [event] = find_events(doc)
    assert (event.type, event.mode, event.cameo) == ("MOBILIZE", "troops", "152")
    assert names(event.source) == ["Greek troops"]
    home = parse([("Greek", "greek", "ADJ", "amod", 1), ("troops", "troop", "NOUN", "nsubj", 2),
                  ("stayed", "stay", "VERB", "ROOT", 2), ("at", "at", "ADP", "case", 4),
                  ("home", "home", "NOUN", "obl", 2)], {"Greek troops": ("organisation", [(0, 2)])})
    assert find_events(home) == []


def test_a_verb_that_is_a_trigger_only_on_alert_governs_no_other_event() -> None:
    doc = parse([("Serbia", "Serbia", "PROPN", "nsubj", 2), ("is", "be", "AUX", "aux", 2),
                 ("going", "go", "VERB", "ROOT", 2), ("to", "to", "PART", "mark", 4),
                 ("attack", "attack", "VERB", "xcomp", 2), ("Kosovo", "Kosovo", "PROPN", "obj", 4)],
                {"Serbia": ("country", [(0, 1)]), "Kosovo": ("country", [(5, 6)])})
    [event] = find_events(doc)
    assert (event.type, event.trigger.text) == ("ASSAULT", "attack")


def test_will_not_accept_is_a_refusal_not_a_negated_event() -> None:
    doc = parse([("Hungary", "Hungary", "PROPN", "nsubj", 3), ("will", "will", "AUX", "aux", 3),
                 ("not", "not", "PART", "advmod", 3), ("accept", "accept", "VERB", "ROOT", 3),
                 ("Afghan", "afghan", "ADJ", "amod", 5), ("migrants", "migrant", "NOUN", "obj", 3)],
                {"Hungary": ("country", [(0, 1)]), "Afghanistan": ("country", [(4, 5)])})
    [event] = find_events(doc)
    assert (event.type, event.cameo, event.status) == ("REJECT", "120", "asserted")
    assert names(event.source) == ["Hungary"] and names(event.target) == ["Afghanistan"]
    accepted = parse([("Hungary", "Hungary", "PROPN", "nsubj", 1), ("accepted", "accept", "VERB", "ROOT", 1),
                      ("Afghan", "afghan", "ADJ", "amod", 3), ("migrants", "migrant", "NOUN", "obj", 1)],
                     {"Hungary": ("country", [(0, 1)]), "Afghanistan": ("country", [(2, 3)])})
    # Taking migrants in is granting asylum (CAMEO 075, PLOVER AID), not the refusal's opposite left uncoded.
    assert [(e.type, e.cameo, e.status) for e in find_events(accepted)] == [("AID", "075", "asserted")]
    proposal = parse([("Hungary", "Hungary", "PROPN", "nsubj", 1), ("accepted", "accept", "VERB", "ROOT", 1),
                      ("the", "the", "DET", "det", 3), ("proposal", "proposal", "NOUN", "obj", 1)],
                     {"Hungary": ("country", [(0, 1)])})
    assert find_events(proposal) == []


def test_will_not_end_a_strike_is_a_refusal_to_yield() -> None:
    doc = parse([("Miners", "miner", "NOUN", "nsubj", 3), ("would", "would", "AUX", "aux", 3),
                 ("never", "never", "ADV", "advmod", 3), ("end", "end", "VERB", "ROOT", 3),
                 ("their", "their", "PRON", "nmod:poss", 5), ("blockade", "blockade", "NOUN", "obj", 3)],
                {"Miners": ("organisation", [(0, 1)])})
    [event] = find_events(doc)
    assert (event.type, event.mode, event.cameo, event.status) == ("REJECT", "change", "124", "asserted")
    ended = parse([("Miners", "miner", "NOUN", "nsubj", 1), ("ended", "end", "VERB", "ROOT", 1),
                   ("their", "their", "PRON", "nmod:poss", 3), ("blockade", "blockade", "NOUN", "obj", 1)],
                  {"Miners": ("organisation", [(0, 1)])})
    assert find_events(ended) == []
    talks = parse([("Miners", "miner", "NOUN", "nsubj", 3), ("did", "do", "AUX", "aux", 3),
                   ("not", "not", "PART", "advmod", 3), ("end", "end", "VERB", "ROOT", 3),
                   ("talks", "talk", "NOUN", "obj", 3)], {"Miners": ("organisation", [(0, 1)])})
    # Not a refusal (talks are no conflictual act): CAMEO.2.0's "END * TALKS" (16x), kept as negated.
    assert [(e.type, (e.cameo or "")[:2], e.status) for e in find_events(talks)] == [("SANCTION", "16", "negated")]


def test_failed_negotiations_are_halted_talks() -> None:
    # CAMEO 164's usage note: failed negotiations are coded as halted negotiations; not any failure to reach.
    def failed(obj: str, lemma: str) -> list[tuple[str, str | None, list[str]]]:
        doc = parse([("Russia", "Russia", "PROPN", "nsubj", 3), ("and", "and", "CCONJ", "cc", 2),
                     ("Ukraine", "Ukraine", "PROPN", "conj", 0), ("failed", "fail", "VERB", "ROOT", 3),
                     ("to", "to", "PART", "mark", 5), ("reach", "reach", "VERB", "xcomp", 3),
                     ("a", "a", "DET", "det", 7), (obj, lemma, "NOUN", "obj", 5)],
                    {"Russia": ("country", [(0, 1)]), "Ukraine": ("country", [(2, 3)])})
        return [(e.type, e.cameo, names(e.target)) for e in find_events(doc)]

    assert failed("deal", "deal") == [("SANCTION", "164", ["Russia", "Ukraine"])]
    assert failed("city", "city") == []
    # "failed to attack the city": the attack is the event (negated), the failure governs nothing
    doc = parse([("Russia", "Russia", "PROPN", "nsubj", 1), ("failed", "fail", "VERB", "ROOT", 1),
                 ("to", "to", "PART", "mark", 3), ("attack", "attack", "VERB", "xcomp", 1),
                 ("Kyiv", "Kyiv", "PROPN", "obj", 3)],
                {"Russia": ("country", [(0, 1)]), "Kyiv": ("city", [(4, 5)])})
    assert [(e.type, e.status) for e in find_events(doc)] == [("ASSAULT", "negated")]


def test_civilians_held_as_human_shields_is_hostage_taking() -> None:
    def held(words: list[tuple[str, str, str, str, int]]) -> list[tuple[str, str | None]]:
        doc = parse([("Militants", "militant", "NOUN", "nsubj", 1), ("held", "hold", "VERB", "ROOT", 1), *words],
                    {})
        return [(e.type, e.cameo) for e in find_events(doc)]

    assert held([("civilians", "civilian", "NOUN", "obj", 1), ("as", "as", "ADP", "case", 5),
                 ("human", "human", "ADJ", "amod", 5), ("shields", "shield", "NOUN", "obl", 1)]) == [("ASSAULT", "181")]
    assert held([("civilians", "civilian", "NOUN", "obj", 1), ("in", "in", "ADP", "case", 4),
                 ("camps", "camp", "NOUN", "obl", 1)]) == []


def test_hyphen_split_cease_fire_after_a_light_verb() -> None:
    doc = parse([("Kabul", "Kabul", "PROPN", "nsubj", 1), ("announced", "announce", "VERB", "ROOT", 1),
                 ("a", "a", "DET", "det", 5), ("cease", "cease", "NOUN", "compound", 5),
                 ("-", "-", "PUNCT", "punct", 3),
                 ("fire", "fire", "NOUN", "obj", 1), ("with", "with", "ADP", "case", 7),
                 ("Taliban", "Taliban", "PROPN", "nmod", 5)],
                {"Kabul": ("country", [(0, 1)]), "Taliban": ("organisation", [(7, 8)])})
    assert [(e.type, e.cameo, names(e.target)) for e in find_events(doc)] == [("RETREAT", "0871", ["Taliban"])]
    fired = parse([("Troops", "troop", "NOUN", "nsubj", 1), ("opened", "open", "VERB", "ROOT", 1),
                   ("fire", "fire", "NOUN", "obj", 1)], {})
    assert [e.type for e in find_events(fired)] != ["RETREAT"]


def test_will_not_lift_or_release_is_a_refusal() -> None:
    def coded(verb: str, lemma: str, obj: str, negation: bool) -> list[tuple[str, str | None, str]]:
        words = [("Britain", "Britain", "PROPN", "nsubj", 3), ("will", "will", "AUX", "aux", 3)]
        words.append(("not", "not", "PART", "advmod", 3) if negation else ("soon", "soon", "ADV", "advmod", 3))
        words += [(verb, lemma, "VERB", "ROOT", 3), ("the", "the", "DET", "det", 5), (obj, obj, "NOUN", "obj", 3)]
        doc = parse(words, {"Britain": ("country", [(0, 1)])})
        return [(e.type, e.cameo, e.status) for e in find_events(doc)]

    assert coded("lift", "lift", "ban", True) == [("REJECT", "1241", "asserted")]
    assert coded("lift", "lift", "ban", False) == [("CONCEDE", "081", "predicted")]
    assert coded("release", "release", "tanker", True) == [("REJECT", "1243", "asserted")]
    # an intent to lift is an offer, not a threat, though the refusal row comes first
    doc = parse([("Britain", "Britain", "PROPN", "nsubj", 2), ("is", "be", "AUX", "cop", 2),
                 ("ready", "ready", "ADJ", "ROOT", 2), ("to", "to", "PART", "mark", 4),
                 ("lift", "lift", "VERB", "xcomp", 2), ("sanctions", "sanction", "NOUN", "obj", 4)],
                {"Britain": ("country", [(0, 1)])})
    assert [e.type for e in find_events(doc)] == ["AGREE"]


def test_who_answers_for_an_event_noun_is_its_source() -> None:
    responsible = parse([("Hussein", "Hussein", "PROPN", "nsubj", 2), ("was", "be", "AUX", "cop", 2),
                         ("responsible", "responsible", "ADJ", "ROOT", 2), ("for", "for", "ADP", "case", 5),
                         ("mass", "mass", "ADJ", "amod", 5), ("killings", "killing", "NOUN", "obl", 2),
                         ("of", "of", "ADP", "case", 7), ("Kurds", "Kurd", "PROPN", "nmod", 5)],
                        {"Hussein": ("person", [(0, 1)])})
    assert [(e.type, e.cameo, names(e.source)) for e in find_events(responsible)] == [("ASSAULT", "202", ["Hussein"])]
    claimed = parse([("ISIS", "ISIS", "PROPN", "nsubj", 1), ("claimed", "claim", "VERB", "ROOT", 1),
                     ("responsibility", "responsibility", "NOUN", "obj", 1), ("for", "for", "ADP", "case", 5),
                     ("the", "the", "DET", "det", 5), ("attack", "attack", "NOUN", "nmod", 2),
                     ("on", "on", "ADP", "case", 7), ("Kabul", "Kabul", "PROPN", "nmod", 5)],
                    {"ISIS": ("organisation", [(0, 1)]), "Kabul": ("city", [(7, 8)])})
    assert [(e.type, names(e.source), names(e.target)) for e in find_events(claimed)] == [
        ("ASSAULT", ["ISIS"], ["Kabul"])]
    # responsible for something that is no event: nothing
    security = parse([("NATO", "NATO", "PROPN", "nsubj", 2), ("is", "be", "AUX", "cop", 2),
                      ("responsible", "responsible", "ADJ", "ROOT", 2), ("for", "for", "ADP", "case", 4),
                      ("security", "security", "NOUN", "obl", 2)], {"NATO": ("organisation", [(0, 1)])})
    assert find_events(security) == []
