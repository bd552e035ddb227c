"""Fetch linking pages through the cache and analyse them: URLs in, one row of page facts per URL out.

Two phases keep the event loop free for I/O and memory flat: first every URL is fetched (or found in
the cache) and stored the moment it arrives; then each stored page is read back and analysed. A run
that is interrupted keeps what it stored; the next run fetches only the rest.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import pandas as pd

from toxicity.domains import host_of_url, parse_site, registrable_domain
from toxicity.errors import SiteError
from toxicity.fetch.cache import PageCache
from toxicity.fetch.client import FetchConfig, Fetcher, FetchResult, url_block_reason
from toxicity.pages import PAGE_FACT_NAMES, analyse_page, analyser_fingerprint, empty_page_facts

if TYPE_CHECKING:
    import httpx

log = logging.getLogger(__name__)

_FETCH_COLUMNS: Final[dict[str, str]] = {
    "source_url": "string",
    "fetch_status": "string",
    "fetch_detail": "string",
    "http_status": "float64",
    "final_url": "string",
    "redirects": "float64",
    "redirect_chain": "string",
    "redirected_off_site": "boolean",
    "page_gone": "boolean",
    "fetched_at": "string",
    "from_cache": "boolean",
}
_BOOL_FACTS: Final = frozenset(
    {
        "meta_robots_noindex",
        "meta_robots_nofollow",
        "meta_refresh",
        "has_scripts",
        "injected_block",
        "link_present",
        "link_hidden",
    }
)
_TEXT_FACTS: Final = frozenset(
    {
        "title",
        "language",
        "encoding",
        "meta_refresh_url",
        "top_keyword",
        "spam_vocab_words",
        "link_anchor",
        "link_rel",
        "link_placement",
        "link_hidden_by",
    }
)

#: Column name -> dtype of the frame :func:`fetch_pages` returns, in order.
PAGE_COLUMNS: Final[dict[str, str]] = {
    **_FETCH_COLUMNS,
    **{
        name: "boolean" if name in _BOOL_FACTS else "string" if name in _TEXT_FACTS else "float64"
        for name in PAGE_FACT_NAMES
    },
}


@dataclass(frozen=True)
class FetchProgress:
    """Where a fetch run stands; passed to the ``progress`` callback after each URL.

    Attributes
    ----------
    done : int
        URLs finished, successfully or not (cache hits included).
    failed : int
        Finished URLs whose status is not ``ok``.
    remaining : int
        URLs still to do.
    cached : int
        Finished URLs read from the cache.
    last : FetchResult
        The result that just arrived.
    """

    done: int
    failed: int
    remaining: int
    cached: int
    last: FetchResult


async def afetch_pages(
    urls: Iterable[str],
    *,
    cache_dir: str | Path,
    site: str | None = None,
    targets: Mapping[str, str] | None = None,
    config: FetchConfig | None = None,
    retry_failed: bool = False,
    progress: Callable[[FetchProgress], None] | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> pd.DataFrame:
    """Asynchronous :func:`fetch_pages`, for code that already runs an event loop (e.g. Jupyter)."""
    if site is not None:
        parse_site(site)  # raises SiteError, with what to give instead
    wanted = list(dict.fromkeys(u for u in urls if isinstance(u, str) and u.strip()))
    cache = PageCache(cache_dir)
    config = config or FetchConfig()

    async def from_cache(url: str) -> FetchResult | None:
        hit = cache.get(url)
        if hit is None or (retry_failed and hit.transient):
            return None
        if not config.allow_private and _internal_hop(hit):
            return None  # fetched by a run that allowed internal hosts: this run refuses it (no request made)
        return replace(hit, body=None)  # the body is read again when the page is analysed

    results: dict[str, FetchResult] = {}
    failed = cached = 0
    async with Fetcher(config, transport=transport) as fetcher:
        async for result in fetcher.fetch_many(wanted, skip=from_cache):
            if not result.from_cache and result.status != "blocked":
                # A refusal costs no request, and caching it would keep refusing after --allow-private.
                cache.put(result)
            results[result.url] = replace(result, body=None)
            failed += not result.ok
            cached += result.from_cache
            if progress is not None:
                progress(FetchProgress(len(results), failed, len(wanted) - len(results), cached, result))
    log.info("fetched %d pages (%d from cache, %d failed)", len(results), cached, failed)
    rows = [_row(results[url], cache, site or (targets or {}).get(url)) for url in wanted]
    return pages_frame(rows)


def fetch_pages(
    urls: Iterable[str],
    *,
    cache_dir: str | Path,
    site: str | None = None,
    targets: Mapping[str, str] | None = None,
    config: FetchConfig | None = None,
    retry_failed: bool = False,
    progress: Callable[[FetchProgress], None] | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> pd.DataFrame:
    """Fetch each URL once, politely and through an on-disk cache, and return one row of facts per URL.

    Parameters
    ----------
    urls : iterable of str
        Linking pages (``http(s)://`` URLs); duplicates are fetched once, blanks ignored.
    cache_dir : str or Path
        Folder of the page cache; a second run over the same URLs makes no request.
    site : str, optional
        The audited site (``example.com``): the ``link_*`` facts describe links to it.
    targets : mapping of URL to target URL, optional
        Per-URL audited page when ``site`` is not given (an export's ``target_url``); its registrable
        domain is the site looked for on that page.
    config : FetchConfig, optional
        Concurrency, per-host limit, delay, timeouts, size cap, retries; ``allow_private=True`` to fetch
        hosts on loopback, private and other internal addresses (refused and recorded as ``blocked``
        otherwise).
    retry_failed : bool
        Fetch again URLs whose cached result was a transient failure (time-out, unreachable, HTTP 5xx/429).
    progress : callable, optional
        Called with a :class:`FetchProgress` after each URL.
    transport : httpx.AsyncBaseTransport, optional
        Custom HTTP transport (proxies, tests).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`PAGE_COLUMNS`, one row per distinct URL in input order; described in
        :data:`toxicity.pages.PAGE_FEATURES`. Facts of a page that was not fetched are missing.

    Raises
    ------
    ToxicityError
        ``site`` is not a host name, or the cache folder cannot be created.

    Examples
    --------
    >>> pages = fetch_pages(["https://blog.example.org/post"], cache_dir="pages/cache",
    ...                     site="example.com")                               # doctest: +SKIP
    >>> pages[["fetch_status", "link_present", "link_placement"]]             # doctest: +SKIP
    """
    coroutine = afetch_pages(
        urls,
        cache_dir=cache_dir,
        site=site,
        targets=targets,
        config=config,
        retry_failed=retry_failed,
        progress=progress,
        transport=transport,
    )
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    # Called from inside a running loop (a notebook): run on a thread with a loop of its own.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def linking_pages(links: pd.DataFrame) -> tuple[list[str], dict[str, str], int]:
    """The page URLs of link records that can be fetched, their target URLs, and how many rows cannot.

    Only ``http(s)://`` source URLs are pages; rows of domain-level exports (a host such as
    ``blog.example.org``) name no page and are counted as not fetchable. URLs are kept exactly as the
    export gave them, so page facts join back on ``source_url``.

    Parameters
    ----------
    links : pandas.DataFrame
        Link records (see :mod:`toxicity.schema`); ``source_url`` and ``target_url`` are used.

    Returns
    -------
    urls : list of str
        Distinct fetchable source URLs, in first-seen order.
    targets : dict
        Source URL -> its first non-missing target URL.
    skipped : int
        Rows whose source URL is missing or not an http(s) URL.

    Examples
    --------
    >>> links = pd.DataFrame({"source_url": ["https://a.example/p", "b.example", "https://a.example/p"],
    ...                       "target_url": ["https://site.example/", None, None]})
    >>> linking_pages(links)
    (['https://a.example/p'], {'https://a.example/p': 'https://site.example/'}, 1)
    """
    source = links["source_url"].astype("string")
    fetchable = source.str.match(r"(?i)^https?://", na=False).to_numpy(dtype=bool)
    urls = list(dict.fromkeys(source[fetchable].str.strip()))
    targets: dict[str, str] = {}
    if "target_url" in links.columns:
        pairs = pd.DataFrame({"s": source.str.strip(), "t": links["target_url"].astype("string")})[fetchable]
        for url, target in pairs.dropna().drop_duplicates("s").itertuples(index=False):
            targets[url] = target
    return urls, targets, int((~fetchable).sum())


def _internal_hop(result: FetchResult) -> bool:
    """True if a hop of ``result`` is on an internal address by its spelling (a cache entry to refuse)."""
    hops = (result.url, *result.redirect_chain, result.final_url or "")
    return any(url_block_reason(url) for url in hops if url)


def _row(result: FetchResult, cache: PageCache, site: str | None) -> dict[str, Any]:
    responded = result.http_status is not None
    source_host = host_of_url(result.url)
    final_host = host_of_url(result.final_url) if result.final_url else None
    row: dict[str, Any] = {
        "source_url": result.url,
        "fetch_status": result.status,
        "fetch_detail": result.detail,
        "http_status": result.http_status,
        "final_url": result.final_url,
        "redirects": len(result.redirect_chain),
        "redirect_chain": " -> ".join(result.redirect_chain),
        "redirected_off_site": (
            registrable_domain(final_host) != registrable_domain(source_host)
            if responded and source_host and final_host
            else None
        ),
        "page_gone": result.http_status in (404, 410) if responded else None,
        "fetched_at": result.fetched_at,
        "from_cache": result.from_cache,
    }
    facts = empty_page_facts()
    if result.ok:
        # Facts depend on the page (fixed once cached), the site looked for and the analyser.
        try:
            audited = registrable_domain(parse_site(site)) if site else ""
        except SiteError:  # an export's target URL that names no site: the link cannot be looked for
            site, audited = None, ""
        key = f"{analyser_fingerprint()}|{result.fetched_at}|{audited}"
        known = cache.get_facts(result.url, key) if result.from_cache else None
        if known is not None and set(known) == set(facts):
            facts = known
        else:
            stored = cache.get(result.url)
            if stored is None or stored.body is None:
                raise RuntimeError(f"page cache lost the entry for {result.url} during the run")
            facts = analyse_page(
                stored.body,
                url=stored.final_url or stored.url,
                site=site,
                content_type=stored.content_type,
                x_robots_tag=stored.x_robots_tag,
            )
            cache.put_facts(result.url, key, facts)
    row.update(facts)
    return row


def pages_frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Rows of page facts -> a frame with the columns and dtypes of :data:`PAGE_COLUMNS`."""
    data: dict[str, Any] = {}
    for name, dtype in PAGE_COLUMNS.items():
        values = [row.get(name) for row in rows]
        if dtype == "float64":
            data[name] = np.array([np.nan if v is None else float(v) for v in values], dtype=float)
        else:
            data[name] = pd.Series(np.array(values, dtype=object), dtype=dtype).array
    return pd.DataFrame(data, index=pd.RangeIndex(len(rows)))


def write_pages(pages: pd.DataFrame, path: str | Path) -> None:
    """Write page facts as ``pages.csv`` (UTF-8 with BOM), every text cell neutralised for spreadsheets.

    Titles, anchors and URLs come from the pages themselves, i.e. from whoever built them: the same
    formula and control-character neutralising as every other table applies (see
    :mod:`toxicity.report.tables`); :func:`read_pages` undoes it.
    """
    from toxicity.report.tables import write_csv

    write_csv(pages, path)


def read_pages(path: str | Path) -> pd.DataFrame:
    """Read a ``pages.csv`` written by :func:`write_pages` back into :data:`PAGE_COLUMNS` dtypes.

    Raises
    ------
    InputFileError
        The file is missing or lacks the page-fact columns (not written by ``toxicity fetch``).
    """
    from toxicity.cells import restore_text
    from toxicity.errors import InputFileError

    p = Path(path)
    if not p.is_file():
        raise InputFileError(f"{p}: no such file; run 'toxicity fetch EXPORT -o {p.parent}' first")
    raw = pd.read_csv(p, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    missing = [c for c in ("source_url", "fetch_status") if c not in raw.columns]
    if missing:
        raise InputFileError(
            f"{p}: not a pages.csv from 'toxicity fetch' (missing columns: {', '.join(missing)}); "
            "run 'toxicity fetch' again"
        )
    data: dict[str, Any] = {}
    for name, dtype in PAGE_COLUMNS.items():
        values = raw[name] if name in raw.columns else pd.Series("", index=raw.index)
        if dtype == "float64":
            data[name] = pd.to_numeric(values, errors="coerce").astype(float)
        elif dtype == "boolean":
            data[name] = values.map({"True": True, "False": False, "true": True, "false": False}).astype(
                "boolean"
            )
        else:
            data[name] = values.map(restore_text).replace("", pd.NA).astype("string")
    return pd.DataFrame(data, index=raw.index)
