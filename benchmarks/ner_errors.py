#!/usr/bin/env python
"""Error analysis of the pipeline's NER against Universal NER (PER/ORG/LOC), by kind of error.

Usage::

    python benchmarks/ner_errors.py [--model PATH] [--data ../shared/data/corpora] [--split dev|test]
                                    [--examples N] [--json OUT]

Each sentence's ``# text`` is run alone (as in ``benchmarks/model.py``). Every gold span is put in one class:
``correct`` (same span and label), ``label`` (same span, other label; NORP counts as a label here),
``boundary`` (an overlapping prediction with the same label; sub-kinds say what differs: a leading
determiner, a possessive ending, a title, a final period, or other), ``boundary+label`` or ``missed``.
Predictions overlapping no gold span are ``spurious``. The ``fixable`` line gives the F1 the model would
have if every determiner / possessive / title / period boundary error were right: the most a rule in the
assembled pipeline could gain. The ``what if`` lines score two post-hoc rules on the same predictions:
dropping PER/ORG/LOC entities in which the tagger sees no proper noun, and relabelling an entity whose
exact text is a name or alias of one kind only in the shipped actor knowledge base (person, organisation,
country or place).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_common  # noqa: F401  (first: one thread before spaCy loads numpy)

# isort: split
import conll_eval as ce
from model import DEFAULT_DATA, PRED_TO_UNER, UNER_LABELS, load_model, resolve_path

SETS = {
    "dev": "uner_english/en_ewt/en_ewt-ud-dev.iob2.gz",
    "test": "uner_english/en_ewt/en_ewt-ud-test.iob2.gz",
    "pud": "uner_english/en_pud/en_pud-ud-test.iob2.gz",
}
PRED_MAP = {**PRED_TO_UNER, "NORP": "NORP"}
DETERMINERS = ("the ", "The ", "a ", "an ")
POSSESSIVES = ("'s", "’s", "'", "’")
TITLES = ("Mr. ", "Mrs. ", "Ms. ", "Dr. ", "President ", "Prime Minister ", "Minister ", "Sen. ", "Gov. ",
          "Gen. ", "Secretary ", "King ", "Queen ", "Prince ", "Senator ", "Governor ", "General ")
FIXABLE = ("determiner", "possessive", "title", "period")
KB = Path(__file__).resolve().parents[1] / "src" / "backchannel" / "data" / "kb" / "actors.jsonl"
KB_KINDS = {"person": "PER", "organization": "ORG", "country": "LOC", "place": "LOC"}


def kb_labels(path: Path = KB) -> dict[str, str]:
    """Names and aliases of the knowledge base that have one UNER label only."""
    kinds: dict[str, set[str]] = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            entry = json.loads(line)
            label = KB_KINDS.get(entry.get("kind", ""))
            if label is not None:
                for name in [entry["name"], *entry.get("aliases", [])]:
                    kinds.setdefault(name, set()).add(label)
    return {name: next(iter(labels)) for name, labels in kinds.items() if len(labels) == 1}


def what_if(doc: Any, kb: Mapping[str, str]) -> dict[str, list[ce.Span]]:
    """The doc's PER/ORG/LOC predictions under each post-hoc rule (see the module docstring)."""
    variants: dict[str, list[ce.Span]] = {"as predicted": [], "drop if no PROPN": [], "KB label": []}
    for ent in doc.ents:
        label = PRED_TO_UNER.get(ent.label_)
        if label is None:
            continue
        span = ce.Span(ent.start_char, ent.end_char, label)
        variants["as predicted"].append(span)
        if any(token.pos_ == "PROPN" for token in ent):
            variants["drop if no PROPN"].append(span)
        variants["KB label"].append(ce.Span(span.start, span.end, kb.get(ent.text, label)))
    return variants


def boundary_kind(text: str, gold: ce.Span, pred: ce.Span) -> str:
    """What differs between two overlapping spans of ``text``."""
    g, p = text[gold.start:gold.end], text[pred.start:pred.end]
    longer, shorter = (p, g) if len(p) > len(g) else (g, p)
    if longer.endswith(shorter):
        head = longer[: len(longer) - len(shorter)]
        if head in DETERMINERS:
            return "determiner"
        if head in TITLES:
            return "title"
    if longer.startswith(shorter):
        tail = longer[len(shorter):]
        if tail in POSSESSIVES:
            return "possessive"
        if tail == ".":
            return "period"
    return "other (pred longer)" if len(p) > len(g) else "other (pred shorter)"


def classify(item: ce.NerSentence, preds: Sequence[ce.Span]) -> tuple[list[tuple[str, str, str]], list[ce.Span]]:
    """(class, gold label, example line) for each gold span; predictions that overlap no gold span."""
    rows: list[tuple[str, str, str]] = []
    for gold in item.spans:
        overlapping = [p for p in preds if p.start < gold.end and gold.start < p.end]
        exact = [p for p in overlapping if (p.start, p.end) == (gold.start, gold.end)]
        gold_text = item.text[gold.start:gold.end]
        if exact:
            kind = "correct" if exact[0].label == gold.label else f"label ({gold.label}->{exact[0].label})"
            rows.append((kind, gold.label, f"{gold_text!r} {gold.label}->{exact[0].label}"))
            continue
        if not overlapping:
            rows.append(("missed", gold.label, f"{gold_text!r} {gold.label} in: {item.text[:120]!r}"))
            continue
        pred = overlapping[0]
        kind = boundary_kind(item.text, gold, pred)
        prefix = "boundary" if pred.label == gold.label else "boundary+label"
        rows.append((f"{prefix}: {kind}", gold.label,
                     f"gold {gold_text!r} {gold.label} / pred {item.text[pred.start:pred.end]!r} {pred.label}"))
    spurious = [p for p in preds if p.label != "NORP"
                and not any(p.start < g.end and g.start < p.end for g in item.spans)]
    return rows, spurious


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--model", help="pipeline directory (default: the shipped one)")
    ap.add_argument("--data", default=str(DEFAULT_DATA))
    ap.add_argument("--split", choices=sorted(SETS), default="dev")
    ap.add_argument("--examples", type=int, default=3, help="examples printed per class (default 3)")
    ap.add_argument("--json", dest="json_out", help="also write the counts to this JSON file")
    args = ap.parse_args(argv)
    path = resolve_path(args.data) / SETS[args.split]
    if not path.exists():
        print(f"error: {path} not found (pass --data)", file=sys.stderr)
        return 2
    nlp, model_path = load_model(args.model)
    items = ce.read_iob2(path)
    classes: Counter[str] = Counter()
    by_label: Counter[tuple[str, str]] = Counter()
    spurious: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    n_pred = 0
    kb = kb_labels() if KB.exists() else {}
    rules: dict[str, ce.SpanScores] = {}
    for item, doc in zip(items, nlp.pipe([i.text for i in items], batch_size=256), strict=True):
        preds = ce.map_spans([(e.start_char, e.end_char, e.label_) for e in doc.ents], PRED_MAP)
        n_pred += sum(1 for p in preds if p.label in UNER_LABELS)
        rows, extra = classify(item, preds)
        for rule, spans in what_if(doc, kb).items():
            rules.setdefault(rule, ce.SpanScores()).__iadd__(ce.score_spans(item.spans, spans, UNER_LABELS))
        for kind, label, example in rows:
            classes[kind] += 1
            by_label[(label, kind.split(":")[0].split(" (")[0])] += 1
            examples.setdefault(kind, []).append(example)
        for p in extra:
            spurious[p.label] += 1
            context = f"{item.text[p.start:p.end]!r} in: {item.text[:120]!r}"
            examples.setdefault(f"spurious {p.label}", []).append(context)
    n_gold = sum(classes.values())
    correct = classes["correct"]
    fixable = sum(n for k, n in classes.items() if k.startswith("boundary: ") and k.split(": ")[1] in FIXABLE)

    def f1(tp: int) -> float:
        return 2 * tp / (n_gold + n_pred) if n_gold + n_pred else 0.0

    print(f"## NER errors: {args.split} ({SETS[args.split]}), model {model_path}")
    print(f"gold spans {n_gold}, predicted PER/ORG/LOC {n_pred}, exact F1 {100 * f1(correct):.2f}; "
          f"fixable boundary errors {fixable} (F1 {100 * f1(correct + fixable):.2f} if all fixed)")
    print("what if: " + "; ".join(f"{rule} F1 {100 * scores.micro.f1:.2f} (P {100 * scores.micro.precision:.2f}, "
                                  f"R {100 * scores.micro.recall:.2f})" for rule, scores in rules.items()))
    print("\n| class | gold spans | share of gold |\n|---|---:|---:|")
    for kind, n in classes.most_common():
        print(f"| {kind} | {n} | {100 * n / n_gold:.1f}% |")
    print("\n| gold label | " + " | ".join(k for k in ("correct", "label", "boundary", "boundary+label", "missed"))
          + " |\n|---|---:|---:|---:|---:|---:|")
    for label in UNER_LABELS:
        cells = [str(by_label[(label, k)]) for k in ("correct", "label", "boundary", "boundary+label", "missed")]
        print(f"| {label} | " + " | ".join(cells) + " |")
    print("\nspurious predictions (overlapping no gold span): "
          + ", ".join(f"{label} {n}" for label, n in spurious.most_common()))
    if args.examples:
        for kind in sorted(examples):
            if kind == "correct":
                continue
            print(f"\n{kind}:")
            for example in examples[kind][: args.examples]:
                print(f"  {example}")
    if args.json_out:
        payload: dict[str, Any] = {"split": args.split, "model": model_path, "gold": n_gold, "pred": n_pred,
                                   "classes": dict(classes), "spurious": dict(spurious), "fixable": fixable,
                                   "what_if": {rule: sc.micro.f1 for rule, sc in rules.items()}}
        Path(args.json_out).write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
