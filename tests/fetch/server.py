"""A loopback web server that tests start themselves: realistic and hostile pages on 127.0.0.1.

Each :class:`LoopbackSite` listens on its own port, so two sites are two hosts to the fetcher's
per-host limits. It counts requests per path and the highest number handled at once, and records the
User-Agent and Host headers it was sent. Nothing here touches the network beyond 127.0.0.0/8.
The fetcher refuses loopback addresses unless told otherwise: tests pass ``allow_private=True`` (or
``--allow-private``) to fetch from these sites.
"""

from __future__ import annotations

import gzip
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing_extensions import Self

PAGES = Path(__file__).parent / "pages"
#: The audited site the fixture pages link to.
SITE = "greenleafbakery.co.uk"

Handler = Callable[["_Handler"], None]


def html_file(name: str) -> bytes:
    return (PAGES / name).read_bytes()


def send(
    status: int, body: bytes = b"", content_type: str = "text/html; charset=utf-8", **headers: str
) -> Handler:
    """A route answering with a fixed status, body and headers."""

    def handle(h: _Handler) -> None:
        h.send_response(status)
        h.send_header("Content-Type", content_type)
        h.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            h.send_header(name.replace("_", "-"), value)
        h.end_headers()
        h.wfile.write(body)

    return handle


def redirect(location: str, status: int = 301) -> Handler:
    def handle(h: _Handler) -> None:
        h.send_response(status)
        h.send_header("Location", location)
        h.send_header("Content-Length", "0")
        h.end_headers()

    return handle


def trickle(interval: float = 0.05, total: int = 200) -> Handler:
    """Slow-loris: headers at once, then one byte every ``interval`` seconds."""

    def handle(h: _Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Content-Length", str(total))
        h.end_headers()
        try:
            for _ in range(total):
                h.wfile.write(b" ")
                h.wfile.flush()
                time.sleep(interval)
        except OSError:
            pass  # the client gave up, as it should

    return handle


def unbounded(chunk: bytes = b"<p>" + b"x" * 8189, chunks: int = 1000) -> Handler:
    """A page with no Content-Length that goes on and on (connection-close delimited)."""

    def handle(h: _Handler) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.send_header("Connection", "close")
        h.end_headers()
        h.close_connection = True
        try:
            for _ in range(chunks):
                h.wfile.write(chunk)
        except OSError:
            pass

    return handle


def raw(data: bytes) -> Handler:
    """A route answering with ``data`` as is (status line and headers included), then closing."""

    def handle(h: _Handler) -> None:
        h.close_connection = True
        h.wfile.write(data)

    return handle


def gzip_bomb(size: int = 20 * 1024 * 1024) -> Handler:
    body = gzip.compress(b"<html>" + b" " * size, compresslevel=9)
    return send(200, body, Content_Encoding="gzip")


def slow(seconds: float, body: bytes) -> Handler:
    """A page that takes ``seconds`` to answer (to observe concurrency)."""

    def handle(h: _Handler) -> None:
        time.sleep(seconds)
        send(200, body)(h)

    return handle


class flaky:
    """Answers 503 the first ``failures`` times, then the page."""

    def __init__(self, failures: int, body: bytes) -> None:
        self.left = failures
        self.body = body
        self.lock = threading.Lock()

    def __call__(self, h: _Handler) -> None:
        with self.lock:
            fail = self.left > 0
            self.left -= 1
        if fail:
            send(503, b"busy", Retry_After="0")(h)
        else:
            send(200, self.body)(h)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        site = self.server.site
        path = self.path.split("?")[0]
        with site.lock:
            site.requests[path] += 1
            site.user_agents.add(self.headers.get("User-Agent", ""))
            site.host_headers.add(self.headers.get("Host", ""))
            site.active += 1
            site.max_active = max(site.max_active, site.active)
            site.starts.append(time.monotonic())
        try:
            route = site.routes.get(path)
            if route is None:
                send(404, b"<html><title>Not found</title><h1>404</h1></html>")(self)
            else:
                route(self)
        finally:
            with site.lock:
                site.active -= 1

    def log_message(self, format: str, *args: object) -> None:  # keep test output clean
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    site: LoopbackSite

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hangs up early (the fetcher's timeouts and size caps do) is not an error here.

        socketserver would print a traceback to stderr, where a test that checks the command's
        stderr would read it.
        """
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]


class LoopbackSite:
    """One host on <address>:<port> (127.0.0.1 and a free port by default) with routes ``path -> handler``.

    Use as a context manager. ``address`` may be another loopback address (127.0.0.2) and ``port`` a
    port another site already uses on a different address, to stand for two hosts on one port.
    """

    def __init__(
        self, routes: dict[str, Handler] | None = None, *, address: str = "127.0.0.1", port: int = 0
    ) -> None:
        self.routes: dict[str, Handler] = dict(routes or {})
        self.requests: Counter[str] = Counter()
        self.user_agents: set[str] = set()
        self.host_headers: set[str] = set()
        self.starts: list[float] = []
        self.active = 0
        self.max_active = 0
        self.lock = threading.Lock()
        self.address = address
        self._server = _Server((address, port), _Handler)
        self._server.site = self
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def url(self, path: str, host: str | None = None) -> str:
        """``http://<host or address>:<port><path>``."""
        return f"http://{host or self.address}:{self.port}{path}"

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


def link_farm_html(n: int = 60) -> bytes:
    """A 'resources' page of a link farm: dozens of casino, pill and loan sites, the audited site among
    them."""
    niches = ["casino-bonus", "slots-jackpot", "poker-rooms", "roulette-wins", "betting-tips", "bingo-hall"]
    items = [
        f'<li><a href="https://{niches[i % len(niches)]}-{i}.com/">'
        f"best {niches[i % len(niches)].replace('-', ' ')}"
        f" {i}</a></li>"
        for i in range(n)
    ]
    items += [f'<li><a href="https://cheap-pharmacy-{i}.net/">pharmacy {i}</a></li>' for i in range(8)]
    items.insert(n // 2, '<li><a href="https://www.greenleafbakery.co.uk/">bakery</a></li>')
    return (
        "<html><head><title>Top casino sites 2024 - best online casino links</title></head><body>"
        "<h1>Casino links</h1><p>casino casino online casino best casino bonus casino slots casino "
        "jackpot casino free casino</p><ul>" + "".join(items) + "</ul></body></html>"
    ).encode()
