"""Readers for the hand-curated tables ``officeholders.tsv`` and ``organizations.tsv``.

They are authoritative over Phoenix: Phoenix stops in 2014, the curated tables say who holds which
office now and give Wikidata ids. Every malformed line raises ``DataFileError`` [E501] naming
``file:line``, because a silently skipped row would quietly drop a current office.

``officeholders.tsv``: one row per role; rows sharing a Wikidata id are one person::

    # as-of: 2025-06-01
    wikidata	name	aliases	country	title	of	sector	start	end	source

``organizations.tsv``::

    kb_id	wikidata	name	aliases	kind	country	sector	source
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

from ..errors import DataFileError
from .model import KINDS, Entry, Role

OFFICEHOLDER_COLUMNS = ("wikidata", "name", "aliases", "country", "title", "of", "sector", "start", "end", "source")
ORGANIZATION_COLUMNS = ("kb_id", "wikidata", "name", "aliases", "kind", "country", "sector", "source")

_QID = re.compile(r"^Q[1-9]\d*$")
_COUNTRY = re.compile(r"^[A-Z]{3}$")
_SECTOR = re.compile(r"^[A-Z]{3}$")
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[str, dict[str, str], dict[str, str]]]:
    """Yield ``(file:line, row, comments)`` for each data row; checks the header and the column count."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"cannot read ({exc.__class__.__name__})", source=path.name, code="E501") from None
    comments: dict[str, str] = {}
    header: list[str] | None = None
    rows = 0
    for number, line in enumerate(text.splitlines(), 1):
        where = f"{path.name}:{number}"
        if line.startswith("#"):
            key, sep, value = line[1:].partition(":")
            if sep:
                comments[key.strip()] = value.strip()
            continue
        if not line.strip():
            continue
        cells = line.split("\t")
        if header is None:
            if tuple(c.strip() for c in cells) != columns:
                raise DataFileError(f"the header must be {chr(9).join(columns)!r} (tab-separated)", source=where,
                                    code="E501")
            header = cells
            continue
        if len(cells) != len(columns):
            raise DataFileError(f"expected {len(columns)} tab-separated cells, found {len(cells)}", source=where,
                                code="E501")
        rows += 1
        yield where, {c: v.strip() for c, v in zip(columns, cells, strict=True)}, comments
    if rows == 0:
        raise DataFileError("no rows (the file is empty or has only comments and a header)", source=path.name,
                            code="E501")


def parse_partial_date(text: str, *, end: bool = False) -> dt.date:
    """``2012``, ``2012-05`` or ``2012-05-07``; a partial date means its first day, or its last when ``end``."""
    found = _PARTIAL_DATE.match(text)
    if not found:
        raise ValueError(f"date {text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = found.groups()
    if day:
        return dt.date(int(year), int(month), int(day))
    if month:
        first = dt.date(int(year), int(month), 1)
        if not end:
            return first
        following = dt.date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    return dt.date(int(year), 12, 31) if end else dt.date(int(year), 1, 1)


def _aliases(cell: str) -> list[str]:
    return [a.strip() for a in cell.split("|") if a.strip()]


def _check(where: str, ok: bool, message: str) -> None:
    if not ok:
        raise DataFileError(message, source=where, code="E501")


def read_organizations(path: Path) -> list[Entry]:
    """One entry per row; its country and sector become an undated (default) role."""
    entries: list[Entry] = []
    for where, row, _ in _rows(path, ORGANIZATION_COLUMNS):
        _check(where, bool(row["kb_id"]) and bool(row["name"]), "kb_id and name are required")
        _check(where, not row["wikidata"] or bool(_QID.match(row["wikidata"])), "wikidata must look like Q123")
        _check(where, row["kind"] in KINDS, f"kind must be one of {', '.join(KINDS)}")
        _check(where, not row["country"] or bool(_COUNTRY.match(row["country"])), "country must be a 3-letter code")
        _check(where, not row["sector"] or bool(_SECTOR.match(row["sector"])), "sector must be a 3-letter code")
        country, sector = row["country"] or None, row["sector"] or None
        roles = [Role(country=country, sector=sector, source="curated")] if country or sector else []
        entries.append(Entry(kb_id=row["kb_id"], name=row["name"], kind=row["kind"], wikidata=row["wikidata"] or None,
                             country=country, aliases=_aliases(row["aliases"]), roles=roles, sources=["curated"]))
    return entries


def read_officeholders(path: Path, org_countries: dict[str, str | None] | None = None) -> list[Entry]:
    """One person entry per Wikidata id (or per name, ``cur:JD_VANCE``, when the id is empty), one role a row.

    A role's country is the state served (``of``) or, for an organisation (``org:nato``), that
    organisation's country code from ``org_countries`` (IGO, UNO …), since that is how PLOVER codes
    an official of an international body. An empty end means in office as of the file's ``as-of``.
    """
    org_countries = org_countries or {}
    people: dict[str, Entry] = {}
    for where, row, _ in _rows(path, OFFICEHOLDER_COLUMNS):
        qid = row["wikidata"]
        _check(where, not qid or bool(_QID.match(qid)), "wikidata must look like Q123 or be empty")
        _check(where, bool(row["name"]), "name is required")
        _check(where, not row["country"] or bool(_COUNTRY.match(row["country"])), "country must be an ISO3 code")
        _check(where, not row["sector"] or bool(_SECTOR.match(row["sector"])), "sector must be a 3-letter code")
        try:
            start = parse_partial_date(row["start"]) if row["start"] else None
            end = parse_partial_date(row["end"], end=True) if row["end"] else None
        except ValueError as exc:
            raise DataFileError(str(exc), source=where, code="E501") from None
        _check(where, start is None or end is None or start <= end, "start is after end")
        of = row["of"] or None
        role_country = of if of and _COUNTRY.match(of) else org_countries.get(of or "", None) or row["country"] or None
        role = Role(country=role_country, sector=row["sector"] or None, start=start, end=end,
                    title=row["title"] or None, of=of, source="curated")
        # Rows of one person share the Wikidata id, or the name when the id is not known (left empty).
        key = qid or "cur:" + re.sub(r"[^A-Za-z0-9]+", "_", row["name"]).strip("_").upper()
        person = people.get(key)
        if person is None:
            person = people[key] = Entry(kb_id=f"wd:{qid}" if qid else key, name=row["name"], kind="person",
                                         wikidata=qid or None, country=row["country"] or None, sources=["curated"])
        for alias in [row["name"], *_aliases(row["aliases"])]:
            if alias != person.name and alias not in person.aliases:
                person.aliases.append(alias)
        if row["title"] or row["sector"] or start or end:
            person.roles.append(role)
    return list(people.values())


def as_of(path: Path) -> str | None:
    """The ``# as-of: YYYY-MM-DD`` date of a curated table, if it has one."""
    for line in path.read_text("utf-8").splitlines():
        if line.startswith("#") and line[1:].strip().startswith("as-of:"):
            return line.split(":", 1)[1].strip()
    return None
