"""The HTTP edge: request ids, the access line, request metrics and the body limit.

A pure ASGI middleware (not Starlette's BaseHTTPMiddleware) so that the request id set here is
the one every log line of the request sees.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Iterable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from gateway.observability import HTTP_LATENCY, HTTP_REQUESTS, request_id

access = logging.getLogger("gateway.access")

_SAFE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


class EdgeMiddleware:
    def __init__(self, app: ASGIApp, *, max_body_bytes: int, paths: Iterable[str]) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.paths = frozenset(paths)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = _header(scope, b"x-request-id")
        rid = given if given and _SAFE_ID.match(given) else uuid.uuid4().hex
        token = request_id.set(rid)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", rid.encode())]
            await send(message)

        try:
            body = await self._read_body(scope, receive)
            if body is None:
                await _too_large(send_with_id, self.max_body_bytes)
            else:
                await self.app(scope, _replay(body, receive), send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            path = scope["path"] if scope["path"] in self.paths else "other"
            HTTP_REQUESTS.labels(scope["method"], path, str(status)).inc()
            HTTP_LATENCY.labels(scope["method"], path).observe(elapsed)
            access.info("%s %s %d %.1fms", scope["method"], scope["path"], status, elapsed * 1000)
            request_id.reset(token)

    async def _read_body(self, scope: Scope, receive: Receive) -> bytes | None:
        """The whole body, or None as soon as it is larger than the limit."""
        declared = _header(scope, b"content-length")
        if declared and declared.isdigit() and int(declared) > self.max_body_bytes:
            return None
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            decoded: str = value.decode("latin-1").strip()
            return decoded
    return None


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()  # later messages: the disconnect

    return replay


async def _too_large(send: Send, limit: int) -> None:
    payload = json.dumps(
        {
            "errors": [
                {
                    "message": f"request body larger than {limit} bytes",
                    "extensions": {"code": "REQUEST_TOO_LARGE"},
                }
            ]
        }
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})
