"""The hand-annotated gold articles in benchmarks/gold are well formed (no model, no shared data).

Why: the actors benchmark and the shared scorer trust these files; a ``contains`` that is not on its line or a
name alias that is not in the article silently turns into a miss for every system, so it is checked here.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

yaml = pytest.importorskip("yaml")

GOLD = Path(__file__).resolve().parents[1] / "benchmarks" / "gold"
FOLDERS = sorted(p.parent for p in GOLD.glob("*/gold.yaml"))
KINDS = {"person", "organization", "country", "group", "place", "other"}
SECTORS = set("COP GOV JUD LEG MIL PRM PTY REB SPY UAF UNK AGR BUS CRM CVL EDU ELI JRN LAB MED REF OPP PRE REL SOC"
              .split())
INTERNATIONAL = {"IGO", "UNO", "EUR", "NGO", "ISM", "IMG", "MNC"}
PRONOUNS = {"he", "she", "it", "they", "him", "her", "them", "his", "its", "their", "i", "we", "you", "us", "our"}


def _load(folder: Path) -> tuple[dict[str, Any], list[str]]:
    gold = yaml.safe_load((folder / "gold.yaml").read_text(encoding="utf-8"))
    lines = (folder / "article.txt").read_text(encoding="utf-8").split("\n")
    return gold, lines


def test_there_are_gold_articles() -> None:
    assert len(FOLDERS) >= 4
    credits = (GOLD / "CREDITS.md").read_text(encoding="utf-8")
    for folder in FOLDERS:
        assert f"`{folder.name}`" in credits, f"{folder.name} is not credited"


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_article_layout(folder: Path) -> None:
    text = (folder / "article.txt").read_text(encoding="utf-8")
    lines = text.rstrip("\n").split("\n")
    assert all(line.strip() for line in lines), "one paragraph per line, no blank lines"
    assert re.fullmatch(r"\w+day, \w+ \d{1,2}, \d{4}", lines[1]), "line 2 is the dateline"


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_actors_are_well_formed(folder: Path) -> None:
    gold, _ = _load(folder)
    actors = gold["actors"]
    ids = [a["id"] for a in actors]
    assert len(ids) == len(set(ids)), "duplicate actor ids"
    for actor in actors:
        assert actor["kind"] in KINDS, actor
        assert actor.get("sector") is None or actor["sector"] in SECTORS, actor
        country = actor.get("country")
        assert country is None or re.fullmatch(r"[A-Z]{3}", country), actor
        if actor["kind"] == "country":
            assert country and country not in INTERNATIONAL, actor
        if "wikidata" in actor:
            assert re.fullmatch(r"Q\d+", actor["wikidata"]), actor
        assert isinstance(actor.get("aliases", []), list), actor
    for relation in gold.get("relations", []):
        assert relation["subject"] in ids and relation["object"] in ids, relation


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_name_aliases_occur_in_the_article(folder: Path) -> None:
    gold, lines = _load(folder)
    text = "\n".join(lines).lower()
    for actor in gold["actors"]:
        for alias in actor.get("aliases", []):
            if alias.lower() in PRONOUNS or not any(c.isupper() for c in alias):
                continue
            assert alias.lower() in text, f"{actor['id']}: alias {alias!r} is not in the article"


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.name)
def test_contains_is_on_its_line(folder: Path) -> None:
    gold, lines = _load(folder)
    text = "\n".join(lines)
    for layer in ("quotes", "not_quotes", "claims", "events", "relations"):
        for item in gold.get(layer) or []:
            if "contains" not in item:
                continue
            if "line" in item:
                assert 1 <= item["line"] <= len(lines), item
                assert item["contains"] in lines[item["line"] - 1], item
            else:
                assert item["contains"] in text, item
