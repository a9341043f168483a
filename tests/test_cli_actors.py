"""``backchannel actors``: the command line over the store's actor table."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from backchannel import Document, Readout, SQLiteStore
from backchannel.cli import app

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


def _put(store: SQLiteStore, text: str, *names: tuple[str, str], **ids: str) -> None:
    """Store ``text`` with one readout actor per ``(name, kind)``; ``ids`` gives names a Wikidata id."""
    doc = Document(text)
    actors: list[dict[str, Any]] = []
    for i, (name, kind) in enumerate(names, start=1):
        start = text.index(name)
        actors.append({"id": f"a{i}", "name": name, "kind": kind, "country": None, "sector": None, "kb_id": None,
                       "wikidata": ids.get(name.replace(" ", "_")),
                       "mentions": [{"start": start, "end": start + len(name), "text": name}], "roles": []})
    store.put(doc, Readout(id=doc.id, text=text, meta={}, pipeline={"name": "t", "version": "0"}, actors=actors))


@pytest.fixture()
def db(tmp_path: Path) -> Path:
    path = tmp_path / "s.sqlite"
    with SQLiteStore(path) as store:
        _put(store, "Kirill Dmitriev met Steve Witkoff in Miami.", ("Kirill Dmitriev", "person"),
             ("Steve Witkoff", "person"), ("Miami", "place"), Kirill_Dmitriev="Q1")
        _put(store, "Dmitriev said the talks went well.", ("Dmitriev", "person"))
        _put(store, "Dmitriyev [bold]flew[/bold] home.", ("Dmitriyev [bold]flew[/bold]", "person"))
        _put(store, "Alexei Dmitriev, a footballer, scored.", ("Alexei Dmitriev", "person"), Alexei_Dmitriev="Q2")
    return path


def _json(*args: str) -> list[dict[str, Any]]:
    result = runner.invoke(app, ["actors", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_list_and_show(db: Path) -> None:
    actors = _json("list", "--db", str(db))
    assert actors[0]["name"] == "Kirill Dmitriev" and actors[0]["documents"] == 2
    assert [a["name"] for a in _json("list", "--db", str(db), "--kind", "place")] == ["Miami"]
    assert len(_json("list", "--db", str(db), "--search", "dmitri", "--limit", "2")) == 2
    (shown,) = _json("show", "Kirill Dmitriev", "--db", str(db))
    assert {a["alias"] for a in shown["aliases"]} == {"Kirill Dmitriev", "Dmitriev"}
    assert len(shown["documents"]) == 2
    text = runner.invoke(app, ["actors", "show", str(shown["id"]), "--db", str(db)])
    assert text.exit_code == 0 and "Kirill Dmitriev" in text.stdout and "Q1" in text.stdout


def test_article_markup_is_not_interpreted(db: Path) -> None:
    result = runner.invoke(app, ["actors", "list", "--db", str(db), "--search", "dmitriyev"])
    assert result.exit_code == 0
    assert "[bold]flew[/bold]" in result.stdout


def test_alias_merge_split_and_decisions(db: Path) -> None:
    (decision,) = _json("alias", "Kirill Dmitriev", "Dmitriyev Kirill", "--reason", "word order", "--by", "ana",
                        "--db", str(db))
    assert decision["kind"] == "alias" and decision["who"] == "ana" and decision["reason"] == "word order"
    kirill = decision["payload"]["actor"]
    (other,) = _json("list", "--db", str(db), "--search", "Dmitriyev [bold]")
    (merged,) = _json("merge", str(kirill), str(other["id"]), "--reason", "transliteration", "--db", str(db))
    assert merged["payload"]["other"] == other["id"]
    (split,) = _json("split", str(kirill), "Dmitriev", "--db", str(db))
    assert split["payload"]["documents"] and split["payload"]["new_actor"] != kirill
    recorded = _json("decisions", "--db", str(db))
    assert [d["kind"] for d in recorded] == ["alias", "merge", "split"]
    assert [d["kind"] for d in _json("decisions", "--db", str(db), "--actor", str(other["id"]))] == ["merge"]
    (reverted,) = _json("revert", str(split["id"]), "--db", str(db))
    assert reverted["kind"] == "revert"
    text = runner.invoke(app, ["actors", "decisions", "--db", str(db)])
    assert text.exit_code == 0 and "merged" in text.stdout and "transliteration" in text.stdout


def test_refusals_are_one_coded_line_and_exit_1(db: Path) -> None:
    result = runner.invoke(app, ["actors", "merge", "Kirill Dmitriev", "Alexei Dmitriev", "--db", str(db)])
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()
    assert "[E502]" in line and "Traceback" not in result.output
    result = runner.invoke(app, ["actors", "show", "Nobody", "--db", str(db), "--format", "json"])
    assert result.exit_code == 1
    assert json.loads(result.stderr)["error"]["code"] == "E503"
    assert _json("decisions", "--db", str(db)) == []


def test_missing_or_bad_store_exits_2(tmp_path: Path) -> None:
    missing = tmp_path / "none.sqlite"
    result = runner.invoke(app, ["actors", "list", "--db", str(missing)])
    assert result.exit_code == 2 and "[E401]" in result.stderr and "backchannel analyze" in result.stderr
    assert not missing.exists()
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"not a database" * 100)
    result = runner.invoke(app, ["actors", "list", "--db", str(bad)])
    assert result.exit_code == 2 and "[E401]" in result.stderr


def test_import_aliases(db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.tsv"
    bad.write_text("# aliases\nKirill Dmitriev\tKirill A. Dmitriev\nSteve Witkoff  Witkoff\n", encoding="utf-8")
    result = runner.invoke(app, ["actors", "import-aliases", str(bad), "--db", str(db)])
    assert result.exit_code == 1 and f"[E501] {bad}:3:" in result.stderr
    empty = tmp_path / "empty.tsv"
    empty.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["actors", "import-aliases", str(empty), "--db", str(db), "--format", "json"])
    assert result.exit_code == 1 and json.loads(result.stderr)["error"]["code"] == "E501"
    assert _json("decisions", "--db", str(db)) == []
    good = tmp_path / "good.tsv"
    good.write_text("Kirill Dmitriev\tKirill A. Dmitriev\nSteve Witkoff\tSteven Witkoff\n", encoding="utf-8")
    added = _json("import-aliases", str(good), "--db", str(db), "--reason", "desk list")
    assert [d["payload"]["alias"] for d in added] == ["Kirill A. Dmitriev", "Steven Witkoff"]


def test_readme_documents_every_actors_command_and_option() -> None:
    import typer.main

    from backchannel.cli_actors import actors_app

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    group = typer.main.get_command(actors_app)
    assert isinstance(group, typer.main.TyperGroup)
    for name, command in group.commands.items():
        assert f"backchannel actors {name}" in readme, name
        for param in command.params:
            for opt in param.opts:
                if opt.startswith("--") and opt != "--help":
                    assert opt in readme, f"README does not mention actors {name} {opt}"
