"""``read_export`` and ``read_exports``: any supported export in, canonical link records out."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd

from toxicity.domains import domains_of, hosts_of
from toxicity.errors import InputFileError, MissingColumnsError, UnknownFormatError
from toxicity.io import lists
from toxicity.io.registry import _detect, get_format, unknown_header_message
from toxicity.io.source import RawInput, decode, display_name, load
from toxicity.io.spec import FormatSpec, map_columns
from toxicity.io.table import (
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
LINE_FORMATS = ("url-list", "disavow")

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
    """

    links: pd.DataFrame
    format: str | list[str]
    encoding: str | list[str]
    sources: list[str]
    rows_read: int
    skipped: dict[str, int] = field(default_factory=dict)
    duplicates_removed: int = 0

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


def _is_table_format(header: list[str]) -> bool:
    name = _detect(header)
    return name is not None and not get_format(name).lines


def _read_table(
    raw: RawInput, fmt: str, encoding: str | None
) -> tuple[FormatSpec, pd.DataFrame, Counter[str], str]:
    """Raw records of one file: (format, partial canonical frame, skipped rows by reason, encoding)."""
    if raw.is_xlsx:
        spec, records, skipped = _read_workbook(raw, fmt)
        return spec, records, skipped, "xlsx"
    text = decode(raw, encoding)
    # Excel's "sep=;" first line names the delimiter; the header follows it on line 2.
    hint, utf8 = excel_separator(text.utf8)
    if hint is not None:
        text = replace(text, utf8=utf8)
    line = first_line(text.utf8)
    delimiter = hint or sniff_delimiter(line)
    header = split_header(line, delimiter)
    # "#" starts a disavow file, or is the row-number column of a spreadsheet re-save of a known export.
    disavow = fmt == "auto" and lists.looks_like_disavow(line) and not _is_table_format(header)
    spec = get_format("disavow" if fmt == "auto" else fmt) if disavow or fmt in LINE_FORMATS else None
    spec = spec or _choose(raw.name, header, fmt)
    if spec.lines:
        check_text(raw.name, text.utf8, start_line=2 if hint else 1)
        return spec, _read_lines(spec, text.utf8.decode("utf-8")), Counter(), text.encoding
    table = read_delimited(text, header, delimiter, start_line=2 if hint else 1)
    return spec, map_columns(table.frame, spec), table.skipped, text.encoding


def _read_workbook(raw: RawInput, fmt: str) -> tuple[FormatSpec, pd.DataFrame, Counter[str]]:
    """Raw records of an ``.xlsx`` workbook: the first sheet with a known header (else the first sheet)."""
    sheet = read_xlsx(raw, _is_table_format)
    spec = _choose(raw.name, sheet.header, fmt)
    if spec.lines:
        column = sheet.frame.iloc[:, 0] if sheet.frame.shape[1] else pd.Series([], dtype="string")
        lines = "\n".join([sheet.header[0] if sheet.header else "", *column.astype(str)])
        return spec, _read_lines(spec, lines), Counter()
    return spec, map_columns(sheet.frame, spec), sheet.skipped


def _read_lines(spec: FormatSpec, text: str) -> pd.DataFrame:
    return lists.read_disavow(text) if spec.name == "disavow" else lists.read_url_list(text)


def _choose(name: str, header: list[str], fmt: str) -> FormatSpec:
    """The format to read ``header`` with: detected for ``auto``, else the forced one if it fits."""
    if fmt == "auto":
        detected = _detect(header)
        if detected is None:
            raise UnknownFormatError(unknown_header_message(header, name))
        logger.info("%s: detected format %s", name, detected)
        spec = get_format(detected)
        missing = [] if spec.lines else spec.missing_required(header)
        if missing:
            # Detection weighs every known column; a damaged header can match a format and still lack
            # the linking URL.
            found = ", ".join(h for h in header if h.strip()) or "none"
            raise MissingColumnsError(
                f"{name}: the header looks like {spec.description} ('{spec.name}') but lacks its required "
                f"columns: {', '.join(missing)}. Found columns: {found}. The header may be damaged: export the "
                "report again, or rename the column."
            )
        return spec
    spec = get_format(fmt)
    if not spec.lines:
        missing = spec.missing_required(header)
        if missing:
            found = ", ".join(h for h in header if h.strip()) or "none"
            raise MissingColumnsError(
                f"{name}: missing required columns for format '{spec.name}': {', '.join(missing)}. "
                f"Found columns: {found}. Check --format, or leave it out to detect the format."
            )
    return spec


def _with_all_columns(records: pd.DataFrame) -> pd.DataFrame:
    """Add the canonical columns an export lacks as missing values of the canonical dtype.

    :func:`toxicity.schema.conform` would add them too, but builds a full empty table per column.
    """
    n = len(records)
    added = {
        name: pd.Series(
            pd.array([None] * n, dtype=dtype) if dtype != FLOAT else np.full(n, np.nan), index=records.index
        )
        if dtype != DATETIME
        else pd.Series(np.full(n, np.datetime64("NaT"), dtype=DATETIME), index=records.index)
        for name, dtype in LINK_COLUMNS.items()
        if name not in records.columns
    }
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
    spec, records, skipped, enc = _read_table(raw, format, encoding)
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
    links = conform(_with_all_columns(records))
    logger.info("%s: %d records (%s, %s), skipped %s", raw.name, len(links), spec.name, enc, dict(skipped))
    return ReadResult(
        links=links,
        format=spec.name,
        encoding=enc,
        sources=[display_name(source)],
        rows_read=rows_read,
        skipped=dict(skipped),
    )


def _nothing_to_read(name: str, spec: FormatSpec, skipped: Counter[str]) -> InputFileError:
    """The error for an export without a single record (downstream steps need at least one)."""
    if skipped:
        reasons = ", ".join(f"{reason}: {n}" for reason, n in sorted(skipped.items()))
        return InputFileError(
            f"{name}: none of the {sum(skipped.values())} rows could be read ({reasons}). Check that the file "
            "is a complete backlink export, or export it again."
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
    duplicated = np.zeros(len(merged), dtype=bool) if single else merged.duplicated(keep="first").to_numpy(dtype=bool)
    if duplicated.any():
        merged = merged.loc[~duplicated].reset_index(drop=True)
    skipped: Counter[str] = Counter()
    for r in results:
        skipped.update(r.skipped)
    return ReadResult(
        links=conform(merged) if not single else merged,
        format=results[0].format if single else [str(r.format) for r in results],
        encoding=results[0].encoding if single else [str(r.encoding) for r in results],
        sources=[s for r in results for s in r.sources],
        rows_read=sum(r.rows_read for r in results),
        skipped=dict(skipped),
        duplicates_removed=int(duplicated.sum()),
    )
