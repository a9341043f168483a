"""CAMEO actor codes read as the readout's country and PLOVER sector (vocabulary in ``data/kb/cameo_codes.tsv``)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ..errors import DataFileError
from .countries import known_alpha3


@dataclass(frozen=True)
class CameoCodes:
    """The four tables of ``cameo_codes.tsv``: legacy country codes, international prefixes,
    sectors and religious identities."""

    countries: dict[str, str]
    international: dict[str, str]
    sectors: dict[str, str]
    identities: dict[str, str]

    def decode(self, code: str) -> tuple[str | None, str | None]:
        """``RUSGOVJUD`` → ``("RUS", "GOV")``; ``IGOWSTNAT`` → ``("IGO", None)``; ``MNCUSA`` → ``("MNC", "BUS")``.

        Unknown segments are skipped; a code whose first segment is a region or a bare sector
        (``AFR``, ``ELI``) has no country.
        """
        code = code.strip().upper()
        country: str | None = None
        rest = code
        for prefix in sorted(self.international, key=len, reverse=True):
            if code.startswith(prefix):
                country = self.international[prefix]
                rest = code[len(prefix):]
                break
        else:
            head = code[:3]
            if head in self.sectors:
                rest = code
            else:
                rest = code[3:]
                known = head in self.countries or head in known_alpha3()
                country = self.countries.get(head, head) if known else None
        segments = [rest[i:i + 3] for i in range(0, len(rest) - 2, 3)]
        for segment in segments:
            if segment in self.sectors:
                return country, self.sectors[segment]
        # An international actor with no sector segment takes its kind's sector (MNC → BUS, IMG → REB).
        if country in self.international.values() and code[:3] in self.sectors:
            return country, self.sectors[code[:3]]
        for segment in segments:
            if segment in self.identities:
                return country, self.identities[segment]
        return country, None


def read_codes(path: Path | None = None) -> CameoCodes:
    """Parse the vocabulary; a malformed line raises ``DataFileError`` naming ``file:line``."""
    source = path or Path(str(resources.files("backchannel").joinpath("data/kb/cameo_codes.tsv")))
    tables: dict[str, dict[str, str]] = {"country": {}, "intl": {}, "sector": {}, "identity": {}}
    for number, line in enumerate(source.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) < 3 or cells[0] not in tables:
            raise DataFileError("expected `kind<TAB>cameo<TAB>plover[<TAB>why]`, kind one of "
                                "country, intl, sector, identity", source=f"{source.name}:{number}", code="E501")
        tables[cells[0]][cells[1]] = cells[2]
    return CameoCodes(tables["country"], tables["intl"], tables["sector"], tables["identity"])


@lru_cache(maxsize=1)
def cameo_codes() -> CameoCodes:
    return read_codes()
