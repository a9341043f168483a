"""Building the knowledge base from ../shared/data (skipped without it)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from backchannel.kb import KnowledgeBase, sector_at
from backchannel.kb.base import shipped_path
from backchannel.kb.build import build


@pytest.mark.data
@pytest.mark.slow
def test_build_from_shared_data(shared_data: Path, tmp_path: Path) -> None:
    for name in ("officeholders.tsv", "organizations.tsv"):
        if (shipped_path() / name).exists():
            shutil.copy(shipped_path() / name, tmp_path / name)
    report = build(tmp_path, shared_data / "events" / "phoenix_dictionaries", shared_data / "corpora" / "gum")
    assert report.counts["entries"] > 20000
    assert sum(p.stat().st_size for p in tmp_path.iterdir()) < 5_000_000
    kb = KnowledgeBase.load(tmp_path)
    ushakov = kb.resolve("Yuriy Ushakov", "person")
    assert ushakov is not None and any(r.code == "RUSGOV" and r.end == dt.date(2008, 7, 31) for r in ushakov.roles)
    annan = kb.resolve("Kofi Annan", "person")
    assert annan is not None and sector_at(annan, dt.date(2003, 1, 1)) is None and annan.country == "UNO"
    afghanistan = kb.resolve("Afghan", "group")
    assert afghanistan is not None and afghanistan.country == "AFG"
    assert kb.resolve("Moscow", "country") is None or kb.resolve("Moscow", "country").kind != "country"  # type: ignore[union-attr]
    assert kb.agent_sector("rebels") == "REB"
    credits = (tmp_path / "CREDITS.md").read_text("utf-8")
    assert "MIT" in credits and "CC BY-SA" in credits


def test_common_words_are_counted_over_training_splits_only(tmp_path: Path) -> None:
    from backchannel.kb.build import treebank_files

    names = ["gum/gum-train.conllu.gz", "gum/gum-dev.conllu.gz", "gum/gum-test.conllu.gz",
             "ud_english_ewt/en_ewt-ud-train.conllu.gz", "ud_english_ewt/en_ewt-ud-test.conllu.gz",
             "ud_english_pud/en_pud-ud-test.conllu.gz"]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"")
    assert [p.relative_to(tmp_path).as_posix() for p in treebank_files(tmp_path)] == [
        "gum/gum-train.conllu.gz", "ud_english_ewt/en_ewt-ud-train.conllu.gz"]


def test_a_phoenix_person_block_with_bodies_named_after_the_person_is_a_person() -> None:
    from backchannel.kb.build import _phoenix_kind
    from backchannel.kb.phoenix import Actor, Code

    org_words = frozenset({"ADMINISTRATION", "MINISTRY", "COUNCIL"})
    obama = Actor(names=["BARACK OBAMA", "PRESIDENT OBAMA", "OBAMA", "THE OBAMA ADMINISTRATION"],
                  codes=[Code("USAGOV")])
    assert _phoenix_kind(obama, "countries", org_words) == "person"
    # A body named after nobody in the block, or no sign of a person (no title, no known given name): a body.
    council = Actor(names=["BARACK OBAMA", "PRESIDENT OBAMA", "SECURITY COUNCIL"], codes=[Code("USAGOV")])
    assert _phoenix_kind(council, "countries", org_words) == "organization"
    untitled = Actor(names=["BARACK OBAMA", "OBAMA", "OBAMA ADMINISTRATION"], codes=[Code("USAGOV")])
    assert _phoenix_kind(untitled, "countries", org_words) == "organization"
    islands = Actor(names=["BRITISH VIRGIN ISLANDS", "VIRGIN ISLANDS (UK)"], codes=[Code("GBR")])
    assert _phoenix_kind(islands, "countries", frozenset()) == "organization"


def test_common_words_count_only_the_kept_documents(tmp_path: Path) -> None:
    from backchannel.kb.build import CommonWords

    def doc(doc_id: str, word: str) -> str:
        rows = [f"{i}\t{w}\t_\t_" for i, w in enumerate(["It", "was", word, "there"], 1)]
        return f"# newdoc id = {doc_id}\n# sent_id = {doc_id}-1\n" + "\n".join(rows) + "\n\n"

    path = tmp_path / "gum-train.conllu"
    path.write_text(doc("GUM_open", "court") + doc("GUM_closed", "Court") + doc("GUM_closed", "Court"), "utf-8")
    assert CommonWords.read([path], {"GUM_open"}).generic("Court")  # the closed document's "Court" is not counted
    assert not CommonWords.read([path]).generic("Court")
