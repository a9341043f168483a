"""The brief: a readout rendered for people, as a short briefing per document."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from rich.console import Console, Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from .readout import Readout

KIND_HEADINGS = (("person", "People"), ("organization", "Organisations"), ("country", "Countries"),
                 ("place", "Places"), ("group", "Groups and nationalities"), ("other", "Other"))


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _safe(text: str) -> Text:
    """Article text is untrusted: no rich markup, no terminal control sequences."""
    return Text(_CONTROL.sub("", text))


def _words(text: str) -> int:
    return len(text.split())


def _opening(text: str, limit: int = 100) -> str:
    first = text.split("\n", 1)[0]
    if len(first) <= limit:
        return first
    return first[:limit].rsplit(" ", 1)[0] + "…"


def _times(n: int) -> str:
    return "once" if n == 1 else "twice" if n == 2 else f"{n} times"


def _describe(actor: dict[str, Any], names: dict[str, str]) -> str:
    """``Kirill Dmitriev [RUS·GOV, special envoy of Vladimir Putin] ×3``: codes, first stated role, count."""
    notes = ["·".join(c for c in (actor.get("country"), actor.get("sector")) if c)] if actor["kind"] != "country" \
        else []
    roles = actor.get("roles") or []
    if roles:
        role = roles[0]
        of = names.get(role.get("of") or "")
        notes.append(f"{role['title']} of {of}" if of else role["title"])
    notes = [n for n in notes if n]
    text = str(actor["name"]) + (f" [{', '.join(notes)}]" if notes else "")
    count = len(actor["mentions"])
    return text + (f" ×{count}" if count > 1 else "")


def _clip(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def _quote_line(quote: dict[str, Any], names: dict[str, str]) -> str:
    """``Dmitry Peskov (deny) to Steve Witkoff: “…”``; an unknown speaker is said to be unknown."""
    speaker = names.get(quote.get("speaker") or "") or (
        f"“{quote['speaker_span']['text']}”" if quote.get("speaker_span") else "unknown speaker")
    to = names.get(quote.get("addressee") or "")
    act = quote.get("act") or "say"
    return f"{speaker} ({act}{', to ' + to if to else ''}): “{_clip(quote['content']['text'])}”"


def _role(event: dict[str, Any], role: str, names: dict[str, str]) -> str:
    """Who fills one role of an event: its actors' names, else the role phrases the text gives
    (‘police’, ‘18 people’), else nothing (a role nobody fills is left out of the line)."""
    found = [names[i] for i in event.get(role) or [] if i in names]
    if not found:
        found = [f"‘{_clip(str(s['text']), 40)}’" for s in event.get(f"{role}_spans") or []
                 if isinstance(s, dict) and s.get("text")]
    return " and ".join(found)


def _event_line(event: dict[str, Any], names: dict[str, str]) -> str:
    """``Russia → ASSAULT (aerial) → Ukraine “struck” [reported, according to Peskov, 2025-11-26]``; a role
    with no actor shows its phrase (``‘Police’ → COERCE (arrest) → ‘18 people’``) or, with none, is left
    out (``British Red Cross → SUPPORT “backed”``)."""
    mode = f" ({event['mode']})" if event.get("mode") else ""
    notes = [] if event.get("status") in (None, "asserted") else [str(event["status"])]
    if event.get("attributed_to"):
        notes.append(f"according to {names.get(event['attributed_to'], '?')}")
    if event.get("date"):
        notes.append(str(event["date"]))
    tail = f" [{', '.join(notes)}]" if notes else ""
    source, target = _role(event, "source", names), _role(event, "target", names)
    arrow = " → ".join(part for part in (source, f"{event['type']}{mode}", target) if part)
    return f"{arrow} “{event['trigger']['text']}”{tail}"


def render(readout: Readout, console: Console, *, max_per_kind: int = 8) -> None:
    """Print one document's briefing: what it is, who appears in it, and what each layer found."""
    meta = readout.meta
    title = meta.get("title") or _opening(readout.text)
    byline = " · ".join(str(v) for v in (meta.get("outlet"), meta.get("published"), meta.get("author")) if v)
    head = _safe(title)
    head.stylize("bold")
    sub = _safe(f"{byline + ' · ' if byline else ''}{_words(readout.text):,} words · id {readout.id[:12]}")
    sub.stylize("dim")
    parts: list[Text | Table] = [head, sub, Text("")]
    names = {a["id"]: a["name"] for a in readout.actors}
    if readout.actors:
        table = Table(show_header=False, box=None, padding=(0, 1))
        table.add_column(style="cyan", no_wrap=True)
        table.add_column()
        for kind, heading in KIND_HEADINGS:
            actors = sorted((a for a in readout.actors if a["kind"] == kind),
                            key=lambda a: (-len(a["mentions"]), a["mentions"][0]["start"]))
            if not actors:
                continue
            shown = ", ".join(_describe(a, names) for a in actors[:max_per_kind])
            if len(actors) > max_per_kind:
                shown += f", and {len(actors) - max_per_kind} more"
            table.add_row(heading, _safe(shown))
        parts.append(Text("Who appears (× mentions)", style="bold underline"))
        parts.append(table)
        lead = max(readout.actors, key=lambda a: len(a["mentions"]))
        if len(lead["mentions"]) > 1:
            line = _safe(f"\nMost mentioned: {lead['name']}, {_times(len(lead['mentions']))}.")
            line.stylize("italic")
            parts.append(line)
    else:
        parts.append(Text("No named people, organisations or places found.", style="italic"))
    ties = [f"{names.get(r['subject'], '?')} — {r['relation'].replace('_', ' ')} — {names.get(r['object'], '?')}"
            for r in readout.relations]
    if ties:
        parts.append(Text("\nStated roles and ties", style="bold underline"))
        more = [f"and {len(ties) - max_per_kind} more"] if len(ties) > max_per_kind else []
        parts.extend(_safe(f"  {tie}") for tie in ties[:max_per_kind] + more)
    said = [_quote_line(q, names) for q in readout.quotes]
    if said:
        parts.append(Text("\nWho said what", style="bold underline"))
        more = [f"and {len(said) - max_per_kind} more"] if len(said) > max_per_kind else []
        parts.extend(_safe(f"  {line}") for line in said[:max_per_kind] + more)
    happened = [_event_line(e, names) for e in readout.events]
    if happened:
        parts.append(Text("\nWhat happened (PLOVER events)", style="bold underline"))
        more = [f"and {len(happened) - max_per_kind} more"] if len(happened) > max_per_kind else []
        parts.extend(_safe(f"  {line}") for line in happened[:max_per_kind] + more)
    # Unattributed hedges and the author's doubts: what the text only suspects, predicts or questions.
    judged = [c for c in readout.claims if c.get("doubted_by") == "author" or (
        not c.get("quote") and c.get("holder") in (None, "author") and c.get("status") != "asserted")]
    if judged:
        parts.append(Text("\nSuspected, predicted or doubted (not attributed to anyone)", style="bold underline"))
        parts.extend(_safe(f"  {'doubted by the author' if c.get('doubted_by') == 'author' else c['status']}: "
                           f"{_clip(c['content']['text'])}") for c in judged[:max_per_kind])
    layers = Counter({"quotes": len(readout.quotes), "claims": len(readout.claims),
                      "events": len(readout.events), "relations": len(readout.relations)})
    found = ", ".join(f"{n} {name}" for name, n in layers.items() if n)
    parts.append(Text(f"\nIn all: {found}." if found else "\nNo quotes, claims or events found.", style="dim"))
    console.print(Panel(Group(*parts), expand=True, border_style="blue"))


def render_summary(console: Console, *, analysed: int, new: int, failed: int, words: int, seconds: float,
                   db: str | None) -> None:
    rate = f", {words / seconds:,.0f} words/s" if seconds > 0 and words else ""
    stored = f"; {new} new in {db}" if db else ""
    line = f"Analysed {analysed} document{'s' if analysed != 1 else ''} ({words:,} words{rate}){stored}"
    if failed:
        line += f"; {failed} failed — see the messages above (they are also kept in the store's failures table)"
    console.print(Text(line + ".", style="bold red" if failed else "bold green"))
