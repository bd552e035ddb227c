"""Turning decoded export text or an ``.xlsx`` workbook into a table of raw string cells.

Delimited text is parsed by Apache Arrow's multi-threaded CSV reader with every column read as text
(``"007"`` stays ``"007"``); rows with too few fields (a download cut off mid-row) or too many are
counted by reason, never dropped silently, and the first of each kind is kept as an example.

Line breaks: a text whose lines end with LF or CRLF keeps a lone CR inside a line as part of that line
(old Search Console lists carry stray CRs: splitting there makes a record of half a URL). Only a text
without a single LF (classic Mac OS) ends its lines with CR.

Quotes: a file is read with CSV quoting unless that loses rows which reading the quotes as text keeps
(an unquoted Ahrefs TSV whose anchor starts with ``"``: with quoting, that one quote swallows the rest
of the file). A file that is quoted and has a quote that never closes is an error naming its line.
Rows, cells, lines, fields and sheets are capped (:mod:`toxicity.io.limits`) before they are parsed.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from toxicity.errors import InputFileError
from toxicity.io import limits
from toxicity.io.limits import size_text
from toxicity.io.source import RawInput, Text

TRUNCATED = "truncated row"
TOO_MANY_FIELDS = "row with too many fields"

_DELIMITERS = ("\t", ",", ";", "|")
#: Delimiter used for single-column files, so that commas inside URLs never split a value.
_NO_DELIMITER = "\x1f"
#: Excel's first line naming the delimiter (``sep=;``), sometimes quoted.
_SEP_LINE = re.compile(rb'\A[ \t]*"?sep=([\t!#-~])"?[ \t]*(?:\r\n|\r|\n|\Z)', re.IGNORECASE)
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass
class Table:
    """Raw cells of one export: ``frame`` holds strings ('' for empty cells), ``header`` the names as given.

    ``skipped`` counts rows that could not be read, by reason; ``examples`` holds the text of the first such
    row for each reason (cut to :data:`EXAMPLE_CHARS` characters).
    """

    frame: pd.DataFrame
    header: list[str]
    skipped: Counter[str] = field(default_factory=Counter)
    sheet: str | None = None
    examples: dict[str, str] = field(default_factory=dict)


#: Characters of a skipped row kept as its example (the row is hostile text: shown quoted and cut).
EXAMPLE_CHARS = 200
#: Noncharacters that stand in for a lone CR inside a line while Arrow, which ends a line at any CR, parses.
_CR_STAND_INS = tuple(chr(c).encode("utf-8") for c in range(0xFDD0, 0xFDF0))
_LONE_CR = re.compile(rb"\r(?!\n)")


def line_end(utf8: bytes) -> bytes:
    """The byte that ends a line of ``utf8``: LF, or CR in a text without any LF (classic Mac OS).

    A CRLF ends a line at its LF; a lone CR in a text with LFs is part of its line.

    >>> line_end(b"a\\r\\nb\\rc\\n"), line_end(b"a\\rb\\r")
    (b'\\n', b'\\r')
    """
    return b"\n" if b"\n" in utf8 or b"\r" not in utf8 else b"\r"


def strip_leading_blank_lines(utf8: bytes) -> bytes:
    """Drop blank lines before the header (some tools write a title line gap)."""
    i = 0
    n = len(utf8)
    while i < n and utf8[i] in b" \t\r\n":
        i += 1
    # keep leading tabs of the header line itself
    line_start = utf8.rfind(b"\n", 0, i) + 1
    return utf8[line_start:]


def excel_separator(utf8: bytes) -> tuple[str | None, bytes]:
    """The delimiter an Excel ``sep=;`` first line names, and the text without that line.

    >>> excel_separator(b"sep=;\\nLinking page;Last crawled\\n")
    (';', b'Linking page;Last crawled\\n')
    >>> excel_separator(b"Linking page\\n")
    (None, b'Linking page\\n')
    """
    match = _SEP_LINE.match(utf8)
    if match is None:
        return None, utf8
    return match.group(1).decode("ascii"), utf8[match.end() :]


def count_lines(utf8: bytes) -> int:
    """Lines of a text, each ended by the byte :func:`line_end` names (a lone CR in a line is part of it).

    >>> count_lines(b"a\\r\\nbbb\\rcc"), count_lines(b"a\\n"), count_lines(b"a\\rb\\r"), count_lines(b"")
    (2, 1, 2, 0)
    """
    end = line_end(utf8)
    return utf8.count(end) + (1 if utf8 and utf8[-1:] != end else 0)


def find_long_line(utf8: bytes, limit: int) -> tuple[int, int] | None:
    """The first line longer than ``limit`` bytes, as (1-based line number, length), or None.

    Jumps from window to window of ``limit`` bytes to the last line break in each, so the text is
    scanned once at memory speed, whatever the number of lines. Lines end as :func:`line_end` says; the
    length of a line ended by CRLF counts its CR.

    >>> find_long_line(b"ab\\ncdefg\\r\\nh", 4), find_long_line(b"ab\\ncd", 4)
    ((2, 5), None)
    >>> find_long_line(b"a\\rbcdef", 4)
    (2, 5)
    """
    n = len(utf8)
    end = line_end(utf8)

    def length(start: int, stop: int) -> int:
        # the CR of a CRLF ends the line with its LF; a lone CR (at the end of the text too) is text
        crlf = end == b"\n" and start < stop < n and utf8[stop - 1] == 13
        return stop - start - crlf

    pos = 0  # always the start of a line
    while pos + limit < n:
        first = utf8.find(end, pos, pos + limit + 2)
        if first < 0 or length(pos, first) > limit:
            stop = first if first >= 0 else utf8.find(end, pos)
            return utf8.count(end, 0, pos) + 1, length(pos, stop if stop >= 0 else n)
        pos = utf8.rfind(end, pos, pos + limit + 2) + 1
    return None


def check_text(name: str, utf8: bytes, *, columns: int = 1, start_line: int = 1) -> None:
    """Check the caps on rows, cells and line length before any parsing.

    ``utf8`` starts with the header (or the first entry); ``start_line`` is that line's number in the
    file as the user has it, for messages.

    Raises
    ------
    InputFileError
        More lines than :data:`~toxicity.io.limits.MAX_ROWS` rows, or a line longer than
        :data:`~toxicity.io.limits.MAX_FIELD_BYTES`. (``columns`` is kept for callers; text is parsed
        column by column, so its cells are not capped, unlike a spreadsheet's.)
    """
    lines = count_lines(utf8)
    split = "Split the export into smaller files (for example by date range) and give them together."
    if lines - 1 > limits.MAX_ROWS:
        raise InputFileError(
            f"{name}: the file has {lines:,} lines; toxicity reads at most {limits.MAX_ROWS:,} rows "
            f"from one export. {split}"
        )
    long = find_long_line(utf8, limits.MAX_FIELD_BYTES)
    if long is not None:
        line = start_line + long[0] - 1
        raise InputFileError(
            f"{name}: line {line:,} is {size_text(long[1])} long; toxicity reads lines of at most "
            f"{size_text(limits.MAX_FIELD_BYTES)} (a row of a backlink export is far shorter). The file is "
            f"damaged or is not a backlink export: look at line {line:,}, or export the report again."
        )


def first_line(utf8: bytes) -> str:
    """The first line of the text (the header of a table export), without its line break.

    Like the row parser, the line ends as :func:`line_end` says.

    >>> first_line(b"Linking page\\r\\nhttps://a.example/\\r\\n"), first_line(b"url\\rhttps://a.example/\\r")
    ('Linking page', 'url')
    """
    end = line_end(utf8)
    body = strip_leading_blank_lines(utf8)[: 1 << 16]
    stop = body.find(end)
    line = body[: stop if stop >= 0 else len(body)]
    return line.removesuffix(b"\r").decode("utf-8", errors="replace")


def sniff_delimiter(header_line: str) -> str:
    """The delimiter of a header line: the most frequent of tab, comma, semicolon, pipe outside quotes."""
    outside = "".join(part for i, part in enumerate(header_line.split('"')) if i % 2 == 0)
    counts = {d: outside.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else _NO_DELIMITER


def split_header(header_line: str, delimiter: str) -> list[str]:
    """Split a header line into field names (quotes removed, surrounding spaces and BOMs stripped)."""
    try:
        fields = next(csv.reader([header_line], delimiter=delimiter), [])
    except csv.Error:
        # A lone CR outside quotes, part of the line (see line_end), which the csv module refuses: read the
        # line with a stand-in for it (or split it plainly in the absurd case that none is free).
        stand_in = next((c.decode() for c in _CR_STAND_INS if c.decode() not in header_line), None)
        if stand_in is None:
            fields = header_line.split(delimiter)
        else:
            line = header_line.replace("\r", stand_in)
            fields = [f.replace(stand_in, "\r") for f in next(csv.reader([line], delimiter=delimiter), [])]
    return [f.strip().strip("\ufeff").strip() for f in fields]


def _unique_names(header: Sequence[str]) -> list[str]:
    seen: Counter[str] = Counter()
    names = []
    for i, name in enumerate(header):
        base = name or f"Unnamed: {i}"
        seen[base] += 1
        names.append(base if seen[base] == 1 else f"{base}.{seen[base] - 1}")
    return names


@dataclass
class _Parsed:
    """One way of parsing the rows.

    ``table`` is None if Arrow gave up; ``merged`` is True if a quoted cell spans a line break;
    ``runaway`` if a quote merged lines into a row that cannot be one.
    """

    table: pa.Table | None
    skipped: Counter[str]
    merged: bool = False
    runaway: bool = False
    examples: dict[str, str] = field(default_factory=dict)

    @property
    def lost(self) -> float:
        return float("inf") if self.table is None else sum(self.skipped.values())


def read_delimited(text: Text, header: list[str], delimiter: str, *, start_line: int = 1) -> Table:
    """Parse the rows below the header of ``text`` into a :class:`Table` of strings.

    ``start_line`` is the number, in the file, of the first line of ``text`` (2 after an Excel
    ``sep=`` line), for messages.

    Raises
    ------
    InputFileError
        A quoted field that never closes, a row or field over the caps of :mod:`toxicity.io.limits`,
        or text that cannot be parsed as delimited rows.
    """
    names = _unique_names(header)
    body = strip_leading_blank_lines(text.utf8)
    header_line = start_line + text.utf8[: len(text.utf8) - len(body)].count(line_end(text.utf8))
    check_text(text.name, body, columns=len(names), start_line=header_line)
    body, stand_in = _hide_lone_crs(body)
    head = first_line(body)
    header_quoted = head.lstrip(" \ufeff").startswith('"') or f'{delimiter}"' in head
    if b'"' not in body:
        parsed = _parse(text.name, body, names, delimiter, quoted=False)
    else:
        parsed = _parse(text.name, body, names, delimiter, quoted=True)
        # With an unquoted header, quotes may be text (Ahrefs' unquoted TSV): keep the reading that loses
        # fewer rows; on a tie, one where no quote merged lines. A quoted header means the writer quotes.
        if (parsed.lost or parsed.merged) and not header_quoted:
            plain = _parse(text.name, body, names, delimiter, quoted=False)
            if plain.lost < parsed.lost or (plain.lost == parsed.lost and parsed.merged):
                parsed = plain
        if parsed.runaway:
            raise _runaway_error(text.name, body, delimiter, len(names), header_line)
    assert parsed.table is not None  # a parse without quotes either works or raises
    table = _restore_lone_crs(parsed.table, stand_in)
    _check_field_sizes(text.name, table)
    frame = table.to_pandas()
    frame.columns = names
    examples = {reason: _restore(example, stand_in) for reason, example in parsed.examples.items()}
    return Table(frame=frame, header=header, skipped=parsed.skipped, examples=examples)


def _hide_lone_crs(body: bytes) -> tuple[bytes, bytes | None]:
    """``body`` with each lone CR inside a line replaced by a stand-in, and the stand-in (None if not needed).

    Arrow ends a line at any CR; in a text whose lines end with LF or CRLF a lone CR is part of its line.
    The stand-in is a noncharacter the text does not hold, put back by :func:`_restore_lone_crs`. (A text
    holding all 32 noncharacters keeps its lone CRs as line breaks.)
    """
    # One scan (0.1 s for 500 MB; counting CRs and CRLFs to compare takes three times as long).
    if b"\n" not in body or _LONE_CR.search(body) is None:
        return body, None
    stand_in = next((c for c in _CR_STAND_INS if c not in body), None)
    if stand_in is None:
        return body, None
    return _LONE_CR.sub(stand_in, body), stand_in


def _restore(text: str, stand_in: bytes | None) -> str:
    return text if stand_in is None else text.replace(stand_in.decode("utf-8"), "\r")


def _restore_lone_crs(table: pa.Table, stand_in: bytes | None) -> pa.Table:
    """Put back the lone CRs :func:`_hide_lone_crs` replaced, in the columns that hold any."""
    if stand_in is None:
        return table
    pattern = stand_in.decode("utf-8")
    columns = [
        pc.replace_substring(column, pattern, "\r")
        if pc.any(pc.match_substring(column, pattern)).as_py()
        else column
        for column in table.columns
    ]
    return pa.Table.from_arrays(columns, names=table.column_names)


def _parse(name: str, body: bytes, names: list[str], delimiter: str, *, quoted: bool) -> _Parsed:
    """Arrow's parse of ``body`` (header line first) with or without CSV quoting."""
    skipped: Counter[str] = Counter()
    examples: dict[str, str] = {}
    runaway = False

    def on_invalid(row: Any) -> str:
        nonlocal runaway
        reason = TRUNCATED if row.actual_columns < row.expected_columns else TOO_MANY_FIELDS
        skipped[reason] += 1
        if reason not in examples:
            examples[reason] = row.text.rstrip("\r\n")[:EXAMPLE_CHARS]
        # A row whose field count is wrong across a line break: a quote merged lines into it.
        if quoted and _LINE_BREAK.search(row.text.rstrip("\r\n")):
            runaway = True
        return "skip"

    try:
        table = pacsv.read_csv(
            pa.py_buffer(body),
            read_options=pacsv.ReadOptions(
                column_names=names, skip_rows=1, block_size=max(1 << 24, 4 * limits.MAX_FIELD_BYTES)
            ),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter,
                quote_char='"' if quoted else False,
                newlines_in_values=quoted,
                invalid_row_handler=on_invalid,
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid as exc:
        # A row longer than Arrow's block: lines are capped, so only a quoted field can get there.
        if quoted and "straddl" in str(exc):
            return _Parsed(None, skipped, merged=True, runaway=True)
        raise InputFileError(
            f"{name}: the rows cannot be read as {_delimiter_name(delimiter)}-separated values "
            f"({str(exc).splitlines()[0]}). The file may be cut off or damaged: download the export again."
        ) from None
    if not quoted:
        return _Parsed(table, skipped, examples=examples)
    merged, swallowed = _merged_lines(table, delimiter, len(names))
    return _Parsed(table, skipped, merged=merged or runaway, runaway=runaway or swallowed, examples=examples)


def _merged_lines(table: pa.Table, delimiter: str, width: int) -> tuple[bool, bool]:
    """Whether a cell spans a line break, and whether one spans too many or holds a whole row's line."""
    merged = False
    for column in table.columns:
        breaks = pc.max_element_wise(pc.count_substring(column, "\n"), pc.count_substring(column, "\r"))
        most = pc.max(breaks).as_py()
        if not most:
            continue
        merged = True
        if most > limits.MAX_FIELD_LINES:
            return True, True
        if width >= 3:
            for cell in pc.filter(column, pc.greater(breaks, 0)).to_pylist():
                if any(line.count(delimiter) >= width - 1 for line in _LINE_BREAK.split(cell)[1:]):
                    return True, True
    return merged, False


def _runaway_error(name: str, body: bytes, delimiter: str, width: int, header_line: int) -> InputFileError:
    """The error for a quote that never closes, naming the line it opened on when it can be found."""
    fix = (
        'in a text editor (double it as "" or remove it), or export the report again. A file without '
        "quotes around its fields is read with quotes as text."
    )
    found = _runaway_lines(body, delimiter, width)
    if found is None:
        return InputFileError(
            f'{name}: a quoted field does not close where its row ends (a stray " in the text?), so reading '
            f"on would merge rows. Fix the quote {fix}"
        )
    start, end = (header_line + n - 1 for n in found)
    return InputFileError(
        f'{name}: a quoted field opened on line {start:,} does not close before line {end:,} (a stray " in '
        f"the text?), so reading on would merge {end - start + 1:,} lines into one row. Fix the quote on "
        f"line {start:,} {fix}"
    )


def _runaway_lines(body: bytes, delimiter: str, width: int) -> tuple[int, int] | None:
    """First and last line (1-based, in ``body``) of the first record a runaway quote merged.

    Python's csv module (slow, but it counts lines) reads the records again with Arrow's rules: a
    record spanning several lines with the wrong field count, too many line breaks in a field, or a
    line inside a field that looks like a whole row.
    """
    reader = csv.reader(io.StringIO(body.decode("utf-8", "replace"), newline=""), delimiter=delimiter)
    end = 0
    try:
        for record in reader:
            start, end = end + 1, reader.line_num
            if end == start or not record:
                continue
            fields = [_LINE_BREAK.split(value) for value in record]
            if (
                len(record) != width
                or max(len(lines) for lines in fields) - 1 > limits.MAX_FIELD_LINES
                or (width >= 3 and any(ln.count(delimiter) >= width - 1 for f in fields for ln in f[1:]))
            ):
                return start, end
    except csv.Error:  # a field past the csv module's own size limit: the runaway itself
        return end + 1, reader.line_num
    return None


def _check_field_sizes(name: str, table: pa.Table) -> None:
    """Lines are capped before parsing; a quoted field spanning lines is checked here."""
    for column in table.columns:
        if not len(column):
            continue
        lengths = pc.binary_length(column)
        most = pc.max(lengths).as_py() or 0
        if most > limits.MAX_FIELD_BYTES:
            row = pc.index(lengths, most).as_py() + 1
            raise InputFileError(
                f"{name}: data row {row:,} has a field of {size_text(most)}; toxicity reads fields of at "
                f"most {size_text(limits.MAX_FIELD_BYTES)}. The file is damaged or is not a backlink "
                "export: export the report again."
            )


def _delimiter_name(delimiter: str) -> str:
    return {"\t": "tab", ",": "comma", ";": "semicolon", "|": "pipe"}.get(delimiter, "line")


def _cell(value: object, percent: bool = False) -> str:
    """The text of a cell's value; ``percent`` when the cell's number format shows it as a percentage."""
    if value is None:
        return ""
    if percent and isinstance(value, (int, float)) and not isinstance(value, bool):
        # A sheet stores 73% as 0.73: write what it shows, as a CSV export of the same sheet would.
        return f"{value * 100:.12g}%"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx(raw: RawInput, wanted: Callable[[list[str]], bool]) -> Table:
    """Read the first sheet of an ``.xlsx`` workbook whose header ``wanted`` accepts (else the first sheet).

    Sheets are streamed row by row: the dimension a sheet declares is ignored (a 16 KB file can claim a
    million rows by 16,384 columns), and rows are read only as wide as the header.

    Raises
    ------
    InputFileError
        The workbook is damaged, has no non-empty sheet, or is over the caps of
        :mod:`toxicity.io.limits` (unpacked size, rows, rows x columns, field size).
    """
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with zipfile.ZipFile(io.BytesIO(raw.data)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
        if unpacked > limits.MAX_INPUT_BYTES:
            raise InputFileError(
                f"{raw.name}: the workbook holds more than {size_text(limits.MAX_INPUT_BYTES)} once "
                "unpacked, the most toxicity reads from one export. Save the sheet as CSV, or split the "
                "export into smaller files (for example by date range) and give them together."
            )
        book = load_workbook(io.BytesIO(raw.data), read_only=True, data_only=True)
        try:
            chosen = fallback = None
            for sheet in book.worksheets:
                sheet.reset_dimensions()  # the declared size is the file's claim, not its content
                found = _sheet_header(raw.name, sheet)
                if found is None:
                    continue
                if wanted(found[1]):
                    chosen = (sheet, *found)
                    break
                fallback = fallback or (sheet, *found)
            chosen = chosen or fallback
            if chosen is None:
                raise InputFileError(f"{raw.name}: the workbook has no rows. Export the report again.")
            sheet, header_row, header = chosen
            body = _sheet_body(raw.name, sheet, header_row, len(header))
        finally:
            book.close()
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        InvalidFileException,
        KeyError,
        IndexError,  # a cell naming a shared string the workbook does not hold
        OSError,
        ValueError,
        TypeError,
        SyntaxError,  # xml.etree.ElementTree.ParseError: malformed sheet XML
    ) as exc:
        raise InputFileError(
            f"{raw.name}: the Excel workbook cannot be read ({type(exc).__name__}: {exc}). "
            "Open it in a spreadsheet program and save it again as .xlsx or CSV."
        ) from None
    names = _unique_names(header)
    frame = (
        pd.DataFrame(body, columns=names, dtype="str")
        if body
        else pd.DataFrame({n: pd.Series([], dtype="str") for n in names})
    )
    return Table(frame=frame, header=header, sheet=sheet.title)


def _check_cells(name: str, sheet: Any, row: int, cells: list[str]) -> None:
    limit = limits.MAX_FIELD_BYTES
    for cell in cells:
        # UTF-8 takes at most 4 bytes a character: encode only cells that could be over
        if len(cell) * 4 > limit and (size := len(cell.encode("utf-8", "surrogatepass"))) > limit:
            raise InputFileError(
                f"{name}: sheet {sheet.title!r}, row {row:,} has a field of {size_text(size)}; toxicity "
                f"reads fields of at most {size_text(limit)}. The workbook is damaged or is not a backlink "
                "export: export the report again."
            )


def _sheet_header(name: str, sheet: Any) -> tuple[int, list[str]] | None:
    """The row number and names of a sheet's header (its first non-empty row), or None if it is empty."""
    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        cells = [_cell(v) for v in values]
        if any(c.strip() for c in cells):
            _check_cells(name, sheet, number, cells)
            header = [c.strip() for c in cells]
            while header and not header[-1]:
                header.pop()
            return number, header
    return None


def _is_percent_format(number_format: str) -> bool:
    """True for an Excel number format that shows a value times 100 with ``%`` (``0%``, ``0.00%``).

    A ``%`` quoted or escaped in the format (``0"%"``, ``0\\%``) is a literal sign and does not scale.
    """
    return "%" in re.sub(r'"[^"]*"|\\.', "", number_format)


def _sheet_body(name: str, sheet: Any, header_row: int, width: int) -> list[list[str]]:
    """Non-empty rows below the header, cut to the header's width, within the caps on rows and cells.

    Numbers formatted as percentages (Moz's Spam Score re-saved by Excel is 0.73 shown as 73%) are written
    as shown.
    """
    body: list[list[str]] = []
    # Style -> shown as a percentage; openpyxl looks a cell's number format up through its style each time.
    percent: dict[object, bool] = {}
    for number, row in enumerate(
        sheet.iter_rows(min_row=header_row + 1, max_col=max(width, 1)), start=header_row + 1
    ):
        values = [cell.value for cell in row]
        if all(v is None for v in values):
            continue
        cells = []
        for cell, value in zip(row, values):
            shown = False
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                style = getattr(cell, "_style_id", None)
                known = percent.get(style) if style is not None else None
                if known is None:
                    known = _is_percent_format(cell.number_format)
                    if style is not None:
                        percent[style] = known
                shown = known
            cells.append(_cell(value, shown))
        if not any(c.strip() for c in cells):
            continue
        if len(body) == limits.MAX_ROWS:
            raise InputFileError(
                f"{name}: sheet {sheet.title!r} has more than {limits.MAX_ROWS:,} rows; toxicity reads at "
                f"most {limits.MAX_ROWS:,} rows from one export. Split the export into smaller files (for "
                "example by date range) and give them together."
            )
        if (len(body) + 1) * width > limits.MAX_CELLS:
            raise InputFileError(
                f"{name}: sheet {sheet.title!r} holds more than {limits.MAX_CELLS:,} cells "
                f"({len(body) + 1:,} rows x {width:,} columns so far); toxicity reads at most "
                f"{limits.MAX_CELLS:,} cells (rows x columns) from one export. Delete stray cells far to the "
                "right of or below the data, or save the sheet as CSV, and read it again."
            )
        _check_cells(name, sheet, number, cells)
        body.append((cells + [""] * width)[:width])
    return body
