"""``toxicity fetch`` through click's CliRunner, against a loopback server the test starts."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner

import toxicity.cli.fetch as cli_fetch
from toxicity.cli import cli
from toxicity.fetch import FetchConfig

from .server import SITE, LoopbackSite, html_file, link_farm_html, redirect, send

# The test servers are on 127.0.0.1, which fetch refuses without --allow-private.
FAST = ["--delay", "0", "--timeout", "2", "--retries", "0", "--allow-private"]


@pytest.fixture(scope="module")
def web() -> Iterator[LoopbackSite]:
    routes = {
        "/blog/sourdough": send(200, html_file("clean_blog.html")),
        "/links/casino": send(200, link_farm_html()),
        "/bakeries-2024": send(200, html_file("no_link.html")),
    }
    with LoopbackSite(routes) as site:
        yield site


def _url_list(tmp_path: Path, web: LoopbackSite) -> Path:
    path = tmp_path / "links.txt"
    lines = [web.url(p) for p in ("/blog/sourdough", "/links/casino", "/bakeries-2024", "/missing")]
    path.write_text("\n".join([*lines, "spam-host.example"]) + "\n", encoding="utf-8")
    return path


def test_fetch_writes_pages_csv_and_reuses_the_cache(tmp_path: Path, web: LoopbackSite) -> None:
    export = _url_list(tmp_path, web)
    out = tmp_path / "pages"
    args = ["fetch", str(export), "-f", "url-list", "-o", str(out), "--site", SITE, *FAST]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"4 linking pages (3 ok, 1 http_error; 0 from cache) -> {out / 'pages.csv'}",
        "1 rows name a host, not a page, and were not fetched",
    ]
    assert result.stderr == ""  # no progress bar when stderr is not a terminal
    pages = pd.read_csv(out / "pages.csv")
    assert list(pages["link_present"].astype("string")) == ["True", "True", "False", pd.NA]
    assert pages.loc[1, "outbound_gambling"] == 60
    before = sum(web.requests.values())
    again = CliRunner().invoke(cli, [*args, "--force"])
    assert again.exit_code == 0 and "4 from cache" in again.stdout
    assert sum(web.requests.values()) == before
    assert export.read_text(encoding="utf-8").count("\n") == 5  # input untouched


def test_fetch_does_not_overwrite_pages_csv_without_force(tmp_path: Path, web: LoopbackSite) -> None:
    export = _url_list(tmp_path, web)
    out = tmp_path / "pages"
    args = ["fetch", str(export), "-f", "url-list", "-o", str(out), "--site", SITE, *FAST]
    assert CliRunner().invoke(cli, args).exit_code == 0
    pages_csv = out / "pages.csv"
    pages_csv.write_bytes(pages_csv.read_bytes() + b"# the auditor's notes\n")
    kept = pages_csv.read_bytes()
    before = sum(web.requests.values())
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {out}: already holds pages.csv; choose another folder or add --force to overwrite\n"
    )
    assert pages_csv.read_bytes() == kept and sum(web.requests.values()) == before
    # A run cut short leaves a cache but no pages.csv: it resumes without --force, from the cache.
    pages_csv.unlink()
    resumed = CliRunner().invoke(cli, args)
    assert resumed.exit_code == 0 and "4 from cache" in resumed.stdout
    assert sum(web.requests.values()) == before
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []  # no temporary file left


def test_fetch_blocks_internal_addresses_by_default(tmp_path: Path, web: LoopbackSite) -> None:
    export = _url_list(tmp_path, web)
    out = tmp_path / "pages"
    before = sum(web.requests.values())
    fast = [a for a in FAST if a != "--allow-private"]
    result = CliRunner().invoke(cli, ["fetch", str(export), "-f", "url-list", "-o", str(out), *fast])
    assert result.exit_code == 0, result.output
    assert (
        result.stdout.splitlines()[0] == f"4 linking pages (4 blocked; 0 from cache) -> {out / 'pages.csv'}"
    )
    assert sum(web.requests.values()) == before
    pages = pd.read_csv(out / "pages.csv", encoding="utf-8-sig")
    assert set(pages["fetch_status"]) == {"blocked"}
    assert set(pages["fetch_detail"]) == {"loopback address 127.0.0.1"}
    assert pages["title"].isna().all()


def test_javascript_redirects_do_not_stop_the_run(tmp_path: Path) -> None:
    body = html_file("clean_blog.html")
    with (
        LoopbackSite({"/js": redirect("javascript:alert(1)", 302), "/ok": send(200, body)}) as page,
        LoopbackSite({"/robots.txt": redirect("javascript:alert(1)", 302), "/ok": send(200, body)}) as robots,
    ):
        export = tmp_path / "links.txt"
        export.write_text("\n".join([page.url("/js"), page.url("/ok"), robots.url("/ok")]) + "\n")
        out = tmp_path / "pages"
        args = ["fetch", str(export), "-f", "url-list", "-o", str(out), "--site", SITE, *FAST]
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith("3 linking pages (2 ok, 1 invalid_url; 0 from cache)")
        assert result.stderr == ""
        pages = pd.read_csv(out / "pages.csv", encoding="utf-8-sig").set_index("source_url")
        assert pages.loc[page.url("/js"), "fetch_detail"].startswith("redirect to 'javascript:alert(1)'")
        again = CliRunner().invoke(cli, [*args, "--force"])
    assert again.exit_code == 0, again.output
    assert "3 from cache" in again.stdout


def test_fetch_rejects_an_export_without_page_urls(tmp_path: Path) -> None:
    export = tmp_path / "sites.txt"
    export.write_text("blog.example.org\nspam.example\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["fetch", str(export), "-f", "url-list", "-o", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"Error: no page URL to fetch in {export}: its rows name hosts, not pages"
    )


def test_fetch_rejects_a_bad_site(tmp_path: Path, web: LoopbackSite) -> None:
    export = _url_list(tmp_path, web)
    result = CliRunner().invoke(
        cli, ["fetch", str(export), "-o", str(tmp_path / "o"), "--site", "not a site"]
    )
    assert result.exit_code == 1
    assert (
        result.stderr
        == "Error: the site 'not a site' is not a host name or web address; give the audited site "
        "like example.com or https://example.com/\n"
    )


def test_fetch_names_the_extra_when_httpx_is_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [m for m in sys.modules if m == "toxicity.fetch" or m.startswith("toxicity.fetch.")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "httpx", None)  # makes "import httpx" fail
    export = tmp_path / "links.txt"
    export.write_text("https://blog.example.org/post\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["fetch", str(export), "-o", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: fetching pages needs the optional HTTP client; install it with: pip install "
        "'toxicity[fetch]'\n"
    )


def test_score_uses_fetched_pages(tmp_path: Path, web: LoopbackSite, monkeypatch: pytest.MonkeyPatch) -> None:
    """``toxicity score --fetch`` fetches the pages and puts what they show into the reasons."""
    fetch_into = cli_fetch.fetch_into

    def fetch_loopback(*args: Any, **kwargs: Any) -> pd.DataFrame:
        # score has no --allow-private: let its fetch reach the test server on 127.0.0.1.
        return fetch_into(*args, **{**kwargs, "config": FetchConfig(delay=0.0, allow_private=True)})

    monkeypatch.setattr(cli_fetch, "fetch_into", fetch_loopback)
    export = _url_list(tmp_path, web)
    out = tmp_path / "audit"
    args = [
        "score",
        str(export),
        "--format",
        "url-list",
        "--site",
        SITE,
        "--fetch",
        "--no-plots",
        "-q",
        "-o",
        str(out),
    ]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "4 linking pages (3 ok, 1 http_error; 0 from cache)" in result.output
    assert "rest on host names alone" not in result.output  # the pages are evidence beyond the URL
    links = pd.read_csv(out / "links.csv", encoding="utf-8-sig").set_index("source_url")
    assert links.loc[web.url("/links/casino"), "reasons"].startswith("page links out to 60 casino sites")
    assert links.loc[web.url("/links/casino"), "band"] in ("medium", "high")
    assert links.loc[web.url("/bakeries-2024"), "reasons"].startswith(
        "link no longer on the page: nothing to disavow"
    )
    assert (
        "page could not be fetched" in links.loc[web.url("/missing"), "reasons"]
        or "HTTP 404" in links.loc[web.url("/missing"), "reasons"]
    )
    # A second score reuses the fetched pages without fetching again.
    before = sum(web.requests.values())
    again = CliRunner().invoke(
        cli,
        [
            "score",
            str(export),
            "--format",
            "url-list",
            "--site",
            SITE,
            "--pages",
            str(out / "pages"),
            "--no-plots",
            "-q",
            "-o",
            str(tmp_path / "audit2"),
        ],
    )
    assert again.exit_code == 0, again.output
    assert sum(web.requests.values()) == before
