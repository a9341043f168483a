"""Unit tests of benchmarks/events_eval.py (pentaclass mappings, ConfliBERT and PETRARCH readers, toy dictionary
lookup, main-event rules, scores) and of the skip paths of benchmarks/events.py, on made-up samples: no ConfliBERT
or PETRARCH text is stored in the repository."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))  # as the benchmark scripts do
import events_eval as ee

ACTORS_TXT = """<!-- TOY ACTORS -->
<!--
# a comment block
-->
NORTHLAND_ [NTH]
+NORTHLANDER
SOUTH_MARCH [SMA] # a comment
RIVER_CITY [RVC/SMA]
OLD_KING
+THE_GREY_KING
\t[OKG < 950601]
\t[OKGGOV 19950601 - 19990815]
\t[OKGREB > 990816]
#HIDDEN [XXX]
NOBODY [---]
"""

AGENTS_TXT = """<!-- TOY AGENTS -->
!PERSON! = MAN, MEN
GOVERNMENT  [~GOV] # ems
FOREIGN_MINISTER [~GOVFRM]
POLICE {} [ ~COP]
COUNCIL!PERSON! [~LEG]
AID_AGENCY [NGO~]
"""


@pytest.fixture()
def book() -> Any:
    return ee.ToyDictionary(ee.parse_toy_actors(ACTORS_TXT), ee.parse_toy_agents(AGENTS_TXT))


# --------------------------------------------------------------------------------------------------------
# mappings
# --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("code", "root", "penta"), [
    ("010", 1, 0), ("0231", 2, 0), ("036", 3, 1), ("043", 4, 1), ("057", 5, 1), ("064", 6, 2), ("0874", 8, 2),
    ("111", 11, 3), ("130", 13, 3), ("141", 14, 4), ("190", 19, 4), ("20", 20, 4), ("902", None, None),
    ("2101", None, None), ("174L", 17, 4), ("", None, None), (None, None, None), ("x12", None, None)])
def test_cameo_root_and_penta(code: str | None, root: int | None, penta: int | None) -> None:
    assert ee.cameo_root(code) == root
    assert ee.cameo_penta(code) == penta


def test_event_penta_schemes() -> None:
    # the code wins in the cameo scheme: an appeal coded REQUEST is class 0, a demand class 3
    assert ee.event_penta({"type": "REQUEST", "cameo": "020"}) == 0
    assert ee.event_penta({"type": "REQUEST", "cameo": "100"}) == 3
    assert ee.event_penta({"type": "REQUEST", "cameo": None}) == 3
    # no code: the type's CAMEO roots (CONCEDE 081-083 material cooperation, SANCTION 16 material conflict)
    assert ee.event_penta({"type": "CONCEDE"}) == 2
    assert ee.event_penta({"type": "SANCTION"}) == 4
    assert ee.event_penta({"type": "consult"}) == 1
    assert ee.event_penta({"type": None}) is None
    assert ee.event_penta({"type": "AGREE", "cameo": "902"}) == 1  # toy code: falls back to the type
    # the PLOVER manual's quad table ignores the code
    assert ee.event_penta({"type": "CONCEDE", "cameo": "081"}, "plover") == 1
    assert ee.event_penta({"type": "SANCTION"}, "plover") == 3
    assert ee.event_penta({"type": "REQUEST", "cameo": "020"}, "plover") == 3
    # ConfliBERT's labels put root 16 (sanctions, expulsions, aid suspensions) in class 3; other roots as cameo
    assert ee.event_penta({"type": "SANCTION", "cameo": "163"}, "conflibert") == 3
    assert ee.event_penta({"type": "SANCTION", "cameo": "163"}) == 4
    assert ee.event_penta({"type": "SANCTION"}, "conflibert") == 3
    assert ee.event_penta({"type": "COERCE", "cameo": "173"}, "conflibert") == 4
    assert ee.event_penta({"type": "CONCEDE", "cameo": "081"}, "conflibert") == 2
    assert ee.HEADLINE in ee.SCHEMES
    with pytest.raises(ValueError):
        ee.event_penta({"type": "AGREE"}, "other")
    assert set(ee.TYPE_PENTA) == set(ee.PLOVER_TYPES) == set(ee.TYPE_QUAD_PLOVER)


def test_cameo_plover_table(tmp_path: Path) -> None:
    tsv = tmp_path / "map.tsv"
    tsv.write_text("cameo_code\tcameo_name\tgoldstein\tpenta_class\tplover_event\tplover_mode_2021draft\t"
                   "plover_context_2021draft\n"
                   "02\tAPPEAL\t3\tverbal cooperation\t\t\t\n"
                   "04\tCONSULT\t1\tverbal cooperation\tCONSULT\t\t\n"
                   "080\tYield\t5\tmaterial cooperation\tCONCEDE|RETREAT\t\t\n"
                   "084\tReturn, release\t7\tmaterial cooperation\tRETREAT\trelease\t\n", encoding="utf-8")
    table = ee.read_cameo_plover(tsv)
    assert table == {"04": "CONSULT", "080": "CONCEDE", "084": "RETREAT"}
    assert ee.cameo_to_plover("0841", table) == "RETREAT"
    assert ee.cameo_to_plover("042", table) == "CONSULT"
    assert ee.cameo_to_plover("080", table) == "CONCEDE"
    assert ee.cameo_to_plover("020", table) is None
    assert ee.cameo_to_plover("902", table) is None
    assert ee.cameo_to_plover(None, table) is None


# --------------------------------------------------------------------------------------------------------
# ConfliBERT reader
# --------------------------------------------------------------------------------------------------------


def test_locate_tokenised_spans() -> None:
    text = "The Mayor's office (MO) met the Mayor's office."
    assert ee.locate(text, "the Mayor 's office") == [(28, 46)]
    assert ee.locate(text, "office ( MO )") == [(12, 23)]
    assert ee.locate(text, "Mayor") == [(4, 9), (32, 37)]
    assert ee.locate(text, "Governor") == []
    assert ee.locate(text, "  ") == []


def test_read_conflibert(tmp_path: Path) -> None:
    rows = [
        {"text": "Northland troops shelled South March on Friday.", "penta": 4, "penta_name": "material conflict",
         "spans": [{"role": "source", "text": "Northland troops"}, {"role": "target", "text": "South March"}]},
        {"text": "The two leaders met in River City.", "penta": 1, "spans": [
            {"role": "reciprocal", "text": "The two leaders"}, {"role": "target", "text": "no such words"}]},
        {"text": "A court rejected the appeal.", "penta": 3, "spans": None, "tokens": None, "bio": None},
    ]
    path = tmp_path / "cb.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n", encoding="utf-8")
    sents = ee.read_conflibert(path)
    assert [s.penta for s in sents] == [4, 1, 3]
    assert [s.idx for s in sents] == [0, 1, 2]
    a, b, c = sents
    assert a.has_spans and a.sources == [(0, 16)] and a.targets == [(25, 36)] and a.unlocated == 0
    assert b.sources == [(0, 15)] and b.targets == [(0, 15)] and b.unlocated == 1
    assert not c.has_spans and c.sources == [] and c.targets == []


# --------------------------------------------------------------------------------------------------------
# PETRARCH records and toy dictionaries
# --------------------------------------------------------------------------------------------------------


def test_read_petrarch(tmp_path: Path) -> None:
    rows = [
        {"id": "T-01", "date": "19950101", "category": "DEMO", "text": "Northland met South March.",
         "expected": [{"source": "NTH", "target": "SMA", "cameo": "040"}], "expect": "events", "error": None},
        {"id": "T-02", "date": "bad", "category": "DEMO", "text": "Nothing happened.", "expected": [],
         "expect": "noevents"},
    ]
    path = tmp_path / "petr.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    recs = ee.read_petrarch(path)
    assert recs[0].date == "1995-01-01" and recs[0].expected == [ee.GoldTriple("NTH", "SMA", "040")]
    assert recs[1].date is None and recs[1].expect == "noevents" and recs[1].expected == []
    assert ee.iso_date(None) is None


def test_norm_tokens() -> None:
    assert ee.norm_tokens("Northland's U.N. envoy") == ("northland", "u", "n", "envoy")
    assert ee.norm_tokens("the rebels’ SOUTH_MARCH") == ("the", "rebels", "south", "march")


def test_parse_toy_actors(book: Any) -> None:
    names = {name: entry for entry in book.actors for name in entry.names}
    assert ("northlander",) in names and names[("northlander",)] is names[("northland",)]
    assert ("hidden",) not in names  # commented out
    assert ("a", "comment", "block") not in names
    king = names[("the", "grey", "king")]
    assert king.codes_at(dt.date(1990, 1, 1)) == ["OKG"]
    assert king.codes_at(dt.date(1996, 1, 1)) == ["OKGGOV"]
    assert king.codes_at(dt.date(2001, 1, 1)) == ["OKGREB"]
    assert king.codes_at(None) == []
    assert names[("river", "city")].codes_at(None) == ["RVC", "SMA"]
    assert names[("south", "march")].codes_at(None) == ["SMA"]
    code = ee.parse_code("X 19950601 - 19990815")
    assert code is not None and code.start == dt.date(1995, 6, 1) and code.end == dt.date(1999, 8, 15)
    assert ee.parse_code("  ") is None


def test_parse_toy_agents(book: Any) -> None:
    by_code = {a.code: a for a in book.agents}
    assert set(by_code) == {"GOV", "GOVFRM", "COP", "LEG", "NGO"}
    assert ("councilman",) in by_code["LEG"].names and ("councilmen",) in by_code["LEG"].names
    assert ("governments",) in by_code["GOV"].names
    assert by_code["NGO"].prefix and not by_code["GOV"].prefix


def test_codes_for_text(book: Any) -> None:
    assert ee.codes_for_text("Northland", book) == {"NTH"}
    assert ee.codes_for_text("the Northland government", book) == {"NTH", "NTHGOV"}
    assert ee.codes_for_text("South March's foreign minister", book) == {"SMA", "SMAGOVFRM"}
    assert ee.codes_for_text("the police", book) == {"---COP"}
    assert ee.codes_for_text("a Northland aid agency", book) == {"NTH", "NGONTH"}
    assert ee.codes_for_text("the Grey King", book, "1996-03-01") == {"OKGGOV"}
    assert ee.codes_for_text("Marchland", book) == set()
    # longest phrase first, no overlap: "River City" is not also read as a smaller name
    assert ee.codes_for_text("River City", book) == {"RVC", "SMA"}


def test_code_matches() -> None:
    assert ee.code_matches("DAGGOV", {"DAG"})
    assert ee.code_matches("DAG", {"DAGGOV"})
    assert not ee.code_matches("DAGGOV", {"DAG"}, exact=True)
    assert ee.code_matches("DAGGOV", {"DAG", "DAGGOV"}, exact=True)
    assert not ee.code_matches("GON", {"ARN"})
    assert ee.code_matches("---GOV", {"---GOV"})
    assert not ee.code_matches("---GOV", {"ARN"})
    assert ee.code_matches("---", set(), ["the lions"])
    assert not ee.code_matches("---", {"GON"}, ["Gondor"])
    assert not ee.code_matches("---", set(), [])
    assert ee.code_matches('"THE MINISTRY OF MAGIC"', set(), ["the Ministry of Magic"])
    assert ee.code_matches('"HEAD MINERVA MCGONAGALL"', set(), ["McGonagall"])
    assert not ee.code_matches('"THE MINISTRY OF MAGIC"', set(), ["Gondor"])


# --------------------------------------------------------------------------------------------------------
# readout events and ConfliBERT scores
# --------------------------------------------------------------------------------------------------------

SENT = "Northland troops shelled South March after its leaders met envoys."


def _span(part: str, text: str = SENT) -> dict[str, Any]:
    start = text.index(part)
    return {"start": start, "end": start + len(part), "text": part}


def _readout(events: list[dict[str, Any]], text: str = SENT, actors: list[dict[str, Any]] | None = None
             ) -> dict[str, Any]:
    if actors is None:
        actors = [{"id": "a1", "name": "Northland troops", "mentions": [_span("Northland troops", text)]},
                  {"id": "a2", "name": "South March", "mentions": [_span("South March", text),
                                                                   _span("its", text)]},
                  {"id": "a3", "name": "envoys", "mentions": [_span("envoys", text)]}]
    return {"text": text, "actors": actors, "events": events}


SHELL = {"id": "e1", "type": "ASSAULT", "cameo": "195", "source": ["a1"], "target": ["a2"],
         "trigger": _span("shelled")}
MEET = {"id": "e2", "type": "CONSULT", "cameo": None, "source": ["a2"], "target": ["a3"], "trigger": _span("met")}


def test_readout_events_and_main_event() -> None:
    events = ee.readout_events(_readout([MEET, {"type": "AGREE"}, SHELL]))
    assert [e.get("type") for e in events] == ["ASSAULT", "CONSULT", "AGREE"]  # untriggered last
    assert ee.main_event(events, "first") is events[0]
    assert ee.main_event([MEET, {"type": "AGREE", "trigger": _span("after")}], "severest") is MEET  # first of equals
    assert ee.main_event([MEET, SHELL], "severest") is SHELL
    assert ee.main_event([{"type": None}, MEET], "severest") is MEET
    assert ee.main_event([], "first") is None
    with pytest.raises(ValueError):
        ee.main_event(events, "last")


def test_role_right() -> None:
    assert ee.role_right([(0, 5)], [(3, 9)], ["a1"])
    assert not ee.role_right([(0, 3)], [(3, 9)], ["a1"])
    assert ee.role_right([], [], [])
    assert not ee.role_right([(0, 3)], [], ["a1"])


def _sentence(penta: int, sources: list[str], targets: list[str], text: str = SENT) -> Any:
    return ee.ConflibertSentence(idx=0, text=text, penta=penta, has_spans=bool(sources or targets),
                                 sources=[x for s in sources for x in ee.locate(text, s)],
                                 targets=[x for t in targets for x in ee.locate(text, t)])


def test_score_conflibert() -> None:
    scores = ee.ConflibertScores()
    # 1: right class (first and severest), right dyad, one extra event
    d = ee.score_conflibert(_sentence(4, ["Northland troops"], ["South March"]), _readout([SHELL, MEET]), scores)
    assert d["first/cameo"] == 4 and d["dyad/first"] == (True, True)
    # 2: first event is CONSULT (class 1), gold 4: wrong for first, right for severest and the oracle
    early_meet = {**MEET, "trigger": {"start": 0, "end": 9, "text": "Northland"}}
    d = ee.score_conflibert(_sentence(4, ["Northland troops"], ["South March"]), _readout([SHELL, early_meet]),
                            scores)
    assert d["first/cameo"] == 1 and d["severest/cameo"] == 4 and d["dyad/first"] == (False, False)
    # 3: no event at all: wrong, not in the dyad counts
    ee.score_conflibert(_sentence(0, ["Northland troops"], []), _readout([]), scores)
    # 4: no spans: counts for classes only
    ee.score_conflibert(_sentence(1, [], []), _readout([MEET]), scores)
    assert scores.sentences == 4 and scores.with_event == 3 and scores.coverage == 0.75
    assert scores.system_events == 5 and scores.extra_events == 2 and scores.extra_per_sentence == 0.5
    assert scores.classes[("first", "cameo")].right == 2  # sentences 1 and 4
    assert scores.classes[("severest", "cameo")].right == 3
    assert scores.classes[("any", "cameo")].right == 3
    assert scores.classes[("first", "plover")].right == 2
    conf = scores.classes[("first", "cameo")].confusion
    assert conf[(4, 4)] == 1 and conf[(4, 1)] == 1 and conf[(0, None)] == 1 and conf[(1, 1)] == 1
    pc = scores.classes[("first", "cameo")].per_class()
    assert pc[1] == (0.5, 1.0, pytest.approx(2 / 3), 1, 2)
    assert pc[4][:2] == (1.0, 0.5)
    first, sev, anyd = scores.dyads["first"], scores.dyads["severest"], scores.dyads["any"]
    assert (first.found, first.both) == (2, 1) and (sev.found, sev.both) == (2, 2) and anyd.both == 2
    assert scores.dyads["first, right class"].found == 1
    assert scores.with_spans == 3
    out = scores.to_dict()
    assert out["classes"]["first/cameo"]["accuracy"] == 0.5
    assert out["dyads"]["first"]["both_share"] == 0.5
    json.dumps(out)


def test_score_conflibert_shift_and_missing_target() -> None:
    text = "Northland troops withdrew."
    sent = _sentence(2, ["Northland troops"], [], text)
    actors = [{"id": "a1", "name": "Northland troops", "mentions": [{"start": 0, "end": 16}]}]
    ev = {"type": "RETREAT", "cameo": "0874", "source": ["a1"], "target": [], "trigger": _span("withdrew", text)}
    scores = ee.ConflibertScores()
    assert ee.score_conflibert(sent, _readout([ev], text, actors), scores)["dyad/first"] == (True, True)
    # offsets of a readout whose text lost two leading characters
    shifted = [{"id": "a1", "name": "x", "mentions": [{"start": 0, "end": 3}]}]
    assert ee.score_conflibert(sent, _readout([ev], text, shifted), scores, shift=2)["dyad/first"] == (True, True)
    assert ee.score_conflibert(sent, _readout([ev], text, shifted), scores, shift=20)["dyad/first"] == (False, True)


def test_role_phrases_count_only_in_the_phrase_rows() -> None:
    text = "Police detained 18 people."
    sent = _sentence(4, ["Police"], ["18 people"], text)
    ev = {"type": "COERCE", "cameo": "173", "source": [], "target": [], "trigger": _span("detained", text),
          "source_spans": [{"start": 0, "end": 6, "text": "Police"}],
          "target_spans": [{"start": 16, "end": 25, "text": "18 people"}]}
    scores = ee.ConflibertScores()
    d = ee.score_conflibert(sent, _readout([ev], text, []), scores)
    assert d["dyad/first"] == (False, False) and d[f"dyad/first{ee.PHRASES}"] == (True, True)
    # a phrase that misses the gold span is wrong, and a phrase where gold has none is a participant too
    wrong = {**ev, "target_spans": [{"start": 7, "end": 15, "text": "detained"}]}
    assert ee.score_conflibert(sent, _readout([wrong], text, []), scores)[f"dyad/first{ee.PHRASES}"] == (True, False)
    no_gold_target = _sentence(4, ["Police"], [], text)
    assert ee.score_conflibert(no_gold_target, _readout([ev], text, []), scores)[f"dyad/first{ee.PHRASES}"] == \
        (True, False)
    assert scores.dyads[f"first{ee.PHRASES}"].found == 3 and scores.dyads["first"].both == 0


# --------------------------------------------------------------------------------------------------------
# PETRARCH scores
# --------------------------------------------------------------------------------------------------------

TABLE = {"040": "CONSULT", "04": "CONSULT", "19": "ASSAULT", "195": "ASSAULT", "111": "ACCUSE", "11": "ACCUSE"}


def test_match_count_is_maximum() -> None:
    ev = ee.SystemEvent
    g1, g2 = ee.GoldTriple("NTH", "SMA", "040"), ee.GoldTriple("NTH", "RVC", "040")
    # event 0 fits both gold triples, event 1 only the first: greedy in gold order would find 1, maximum is 2
    events = [ev("CONSULT", None, 1, {"NTH"}, {"SMA", "RVC"}, [], []), ev("CONSULT", None, 1, {"NTH"}, {"SMA"}, [], [])]
    assert ee.match_count([g1, g2], ["CONSULT", "CONSULT"], events, "dyad") == 2
    assert ee.match_count([g1, g2], ["CONSULT", "CONSULT"], events[1:], "dyad") == 1
    assert ee.match_count([g1], ["CONSULT"], [], "event") == 0
    with pytest.raises(ValueError):
        ee._level_ok("nope", g1, None, events[0])


def test_score_petrarch(book: Any) -> None:
    text = "The Northland government met South March envoys and the police attacked protesters."
    actors = [{"id": "a1", "name": "Northland government", "mentions": [_span("The Northland government", text)]},
              {"id": "a2", "name": "South March envoys", "mentions": [_span("South March envoys", text)]},
              {"id": "a3", "name": "police", "mentions": [_span("the police", text)]},
              {"id": "a4", "name": "protesters", "mentions": [_span("protesters", text)]}]
    events = [{"type": "CONSULT", "cameo": "040", "source": ["a1"], "target": ["a2"], "trigger": _span("met", text)},
              {"type": "ASSAULT", "cameo": None, "source": ["a3"], "target": ["a4"],
               "trigger": _span("attacked", text)},
              {"type": "ACCUSE", "cameo": None, "source": ["a4"], "target": [], "trigger": _span("protesters", text)}]
    readout = {"text": text, "actors": actors, "events": events}
    rec = ee.PetrRecord("T-1", "1995-01-01", "DEMO", text, "events", [
        ee.GoldTriple("NTHGOV", "SMA", "040"), ee.GoldTriple("---COP", "---", "195"),
        ee.GoldTriple("SMA", "NTH", "902")])
    scores = ee.PetrScores()
    d = ee.score_petrarch(rec, readout, book, TABLE, scores)
    m = d["matched"]
    assert m["event"] == 3 and m["dyad"] == 2 and m["penta"] == 2 and m["type"] == 2 and m["type+dyad"] == 2
    assert m["dyad exact"] == 2  # NTHGOV → SMA and ---COP → --- (protesters: no code)
    assert scores.records == 1 and scores.gold_triples == 3 and scores.gold_typed == 2 and scores.gold_classed == 2
    assert scores.extra_events == 0 and scores.system_events == 3
    assert scores.type_prf == {}  # the toy code 902 keeps this record out of the per-type counts
    # a noevents record with one event, an error record
    ee.score_petrarch(ee.PetrRecord("T-2", None, "X", text, "noevents", []),
                      {"text": text, "actors": actors, "events": events[:1]}, book, TABLE, scores)
    assert ee.score_petrarch(ee.PetrRecord("T-3", None, "X", text, "error", []), readout, book, TABLE,
                             scores) == {"skipped": True}
    assert scores.noevent_records == 1 and scores.noevent_clean == 0 and scores.extra_events == 1
    assert scores.skipped_errors == 1 and scores.scored_sentences() == 2
    # per-type counts on a fully mappable record
    rec2 = ee.PetrRecord("T-4", None, "X", text, "events", [ee.GoldTriple("NTH", "SMA", "040"),
                                                           ee.GoldTriple("NTH", "SMA", "111")])
    ee.score_petrarch(rec2, readout, book, TABLE, scores)
    assert scores.type_prf["CONSULT"] == [1, 1, 1] and scores.type_prf["ACCUSE"] == [1, 1, 1]
    assert scores.type_prf["ASSAULT"] == [0, 1, 0]
    assert ee.prf(scores.type_prf["ASSAULT"]) == (0.0, 0.0, 0.0)
    assert scores.penta_prf[1] == [1, 1, 1] and scores.penta_prf[3] == [1, 1, 1] and scores.penta_prf[4] == [0, 1, 0]
    json.dumps(scores.to_dict())


# --------------------------------------------------------------------------------------------------------
# benchmarks/events.py without data
# --------------------------------------------------------------------------------------------------------


def test_events_script_skips_without_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import events as ev  # benchmarks/events.py
    assert ev.conflibert_tables(tmp_path / "none.jsonl", None, None, False) == {}
    assert ev.petrarch_tables(tmp_path, tmp_path / "map.tsv", None, None, False) == {}
    ev.anchors_table({})
    out = capsys.readouterr().out
    assert "ConfliBERT: skipped" in out and "PETRARCH: skipped" in out and "UniversalPetrarch" in out
    assert ev.describe(SHELL, _readout([SHELL])) == "ASSAULT/195 [shelled] (Northland troops → South March) class 4"
