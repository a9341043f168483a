"""The brief shows each actor's codes and first stated role, and the stated ties between actors."""

from __future__ import annotations

import io

from rich.console import Console

from backchannel.brief import render
from backchannel.readout import Readout, span

TEXT = "Kirill Dmitriev, Putin’s special envoy, met Steve Witkoff. Dmitriev spoke."


def _readout() -> Readout:
    dmitriev = {"id": "a1", "name": "Kirill Dmitriev", "kind": "person", "country": "RUS", "sector": "GOV",
                "kb_id": None, "wikidata": None,
                "mentions": [span(TEXT, 0, 15), span(TEXT, 59, 67)],
                "roles": [{"title": "special envoy", "of": "a2", "span": span(TEXT, 17, 38)}]}
    putin = {"id": "a2", "name": "Vladimir Putin", "kind": "person", "country": "RUS", "sector": "GOV",
             "kb_id": None, "wikidata": "Q7747", "mentions": [span(TEXT, 17, 24)], "roles": []}
    return Readout(id="0" * 64, text=TEXT, meta={"title": "[bold]Envoys[/bold]"}, pipeline={},
                   actors=[dmitriev, putin],
                   relations=[{"subject": "a1", "relation": "envoy_of", "object": "a2", "evidence": span(TEXT, 0, 38)}])


def test_brief_lists_codes_roles_and_ties() -> None:
    out = io.StringIO()
    render(_readout(), Console(file=out, width=200, color_system=None))
    text = out.getvalue()
    assert "Kirill Dmitriev [RUS·GOV, special envoy of Vladimir Putin] ×2" in text
    assert "Kirill Dmitriev — envoy of — Vladimir Putin" in text
    assert "[bold]Envoys[/bold]" in text  # article-derived markup is shown as text, not interpreted


def test_brief_shows_quotes_events_and_unattributed_judgements() -> None:
    readout = _readout()
    readout.quotes = [{"id": "q1", "form": "direct", "speaker": "a1", "speaker_span": span(TEXT, 59, 67),
                       "cue": span(TEXT, 68, 73), "addressee": "a2", "content": span(TEXT, 44, 57), "act": "say"}]
    readout.events = [{"id": "e1", "type": "CONSULT", "mode": None, "cameo": "040", "source": ["a1"],
                       "target": ["a2"], "trigger": span(TEXT, 40, 43), "status": "predicted",
                       "attributed_to": None, "date": "2025-11-29", "place": None}]
    readout.claims = [{"id": "c1", "content": span(TEXT, 44, 57), "holder": None, "status": "speculated",
                       "cue": None, "quote": None, "doubted_by": None}]
    out = io.StringIO()
    render(readout, Console(file=out, width=200, color_system=None))
    text = out.getvalue()
    assert "Kirill Dmitriev (say, to Vladimir Putin): “Steve Witkoff”" in text
    assert "Kirill Dmitriev → CONSULT → Vladimir Putin “met” [predicted, 2025-11-29]" in text
    assert "speculated: Steve Witkoff" in text


def test_an_event_role_without_an_actor_shows_its_phrase_or_nothing() -> None:
    readout = _readout()
    text = readout.text
    readout.events = [
        {"id": "e1", "type": "SUPPORT", "mode": None, "cameo": "051", "source": ["a1"], "target": [],
         "trigger": span(text, 40, 43), "status": "denied", "attributed_to": "a2", "date": "2021-09",
         "place": None, "source_spans": [span(text, 0, 15)], "target_spans": []},
        {"id": "e2", "type": "COERCE", "mode": "arrest", "cameo": "173", "source": [], "target": [],
         "trigger": span(text, 40, 43), "status": "asserted", "attributed_to": None, "date": None, "place": None,
         "source_spans": [span(text, 44, 49)], "target_spans": [span(text, 50, 57)]},
        {"id": "e3", "type": "ASSAULT", "mode": None, "cameo": "190", "source": [], "target": ["a2"],
         "trigger": span(text, 40, 43), "status": "asserted", "attributed_to": None, "date": None, "place": None}]
    out = io.StringIO()
    render(readout, Console(file=out, width=200, color_system=None))
    shown = out.getvalue()
    assert "Kirill Dmitriev → SUPPORT “met” [denied, according to Vladimir Putin, 2021-09]" in shown
    assert "‘Steve’ → COERCE (arrest) → ‘Witkoff’ “met”" in shown
    assert "  ASSAULT → Vladimir Putin “met”" in shown
    assert "→ —" not in shown and "— →" not in shown
