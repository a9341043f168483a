"""The shipped en_backchannel_core on hand-written news sentences (no shared data needed)."""

from __future__ import annotations

import gc
import weakref

import pytest
from spacy.language import Language
from spacy.tokens import Doc

import backchannel
from backchannel.nlp import shipped_model_path

TEXT = ("Kirill Dmitriev, Putin’s special envoy for international cooperation, met Steve Witkoff in "
        "Miami on Saturday. “We are ready to talk,” Dmitriyev told reporters — and the Kremlin "
        "welcomed the U.S. plan. Russian forces shelled Kharkiv…")


def test_shipped_pipeline_is_small_and_complete() -> None:
    path = shipped_model_path()
    size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    assert size < 40_000_000
    assert (path / "README.md").exists(), "the model card ships with the model"
    nlp = backchannel.load_pipeline(extractors=False)
    assert nlp.meta["license"] == "CC BY-SA 4.0"
    for name in ("tok2vec", "tagger", "morphologizer", "trainable_lemmatizer", "parser", "ner"):
        assert name in nlp.pipe_names
    assert "bc_actors" not in nlp.pipe_names
    assert {"PERSON", "ORG", "LOC", "NORP"} <= set(nlp.get_pipe("ner").labels)


def test_news_typography_tokens(nlp: Language) -> None:
    doc = nlp(TEXT)
    words = [t.text for t in doc]
    for expected in ("Putin", "’s", "“", "”", "—", "U.S.", "…", "Dmitriyev"):
        assert expected in words, expected
    assert words[words.index("talk") + 1] == ","


def test_parse_tags_and_sentences(nlp: Language) -> None:
    doc = nlp(TEXT)
    sents = list(doc.sents)
    assert 2 <= len(sents) <= 4
    met = next(t for t in doc if t.text == "met")
    assert met.pos_ == "VERB" and met.lemma_ == "meet"
    assert met.dep_ == "ROOT"
    # UD heads a name by its first word: "Kirill" ←flat— "Dmitriev".
    subject = next(c for c in met.children if c.dep_ == "nsubj")
    assert subject.text == "Kirill" and any(c.dep_ == "flat" and c.text == "Dmitriev" for c in subject.children)
    obj = next(c for c in met.children if c.dep_ == "obj")
    assert obj.text == "Steve"
    labels = {t.dep_ for t in doc}
    assert {"nsubj", "obj", "punct"} <= labels  # UD labels, not ClearNLP ones
    assert doc[0].pos_ == "PROPN"


@pytest.mark.parametrize(("name", "label"), [("Steve Witkoff", "PERSON"), ("Miami", "LOC"), ("Russian", "NORP"),
                                             ("Putin", "PERSON"), ("Kremlin", "LOC")])
def test_entities(nlp: Language, name: str, label: str) -> None:
    doc = nlp(TEXT)
    assert (name, label) in {(e.text, e.label_) for e in doc.ents}


def test_entities_in_a_plain_sentence(nlp: Language) -> None:
    doc = nlp("Kirill Dmitriev met Steve Witkoff in Miami on Saturday.")
    assert [(e.text, e.label_) for e in doc.ents] == [("Kirill Dmitriev", "PERSON"), ("Steve Witkoff", "PERSON"),
                                                      ("Miami", "LOC")]


@pytest.mark.parametrize("text", [TEXT, "Russian envoy Kirill Dmitriev met Steve Witkoff in Miami."])
def test_rare_names_in_harder_contexts(nlp: Language, text: str) -> None:
    # The statistical NER alone misses rare (here Russian) names before an appositive or after a title;
    # the actors layer recovers them from the title and the name's shape.
    assert "Kirill Dmitriev" in {a.name for a in nlp(text)._.actors if a.kind == "person"}


def test_a_line_break_ends_a_sentence(nlp: Language) -> None:
    doc = nlp("Talks stalled on Friday\nThe Insider reports that Moscow floated a plan.")
    assert not any("\n" in s.text and s.text.strip() != s.text.strip("\n") for s in doc.sents)
    assert "The Insider reports that Moscow floated a plan." in [s.text for s in doc.sents]


def test_analyze_frees_each_parsed_doc_without_the_cyclic_collector(nlp: Language,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The layers' results point back at their Doc (a cycle); ``analyze`` clears them once the readout is
    built, so a finished Doc goes at once instead of waiting, with its arrays, for a collection."""
    from backchannel import analysis

    docs: list[weakref.ref[Doc]] = []
    real = analysis.release

    def watched(doc: Doc) -> None:
        assert doc._.actors, "the layers' results are there until the readout is built"
        docs.append(weakref.ref(doc))
        real(doc)

    monkeypatch.setattr(analysis, "release", watched)
    texts = ["Kirill Dmitriev met Steve Witkoff in Miami. He said the talks were useful."] * 3
    gc.disable()
    try:
        readouts = list(backchannel.analyze(texts, nlp))
        assert len(docs) == 3 and all(ref() is None for ref in docs)
    finally:
        gc.enable()
    assert readouts[0].actors and readouts[0].quotes  # the readout copied what it needed
