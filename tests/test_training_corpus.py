"""The corpus builder on the real treebanks (skipped without ../shared/data)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
import spacy

ROOT = Path(__file__).resolve().parents[1]


def _corpus_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bc_training_corpus", ROOT / "training" / "corpus.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.data
def test_dev_split_builds_consistent_training_docs(shared_data: Path) -> None:
    corpus = _corpus_module()
    ewt, gum = corpus.load_split(shared_data / "corpora", "dev")
    assert len(ewt) > 1900 and len(gum) > 500
    licences = corpus.gum_licences(shared_data / "corpora")
    assert all(licences[s.doc_id] in corpus.SHIPPABLE_GUM for s in gum), "only shippable GUM texts"
    demonyms = corpus.learn_demonyms(ewt + gum)
    assert {"Iraqi", "Israeli"} <= demonyms
    for sent in ewt + gum:
        corpus.add_norp(sent, demonyms)
    nlp = spacy.blank("en")
    docs = [corpus.to_doc(nlp.vocab, chunk) for chunk in corpus.group(ewt[:200], by_par=False)]
    labels = {ent.label_ for doc in docs for ent in doc.ents}
    assert {"PERSON", "ORG", "LOC", "NORP"} <= labels
    for doc in docs:
        assert doc.has_annotation("DEP") and doc.has_annotation("LEMMA")
        assert sum(1 for t in doc if t.dep_ == "ROOT") == len(list(doc.sents))
    gum_doc = corpus.to_doc(nlp.vocab, gum[:20])
    assert any(t.ent_iob_ == "" for t in gum_doc), "GUM's untyped proper nouns stay unannotated"
