"""What the benchmark scripts share: one thread, where things are, the machine line, gold-article helpers.

Import it first, before anything that loads numpy (spaCy, ``backchannel``): importing it pins the numeric
libraries' thread pools to one thread, so that speeds are per core. The scripts find it (and their other
sibling modules) by putting this folder on ``sys.path``::

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import bench_common
"""

from __future__ import annotations

import json
import os
import platform
import re
import time
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

# One core: must be set before numpy (imported by spaCy) starts its thread pools.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOLD_DIR = ROOT / "benchmarks" / "gold"
SCORER = SHARED / "tools" / "score_readout.py"


def cpu_model() -> str | None:
    """The CPU's model name from ``/proc/cpuinfo``; None where that cannot be read."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def cpu_name() -> str:
    return cpu_model() or platform.processor() or platform.machine()


def machine_line(nlp: Any) -> str:
    """The "machine: …" line's text: CPU, cores, Python, spaCy and the pipeline ``nlp``'s name and version."""
    import spacy.about  # loaded already with ``nlp``; not here, so that this module loads before numpy

    return (f"{cpu_name()}, {os.cpu_count()} cores (one used); Python {platform.python_version()}, "
            f"spaCy {spacy.about.__version__}; pipeline {nlp.meta.get('name')} {nlp.meta.get('version')}")


def print_machine(nlp: Any, since: float, extra: str = "") -> str:
    """Print the "machine: …" line (with ``extra`` and the seconds since ``since``, a ``time.perf_counter()``
    taken before loading ``nlp``) and a blank line; return the line's text (less the time) for ``--json``."""
    machine = machine_line(nlp) + extra
    print(f"machine: {machine} (loaded in {time.perf_counter() - since:.1f} s)\n")
    return machine


def write_json(path: Path, result: Any) -> None:
    """The ``--json`` file: all numbers (anything JSON cannot write, such as a Path, as its text)."""
    path.write_text(json.dumps(result, indent=1, default=str) + "\n", encoding="utf-8")


def example_texts(words: int) -> tuple[int, int, list[str]]:
    """The speed benchmarks' texts: the bundled example articles cut into groups of six paragraphs, repeated
    to reach about ``words`` whitespace words, each copy with a distinct last line so that no cache makes a
    repeat cheaper. Returns (groups, repetitions, texts)."""
    paragraphs = [p for f in sorted((ROOT / "examples/articles").glob("*.txt"))
                  for p in f.read_text("utf-8").split("\n\n") if p.strip()]
    base_words = sum(len(p.split()) for p in paragraphs)
    articles = ["\n\n".join(paragraphs[i:i + 6]) for i in range(0, len(paragraphs), 6)]
    reps = max(1, words // base_words)
    return len(articles), reps, [f"{t}\n\n(Copy {r}.)" for r in range(reps) for t in articles]


def best_alternating(rounds: int, *runs: Callable[[], object],
                     after_round: Callable[[], None] | None = None) -> list[float]:
    """Time each of ``runs`` once per round, in turn, for ``rounds`` rounds; the best seconds of each.
    Alternating keeps a shared machine's changing load from favouring one of them."""
    best = [float("inf")] * len(runs)
    for _ in range(rounds):
        for i, run in enumerate(runs):
            start = time.perf_counter()
            run()
            best[i] = min(best[i], time.perf_counter() - start)
        if after_round is not None:
            after_round()
    return best


def drain(items: Any) -> None:
    """Consume an iterator (a pipeline's output) without keeping it."""
    for _ in items:
        pass


def rss_mb() -> float:
    """This process's resident memory in MB (Linux ``/proc/self/statm``)."""
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


# --------------------------------------------------------------------------------------------------------
# Hand-annotated gold articles (benchmarks/gold/<slug>/article.txt)
# --------------------------------------------------------------------------------------------------------

def norm_name(text: str) -> str:
    """Compare names the way a reader would: case, diacritics, punctuation, a leading article, a final 's."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).replace("’", "'").lower().strip()
    text = re.sub(r"^(the|a|an) ", "", text)
    text = re.sub(r"'s?$", "", text)
    return re.sub(r"[^a-z0-9 ]+", "", text).strip()


def published(lines: Sequence[str]) -> str | None:
    """The ISO date of the article's dateline (line 2, "Friday, August 21, 2015"), read as the
    package reads a plain-text article's date line."""
    from backchannel.ingest.readers import dateline

    return dateline("\n".join(lines[:3]))
