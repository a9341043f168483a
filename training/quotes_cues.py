#!/usr/bin/env python
"""Learn which verbs introduce attributed clauses from GUM's RST attribution relations; write
``src/backchannel/data/quotes/learned_cues.tsv``.

GUM (Zeldes 2017; annotations CC BY 4.0) marks every RST *attribution* relation between discourse units: the
unit that attributes ("she remembered", "critics argue") points to the unit attributed, with signals such as
``lex-indwd-<token>`` (the indicative word, usually the cue verb). Only documents whose text licence class in
``doc_licenses.tsv`` is ``by``, ``pd`` or ``by-sa`` are read (the non-commercial genres are left out).

The classifier is a lemma table over one parse frame: a verb with a clausal complement (``ccomp``). A verb in
that frame is a *positive* when it is the indicative word of an attribution, or a verb of the attributing unit
(from the token carrying the relation to the next unit's first token) whose complement lies outside that unit.
For each lemma, ``positives`` and ``frames`` count these on the train split; a lemma is kept when
``positives >= min count`` and ``positives / frames >= threshold`` (light verbs aside). Both are chosen on the dev split
(grid search, F1 of "this verb-with-a-clause attributes its clause"), then the table is written from train.
At run time (``quotes.cues.load_lexicon``) the kept lemmas that ``cues.tsv`` lacks become clause-only cues:
they attribute only a clausal complement, with act ``believe`` (mostly cognition verbs: "remember", "notice").

Usage: python training/quotes_cues.py --gum ../shared/data/corpora/gum \
           [--out src/backchannel/data/quotes/learned_cues.tsv]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

OPEN_CLASSES = frozenset({"by", "pd", "by-sa"})
ATTRIBUTION = re.compile(r"Discourse=attribution-[a-z]+:[^|]*")
CUE_WORD = re.compile(r"lex-indwd-([\d,-]+)")
THRESHOLDS = (0.2, 0.3, 0.4, 0.5, 0.6, 0.7)
MIN_COUNTS = (2, 3, 4)  # a lemma seen attributing once is an anecdote
# Light verbs are left out: their clause frames are mostly copular or idiomatic ("the point is that …", "make
# sure that …", "it goes without saying that …"), not a source's speech or thought.
LIGHT_VERBS = frozenset({"be", "have", "do", "go", "make", "get", "keep", "let"})

Row = list[str]


def documents(path: Path) -> Iterator[tuple[str, list[Row]]]:
    """(document id, its word rows with document-wide ids in column 0 replaced by 1, 2, …) per document."""
    doc, rows, sent_offset, sent_len = "", [], 0, 0
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("# newdoc id"):
                if doc:
                    yield doc, rows
                doc, rows, sent_offset, sent_len = line.split("=", 1)[1].strip(), [], 0, 0
            elif not line.strip():
                sent_offset += sent_len
                sent_len = 0
            elif line[0].isdigit():
                cols = line.rstrip("\n").split("\t")
                if "-" in cols[0] or "." in cols[0]:
                    continue
                sent_len += 1
                head = int(cols[6])
                cols[6] = str(head + sent_offset if head else 0)
                cols[0] = str(int(cols[0]) + sent_offset)
                rows.append(cols)
    if doc:
        yield doc, rows


def frames(rows: list[Row]) -> Iterator[tuple[str, bool]]:
    """(lemma, attributes?) for every verb with a clausal complement in one document."""
    cue_words: set[int] = set()
    unit_start = [i for i, r in enumerate(rows, 1) if "Discourse=" in r[9]]
    attributing: list[tuple[int, int]] = []
    for k, i in enumerate(unit_start):
        misc = rows[i - 1][9]
        match = ATTRIBUTION.search(misc)
        if match is None:
            continue
        end = unit_start[k + 1] if k + 1 < len(unit_start) else len(rows) + 1
        attributing.append((i, end))
        for signal in CUE_WORD.finditer(match.group()):
            for part in signal.group(1).split(","):
                first = part.split("-")[0]
                if first.isdigit():
                    cue_words.add(int(first))
    children: dict[int, list[int]] = {}
    for r in rows:
        children.setdefault(int(r[6]), []).append(int(r[0]))
    for r in rows:
        i = int(r[0])
        if r[3] != "VERB":
            continue
        clauses = [c for c in children.get(i, []) if rows[c - 1][7] == "ccomp"]
        if not clauses:
            continue
        unit = next(((a, b) for a, b in attributing if a <= i < b), None)
        positive = i in cue_words or (unit is not None and any(not unit[0] <= c < unit[1] for c in clauses))
        yield r[2].lower(), positive


def count(path: Path, licences: dict[str, str]) -> tuple[Counter[str], Counter[str], list[tuple[str, bool]]]:
    positives: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    items: list[tuple[str, bool]] = []
    for doc, rows in documents(path):
        if licences.get(doc) not in OPEN_CLASSES:
            continue
        for lemma, positive in frames(rows):
            totals[lemma] += 1
            positives[lemma] += positive
            items.append((lemma, positive))
    return positives, totals, items


def select(positives: Counter[str], totals: Counter[str], threshold: float, min_count: int) -> set[str]:
    return {w for w, n in totals.items()
            if w not in LIGHT_VERBS and positives[w] >= min_count and positives[w] / n >= threshold}


def f1(kept: set[str], items: list[tuple[str, bool]]) -> float:
    tp = sum(1 for w, y in items if y and w in kept)
    fp = sum(1 for w, y in items if not y and w in kept)
    fn = sum(1 for w, y in items if y and w not in kept)
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def hand_set_acts(table: Path) -> dict[str, str]:
    """The ``act`` column of an existing learned table (set by hand, not learned): lemma → act."""
    if not table.is_file():
        return {}
    rows = [line.split("\t") for line in table.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
    return {row[0]: row[3] for row in rows[1:] if len(row) > 3 and row[3]}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--gum", type=Path, required=True, help="the folder with gum-{train,dev}.conllu.gz")
    ap.add_argument("--out", type=Path, default=Path("src/backchannel/data/quotes/learned_cues.tsv"))
    args = ap.parse_args()
    with (args.gum / "doc_licenses.tsv").open(encoding="utf-8", newline="") as fh:
        licences = {row["doc_id"]: row["licence_class"] for row in csv.DictReader(fh, delimiter="\t")}
    positives, totals, train_items = count(args.gum / "gum-train.conllu.gz", licences)
    _, _, dev_items = count(args.gum / "gum-dev.conllu.gz", licences)
    scored = [(f1(select(positives, totals, t, m), dev_items), t, m) for t in THRESHOLDS for m in MIN_COUNTS]
    best, threshold, min_count = max(scored, key=lambda s: (s[0], s[1], s[2]))
    kept = select(positives, totals, threshold, min_count)
    print(f"train: {len(train_items)} verb-with-clause frames, {sum(y for _, y in train_items)} attributing; "
          f"dev: {len(dev_items)} frames; best dev F1 {best:.3f} at threshold {threshold}, min count {min_count}; "
          f"{len(kept)} lemmas kept")
    lines = [
        "# Verbs that introduce attributed clauses, learned from GUM's RST attribution relations",
        "# (training/quotes_cues.py; GUM annotations CC BY 4.0, Zeldes 2017, https://github.com/amir-zeldes/gum;",
        "# only documents whose texts are CC BY, CC BY-SA or public domain). This table: CC BY-SA 4.0.",
        f"# Kept: positives >= {min_count} and positives / frames >= {threshold} (chosen on GUM dev, F1 {best:.3f}).",
        "# positives: train verbs with a clausal complement (ccomp) that attribute it; frames: all such verbs.",
        "# act: what the source does (acts.tsv), set by hand from acts.tsv's definitions (\"the letter reads\" is"
        " written",
        "# speech); empty: believe, a held opinion (\"determine\" stays one: \"a referendum to determine whether …\""
        " inside",
        "# an announcement is no quote). Used only for lemmas cues.tsv lacks. Kept when the table is relearned.",
        "lemma\tpositives\tframes\tact",
    ]
    acts = hand_set_acts(args.out)
    for lemma in sorted(kept, key=lambda w: (-positives[w], w)):
        lines.append(f"{lemma}\t{positives[lemma]}\t{totals[lemma]}\t{acts.get(lemma, '')}")
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
