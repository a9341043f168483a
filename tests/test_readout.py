from __future__ import annotations

import json

import jsonschema
import pytest
from spacy.language import Language

import backchannel
from backchannel.readout import validate

TEXTS = [
    "Kirill Dmitriev met Steve Witkoff in Miami. Dmitriev said the talks went well.",
    "Ukrainian President Volodymyr Zelensky travelled to Washington on Tuesday.",
    "“It is too early,” a NATO spokesman said of the plan—and declined to elaborate.",
]


def test_every_readout_validates(nlp: Language) -> None:
    readouts = list(backchannel.analyze(TEXTS, nlp))
    assert len(readouts) == len(TEXTS)
    for text, readout in zip(TEXTS, readouts, strict=True):
        data = json.loads(readout.to_json())
        validate(data)
        assert data["text"] == text
        assert data["pipeline"]["name"] == "en_backchannel_core"
        assert all(event["trigger"]["text"] for event in data["events"])  # events: see test_events*.py


def test_surname_joins_full_name(nlp: Language) -> None:
    (readout,) = backchannel.analyze([TEXTS[0]], nlp)
    dmitriev = [a for a in readout.actors if a["name"] == "Kirill Dmitriev"]
    assert len(dmitriev) == 1
    assert [m["text"] for m in dmitriev[0]["mentions"]] == ["Kirill Dmitriev", "Dmitriev"]
    assert dmitriev[0]["kind"] == "person"


def test_documents_with_metadata(nlp: Language) -> None:
    doc = {"id": "x1", "text": TEXTS[1], "outlet": "Wikinews", "published": "2025-11-26"}
    (readout,) = backchannel.analyze([doc], nlp)
    assert readout.meta["outlet"] == "Wikinews"
    assert readout.meta["external_id"] == "x1"
    assert readout.id == backchannel.Document(TEXTS[1]).id


def test_schema_rejects_a_broken_span(nlp: Language) -> None:
    (readout,) = backchannel.analyze([TEXTS[0]], nlp)
    data = readout.to_dict()
    data["actors"][0]["mentions"][0]["start"] += 1
    with pytest.raises(jsonschema.ValidationError):
        validate(data)
