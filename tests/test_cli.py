from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from backchannel.cli import app
from backchannel.readout import validate

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def _counts(db: Path) -> tuple[int, int]:
    with sqlite3.connect(db) as conn:
        return (conn.execute("SELECT count(*) FROM documents").fetchone()[0],
                conn.execute("SELECT count(*) FROM failures").fetchone()[0])


@pytest.fixture()
def articles(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Sergei Lavrov met Wang Yi in Beijing on Monday.", encoding="utf-8")
    (folder / "b.jsonl").write_text('{"id": "b1", "text": "Macron spoke to Zelensky by phone."}\n',
                                    encoding="utf-8")
    return folder


def test_analyze_json_lines_validate_and_store_once(tmp_path: Path, articles: Path) -> None:
    db = tmp_path / "s.sqlite"
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["analyze", str(articles), "--format", "json", "-o", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    for line in lines:
        validate(json.loads(line))
    result = runner.invoke(app, ["analyze", str(articles), "--format", "json", "--db", str(db)])
    assert result.exit_code == 0
    assert _counts(db) == (2, 0)


def test_brief_reads_like_a_briefing(tmp_path: Path, articles: Path) -> None:
    result = runner.invoke(app, ["analyze", str(articles / "a.txt"), "--db", str(tmp_path / "s.sqlite")])
    assert result.exit_code == 0
    assert "Sergei Lavrov" in result.stdout and "People" in result.stdout


def test_bad_input_in_a_batch(tmp_path: Path, articles: Path) -> None:
    db = tmp_path / "s.sqlite"
    assert runner.invoke(app, ["analyze", str(articles), "--db", str(db), "-q"]).exit_code == 0
    (articles / "empty.txt").write_bytes(b"")
    (articles / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 100)
    (articles / "latin.txt").write_bytes("Caf\u00e9 diplomacy".encode("latin-1"))
    (articles / "c.txt").write_text("Erdogan met Putin in Sochi.", encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(articles), "--db", str(db), "-q"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    for name, code in (("empty.txt", "E101"), ("binary.txt", "E102"), ("latin.txt", "E103")):
        line = next(x for x in result.stderr.splitlines() if name in x)
        assert code in line
    assert _counts(db) == (3, 3)


def test_missing_path_and_json_errors(tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", str(tmp_path / "nope.txt"), "--format", "json", "--db",
                                 str(tmp_path / "s.sqlite")])
    assert result.exit_code == 1
    error = json.loads(result.stderr.strip())["error"]
    assert error["code"] == "E106" and error["source"].endswith("nope.txt")


def test_bad_model_is_a_one_line_error(tmp_path: Path, articles: Path) -> None:
    result = runner.invoke(app, ["analyze", str(articles), "--model", str(tmp_path / "no-model"), "--no-store"])
    assert result.exit_code == 2
    assert "[E201]" in result.stderr and "Traceback" not in result.output


def test_unusable_store_is_a_one_line_error(tmp_path: Path, articles: Path) -> None:
    bad = tmp_path / "store.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    result = runner.invoke(app, ["analyze", str(articles), "--db", str(bad)])
    assert result.exit_code == 2
    assert "[E401]" in result.stderr
    assert bad.read_bytes() == b"this is not a database" * 100


def test_brief_does_not_interpret_article_markup(tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.txt"
    hostile.write_text("[bold red]Boom[/bold red] \x1b[31mred\x1b[0m: Lavrov met [link=http://x]Wang Yi[/link].",
                       encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(hostile), "--no-store"])
    assert result.exit_code == 0
    assert "[bold red]Boom" in result.stdout
    assert "\x1b[31m" not in result.stdout


def test_readme_documents_every_command_and_option() -> None:
    import typer.main

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    group = typer.main.get_command(app)
    assert isinstance(group, typer.main.TyperGroup)
    for name, command in group.commands.items():
        assert f"backchannel {name}" in readme, name
        for param in command.params:
            for opt in param.opts:
                if opt.startswith("--") and opt != "--help":
                    assert opt in readme, f"README does not mention {name} {opt}"


def test_stdin_document(tmp_path: Path) -> None:
    result = runner.invoke(app, ["analyze", "-", "--format", "json", "--no-store"],
                           input="Sergei Lavrov met Wang Yi in Beijing.")
    assert result.exit_code == 0, result.output
    (line,) = result.stdout.splitlines()
    data = json.loads(line)
    validate(data)
    assert data["text"] == "Sergei Lavrov met Wang Yi in Beijing."


def test_folder_without_articles(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = runner.invoke(app, ["analyze", str(tmp_path / "empty"), "--no-store", "-q"])
    assert result.exit_code == 1
    assert "[E107]" in result.stderr


def test_batch_resolves_dates_against_the_publication_date(tmp_path: Path) -> None:
    """The CLI's batch path must see the document's date, as ``analyze()`` does ("on Wednesday" → a date)."""
    from backchannel import analyze

    record = {"id": "kharkiv", "published": "2025-11-28",
              "text": "Russian forces attacked the city of Kharkiv on Wednesday, officials said."}
    src = tmp_path / "one.jsonl"
    src.write_text(json.dumps(record) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["analyze", str(src), "--format", "json", "--no-store"])
    assert result.exit_code == 0, result.output
    cli_events = json.loads(result.stdout.splitlines()[0])["events"]
    api_events = json.loads(next(analyze([record])).to_json())["events"]
    assert [e["date"] for e in cli_events] == [e["date"] for e in api_events]
    assert "2025-11-26" in [e["date"] for e in cli_events]
