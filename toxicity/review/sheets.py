"""Review sheets: the per-domain table a human fills in, written as CSV and XLSX and read back.

A review sheet has the columns of :data:`REVIEW_COLUMNS`, in that order, one row per referring domain
(or, with an optional ``url`` column, one row per URL the auditor wants to decide on its own). The
``decision`` column is left empty for the human, who writes ``disavow`` or ``keep`` (``d``/``k`` are
accepted, case and surrounding spaces do not matter); blank means undecided.

Hostile text
------------
Anchors, titles and URLs come from spammers, and a cell such as ``=HYPERLINK("http://evil", "x")``
would run as a formula when the sheet is opened. Every *text* cell is neutralised on the way out by
:func:`toxicity.cells.neutralise_text` (control characters replaced, a leading apostrophe before
formula characters, length capped), URL cells (``url``, ``example_url``) percent-encoded first by
:func:`toxicity.cells.escape_url`; :func:`toxicity.cells.restore_text` undoes the apostrophe when the
sheet is read back.

Numbers stay numbers. The apostrophe is written into the cell value itself, in CSV and XLSX alike,
so a sheet saved back from Excel as CSV and reopened stays inert.

Encoding
--------
CSV is written as UTF-8 *with* a byte-order mark and CRLF row ends: Excel opens a BOM-less UTF-8 CSV
in the machine's ANSI code page and mangles IDNs and non-Latin anchors, while LibreOffice, Google
Sheets and pandas all read the BOM correctly. The reader accepts UTF-8 with or without BOM and the
``,``, ``;`` or tab delimiters that Excel uses in different locales.
"""

from __future__ import annotations

import csv
import io
import logging
import math
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from os import PathLike
from pathlib import Path
from typing import Any, Final

import pandas as pd

from toxicity.audit import DOMAIN_OUTPUT_COLUMNS
from toxicity.cells import escape_url, neutralise_text, restore_text
from toxicity.domains import host_of_url, registrable_domain
from toxicity.errors import InputFileError, MissingColumnsError, ReviewSheetError, UsageError
from toxicity.files import atomic_file
from toxicity.io.review import SHEET_NAME, check_decision_formulas, check_unique_columns, review_sheet_name
from toxicity.verdict.scale import DISAVOW, KEEP

logger = logging.getLogger(__name__)

#: Columns of a review sheet, in order. ``decision`` is the human's; the rest come from scoring.
REVIEW_COLUMNS: Final = (
    *DOMAIN_OUTPUT_COLUMNS[: DOMAIN_OUTPUT_COLUMNS.index("suggestion") + 1],
    "decision",
    *DOMAIN_OUTPUT_COLUMNS[DOMAIN_OUTPUT_COLUMNS.index("suggestion") + 1 :],
    "note",
)
#: Optional column: a row with a URL decides that URL only, not the whole domain.
URL_COLUMN: Final = "url"
#: Columns a sheet must have to be read back.
REQUIRED_COLUMNS: Final = ("domain", "decision")
NUMERIC_COLUMNS: Final = ("links", "risk", "confidence")
URL_COLUMNS: Final = ("url", "example_url")
#: What a human may write in the ``decision`` column (blank: undecided), and the short forms accepted.
DECISIONS: Final = (DISAVOW, KEEP)
_DECISION_ALIASES: Final = {"": "", DISAVOW: DISAVOW, "d": DISAVOW, KEEP: KEEP, "k": KEEP}
_XLSX_WIDTHS: Final = {
    "domain": 32,
    "reasons": 60,
    "top_anchor": 30,
    "example_url": 45,
    "url": 45,
    "note": 30,
}


def parse_decision(value: object) -> str | None:
    """Map a decision cell to ``'disavow'``, ``'keep'`` or ``''`` (undecided); ``None`` if unrecognised.

    >>> [parse_decision(v) for v in ("Disavow ", "k", "", None, "maybe")]
    ['disavow', 'keep', '', '', None]
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return _DECISION_ALIASES.get(str(value).strip().lower())


def _cell_value(column: str, value: Any) -> Any:
    """One table value as a cell: numbers as numbers, dates as ISO text, everything else neutralised."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool):
        return neutralise_text(str(value).lower())
    if isinstance(value, (int, float)) or (hasattr(value, "dtype") and pd.api.types.is_number(value)):
        number = float(value)  # type: ignore[arg-type]  # a number, by the test above
        if not math.isfinite(number):
            return None
        return int(number) if number.is_integer() and abs(number) < 2**53 else number
    if isinstance(value, (datetime, date)):
        return value.strftime("%Y-%m-%d")
    text = str(value)
    if column in URL_COLUMNS:
        text = escape_url(text)
    return neutralise_text(text)


def sheet_rows(table: pd.DataFrame) -> tuple[list[str], list[list[Any]]]:
    """Return the header and the cell values of the review sheet for ``table``, sorted by risk.

    Columns of :data:`REVIEW_COLUMNS` the table lacks are written empty; a ``url`` column, if
    present, goes right after ``domain``; other columns are not written. Rows are sorted by
    ``risk`` descending (missing risk last), then by domain.

    Raises
    ------
    UsageError
        If ``table`` has no ``domain`` column (a programming error, not a user one).
    """
    if "domain" not in table.columns:
        raise UsageError("the review table needs a 'domain' column")
    columns = list(REVIEW_COLUMNS)
    if URL_COLUMN in table.columns:
        columns.insert(1, URL_COLUMN)
    frame = table.reset_index(drop=True)
    if "risk" in frame.columns:
        keys = pd.DataFrame(
            {"risk": pd.to_numeric(frame["risk"], errors="coerce"), "domain": frame["domain"].astype(str)}
        )
        order = keys.sort_values(
            ["risk", "domain"], ascending=[False, True], na_position="last", kind="stable"
        ).index
        frame = frame.loc[order].reset_index(drop=True)
    cells = [_column_cells(c, frame[c]) if c in frame.columns else [None] * len(frame) for c in columns]
    return columns, [list(row) for row in zip(*cells)] if cells and len(frame) else []


def _column_cells(name: str, series: pd.Series) -> list[Any]:
    """The cells of one column; each distinct value is converted once (columns repeat a lot)."""
    if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
        return [_cell_value(name, v) for v in series.astype("float64").tolist()]
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    mapped = [_cell_value(name, v) for v in uniques.tolist()] + [None]
    return [mapped[c] for c in codes.tolist()]


def write_review(
    table: pd.DataFrame, csv_path: str | PathLike[str] | None, xlsx_path: str | PathLike[str] | None = None
) -> int:
    """Write the review sheet for ``table`` as CSV and/or XLSX; return the number of rows written.

    Parameters
    ----------
    table
        The domain table (see :data:`REVIEW_COLUMNS`), in any order.
    csv_path, xlsx_path
        Output paths; ``None`` skips that format. Existing files are replaced (the caller decides
        about ``--force``), each in one step once it is complete and on disk: an interrupted run
        leaves the old sheet, never half of one (see :func:`toxicity.files.atomic_file`).

    Examples
    --------
    >>> import tempfile, os
    >>> d = tempfile.mkdtemp()
    >>> t = pd.DataFrame({"domain": ["a.com", "b.com"], "risk": [10, 90], "top_anchor": ["=1+1", "ok"]})
    >>> write_review(t, os.path.join(d, "review.csv"), os.path.join(d, "review.xlsx"))
    2
    >>> read_reviews([os.path.join(d, "review.csv")])[["domain", "top_anchor"]].values.tolist()
    [['b.com', 'ok'], ['a.com', '=1+1']]
    """
    columns, rows = sheet_rows(table)
    if csv_path is not None:
        # A review sheet may already hold a person's decisions: an interrupted run must leave it whole.
        with atomic_file(csv_path, "w", durable=True, encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\r\n")
            writer.writerow(columns)
            writer.writerows(rows)
    if xlsx_path is not None:
        _write_xlsx(columns, rows, Path(xlsx_path))
    logger.info("wrote a review sheet of %d rows", len(rows))
    return len(rows)


def _write_xlsx(columns: list[str], rows: list[list[Any]], path: Path) -> None:
    """Write the sheet with XlsxWriter (about twice openpyxl's speed on large sheets), atomically.

    Every string is written as a string: XlsxWriter's conversions of strings to formulas, URLs and
    numbers are switched off, so a cell can never become a formula or a link, whatever it holds.

    The workbook goes to the atomic temporary file beside ``path``, and XlsxWriter's own scratch files
    (the rows, in constant-memory mode) to a scratch folder beside it, removed on every exit path.
    Keeping the rows in memory instead (``in_memory``) would cost about 440 MB more at 200,000 rows.
    """
    import xlsxwriter

    with atomic_file(path, "wb", durable=True) as fh, _scratch_folder(path) as scratch:
        options = {
            "constant_memory": True,
            "tmpdir": str(scratch),
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "nan_inf_to_errors": True,
        }
        # Not ``with Workbook(...)``: its __exit__ closes, that is *writes*, the workbook even when the
        # body raised (Ctrl-C included), which would pass a partial sheet to the rename.
        wb = xlsxwriter.Workbook(fh, options)
        _fill_sheet(wb, columns, rows)
        wb.close()


@contextmanager
def _scratch_folder(path: Path) -> Iterator[Path]:
    """A private folder beside ``path`` (``.name.*.tmp``, like the atomic temp file), removed on exit.

    Beside the output, not in the system temp folder: a run killed outright leaves its scratch where
    the user looks, named so that it is plainly not an output.
    """
    folder = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _fill_sheet(wb: Any, columns: list[str], rows: list[list[Any]]) -> None:
    """Add the ``review`` worksheet: header, widths, filter, the decision drop-down and the cells."""
    ws = wb.add_worksheet(SHEET_NAME)
    header = wb.add_format({"bold": True, "bg_color": "#DDDDDD"})
    sample = rows[:500]
    for i, name in enumerate(columns):
        longest = max([len(str(r[i])) for r in sample if r[i] is not None] + [len(name)])
        ws.set_column(i, i, min(max(longest + 2, 9), _XLSX_WIDTHS.get(name, 18)))
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)
    decision = columns.index("decision")
    ws.data_validation(
        1,
        decision,
        1_048_575,
        decision,
        {
            "validate": "list",
            "source": list(DECISIONS),
            "ignore_blank": True,
            "error_title": "decision",
            "error_message": "Write disavow or keep, or leave the cell empty (undecided).",
        },
    )
    ws.write_row(0, 0, columns, header)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                ws.write_string(r, c, value)
            else:
                ws.write_number(r, c, value)


def _header_index(header: Sequence[str], path: Path) -> dict[str, int]:
    names = [str(h or "").strip().lstrip("\ufeff").lower() for h in header]
    missing = [c for c in REQUIRED_COLUMNS if c not in names]
    if missing:
        found = ", ".join(n for n in names[:8] if n) or "no header"
        raise MissingColumnsError(
            f"{path.name} lacks review column(s) {', '.join(missing)} (found: {found}); "
            f"use the review.csv or review.xlsx written by `toxicity score`, whose columns are "
            f"{', '.join(REVIEW_COLUMNS[:6])}, ..."
        )
    # Two decision columns would leave it to chance which one the human filled.
    check_unique_columns(names, path.name)
    index: dict[str, int] = {}
    for i, name in enumerate(names):
        index.setdefault(name, i)
    return index


def _read_csv_rows(path: Path) -> list[list[Any]]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputFileError(
            f"{path.name} is not UTF-8 (byte 0x{exc.object[exc.start]:02x} at offset {exc.start}); "
            f"in Excel use Save As 'CSV UTF-8 (Comma delimited)', or save the .xlsx instead"
        ) from None
    except OSError as exc:
        raise InputFileError(f"cannot read {path}: {exc.strerror}") from None
    first = text.split("\n", 1)[0]
    # Excel writes ';' in locales whose decimal mark is a comma, and tabs for "Unicode text".
    delimiter = max((",", ";", "\t"), key=first.count)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _read_xlsx_rows(path: Path) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputFileError(
            f"{path.name} is not a readable .xlsx workbook ({exc.__class__.__name__}); "
            f"open it in a spreadsheet and save it again as .xlsx or as CSV UTF-8"
        ) from None
    try:
        # Never "the first tab, whatever it holds": a renamed review tab is an error naming the tabs.
        ws = wb[review_sheet_name(wb.sheetnames, path.name)]
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
    finally:
        wb.close()
    names = [str(h or "").strip().lstrip("\ufeff").lower() for h in rows[0]] if rows else []
    if "decision" in names:
        # A formula with no saved value reads as None, which would pass for "undecided".
        check_decision_formulas(path, SHEET_NAME, names.index("decision"))
    return rows


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime, date)):
        return value.strftime("%Y-%m-%d")
    return restore_text(str(value))


def read_reviews(paths: Iterable[str | PathLike[str]]) -> pd.DataFrame:
    """Read review sheets (CSV or XLSX, by extension) back into one table of decisions.

    Returns
    -------
    DataFrame
        The columns of :data:`REVIEW_COLUMNS` (empty where a sheet lacks them) plus ``url`` (``''``
        for domain rows), ``source`` (the file name) and ``row`` (the sheet row, the header being
        row 1). ``decision`` is normalised to ``'disavow'``, ``'keep'`` or ``''``; numeric columns
        are floats; text cells have the neutralising apostrophe removed, so domains and URLs come
        back exactly as written. Empty rows are skipped. A URL-only row gets its registrable domain
        filled in.

    Raises
    ------
    InputFileError
        A file cannot be read or is not UTF-8 / not a workbook.
    MissingColumnsError
        A sheet lacks ``domain`` or ``decision``.
    ReviewSheetError
        A decision is not one of disavow, keep, d, k or blank, or a decided row has no domain or URL.
    """
    frames = []
    for raw_path in paths:
        path = Path(raw_path)
        if not path.is_file():
            raise InputFileError(
                f"review sheet {path} does not exist; pass the review.csv written by `toxicity score`"
            )
        rows = _read_xlsx_rows(path) if path.suffix.lower() in (".xlsx", ".xlsm") else _read_csv_rows(path)
        if not rows:
            raise InputFileError(f"{path.name} is empty; pass the review.csv written by `toxicity score`")
        frames.append(_sheet_frame(rows, path))
    columns = [*REVIEW_COLUMNS, URL_COLUMN, "source", "row"]
    frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame({c: [] for c in columns})
    for c in NUMERIC_COLUMNS:
        frame[c] = frame[c].astype("float64")
    frame["row"] = frame["row"].astype("int64")
    return frame[columns]


def _mapped(values: list[Any], func: Any) -> list[Any]:
    """``func`` applied to each distinct value of ``values`` once."""
    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=False)
    results = [func(u) for u in uniques.tolist()]
    return [results[c] for c in codes.tolist()]


def _sheet_frame(rows: list[list[Any]], path: Path) -> pd.DataFrame:
    """The decisions of one sheet's rows (header first) as a frame; raises on bad decisions."""
    index = _header_index(rows[0], path)
    body = rows[1:]

    def raw(column: str) -> list[Any]:
        i = index.get(column)
        return [None] * len(body) if i is None else [r[i] if i < len(r) else None for r in body]

    data: dict[str, Any] = {}
    for c in (*REVIEW_COLUMNS, URL_COLUMN):
        if c in NUMERIC_COLUMNS:
            data[c] = pd.to_numeric(pd.Series(raw(c), dtype=object).replace("", None), errors="coerce")
        elif c in ("domain", *URL_COLUMNS):
            data[c] = _mapped(raw(c), lambda v: _text(v).strip())
        else:
            data[c] = _mapped(raw(c), _text)
    frame = pd.DataFrame(data)
    typed = frame["decision"]
    frame["decision"] = _mapped(typed.tolist(), parse_decision)
    frame["source"] = path.name
    frame["row"] = range(2, len(frame) + 2)
    unknown = frame["decision"].isna()
    empty = (frame["domain"] == "") & (frame["url"] == "")
    orphan = empty & ~unknown & (frame["decision"] != "")
    bad = [
        f"row {r}: decision {str(v).strip()[:40]!r}" for r, v in zip(frame["row"][unknown], typed[unknown])
    ]
    bad += [
        f"row {r}: decision {d!r} but no domain or url"
        for r, d in zip(frame["row"][orphan], frame["decision"][orphan])
    ]
    if bad:
        bad.sort(key=lambda text: int(text.split()[1].rstrip(":")))
        more = f" (and {len(bad) - 1} more)" if len(bad) > 1 else ""
        raise ReviewSheetError(
            f"{path.name} {bad[0]}{more}: a decision must be disavow, keep, d, k or blank, "
            f"on a row with a domain or url; fix the cell and run again"
        )
    frame = frame[~empty].reset_index(drop=True)
    # A page of a platform itself is rolled up by its URL (medium.com/@someone/post): decide on the URL.
    page_rows = frame["domain"].str.contains("/", regex=False) & (frame["url"] == "")
    if page_rows.any():
        frame.loc[page_rows, "url"] = frame.loc[page_rows, "domain"].map(escape_url)
        frame.loc[page_rows, "domain"] = ""
    url_only = frame["domain"] == ""
    if url_only.any():
        frame.loc[url_only, "domain"] = [_domain_of_url(u) for u in frame.loc[url_only, "url"]]
    return frame


def _domain_of_url(url: str) -> str:
    host = host_of_url(url)
    return registrable_domain(host) if host else ""
