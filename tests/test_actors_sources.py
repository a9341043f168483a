"""Publications as sources and organisation names run into a person's name (hand-written sentences)."""

from __future__ import annotations

from spacy.language import Language

import backchannel


def _readout(nlp: Language, text: str) -> dict:
    (made,) = backchannel.analyze([text], nlp)
    return made.to_dict()


def _actor(readout: dict, mention: str) -> dict:
    found = [a for a in readout["actors"] if any(m["text"] == mention for m in a["mentions"])]
    assert len(found) == 1, (mention, [(a["name"], [m["text"] for m in a["mentions"]]) for a in readout["actors"]])
    return found[0]


def test_the_insider_reports_is_a_publication(nlp: Language) -> None:
    out = _readout(nlp, "The Insider reports that the envoy met Steve Witkoff in Miami.")
    insider = _actor(out, "Insider")
    assert (insider["kind"], insider["sector"]) == ("organization", "JRN")
    assert any(q["speaker"] == insider["id"] for q in out["quotes"])


def test_one_letter_publication_after_the(nlp: Language) -> None:
    out = _readout(nlp, "Officials tell BBC News every claim will be assessed, with the i reporting no one "
                        "will be refused \"based solely on the response of the questionnaire\".")
    paper = _actor(out, "i")
    assert (paper["kind"], paper["sector"]) == ("organization", "JRN")
    assert paper["name"] == "the i"  # as written, not the pronoun "i" nor "I (publication)"
    assert any(q["speaker"] == paper["id"] for q in out["quotes"] if q["cue"]["text"] == "reporting")


def test_according_to_the_publication(nlp: Language) -> None:
    out = _readout(nlp, "According to the Insider, the envoy met Steve Witkoff in Miami.")
    assert _actor(out, "Insider")["sector"] == "JRN"


def test_person_reporting_stays_a_person(nlp: Language) -> None:
    out = _readout(nlp, "Vladimir Putin reported that the envoy met Steve Witkoff.")
    assert _actor(out, "Vladimir Putin")["kind"] == "person"


def test_role_of_organisation_run_into_name_is_split(nlp: Language) -> None:
    out = _readout(nlp, "After the leak, CEO of the Refugee Council Enver Solomon told Sky News any process "
                        "\"must be well thought out\".")
    council, solomon = _actor(out, "Refugee Council"), _actor(out, "Enver Solomon")
    assert (council["kind"], solomon["kind"]) == ("organization", "person")
    assert {"subject": solomon["id"], "relation": "heads", "object": council["id"]} in [
        {k: r[k] for k in ("subject", "relation", "object")} for r in out["relations"]]
    assert any(q["speaker"] == solomon["id"] for q in out["quotes"])


def test_organisation_then_given_name_is_split(nlp: Language) -> None:
    from backchannel.actors.mentions import _org_person_cut
    from backchannel.actors.tokens import Tokens

    doc = nlp.make_doc("Refugee Council Caitlin Boswell said so.")
    toks = Tokens(doc)
    assert _org_person_cut(toks, 0, 4) == 2
    assert _org_person_cut(Tokens(nlp.make_doc("Joint Council for Immigrants said so.")), 0, 4) is None
