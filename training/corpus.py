"""Build spaCy training corpora for ``en_backchannel_core`` from the open treebanks.

Reads UD English EWT, GUM (licence classes ``by``, ``pd`` and ``by-sa`` only) and Universal NER, and
writes ``.spacy`` DocBin files with words, spaces, XPOS tags, UPOS + features, lemmas, UD heads and
labels, sentence starts and named entities (PERSON, ORG, LOC, NORP).

Entities come from UNER (PER/ORG/LOC) on EWT, and from GUM's entity layer on GUM: a person,
organisation or place mention whose syntactic head is a proper noun gives the run of proper nouns
around that head. NORP (demonyms) is derived for both from a demonym list learned from the
treebanks: capitalised adjectives that never occur lower-cased ("Russian", "Syrian") and their
plural nouns ("Russians").

Usage: python training/corpus.py --data ../shared/data/corpora --out training/corpus
"""

from __future__ import annotations

import argparse
import gzip
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin, Span

SHIPPABLE_GUM = {"by", "pd", "by-sa"}
GUM_TYPES = {"person": "PERSON", "organization": "ORG", "place": "LOC"}
UNER_TYPES = {"PER": "PERSON", "ORG": "ORG", "LOC": "LOC"}
ENTITY_RE = re.compile(r"\((\d+)-([a-z]+)[^()]*?(\))?|(\d+)\)")


@dataclass
class Word:
    form: str
    lemma: str
    upos: str
    xpos: str
    feats: str
    head: int  # 1-based within sentence, 0 = root
    deprel: str
    space: bool
    misc: str


@dataclass
class Sentence:
    sent_id: str
    text: str
    doc_id: str
    newpar: bool
    words: list[Word] = field(default_factory=list)
    ents: list[tuple[int, int, str]] = field(default_factory=list)  # word offsets, end exclusive
    partial_ner: bool = False  # True: names outside ``ents`` are unannotated, not "no entity"


def read_conllu(path: Path) -> Iterator[Sentence]:
    """Yield sentences with syntactic words; multiword tokens give their spacing to their last word."""
    doc_id = ""
    newpar = False
    comments: dict[str, str] = {}
    words: list[Word] = []
    mwt_end = 0
    mwt_space = True
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line:
                if words:
                    yield Sentence(comments.get("sent_id", ""), comments.get("text", ""), doc_id, newpar, words)
                words, comments, newpar = [], {}, False
                mwt_end = 0
                continue
            if line.startswith("#"):
                key, _, value = line[1:].partition("=")
                key = key.strip()
                if key == "newdoc id":
                    doc_id = value.strip()
                    newpar = True
                elif key.startswith("newpar"):
                    newpar = True
                comments[key] = value.strip()
                continue
            cols = line.split("\t")
            if "." in cols[0]:
                continue
            if "-" in cols[0]:
                mwt_end = int(cols[0].split("-")[1])
                mwt_space = "SpaceAfter=No" not in cols[9]
                continue
            idx = int(cols[0])
            space = "SpaceAfter=No" not in cols[9]
            if idx < mwt_end:
                space = False
            elif idx == mwt_end:
                space = mwt_space
            words.append(Word(cols[1], cols[2], cols[3], cols[4], cols[5], int(cols[6]), cols[7], space, cols[9]))
    if words:
        yield Sentence(comments.get("sent_id", ""), comments.get("text", ""), doc_id, newpar, words)


def read_uner(path: Path) -> dict[str, list[str]]:
    """sent_id -> IOB2 tags, with UNER's spurious first-version tags (OTH, O) kept as given."""
    tags: dict[str, list[str]] = {}
    sent_id, cur = "", []
    with gzip.open(path, "rt", encoding="utf8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line.startswith("# sent_id"):
                sent_id = line.split("=", 1)[1].strip()
            elif line.startswith("#"):
                continue
            elif not line:
                if sent_id:
                    tags[sent_id] = cur
                sent_id, cur = "", []
            else:
                cols = line.split("\t")
                cur.append(cols[2] if len(cols) > 2 else "O")
    if sent_id:
        tags[sent_id] = cur
    return tags


def iob_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    start, label = -1, ""
    for i, tag in enumerate(tags + ["O"]):
        prefix, _, typ = tag.partition("-")
        if start >= 0 and (prefix != "I" or typ != label):
            spans.append((start, i, label))
            start = -1
        if prefix == "B" or (prefix == "I" and start < 0):
            start, label = i, typ
    return spans


def gum_entities(sent: Sentence) -> list[tuple[int, int, str]]:
    """Named person/organisation/place mentions of a GUM sentence, trimmed to their proper-noun run."""
    open_: dict[str, tuple[int, str]] = {}
    spans: list[tuple[int, int, str]] = []
    for i, w in enumerate(sent.words):
        ent = next((m[len("Entity="):] for m in w.misc.split("|") if m.startswith("Entity=")), "")
        for m in ENTITY_RE.finditer(ent):
            if m.group(1):
                if m.group(3):
                    spans.append((i, i + 1, m.group(2)))
                else:
                    open_[m.group(1)] = (i, m.group(2))
            elif m.group(4) in open_:
                s, typ = open_.pop(m.group(4))
                spans.append((s, i + 1, typ))
    out = []
    for s, e, typ in spans:
        if typ not in GUM_TYPES:
            continue
        inside = range(s, e)
        heads = [i for i in inside if not (s <= sent.words[i].head - 1 < e)]
        if len(heads) != 1 or sent.words[heads[0]].upos != "PROPN":
            continue
        h = heads[0]
        lo = hi = h
        while lo - 1 >= s and _name_part(sent.words, lo - 1, s, e):
            lo -= 1
        while hi + 1 < e and _name_part(sent.words, hi + 1, s, e):
            hi += 1
        while lo < hi and sent.words[lo].upos not in ("PROPN", "ADJ", "NUM", "NOUN"):
            lo += 1
        while hi > lo and sent.words[hi].upos not in ("PROPN", "NUM", "NOUN"):
            hi -= 1
        out.append((lo, hi + 1, GUM_TYPES[typ]))
    return out


def _name_part(words: list[Word], i: int, s: int, e: int) -> bool:
    w = words[i]
    if w.upos == "PROPN":
        return True
    if w.form[:1].isupper() and w.upos in ("NOUN", "ADJ", "NUM", "VERB"):
        return True
    # "of", "&", "-", "'s"-less connectors inside a name: University of Portsmouth
    if w.upos in ("ADP", "CCONJ", "PUNCT", "DET") and w.form in ("of", "&", "-", "and", "the", "de", ".", "'"):
        nxt = i + 1
        return nxt < e and words[nxt].upos == "PROPN" and i > s and words[i - 1].upos == "PROPN"
    return False


def learn_demonyms(sentences: list[Sentence]) -> set[str]:
    cap: Counter[str] = Counter()
    low: Counter[str] = Counter()
    for sent in sentences:
        for i, w in enumerate(sent.words):
            if w.upos != "ADJ" or not w.form.isalpha():
                continue
            if w.form[0].isupper() and i > 0 and not w.form.isupper():
                cap[w.form] += 1
            elif w.form.islower():
                low[w.form] += 1
    suffixes = ("an", "ese", "ish", "i", "ch")
    return {f for f, n in cap.items() if low[f.lower()] == 0 and (f.endswith(suffixes) or n >= 3)}


def add_norp(sent: Sentence, demonyms: set[str]) -> None:
    taken = {i for s, e, _ in sent.ents for i in range(s, e)}
    for i, w in enumerate(sent.words):
        if i in taken or not w.form[:1].isupper():
            continue
        singular = w.form[:-1] if w.form.endswith("s") and w.upos in ("NOUN", "PROPN") else w.form
        if (w.upos == "ADJ" and w.form in demonyms) or (w.form != singular and singular in demonyms):
            sent.ents.append((i, i + 1, "NORP"))


def to_doc(vocab: spacy.Vocab, sents: list[Sentence]) -> Doc:
    words, spaces, tags, pos, morphs, lemmas, heads, deps, starts = [], [], [], [], [], [], [], [], []
    ents: list[tuple[int, int, str]] = []
    unknown: list[int] = []
    offset = 0
    for sent in sents:
        for j, w in enumerate(sent.words):
            words.append(w.form)
            spaces.append(w.space)
            tags.append(w.xpos)
            pos.append(w.upos)
            morphs.append("" if w.feats == "_" else w.feats)
            lemmas.append(w.lemma)
            heads.append(offset + (w.head - 1 if w.head else j))
            deps.append("ROOT" if w.deprel == "root" else w.deprel)
            starts.append(j == 0)
        ents.extend((offset + s, offset + e, lab) for s, e, lab in sent.ents)
        if sent.partial_ner:
            unknown.extend(offset + j for j, w in enumerate(sent.words)
                           if w.upos == "PROPN" or (j > 0 and w.form[:1].isupper()))
        offset += len(sent.words)
    if spaces:
        spaces[-1] = False
    doc = Doc(vocab, words=words, spaces=spaces, tags=tags, pos=pos, morphs=morphs, lemmas=lemmas,
              heads=heads, deps=deps, sent_starts=starts)
    spans, taken = [], set()
    for s, e, lab in sorted(ents, key=lambda x: (-(x[1] - x[0]), x[0])):
        if taken.isdisjoint(range(s, e)):
            spans.append(Span(doc, s, e, label=lab))
            taken.update(range(s, e))
    missing = [doc[i:i + 1] for i in unknown if i not in taken]
    doc.set_ents(sorted(spans, key=lambda sp: sp.start), missing=missing, default="outside")
    return doc


def group(sents: list[Sentence], by_par: bool, n: int = 10) -> Iterator[list[Sentence]]:
    """Group sentences into training docs: GUM by paragraph runs of up to n sentences, EWT by n."""
    cur: list[Sentence] = []
    for s in sents:
        if cur and (len(cur) >= n or s.doc_id != cur[-1].doc_id or (by_par and s.newpar and len(cur) >= 3)):
            yield cur
            cur = []
        cur.append(s)
    if cur:
        yield cur


def gum_licences(data: Path) -> dict[str, str]:
    rows = (line.split("\t") for line in (data / "gum/doc_licenses.tsv").read_text("utf8").splitlines()[1:])
    return {r[0]: r[4] for r in rows if len(r) > 4}


def load_split(data: Path, split: str, shippable_only: bool = True) -> tuple[list[Sentence], list[Sentence]]:
    ewt = list(read_conllu(data / f"ud_english_ewt/en_ewt-ud-{split}.conllu.gz"))
    uner = read_uner(data / f"uner_english/en_ewt/en_ewt-ud-{split}.iob2.gz")
    keep = []
    for sent in ewt:
        tags = uner.get(sent.sent_id)
        if tags is None or len(tags) != len(sent.words):
            continue  # the few sentences UNER does not align with are left out of training
        sent.ents = [(s, e, UNER_TYPES[t]) for s, e, t in iob_spans(tags) if t in UNER_TYPES]
        keep.append(sent)
    licences = gum_licences(data)
    gum = [s for s in read_conllu(data / f"gum/gum-{split}.conllu.gz")
           if not shippable_only or licences.get(s.doc_id) in SHIPPABLE_GUM]
    for sent in gum:
        # GUM types only some names (nested and modifier names are not mentions of their own), so
        # its other proper nouns are left unannotated rather than taught as "no entity".
        sent.ents = gum_entities(sent)
        sent.partial_ner = True
    return keep, gum


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path("../shared/data/corpora"))
    ap.add_argument("--out", type=Path, default=Path("training/corpus"))
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    nlp = spacy.blank("en")
    splits = {split: load_split(args.data, split) for split in ("train", "dev")}
    demonyms = learn_demonyms([s for ewt, gum in splits.values() for s in ewt + gum])
    (args.out / "demonyms.txt").write_text("\n".join(sorted(demonyms)) + "\n", "utf8")
    for split, (ewt, gum) in splits.items():
        db = DocBin(store_user_data=False)
        n_words = 0
        for sent in ewt + gum:
            add_norp(sent, demonyms)
        for chunk in list(group(ewt, by_par=False)) + list(group(gum, by_par=True)):
            db.add(to_doc(nlp.vocab, chunk))
            n_words += sum(len(s.words) for s in chunk)
        db.to_disk(args.out / f"{split}.spacy")
        print(f"{split}: {len(db)} docs, {n_words} words ({len(ewt)} EWT + {len(gum)} GUM sentences)")
    print(f"demonyms: {len(demonyms)}")


if __name__ == "__main__":
    main()
