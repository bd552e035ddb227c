"""``read_export`` and ``read_exports``: any supported export in, canonical link records out."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pandas as pd
import pyarrow as pa

from toxicity.domains import domains_of, hosts_of
from toxicity.errors import InputFileError, MissingColumnsError, UnknownFormatError
from toxicity.io import lists
from toxicity.io.registry import _detect, get_format, unknown_header_message
from toxicity.io.source import RawInput, decode, display_name, load
from toxicity.io.spec import ColumnUse, FormatSpec, column_uses, map_columns
from toxicity.io.table import (
    EXAMPLE_CHARS,
    check_text,
    excel_separator,
    first_line,
    read_delimited,
    read_xlsx,
    sniff_delimiter,
    split_header,
)
from toxicity.schema import DATETIME, FLOAT, LINK_COLUMNS, conform

logger = logging.getLogger(__name__)

UNPARSEABLE_URL = "unparseable URL"
EMPTY_URL = "empty URL"
#: Remarks on records that are kept (see :attr:`ReadResult.flagged`).
UNUSUAL_HOST = "unusual host"
BREAK_IN_URL = "tab or line break in URL"
LINE_FORMATS = ("url-list", "disavow")

# A host browsers accept and strict parsers (IDNA's CheckHyphens, DNS host names) refuse: a label starting or
# ending with "-", an "_" anywhere, or "--" as third and fourth characters of a label other than "xn--".
# Spam networks use such names; they are kept (a disavow file must name them), and counted.
_UNUSUAL_HOST_RE2 = r"(?:^|\.)-|-(?:\.|$)|_|(?:^|\.)(?:[^x.][^.]|x[^n.])--"

ExportSource = str | Path | BinaryIO


@dataclass
class ReadResult:
    """Link records read from one or more exports, and what happened while reading them.

    Attributes
    ----------
    links
        Canonical link records (:func:`toxicity.schema.conform`): canonical columns first, then
        ``label`` when the input had a label column. Input order is kept; ``source_url`` is exactly as
        the export gave it.
    format
        Format name, or one name per file when several files were read.
    encoding
        Encoding the text was stored in (``utf-16-le (BOM)``, ``utf-8`` ..., ``xlsx`` for workbooks), or
        one per file.
    sources
        Names of the files read (``<stdin>`` for standard input).
    rows_read
        Data rows seen, including rows that were skipped.
    skipped
        Reason -> number of rows that could not become link records (``truncated row``,
        ``row with too many fields``, ``unparseable URL``, ``empty URL``).
    duplicates_removed
        Exact duplicate records removed when merging (:func:`read_exports`).
    flagged
        Remark -> number of records kept although something about them is unusual: ``unusual host``
        (a host browsers accept and strict parsers refuse, such as ``zh-.example.com`` or ``a_b.example``)
        and ``tab or line break in URL`` (read as a browser reads it, without them).
    examples
        Reason or remark -> the first value it applied to, as the export wrote it (cut to
        :data:`~toxicity.io.table.EXAMPLE_CHARS` characters): the URL, the host, or the text of a broken
        row. It is hostile text: show it quoted (``repr``), never as markup. An ``empty URL`` has none.
    exports
        How each file was read, in the order of ``sources``.
    """

    links: pd.DataFrame
    format: str | list[str]
    encoding: str | list[str]
    sources: list[str]
    rows_read: int
    skipped: dict[str, int] = field(default_factory=dict)
    duplicates_removed: int = 0
    flagged: dict[str, int] = field(default_factory=dict)
    examples: dict[str, str] = field(default_factory=dict)
    exports: list[ExportRead] = field(default_factory=list)

    def __repr__(self) -> str:
        fmt = self.format if isinstance(self.format, str) else ", ".join(self.format)
        extra = [f"skipped={sum(self.skipped.values())}"] if self.skipped else []
        if self.duplicates_removed:
            extra.append(f"duplicates_removed={self.duplicates_removed}")
        return (
            f"ReadResult({len(self.links)} links from {len(self.sources)} file(s), format={fmt!r}, "
            f"rows_read={self.rows_read}{''.join(', ' + e for e in extra)})"
        )

    @property
    def present_fields(self) -> list[str]:
        """Canonical columns that have at least one non-missing value, in canonical order."""
        return [c for c in LINK_COLUMNS if self.links[c].notna().any()]

    @property
    def missing_fields(self) -> list[str]:
        """Canonical columns with no value at all (the export does not carry them)."""
        return [c for c in LINK_COLUMNS if not self.links[c].notna().any()]

    @property
    def referring_domains(self) -> int:
        """Number of distinct registrable domains linking."""
        return int(self.links["source_domain"].nunique())

    @property
    def has_labels(self) -> bool:
        """True when the input carried a label column (kept as ``label``)."""
        return "label" in self.links.columns

    def reading(self) -> dict[str, Any]:
        """What was read, as plain JSON values: the ``reading`` block of ``summary.json``.

        Keys: ``exports`` (per file: ``name``, ``format``, ``encoding``, ``rows_read``, ``records``,
        ``skipped``), ``rows_read``, ``records`` (after duplicates were removed), ``duplicates_removed``,
        ``skipped`` and ``flagged`` (reason -> count) and ``examples`` (reason -> first value; hostile text).

        >>> import io
        >>> data = b"Linking page\\nhttps://a.example.com/\\n::bad::\\n"
        >>> block = read_export(io.BytesIO(data)).reading()
        >>> block["rows_read"], block["records"], block["skipped"], block["examples"]
        (2, 1, {'unparseable URL': 1}, {'unparseable URL': '::bad::'})
        """
        return {
            "exports": [
                {
                    "name": e.name,
                    "format": e.format,
                    "encoding": e.encoding,
                    "rows_read": e.rows_read,
                    "records": e.records,
                    "skipped": dict(e.skipped),
                }
                for e in self.exports
            ],
            "rows_read": int(self.rows_read),
            "records": len(self.links),
            "duplicates_removed": int(self.duplicates_removed),
            "skipped": dict(self.skipped),
            "flagged": dict(self.flagged),
            "examples": dict(self.examples),
        }


@dataclass(frozen=True)
class ExportRead:
    """How one export file was read (an entry of :attr:`ReadResult.exports`).

    ``records`` counts the link records it gave (before duplicates across files are removed);
    ``columns`` says what each of its columns became; ``present_fields`` are the canonical columns with
    at least one value in its records. ``skipped``, ``flagged`` and ``examples`` are as in
    :class:`ReadResult`, for this file alone.
    """

    name: str
    format: str
    encoding: str
    rows_read: int
    records: int
    skipped: Mapping[str, int]
    flagged: Mapping[str, int]
    examples: Mapping[str, str]
    columns: tuple[ColumnUse, ...]
    present_fields: tuple[str, ...]


@dataclass
class _Read:
    """The raw records of one file before hosts are parsed, and what reading it found."""

    spec: FormatSpec
    records: pd.DataFrame
    skipped: Counter[str]
    examples: dict[str, str]
    encoding: str
    columns: tuple[ColumnUse, ...]


def _is_table_format(header: list[str]) -> bool:
    name = _detect(header)
    return name is not None and not get_format(name).lines


def _uses(spec: FormatSpec, frame: pd.DataFrame, header: list[str]) -> tuple[ColumnUse, ...]:
    """What each column became, named as the export's header names it."""
    uses = column_uses(spec, list(frame.columns))
    return tuple(replace(u, column=h) for u, h in zip(uses, [*header, *frame.columns[len(header) :]]))


def _read_table(raw: RawInput, fmt: str, encoding: str | None) -> _Read:
    """Raw records of one file (partial canonical frame) and what reading them found."""
    if raw.is_xlsx:
        return _read_workbook(raw, fmt)
    text = decode(raw, encoding)
    # Excel's "sep=;" first line names the delimiter; the header follows it on line 2.
    hint, utf8 = excel_separator(text.utf8)
    if hint is not None:
        text = replace(text, utf8=utf8)
    line = first_line(text.utf8)
    delimiter = hint or sniff_delimiter(line)
    header = split_header(line, delimiter)
    # "#" starts a disavow file, or is the row-number column of a spreadsheet re-save of a known export.
    disavow = fmt == "auto" and lists.looks_like_disavow(line) and _detect(header) == lists.DISAVOW_SPEC.name
    spec = get_format("disavow" if fmt == "auto" else fmt) if disavow or fmt in LINE_FORMATS else None
    spec = spec or _choose(raw.name, header, fmt)
    if spec.lines:
        check_text(raw.name, text.utf8, start_line=2 if hint else 1)
        records = _read_lines(spec, text.utf8.decode("utf-8"))
        return _Read(spec, records, Counter(), {}, text.encoding, tuple(column_uses(spec, [])))
    table = read_delimited(text, header, delimiter, start_line=2 if hint else 1)
    uses = _uses(spec, table.frame, header)
    return _Read(spec, map_columns(table.frame, spec), table.skipped, table.examples, text.encoding, uses)


def _read_workbook(raw: RawInput, fmt: str) -> _Read:
    """Raw records of an ``.xlsx`` workbook: the first sheet with a known header (else the first sheet)."""
    sheet = read_xlsx(raw, _is_table_format)
    spec = _choose(raw.name, sheet.header, fmt)
    if spec.lines:
        column = sheet.frame.iloc[:, 0] if sheet.frame.shape[1] else pd.Series([], dtype="string")
        # Cells are the lines: a cell holding a line break stays one entry.
        cells = [sheet.header[0] if sheet.header else "", *column.astype(str)]
        return _Read(spec, _read_lines(spec, cells), Counter(), {}, "xlsx", tuple(column_uses(spec, [])))
    uses = _uses(spec, sheet.frame, sheet.header)
    return _Read(spec, map_columns(sheet.frame, spec), sheet.skipped, sheet.examples, "xlsx", uses)


def _read_lines(spec: FormatSpec, text: str | list[str]) -> pd.DataFrame:
    return lists.read_disavow(text) if spec.name == "disavow" else lists.read_url_list(text)


def _choose(name: str, header: list[str], fmt: str) -> FormatSpec:
    """The format to read ``header`` with: detected for ``auto``, else the forced one, if it has its
    required columns."""
    chosen = fmt
    if fmt == "auto":
        detected = _detect(header)
        if detected is None:
            raise UnknownFormatError(unknown_header_message(header, name))
        logger.info("%s: detected format %s", name, detected)
        chosen = detected
    spec = get_format(chosen)
    missing = [] if spec.lines else spec.missing_required(header)
    if missing:
        found = ", ".join(h for h in header if h.strip()) or "none"
        if fmt == "auto":
            # Detection weighs every known column; a damaged header can match a format and still lack
            # the linking URL.
            raise MissingColumnsError(
                f"{name}: the header looks like {spec.description} ('{spec.name}') but lacks its required "
                f"columns: {', '.join(missing)}. Found columns: {found}. The header may be damaged: export "
                "the report again, or rename the column."
            )
        raise MissingColumnsError(
            f"{name}: missing required columns for format '{spec.name}': {', '.join(missing)}. "
            f"Found columns: {found}. Check --format, or leave it out to detect the format."
        )
    return spec


def _with_all_columns(records: pd.DataFrame) -> pd.DataFrame:
    """Add the canonical columns an export lacks as missing values of the canonical dtype.

    :func:`toxicity.schema.conform` would add them too, but builds a full empty table per column.
    """
    n, index = len(records), records.index

    def missing(dtype: str) -> pd.Series:
        if dtype == FLOAT:
            return pd.Series(np.full(n, np.nan), index=index)
        if dtype == DATETIME:
            return pd.Series(np.full(n, np.datetime64("NaT"), dtype=DATETIME), index=index)
        return pd.Series(np.full(n, None, dtype=object), dtype=dtype, index=index)

    added = {name: missing(dtype) for name, dtype in LINK_COLUMNS.items() if name not in records.columns}
    return pd.concat([records, pd.DataFrame(added, index=records.index)], axis=1) if added else records


def read_export(source: ExportSource, format: str = "auto", *, encoding: str | None = None) -> ReadResult:
    """Read one backlink export into canonical link records.

    Parameters
    ----------
    source
        A path, ``"-"`` for standard input, or a binary stream. ``.gz``, ``.zip`` (one export inside) and
        ``.xlsx`` are recognised from their bytes.
    format
        ``"auto"`` to detect from the header, or a name from :func:`toxicity.io.list_formats`.
    encoding
        Text encoding to use instead of detection (a Python codec name such as ``cp1252``).

    Returns
    -------
    ReadResult
        Records plus format, encoding, row counts and skipped rows by reason. Rows whose linking URL
        has no parseable host are skipped and counted, never silently dropped.

    Raises
    ------
    InputFileError
        Missing, empty, binary, damaged or wrongly encoded file; a header without data rows; no row
        has a usable URL; a quoted field that never closes; or a file over the caps of
        :mod:`toxicity.io.limits` (size, archive nesting, rows, cells, field size).
    UnknownFormatError
        ``format="auto"`` and the header matches no known format, or ``format`` is not a known name.
    MissingColumnsError
        A forced ``format`` whose required columns the file lacks.

    Examples
    --------
    >>> import io
    >>> data = b"Linking page,Last crawled\\nhttps://blog.example.org/post,2026-09-15\\n"
    >>> result = read_export(io.BytesIO(data))
    >>> result.format, result.links.loc[0, "source_domain"], result.rows_read
    ('gsc-links', 'example.org', 1)
    """
    raw = load(source)
    read = _read_table(raw, format, encoding)
    spec, records, skipped, examples = read.spec, read.records, read.skipped, read.examples
    enc = read.encoding
    rows_read = len(records) + sum(skipped.values())
    if not len(records):
        raise _nothing_to_read(raw.name, spec, skipped)
    records = records.reset_index(drop=True)
    hosts = hosts_of(records["source_url"]) if len(records) else pd.Series([], dtype="string")
    bad = hosts.isna().to_numpy(dtype=bool)
    if bad.any():
        empty = records["source_url"].fillna("").str.strip().eq("").to_numpy(dtype=bool)
        if (bad & empty).any():
            skipped[EMPTY_URL] += int((bad & empty).sum())
        if (bad & ~empty).any():
            skipped[UNPARSEABLE_URL] += int((bad & ~empty).sum())
            first_bad = int(np.flatnonzero(bad & ~empty)[0])
            examples.setdefault(UNPARSEABLE_URL, str(records["source_url"].iloc[first_bad])[:EXAMPLE_CHARS])
        if bad.all():
            first = records["source_url"].fillna("").iloc[0]
            raise InputFileError(
                f"{raw.name}: none of the {len(records)} rows has a linking URL or host that can be parsed "
                f"(first: {first[:80]!r}). Check that the file is a backlink export, or try --format NAME."
            )
        records = records.loc[~bad].reset_index(drop=True)
        hosts = hosts.loc[~bad].reset_index(drop=True)
    records["source_host"] = hosts
    records["source_domain"] = domains_of(hosts)
    flagged = _remarks(records["source_url"], hosts, examples)
    links = conform(_with_all_columns(records))
    logger.info("%s: %d records (%s, %s), skipped %s", raw.name, len(links), spec.name, enc, dict(skipped))
    name = display_name(source)
    present = tuple(c for c in LINK_COLUMNS if links[c].notna().any())
    export = ExportRead(
        name,
        spec.name,
        enc,
        rows_read,
        len(links),
        dict(skipped),
        flagged,
        dict(examples),
        read.columns,
        present,
    )
    return ReadResult(
        links=links,
        format=spec.name,
        encoding=enc,
        sources=[name],
        rows_read=rows_read,
        skipped=dict(skipped),
        flagged=flagged,
        examples=dict(examples),
        exports=[export],
    )


def _holds_any(values: pd.Series, needles: tuple[bytes, ...]) -> bool:
    """Whether the bytes of ``values`` hold any of ``needles``, from one scan of Arrow's data buffers.

    A quick test that spares a regular expression over every value when, as nearly always, none does.
    A buffer may hold bytes of no value (a slice's): a false "yes" only costs the regular expression.
    """
    array = pa.array(values.array)
    chunks = array.chunks if isinstance(array, pa.ChunkedArray) else [array]
    for chunk in chunks:
        buffers = chunk.buffers()
        data = buffers[2].to_pybytes() if len(buffers) > 2 and buffers[2] is not None else b""
        if any(needle in data for needle in needles):
            return True
    return False


def _remarks(urls: pd.Series, hosts: pd.Series, examples: dict[str, str]) -> dict[str, int]:
    """Counts of kept records with an unusual host or a tab or line break in the URL.

    The first value of each goes to ``examples``.
    """
    flagged: dict[str, int] = {}
    for remark, values, pattern in (
        (UNUSUAL_HOST, hosts, _UNUSUAL_HOST_RE2),
        (BREAK_IN_URL, urls, r"[\t\r\n]"),
    ):
        if remark == BREAK_IN_URL and not _holds_any(urls, (b"\t", b"\r", b"\n")):
            continue
        # Arrow-backed strings: a vectorised RE2 pass, about 70 ms a million records.
        hits = values.str.contains(pattern, regex=True, na=False).to_numpy(dtype=bool)
        if hits.any():
            flagged[remark] = int(hits.sum())
            examples.setdefault(remark, str(values.iloc[int(np.flatnonzero(hits)[0])])[:EXAMPLE_CHARS])
    return flagged


def _nothing_to_read(name: str, spec: FormatSpec, skipped: Counter[str]) -> InputFileError:
    """The error for an export without a single record (downstream steps need at least one)."""
    if skipped:
        reasons = ", ".join(f"{reason}: {n}" for reason, n in sorted(skipped.items()))
        return InputFileError(
            f"{name}: none of the {sum(skipped.values())} rows could be read ({reasons}). Check that the "
            "file is a complete backlink export, or export it again."
        )
    if spec.lines:
        return InputFileError(
            f"{name}: the file lists no URL or domain (only comments, blank lines or a header). Give a file "
            "with one URL or domain per line."
        )
    return InputFileError(
        f"{name}: the file has a header and no data rows. Export the report again with its rows "
        "(check the report's date range and filters)."
    )


def read_exports(
    sources: Iterable[ExportSource], format: str = "auto", *, encoding: str | None = None
) -> ReadResult:
    """Read several exports (possibly of different formats) and merge them.

    Records keep the order of ``sources`` and of rows within each. When several exports are merged,
    exact duplicate records (every column equal, e.g. the same export given twice) are removed and
    counted in ``duplicates_removed``; a single export is kept row for row.

    Raises
    ------
    InputFileError, UnknownFormatError, MissingColumnsError
        As :func:`read_export`, for the first file that fails.
    """
    results = [read_export(s, format, encoding=encoding) for s in sources]
    if not results:
        raise InputFileError("no export given. Name one or more export files, or - for standard input.")
    single = len(results) == 1
    merged = results[0].links if single else pd.concat([r.links for r in results], ignore_index=True)
    # One export is kept row for row (one output row per input link); merging several exports
    # removes the records they share (the same export given twice, overlapping date ranges).
    duplicated = (
        np.zeros(len(merged), dtype=bool) if single else merged.duplicated(keep="first").to_numpy(dtype=bool)
    )
    if duplicated.any():
        merged = merged.loc[~duplicated].reset_index(drop=True)
    skipped: Counter[str] = Counter()
    flagged: Counter[str] = Counter()
    examples: dict[str, str] = {}
    for r in results:
        skipped.update(r.skipped)
        flagged.update(r.flagged)
        for reason, example in r.examples.items():
            examples.setdefault(reason, example)
    return ReadResult(
        links=conform(merged) if not single else merged,
        format=results[0].format if single else [str(r.format) for r in results],
        encoding=results[0].encoding if single else [str(r.encoding) for r in results],
        sources=[s for r in results for s in r.sources],
        rows_read=sum(r.rows_read for r in results),
        skipped=dict(skipped),
        duplicates_removed=int(duplicated.sum()),
        flagged=dict(flagged),
        examples=examples,
        exports=[e for r in results for e in r.exports],
    )
