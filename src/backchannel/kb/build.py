"""Building the shipped knowledge base from open data (run by ``training/build_kb.py``, ``make kb``).

Sources, most authoritative first: the curated tables (current offices, Wikidata ids), ISO country
data from rigour and pycountry, the Phoenix/PETRARCH dictionaries (MIT; dated CAMEO roles to 2014)
and GUM's Wikification (Wikidata ids by name; only documents licensed by, pd or by-sa). An entry from
a weaker source is merged into a stronger one when a full name agrees (a surname alone never merges),
so Phoenix's history of an officeholder hangs on the curated entry.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from rigour.names import extract_org_types

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
        if len(found) > 1:  # a curated entry outranks the rest ("CIA" also names Phoenix's intelligence block)
            found = [e for e in found if e.curated] or found
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


_UPPER_WORDS = frozenset({"US", "UK", "UN", "EU", "USA", "UAE", "UNESCO", "UNICEF", "NATO", "OPEC", "AU"})
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
        if "." in bare or (len(bare) <= 4 and not re.search(r"[AEIOUY]", bare)) or word.startswith("(") \
                or bare in _UPPER_WORDS:
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


_PERSON_COMMENT = re.compile(r"spokes|chairman|president|minister|director|secretary|chief|founder|leader",
                             re.IGNORECASE)
_BODY_WORDS = frozenset({"OF", "FOR", "AND", "THE"})
_SPLIT = re.compile(r"[\s\-/().,&]+")


def _words(name: str) -> set[str]:
    return set(_SPLIT.split(name.upper())) - {""}


def given_names(actors: Iterable[Actor]) -> frozenset[str]:
    """First words of the names of Phoenix's people (its ``CountryInfo`` leaders), met at least twice."""
    counts: Counter[str] = Counter()
    for actor in actors:
        if "CountryInfo" in actor.comment:
            for name in actor.names:
                words = _person_alias(name).split()
                if len(words) >= 2:
                    counts[words[0].upper()] += 1
    return frozenset(w for w, n in counts.items() if n >= 2 and not _is_title(w))


def _phoenix_kind(actor: Actor, file_kind: str, org_words: frozenset[str], given: frozenset[str] = frozenset()) -> str:
    """Phoenix does not say what an actor is; its comments, codes and words do, roughly.

    Its leaders (comment ``CountryInfo``, ``IGOrulers``) are people unless the first name has an organisation
    word.
    Any other phrase is a person only when it looks like a person's name: two to four words, the first a
    given name of Phoenix's leaders or an initial ("R K PACHAURI") or titled in another of the block's names
    ("PRESIDENT OBAMA" in "BARACK OBAMA"'s block), no organisation word or legal form
    ("INC", "AG") in any of its names but those named after the person ("OBAMA ADMINISTRATION" in Barack
    Obama's block), no "of"/"for"/"and" in the first, and not a company (``MNC``) unless a comment says it
    is a spokesman or the like. Everything else is an organisation (agencies, ministries,
    companies, "US INTELLIGENCE COMMUNITY").
    """
    if file_kind == "nonstate":
        return "group"
    # Each name without its leading titles: "COMMUNIST PARTY GENERAL SECRETARY MIKHAIL GORBACHEV" is a man.
    bare = [_person_alias(n) for n in actor.names]
    names = [_words(n) for n in bare]
    first = _words(actor.names[0])
    if "CountryInfo" in actor.comment or "IGOrulers" in actor.comment:
        # A leader's block may end in "GORBACHEV ADMINISTRATION": only the first name decides.
        return "organization" if first & org_words or extract_org_types(bare[0]) else "person"
    words = _person_alias(actor.names[0]).upper().split()
    # A title written before the name or a part of it elsewhere in the block ("PRESIDENT OBAMA"): a person.
    titled = any(alias != name and _words(alias) <= set(words)
                 for name, alias in zip(actor.names[1:], bare[1:], strict=True))
    person_like = 2 <= len(words) <= 4 and not set(words) & _BODY_WORDS and (
        words[0] in given or len(words[0].rstrip(".")) == 1 or titled)
    # A person's block may hold the bodies named after them ("BARACK OBAMA" … "OBAMA ADMINISTRATION"):
    # names with an organisation word that hold the first name's surname do not make the block a body.
    surname = words[-1] if person_like else None
    bodies = [n for n, w in zip(bare, names, strict=True) if w & org_words or extract_org_types(n)]
    if bodies and (surname is None or first & org_words or any(surname not in _words(n) for n in bodies)):
        return "organization"
    if len(first) == 1:
        return "organization"
    company = any(c.code.startswith("MNC") for c in actor.codes)
    if person_like and (not company or _PERSON_COMMENT.search(actor.comment)):
        return "person"
    return "organization"


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


@dataclass
class CommonWords:
    """Words that are common nouns more often than names, counted in the English treebanks.

    A word is common when, away from the start of a sentence, it occurs in lower case more often than
    capitalised on its own ("court", "office", "army", "north"; "Supreme Court" is a longer name). Such a
    word alone is no name of anyone: the build drops it as an alias of Phoenix and GUM entries (curated
    tables and ISO names are kept as written).
    An all-capitals alias is kept when the treebanks write it in capitals more than capitalised ("US").
    """

    lower: Counter[str] = field(default_factory=Counter)
    capital: Counter[str] = field(default_factory=Counter)
    upper: Counter[str] = field(default_factory=Counter)

    @classmethod
    def read(cls, files: Iterable[Path], keep: set[str] | None = None) -> CommonWords:
        """Count each word's forms; a capitalised word counts as a name only standing alone, not inside a
        longer name ("the Court" does, "Supreme Court" does not), and never first in its sentence. With
        ``keep``, a document that names itself (``# newdoc id = …``, as GUM's do) is counted only when its id
        is in ``keep`` (GUM's openly licensed documents, ``gum.open_documents``)."""
        out = cls()
        for path in files:
            opener = gzip.open if path.suffix == ".gz" else open
            with opener(path, "rt", encoding="utf-8") as handle:
                forms: list[str] = []
                counted = True
                for line in handle:
                    cols = line.split("\t", 2)
                    if len(cols) >= 3 and cols[0].isdigit():
                        forms.append(cols[1])
                    elif line.startswith("# newdoc id"):
                        counted = keep is None or line.split("=", 1)[1].strip() in keep
                    elif not line.strip():
                        if counted:
                            out._count(forms)
                        forms = []
                if counted:
                    out._count(forms)
        return out

    def _count(self, forms: list[str]) -> None:
        for i in range(1, len(forms)):
            form = forms[i]
            if not form.isalpha():
                continue
            key = form.casefold()
            if form.islower():
                self.lower[key] += 1
            elif form.isupper() and len(form) > 1:
                self.upper[key] += 1
            elif form[0].isupper():
                alone = not forms[i - 1][:1].isupper() and (i + 1 == len(forms) or not forms[i + 1][:1].isupper())
                self.capital[key] += alone

    def generic(self, name: str) -> bool:
        """Whether ``name`` is one common word (an acronym the treebanks write in capitals is not)."""
        key = name_key(name)
        if not key or " " in key or self.lower[key] <= self.capital[key] + self.upper[key]:
            return False
        return not (name.isupper() and self.upper[key] > self.capital[key])

    def names(self, names: Iterable[str]) -> list[str]:
        return [n for n in names if not self.generic(n)]


def read_common_words(corpora: Path | None) -> CommonWords:
    """``CommonWords`` over the training splits of the treebanks under ``corpora``, GUM's openly licensed
    documents only (``corpora/gum/doc_licenses.tsv``; the non-commercial genres are for measuring)."""
    if corpora is None:
        return CommonWords()
    licences = corpora / "gum" / "doc_licenses.tsv"
    files = treebank_files(corpora)
    gum = [p for p in files if p.parent.name == "gum"]
    out = CommonWords.read([p for p in files if p not in gum])
    found = CommonWords.read(gum, open_documents(licences) if licences.exists() else None)
    for mine, theirs in ((out.lower, found.lower), (out.capital, found.capital), (out.upper, found.upper)):
        mine.update(theirs)
    return out


def treebank_files(corpora: Path) -> list[Path]:
    """The training splits of the English treebanks under ``corpora`` (GUM, the UD English treebanks): the
    dev and test splits are for measuring, so nothing that ships is counted from them."""
    found = [*corpora.glob("gum/gum-*.conllu.gz"), *corpora.glob("ud_english_*/*.conllu*")]
    return sorted(p for p in found if "train" in p.name.split(".")[0].split("-"))


def add_phoenix(merger: _Merger, folder: Path, report: BuildReport, org_words: frozenset[str],
                common: CommonWords | None = None) -> None:
    common = common or CommonWords()
    countries = {e.country: e for e in merger.entries if e.kind == "country"}
    stats = ParseStats()
    actors = {name: list(read_actors(_read_lines(folder / name), stats)) for name in PHOENIX_FILES}
    given = given_names(a for found in actors.values() for a in found)
    for filename, file_kind in PHOENIX_FILES.items():
        for actor in actors[filename]:
            if not actor.codes or not actor.names:
                report.counts["phoenix blocks without codes"] += 1
                continue
            roles = _roles(actor)
            bare = {c.code for c in actor.codes}
            country = countries.get(next(iter(bare))) if len(bare) == 1 and not actor.codes[0].start else None
            if country is not None and country.kind == "country" and file_kind == "countries" and \
                    any(_country_synonym(n, country) for n in actor.names[:1]):
                synonyms = [display(n) for n in actor.names if _country_synonym(n, country)]
                merger.merge(country, common.names(synonyms), [], "phx")
                report.counts["phoenix country blocks"] += 1
                report.counts["phoenix common words dropped"] += len(synonyms) - len(common.names(synonyms))
                continue
            kind = _phoenix_kind(actor, file_kind, org_words, given)
            if kind == "person":
                names = list(dict.fromkeys(display(_person_alias(n)) for n in actor.names
                                           if not _words(n) & org_words))
            else:
                names = list(dict.fromkeys(display(n) for n in actor.names))
            kept = common.names(names)
            report.counts["phoenix common words dropped"] += len(names) - len(kept)
            if not kept:
                continue
            names = kept
            for role in roles:
                report.counts[f"roles {'dated' if role.dated else 'default'}"] += 1
            # A person merges on any full name; a body on its first name only, since Phoenix lumps bodies
            # into one block ("US INTELLIGENCE COMMUNITY" with CIA, NSA, ODNI …).
            target = merger.find(kind, names if kind == "person" else names[:1])
            if target is not None:
                merger.merge(target, names, roles, "phx")
                report.counts["phoenix merged"] += 1
                continue
            merger.add(Entry(kb_id=_phx_id(actor.names[0]), name=names[0], kind=kind, country=_home_country(roles),
                             aliases=names[1:], roles=roles, sources=["phx"]))
            report.counts[f"phoenix {kind}"] += 1
    report.skipped_codes = stats.bad_codes


def add_gum(merger: _Merger, linked: Iterable[Linked], report: BuildReport, common: CommonWords | None = None) -> None:
    """GUM's entities by Wikidata id; an organisation also under its proper-name mentions ("NASA"), but
    never under one common word ("Court" for the Supreme Court of Hawaii)."""
    common = common or CommonWords()
    for item in linked:
        mentions = sorted(item.mentions) if item.kind == "organization" else []
        kept = common.names(mentions)
        report.counts["gum common words dropped"] += len(mentions) - len(kept)
        names = [item.name] + kept
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


def build(out: Path, phoenix: Path | None, gum: Path | None, treebanks: Path | None = None) -> BuildReport:
    """Write ``actors.jsonl``, ``agents.tsv`` and ``CREDITS.md`` into ``out`` (which holds the curated tables).

    ``treebanks`` is the folder of English treebanks whose counts say which words are common (default:
    the folder holding ``gum``); see ``CommonWords``."""
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
    corpora = treebanks if treebanks is not None else gum.parent if gum is not None else None
    common = read_common_words(corpora)
    report.counts["treebank words counted"] = sum(common.lower.values()) + sum(common.capital.values())
    if phoenix is not None:
        add_phoenix(merger, phoenix, report, org_words, common)
        write_agents(out / AGENTS_FILE, read_agents(_read_lines(phoenix / "Phoenix.agents.txt")))
    if gum is not None:
        keep = open_documents(gum / "doc_licenses.tsv")
        linked = read_linked([gum / f"gum-{s}.conllu.gz" for s in ("train",)], keep,
                             wiki_map(gum / "wiki_map.tab"))
        add_gum(merger, linked.values(), report, common)
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
  GUM corpus Wikification (github.com/amir-zeldes/gum), train-split documents of licence class by, pd or by-sa
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
