"""How well ``backchannel.analyze`` finds and groups actors: GUM coreference and hand-annotated articles.

Part 1, GUM (``--split test`` by default, or ``dev``; report dev scores as dev scores). Each document's text
is rebuilt from the treebank (``coref_eval.read_gum``), analysed with the shipped pipeline and all
extractors, and every readout actor becomes one system cluster of its mention spans. Definitions:

* **named entities** (table a): GUM entities of type ``person``, ``organization`` or ``place`` that have at
  least one mention whose syntactic head is tagged ``PROPN``; the evaluated gold mentions are exactly those
  PROPN-headed mentions ("Charles Bolden", "NASA Administrator Charles Bolden", "the Kennedy Space
  Center"; not "he", "the agency", "Florida's coast" whose head is "coast"), clusters = GUM entity ids.
* **all mentions** (table b): every mention (pronouns, nominals, names) of those named entities.
* System mentions are matched to *all* gold mentions of the document, one-to-one, by the lenient ``head``
  rule (inside the gold span and touching its min-span) or by ``exact`` character span. A system mention
  matched to an evaluated gold mention takes that mention's identity. One matched to another person,
  organization or place mention (a nominal in table a; a mention of an unnamed entity such as "the
  parents") is left out: it is right, just not what the table measures. One matched to a mention of another
  type (an event, an abstract, a date) or to nothing is a spurious (twinless) mention; in table a only
  name-like system mentions (not a pronoun, an upper-case letter somewhere) are counted this way.
* Scores (``coref_eval``): mention detection P/R, MUC, B³ and CEAF-e under the ``keep`` policy (spurious
  mentions lower precision, as in the CoNLL-2012 reference scorer) and B³ F1 under ``drop`` (only gold-matched
  system mentions). The issue's target: named-entity B³ F1 ≥ 0.85 (lenient matching, ``keep``).
* Table c: table a by genre. "news" is GUM's Wikinews news genre (two documents per split, so the row is
  noisy); "interview" is also Wikinews; every other genre is pooled as "others".

Part 2, the hand-annotated articles in ``benchmarks/gold/<slug>/`` (Wikinews, CC BY 2.5; see CREDITS.md):
each ``article.txt`` (one paragraph per line; line 2 is the dateline, which gives ``meta.published``) is
analysed and scored with the project's shared scorer ``../shared/tools/score_readout.py --layer actors`` and
``--layer relations`` (skipped with a message when that folder is absent), plus three numbers of our own:

* **resolved**: share of gold actors whose name occurs in the article for which exactly one system actor
  has, as its canonical ``name``, the gold name or one of its name aliases (normalised: case, diacritics,
  punctuation, a leading article). Stricter than the shared scorer, which also accepts a matching mention.
* **country / sector accuracy**: over resolved gold actors that state ``country`` (resp. ``sector``), the
  share whose system actor carries the same code.

``--gold-mentions`` (GUM only) separates the named-entity recogniser from the clustering: the statistical
NER's entities are replaced, before ``bc_actors`` runs, by the gold named-entity mentions of table a (each
cut to its min-span, the name itself: "Charles Bolden" of "NASA Administrator Charles Bolden"; labelled
PERSON, ORG or GPE from the GUM type; where two overlap the longer is kept, as ``doc.ents`` cannot nest).
Everything after the NER runs unchanged, so the tables then measure the actor layer's own repairs,
filters and clustering on perfect entities: the gap between the two runs is what the NER costs.

Usage: python benchmarks/actors.py [--split test|dev] [--limit N] [--gold-only] [--no-gold] [--gold-mentions]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # this folder: bench_common and the other siblings
import bench_common  # first: it sets one thread before spaCy loads numpy

# isort: split
import coref_eval as ce
from bench_common import GOLD_DIR, SCORER, SHARED, norm_name, published

import backchannel

GUM = SHARED / "data" / "corpora" / "gum"
ACTOR_TYPES = frozenset({"person", "organization", "place"})
PRONOUNS = frozenset(
    "i me my mine myself we us our ours ourselves you your yours yourself yourselves he him his himself she her "
    "hers herself it its itself they them their theirs themselves who whom whose which that this these those "
    "one ones".split()
)


def is_pronoun(text: str) -> bool:
    return text.strip().lower() in PRONOUNS


def name_like(text: str) -> bool:
    """A system mention that claims to be a name: not a pronoun, with an upper-case letter."""
    return not is_pronoun(text) and any(c.isupper() for c in text)


# --------------------------------------------------------------------------------------------------------
# Part 1: GUM
# --------------------------------------------------------------------------------------------------------


@dataclass
class Tally:
    """Summed scores of one table row (one set of gold mentions, one matching mode)."""

    docs: int = 0
    gold: int = 0
    system: int = 0
    matched: int = 0
    keep: dict[str, Any] = field(default_factory=lambda: {k: ce.Prf() for k in ("muc", "b3", "ceaf_e")})
    drop_b3: Any = field(default_factory=lambda: ce.Prf())

    def add(self, other: Tally) -> None:
        self.docs += other.docs
        self.gold += other.gold
        self.system += other.system
        self.matched += other.matched
        for k, v in other.keep.items():
            self.keep[k] += v
        self.drop_b3 += other.drop_b3

    @property
    def detection(self) -> Any:
        return ce.mention_detection(self.gold, self.system, self.matched)


def score_document(doc: Any, readout: dict[str, Any], named_only: bool, mode: str) -> Tally:
    """Score one GUM document's readout for table a (``named_only``) or b; see the module docstring."""
    gold = doc.mentions
    named_entities = {m.entity for m in gold if m.etype in ACTOR_TYPES and m.head_is_propn}
    actor_entities = {m.entity for m in gold if m.etype in ACTOR_TYPES}
    evaluated = {
        i for i, m in enumerate(gold)
        if m.entity in named_entities and (m.head_is_propn or not named_only)
    }
    sys_mentions: list[tuple[int, int, str, str]] = []  # start, end, actor id, text
    for actor in readout.get("actors", []):
        for m in actor.get("mentions", []):
            sys_mentions.append((m["start"], m["end"], actor["id"], m.get("text", "")))
    matched = ce.match_mentions(gold, [(s, e) for s, e, _, _ in sys_mentions], mode=mode)
    response: dict[str, list[Any]] = {}
    n_sys = n_match = 0
    for si, (_start, _end, actor_id, text) in enumerate(sys_mentions):
        gi = matched.get(si)
        if gi is not None and gi in evaluated:
            item: Any = gi
            n_match += 1
        elif gi is not None and gold[gi].entity in actor_entities:
            continue  # a right mention of an actor, outside this table's gold set
        elif named_only and not name_like(text):
            continue
        else:
            item = ("spurious", si)
        n_sys += 1
        response.setdefault(actor_id, []).append(item)
    key = ce.clusters_by_key(sorted(evaluated), lambda i: gold[i].entity)
    clusters = list(response.values())
    tally = Tally(docs=1, gold=len(evaluated), system=n_sys, matched=n_match)
    tally.keep = ce.score_all(key, clusters, ce.Policy.KEEP)
    tally.drop_b3 = ce.b_cubed(key, clusters, ce.Policy.DROP)
    return tally


GOLD_LABELS = {"person": "PERSON", "organization": "ORG", "place": "GPE"}
GOLD_ENTS_COMPONENT = "bc_bench_gold_ents"
# Document text → its gold entities as character spans; read by the component below (``--gold-mentions``).
_GOLD_ENTS: dict[str, list[tuple[int, int, str]]] = {}


def gold_entity_spans(doc: Any) -> list[tuple[int, int, str]]:
    """Table a's gold mentions of ``doc`` as NER entities: (start, end, label), min-span where known."""
    gold = doc.mentions
    named = {m.entity for m in gold if m.etype in ACTOR_TYPES and m.head_is_propn}
    spans = []
    for m in gold:
        if m.entity in named and m.head_is_propn:
            start, end = (m.min_start, m.min_end) if m.min_start >= 0 else (m.start, m.end)
            spans.append((start, end, GOLD_LABELS[m.etype]))
    return spans


def _set_gold_ents(doc: Any) -> Any:
    """Replace ``doc.ents`` by the registered gold spans: longest first, no overlaps."""
    wanted = _GOLD_ENTS.get(doc.text)
    if wanted is None:
        return doc
    taken = bytearray(len(doc))
    ents = []
    for start, end, label in sorted(wanted, key=lambda s: (s[0] - s[1], s[0])):
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is None or any(taken[span.start:span.end]):
            continue
        taken[span.start:span.end] = b"\x01" * len(span)
        ents.append(span)
    doc.ents = sorted(ents, key=lambda e: e.start)
    return doc


def use_gold_mentions(nlp: Any, docs: Sequence[Any]) -> None:
    """Register ``docs``' gold entities and put the component that sets them right after the NER."""
    from spacy.language import Language

    _GOLD_ENTS.update({d.text: gold_entity_spans(d) for d in docs})
    if GOLD_ENTS_COMPONENT not in Language.factories:
        Language.component(GOLD_ENTS_COMPONENT, func=_set_gold_ents)
    if GOLD_ENTS_COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(GOLD_ENTS_COMPONENT, after="ner")


def gum_tables(split: str, limit: int | None, nlp: Any, gold_mentions: bool = False) -> None:
    path = GUM / f"gum-{split}.conllu.gz"
    if not path.exists():
        print(f"GUM: skipped, {path} is absent (it is in the project's shared data, not in a user's clone)\n")
        return
    errors: list[str] = []
    docs = ce.read_gum(path, errors)[:limit]
    if gold_mentions:
        use_gold_mentions(nlp, docs)
    n_words = sum(len(d.text.split()) for d in docs)
    t0 = time.perf_counter()
    readouts = [r.to_dict() for r in backchannel.analyze(({"text": d.text, "id": d.doc_id} for d in docs), nlp)]
    elapsed = time.perf_counter() - t0
    for doc, readout in zip(docs, readouts, strict=True):
        if readout["text"] != doc.text:
            raise SystemExit(f"{doc.doc_id}: the readout text differs from the input; offsets cannot be compared")

    rows: dict[tuple[str, str], Tally] = {}
    genres: dict[str, Tally] = {}
    for doc, readout in zip(docs, readouts, strict=True):
        for named_only in (True, False):
            for mode in ("head", "exact"):
                t = score_document(doc, readout, named_only, mode)
                rows.setdefault(("a) named entities" if named_only else "b) all mentions", mode), Tally()).add(t)
                if named_only and mode == "head":
                    group = doc.genre if doc.genre in ("news", "interview") else "others"
                    genres.setdefault(group, Tally()).add(t)
                    if doc.genre in ("news", "interview"):
                        genres.setdefault("Wikinews (news + interview)", Tally()).add(t)

    source = "; entities: gold mentions (--gold-mentions)" if gold_mentions else ""
    print(f"## GUM {split} ({len(docs)} documents, {n_words:,} words; reader problems: {len(errors)}{source})\n")
    print(f"analyze: {elapsed:.1f} s, {n_words / elapsed:,.0f} words/s (one process, batch of all documents)\n")
    header = ("| gold set | match | gold | sys | MD P | MD R | MUC P | MUC R | MUC F1 | B³ P | B³ R | **B³ F1** "
              "| CEAF-e F1 | B³ F1 (drop) |")
    print(header)
    print("|---|---|" + "---:|" * 12)
    for (name, mode), t in rows.items():
        print(_row([name, mode], t))
    print("\nc) named entities by genre (head match)\n")
    print("| genre | docs | gold | sys | MD P | MD R | MUC F1 | **B³ F1** | CEAF-e F1 | B³ F1 (drop) |")
    print("|---|" + "---:|" * 9)
    order = ["news", "interview", "Wikinews (news + interview)", "others"]
    for group in sorted(genres, key=lambda g: order.index(g) if g in order else 99):
        t = genres[group]
        md = t.detection
        print(f"| {group} | {t.docs} | {t.gold} | {t.system} | {md.precision:.3f} | {md.recall:.3f} | "
              f"{t.keep['muc'].f1:.3f} | **{t.keep['b3'].f1:.3f}** | {t.keep['ceaf_e'].f1:.3f} | "
              f"{t.drop_b3.f1:.3f} |")
    print()


def _row(cells: Sequence[str], t: Tally) -> str:
    md, muc, b3 = t.detection, t.keep["muc"], t.keep["b3"]
    nums = [md.precision, md.recall, muc.precision, muc.recall, muc.f1, b3.precision, b3.recall]
    return ("| " + " | ".join([*cells, str(t.gold), str(t.system)]) + " | "
            + " | ".join(f"{x:.3f}" for x in nums)
            + f" | **{b3.f1:.3f}** | {t.keep['ceaf_e'].f1:.3f} | {t.drop_b3.f1:.3f} |")


# --------------------------------------------------------------------------------------------------------
# Part 2: hand-annotated articles
# --------------------------------------------------------------------------------------------------------

def gold_names(actor: dict[str, Any]) -> set[str]:
    names = {norm_name(actor["name"])}
    names |= {norm_name(a) for a in actor.get("aliases", []) if not is_pronoun(a) and name_like(a)}
    return {n for n in names if n}


@dataclass
class GoldTally:
    named: int = 0
    resolved: int = 0
    split: int = 0  # named gold actors that two or more system actors claim by name
    country: list[int] = field(default_factory=lambda: [0, 0])
    sector: list[int] = field(default_factory=lambda: [0, 0])
    misses: list[str] = field(default_factory=list)


def score_gold_article(gold: dict[str, Any], text: str, readout: dict[str, Any], tally: GoldTally) -> None:
    """Add one article's resolution and code accuracy to ``tally`` (see the module docstring)."""
    lowered = norm_name(text)
    actors = readout.get("actors", [])
    for ga in gold.get("actors", []):
        if norm_name(ga["name"]) not in lowered and not any(
            norm_name(a) in lowered for a in ga.get("aliases", []) if name_like(a)
        ):
            continue
        tally.named += 1
        names = gold_names(ga)
        hits = [a for a in actors if norm_name(a.get("name", "")) in names]
        if len(hits) > 1:
            tally.split += 1
        if len(hits) != 1:
            tally.misses.append(f"{ga['id']}: {len(hits)} system actors named {ga['name']!r}")
            continue
        tally.resolved += 1
        hit = hits[0]
        for key, counts in (("country", tally.country), ("sector", tally.sector)):
            if key in ga:
                counts[1] += 1
                ok = (hit.get(key) or None) == (ga[key] or None)
                counts[0] += ok
                if not ok:
                    tally.misses.append(f"{ga['id']}: {key} {hit.get(key)} != gold {ga[key]}")


def gold_tables(nlp: Any, verbose: bool) -> None:
    folders = sorted(p.parent for p in GOLD_DIR.glob("*/gold.yaml"))
    if not folders:
        print("Gold articles: none found\n")
        return
    try:
        import yaml
    except ImportError:
        print("Gold articles: skipped, PyYAML is not installed\n")
        return
    docs = []
    for folder in folders:
        lines = (folder / "article.txt").read_text(encoding="utf-8").splitlines()
        docs.append({"id": folder.name, "text": "\n\n".join(lines), "title": lines[0],
                     "published": published(lines), "outlet": "Wikinews"})
    t0 = time.perf_counter()
    readouts = [r.to_dict() for r in backchannel.analyze(docs, nlp)]
    elapsed = time.perf_counter() - t0
    tally = GoldTally()
    for folder, doc, readout in zip(folders, docs, readouts, strict=True):
        gold = yaml.safe_load((folder / "gold.yaml").read_text(encoding="utf-8"))
        score_gold_article(gold, doc["text"], readout, tally)
    n_words = sum(len(d["text"].split()) for d in docs)
    print(f"## Hand-annotated articles ({len(docs)} Wikinews articles, {n_words:,} words, benchmarks/gold; "
          f"analyze {elapsed:.1f} s)\n")
    print("| measure | right | of | share |")
    print("|---|---:|---:|---:|")
    for name, (a, b) in (("gold actors resolved to one right actor", (tally.resolved, tally.named)),
                         ("country code of resolved actors", tuple(tally.country)),
                         ("sector code of resolved actors", tuple(tally.sector))):
        print(f"| {name} | {a} | {b} | {a / b if b else 0:.3f} |")
    print(f"| gold actors split over several system actors (lower is better) | {tally.split} | {tally.named} | "
          f"{tally.split / tally.named if tally.named else 0:.3f} |")
    if verbose:
        print()
        for miss in tally.misses:
            print(f"- {miss}")
    print()
    if not SCORER.exists():
        print(f"Shared scorer: skipped, {SCORER} is absent (it is in the project's shared folder)\n")
        return
    with tempfile.TemporaryDirectory() as tmp:
        for folder, readout in zip(folders, readouts, strict=True):
            (Path(tmp) / f"{folder.name}.json").write_text(json.dumps(readout), encoding="utf-8")
        outs = []
        for layer in ("actors", "relations"):
            cmd = [sys.executable, str(SCORER), "--dir", str(GOLD_DIR), "--readouts", tmp, "--layer", layer]
            if verbose:
                cmd.append("--verbose")
            outs.append((layer, subprocess.run(cmd, capture_output=True, text=True, check=False)))
    for layer, out in outs:
        print(f"Shared scorer (`score_readout.py --layer {layer}`):\n")
        print("```")
        print((out.stdout + out.stderr).rstrip())
        print("```\n")


def main(argv: Iterable[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=("test", "dev"), default="test")
    ap.add_argument("--limit", type=int, default=None, help="only the first N GUM documents")
    ap.add_argument("--model", default=None)
    ap.add_argument("--no-gold", action="store_true", help="skip the hand-annotated articles")
    ap.add_argument("--gold-only", action="store_true", help="skip GUM")
    ap.add_argument("--verbose", action="store_true", help="list the gold articles' misses")
    ap.add_argument("--gold-mentions", action="store_true",
                    help="GUM: replace the NER's entities by the gold named-entity mentions (implies --no-gold)")
    args = ap.parse_args(None if argv is None else list(argv))
    t0 = time.perf_counter()
    nlp = backchannel.load_pipeline(model=args.model)
    bench_common.print_machine(nlp, t0)
    if not args.gold_only:
        gum_tables(args.split, args.limit, nlp, args.gold_mentions)
    if not args.no_gold and not args.gold_mentions:
        gold_tables(nlp, args.verbose)
    print(f"total wall time: {time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
