"""The actors layer's token lists (``actors.tokens``) and text helpers agree with spaCy's own attributes.

The lists are read through per-word caches and numpy columns for speed; these tests compare every list,
index and text with what ``Token`` / ``Span`` / ``Doc.sents`` say on a parsed document, so a cache keyed
wrongly or a column read from the wrong place fails here rather than as a quietly different readout.
"""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc, Span

from backchannel.actors.model import ActorCluster
from backchannel.actors.tokens import Tokens, span_text

TEXT = ("Russian Foreign Minister Sergei Lavrov met U.S. envoy Steve Witkoff in Moscow on Tuesday.\n\n"
        "Kirill Dmitriev, Putin's special envoy, said they  had talked. \"It was useful,\" he added; "
        "the KREMLIN agreed.")


@pytest.fixture(scope="module")
def doc(nlp: Language) -> Doc:
    parsed = nlp(TEXT)
    assert any(t.is_space for t in parsed)  # the paragraph break and the double space are tokens
    return parsed


def test_lists_match_the_tokens(doc: Doc) -> None:
    for _ in range(2):  # the second time every word comes from the caches
        toks = Tokens(doc)
        assert toks.text == [t.text for t in doc]
        assert toks.lower == [t.lower_ for t in doc]
        assert toks.lemma == [t.lemma_.lower() for t in doc]
        assert toks.pos == [t.pos_ for t in doc]
        assert toks.dep == [t.dep_ for t in doc]
        assert toks.head == [t.head.i for t in doc]
        assert toks.space == [int(t.is_space) for t in doc]
        assert toks.spacy == [int(bool(t.whitespace_)) for t in doc]
        assert toks.orth == [t.orth for t in doc]
        assert toks.upper == [t.i for t in doc if t.text[:1].isupper()]


def test_indices_match_the_tokens(doc: Doc) -> None:
    toks = Tokens(doc)
    assert toks.sent_starts() == [s.start for s in doc.sents]
    assert toks.with_pos("PRON", "NOUN", "PROPN") == [t.i for t in doc if t.pos_ in ("PRON", "NOUN", "PROPN")]
    assert toks.with_pos("NO_SUCH_TAG") == []
    assert toks.appositions == [t.i for t in doc if t.dep_ == "appos"]
    envoy = doc.vocab.strings["envoy"]
    assert toks.with_orth([envoy]) == [t.i for t in doc if t.text == "envoy"] != []
    wanted = frozenset({"envoy", "kremlin"})
    assert toks.where(toks.lower, wanted) == [t.i for t in doc if t.lower_ in wanted]


def test_span_texts(doc: Doc) -> None:
    toks = Tokens(doc)
    for start in range(len(doc)):
        for end in range(start, min(start + 4, len(doc)) + 1):
            assert toks.span_text(start, end) == doc[start:end].text
            made = toks.span(start, end)
            sliced = doc[start:end]
            assert (made.start, made.end, made.text) == (sliced.start, sliced.end, sliced.text)
            assert span_text(made) == made.text


def test_cluster_text_of_falls_back_to_the_span(doc: Doc) -> None:
    at = next(t.i for t in doc if t.text == "Moscow")
    lavrov, moscow = Span(doc, 3, 5), Span(doc, at, at + 1)
    cluster = ActorCluster("person", mentions=[lavrov, moscow])
    cluster.texts = {id(lavrov): (lavrov, "read by bc_actors")}
    assert cluster.text_of(lavrov) == "read by bc_actors"
    assert cluster.text_of(moscow) == "Moscow"
    other = Span(doc, 3, 5)  # the same tokens, another object: not the cached one
    assert cluster.text_of(other) == "Sergei Lavrov"


def test_entities_match_doc_ents(doc: Doc) -> None:
    assert doc.ents  # the fixture's text has names
    assert Tokens(doc).entities() == [(e.start, e.end, e.label_) for e in doc.ents]
    words = Doc(doc.vocab, words="a b c d e f".split())
    words.ents = [Span(words, 0, 2, label="ORG"), Span(words, 2, 3, label="GPE"), Span(words, 4, 6, label="PERSON")]
    assert Tokens(words).entities() == [(0, 2, "ORG"), (2, 3, "GPE"), (4, 6, "PERSON")]
    assert Tokens(Doc(doc.vocab, words=[])).entities() == []
