"""The knowledge base: TABARI parsing, dated roles, curated tables, lookups on the shipped files."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

import backchannel.kb
from backchannel.errors import DataFileError
from backchannel.kb import Entry, KnowledgeBase, Role, country_at, roles_at, sector_at
from backchannel.kb.codes import cameo_codes
from backchannel.kb.curated import read_officeholders, read_organizations
from backchannel.kb.phoenix import parse_date, read_actors, read_agents

PHOENIX = """\
# a comment
YURIY_USHAKOV_  # CountryInfo.txt
+YURIY_VIKTOROVICH_USHAKOV_
	[RUSGOV 030101-080731]
VLADIMIR_PUTIN_  # CountryInfo.txt
+PUTIN_
	[RUSELI 700101-990809]
	[RUSGOV >080508]
	[RUSELI]

THE_UNITED_NATIONS_ [IGOUNO]
UN_ [IGOUNO]
BAN_KI-MOON [IGOUNO >20070101] [KORGOV 2004017-20061201] [---]
"""


def _roles(codes: list[tuple[str, dt.date | None, dt.date | None]]) -> list[Role]:
    table = cameo_codes()
    return [Role(*table.decode(c), start=s, end=e, code=c) for c, s, e in codes]


def test_public_api() -> None:
    assert set(backchannel.kb.__all__) == {"ActorLinker", "Candidate", "Entry", "KnowledgeBase", "Role", "country_at",
                                           "make_actor_linker", "roles_at", "sector_at"}


def test_tabari_blocks_codes_and_dates() -> None:
    actors = list(read_actors(PHOENIX.splitlines()))
    ushakov, putin, un, un_short, ban = actors
    assert ushakov.names == ["YURIY USHAKOV", "YURIY VIKTOROVICH USHAKOV"]
    assert [(c.code, c.start, c.end) for c in ushakov.codes] == [("RUSGOV", dt.date(2003, 1, 1), dt.date(2008, 7, 31))]
    assert [(c.code, c.start, c.end) for c in putin.codes][1:] == [("RUSGOV", dt.date(2008, 5, 8), None),
                                                                    ("RUSELI", None, None)]
    # Phrases with their own codes on their line are separate blocks; a malformed date is skipped.
    assert (un.names, un_short.names) == (["THE UNITED NATIONS"], ["UN"])
    assert [(c.code, c.start) for c in ban.codes] == [("IGOUNO", dt.date(2007, 1, 1))]


def test_two_digit_year_pivot() -> None:
    assert parse_date("300101") == dt.date(2030, 1, 1)
    assert parse_date("310101") == dt.date(1931, 1, 1)
    assert parse_date("451024") == dt.date(1945, 10, 24)
    with pytest.raises(ValueError):
        parse_date("2004017")


def test_agents_expand_macros_and_plurals() -> None:
    lines = ["!PERSON! = MAN, WOMAN", "CATTLE!PERSON! [~AGR]", "THIEF {THIEVES} [~CRM]  # note"]
    assert list(read_agents(lines)) == [("CATTLEMAN", "AGR"), ("CATTLEWOMAN", "AGR"), ("THIEF", "CRM"),
                                        ("THIEVES", "CRM")]


def test_cameo_codes_to_plover() -> None:
    codes = cameo_codes()
    assert codes.decode("RUSGOV") == ("RUS", "GOV")
    assert codes.decode("USAMED") == ("USA", "JRN")  # CAMEO media is PLOVER JRN
    assert codes.decode("IGOUNOKID") == ("UNO", None)
    assert codes.decode("IGOWSTNAT") == ("IGO", None)
    assert codes.decode("IGOEUREEC") == ("EUR", None)
    assert codes.decode("MNCUSA") == ("MNC", "BUS")
    assert codes.decode("IMGMUSALQ") == ("IMG", "REB")
    assert codes.decode("KSVGOV") == ("XKX", "GOV")


def test_dated_roles_ushakov_2005_vs_2025() -> None:
    ushakov = Entry("phx:YURIY_USHAKOV", "Yuriy Ushakov", "person", country="RUS",
                    roles=_roles([("RUSGOV", dt.date(2003, 1, 1), dt.date(2008, 7, 31))]))
    assert sector_at(ushakov, dt.date(2005, 6, 1)) == "GOV"
    assert roles_at(ushakov, dt.date(2025, 6, 1)) == []
    assert sector_at(ushakov, dt.date(2025, 6, 1)) is None
    assert country_at(ushakov, dt.date(2025, 6, 1)) == "RUS"  # still Russian, no longer coded as government
    assert sector_at(ushakov, None) == "GOV"  # no date: the most recent role


def test_default_role_applies_outside_dated_ones() -> None:
    putin = Entry("phx:VLADIMIR_PUTIN", "Vladimir Putin", "person", country="RUS",
                  roles=_roles([("RUSELI", dt.date(1970, 1, 1), dt.date(1999, 8, 9)),
                                ("RUSGOV", dt.date(2008, 5, 8), None), ("RUSELI", None, None)]))
    assert sector_at(putin, dt.date(1990, 1, 1)) == "ELI"
    assert sector_at(putin, dt.date(2003, 1, 1)) == "ELI"  # no dated code covers 2003: the default
    assert sector_at(putin, dt.date(2025, 1, 1)) == "GOV"
    assert sector_at(putin, None) == "GOV"


HOLDERS = """\
# as-of: 2025-06-01
wikidata\tname\taliases\tcountry\ttitle\tof\tsector\tstart\tend\tsource
Q1\tAnna Example\tExample|A. Example\tRUS\tMinister\tRUS\tGOV\t2012-05\t\ttest
Q1\tAnna Example\t\tRUS\tEnvoy\torg:club\tGOV\t2001\t2004\ttest
"""
ORGS = """\
# comment
kb_id\twikidata\tname\taliases\tkind\tcountry\tsector\tsource
org:club\tQ2\tThe Club\tClub|TC\torganization\tIGO\tGOV\ttest
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_curated_tables(tmp_path: Path) -> None:
    [club] = read_organizations(_write(tmp_path, "organizations.tsv", ORGS))
    assert (club.kb_id, club.wikidata, club.country, club.aliases) == ("org:club", "Q2", "IGO", ["Club", "TC"])
    [anna] = read_officeholders(_write(tmp_path, "officeholders.tsv", HOLDERS), {"org:club": "IGO"})
    assert anna.kb_id == "wd:Q1" and anna.aliases == ["Example", "A. Example"]
    assert [(r.title, r.country, r.start, r.end) for r in anna.roles] == [
        ("Minister", "RUS", dt.date(2012, 5, 1), None), ("Envoy", "IGO", dt.date(2001, 1, 1), dt.date(2004, 12, 31))]
    assert country_at(anna, dt.date(2003, 1, 1)) == "IGO"


@pytest.mark.parametrize(("text", "where"), [
    (HOLDERS.replace("Q1\tAnna Example\t\t", "X1\tAnna Example\t\t"), "officeholders.tsv:4"),
    (HOLDERS.replace("2012-05", "May 2012"), "officeholders.tsv:3"),
    (HOLDERS.replace("\ttest\n", "\n", 1), "officeholders.tsv:3"),
    (HOLDERS.replace("wikidata\tname", "qid\tname"), "officeholders.tsv:2"),
    ("# as-of: 2025-06-01\n", "officeholders.tsv"),
])
def test_malformed_curated_file_names_file_and_line(tmp_path: Path, text: str, where: str) -> None:
    with pytest.raises(DataFileError) as info:
        read_officeholders(_write(tmp_path, "officeholders.tsv", text))
    assert info.value.code == "E501"
    assert info.value.source == where


def test_malformed_kb_and_alias_files(tmp_path: Path) -> None:
    good = '{"id":"phx:X","name":"X Y","kind":"person"}\n'
    with pytest.raises(DataFileError) as info:
        KnowledgeBase.load(_write(tmp_path, "actors.jsonl", good + "{not json\n"))
    assert info.value.source == "actors.jsonl:2"
    with pytest.raises(DataFileError) as info:
        KnowledgeBase.load(_write(tmp_path, "empty.jsonl", "\n"))
    assert info.value.source == "empty.jsonl"
    base = _write(tmp_path, "actors.jsonl", good)
    with pytest.raises(DataFileError) as info:
        KnowledgeBase.load(base, extra=[_write(tmp_path, "aliases.tsv", "# mine\nphx:X\tXavier\nphx:NOPE\tNo\n")])
    assert info.value.source == "aliases.tsv:3"
    kb = KnowledgeBase.load(base, extra=[_write(tmp_path, "aliases.tsv", "phx:X\tXavier Y\n")])
    assert kb.resolve("Xavier Y", "person") is not None


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return KnowledgeBase.load()


@pytest.mark.parametrize("name", ["Vladimir Putin", "Putin", "President Putin’s", "Russian President Vladimir Putin",
                                  "Vladimir V. Putin", "Владимир Путин"])
def test_putin_spellings(kb: KnowledgeBase, name: str) -> None:
    entry = kb.resolve(name, "person", dt.date(2025, 3, 1))
    assert entry is not None and entry.wikidata == "Q7747"
    assert (country_at(entry, dt.date(2025, 3, 1)), sector_at(entry, dt.date(2025, 3, 1))) == ("RUS", "GOV")


@pytest.mark.parametrize(("a", "b"), [("Zelensky", "Zelenskyy"), ("Zelensky", "Zelenskiy"),
                                      ("Sergei Lavrov", "Sergey Lavrov"), ("Kirill Dmitriev", "Kirill Dmitriyev")])
def test_transliteration_variants(kb: KnowledgeBase, a: str, b: str) -> None:
    left, right = kb.resolve(a, "person"), kb.resolve(b, "person")
    assert left is not None and left is right


def test_variants_without_curated_aliases() -> None:
    kb = KnowledgeBase.from_entries([Entry("phx:A", "Volodymyr Zelensky", "person"),
                                     Entry("phx:B", "Kirill Dmitriev", "person")])
    assert kb.resolve("Volodymyr Zelenskyy", "person") is kb.resolve("Volodymyr Zelenskiy", "person") is not None
    assert kb.resolve("Kirill Dmitriyev", "person") is not None
    assert kb.resolve("Zelenskyy", "person") is None  # a lone surname needs someone notable (below)
    notable = KnowledgeBase.from_entries([Entry("wd:Q1", "Volodymyr Zelensky", "person", wikidata="Q1")])
    assert notable.resolve("Zelenskyy", "person") is not None  # a surname variant that only one person has
    assert notable.resolve("Zelenskky", "person") is not None
    assert KnowledgeBase.from_entries([Entry("wd:Q2", "Giorgia Meloni", "person", wikidata="Q2")]).resolve(
        "Melanie", "person") is None  # two edits: not a spelling of that surname


def test_variants_are_for_people_only() -> None:
    kb = KnowledgeBase.from_entries([Entry("phx:M", "Movimondo", "organization"),
                                     Entry("org:un", "United Nations", "organization", sources=["curated"])])
    assert kb.resolve("Movimento", "organization") is None
    assert kb.resolve("Movimondo", "organization") is not None
    assert kb.resolve("the United Nations", "organization") is not None


def test_given_name_alone_is_no_surname() -> None:
    kb = KnowledgeBase.from_entries([Entry("wd:Q1", "Dean Acheson", "person", wikidata="Q1"),
                                     Entry("wd:Q3", "Dean Kamen", "person", wikidata="Q3"),
                                     Entry("wd:Q2", "Madeleine Dean", "person", wikidata="Q2")])
    assert kb.given_name("dean")
    assert kb.resolve("Dean", "person") is None
    assert kb.resolve("Acheson", "person") is not None


def test_surname_alone_resolves_only_when_unambiguous() -> None:
    kb = KnowledgeBase.from_entries([Entry("phx:A", "John Smith", "person"), Entry("phx:B", "Jane Smith", "person"),
                                     Entry("phx:C", "Kirill Dmitriev", "person", sources=["curated"])])
    assert kb.resolve("Smith", "person") is None
    assert kb.resolve("Dmitriev", "person") is not None
    assert kb.resolve("Ivan Dmitriev", "person") is None  # another man's surname does not make him known


def test_surname_alone_needs_a_notable_person() -> None:
    """A Phoenix-only minister is found by surname only in an article dated while he held office."""
    bailey = Entry("phx:FRAN_BAILEY", "Fran Bailey", "person",
                   roles=[Role("AUS", "GOV", dt.date(2004, 1, 1), dt.date(2007, 12, 31))])
    kb = KnowledgeBase.from_entries([bailey])
    assert kb.resolve("Bailey", "person") is None
    assert kb.resolve("Bailey", "person", dt.date(2020, 1, 1)) is None
    assert kb.resolve("Bailey", "person", dt.date(2005, 1, 1)) is bailey
    assert kb.resolve("Fran Bailey", "person") is bailey


def test_prefers_curated_and_role_at_date() -> None:
    old = Entry("phx:A", "Ivan Petrov", "person", roles=[Role("RUS", "GOV", dt.date(1990, 1, 1), dt.date(1995, 1, 1))])
    new = Entry("phx:B", "Ivan Petrov", "person", roles=[Role("RUS", "MIL", dt.date(2020, 1, 1), None)])
    kb = KnowledgeBase.from_entries([old, new])
    assert kb.resolve("Ivan Petrov", "person", dt.date(2021, 1, 1)) is new
    assert kb.resolve("Ivan Petrov", "person", dt.date(1992, 1, 1)) is old
    assert kb.resolve("Ivan Petrov", "person", dt.date(2005, 1, 1)) is None  # neither: ambiguous
    curated = Entry("wd:Q9", "Ivan Petrov", "person", sources=["curated"])
    assert KnowledgeBase.from_entries([old, new, curated]).resolve("Ivan Petrov", "person") is curated


def test_countries_and_kinds(kb: KnowledgeBase) -> None:
    russia = kb.resolve("Russia", "place")
    assert russia is not None and (russia.kind, russia.country, russia.wikidata) == ("country", "RUS", "Q159")
    assert kb.resolve("Afghan", "group") is not None
    assert kb.resolve("Russia", "person") is None


def test_agent_sectors(kb: KnowledgeBase) -> None:
    assert kb.agent_sector("minister") == "GOV"
    assert kb.agent_sector("rebels") == "REB"
