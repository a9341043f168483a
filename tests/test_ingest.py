from __future__ import annotations

from pathlib import Path

import pytest

from backchannel.errors import IngestError
from backchannel.ingest import Document, read_path


def _one(path: Path, **kwargs: int) -> Document | IngestError:
    (item,) = list(read_path(path, **kwargs))
    return item


def test_text_file(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("\ufeffLavrov met Wang Yi.\r\n", encoding="utf-8")
    doc = _one(path)
    assert isinstance(doc, Document)
    assert doc.text == "Lavrov met Wang Yi."
    assert doc.source == str(path)


@pytest.mark.parametrize(("content", "code"), [
    (b"", "E101"),
    (b"   \n\t ", "E101"),
    (b"\x7fELF\x02\x01\x00\x00\x00binary", "E102"),
    ("caf\u00e9".encode("latin-1"), "E103"),
    ("Lavrov met Wang Yi.".encode("utf-16"), "E103"),
])
def test_bad_files_name_the_file_and_the_problem(tmp_path: Path, content: bytes, code: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    err = _one(path)
    assert isinstance(err, IngestError)
    assert err.code == code
    assert str(path) in str(err) and "\n" not in str(err)


def test_oversized_file(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text("word " * 100, encoding="utf-8")
    err = _one(path, max_bytes=100)
    assert isinstance(err, IngestError) and err.code == "E104"
    err = _one(path, max_chars=50)
    assert isinstance(err, IngestError) and err.code == "E104"


def test_unsupported_suffix(tmp_path: Path) -> None:
    path = tmp_path / "a.pdf"
    path.write_bytes(b"%PDF-1.4")
    err = _one(path)
    assert isinstance(err, IngestError) and err.code == "E107"


def test_jsonl_good_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "b.jsonl"
    path.write_text('{"id": "d1", "text": "Macron met Scholz.", "outlet": "AFP", "published": "2025-01-02"}\n'
                    "{not json\n\n"
                    '{"id": "d3"}\n'
                    '["a list"]\n'
                    '{"id": 4, "text": "Erdogan spoke."}\n', encoding="utf-8")
    items = list(read_path(path))
    assert [type(i).__name__ for i in items] == ["Document", "IngestError", "IngestError", "IngestError",
                                                 "Document"]
    first = items[0]
    assert isinstance(first, Document)
    assert first.meta == {"outlet": "AFP", "published": "2025-01-02"} and first.external_id == "d1"
    assert [i.source for i in items if isinstance(i, IngestError)] == [f"{path}:2", f"{path}:4", f"{path}:5"]


def test_empty_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "e.jsonl"
    path.write_text("\n\n", encoding="utf-8")
    err = _one(path)
    assert isinstance(err, IngestError) and err.code == "E101"


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    body = " ".join(["The foreign ministers met in Geneva to discuss a ceasefire."] * 6)
    html = (f"<html><head><title>Talks in Geneva</title><meta name='author' content='Jane Roe'></head>"
            f"<body><nav>Home | World</nav><article><h1>Talks in Geneva</h1><p>{body}</p>"
            f"<p>{body}</p><script>alert('x')</script></article><footer>Cookies</footer></body></html>")
    path = tmp_path / "page.html"
    path.write_text(html, encoding="utf-8")
    doc = _one(path)
    assert isinstance(doc, Document)
    assert "foreign ministers met in Geneva" in doc.text
    assert "alert" not in doc.text and "Cookies" not in doc.text
    assert doc.meta.get("title") == "Talks in Geneva"


@pytest.mark.parametrize(("text", "expected"), [
    ("Headline\n\nFriday, August 21, 2015\n\nBody.", "2015-08-21"),
    ("Headline\n\n21 August 2015\n\nBody.", "2015-08-21"),
    ("2025-11-26\nBody.", "2025-11-26"),
    ("Headline\n\nFebruary 30, 2023\n\nBody.", None),  # not a real date
    ("One\nTwo\nThree\nAugust 21, 2015", None),  # only the first three lines count
    ("Talks resumed on August 21, 2015 in Geneva.", None),  # a date inside a sentence is not a dateline
])
def test_dateline_gives_the_publication_date(tmp_path: Path, text: str, expected: str | None) -> None:
    path = tmp_path / "a.txt"
    path.write_text(text, encoding="utf-8")
    (document,) = read_path(path)
    assert isinstance(document, Document)
    assert document.meta.get("published") == expected
