"""Moz-metric link lists, the Ahrefs 37-column export's page and lost columns, and Ahrefs API field names.

Fixtures are written from the verified headers (invented rows): ``moz_link_list.csv`` (a list built from Moz
data, with ``No`` row numbers and Spam Score as ``73%`` or ``73``), ``ahrefs_37col_utf8.csv`` (the 37-column
export saved as UTF-8 CSV) and ``ahrefs_api_fields.csv`` (Ahrefs API v3 data saved with its field names).
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from toxicity import schema
from toxicity.cli import cli
from toxicity.io import detect_format, read_export
from toxicity.schema import LINK_COLUMNS, empty_links, validate_links

FIXTURES = Path(__file__).parent.parent / "fixtures" / "exports"
#: What the export says about the linking page (Ahrefs Platform, Page type, Page category).
PAGE_COLUMNS = ("platform", "page_type", "page_category")

MOZ_LIST_HEADER = [
    "No", "Source Page Title", "Source URL", "Target URL", "Domain Authority", "Page Authority", "Spam Score",
    "Anchor Text", "First Seen", "Last Seen",
]  # fmt: skip


# -- Moz metrics are Moz, not Bing ---------------------------------------------------------------------


def test_moz_metric_link_list_is_read_as_moz_with_every_metric() -> None:
    result = read_export(FIXTURES / "moz_link_list.csv")
    links = result.links
    assert result.format == "moz"
    assert links["spam_score"].tolist() == [2.0, 73.0, 73.0]  # "2%", "73%", "73"
    assert links["authority_score"].tolist() == [33.0, 1.0, 9.0]  # Page Authority preferred over DA
    assert links["source_title"].tolist() == [
        "Sourdough tips for beginners",
        "Cheap links directory",
        "Best bakery deals",
    ]
    assert links["first_seen"].tolist() == [
        pd.Timestamp(d) for d in ("2025-05-01", "2026-01-01", "2026-03-04")
    ]
    assert links["last_seen"].tolist() == [
        pd.Timestamp(d) for d in ("2026-09-01", "2026-02-01", "2026-04-05")
    ]
    assert links["anchor"].tolist() == ["Crumb and Crust", "bread", "bakery"]
    assert links["target_url"].iloc[2] == "https://crumbandcrust.com/shop"
    assert links["source_domain"].tolist() == ["example.com", "example.xyz", "example.top"]
    # the "No" column is a row number, not a label or a metric
    assert "label" not in links.columns


@pytest.mark.parametrize(
    "header",
    [
        MOZ_LIST_HEADER,
        ["Source Url", "Target Url", "Anchor Text", "Spam Score"],
        ["Source URL", "Target URL", "Anchor Text", "Domain Authority"],
        ["Source URL", "Target URL", "Anchor Text", "Page Authority"],
        ["Referring URL", "Target URL", "Spam Score"],
        ["Source Page", "Target Page", "Anchor", "Page Authority"],
        ["Source URL", "Spam Score"],
        ["URL", "Domain Authority"],
    ],
)
def test_any_moz_metric_makes_a_link_list_moz(header: list[str]) -> None:
    assert detect_format(header) == "moz"


@pytest.mark.parametrize(
    ("header", "name"),
    [
        (["Source Url", "Target Url", "Anchor Text"], "bing"),
        (["Source Page", "Target Page"], "bing"),
        (["Source URL", "Target URL", "Anchor Text", "Source Trust Flow"], "majestic"),
        (
            [
                "Domain Authority Score",
                "Page Authority Score",
                "Source URL",
                "Source Page Title",
                "Source Domain",
                "Target URL",
                "Anchor",
                "Anchor Type",
                "Link Type",
                "No Follow",
                "Toxic Score",
                "First Seen",
                "Last Seen",
                "Comment",
            ],
            "semrush-audit",
        ),
    ],
)
def test_lists_without_moz_metrics_keep_their_format(header: list[str], name: str) -> None:
    assert detect_format(header) == name


def test_bing_style_list_with_spam_score_keeps_the_score() -> None:
    data = b"Source Url,Target Url,Anchor Text,Spam Score\nhttps://a.example.net/p,https://crumbandcrust.com/,x,73%\n"
    result = read_export(io.BytesIO(data))
    assert result.format == "moz"
    assert result.links["spam_score"].tolist() == [73.0]
    assert result.links["anchor"].tolist() == ["x"]


# -- Ahrefs: the 37-column export's page, lost and redirect columns ---------------------------------------


def test_new_link_record_fields_are_strings_missing_unless_given() -> None:
    assert schema.PAGE_COLUMNS == PAGE_COLUMNS
    for column in (*PAGE_COLUMNS, "lost_reason"):
        assert LINK_COLUMNS[column] == "string"
    empty = empty_links(2)
    validate_links(empty)
    assert empty[[*PAGE_COLUMNS, "lost_reason"]].isna().all().all()
    moz = read_export(FIXTURES / "moz_link_list.csv").links
    assert moz[[*PAGE_COLUMNS, "lost_reason"]].isna().all().all()  # Moz does not say: missing, never ''


def test_ahrefs_37_columns_page_type_category_and_platform() -> None:
    links = read_export(FIXTURES / "ahrefs_37col_utf8.csv").links
    assert links["platform"].tolist() == ["blogs", "forums", "cms", pd.NA]
    assert links["page_type"].tolist() == ["article", "forum", "homepage", "profile"]
    assert links["page_category"].tolist() == ["Food & Drink", "Health", "Food & Drink", "Gambling"]
    assert links["export_spam"].tolist() == [False, True, False, False]
    assert links["links_in_group"].tolist() == [1.0, 1.0, 3.0, 120.0]
    validate_links(links)


def test_ahrefs_lost_status_and_drop_reason_mark_the_link_lost_and_keep_the_reason() -> None:
    links = read_export(FIXTURES / "ahrefs_37col_utf8.csv").links
    assert links["lost"].tolist() == [False, True, False, True]
    assert links["lost_reason"].tolist() == [pd.NA, "removedfromhtml", pd.NA, "pagedropped; noindex"]


def test_ahrefs_drop_reason_alone_marks_the_link_lost() -> None:
    data = b"Referring page URL,Lost status,Drop reason\nhttps://a.example.net/,,notfound\nhttps://b.example.net/,,\n"
    links = read_export(io.BytesIO(data)).links
    assert links["lost"].tolist() == [True, False]
    assert links["lost_reason"].tolist() == ["notfound", pd.NA]


def test_ahrefs_redirect_chain_marks_a_redirect() -> None:
    links = read_export(FIXTURES / "ahrefs_37col_utf8.csv").links
    assert links["redirect"].tolist() == [False, False, True, False]
    # Type "redirect" still marks one without a chain column (the older 30-column export)
    older = read_export(FIXTURES / "ahrefs_utf16.tsv").links
    assert older["redirect"].tolist() == [False, False, True]


def test_ahrefs_utf16_37_column_export_reads_the_page_columns_too() -> None:
    links = read_export(FIXTURES / "ahrefs_evidence_utf16.tsv").links
    assert links["page_type"].tolist() == ["article", pd.NA, "article", "article", pd.NA]
    assert links["page_category"].tolist() == ["Food", "Gambling", "Food", "Food", pd.NA]
    assert (links["platform"] == "blogs").all()
    assert not links["lost"].any() and links["lost_reason"].isna().all()


# -- Ahrefs API field names ------------------------------------------------------------------------------


def test_ahrefs_api_field_names_are_read_as_ahrefs() -> None:
    result = read_export(FIXTURES / "ahrefs_api_fields.csv")
    links = result.links
    assert result.format == "ahrefs"
    assert links["source_url"].iloc[1] == "http://spam-farm.example.xyz/p?id=7"
    assert links["source_title"].tolist() == ["Sourdough starter guide", "Cheap pills casino", "Moved"]
    assert links["target_url"].iloc[2] == "https://crumbandcrust.com/about"
    assert links["anchor"].tolist()[:2] == ["Crumb & Crust", "bread"]
    assert links["domain_rating"].tolist() == [30.0, 0.0, 12.0]
    assert links["url_rating"].tolist() == [5.0, 1.0, 3.0]
    assert links["domain_traffic"].tolist() == [1240.0, 0.0, 5.0]
    assert links["page_traffic"].tolist() == [10.0, 0.0, 0.0]
    assert links["referring_domains"].tolist() == [12.0, 3.0, 1.0]
    assert links["external_links"].tolist() == [55.0, 900.0, 2.0]
    assert links["http_code"].tolist() == [200.0, 200.0, 301.0]
    assert links["left_context"].iloc[0] == "I learned from"
    assert links["right_context"].iloc[0] == "and their recipes"
    assert links["export_spam"].tolist() == [False, True, False]  # is_spam_domain
    assert links["in_content"].tolist() == [True, False, pd.NA]  # is_content
    assert links["nofollow"].tolist() == [False, True, False]
    assert not links["ugc"].any() and not links["sponsored"].any()
    assert links[["ugc", "sponsored"]].notna().all().all()
    assert links["redirect"].tolist() == [False, False, True]  # link_type redirect, redirect_code 301
    assert links["lost"].tolist() == [False, True, False]
    assert links["lost_reason"].tolist() == [pd.NA, "removedfromhtml", pd.NA]
    assert links["first_seen"].iloc[0] == pd.Timestamp("2025-03-01 10:00:00")
    assert links["last_seen"].iloc[1] == pd.Timestamp("2026-06-01")


def test_ahrefs_api_is_dofollow_true_means_not_nofollow() -> None:
    data = b"src_url,is_dofollow\nhttps://a.example.net/,true\nhttps://b.example.net/,false\nhttps://c.example.net/,\n"
    result = read_export(io.BytesIO(data))
    assert result.format == "ahrefs"
    assert result.links["nofollow"].tolist() == [False, True, pd.NA]


def test_ahrefs_api_redirect_code_zero_is_no_redirect() -> None:
    data = (
        b"src_url,link_type,redirect_code\nhttps://a.example.net/,href,0\nhttps://b.example.net/,href,302\n"
    )
    links = read_export(io.BytesIO(data), "ahrefs").links
    assert links["redirect"].tolist() == [False, True]


@pytest.mark.parametrize(
    "header",
    [
        ["src_url", "src_title", "src_domain_dr", "anchor", "target_url"],
        ["src_url", "is_dofollow"],
        ["target_url", "src_url", "left_snippet", "right_snippet"],
    ],
)
def test_ahrefs_api_headers_are_detected(header: list[str]) -> None:
    assert detect_format(header) == "ahrefs"


# -- toxicity inspect shows every evidence column mapped -------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fields"),
    [
        (
            "moz_link_list.csv",
            {
                "source_title",
                "target_url",
                "anchor",
                "spam_score",
                "authority_score",
                "first_seen",
                "last_seen",
            },
        ),
        (
            "ahrefs_37col_utf8.csv",
            {"export_spam", "links_in_group", "in_content", "lost", "lost_reason", "redirect", *PAGE_COLUMNS},
        ),
        (
            "ahrefs_api_fields.csv",
            {
                "export_spam",
                "in_content",
                "nofollow",
                "redirect",
                "lost",
                "lost_reason",
                "url_rating",
                "domain_rating",
                "left_context",
                "right_context",
            },
        ),
    ],
)
def test_inspect_shows_each_evidence_column_present(name: str, fields: set[str]) -> None:
    result = CliRunner().invoke(cli, ["inspect", str(FIXTURES / name)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    fmt = name.split("_")[0]
    assert f"Format:             {fmt} (detected)" in lines
    present = next(line for line in lines if line.startswith("Present fields:"))
    assert fields <= set(present.split(":", 1)[1].strip().split(", "))
