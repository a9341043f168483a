"""Error analysis of actor clustering on GUM (named entities, head match, as table a of ``actors.py``).

For each document the gold named-entity mentions (PROPN-headed mentions of person, organisation and
place entities) are matched to the readout's actor mentions as ``actors.py`` does, and the errors are
listed by class:

* **missed**: a gold mention no system mention matches;
* **spurious**: a name-like system mention that matches no person/organisation/place gold mention;
* **split**: a gold entity whose matched mentions lie in two or more system actors;
* **merge**: a system actor whose matched mentions belong to two or more gold entities.

Each class is counted, and with ``--list`` every case is printed with its texts, for reading. It tunes
nothing: use it on ``--split dev`` (the default) and leave test for reporting.

``--gold-mentions``: the gold named-entity mentions replace the NER's entities (as in ``actors.py``), so
that what is left is the actor layer's own doing.

Usage: python benchmarks/actors_errors.py [--split dev|test] [--limit N] [--list] [--gold-mentions]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_common  # noqa: F401  (first: one thread before spaCy loads numpy)

# isort: split
import coref_eval as ce
from actors import ACTOR_TYPES, GUM, name_like, use_gold_mentions

import backchannel


def document_errors(doc: Any, readout: dict[str, Any]) -> dict[str, list[str]]:
    """The errors of one document, by class, as printable lines."""
    gold = doc.mentions
    text = doc.text
    named = {m.entity for m in gold if m.etype in ACTOR_TYPES and m.head_is_propn}
    evaluated = {i for i, m in enumerate(gold) if m.entity in named and m.head_is_propn}
    actor_mentions = {i for i, m in enumerate(gold) if m.etype in ACTOR_TYPES}
    system: list[tuple[int, int, str]] = []
    for actor in readout.get("actors", []):
        for m in actor.get("mentions", []):
            system.append((m["start"], m["end"], actor["id"]))
    matched = ce.match_mentions(gold, [(s, e) for s, e, _ in system], mode="head")
    found = set(matched.values())
    out: dict[str, list[str]] = {"missed": [], "spurious": [], "split": [], "merge": []}
    names = {a["id"]: a.get("name", "") for a in readout.get("actors", [])}
    for gi in sorted(evaluated - found):
        m = gold[gi]
        out["missed"].append(f"{text[m.start:m.end]!r} ({m.etype})")
    by_entity: dict[str, dict[str, list[str]]] = {}
    by_actor: dict[str, dict[str, list[str]]] = {}
    for si, (s, e, actor_id) in enumerate(system):
        gi = matched.get(si)
        if gi is None or gi not in actor_mentions:
            if name_like(text[s:e]) and (gi is None or gold[gi].etype not in ACTOR_TYPES):
                what = "no gold" if gi is None else f"gold {gold[gi].etype}"
                out["spurious"].append(f"{text[s:e]!r} ({what}; actor {names[actor_id]!r})")
            continue
        if gi not in evaluated:
            continue
        entity = gold[gi].entity
        by_entity.setdefault(entity, {}).setdefault(actor_id, []).append(text[s:e])
        by_actor.setdefault(actor_id, {}).setdefault(entity, []).append(text[s:e])
    for entity, actors in by_entity.items():
        if len(actors) > 1:
            parts = " | ".join(f"{names[a]}: {sorted(set(t))}" for a, t in actors.items())
            out["split"].append(f"{entity}: {parts}")
    for actor_id, entities in by_actor.items():
        if len(entities) > 1:
            parts = " | ".join(f"{e}: {sorted(set(t))}" for e, t in entities.items())
            out["merge"].append(f"{names[actor_id]!r}: {parts}")
    return out


def main(argv: Iterable[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--split", choices=("test", "dev"), default="dev")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--list", action="store_true", help="print every case")
    ap.add_argument("--gold-mentions", action="store_true", help="the gold named-entity mentions replace the NER's")
    args = ap.parse_args(None if argv is None else list(argv))
    docs = ce.read_gum(GUM / f"gum-{args.split}.conllu.gz")[:args.limit]
    nlp = backchannel.load_pipeline()
    if args.gold_mentions:
        use_gold_mentions(nlp, docs)
    readouts = [r.to_dict() for r in backchannel.analyze(({"text": d.text, "id": d.doc_id} for d in docs), nlp)]
    totals: Counter[str] = Counter()
    for doc, readout in zip(docs, readouts, strict=True):
        errors = document_errors(doc, readout)
        for kind, lines in errors.items():
            totals[kind] += len(lines)
            if args.list:
                for line in lines:
                    print(f"{doc.doc_id}\t{kind}\t{line}")
    print(f"GUM {args.split}, {len(docs)} documents: " + ", ".join(f"{k} {v}" for k, v in totals.items()))


if __name__ == "__main__":
    main()
