#!/usr/bin/env python
"""Extra NER supervision for fine-tuning: LitBank's named entities as a spaCy DocBin.

LitBank (Bamman et al. 2019; CC BY 4.0 annotations on public-domain novels) marks every ACE-typed
mention (PER, GPE, LOC, FAC, ORG, VEH), nested, names and common nouns alike, with no flag telling
them apart. This keeps the *names*: a span whose words, after a leading "the", are all capitalised
(with "of", "'s", "&", "-", "de" … allowed inside), and that is not a lone pronoun ("I") and not a
lone capital at the start of a sentence; leading titles are dropped ("Mr. Pett" gives "Pett", as
Universal NER leaves titles out). Where spans nest, the longest name wins.

Labels: PER → PERSON, GPE and LOC → LOC, ORG → ORG; FAC → LOC with ``--fac loc`` (the default) or
left unannotated with ``--fac missing``; VEH is always left unannotated. Capitalised words inside a
mention that is not kept as a name, demonyms (no part-of-speech tags to tell "English" the people from
the language) and lone sentence-initial capitals are *missing*; every other word is "no entity".
Only sentences with at least one kept name are written, grouped in runs of up to ten consecutive
sentences of one book. The docs carry words, spacing (rebuilt from LitBank's tokens) and entities
only: no tags, lemmas or parse, which the trainable components treat as unannotated.

Usage: python training/litbank.py --data ../shared/data/corpora --demonyms training/corpus/demonyms.txt \
           --out training/corpus/litbank.spacy [--fac loc|missing]
"""

from __future__ import annotations

import argparse
import io
import tarfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin, Span
from spacy.vocab import Vocab

LABELS = {"PER": "PERSON", "GPE": "LOC", "LOC": "LOC", "ORG": "ORG"}
CONNECTORS = frozenset({"of", "'s", "’s", "&", "-", "de", "du", "von", "van", "la", "le", "and", "the", "on"})
# Capitalised words that are never a name on their own here: pronouns, titles and kinship terms.
NOT_NAMES = frozenset({
    "I", "He", "She", "It", "We", "They", "You", "Me", "Him", "Her", "Us", "Them", "Thou", "Thee", "Ye",
    "My", "His", "Its", "Our", "Your", "Their", "Who", "This", "That", "Heaven", "God", "Good",
    "Grandmother", "Grandfather", "Papa", "Mamma", "Mama",
})
# Titles before a name are not part of it (Universal NER tags "Mr. Bush" as O + PER).
TITLES = frozenset({
    "Mr.", "Mrs.", "Mr", "Mrs", "Miss", "Ms.", "Sir", "Lady", "Lord", "Madam", "Madame", "Dr.", "Dr",
    "Mother", "Father", "Aunt", "Uncle", "Captain", "Colonel", "General", "King", "Queen", "Prince",
    "Princess", "Master", "Mistress", "Doctor", "Brother", "Sister", "Monsieur", "Mademoiselle", "Mme.",
    "Mlle.", "Professor", "Rev.", "Reverend", "Major", "Lieutenant", "Count", "Countess", "Duke", "Duchess",
})
NO_SPACE_BEFORE = frozenset({",", ".", ";", ":", "!", "?", ")", "]", "'s", "’s", "n't", "'", "”", "’", "'ll",
                             "'d", "'re", "'ve", "'m", "--"})
NO_SPACE_AFTER = frozenset({"(", "[", "“", "‘", "--"})
MAX_SENTS_PER_DOC = 10
MAX_NEST = 8  # bound on nesting columns read per row


@dataclass
class LitSentence:
    words: list[str]
    spans: list[tuple[int, int, str]]  # every mention, all nesting levels; end exclusive


def read_tsv(text: str) -> Iterator[LitSentence]:
    """Sentences of one LitBank entity file: token, then nested BIO columns (inner to outer)."""
    words: list[str] = []
    columns: list[list[str]] = []
    for line in [*text.splitlines(), ""]:
        cells = line.rstrip("\n").split("\t")
        if not cells[0]:
            if words:
                yield LitSentence(words, _spans(columns))
            words, columns = [], []
            continue
        words.append(cells[0])
        columns.append([c for c in cells[1:1 + MAX_NEST] if c])
    return


def _spans(columns: Sequence[list[str]]) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    depth = max((len(c) for c in columns), default=0)
    for level in range(depth):
        start, label = -1, ""
        for i, cells in enumerate([*columns, []]):
            tag = cells[level] if level < len(cells) else "O"
            prefix, _, typ = tag.partition("-")
            if start >= 0 and (prefix != "I" or typ != label):
                spans.append((start, i, label))
                start = -1
            if prefix == "B" or (prefix == "I" and start < 0):
                start, label = i, typ
    return spans


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and any(ch.isalpha() for ch in word)


def name_span(words: Sequence[str], start: int, end: int) -> tuple[int, int] | None:
    """The name inside mention ``words[start:end]`` (leading "the" and titles dropped), or None if it is no name."""
    determiner = start < end and words[start].lower() == "the"
    start += determiner
    titled = start
    while start < end and words[start] in TITLES:
        start += 1
    if start >= end or (determiner and start > titled):
        return None  # a lone title, or a role: "the Lord Chancellor"
    inner = words[start:end]
    if not _capitalised(inner[0]) or not _capitalised(inner[-1]):
        return None
    if any(not _capitalised(w) and w not in CONNECTORS for w in inner):
        return None
    if all(w in NOT_NAMES for w in inner if _capitalised(w)):
        return None
    if len(inner) == 1 and (start == 0 or words[start - 1] in ("“", '"', "‘", "'", "--")):
        return None  # a lone capital at the start of a sentence or quotation: cannot tell
    if all(w.isupper() and len(w) > 1 for w in inner):
        return None  # chapter headings and shouting
    return start, end


def sentence_entities(
    sent: LitSentence, fac: str, demonyms: frozenset[str]
) -> tuple[list[tuple[int, int, str]], list[int]]:
    """Kept name spans (token offsets, label) and the tokens to leave unannotated."""
    candidates: list[tuple[int, int, str]] = []
    missing: set[int] = set()
    for start, end, typ in sent.spans:
        label = LABELS.get(typ) or ("LOC" if typ == "FAC" and fac == "loc" else None)
        found = name_span(sent.words, start, end)
        if found is not None and label is not None:
            candidates.append((found[0], found[1], label))
        else:
            missing.update(i for i in range(start, end) if _capitalised(sent.words[i]))
    kept: list[tuple[int, int, str]] = []
    taken: set[int] = set()
    for start, end, label in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
        if taken.isdisjoint(range(start, end)):
            kept.append((start, end, label))
            taken.update(range(start, end))
    for i, word in enumerate(sent.words):
        if i in taken:
            continue
        bare = word[:-1] if word.endswith("s") else word
        if word in demonyms or bare in demonyms or (i == 0 and _capitalised(word)):
            missing.add(i)
    return sorted(kept), sorted(missing - taken)


def spaces_for(words: Sequence[str]) -> list[bool]:
    """Rebuild spacing from tokens: no space before closing punctuation, none after opening marks."""
    spaces = [True] * len(words)
    open_double = False
    for i, word in enumerate(words):
        if word == '"':
            open_double = not open_double
            if open_double:
                spaces[i] = False
            elif i > 0:
                spaces[i - 1] = False
        if word in NO_SPACE_AFTER:
            spaces[i] = False
        if i > 0 and word in NO_SPACE_BEFORE:
            spaces[i - 1] = False
    if spaces:
        spaces[-1] = False
    return spaces


def to_doc(vocab: Vocab, sents: Sequence[tuple[LitSentence, list[tuple[int, int, str]], list[int]]]) -> Doc:
    words: list[str] = []
    spaces: list[bool] = []
    ents: list[tuple[int, int, str]] = []
    missing: list[int] = []
    for sent, kept, unknown in sents:
        offset = len(words)
        words.extend(sent.words)
        sent_spaces = spaces_for(sent.words)
        sent_spaces[-1] = True
        spaces.extend(sent_spaces)
        ents.extend((offset + s, offset + e, label) for s, e, label in kept)
        missing.extend(offset + i for i in unknown)
    spaces[-1] = False
    doc = Doc(vocab, words=words, spaces=spaces)
    doc.set_ents([Span(doc, s, e, label=label) for s, e, label in ents],
                 missing=[doc[i:i + 1] for i in missing], default="outside")
    return doc


def read_books(archive: Path) -> Iterator[tuple[str, str]]:
    """(book name, tsv text) for each entity file in LitBank's entities tarball, in name order."""
    with tarfile.open(archive, "r:gz") as tar:
        members = sorted((m for m in tar.getmembers() if m.isfile() and m.name.startswith("entities/tsv/")
                          and m.name.endswith(".tsv")), key=lambda m: m.name)
        for member in members:
            handle = tar.extractfile(member)
            if handle is not None:
                yield member.name, io.TextIOWrapper(handle, encoding="utf-8").read()


def build(archive: Path, demonyms: frozenset[str], fac: str) -> tuple[DocBin, dict[str, int]]:
    vocab = spacy.blank("en").vocab
    db = DocBin(store_user_data=False)
    stats = {"books": 0, "sentences": 0, "kept_sentences": 0, "names": 0, "words": 0}
    for _name, text in read_books(archive):
        stats["books"] += 1
        run: list[tuple[LitSentence, list[tuple[int, int, str]], list[int]]] = []
        for sent in read_tsv(text):
            stats["sentences"] += 1
            kept, unknown = sentence_entities(sent, fac, demonyms)
            if not kept:
                continue
            run.append((sent, kept, unknown))
            stats["kept_sentences"] += 1
            stats["names"] += len(kept)
            stats["words"] += len(sent.words)
            if len(run) >= MAX_SENTS_PER_DOC:
                db.add(to_doc(vocab, run))
                run = []
        if run:
            db.add(to_doc(vocab, run))
    return db, stats


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=Path("../shared/data/corpora"))
    ap.add_argument("--demonyms", type=Path, required=True, help="demonyms.txt written by corpus.py")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--fac", choices=("loc", "missing"), default="loc")
    args = ap.parse_args()
    demonyms = frozenset(args.demonyms.read_text("utf8").split())
    db, stats = build(args.data / "litbank" / "litbank-entities.tar.gz", demonyms, args.fac)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(args.out)
    print(f"{len(db)} docs -> {args.out}; {stats}")


if __name__ == "__main__":
    main()
