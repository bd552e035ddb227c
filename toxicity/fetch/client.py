"""Polite asynchronous page fetcher: per-host limits and delay, robots.txt, caps on time, size and hops.

One :class:`Fetcher` fetches many URLs concurrently and never crashes or hangs on a hostile server:
every outcome, good or bad, becomes a :class:`FetchResult` with a :data:`toxicity.pages.FETCH_STATUSES`
status and a plain-words ``detail``.

Politeness
    * at most ``per_host`` requests in flight to one host and at least ``delay`` seconds between the
      starts of two requests to it (raised to the host's robots.txt ``Crawl-delay``, capped at
      ``max_crawl_delay``); at most ``concurrency`` requests in flight overall;
    * robots.txt is read once per host and obeyed for the token ``toxicity``; an unreachable
      robots.txt (HTTP 5xx) means "disallow all", as RFC 9309 section 2.3.1.4 asks; a missing one
      (HTTP 4xx) means "allow all";
    * the User-Agent names the tool, its version and where to read about it.

Internal addresses
    * unless ``allow_private`` is set, no request (page, robots.txt or redirect hop) goes to a loopback,
      private, link-local, unique-local, shared (CGNAT), multicast, unspecified, reserved or
      cloud-metadata address: the host's spelling is checked first and, for names, every resolved
      address at connect time, and the socket goes to the address that was checked (see
      :mod:`toxicity.fetch.guard`); such a URL is recorded as ``blocked``.

Hostile servers
    * ``timeout`` caps the *whole* request (connect, headers and body), so a server that trickles one
      byte a second (slow-loris) is cut off like one that never answers;
    * redirects are followed by hand, each hop robots-checked, guarded and paced, up to ``max_redirects``
      hops; a loop is stopped the moment a URL repeats; a ``Location`` that is not an http(s) URL
      (``javascript:``, ``data:``, malformed) ends the fetch as ``invalid_url``;
    * every error httpx can raise, and any robots.txt however broken, ends in a recorded status;
    * the body is read up to ``max_bytes`` *after* decompression (a gzip bomb is cut off too);
    * transient failures (timeouts, connection errors, HTTP 429/500/502/503/504) are retried with
      exponential back-off; ``Retry-After`` is honoured up to ``max_backoff`` seconds.

``httpx`` (the optional extra ``toxicity[fetch]``) does the HTTP/1.1 and TLS work; it is imported here,
so importing this module without it raises :class:`ImportError` (the CLI turns that into the install line).
"""

from __future__ import annotations

import asyncio
import logging
import random
import re
import time
import urllib.robotparser
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Final
from urllib.parse import urljoin, urlsplit

import httpx

from toxicity import __version__
from toxicity.errors import UsageError
from toxicity.fetch.guard import BlockedAddress, guarded_transport, host_block_reason

if TYPE_CHECKING:
    from typing_extensions import Self

log = logging.getLogger(__name__)

#: Honest User-Agent: names the tool, its version and where to read about it.
USER_AGENT: Final = f"toxicity/{__version__} (+backlink audit; https://pypi.org/project/toxicity/)"
#: The product token robots.txt groups are matched against.
ROBOTS_TOKEN: Final = "toxicity"

_RETRY_STATUSES: Final = frozenset({429, 500, 502, 503, 504})
_REDIRECT_STATUSES: Final = frozenset({301, 302, 303, 307, 308})
_HTML_TYPES: Final = ("text/html", "application/xhtml+xml")
_ROBOTS_MAX_BYTES: Final = 500 * 1024  # the limit RFC 9309 section 2.5 asks crawlers to read at least
_LOCATION: Final = "toxicity.location"  # where the response hook keeps the Location header values


@dataclass(frozen=True)
class FetchConfig:
    """Limits and manners of a fetch run; the defaults suit an audit of a few thousand pages.

    Parameters
    ----------
    concurrency : int
        Requests in flight overall.
    per_host : int
        Requests in flight to one host (``host`` or ``host:port`` when the port is not the default).
    delay : float
        Minimum seconds between the starts of two requests to one host.
    timeout : float
        Seconds allowed for one request from connect to the last body byte.
    max_bytes : int
        Largest page body read, after decompression; a larger page is ``too_large``.
    max_redirects : int
        Redirect hops followed before giving up with ``too_many_redirects``.
    retries : int
        Extra attempts after a transient failure.
    backoff : float
        First back-off in seconds; doubled on each retry, with jitter.
    max_backoff : float
        Cap on one back-off, including a server's ``Retry-After``.
    respect_robots : bool
        Read and obey robots.txt. Leave on for real sites.
    max_crawl_delay : float
        Cap on a robots.txt ``Crawl-delay`` honoured as the per-host delay.
    user_agent : str
        The User-Agent header.
    trust_env : bool
        Use proxy settings from the environment (``HTTPS_PROXY``, ``NO_PROXY``...).
    allow_private : bool
        Also fetch loopback, private, link-local and other internal addresses (a staging site on your
        own network). Off by default: an export's URLs and their redirects come from strangers.
    """

    concurrency: int = 16
    per_host: int = 2
    delay: float = 1.0
    timeout: float = 20.0
    max_bytes: int = 2 * 1024 * 1024
    max_redirects: int = 10
    retries: int = 2
    backoff: float = 1.0
    max_backoff: float = 30.0
    respect_robots: bool = True
    max_crawl_delay: float = 10.0
    user_agent: str = USER_AGENT
    trust_env: bool = True
    allow_private: bool = False

    def __post_init__(self) -> None:
        checks = {
            "concurrency": self.concurrency >= 1,
            "per_host": self.per_host >= 1,
            "delay": self.delay >= 0,
            "timeout": self.timeout > 0,
            "max_bytes": self.max_bytes >= 1024,
            "max_redirects": self.max_redirects >= 0,
            "retries": self.retries >= 0,
            "backoff": self.backoff >= 0,
        }
        bad = [name for name, ok in checks.items() if not ok]
        if bad:
            values = ", ".join(f"{name}={getattr(self, name)!r}" for name in bad)
            raise UsageError(
                f"invalid fetch settings: {values} (counts must be >= 1, times >= 0, max_bytes >= 1024)"
            )


@dataclass(frozen=True)
class FetchResult:
    """What happened when one URL was fetched.

    Attributes
    ----------
    url : str
        The URL asked for.
    status : str
        One of :data:`toxicity.pages.FETCH_STATUSES`.
    detail : str
        Plain words on what happened ('' when ``ok``).
    http_status : int or None
        Status of the last response received.
    final_url : str or None
        The URL the last response came from (after redirects).
    redirect_chain : tuple of str
        URLs that answered with a redirect, in order; ``final_url`` follows the last.
    content_type : str or None
        ``Content-Type`` of the final response.
    x_robots_tag : str or None
        ``X-Robots-Tag`` header of the final response.
    body : bytes or None
        The decompressed body (HTML pages with status ``ok`` only).
    fetched_at : str
        UTC time of the fetch, ISO 8601.
    elapsed : float
        Seconds spent, including waits for politeness and retries.
    attempts : int
        Requests made for the final hop (1 + retries used).
    from_cache : bool
        True when the result was read from the on-disk cache.
    """

    url: str
    status: str
    detail: str = ""
    http_status: int | None = None
    final_url: str | None = None
    redirect_chain: tuple[str, ...] = ()
    content_type: str | None = None
    x_robots_tag: str | None = None
    body: bytes | None = field(default=None, repr=False)
    fetched_at: str = ""
    elapsed: float = 0.0
    attempts: int = 0
    from_cache: bool = False

    @property
    def ok(self) -> bool:
        """True when an HTML page was fetched."""
        return self.status == "ok"

    @property
    def transient(self) -> bool:
        """True for failures that may go away on a later run (time-outs, unreachable hosts, HTTP 5xx/429)."""
        if self.status in ("timeout", "connection_error"):
            return True
        return self.status == "http_error" and self.http_status in _RETRY_STATUSES


class _Failure(Exception):
    """Internal: a request ended in a recorded failure (status + detail), not in a crash."""

    def __init__(self, status: str, detail: str, http_status: int | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.http_status = http_status


@dataclass
class _Response:
    status: int
    headers: httpx.Headers
    body: bytes | None
    locations: tuple[str, ...] = ()  # the Location header values, as sent


class _BoundedDecoder:
    """Decompresses a response body chunk by chunk and stops at ``limit`` output bytes."""

    def __init__(self, encoding: str, limit: int) -> None:
        codings = [c.strip().lower() for c in encoding.split(",") if c.strip()]
        codings = [c for c in codings if c != "identity"]
        if len(codings) > 1 or (codings and codings[0] not in ("gzip", "x-gzip", "deflate")):
            raise _Failure("invalid_response", f"unsupported Content-Encoding {encoding!r}")
        self._coding = codings[0] if codings else ""
        self._z = self._new_decompressor()
        self._first = True
        self._limit = limit
        self.size = 0

    def _new_decompressor(self, raw_deflate: bool = False) -> zlib._Decompress | None:  # type: ignore[name-defined]
        if self._coding in ("gzip", "x-gzip"):
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        if self._coding == "deflate":
            return zlib.decompressobj(-zlib.MAX_WBITS if raw_deflate else zlib.MAX_WBITS)
        return None

    def feed(self, data: bytes) -> bytes:
        room = self._limit - self.size + 1
        if self._z is None:
            out = data[:room]
        else:
            try:
                out = self._z.decompress(data, room)
            except zlib.error as exc:
                if not (self._first and self._coding == "deflate"):
                    raise _Failure("invalid_response", f"corrupt {self._coding} body: {exc}") from None
                # Some servers send raw deflate without the zlib header the standard asks for.
                self._z = self._new_decompressor(raw_deflate=True)
                out = self._z.decompress(data, room)  # type: ignore[union-attr]
        self._first = False
        self.size += len(out)
        if self.size > self._limit:
            raise _Failure("too_large", f"page is larger than the {self._limit:,}-byte cap")
        return out


@dataclass
class _RobotsRules:
    """robots.txt verdict for one origin: a parser, or a blanket decision with its reason."""

    parser: urllib.robotparser.RobotFileParser | None = None
    allow_all: bool = True
    failure: _Failure | None = None  # the host is unreachable: the page fails the same way
    reason: str = ""

    def allows(self, url: str) -> bool:
        if self.parser is not None:
            try:
                return self.parser.can_fetch(ROBOTS_TOKEN, url)
            except ValueError:  # the standard-library matcher cannot read this URL: stay on the safe side
                return False
        return self.allow_all


def _parse_robots(url: str, text: str) -> urllib.robotparser.RobotFileParser:
    """A robots.txt parser fed only the lines it can read.

    :mod:`urllib.robotparser` raises on some hostile lines (``Crawl-delay: ²``, ``Disallow: //[x``, a
    5,000-digit delay); RFC 9309 asks crawlers to use the rules they can parse, so each line is tried on
    its own under a catch-all group first and dropped if the parser cannot read it.
    """
    readable = []
    for line in text.splitlines():
        try:
            urllib.robotparser.RobotFileParser().parse(["User-agent: *", line])
        except ValueError:  # UnicodeError included
            log.debug("skipping unreadable robots.txt line at %s: %r", url, line[:100])
            continue
        readable.append(line)
    parser = urllib.robotparser.RobotFileParser(url)
    parser.parse(readable)
    parser.modified()
    return parser


class _HostPacer:
    """Per-host politeness: a concurrency cap and a minimum gap between request starts."""

    def __init__(self, per_host: int, delay: float) -> None:
        self._slots = asyncio.Semaphore(per_host)
        self.delay = delay
        self._next_start = 0.0

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        async with self._slots:
            loop = asyncio.get_running_loop()
            now = loop.time()
            start = max(now, self._next_start)
            self._next_start = start + self.delay
            if start > now:
                await asyncio.sleep(start - now)
            yield


def host_key(url: str) -> str:
    """The politeness key of ``url``: its lower-case host, plus the port when it is not the default.

    >>> host_key("https://Example.com/a"), host_key("http://127.0.0.1:8081/x")
    ('example.com', '127.0.0.1:8081')
    """
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        port = parts.port
    except ValueError:  # not a URL: it fails on its own later; group it with other oddities
        return ""
    default = {"http": 80, "https": 443}.get(parts.scheme.lower())
    return host if port is None or port == default else f"{host}:{port}"


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


def _check_url(url: str) -> str:
    """Return ``url`` if it is a fetchable http(s) URL, else raise an ``invalid_url`` failure."""
    try:
        parts = urlsplit(url)
        parsed = httpx.URL(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except (ValueError, TypeError, httpx.InvalidURL) as exc:
        raise _Failure("invalid_url", f"not a valid URL: {exc}"[:300]) from None
    if parts.scheme.lower() not in ("http", "https") or not parsed.host:
        raise _Failure("invalid_url", f"not an http(s) URL: {url[:200]!r}")
    return url


def _redirect_target(url: str, response: _Response) -> str | None:
    """The URL ``response`` redirects to, ``None`` if it is no redirect, or an ``invalid_url`` failure.

    ``Location`` comes from the server: ``javascript:alert(1)``, ``data:``, ``mailto:``, a broken IPv6
    literal or two different Location headers all end the fetch as a recorded failure.
    """
    if response.status not in _REDIRECT_STATUSES or not response.locations:
        return None
    locations = {loc.strip() for loc in response.locations}
    shown = repr(response.locations[0][:200])
    if len(locations) > 1:
        raise _Failure(
            "invalid_url", f"redirect with {len(locations)} different Location headers", response.status
        )
    try:
        target = urljoin(url, locations.pop())
    except ValueError as exc:
        raise _Failure(
            "invalid_url", f"redirect to {shown}: not a valid URL: {exc}", response.status
        ) from None
    try:
        return _check_url(target)
    except _Failure as exc:
        raise _Failure("invalid_url", f"redirect to {shown}: {exc.detail}", response.status) from None


def _guard(url: str) -> None:
    """Refuse ``url`` if its host is internal by its spelling (see
    :func:`toxicity.fetch.guard.host_block_reason`)."""
    try:
        reason = host_block_reason(httpx.URL(url).raw_host.decode("ascii"))
    except (ValueError, httpx.InvalidURL) as exc:
        raise _Failure("invalid_url", f"not a valid host: {exc}"[:300]) from None
    if reason is not None:
        raise _Failure("blocked", reason)


def url_block_reason(url: str) -> str | None:
    """Why ``url`` would be refused by its host's spelling alone (no DNS), or ``None``.

    >>> url_block_reason("http://2130706433/admin")
    'loopback address 127.0.0.1'
    """
    try:
        _guard(url)
    except _Failure as exc:
        return exc.detail if exc.status == "blocked" else None
    return None


def _now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def _retry_after(headers: httpx.Headers) -> float | None:
    # ASCII digits only: str.isdigit() accepts '²', which float() then refuses (a crash on a hostile 503).
    value = headers.get("retry-after", "").strip()
    return float(value) if re.fullmatch(r"[0-9]{1,9}", value) else None


async def _take_location(response: httpx.Response) -> None:
    """Response hook: move the Location header out of httpx's reach into ``response.extensions``.

    httpx parses Location to prepare a redirect even when it does not follow redirects, and raises on
    a value such as ``javascript:alert(1)`` before the response is handed over. Redirects are followed
    (and their targets checked) by :meth:`Fetcher.fetch` instead.
    """
    locations = response.headers.get_list("location")
    if locations:
        del response.headers["location"]
        response.extensions[_LOCATION] = tuple(locations)


class Fetcher:
    """Fetch pages concurrently and politely; one instance per run (use as an async context manager).

    Parameters
    ----------
    config : FetchConfig
        Limits and manners.
    transport : httpx.AsyncBaseTransport, optional
        Custom transport (tests, proxies); the default is httpx's own over a network layer that refuses
        internal addresses. A custom transport is trusted to connect where it likes: only the spelling of
        each host is checked then.

    Examples
    --------
    >>> async def main(urls):                                        # doctest: +SKIP
    ...     async with Fetcher(FetchConfig(delay=0.5)) as fetcher:
    ...         return [r async for r in fetcher.fetch_many(urls)]
    """

    def __init__(
        self, config: FetchConfig | None = None, *, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self.config = config or FetchConfig()
        self._transport = transport
        self._client: httpx.AsyncClient | None = None
        self._global: asyncio.Semaphore | None = None
        self._pacers: dict[str, _HostPacer] = {}
        self._robots: dict[str, asyncio.Task[_RobotsRules]] = {}

    async def __aenter__(self) -> Self:
        cfg = self.config
        short = min(cfg.timeout, 10.0)
        limits = httpx.Limits(max_connections=cfg.concurrency, max_keepalive_connections=cfg.concurrency)
        transport = self._transport
        if transport is None and not cfg.allow_private:
            transport = guarded_transport(limits=limits, trust_env=cfg.trust_env)
        self._client = httpx.AsyncClient(
            headers={
                "User-Agent": cfg.user_agent,
                "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
                "Accept-Encoding": "gzip, deflate",
            },
            timeout=httpx.Timeout(connect=short, read=short, write=short, pool=None),
            follow_redirects=False,
            limits=limits,
            trust_env=cfg.trust_env,
            transport=transport,
            event_hooks={"response": [_take_location]},
        )
        self._global = asyncio.Semaphore(cfg.concurrency)
        return self

    async def __aexit__(self, *exc: object) -> None:
        for task in self._robots.values():
            task.cancel()
        if self._client is not None:
            await self._client.aclose()
        self._client = None

    # -- public -------------------------------------------------------------------------------

    async def fetch_many(
        self, urls: Iterable[str], *, skip: Callable[[str], Awaitable[FetchResult | None]] | None = None
    ) -> AsyncIterator[FetchResult]:
        """Fetch every URL once and yield results as they complete (not in input order).

        URLs are grouped by host; at most ``concurrency`` hosts are worked on at once, each with up to
        ``per_host`` requests, so one host with thousands of pages never starves the others.

        Parameters
        ----------
        urls : iterable of str
            URLs to fetch; duplicates are fetched once.
        skip : async callable, optional
            Called first for each URL; a result it returns (e.g. from a cache) is yielded instead of
            fetching.
        """
        by_host: dict[str, list[str]] = {}
        seen: set[str] = set()
        for url in urls:
            if url not in seen:
                seen.add(url)
                by_host.setdefault(host_key(url), []).append(url)
        results: asyncio.Queue[FetchResult | None] = asyncio.Queue()
        hosts: asyncio.Queue[list[str]] = asyncio.Queue()
        for group in sorted(by_host.values(), key=len, reverse=True):  # long hosts first: they pace the run
            hosts.put_nowait(group)

        async def drain(queue: list[str]) -> None:
            while queue:
                url = queue.pop()
                cached = await skip(url) if skip is not None else None
                await results.put(cached if cached is not None else await self.fetch(url))

        async def host_worker() -> None:
            while not hosts.empty():
                group = hosts.get_nowait()
                queue = list(reversed(group))  # shared by the host's drains: each URL is taken once
                await asyncio.gather(*(drain(queue) for _ in range(min(self.config.per_host, len(group)))))

        workers = [
            asyncio.create_task(host_worker()) for _ in range(min(self.config.concurrency, len(by_host)))
        ]
        done = asyncio.gather(*workers)
        done.add_done_callback(lambda _: results.put_nowait(None))
        try:
            while (item := await results.get()) is not None:
                yield item
            await done  # re-raise a programming error from a worker
        finally:
            for task in workers:
                task.cancel()

    async def fetch(self, url: str) -> FetchResult:
        """Fetch one URL, following redirects; never raises for network or server trouble."""
        started = time.monotonic()
        chain: list[str] = []
        current = url
        attempts = 0
        try:
            current = _check_url(url.strip())
            while True:
                if self.config.respect_robots:
                    rules = await self._robots_rules(current)
                    if rules.failure is not None:
                        raise rules.failure
                    if not rules.allows(current):
                        raise _Failure("robots_disallowed", rules.reason or "robots.txt disallows this page")
                response, attempts = await self._get_with_retries(current, html_only=True)
                if response.status in _REDIRECT_STATUSES and response.locations:
                    chain.append(current)
                    nxt = _redirect_target(current, response)
                    assert nxt is not None
                    if nxt in chain:
                        raise _Failure(
                            "too_many_redirects", f"redirect loop back to {nxt[:200]}", response.status
                        )
                    if len(chain) > self.config.max_redirects:
                        raise _Failure(
                            "too_many_redirects",
                            f"more than {self.config.max_redirects} redirects",
                            response.status,
                        )
                    current = nxt
                    continue
                return self._final(url, current, chain, response, attempts, started)
        except _Failure as exc:
            return FetchResult(
                url=url,
                status=exc.status,
                detail=exc.detail,
                http_status=exc.http_status,
                final_url=current if chain or exc.http_status else None,
                redirect_chain=tuple(chain),
                fetched_at=_now_iso(),
                elapsed=time.monotonic() - started,
                attempts=attempts,
            )

    # -- internals ----------------------------------------------------------------------------

    def _final(
        self, url: str, current: str, chain: list[str], response: _Response, attempts: int, started: float
    ) -> FetchResult:
        content_type = response.headers.get("content-type")
        status, detail, body = "ok", "", response.body
        if not 200 <= response.status < 300:
            status, detail, body = "http_error", f"HTTP {response.status}", None
        elif body is None:
            status, detail = "not_html", f"Content-Type is {content_type!r}, not an HTML page"
        return FetchResult(
            url=url,
            status=status,
            detail=detail,
            http_status=response.status,
            final_url=current,
            redirect_chain=tuple(chain),
            content_type=content_type,
            x_robots_tag=response.headers.get("x-robots-tag"),
            body=body,
            fetched_at=_now_iso(),
            elapsed=time.monotonic() - started,
            attempts=attempts,
        )

    def _pacer(self, url: str) -> _HostPacer:
        key = host_key(url)
        pacer = self._pacers.get(key)
        if pacer is None:
            pacer = self._pacers[key] = _HostPacer(self.config.per_host, self.config.delay)
        return pacer

    async def _get_with_retries(
        self, url: str, *, html_only: bool, max_bytes: int | None = None
    ) -> tuple[_Response, int]:
        """GET ``url`` once per attempt; retry transient failures with back-off."""
        cfg = self.config
        attempt = 0
        while True:
            attempt += 1
            wait: float | None = None
            try:
                response = await self._get(url, html_only=html_only, max_bytes=max_bytes or cfg.max_bytes)
                if response.status not in _RETRY_STATUSES or attempt > cfg.retries:
                    return response, attempt
                wait = _retry_after(response.headers)
                log.debug("HTTP %s from %s, retrying", response.status, url)
            except _Failure as exc:
                if exc.status not in ("timeout", "connection_error") or attempt > cfg.retries:
                    raise
                log.debug("%s on %s (%s), retrying", exc.status, url, exc.detail)
            backoff = cfg.backoff * 2 ** (attempt - 1) * (1 + random.random() / 2)
            await asyncio.sleep(min(cfg.max_backoff, wait if wait is not None else backoff))

    async def _get(self, url: str, *, html_only: bool, max_bytes: int) -> _Response:
        """One paced GET with the whole-request time cap; every httpx error becomes a :class:`_Failure`."""
        assert self._client is not None and self._global is not None, (
            "use Fetcher as an async context manager"
        )
        if not self.config.allow_private:
            _guard(url)  # before pacing: a refused URL costs the host no slot and no delay
        async with self._pacer(url).slot(), self._global:
            try:
                return await asyncio.wait_for(
                    self._get_unpaced(url, html_only, max_bytes), self.config.timeout
                )
            except BlockedAddress as exc:
                raise _Failure("blocked", exc.reason) from None
            except (asyncio.TimeoutError, httpx.TimeoutException):
                raise _Failure("timeout", f"no complete answer within {self.config.timeout:g} s") from None
            except (httpx.InvalidURL, httpx.UnsupportedProtocol, httpx.LocalProtocolError) as exc:
                # The request for this URL cannot even be sent: retrying will not help.
                raise _Failure("invalid_url", f"cannot request this URL: {exc}"[:300]) from None
            except (httpx.RemoteProtocolError, httpx.DecodingError) as exc:
                raise _Failure("invalid_response", f"broken HTTP response: {exc}"[:300]) from None
            except httpx.TooManyRedirects as exc:
                raise _Failure("too_many_redirects", str(exc)[:300]) from None
            except (httpx.HTTPError, OSError) as exc:  # DNS, refused, reset, TLS, proxy
                raise _Failure("connection_error", f"{type(exc).__name__}: {exc}"[:300]) from None

    async def _get_unpaced(self, url: str, html_only: bool, max_bytes: int) -> _Response:
        """GET ``url``; read the body of a 2xx answer (only if it is, or may be, HTML when ``html_only``)."""
        assert self._client is not None
        async with self._client.stream("GET", url) as response:
            body: bytes | None = None
            mime = response.headers.get("content-type", "").split(";")[0].strip().lower()
            wanted = 200 <= response.status_code < 300 and (not html_only or not mime or mime in _HTML_TYPES)
            if wanted:
                length = response.headers.get("content-length", "")
                encoding = response.headers.get("content-encoding", "")
                if length.isdigit() and int(length) > max_bytes and not encoding:
                    raise _Failure(
                        "too_large", f"Content-Length {int(length):,} is over the {max_bytes:,}-byte cap"
                    )
                decoder = _BoundedDecoder(encoding, max_bytes)
                parts = [decoder.feed(chunk) async for chunk in response.aiter_raw()]
                body = b"".join(parts)
                if html_only and not mime and not _looks_like_html(body):
                    body = None
            return _Response(
                response.status_code, response.headers, body, response.extensions.get(_LOCATION, ())
            )

    async def _robots_rules(self, url: str) -> _RobotsRules:
        origin = _origin(url)
        task = self._robots.get(origin)
        if task is None:
            task = self._robots[origin] = asyncio.create_task(self._load_robots(origin))
        rules = await asyncio.shield(task)
        if rules.parser is not None:
            delay = rules.parser.crawl_delay(ROBOTS_TOKEN)
            if delay is not None:
                pacer = self._pacer(url)
                # min() before float(): a 400-digit Crawl-delay is an int that float() cannot hold.
                pacer.delay = max(pacer.delay, float(min(int(delay), self.config.max_crawl_delay)))
        return rules

    async def _load_robots(self, origin: str) -> _RobotsRules:
        url = origin + "/robots.txt"
        try:
            for _ in range(5):  # RFC 9309: follow at least five redirects
                response, _n = await self._get_with_retries(url, html_only=False, max_bytes=_ROBOTS_MAX_BYTES)
                target = _redirect_target(url, response)
                if target is None:
                    break
                url = target
        except _Failure as exc:
            if exc.status in ("timeout", "connection_error"):
                return _RobotsRules(failure=exc)
            if (
                exc.status == "too_large"
            ):  # read what fits, as RFC 9309 allows; here: be safe and allow nothing
                return _RobotsRules(
                    allow_all=False, reason="robots.txt is over 500 KiB and could not be read"
                )
            # A redirect to javascript: or to an internal address, a broken answer: robots.txt is
            # "unavailable" (RFC 9309 section 2.3.1.3), so pages are allowed; each page and each of
            # its redirects is still checked on its own.
            log.debug("robots.txt of %s unavailable (%s: %s)", origin, exc.status, exc.detail)
            return _RobotsRules(allow_all=True)
        if 200 <= response.status < 300 and response.body is not None:
            parser = _parse_robots(url, response.body.decode("utf-8", errors="replace"))
            return _RobotsRules(parser=parser, reason=f"robots.txt at {url} disallows this page")
        if response.status >= 500:
            return _RobotsRules(
                allow_all=False,
                reason=f"robots.txt answered HTTP {response.status}: treated as disallow all (RFC 9309)",
            )
        return _RobotsRules(allow_all=True)  # 4xx (or a redirect loop): no robots.txt, everything allowed


def _looks_like_html(body: bytes) -> bool:
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<!--")) or b"<html" in head
