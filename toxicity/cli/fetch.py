"""``toxicity fetch``: fetch the linking pages of exports politely and write their page facts."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import click

from toxicity.cli import cli
from toxicity.cli.options import export_inputs, site_option
from toxicity.files import refuse_to_overwrite

if TYPE_CHECKING:
    import pandas as pd
    from typing_extensions import Self

    from toxicity.fetch import FetchConfig, FetchProgress

_INSTALL = "fetching pages needs the optional HTTP client; install it with: pip install 'toxicity[fetch]'"


@cli.command("fetch")
@export_inputs
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help=(
        "Folder for pages.csv and the page cache. Reuse it: cached pages are not fetched again, and an "
        "interrupted run resumes (replacing a finished run's pages.csv needs --force)."
    ),
)
@site_option("The audited site (example.com); default: each link's target URL.")
@click.option(
    "--concurrency",
    default=16,
    show_default=True,
    type=click.IntRange(1, 256),
    help="Requests in flight overall.",
)
@click.option(
    "--per-host",
    default=2,
    show_default=True,
    type=click.IntRange(1, 16),
    help="Requests in flight to one host.",
)
@click.option(
    "--delay",
    default=1.0,
    show_default=True,
    type=click.FloatRange(0, 60),
    help="Seconds between two requests to one host (raised to its robots.txt Crawl-delay, up to 10 s).",
)
@click.option(
    "--timeout",
    default=20.0,
    show_default=True,
    type=click.FloatRange(0.1, 300),
    help="Seconds allowed for one page, from connect to the last byte.",
)
@click.option(
    "--max-bytes",
    default=2 * 1024 * 1024,
    show_default=True,
    type=click.IntRange(1024),
    help="Size cap per page; larger pages are recorded as too_large.",
)
@click.option(
    "--retries",
    default=2,
    show_default=True,
    type=click.IntRange(0, 10),
    help="Extra attempts after a time-out, a connection error or HTTP 429/5xx.",
)
@click.option(
    "--retry-failed", is_flag=True, help="Fetch again pages whose cached result was a transient failure."
)
@click.option(
    "--allow-private",
    is_flag=True,
    help=(
        "Also fetch pages on loopback, private and other internal addresses (a staging site on your own "
        "network). Off by default: an export's URLs and their redirects come from strangers."
    ),
)
@click.option("--force", is_flag=True, help="Overwrite OUTPUT/pages.csv from an earlier run.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
def fetch(
    exports: tuple[str, ...],
    export_format: str,
    encoding: str | None,
    output: Path,
    site: str | None,
    concurrency: int,
    per_host: int,
    delay: float,
    timeout: float,
    max_bytes: int,
    retries: int,
    retry_failed: bool,
    allow_private: bool,
    force: bool,
    quiet: bool,
) -> None:
    """Fetch each linking page of EXPORT once and write what it shows to OUTPUT/pages.csv.

    Pages are fetched asynchronously with a per-host limit and delay, robots.txt obeyed, an honest
    User-Agent, time and size caps and retries. Every page is cached in OUTPUT/cache: a second run is
    instant and an interrupted run resumes. Rows that name a host rather than a page are not fetched.
    URLs and redirects that lead to loopback, private or cloud-metadata addresses are recorded as
    blocked, not fetched, unless --allow-private is given.

    Example: toxicity fetch gsc_latest_links.csv -o pages/ --site example.com
    """
    from toxicity.io import read_exports

    fetching = load_fetch()
    _refuse_to_overwrite(output, force)  # before reading the exports: say it at once, not after the reading
    links = read_exports(exports, export_format, encoding=encoding).links
    config = fetching.FetchConfig(
        concurrency=concurrency,
        per_host=per_host,
        delay=delay,
        timeout=timeout,
        max_bytes=max_bytes,
        retries=retries,
        allow_private=allow_private,
    )
    fetch_into(
        links,
        output,
        site=site,
        config=config,
        retry_failed=retry_failed,
        quiet=quiet,
        sources=exports,
        force=force,
    )


def load_fetch():  # type: ignore[no-untyped-def]
    """``toxicity.fetch``, or the exact install line when its HTTP client is missing."""
    try:
        import toxicity.fetch as fetching
    except ModuleNotFoundError as exc:
        if exc.name == "httpx":
            raise click.ClickException(_INSTALL) from None
        raise
    return fetching


def read_pages_dir(pages_dir: str | Path | None) -> pd.DataFrame | None:
    """Page facts from ``DIR/pages.csv`` of 'toxicity fetch -o DIR', or None without ``--pages``."""
    if pages_dir is None:
        return None
    return load_fetch().read_pages(Path(pages_dir) / "pages.csv")


def fetch_into(
    links: pd.DataFrame,
    output: Path,
    *,
    site: str | None,
    config: FetchConfig | None = None,
    retry_failed: bool = False,
    quiet: bool = False,
    sources: tuple[str, ...] = (),
    force: bool = False,
) -> pd.DataFrame:
    """Fetch the linking pages of ``links`` into ``output`` (cache + pages.csv) with a progress bar.

    Shared by ``toxicity fetch`` and ``toxicity score --fetch``; returns the page facts. Internal
    addresses are refused unless ``config.allow_private``.

    Raises
    ------
    OutputExistsError
        ``output`` already holds a pages.csv and ``force`` is false.
    """
    fetching = load_fetch()
    _refuse_to_overwrite(output, force)
    urls, targets, skipped = fetching.linking_pages(links)
    if not urls:
        raise click.ClickException(
            f"no page URL to fetch in {', '.join(sources) or 'the export'}: its rows name hosts, not pages "
            "(a Search Console 'Top linking sites' export?); export the 'Latest links' report instead"
        )
    output.mkdir(parents=True, exist_ok=True)
    show = not quiet and sys.stderr.isatty()
    with (
        click.progressbar(
            length=len(urls), label="Fetching", file=sys.stderr, item_show_func=_status_line, show_pos=True
        )
        if show
        else _NoBar() as bar
    ):

        def progress(p: FetchProgress) -> None:
            bar.update(1, p)

        pages = fetching.fetch_pages(
            urls,
            cache_dir=output / "cache",
            site=site,
            targets=None if site else targets,
            config=config,
            retry_failed=retry_failed,
            progress=progress,
        )
    path = output / "pages.csv"
    fetching.write_pages(pages, path)
    counts = Counter(pages["fetch_status"])
    summary = ", ".join(f"{n} {status}" for status, n in counts.most_common())
    cached = int(pages["from_cache"].sum())
    click.echo(f"{len(pages)} linking pages ({summary}; {cached} from cache) -> {path}")
    if skipped:
        click.echo(f"{skipped} rows name a host, not a page, and were not fetched")
    return pages


def _refuse_to_overwrite(output: Path, force: bool) -> None:
    """Stop before a finished run's pages.csv would be replaced without --force.

    Only pages.csv counts: the cache beside it is meant to be reused, and an interrupted run (no
    pages.csv yet) resumes without --force.
    """
    path = output / "pages.csv"
    refuse_to_overwrite(output, ["pages.csv"] if path.exists() or path.is_symlink() else [], force)


def _status_line(p: FetchProgress | None) -> str:
    return "" if p is None else f"done {p.done}, failed {p.failed}, remaining {p.remaining}"


class _NoBar:
    """Stands in for the progress bar when it is off (stderr not a terminal, or --quiet)."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, n_steps: int, current_item: object = None) -> None:
        return None
