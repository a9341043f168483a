"""How well ``backchannel.analyze`` finds quotes: PolNeAR attributions and the project's hand-annotated articles.

Part 1, PolNeAR dev (84 US political news articles, 2016; Newell et al., LREC 2018). The corpus has no licence
for its text, so it is read at run time from ``../shared/data/quotes/polnear`` (``--polnear DIR``) and the part
is skipped with a message when that folder is absent; nothing of it is written anywhere except to stdout
(``--verbose``) and the numbers in ``--json``. The test split is withheld; these are **dev** scores.

* Each article's text is analysed as one document (``meta``: title, publication date, publisher from
  ``metadata.tsv``). Every readout quote becomes one system attribution: source = ``speaker_span`` (none when
  absent), cue = ``cue``, content = ``content`` (a span or a list of spans). Claims are ignored here, also
  those tied to a quote (their quote is already counted).
* Scores come from ``benchmarks/polnear_eval.py`` (its docstring defines everything): per role (source, cue,
  content) and for whole attributions ("all"), precision / recall / F1 under ``exact`` (span-level, after
  trimming edge whitespace and punctuation), ``overlap`` (Citron's token overlap) and ``lenient`` (the Gender Gap
  Tracker's one-to-one match, > 30 % of the gold span's characters covered). Two gold sets: all PolNeAR
  attributions (statements, beliefs, plans, "according to" …) and the speech-verb subset (cue contains a form of
  a verb in ``polnear_eval.SPEECH_VERBS``; the system's quotes are filtered by the same test).
* Anchors, published by others on other data or splits (no like-for-like comparison): Citron (BBC R&D, trained
  on PARC 3.0) on PARC 3.0 test, all quote spans, exact 56.7 and overlap 83.2 F1; CofeNet (Wang et al., COLING
  2022, trained on PolNeAR train) on PolNeAR test, exact F1 source 83.2, cue 75.3, content 72.9; the Gender Gap
  Tracker's rules (V5.3, Asr et al. 2021) on their own 98 Canadian articles, quote F1 83.7 at the lenient
  threshold (0.3).

Part 2, the hand-annotated Wikinews articles in ``benchmarks/gold/<slug>/`` that list ``quotes:`` (see
``../shared/design/GOLD-FORMAT.md``): each ``article.txt`` (one paragraph per line; line 2 is the dateline, which
gives ``meta.published``) is analysed and scored by ``../shared/tools/score_readout.py --layer quotes`` (skipped
with a message when absent) and by our own count: a gold quote is *found* when a system quote's content overlaps
its ``contains`` text on its line; its *speaker is right* when such a quote's ``speaker`` actor is the gold
speaker (canonical name or a non-pronoun mention equal to the gold name or a non-pronoun alias, after
normalising case, diacritics, punctuation and a leading article; for persons, equal surnames), or when both are
null; its *speaker span is right* when the quote's ``speaker_span`` text is the gold name or any alias (pronouns
included). Optional gold quotes are counted apart.

Usage: python benchmarks/attribution.py [--limit N] [--verbose] [--json OUT] [--polnear DIR] [--no-gold]
                                        [--gold-only] [--model PATH]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # this folder: bench_common and the other siblings
import bench_common  # first: it sets one thread before spaCy loads numpy

# isort: split
import polnear_eval as pe
from bench_common import GOLD_DIR, SCORER, SHARED, norm_name, published

import backchannel

POLNEAR = SHARED / "data" / "quotes" / "polnear"
PRONOUNS = frozenset(
    "i me my mine we us our ours you your he him his she her hers it its they them their theirs who whom whose "
    "which that this these those the author".split()
)
ANCHORS: tuple[tuple[str, str, str, str], ...] = (
    ("Citron (BBC R&D), trained on PARC 3.0", "PARC 3.0 test", "all quote spans, exact", "56.7"),
    ("Citron (BBC R&D), trained on PARC 3.0", "PARC 3.0 test", "all quote spans, token overlap", "83.2"),
    ("CofeNet (Wang et al. 2022), trained on PolNeAR train", "PolNeAR test", "source / cue / content, exact",
     "83.2 / 75.3 / 72.9"),
    ("Gender Gap Tracker rules V5.3 (Asr et al. 2021)", "own 98 Canadian articles", "quotes, lenient (> 0.3)",
     "83.7"),
)


# --------------------------------------------------------------------------------------------------------
# Readout quotes -> attributions
# --------------------------------------------------------------------------------------------------------


def _frags(node: Any) -> tuple[tuple[int, int], ...]:
    """A readout span, a list of spans, or null → sorted (start, end) fragments."""
    if not node:
        return ()
    items = node if isinstance(node, list) else [node]
    out = {(int(s["start"]), int(s["end"])) for s in items
           if isinstance(s, Mapping) and s.get("start") is not None and s.get("end") is not None}
    return tuple(sorted(out))


def readout_attributions(readout: Mapping[str, Any], shift: int = 0) -> list[Any]:
    """One ``polnear_eval.Attribution`` per readout quote (source = speaker_span, cue, content).

    ``shift`` is added to every offset (the readout's text is the input less its leading whitespace).
    """
    out = []
    for i, q in enumerate(readout.get("quotes") or []):
        content = _frags(q.get("content"))
        cue = _frags(q.get("cue"))
        if not content and not cue:
            continue
        source = _frags(q.get("speaker_span"))
        if shift:
            source, cue, content = (tuple((a + shift, b + shift) for a, b in f) for f in (source, cue, content))
        out.append(pe.Attribution(str(q.get("id", f"q{i + 1}")), source, cue, content))
    return out


# --------------------------------------------------------------------------------------------------------
# Part 1: PolNeAR
# --------------------------------------------------------------------------------------------------------


def read_metadata(path: Path) -> dict[str, dict[str, str]]:
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as f:
        return {row["filename"]: row for row in csv.DictReader(f, delimiter="\t")}


def _fmt(x: float) -> str:
    return f"{100 * x:.1f}"


def print_scores(title: str, scores: Any) -> None:
    print(f"{title}\n")
    print("| row | exact P | exact R | **exact F1** | overlap P | overlap R | **overlap F1** | lenient P | lenient R "
          "| **lenient F1** | gold items | system items |")
    print("|---|" + "---:|" * 11)
    for row in pe.ROWS:
        cells = []
        for mode in pe.MODES:
            c = scores[(mode, row)]
            cells += [_fmt(c.precision), _fmt(c.recall), f"**{_fmt(c.f1)}**"]
        c = scores[("exact", row)]
        print(f"| {row} | " + " | ".join(cells) + f" | {int(c.gold)} | {int(c.sys)} |")
    print()


def polnear_tables(folder: Path, split: str, limit: int | None, nlp: Any, verbose: bool) -> dict[str, Any]:
    data = folder / "data" / split
    if not (data / "text").is_dir():
        print(f"PolNeAR: skipped, {data} is absent (the corpus is in the project's shared data folder, not in "
              f"the repository: it has no licence for redistribution)\n")
        return {}
    docs = pe.read_split(data)[:limit]
    meta = read_metadata(folder / "data" / "metadata.tsv")
    problems = sum(len(d.problems) for d in docs)
    inputs = []
    for d in docs:
        m = meta.get(d.doc_id, {})
        inputs.append({"text": d.text, "id": d.doc_id, "title": m.get("title") or None,
                       "published": m.get("publication_date") or None, "outlet": m.get("publisher") or None})
    n_words = sum(len(d.text.split()) for d in docs)
    t0 = time.perf_counter()
    readouts = [r.to_dict() for r in backchannel.analyze(inputs, nlp)]
    elapsed = time.perf_counter() - t0
    all_scores, speech_scores = pe.Scores(), pe.Scores()
    systems = []
    for d, readout in zip(docs, readouts, strict=True):
        # the ingest strips the text; PolNeAR offsets are into the file as it is
        lead = len(d.text) - len(d.text.lstrip())
        if readout["text"] != d.text.strip():
            raise SystemExit(f"{d.doc_id}: the readout text differs from the input; offsets cannot be compared")
        system = readout_attributions(readout, lead)
        systems.append(system)
        all_scores.add(pe.score_document(d.text, d.attributions, system))
        speech_scores.add(pe.score_document(d.text, d.attributions, system, speech_only=True))
    n_quotes = sum(len(s) for s in systems)
    n_gold = sum(len(d.attributions) for d in docs)
    print(f"## PolNeAR {split} — **dev scores** ({len(docs)} articles, {n_words:,} words, {n_gold:,} gold "
          f"attributions; reader problems: {problems})\n")
    print(f"analyze: {elapsed:.1f} s, **{n_words / elapsed:,.0f} words/s** (one process, one core, all articles in "
          f"one call); {n_quotes} system quotes\n")
    print_scores("a) all PolNeAR attributions (percent; items: exact-match units)", all_scores)
    print_scores("b) speech-verb subset (cue contains a `SPEECH_VERBS` form, gold and system alike)", speech_scores)
    print("c) anchors (F1, percent; others' systems on other data or splits, for orientation only)\n")
    print("| system | data | measure | F1 |")
    print("|---|---|---|---:|")
    for row in ANCHORS:
        print("| " + " | ".join(row) + " |")
    a, s = all_scores, speech_scores
    print(f"| **Backchannel (this run)** | PolNeAR {split} | all spans exact / overlap | "
          f"{_fmt(a[('exact', 'all')].f1)} / {_fmt(a[('overlap', 'all')].f1)} |")
    print(f"| **Backchannel (this run)** | PolNeAR {split} | source / cue / content, exact | "
          f"{_fmt(a[('exact', 'source')].f1)} / {_fmt(a[('exact', 'cue')].f1)} / {_fmt(a[('exact', 'content')].f1)} |")
    print(f"| **Backchannel (this run)** | PolNeAR {split} | quotes, lenient (> 0.3); all / speech-verb subset | "
          f"{_fmt(a[('lenient', 'all')].f1)} / {_fmt(s[('lenient', 'all')].f1)} |")
    print()
    if verbose:
        print_errors(docs, systems)
    return {"split": split, "articles": len(docs), "words": n_words, "gold_attributions": n_gold,
            "system_quotes": n_quotes, "seconds": round(elapsed, 2), "words_per_s": round(n_words / elapsed, 1),
            "all": all_scores.to_dict(), "speech_verbs": speech_scores.to_dict()}


def print_errors(docs: Sequence[Any], systems: Sequence[Sequence[Any]], per_kind: int = 15) -> None:
    """Some gold speech attributions no quote matches (on content) and some quotes matching no attribution."""
    misses: list[str] = []
    extras: list[str] = []
    for d, system in zip(docs, systems, strict=True):
        gold_speech = [a for a in d.attributions if pe.is_speech_cue(pe.show(d.text, a.cue))]
        missed, _ = pe.unmatched(d.text, gold_speech, system)
        _, spurious = pe.unmatched(d.text, d.attributions, system)
        for a in missed:
            misses.append(f"- {d.doc_id}: [{pe.show(d.text, a.source, 40)}] [{pe.show(d.text, a.cue, 30)}] "
                          f"{pe.show(d.text, a.content)}")
        for a in spurious:
            extras.append(f"- {d.doc_id}: [{pe.show(d.text, a.source, 40)}] [{pe.show(d.text, a.cue, 30)}] "
                          f"{pe.show(d.text, a.content)}")
    print(f"Error analysis (stdout only; dev text is not to be stored). Missed speech-verb attributions: "
          f"{len(misses)}, first {per_kind} — [source] [cue] content:\n")
    print("\n".join(misses[:per_kind]) or "(none)")
    print(f"\nSystem quotes matching no gold attribution: {len(extras)}, first {per_kind}:\n")
    print("\n".join(extras[:per_kind]) or "(none)")
    print()


# --------------------------------------------------------------------------------------------------------
# Part 2: hand-annotated articles
# --------------------------------------------------------------------------------------------------------

def _listify(x: Any) -> list[Any]:
    return [] if x is None else x if isinstance(x, list) else [x]


@dataclass
class QuoteTally:
    gold: int = 0
    found: int = 0
    speaker: int = 0
    speaker_span: int = 0
    optional: list[int] = field(default_factory=lambda: [0, 0, 0])  # gold, found, right speaker
    by_kind: dict[str, list[int]] = field(default_factory=dict)  # kind -> [gold, found, right speaker]
    system: int = 0
    misses: list[str] = field(default_factory=list)


class GoldArticle:
    """A gold article's text as analysed (paragraphs joined by blank lines) with line offsets and actors."""

    def __init__(self, lines: Sequence[str], gold: Mapping[str, Any]) -> None:
        self.text = "\n\n".join(lines)
        self.line_start: dict[int, int] = {}
        pos = 0
        for i, line in enumerate(lines, 1):
            self.line_start[i] = pos
            pos += len(line) + 2
        self.actors = {a["id"]: a for a in gold.get("actors", [])}

    def span(self, line: int, contains: str) -> tuple[int, int] | None:
        j = self.text.find(contains, self.line_start.get(line, 0))
        if j < 0:
            j = self.text.find(contains)
        return (j, j + len(contains)) if j >= 0 else None

    def names(self, gid: str, pronouns: bool = False) -> set[str]:
        a = self.actors.get(gid)
        if a is None:
            return {norm_name(gid)}
        out = {norm_name(a["name"])} | {norm_name(x) for x in a.get("aliases", [])
                                        if pronouns or x.lower() not in PRONOUNS}
        return {x for x in out if x}

    def actor_is(self, actor: Mapping[str, Any] | None, gid: str) -> bool:
        if actor is None:
            return False
        names = self.names(gid)
        cand = {norm_name(actor.get("name", ""))}
        cand |= {norm_name(m.get("text", "")) for m in actor.get("mentions", [])
                 if m.get("text", "").lower() not in PRONOUNS}
        if names & {c for c in cand if c}:
            return True
        ga = self.actors.get(gid, {})
        if ga.get("kind") == "person" and actor.get("kind") == "person":
            surname = norm_name(actor.get("name", "")).split()[-1:]
            return bool(surname) and surname[0] in {n.split()[-1] for n in names if n}
        return False


def score_gold_quotes(gold: Mapping[str, Any], article: GoldArticle, readout: Mapping[str, Any],
                      tally: QuoteTally) -> None:
    """Add one article's quote counts to ``tally`` (see the module docstring)."""
    quotes = readout.get("quotes") or []
    actors = {a["id"]: a for a in readout.get("actors", [])}
    tally.system += len(quotes)
    for gq in gold.get("quotes") or []:
        sp = article.span(gq["line"], gq["contains"])
        if sp is None:
            tally.misses.append(f"gold text not found: line {gq['line']} {gq['contains'][:50]!r}")
            continue
        hits = [q for q in quotes if any(a < sp[1] and sp[0] < b for a, b in _frags(q.get("content")))]
        want = _listify(gq.get("speaker"))
        if not want:
            right = any(q.get("speaker") is None for q in hits)
        else:
            right = any(article.actor_is(actors.get(q.get("speaker")), g) for q in hits for g in want)
        surface = {n for g in want for n in article.names(g, pronouns=True)}
        span_ok = any(norm_name((q.get("speaker_span") or {}).get("text", "")) in surface for q in hits)
        if gq.get("optional"):
            tally.optional[0] += 1
            tally.optional[1] += bool(hits)
            tally.optional[2] += bool(hits) and right
            continue
        tally.gold += 1
        tally.found += bool(hits)
        tally.speaker += bool(hits) and right
        tally.speaker_span += bool(hits) and span_ok
        k = tally.by_kind.setdefault(gq.get("kind", "?"), [0, 0, 0])
        k[0] += 1
        k[1] += bool(hits)
        k[2] += bool(hits) and right
        if not hits:
            tally.misses.append(f"not found: line {gq['line']} {gq['kind']} {gq['contains'][:50]!r}")
        elif not right:
            got = ", ".join(str((actors.get(q.get("speaker")) or {}).get("name")) for q in hits)
            tally.misses.append(f"speaker wrong: line {gq['line']} {gq['contains'][:40]!r} want {want}, got {got}")


def gold_tables(nlp: Any, verbose: bool) -> dict[str, Any]:
    try:
        import yaml
    except ImportError:
        print("Gold articles: skipped, PyYAML is not installed\n")
        return {}
    folders = []
    golds = []
    for path in sorted(GOLD_DIR.glob("*/gold.yaml")):
        gold = yaml.safe_load(path.read_text(encoding="utf-8"))
        if gold.get("quotes"):
            folders.append(path.parent)
            golds.append(gold)
    if not folders:
        print("Gold articles: none lists quotes\n")
        return {}
    docs: list[dict[str, str | None]] = []
    articles: list[GoldArticle] = []
    for folder, gold in zip(folders, golds, strict=True):
        lines = (folder / "article.txt").read_text(encoding="utf-8").splitlines()
        article = GoldArticle(lines, gold)
        articles.append(article)
        docs.append({"id": folder.name, "text": article.text, "title": lines[0], "published": published(lines),
                     "outlet": "Wikinews"})
    t0 = time.perf_counter()
    readouts = [r.to_dict() for r in backchannel.analyze(docs, nlp)]
    elapsed = time.perf_counter() - t0
    tally = QuoteTally()
    for gold, article, readout in zip(golds, articles, readouts, strict=True):
        score_gold_quotes(gold, article, readout, tally)
    n_words = sum(len(article.text.split()) for article in articles)
    print(f"## Speaker resolution on hand-annotated articles ({len(docs)} Wikinews articles with `quotes:`, "
          f"{n_words:,} words, benchmarks/gold; analyze {elapsed:.1f} s)\n")
    print("| measure (non-optional gold quotes) | count | of | share |")
    print("|---|---:|---:|---:|")
    rows: list[tuple[str, str, int]] = [
        ("gold quotes found (a system quote's content overlaps)", str(tally.found), tally.gold),
        ("gold quotes found with the right speaker actor", str(tally.speaker), tally.gold),
        ("gold quotes found with the right speaker span text", str(tally.speaker_span), tally.gold)]
    rows += [(f"kind {kind}: found / right speaker", f"{v[1]} / {v[2]}", v[0])
             for kind, v in sorted(tally.by_kind.items())]
    rows += [("optional gold quotes: found / right speaker", f"{tally.optional[1]} / {tally.optional[2]}",
              tally.optional[0])]
    for name, count, of in rows:
        first = int(count.split(" / ")[0])
        print(f"| {name} | {count} | {of} | {first / of if of else 0:.3f} |")
    share = tally.speaker / tally.found if tally.found else 0
    print(f"| found quotes whose speaker actor is right | {tally.speaker} | {tally.found} | {share:.3f} |")
    print(f"| system quotes in these articles | {tally.system} | | |\n")
    if verbose and tally.misses:
        print("\n".join(f"- {m}" for m in tally.misses) + "\n")
    result = {"articles": len(docs), "words": n_words, "gold_quotes": tally.gold, "found": tally.found,
              "right_speaker": tally.speaker, "right_speaker_span": tally.speaker_span,
              "optional": tally.optional, "by_kind": tally.by_kind, "system_quotes": tally.system}
    if not SCORER.exists():
        print(f"Shared scorer: skipped, {SCORER} is absent (it is in the project's shared folder)\n")
        return result
    with tempfile.TemporaryDirectory() as tmp:
        gold_tmp, read_tmp = Path(tmp) / "gold", Path(tmp) / "readouts"
        read_tmp.mkdir()
        for folder, readout in zip(folders, readouts, strict=True):
            (gold_tmp / folder.name).mkdir(parents=True)
            for name in ("gold.yaml", "article.txt"):
                (gold_tmp / folder.name / name).symlink_to(folder / name)
            (read_tmp / f"{folder.name}.json").write_text(json.dumps(readout), encoding="utf-8")
        cmd = [sys.executable, str(SCORER), "--dir", str(gold_tmp), "--readouts", str(read_tmp), "--layer", "quotes"]
        if verbose:
            cmd.append("--verbose")
        out = subprocess.run(cmd, capture_output=True, text=True, check=False)
    print("Shared scorer (`score_readout.py --layer quotes`, same articles):\n")
    print("```")
    lines = (out.stdout + out.stderr).rstrip().splitlines()
    # --verbose lists every layer's misses; the totals are already limited to quotes
    print("\n".join(x for x in lines if not x.startswith("  - ") or "quote" in x))
    print("```\n")
    result["shared_scorer"] = out.stdout.strip().splitlines()
    return result


def main(argv: Iterable[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--polnear", type=Path, default=POLNEAR, help="the PolNeAR folder (with data/dev/...)")
    ap.add_argument("--split", choices=("dev", "train"), default="dev", help="the test split is withheld")
    ap.add_argument("--limit", type=int, default=None, help="only the first N PolNeAR articles")
    ap.add_argument("--model", default=None)
    ap.add_argument("--verbose", action="store_true", help="print misses and false positives (stdout only)")
    ap.add_argument("--json", type=Path, default=None, help="also write all numbers to this JSON file")
    ap.add_argument("--no-gold", action="store_true", help="skip the hand-annotated articles")
    ap.add_argument("--gold-only", action="store_true", help="skip PolNeAR")
    args = ap.parse_args(None if argv is None else list(argv))
    t0 = time.perf_counter()
    nlp = backchannel.load_pipeline(model=args.model)
    machine = bench_common.print_machine(nlp, t0)
    result: dict[str, Any] = {"machine": machine, "date": dt.date.today().isoformat()}
    if not args.gold_only:
        result["polnear"] = polnear_tables(args.polnear, args.split, args.limit, nlp, args.verbose)
    if not args.no_gold:
        result["gold"] = gold_tables(nlp, args.verbose)
    print(f"total wall time: {time.perf_counter() - t0:.1f} s")
    if args.json:
        bench_common.write_json(args.json, result)


if __name__ == "__main__":
    main()
