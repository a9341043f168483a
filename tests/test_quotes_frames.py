"""Noun-phrase contents (``frames.tsv``), noun cues with an owner, and cue verbs the tagger read as nouns."""

from __future__ import annotations

from typing import Any

import pytest
from spacy.language import Language

import backchannel
from backchannel.readout import validate


def readout(nlp: Language, text: str) -> dict[str, Any]:
    (result,) = backchannel.analyze([text], nlp)
    data = result.to_dict()
    validate(data)
    return data


def only_quote(data: dict[str, Any], cue: str) -> dict[str, Any]:
    found = [q for q in data["quotes"] if q["cue"] and q["cue"]["text"] == cue]
    assert len(found) == 1, [(q["cue"] and q["cue"]["text"], q["content"]["text"]) for q in data["quotes"]]
    return found[0]


def test_particle_verb_takes_its_object_as_content(nlp: Language) -> None:
    q = only_quote(readout(nlp, "Clinton laid out her proposals on Tuesday."), "laid out")
    assert q["content"]["text"] == "her proposals on Tuesday" and q["act"] == "explain"
    assert q["speaker_span"]["text"] == "Clinton" and q["form"] == "indirect"


def test_prepositional_frame_runs_the_cue_to_the_preposition(nlp: Language) -> None:
    data = readout(nlp, "The GOP nominee complained about his microphone the morning after the debate.")
    q = only_quote(data, "complained about")
    assert q["content"]["text"] == "his microphone the morning after the debate"
    assert q["speaker_span"]["text"] == "The GOP nominee" and q["act"] == "claim"


def test_prepositional_frame_keeps_a_date_between_verb_and_preposition(nlp: Language) -> None:
    data = readout(nlp, "Hillary Clinton spoke out Tuesday about the death of Terence Crutcher in Tulsa.")
    q = only_quote(data, "spoke out Tuesday about")
    assert q["content"]["text"] == "the death of Terence Crutcher in Tulsa"


def test_object_as_frame_needs_the_as_phrase(nlp: Language) -> None:
    q = only_quote(readout(nlp, "Democrats also described the showdown as ominous."), "also described")
    assert q["content"]["text"] == "the showdown as ominous"
    assert not readout(nlp, "Reporters described the scene.")["quotes"]


def test_object_to_frame_takes_both_sides_of_the_comparison(nlp: Language) -> None:
    q = only_quote(readout(nlp, "Mr. Schultz likened RT to the BBC."), "likened")
    assert q["content"]["text"] == "RT to the BBC"


def test_a_quoted_term_after_as_is_nobody_s_speech(nlp: Language) -> None:
    data = readout(nlp, "Analysts described the leaks as “active measures,” and then moved on.")
    assert not any("active measures" in q["content"]["text"] for q in data["quotes"])


def test_a_frames_only_verb_never_takes_a_clause(nlp: Language) -> None:
    data = readout(nlp, "The minister outlined that the talks would resume.")
    assert not [q for q in data["quotes"] if q["cue"] and "outlined" in q["cue"]["text"]]


def test_frame_needs_a_subject(nlp: Language) -> None:
    data = readout(nlp, "Complaining about the weather is a national pastime.")
    assert not data["quotes"]


def test_an_actor_object_is_content_only_for_criticism(nlp: Language) -> None:
    q = only_quote(readout(nlp, "Senator Warren rebuked John Stumpf."), "rebuked")
    assert q["content"]["text"] == "John Stumpf" and q["act"] == "accuse"
    assert not readout(nlp, "Senator Warren outlined John Stumpf.")["quotes"]


def test_owned_noun_cue_with_an_infinitive(nlp: Language) -> None:
    data = readout(nlp, "President Obama's decision to restore relations with Cuba was a surprise.")
    q = only_quote(data, "decision")
    assert q["content"]["text"] == "to restore relations with Cuba" and q["act"] == "intend"
    assert q["speaker_span"]["text"] == "President Obama"
    assert not readout(nlp, "A decision to restore relations with Cuba was a surprise.")["quotes"]


def test_call_for_keeps_the_infinitive_of_who_is_asked(nlp: Language) -> None:
    q = only_quote(readout(nlp, "Trump called for female contestants to wear shorter dresses."), "called for")
    assert q["content"]["text"] == "female contestants to wear shorter dresses" and q["act"] == "ask"


def test_that_clause_parsed_as_dep_after_a_date(nlp: Language) -> None:
    data = readout(nlp, "The Republican presidential nominee noted Friday that his campaign hasn't spent much yet.")
    q = only_quote(data, "noted Friday")
    assert q["content"]["text"] == "that his campaign hasn't spent much yet"


@pytest.mark.parametrize("row, message", [
    (["outline", "", "objet", "", "explain", "reported"], "frame"),
    (["outline", "", "prep", "", "explain", "reported"], "frame"),
    (["outline", "", "object", "", "narrate", "reported"], "act"),
    (["outline", "", "object", "explain", "reported"], "columns"),
])
def test_malformed_frame_row_is_a_coded_data_error(monkeypatch: pytest.MonkeyPatch, row: list[str],
                                                   message: str) -> None:
    from backchannel.errors import DataFileError
    from backchannel.quotes import cues

    real = cues._rows

    def rows(name: str) -> list[list[str]]:
        found = real(name)
        return [*found, row] if name == "frames.tsv" else found

    monkeypatch.setattr(cues, "_rows", rows)
    with pytest.raises(DataFileError) as err:
        cues.load_lexicon.__wrapped__()
    assert err.value.code == "E501" and "frames.tsv" in (err.value.source or "") and message in str(err.value)


def test_frames_only_verbs_join_the_verb_lexicon() -> None:
    from backchannel.quotes import load_lexicon

    lexicon = load_lexicon()
    assert lexicon.verbs["unveil"].frames_only and not lexicon.verbs["say"].frames_only
    assert {f.kind for f in lexicon.frames["warn"]} == {"prep"}
    assert lexicon.verbs["describe"].act == "explain"  # cues.tsv keeps its own entry


def test_cue_verb_tagged_as_a_noun_with_subject_and_clause(nlp: Language) -> None:
    doc = nlp("Scott joked that Trump ranks fourth in a two-way race.")
    assert doc[1].pos_ == "NOUN"  # the tagger's reading this test is about
    (q,) = doc._.quotes
    assert q.cue.text == "joked" and q.content.text == "that Trump ranks fourth in a two-way race"
    assert q.speaker_span is not None and q.speaker_span.text == "Scott"
    assert not [q for q in nlp("The jokes that Trump made were old.")._.quotes if q.cue is not None
                and q.cue.text == "jokes"]  # a noun that heads a clause of its own is no cue


def test_a_participle_after_the_object_stays_with_it(nlp: Language) -> None:
    q = only_quote(readout(nlp, "Donald Trump is defending his tweets shaming a former beauty queen."),
                   "is defending")
    assert q["content"]["text"] == "his tweets shaming a former beauty queen"


def test_a_second_clause_parsed_beside_the_first_belongs_to_it(nlp: Language) -> None:
    data = readout(nlp, "Trump said he plans to put to good use the approximately $18 million he says he raised "
                        "for his campaign on the day after the debate.")
    q = only_quote(data, "said")
    assert q["content"]["text"].endswith("he says he raised for his campaign on the day after the debate")


def test_a_date_after_the_cue_is_never_its_subject(nlp: Language) -> None:
    data = readout(nlp, "“It’s a dog whistle to all Americans, especially African-Americans,” Rep. Gwen Moore "
                        "(D-Wis.) said Friday.")
    q = only_quote(data, "said")  # the parse took "Friday" for a second subject
    assert "Moore" in q["speaker_span"]["text"] and "Friday" not in q["speaker_span"]["text"]
