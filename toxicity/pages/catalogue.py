"""What each page fact means, and the plain-word reasons a page gives.

:data:`FETCH_STATUSES` names every outcome of a fetch. :data:`PAGE_FEATURES` describes every column
:func:`toxicity.fetch.fetch_pages` returns (name, meaning, range, and what *missing* means), in the
shape of the feature catalogue so the two can be merged. :func:`page_reasons` turns one row into
short reasons such as "page links out to 212 casino sites".

A page that could not be fetched has every page fact missing: unknown, never clean. A page that was
fetched and no longer carries the link says so ("link no longer on the page"): nothing to disavow.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Final

import pandas as pd

from toxicity.knowledge.spam import PAGE_CATEGORY_WORD

#: Every outcome of a fetch (the ``fetch_status`` column) and what it means.
FETCH_STATUSES: Final[dict[str, str]] = {
    "ok": "an HTML page was fetched (HTTP 2xx)",
    "http_error": "the server answered with an HTTP error status (4xx or 5xx) or a redirect without Location",
    "timeout": "no complete answer within the time limit (includes slow-loris servers that trickle bytes)",
    "robots_disallowed": "robots.txt forbids fetching the page, or could not be read (HTTP 5xx)",
    "too_large": "the page is larger than the size cap",
    "too_many_redirects": "more redirect hops than allowed, or a redirect loop",
    "connection_error": "the host could not be reached (DNS, refused, reset, TLS)",
    "not_html": "the URL serves something other than an HTML page",
    "invalid_url": "the URL (or a redirect target) is not an http(s) URL that can be fetched",
    "invalid_response": "the server broke the HTTP protocol or sent an undecodable body",
    "blocked": (
        "the URL, a redirect or its host's address is loopback, private or otherwise internal (or a cloud "
        "metadata service), so it was not fetched; 'toxicity fetch --allow-private' lifts this"
    ),
}

_UNFETCHED: Final = "missing when the page was not fetched (fetch_status is not ok)"
_NO_SITE: Final = "missing when the page was not fetched or no audited site was given"

#: One entry per column of :func:`toxicity.fetch.fetch_pages`: name, meaning, range, missing.
PAGE_FEATURES: Final[tuple[dict[str, str], ...]] = (
    {
        "name": "source_url",
        "meaning": "the linking page, exactly as the export gave it (joins page facts to link records)",
        "range": "http(s) URL",
        "missing": "never missing",
    },
    {
        "name": "fetched_at",
        "meaning": "when the page was fetched (UTC, ISO 8601); old for pages read from the cache",
        "range": "timestamp",
        "missing": "never missing",
    },
    {
        "name": "from_cache",
        "meaning": "the page was read from the page cache, not fetched in this run",
        "range": "True/False",
        "missing": "never missing",
    },
    {
        "name": "fetch_status",
        "meaning": "outcome of the fetch: " + ", ".join(FETCH_STATUSES),
        "range": "one of the listed words",
        "missing": "never missing",
    },
    {
        "name": "fetch_detail",
        "meaning": "plain words on what went wrong ('' when ok)",
        "range": "text",
        "missing": "never missing",
    },
    {
        "name": "http_status",
        "meaning": "HTTP status of the last response",
        "range": "100-599",
        "missing": "missing when no response arrived (timeout, unreachable, robots.txt, bad URL)",
    },
    {
        "name": "final_url",
        "meaning": "URL of the page after redirects",
        "range": "URL",
        "missing": "missing when no response arrived",
    },
    {
        "name": "redirects",
        "meaning": "redirect hops followed",
        "range": "0 to the hop limit",
        "missing": "never missing",
    },
    {
        "name": "redirect_chain",
        "meaning": "URLs that redirected, joined by ' -> '",
        "range": "text",
        "missing": "'' when there was no redirect",
    },
    {
        "name": "redirected_off_site",
        "meaning": "the page redirects to another registrable domain",
        "range": "True/False",
        "missing": "missing when no response arrived",
    },
    {
        "name": "page_gone",
        "meaning": "the page answers HTTP 404 or 410: the linking page no longer exists",
        "range": "True/False",
        "missing": "missing when no response arrived",
    },
    {
        "name": "title",
        "meaning": "page title (hostile text)",
        "range": "text, at most 300 characters",
        "missing": _UNFETCHED + " or the page has no title",
    },
    {
        "name": "language",
        "meaning": "the html lang attribute, else a guess from function words",
        "range": "ISO 639 code",
        "missing": _UNFETCHED + " or the language is unclear",
    },
    {
        "name": "encoding",
        "meaning": "text encoding used to decode the page",
        "range": "codec name",
        "missing": _UNFETCHED,
    },
    {
        "name": "meta_robots_noindex",
        "meaning": "meta robots (or X-Robots-Tag) asks search engines not to index the page",
        "range": "True/False",
        "missing": _UNFETCHED,
    },
    {
        "name": "meta_robots_nofollow",
        "meaning": "meta robots (or X-Robots-Tag) asks search engines not to "
        "follow the page's links: no link on it passes value",
        "range": "True/False",
        "missing": _UNFETCHED,
    },
    {
        "name": "meta_refresh",
        "meaning": "the page redirects itself with a meta refresh",
        "range": "True/False",
        "missing": _UNFETCHED,
    },
    {
        "name": "meta_refresh_url",
        "meaning": "where the meta refresh sends the visitor",
        "range": "URL",
        "missing": "missing without a meta refresh URL",
    },
    {
        "name": "has_scripts",
        "meaning": "the page has script elements",
        "range": "True/False",
        "missing": _UNFETCHED,
    },
    {
        "name": "word_count",
        "meaning": "words of visible text (hidden blocks, scripts and styles excluded)",
        "range": "0 and up",
        "missing": _UNFETCHED,
    },
    {
        "name": "readability",
        "meaning": "Flesch reading ease of the visible text (syllables estimated offline)",
        "range": "0 (hard) to 100 (easy)",
        "missing": _UNFETCHED + " or under 30 words",
    },
    {
        "name": "keyword_stuffing",
        "meaning": "share of the text taken by its most repeated content word; "
        "ordinary prose stays under 0.03",
        "range": "0-1",
        "missing": _UNFETCHED + " or under 20 words",
    },
    {
        "name": "top_keyword",
        "meaning": "the most repeated content word (hostile text)",
        "range": "word",
        "missing": _UNFETCHED + " or under 20 words",
    },
    {
        "name": "spam_vocab_hits",
        "meaning": "occurrences of spam-vocabulary words in the visible text and title",
        "range": "0 and up",
        "missing": _UNFETCHED,
    },
    {
        "name": "spam_vocab_words",
        "meaning": "the most frequent spam-vocabulary words found",
        "range": "words",
        "missing": "missing when none were found or the page was not fetched",
    },
    {
        "name": "outbound_links",
        "meaning": "links to other registrable domains",
        "range": "0 and up",
        "missing": _UNFETCHED,
    },
    {
        "name": "outbound_domains",
        "meaning": "distinct registrable domains linked to",
        "range": "0 and up",
        "missing": _UNFETCHED,
    },
    {
        "name": "outbound_gambling",
        "meaning": "linked domains that are gambling sites (lists or name)",
        "range": "0 and up",
        "missing": _UNFETCHED,
    },
    {
        "name": "outbound_adult",
        "meaning": "linked domains that are adult sites",
        "range": "0 and up",
        "missing": _UNFETCHED,
    },
    {
        "name": "outbound_pharma",
        "meaning": "linked domains that sell pills or drugs",
        "range": "0 and up",
        "missing": _UNFETCHED,
    },
    {
        "name": "outbound_loans",
        "meaning": "linked domains named for loans or credit",
        "range": "0 and up",
        "missing": _UNFETCHED,
    },
    {
        "name": "outbound_spam_other",
        "meaning": "linked domains in other spam niches (essays, SEO, replicas, "
        "warez, crypto, dating, scam, phishing, malware)",
        "range": "0 and up",
        "missing": _UNFETCHED,
    },
    {
        "name": "outbound_spam_domains",
        "meaning": "linked domains in any spam category",
        "range": "0 and up",
        "missing": _UNFETCHED,
    },
    {
        "name": "hidden_outbound_links",
        "meaning": "external links inside blocks hidden by CSS or zero size",
        "range": "0 and up",
        "missing": _UNFETCHED,
    },
    {
        "name": "injected_block",
        "meaning": "a hidden block holds many links mostly to spam: a hacked-site marker",
        "range": "True/False",
        "missing": _UNFETCHED,
    },
    {
        "name": "link_present",
        "meaning": "the page still links to the audited site",
        "range": "True/False",
        "missing": _NO_SITE,
    },
    {
        "name": "site_links",
        "meaning": "links on the page to the audited site",
        "range": "0 and up",
        "missing": _NO_SITE,
    },
    {
        "name": "link_anchor",
        "meaning": "anchor text (or image alt) of the most visible link to the site",
        "range": "text, at most 300 characters",
        "missing": "missing when the link is not present",
    },
    {
        "name": "link_rel",
        "meaning": "rel values of that link among nofollow, ugc, sponsored ('' = followed)",
        "range": "space-separated words",
        "missing": "missing when the link is not present",
    },
    {
        "name": "link_placement",
        "meaning": "where the link sits",
        "range": "main, nav, header, footer, sidebar, comment, hidden",
        "missing": "missing when the link is not present",
    },
    {
        "name": "link_hidden",
        "meaning": "every link to the site is hidden from visitors",
        "range": "True/False",
        "missing": "missing when the link is not present",
    },
    {
        "name": "link_hidden_by",
        "meaning": "how the link is hidden, inline or by the page's own <style> rules",
        "range": (
            "display:none, visibility:hidden, off-screen, opacity:0, font-size:0, zero-size, hidden attribute"
        ),
        "missing": "missing when the link is visible or not present",
    },
)

#: Reason thresholds: a category count or share must reach these before a reason names it.
MIN_SPAM_NEIGHBOURS: Final = 5
MIN_SPAM_SHARE: Final = 0.25
MANY_SPAM_NEIGHBOURS: Final = 20
STUFFING_REASON: Final = 0.08
MIN_WORDS_STUFFING_REASON: Final = 100
SPAM_VOCAB_REASON: Final = 20
THIN_PAGE_WORDS: Final = 50


def _number(value: Any) -> float | None:
    """``value`` as a float, or ``None`` when it is missing (None, NaN, pandas' NA)."""
    if value is None or value is pd.NA or isinstance(value, bool):
        return None
    number = float(value)
    return None if math.isnan(number) else number


def page_reasons(facts: Mapping[str, Any]) -> list[str]:
    """Plain-word reasons from one row of page facts, most telling first.

    Examples
    --------
    >>> page_reasons({"fetch_status": "ok", "link_present": False})
    ['link no longer on the page']
    >>> page_reasons({"fetch_status": "timeout", "fetch_detail": "no complete answer within 20 s"})
    ['page could not be fetched (timeout): page evidence unknown']
    >>> page_reasons({"fetch_status": "ok", "outbound_gambling": 212, "outbound_domains": 240})
    ['page links out to 212 casino sites']
    """
    get = facts.get
    status = get("fetch_status")
    if status != "ok":
        http_status = _number(get("http_status"))
        if get("page_gone") is True and http_status is not None:
            return [f"page returns HTTP {http_status:.0f}: the link is gone with it"]
        return [f"page could not be fetched ({status}): page evidence unknown"]
    reasons: list[str] = []
    if get("injected_block") is True:
        reasons.append("page has a hidden block of links to spam sites (hacked-site marker)")
    if get("link_present") is False:
        reasons.append("link no longer on the page")
    elif get("link_present") is True:
        if get("link_hidden") is True:
            how = str(get("link_hidden_by") or "hidden")
            if how == "hidden attribute":
                reasons.append("link hidden by the hidden attribute")
            else:
                reasons.append(f"link hidden in {'an' if how[0] in 'aeiou' else 'a'} {how} block")
        elif get("link_placement") in ("footer", "sidebar", "comment"):
            reasons.append(f"link sits in the {get('link_placement')}")
    domains = _number(get("outbound_domains"))
    for category, word in PAGE_CATEGORY_WORD.items():
        n = _number(get(f"outbound_{category}"))
        if n is None or n < MIN_SPAM_NEIGHBOURS:
            continue
        share = n / domains if domains else 0.0
        if n >= MANY_SPAM_NEIGHBOURS or share >= MIN_SPAM_SHARE:
            reasons.append(f"page links out to {n:.0f} {word} sites")
    stuffing = _number(get("keyword_stuffing"))
    words = _number(get("word_count"))
    if (
        stuffing is not None
        and stuffing >= STUFFING_REASON
        and words is not None
        and words >= MIN_WORDS_STUFFING_REASON
    ):
        reasons.append(f"the word '{get('top_keyword')}' makes up {stuffing:.0%} of the page text")
    hits = _number(get("spam_vocab_hits"))
    if hits is not None and hits >= SPAM_VOCAB_REASON:
        reasons.append(f"page text uses spam words {hits:.0f} times ({get('spam_vocab_words')})")
    if get("meta_refresh") is True and get("meta_refresh_url"):
        reasons.append(f"page sends visitors on with a meta refresh to {get('meta_refresh_url')}")
    if get("redirected_off_site") is True:
        reasons.append(f"page redirects to {get('final_url')}")
    if words is not None and words < THIN_PAGE_WORDS:
        reasons.append(f"page has almost no text ({words:.0f} words)")
    if get("meta_robots_noindex") is True:
        reasons.append("page asks search engines not to index it (noindex)")
    return reasons
