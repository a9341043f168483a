"""``backchannel export`` from the command line, and one export of the example articles end to end."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from followthemoney import model
from spacy.language import Language
from test_export import readout
from typer.testing import CliRunner

from backchannel import Document, SQLiteStore, analyze
from backchannel.cli import app
from backchannel.export import TABLES, export, records_from_store

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    path = tmp_path / "s.sqlite"
    doc = Document(readout().text, source="a.txt")
    with SQLiteStore(path) as store:
        made = readout(doc.id)
        store.put(doc, made)
    return path


def test_export_to_stdout_and_file(tmp_path: Path, store_path: Path) -> None:
    result = runner.invoke(app, ["export", "plover", "--db", str(store_path)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["event"] for r in records] == [["CONSULT"], ["ACCUSE"], ["CONSULT"], ["COERCE"]]
    assert [e["entity_text"] for e in records[3]["recipient"]] == ["18 people"]  # no actor: the role phrase
    assert records[0]["actor"][0]["actor_id"].isdigit()  # a store actor
    assert "Exported 1 document as plover" in result.stderr

    out = tmp_path / "g.gexf"
    result = runner.invoke(app, ["export", "gexf", "--db", str(store_path), "-o", str(out), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stderr)["export"]
    assert summary["format"] == "gexf" and summary["documents"] == 1 and summary["bytes"] == out.stat().st_size
    assert ET.parse(out).getroot().get("version") == "1.3"


def test_export_tables_and_one_table(tmp_path: Path, store_path: Path) -> None:
    result = runner.invoke(app, ["export", "csv", "--db", str(store_path), "-o", str(tmp_path / "t"), "-q"])
    assert result.exit_code == 0 and result.stderr == ""
    assert sorted(p.name for p in (tmp_path / "t").iterdir()) == sorted(f"{t}.csv" for t in TABLES)
    result = runner.invoke(app, ["export", "csv", "--db", str(store_path), "--table", "quotes", "--raw"])
    assert result.exit_code == 0
    assert len(list(csv.DictReader(result.stdout.splitlines()))) == 2
    result = runner.invoke(app, ["export", "parquet", "--db", str(store_path), "--table", "events",
                                 "-o", str(tmp_path / "e.parquet")])
    assert result.exit_code == 0 and pq.read_table(tmp_path / "e.parquet").num_rows == 4


def test_export_from_a_readouts_file(tmp_path: Path) -> None:
    source = tmp_path / "r.jsonl"
    source.write_text(readout().to_json() + "\n", encoding="utf-8")
    result = runner.invoke(app, ["export", "ftm", "--from", str(source), "-o", str(tmp_path / "e.json")])
    assert result.exit_code == 0, result.output
    entities = [model.get_proxy(json.loads(x)) for x in (tmp_path / "e.json").read_text("utf-8").splitlines()]
    assert any(e.schema.name == "Event" for e in entities)


@pytest.mark.parametrize(("args", "code"), [
    (["export", "xml"], "E601"),
    (["export", "csv"], "E601"),
    (["export", "csv", "--table", "people"], "E601"),
    (["export", "jsonl", "--table", "actors"], "E601"),
    (["export", "jsonl", "--db", "{tmp}/missing.sqlite"], "E401"),
    (["export", "jsonl", "--from", "{tmp}/missing.jsonl"], "E603"),
    (["export", "jsonl", "--db", "{db}", "--from", "{tmp}/r.jsonl"], "E601"),
    (["export", "jsonl", "--db", "{db}", "-o", "{tmp}/no/such/folder/x.jsonl"], "E602"),
])
def test_export_errors(tmp_path: Path, store_path: Path, args: list[str], code: str) -> None:
    args = [a.format(tmp=tmp_path, db=store_path) for a in args]
    result = runner.invoke(app, [*args, "--json"] if "--db" in args or "--from" in args else
                           [*args, "--db", str(store_path), "--json"])
    assert result.exit_code == 2, result.output
    error = json.loads(result.stderr.strip().splitlines()[-1])["error"]
    assert error["code"] == code and error["stage"] in ("export", "store")
    assert "Traceback" not in result.output
    assert not (tmp_path / "no").exists()
    plain = runner.invoke(app, args if "--db" in args or "--from" in args else [*args, "--db", str(store_path)])
    assert f"[{code}]" in plain.stderr


@pytest.mark.slow
def test_example_articles_end_to_end(tmp_path: Path, nlp: Language) -> None:
    """The real pipeline on examples/articles into a SQLite store, then every format."""
    texts = sorted((ROOT / "examples" / "articles").glob("*.txt"))
    db = tmp_path / "ex.sqlite"
    with SQLiteStore(db) as store:
        for path in texts:
            doc = Document(path.read_text("utf-8"), source=str(path))
            (made,) = analyze([doc], nlp)
            store.put(doc, made)
    with SQLiteStore(db, readonly=True) as store:
        readouts = list(store.readouts())
        summary = export("csv", records_from_store(store), tmp_path / "csv")
        assert summary["documents"] == len(texts)
        counts = {"documents": len(readouts), "actors": sum(len(r.actors) for r in readouts),
                  "mentions": sum(len(a["mentions"]) for r in readouts for a in r.actors),
                  "quotes": sum(len(r.quotes) for r in readouts), "claims": sum(len(r.claims) for r in readouts),
                  "events": sum(len(r.events) for r in readouts),
                  "relations": sum(len(r.relations) for r in readouts)}
        assert summary["rows"] == counts
        export("parquet", records_from_store(store), tmp_path / "pq")
        for table in TABLES:
            assert pq.read_table(tmp_path / "pq" / f"{table}.parquet").num_rows == counts[table]
        plover = export("plover", records_from_store(store), tmp_path / "events.jsonl")
        assert plover["lines"] == counts["events"]
        export("gexf", records_from_store(store), tmp_path / "g.gexf")
        nodes = ET.parse(tmp_path / "g.gexf").getroot().findall(".//{http://gexf.net/1.3}node")
        linked = {store_id for r in readouts for store_id in store.actor_links(r.id).values()}
        assert {n.get("id") for n in nodes} <= {str(i) for i in linked}
        ftm = export("ftm", records_from_store(store), tmp_path / "e.ftm.json")
    for line in (tmp_path / "e.ftm.json").read_text("utf-8").splitlines():
        proxy = model.get_proxy(json.loads(line))
        proxy.schema.validate(proxy.to_dict())
    ftm_cli = shutil.which("ftm", path=str(Path(__import__("sys").executable).parent))
    if ftm_cli:  # followthemoney's own tools accept the file: validate re-parses, aggregate merges fragments
        checked = subprocess.run([ftm_cli, "validate", "-i", str(tmp_path / "e.ftm.json")], capture_output=True,
                                 check=True, text=True)
        assert len(checked.stdout.splitlines()) == ftm["lines"]
        merged = subprocess.run([ftm_cli, "aggregate", "-i", str(tmp_path / "e.ftm.json")], capture_output=True,
                                check=True, text=True)
        assert 0 < len(merged.stdout.splitlines()) <= ftm["lines"]
