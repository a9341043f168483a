from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language

import backchannel

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


def pytest_report_header() -> str:
    from web_browser_env import CHROMIUM, missing

    why = missing()
    return f"browser tests: {'skipped: ' + why if why else 'Chromium at ' + CHROMIUM}"
