"""The page family: page facts of fetched linking pages joined to link records by source_url."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from toxicity.features import FEATURES_BY_NAME, build_features
from toxicity.features.page import PAGE_FEATURE_NAMES
from toxicity.fetch.pages import PAGE_COLUMNS, pages_frame
from toxicity.schema import conform

_URLS = (
    "https://blog.example/post",  # fetched: link hidden in a hacked page
    "https://news.example/a",  # fetched: link visible in the footer, nofollow
    "https://slow.example/",  # timeout: unknown
    "https://gone.example/old",  # 404: gone
    "https://nopage.example/",  # no page row at all
)


def _links() -> pd.DataFrame:
    hosts = [u.split("/")[2] for u in _URLS]
    return conform(
        pd.DataFrame(
            {
                "source_url": [*_URLS, _URLS[0]],
                "source_host": [*hosts, hosts[0]],
                "source_domain": [*hosts, hosts[0]],
            }
        )
    )


def _pages() -> pd.DataFrame:
    return pages_frame(
        [
            {
                "source_url": _URLS[0],
                "fetch_status": "ok",
                "http_status": 200,
                "page_gone": False,
                "redirected_off_site": False,
                "injected_block": True,
                "meta_robots_noindex": False,
                "meta_robots_nofollow": False,
                "link_present": True,
                "link_hidden": True,
                "link_placement": "hidden",
                "link_rel": "",
                "outbound_domains": 40,
                "outbound_spam_domains": 30,
                "hidden_outbound_links": 35,
                "word_count": 99,
                "readability": 55.5,
                "keyword_stuffing": 0.02,
                "spam_vocab_hits": 12,
            },
            {
                "source_url": _URLS[1],
                "fetch_status": "ok",
                "http_status": 200,
                "page_gone": False,
                "injected_block": False,
                "meta_robots_noindex": True,
                "link_present": True,
                "link_hidden": False,
                "link_placement": "footer",
                "link_rel": "nofollow ugc",
                "outbound_domains": 0,
                "outbound_spam_domains": 0,
                "word_count": 0,
            },
            # A failed fetch whose row carries stray facts: they must not leak into the features.
            {"source_url": _URLS[2], "fetch_status": "timeout", "link_present": False, "outbound_domains": 0},
            {"source_url": _URLS[3], "fetch_status": "http_error", "http_status": 404, "page_gone": True},
        ]
    )


def test_page_values_and_coverage() -> None:
    f = build_features(_links(), site="example-bakery.com", pages=_pages())
    hacked, footer, timeout, gone, absent, hacked_again = (f.iloc[i] for i in range(6))
    assert (
        hacked["page_link_gone"] == 0
        and hacked["page_link_hidden"] == 1
        and hacked["page_injected_block"] == 1
    )
    assert hacked["page_link_boilerplate"] == 0 and hacked["page_link_nofollow"] == 0
    assert hacked["page_spam_neighbours"] == 30 and hacked["page_spam_neighbour_share"] == pytest.approx(0.75)
    assert hacked["page_log_outbound_domains"] == pytest.approx(np.log1p(40))
    assert hacked["page_log_word_count"] == pytest.approx(np.log(100))
    assert hacked["page_reading_ease"] == 55.5 and hacked["page_hidden_outbound_links"] == 35
    assert hacked["page_spam_vocab_hits"] == 12 and hacked["page_keyword_stuffing"] == 0.02
    assert hacked.equals(hacked_again)  # every link of a page gets the page's values
    assert footer["page_link_boilerplate"] == 1 and footer["page_link_nofollow"] == 1
    assert footer["page_link_hidden"] == 0 and footer["page_noindex"] == 1
    assert footer["page_spam_neighbour_share"] == 0 and footer["page_log_word_count"] == 0
    assert np.isnan(footer["page_redirected_off_site"])  # not recorded on that row: unknown
    assert timeout[list(PAGE_FEATURE_NAMES)].isna().all() and timeout["cov_page"] == 0
    assert absent[list(PAGE_FEATURE_NAMES)].isna().all() and absent["cov_page"] == 0
    assert gone["page_link_gone"] == 1 and gone["cov_page"] == 1
    assert gone[[n for n in PAGE_FEATURE_NAMES if n != "page_link_gone"]].isna().all()
    assert f.loc[[0, 1, 3, 5], "cov_page"].eq(1).all()


def test_without_pages_every_page_feature_is_missing() -> None:
    f = build_features(_links(), site="example-bakery.com")
    assert f[list(PAGE_FEATURE_NAMES)].isna().all().all() and f["cov_page"].eq(0).all()
    empty = build_features(_links(), site="example-bakery.com", pages=_pages().iloc[:0])
    assert empty[list(PAGE_FEATURE_NAMES)].isna().all().all() and empty["cov_page"].eq(0).all()


def test_page_features_are_catalogued_and_read_real_page_columns() -> None:
    assert all(FEATURES_BY_NAME[n].family == "page" and FEATURES_BY_NAME[n].model for n in PAGE_FEATURE_NAMES)
    assert FEATURES_BY_NAME["cov_page"].family == "coverage" and not FEATURES_BY_NAME["cov_page"].model
    read = {"fetch_status", "page_gone", "link_present", "link_hidden", "link_placement", "link_rel",
            "meta_robots_nofollow", "meta_robots_noindex", "injected_block", "redirected_off_site",
            "outbound_domains", "outbound_spam_domains", "hidden_outbound_links", "keyword_stuffing",
            "spam_vocab_hits", "word_count", "readability"}  # fmt: skip
    assert read <= set(PAGE_COLUMNS)


def test_features_package_does_not_import_the_http_client() -> None:
    code = (
        "import sys, toxicity.features; "
        "assert 'httpx' not in sys.modules and 'toxicity.fetch' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
