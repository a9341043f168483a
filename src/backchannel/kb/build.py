"""Building the shipped knowledge base from open data (run by ``training/build_kb.py``, ``make kb``).

Sources, most authoritative first: the curated tables (current offices, Wikidata ids), ISO country
data from rigour and pycountry, the Phoenix/PETRARCH dictionaries (MIT; dated CAMEO roles to 2014)
and GUM's Wikification (Wikidata ids by name; only documents licensed by, pd or by-sa). An entry from
a weaker source is merged into a stronger one when a full name agrees (a surname alone never merges),
so Phoenix's history of an officeholder hangs on the curated entry.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from .codes import cameo_codes
from .countries import country_entries
from .curated import as_of, read_officeholders, read_organizations
from .gum import Linked, open_documents, read_linked, wiki_map
from .keys import _is_title, keys_for, name_key
from .model import Entry, Role
from .phoenix import Actor, ParseStats, read_actors, read_agents

PHOENIX_FILES = {"Phoenix.Countries.actors.txt": "countries", "Phoenix.International.actors.txt": "international",
                 "Phoenix.MilNonState.actors.txt": "nonstate"}
ACTORS_FILE = "actors.jsonl"
AGENTS_FILE = "agents.tsv"
CREDITS_FILE = "CREDITS.md"
_DEMONYM_ENDINGS = ("an", "ian", "ese", "ish", "i", "ch", "ean", "ic")


@dataclass
class BuildReport:
    counts: Counter[str] = field(default_factory=Counter)
    skipped_codes: list[str] = field(default_factory=list)
    curated_as_of: str | None = None


class _Merger:
    """Entries plus an index by (kind class, full-name key), so later sources can merge into earlier ones."""

    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self.index: dict[tuple[str, str], list[Entry]] = {}
        self.by_wikidata: dict[str, Entry] = {}

    def add(self, entry: Entry) -> Entry:
        self.entries.append(entry)
        self.reindex(entry, entry.names)
        if entry.wikidata:
            self.by_wikidata.setdefault(entry.wikidata, entry)
        return entry

    def reindex(self, entry: Entry, names: Iterable[str]) -> None:
        for name in names:
            for key in keys_for(name, entry.kind):
                if entry.kind == "person" and len(key.split()) < 2:
                    continue  # a surname alone never merges two people
                bucket = self.index.setdefault((_kind_class(entry.kind), key), [])
                if entry not in bucket:
                    bucket.append(entry)

    def find(self, kind: str, names: Iterable[str]) -> Entry | None:
        """The one existing entry a full name of ``names`` agrees with, or None when none or several do."""
        found: list[Entry] = []
        for name in names:
            for key in keys_for(name, kind):
                if kind == "person" and len(key.split()) < 2:
                    continue
                for entry in self.index.get((_kind_class(kind), key), []):
                    if entry not in found:
                        found.append(entry)
        return found[0] if len(found) == 1 else None

    def merge(self, target: Entry, names: Iterable[str], roles: Iterable[Role], source: str) -> None:
        known = {name_key(n) for n in target.names}
        new = []
        for name in names:
            key = name_key(name)
            if key and key not in known:
                known.add(key)
                new.append(name)
        target.aliases.extend(new)
        target.roles.extend(r for r in roles if r not in target.roles)
        if source not in target.sources:
            target.sources.append(source)
        self.reindex(target, new)


def _kind_class(kind: str) -> str:
    """Kinds that may name one actor: an organisation and a group; a country and a place."""
    return {"group": "organization", "place": "country"}.get(kind, kind)


_SMALL_WORDS = frozenset({"of", "for", "in", "the", "and", "on", "de", "la", "du", "des", "del", "to", "at"})
_PRICE = re.compile(r"\s*\$[\d,.]+.*$")


def display(name: str) -> str:
    """``VLADIMIR V. PUTIN`` → ``Vladimir V. Putin``; acronyms stay upper case (``IAEA``, ``U.N.``, ``(AAIA)``).

    Some Phoenix company lines end in an industry and a revenue figure ("… Inc Other Consumer Services
    $991,000,000"); the figure is cut.
    """
    name = _PRICE.sub("", name)
    if " " not in name and len(name.replace(".", "")) <= 5:
        return name
    words = []
    for i, word in enumerate(name.split()):
        bare = word.strip("()")
        if "." in bare or (len(bare) <= 4 and not re.search(r"[AEIOUY]", bare)) or word.startswith("("):
            words.append(word)
        elif i and word.lower() in _SMALL_WORDS:
            words.append(word.lower())
        else:
            words.append("-".join(p.capitalize() for p in word.split("-")))
    return " ".join(words)


def _person_alias(name: str) -> str:
    """Phoenix spells titles into synonyms ("RUSSIAN PRESIDENT VLADIMIR PUTIN"); keep the name after the last title."""
    words = name.split()
    last = max((i for i, w in enumerate(words[:5]) if _is_title(w)), default=-1)
    return " ".join(words[last + 1:]) if last + 1 < len(words) else name


def _org_words(path: Path) -> frozenset[str]:
    lines = path.read_text("utf-8").splitlines()
    return frozenset(w.strip().upper() for w in lines if w.strip() and not w.startswith("#"))


def _phoenix_kind(actor: Actor, file_kind: str, org_words: frozenset[str]) -> str:
    """Phoenix does not say what an actor is; its comments and words do, roughly."""
    if file_kind == "nonstate":
        return "group"
    words = set(re.split(r"[\s\-/().,]+", actor.names[0].upper()))
    if words & org_words or "CountryInfo" not in actor.comment and len(words - {""}) == 1:
        return "organization"
    if "CountryInfo" in actor.comment or "IGOrulers" in actor.comment or 2 <= len(words - {""}) <= 4:
        return "person"
    return "organization" if file_kind == "international" else "other"


def _roles(actor: Actor) -> list[Role]:
    codes = cameo_codes()
    roles = []
    for code in actor.codes:
        country, sector = codes.decode(code.code)
        roles.append(Role(country=country, sector=sector, start=code.start, end=code.end, code=code.code))
    # A bare sector code ([ELI]) carries no country: it is the actor's own from its latest coded role.
    latest = sorted(roles, key=lambda r: (r.end or dt.date.max, r.start or dt.date.min), reverse=True)
    home = next((r.country for r in latest if r.country), None)
    filled = [Role(home, r.sector, r.start, r.end, code=r.code) if r.country is None and home else r for r in roles]
    return list(dict.fromkeys(filled))


def _home_country(roles: list[Role]) -> str | None:
    found = Counter(r.country for r in roles if r.country)
    return found.most_common(1)[0][0] if found else None


def _phx_id(name: str) -> str:
    return "phx:" + re.sub(r"[^A-Z0-9]+", "_", name.upper()).strip("_")


def _country_synonym(alias: str, country: Entry) -> bool:
    """Keep names and demonyms of a country ("AFGHAN"), not its cities and rivers ("MOSCOW", "VOLGA RIVER")."""
    key = name_key(alias)
    stems = {w[:3] for n in country.names for w in name_key(n).split() if len(w) >= 4}
    if any(w[:3] in stems for w in key.split()):
        return True
    return " " not in key and key.endswith(_DEMONYM_ENDINGS) and any(key[:2] == s[:2] for s in stems)


def _read_lines(path: Path) -> list[str]:
    """The dictionaries mix UTF-8 and Latin-1 lines; decode each on its own."""
    out = []
    for raw in path.read_bytes().splitlines():
        try:
            out.append(raw.decode("utf-8"))
        except UnicodeDecodeError:
            out.append(raw.decode("latin-1"))
    return out


def add_phoenix(merger: _Merger, folder: Path, report: BuildReport, org_words: frozenset[str]) -> None:
    countries = {e.country: e for e in merger.entries if e.kind == "country"}
    stats = ParseStats()
    for filename, file_kind in PHOENIX_FILES.items():
        for actor in read_actors(_read_lines(folder / filename), stats):
            if not actor.codes or not actor.names:
                report.counts["phoenix blocks without codes"] += 1
                continue
            roles = _roles(actor)
            bare = {c.code for c in actor.codes}
            country = countries.get(next(iter(bare))) if len(bare) == 1 and not actor.codes[0].start else None
            if country is not None and country.kind == "country" and file_kind == "countries" and \
                    any(_country_synonym(n, country) for n in actor.names[:1]):
                merger.merge(country, [display(n) for n in actor.names if _country_synonym(n, country)], [], "phx")
                report.counts["phoenix country blocks"] += 1
                continue
            kind = _phoenix_kind(actor, file_kind, org_words)
            if kind == "person":
                names = list(dict.fromkeys(display(_person_alias(n)) for n in actor.names))
            else:
                names = list(dict.fromkeys(display(n) for n in actor.names))
            for role in roles:
                report.counts[f"roles {'dated' if role.dated else 'default'}"] += 1
            target = merger.find(kind, names)
            if target is not None:
                merger.merge(target, names, roles, "phx")
                report.counts["phoenix merged"] += 1
                continue
            merger.add(Entry(kb_id=_phx_id(actor.names[0]), name=names[0], kind=kind, country=_home_country(roles),
                             aliases=names[1:], roles=roles, sources=["phx"]))
            report.counts[f"phoenix {kind}"] += 1
    report.skipped_codes = stats.bad_codes


def add_gum(merger: _Merger, linked: Iterable[Linked], report: BuildReport) -> None:
    for item in linked:
        names = [item.name] + (sorted(item.mentions) if item.kind == "organization" else [])
        target = merger.by_wikidata.get(item.wikidata)
        if target is None:
            target = merger.find(item.kind, [item.name])
            if target is not None and target.wikidata and target.wikidata != item.wikidata:
                target = None
        if target is not None:
            if not target.wikidata:
                target.wikidata = item.wikidata
                merger.by_wikidata[item.wikidata] = target
                report.counts["gum wikidata attached"] += 1
            merger.merge(target, names, [], "gum")
            continue
        merger.add(Entry(kb_id=f"wd:{item.wikidata}", name=item.name, kind=item.kind, wikidata=item.wikidata,
                         aliases=names[1:], sources=["gum"]))
        report.counts["gum new"] += 1


def finish_ids(entries: list[Entry]) -> list[Entry]:
    """``wd:Q…`` ids where Wikidata is known (curated organisation ids stay, others refer to them); unique ids."""
    seen: dict[str, Entry] = {}
    out = []
    for entry in entries:
        if entry.wikidata and not entry.kb_id.startswith("org:"):
            entry.kb_id = f"wd:{entry.wikidata}"
        base, n = entry.kb_id, 1
        while entry.kb_id in seen:
            n += 1
            entry.kb_id = f"{base}_{n}"
        seen[entry.kb_id] = entry
        out.append(entry)
    return sorted(out, key=lambda e: (e.kind, e.kb_id))


def build(out: Path, phoenix: Path | None, gum: Path | None) -> BuildReport:
    """Write ``actors.jsonl``, ``agents.tsv`` and ``CREDITS.md`` into ``out`` (which holds the curated tables)."""
    report = BuildReport()
    merger = _Merger()
    org_path, holder_path = out / "organizations.tsv", out / "officeholders.tsv"
    org_countries: dict[str, str | None] = {}
    if org_path.exists():
        for entry in read_organizations(org_path):
            merger.add(entry)
            org_countries[entry.kb_id] = entry.country
            report.counts["curated organizations"] += 1
    if holder_path.exists():
        report.curated_as_of = as_of(holder_path)
        for entry in read_officeholders(holder_path, org_countries):
            merger.add(entry)
            report.counts["curated people"] += 1
    for entry in country_entries():
        merger.add(entry)
        report.counts["iso countries"] += 1
    org_words = _org_words(Path(str(resources.files("backchannel").joinpath("data", "kb", "org_words.txt"))))
    if phoenix is not None:
        add_phoenix(merger, phoenix, report, org_words)
        write_agents(out / AGENTS_FILE, read_agents(_read_lines(phoenix / "Phoenix.agents.txt")))
    if gum is not None:
        keep = open_documents(gum / "doc_licenses.tsv")
        linked = read_linked([gum / f"gum-{s}.conllu.gz" for s in ("train", "dev", "test")], keep,
                             wiki_map(gum / "wiki_map.tab"))
        add_gum(merger, linked.values(), report)
    entries = finish_ids(merger.entries)
    with (out / ACTORS_FILE).open("w", encoding="utf-8") as handle:
        for entry in entries:
            handle.write(json.dumps(entry.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n")
    report.counts["entries"] = len(entries)
    for entry in entries:
        report.counts[f"kind {entry.kind}"] += 1
        report.counts["with wikidata"] += bool(entry.wikidata)
    write_credits(out / CREDITS_FILE, report)
    return report


def write_agents(path: Path, agents: Iterable[tuple[str, str]]) -> None:
    codes = cameo_codes()
    rows: dict[str, tuple[str, str]] = {}
    for agent, code in agents:
        sector = codes.decode("---" + code)[1]  # an agent code has no country segment
        if sector and agent.isascii():
            rows.setdefault(agent.lower(), (sector, code))
    lines = ["# Agent nouns -> PLOVER sector, from Phoenix.agents.txt (MIT, Open Event Data Alliance).",
             "# Written by training/build_kb.py; do not edit. agent<TAB>sector<TAB>cameo"]
    lines += [f"{agent}\t{sector}\t{code}" for agent, (sector, code) in sorted(rows.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_credits(path: Path, report: BuildReport) -> None:
    counts = "\n".join(f"| {k} | {v} |" for k, v in sorted(report.counts.items()))
    path.write_text(CREDITS_TEMPLATE.format(counts=counts, as_of=report.curated_as_of or "n/a",
                                            skipped=len(report.skipped_codes)), encoding="utf-8")


CREDITS_TEMPLATE = """# The actor knowledge base: sources, licences, credits

Written by `training/build_kb.py` (`make kb`); do not edit `actors.jsonl` or `agents.tsv` by hand.
Because part of it comes from GUM (CC BY 4.0 annotations over CC BY / CC BY-SA texts), the knowledge
base **as a whole is distributed under CC BY-SA 4.0**; the parts taken from Phoenix remain under the
MIT licence below as well.

- **Phoenix** (`src` contains `phx`): names, aliases and dated CAMEO roles of people, organisations
  and armed groups, and `agents.tsv`; from the Phoenix/PETRARCH2 dictionaries
  `Phoenix.Countries.actors.txt`, `Phoenix.International.actors.txt`,
  `Phoenix.MilNonState.actors.txt` and `Phoenix.agents.txt` (github.com/openeventdata/petrarch2).
  MIT, Copyright (c) 2014/2015 Open Event Data Alliance (notice below).
- **ISO** (`src` contains `iso`): countries' ISO 3166 codes, Wikidata ids and names, from rigour
  (territories, MIT) and pycountry (iso-codes data): codes and names are facts.
- **GUM** (`src` contains `gum`): Wikidata ids and names of people, organisations and places from the
  GUM corpus Wikification (github.com/amir-zeldes/gum), documents of licence class by, pd or by-sa
  only. CC BY 4.0 annotations over CC BY / CC BY-SA 3.0 texts: this part makes the whole CC BY-SA.
- **Curated** (`src` contains `curated`): current offices and Wikidata ids from `officeholders.tsv`
  and `organizations.tsv` in this folder (as of {as_of}); the project's own.

CAMEO codes are read as PLOVER country and sector with `cameo_codes.tsv`. Two-digit Phoenix years
pivot at 30 (00–30 → 2000–2030, 31–99 → 1931–1999). Date-restricted codes that could not be read
(malformed dates such as `2004017`): {skipped}, skipped.

## Counts at the last build

| item | count |
|---|---:|
{counts}

## MIT licence (Phoenix dictionaries)

Copyright (c) 2014 Open Event Data Alliance

Permission is hereby granted, free of charge, to any person obtaining a copy of this software and
associated documentation files (the "Software"), to deal in the Software without restriction,
including without limitation the rights to use, copy, modify, merge, publish, distribute, sublicense,
and/or sell copies of the Software, and to permit persons to whom the Software is furnished to do so,
subject to the following conditions:

The above copyright notice and this permission notice shall be included in all copies or substantial
portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR IMPLIED, INCLUDING BUT NOT
LIMITED TO THE WARRANTIES OF MERCHANTABILITY, FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN
NO EVENT SHALL THE AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER LIABILITY,
WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM, OUT OF OR IN CONNECTION WITH THE
SOFTWARE OR THE USE OR OTHER DEALINGS IN THE SOFTWARE.
"""
