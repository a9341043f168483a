"""A reader for the TABARI-format Phoenix/PETRARCH actor and agent dictionaries (MIT, Open Event Data Alliance).

Actor files list phrases and their CAMEO codes::

    VLADIMIR_PUTIN_  # CountryInfo.txt     a phrase (``_`` joins words); a comment may follow
    +PUTIN_                                a synonym of the phrase above
        [RUSGOV >080508]                     a code valid from 2008-05-08 on
        [RUSELI 700101-990809]               … valid between two dates
        [RUSELI]                             … the default when no dated code applies

Consecutive phrases before one block of codes share those codes, so they are read as one actor.
Dates are ``YYMMDD`` or ``YYYYMMDD``. Two-digit years pivot at 30: ``00``–``30`` are 2000–2030 and
``31``–``99`` are 1931–1999; the dictionaries were generated in 2014 and their two-digit dates run
from 1931 to 2014 with nothing in between, so the pivot is unambiguous for them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

PIVOT = 30

_CODE = re.compile(r"\[([^\]]*)\]")
_DATES = re.compile(r"^(?:(\d+)-(\d+)|>(\d+)|<(\d+))$")
_CAMEO = re.compile(r"^[A-Z]{3}(?:[A-Z]{3})*$")
_MACRO = re.compile(r"^(![A-Z]+!)\s*=\s*(.+)$")
_AGENT = re.compile(r"^([^\[{#]+?)\s*(?:\{([^}]*)\})?\s*\[~([A-Z]+)\]")


@dataclass(frozen=True)
class Code:
    """One CAMEO code with its validity; both dates None for the default code."""

    code: str
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass
class Actor:
    """One block of a dictionary: its phrases (first = primary), codes and the comment on its first line."""

    names: list[str]
    codes: list[Code] = field(default_factory=list)
    comment: str = ""
    line: int = 0


@dataclass
class ParseStats:
    """What the reader skipped, so the build can report it rather than lose it silently."""

    bad_codes: list[str] = field(default_factory=list)


def parse_date(text: str) -> dt.date:
    """``080731`` → 2008-07-31, ``451024`` → 1945-10-24, ``20070101`` → 2007-01-01; ValueError otherwise."""
    if len(text) == 6:
        yy = int(text[:2])
        year = 2000 + yy if yy <= PIVOT else 1900 + yy
        return dt.date(year, int(text[2:4]), int(text[4:6]))
    if len(text) == 8:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    raise ValueError(f"date {text!r} is neither YYMMDD nor YYYYMMDD")


def parse_code(text: str) -> Code:
    """``RUSGOV 030101-080731`` → Code("RUSGOV", 2003-01-01, 2008-07-31); ValueError when malformed."""
    parts = text.split()
    if not parts or not _CAMEO.match(parts[0]):
        raise ValueError(f"not a CAMEO code: {text!r}")
    if len(parts) == 1:
        return Code(parts[0])
    found = _DATES.match("".join(parts[1:]))
    if found is None:
        raise ValueError(f"bad date restriction: {text!r}")
    start, end, after, before = found.groups()
    if after:
        return Code(parts[0], start=parse_date(after))
    if before:
        return Code(parts[0], end=parse_date(before))
    return Code(parts[0], parse_date(start), parse_date(end))


def phrase(text: str) -> str:
    """``VLADIMIR_V._PUTIN_`` → ``VLADIMIR V. PUTIN``."""
    return " ".join(text.replace("_", " ").split())


def read_actors(lines: Iterable[str], stats: ParseStats | None = None) -> Iterator[Actor]:
    """Yield the actor blocks of a TABARI actor dictionary, in file order."""
    stats = stats if stats is not None else ParseStats()
    current: Actor | None = None
    for number, raw in enumerate(lines, 1):
        body, _, comment = raw.partition("#")
        if not body.strip():
            # A blank line ends a block; a comment line does not.
            if current is not None and not raw.strip():
                yield current
                current = None
            continue
        codes: list[Code] = []
        for token in _CODE.findall(body):
            try:
                codes.append(parse_code(token))
            except ValueError:
                stats.bad_codes.append(f"line {number}: [{token}]")
        text = _CODE.sub(" ", body).strip()
        if text.startswith("+"):
            if current is not None:
                current.names.extend(phrase(t) for t in text[1:].split("+") if phrase(t))
        elif text:
            if current is None or current.codes:
                if current is not None:
                    yield current
                current = Actor(names=[], comment=comment.strip(), line=number)
            current.names.append(phrase(text))
        if current is not None:
            current.codes.extend(codes)
    if current is not None:
        yield current


def read_agents(lines: Iterable[str]) -> Iterator[tuple[str, str]]:
    """Yield ``(agent phrase, CAMEO agent code)`` from an agents dictionary, plural and macro forms expanded.

    ``!PERSON! = MAN, MEN, …`` defines a macro; ``CATTLE!PERSON! [~AGR]`` then stands for CATTLEMAN,
    CATTLEMEN, …; ``THIEF {THIEVES} [~CRM]`` gives an irregular plural.
    """
    macros: dict[str, list[str]] = {}
    for raw in lines:
        body = raw.partition("#")[0].strip()
        if not body:
            continue
        macro = _MACRO.match(body)
        if macro:
            macros[macro.group(1)] = [w.strip() for w in macro.group(2).split(",") if w.strip()]
            continue
        found = _AGENT.match(body)
        if found is None:
            continue
        base, plural, code = found.groups()
        forms = [base.strip()] + [p for p in (plural or "").split() if p]
        for form in forms:
            for expanded in _expand(form, macros):
                yield phrase(expanded), code


def _expand(form: str, macros: dict[str, list[str]]) -> list[str]:
    for name, values in macros.items():
        if name in form:
            return [x for value in values for x in _expand(form.replace(name, value, 1), macros)]
    return [form]
