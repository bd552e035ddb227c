"""Turning decoded export text or an ``.xlsx`` workbook into a table of raw string cells.

Delimited text is parsed by Apache Arrow's multi-threaded CSV reader with every column read as text
(``"007"`` stays ``"007"``); rows with too few fields (a download cut off mid-row) or too many are
counted by reason, never dropped silently.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from toxicity.errors import InputFileError
from toxicity.io.source import RawInput, Text

TRUNCATED = "truncated row"
TOO_MANY_FIELDS = "row with too many fields"

_DELIMITERS = ("\t", ",", ";", "|")
#: Delimiter used for single-column files, so that commas inside URLs never split a value.
_NO_DELIMITER = "\x1f"


@dataclass
class Table:
    """Raw cells of one export: ``frame`` holds strings ('' for empty cells), ``header`` the names as given."""

    frame: pd.DataFrame
    header: list[str]
    skipped: Counter[str] = field(default_factory=Counter)
    sheet: str | None = None


def strip_leading_blank_lines(utf8: bytes) -> bytes:
    """Drop blank lines before the header (some tools write a title line gap)."""
    i = 0
    n = len(utf8)
    while i < n and utf8[i] in b" \t\r\n":
        i += 1
    # keep leading tabs of the header line itself
    line_start = utf8.rfind(b"\n", 0, i) + 1
    return utf8[line_start:]


def first_line(utf8: bytes) -> str:
    """The first line of the text (the header of a table export), without its line break.

    Like the row parser, ``\\n``, ``\\r\\n`` and a lone ``\\r`` all end a line.
    """
    body = strip_leading_blank_lines(utf8)[: 1 << 16]
    ends = [i for i in (body.find(b"\n"), body.find(b"\r")) if i >= 0]
    return body[: min(ends) if ends else len(body)].decode("utf-8", errors="replace")


def sniff_delimiter(header_line: str) -> str:
    """The delimiter of a header line: the most frequent of tab, comma, semicolon, pipe outside quotes."""
    outside = "".join(part for i, part in enumerate(header_line.split('"')) if i % 2 == 0)
    counts = {d: outside.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else _NO_DELIMITER


def split_header(header_line: str, delimiter: str) -> list[str]:
    """Split a header line into field names (quotes removed, surrounding spaces and BOMs stripped)."""
    fields = next(csv.reader([header_line], delimiter=delimiter), [])
    return [f.strip().strip("\ufeff").strip() for f in fields]


def _unique_names(header: Sequence[str]) -> list[str]:
    seen: Counter[str] = Counter()
    names = []
    for i, name in enumerate(header):
        base = name or f"Unnamed: {i}"
        seen[base] += 1
        names.append(base if seen[base] == 1 else f"{base}.{seen[base] - 1}")
    return names


def read_delimited(text: Text, header: list[str], delimiter: str) -> Table:
    """Parse the rows below the header of ``text`` into a :class:`Table` of strings.

    Raises
    ------
    InputFileError
        The text cannot be parsed as delimited rows (for example a quote that is never closed).
    """
    skipped: Counter[str] = Counter()

    def on_invalid(row: Any) -> str:
        skipped[TRUNCATED if row.actual_columns < row.expected_columns else TOO_MANY_FIELDS] += 1
        return "skip"

    names = _unique_names(header)
    body = strip_leading_blank_lines(text.utf8)
    try:
        table = pacsv.read_csv(
            pa.py_buffer(body),
            read_options=pacsv.ReadOptions(column_names=names, skip_rows=1, block_size=1 << 24),
            parse_options=pacsv.ParseOptions(
                delimiter=delimiter, newlines_in_values=True, invalid_row_handler=on_invalid
            ),
            convert_options=pacsv.ConvertOptions(
                column_types={n: pa.string() for n in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except pa.ArrowInvalid as exc:
        raise InputFileError(
            f"{text.name}: the rows cannot be read as {_delimiter_name(delimiter)}-separated values "
            f"({str(exc).splitlines()[0]}). The file may be cut off or damaged: download the export again."
        ) from None
    frame = table.to_pandas()
    frame.columns = names
    return Table(frame=frame, header=header, skipped=skipped)


def _delimiter_name(delimiter: str) -> str:
    return {"\t": "tab", ",": "comma", ";": "semicolon", "|": "pipe"}.get(delimiter, "line")


def _cell(value: object) -> str:
    if value is None:
        return ""
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

    Raises
    ------
    InputFileError
        The workbook is damaged or has no non-empty sheet.
    """
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(io.BytesIO(raw.data), read_only=True, data_only=True)
        sheets: list[tuple[str, list[list[str]]]] = []
        for sheet in book.worksheets:
            rows = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            rows = [r for r in rows if any(c.strip() for c in r)]
            if rows:
                sheets.append((sheet.title, rows))
        book.close()
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError, TypeError) as exc:
        raise InputFileError(
            f"{raw.name}: the Excel workbook cannot be read ({type(exc).__name__}: {exc}). "
            "Open it in a spreadsheet program and save it again as .xlsx or CSV."
        ) from None
    if not sheets:
        raise InputFileError(f"{raw.name}: the workbook has no rows. Export the report again.")
    title, rows = next(((t, r) for t, r in sheets if wanted([c.strip() for c in r[0]])), sheets[0])
    header = [c.strip() for c in rows[0]]
    while header and not header[-1]:
        header.pop()
    width = len(header)
    names = _unique_names(header)
    body = [(r + [""] * width)[:width] for r in rows[1:]]
    frame = (
        pd.DataFrame(body, columns=names, dtype="str")
        if body
        else pd.DataFrame({n: pd.Series([], dtype="str") for n in names})
    )
    return Table(frame=frame, header=header, sheet=title)
