"""Benchmark ``toxicity.fetch.fetch_pages``: 2,000 pages from 50 loopback hosts, then again from cache.

A child process serves 50 hosts (one port each on 127.0.0.1, so each is its own host to the per-host
limits) with robots.txt and realistic blog and link-farm pages of about 15 KB. The parent fetches
2,000 pages with the default politeness shape (per-host limit 2) and reports pages per second, the
fetch and analysis split, peak memory of the fetching process, and the time of a second run that
reads every page from the on-disk cache. The server stops by itself when the benchmark ends or after
ten minutes. Nothing leaves 127.0.0.1.

Run: python benchmarks/bench_fetch.py [--pages 2000] [--hosts 50] [--concurrency 32] [--per-host 2]
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from toxicity.fetch import FetchProgress

SITE = "greenleafbakery.co.uk"
SERVER_LIFETIME = 600.0

_WORDS = [
    "bread",
    "flour",
    "water",
    "salt",
    "starter",
    "dough",
    "oven",
    "crust",
    "loaf",
    "rise",
    "bake",
    "kitchen",
    "morning",
    "recipe",
    "basket",
    "proof",
    "time",
    "warm",
    "cold",
    "hour",
    "weekend",
    "friends",
    "family",
    "garden",
    "coffee",
    "butter",
    "honey",
    "seeds",
    "grain",
    "rye",
    "wheat",
]


def _page(host: int, page: int) -> bytes:
    """A deterministic page: most are blog posts linking to the site, every tenth a link farm."""
    rng = random.Random(host * 100_003 + page)
    if page % 10 == 9:
        links = "".join(
            f'<li><a href="https://casino-bonus-{rng.randrange(10_000)}.com/">best casino {i}</a></li>'
            for i in range(120)
        )
        return (
            f"<html><head><title>Casino links {page}</title></head><body><ul>{links}</ul></body></html>"
        ).encode()
    paragraphs = []
    for p in range(12):
        sentence = " ".join(rng.choice(_WORDS) for _ in range(18)).capitalize() + ". "
        paragraphs.append(f"<p>{sentence * 5}</p>")
        if p == 4:
            paragraphs.append(f'<p>See <a href="https://www.{SITE}/recipes/{page}">this recipe</a>.</p>')
    nav = "".join(f'<li><a href="/post/{i}">Post {i}</a></li>' for i in range(20))
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>Baking diary {host}-{page}</title>"
        f'<script src="/app.js"></script></head><body><nav class="menu"><ul>{nav}</ul></nav><main><article>'
        + "".join(paragraphs)
        + '</article></main><aside class="sidebar"><a href="https://en.wikipedia.org/wiki/Bread">Bread</a></aside>'
        "<footer class='site-footer'>&copy; 2024</footer></body></html>"
    ).encode()


async def _serve(hosts: int) -> None:
    """Serve ``hosts`` ports until stdin closes or the lifetime ends; print the ports as JSON."""

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: int) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                path = head.split(b" ", 2)[1].decode()
                if path == "/robots.txt":
                    body, ctype = b"User-agent: *\nDisallow: /admin/\n", b"text/plain"
                else:
                    body, ctype = _page(host, int(path.rsplit("/", 1)[-1])), b"text/html; charset=utf-8"
                writer.write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: "
                    + ctype
                    + b"\r\nContent-Length: "
                    + str(len(body)).encode()
                    + b"\r\n\r\n"
                    + body
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, ValueError, IndexError):
            pass
        finally:
            writer.close()

    servers = [
        await asyncio.start_server(functools.partial(handle, host=h), "127.0.0.1", 0) for h in range(hosts)
    ]
    print(json.dumps([s.sockets[0].getsockname()[1] for s in servers]), flush=True)
    loop = asyncio.get_running_loop()
    stdin_closed = loop.run_in_executor(None, sys.stdin.read)
    await asyncio.wait_for(stdin_closed, SERVER_LIFETIME)


def _stopwatch(times: list[float]) -> Callable[[FetchProgress], None]:
    """A progress callback that records when the last URL has been fetched."""

    def progress(p: FetchProgress) -> None:
        if p.remaining == 0:
            times.append(time.perf_counter())

    return progress


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--hosts", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--per-host", type=int, default=2)
    parser.add_argument("--delay", type=float, default=0.0)
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        try:
            asyncio.run(_serve(args.serve))
        except (asyncio.TimeoutError, KeyboardInterrupt):
            pass
        return

    from toxicity.fetch import FetchConfig, fetch_pages

    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(args.hosts)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert server.stdout is not None
        ports = json.loads(server.stdout.readline())
        urls = [f"http://127.0.0.1:{ports[i % len(ports)]}/post/{i}" for i in range(args.pages)]
        config = FetchConfig(
            concurrency=args.concurrency,
            per_host=args.per_host,
            delay=args.delay,
            timeout=10,
            trust_env=False,
        )
        with tempfile.TemporaryDirectory() as tmp:
            cache = Path(tmp) / "cache"
            for run in ("first run (network)", "second run (cache)"):
                fetched_at: list[float] = []
                progress = _stopwatch(fetched_at)
                start = time.perf_counter()
                pages = fetch_pages(urls, cache_dir=cache, site=SITE, config=config, progress=progress)
                total = time.perf_counter() - start
                fetch_time = fetched_at[0] - start
                ok = int((pages["fetch_status"] == "ok").sum())
                print(
                    f"{run}: {len(pages)} pages ({ok} ok) from {args.hosts} hosts in {total:.1f} s = "
                    f"{len(pages) / total:.0f} pages/s (fetch {fetch_time:.1f} s, "
                    f"analysis {total - fetch_time:.1f} s); "
                    f"peak RSS {_peak_rss_mib():.0f} MiB"
                )
            size = sum(f.stat().st_size for f in cache.rglob("*.gz"))
            print(f"cache: {size / 2**20:.1f} MiB on disk for {len(pages)} pages")
            print(
                f"settings: concurrency {args.concurrency}, per-host {args.per_host}, delay {args.delay} s; "
                f"link present on {int(pages['link_present'].sum())} pages, "
                f"{int((pages['outbound_gambling'] > 0).sum())} link farms"
            )
    finally:
        if server.stdin is not None:
            server.stdin.close()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
