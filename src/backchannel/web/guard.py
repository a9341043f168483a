"""What keeps the workbench safe to expose: bounded request bodies, the write token, security headers
and one error shape.

Every error the API answers is ``{"error": {"code", "message"}}`` (validation errors add ``details``),
with a 4xx status for anything the caller can fix. Backchannel's coded errors keep their code
(``E104``, ``E403`` …); the others use a short word (``bad_parameter``, ``not_found``, ``too_large``,
``unauthorized``, ``read_only``).
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from ..errors import BackchannelError

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_BODY = 2 * 1024 * 1024

# Pages load only what the server itself serves: no CDN, no inline script, no framing.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")

SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, **extra}}


def status_for(error: BackchannelError) -> int:
    """The HTTP status of a coded error: the caller's fault is 4xx, the server's state 503."""
    code = error.code
    if code == "E104":
        return 413
    if code in ("E403",) or code.startswith(("E1", "E5")):
        return 404 if code == "E503" else 400
    if code.startswith("E3"):
        return 422
    return 503  # E2xx no pipeline, E401/E402 the store cannot be read or written


class BodyLimit:
    """Refuse request bodies over ``max_body`` bytes with 413, whether or not Content-Length is given.

    The body is read (up to the limit) before the app sees it and replayed, so nothing downstream can
    be made to buffer more than the limit.
    """

    def __init__(self, app: ASGIApp, max_body: int = MAX_BODY) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.max_body):
            await self._refuse(send)
            return
        if scope.get("method") not in ("POST", "PUT", "PATCH"):
            await self.app(scope, receive, send)
            return
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                await self._refuse(send)
                return
            chunks.append(chunk)
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, send: Send) -> None:
        body = json.dumps(error_body("too_large", f"the request body is larger than {self.max_body:,} bytes")).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                *SECURITY_HEADERS]})
        await send({"type": "http.response.body", "body": body})


class SecurityHeaders:
    """Add the CSP and its companions to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []),
                                      *(h for h in SECURITY_HEADERS if h[0] not in names)]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def token_ok(expected: str | None, authorization: str | None) -> bool:
    """True when no token is required, or ``Authorization: Bearer <token>`` carries the right one."""
    if expected is None:
        return True
    if not authorization or not authorization.startswith("Bearer "):
        return False
    return hmac.compare_digest(authorization[len("Bearer "):].strip().encode(), expected.encode())


def is_local(host: str) -> bool:
    """Whether ``host`` listens only on this machine (loopback), so writes without a token are safe."""
    return host in ("127.0.0.1", "localhost", "::1") or host.startswith("127.")
