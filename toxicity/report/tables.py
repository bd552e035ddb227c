"""``links.csv`` and ``domains.csv``: the audit tables, written fast and safe for spreadsheets.

:func:`write_csv` is the writer of every table-shaped CSV output (``features.csv`` of ``toxicity
features`` and ``metrics.csv`` of ``toxicity evaluate`` too), so one piece of code decides what a
cell may hold.

Anchors, titles and URLs come from whoever built the spam. Every text cell goes through the same
neutralisation as the review sheet (:func:`toxicity.review.sheets.neutralise_text`): control
characters cannot split a row, and a cell that a spreadsheet would read as a formula (``=``, ``+``,
``-``, ``@``, tab, CR) starts with an apostrophe. Only the cells that need it are touched: one
vectorised RE2 scan (Arrow) finds them, so a million-row table costs a regex pass, not a million
Python calls.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from toxicity.files import atomic_file
from toxicity.review.sheets import MAX_CELL_CHARS, escape_url, neutralise_text

# Cells that need neutralising (RE2 syntax): a formula-like first character after any apostrophes,
# or any control, line-breaking or bidi-override character. Over-long cells are found by length.
# The Python functions applied to the flagged cells decide what, if anything, changes.
_NEEDS_WORK = (
    r"^'*[=+\-@ \x{ff1d}\x{ff0b}\x{ff0d}\x{ff20}]"
    r"|[\x00-\x1f\x7f-\x9f\x{2028}\x{2029}\x{202a}-\x{202e}\x{2066}-\x{2069}]"
)
# In URLs also: any whitespace or invisible formatting character (see escape_url).
_URL_NEEDS_WORK = _NEEDS_WORK + r"|[\s\x{85}\x{a0}\x{200b}-\x{200f}\x{2060}-\x{2065}\x{feff}]"
_URL_COLUMNS = ("source_url", "target_url", "example_url", "url")


def _text_array(values: pd.Series) -> pa.Array:
    return pa.array(values.astype("string"), type=pa.large_string(), from_pandas=True)


def neutralise_array(values: pd.Series | pa.Array, *, url: bool = False) -> pa.Array:
    """Neutralise the text cells that need it, as an Arrow array; other cells are not copied to Python.

    Missing stays missing.

    >>> neutralise_array(pd.Series(["=1+1", "ok", None])).to_pylist()
    ["'=1+1", 'ok', None]
    >>> neutralise_array(pd.Series(["http://x.com/a b"]), url=True).to_pylist()
    ['http://x.com/a%20b']
    """
    arr = values if isinstance(values, pa.Array) else _text_array(values)
    flagged = pc.or_(
        pc.match_substring_regex(arr, _URL_NEEDS_WORK if url else _NEEDS_WORK),
        pc.greater(pc.utf8_length(arr), MAX_CELL_CHARS - 1),
    ).fill_null(False)
    if not pc.any(flagged).as_py():
        return arr
    fix = (lambda v: neutralise_text(escape_url(v))) if url else neutralise_text
    fixed = [fix(v) for v in arr.filter(flagged).to_pylist()]
    return pc.replace_with_mask(arr, flagged, pa.array(fixed, type=arr.type))


def _safe_array(column: str, values: pd.Series) -> pa.Array:
    """One column as an Arrow array, text neutralised; numbers and dates as they are."""
    if isinstance(values.dtype, pd.CategoricalDtype) and pd.api.types.is_string_dtype(values.cat.categories):
        # each distinct text neutralised once; the column stays dictionary-encoded
        categories = neutralise_array(pd.Series(values.cat.categories, dtype="string"), url=column in _URL_COLUMNS)
        codes = pa.array(values.cat.codes.to_numpy(), mask=values.isna().to_numpy())
        return pa.DictionaryArray.from_arrays(codes, categories)
    if values.dtype == object or pd.api.types.is_string_dtype(values):
        return neutralise_array(values, url=column in _URL_COLUMNS)
    return pa.array(values, from_pandas=True)


def write_csv(table: pd.DataFrame, path: str | os.PathLike[str]) -> None:
    """Write ``table`` as UTF-8 CSV (with BOM, for Excel), every text cell neutralised, atomically."""
    path = Path(path)
    arrow = pa.table({str(c): _safe_array(str(c), table[c]) for c in table.columns})
    with atomic_file(path) as fh:
        fh.write("\ufeff".encode())
        pacsv.write_csv(arrow, fh)
