"""Quotation-mark pairing and the lexicons (no statistical model needed)."""

from __future__ import annotations

import pytest

from backchannel.quotes import load_lexicon, pair_marks


def inner(text: str) -> list[str]:
    return [text[q.start:q.end] for q in pair_marks(text)]


@pytest.mark.parametrize(("text", "expected"), [
    ("“We are ready,” he said.", ["We are ready,"]),
    ('He said "no" and "yes".', ["no", "yes"]),
    ("Er sagte „Nein“ und »Ja« und «Oui» und ‹ci›.", ["Nein", "Ja", "Oui", "ci"]),
    ("Putin’s aide said ‘no deal’ in the ’90s, Witkoff’s too.", ["no deal"]),
    ("“Nested ‘inner’ quote” ends.", ["Nested ‘inner’ quote"]),
    ("''It's more tinkering,'' said Cole. ''Not reform.''", ["'It's more tinkering,", "'Not reform."]),
    ("The players' union and the owners' league met.", []),
])
def test_marks_pair_by_family(text: str, expected: list[str]) -> None:
    assert inner(text) == expected


def test_unbalanced_marks_never_pair_across_paragraphs() -> None:
    text = 'He said "the deal is off. And a stray mark\nwas left" open. Then "a second" one.'
    assert inner(text) == ["a second"]
    text = "“Unclosed at the end.\nNot a continuation “but this” is."
    assert inner(text) == ["but this"]


def test_odd_count_drops_the_stray_opener() -> None:
    assert inner("“One stray. “Two,” he said.") == ["Two,"]
    assert inner('Odd " count with "a pair" here') == ["a pair"]
    assert inner("”reversed“ and “ ” empty") == []


def test_quotation_running_across_paragraphs() -> None:
    text = "“First paragraph of the quote.\n\n“Second paragraph,” he said."
    (q,) = pair_marks(text)
    assert q.paragraphs == 2 and text[q.start:q.end].endswith("Second paragraph,")


def test_pairing_never_crashes_on_odd_input() -> None:
    for text in ["", "\"", "“", "”\n“", "‘’‘’", "«»«", "\n\n\"\n\"", "a\"b\"c", "’’’“”„“"]:
        pair_marks(text)


def test_lexicon_acts_are_documented() -> None:
    lexicon = load_lexicon()
    for lemma in ("say", "tell", "deny", "admit", "suggest", "warn", "promise", "ask", "report", "claim"):
        assert lemma in lexicon.verbs
        assert lexicon.verbs[lemma].act in lexicon.acts
    assert lexicon.verbs["tell"].addressee and not lexicon.verbs["say"].addressee
    assert lexicon.verbs["deny"].status == "denied"
    assert lexicon.verbs["confirm"].veridicality is not None and lexicon.verbs["confirm"].veridicality > 0.9
    assert "according to" in lexicon.phrases and "report" in lexicon.nouns
    assert lexicon.kind_of["exaggerated"] == "doubt" and lexicon.kind_of["speculation"] == "rumour"


def test_closing_mark_typed_for_an_opener_at_a_paragraph_start() -> None:
    assert inner("”Fear. I am afraid of what comes next.” ― Ana Ruiz") == ["Fear. I am afraid of what comes next."]
    assert inner("He left.” Then nothing.") == []


def test_closing_shaped_straight_mark_never_opens() -> None:
    # a stray ," before the first quotation must not shift every later pair by one
    text = ('He said kits would reach schools," For example, schools can vote". Mr Key said it has a '
            '"strong rationale". He said, "I will vote".')
    assert inner(text) == ["strong rationale", "I will vote"]
