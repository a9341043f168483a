"""The events layer's cheap paths (hash memo scan, dependents memo, pattern pre-check) give the answers of the
plain lookups they stand for."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from backchannel.events import find_events, load_lexicon
from backchannel.events.scan import HashMemo
from backchannel.events.tree import children, conjuncts, forget, remember

VOCAB = spacy.blank("en").vocab


def parse(rows: list[tuple[str, str, str, str, int]]) -> Doc:
    words, lemmas, pos, deps, heads = ([r[i] for r in rows] for i in range(5))
    doc = Doc(VOCAB, words=words, lemmas=lemmas, pos=pos, deps=deps, heads=heads)
    doc._.actors = []
    doc._.quotes = []
    doc._.claims = []
    return doc


def test_hash_memo_answers_as_the_lookup_and_stays_bounded() -> None:
    strings = VOCAB.strings
    keys = [strings.add(word) for word in ("Attack", "talks", "Attack", "weather")]
    asked: list[str] = []

    def lookup(text: str) -> str | None:
        asked.append(text)
        return text.lower() if text.lower() in {"attack", "talks"} else None

    memo: HashMemo[str] = HashMemo(lookup, size=2)
    assert memo.hits([10, 11, 12, 13], keys, strings) == [(10, "attack"), (11, "talks"), (12, "attack")]
    assert asked == ["Attack", "talks", "weather"]  # each new hash once; the memo holds two
    assert len(memo) == 2
    assert memo.answers(keys, strings) == ["attack", "talks", "attack", None]
    assert asked[-1] == "weather"  # not remembered (the memo was full), so asked again


def test_capitalised_lemma_and_inflected_form_are_found_by_hash() -> None:
    # "Attacked" with lemma "Attack" (lower-cased for the lexicon) and "expelled" left as "expelle".
    for lemma in ("Attack", "attack"):
        doc = parse([("Rebels", "rebel", "NOUN", "nsubj", 1), ("Attacked", lemma, "VERB", "ROOT", 1),
                     ("a", "a", "DET", "det", 3), ("base", "base", "NOUN", "obj", 1)])
        assert [e.type for e in find_events(doc)] == ["ASSAULT"]
    doc = parse([("Rebels", "rebel", "NOUN", "nsubj", 1), ("expelled", "expelle", "VERB", "ROOT", 1),
                 ("the", "the", "DET", "det", 3), ("envoy", "envoy", "NOUN", "obj", 1)])
    assert [e.type for e in find_events(doc)] == ["SANCTION"]
    assert load_lexicon().verb_key("expelle", "expelled") == "expel"


def test_pattern_fires_only_with_its_object_under_the_verb() -> None:
    # "burn" fires only with a pattern object under it; "flag" elsewhere in the sentence is not its object.
    doc = parse([("Protesters", "protester", "NOUN", "nsubj", 1), ("burned", "burn", "VERB", "ROOT", 1),
                 ("candles", "candle", "NOUN", "obj", 1), ("near", "near", "ADP", "case", 4),
                 ("flags", "flag", "NOUN", "obl", 1), (".", ".", "PUNCT", "punct", 1),
                 ("A", "a", "DET", "det", 7), ("flag", "flag", "NOUN", "ROOT", 7)])
    assert find_events(doc) == []
    # ... while one under it, even two levels down ("a pile of flags"), does
    doc = parse([("Protesters", "protester", "NOUN", "nsubj", 1), ("burned", "burn", "VERB", "ROOT", 1),
                 ("a", "a", "DET", "det", 3), ("pile", "pile", "NOUN", "obj", 1), ("of", "of", "ADP", "case", 5),
                 ("flags", "flag", "NOUN", "nmod", 3)])
    assert [e.type for e in find_events(doc)] == ["PROTEST"]


def test_dependents_memo_matches_token_children() -> None:
    doc = parse([("Russia", "Russia", "PROPN", "nsubj", 3), ("and", "and", "CCONJ", "cc", 2),
                 ("Ukraine", "Ukraine", "PROPN", "conj", 0), ("held", "hold", "VERB", "ROOT", 3),
                 ("talks", "talk", "NOUN", "obj", 3)])
    other = parse([("Talks", "talk", "NOUN", "ROOT", 0)])
    memo = remember(doc)
    try:
        for token in doc:
            assert children(token) == list(token.children)
            assert children(token) is children(token)  # read once
            assert conjuncts(token) == token.conjuncts
        assert children(other[0]) == []  # another document is read directly
    finally:
        forget(memo)
    assert children(doc[3]) is not children(doc[3])  # no memo outside find_events
