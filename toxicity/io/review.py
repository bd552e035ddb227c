"""The project's own review sheet (``review.csv`` / ``review.xlsx``): its format, and checks for reading
it back.

Columns: ``domain, links, risk, band, suggestion, decision, reasons, coverage`` and optionally ``url``.
One row per referring domain (or per URL when ``url`` is filled): ``source_url`` is the ``url`` when
given, else the ``domain``; ``links`` is the sheet's link count; the auditor's ``decision`` is kept raw
as ``label`` for the training code to parse.

A sheet is a person's work, edited in a spreadsheet, so whoever reads the decisions back checks what
a spreadsheet can silently change:

* the tab: ``toxicity score`` writes the sheet to a tab named :data:`SHEET_NAME`; a renamed tab is an
  error naming the tabs found (:func:`review_sheet_name`), never "the first tab, whatever it holds";
* duplicate columns: two ``decision`` (or ``domain``, ``url``) columns leave it open which one the
  human filled; an error naming them (:func:`check_unique_columns`);
* formulas without a saved value: a program that writes formulas without calculating them (a script
  with openpyxl, for one) leaves cells that read as blank, that is "undecided"; an error naming the
  rows (:func:`check_decision_formulas`).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from os import PathLike
from pathlib import Path, PurePosixPath
from typing import Final
from xml.etree import ElementTree

import pandas as pd

from toxicity.errors import InputFileError, ReviewSheetError
from toxicity.io.spec import FormatSpec, normalise_header

HEADER = ["domain", "links", "risk", "band", "suggestion", "decision", "reasons", "coverage"]

#: The tab of ``review.xlsx`` that ``toxicity score`` writes and every reader looks for.
SHEET_NAME: Final = "review"
#: Columns that say which row a human decided, and how: each may appear once only.
KEY_COLUMNS: Final = ("domain", "url", "decision")
#: Rows named in an error message before "and N more".
_SHOWN: Final = 5


def _column_letter(index: int) -> str:
    """Spreadsheet letters of the 0-based column ``index``: 0 -> A, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _listing(items: Sequence[str]) -> str:
    return ", ".join(items[:_SHOWN]) + (f" and {len(items) - _SHOWN} more" if len(items) > _SHOWN else "")


def review_sheet_name(sheet_names: Sequence[str], source: str) -> str:
    """The name of the review tab among a workbook's ``sheet_names``.

    Raises
    ------
    ReviewSheetError
        No tab is named :data:`SHEET_NAME` (the tabs found are named).

    Examples
    --------
    >>> review_sheet_name(["notes", "review"], "review.xlsx")
    'review'
    >>> review_sheet_name(["Sheet1", "notes"], "review.xlsx")
    Traceback (most recent call last):
    ...
    toxicity.errors.ReviewSheetError: review.xlsx has no tab named 'review' (tabs found: 'Sheet1', 'notes'); rename the tab that holds the decisions back to review, or save that tab as CSV UTF-8 and pass the .csv
    """  # noqa: E501 (the expected output is compared exactly)
    if SHEET_NAME in sheet_names:
        return SHEET_NAME
    found = _listing([repr(name[:40]) for name in sheet_names]) or "none"
    raise ReviewSheetError(
        f"{source} has no tab named {SHEET_NAME!r} (tabs found: {found}); rename the tab that holds the "
        f"decisions back to {SHEET_NAME}, or save that tab as CSV UTF-8 and pass the .csv"
    )


def check_unique_columns(header: Sequence[object], source: str) -> None:
    """Refuse a header in which a :data:`KEY_COLUMNS` name appears more than once.

    Raises
    ------
    ReviewSheetError
        A key column is duplicated (its names and spreadsheet letters are given).

    Examples
    --------
    >>> check_unique_columns(
    ...     ["domain", "decision", "reasons", "Decision "], "review.csv"
    ... )
    Traceback (most recent call last):
    ...
    toxicity.errors.ReviewSheetError: review.csv has 2 decision columns (columns B and D); it is unclear which one holds the decisions: delete or rename the other, then run again
    """  # noqa: E501 (the expected output is compared exactly)
    positions: dict[str, list[int]] = {}
    for i, name in enumerate(header):
        key = normalise_header(str(name or ""))
        if key in KEY_COLUMNS:
            positions.setdefault(key, []).append(i)
    for name in KEY_COLUMNS:
        where = positions.get(name, [])
        if len(where) > 1:
            letters = [_column_letter(i) for i in where]
            raise ReviewSheetError(
                f"{source} has {len(where)} {name} columns (columns {', '.join(letters[:-1])} and "
                f"{letters[-1]}); it is unclear which one holds the {name}s: delete or rename the "
                f"other{'s' if len(where) > 2 else ''}, then run again"
            )


# -------------------------------------------------------------------------- formulas with no saved value

_MAIN_NS: Final = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS: Final = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL_NS: Final = "{http://schemas.openxmlformats.org/package/2006/relationships}"
# A formula element, with or without a namespace prefix: <f>, <f t="shared" .../>, <x:f>. In XML text a
# "<" is always escaped, and other elements starting with f (<filterColumn>) do not match.
_FORMULA_TAG: Final = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
_CELL_REF: Final = re.compile(r"([A-Z]+)(\d+)")


def _sheet_part(book: zipfile.ZipFile, sheet: str) -> str | None:
    """The zip member holding the worksheet named ``sheet`` (``xl/worksheets/sheet1.xml``), if any."""
    workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
    rel_id = next(
        (s.get(f"{_REL_NS}id") for s in workbook.iter(f"{_MAIN_NS}sheet") if s.get("name") == sheet), None
    )
    rels = ElementTree.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    target = next(
        (r.get("Target") for r in rels.iter(f"{_PKG_REL_NS}Relationship") if r.get("Id") == rel_id), None
    )
    if not target:
        return None
    # Targets are relative to xl/ unless absolute (/xl/worksheets/sheet1.xml).
    path = PurePosixPath(target.lstrip("/")) if target.startswith("/") else PurePosixPath("xl") / target
    return str(path)


def _has_formulas(book: zipfile.ZipFile, part: str) -> bool:
    """Whether the worksheet XML holds any formula: a byte scan, far cheaper than parsing the cells."""
    with book.open(part) as fh:
        tail = b""
        while chunk := fh.read(1 << 20):
            if _FORMULA_TAG.search(tail + chunk):
                return True
            tail = chunk[-32:]
    return False


def uncached_formula_rows(path: str | PathLike[str], sheet: str, column: int) -> list[int]:
    """Rows (numbered as the spreadsheet shows them) whose cell in ``column`` is a formula with no saved
    value.

    Excel and LibreOffice save each formula's last value beside it, and readers (openpyxl with
    ``data_only=True``) read that value; a program that writes formulas without calculating them
    leaves none, and the cell reads as empty.

    Parameters
    ----------
    path : the ``.xlsx`` workbook
    sheet : the tab's name
    column : 0-based column index
    """
    try:
        with zipfile.ZipFile(path) as book:
            part = _sheet_part(book, sheet)
            if part is None or not _has_formulas(book, part):
                return []
            rows: list[int] = []
            with book.open(part) as fh:
                row_number, next_col = 0, 0
                for event, elem in ElementTree.iterparse(fh, events=("start", "end")):
                    tag = elem.tag.rsplit("}", 1)[-1]
                    if event == "start":
                        if tag == "row":
                            # r is optional in the format: a row without it follows the previous one.
                            r = elem.get("r")
                            row_number = int(r) if r and r.isdigit() else row_number + 1
                            next_col = 0
                        continue
                    if tag == "c":
                        ref = _CELL_REF.fullmatch(elem.get("r") or "")
                        col = _column_index(ref.group(1)) if ref else next_col
                        next_col = col + 1
                        if col == column and _formula_without_value(elem):
                            rows.append(row_number)
                        elem.clear()
                    elif tag == "row":
                        elem.clear()
            return rows
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError) as exc:
        raise InputFileError(
            f"{Path(path).name} is not a readable .xlsx workbook ({exc.__class__.__name__}); open it in a "
            f"spreadsheet and save it again as .xlsx or as CSV UTF-8"
        ) from None


def _formula_without_value(cell: ElementTree.Element) -> bool:
    """Whether a ``<c>`` element holds a formula (``<f>``) but no saved value.

    A calculated formula saves its value in ``<v>``. An empty ``<v>`` is a saved value only for a text
    result (``t="str"``: ``=IF(C2>90,"disavow","")`` came out blank); openpyxl writes every formula
    with an empty ``<v/>`` of the default numeric type, which no calculation produces.
    """
    parts = {child.tag.rsplit("}", 1)[-1]: child for child in cell}
    if "f" not in parts:
        return False
    value = parts.get("v", parts.get("is"))
    if value is None:
        return True
    return not "".join(value.itertext()).strip() and cell.get("t") not in ("str", "inlineStr")


def _column_index(letters: str) -> int:
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - 64
    return index - 1


def check_decision_formulas(path: str | PathLike[str], sheet: str, column: int) -> None:
    """Refuse a sheet whose decision column holds formulas with no saved value (they would read as blank).

    Raises
    ------
    ReviewSheetError
        Such cells exist; their rows are named.
    """
    rows = uncached_formula_rows(path, sheet, column)
    if rows:
        one = len(rows) == 1
        raise ReviewSheetError(
            f"{Path(path).name} row{'' if one else 's'} {_listing([str(r) for r in rows])}: the decision "
            f"is a formula with no saved value, which reads as blank (undecided); recalculate and save in "
            f"Excel/LibreOffice, or type the value"
        )


# ------------------------------------------------------------------------------------ the format spec


def _original_names(columns: Iterable[str]) -> list[str]:
    """Header names before the table reader made duplicates unique (``decision.1`` -> ``decision``)."""
    names = [str(c) for c in columns]
    present = set(names)
    out = []
    for name in names:
        base, dot, number = name.rpartition(".")
        out.append(base if dot and number.isdigit() and base in present else name)
    return out


def _derive(raw: pd.DataFrame, columns: Mapping[str, str]) -> dict[str, pd.Series]:
    check_unique_columns(_original_names(raw.columns), "the review sheet")
    domain = raw[columns["domain"]].astype("string")
    if "url" not in columns:
        return {"source_url": domain}
    url = raw[columns["url"]].astype("string")
    return {"source_url": url.where(url.fillna("").str.strip() != "", domain)}


SPEC = FormatSpec(
    name="review",
    description="toxicity review sheet (review.csv / review.xlsx), decision kept as label",
    columns={"source_url": ("domain",), "links": ("links",)},
    signatures=(
        frozenset({"domain", "suggestion", "decision"}),
        frozenset({"domain", "risk", "band", "decision"}),
    ),
    level="domain",
    derive=_derive,
)
