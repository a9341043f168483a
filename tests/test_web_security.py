"""Untrusted article text, the write token, bounded bodies, the CSP, and no 500 for any parameter."""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from web_fake import SCRIPT, FakeStore, fake_analyze, fake_fixtures

from backchannel.web import create_app
from backchannel.web.guard import is_local

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

store, client = fake_fixtures()

TOKEN = "s3cret-token-for-tests"
STATIC = Path(__file__).resolve().parents[1] / "src" / "backchannel" / "web" / "static"


def _script_doc(store: FakeStore) -> str:
    return next(e["readout"]["id"] for e in store.entries if SCRIPT in e["readout"]["text"])


@pytest.mark.parametrize("where", ["document", "search", "actor", "home", "timeline"])
def test_script_in_an_article_renders_as_text(client: TestClient, store: FakeStore, where: str) -> None:
    url = {"document": f"/documents/{_script_doc(store)}", "search": "/search?q=plan", "actor": "/actors/4",
           "home": "/", "timeline": "/timeline"}[where]
    html = client.get(url).text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert" not in html
    assert all(src.startswith("/static/") for src in re.findall(r'<script src="([^"]+)"', html))
    assert "<script>" not in html.replace("<script src=", "")  # no inline script at all


def test_a_javascript_url_is_not_a_link(client: TestClient, store: FakeStore) -> None:
    assert "javascript:" not in client.get(f"/documents/{_script_doc(store)}").text


def test_front_end_never_writes_html_from_data() -> None:
    for script in (STATIC / "js").glob("*.js"):
        code = script.read_text()
        assert "innerHTML" not in code and "insertAdjacentHTML" not in code and "document.write" not in code, script


def test_every_response_carries_the_csp(client: TestClient, store: FakeStore) -> None:
    for url in ("/", "/api/documents", "/docs", "/static/css/app.css", "/nope", f"/documents/{_script_doc(store)}"):
        csp = client.get(url).headers["content-security-policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
    html = client.get("/network").text + client.get("/timeline").text + client.get("/docs").text
    assert not re.search(r'(src|href)="(https?:)?//', html)


def test_writes_need_the_token_when_one_is_set(store: FakeStore) -> None:
    client = TestClient(create_app(store, writer=store, token=TOKEN, analyze=fake_analyze))
    body = {"text": "Macron spoke to Zelensky by phone."}
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}):
        answer = client.post("/api/documents", json=body, headers=headers)
        assert answer.status_code == 401 and answer.json()["error"]["code"] == "unauthorized"
    assert store.puts == 0
    ok = client.post("/api/documents", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert ok.status_code == 201 and store.puts == 1
    assert client.get("/api/documents").status_code == 200  # reads stay open


def test_loopback_is_local_and_the_rest_is_not() -> None:
    assert is_local("127.0.0.1") and is_local("localhost") and is_local("::1")
    assert not is_local("0.0.0.0") and not is_local("192.168.1.10") and not is_local("::")


def test_serve_refuses_to_listen_beyond_localhost_without_a_token(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from backchannel.cli import app

    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--db", str(tmp_path / "x.sqlite")],
                                env={"BACKCHANNEL_TOKEN": ""})
    assert result.exit_code == 2 and "without a token" in result.output


def test_bodies_over_the_limit_are_413(store: FakeStore) -> None:
    client = TestClient(create_app(store, writer=store, analyze=fake_analyze, max_body=1000))
    answer = client.post("/api/documents", json={"text": "x" * 2000})
    assert answer.status_code == 413 and answer.json()["error"]["code"] == "too_large"

    def chunks():  # no Content-Length: the limit holds on the bytes actually sent
        for _ in range(5):
            yield b"x" * 400

    streamed = client.post("/api/documents", content=chunks(), headers={"content-type": "application/json"})
    assert streamed.status_code == 413 and store.puts == 0


def test_the_default_limit_is_two_megabytes(client: TestClient) -> None:
    answer = client.post("/api/documents", content=b"x" * (2 * 1024 * 1024 + 1),
                         headers={"content-type": "application/json"})
    assert answer.status_code == 413


ROUTES = ["/api/documents", "/api/actors", "/api/quotes", "/api/claims", "/api/events", "/api/search",
          "/api/facets", "/api/network", "/api/timeline", "/search", "/network", "/timeline", "/actors", "/"]
PARAMS = ["q", "outlet", "actor", "speaker", "addressee", "holder", "author", "act", "form", "status", "type",
          "kind", "country", "date_from", "date_to", "month", "limit", "offset", "size", "min_weight", "doc_id",
          "event_type", "claim_status", "source", "target", "format"]
VALUES = st.one_of(st.text(max_size=40), st.integers(min_value=-(2**70), max_value=2**70).map(str),
                   st.sampled_from(["", "2025-11-26", "2025-02-30", "CONSULT", "say", "denied", "json", '"', "NaN",
                                    "1e9", "true", "0", "-1", "%", "*", "a OR b", "NEAR(", "\x00"]))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(route=st.sampled_from(ROUTES), params=st.lists(st.tuples(st.sampled_from(PARAMS), VALUES), max_size=5))
def test_no_parameter_makes_a_500(client: TestClient, route: str, params: list[tuple[str, str]]) -> None:
    answer = client.get(route, params=params)
    assert answer.status_code < 500, (route, params, answer.text[:300])
    if answer.status_code >= 400 and (route.startswith("/api") or ("format", "json") in params):
        assert answer.json()["error"]["message"]


def test_a_repeated_format_parameter_still_answers_errors_in_json(client: TestClient) -> None:
    answer = client.get("/search", params=[("format", "json"), ("format", "")])  # found by Hypothesis
    assert answer.status_code == 422 and answer.json()["error"]["message"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(segment=st.text(min_size=1, max_size=80).filter(lambda s: "/" not in s and "?" not in s and "#" not in s))
def test_no_path_makes_a_500(client: TestClient, segment: str) -> None:
    for prefix in ("/api/documents/", "/api/actors/", "/documents/", "/actors/"):
        assert client.get(prefix + quote(segment, safe="")).status_code < 500
