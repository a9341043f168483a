"""Why PolNeAR attributions are missed: each gold attribution of a split put in one error class, counts only.

Every article is parsed by the shipped pipeline (``load_pipeline``, extractors on); its ``doc._.quotes`` become
system attributions (source = ``speaker_span``, cue, content), compared with ``polnear_eval``'s trimming. Each
gold attribution falls in the first class that fits:

1. ``right`` — a system quote's cue overlaps the gold cue, and every fragment of the gold cue, source and
   content is a fragment of the same role of some system quote (exact, after trimming);
2. ``cue extent wrong`` / ``source wrong`` / ``content wrong`` / ``source and content wrong`` — a system
   quote's cue overlaps the gold cue, but a fragment of the gold cue, source or content is not among the
   system's fragments of that role in the document (exact, as ``polnear_eval`` scores roles);
3. ``content found, other cue`` — no cue overlaps, but a system quote's content overlaps the gold content;
4. missed outright, by the gold cue's words in the parse: ``verb cue in lexicon`` (a verb whose lemma is a
   ``cues.tsv`` verb: a rule found no complement or dropped it), ``verb cue not in lexicon``, ``noun cue in
   lexicon``, ``noun cue not in lexicon``, ``"according to"``, ``punctuation cue`` (":" or a dash), ``other
   cue`` (adjectives, prepositions, "in his view" …).

PolNeAR has no licence for its text: only counts and, with ``--lemmas``, the most frequent lemmas of missed
cues go to stdout, for error analysis (they must not be copied into shipped lexicons).

Usage: python benchmarks/attribution_errors.py [--split dev] [--limit N] [--lemmas N] [--speech] [--json OUT]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # this folder: bench_common and the other siblings
import bench_common  # first: it sets one thread before spaCy loads numpy

# isort: split
import polnear_eval as pe
from attribution import POLNEAR

import backchannel
from backchannel.quotes import load_lexicon

CLASSES = ("right", "cue extent wrong", "source wrong", "content wrong", "source and content wrong",
           "content found, other cue", "verb cue in lexicon", "verb cue not in lexicon", "noun cue in lexicon",
           "noun cue not in lexicon", '"according to"', "punctuation cue", "other cue")


def _trimmed(text: str, frags: pe.Fragments) -> set[tuple[int, int]]:
    return {pe.trim(text, a, b) for a, b in frags}


def _overlaps(a: pe.Fragments, b: pe.Fragments) -> bool:
    return any(s < e2 and s2 < e for s, e in a for s2, e2 in b)


def _frag(span: Any) -> pe.Fragments:
    return () if span is None else ((span.start_char, span.end_char),)


def classify(text: str, doc: Any, gold: pe.Attribution, system: list[pe.Attribution], lexicon: Any) -> tuple[str, str]:
    """The error class of ``gold`` and the lemma of its cue's main word (for ``--lemmas``)."""
    g_src, g_cue, g_con = (_trimmed(text, f) for f in (gold.source, gold.cue, gold.content))
    lemma = ""
    tokens = [t for a, b in gold.cue for t in doc.char_span(a, b, alignment_mode="expand") or ()]
    verbs = [t for t in tokens if t.pos_ == "VERB"] + [t for t in tokens if t.pos_ == "AUX"]
    nouns = [t for t in tokens if t.pos_ == "NOUN"]
    main = (verbs or nouns or [t for t in tokens if not t.is_punct] or [None])[0]
    if main is not None:
        lemma = f"{main.lemma_.lower()}/{main.pos_}"
    found = [s for s in system if _overlaps(s.cue, gold.cue)]
    if found:
        # as the exact score counts them: each gold fragment of a role is right when any system quote of the
        # document has that fragment in the same role
        src_ok = g_src <= {f for s in system for f in _trimmed(text, s.source)}
        cue_ok = g_cue <= {f for s in system for f in _trimmed(text, s.cue)}
        con_ok = g_con <= {f for s in system for f in _trimmed(text, s.content)}
        if src_ok and con_ok:
            return ("right" if cue_ok else "cue extent wrong"), lemma
        return ("content wrong" if src_ok else "source wrong" if con_ok else "source and content wrong"), lemma
    if any(_overlaps(s.content, gold.content) for s in system):
        return "content found, other cue", lemma
    words = " ".join(t.lower_ for t in tokens)
    if "according" in words:
        return '"according to"', lemma
    if verbs:
        cue_lemmas = {t.lemma_.lower() for t in verbs}
        return ("verb cue in lexicon" if cue_lemmas & set(lexicon.verbs) else "verb cue not in lexicon"), lemma
    if nouns:
        cue_lemmas = {t.lemma_.lower() for t in nouns}
        return ("noun cue in lexicon" if cue_lemmas & set(lexicon.nouns) else "noun cue not in lexicon"), lemma
    if tokens and all(t.is_punct for t in tokens):
        return "punctuation cue", lemma
    return "other cue", lemma


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", default="dev")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--lemmas", type=int, default=0, help="print the N most frequent cue lemmas of each miss class")
    ap.add_argument("--examples", default="", help="print up to 40 gold/system pairs of this class (stdout only)")
    ap.add_argument("--speech", action="store_true", help="only gold attributions with a speech-verb cue")
    ap.add_argument("--polnear", type=Path, default=POLNEAR)
    ap.add_argument("--model", default=None)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    data = args.polnear / "data" / args.split
    if not (data / "text").is_dir():
        print(f"PolNeAR: {data} is absent")
        return
    docs = pe.read_split(data)[:args.limit]
    nlp = backchannel.load_pipeline(model=args.model)
    lexicon = load_lexicon()
    counts: Counter[str] = Counter()
    lemmas: dict[str, Counter[str]] = {c: Counter() for c in CLASSES}
    shown = 0
    for d, doc in zip(docs, nlp.pipe([d.text for d in docs], batch_size=8), strict=True):
        system = [pe.Attribution(f"q{i}", _frag(q.speaker_span), _frag(q.cue), _frag(q.content))
                  for i, q in enumerate(doc._.quotes)]
        for gold in d.attributions:
            if args.speech and not pe.is_speech_cue(pe.show(d.text, gold.cue)):
                continue
            cls, lemma = classify(d.text, doc, gold, system, lexicon)
            if cls == args.examples and shown < 40:
                shown += 1
                near = [s for s in system if _overlaps(s.cue, gold.cue) or _overlaps(s.content, gold.content)]
                print(f"GOLD [{pe.show(d.text, gold.source, 40)}] [{pe.show(d.text, gold.cue, 30)}] "
                      f"{pe.show(d.text, gold.content, 200)}")
                for s in near[:2]:
                    print(f" SYS [{pe.show(d.text, s.source, 40)}] [{pe.show(d.text, s.cue, 30)}] "
                          f"{pe.show(d.text, s.content, 200)}")
            counts[cls] += 1
            lemmas[cls][lemma] += 1
    total = sum(counts.values())
    subset = "speech-verb subset" if args.speech else "all attributions"
    print(f"machine: {bench_common.machine_line(nlp)}")
    print(f"PolNeAR {args.split}, {len(docs)} articles, {total} gold attributions ({subset})\n")
    print("| class | gold attributions | share |")
    print("|---|---:|---:|")
    for cls in CLASSES:
        print(f"| {cls} | {counts[cls]} | {100 * counts[cls] / max(total, 1):.1f} % |")
    if args.lemmas:
        print("\nMost frequent cue lemmas per class (error analysis only, stdout):")
        for cls in CLASSES[1:]:
            top = ", ".join(f"{w} {n}" for w, n in lemmas[cls].most_common(args.lemmas))
            print(f"- {cls}: {top}")
    if args.json is not None:
        bench_common.write_json(args.json, {"split": args.split, "subset": subset, "counts": dict(counts)})


if __name__ == "__main__":
    main()
