"""training/litbank.py (LitBank names as extra NER supervision) and benchmarks/ner_errors.py's classes."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
import spacy

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import conll_eval as ce  # noqa: E402  (found through the path set just above)


def _module(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


litbank = _module("bc_training_litbank", ROOT / "training" / "litbank.py")
ner_errors = _module("bc_ner_errors", ROOT / "benchmarks" / "ner_errors.py")

# "In Chancery London ." style rows: token, then nested BIO columns, inner to outer.
TSV = (
    "Then\tO\tO\n"
    "Mr.\tB-PER\tO\n"
    "Pett\tI-PER\tO\n"
    "of\tO\tO\n"
    "the\tB-FAC\tO\n"
    "Lincoln\tI-FAC\tO\n"
    "'s\tI-FAC\tO\n"
    "Inn\tI-FAC\tO\n"
    "met\tO\tO\n"
    "the\tB-PER\tO\n"
    "Lord\tI-PER\tO\n"
    "Chancellor\tI-PER\tO\n"
    "in\tO\tO\n"
    "the\tB-FAC\tO\n"
    "street\tI-FAC\tO\n"
    "with\tO\tO\n"
    "two\tB-PER\tO\n"
    "English\tI-PER\tO\n"
    "men\tI-PER\tO\n"
    ".\tO\tO\n"
    "\n"
    "He\tB-PER\tO\n"
    "sailed\tO\tO\n"
    "the\tB-VEH\tO\n"
    "Pequod\tI-VEH\tO\n"
    "to\tO\tO\n"
    "London\tB-GPE\tO\n"
    ".\tO\tO\n"
)


def test_reads_nested_mentions() -> None:
    sents = list(litbank.read_tsv(TSV))
    assert [len(s.words) for s in sents] == [20, 7]
    assert (1, 3, "PER") in sents[0].spans and (4, 8, "FAC") in sents[0].spans
    nested = list(litbank.read_tsv("Lord\tB-PER\tB-PER\nChancellor\tO\tI-PER\n"))
    assert sorted(nested[0].spans) == [(0, 1, "PER"), (0, 2, "PER")]


def test_name_spans_drop_titles_and_determiners_and_refuse_common_nouns() -> None:
    words = "Then Mr. Pett of the Lincoln 's Inn met the street two English men He".split()
    assert litbank.name_span(words, 1, 3) == (2, 3)  # "Mr. Pett" -> "Pett"
    assert litbank.name_span(words, 4, 8) == (5, 8)  # "the Lincoln 's Inn" -> "Lincoln 's Inn"
    assert litbank.name_span(words, 9, 11) is None  # "the street"
    assert litbank.name_span(["the", "Lord", "Chancellor"], 0, 3) is None  # a role, not a name
    assert litbank.name_span(["see", "Lord", "Byron"], 1, 3) == (2, 3)
    assert litbank.name_span(words, 11, 14) is None  # "two English men"
    assert litbank.name_span(words, 14, 15) is None  # a pronoun
    assert litbank.name_span(["London", "fell"], 0, 1) is None  # a lone capital first in the sentence
    assert litbank.name_span(["CHAPTER", "ONE"], 0, 2) is None


@pytest.mark.parametrize(("fac", "expected"), [
    ("loc", [("Pett", "PERSON"), ("Lincoln's Inn", "LOC"), ("London", "LOC")]),
    ("missing", [("Pett", "PERSON"), ("London", "LOC")]),
])
def test_docs_keep_names_and_leave_doubtful_words_unannotated(fac: str, expected: list[tuple[str, str]]) -> None:
    sents = list(litbank.read_tsv(TSV))
    demonyms = frozenset({"English"})
    rows = [(s, *litbank.sentence_entities(s, fac, demonyms)) for s in sents]
    doc = litbank.to_doc(spacy.blank("en").vocab, rows)
    assert [(e.text, e.label_) for e in doc.ents] == expected
    iob = {t.text: t.ent_iob_ for t in doc}
    assert iob["Mr."] == "O" and iob["street"] == "O" and iob["sailed"] == "O"
    assert iob["Lord"] == "" and iob["Chancellor"] == "", "capitalised words of a common-noun mention: missing"
    assert iob["English"] == "" and iob["Pequod"] == "" and iob["Then"] == ""
    assert "Lincoln's Inn met" in doc.text and doc.text.endswith("to London.")


def test_spacing_rebuilt_from_tokens() -> None:
    words = ["“", "Yes", ",", '"', "said", "he", "--", "(", "twice", ")", "."]
    spaces = litbank.spaces_for(words)
    text = "".join(w + (" " if s else "") for w, s in zip(words, spaces, strict=True))
    assert text == '“Yes, "said he--(twice).'


@pytest.mark.data
def test_builds_from_the_real_tarball(shared_data: Path) -> None:
    archive = shared_data / "corpora" / "litbank" / "litbank-entities.tar.gz"
    db, stats = litbank.build(archive, frozenset({"English", "French"}), "loc")
    assert stats["books"] == 100 and stats["kept_sentences"] < stats["sentences"]
    docs = list(db.get_docs(spacy.blank("en").vocab))
    names = {e.text for doc in docs for e in doc.ents}
    assert {"London", "England"} <= names
    assert not names & {"I", "He", "Mr.", "Sir"}
    assert all(not e.text.startswith(("Mr. ", "the ", "The ")) for doc in docs for e in doc.ents)


def test_error_classes() -> None:
    text = "The Peak District and Mr. Bush's U.S. trip"
    item = ce.NerSentence("s", text, [ce.Span(0, 17, "LOC"), ce.Span(26, 30, "PER"), ce.Span(33, 37, "LOC")])
    preds = [ce.Span(4, 17, "LOC"), ce.Span(22, 32, "PER"), ce.Span(33, 36, "ORG"), ce.Span(38, 42, "PER")]
    rows, spurious = ner_errors.classify(item, preds)
    assert [r[0] for r in rows] == ["boundary: determiner", "boundary: other (pred longer)",
                                    "boundary+label: period"]
    assert spurious == [ce.Span(38, 42, "PER")]
    assert ner_errors.boundary_kind(text, ce.Span(26, 30, "PER"), ce.Span(26, 32, "PER")) == "possessive"
    assert ner_errors.boundary_kind(text, ce.Span(26, 30, "PER"), ce.Span(22, 30, "PER")) == "title"


def test_what_if_rules() -> None:
    from spacy.tokens import Doc

    vocab = spacy.blank("en").vocab
    doc = Doc(vocab, words=["Write", "to", "Exxon", "in", "Paris", "."],
              pos=["VERB", "ADP", "PROPN", "ADP", "PROPN", "PUNCT"],
              ents=["B-PERSON", "O", "B-PERSON", "O", "B-GPE", "O"])
    variants = ner_errors.what_if(doc, {"Exxon": "ORG", "Paris": "LOC"})
    assert [s.label for s in variants["as predicted"]] == ["PER", "PER", "LOC"]
    assert [doc.text[s.start:s.end] for s in variants["drop if no PROPN"]] == ["Exxon", "Paris"]
    assert [s.label for s in variants["KB label"]] == ["PER", "ORG", "LOC"]
