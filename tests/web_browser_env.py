"""Whether the browser tests can run here: Debian's Chromium and the Python Playwright driver."""

from __future__ import annotations

import importlib.util
import os
import shutil

CHROMIUM = os.environ.get("BACKCHANNEL_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


def missing() -> str | None:
    """Why the browser tests cannot run, or None when they can."""
    if importlib.util.find_spec("playwright") is None:
        return "the Python package playwright is not installed (pip install -e '.[test]')"
    if not os.path.exists(CHROMIUM):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium, or set BACKCHANNEL_CHROMIUM)"
    return None
