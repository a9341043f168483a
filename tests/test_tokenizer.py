"""The news tokenizer (``backchannel.nlp.tokenizer``) on a blank English pipeline; no trained model needed."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from backchannel.nlp.tokenizer import customize_tokenizer


@pytest.fixture(scope="module")
def news() -> Language:
    nlp = spacy.blank("en")
    customize_tokenizer(nlp)
    return nlp


def toks(nlp: Language, text: str) -> list[str]:
    return [t.text for t in nlp(text) if not t.is_space]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“Hello,” she said.", ["“", "Hello", ",", "”", "she", "said", "."]),
        ("a ‘word’ here", ["a", "‘", "word", "’", "here"]),
        ('a "x" here', ["a", '"', "x", '"', "here"]),
        ("an 'y' here", ["an", "'", "y", "'", "here"]),
        ("He said “no.” Then", ["He", "said", "“", "no", ".", "”", "Then"]),
        ("“Yes,” he said", ["“", "Yes", ",", "”", "he", "said"]),
    ],
)
def test_quotes_split_off(news: Language, text: str, expected: list[str]) -> None:
    assert toks(news, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Putin’s", ["Putin", "’s"]),
        ("Witkoff’s", ["Witkoff", "’s"]),
        ("don’t", ["do", "n’t"]),
        ("it’s", ["it", "’s"]),
        ("Putin's", ["Putin", "'s"]),
        ("don't", ["do", "n't"]),
        ("O’Brien", ["O’Brien"]),
    ],
)
def test_apostrophes_and_clitics(news: Language, text: str, expected: list[str]) -> None:
    assert toks(news, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("talks—and", ["talks", "—", "and"]),
        ("talks – and", ["talks", "–", "and"]),
        ("2014–2022", ["2014", "–", "2022"]),
        ("2014-2022", ["2014", "-", "2022"]),
        ("talks--and", ["talks", "--", "and"]),
        ("the war—", ["the", "war", "—"]),
    ],
)
def test_dashes(news: Language, text: str, expected: list[str]) -> None:
    assert toks(news, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("wait…", ["wait", "…"]),
        ("wait...", ["wait", "..."]),
        ("…and", ["…", "and"]),
    ],
)
def test_ellipsis(news: Language, text: str, expected: list[str]) -> None:
    assert toks(news, text) == expected


ABBREVIATIONS = ["U.S.", "U.K.", "U.N.", "E.U.", "J.D.", "Jr.", "Sen.", "Gen.", "Lt.", "Col.", "Gov.",
                 "Rep.", "Dr.", "Mr.", "Mrs.", "Ms.", "St.", "Feb.", "Sept.", "Capt.", "Sgt."]


@pytest.mark.parametrize("abbr", ABBREVIATIONS)
def test_abbreviations_kept_whole(news: Language, abbr: str) -> None:
    assert toks(news, f"He met {abbr} Smith there.") == ["He", "met", abbr, "Smith", "there", "."]


@pytest.mark.parametrize("letter", [chr(c) for c in range(ord("A"), ord("Z") + 1)])
def test_single_letter_initials(news: Language, letter: str) -> None:
    assert toks(news, f"Robert {letter}. Kennedy") == ["Robert", f"{letter}.", "Kennedy"]


def test_abbreviation_cases_in_context(news: Language) -> None:
    assert toks(news, "Vice President J.D. Vance") == ["Vice", "President", "J.D.", "Vance"]
    assert toks(news, "a U.S.-brokered deal") == ["a", "U.S.", "-", "brokered", "deal"]
    assert toks(news, "They met in the U.S.") == ["They", "met", "in", "the", "U.S."]
    assert toks(news, "Lt. Col. Ivan Petrov") == ["Lt.", "Col.", "Ivan", "Petrov"]
    assert toks(news, "talks, sanctions, etc. followed") == ["talks", ",", "sanctions", ",", "etc.", "followed"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # UD EWT / GUM split ordinary hyphenated compounds and Arabic "al-" names ...
        ("self-defence", ["self", "-", "defence"]),
        ("al-Ani", ["al", "-", "Ani"]),
        ("Russia-Ukraine", ["Russia", "-", "Ukraine"]),
        ("Moscow-based", ["Moscow", "-", "based"]),
        ("UN-backed", ["UN", "-", "backed"]),
        ("F-16", ["F", "-", "16"]),
        # ... but keep words with a bound prefix whole (EWT pro-India, anti-American, non-stop, e-mail)
        ("pro-Russian", ["pro-Russian"]),
        ("anti-war", ["anti-war"]),
        ("Non-aligned", ["Non-aligned"]),
        ("e-mail", ["e-mail"]),
        ("mid-2004", ["mid-2004"]),
        ("(pro-Kremlin)", ["(", "pro-Kremlin", ")"]),
    ],
)
def test_hyphens_follow_the_treebanks(news: Language, text: str, expected: list[str]) -> None:
    assert toks(news, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("see https://example.org/a-b?c=1 now", ["see", "https://example.org/a-b?c=1", "now"]),
        ("write to press@example.org.", ["write", "to", "press@example.org", "."]),
        ("1,000 troops", ["1,000", "troops"]),
        ("3.5 million", ["3.5", "million"]),
        ("5% rise", ["5", "%", "rise"]),
        ("$100 fine", ["$", "100", "fine"]),
        ("at 10:30 today", ["at", "10:30", "today"]),
        ("at 7:30PM", ["at", "7:30", "PM"]),
        ("call 713-853-3989", ["call", "713-853-3989"]),
    ],
)
def test_urls_numbers_money_times(news: Language, text: str, expected: list[str]) -> None:
    assert toks(news, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dmitriyev met Zelenskyy.", ["Dmitriyev", "met", "Zelenskyy", "."]),
        ("Seamus O’Brien said", ["Seamus", "O’Brien", "said"]),
        ("Kim Jong Un’s envoy", ["Kim", "Jong", "Un", "’s", "envoy"]),
    ],
)
def test_names(news: Language, text: str, expected: list[str]) -> None:
    assert toks(news, text) == expected


def test_treebank_conventions_for_runs_and_decades(news: Language) -> None:
    assert toks(news, "What?! No!!!") == ["What", "?!", "No", "!!!"]
    assert toks(news, "in the ’90s,") == ["in", "the", "’90s", ","]
    assert toks(news, "the #MeToo campaign") == ["the", "#MeToo", "campaign"]
    assert toks(news, "(see below): and/or") == ["(", "see", "below", ")", ":", "and", "/", "or"]


def test_idempotent(news: Language) -> None:
    again = spacy.blank("en")
    customize_tokenizer(again)
    customize_tokenizer(again)
    text = "Lt. Col. O’Brien’s pro-Russian talks—2014–2022—in the U.S."
    assert toks(again, text) == toks(news, text)


def test_rules_survive_to_disk(news: Language, tmp_path: Path) -> None:
    news.to_disk(tmp_path / "pipe")
    loaded = spacy.load(tmp_path / "pipe")
    text = "“Yes,” said Lt. Col. Petrov of the U.S.-brokered, pro-Russian talks—2014–2022… #MeToo 7:30PM"
    assert toks(loaded, text) == toks(news, text)
    assert toks(loaded, "2014–2022") == ["2014", "–", "2022"]


def test_registered_callback_in_config() -> None:
    config = {"nlp": {"after_creation": {"@callbacks": "backchannel.news_tokenizer.v1"}}}
    nlp = spacy.blank("en", config=config)
    assert toks(nlp, "Lt. Col. Petrov, pro-Russian") == ["Lt.", "Col.", "Petrov", ",", "pro-Russian"]
    callback = spacy.registry.callbacks.get("backchannel.news_tokenizer.v1")()
    other = spacy.blank("en")
    assert callback(other) is other
    assert toks(other, "2014–2022") == ["2014", "–", "2022"]
