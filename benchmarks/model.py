#!/usr/bin/env python
"""Benchmark the Backchannel spaCy pipeline on raw text (CoNLL 2018 shared-task convention).

Usage (from anywhere; relative paths are tried against the current directory, then the repository root)::

    python benchmarks/model.py [--model PATH] [--ner-model PATH] [--data ../shared/data/corpora]
                               [--limit N] [--json OUT] [--split test|dev]

For each gold sentence the pipeline gets the sentence's ``# text`` alone (one sentence per doc); predicted
tokens are aligned to gold words by character span and every score is an F1 over gold/predicted words (see
``benchmarks/conll_eval.py``). NER is exact span+label F1 over PER/ORG/LOC on Universal NER, and per label on
re3d. Prints markdown tables (data, machine, numbers); ``--json`` writes all numbers too.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # this folder: bench_common, conll_eval
import bench_common  # first: it sets one thread before spaCy loads numpy

# isort: split
import conll_eval as ce

if TYPE_CHECKING:
    from spacy.language import Language

REPO = bench_common.ROOT
DEFAULT_MODEL = REPO / "src" / "backchannel" / "models" / "en_backchannel_core"
DEFAULT_DATA = REPO / ".." / "shared" / "data" / "corpora"

# (row name, CoNLL-U file, UNER file giving the row's NER columns)
UD_SETS: tuple[tuple[str, str, str | None], ...] = (
    ("EWT test", "ud_english_ewt/en_ewt-ud-test.conllu.gz", "UNER EWT test"),
    ("GUM test", "gum/gum-test.conllu.gz", None),
    ("PUD", "ud_english_pud/en_pud-ud-test.conllu.gz", "UNER PUD"),
)
UNER_SETS: tuple[tuple[str, str], ...] = (
    ("UNER EWT test", "uner_english/en_ewt/en_ewt-ud-test.iob2.gz"),
    ("UNER PUD", "uner_english/en_pud/en_pud-ud-test.iob2.gz"),
)
# ``--split dev``: the development sets, for choosing between models (PUD and re3d have no dev split).
DEV_UD_SETS: tuple[tuple[str, str, str | None], ...] = (
    ("EWT dev", "ud_english_ewt/en_ewt-ud-dev.conllu.gz", "UNER EWT dev"),
    ("GUM dev", "gum/gum-dev.conllu.gz", None),
)
DEV_UNER_SETS: tuple[tuple[str, str], ...] = (
    ("UNER EWT dev", "uner_english/en_ewt/en_ewt-ud-dev.iob2.gz"),
)
UNER_LABELS = ("PER", "ORG", "LOC")
PRED_TO_UNER = {"PERSON": "PER", "PER": "PER", "ORG": "ORG", "LOC": "LOC", "GPE": "LOC", "FAC": "LOC"}
RE3D_LABELS = ("PER", "ORG", "LOC", "NORP")
RE3D_TO_LABEL = {"Person": "PER", "Organisation": "ORG", "Location": "LOC", "Nationality": "NORP"}
PRED_TO_RE3D = {**PRED_TO_UNER, "NORP": "NORP"}
SPEED_ROUNDS = 3
SPEED_BATCH = 256


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------------------------


def resolve_path(value: str) -> Path:
    """A path as given if it exists (relative to cwd), else relative to the repository root."""
    path = Path(value).expanduser()
    if path.is_absolute() or path.exists():
        return path.resolve()
    return (REPO / path).resolve()


def load_model(value: str | None) -> tuple[Language, str]:
    """Load ``value`` (a pipeline directory) or the default shipped pipeline; exit with a message if none."""
    import spacy

    if value is not None:
        path = resolve_path(value)
        if not path.exists():
            sys.exit(f"error: model not found: {value} (tried {path})")
        return spacy.load(path), str(path)
    if DEFAULT_MODEL.exists():
        return spacy.load(DEFAULT_MODEL), str(DEFAULT_MODEL)
    try:
        from backchannel import load_pipeline  # type: ignore[attr-defined]
    except ImportError as exc:
        sys.exit(
            f"error: no --model given, {DEFAULT_MODEL} does not exist and backchannel.load_pipeline is not "
            f"importable ({exc}); pass --model PATH"
        )
    nlp: Language = load_pipeline(extractors=False)
    return nlp, "backchannel.load_pipeline(extractors=False)"


def model_name(nlp: Language) -> str:
    meta = nlp.meta
    return f"{meta.get('lang', '?')}_{meta.get('name', '?')} {meta.get('version', '?')}"


def machine_info() -> dict[str, Any]:
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 0
    return {
        "processor": platform.processor() or platform.machine(),
        "cpu_model": bench_common.cpu_model() or "unknown",
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
    }


# --------------------------------------------------------------------------------------------------------
# Evaluation
# --------------------------------------------------------------------------------------------------------

EntCache = dict[str, list[tuple[int, int, str]]]


@dataclass
class UDResult:
    """Scores of one UD set (overall and by genre) plus which annotations the pipeline produced."""

    overall: ce.UDScores = field(default_factory=ce.UDScores)
    by_genre: dict[str, ce.UDScores] = field(default_factory=dict)
    available: set[str] = field(default_factory=set)
    skipped: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "overall": self.overall.as_dict(),
            "by_genre": {g: s.as_dict() for g, s in sorted(self.by_genre.items())},
            "available": sorted(self.available),
            "skipped_sentences": self.skipped,
        }


ANNOTATIONS = {"upos": "POS", "xpos": "TAG", "ufeats": "MORPH", "lemma": "LEMMA", "uas": "DEP", "las": "DEP"}


def eval_ud(
    nlp: Language,
    sentences: Sequence[ce.GoldSentence],
    batch_size: int,
    ent_cache: EntCache | None,
) -> UDResult:
    """Run ``nlp`` on each sentence's text and accumulate CoNLL 2018 scores (overall and per genre)."""
    result = UDResult()
    texts = [s.text for s in sentences]
    for sent, doc in zip(sentences, nlp.pipe(texts, batch_size=batch_size), strict=True):
        for metric, attr in ANNOTATIONS.items():
            if metric not in result.available and doc.has_annotation(attr):
                result.available.add(metric)
        n_sents = sum(1 for _ in doc.sents) if doc.has_annotation("SENT_START") else 1
        scores = ce.score_sentence(sent, ce.pred_words_from_doc(doc), n_sents)
        result.overall += scores
        if sent.genre:
            result.by_genre.setdefault(sent.genre, ce.UDScores()).__iadd__(scores)
        if ent_cache is not None:
            ent_cache[sent.text] = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    return result


def predict_entities(
    nlp: Language, texts: Sequence[str], batch_size: int, cache: EntCache
) -> list[list[tuple[int, int, str]]]:
    """Predicted ``(start, end, label)`` entities per text, reusing (and filling) ``cache``."""
    todo = list(dict.fromkeys(t for t in texts if t not in cache))
    for text, doc in zip(todo, nlp.pipe(todo, batch_size=batch_size), strict=True):
        cache[text] = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    return [cache[t] for t in texts]


def eval_ner(
    nlp: Language,
    items: Sequence[ce.NerSentence],
    pred_map: Mapping[str, str],
    labels: Sequence[str],
    batch_size: int,
    cache: EntCache,
) -> ce.SpanScores:
    """Exact span F1 of ``nlp``'s entities (relabelled by ``pred_map``) against the gold spans."""
    total = ce.SpanScores()
    predictions = predict_entities(nlp, [item.text for item in items], batch_size, cache)
    for item, ents in zip(items, predictions, strict=True):
        total += ce.score_spans(item.spans, ce.map_spans(ents, pred_map), labels)
    return total


def _rel(path: Any) -> str:
    """A path as shown in the report: relative to the repository root, never this machine's own."""
    return os.path.relpath(Path(str(path)).resolve(), REPO) if Path(str(path)).exists() else str(path)


def _time_pipe(nlp: Language, texts: Sequence[str], disable: Sequence[str] = ()) -> tuple[float, int]:
    with nlp.select_pipes(disable=list(disable)):
        list(nlp.pipe(texts[:64], batch_size=SPEED_BATCH))  # warm-up
        seconds = float("inf")
        for _ in range(SPEED_ROUNDS):  # best of several: the first pass still pays for allocations
            start = time.perf_counter()
            docs = list(nlp.pipe(texts, batch_size=SPEED_BATCH))
            seconds = min(seconds, time.perf_counter() - start)
    words = sum(1 for doc in docs for tok in doc if not tok.is_space)
    return seconds, words


def measure_speed(nlp: Language, ner_nlp: Language, texts: Sequence[str]) -> list[dict[str, Any]]:
    """Words per second with and without NER (separate NER model: times are summed)."""
    rows: list[dict[str, Any]] = []

    def row(name: str, pipes: Sequence[str], seconds: float, words: int) -> None:
        rows.append({
            "pipeline": name, "components": list(pipes), "texts": len(texts), "words": words,
            "seconds": seconds, "words_per_second": words / seconds if seconds else 0.0,
        })

    has_ner = "ner" in nlp.pipe_names
    if has_ner:
        log("speed: full pipeline")
        seconds, words = _time_pipe(nlp, texts)
        row("full pipeline", nlp.pipe_names, seconds, words)
    log("speed: without NER")
    base_seconds, base_words = _time_pipe(nlp, texts, ["ner"] if has_ner else [])
    base_pipes = [p for p in nlp.pipe_names if p != "ner"]
    if ner_nlp is not nlp and "ner" in ner_nlp.pipe_names and not has_ner:
        log("speed: separate NER model")
        ner_seconds, _ = _time_pipe(ner_nlp, texts)
        row("model + ner-model (sum)", base_pipes + [f"ner-model:{p}" for p in ner_nlp.pipe_names],
            base_seconds + ner_seconds, base_words)
    row("without NER", base_pipes, base_seconds, base_words)
    return rows


# --------------------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------------------


def pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.2f}"


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    rule = "|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|"
    lines = ["| " + " | ".join(header) + " |", rule]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def ud_row(
    name: str, scores: ce.UDScores, available: set[str], ner: ce.SpanScores | None
) -> list[str]:
    def metric(key: str) -> str:
        return pct(getattr(scores, key).f1) if key in available else "–"

    micro = ner.micro if ner is not None else None
    return [
        name, str(scores.sentences), str(scores.words.gold), pct(scores.words.f1), metric("upos"),
        metric("lemma"), metric("uas"), metric("las"),
        pct(micro.precision) if micro else "–", pct(micro.recall) if micro else "–",
        pct(micro.f1) if micro else "–",
    ]


def ner_row(name: str, texts: int, scores: ce.SpanScores) -> list[str]:
    micro = scores.micro

    def label_f1(label: str) -> str:
        counts = scores.labels.get(label)
        return pct(counts.f1) if counts is not None and counts.gold + counts.pred else "–"

    return [
        name, str(texts), str(micro.gold), pct(micro.precision), pct(micro.recall), pct(micro.f1),
        *(label_f1(label) for label in RE3D_LABELS), pct(scores.overlap["f1"]),
    ]


# --------------------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", help=f"pipeline directory (default: {DEFAULT_MODEL.relative_to(REPO)})")
    parser.add_argument("--ner-model", help="pipeline used for NER (default: same as --model)")
    parser.add_argument("--data", default=str(DEFAULT_DATA),
                        help="corpora folder (default: ../shared/data/corpora)")
    parser.add_argument("--limit", type=int, default=0,
                        help="at most N sentences per set (re3d: whole documents, up to N sentences "
                        "in all); 0 = all")
    parser.add_argument("--json", dest="json_out", help="also write all numbers to this JSON file")
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--re3d-min-confidence", type=float, default=0.5,
                        help="keep re3d gold entities with at least this confidence (default 0.5)")
    parser.add_argument("--no-speed", action="store_true", help="skip the speed measurement")
    parser.add_argument("--split", choices=("test", "dev"), default="test",
                        help="test (default): EWT/GUM/PUD test, UNER EWT/PUD test and re3d; dev: EWT dev, "
                        "GUM dev and UNER EWT dev only (for model selection; no speed)")
    return parser.parse_args(argv)


def limited(items: list[Any], limit: int) -> list[Any]:
    return items[:limit] if limit > 0 else items


def limit_re3d(
    docs: list[ce.Re3dDocument], limit: int, sent_counts: Mapping[str, int]
) -> list[ce.Re3dDocument]:
    if limit <= 0:
        return docs
    kept: list[ce.Re3dDocument] = []
    total = 0
    for doc in docs:
        n = sent_counts.get(doc.sent_id, 1)
        if kept and total + n > limit:
            break
        kept.append(doc)
        total += n
    return kept


def re3d_sentence_counts(root: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for path in sorted(root.glob("*/documents.json*")):
        for line in ce.open_text(path).splitlines():
            if line.strip():
                doc = json.loads(line)
                counts[doc["_id"]] = int(doc.get("sentenceCount") or 1)
    return counts


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    data = resolve_path(args.data) if args.data != str(DEFAULT_DATA) else DEFAULT_DATA.resolve()
    if not data.is_dir():
        print(f"error: data folder not found: {data}\n(the corpora live outside the repository in "
              f"../shared/data/corpora; pass --data PATH)", file=sys.stderr)
        return 2

    import spacy

    nlp, model_path = load_model(args.model)
    if args.ner_model is None:
        ner_nlp, ner_path = nlp, model_path
    else:
        ner_nlp, ner_path = load_model(args.ner_model)
    has_ner = "ner" in ner_nlp.pipe_names
    machine = machine_info()
    report: dict[str, Any] = {
        "date": _dt.datetime.now().isoformat(timespec="seconds"),
        "model": {"path": model_path, "name": model_name(nlp), "pipes": nlp.pipe_names},
        "ner_model": {"path": ner_path, "name": model_name(ner_nlp), "pipes": ner_nlp.pipe_names},
        "spacy": spacy.__version__,
        "machine": machine,
        "data": str(data),
        "limit": args.limit,
        "ud": {},
        "ner": {},
        "speed": [],
        "notes": [],
    }
    notes: list[str] = report["notes"]

    ent_cache: EntCache = {}
    share_cache = ner_nlp is nlp and has_ner

    # NER sets first computed lazily so the UD rows can show them.
    ner_results: dict[str, tuple[int, ce.SpanScores]] = {}
    ud_results: dict[str, tuple[UDResult, str | None]] = {}
    dev = args.split == "dev"
    ud_sets, uner_sets = (DEV_UD_SETS, DEV_UNER_SETS) if dev else (UD_SETS, UNER_SETS)
    for name, rel, uner_name in ud_sets:
        path = data / rel
        if not path.exists():
            notes.append(f"{name}: {rel} missing, skipped")
            continue
        errors: list[str] = []
        sentences = limited(ce.read_conllu(path, errors), args.limit)
        log(f"{name}: {len(sentences)} sentences")
        result = eval_ud(nlp, sentences, args.batch_size, ent_cache if share_cache else None)
        result.skipped = errors
        if errors:
            notes.append(f"{name}: {len(errors)} sentences skipped (tokens do not align to # text)")
        ud_results[name] = (result, uner_name)
        report["ud"][name] = result.as_dict()

    if has_ner:
        for name, rel in uner_sets:
            path = data / rel
            if not path.exists():
                notes.append(f"{name}: {rel} missing, skipped")
                continue
            errors = []
            items = limited(ce.read_iob2(path, errors), args.limit)
            log(f"{name}: {len(items)} sentences")
            ner_results[name] = (len(items), eval_ner(ner_nlp, items, PRED_TO_UNER, UNER_LABELS,
                                                      args.batch_size, ent_cache))
            if errors:
                notes.append(f"{name}: {len(errors)} sentences skipped (tokens do not align to # text)")
        re3d_root = data / "re3d"
        if not dev and re3d_root.is_dir():
            errors = []
            docs = ce.read_re3d(re3d_root, RE3D_TO_LABEL, args.re3d_min_confidence, errors)
            docs = limit_re3d(docs, args.limit, re3d_sentence_counts(re3d_root))
            log(f"re3d: {len(docs)} documents")
            ner_results["re3d"] = (len(docs), eval_ner(ner_nlp, docs, PRED_TO_RE3D, RE3D_LABELS,
                                                       args.batch_size, ent_cache))
            notes.append(
                f"re3d: whole documents as input; gold = Person/Organisation/Location/Nationality with "
                f"confidence >= {args.re3d_min_confidence} (nominal mentions such as 'rebels' included, "
                f"overlapping spans kept); {len(errors)} entity values differ from the text at their offsets "
                f"(quote/newline normalisation), offsets used"
            )
        elif not dev:
            notes.append("re3d: folder missing, skipped")
        for name, (n, scores) in ner_results.items():
            report["ner"][name] = {"texts": n, **scores.as_dict()}
    else:
        notes.append(f"NER: {ner_path} has no 'ner' component, NER not evaluated")

    if not args.no_speed and not dev and "EWT test" in ud_results:
        errors = []
        # Timed on whole documents (the sentences of each EWT test document joined), as the pipeline
        # runs on articles; one sentence per call would mostly time per-call overhead.
        texts = []
        last_doc = None
        for sent in limited(ce.read_conllu(data / UD_SETS[0][1], errors), args.limit):
            if sent.doc_id != last_doc or not texts:
                texts.append(sent.text)
                last_doc = sent.doc_id
            else:
                texts[-1] += " " + sent.text
        report["speed"] = measure_speed(nlp, ner_nlp, texts)

    # ---- print ----
    out: list[str] = ["## Backchannel pipeline benchmark (raw text, CoNLL 2018 convention)", ""]
    out.append(f"- model: `{report['model']['name']}` ({_rel(model_path)}); pipes: {', '.join(nlp.pipe_names)}")
    if ner_nlp is not nlp:
        out.append(f"- NER model: `{report['ner_model']['name']}` ({_rel(ner_path)}); pipes: "
                   f"{', '.join(ner_nlp.pipe_names)}")
    sets = "UD EWT dev, GUM dev, UNER EWT dev" if dev else "UD EWT test, GUM test, UD PUD test, UNER EWT/PUD test, re3d"
    out.append(f"- data: {_rel(data)} ({sets})"
               + (f"; limit {args.limit} sentences per set" if args.limit else ""))
    out.append(f"- machine: {machine['processor']}, {machine['cpu_model']}, {machine['cores']} cores "
               f"({machine['usable_cores']} usable), speed on 1 thread; Python {machine['python']}, "
               f"spaCy {spacy.__version__}")
    out.append("- protocol: one sentence's `# text` per doc; words aligned by character span; "
               "all scores F1 (%), punctuation included; LAS on universal relations; NER exact span+label")
    out.append("")
    header = ["set", "sentences", "words", "tokens F1", "UPOS", "lemma", "UAS", "LAS",
              "NER P", "NER R", "NER F1"]
    rows: list[list[str]] = []
    for name, (result, uner_name) in ud_results.items():
        ner = ner_results[uner_name][1] if uner_name in ner_results else None
        rows.append(ud_row(name, result.overall, result.available, ner))
        for genre, scores in sorted(result.by_genre.items()):
            rows.append(ud_row(f"{name} {genre}", scores, result.available, None))
    out += [table(header, rows), ""]
    if ner_results:
        header = ["NER set", "texts", "gold ents", "P", "R", "F1",
                  *(f"{label} F1" for label in RE3D_LABELS), "overlap F1"]
        out += [table(header, [ner_row(n, k, s) for n, (k, s) in ner_results.items()]), ""]
    if report["speed"]:
        header = ["pipeline", "EWT test documents", "words", "seconds", "words/s"]
        speed_rows = [[r["pipeline"], str(r["texts"]), str(r["words"]), f"{r['seconds']:.2f}",
                       f"{r['words_per_second']:,.0f}"] for r in report["speed"]]
        out += [table(header, speed_rows), ""]
    split = {n: r.overall for n, (r, _) in ud_results.items()}
    notes.append("tokens F1 = CoNLL 2018 'Words' (syntactic words aligned by span; MWT words by LCS of "
                 "forms); sentences split by the pipeline: "
                 + ", ".join(f"{n} {s.split_sentences}/{s.sentences}" for n, s in split.items()))
    out += [f"- {note}" for note in notes]
    print("\n".join(out))

    if args.json_out:
        payload = json.dumps(report, indent=2, ensure_ascii=False) + "\n"
        Path(args.json_out).write_text(payload, encoding="utf-8")
        log(f"wrote {args.json_out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
