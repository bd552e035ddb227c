"""Hypothesis: readers never crash on arbitrary bytes or on damaged real exports; host and domain
extraction is idempotent."""

from __future__ import annotations

import csv
import gzip
import io
import zipfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toxicity.domains import domains_of, host_of_url, hosts_of, registrable_domain
from toxicity.errors import ToxicityError
from toxicity.io import format_names, read_export
from toxicity.schema import validate_links

FIXTURES = Path(__file__).parent.parent / "fixtures" / "exports"
EXPORTS = sorted(p for p in FIXTURES.iterdir() if p.is_file())
HEADERS = [
    b"Linking page,Last crawled\n",
    b"Referring page URL\tTarget URL\tAnchor\n",
    b"",
    b"Site,Linking pages\n",
    b'"Linking page","Last crawled"\n',
    b"sep=;\nLinking page;Last crawled\n",
    b"\xff\xfe",
    b"\x1f\x8b",
    b"PK\x03\x04",
    b"https://example.com/\n",
]
#: Text that breaks naive readers: quotes, every line break, delimiters, NUL, BOMs, markup, long runs.
HOSTILE = [
    b'"',
    b'""',
    b'"\t',
    b'\t"',
    b'",',
    b'"\n',
    b"\r",
    b"\n",
    b"\r\n",
    b"\t",
    b",",
    b";",
    b"|",
    b"\x00",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xc3",
    b"sep=;\n",
    b"#",
    b"domain:",
    b"=cmd|' /C calc'!A0",
    b"<row><c",
    b"&",
    b"http://[2001:db8::1]/",
    b"a" * 5000,
    b"\n" * 300,
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=st.sampled_from(HEADERS), body=st.binary(max_size=400))
def test_reader_never_crashes_on_arbitrary_bytes(prefix: bytes, body: bytes) -> None:
    try:
        result = read_export(io.BytesIO(prefix + body))
    except ToxicityError:
        return
    validate_links(result.links)
    assert result.rows_read >= len(result.links)


def _mutate(data: bytes, edits: list[tuple[str, int, int, bytes]]) -> bytes:
    for kind, at, size, token in edits:
        at %= len(data) + 1
        if kind == "insert":
            data = data[:at] + token + data[at:]
        elif kind == "delete":
            data = data[:at] + data[at + size :]
        elif kind == "truncate":
            data = data[:at]
        elif kind == "duplicate":
            data = data[:at] + data[at : at + size] * 3 + data[at:]
        else:  # replace one byte
            data = data[:at] + token[:1] + data[at + 1 :]
    return data


def _wrap(data: bytes, how: str) -> bytes:
    if how == "gzip":
        return gzip.compress(data, compresslevel=1)
    if how == "zip":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("export.csv", data)
        return buffer.getvalue()
    return data


_EDITS = st.lists(
    st.tuples(
        st.sampled_from(["insert", "delete", "truncate", "duplicate", "replace"]),
        st.integers(min_value=0, max_value=1 << 16),
        st.integers(min_value=1, max_value=64),
        st.sampled_from(HOSTILE) | st.binary(min_size=1, max_size=8),
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    path=st.sampled_from(EXPORTS),
    edits=_EDITS,
    wrap=st.sampled_from(["none", "none", "gzip", "zip"]),
    fmt=st.sampled_from(["auto", "auto", *format_names()]),
)
def test_damaged_real_exports_give_records_or_a_toxicity_error(
    path: Path, edits: list[tuple[str, int, int, bytes]], wrap: str, fmt: str
) -> None:
    """Near-valid files: real exports with quotes, line breaks, NULs, BOMs ... inserted or cut."""
    data = _wrap(_mutate(path.read_bytes(), edits), wrap)
    try:
        result = read_export(io.BytesIO(data), fmt)
    except ToxicityError:
        return
    validate_links(result.links)
    assert 0 < len(result.links) <= result.rows_read


def _sheet_edits(xml: bytes, edits: list[tuple[str, int, int, bytes]]) -> bytes:
    start = xml.find(b"<sheetData>")
    return xml[:start] + _mutate(xml[start:], edits)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    edits=st.lists(
        st.tuples(
            st.sampled_from(["insert", "delete", "truncate", "duplicate", "replace"]),
            st.integers(min_value=0, max_value=4096),
            st.integers(min_value=1, max_value=64),
            st.sampled_from(
                [
                    b"<",
                    b">",
                    b"&",
                    b'"',
                    b"</row>",
                    b'<row r="1048576">',
                    b'<c r="XFD1"><v>1</v></c>',
                    b'<c r="A1" t="s"><v>99</v></c>',
                    b"<!DOCTYPE x>",
                    b"\x00",
                    b"\xff",
                ]
            ),
        ),
        min_size=1,
        max_size=3,
    )
)
def test_damaged_sheet_xml_gives_records_or_a_toxicity_error(
    edits: list[tuple[str, int, int, bytes]],
) -> None:
    source = FIXTURES / "gsc_top_sites.xlsx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(source) as book, zipfile.ZipFile(buffer, "w") as out:
        for info in book.infolist():
            content = book.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                content = _sheet_edits(content, edits)
            out.writestr(info.filename, content)
    try:
        result = read_export(io.BytesIO(buffer.getvalue()))
    except ToxicityError:
        return
    validate_links(result.links)
    assert 0 < len(result.links) <= result.rows_read


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\x00"), max_size=30), max_size=20
    )
)
def test_reader_never_crashes_on_arbitrary_text(lines: list[str]) -> None:
    try:
        result = read_export(io.BytesIO("\n".join(lines).encode("utf-8")))
    except ToxicityError:
        return
    validate_links(result.links)


_URLISH = st.text(alphabet="aZ09.-_:/@?#[]% \u00a0éü", max_size=30)


@settings(max_examples=200, deadline=None)
@given(st.lists(_URLISH, max_size=30))
def test_vectorised_hosts_match_the_scalar_function(urls: list[str]) -> None:
    got = hosts_of(pd.Series(urls, dtype="string")).tolist()
    assert [None if g is pd.NA else g for g in got] == [host_of_url(u) for u in urls]


@settings(max_examples=200, deadline=None)
@given(_URLISH)
def test_host_and_domain_extraction_is_idempotent(url: str) -> None:
    host = host_of_url(url)
    if host is None:
        return
    assert host_of_url(host) == host
    domain = registrable_domain(host)
    assert registrable_domain(domain) == domain
    assert domains_of(pd.Series([host], dtype="string")).iloc[0] == domain


_ANCHOR_CHARS = st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]) | st.sampled_from('"",;\t\n ')


@settings(max_examples=100, deadline=None)
@given(
    anchors=st.lists(st.text(_ANCHOR_CHARS, max_size=20), min_size=1, max_size=12),
    delimiter=st.sampled_from([",", "\t"]),
    quote_all=st.booleans(),
)
def test_quoted_exports_round_trip(anchors: list[str], delimiter: str, quote_all: bool) -> None:
    """Whatever Python's csv writer quotes (quote, delimiter or line break inside a cell) reads back as is."""
    # A line break followed by a whole row's worth of delimiters is read as a runaway quote, by design.
    anchors = [a.replace(delimiter, "") if "\n" in a else a for a in anchors]
    buffer = io.StringIO(newline="")
    writer = csv.writer(
        buffer,
        delimiter=delimiter,
        quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
        lineterminator="\r\n",
    )
    writer.writerow(["Referring page URL", "Target URL", "Anchor"])
    writer.writerows(
        [f"https://site{i}.example.org/p", "https://t.example/", a] for i, a in enumerate(anchors)
    )
    result = read_export(io.BytesIO(buffer.getvalue().encode("utf-8")))
    assert result.skipped == {}
    assert result.links["anchor"].tolist() == anchors


@settings(max_examples=100, deadline=None)
@given(
    anchors=st.lists(st.text(_ANCHOR_CHARS.filter(lambda c: c not in "\t\r\n"), max_size=20), max_size=12),
    stray=st.text(_ANCHOR_CHARS.filter(lambda c: c not in '\t\r\n"'), max_size=20),
    at=st.integers(min_value=0, max_value=12),
)
def test_unquoted_tsv_with_a_stray_quote_round_trips(anchors: list[str], stray: str, at: int) -> None:
    """Finding 1: an unquoted TSV keeps every row and every quote when one anchor opens a quote."""
    anchors.insert(min(at, len(anchors)), '"' + stray)
    lines = ["Referring page URL\tTarget URL\tAnchor"]
    lines += [f"https://site{i}.example.org/p\thttps://t.example/\t{a}" for i, a in enumerate(anchors)]
    data = b"\xff\xfe" + "".join(line + "\r\n" for line in lines).encode("utf-16-le")
    result = read_export(io.BytesIO(data))
    assert result.skipped == {}
    assert result.links["anchor"].tolist() == anchors
