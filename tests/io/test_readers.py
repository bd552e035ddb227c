"""Library tests for the export readers, one fixture per format and quirk."""

from __future__ import annotations

import io
import math
from pathlib import Path

import pandas as pd
import pytest

from toxicity.errors import InputFileError, MissingColumnsError, UnknownFormatError
from toxicity.io import detect_format, format_names, list_formats, read_export, read_exports
from toxicity.schema import LINK_COLUMNS, validate_links

FIXTURES = Path(__file__).parent.parent / "fixtures" / "exports"
GOOD = sorted(p for p in FIXTURES.iterdir() if not p.name.startswith("bad_"))

#: fixture -> (format, encoding, rows read, link records)
EXPECTED = {
    "ahrefs_37col_utf8.csv": ("ahrefs", "utf-8", 4, 4),
    "ahrefs_api_fields.csv": ("ahrefs", "utf-8", 3, 3),
    "moz_link_list.csv": ("moz", "utf-8", 3, 3),
    "ahrefs_evidence_utf16.tsv": ("ahrefs", "utf-16-le (BOM)", 5, 5),
    "ahrefs_sheets_resave.csv": ("ahrefs", "utf-8", 2, 2),
    "ahrefs_utf16.tsv": ("ahrefs", "utf-16-le (BOM)", 3, 3),
    "ahrefs_utf8_reordered_truncated.csv": ("ahrefs", "utf-8", 4, 3),
    "bing_backlinks.csv": ("bing", "utf-8", 1, 1),
    "broken_rows.csv": ("gsc-links", "utf-8", 6, 2),
    "disavow.txt": ("disavow", "utf-8", 3, 3),
    "gsc_latest_links.csv": ("gsc-links", "utf-8", 3, 3),
    "gsc_latest_links.csv.gz": ("gsc-links", "utf-8", 3, 3),
    "gsc_latest_links_de.csv": ("gsc-links", "utf-8", 2, 2),
    "gsc_latest_links_tr.csv": ("gsc-links", "utf-8", 1, 1),
    "gsc_sample_links.csv": ("gsc-links", "utf-8", 2, 2),
    "gsc_top_sites.csv": ("gsc-sites", "utf-8", 2, 2),
    "gsc_top_sites.xlsx": ("gsc-sites", "xlsx", 2, 2),
    "labeled_links.csv": ("gsc-links", "utf-8", 2, 2),
    "majestic_backlinks.csv": ("majestic", "utf-8", 2, 2),
    "majestic_domains.csv": ("majestic-domains", "utf-8-sig", 2, 2),
    "moz_inbound.csv": ("moz", "utf-8", 2, 2),
    "review.csv": ("review", "utf-8", 2, 2),
    "semrush_audit.csv": ("semrush-audit", "utf-8", 2, 2),
    "semrush_audit_2026.csv": ("semrush-audit", "utf-8", 2, 2),
    "semrush_audit_full.csv": ("semrush-audit", "utf-8", 6, 6),
    "semrush_backlinks.csv": ("semrush", "utf-8-sig", 2, 2),
    "semrush_backlinks.zip": ("semrush", "utf-8-sig", 2, 2),
    "semrush_referring_domains.csv": ("semrush-domains", "utf-8", 3, 3),
    "url_list.txt": ("url-list", "utf-8", 3, 3),
}


def test_every_fixture_has_expectations() -> None:
    assert sorted(p.name for p in GOOD) == sorted(EXPECTED)


def test_every_format_has_a_fixture() -> None:
    assert {v[0] for v in EXPECTED.values()} == set(format_names())


@pytest.mark.parametrize("path", GOOD, ids=lambda p: p.name)
def test_fixture_reads_to_canonical_records(path: Path) -> None:
    fmt, encoding, rows, records = EXPECTED[path.name]
    before = path.read_bytes()
    result = read_export(path)
    assert (result.format, result.encoding, result.rows_read, len(result.links)) == (
        fmt,
        encoding,
        rows,
        records,
    )
    assert list(result.links.columns[: len(LINK_COLUMNS)]) == list(LINK_COLUMNS)
    validate_links(result.links)
    assert (result.links["source_format"] == fmt).all()
    assert result.links["source_host"].notna().all()
    assert path.read_bytes() == before  # inputs are never modified


def test_ahrefs_utf16_values() -> None:
    links = read_export(FIXTURES / "ahrefs_utf16.tsv").links
    first, idn = links.iloc[0], links.iloc[2]
    assert first["source_url"] == "https://breadblog.example.org/starter"
    assert first["source_domain"] == "example.org"
    assert first["anchor"] == "Crumb & Crust"
    assert first["domain_traffic"] == 1240.0  # "1,240"
    flags = ["nofollow", "image", "lost"]
    assert links.loc[0, flags].tolist() == [False, False, False]
    assert first["first_seen"] == pd.Timestamp("2025-03-01 10:00:00")
    assert links.loc[1, flags].tolist() == [True, True, True]
    assert idn["anchor"] == "" and links.loc[2, ["redirect", "ugc"]].tolist() == [True, True]
    assert idn["source_title"] == "Ünïcode title 面包"
    assert math.isnan(first["trust_flow"]) and pd.isna(first["sitewide"])  # absent, not 0/False
    assert (links["links"] == 1.0).all()


def test_csv_and_tsv_ahrefs_agree_despite_reordered_and_extra_columns() -> None:
    tsv = read_export(FIXTURES / "ahrefs_utf16.tsv").links
    csv = read_export(FIXTURES / "ahrefs_utf8_reordered_truncated.csv")
    assert csv.skipped == {"truncated row": 1}
    # Only the CSV has "Is spam" (all false); the TSV does not say, so its verdict stays missing.
    assert csv.links["export_spam"].tolist() == [False, False, False]
    assert tsv["export_spam"].isna().all()
    pd.testing.assert_frame_equal(tsv.drop(columns="export_spam"), csv.links.drop(columns="export_spam"))


def test_ahrefs_evidence_columns_of_the_verified_37_column_export() -> None:
    """UTF-16 LE with BOM, tab-separated, every field quoted; Is spam/Content in both cases and empty."""
    links = read_export(FIXTURES / "ahrefs_evidence_utf16.tsv").links
    assert links["export_spam"].tolist() == [False, True, True, False, pd.NA]  # false/true/TRUE/FALSE/''
    assert links["in_content"].tolist() == [True, False, False, True, pd.NA]  # true/false/FALSE/TRUE/''
    assert links["links_in_group"].tolist()[:3] == [1.0, 120.0, 3.0]
    assert links["links_in_group"].iloc[3:].isna().all()  # empty: not given, never 0
    assert str(links["export_spam"].dtype) == "boolean" and str(links["in_content"].dtype) == "boolean"
    assert links["url_rating"].tolist() == [5.0] * 5 and links["domain_traffic"].iloc[0] == 1240.0
    assert links["nofollow"].tolist() == [False, False, True, False, False]
    assert links.loc[0, "anchor"] == "Crumb & Crust"
    # Links in group is its own column, not the export's sitewide flag
    assert pd.isna(links.loc[1, "sitewide"])


def test_ahrefs_sheets_resave_with_row_numbers_and_upper_case_booleans() -> None:
    result = read_export(FIXTURES / "ahrefs_sheets_resave.csv")
    links = result.links
    assert result.format == "ahrefs"  # the "#" column does not make it a disavow file
    assert links["export_spam"].tolist() == [False, True]
    assert links["in_content"].tolist() == [True, False]
    assert links["nofollow"].tolist() == [False, True]
    assert links["links_in_group"].tolist() == [1.0, 120.0]


def test_ahrefs_older_content_values_leave_in_content_missing() -> None:
    links = read_export(FIXTURES / "ahrefs_utf16.tsv").links  # Content holds "text"/"image", no "Is spam"
    assert links["in_content"].isna().all() and links["export_spam"].isna().all()
    assert links["links_in_group"].tolist() == [1.0, 3.0, 1.0]
    assert links["image"].tolist() == [False, True, False]  # Content still marks image links


@pytest.mark.parametrize("path", [p for p in GOOD if not p.name.startswith("ahrefs")], ids=lambda p: p.name)
def test_evidence_columns_are_missing_where_the_export_has_none(path: Path) -> None:
    links = read_export(path).links
    for column in ("export_spam", "links_in_group", "in_content"):
        assert links[column].isna().all(), column


def test_semrush_flags_and_thousands() -> None:
    links = read_export(FIXTURES / "semrush_backlinks.csv").links
    assert links["external_links"].tolist() == [1240.0, 900.0]
    assert links["authority_score"].tolist() == [45.0, 3.0]
    assert links["sitewide"].tolist() == [False, True]
    assert links["links_in_group"].isna().all()  # Sitewide is the sitewide flag only
    assert links["lost"].tolist() == [False, True]


def test_semrush_audit_toxicity_score() -> None:
    assert read_export(FIXTURES / "semrush_audit.csv").links["spam_score"].tolist() == [78.0, 4.0]


def test_semrush_audit_verified_header() -> None:
    links = read_export(FIXTURES / "semrush_audit_2026.csv").links
    assert links["spam_score"].tolist() == [78.0, 4.0]  # Toxic Score
    assert links["nofollow"].tolist() == [True, False]  # No Follow
    assert links["source_title"].tolist() == ["Free links", "Easy rye bread"]  # Source Page Title
    assert links["authority_score"].iloc[0] == 3.0 and math.isnan(links["authority_score"].iloc[1])  # page AS
    assert links["first_seen"].iloc[0] == pd.Timestamp("2026-08-01")
    assert links["export_spam"].isna().all()  # the score is spam_score, not also a second verdict


def test_majestic_dates_are_day_first() -> None:
    links = read_export(FIXTURES / "majestic_backlinks.csv").links
    assert links["first_seen"].tolist() == [pd.Timestamp("2025-04-03"), pd.Timestamp("2026-02-28")]
    assert links["trust_flow"].tolist() == [21.0, 0.0]
    assert links["nofollow"].tolist() == [False, True]


def test_majestic_domains_are_domain_level() -> None:
    links = read_export(FIXTURES / "majestic_domains.csv").links
    assert links["source_url"].tolist() == ["forum.example.fr", "pbn.example.info"]
    assert links["links"].tolist() == [3.0, 40.0]  # BackLinks_<site>
    assert links["ip"].tolist() == ["192.0.2.10", "198.51.100.7"]
    assert links["subnet"].tolist() == ["192.0.2", "198.51.100"]
    assert links["first_seen"].iloc[0] == pd.Timestamp("2012-04-03")


def test_moz_percent_and_link_type() -> None:
    links = read_export(FIXTURES / "moz_inbound.csv").links
    assert links["spam_score"].tolist() == [2.0, 87.0]
    assert links["nofollow"].tolist() == [False, True]
    assert links["authority_score"].tolist() == [33.0, 1.0]  # page authority preferred
    assert links["lost"].tolist() == [False, True]


def test_gsc_dates_in_several_forms_and_languages() -> None:
    en = read_export(FIXTURES / "gsc_latest_links.csv").links
    assert en["last_seen"].tolist() == [pd.Timestamp(f"2026-09-{d}") for d in (15, 14, 13)]
    assert en["source_domain"].tolist() == ["example.org", "spam.blogspot.com", "192.0.2.44"]
    de = read_export(FIXTURES / "gsc_latest_links_de.csv").links
    assert de["last_seen"].iloc[0] == pd.Timestamp("2026-09-15")
    assert de["source_host"].iloc[1] == "xn--mnchen-3ya.example.de"
    tr = read_export(FIXTURES / "gsc_latest_links_tr.csv").links
    assert tr["last_seen"].iloc[0] == pd.Timestamp("2026-09-15")


def test_gsc_top_sites_csv_and_xlsx_agree() -> None:
    csv = read_export(FIXTURES / "gsc_top_sites.csv").links
    xlsx = read_export(FIXTURES / "gsc_top_sites.xlsx").links
    assert csv["links"].tolist() == [1240.0, 3.0]
    pd.testing.assert_frame_equal(csv, xlsx)


def test_single_column_keeps_commas_inside_urls() -> None:
    links = read_export(FIXTURES / "gsc_sample_links.csv").links
    assert links["source_url"].iloc[1] == "https://a.example.com/p?q=1,2"


def test_disavow_domain_lines_are_domain_level() -> None:
    links = read_export(FIXTURES / "disavow.txt").links
    assert links["source_url"].tolist() == [
        "spam.example.net",
        "pbn.example.info",
        "http://links.example.biz/dir",
    ]
    assert links["links"].isna().tolist() == [True, True, False]


def test_review_sheet_uses_url_else_domain_and_keeps_decision_as_label() -> None:
    links = read_export(FIXTURES / "review.csv").links
    assert links["source_url"].tolist() == ["spam.example.net", "https://breadblog.example.org/starter"]
    assert links["label"].tolist() == ["disavow", "keep"]
    assert links["links"].tolist() == [40.0, 3.0]


def test_label_column_is_kept_raw() -> None:
    links = read_export(FIXTURES / "labeled_links.csv").links
    assert links.columns[-1] == "label"
    assert links["label"].tolist() == ["0", "1"]


def test_broken_rows_are_counted_not_dropped_silently() -> None:
    result = read_export(FIXTURES / "broken_rows.csv")
    assert result.skipped == {
        "unparseable URL": 1,
        "row with too many fields": 1,
        "empty URL": 1,
        "truncated row": 1,
    }
    assert result.links["source_url"].tolist() == ["https://good.example.com/a", "https://c.example.com/y"]


def test_present_and_missing_fields() -> None:
    result = read_export(FIXTURES / "gsc_latest_links.csv")
    assert result.present_fields == [
        "source_url",
        "source_host",
        "source_domain",
        "last_seen",
        "source_format",
        "links",
    ]
    assert "anchor" in result.missing_fields and "nofollow" in result.missing_fields
    assert set(result.present_fields) | set(result.missing_fields) == set(LINK_COLUMNS)


def test_stream_input() -> None:
    data = (FIXTURES / "ahrefs_utf16.tsv").read_bytes()
    result = read_export(io.BytesIO(data))
    assert result.format == "ahrefs" and result.sources == ["<stream>"]


def test_read_exports_merges_and_removes_exact_duplicates() -> None:
    paths = [
        FIXTURES / "gsc_latest_links.csv",
        FIXTURES / "gsc_latest_links.csv.gz",
        FIXTURES / "url_list.txt",
    ]
    result = read_exports(paths)
    assert result.format == ["gsc-links", "gsc-links", "url-list"]
    assert result.duplicates_removed == 3
    assert len(result.links) == 6
    assert result.rows_read == 9
    validate_links(result.links)


def test_forced_format_overrides_detection() -> None:
    result = read_export(FIXTURES / "gsc_latest_links.csv", "url-list")
    assert result.format == "url-list"


def test_forced_format_missing_columns() -> None:
    with pytest.raises(
        MissingColumnsError, match="missing required columns for format 'ahrefs': Referring page URL"
    ):
        read_export(FIXTURES / "gsc_latest_links.csv", "ahrefs")


def test_explicit_encoding_reads_latin1() -> None:
    result = read_export(FIXTURES / "bad_latin1.csv", encoding="latin-1")
    assert result.links["source_url"].iloc[0] == "https://café.example.fr/crème"
    assert result.links["source_host"].iloc[0] == "xn--caf-dma.example.fr"


@pytest.mark.parametrize(
    ("name", "error", "text"),
    [
        ("bad_unknown_header.csv", UnknownFormatError, "the header matches no known export format"),
        ("bad_empty.csv", InputFileError, "the file is empty"),
        ("bad_binary.csv", InputFileError, "this is binary data"),
        ("bad_latin1.csv", InputFileError, "not valid UTF-8"),
        ("bad_top_linked_pages.csv", UnknownFormatError, "Top linked pages"),
        ("bad_all_unparseable.csv", InputFileError, "none of the 2 rows"),
        ("missing.csv", InputFileError, "no such file"),
    ],
)
def test_bad_inputs_raise_toxicity_errors(name: str, error: type[Exception], text: str) -> None:
    with pytest.raises(error, match=text):
        read_export(FIXTURES / name)


@pytest.mark.parametrize(
    ("header", "name"),
    [
        (["Referring page URL", "Target URL", "Anchor"], "ahrefs"),
        (["#", "Referring page URL", "Target URL", "Is spam"], "ahrefs"),  # spreadsheet row numbers
        (["# disavow file", "Referring page URL"], "disavow"),  # a comment with a comma
        (["#", "updated 2026-09-01"], "disavow"),
        (["Source url", "Target url", "Anchor", "Page ascore"], "semrush"),
        (["Source url", "Target url", "Anchor", "Toxicity Score", "Page ascore"], "semrush-audit"),
        (["SourceURL", "TargetURL", "AnchorText", "FlagNoFollow"], "majestic"),
        (["Source URL", "Target URL", "Anchor Text"], "bing"),
        (["Domain", "RefDomains", "TrustFlow", "CitationFlow"], "majestic-domains"),
        (["URL", "Spam Score", "Page Authority"], "moz"),
        (["Linking page"], "gsc-links"),
        (["Página que enlaza", "Último rastreo"], "gsc-links"),
        (["Site", "Linking pages", "Target pages"], "gsc-sites"),
        (["domain:spam.example"], "disavow"),
        (["example.com"], "url-list"),
        (["domain", "links", "risk", "band", "suggestion", "decision", "reasons", "coverage"], "review"),
    ],
)
def test_detect_format(header: list[str], name: str) -> None:
    assert detect_format(header) == name


def test_list_formats_maps_source_url_for_every_format() -> None:
    assert all("source_url" in spec.columns for spec in list_formats())
