"""How well ``backchannel.analyze`` codes events: ConfliBERT pentaclass sentences and PETRARCH unit-test records.

The anchor data is read at run time from ``../shared/data/events`` (``--data DIR``); a part whose files are absent is
skipped with a message. Nothing of it is written anywhere except to stdout (``--verbose``) and the numbers in
``--json``. Readers, class mappings and scores are in ``benchmarks/events_eval.py`` (its docstring defines the
pentaclasses and how a readout event's PLOVER ``type`` and ``cameo`` code map to them).

Part 1, ConfliBERT ``cameo_train_joined.jsonl``: 1,349 news sentences (Reuters, AP, BBC, Xinhua, …) selected with
CAMEO verb patterns, each labelled with the CAMEO pentaclass of its event, 934 also with source / target /
reciprocal spans. This is the **train split, used as a development set** (the test split is withheld), so these
are **dev scores**. Each sentence is analysed as one document.

* **main event**: the event a sentence's label is compared with. ``first``: the first in text order (trigger
  start); ``severest``: the most conflictual class (4 > 3 > 2 > 1 > 0), the first of equals. ``any`` is an oracle
  (right when any event has the gold class), an upper bound for the choice of main event.
* **pentaclass accuracy**: over all sentences; a sentence without a system event (or whose main event maps to no
  class) is wrong (every ConfliBERT sentence has a gold event). Scheme ``conflibert`` (the headline: CAMEO roots
  as ConfliBERT's annotators label them, root 16 "reduce relations" — sanctions, embargoes, expulsions, aid
  suspensions — in class 3 verbal conflict, see ``events_eval.CONFLIBERT_ROOTS`` for the evidence), ``cameo`` (the
  plain root ranges, 16 in class 4) and ``plover`` (the PLOVER manual's quad table) are all shown.
* **class 0**: PLOVER drops CAMEO 01-02 (statements, appeals), and the readout keeps them as quotes and claims,
  not events, so two further rows are shown beside the all-sentence accuracy: the accuracy over the sentences whose
  gold class is 1-4 only, and the all-sentence accuracy where a gold class 0 sentence counts as right when it has
  no event and its readout has at least one quote or claim (a lenient reading: the quote or claim is not checked
  against the statement's content).
* **coverage**: share of sentences with at least one event; **extra events / sentence**: events beyond the one
  gold event, averaged over all sentences.
* **per-class precision / recall**: from the main event's class (sentence level); the confusion matrix shows gold
  class × predicted class (``none``: no event or no class).
* **source / target right**: over sentences with gold spans and at least one system event: a role is right when
  a mention of one of the event's source (target) actors overlaps a gold source (target) span — a reciprocal span
  counts for both — or when gold has no span for the role and the event names no actor for it; "both" needs the
  two. Shown for the main event (and for main events of the right class) and for the best event in the sentence.
  Rows marked "(actors or role phrases)" also accept the phrases the event gives for each role (``source_spans``,
  ``target_spans``: "18 people", "a village", named actor or not; PLOVER allows generic participants): a role is
  right when an actor mention or a role phrase overlaps the gold span, or when gold has no span and the event
  names no participant. The actor-only rows measure resolution to actors, the phrase rows the role filling.
  "gold marks both roles": only sentences whose annotation has a source and a target span (148 of the 934 mark no
  target, often where the sentence has one: "X attacked an army base"), so a named target is not held against us.

Part 2, PETRARCH unit-test records (``petrarch2/petr_unittest.jsonl``, 284 fictional sentences, 359 expected
(source, target, CAMEO) triples; ``date`` → ``meta.published``). Expected actor codes come from PETRARCH's toy
dictionaries; each system source / target actor gets codes by looking its name and mentions up in those
dictionaries (``events_eval.codes_for_text``), and a role is right when the three-letter root agrees
(``DAGGOV`` ~ ``DAG``; ``dyad exact`` needs the full code). Gold triples and system events are matched one to one
(maximum matching) at each level (recall = matched / gold triples): any event, same pentaclass, same PLOVER type
(gold CAMEO → CAMEO2PLOVER; the toy 21x/22x/34x/80x/90x/91x codes have no type or class), right source, target,
both, and combinations. ``noevents`` records are right when nothing is coded; ``error`` records (PETRARCH's input
checks) are skipped. The expected codes follow the toy verb dictionary, not CAMEO semantics everywhere: this is a
functional check, not an ontology gold standard.

Anchors (from the issue; others' systems on other data, for orientation only): a naive first-verb lexicon lookup
gets 34.5 % on 16-way PLOVER types and 52 % on CAMEO pentaclass; UniversalPetrarch 44 % recall at 315 % extra
events. Targets: pentaclass accuracy ≥ 0.80 with < 0.2 extra events per sentence, and right source and target for
≥ 0.75 of found events.

Usage: python benchmarks/events.py [--limit N] [--verbose] [--json OUT] [--data DIR] [--model PATH]
                                   [--no-conflibert] [--no-petrarch]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # this folder: bench_common and the other siblings
import bench_common  # first: it sets one thread before spaCy loads numpy

# isort: split
import events_eval as ee

import backchannel

DATA = bench_common.SHARED / "data" / "events"
TARGETS = {"accuracy": 0.80, "extra": 0.2, "both": 0.75}


def _f(x: float) -> str:
    return f"{x:.3f}"


def analyze_all(docs: Sequence[Mapping[str, Any]], nlp: Any) -> tuple[list[dict[str, Any]], list[int], float]:
    """Readouts, the offset shift of each (input text vs readout text), and the seconds ``analyze`` took."""
    t0 = time.perf_counter()
    readouts = [r.to_dict() for r in backchannel.analyze(docs, nlp)]
    elapsed = time.perf_counter() - t0
    shifts = []
    for doc, readout in zip(docs, readouts, strict=True):
        shift = 0 if readout["text"] == doc["text"] else str(doc["text"]).find(readout["text"])
        if shift < 0:
            raise SystemExit(f"{doc.get('id')}: the readout text differs from the input; offsets cannot be compared")
        shifts.append(shift)
    return readouts, shifts, elapsed


def describe(event: Mapping[str, Any], readout: Mapping[str, Any]) -> str:
    names = {a["id"]: a.get("name") for a in readout.get("actors") or []}
    src = ", ".join(str(names.get(i)) for i in event.get("source") or []) or "-"
    tgt = ", ".join(str(names.get(i)) for i in event.get("target") or []) or "-"
    trig = (event.get("trigger") or {}).get("text")
    return (f"{event.get('type')}/{event.get('cameo') or '-'} [{trig}] ({src} → {tgt}) "
            f"class {ee.event_penta(event, ee.HEADLINE)}")


# --------------------------------------------------------------------------------------------------------
# Part 1: ConfliBERT
# --------------------------------------------------------------------------------------------------------


def conflibert_tables(path: Path, limit: int | None, nlp: Any, verbose: bool) -> dict[str, Any]:
    if not path.exists():
        print(f"ConfliBERT: skipped, {path} is absent (GPL-3.0 data with third-party news text, kept in the "
              f"project's shared data folder, never in the repository)\n")
        return {}
    sentences = ee.read_conflibert(path)[:limit]
    docs = [{"text": s.text, "id": f"conflibert-train-{s.idx}"} for s in sentences]
    n_words = sum(len(s.text.split()) for s in sentences)
    readouts, shifts, elapsed = analyze_all(docs, nlp)
    scores = ee.ConflibertScores()
    decisions = [ee.score_conflibert(s, r, scores, shift)
                 for s, r, shift in zip(sentences, readouts, shifts, strict=True)]

    print(f"## ConfliBERT CAMEO train split as a **development set** — dev scores ({len(sentences)} sentences, "
          f"{n_words:,} words, {scores.with_spans} with source/target spans; {scores.unlocated_spans} gold span "
          f"texts not located in their sentence)\n")
    print(f"analyze: {elapsed:.1f} s, **{n_words / elapsed:,.0f} words/s** (one process, one core, one document per "
          f"sentence, all in one call); {scores.system_events} system events\n")

    print("a) summary\n")
    print("| measure | value | target |")
    print("|---|---:|---:|")
    print(f"| coverage (sentences with ≥ 1 event) | {_f(scores.coverage)} | |")
    print(f"| events / sentence | {scores.system_events / max(scores.sentences, 1):.3f} | |")
    print(f"| **extra events / sentence** (beyond the one gold event) | **{_f(scores.extra_per_sentence)}** | "
          f"< {TARGETS['extra']} |")
    for scheme in ee.SCHEMES:
        for rule in (*ee.MAIN_RULES, "any"):
            t = scores.classes.get((rule, scheme))
            if t is None:
                continue
            bold = rule == "first" and scheme == ee.HEADLINE
            label = f"pentaclass accuracy, main event {rule}" if rule != "any" else "pentaclass accuracy, any event " \
                "(oracle)"
            acc = f"**{_f(t.accuracy)}**" if bold else _f(t.accuracy)
            print(f"| {'**' + label + '**' if bold else label}, scheme {scheme} | {acc} | "
                  f"{'≥ ' + str(TARGETS['accuracy']) if bold else ''} |")
    first_right = scores.classes[("first", ee.HEADLINE)].right
    print(f"| pentaclass accuracy on sentences with an event (first, {ee.HEADLINE}) | "
          f"{_f(first_right / max(scores.with_event, 1))} | |")
    events_only, quote_credit = class0_views(sentences, readouts, decisions)
    print(f"| pentaclass accuracy on sentences whose gold class is 1-4 (first, {ee.HEADLINE}; class 0 statements and "
          f"appeals are not events by design) | {_f(events_only[0] / max(events_only[1], 1))} "
          f"({events_only[0]} / {events_only[1]}) | |")
    print(f"| pentaclass accuracy, all sentences, a gold class 0 counted right when the sentence has no event and "
          f"the readout has a quote or claim (first, {ee.HEADLINE}) | {_f(quote_credit[0] / max(quote_credit[1], 1))} "
          f"({quote_credit[0]} / {quote_credit[1]}) | |")
    for key in ("first", "severest", f"first{ee.PHRASES}"):
        d = scores.dyads.get(key)
        if d:
            s, t, b = d.shares()
            bold = key.startswith("first")
            print(f"| source / target / **both** right, main event {key} ({d.found} found events) | "
                  f"{_f(s)} / {_f(t)} / {'**' + _f(b) + '**' if bold else _f(b)} | "
                  f"{'both ≥ ' + str(TARGETS['both']) if bold else ''} |")
    print()

    print(f"b) per-class precision / recall / F1 (sentence level, from the main event's class; scheme {ee.HEADLINE})\n")
    print("| gold class | gold | first: pred | P | R | F1 | severest: pred | P | R | F1 |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    first = scores.classes[("first", ee.HEADLINE)].per_class()
    severest = scores.classes[("severest", ee.HEADLINE)].per_class()
    for c, name in enumerate(ee.PENTA_NAMES):
        p1, r1, f1, g, n1 = first[c]
        p2, r2, f2, _, n2 = severest[c]
        print(f"| {c} {name} | {g} | {n1} | {_f(p1)} | {_f(r1)} | {_f(f1)} | {n2} | {_f(p2)} | {_f(r2)} | "
              f"{_f(f2)} |")
    print()

    print(f"c) confusion matrix, main event first, scheme {ee.HEADLINE} (rows: gold class; columns: predicted)\n")
    conf = scores.classes[("first", ee.HEADLINE)].confusion
    cols: list[int | None] = [*range(len(ee.PENTA_NAMES)), None]
    print("| gold \\ predicted | " + " | ".join(ee.PENTA_SHORT) + " | none |")
    print("|---|" + "---:|" * len(cols))
    for c in range(len(ee.PENTA_NAMES)):
        print(f"| {ee.PENTA_SHORT[c]} | " + " | ".join(str(conf[(c, p)]) for p in cols) + " |")
    print()

    print("d) source / target right (sentences with gold spans and ≥ 1 system event)\n")
    print("| event compared | found | source | target | both |")
    print("|---|---:|---:|---:|---:|")
    keys = ("first", "first, right class", "first, gold marks both roles", "severest", "severest, right class", "any")
    for key in (*keys, *(k + ee.PHRASES for k in keys)):
        d = scores.dyads.get(key)
        if d is None:
            continue
        s, t, b = d.shares()
        print(f"| {key} | {d.found} | {_f(s)} | {_f(t)} | {_f(b)} |")
    if not scores.dyads:
        print("| (no sentence with gold spans has a system event) | 0 | | | |")
    print()

    if scores.type_counts:
        print("e) system event types (all events)\n")
        print("| type | events | class (scheme cameo, no code; SANCTION is 3 in scheme conflibert) |")
        print("|---|---:|---:|")
        for etype, n in scores.type_counts.most_common():
            print(f"| {etype} | {n} | {ee.TYPE_PENTA.get(etype, '-')} |")
        print()

    if verbose:
        print_conflibert_errors(sentences, readouts, decisions)
    return {"split": "train (development set)", "sentences": len(sentences), "words": n_words,
            "seconds": round(elapsed, 2), "words_per_s": round(n_words / elapsed, 1) if elapsed else None,
            "accuracy_gold_1_4": {"right": events_only[0], "of": events_only[1]},
            "accuracy_class0_as_quote_or_claim": {"right": quote_credit[0], "of": quote_credit[1]},
            **scores.to_dict()}


def class0_views(sentences: Sequence[Any], readouts: Sequence[Mapping[str, Any]],
                 decisions: Sequence[Mapping[str, Any]]) -> tuple[tuple[int, int], tuple[int, int]]:
    """Two readings of class 0 (CAMEO 01-02 statements and appeals, which the readout keeps as quotes and
    claims, not events): (right, of) over the sentences whose gold class is 1-4; and (right, of) over all
    sentences where a gold class 0 sentence is right when it has no event and its readout has a quote or claim."""
    right_events = of_events = right_all = 0
    for s, r, d in zip(sentences, readouts, decisions, strict=True):
        predicted = d.get(f"first/{ee.HEADLINE}")
        if s.penta != 0:
            of_events += 1
            right_events += predicted == s.penta
            right_all += predicted == s.penta
        elif predicted == 0 or (not d["events"] and (r.get("quotes") or r.get("claims"))):
            right_all += 1
    return (right_events, of_events), (right_all, len(sentences))


def print_conflibert_errors(sentences: Sequence[Any], readouts: Sequence[Mapping[str, Any]],
                            decisions: Sequence[Mapping[str, Any]], per_kind: int = 15) -> None:
    wrong: list[str] = []
    dyad: list[str] = []
    for s, r, d in zip(sentences, readouts, decisions, strict=True):
        events = d["events"]
        shown = "; ".join(describe(e, r) for e in events) or "no event"
        if d.get(f"first/{ee.HEADLINE}") != s.penta:
            wrong.append(f"- #{s.idx} gold {s.penta}, first {d.get(f'first/{ee.HEADLINE}')}: {shown}\n  {s.text}")
        verdict = d.get("dyad/first")
        if verdict is not None and not all(verdict):
            src = " | ".join(s.text[a:b] for a, b in s.sources) or "-"
            tgt = " | ".join(s.text[a:b] for a, b in s.targets) or "-"
            dyad.append(f"- #{s.idx} gold ({src} → {tgt}); first event {describe(events[0], r)} "
                        f"source {'ok' if verdict[0] else 'wrong'}, target {'ok' if verdict[1] else 'wrong'}\n"
                        f"  {s.text}")
    print(f"Error analysis (stdout only; the ConfliBERT text is not to be stored). Wrong class (first event): "
          f"{len(wrong)}, first {per_kind}:\n")
    print("\n".join(wrong[:per_kind]) or "(none)")
    print(f"\nWrong source or target (first event): {len(dyad)}, first {per_kind}:\n")
    print("\n".join(dyad[:per_kind]) or "(none)")
    print()


# --------------------------------------------------------------------------------------------------------
# Part 2: PETRARCH unit-test records
# --------------------------------------------------------------------------------------------------------


def petrarch_tables(folder: Path, plover_map: Path, limit: int | None, nlp: Any, verbose: bool) -> dict[str, Any]:
    path = folder / "petr_unittest.jsonl"
    if not path.exists() or not (folder / "PETR.Validate.actors.txt").exists() or not plover_map.exists():
        print(f"PETRARCH: skipped, {path}, the toy dictionaries or {plover_map} are absent (anchor data in the "
              f"project's shared data folder, not in the repository)\n")
        return {}
    records = ee.read_petrarch(path)[:limit]
    book = ee.read_toy_dictionary(folder)
    table = ee.read_cameo_plover(plover_map)
    docs = [{"text": r.text, "id": r.id, "published": r.date} for r in records]
    n_words = sum(len(r.text.split()) for r in records)
    readouts, _, elapsed = analyze_all(docs, nlp)
    scores = ee.PetrScores()
    decisions = [ee.score_petrarch(rec, r, book, table, scores) for rec, r in zip(records, readouts, strict=True)]
    scored = scores.scored_sentences()
    print(f"## PETRARCH unit-test records ({len(records)} records: {scores.records} with expected events, "
          f"{scores.noevent_records} expecting none, {scores.skipped_errors} error records skipped; "
          f"{scores.gold_triples} expected triples, {scores.gold_classed} with a real CAMEO root, "
          f"{scores.gold_typed} with a PLOVER type; {n_words:,} words)\n")
    print(f"analyze: {elapsed:.1f} s, {n_words / elapsed:,.0f} words/s; {scores.system_events} system events\n")
    print("a) summary\n")
    print("| measure | count | of | share |")
    print("|---|---:|---:|---:|")
    print(f"| records with ≥ 1 event (coverage, scored records) | {scores.with_event} | {scored} | "
          f"{_f(scores.with_event / max(scored, 1))} |")
    print(f"| extra events (beyond the expected count) per scored record | {scores.extra_events} | {scored} | "
          f"{_f(scores.extra_events / max(scored, 1))} |")
    print(f"| extra events per expected triple (UniversalPetrarch: 3.15) | {scores.extra_events} | "
          f"{scores.gold_triples} | {_f(scores.extra_events / max(scores.gold_triples, 1))} |")
    print(f"| `noevents` records with no event | {scores.noevent_clean} | {scores.noevent_records} | "
          f"{_f(scores.noevent_clean / max(scores.noevent_records, 1))} |")
    denominators = {"penta": scores.gold_classed, "type": scores.gold_typed, "penta+dyad": scores.gold_classed,
                    "type+dyad": scores.gold_typed}
    for level in ee.PETR_LEVELS:
        of = denominators.get(level, scores.gold_triples)
        print(f"| expected triples recalled: {level} | {scores.matched[level]} | {of} | "
              f"{_f(scores.matched[level] / max(of, 1))} |")
    print()
    print("b) per PLOVER type (records whose expected codes all map; multiset match per record)\n")
    print("| type | gold | system | P | R | F1 |")
    print("|---|---:|---:|---:|---:|---:|")
    for etype in (*ee.PLOVER_TYPES, *sorted(set(scores.type_prf) - set(ee.PLOVER_TYPES))):
        row = scores.type_prf.get(etype)
        if row:
            p, r, f = ee.prf(row)
            print(f"| {etype} | {row[0]} | {row[1]} | {_f(p)} | {_f(r)} | {_f(f)} |")
    print()
    print("c) per pentaclass (records whose expected codes all have a CAMEO root 01-20)\n")
    print("| class | gold | system | P | R | F1 |")
    print("|---|---:|---:|---:|---:|---:|")
    for c, name in enumerate(ee.PENTA_NAMES):
        row = scores.penta_prf.get(c)
        if row:
            p, r, f = ee.prf(row)
            print(f"| {c} {name} | {row[0]} | {row[1]} | {_f(p)} | {_f(r)} | {_f(f)} |")
    print()
    if verbose:
        print_petrarch_errors(records, readouts, decisions)
    result = {"records": len(records), "words": n_words, "seconds": round(elapsed, 2),
              "words_per_s": round(n_words / elapsed, 1) if elapsed else None, **scores.to_dict()}
    return result


def print_petrarch_errors(records: Sequence[Any], readouts: Sequence[Mapping[str, Any]],
                          decisions: Sequence[Mapping[str, Any]], limit: int = 20) -> None:
    lines = []
    for rec, r, d in zip(records, readouts, decisions, strict=True):
        if d.get("skipped"):
            continue
        want = len(rec.expected)
        if d["matched"].get("penta+dyad", 0) == want and len(d["events"]) == want:
            continue
        exp = "; ".join(f"{g.source}→{g.target} {g.cameo}" for g in rec.expected) or "none"
        got = "; ".join(describe(e, r) for e in ee.readout_events(r)) or "none"
        codes = "; ".join(f"{sorted(e.source_codes)}→{sorted(e.target_codes)}" for e in d["events"])
        lines.append(f"- {rec.id}: expected {exp}\n  system {got}\n  codes {codes or '-'}\n  {rec.text}")
    print(f"PETRARCH records not fully right (penta + dyad, and no extra event): {len(lines)}, first {limit}:\n")
    print("\n".join(lines[:limit]) or "(none)")
    print()


# --------------------------------------------------------------------------------------------------------


def anchors_table(result: Mapping[str, Any]) -> None:
    print("## Anchors (others' systems on other data, from the issue; for orientation only) and this run\n")
    print("| system | data | measure | value |")
    print("|---|---|---|---:|")
    print("| naive first-verb lexicon lookup | (issue) | accuracy, 16-way PLOVER types | 0.345 |")
    print("| naive first-verb lexicon lookup | (issue) | accuracy, CAMEO pentaclass | 0.52 |")
    print("| UniversalPetrarch | (issue) | recall / extra events | 0.44 / 3.15 |")
    print(f"| target | | pentaclass accuracy / extra per sentence / both roles right | ≥ {TARGETS['accuracy']} / "
          f"< {TARGETS['extra']} / ≥ {TARGETS['both']} |")
    cb = result.get("conflibert") or {}
    if cb:
        acc = cb["classes"][f"first/{ee.HEADLINE}"]["accuracy"]
        both = cb["dyads"].get("first", {}).get("both_share")
        extra = cb["extra_events"] / max(cb["sentences"], 1)
        print(f"| **Backchannel (this run)** | ConfliBERT train (dev) | pentaclass accuracy / extra per sentence / "
              f"both roles right | {acc:.3f} / {extra:.3f} / {'-' if both is None else f'{both:.3f}'} |")
    pt = result.get("petrarch") or {}
    if pt:
        typed = pt["gold_typed"] or 1
        print(f"| **Backchannel (this run)** | PETRARCH unit tests | PLOVER type recall (one-to-one) | "
              f"{pt['matched'].get('type', 0) / typed:.3f} |")
        print(f"| **Backchannel (this run)** | PETRARCH unit tests | recall (any event) / extra per expected triple | "
              f"{pt['matched'].get('event', 0) / max(pt['gold_triples'], 1):.3f} / "
              f"{pt['extra_events'] / max(pt['gold_triples'], 1):.3f} |")
    print()


def main(argv: Iterable[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DATA, help="the shared events data folder")
    ap.add_argument("--limit", type=int, default=None, help="only the first N sentences / records of each part")
    ap.add_argument("--model", default=None)
    ap.add_argument("--verbose", action="store_true", help="print examples of errors (stdout only)")
    ap.add_argument("--json", type=Path, default=None, help="also write all numbers to this JSON file")
    ap.add_argument("--no-conflibert", action="store_true")
    ap.add_argument("--no-petrarch", action="store_true")
    args = ap.parse_args(None if argv is None else list(argv))
    t0 = time.perf_counter()
    nlp = backchannel.load_pipeline(model=args.model)
    machine = bench_common.print_machine(nlp, t0, f"; components {', '.join(nlp.pipe_names)}")
    result: dict[str, Any] = {"machine": machine, "date": dt.date.today().isoformat()}
    if not args.no_conflibert:
        result["conflibert"] = conflibert_tables(args.data / "conflibert_cameo" / "cameo_train_joined.jsonl",
                                                 args.limit, nlp, args.verbose)
    if not args.no_petrarch:
        result["petrarch"] = petrarch_tables(args.data / "petrarch2", args.data / "plover" / "cameo_plover_map.tsv",
                                             args.limit, nlp, args.verbose)
    anchors_table(result)
    print(f"total wall time: {time.perf_counter() - t0:.1f} s")
    if args.json:
        bench_common.write_json(args.json, result)


if __name__ == "__main__":
    main()
