"""Page family: evidence from the fetched linking page (``toxicity fetch`` / ``score --fetch``).

Page facts come as the frame of :func:`toxicity.fetch.fetch_pages` (or ``read_pages``), one row per
linking URL; they are turned into numbers once per page and mapped onto the link records by
``source_url``. A page that could not be fetched is unknown: every page feature NaN and
``cov_page`` = 0, never clean. A page that answers 404/410 is known gone: ``page_link_gone`` = 1 and
``cov_page`` = 1, the other page features NaN.

This module reads the page frame by column name only, so the features package never imports the
HTTP client.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

from toxicity.errors import UsageError
from toxicity.features.columns import FeatureColumns

#: Page columns whose value is missing (NaN) unless the page was fetched.
PAGE_FEATURE_NAMES: Final = (
    "page_link_gone",
    "page_link_hidden",
    "page_link_boilerplate",
    "page_link_nofollow",
    "page_injected_block",
    "page_noindex",
    "page_redirected_off_site",
    "page_log_outbound_domains",
    "page_spam_neighbours",
    "page_spam_neighbour_share",
    "page_hidden_outbound_links",
    "page_keyword_stuffing",
    "page_spam_vocab_hits",
    "page_log_word_count",
    "page_reading_ease",
)
_BOILERPLATE: Final = ("nav", "header", "footer", "sidebar", "comment")
_NOT_FOLLOWED: Final = ("nofollow", "ugc", "sponsored")


def _flag(pages: pd.DataFrame, name: str) -> np.ndarray:
    """A True/False/missing column as 1.0/0.0/NaN."""
    if name not in pages.columns:
        return np.full(len(pages), np.nan)
    return pages[name].astype("Float64").to_numpy(dtype=float, na_value=np.nan)


def _number(pages: pd.DataFrame, name: str) -> np.ndarray:
    if name not in pages.columns:
        return np.full(len(pages), np.nan)
    return pd.to_numeric(pages[name], errors="coerce").to_numpy(dtype=float, na_value=np.nan)


def _text(pages: pd.DataFrame, name: str) -> pd.Series:
    if name not in pages.columns:
        return pd.Series("", index=pages.index)
    return pages[name].astype("string").fillna("").str.lower()


def per_page(pages: pd.DataFrame) -> dict[str, np.ndarray]:
    """Every page feature and ``cov_page``, one value per row of ``pages``.

    Examples
    --------
    >>> pages = pd.DataFrame({"source_url": ["http://a.example/", "http://b.example/"],
    ...                       "fetch_status": ["ok", "timeout"], "link_present": [True, None],
    ...                       "link_hidden": [True, None], "outbound_domains": [4.0, None],
    ...                       "outbound_spam_domains": [3.0, None]})
    >>> values = per_page(pages)
    >>> values["page_link_hidden"].tolist(), values["page_spam_neighbour_share"].tolist()
    ([1.0, nan], [0.75, nan])
    >>> values["cov_page"].tolist()
    [1.0, 0.0]
    """
    ok = _text(pages, "fetch_status").eq("ok").to_numpy(dtype=bool)
    gone_page = _flag(pages, "page_gone") == 1.0
    present = _flag(pages, "link_present")
    is_present = present == 1.0
    placement = _text(pages, "link_placement")
    rel = _text(pages, "link_rel")
    domains = _number(pages, "outbound_domains")
    spam = _number(pages, "outbound_spam_domains")
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(domains > 0, spam / domains, 0.0)
    nofollow = rel.str.contains("|".join(_NOT_FOLLOWED), regex=True).to_numpy(dtype=bool)
    page_nofollow = _flag(pages, "meta_robots_nofollow") == 1.0
    values = {
        "page_link_gone": np.where(gone_page, 1.0, 1.0 - present),
        "page_link_hidden": np.where(is_present, _flag(pages, "link_hidden"), np.nan),
        "page_link_boilerplate": np.where(
            is_present, placement.isin(_BOILERPLATE).to_numpy(dtype=float), np.nan
        ),
        "page_link_nofollow": np.where(is_present, (nofollow | page_nofollow).astype(float), np.nan),
        "page_injected_block": _flag(pages, "injected_block"),
        "page_noindex": _flag(pages, "meta_robots_noindex"),
        "page_redirected_off_site": _flag(pages, "redirected_off_site"),
        "page_log_outbound_domains": np.log1p(domains),
        "page_spam_neighbours": spam,
        "page_spam_neighbour_share": np.where(np.isnan(domains) | np.isnan(spam), np.nan, share),
        "page_hidden_outbound_links": _number(pages, "hidden_outbound_links"),
        "page_keyword_stuffing": _number(pages, "keyword_stuffing"),
        "page_spam_vocab_hits": _number(pages, "spam_vocab_hits"),
        "page_log_word_count": np.log1p(_number(pages, "word_count")),
        "page_reading_ease": _number(pages, "readability"),
    }
    # A failed fetch is unknown, whatever stray values its row carries; a gone page says only that.
    for name in PAGE_FEATURE_NAMES:
        keep = ok | gone_page if name == "page_link_gone" else ok
        values[name] = np.where(keep, values[name], np.nan)
    values["cov_page"] = (ok | gone_page).astype(float)
    return values


def page_features(links: pd.DataFrame, pages: pd.DataFrame | None, out: FeatureColumns) -> None:
    """Write the page family and ``cov_page`` into ``out``: NaN and 0 for links without a page row."""
    if pages is None or not len(pages):
        for name in PAGE_FEATURE_NAMES:
            out[name] = np.nan
        out["cov_page"] = 0.0
        return
    if "source_url" not in pages.columns:
        raise UsageError("page facts need a source_url column (the frame of toxicity.fetch.fetch_pages)")
    facts = pages.drop_duplicates("source_url", keep="last")
    codes = pd.Index(facts["source_url"].astype(str)).get_indexer(links["source_url"].astype(str))
    for name, per_unique in per_page(facts).items():
        out.gather(name, per_unique, codes, fill=0.0 if name == "cov_page" else np.nan)
