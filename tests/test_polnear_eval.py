"""Unit tests of benchmarks/polnear_eval.py (brat reader, span trimming, exact / overlap / lenient scores, the
speech-verb subset) and of the readout conversion in benchmarks/attribution.py, on made-up samples: no PolNeAR
text is stored in the repository."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))  # as the benchmark scripts do
import polnear_eval as pe

TEXT = ('Mayor Ann Lee said: "The bridge opens in May." Critics fear delays, according to the paper.\n'
        '"It is late," the engineer told reporters, "and over budget."\n')


def _off(part: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(part, start + 1)
    return start, start + len(part)


def _t(tid: str, kind: str, *parts: str) -> str:
    frags = [_off(p) for p in parts]
    offsets = ";".join(f"{a} {b}" for a, b in frags)
    return f"{tid}\t{kind} {offsets}\t{' '.join(TEXT[a:b] for a, b in frags)}"


ANN = "\n".join([
    _t("T1", "Source", "Mayor Ann Lee"),
    _t("T2", "Cue", "said:"),
    _t("T3", "Content", '"The bridge opens in May."'),
    _t("T4", "Attribution", "said:"),
    "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3",
    _t("T5", "Source", "Critics"),
    _t("T6", "Cue", "fear"),
    _t("T7", "Content", "delays"),
    _t("T8", "Attribution", "fear"),
    "E2\tAttribution:T8 Source:T5 Cue:T6 Content:T7",
    _t("T9", "Cue", "according to"),
    _t("T10", "Source", "the paper"),
    _t("T11", "Attribution", "according to"),
    "E3\tAttribution:T11 Cue:T9 Source:T10 Content:T5",  # content reuses a span: odd, but legal brat
    _t("T12", "Content", '"It is late,"'),
    _t("T13", "Source", "the engineer"),
    _t("T14", "Cue", "told"),
    _t("T15", "Content", '"and over budget."'),
    _t("T16", "Attribution-no-source", "told"),
    "E4\tAttribution:T16 Source:T13 Cue:T14 Content:T12 Content2:T15",
    _t("T17", "Discard", "reporters"),
    "#1\tAnnotatorNotes T17\tnot an attribution",
    "E5\tAttribution-no-source:T99 ",
])


def test_parse_ann_roles_discontinuous_and_noise() -> None:
    problems: list[str] = []
    attrs = pe.parse_ann(ANN, TEXT, problems)
    assert problems == []
    assert [a.id for a in attrs] == ["E1", "E2", "E3", "E4"]  # E5 has neither cue nor content
    e1 = attrs[0]
    assert [TEXT[a:b] for a, b in e1.source] == ["Mayor Ann Lee"]
    assert [TEXT[a:b] for a, b in e1.cue] == ["said:"]
    e4 = attrs[3]
    assert [TEXT[a:b] for a, b in e4.content] == ['"It is late,"', '"and over budget."']  # Content + Content2
    assert e4.role("source") == (_off("the engineer"),)


def test_parse_ann_no_source_multiline_text_and_offset_check() -> None:
    text = "Some said\nit rained.\n"
    ann = "T1\tCue 5 9\tsaid\nT2\tContent 10 20\tit\nrained.\nE1\tAttribution:T1 Cue:T1 Content:T2\n"
    problems: list[str] = []
    (attr,) = pe.parse_ann(ann, text, problems)
    assert attr.source == ()
    assert attr.content == ((10, 20),)
    assert problems == []
    pe.parse_ann("T1\tCue 0 4\tsaid\nE1\tAttribution:T1 Cue:T1\n", text, problems)
    assert problems == ["T1: offsets do not match the text"]


def test_read_split_takes_first_annotator(tmp_path: Path) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "pub_2016-01-01_x.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "attributions" / "pub_2016-01-01_x_bbbb.ann").write_text("", encoding="utf-8")
    (tmp_path / "attributions" / "pub_2016-01-01_x_aaaa.ann").write_text(ANN, encoding="utf-8")
    (tmp_path / "text" / "unannotated.txt").write_text("x", encoding="utf-8")
    (doc,) = pe.read_split(tmp_path)
    assert doc.doc_id == "pub_2016-01-01_x"
    assert doc.annotator == "aaaa"
    assert len(doc.attributions) == 4


@pytest.mark.parametrize(("span", "expected"), [
    ('"The bridge opens in May."', "The bridge opens in May"),
    ("said:", "said"),
    (" delays, ", "delays"),
])
def test_trim(span: str, expected: str) -> None:
    a, b = _off(span)
    x, y = pe.trim(TEXT, a, b)
    assert TEXT[x:y] == expected


def test_trim_keeps_a_punctuation_only_cue() -> None:
    text = 'He said : "go"'
    a = text.index(":")
    assert pe.trim(text, a - 1, a + 2) == (a, a + 1)


def _attr(aid: str, source: list[str], cue: list[str], content: list[str]) -> object:
    return pe.Attribution(aid, tuple(_off(s) for s in source), tuple(_off(s) for s in cue),
                          tuple(_off(s) for s in content))


GOLD = pe.parse_ann(ANN)


def test_identity_scores_one() -> None:
    s = pe.score_document(TEXT, GOLD, GOLD)
    for mode in pe.MODES:
        for row in pe.ROWS:
            assert s[(mode, row)].f1 == pytest.approx(1.0), (mode, row)


def test_exact_is_span_level_and_trimmed() -> None:
    # the system leaves out the quotation marks and the colon (trimmed away on both sides) and finds the
    # engineer's quote as one unbroken content, without a source
    system = [
        _attr("q1", ["Mayor Ann Lee"], ["said"], ["The bridge opens in May."]),
        pe.Attribution("q2", (), (_off("told"),), ((_off('"It is late,"')[0], _off('"and over budget."')[1]),)),
    ]
    s = pe.score_document(TEXT, GOLD, system)
    # sources: gold {Mayor Ann Lee, Critics, the paper, the engineer}, system {Mayor Ann Lee}
    assert (s[("exact", "source")].precision, s[("exact", "source")].recall) == (1.0, 0.25)
    # cues: gold 4, system {said, told}: both right
    assert (s[("exact", "cue")].sys_ok, s[("exact", "cue")].gold_ok, s[("exact", "cue")].gold) == (2, 2, 4)
    # contents: gold fragments {bridge, delays, Critics, It is late, and over budget}; system {bridge, long one}
    assert (s[("exact", "content")].sys_ok, s[("exact", "content")].sys, s[("exact", "content")].gold) == (1, 2, 5)
    # whole attributions: only the mayor's quote
    assert (s[("exact", "all")].sys_ok, s[("exact", "all")].gold_ok, s[("exact", "all")].gold) == (1, 1, 4)
    raw = pe.score_document(TEXT, GOLD, system, do_trim=False)
    assert raw[("exact", "cue")].sys_ok == 1  # "said" != "said:" untrimmed


def test_overlap_counts_tokens() -> None:
    # gold content tokens (trimmed): The bridge opens in May (5), delays (1), Critics (1), It is late (3),
    # and over budget (3); the system's content "is late" = 2 tokens, both inside
    system = [_attr("q", [], ["told"], ["is late"])]
    s = pe.score_document(TEXT, GOLD, system)
    c = s[("overlap", "content")]
    gold_tokens = 13
    assert (c.sys_ok, c.sys, c.gold) == (2, 2, gold_tokens)
    assert c.precision == 1.0
    assert c.recall == pytest.approx(2 / gold_tokens)
    assert s[("overlap", "all")].sys == 2 + 1  # content + cue tokens


def test_lenient_threshold_and_one_to_one() -> None:
    # "The bridge opens in May" has 23 characters; 7 characters covered ("The bri") is 30.4 % > 0.3
    a, _ = _off("The bridge")
    gold = [pe.Attribution("g", (), (), ((a, a + 23),))]
    assert len(pe.lenient_pairs([g.content for g in gold], [((a, a + 7),)])) == 1
    assert len(pe.lenient_pairs([g.content for g in gold], [((a, a + 6),)])) == 0  # 26 % is too little
    # one system item cannot match two gold items
    assert len(pe.lenient_pairs([((a, a + 10),), ((a, a + 10),)], [((a, a + 10),)])) == 1
    s = pe.score_document(TEXT, GOLD, [_attr("q", ["Ann Lee"], ["said"], ["bridge opens"])])
    assert s[("lenient", "source")].sys_ok == 1  # 7 of 13 characters of "Mayor Ann Lee"
    assert s[("lenient", "all")].gold_ok == 1
    assert s[("exact", "source")].sys_ok == 0


@pytest.mark.parametrize(("cue", "speech"), [
    ("said", True), ("says", True), ("has said", True), ("told", True), ("adding", True), ("stated", True),
    ("replies", True), ("admitted", True), ("could not say", True), ("according to", False), (":", False),
    ("fear", False), ("called for", False), ("believes", False),
])
def test_speech_cue(cue: str, speech: bool) -> None:
    assert pe.is_speech_cue(cue) is speech


def test_speech_subset_filters_both_sides() -> None:
    system = [_attr("q1", ["Critics"], ["fear"], ["delays"]), _attr("q2", ["the engineer"], ["told"], ["late"])]
    s = pe.score_document(TEXT, GOLD, system, speech_only=True)
    assert s[("exact", "cue")].gold == 2  # said, told
    assert s[("exact", "cue")].sys == 1  # "fear" is not a speech verb
    assert s[("exact", "source")].sys_ok == 1


def test_scores_add_and_to_dict() -> None:
    total = pe.Scores()
    total.add(pe.score_document(TEXT, GOLD, GOLD))
    total.add(pe.score_document(TEXT, GOLD, []))
    assert total.docs == 2
    c = total[("exact", "cue")]
    assert (c.precision, c.recall) == (1.0, 0.5)
    d = total.to_dict()
    assert d["exact"]["cue"]["f1"] == pytest.approx(2 / 3, abs=1e-4)
    assert pe.Scores()[("overlap", "all")].f1 == 0.0


def test_unmatched_and_show() -> None:
    missed, spurious = pe.unmatched(TEXT, GOLD, [_attr("q", [], ["told"], ["Critics fear delays"])])
    assert len(missed) == 3  # the Critics content ("Critics", E3) takes the one system quote
    assert [a.id for a in spurious] == []
    assert pe.show(TEXT, GOLD[3].content) == '"It is late," … "and over budget."'
    assert pe.show(TEXT, GOLD[0].content, width=10) == '"The brid…'


def test_readout_quotes_become_attributions() -> None:
    import attribution  # benchmarks/attribution.py
    readout = {"quotes": [
        {"id": "q1", "speaker_span": {"start": 0, "end": 5, "text": "Mayor"}, "cue": {"start": 14, "end": 18},
         "content": [{"start": 20, "end": 30}, {"start": 40, "end": 45}]},
        {"id": "q2", "speaker_span": None, "cue": None, "content": {"start": 50, "end": 60}},
        {"id": "q3", "cue": None, "content": None},
    ]}
    q1, q2 = attribution.readout_attributions(readout, shift=2)
    assert q1.source == ((2, 7),) and q1.cue == ((16, 20),) and q1.content == ((22, 32), (42, 47))
    assert q2.source == () and q2.cue == () and q2.content == ((52, 62),)


def test_gold_article_speaker_match() -> None:
    import attribution  # benchmarks/attribution.py
    gold = {"actors": [{"id": "lee", "name": "Ann Lee", "kind": "person", "aliases": ["Mayor Ann Lee", "she"]}],
            "quotes": [{"line": 3, "kind": "direct", "speaker": "lee", "contains": "opens in May"},
                       {"line": 3, "kind": "direct", "speaker": None, "contains": "It is late", "optional": True}]}
    lines = ["Title", "Monday, May 1, 2023", 'Mayor Ann Lee said: "The bridge opens in May." "It is late."']
    article = attribution.GoldArticle(lines, gold)
    assert attribution.published(lines) == "2023-05-01"
    text = article.text
    start = text.index("The bridge")
    readout = {
        "actors": [{"id": "a1", "name": "Lee", "kind": "person", "mentions": [{"text": "Mayor Ann Lee"}]}],
        "quotes": [{"id": "q1", "speaker": "a1", "speaker_span": {"text": "Mayor Ann Lee"},
                    "content": {"start": start, "end": start + 20}}]}
    tally = attribution.QuoteTally()
    attribution.score_gold_quotes(gold, article, readout, tally)
    assert (tally.gold, tally.found, tally.speaker, tally.speaker_span) == (1, 1, 1, 1)
    assert tally.optional == [1, 0, 0]
    assert tally.by_kind == {"direct": [1, 1, 1]}
