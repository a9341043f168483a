from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from spacy.language import Language

import backchannel
from backchannel.ingest.document import Document
from backchannel.readout import Readout

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The shipped pipeline with the extractors, loaded once for the whole run."""
    return backchannel.load_pipeline()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.exists():
        pytest.skip(f"needs the shared data folder ({SHARED_DATA}), which a user's clone does not have")
    return SHARED_DATA


# The store's tests run on SQLite and, when BACKCHANNEL_TEST_PG names a reachable server (.ci/run
# starts one), on PostgreSQL too: each test in a schema of its own, dropped afterwards.

PG_ENV = "BACKCHANNEL_TEST_PG"
_pg_state: dict[str, str | None] = {}


def postgres_unavailable() -> str | None:
    """Why the PostgreSQL tests cannot run (None when they can); asked once per session."""
    if "reason" not in _pg_state:
        url = os.environ.get(PG_ENV)
        reason: str | None = None
        if not url:
            reason = f"{PG_ENV} is not set (.ci/run starts a server and sets it)"
        else:
            try:
                import psycopg

                with psycopg.connect(url, connect_timeout=5):
                    pass
            except Exception as exc:  # any reason at all: the tests skip and say it
                reason = f"cannot connect to {url} ({exc.__class__.__name__}: {str(exc).strip()[:200]})"
        _pg_state["reason"] = reason
    return _pg_state["reason"]


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A URL for a new schema on the test PostgreSQL server, dropped afterwards (skips without one)."""
    reason = postgres_unavailable()
    if reason is not None:
        pytest.skip(f"PostgreSQL tests skipped: {reason}")
    import psycopg

    url = os.environ[PG_ENV]
    schema = f"bc_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture(params=["sqlite", "postgres"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Where to open a fresh store: a SQLite file, or a new schema on the test PostgreSQL server."""
    if request.param == "sqlite":
        yield str(tmp_path / "s.sqlite")
        return
    with postgres_schema() as url:
        yield url


@pytest.fixture(scope="module", params=["sqlite", "postgres"])
def module_store_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``store_url`` shared by the tests of one module (for a store filled once and only read)."""
    if request.param == "sqlite":
        yield str(tmp_path_factory.mktemp("store") / "s.sqlite")
        return
    with postgres_schema() as url:
        yield url


@pytest.fixture(scope="session")
def example_readouts(nlp: Language) -> list[tuple[Document, Readout]]:
    """The bundled example articles (examples/articles) and their readouts from the real pipeline,
    analysed once per run: what the real-store web and export tests fill their stores with."""
    from backchannel.analysis import analyze_one
    from backchannel.ingest.readers import read_path

    found = []
    for path in sorted((ROOT / "examples" / "articles").glob("*.txt")):
        found += [(doc, analyze_one(doc, nlp)) for doc in read_path(path) if isinstance(doc, Document)]
    assert found, "no example articles"
    return found


def pytest_report_header(config: pytest.Config) -> list[str]:
    from web_browser_env import CHROMIUM, missing

    reason = postgres_unavailable()
    why = missing()
    return [f"PostgreSQL tests will be skipped: {reason}" if reason else
            f"PostgreSQL tests run against {os.environ[PG_ENV]}",
            f"browser tests: {'skipped: ' + why if why else 'Chromium at ' + CHROMIUM}"]


def pytest_terminal_summary(terminalreporter: Any) -> None:
    reason = _pg_state.get("reason")
    if reason:
        terminalreporter.write_line(f"PostgreSQL tests were skipped: {reason}", yellow=True)
