"""End-to-end fetch tests against loopback servers these tests start: realistic and hostile pages."""

from __future__ import annotations

import gzip
import math
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from toxicity.fetch import (
    PAGE_COLUMNS,
    USER_AGENT,
    FetchConfig,
    FetchProgress,
    PageCache,
    fetch_pages,
    page_reasons,
)

from .server import (
    SITE,
    Handler,
    LoopbackSite,
    flaky,
    gzip_bomb,
    html_file,
    link_farm_html,
    redirect,
    send,
    slow,
    trickle,
    unbounded,
)


@pytest.fixture(scope="module")
def web() -> Iterator[LoopbackSite]:
    """The main test host: blog posts, spam pages, redirects, errors and hostile answers."""
    robots = b"User-agent: *\nDisallow: /private/\n\nUser-agent: otherbot\nDisallow: /\n"
    routes: dict[str, Handler] = {
        "/robots.txt": send(200, robots, "text/plain"),
        "/blog/sourdough": send(200, html_file("clean_blog.html")),
        "/links/casino": send(200, link_farm_html()),
        "/news/harvest": send(200, html_file("hacked.html")),
        "/news/allotment": send(200, html_file("hacked_hidden_link.html")),
        "/bakeries-2024": send(200, html_file("no_link.html")),
        "/go": send(200, html_file("meta_refresh.html")),
        "/broken": send(200, html_file("malformed.html")),
        "/private/members": send(200, html_file("clean_blog.html")),
        "/old-post": redirect("/old-post-2"),
        "/old-post-2": redirect("/2019/old-post", 302),
        "/2019/old-post": redirect("/blog/sourdough", 308),
        "/loop-a": redirect("/loop-b"),
        "/loop-b": redirect("/loop-a"),
        **{f"/deep/{i}": redirect(f"/deep/{i + 1}") for i in range(20)},
        "/to-private": redirect("/private/members"),
        "/slow-loris": trickle(),
        "/huge": send(200, b"<html><body>" + b"<p>filler text</p>" * 40_000),
        "/endless": unbounded(),
        "/bomb": gzip_bomb(),
        "/gzip": send(200, gzip.compress(html_file("clean_blog.html")), Content_Encoding="gzip"),
        "/latin1": send(
            200,
            "<html><body><p>Caf\u00e9 cr\u00e8me</p><a href='https://greenleafbakery.co.uk/'>boulangerie</a>".encode(
                "cp1252"
            )
            + b"\xff\xfe\x81 broken bytes",
            "text/html; charset=utf-8",
        ),
        "/undeclared": send(200, "<p>Caf\u00e9 au lait</p>".encode("cp1252"), "text/html"),
        "/brochure.pdf": send(200, b"%PDF-1.4 ...", "application/pdf"),
        "/flaky": flaky(1, html_file("no_link.html")),
        "/gone": send(410, b"gone"),
        "/noindex": send(200, html_file("no_link.html"), X_Robots_Tag="noindex, nofollow"),
    }
    with LoopbackSite(routes) as site:
        yield site


def _one(url: str, cache_dir: Path, config: FetchConfig) -> dict[str, Any]:
    """Fetch one URL; its row as plain Python values (``None`` for missing text and flags, NaN for
    numbers)."""
    pages = fetch_pages([url], cache_dir=cache_dir, site=SITE, config=config)
    assert list(pages.columns) == list(PAGE_COLUMNS)
    assert [str(t) for t in pages.dtypes] == list(PAGE_COLUMNS.values())
    assert len(pages) == 1
    return pages.to_dict("records")[0]


def _unknown(row: dict[str, Any]) -> None:
    """A page that was not fetched: every page fact unknown, never clean."""
    assert row["link_present"] is None and row["injected_block"] is None and row["title"] is None
    assert math.isnan(row["word_count"]) and math.isnan(row["outbound_links"])


def test_clean_blog_post_with_editorial_link(web: LoopbackSite, cache_dir: Path, config: FetchConfig) -> None:
    row = _one(web.url("/blog/sourdough"), cache_dir, config)
    assert row["fetch_status"] == "ok" and row["http_status"] == 200
    assert row["title"].startswith("Weekend baking")
    assert row["language"] == "en"
    assert row["link_present"] is True and row["site_links"] == 1
    assert row["link_anchor"] == "their sourdough guide"
    assert row["link_rel"] == "" and row["link_placement"] == "main" and row["link_hidden"] is False
    assert row["outbound_spam_domains"] == 0 and row["injected_block"] is False
    assert row["word_count"] > 200 and 40 <= row["readability"] <= 100
    assert row["keyword_stuffing"] < 0.05
    assert row["has_scripts"] is True and row["meta_refresh"] is False
    assert page_reasons(row) == []
    assert web.user_agents == {USER_AGENT}


def test_link_farm(web: LoopbackSite, cache_dir: Path, config: FetchConfig) -> None:
    row = _one(web.url("/links/casino"), cache_dir, config)
    assert row["outbound_domains"] == 69
    assert row["outbound_gambling"] == 60 and row["outbound_pharma"] == 8
    assert row["spam_vocab_hits"] > 50
    reasons = page_reasons(row)
    assert "page links out to 60 casino sites" in reasons
    assert not any("pharmacy" in r for r in reasons)  # 8 of 69 domains: under the share a reason needs


def test_hacked_page_with_hidden_spam_block(web: LoopbackSite, cache_dir: Path, config: FetchConfig) -> None:
    row = _one(web.url("/news/harvest"), cache_dir, config)
    assert row["injected_block"] is True and row["hidden_outbound_links"] == 6
    assert row["link_present"] is True and row["link_hidden"] is False and row["link_placement"] == "main"
    assert "page has a hidden block of links to spam sites (hacked-site marker)" in page_reasons(row)


def test_link_hidden_by_the_pages_own_css(web: LoopbackSite, cache_dir: Path, config: FetchConfig) -> None:
    row = _one(web.url("/news/allotment"), cache_dir, config)
    assert row["link_present"] is True and row["link_hidden"] is True
    assert row["link_placement"] == "hidden" and row["link_hidden_by"] == "display:none"
    assert row["injected_block"] is True
    assert "link hidden in a display:none block" in page_reasons(row)
    assert row["word_count"] > 40  # text in a media-query-hidden block still counts as visible


def test_page_without_the_link(web: LoopbackSite, cache_dir: Path, config: FetchConfig) -> None:
    row = _one(web.url("/bakeries-2024"), cache_dir, config)
    assert row["fetch_status"] == "ok" and row["link_present"] is False and row["site_links"] == 0
    assert "link no longer on the page" in page_reasons(row)


def test_robots_txt_disallow(web: LoopbackSite, cache_dir: Path, config: FetchConfig) -> None:
    row = _one(web.url("/private/members"), cache_dir, config)
    assert row["fetch_status"] == "robots_disallowed"
    assert "/robots.txt" in row["fetch_detail"]
    assert web.requests["/private/members"] == 0
    _unknown(row)
    assert page_reasons(row) == ["page could not be fetched (robots_disallowed): page evidence unknown"]


def test_redirect_into_a_disallowed_path_is_not_followed(
    web: LoopbackSite, cache_dir: Path, config: FetchConfig
) -> None:
    row = _one(web.url("/to-private"), cache_dir, config)
    assert row["fetch_status"] == "robots_disallowed" and web.requests["/private/members"] == 0


def test_redirect_chain_is_followed_and_recorded(
    web: LoopbackSite, cache_dir: Path, config: FetchConfig
) -> None:
    row = _one(web.url("/old-post"), cache_dir, config)
    assert row["fetch_status"] == "ok" and row["redirects"] == 3
    assert row["final_url"] == web.url("/blog/sourdough")
    assert row["redirect_chain"] == " -> ".join(
        web.url(p) for p in ("/old-post", "/old-post-2", "/2019/old-post")
    )
    assert row["redirected_off_site"] is False and row["link_present"] is True


@pytest.mark.parametrize(
    ("path", "detail"), [("/loop-a", "redirect loop"), ("/deep/0", "more than 5 redirects")]
)
def test_endless_redirects_stop(
    web: LoopbackSite, cache_dir: Path, config: FetchConfig, path: str, detail: str
) -> None:
    row = _one(web.url(path), cache_dir, config)
    assert row["fetch_status"] == "too_many_redirects" and detail in row["fetch_detail"]
    _unknown(row)


@pytest.mark.parametrize(("path", "status"), [("/no-such-page", 404), ("/gone", 410)])
def test_http_errors(web: LoopbackSite, cache_dir: Path, config: FetchConfig, path: str, status: int) -> None:
    row = _one(web.url(path), cache_dir, config)
    assert row["fetch_status"] == "http_error" and row["http_status"] == status
    assert row["page_gone"] is True
    _unknown(row)
    assert page_reasons(row) == [f"page returns HTTP {status}: the link is gone with it"]


def test_slow_loris_times_out(web: LoopbackSite, cache_dir: Path, config: FetchConfig) -> None:
    started = time.monotonic()
    row = _one(web.url("/slow-loris"), cache_dir, FetchConfig(**{**config.__dict__, "retries": 0}))
    assert time.monotonic() - started < 5.0  # the server would trickle for 10 s
    assert row["fetch_status"] == "timeout" and "within 2 s" in row["fetch_detail"]
    _unknown(row)


@pytest.mark.parametrize("path", ["/huge", "/endless", "/bomb"])
def test_size_cap(web: LoopbackSite, cache_dir: Path, config: FetchConfig, path: str) -> None:
    row = _one(web.url(path), cache_dir, config)
    assert row["fetch_status"] == "too_large" and "262,144" in row["fetch_detail"]
    _unknown(row)


def test_gzip_body_is_decoded(web: LoopbackSite, cache_dir: Path, config: FetchConfig) -> None:
    row = _one(web.url("/gzip"), cache_dir, config)
    assert row["fetch_status"] == "ok" and row["link_anchor"] == "their sourdough guide"


def test_invalid_encoding_is_tolerated(web: LoopbackSite, cache_dir: Path, config: FetchConfig) -> None:
    row = _one(web.url("/latin1"), cache_dir, config)
    assert row["fetch_status"] == "ok" and row["encoding"] == "utf-8"
    assert row["link_present"] is True and row["link_anchor"] == "boulangerie"
    undeclared = _one(web.url("/undeclared"), cache_dir, config)
    assert undeclared["encoding"] == "cp1252"


def test_malformed_html(web: LoopbackSite, cache_dir: Path, config: FetchConfig) -> None:
    row = _one(web.url("/broken"), cache_dir, config)
    assert row["fetch_status"] == "ok" and row["title"] == "Broken markup"
    assert row["link_present"] is True and row["site_links"] == 2
    assert row["link_anchor"] == "nested shop link" and row["link_placement"] == "main"


def test_meta_refresh_and_scripts(web: LoopbackSite, cache_dir: Path, config: FetchConfig) -> None:
    row = _one(web.url("/go"), cache_dir, config)
    assert row["meta_refresh"] is True and row["has_scripts"] is True
    assert row["meta_refresh_url"] == web.url("/landing?ref=bakery")
    assert web.requests["/landing"] == 0  # recorded, not followed


def test_not_html_and_x_robots_tag(web: LoopbackSite, cache_dir: Path, config: FetchConfig) -> None:
    assert _one(web.url("/brochure.pdf"), cache_dir, config)["fetch_status"] == "not_html"
    row = _one(web.url("/noindex"), cache_dir, config)
    assert row["meta_robots_noindex"] is True and row["meta_robots_nofollow"] is True


def test_transient_failure_is_retried(web: LoopbackSite, cache_dir: Path, config: FetchConfig) -> None:
    row = _one(web.url("/flaky"), cache_dir, config)
    assert row["fetch_status"] == "ok" and web.requests["/flaky"] == 2


def test_unreachable_host_and_bad_urls(cache_dir: Path, config: FetchConfig) -> None:
    with LoopbackSite() as closed:
        url = closed.url("/page")
    pages = fetch_pages(
        [url, "ftp://files.example/x", "not a url", "http://[::1/x"],
        cache_dir=cache_dir,
        site=SITE,
        config=config,
    )
    assert list(pages["fetch_status"]) == ["connection_error", "invalid_url", "invalid_url", "invalid_url"]
    assert pages["link_present"].isna().all()


def test_robots_txt_server_error_means_disallow(cache_dir: Path, config: FetchConfig) -> None:
    with LoopbackSite(
        {"/robots.txt": send(503, b"down"), "/page": send(200, html_file("clean_blog.html"))}
    ) as host:
        row = _one(host.url("/page"), cache_dir, config)
    assert row["fetch_status"] == "robots_disallowed" and "RFC 9309" in row["fetch_detail"]
    assert host.requests["/page"] == 0


def test_per_host_limit_and_delay(cache_dir: Path, config: FetchConfig) -> None:
    body = html_file("no_link.html")
    routes = {f"/p{i}": slow(0.15, body) for i in range(6)}
    with LoopbackSite(routes) as busy, LoopbackSite({"/a": send(200, body), "/b": send(200, body)}) as paced:
        cfg = FetchConfig(**{**config.__dict__, "per_host": 2})
        fetch_pages([busy.url(f"/p{i}") for i in range(6)], cache_dir=cache_dir, config=cfg)
        assert busy.max_active == 2
        cfg = FetchConfig(**{**config.__dict__, "per_host": 1, "delay": 0.3})
        fetch_pages([paced.url("/a"), paced.url("/b")], cache_dir=cache_dir, config=cfg)
        # robots.txt, /a, /b: starts seen by the server, which may lag the client's pacing a little
        assert len(paced.starts) == 3 and paced.starts[2] - paced.starts[0] >= 0.55


def test_second_run_comes_from_cache_and_a_cut_run_resumes(
    web: LoopbackSite, cache_dir: Path, config: FetchConfig
) -> None:
    urls = [web.url(p) for p in ("/blog/sourdough", "/links/casino", "/bakeries-2024", "/no-such-page")]
    first = fetch_pages(urls[:2], cache_dir=cache_dir, site=SITE, config=config)  # a run cut short
    assert not first["from_cache"].any()
    before = sum(web.requests.values())
    seen: list[FetchProgress] = []
    second = fetch_pages(urls, cache_dir=cache_dir, site=SITE, config=config, progress=seen.append)
    assert list(second["from_cache"]) == [True, True, False, False]
    assert (
        sum(web.requests.values()) - before == 1 + 2
    )  # robots.txt (read once per run) and the two new pages
    assert [(p.done, p.remaining) for p in seen] == [(1, 3), (2, 2), (3, 1), (4, 0)]
    assert seen[-1].failed == 1 and seen[-1].cached == 2
    count = sum(web.requests.values())
    third = fetch_pages(urls, cache_dir=cache_dir, site=SITE, config=config)
    assert sum(web.requests.values()) == count and third["from_cache"].all()
    facts = [c for c in PAGE_COLUMNS if c not in ("from_cache", "fetched_at")]
    pd.testing.assert_frame_equal(second[facts], third[facts])


def test_retry_failed_refetches_transient_failures_only(cache_dir: Path, config: FetchConfig) -> None:
    cache = PageCache(cache_dir)
    with LoopbackSite({"/late": trickle(), "/x": send(200, html_file("no_link.html"))}) as host:
        cfg = FetchConfig(**{**config.__dict__, "retries": 0})
        fetch_pages([host.url("/late"), host.url("/nope")], cache_dir=cache_dir, config=cfg)
        assert cache.get(host.url("/late")).transient  # type: ignore[union-attr]
        host.routes["/late"] = send(200, html_file("no_link.html"))
        again = fetch_pages(
            [host.url("/late"), host.url("/nope")], cache_dir=cache_dir, config=cfg, retry_failed=True
        )
    assert list(again["fetch_status"]) == ["ok", "http_error"]
    assert host.requests["/nope"] == 1  # a 404 is an answer, not retried


def test_cached_pages_are_analysed_again_for_another_site(
    web: LoopbackSite, cache_dir: Path, config: FetchConfig
) -> None:
    url = web.url("/blog/sourdough")
    assert _one(url, cache_dir, config)["link_present"] is True
    count = sum(web.requests.values())
    other = fetch_pages([url], cache_dir=cache_dir, site="wikipedia.org", config=config).to_dict("records")[0]
    assert other["from_cache"] is True and sum(web.requests.values()) == count
    assert other["link_present"] is True and other["link_anchor"] == "history of sourdough"
    gone = fetch_pages([url], cache_dir=cache_dir, site="another-bakery.co.uk", config=config)
    assert gone.to_dict("records")[0]["link_present"] is False
