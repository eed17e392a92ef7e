"""What every response carries against framing, injection and leaking addresses, and
the throttle on failed sign-ins and tokens.

The reviewer page needs nothing from elsewhere (no CDN, no inline script or style), so
its Content-Security-Policy allows only this origin. The OpenAPI pages (/docs, /redoc)
load FastAPI's Swagger UI from its CDN with an inline bootstrap script: they get a
policy of their own that allows exactly that.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from dataclasses import dataclass, field

from starlette.types import ASGIApp, Message, Receive, Scope, Send

PAGE_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
DOCS_CSP = (
    "default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "img-src 'self' data: https://fastapi.tiangolo.com; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
_DOCS = ("/docs", "/redoc")
#: A year, as HSTS preload lists expect; sent only over TLS (RFC 6797 §7.2).
HSTS = "max-age=31536000; includeSubDomains"


class SecurityHeaders:
    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        csp = DOCS_CSP if path.startswith(_DOCS) else PAGE_CSP
        tls = scope.get("scheme") == "https"

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                present = {name.lower() for name, _ in headers}
                extra = [
                    (b"content-security-policy", csp.encode()),
                    (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"same-origin"),
                    (b"x-content-type-options", b"nosniff"),
                    (b"cross-origin-opener-policy", b"same-origin"),
                ]
                if tls:
                    extra.append((b"strict-transport-security", HSTS.encode()))
                headers += [(k, v) for k, v in extra if k not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


class FailureThrottle:
    """Failures per key (a client address) in a sliding window. Past ``limit`` the key
    is refused until its oldest failure leaves the window.

    Kept in the process's memory: each server process throttles on its own, so N
    processes allow N × ``limit``. The per-account lock-out (in the database) is what
    holds across processes; this bounds how fast one address can guess at all.
    """

    def __init__(self, limit: int, window_seconds: float, max_keys: int = 10_000):
        self.limit = limit
        self.window = window_seconds
        self.max_keys = max_keys
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def retry_after(self, key: str, now: float | None = None) -> int | None:
        """Seconds until ``key`` may try again, or None if it may now."""
        now = time.monotonic() if now is None else now
        with self._lock:
            failures = self._prune(key, now)
            if failures is None or len(failures) < self.limit:
                return None
            return max(1, math.ceil(failures[0] + self.window - now))

    def fail(self, key: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            failures = self._prune(key, now)
            if failures is None:
                failures = self._failures[key] = deque(maxlen=self.limit)
                while len(self._failures) > self.max_keys:
                    self._failures.popitem(last=False)  # the longest-quiet address
            failures.append(now)
            self._failures.move_to_end(key)

    def _prune(self, key: str, now: float) -> deque[float] | None:
        failures = self._failures.get(key)
        if failures is None:
            return None
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        if not failures:
            del self._failures[key]
            return None
        return failures


@dataclass
class Throttles:
    """Per client address: wrong API tokens (10 a minute) and failed sign-ins (20 in a
    quarter of an hour, whatever the user names; each account also locks on its own)."""

    tokens: FailureThrottle = field(default_factory=lambda: FailureThrottle(10, 60))
    logins: FailureThrottle = field(default_factory=lambda: FailureThrottle(20, 15 * 60))
