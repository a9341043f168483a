"""Countries as knowledge-base entries: ISO3 code, Wikidata id and names, from rigour (and pycountry when built)."""

from __future__ import annotations

from functools import lru_cache

from rigour.territories import get_territories

from .model import Entry


@lru_cache(maxsize=1)
def known_alpha3() -> frozenset[str]:
    """Every ISO 3166 alpha-3 code rigour knows, historic states (SUN, YUG, DDR) included."""
    return frozenset(t.alpha3.upper() for t in get_territories() if t.alpha3)


def country_entries() -> list[Entry]:
    """One ``country`` entry per territory with an alpha-3 code, names from rigour and (if installed) pycountry.

    pycountry is a build-time extra: it adds official and common names ("Russian Federation") that
    rigour spells differently.
    """
    extra = _pycountry_names()
    entries = []
    for territory in get_territories():
        if not territory.alpha3:
            continue
        code = territory.alpha3.upper()
        names = [territory.name, territory.full_name, *extra.get(code, [])]
        unique = list(dict.fromkeys(n for n in names if n))
        qid = territory.qid
        entries.append(Entry(kb_id=f"wd:{qid}" if qid else f"iso:{code}", name=unique[0], kind="country",
                             wikidata=qid, country=code, aliases=unique[1:], sources=["iso"]))
    return entries


def _pycountry_names() -> dict[str, list[str]]:
    try:
        import pycountry
    except ImportError:  # only the build needs it
        return {}
    names: dict[str, list[str]] = {}
    for table in (pycountry.countries, pycountry.historic_countries):
        for country in table:
            found = names.setdefault(country.alpha_3, [])
            for attr in ("name", "official_name", "common_name"):
                value = getattr(country, attr, None)
                if isinstance(value, str):
                    found.append(value)
    return names
