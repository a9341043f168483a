"""Raw text for pretraining the token-to-vector layer: only openly licensed, shippable sources.

Writes JSON Lines ``{"text": ...}``, one paragraph-sized chunk per line, from UD English EWT train
(CC BY-SA 4.0), the GUM training documents of licence class by/pd/by-sa, and LitBank (CC BY 4.0;
public-domain novels). Usage: python training/raw_text.py --data ../shared/data/corpora --out FILE
"""

from __future__ import annotations

import argparse
import json
import tarfile
from pathlib import Path

from corpus import SHIPPABLE_GUM, gum_licences, read_conllu


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=Path("../shared/data/corpora"))
    ap.add_argument("--out", type=Path, default=Path("training/corpus/raw.jsonl"))
    args = ap.parse_args()
    licences = gum_licences(args.data)
    chunks: list[str] = []
    for path, keep in ((args.data / "ud_english_ewt/en_ewt-ud-train.conllu.gz", None),
                       (args.data / "gum/gum-train.conllu.gz", SHIPPABLE_GUM)):
        current: list[str] = []
        for sent in read_conllu(path):
            if keep is not None and licences.get(sent.doc_id) not in keep:
                continue
            if sent.newpar and current:
                chunks.append(" ".join(current))
                current = []
            current.append(sent.text)
        if current:
            chunks.append(" ".join(current))
    with tarfile.open(args.data / "litbank/litbank-quotations.tar.gz") as tar:
        for member in tar.getmembers():
            if member.name.endswith(".txt") and "/txt/" in member.name:
                fh = tar.extractfile(member)
                assert fh is not None
                lines = fh.read().decode("utf-8").splitlines()
                chunks.extend(" ".join(lines[i:i + 8]) for i in range(0, len(lines), 8))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        for chunk in chunks:
            if chunk.strip():
                out.write(json.dumps({"text": chunk}, ensure_ascii=False) + "\n")
    print(f"{len(chunks)} chunks, {sum(len(c.split()) for c in chunks):,} words -> {args.out}")


if __name__ == "__main__":
    main()
