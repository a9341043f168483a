"""Build ``src/backchannel/data/events/triggers.tsv`` from the MIT CAMEO.2.0 verb dictionary.

Input (``../shared/data/events``):
  phoenix_dictionaries/CAMEO.2.0.txt   PETRARCH2 verb dictionary (MIT, Open Event Data Alliance)
  plover/cameo_plover_map.tsv          CAMEO code → PLOVER 2.0 event and mode (CC BY-SA 4.0)

Each verb block of CAMEO.2.0 has a default code (``---  MEET  [040]  ---``) and single-word verb
lines under it; every such verb becomes one row with that code's PLOVER event and mode. Blocks whose
default is ``[---]`` (code only in patterns), statements and appeals (CAMEO 01–02, no PLOVER event)
and multi-word entries are left out: the patterns behind them need PETRARCH's phrase matcher, and
they are where that coder over-codes. The rows are a starting point only: ``curated.tsv`` (edited by
hand) overrides, drops and adds triggers, and only the rows it keeps are used at run time.

It also builds ``patterns.tsv``: the dictionary's verb–object patterns (``- * SANCTIONS [163]`` under the
LIFT block: "lifted sanctions" is 163 whatever the block's default), one row per verb of the block and per code,
the objects as the row's ``obj=`` condition, so that such a row fires only with one of those objects. Only
patterns whose tail is one object word or synonym set (``&WEAPON``), optionally after a particle ("LAY * DOWN
&WEAPON"), are kept: subject constraints, prepositional phrases and multi-word objects need PETRARCH's matcher.
Codes without a PLOVER event (statements, appeals) are dropped, and so are intent codes (03x) under a block
whose verbs are not of intent (the block's default code is not 03x); a mode the PLOVER 2.0 type lacks is cleared.
At run time these rows come after ``curated.tsv``'s, so a curated row always wins.

Because it is derived from the PLOVER mapping, the output is CC BY-SA 4.0.

    python training/build_event_lexicon.py [--shared ../shared/data/events] [--out PATH] [--patterns PATH]
"""

from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_SHARED = ROOT.parent / "shared" / "data" / "events"
DATA = ROOT / "src" / "backchannel" / "data" / "events"
DEFAULT_OUT = DATA / "triggers.tsv"
DEFAULT_PATTERNS = DATA / "patterns.tsv"
HEADER = ("lemma", "pos", "type", "mode", "cameo", "frame", "comment")
BLOCK = re.compile(r"^---\s+(\S+)\s+\[([^\]]+)\]\s+---")
VERB_LINE = re.compile(r"^([A-Z][A-Z]*)\b")
# "- * DOWN &WEAPON   [0871]  # LAID_DOWN": the verb (*) first, an optional particle, one object word or set.
PATTERN = re.compile(r"^-\s+\*\s+(?:(DOWN|UP|OFF|OUT|OVER|BACK|AWAY|IN|ON)\s+)?(&?[A-Z][A-Z_]*)\s*\[([0-9]+)[^\]]*\]")
SYNSET = re.compile(r"^(&[A-Z_]+)\s*$")
# Objects too vague to code an event by themselves (whatever the pattern's block).
VAGUE_OBJECTS = frozenset({"it", "them", "this", "that", "way", "thing", "part", "place", "time", "step", "role",
                           "issue", "matter", "position", "situation", "measure", "statement",
                           "down", "up", "off", "out", "over", "back", "away", "in", "on", "with", "if", "to", "for",
                           "from", "at", "by", "against", "alongside", "into", "as", "of"})


def plover_map(path: Path) -> dict[str, tuple[str, str]]:
    """CAMEO code → (PLOVER event, mode); codes without a PLOVER event are absent."""
    found: dict[str, tuple[str, str]] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row["plover_event"]:
                found[row["cameo_code"]] = (row["plover_event"], row["plover_mode_2021draft"] or "")
    return found


def verb_defaults(path: Path) -> list[tuple[str, str, str]]:
    """(verb, default CAMEO code, block name) for every single-word verb under a coded block."""
    rows: list[tuple[str, str, str]] = []
    block, code = "", "---"
    in_patterns = False
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith("####### VERB PATTERNS"):
            in_patterns = True
            continue
        if not in_patterns:
            continue
        match = BLOCK.match(line)
        if match:
            block, code = match.group(1), match.group(2).split(":")[0]
            continue
        word = VERB_LINE.match(line)
        if word and code != "---":
            rows.append((word.group(1).lower(), code, block.lower()))
    return rows


def synsets(lines: list[str]) -> dict[str, set[str]]:
    """``&NAME`` → its single-word members (lower case), from the SYNONYM SETS section."""
    found: dict[str, set[str]] = {}
    current: str | None = None
    for line in lines:
        if line.startswith("####### VERB PATTERNS"):
            break
        head = SYNSET.match(line.strip())
        if head:
            current = head.group(1)
            found[current] = set()
        elif current and line.startswith("+"):
            word = line[1:].split("#")[0].strip().rstrip("_")
            if word and "_" not in word and word.isalpha():
                found[current].add(word.lower())
        elif not line.strip():
            current = None
    return found


def lemma_forms(word: str) -> set[str]:
    """A noun as written in the dictionary and its naive singular ("SANCTIONS" → sanctions, sanction)."""
    low = word.lower()
    forms = {low}
    if low.endswith("ies") and len(low) > 4:
        forms.add(low[:-3] + "y")
    elif low.endswith(("sses", "xes", "ches", "shes")):
        forms.add(low[:-2])
    elif low.endswith("s") and not low.endswith(("ss", "is", "us")) and len(low) > 3:
        forms.add(low[:-1])
    return forms


def object_patterns(path: Path) -> list[tuple[str, list[str], str, set[str]]]:
    """(block, its verbs, CAMEO code, object lemmas) for each object pattern of each block."""
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    sets = synsets(lines)
    found: list[tuple[str, list[str], str, set[str]]] = []
    block, default = "", "---"
    verbs: list[str] = []
    patterns: list[tuple[str, set[str]]] = []
    in_patterns = False

    def flush() -> None:
        if verbs:
            found.extend((block, list(verbs), code, objects) for code, objects in patterns)

    for line in lines:
        if line.startswith("####### VERB PATTERNS"):
            in_patterns = True
            continue
        if line.startswith("######## TRANSFORMATIONS"):
            break
        if not in_patterns:
            continue
        match = BLOCK.match(line)
        if match:
            flush()
            block, verbs, patterns = match.group(1).lower(), [], []
            default = match.group(2).split(":")[0]
            continue
        word = VERB_LINE.match(line)
        if word:
            verbs.append(word.group(1).lower())
            continue
        pattern = PATTERN.match(line)
        if pattern:
            obj = pattern.group(2)
            words = sets.get(obj, set()) if obj.startswith("&") else ({obj} if "_" not in obj else set())
            objects = {form for word in words for form in lemma_forms(word)}
            objects = {o for o in objects if o not in VAGUE_OBJECTS and not o.endswith("ly")}
            # An intent code (03x, "express intent to …") only for a verb of intent: "provided arms" is no
            # promise, whatever pattern the dictionary files under a block of giving.
            intent_only = pattern.group(3).startswith("03") and not default.startswith("03")
            if objects and not intent_only:
                patterns.append((pattern.group(3), objects))
    flush()
    return found


def plover_modes(path: Path) -> dict[str, set[str]]:
    """PLOVER 2.0 type → its modes (the package's ``plover.tsv``)."""
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")][1:]
    return {row[0]: set(filter(None, row[3].split("|"))) for row in rows}


PATTERN_HEADER = ("block", "verbs", "type", "mode", "cameo", "objects")


def build_patterns(shared: Path, modes: dict[str, set[str]]) -> list[tuple[str, ...]]:
    """One row per block and code: the block's verbs, the code's PLOVER type and mode, the objects."""
    mapping = plover_map(shared / "plover" / "cameo_plover_map.tsv")
    merged: dict[tuple[str, str], tuple[list[str], set[str]]] = {}
    for block, verbs, code, objects in object_patterns(shared / "phoenix_dictionaries" / "CAMEO.2.0.txt"):
        if code in mapping:
            merged.setdefault((block, code), (verbs, set()))[1].update(objects)
    rows: list[tuple[str, ...]] = []
    for (block, code), (verbs, objects) in sorted(merged.items()):
        event, mode = mapping[code]
        if mode not in modes.get(event, set()):
            mode = ""
        rows.append((block.upper(), "|".join(sorted(set(verbs))), event, mode, code, "|".join(sorted(objects))))
    return rows


def build(shared: Path) -> list[tuple[str, ...]]:
    mapping = plover_map(shared / "plover" / "cameo_plover_map.tsv")
    seen: set[str] = set()
    rows: list[tuple[str, ...]] = []
    for verb, code, block in verb_defaults(shared / "phoenix_dictionaries" / "CAMEO.2.0.txt"):
        if verb in seen or code not in mapping:
            continue
        seen.add(verb)
        event, mode = mapping[code]
        rows.append((verb, "VERB", event, mode, code, "obj", f"CAMEO.2.0 block {block.upper()}"))
    rows.sort()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--patterns", type=Path, default=DEFAULT_PATTERNS)
    args = parser.parse_args()
    patterns = build_patterns(args.shared, plover_modes(DATA / "plover.tsv"))
    with args.patterns.open("w", encoding="utf-8") as handle:
        handle.write("# Verb-object patterns generated by training/build_event_lexicon.py from the CAMEO.2.0 verb\n"
                     "# dictionary (MIT, Open Event Data Alliance) and cameo_plover_map.tsv (PLOVER, CC BY-SA 4.0).\n"
                     "# Do not edit. Each row: a verb block, its verbs, and the code its verbs get with one of\n"
                     "# the objects (lemmas); events/lexicon.py adds them after curated.tsv's rows. CC BY-SA 4.0.\n")
        handle.write("\t".join(PATTERN_HEADER) + "\n")
        for row in patterns:
            handle.write("\t".join(row) + "\n")
    print(f"{len(patterns)} pattern rows → {args.patterns}")
    rows = build(args.shared)
    with args.out.open("w", encoding="utf-8") as handle:
        handle.write("# Event triggers generated by training/build_event_lexicon.py from the CAMEO.2.0 verb\n"
                     "# dictionary (MIT, Open Event Data Alliance) and cameo_plover_map.tsv (PLOVER, CC BY-SA 4.0).\n"
                     "# Do not edit: curated.tsv overrides, drops and adds. This file is CC BY-SA 4.0.\n")
        handle.write("\t".join(HEADER) + "\n")
        for row in rows:
            handle.write("\t".join(row) + "\n")
    print(f"{len(rows)} rows → {args.out}")


if __name__ == "__main__":
    main()
