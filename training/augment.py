#!/usr/bin/env python
"""Name-substitution augmentation for NER: copies of the training docs with other names in them.

The NER misses unfamiliar names because it memorises the ~10,000 training entities rather than their
contexts. Each copy of a doc with entities swaps every PERSON, ORG and LOC mention for a name of the
same label and the same number of tokens from the shipped actor knowledge base (Phoenix/PETRARCH, MIT;
ISO countries; GUM's open-licence Wikidata names, CC BY-SA), consistently within the doc ("Fallujah" is
always replaced by the same place). Token count, tags, morphology, heads and labels stay as they were;
a replaced token's lemma is its new form, as for every proper noun in the corpora.

Usage: python training/augment.py IN.spacy OUT.spacy [--copies 1] [--seed 0]
OUT holds the original docs followed by the copies.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import defaultdict
from pathlib import Path

import numpy
import spacy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, SENT_START, TAG
from spacy.tokens import Doc, DocBin

REPO = Path(__file__).resolve().parents[1]
KB = REPO / "src" / "backchannel" / "data" / "kb" / "actors.jsonl"
LABELS = {"person": "PERSON", "organization": "ORG", "country": "LOC", "place": "LOC"}
# A usable name: words of letters (with inner hyphens, apostrophes or dots), the first letter upper case.
_WORD = re.compile(r"^[A-Z][A-Za-z]*(?:[-'.][A-Za-z]+)*\.?$")
ATTRS = [TAG, POS, MORPH, LEMMA, HEAD, DEP, ENT_IOB, ENT_TYPE, SENT_START]


def name_pools(path: Path = KB) -> dict[tuple[str, int], list[str]]:
    """(label, number of words) → names. Persons also give their surnames as one-word names."""
    pools: dict[tuple[str, int], set[str]] = defaultdict(set)
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            entry = json.loads(line)
            label = LABELS.get(entry.get("kind", ""))
            if label is None:
                continue
            # Canonical names only: Phoenix's aliases include misspellings ("Venezula") and titles.
            for name in [entry["name"]]:
                words = name.split()
                # Phoenix's all-caps names come title-cased ("Us Intelligence Community"); organisations
                # from Phoenix alone are too often mis-cased to teach anything, so they are skipped.
                if label == "ORG" and entry.get("src") == ["phx"]:
                    continue
                if not 1 <= len(words) <= 4 or not all(_WORD.match(w) for w in words):
                    continue
                pools[(label, len(words))].add(name)
                if label == "PERSON" and len(words) > 1:
                    pools[(label, 1)].add(words[-1])
    return {key: sorted(names) for key, names in pools.items() if len(names) >= 20}


def substitute(doc: Doc, pools: dict[tuple[str, int], list[str]], rng: random.Random) -> Doc | None:
    """A copy of ``doc`` with its PERSON/ORG/LOC names replaced, or None when nothing could be."""
    words = [t.text for t in doc]
    chosen: dict[tuple[str, str, int], list[str]] = {}
    changed = False
    for ent in doc.ents:
        pool = pools.get((ent.label_, len(ent)))
        if pool is None or ent.label_ not in ("PERSON", "ORG", "LOC"):
            continue
        # Only names written as separate words ("Kirill Dmitriev"), never "Al-Zaman" split at its hyphen.
        if any(t.is_punct or not t.is_alpha for t in ent) or any(not t.whitespace_ for t in ent[:-1]):
            continue
        key = (ent.label_, ent.text, len(ent))
        if key not in chosen:
            chosen[key] = rng.choice(pool).split()
        for i, word in zip(range(ent.start, ent.end), chosen[key], strict=True):
            words[i] = word
        changed = True
    if not changed:
        return None
    new = Doc(doc.vocab, words=words, spaces=[bool(t.whitespace_) for t in doc])
    array = doc.to_array(ATTRS)
    lemma_col = ATTRS.index(LEMMA)
    for i, token in enumerate(doc):
        if words[i] != token.text:
            array[i, lemma_col] = doc.vocab.strings.add(words[i])
    new.from_array(ATTRS, array.astype(numpy.uint64))
    return new


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("inp", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--copies", type=int, default=1)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    nlp = spacy.blank("en")
    docs = list(DocBin().from_disk(args.inp).get_docs(nlp.vocab))
    pools = name_pools()
    rng = random.Random(args.seed)
    out = DocBin(store_user_data=False)
    for doc in docs:
        out.add(doc)
    added = 0
    for _ in range(args.copies):
        for doc in docs:
            copy = substitute(doc, pools, rng)
            if copy is not None:
                out.add(copy)
                added += 1
    out.to_disk(args.out)
    sizes = {f"{label}/{n}": len(names) for (label, n), names in sorted(pools.items())}
    print(f"{len(docs)} docs + {added} augmented copies -> {args.out}; name pools: {sizes}")


if __name__ == "__main__":
    main()
