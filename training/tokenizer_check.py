"""Compare spaCy's English tokenizer, default and Backchannel-customised, with treebank tokens.

For every sentence of UD English EWT (train + dev) and GUM (train) the raw text is taken from the
``# text`` comment and tokenised; the predicted tokens are compared with the gold tokens by character
offsets. Gold tokens are the syntactic words of the treebank where a multiword token's words
concatenate to its surface form (``don't`` -> ``do`` ``n't``, as spaCy splits it and as the parser is
trained), and the surface token otherwise (``dont`` with words ``do`` ``not``).

Prints token-level precision / recall / F1 for both tokenizers on each corpus and the most frequent
disagreements of the customised one (gold segmentation vs predicted segmentation of a stretch of text).

Usage: python training/tokenizer_check.py --data ../shared/data/corpora [--top 30] [--heldout]
"""

from __future__ import annotations

import argparse
import gzip
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.tokenizer import Tokenizer

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from backchannel.nlp.tokenizer import customize_tokenizer

Span = tuple[int, int]


@dataclass
class GoldSentence:
    sent_id: str
    text: str
    tokens: list[str]


def read_gold(path: Path) -> Iterator[GoldSentence]:
    """Yield sentences with their gold tokens (syntactic words where they spell the surface token)."""
    sent_id, text = "", ""
    tokens: list[str] = []
    mwt_end = 0
    mwt_form = ""
    mwt_words: list[str] = []
    with gzip.open(path, "rt", encoding="utf8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line:
                if tokens:
                    yield GoldSentence(sent_id, text, tokens)
                sent_id, text, tokens, mwt_end = "", "", [], 0
                continue
            if line.startswith("#"):
                key, _, value = line[1:].partition("=")
                if key.strip() == "sent_id":
                    sent_id = value.strip()
                elif key.strip() == "text":
                    text = value.strip()
                continue
            cols = line.split("\t")
            if "." in cols[0]:
                continue
            if "-" in cols[0]:
                mwt_end = int(cols[0].split("-")[1])
                mwt_form, mwt_words = cols[1], []
                continue
            idx = int(cols[0])
            if idx <= mwt_end:
                mwt_words.append(cols[1])
                if idx == mwt_end:
                    tokens.extend(mwt_words if "".join(mwt_words) == mwt_form else [mwt_form])
                continue
            tokens.append(cols[1])
    if tokens:
        yield GoldSentence(sent_id, text, tokens)


def gold_spans(sent: GoldSentence) -> list[Span] | None:
    """Character offsets of the gold tokens in the sentence text, or None where they don't spell it."""
    spans: list[Span] = []
    pos = 0
    text = sent.text
    for tok in sent.tokens:
        while pos < len(text) and text[pos].isspace():
            pos += 1
        if not text.startswith(tok, pos):
            return None
        spans.append((pos, pos + len(tok)))
        pos += len(tok)
    if text[pos:].strip():
        return None
    return spans


def pred_spans(tokenizer: Tokenizer, text: str) -> list[Span]:
    return [(t.idx, t.idx + len(t.text)) for t in tokenizer(text) if not t.is_space]


def disagreements(text: str, gold: list[Span], pred: list[Span]) -> Iterator[tuple[str, str]]:
    """Minimal stretches where the two segmentations differ, as ('a|b', 'ab') pairs."""
    g_set, p_set = set(gold), set(pred)
    g_bad = [s for s in gold if s not in p_set]
    p_bad = [s for s in pred if s not in g_set]
    spans = sorted([(s, "g") for s in g_bad] + [(s, "p") for s in p_bad])
    cluster: list[tuple[Span, str]] = []
    end = -1
    for span, side in spans + [((10**9, 10**9), "")]:
        if cluster and span[0] >= end:
            g = "|".join(text[a:b] for (a, b), s in cluster if s == "g")
            p = "|".join(text[a:b] for (a, b), s in cluster if s == "p")
            yield g, p
            cluster, end = [], -1
        cluster.append((span, side))
        end = max(end, span[1])


@dataclass
class Score:
    tp: int = 0
    n_gold: int = 0
    n_pred: int = 0
    sentences: int = 0
    skipped: int = 0

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / self.n_pred if self.n_pred else 0.0
        r = self.tp / self.n_gold if self.n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


def evaluate(
    tokenizer: Tokenizer, sentences: list[GoldSentence], on_diff: Callable[[str, str], None] | None = None
) -> Score:
    score = Score()
    for sent in sentences:
        gold = gold_spans(sent)
        if gold is None:
            score.skipped += 1
            continue
        pred = pred_spans(tokenizer, sent.text)
        score.sentences += 1
        score.n_gold += len(gold)
        score.n_pred += len(pred)
        score.tp += len(set(gold) & set(pred))
        if on_diff is not None:
            for g, p in disagreements(sent.text, gold, pred):
                on_diff(g, p)
    return score


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path("../shared/data/corpora"), help="corpora folder")
    ap.add_argument("--top", type=int, default=30, help="how many disagreements to list per corpus")
    ap.add_argument("--heldout", action="store_true",
                    help="also score EWT test and GUM dev + test (not looked at while writing the rules)")
    args = ap.parse_args()

    corpora = {
        "UD EWT train+dev": [
            args.data / "ud_english_ewt/en_ewt-ud-train.conllu.gz",
            args.data / "ud_english_ewt/en_ewt-ud-dev.conllu.gz",
        ],
        "GUM train": [args.data / "gum/gum-train.conllu.gz"],
    }
    if args.heldout:
        corpora["UD EWT test (held out)"] = [args.data / "ud_english_ewt/en_ewt-ud-test.conllu.gz"]
        corpora["GUM dev+test (held out)"] = [
            args.data / "gum/gum-dev.conllu.gz",
            args.data / "gum/gum-test.conllu.gz",
        ]
    default = spacy.blank("en")
    custom = spacy.blank("en")
    customize_tokenizer(custom)

    for name, paths in corpora.items():
        sentences = [s for p in paths for s in read_gold(p)]
        diffs: Counter[tuple[str, str]] = Counter()
        before = evaluate(default.tokenizer, sentences)
        after = evaluate(custom.tokenizer, sentences, lambda g, p, d=diffs: d.update([(g, p)]))
        print(f"\n== {name}: {after.sentences} sentences, {after.n_gold} gold tokens "
              f"({after.skipped} sentences skipped: tokens don't spell # text)")
        print(f"{'tokenizer':<12}{'P':>8}{'R':>8}{'F1':>8}{'errors':>8}")
        for label, sc in (("default", before), ("custom", after)):
            p, r, f = sc.prf()
            errors = (sc.n_gold - sc.tp) + (sc.n_pred - sc.tp)
            print(f"{label:<12}{100 * p:>8.2f}{100 * r:>8.2f}{100 * f:>8.2f}{errors:>8}")
        print(f"top {args.top} disagreements of the custom tokenizer (count  gold  ->  predicted):")
        for (g, p), n in diffs.most_common(args.top):
            print(f"{n:>6}  {g!r:<30} -> {p!r}")


if __name__ == "__main__":
    main()
