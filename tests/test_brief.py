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
