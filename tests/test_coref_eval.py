"""Unit tests of benchmarks/coref_eval.py: the GUM reader on inline CoNLL-U and the coreference scores on
textbook examples computed by hand (no model, no shared data)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))  # as the benchmark scripts do
import coref_eval as ce


def _row(i: str, form: str, upos: str, head: int, misc: str = "_") -> str:
    return "\t".join([i, form, form.lower(), upos, "_", "_", str(head), "dep", "_", misc])


# Two documents. Doc 1: "Sergei Lavrov met Wang Yi. He didn't stay." (second sentence in a new paragraph,
# with the multiword token "didn't"); Lavrov = entity 1 (nested inside nothing), Wang Yi = entity 2,
# "He" = entity 1. A nested mention: "the leader of Russia" (3) contains "Russia" (4) in doc 2.
CONLLU = "\n".join([
    "# newdoc id = GUM_news_test",
    "# global.Entity = GRP-etype-infstat-salience-centering-minspan-link-identity",
    "# meta::title = Test",
    "# newpar",
    "# text = Sergei Lavrov met Wang Yi.",
    _row("1", "Sergei", "PROPN", 3, "Entity=(1-person-new-sssss-cf1-1,2-coref-Sergey_Lavrov"),
    _row("2", "Lavrov", "PROPN", 1, "Entity=1)"),
    _row("3", "met", "VERB", 0),
    _row("4", "Wang", "PROPN", 3, "Entity=(2-person-new-sssss-cf2-1,2-sgl"),
    _row("5", "Yi", "PROPN", 4, "Entity=2)|SpaceAfter=No"),
    _row("6", ".", "PUNCT", 3),
    "",
    "# newpar",
    "# text = He didn't stay.",
    _row("1", "He", "PRON", 4, "Entity=(1-person-giv:act-sssss-cf1-1-ana)"),
    "2-3\tdidn't\t_\t_\t_\t_\t_\t_\t_\t_",
    _row("2", "did", "AUX", 4),
    _row("3", "n't", "PART", 4),
    _row("4", "stay", "VERB", 0, "SpaceAfter=No"),
    _row("5", ".", "PUNCT", 4),
    "",
    "# newdoc id = GUM_bio_other",
    "# meta::genre = bio",
    "# text = She met the leader of Russia.",
    _row("1", "She", "PRON", 2, "Entity=(5-person-new-sssss-cf1-1-sgl)"),
    _row("2", "met", "VERB", 0),
    _row("3", "the", "DET", 4, "Entity=(3-person-new-sssss-cf2-2-sgl"),
    _row("4", "leader", "NOUN", 2),
    _row("5", "of", "ADP", 6),
    _row("6", "Russia", "PROPN", 4, "Entity=(4-place-new-sssss-cf3-1-sgl-Russia)3)|SpaceAfter=No"),
    _row("7", ".", "PUNCT", 2),
    "",
])


def test_parse_gum_text_and_mentions() -> None:
    errors: list[str] = []
    docs = ce.parse_gum(CONLLU, errors)
    assert errors == []
    assert [d.doc_id for d in docs] == ["GUM_news_test", "GUM_bio_other"]
    doc = docs[0]
    assert doc.genre == "news"
    assert doc.meta["title"] == "Test"
    assert doc.text == "Sergei Lavrov met Wang Yi.\n\nHe didn't stay."
    got = [(doc.text[m.start:m.end], m.entity, m.etype, m.head_is_propn, m.identity) for m in doc.mentions]
    assert got == [
        ("Sergei Lavrov", "1", "person", True, "Sergey_Lavrov"),
        ("Wang Yi", "2", "person", True, None),
        ("He", "1", "person", False, None),
    ]
    lavrov = doc.mentions[0]
    assert doc.text[lavrov.head_start:lavrov.head_end] == "Sergei"  # flat name: the first word heads it
    assert doc.text[lavrov.min_start:lavrov.min_end] == "Sergei Lavrov"
    assert [len(c) for c in doc.clusters()] == [2, 1]


def test_nested_mentions_and_heads() -> None:
    doc = ce.parse_gum(CONLLU)[1]
    assert doc.genre == "bio"
    spans = {doc.text[m.start:m.end]: m for m in doc.mentions}
    assert set(spans) == {"She", "the leader of Russia", "Russia"}
    leader = spans["the leader of Russia"]
    assert doc.text[leader.head_start:leader.head_end] == "leader"
    assert leader.head_upos == "NOUN" and not leader.head_is_propn
    assert doc.text[leader.min_start:leader.min_end] == "leader"
    assert spans["Russia"].head_is_propn


def test_unbalanced_bracket_is_reported() -> None:
    data = "\n".join(["# newdoc id = GUM_news_x", "# text = A B", _row("1", "A", "X", 0, "Entity=9)"),
                      _row("2", "B", "X", 1), ""])
    errors: list[str] = []
    docs = ce.parse_gum(data, errors)
    assert docs[0].mentions == [] and len(errors) == 1


def test_match_mentions_exact_and_head() -> None:
    doc = ce.parse_gum(CONLLU)[1]
    text = doc.text
    russia = (text.index("Russia"), text.index("Russia") + len("Russia"))
    leader = (text.index("leader"), text.index("leader") + len("leader"))
    # "Russia" fits inside both gold spans; the shortest (exact) one wins.
    matched = ce.match_mentions(doc.mentions, [russia, leader], mode="head")
    assert {doc.text[doc.mentions[g].start:doc.mentions[g].end] for g in matched.values()} == {
        "Russia", "the leader of Russia"}
    assert ce.match_mentions(doc.mentions, [russia, leader], mode="exact") == {
        0: next(i for i, m in enumerate(doc.mentions) if text[m.start:m.end] == "Russia")}
    # A span inside the gold mention but off its min-span does not match leniently.
    the = (text.index("the"), text.index("the") + 3)
    assert ce.match_mentions(doc.mentions, [the], mode="head") == {}
    with pytest.raises(ValueError):
        ce.match_mentions(doc.mentions, [the], mode="fuzzy")


# Bagga & Baldwin (1998) / Vilain et al. (1995) textbook case: gold {1..5} {6,7} {8..12}, the system
# merges the last two clusters.
KEY = [[1, 2, 3, 4, 5], [6, 7], [8, 9, 10, 11, 12]]
RESPONSE = [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10, 11, 12]]


def test_muc_textbook() -> None:
    s = ce.muc(KEY, RESPONSE)
    assert s.recall == pytest.approx(1.0)  # (4 + 1 + 4) / 9
    assert s.precision == pytest.approx(9 / 10)  # (4 + 5) / (4 + 6)
    split = ce.muc([["A", "B", "C", "D"]], [["A", "B"], ["C", "D"]])
    assert split.recall == pytest.approx(2 / 3) and split.precision == pytest.approx(1.0)
    assert split.f1 == pytest.approx(0.8)


def test_b_cubed_textbook() -> None:
    s = ce.b_cubed(KEY, RESPONSE)
    assert s.recall == pytest.approx(1.0)
    assert s.precision == pytest.approx((5 + 2 * 2 / 7 + 5 * 5 / 7) / 12)  # 0.7619


def test_ceaf_e_textbook() -> None:
    s = ce.ceaf_e(KEY, RESPONSE)
    total = 1 + 2 * 5 / (5 + 7)
    assert s.recall == pytest.approx(total / 3)
    assert s.precision == pytest.approx(total / 2)


def test_hungarian_beats_greedy() -> None:
    # Greedy pairs K1 with R1 (φ = 6/8) and leaves K2 with R2 (φ = 0): 0.75 in all. The best alignment,
    # K1-R2 and K2-R1, gives 2/5 + 2/5 = 0.8.
    key = [["a", "b", "c", "d"], ["e"]]
    response = [["a", "b", "c", "e"], ["d"]]
    s = ce.ceaf_e(key, response)
    assert s.recall == pytest.approx(0.8 / 2)
    assert s.precision == pytest.approx(0.8 / 2)


def test_twinless_policies() -> None:
    key = [["a", "b"]]
    response = [["a", "b", "x"]]
    keep = ce.b_cubed(key, response, "keep")
    assert keep.recall == pytest.approx(1.0)
    assert keep.precision == pytest.approx((2 / 3 + 2 / 3 + 0) / 3)
    assert ce.muc(key, response, "keep").precision == pytest.approx(1 / 2)
    drop = ce.score_all(key, response, ce.Policy.DROP)
    assert all(s.f1 == pytest.approx(1.0) for s in drop.values())
    # A missed gold mention lowers recall under both policies.
    assert ce.b_cubed([["a", "b"]], [["a"]], "drop").recall == pytest.approx((1 / 2 + 0) / 2)


def test_micro_average_and_detection() -> None:
    total = ce.Prf()
    total += ce.muc(KEY, RESPONSE)
    total += ce.muc([["A", "B", "C", "D"]], [["A", "B"], ["C", "D"]])
    assert total.recall == pytest.approx((9 + 2) / (9 + 3))
    md = ce.mention_detection(n_gold=10, n_system=8, n_matched=6)
    assert (md.precision, md.recall) == (pytest.approx(0.75), pytest.approx(0.6))
    assert ce.conll_average(ce.score_all(KEY, KEY)) == pytest.approx(1.0)
    empty = ce.score_all(KEY, [])
    assert all(s.f1 == 0 for s in empty.values())
