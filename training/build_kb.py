"""Build the shipped actor knowledge base (``src/backchannel/data/kb``) from open data: ``make kb``.

Reads the Phoenix/PETRARCH dictionaries and GUM from ``../shared/data`` (see its README for licences),
the curated tables already in the output folder, and ISO data from rigour and pycountry (the ``dev``
extra). Prints what it counted; the same counts go to ``CREDITS.md`` beside the knowledge base. Then
writes ``data/actors/common_words.txt`` (``backchannel.kb.common_words``) from the built knowledge base.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from backchannel.kb.base import KnowledgeBase  # noqa: E402
from backchannel.kb.build import build, read_common_words  # noqa: E402
from backchannel.kb.common_words import write_common_words  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data",
                        help="the shared data folder (default ../shared/data)")
    parser.add_argument("--out", type=Path, default=ROOT / "src" / "backchannel" / "data" / "kb")
    parser.add_argument("--no-gum", action="store_true", help="leave out GUM's Wikidata links")
    parser.add_argument("--common-words", type=Path,
                        default=ROOT / "src" / "backchannel" / "data" / "actors" / "common_words.txt",
                        help="where to write the knowledge base's names that are common words")
    args = parser.parse_args()
    phoenix = args.data / "events" / "phoenix_dictionaries"
    gum = args.data / "corpora" / "gum"
    if not phoenix.exists():
        sys.exit(f"missing {phoenix}: the Phoenix dictionaries are needed (see ../shared/data/README.md)")
    started = time.perf_counter()
    report = build(args.out, phoenix, None if args.no_gum or not gum.exists() else gum, args.data / "corpora")
    for key, value in sorted(report.counts.items()):
        print(f"{key:32} {value:>8}")
    print(f"skipped malformed date codes    {len(report.skipped_codes):>8}")
    common = read_common_words(args.data / "corpora")
    n_common = write_common_words(args.common_words, KnowledgeBase.load(args.out), common)
    print(f"common words written            {n_common:>8} ({args.common_words})")
    size = sum(p.stat().st_size for p in args.out.iterdir() if p.is_file())
    print(f"written to {args.out} ({size / 1e6:.2f} MB) in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
