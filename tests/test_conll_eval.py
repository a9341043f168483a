"""Unit tests of benchmarks/conll_eval.py (alignment and scoring; no model, no shared data)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))  # as the benchmark scripts do
import conll_eval as ce

# "The dog barked." — punctuation attached to the root.
SIMPLE = """\
# newdoc id = GUM_news_dogs
# sent_id = s1
# text = The dog barked.
1\tThe\tthe\tDET\tDT\tDefinite=Def|PronType=Art\t2\tdet\t_\t_
2\tdog\tdog\tNOUN\tNN\tNumber=Sing\t3\tnsubj\t_\t_
3\tbarked\tbark\tVERB\tVBD\tMood=Ind|Tense=Past|VerbForm=Fin\t0\troot\t_\tSpaceAfter=No
4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

"""

# "I'm here." with a multiword token, an empty node and relation subtypes.
MWT = """\
# sent_id = s2
# text = I'm here.
1-2\tI'm\t_\t_\t_\t_\t_\t_\t_\t_
1\tI\tI\tPRON\tPRP\t_\t3\tnsubj:outer\t_\t_
2\t'm\tbe\tAUX\tVBP\t_\t3\tcop\t_\t_
3\there\there\tADV\tRB\t_\t0\troot\t_\tSpaceAfter=No
3.1\tis\tbe\tAUX\tVBZ\t_\t_\t_\t3:cop\t_
4\t.\t.\tPUNCT\t.\t_\t3\tpunct\t_\t_

"""


def gold_as_pred(sentence: ce.GoldSentence) -> list[ce.PredWord]:
    """A perfect prediction: gold words with exact spans (MWT words split evenly by form length)."""
    preds: list[ce.PredWord] = []
    pos: dict[tuple[int, int], int] = {}
    for w in sentence.words:
        start = w.start + pos.get((w.start, w.end), 0) if w.in_mwt else w.start
        end = start + len(w.form) if w.in_mwt else w.end
        pos[(w.start, w.end)] = end - w.start
        head = None if w.head == 0 else w.head - 1
        deprel = "ROOT" if w.deprel == "root" else w.deprel
        preds.append(ce.PredWord(start, end, w.form, w.upos, w.xpos, w.feats, w.lemma, head, deprel))
    return preds


def pct(counts: ce.Counts) -> float:
    return round(100 * counts.f1, 2)


# ---------------------------------------------------------------------------------------------- reading


def test_parse_offsets_genre_and_deprel() -> None:
    [sent] = ce.parse_conllu(SIMPLE)
    assert sent.sent_id == "s1" and sent.doc_id == "GUM_news_dogs" and sent.genre == "news"
    assert [(w.start, w.end) for w in sent.words] == [(0, 3), (4, 7), (8, 14), (14, 15)]
    assert [w.head for w in sent.words] == [2, 3, 0, 3]


def test_meta_genre_overrides_doc_id() -> None:
    data = SIMPLE.replace("# sent_id", "# meta::genre = fiction\n# sent_id")
    assert ce.parse_conllu(data)[0].genre == "fiction"


def test_mwt_words_share_token_span_and_empty_nodes_skipped() -> None:
    [sent] = ce.parse_conllu(MWT)
    assert [w.form for w in sent.words] == ["I", "'m", "here", "."]
    assert [(w.start, w.end, w.in_mwt) for w in sent.words[:2]] == [(0, 3, True), (0, 3, True)]
    assert sent.words[0].deprel == "nsubj"  # subtype stripped
    assert sent.token_spans == [(0, 3), (4, 8), (8, 9)]


def test_unalignable_sentence_is_skipped_with_error() -> None:
    errors: list[str] = []
    assert ce.parse_conllu(SIMPLE.replace("# text = The dog", "# text = A dog"), errors) == []
    assert len(errors) == 1 and "s1" in errors[0]


def test_align_forms_skips_whitespace() -> None:
    assert ce.align_forms_to_text(["a", "b c", "d"], "a  b c\nd") == [(0, 1), (3, 6), (7, 8)]
    with pytest.raises(ce.AlignmentError):
        ce.align_forms_to_text(["a", "x"], "a b")


def test_universal_deprel() -> None:
    assert ce.universal_deprel("ROOT") == "root"
    assert ce.universal_deprel("nmod:poss") == "nmod"
    assert ce.universal_deprel("punct") == "punct"


# ---------------------------------------------------------------------------------------------- UD scores


@pytest.mark.parametrize("data", [SIMPLE, MWT])
def test_perfect_prediction_scores_100(data: str) -> None:
    [sent] = ce.parse_conllu(data)
    scores = ce.score_sentence(sent, gold_as_pred(sent))
    for name in ("words", "upos", "xpos", "ufeats", "lemma", "uas", "las"):
        assert pct(getattr(scores, name)) == 100.0, name


def test_mwt_aligned_by_form_inside_span() -> None:
    [sent] = ce.parse_conllu(MWT)
    preds = gold_as_pred(sent)
    assert (preds[0].start, preds[0].end, preds[1].start, preds[1].end) == (0, 1, 1, 3)
    assert ce.align_words(sent.words, preds) == {0: 0, 1: 1, 2: 2, 3: 3}
    # Unsplit "I'm" matches neither gold word (LCS of forms), like the official script.
    merged = [ce.PredWord(0, 3, "I'm", head=1), *gold_as_pred(sent)[2:]]
    assert ce.align_words(sent.words, merged) == {2: 1, 3: 2}
    # Surface "tokens" metric: the MWT counts as one gold token.
    assert ce.score_sentence(sent, merged).tokens.correct == 3


def test_tokenization_mismatch_lowers_token_f1_and_las() -> None:
    [sent] = ce.parse_conllu(SIMPLE)
    # "barked." kept as one token: 3 predicted, 4 gold, 2 matched.
    preds = [
        ce.PredWord(0, 3, "The", "DET", head=1, deprel="det"),
        ce.PredWord(4, 7, "dog", "NOUN", head=2, deprel="nsubj"),
        ce.PredWord(8, 15, "barked.", "VERB", head=None, deprel="ROOT"),
    ]
    scores = ce.score_sentence(sent, preds)
    assert (scores.words.correct, scores.words.gold, scores.words.pred) == (2, 4, 3)
    assert pct(scores.words) == round(100 * 2 * 2 / 7, 2)
    # "dog" -> "barked." is unaligned to gold "barked", so only "The" is attached correctly.
    assert (scores.uas.correct, scores.las.correct) == (1, 1)
    assert pct(scores.las) == round(100 * 2 / 7, 2)


def test_punctuation_is_counted() -> None:
    [sent] = ce.parse_conllu(SIMPLE)
    preds = gold_as_pred(sent)
    preds[3] = replace(preds[3], head=1)  # "." attached to "dog" instead of "barked"
    scores = ce.score_sentence(sent, preds)
    assert scores.uas.correct == 3 and pct(scores.uas) == 75.0
    preds[3] = replace(gold_as_pred(sent)[3], deprel="dep")  # right head, wrong label
    scores = ce.score_sentence(sent, preds)
    assert (scores.uas.correct, scores.las.correct) == (4, 3)


def test_root_handling() -> None:
    [sent] = ce.parse_conllu(SIMPLE)
    preds = gold_as_pred(sent)
    assert preds[2].head is None and preds[2].deprel == "ROOT"
    assert ce.score_sentence(sent, preds).las.correct == 4  # spaCy ROOT == UD root
    # "dog" predicted as a second root (e.g. the pipeline split the sentence): wrong head.
    preds[1] = replace(preds[1], head=None, deprel="ROOT")
    scores = ce.score_sentence(sent, preds, pred_sentences=2)
    assert scores.uas.correct == 3 and scores.split_sentences == 1
    # "barked" attached to "dog" instead of being the root: wrong too.
    preds = gold_as_pred(sent)
    preds[2] = replace(preds[2], head=1, deprel="root")
    assert ce.score_sentence(sent, preds).uas.correct == 3


def test_gold_lemma_underscore_always_correct() -> None:
    [sent] = ce.parse_conllu(SIMPLE.replace("\tdog\tdog\t", "\tdog\t_\t"))
    preds = [replace(p, lemma="xxx") for p in gold_as_pred(sent)]
    assert ce.score_sentence(sent, preds).lemma.correct == 1


def test_scores_accumulate() -> None:
    [a] = ce.parse_conllu(SIMPLE)
    [b] = ce.parse_conllu(MWT)
    total = ce.UDScores()
    total += ce.score_sentence(a, gold_as_pred(a))
    total += ce.score_sentence(b, gold_as_pred(b)[2:])  # MWT words missing
    assert (total.sentences, total.words.gold, total.words.pred, total.words.correct) == (2, 8, 6, 6)
    assert total.as_dict()["words"]["recall"] == 0.75


# ---------------------------------------------------------------------------------------------- spaCy docs


@dataclass
class FakeToken:
    i: int
    idx: int
    text: str
    head_i: int
    dep_: str
    pos_: str = "X"
    tag_: str = "X"
    lemma_: str = ""
    morph: str = ""
    is_space: bool = False
    doc: list[FakeToken] = field(default_factory=list, repr=False)

    @property
    def head(self) -> FakeToken:
        return self.doc[self.head_i]


def fake_doc(rows: Sequence[tuple[int, str, int, str]]) -> list[FakeToken]:
    doc: list[FakeToken] = []
    for i, (idx, text, head, dep) in enumerate(rows):
        doc.append(FakeToken(i, idx, text, head, dep, is_space=text.isspace(), doc=doc))
    return doc


def test_pred_words_from_doc_drops_space_tokens() -> None:
    doc = fake_doc(
        [(0, "Hi", 0, "ROOT"), (2, "  ", 0, "dep"), (4, "there", 0, "nmod:npmod"), (9, "!", 1, "punct")]
    )
    words = ce.pred_words_from_doc(doc)
    assert [(w.start, w.end, w.form) for w in words] == [(0, 2, "Hi"), (4, 9, "there"), (9, 10, "!")]
    assert [w.head for w in words] == [None, 0, -1]  # head on a whitespace token never matches
    assert [w.deprel for w in words] == ["root", "nmod", "punct"]
    assert words[0].feats == "_"


# ---------------------------------------------------------------------------------------------- NER


IOB2 = """\
# newdoc id = d1
# sent_id = d1-1
# text = Barack Obama visited New York and Acme.
1\tBarack\tB-PER\t-\t-
2\tObama\tI-PER\t-\t-
3\tvisited\tO\t-\t-
4\tNew\tB-LOC\t-\t-
5\tYork\tI-LOC\t-\t-
6\tand\tO\t-\t-
7\tAcme\tI-ORG\t-\t-
8\t.\tO\t-\t-

"""


def test_iob2_to_char_spans() -> None:
    [sent] = ce.parse_iob2(IOB2)
    assert sent.sent_id == "d1-1" and sent.doc_id == "d1"
    assert [(s.start, s.end, s.label, sent.text[s.start : s.end]) for s in sent.spans] == [
        (0, 12, "PER", "Barack Obama"),
        (21, 29, "LOC", "New York"),
        (34, 38, "ORG", "Acme"),  # I- without B- starts an entity
    ]


def test_iob2_adjacent_entities_and_type_change() -> None:
    offsets = [(0, 1), (2, 3), (4, 5), (6, 7)]
    spans = ce.iob2_to_spans(["B-PER", "B-PER", "I-ORG", "O"], offsets)
    assert spans == [ce.Span(0, 1, "PER"), ce.Span(2, 3, "PER"), ce.Span(4, 5, "ORG")]
    assert ce.iob2_to_spans(["B-LOC", "I-LOC"], offsets[:2]) == [ce.Span(0, 3, "LOC")]


def test_span_scores_exact_match_and_mapping() -> None:
    [sent] = ce.parse_iob2(IOB2)
    pred = ce.map_spans(
        [(0, 12, "PERSON"), (21, 29, "GPE"), (30, 38, "ORG"), (13, 20, "NORP")],
        {"PERSON": "PER", "GPE": "LOC", "ORG": "ORG"},
    )
    scores = ce.score_spans(sent.spans, pred, ("PER", "ORG", "LOC"))
    micro = scores.micro
    assert (micro.correct, micro.gold, micro.pred) == (2, 3, 3)
    assert scores.labels["ORG"].f1 == 0.0 and scores.labels["PER"].f1 == 1.0
    assert scores.overlap["f1"] == 1.0  # "and Acme" overlaps "Acme"


def test_perfect_ner_scores_100() -> None:
    [sent] = ce.parse_iob2(IOB2)
    scores = ce.score_spans(sent.spans, sent.spans)
    assert pct(scores.micro) == 100.0


def test_read_re3d(tmp_path: Path) -> None:
    import gzip
    import json

    folder = tmp_path / "source_a"
    folder.mkdir()
    text = "Gen. Smith met rebels in Raqqa."
    docs = [{"_id": "D1", "text": text, "sentenceCount": 1}]
    ents = [
        {"_id": "e1", "documentId": "D1", "begin": 5, "end": 10, "type": "Person", "value": "Smith",
         "confidence": 1},
        {"_id": "e2", "documentId": "D1", "begin": 15, "end": 21, "type": "Organisation", "value": "rebels",
         "confidence": 0.9},
        {"_id": "e3", "documentId": "D1", "begin": 25, "end": 30, "type": "Location", "value": "Raqqa",
         "confidence": 0.2},
        {"_id": "e4", "documentId": "D1", "begin": 0, "end": 4, "type": "Temporal", "value": "Gen.",
         "confidence": 1},
    ]
    for name, rows in (("documents", docs), ("entities", ents)):
        with gzip.open(folder / f"{name}.json.gz", "wt", encoding="utf-8") as fh:
            fh.write("\n".join(json.dumps(r) for r in rows) + "\n")
    [doc] = ce.read_re3d(tmp_path, {"Person": "PER", "Organisation": "ORG", "Location": "LOC"}, 0.5)
    assert doc.source == "source_a" and doc.text == text
    assert doc.spans == [ce.Span(5, 10, "PER"), ce.Span(15, 21, "ORG")]
