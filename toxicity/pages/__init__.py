"""Linking pages as evidence, with no I/O: HTML in, page facts and plain-word reasons out.

This package never touches the network or the disk and never imports the HTTP client, so the audit
and the feature families can read page facts without the optional ``toxicity[fetch]`` extra.
Fetching (client, robots.txt, address guard, cache, ``pages.csv``) is :mod:`toxicity.fetch`, which
builds on this package.

Public API
----------
:func:`analyse_page`
    One HTML body -> a dict of page facts (:data:`PAGE_FACT_NAMES`).
:func:`categorise_hosts`
    Hosts -> the spam categories (:data:`SPAM_CATEGORIES`) of each, from reference lists and words.
:func:`decode_html`
    Page bytes -> text, the way browsers pick the encoding.
:data:`PAGE_FEATURES`, :func:`page_reasons`, :data:`FETCH_STATUSES`
    What each fact and fetch outcome means; plain-word reasons for one row.
"""

from __future__ import annotations

from toxicity.pages.catalogue import FETCH_STATUSES, PAGE_FEATURES, page_reasons
from toxicity.pages.page import (
    PAGE_FACT_NAMES,
    SPAM_CATEGORIES,
    analyse_page,
    analyser_fingerprint,
    categorise_hosts,
    decode_html,
    empty_page_facts,
)

__all__ = [
    "FETCH_STATUSES",
    "PAGE_FACT_NAMES",
    "PAGE_FEATURES",
    "SPAM_CATEGORIES",
    "analyse_page",
    "analyser_fingerprint",
    "categorise_hosts",
    "decode_html",
    "empty_page_facts",
    "page_reasons",
]
