"""The events layer inside the shipped pipeline: readout ``events`` that validate."""

from __future__ import annotations

import spacy
from spacy.language import Language

import backchannel
from backchannel.analysis import analyze

TEXT = ("Russia and Ukraine held talks in Istanbul. The EU imposed new sanctions on Moscow. "
        "Three soldiers were killed by Russian forces. The weather was pleasant in Geneva.")


def test_readout_events_validate_and_point_at_actors(nlp: Language) -> None:
    [readout] = analyze([{"text": TEXT, "published": "2025-11-26"}], nlp)
    data = readout.to_dict()
    backchannel.validate(data)
    actor_names = {a["id"]: a["name"] for a in data["actors"]}
    events = {e["trigger"]["text"]: e for e in data["events"]}
    assert [e["id"] for e in data["events"]] == [f"e{i}" for i in range(1, len(data["events"]) + 1)]
    talks = events["talks"]
    assert talks["type"] == "CONSULT" and talks["status"] == "asserted"
    assert sorted(actor_names[a] for a in talks["source"]) == ["Russia", "Ukraine"]
    assert sorted(talks["source"]) == sorted(talks["target"])
    assert events["sanctions"]["type"] == "SANCTION"
    assert [actor_names[a] for a in events["sanctions"]["target"]] == ["Russia"]
    assert events["killed"]["type"] == "ASSAULT"
    # The last sentence has no event: no fallback code.
    assert all(e["trigger"]["start"] < TEXT.index("The weather") for e in data["events"])


def test_pipeline_has_events_after_quotes(nlp: Language) -> None:
    names = nlp.pipe_names
    assert names.index("bc_events") == names.index("bc_quotes") + 1


def test_factory_is_versioned_and_the_old_name_still_loads(nlp: Language) -> None:
    from backchannel.events.component import FACTORY, FACTORY_ALIASES, EventsComponent

    assert nlp.get_pipe_meta("bc_events").factory == FACTORY == "bc_events_v2"
    # A pipeline or config saved with the v1 name builds the current component.
    blank = spacy.blank("en")
    for factory in FACTORY_ALIASES:
        assert isinstance(blank.add_pipe(factory, name=f"events_{factory}"), EventsComponent)
    assert 'factory = "bc_events_v1"' in blank.config.to_str()
    reloaded = spacy.blank("en").from_config(blank.config)
    assert reloaded.pipe_names == blank.pipe_names
    assert isinstance(reloaded.get_pipe("events_bc_events_v1"), EventsComponent)
