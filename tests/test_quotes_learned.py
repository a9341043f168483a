"""The GUM-learned cue table: ``training/quotes_cues.py`` on a made-up GUM-style document, and the learned cues
in the shipped lexicon."""

from __future__ import annotations

import gzip
import importlib.util
from collections import Counter
from pathlib import Path
from types import ModuleType

from spacy.language import Language

from backchannel.quotes import find_quotes, load_lexicon

ROOT = Path(__file__).resolve().parents[1]


def _trainer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bc_quotes_cues", ROOT / "training" / "quotes_cues.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# "She remembered that it rained . He knows that it snowed ." — the first sentence's unit attributes (cue word 2);
# the second has the same frame and no attribution.
_DOC = """# newdoc id = GUM_news_made_up
1\tShe\tshe\tPRON\tPRP\t_\t2\tnsubj\t_\tDiscourse=attribution-positive:1->2:0:lex-indwd-2-_
2\tremembered\tremember\tVERB\tVBD\t_\t0\troot\t_\t_
3\tthat\tthat\tSCONJ\tIN\t_\t5\tmark\t_\tDiscourse=elaboration:2->1:0
4\tit\tit\tPRON\tPRP\t_\t5\tnsubj\t_\t_
5\trained\train\tVERB\tVBD\t_\t2\tccomp\t_\t_
6\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

1\tHe\the\tPRON\tPRP\t_\t2\tnsubj\t_\tDiscourse=joint:3->1:0
2\tknows\tknow\tVERB\tVBZ\t_\t0\troot\t_\t_
3\tthat\tthat\tSCONJ\tIN\t_\t5\tmark\t_\t_
4\tit\tit\tPRON\tPRP\t_\t5\tnsubj\t_\t_
5\tsnowed\tsnow\tVERB\tVBD\t_\t2\tccomp\t_\t_
6\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_

"""


def test_trainer_counts_attributing_clause_frames_with_document_wide_ids(tmp_path: Path) -> None:
    trainer = _trainer()
    path = tmp_path / "gum-train.conllu.gz"
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        fh.write(_DOC)
    ((doc, rows),) = list(trainer.documents(path))
    assert doc == "GUM_news_made_up" and [r[0] for r in rows] == [str(i) for i in range(1, 13)]
    assert rows[10][6] == "8"  # "snowed" hangs on "knows", token 8 of the document
    assert list(trainer.frames(rows)) == [("remember", True), ("know", False)]
    positives, totals, _ = trainer.count(path, {"GUM_news_made_up": "by"})
    assert +positives == Counter({"remember": 1}) and totals == Counter({"remember": 1, "know": 1})
    assert trainer.count(path, {"GUM_news_made_up": "nc-sa"})[1] == {}  # non-commercial texts are not read
    assert trainer.select(positives, totals, 0.5, 1) == {"remember"}


def test_learned_cues_attribute_a_clause_only(nlp: Language) -> None:
    entry = load_lexicon().verbs["remember"]
    assert entry.clause_only and entry.act == "believe"
    assert not load_lexicon().verbs["say"].clause_only
    quotes, _ = find_quotes(nlp("The minister remembered that the talks had failed in 2019."))
    assert [(q.cue.text if q.cue is not None else None, q.content.text, q.act) for q in quotes] == [
        ("remembered", "that the talks had failed in 2019", "believe")]
    assert find_quotes(nlp("The minister remembered the war."))[0] == []


def test_learned_cues_take_the_act_of_their_data_column(nlp: Language, tmp_path: Path) -> None:
    lexicon = load_lexicon()
    assert lexicon.verbs["read"].act == "write"
    assert lexicon.verbs["suppose"].act == "believe"  # an empty act column: a held opinion
    quotes, _ = find_quotes(nlp("The letter reads that the ministry will review every claim."))
    assert [(q.cue.text if q.cue is not None else None, q.act) for q in quotes] == [("reads", "write")]
    # relearning the table keeps the hand-set acts
    table = tmp_path / "learned.tsv"
    table.write_text("# a comment\nlemma\tpositives\tframes\tact\nread\t3\t3\twrite\nthink\t9\t9\t\n", encoding="utf-8")
    assert _trainer().hand_set_acts(table) == {"read": "write"}
