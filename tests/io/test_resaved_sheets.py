"""Exports as auditors share them: re-saved through Google Sheets or Excel, and plain lists with stray CRs.

Every original below is written from the headers in the project's format notes, with invented rows.
:func:`resave` turns one into what a spreadsheet writes back: a row-number column, booleans as
``TRUE``/``WAHR``/``VRAI``/``Yes``, percentages with ``%``, thousands separators of the locale, dates
as the locale writes them, or an ``.xlsx`` with typed cells and Excel serial dates. A re-saved export
must read to exactly the records of the original.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toxicity.errors import ToxicityError, UnknownFormatError
from toxicity.io import format_names, get_format, read_export
from toxicity.schema import BOOLEAN, DATETIME, FLOAT, LINK_COLUMNS

SITE = "https://crumbandcrust.com/"

#: name -> (header, rows). Booleans, numbers and dates as the tools write them; every date column has a
#: day above 12 somewhere, so that a locale that writes the day first is unambiguous for the column.
ORIGINALS: dict[str, tuple[list[str], list[list[str]]]] = {
    "ahrefs_37": (
        [
            "Referring page title",
            "Referring page URL",
            "Language",
            "Platform",
            "Referring page HTTP code",
            "Domain rating",
            "UR",
            "Domain traffic",
            "Referring domains",
            "Linked domains",
            "External links",
            "Page traffic",
            "Keywords",
            "Target URL",
            "Left context",
            "Anchor",
            "Right context",
            "Redirect Chain URLs",
            "Redirect Chain status codes",
            "Type",
            "Is spam",
            "Content",
            "Nofollow",
            "UGC",
            "Sponsored",
            "Rendered",
            "Raw",
            "Lost status",
            "Drop reason",
            "Discovered status",
            "First seen",
            "Last seen",
            "Lost",
            "Author",
            "Page type",
            "Page category",
            "Links in group",
        ],
        [
            [
                "Sourdough guide",
                "https://breadblog.example.org/starter",
                "en",
                "blogs",
                "200",
                "34",
                "12",
                "1,240",
                "210",
                "55",
                "12",
                "85",
                "40",
                SITE,
                "I learned from",
                "Crumb & Crust",
                "and more",
                "",
                "",
                "href",
                "false",
                "true",
                "false",
                "false",
                "false",
                "true",
                "true",
                "",
                "",
                "",
                "2025-03-01 10:11:12",
                "2026-09-15 08:00:00",
                "",
                "",
                "article",
                "food",
                "1",
            ],
            [
                "Cheap pills",
                "http://footer-farm.example.net/",
                "en",
                "",
                "200",
                "2",
                "0",
                "0",
                "3",
                "900",
                "12345",
                "0",
                "0",
                SITE,
                "",
                "bread",
                "",
                "",
                "",
                "href",
                "true",
                "false",
                "true",
                "false",
                "false",
                "true",
                "true",
                "removedfromhtml",
                "Link removed",
                "",
                "2026-01-13 00:00:00",
                "2026-06-01 00:00:00",
                "2026-06-02 00:00:00",
                "",
                "",
                "",
                "120",
            ],
            [
                "Über Brot",
                "https://xn--bcker-gra.example/über",
                "de",
                "",
                "301",
                "10",
                "5",
                "1,234,567",
                "1",
                "2",
                "1",
                "0",
                "0",
                SITE + "about",
                "",
                "",
                "",
                "",
                "",
                "redirect",
                "false",
                "false",
                "false",
                "true",
                "false",
                "true",
                "true",
                "",
                "",
                "",
                "2024-12-24 00:00:00",
                "2026-09-10 00:00:00",
                "",
                "",
                "",
                "",
                "3",
            ],
        ],
    ),
    "semrush_backlinks": (
        [
            "Page ascore",
            "Source title",
            "Source url",
            "Target url",
            "Anchor",
            "External links",
            "Internal links",
            "Nofollow",
            "Sponsored",
            "Ugc",
            "Text",
            "Frame",
            "Form",
            "Image",
            "Sitewide",
            "First seen",
            "Last seen",
            "New link",
            "Lost link",
        ],
        [
            [
                "45",
                "Easy rye bread",
                "https://rye.example.com/bread",
                SITE + "rye",
                "crumbandcrust.com",
                "1,240",
                "12",
                "false",
                "false",
                "false",
                "true",
                "false",
                "false",
                "false",
                "false",
                "2025-02-14",
                "2026-09-15",
                "false",
                "false",
            ],
            [
                "3",
                "Free links",
                "http://links.example.biz/dir",
                SITE,
                "buy bread online",
                "900",
                "2",
                "true",
                "false",
                "false",
                "true",
                "false",
                "false",
                "false",
                "true",
                "2026-08-01",
                "2026-09-01",
                "true",
                "true",
            ],
        ],
    ),
    "semrush_audit": (
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
        [
            [
                "12",
                "3",
                "http://links.example.biz/dir",
                "Free links",
                "links.example.biz",
                SITE,
                "buy bread online",
                "Money",
                "Text",
                "true",
                "78",
                "2026-08-21",
                "2026-09-01",
                "",
            ],
            [
                "40",
                "",
                "https://rye.example.com/bread",
                "Easy rye bread",
                "rye.example.com",
                SITE + "rye",
                "crumbandcrust.com",
                "Branded",
                "Text",
                "false",
                "4",
                "2025-02-10",
                "2026-09-15",
                "checked by hand",
            ],
        ],
    ),
    "semrush_referring_domains": (
        ["Domain ascore", "Domain", "Backlinks", "IP Address", "Country", "First seen", "Last seen"],
        [
            ["41", "bakers-guild.example.org", "1,240", "192.0.2.10", "US", "2023-11-02", "2026-09-01"],
            ["2", "free-links.example.info", "37", "198.51.100.7", "RU", "2026-08-20", "2026-09-14"],
        ],
    ),
    "ahrefs_api_fields": (
        [
            "src_link_id",
            "src_url",
            "src_title",
            "src_domain_dr",
            "src_domain_traffic",
            "src_page_traffic",
            "src_page_refdomains",
            "src_page_ext_links",
            "src_page_linked_domains",
            "src_page_ur",
            "root_name",
            "is_root",
            "is_spam_domain",
            "link_type",
            "is_dofollow",
            "is_nofollow",
            "is_ugc",
            "is_sponsored",
            "is_content",
            "anchor",
            "left_snippet",
            "right_snippet",
            "first_seen",
            "last_seen",
            "last_visited",
            "http_code",
            "redirect_code",
            "lost_reason",
            "target_url",
        ],
        [
            [
                "7001",
                "https://breadblog.example.org/starter",
                "Sourdough guide",
                "30",
                "12,400",
                "10",
                "12",
                "55",
                "40",
                "5",
                "example.org",
                "false",
                "false",
                "href",
                "true",
                "false",
                "false",
                "false",
                "true",
                "Crumb & Crust",
                "I learned from",
                "and more",
                "2025-03-01 10:00:00",
                "2026-09-15 08:00:00",
                "2026-09-15 08:00:00",
                "200",
                "",
                "",
                SITE,
            ],
            [
                "7002",
                "http://spam-farm.example.xyz/p?id=7",
                "Cheap pills",
                "0",
                "0",
                "0",
                "3",
                "1,900",
                "880",
                "1",
                "example.xyz",
                "false",
                "true",
                "href",
                "false",
                "true",
                "false",
                "false",
                "false",
                "bread",
                "",
                "",
                "2026-01-13 00:00:00",
                "2026-06-01 00:00:00",
                "2026-06-02 00:00:00",
                "200",
                "",
                "removedfromhtml",
                SITE,
            ],
        ],
    ),
    "moz_link_list": (
        [
            "No",
            "Source Page Title",
            "Source URL",
            "Target URL",
            "Domain Authority",
            "Page Authority",
            "Spam Score",
            "Anchor Text",
            "First Seen",
            "Last Seen",
        ],
        [
            [
                "1",
                "Sourdough tips",
                "https://kitchen.example.com/tips",
                SITE,
                "41",
                "33",
                "2%",
                "Crumb and Crust",
                "2025-05-01",
                "2026-09-01",
            ],
            [
                "2",
                "Cheap links",
                "http://spam-links.example.xyz/x",
                SITE,
                "5",
                "1",
                "73%",
                "bread",
                "2026-01-13",
                "2026-02-14",
            ],
        ],
    ),
    "majestic_backlinks": (
        [
            "Source URL",
            "Target URL",
            "Anchor Text",
            "Source Trust Flow",
            "Source Citation Flow",
            "Domain Trust Flow",
            "Domain Citation Flow",
            "Link First Indexed Date",
            "Last Seen Date",
            "NoFollow",
            "Image Link",
            "Redirect",
            "Frame",
            "Old Crawl",
            "Alt Text",
            "Mention",
        ],
        [
            [
                "https://forum.example.fr/t/123",
                SITE,
                "pain au levain",
                "21",
                "30",
                "25",
                "35",
                "03/04/2025",
                "15/09/2026",
                "0",
                "0",
                "0",
                "0",
                "0",
                "",
                "0",
            ],
            [
                "http://pbn.example.info/post",
                SITE + "shop",
                "buy sourdough",
                "0",
                "18",
                "1",
                "22",
                "28/02/2026",
                "01/09/2026",
                "1",
                "1",
                "0",
                "0",
                "0",
                "buy",
                "0",
            ],
        ],
    ),
    "majestic_domains": (
        [
            "Position",
            "Domain",
            "RefDomains",
            "AlexaRank",
            "Matches",
            "MatchedLinks",
            "ExtBackLinks",
            "IndexedURLs",
            "CrawledURLs",
            "FirstCrawled",
            "LastSuccessfulCrawl",
            "IP",
            "SubNet",
            "CountryCode",
            "TLD",
            "CitationFlow",
            "TrustFlow",
            "BackLinks_crumbandcrust.com",
            "FirstLinkDate_crumbandcrust.com",
            "LastLinkDate_crumbandcrust.com",
        ],
        [
            [
                "1",
                "forum.example.fr",
                "1520",
                "120000",
                "1",
                "3",
                "40210",
                "900",
                "880",
                "01/02/2010",
                "13/05/2013",
                "192.0.2.10",
                "192.0.2",
                "FR",
                "fr",
                "30",
                "25",
                "3",
                "03/04/2012",
                "13/05/2013",
            ],
            [
                "2",
                "pbn.example.info",
                "4",
                "0",
                "1",
                "40",
                "800",
                "10",
                "10",
                "12/01/2013",
                "12/05/2013",
                "198.51.100.7",
                "198.51.100",
                "US",
                "info",
                "18",
                "1",
                "4000",
                "28/02/2013",
                "01/05/2013",
            ],
        ],
    ),
    "moz_inbound": (
        [
            "URL",
            "Title",
            "Anchor Text",
            "Target URL",
            "Link Type",
            "Spam Score",
            "Domain Authority",
            "Page Authority",
            "Date First Seen",
            "Date Last Seen",
            "Date Lost",
        ],
        [
            [
                "https://kitchen.example.com/reviews",
                "Best bakeries",
                "Crumb and Crust",
                SITE,
                "follow",
                "2",
                "41",
                "33",
                "2024-05-01",
                "2026-09-15",
                "",
            ],
            [
                "http://spam.example.xyz/x",
                "cheap",
                "bread",
                SITE,
                "nofollow",
                "87%",
                "5",
                "1",
                "2026-01-13",
                "2026-02-01",
                "2026-03-01",
            ],
        ],
    ),
    "gsc_latest_links": (
        ["Linking page", "Last crawled"],
        [
            ["https://breadblog.example.org/starter", "Sep 15, 2026"],
            ["https://spam.blogspot.com/x", "2026-09-04"],
            ["http://192.0.2.44/page", "2026-09-13"],
        ],
    ),
    "gsc_sample_links": (
        ["Linking page"],
        [
            ["https://breadblog.example.org/starter"],
            ["https://a.example.com/p?q=1,2"],
        ],
    ),
    "gsc_top_sites": (
        ["Site", "Linking pages", "Target pages"],
        [
            ["breadblog.example.org", "1,240", "12"],
            ["spam.blogspot.com", "3", "1"],
        ],
    ),
    "bing_backlinks": (
        ["Source Url", "Target Url", "Anchor Text"],
        [
            ["https://recipes.example.net/a", SITE, "crumb and crust"],
            ["http://x.example.com/", SITE, "bread"],
        ],
    ),
    "review": (
        ["domain", "links", "risk", "band", "suggestion", "decision", "reasons", "coverage", "url"],
        [
            [
                "spam.example.net",
                "4000",
                "92",
                "high",
                "disavow",
                "disavow",
                "exact-match anchors",
                "full",
                "",
            ],
            [
                "breadblog.example.org",
                "3",
                "8",
                "low",
                "keep",
                "keep",
                "",
                "full",
                "https://breadblog.example.org/starter",
            ],
        ],
    ),
}

_INT = re.compile(r"-?(?:0|[1-9]\d{0,2}(?:,\d{3})+|[1-9]\d*)")
_DECIMAL = re.compile(r"-?\d+\.\d+")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2}:\d{2})?")
_DMY = re.compile(r"\d{2}/\d{2}/\d{4}")
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def _typed(value: str, dayfirst: bool, numeric: bool) -> object:
    """What a spreadsheet makes of a cell: bool, int, float, percent (as a fraction), datetime or text."""
    if value.lower() in ("true", "false"):
        return value.lower() == "true"
    if numeric and _INT.fullmatch(value):
        return int(value.replace(",", ""))
    if numeric and _DECIMAL.fullmatch(value):
        return float(value)
    if numeric and value.endswith("%") and value[:-1].isdigit():
        return ("%", int(value[:-1]))
    if _ISO.fullmatch(value):
        return dt.datetime.fromisoformat(value)
    if _DMY.fullmatch(value):
        first, second, year = (int(p) for p in value.split("/"))
        day, month = (first, second) if dayfirst else (second, first)
        return dt.datetime(year, month, day)
    if re.fullmatch(r"[A-Z][a-z]{2} \d{1,2}, \d{4}", value):
        return dt.datetime.strptime(value, "%b %d, %Y")
    return value


#: Locale -> (delimiter, true, false, thousands separator, decimal mark, date format, time format,
#: header of the row-number column or None for none)
LOCALES = {
    "sheets-us": (",", "TRUE", "FALSE", ",", ".", "{d.month}/{d.day}/{d.year}", " {d:%H:%M:%S}", "#"),
    "excel-de": (";", "WAHR", "FALSCH", ".", ",", "{d:%d.%m.%Y}", " {d:%H:%M:%S}", ""),
    "excel-fr": (";", "VRAI", "FAUX", "\u202f", ",", "{d:%d/%m/%Y}", " {d:%H:%M:%S}", None),
    "excel-yes-no": (",", "Yes", "No", "", ".", "{d:%Y-%m-%d}", " {d:%H:%M:%S}", ""),
}


def _percent_columns(header: list[str], fmt: str) -> set[str]:
    spec = get_format(fmt)
    found = spec.resolve(header)
    return {found[c] for c in ("spam_score",) if c in found}


def _numeric_columns(header: list[str], fmt: str) -> set[str]:
    """Export columns the reader reads as numbers: a sheet formats these with thousands separators."""
    found = get_format(fmt).resolve(header)
    return {column for canonical, column in found.items() if LINK_COLUMNS.get(canonical) == FLOAT}


def resave(name: str, fmt: str, locale: str) -> bytes:
    """The original export ``name`` as a spreadsheet in ``locale`` writes it back as CSV (or ``xlsx``)."""
    header, rows = ORIGINALS[name]
    spec = get_format(fmt)
    numeric = _numeric_columns(header, fmt)
    percent = _percent_columns(header, fmt)
    typed = [
        [_typed(v, spec.dayfirst, h in numeric or h in percent) for h, v in zip(header, row)] for row in rows
    ]
    if locale == "xlsx":
        return _xlsx(header, typed, percent)
    sep, true, false, thousands, decimal, date_format, time_format, number_header = LOCALES[locale]
    if spec.dayfirst and locale == "sheets-us":
        date_format = "{d.day}/{d.month}/{d.year}"  # a day-first export stays day first (an en-GB sheet)

    def cell(column: str, value: object) -> str:
        if isinstance(value, bool):
            return true if value else false
        if isinstance(value, tuple):
            return f"{value[1]}%"
        if isinstance(value, int):
            text = f"{value:,}".replace(",", thousands) if thousands else str(value)
            return f"{text}%" if column in percent else text
        if isinstance(value, float):
            return str(value).replace(".", decimal)
        if isinstance(value, dt.datetime):
            text = date_format.format(d=value)
            return text + time_format.format(d=value) if value.time() != dt.time() else text
        return str(value)

    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator="\r\n")
    prefix = [] if number_header is None else [number_header]
    writer.writerow(prefix + header)
    for number, row in enumerate(typed, start=1):
        writer.writerow(([str(number)] if prefix else []) + [cell(h, v) for h, v in zip(header, row)])
    bom = "\ufeff" if sep == ";" else ""
    return (bom + out.getvalue()).encode("utf-8")


def _xlsx(header: list[str], typed: list[list[object]], percent: set[str]) -> bytes:
    """An Excel workbook: typed cells, dates as bare serial numbers, percentages as fractions shown with %."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["#", *header])
    for number, row in enumerate(typed, start=1):
        values: list[object] = [number]
        for column, value in zip(header, row):
            if isinstance(value, dt.datetime):
                value = (value - _EXCEL_EPOCH).total_seconds() / 86400  # a date cell left in "General" format
            elif isinstance(value, tuple) or (column in percent and isinstance(value, int)):
                value = (value[1] if isinstance(value, tuple) else value) / 100
            values.append(value)
        sheet.append(values)
        for column, cell in zip(header, sheet[sheet.max_row][1:]):
            if column in percent and cell.value is not None:
                cell.number_format = "0%"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _original_bytes(name: str) -> bytes:
    header, rows = ORIGINALS[name]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *rows])
    return out.getvalue().encode("utf-8")


def _detected(name: str) -> str:
    return read_export(io.BytesIO(_original_bytes(name))).format  # type: ignore[return-value]


def test_every_table_format_has_an_original() -> None:
    """A format added to the readers needs an original here, so that its re-saves are checked too."""
    tables = {n for n in format_names() if not get_format(n).lines}
    assert tables <= {_detected(name) for name in ORIGINALS}


@pytest.mark.parametrize("locale", [*LOCALES, "xlsx"])
@pytest.mark.parametrize("name", sorted(ORIGINALS))
def test_resaved_export_reads_to_the_same_records(name: str, locale: str) -> None:
    original = read_export(io.BytesIO(_original_bytes(name)))
    resaved = read_export(io.BytesIO(resave(name, original.format, locale)))  # type: ignore[arg-type]
    assert resaved.format == original.format
    assert resaved.skipped == {} and original.skipped == {}
    pd.testing.assert_frame_equal(resaved.links, original.links)


def test_resaved_values_are_the_tools_values() -> None:
    """Not only equal to the original: equal to what the export meant (the original could be misread too)."""
    links = read_export(io.BytesIO(resave("ahrefs_37", "ahrefs", "excel-fr"))).links
    assert links["domain_traffic"].tolist()[::2] == [1240.0, 1234567.0]
    assert links["first_seen"].tolist() == [
        pd.Timestamp("2025-03-01 10:11:12"),
        pd.Timestamp("2026-01-13"),
        pd.Timestamp("2024-12-24"),
    ]
    assert links["export_spam"].tolist() == [False, True, False]
    moz = read_export(io.BytesIO(resave("moz_inbound", "moz", "xlsx"))).links
    assert moz["spam_score"].tolist() == [2.0, 87.0]
    assert moz["last_seen"].tolist() == [pd.Timestamp("2026-09-15"), pd.Timestamp("2026-02-01")]


def test_the_helper_really_changes_the_text() -> None:
    """The comparisons above would prove nothing if the re-save left the values as they were."""
    us = resave("ahrefs_37", "ahrefs", "sheets-us").decode()
    assert us.startswith("#,Referring page title") and ",FALSE,TRUE," in us and '"1,234,567"' in us
    assert "3/1/2025 10:11:12" in us and "12/24/2024" in us
    de = resave("moz_inbound", "moz", "excel-de").decode("utf-8-sig")
    assert de.startswith(";URL;") and ";87%;" in de and "13.01.2026" in de
    fr = resave("semrush_backlinks", "semrush", "excel-fr").decode("utf-8-sig")
    assert "1\u202f240" in fr and "VRAI" in fr and "14/02/2025" in fr
    yes = resave("semrush_backlinks", "semrush", "excel-yes-no").decode()
    assert ",Yes," in yes and ",No," in yes and yes.startswith(",Page ascore")


def test_the_dtypes_the_helper_types_are_the_ones_read() -> None:
    header, _ = ORIGINALS["ahrefs_37"]
    found = get_format("ahrefs").resolve(header)
    kinds = {LINK_COLUMNS[c] for c in found}
    assert {BOOLEAN, DATETIME, FLOAT} <= kinds


# ------------------------------------------------------------------------------------------------------
# Plain lists and single-column exports with a stray carriage return inside a line


@pytest.mark.parametrize("ending", ["\n", "\r\n"])
def test_url_list_stray_cr_inside_a_line_does_not_split_the_record(ending: str) -> None:
    text = ending.join(["https://breadblog.example.org/starter", "https://spam.example.net/page\rrelated"])
    text += ending
    result = read_export(io.BytesIO(text.encode()))
    assert result.format == "url-list"
    assert result.rows_read == 2
    # A browser drops the CR and reads spam.example.net: the record keeps its text and the real host.
    assert result.links["source_url"].tolist() == [
        "https://breadblog.example.org/starter",
        "https://spam.example.net/page\rrelated",
    ]
    assert "related" not in result.links["source_domain"].tolist()
    assert result.flagged == {"tab or line break in URL": 1}


def test_url_list_stray_cr_that_breaks_the_host_is_counted_as_unparseable() -> None:
    text = "https://breadblog.example.org/starter\r\nspam.example.net\r related\r\n"
    result = read_export(io.BytesIO(text.encode()))
    assert result.links["source_domain"].tolist() == ["example.org"]
    assert result.skipped == {"unparseable URL": 1}
    assert result.examples["unparseable URL"] == "spam.example.net\r related"


def test_url_list_with_only_cr_line_endings_is_still_one_url_a_line() -> None:
    result = read_export(io.BytesIO(b"https://a.example.com/\rhttps://b.example.org/x\r"))
    assert result.links["source_domain"].tolist() == ["example.com", "example.org"]


def test_url_list_unicode_line_separators_are_not_line_breaks() -> None:
    """str.splitlines also splits at U+2028, NEL, form feed ...: hostile text must not make records."""
    text = "https://a.example.com/x\u2028evil.example\nhttps://b.example.org/\x0cother.example\n"
    result = read_export(io.BytesIO(text.encode()))
    assert result.rows_read == 2
    assert "evil.example" not in result.links["source_host"].tolist()


def test_disavow_export_stray_cr_inside_a_line_does_not_split_the_entry() -> None:
    text = "# disavow\r\ndomain:spam.example.net\r\ndomain:pbn.example.info\rrelated\r\n"
    result = read_export(io.BytesIO(text.encode()))
    assert result.format == "disavow"
    assert result.rows_read == 2
    assert "related" not in result.links["source_domain"].tolist()


def test_disavow_validate_does_not_split_at_a_stray_cr() -> None:
    from toxicity.disavow import parse_disavow, validate_disavow

    parsed = parse_disavow(b"domain:spam.example.net\r\ndomain:pbn.example.info\rrelated\r\n")
    assert len(parsed.lines) == 2
    problems = validate_disavow(parsed)
    assert any(p.line == 2 and "U+000D" in p.message for p in problems)


@pytest.mark.parametrize(
    ("data", "urls"),
    [
        (
            b"Linking page\r\nhttps://a.example.com/x\rrelated\r\nhttps://b.example.org/\r\n",
            ["https://a.example.com/x\rrelated", "https://b.example.org/"],
        ),
        (
            (
                b"Linking page,Last crawled\nhttps://a.example.com/x\rrelated,2026-09-15\n"
                b"https://b.example.org/,2026-09-14\n"
            ),
            ["https://a.example.com/x\rrelated", "https://b.example.org/"],
        ),
    ],
)
def test_csv_stray_cr_inside_a_row_keeps_the_row(data: bytes, urls: list[str]) -> None:
    result = read_export(io.BytesIO(data))
    assert result.skipped == {}
    assert result.links["source_url"].tolist() == urls
    assert result.links["source_domain"].tolist() == ["example.com", "example.org"]


def test_csv_with_only_cr_line_endings_reads_every_row() -> None:
    data = b"Linking page,Last crawled\rhttps://a.example.com/,2026-09-15\rhttps://b.example.org/,2026-09-14"
    result = read_export(io.BytesIO(data))
    assert result.links["source_domain"].tolist() == ["example.com", "example.org"]


# ------------------------------------------------------------------------------------------------------
# What is kept but unusual, what is skipped, and reports that are not backlink exports


def test_unusual_hosts_are_kept_and_counted_with_an_example() -> None:
    data = (
        "Linking page\nhttps://zh-.2hanx2.example/a\nhttps://a_b.example.com/\nhttps://ok.example.org/\n"
        "http://sp ace.example/\n"
    )
    result = read_export(io.BytesIO(data.encode()))
    assert result.links["source_host"].tolist() == ["zh-.2hanx2.example", "a_b.example.com", "ok.example.org"]
    assert result.flagged == {"unusual host": 2}
    assert result.examples["unusual host"] == "zh-.2hanx2.example"
    assert result.skipped == {"unparseable URL": 1}
    assert result.examples["unparseable URL"] == "http://sp ace.example/"


def test_skipped_row_examples_for_broken_rows() -> None:
    data = b"Linking page,Last crawled\nhttps://a.example.com/,2026-09-15\nhttps://b.example.com/\n"
    data += b",2026-09-15\n"
    result = read_export(io.BytesIO(data))
    assert result.skipped == {"truncated row": 1, "empty URL": 1}
    assert result.examples["truncated row"] == "https://b.example.com/"
    assert "empty URL" not in result.examples  # nothing to show


def test_search_console_internal_links_report_is_named() -> None:
    data = b"Target page,Internal links\nhttps://crumbandcrust.com/,40\n"
    with pytest.raises(UnknownFormatError, match="this is Search Console's internal links report") as info:
        read_export(io.BytesIO(data))
    assert "export Links > External links > Latest links instead" in str(info.value)


def test_reading_block_carries_names_formats_rows_and_skipped(tmp_path: Path) -> None:
    from toxicity.io import read_exports

    a = tmp_path / "a.csv"
    a.write_bytes(b"Linking page\nhttps://a.example.com/\n::bad::\n")
    b = tmp_path / "b.txt"
    b.write_bytes(b"https://b.example.org/\n")
    block = read_exports([a, b]).reading()
    assert block["rows_read"] == 3 and block["records"] == 2
    assert block["skipped"] == {"unparseable URL": 1}
    assert [(e["name"], e["format"], e["rows_read"], e["skipped"]) for e in block["exports"]] == [
        (str(a), "gsc-links", 2, {"unparseable URL": 1}),
        (str(b), "url-list", 1, {}),
    ]
    assert block["examples"] == {"unparseable URL": "::bad::"}


_LINE = st.text(st.sampled_from(list('abc.:/-_ \r\t"#,;\u2028\x0c')), max_size=30)


@settings(max_examples=150, deadline=None)
@given(lines=st.lists(_LINE, min_size=1, max_size=8), crlf=st.booleans())
def test_a_lone_cr_never_makes_a_record_of_its_own(lines: list[str], crlf: bool) -> None:
    """Property: in a text with LF or CRLF line ends, records come from LF-ended lines only."""
    lines = [line.strip("\r") for line in lines]  # a CR next to the line end would make a CRLF
    text = ("\r\n" if crlf else "\n").join(["https://first.example.com/", *lines]) + "\n"
    try:
        result = read_export(io.BytesIO(text.encode("utf-8")), "url-list")
    except ToxicityError:
        return
    entries = [line.strip() for line in ["https://first.example.com/", *lines] if line.strip()]
    assert result.rows_read == len(entries)
    assert set(result.links["source_url"]) <= set(entries)  # whole lines, never a piece after a CR


def test_one_column_sheet_cell_with_a_line_break_stays_one_entry() -> None:
    from openpyxl import Workbook

    book = Workbook()
    for value in ("https://a.example.com/", "https://spam.example.net/x\nrelated", "https://b.example.org/"):
        book.active.append([value])
    buffer = io.BytesIO()
    book.save(buffer)
    result = read_export(io.BytesIO(buffer.getvalue()))
    assert result.format == "url-list" and result.rows_read == 3
    assert "related" not in result.links["source_domain"].tolist()
    assert result.flagged == {"tab or line break in URL": 1}
