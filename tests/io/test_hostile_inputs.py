"""Hostile and oversized exports: nothing is lost silently, every failure is a clear ``ToxicityError``.

Hostile files are built in ``tmp_path`` (the fixture folder is globbed by other tests). Memory-hungry
cases run in a child process under an address-space limit, so a regression fails the test instead of
exhausting the machine.
"""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from toxicity.errors import InputFileError, MissingColumnsError
from toxicity.io import limits, read_export

FIXTURES = Path(__file__).parent.parent / "fixtures" / "exports"
ROWS = 377
STRAY = '"Best sourdough in town'


def ahrefs_tsv(anchors: dict[int, str], *, quoted: bool = False, rows: int = ROWS) -> bytes:
    """An Ahrefs export (UTF-16 LE with BOM, tab-separated) of ``rows`` links; ``anchors`` overrides cells."""
    template = (FIXTURES / "ahrefs_utf16.tsv").read_bytes().decode("utf-16").splitlines()
    header, cells = template[0].split("\t"), template[1].split("\t")
    anchor, url = header.index("Anchor"), header.index("Referring page URL")
    lines = [header]
    for i in range(rows):
        row = list(cells)
        row[url] = f"https://site{i}.example.org/page-{i}"
        row[anchor] = anchors.get(i, f"anchor {i}")
        lines.append(row)
    if quoted:
        text = "\r\n".join("\t".join('"' + c.replace('"', '""') + '"' for c in line) for line in lines)
    else:
        text = "\r\n".join("\t".join(line) for line in lines)
    return b"\xff\xfe" + (text + "\r\n").encode("utf-16-le")


def run_limited(code: str, *, memory_mb: int, timeout: float = 120) -> dict[str, object]:
    """Run ``code`` in a child Python under an address-space limit; it prints one JSON object."""
    prelude = textwrap.dedent(
        f"""
        import json, resource, sys
        resource.setrlimit(resource.RLIMIT_AS, ({memory_mb} << 20, {memory_mb} << 20))
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", prelude + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- 1. one quote must not swallow the rest of an unquoted export --------------------------------------


@pytest.mark.parametrize("row", [0, 5, 200, ROWS - 1])
def test_unquoted_ahrefs_tsv_with_a_leading_quote_keeps_every_row(tmp_path: Path, row: int) -> None:
    path = tmp_path / "ahrefs.tsv"
    path.write_bytes(ahrefs_tsv({row: STRAY}))
    result = read_export(path)
    assert (result.rows_read, len(result.links), result.skipped) == (ROWS, ROWS, {})
    assert result.links.loc[row, "anchor"] == STRAY
    assert result.links["source_url"].tolist() == [
        f"https://site{i}.example.org/page-{i}" for i in range(ROWS)
    ]


def test_unquoted_file_keeps_quotes_anywhere_in_its_text(tmp_path: Path) -> None:
    anchors = {1: STRAY, 2: '5" screen', 3: 'say "hi"', 4: '"quoted"', 5: '"', 6: 'town"'}
    path = tmp_path / "ahrefs.tsv"
    path.write_bytes(ahrefs_tsv(anchors))
    links = read_export(path).links
    assert len(links) == ROWS
    assert [links.loc[i, "anchor"] for i in anchors] == list(anchors.values())


def test_quoted_export_keeps_embedded_newlines_quotes_and_delimiters(tmp_path: Path) -> None:
    anchors = {0: 'a "quoted" word', 1: "two\nlines", 2: "tab\there", 3: STRAY}
    path = tmp_path / "ahrefs.tsv"
    path.write_bytes(ahrefs_tsv(anchors, quoted=True))
    result = read_export(path)
    assert (len(result.links), result.skipped) == (ROWS, {})
    assert [result.links.loc[i, "anchor"] for i in anchors] == list(anchors.values())


def test_csv_with_quoted_commas_and_newlines_still_works(tmp_path: Path) -> None:
    path = tmp_path / "semrush.csv"
    path.write_text(
        "Page ascore,Source url,Target url,Anchor,Source title\n"
        '3,https://a.example.com/,https://t.example/,"bread, rye","Line one\nline ""two"""\n'
        "4,https://b.example.com/,https://t.example/,plain,title\n",
        encoding="utf-8",
    )
    links = read_export(path).links
    assert links["anchor"].tolist() == ["bread, rye", "plain"]
    assert links["source_title"].tolist() == ['Line one\nline "two"', "title"]


def test_runaway_quote_in_a_quoted_export_names_the_line(tmp_path: Path) -> None:
    data = ahrefs_tsv({}, quoted=True).decode("utf-16")
    lines = data.split("\r\n")
    # Line 102 (data row 101): the last field's closing quote is missing, so it runs into line 103.
    assert lines[101].endswith('\t"1"')
    lines[101] = lines[101][:-1]
    path = tmp_path / "ahrefs.tsv"
    path.write_bytes(b"\xff\xfe" + "\r\n".join(lines).encode("utf-16-le"))
    with pytest.raises(
        InputFileError, match=r"a quoted field opened on line 102 does not close before line 103 "
    ) as info:
        read_export(path)
    assert "text editor" in str(info.value)


def test_runaway_quote_to_the_end_of_a_short_quoted_csv(tmp_path: Path) -> None:
    path = tmp_path / "links.csv"
    path.write_text(
        '"Linking page","Last crawled"\n"https://a.example.com/","2026-09-15"\n'
        '"https://b.example.com/","2026-09-15\n"https://c.example.com/","2026-09-15"\n',
        encoding="utf-8",
    )
    with pytest.raises(InputFileError, match="a quoted field opened on line 3 "):
        read_export(path)


# --- 7. caps: decompressed size, nesting, rows, cells, field size ---------------------------------------


def test_gzip_nested_too_deep_is_an_error(tmp_path: Path) -> None:
    data = b"Linking page\nhttps://a.example.com/\n"
    for _ in range(1200):
        data = gzip.compress(data, compresslevel=1)
    path = tmp_path / "nested.csv.gz"
    path.write_bytes(data)
    with pytest.raises(InputFileError, match="archives nested more than 3 deep"):
        read_export(path)


def test_gzip_inside_zip_still_reads(tmp_path: Path) -> None:
    inner = gzip.compress((FIXTURES / "gsc_latest_links.csv").read_bytes())
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("links.csv.gz", inner)
    path = tmp_path / "links.zip"
    path.write_bytes(buffer.getvalue())
    assert len(read_export(path).links) == 3


def test_decompressed_size_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_INPUT_BYTES", 1 << 20)
    path = tmp_path / "big.csv.gz"
    path.write_bytes(gzip.compress(b"Linking page\n" + b"https://a.example.com/\n" * 100_000))
    with pytest.raises(InputFileError, match=r"more than 1 MB once unpacked.* split the export"):
        read_export(path)


def test_zip_member_size_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_INPUT_BYTES", 1 << 20)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("links.csv", b"Linking page\n" + b"https://a.example.com/\n" * 100_000)
    path = tmp_path / "big.zip"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(InputFileError, match="more than 1 MB once unpacked"):
        read_export(path)


def test_plain_file_and_stream_size_are_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_INPUT_BYTES", 1 << 20)
    data = b"Linking page\n" + b"https://a.example.com/\n" * 100_000
    path = tmp_path / "big.csv"
    path.write_bytes(data)
    with pytest.raises(InputFileError, match="is larger than 1 MB"):
        read_export(path)
    with pytest.raises(InputFileError, match="is larger than 1 MB"):
        read_export(io.BytesIO(data))


def test_rows_are_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_ROWS", 50)
    path = tmp_path / "links.csv"
    path.write_bytes(b"Linking page,Last crawled\n" + b"https://a.example.com/,2026-09-15\n" * 60)
    with pytest.raises(InputFileError, match="has 61 lines; toxicity reads at most 50 rows"):
        read_export(path)
    path.write_bytes(b"Linking page,Last crawled\n" + b"https://a.example.com/,2026-09-15\n" * 49)
    assert len(read_export(path).links) == 49


def test_cells_of_text_exports_are_not_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Text is parsed column by column: a wide export of many rows is not refused for its cell count."""
    monkeypatch.setattr(limits, "MAX_CELLS", 100)
    path = tmp_path / "links.csv"
    path.write_bytes(b"Linking page,Last crawled\n" + b"https://a.example.com/,2026-09-15\n" * 60)
    assert len(read_export(path).links) == 60


def test_a_decompression_bomb_is_refused_by_its_growth(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "RATIO_FLOOR_BYTES", 1 << 20)
    text = b"Linking page\n" + b"https://a.example.com/\n" * 200_000  # 4.6 MB, gzip makes it ~1000x smaller
    path = tmp_path / "bomb.csv.gz"
    path.write_bytes(gzip.compress(text))
    with pytest.raises(
        InputFileError, match=r"grows more than 200 times its compressed size.*unpack it by hand"
    ):
        read_export(path)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("links.csv", text)
    path = tmp_path / "bomb.zip"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(InputFileError, match=r"grows more than 200 times"):
        read_export(path)
    monkeypatch.setattr(limits, "RATIO_FLOOR_BYTES", 64 << 20)  # below the floor, growth alone is no bomb
    assert len(read_export(tmp_path / "bomb.csv.gz").links) == 200_000


def test_a_huge_field_is_named_in_plain_words(tmp_path: Path) -> None:
    """Finding 10: a 50 MB field gave Arrow's "straddling object" message."""
    path = tmp_path / "links.csv"
    path.write_bytes(
        b"Linking page,Last crawled\nhttps://a.example.com/,2026-09-15\nhttps://a.example.com/"
        + b"a" * (50 << 20)
        + b",2026-09-15\n"
    )
    with pytest.raises(InputFileError) as info:
        read_export(path)
    message = str(info.value)
    assert "line 3 is 50.0 MB long" in message and "at most 1 MB" in message
    assert "straddl" not in message and "block" not in message


def test_a_long_multiline_quoted_field_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_FIELD_BYTES", 1000)
    path = tmp_path / "links.csv"
    body = "\n".join(["x" * 400] * 5)
    path.write_text(
        f'Page ascore,Source url,Target url,Anchor\n3,https://a.example.com/,https://t.example/,"{body}"\n',
        encoding="utf-8",
    )
    with pytest.raises(InputFileError, match="row 1 has a field of 2.0 KB"):
        read_export(path)


def _workbook(rows: list[list[object]], extra: dict[str, object] | None = None) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for cell, value in (extra or {}).items():
        sheet[cell] = value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_with_a_far_cell_reads_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "far.xlsx"
    path.write_bytes(
        _workbook(
            [["Linking page", "Last crawled"], ["https://a.example.com/", "2026-09-15"]], {"XFD1048576": "x"}
        )
    )
    assert path.stat().st_size < 16_000
    got = run_limited(
        f"""
        from toxicity.io import read_export
        result = read_export({str(path)!r})
        print(json.dumps({{"links": len(result.links), \
"rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}}))
        """,
        memory_mb=1500,
        timeout=60,
    )
    assert got["links"] == 1


def test_xlsx_far_cell_in_the_header_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_CELLS", 10_000)
    path = tmp_path / "wide.xlsx"
    rows = [["Linking page", "Last crawled"]] + [["https://a.example.com/", "2026-09-15"]] * 3
    path.write_bytes(_workbook(rows, {"XFD1": "x"}))
    with pytest.raises(
        InputFileError, match=r"sheet 'Sheet' holds more than 10,000 cells \(1 rows x 16,384 columns"
    ):
        read_export(path)


def test_xlsx_rows_are_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_ROWS", 5)
    path = tmp_path / "rows.xlsx"
    path.write_bytes(_workbook([["Linking page"]] + [[f"https://a{i}.example.com/"] for i in range(10)]))
    with pytest.raises(InputFileError, match="sheet 'Sheet' has more than 5 rows"):
        read_export(path)


def test_xlsx_field_size_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "MAX_FIELD_BYTES", 1000)
    path = tmp_path / "field.xlsx"
    path.write_bytes(_workbook([["Linking page", "Note"], ["https://a.example.com/", "x" * 5000]]))
    with pytest.raises(InputFileError, match="sheet 'Sheet', row 2 has a field of 4.9 KB"):
        read_export(path)


def test_xlsx_unpacked_size_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = _workbook([["Linking page"]] + [[f"https://a{i}.example.com/"] for i in range(2000)])
    monkeypatch.setattr(limits, "MAX_INPUT_BYTES", len(data) + 1)  # the file fits, its parts do not
    path = tmp_path / "links.xlsx"
    path.write_bytes(data)
    with pytest.raises(InputFileError, match=f"more than {limits.size_text(len(data) + 1)} once unpacked"):
        read_export(path)


@pytest.mark.slow
def test_one_gigabyte_inside_a_small_gzip_fails_fast_in_bounded_memory(tmp_path: Path) -> None:
    """Finding 7: 1 GB of rows inside a few MB of gzip went past 8 GB of memory."""
    block = b"".join(b"https://spam.example.com/page-%d,2026-09-15\n" % (i % 10) for i in range(24_000))
    member = gzip.compress(block[: block.rindex(b"\n", 0, 1 << 20) + 1], compresslevel=9)
    path = tmp_path / "big.csv.gz"
    with path.open("wb") as out:
        out.write(gzip.compress(b"Linking page,Last crawled\n"))
        for _ in range(1024):  # gzip members concatenate: 1 GiB of text
            out.write(member)
    assert path.stat().st_size < 5 << 20  # the case: 1 GB inside a few MB
    got = run_limited(
        f"""
        from toxicity.errors import InputFileError
        from toxicity.io import read_export
        try:
            read_export({str(path)!r})
            message = "read without error"
        except InputFileError as exc:
            message = str(exc)
        print(json.dumps({{"message": message, "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}}))
        """,
        memory_mb=3000,
    )
    assert "grows more than 200 times its compressed size" in str(got["message"])
    assert int(str(got["rss"])) < 1_000_000  # KiB: the libraries plus about 64 MB of text, not 1 GB


# --- 8. tracebacks where an Error belongs ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("links.csv", b"Linking page,Last crawled\n"),
        ("links.csv", b"Linking page,Last crawled\r\n\r\n"),
        ("ahrefs.tsv", b"\xff\xfe" + "Referring page URL\tTarget URL\tAnchor\r\n".encode("utf-16-le")),
    ],
)
def test_header_only_export_is_an_error(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputFileError, match="has a header and no data rows"):
        read_export(path)


def test_header_only_workbook_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "links.xlsx"
    path.write_bytes(_workbook([["Linking page", "Last crawled"]]))
    with pytest.raises(InputFileError, match="has a header and no data rows"):
        read_export(path)


def test_no_readable_row_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "links.csv"
    path.write_bytes(b"Linking page,Last crawled\nhttps://a.example.com/,2026-09-15,x,y\n")
    with pytest.raises(
        InputFileError, match=r"none of the 1 rows could be read \(row with too many fields: 1\)"
    ):
        read_export(path)


def test_comment_only_disavow_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "disavow.txt"
    path.write_bytes(b"# nothing disavowed yet\n\n")
    with pytest.raises(InputFileError, match="lists no URL or domain"):
        read_export(path)


def _rewrite_sheet(data: bytes, edit: object) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = edit(content)  # type: ignore[operator]
            target.writestr(info.filename, content)
    return out.getvalue()


@pytest.mark.parametrize(
    "edit",
    [
        lambda xml: xml.replace(b"</sheetData>", b"<row><c"),
        lambda xml: xml[: len(xml) // 2],
        lambda xml: xml.replace(b'r="A2"', b'r="??"'),
        lambda xml: b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + xml,
    ],
    ids=["unclosed", "cut", "bad-reference", "entity"],
)
def test_malformed_sheet_xml_is_an_error(tmp_path: Path, edit: object) -> None:
    path = tmp_path / "links.xlsx"
    good = _workbook([["Linking page", "Last crawled"], ["https://a.example.com/", "2026-09-15"]])
    path.write_bytes(_rewrite_sheet(good, edit))
    with pytest.raises(InputFileError, match="the Excel workbook cannot be read"):
        read_export(path)


@pytest.mark.parametrize("encoding", ["punycode", "idna", "base64", "rot13", "undefined", "unicode_escape"])
def test_codecs_that_are_not_file_encodings_are_errors(encoding: str) -> None:
    with pytest.raises(InputFileError, match=r"not a text file encoding.* utf-8, utf-16 or cp1252"):
        read_export(FIXTURES / "gsc_latest_links.csv", encoding=encoding)


# --- 9. a URL on the first line of a URL list is data ----------------------------------------------------


@pytest.mark.parametrize("fmt", ["auto", "url-list"])
@pytest.mark.parametrize("first", ["http://[2001:db8::1]/", "[2001:db8::1]", "http://localhost/"])
def test_url_list_first_line_that_is_a_url_is_data(tmp_path: Path, fmt: str, first: str) -> None:
    path = tmp_path / "urls.txt"
    path.write_text(f"{first}\nhttps://b.example.com/\n", encoding="utf-8")
    result = read_export(path, fmt)
    assert result.rows_read == 2
    assert result.links["source_url"].iloc[0] == first


@pytest.mark.parametrize("header", ["url", "URL", "Linking page", "hosts"])
def test_url_list_header_word_is_still_skipped(tmp_path: Path, header: str) -> None:
    path = tmp_path / "urls.txt"
    path.write_text(f"{header}\nhttps://b.example.com/\n", encoding="utf-8")
    assert read_export(path, "url-list").links["source_url"].tolist() == ["https://b.example.com/"]


# --- 10. messages that say what the file is ---------------------------------------------------------------


@pytest.mark.parametrize("hint", ["sep=;", "SEP=;", '"sep=;"'])
def test_excel_sep_line_is_honoured_and_skipped(tmp_path: Path, hint: str) -> None:
    path = tmp_path / "links.csv"
    path.write_text(
        f"{hint}\r\nLinking page;Last crawled\r\nhttps://a.example.com/x,y;2026-09-15\r\n", encoding="utf-8"
    )
    result = read_export(path)
    assert (result.format, result.rows_read) == ("gsc-links", 1)
    assert result.links["source_url"].tolist() == ["https://a.example.com/x,y"]
    assert str(result.links["last_seen"].iloc[0].date()) == "2026-09-15"


def test_sep_line_names_the_line_of_a_runaway_quote(tmp_path: Path) -> None:
    path = tmp_path / "links.csv"
    rows = "".join(f'"https://a{i}.example.com/";"2026-09-15"\n' for i in range(3))
    path.write_text(f'sep=;\n"Linking page";"Last crawled"\n{rows}"https://b.example.com/";"x\n{rows}')
    with pytest.raises(InputFileError, match="opened on line 6 "):
        read_export(path)


def test_ods_file_is_named_and_the_fix_given(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED
        )
        archive.writestr("content.xml", "<office:document-content/>")
        archive.writestr("META-INF/manifest.xml", "<manifest/>")
    path = tmp_path / "links.ods"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(InputFileError) as info:
        read_export(path)
    message = str(info.value)
    assert "OpenDocument spreadsheet" in message and "save it as .xlsx or .csv" in message
    assert "zip archive holds" not in message


def test_limits_are_documented_numbers() -> None:
    for name in (
        "MAX_INPUT_BYTES",
        "MAX_UNPACK_RATIO",
        "RATIO_FLOOR_BYTES",
        "MAX_ARCHIVE_DEPTH",
        "MAX_ROWS",
        "MAX_CELLS",
        "MAX_FIELD_BYTES",
    ):
        value = getattr(limits, name)
        assert isinstance(value, int) and value > 0
        assert name in (limits.__doc__ or "")


def test_a_damaged_header_that_still_matches_a_format_names_the_missing_column(tmp_path: Path) -> None:
    """Found by the property test: 'URL' cut to 'RL' still looked like Moz, and the reader hit a KeyError."""
    path = tmp_path / "moz.csv"
    path.write_bytes(
        b"RL,Title,Anchor Text,Target URL,Link Type,Spam Score,Domain Authority,Page Authority\n"
        b"https://kitchen.example.com/reviews,Best bakeries,Crumb,https://crumbandcrust.com/,follow,2,41,33\n"
    )
    with pytest.raises(
        MissingColumnsError, match=r"looks like .* \('moz'\) but lacks its required columns: URL"
    ):
        read_export(path)


def test_a_cell_naming_a_shared_string_the_workbook_lacks_is_an_error(tmp_path: Path) -> None:
    """Found by the property test: an IndexError from openpyxl escaped as a traceback."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["Linking page", "Last crawled"])
    book.active.append(["https://a.example.com/", "2026-09-15"])
    plain = tmp_path / "plain.xlsx"
    book.save(plain)
    damaged = tmp_path / "links.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(damaged, "w") as out:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(
                    b"<sheetData>", b'<sheetData><row r="9"><c r="A9" t="s"><v>99</v></c></row>', 1
                )
            out.writestr(item, data)
    with pytest.raises(InputFileError, match=r"the Excel workbook cannot be read \(IndexError"):
        read_export(damaged)
