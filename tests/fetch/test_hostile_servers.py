"""Hostile URLs and servers against the fetcher: internal addresses, bad redirects, broken robots.txt.

Every server is a loopback site the test starts. The fetcher refuses loopback addresses by default,
which is what most of these tests check; where a test needs one "public" host, it exempts 127.0.0.2
from the guard (and only that address), so 127.0.0.1 stands for the internal network.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpcore
import pytest

from toxicity.fetch import FetchConfig, PageCache, fetch_pages
from toxicity.fetch import guard as guard_module

from .server import SITE, LoopbackSite, html_file, raw, redirect, send

PUBLIC = ipaddress.ip_address("127.0.0.2")  # stands for a public address in these tests


@pytest.fixture
def strict(config: FetchConfig) -> FetchConfig:
    """The test configuration with the guard on, as a user gets it by default."""
    return replace(config, allow_private=False)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if the fetcher opens any connection (they must all be refused before)."""

    async def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"a connection was opened: {args}")

    monkeypatch.setattr(httpcore.AnyIOBackend, "connect_tcp", refuse)


@pytest.fixture
def public_127_0_0_2(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let 127.0.0.2 pass the guard as if it were a public address; everything else is judged as usual."""
    judge = guard_module.address_block_reason

    def exempt(address: guard_module.IPAddress) -> str | None:
        return None if address == PUBLIC else judge(address)

    monkeypatch.setattr(guard_module, "address_block_reason", exempt)


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """A resolver the test controls: name -> addresses (a list, or a callable for changing answers)."""
    answers: dict[str, Any] = {}
    real = socket.getaddrinfo

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> list[Any]:
        name = host.decode() if isinstance(host, bytes) else host
        if name not in answers:
            return real(host, port, *args, **kwargs)
        found = answers[name]() if callable(answers[name]) else answers[name]
        return [
            (socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, int(port or 0)))
            for a in found
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return answers


def _two_hosts_on_one_port(routes: dict[str, Any]) -> Iterator[tuple[LoopbackSite, LoopbackSite]]:
    try:
        public = LoopbackSite(routes, address="127.0.0.2")
    except OSError:  # pragma: no cover - systems that route only 127.0.0.1
        pytest.skip("127.0.0.2 is not usable on this system")
    internal = LoopbackSite(
        {"/secret": send(200, b"<html><title>Internal admin</title></html>")}, port=public.port
    )
    with public, internal:
        yield public, internal


@pytest.fixture
def hosts() -> Iterator[tuple[LoopbackSite, LoopbackSite]]:
    """A 'public' site on 127.0.0.2 and an 'internal' one on 127.0.0.1, on the same port."""
    yield from _two_hosts_on_one_port({"/page": send(200, html_file("clean_blog.html"))})


def _rows(urls: list[str], cache_dir: Path, config: FetchConfig) -> list[dict[str, Any]]:
    return fetch_pages(urls, cache_dir=cache_dir, site=SITE, config=config).to_dict("records")


# -- internal addresses ---------------------------------------------------------------------------


def test_internal_urls_are_blocked_and_recorded(
    cache_dir: Path, strict: FetchConfig, no_network: None
) -> None:
    with LoopbackSite({"/p": send(200, html_file("clean_blog.html"))}) as site:
        port = site.port
        cases = {
            site.url("/p"): "loopback address 127.0.0.1",
            f"http://localhost:{port}/p": "loopback host localhost",
            f"http://0x7f.1:{port}/p": "loopback address 127.0.0.1",
            f"http://2130706433:{port}/p": "loopback address 127.0.0.1",
            f"http://[::ffff:127.0.0.1]:{port}/p": "loopback address 127.0.0.1 (as ::ffff:7f00:1)",
            f"http://0.0.0.0:{port}/p": "unspecified address 0.0.0.0",
            "http://169.254.169.254/latest/meta-data/": "cloud metadata address 169.254.169.254",
            "http://[fd00:ec2::254]/latest/meta-data/": "cloud metadata address fd00:ec2::254",
            "http://metadata.google.internal/computeMetadata/v1/": (
                "cloud metadata host metadata.google.internal"
            ),
            "https://10.0.0.1/admin": "private address 10.0.0.1",
            "http://100.64.0.1/": "shared (CGNAT) address 100.64.0.1",
            "http://[fe80::1]/": "link-local address fe80::1",
            "http://[fd00::1]/": "unique-local address fd00::1",
            "http://224.0.0.1/": "multicast address 224.0.0.1",
            "http://240.0.0.1/": "reserved address 240.0.0.1",
        }
        rows = _rows(list(cases), cache_dir, strict)
    assert [(r["fetch_status"], r["fetch_detail"]) for r in rows] == [("blocked", d) for d in cases.values()]
    assert all(r["title"] is None and r["link_present"] is None for r in rows)
    assert sum(site.requests.values()) == 0  # not even robots.txt


def test_a_name_resolving_to_loopback_is_blocked(
    cache_dir: Path, strict: FetchConfig, dns: dict[str, Any], public_127_0_0_2: None
) -> None:
    dns["intranet.example"] = ["127.0.0.1"]
    dns["split.example"] = ["127.0.0.2", "127.0.0.1"]  # one public answer is not enough: all are checked
    with LoopbackSite({"/p": send(200, html_file("clean_blog.html"))}) as site:
        rows = _rows([site.url("/p", "intranet.example"), site.url("/p", "split.example")], cache_dir, strict)
    assert [r["fetch_status"] for r in rows] == ["blocked", "blocked"]
    assert rows[0]["fetch_detail"] == "intranet.example resolves to loopback address 127.0.0.1"
    assert rows[1]["fetch_detail"] == "split.example resolves to loopback address 127.0.0.1"
    assert sum(site.requests.values()) == 0


def test_redirect_to_loopback_is_blocked(
    cache_dir: Path, strict: FetchConfig, public_127_0_0_2: None, hosts: tuple[LoopbackSite, LoopbackSite]
) -> None:
    public, internal = hosts
    public.routes["/robots.txt"] = redirect(internal.url("/robots.txt"), 302)
    public.routes["/go"] = redirect(internal.url("/secret"), 302)
    public.routes["/go-numeric"] = redirect(f"http://2130706433:{internal.port}/secret", 302)
    public.routes["/go-name"] = redirect(f"http://localhost:{internal.port}/secret", 307)
    rows = _rows([public.url("/go"), public.url("/go-numeric"), public.url("/go-name")], cache_dir, strict)
    assert [r["fetch_status"] for r in rows] == ["blocked"] * 3
    assert [r["fetch_detail"] for r in rows] == [
        "loopback address 127.0.0.1",
        "loopback address 127.0.0.1",
        "loopback host localhost",
    ]
    assert rows[0]["redirect_chain"] == public.url("/go") and rows[0]["final_url"] == internal.url("/secret")
    assert sum(internal.requests.values()) == 0  # neither robots.txt nor the page
    assert public.requests["/go"] == 1


def test_the_checked_address_is_the_one_connected_to(
    cache_dir: Path,
    strict: FetchConfig,
    dns: dict[str, Any],
    public_127_0_0_2: None,
    hosts: tuple[LoopbackSite, LoopbackSite],
) -> None:
    """DNS rebinding: the name answers public first and internal afterwards, and the internal host listens
    on the same port. Each connection is resolved once and goes to the address that was checked: the
    first page comes from the public host, the second is refused, the internal host is never reached."""
    public, internal = hosts
    body = html_file("clean_blog.html")
    closing = raw(  # a new connection, so a new lookup, for each page
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n"
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
        + body
    )
    public.routes.update({"/one": closing, "/two": closing})
    lookups: list[str] = []

    def rebinding() -> list[str]:
        lookups.append("rebind.example")
        return ["127.0.0.2"] if len(lookups) == 1 else ["127.0.0.1"]

    dns["rebind.example"] = rebinding
    config = replace(strict, respect_robots=False, per_host=1)
    rows = _rows(
        [public.url("/one", "rebind.example"), public.url("/two", "rebind.example")], cache_dir, config
    )
    assert [r["fetch_status"] for r in rows] == ["ok", "blocked"]
    assert rows[0]["link_present"] is True
    assert rows[1]["fetch_detail"] == "rebind.example resolves to loopback address 127.0.0.1"
    assert public.host_headers == {f"rebind.example:{public.port}"}  # the Host header names the host
    assert sum(internal.requests.values()) == 0
    assert len(lookups) == 2  # one per connection: never a second lookup between check and connect


def test_allow_private_lifts_the_rule_and_blocked_results_are_not_cached(
    cache_dir: Path, strict: FetchConfig
) -> None:
    with LoopbackSite({"/p": send(200, html_file("clean_blog.html"))}) as site:
        url = site.url("/p")
        assert _rows([url], cache_dir, strict)[0]["fetch_status"] == "blocked"
        allowed = _rows([url], cache_dir, replace(strict, allow_private=True))[0]
        assert allowed["fetch_status"] == "ok" and allowed["from_cache"] is False
        count = sum(site.requests.values())
        # A run that refuses internal hosts does not take the internal page from the cache either.
        again = _rows([url], cache_dir, strict)[0]
        assert again["fetch_status"] == "blocked" and again["title"] is None
        assert sum(site.requests.values()) == count
        assert _rows([url], cache_dir, replace(strict, allow_private=True))[0]["from_cache"] is True


# -- hostile redirects and answers ----------------------------------------------------------------


@pytest.fixture
def hostile() -> Iterator[LoopbackSite]:
    body = html_file("clean_blog.html")
    routes = {
        "/robots.txt": send(200, b"User-agent: *\nDisallow: /private\n", "text/plain"),
        "/js": redirect("javascript:alert(1)", 302),
        "/data": redirect("data:text/html,<script>alert(1)</script>", 302),
        "/mail": redirect("mailto:owner@example.org", 301),
        "/ipv6": redirect("http://[::1/x", 302),
        "/port": redirect("http://example.org:99999/", 302),
        "/idna": raw(b"HTTP/1.1 302 Found\r\nLocation: http://\xc3\xa9\xff/\r\nContent-Length: 0\r\n\r\n"),
        "/two": raw(b"HTTP/1.1 302 Found\r\nLocation: /a\r\nLocation: /b\r\nContent-Length: 0\r\n\r\n"),
        "/busy": raw(b"HTTP/1.1 503 Busy\r\nRetry-After: \xb2\r\nContent-Length: 0\r\n\r\n"),
        "/length": raw(b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: \xb2\r\n\r\n<html>"),
        "/fine": send(200, body),
    }
    with LoopbackSite(routes) as site:
        yield site


@pytest.mark.parametrize(
    ("path", "status", "detail"),
    [
        ("/js", "invalid_url", "redirect to 'javascript:alert(1)': not an http(s) URL"),
        (
            "/data",
            "invalid_url",
            "redirect to 'data:text/html,<script>alert(1)</script>': not an http(s) URL",
        ),
        ("/mail", "invalid_url", "redirect to 'mailto:owner@example.org': not an http(s) URL"),
        ("/ipv6", "invalid_url", "redirect to 'http://[::1/x': not a valid URL"),
        ("/port", "invalid_url", "redirect to 'http://example.org:99999/': not a valid URL"),
        ("/idna", "invalid_url", "not a valid URL: Invalid IDNA hostname"),
        ("/two", "invalid_url", "redirect with 2 different Location headers"),
        ("/busy", "http_error", "HTTP 503"),
        ("/length", "invalid_response", "broken HTTP response"),
    ],
)
def test_hostile_answers_become_a_status(
    hostile: LoopbackSite, cache_dir: Path, config: FetchConfig, path: str, status: str, detail: str
) -> None:
    rows = _rows([hostile.url(path), hostile.url("/fine")], cache_dir, config)
    assert rows[0]["fetch_status"] == status and detail in rows[0]["fetch_detail"]
    assert rows[1]["fetch_status"] == "ok"
    # The failure is cached like any other answer: the next run reads it back instead of crashing again.
    assert PageCache(cache_dir).get(hostile.url(path)).status == status  # type: ignore[union-attr]
    again = _rows([hostile.url(path), hostile.url("/fine")], cache_dir, config)
    assert [r["from_cache"] for r in again] == [True, True]


def test_javascript_redirect_of_robots_txt(cache_dir: Path, config: FetchConfig) -> None:
    body = html_file("clean_blog.html")
    with (
        LoopbackSite({"/robots.txt": redirect("javascript:alert(1)", 302), "/page": send(200, body)}) as bad,
        LoopbackSite({"/page": send(200, body)}) as other,
    ):
        rows = _rows([bad.url("/page"), other.url("/page")], cache_dir, config)
    # robots.txt that cannot be followed is unavailable (RFC 9309): the pages are allowed and fetched
    assert [r["fetch_status"] for r in rows] == ["ok", "ok"]
    assert bad.requests["/robots.txt"] == 1 and bad.requests["/page"] == 1


@pytest.mark.parametrize(
    "line",
    [
        "Crawl-delay: \u00b2",
        "Request-rate: \u00b2/1",
        "Disallow: //[x",
        "Crawl-delay: " + "9" * 5000,
        "Crawl-delay: " + "9" * 400,
    ],
)
def test_hostile_robots_txt_lines_are_skipped(cache_dir: Path, config: FetchConfig, line: str) -> None:
    robots = f"User-agent: *\n{line}\nDisallow: /private\n".encode()
    body = html_file("clean_blog.html")
    routes = {
        "/robots.txt": send(200, robots, "text/plain"),
        "/page": send(200, body),
        "/private": send(200, body),
    }
    with LoopbackSite(routes) as site:
        rows = _rows(
            [site.url("/page"), site.url("/private")], cache_dir, replace(config, max_crawl_delay=0.0)
        )
    assert [r["fetch_status"] for r in rows] == ["ok", "robots_disallowed"]  # the readable rules still hold
