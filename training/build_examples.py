"""Rebuild the bundled example articles from the Wikinews news documents of the GUM corpus.

GUM (Zeldes 2017, https://github.com/amir-zeldes/gum; annotations CC BY 4.0) includes Wikinews articles
whose text is licensed CC BY 2.5 (licence class ``by`` in ``gum/doc_licenses.tsv``), so the plain text
of a few of them about politics, diplomacy, conflict and government can ship with Backchannel as demo
input. This script rebuilds that text from the treebank:

* paragraphs start at ``# newpar``; sentences of a paragraph are joined by one space;
* tokens are joined honouring ``SpaceAfter=No`` (for multiword tokens the surface line is used), and
  every rebuilt sentence is checked against its ``# text`` comment;
* the headline paragraph (``# meta::title``) becomes the title; the dateline ("Friday, August 21, 2015")
  stays as the first body paragraph, as on Wikinews;
* image captions (``figure`` / ``caption`` blocks of ``# newpar_block``) and the trailing "Sources"
  section are left out, and Wikinews' source-language markers such as ``((it))`` are removed.

Writes ``<out>/articles/<slug>.txt`` (title, blank line, one paragraph per line with blank lines between),
``<out>/wikinews.jsonl`` (the same articles as ``id``, ``text``, ``title``, ``url``, ``published``,
``outlet``, ``author``) and ``<out>/CREDITS.md``.

Usage: python training/build_examples.py --data ../shared/data/corpora --out examples
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

# The chosen GUM news documents (all Wikinews, CC BY 2.5): doc id -> (file slug, why it fits the demo).
CHOSEN: dict[str, tuple[str, str]] = {
    "GUM_news_korea": (
        "north-korea-quasi-state-of-war",
        "conflict: North and South Korea exchange artillery fire; 'quasi-state of war'"),
    "GUM_news_election": (
        "hong-kong-legislative-election-2016",
        "elections: Hong Kong Legislative Council election, pro-Beijing vs pan-democrat camps"),
    "GUM_news_questionnaire": (
        "uk-asylum-questionnaire",
        "government policy: UK Home Office asylum questionnaire, Sunak and Braverman, opposition"),
    "GUM_news_asylum": (
        "asylum-seekers-rescued-off-indonesia",
        "diplomacy and migration: Rohingya boat crisis; Indonesia, Malaysia, Thailand, US State Dept."),
    "GUM_news_afghan": (
        "afghan-robotics-team-visas",
        "diplomacy: US visa refusals, Trump's intervention and travel ban, Afghan ambassador"),
    "GUM_news_sensitive": (
        "canadian-security-document-found",
        "government: leaked Environment Canada security document; minister and opposition MP react"),
    "GUM_news_taxes": (
        "italy-religious-schools-taxes",
        "government and courts: Italian supreme court ruling on taxing religious schools; ministers"),
}

OUTLET = "Wikinews"
LICENCE = "CC BY 2.5, Wikinews contributors"
SPLITS = ("train", "dev", "test")
SKIPPED_BLOCKS = {"figure", "caption"}
END_SECTIONS = {"sources", "related news", "external links", "references", "see also"}
LANGUAGE_MARKER = re.compile(r"\s*\(\([a-z]{2,3}\)\)")
BLOCK = re.compile(r"^\s*(\w+)[^()]*\((\d+) s\)\s*$")


@dataclass
class Sentence:
    text: str
    blocks: set[str]  # the structural blocks (p, head, figure, caption, quote, ...) that hold it
    newpar: bool


@dataclass
class OpenBlock:
    name: str
    left: int  # sentences of the block not yet read


@dataclass
class GumDoc:
    doc_id: str
    meta: dict[str, str] = field(default_factory=dict)
    sentences: list[Sentence] = field(default_factory=list)


@dataclass
class Article:
    doc_id: str
    slug: str
    title: str
    paragraphs: list[str]
    url: str
    published: str | None
    author: str | None

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


def read_docs(path: Path, wanted: set[str]) -> Iterator[GumDoc]:
    """Yield the wanted documents of a GUM .conllu(.gz) file with their sentences rebuilt as text."""
    doc: GumDoc | None = None
    open_blocks: list[OpenBlock] = []
    comments: list[str] = []
    tokens: list[tuple[str, bool]] = []  # surface form, space after
    mwt_end = 0
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf8") as fh:
        for raw in fh:
            line = raw.rstrip("\n")
            if line.startswith("# newdoc id"):
                if doc is not None and doc.doc_id in wanted:
                    yield doc
                doc = GumDoc(line.split("=", 1)[1].strip())
                open_blocks = []
                continue
            if line.startswith("#"):
                comments.append(line)
                if line.startswith("# meta::") and doc is not None:
                    key, _, value = line[len("# meta::"):].partition("=")
                    doc.meta[key.strip()] = value.strip()
                continue
            if line:
                cols = line.split("\t")
                if "." in cols[0]:
                    continue
                space = "SpaceAfter=No" not in cols[9].split("|")
                if "-" in cols[0]:
                    mwt_end = int(cols[0].split("-")[1])
                    tokens.append((cols[1], space))
                elif int(cols[0]) > mwt_end:
                    tokens.append((cols[1], space))
                continue
            # blank line: end of a sentence
            if tokens and doc is not None:
                doc.sentences.append(_sentence(comments, tokens, open_blocks))
            comments, tokens, mwt_end = [], [], 0
    if tokens and doc is not None:
        doc.sentences.append(_sentence(comments, tokens, open_blocks))
    if doc is not None and doc.doc_id in wanted:
        yield doc


def _sentence(comments: list[str], tokens: list[tuple[str, bool]], open_blocks: list[OpenBlock]) -> Sentence:
    """Rebuild one sentence and track which blocks (``# newpar_block = p (6 s) | figure (1 s)``) hold it."""
    newpar = any(c.strip() == "# newpar" or c.startswith("# newpar ") for c in comments)
    for c in comments:
        if c.startswith("# newpar_block"):
            for part in c.split("=", 1)[1].split("|"):
                m = BLOCK.match(part)
                if m:
                    open_blocks.append(OpenBlock(m.group(1), int(m.group(2))))
    blocks = {b.name for b in open_blocks}
    for b in open_blocks:
        b.left -= 1
    open_blocks[:] = [b for b in open_blocks if b.left > 0]

    text = "".join(form + (" " if space else "") for form, space in tokens).strip()
    given = next((c.split("=", 1)[1].strip() for c in comments if c.startswith("# text")), None)
    if given is not None and given != text:
        raise ValueError(f"rebuilt sentence differs from its # text:\n  {text}\n  {given}")
    return Sentence(text, blocks, newpar)


def to_article(doc: GumDoc, slug: str, licences: dict[str, dict[str, str]]) -> Article:
    """Title, body paragraphs and metadata of one GUM news document."""
    lic = licences.get(doc.doc_id)
    if lic is None or lic["licence_class"] != "by" or "CC BY 2.5" not in lic["text_licence"]:
        raise ValueError(f"{doc.doc_id}: not a CC BY 2.5 Wikinews text in doc_licenses.tsv; refusing to copy it")
    paragraphs: list[list[str]] = []
    title = doc.meta.get("title", "")
    pending_newpar = True
    for i, sent in enumerate(doc.sentences):
        pending_newpar = pending_newpar or sent.newpar
        if i == 0 and "head" in sent.blocks:
            title = title or sent.text
            continue
        if sent.blocks & SKIPPED_BLOCKS:
            continue  # a caption; a paragraph it opened starts at the next kept sentence
        if "head" in sent.blocks and sent.text.strip().lower().rstrip(":") in END_SECTIONS:
            break
        if pending_newpar:
            paragraphs.append([])
            pending_newpar = False
        paragraphs[-1].append(LANGUAGE_MARKER.sub("", sent.text))
    if not title:
        raise ValueError(f"{doc.doc_id}: no title")
    created = doc.meta.get("dateCreated", "")
    author = doc.meta.get("author") or None
    return Article(
        doc_id=doc.doc_id,
        slug=slug,
        title=title,
        paragraphs=[" ".join(p) for p in paragraphs if p],
        url=doc.meta.get("sourceURL") or lic["source_url"],
        published=created if re.fullmatch(r"\d{4}-\d{2}-\d{2}", created) else None,
        # GUM gives "Wikinews" as the author of every Wikinews article; that is the outlet, not a byline.
        author=None if author in (None, OUTLET) else author,
    )


def read_licences(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf8", newline="") as fh:
        return {row["doc_id"]: row for row in csv.DictReader(fh, delimiter="\t")}


def write_outputs(articles: list[Article], out: Path) -> None:
    articles_dir = out / "articles"
    articles_dir.mkdir(parents=True, exist_ok=True)
    for art in articles:
        body = "\n\n".join(art.paragraphs)
        (articles_dir / f"{art.slug}.txt").write_text(f"{art.title}\n\n{body}\n", encoding="utf8")
    with (out / "wikinews.jsonl").open("w", encoding="utf8") as fh:
        for art in articles:
            record = {"id": art.slug, "text": art.text, "title": art.title, "url": art.url,
                      "published": art.published, "outlet": OUTLET, "author": art.author}
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    (out / "CREDITS.md").write_text(credits(articles), encoding="utf8")


def credits(articles: list[Article]) -> str:
    lines = [
        "# Credits for the example articles",
        "",
        "The articles in `articles/` and `wikinews.jsonl` are news reports from "
        "[Wikinews](https://en.wikinews.org/), written by Wikinews contributors and licensed under the "
        "[Creative Commons Attribution 2.5](https://creativecommons.org/licenses/by/2.5/) licence "
        "(CC BY 2.5).",
        "",
        "Their text was rebuilt from the GUM corpus (Amir Zeldes, 2017, \"The GUM Corpus: Creating "
        "Multilayer Resources in the Classroom\", *Language Resources and Evaluation* 51(3); "
        "<https://github.com/amir-zeldes/gum>; annotations CC BY 4.0) by `training/build_examples.py`: "
        "tokens re-joined as the treebank records their spacing, image captions and the \"Sources\" "
        "section left out, and source-language markers such as \"((it))\" removed. Spacing and wording "
        "may therefore differ slightly from the pages at the URLs below, which hold the original versions.",
        "",
    ]
    for art in articles:
        lines += [
            f"## {art.title}",
            "",
            f"- File: `articles/{art.slug}.txt` (id `{art.slug}` in `wikinews.jsonl`)",
            f"- Source: <{art.url}>",
            f"- Published: {art.published or 'unknown'}",
            f"- Licence: {LICENCE}",
            f"- Rebuilt from GUM document `{art.doc_id}`",
            "",
        ]
    return "\n".join(lines)


def build(data: Path, out: Path, chosen: dict[str, tuple[str, str]] = CHOSEN) -> list[Article]:
    """Read the chosen documents from GUM under ``data`` and write the example files under ``out``."""
    gum = data / "gum"
    licences = read_licences(gum / "doc_licenses.tsv")
    docs: dict[str, GumDoc] = {}
    for split in SPLITS:
        for doc in read_docs(gum / f"gum-{split}.conllu.gz", set(chosen)):
            docs[doc.doc_id] = doc
    missing = sorted(set(chosen) - set(docs))
    if missing:
        raise SystemExit(f"documents not found in {gum}: {', '.join(missing)}")
    articles = [to_article(docs[doc_id], slug, licences) for doc_id, (slug, _why) in chosen.items()]
    write_outputs(articles, out)
    return articles


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=Path("../shared/data/corpora"), help="corpora folder")
    ap.add_argument("--out", type=Path, default=Path("examples"), help="where to write the examples")
    args = ap.parse_args()
    for art in build(args.data, args.out):
        words = sum(len(p.split()) for p in art.paragraphs)
        print(f"{art.doc_id:<24} -> {args.out / 'articles' / (art.slug + '.txt')} "
              f"({len(art.paragraphs)} paragraphs, {words} words, {art.published})")
    print(f"wrote {args.out / 'wikinews.jsonl'} and {args.out / 'CREDITS.md'}")


if __name__ == "__main__":
    main()
