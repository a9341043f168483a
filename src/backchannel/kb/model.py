"""Knowledge-base entries and their dated roles.

An entry is one canonical actor (a person, organisation, country, group or place) with the names it
goes by and the roles it held, each with the dates it held them. Dates matter because the same person
is a minister in one article and a private citizen in the next: ``roles_at`` answers "what was this
actor at the time the article was written", so an aide coded for 2003–2008 is not made an official in
a 2025 article.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

KINDS = ("person", "organization", "country", "group", "place", "other")

# Source tags, most authoritative first: curated tables beat the Phoenix dictionaries, which beat
# GUM's Wikification (names and Wikidata ids only) and ISO data (countries only).
SOURCE_RANK = {"curated": 0, "user": 0, "iso": 1, "phx": 2, "gum": 3}


@dataclass(frozen=True)
class Role:
    """A role held from ``start`` to ``end`` (either may be open).

    ``code`` is a CAMEO actor code (``RUSGOV``) for roles from Phoenix; ``title`` and ``of`` (an ISO3 code
    or an organisation's kb id) come from the curated tables. A role with neither date is a default:
    it applies only at dates no dated role covers (TABARI's convention for undated codes).
    """

    country: str | None = None
    sector: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    title: str | None = None
    code: str | None = None
    of: str | None = None
    source: str = "phx"

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None

    def valid_at(self, when: dt.date) -> bool:
        return (self.start is None or self.start <= when) and (self.end is None or when <= self.end)

    def to_json(self) -> str | list[str | None]:
        """Phoenix roles as ``"RUSGOV|2003-01-01|2008-07-31"`` (country and sector follow from the code, which
        keeps the file small); others as ``[country, sector, start, end, title, of, source]``."""
        if self.source == "phx" and self.code and not self.title and not self.of:
            return "|".join([self.code, _iso(self.start) or "", _iso(self.end) or ""]).rstrip("|")
        return [self.country, self.sector, _iso(self.start), _iso(self.end), self.title, self.of, self.source]

    @classmethod
    def from_json(cls, value: str | list[Any], home: str | None) -> Role:
        if isinstance(value, str):
            from .codes import cameo_codes

            code, start, end = (value.split("|") + ["", ""])[:3]
            country, sector = cameo_codes().decode(code)
            return cls(country or home, sector, _date(start), _date(end), code=code, source="phx")
        country, sector, start, end, title, of, source = value
        return cls(country, sector, _date(start), _date(end), title=title, of=of, source=source)


@dataclass
class Entry:
    """One canonical actor. ``kb_id`` is ``wd:Q…`` when the Wikidata id is known, else a source-prefixed id
    (``phx:VLADIMIR_PUTIN``, ``iso:XKX``, a curated ``org:nato``); ``country`` is the actor's home country
    (ISO3 or a PLOVER international code), used when no role is valid at the date asked about.
    """

    kb_id: str
    name: str
    kind: str
    wikidata: str | None = None
    country: str | None = None
    aliases: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    @property
    def curated(self) -> bool:
        return "curated" in self.sources or "user" in self.sources

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases]

    def to_dict(self) -> dict[str, Any]:
        """The compact form written to ``actors.jsonl`` (one entry a line)."""
        out: dict[str, Any] = {"id": self.kb_id, "name": self.name, "kind": self.kind}
        if self.wikidata:
            out["wd"] = self.wikidata
        if self.country:
            out["country"] = self.country
        if self.aliases:
            out["aliases"] = self.aliases
        if self.roles:
            out["roles"] = [r.to_json() for r in self.roles]
        out["src"] = self.sources
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entry:
        kind = data["kind"]
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}")
        name = data["name"]
        if not isinstance(name, str) or not name.strip():
            raise ValueError("empty name")
        return cls(kb_id=str(data["id"]), name=name, kind=kind, wikidata=data.get("wd"),
                   country=data.get("country"), aliases=list(data.get("aliases", [])),
                   roles=[Role.from_json(r, data.get("country")) for r in data.get("roles", [])],
                   sources=list(data.get("src", [])))


def _rank(role: Role) -> tuple[int, int, int]:
    """Curated roles first, then roles with a title, then the later start."""
    start = role.start.toordinal() if role.start else 0
    return SOURCE_RANK.get(role.source, 9), 0 if role.title else 1, -start


def roles_at(entry: Entry, when: dt.date | None) -> list[Role]:
    """The roles ``entry`` held on ``when``, most authoritative first.

    With ``when=None`` the most recent roles: those ending last (an open end counts as latest). At a
    date no dated role covers, the undated default roles apply, and a person with neither holds no
    role then (so a 2003–2008 role is not current in 2025).
    """
    dated = [r for r in entry.roles if r.dated]
    if when is None:
        if dated:
            latest = max(_end_key(r) for r in dated)
            return sorted((r for r in dated if _end_key(r) == latest), key=_rank)
    else:
        valid = [r for r in dated if r.valid_at(when)]
        if valid:
            return sorted(valid, key=_rank)
    return sorted((r for r in entry.roles if not r.dated), key=_rank)


def country_at(entry: Entry, when: dt.date | None) -> str | None:
    """The actor's country at ``when``: from the roles valid then, else its home country."""
    for role in roles_at(entry, when):
        if role.country:
            return role.country
    return entry.country


def sector_at(entry: Entry, when: dt.date | None) -> str | None:
    """The actor's PLOVER sector at ``when``, or None when it held no role then."""
    for role in roles_at(entry, when):
        if role.sector:
            return role.sector
    return None


def _end_key(role: Role) -> int:
    return dt.date.max.toordinal() if role.end is None else role.end.toordinal()


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
