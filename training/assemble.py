"""Assemble ``en_backchannel_core`` from a training run and write it into the package.

The recipe trains one pipeline (``training/core.cfg`` then ``training/finetune.cfg``: a shared
tok2vec under tagger, morphologizer, trainable lemmatizer, parser and NER). Here the news tokenizer
rules are applied and the meta (name, version, licence, sources) is set.

Usage: python training/assemble.py --pipeline training/out/finetune/model-best \
           --out src/backchannel/models/en_backchannel_core
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import spacy

VERSION = "0.2.0"
SOURCES = [
    {"name": "UD English EWT v2.16", "url": "https://github.com/UniversalDependencies/UD_English-EWT",
     "license": "CC BY-SA 4.0"},
    {"name": "GUM (licence classes by, pd, by-sa only)", "url": "https://github.com/amir-zeldes/gum",
     "license": "CC BY 4.0 annotations; CC BY 2.5/4.0, public domain and CC BY-SA 3.0 texts"},
    {"name": "Universal NER v1 (English EWT)", "url": "https://github.com/UniversalNER/UNER_English-EWT",
     "license": "CC BY-SA 4.0"},
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pipeline", type=Path, required=True)
    ap.add_argument("--out", type=Path, default=Path("src/backchannel/models/en_backchannel_core"))
    args = ap.parse_args()
    from backchannel.nlp.tokenizer import customize_tokenizer

    nlp = spacy.load(args.pipeline)
    customize_tokenizer(nlp)
    for key in ("train", "dev"):  # where this machine kept the corpora means nothing to users
        nlp.config["paths"][key] = None
    nlp.meta.update({
        "name": "backchannel_core", "version": VERSION, "license": "CC BY-SA 4.0",
        "description": "Backchannel's English pipeline for news: tokenizer for news typography, XPOS tagger, "
                       "UPOS+features, trainable lemmatizer, UD dependency parser with sentence "
                       "segmentation, and NER (PERSON, ORG, LOC, NORP). Trained from open corpora only.",
        "author": "Backchannel contributors", "sources": SOURCES,
    })
    if args.out.exists():
        shutil.rmtree(args.out)
    nlp.to_disk(args.out)
    card = Path(__file__).with_name("MODEL_CARD.md")
    if card.exists():
        shutil.copy(card, args.out / "README.md")
    size = sum(p.stat().st_size for p in args.out.rglob("*") if p.is_file())
    print(f"wrote {args.out} ({size / 1e6:.1f} MB): {nlp.pipe_names}")


if __name__ == "__main__":
    main()
