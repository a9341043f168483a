"""Readers for the source kinds the CLI accepts: ``.txt``, ``.html``/``.htm`` and ``.jsonl``.

Each reader yields ``Document`` objects or ``IngestError`` objects (not raised: yielded), so that one
bad record in a batch is reported while the others go through. Limits bound what a hostile or broken
file can cost: the file size and the length of each document's text.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import IngestError
from .document import META_KEYS, Document

MAX_FILE_BYTES = 50_000_000  # one .txt/.html file; .jsonl files are streamed, each line bounded instead
MAX_TEXT_CHARS = 1_000_000  # one document, as spaCy's default max_length
SUFFIXES = {".txt": "text", ".text": "text", ".md": "text", ".html": "html", ".htm": "html",
            ".jsonl": "jsonl", ".ndjson": "jsonl"}

Item = Document | IngestError


def discover(paths: Iterable[Path]) -> Iterator[Path | IngestError]:
    """Expand directories (sorted, recursive) into supported files; report missing paths."""
    for path in paths:
        if path.is_dir():
            found = [p for p in sorted(path.rglob("*")) if p.is_file() and p.suffix.lower() in SUFFIXES]
            if not found:
                yield IngestError("the folder holds no .txt, .html or .jsonl files", source=str(path),
                                  code="E107")
            yield from found
        elif path.is_file():
            yield path
        else:
            yield IngestError("no such file or directory; check the path", source=str(path), code="E106")


def read_path(path: Path, *, max_bytes: int = MAX_FILE_BYTES, max_chars: int = MAX_TEXT_CHARS) -> Iterator[Item]:
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        yield IngestError(f"unsupported file type {path.suffix or '(none)'!r}; use .txt, .html or .jsonl",
                          source=str(path), code="E107")
        return
    if kind == "jsonl":
        yield from read_jsonl(path, max_chars=max_chars)
        return
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield IngestError(f"file is {size:,} bytes, over the limit of {max_bytes:,}; split it or raise "
                              "--max-bytes", source=str(path), code="E104")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield IngestError(f"cannot read the file ({exc.strerror})", source=str(path), code="E106")
        return
    try:
        raw = decode(data, str(path))
        if kind == "html":
            text, meta = extract_html(raw, str(path))
        else:
            text, meta = raw, {"title": headline(raw), "published": dateline(raw)}
        yield make_document(text, meta, source=str(path), max_chars=max_chars)
    except IngestError as err:
        yield err


def decode(data: bytes, source: str) -> str:
    """Decode UTF-8 (with or without BOM); refuse binary data and other encodings with a clear error."""
    if not data.strip():
        raise IngestError("the file is empty", source=source, code="E101")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise IngestError("UTF-16 text; convert it to UTF-8, e.g. iconv -f utf-16 -t utf-8", source=source,
                          code="E103")
    if b"\x00" in data[:8192]:
        raise IngestError("the file looks binary (it contains NUL bytes); give a text, HTML or JSON Lines "
                          "file", source=source, code="E102")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise IngestError(f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); convert "
                          "it, e.g. iconv -f latin1 -t utf-8", source=source, code="E103") from None
    sample = text[:8192]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\n\r\f")
    if controls > max(8, len(sample) // 20):
        raise IngestError("the file looks binary (many control characters)", source=source, code="E102")
    return text


def make_document(text: str, meta: dict[str, Any], *, source: str, max_chars: int = MAX_TEXT_CHARS,
                  external_id: str | None = None) -> Document:
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise IngestError("the document has no text", source=source, code="E101")
    if len(text) > max_chars:
        raise IngestError(f"the text has {len(text):,} characters, over the limit of {max_chars:,}; split "
                          "it or raise --max-chars", source=source, code="E104")
    clean = {key: meta[key] for key in META_KEYS if meta.get(key) not in (None, "")}
    return Document(text=text, meta=clean, source=source, external_id=external_id)


def headline(text: str) -> str | None:
    """A plain-text article's title: a short first line followed by a blank line."""
    lines = text.strip().replace("\r\n", "\n").split("\n", 2)
    if len(lines) >= 2 and not lines[1].strip() and 0 < len(lines[0].strip()) <= 200:
        return lines[0].strip()
    return None


_MONTHS = {m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                        "september", "october", "november", "december"), start=1)}
_DATELINE = re.compile(r"^(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(?:"
                       r"(?P<m1>[a-z]+)\.?\s+(?P<d1>\d{1,2}),?\s+(?P<y1>\d{4})"
                       r"|(?P<d2>\d{1,2})\s+(?P<m2>[a-z]+)\.?,?\s+(?P<y2>\d{4})"
                       r"|(?P<iso>\d{4}-\d{2}-\d{2}))$", re.IGNORECASE)


def dateline(text: str) -> str | None:
    """A plain-text article's date: a line of its own among the first three ("Friday, August 21, 2015").

    Returns an ISO date string, or None when no such line parses to a real date.
    """
    for line in [ln.strip() for ln in text[:2000].splitlines() if ln.strip()][:3]:
        match = _DATELINE.match(line)
        if not match:
            continue
        try:
            if match["iso"]:
                return dt.date.fromisoformat(match["iso"]).isoformat()
            month = _MONTHS.get((match["m1"] or match["m2"]).casefold())
            if month is None:
                continue
            return dt.date(int(match["y1"] or match["y2"]), month, int(match["d1"] or match["d2"])).isoformat()
        except ValueError:
            continue
    return None


def extract_html(raw: str, source: str) -> tuple[str, dict[str, Any]]:
    """Main text and metadata of an HTML page via trafilatura (no network access)."""
    import trafilatura

    result = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False,
                                         include_tables=False, favor_precision=True)
    if result is None:
        raise IngestError("no main text found in the HTML page", source=source, code="E108")
    data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    text = data.get("text") or ""
    if not text.strip():
        raise IngestError("no main text found in the HTML page", source=source, code="E108")
    meta = {"title": data.get("title"), "url": data.get("url"), "published": data.get("date"),
            "outlet": data.get("sitename"), "author": data.get("author")}
    return text, meta


def read_jsonl(path: Path, *, max_chars: int = MAX_TEXT_CHARS) -> Iterator[Item]:
    """One document per line: ``id`` and ``text`` required; ``title``, ``url``, ``published``,
    ``outlet``, ``author`` optional. Blank lines are skipped; each bad line is its own error."""
    max_line = max_chars * 4 + 10_000
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield IngestError(f"cannot read the file ({exc.strerror})", source=str(path), code="E106")
        return
    seen_any = False
    with fh:
        for number, line in enumerate(fh, start=1):
            source = f"{path}:{number}"
            if not line.strip():
                continue
            seen_any = True
            if len(line) > max_line:
                yield IngestError(f"line is {len(line):,} bytes, over the limit", source=source, code="E104")
                continue
            try:
                yield parse_record(line, source, max_chars=max_chars)
            except IngestError as err:
                yield err
    if not seen_any:
        yield IngestError("the file is empty", source=str(path), code="E101")


def parse_record(line: bytes | str, source: str, *, max_chars: int = MAX_TEXT_CHARS) -> Document:
    if isinstance(line, bytes):
        if b"\x00" in line:
            raise IngestError("binary data in a JSON Lines record", source=source, code="E102")
        try:
            line = line.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise IngestError("the line is not valid UTF-8", source=source, code="E103") from None
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise IngestError(f"not valid JSON ({exc.msg} at column {exc.colno})", source=source,
                          code="E105") from None
    if not isinstance(record, dict):
        raise IngestError("a record must be a JSON object with 'id' and 'text'", source=source, code="E105")
    text = record.get("text")
    if not isinstance(text, str):
        raise IngestError("the record has no string field 'text'", source=source, code="E105")
    ext_id = record.get("id")
    if ext_id is None or not isinstance(ext_id, (str, int)):
        raise IngestError("the record has no 'id' (a string or number)", source=source, code="E105")
    meta = {key: record.get(key) for key in META_KEYS if isinstance(record.get(key), (str, int, float))}
    meta = {key: str(value) for key, value in meta.items()}
    return make_document(text, meta, source=source, max_chars=max_chars, external_id=str(ext_id))
