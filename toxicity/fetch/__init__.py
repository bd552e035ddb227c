"""Fetch the linking pages politely and turn each into evidence (page facts and reasons).

Search Console exports carry only the linking URL; the page itself is the strongest signal. This
package fetches each page once (per-host limits and delay, robots.txt, honest User-Agent, caps on time,
size and redirects, retries, an on-disk cache) and analyses it: status, title, language, meta robots,
visible text measures, the outbound link neighbourhood, and the link to the audited site (still there?
anchor, rel, placement, hidden?). URLs and redirects that lead to loopback, private or cloud-metadata
addresses are recorded as ``blocked`` and never requested, unless ``FetchConfig(allow_private=True)``
(see :mod:`toxicity.fetch.guard`).

Public API
----------
:func:`fetch_pages`
    URLs -> one row of page facts per URL (sync; :func:`afetch_pages` inside an event loop).
:func:`linking_pages`
    Link records -> the page URLs that can be fetched and their target URLs.
:func:`analyse_page`, :data:`PAGE_FEATURES`, :func:`page_reasons`
    One HTML body -> a dict of page facts; what each fact means; plain-word reasons for one row. They
    live in :mod:`toxicity.pages` (no I/O, no HTTP client) and are re-exported here.
:class:`FetchConfig`, :class:`Fetcher`, :class:`PageCache`
    The fetcher and the cache, for callers that want them directly.

The HTTP client (``httpx``) is the optional extra ``toxicity[fetch]``: importing this package without
it raises :class:`ImportError`; the ``toxicity fetch`` command turns that into the install line.
"""

from __future__ import annotations

from toxicity.fetch.cache import PageCache
from toxicity.fetch.client import USER_AGENT, FetchConfig, Fetcher, FetchResult
from toxicity.fetch.pages import (
    PAGE_COLUMNS,
    FetchProgress,
    afetch_pages,
    fetch_pages,
    linking_pages,
    read_pages,
    write_pages,
)
from toxicity.pages import (
    FETCH_STATUSES,
    PAGE_FACT_NAMES,
    PAGE_FEATURES,
    SPAM_CATEGORIES,
    analyse_page,
    categorise_hosts,
    page_reasons,
)

__all__ = [
    "FETCH_STATUSES",
    "PAGE_COLUMNS",
    "PAGE_FACT_NAMES",
    "PAGE_FEATURES",
    "SPAM_CATEGORIES",
    "USER_AGENT",
    "FetchConfig",
    "FetchProgress",
    "FetchResult",
    "Fetcher",
    "PageCache",
    "afetch_pages",
    "analyse_page",
    "categorise_hosts",
    "fetch_pages",
    "linking_pages",
    "page_reasons",
    "read_pages",
    "write_pages",
]
