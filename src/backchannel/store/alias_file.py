"""User alias files: ``actor<TAB>alias`` per line, ``#`` comments and blank lines ignored.

The actor is a store id (``17`` or ``#17``) or a name the store knows. The file is read and checked
whole before anything is applied, so a typo on line 300 does not leave 299 aliases behind.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import DataFileError


def read_alias_file(path: Path) -> list[tuple[int, str, str]]:
    """``(line number, actor, alias)`` per entry. Raises E501 naming ``file:line`` when the file is
    unreadable, empty or has a line that is not two non-empty tab-separated fields."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"cannot read the alias file ({exc}); it must be UTF-8 text", source=str(path),
                            code="E501") from None
    entries: list[tuple[int, str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [f.strip() for f in line.split("\t")]
        if len(fields) != 2 or not all(fields):
            raise DataFileError(f"expected 'actor<TAB>alias', found {len(fields)} field(s) {line.strip()[:60]!r};"
                                " fix the line (nothing was applied)", source=f"{path}:{number}", code="E501")
        entries.append((number, fields[0], fields[1]))
    if not entries:
        raise DataFileError("the alias file has no entries (only blank lines or comments); nothing was applied",
                            source=str(path), code="E501")
    return entries
