"""The actors layer's clustering rules, on hand-made docs (no statistical model)."""

from __future__ import annotations

import spacy
from spacy.tokens import Doc, Span

from backchannel.actors import cluster_mentions, name_key


def _doc(words: list[str], ents: list[tuple[int, int, str]]) -> Doc:
    doc = Doc(spacy.blank("en").vocab, words=words)
    doc.ents = [Span(doc, s, e, label=lab) for s, e, lab in ents]
    return doc


def test_name_key() -> None:
    assert name_key("Putin’s") == "putin"
    assert name_key("the Kremlin") == "kremlin"
    assert name_key("Zelenskyy") == "zelenskyy"
    assert name_key("Lévesque") == "levesque"


def test_surname_before_and_after_full_name() -> None:
    words = ["Dmitriev", "spoke", ".", "Kirill", "Dmitriev", "met", "Witkoff", ".", "Dmitriev", "left", ".",
             "Putin", "’s", "envoy"]
    doc = _doc(words, [(0, 1, "PERSON"), (3, 5, "PERSON"), (6, 7, "PERSON"), (8, 9, "PERSON"),
                       (11, 12, "PERSON")])
    clusters = cluster_mentions(doc.ents)
    expected = [("Kirill Dmitriev", 3), ("Witkoff", 1), ("Putin", 1)]
    assert [(c.name, len(c.mentions)) for c in clusters] == expected


def test_kinds_are_kept_apart() -> None:
    doc = _doc(["Georgia", "said", "Georgia"], [(0, 1, "LOC"), (2, 3, "PERSON")])
    assert sorted(c.kind for c in cluster_mentions(doc.ents)) == ["person", "place"]


def test_titles_are_split_off_and_titles_alone_are_not_actors() -> None:
    from backchannel.actors.names import split_title

    assert split_title("Prime Minister Rishi Sunak") == ("Prime Minister", "Rishi Sunak")
    assert split_title("Shadow Home Secretary") == ("Shadow Home Secretary", "")
    assert split_title("Kirill Dmitriev") == ("", "Kirill Dmitriev")
    words = ["Prime", "Minister", "Rishi", "Sunak", "spoke", ".", "Sunak", "and", "the", "Prime", "Minister",
             "left", "."]
    doc = _doc(words, [(0, 4, "PERSON"), (6, 7, "PERSON"), (9, 11, "PERSON")])
    clusters = cluster_mentions(doc.ents)
    assert [(c.name, [m.text for m in c.mentions]) for c in clusters] == [
        ("Rishi Sunak", ["Prime Minister Rishi Sunak", "Sunak"])]
