"""``links.csv`` and ``domains.csv``: the audit tables, written fast and safe for spreadsheets.

:func:`write_csv` is the writer of every table-shaped CSV output (``features.csv`` of ``toxicity
features`` and ``metrics.csv`` of ``toxicity evaluate`` too), so one piece of code decides what a
cell may hold.

Anchors, titles and URLs come from whoever built the spam. Every text cell goes through the same
neutralisation as the review sheet (:mod:`toxicity.cells`): control characters cannot split a row,
and a cell that a spreadsheet would read as a formula (``=``, ``+``, ``-``, ``@``, tab, CR) starts
with an apostrophe. Only the cells that need it are touched: one vectorised RE2 scan (Arrow) finds
them (:func:`toxicity.cells.neutralise_array`), so a million-row table costs a regex pass, not a
million Python calls.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from toxicity.cells import neutralise_array
from toxicity.files import atomic_file

_URL_COLUMNS = ("source_url", "target_url", "example_url", "url")


def _safe_array(column: str, values: pd.Series) -> pa.Array:
    """One column as an Arrow array, text neutralised; numbers and dates as they are."""
    if isinstance(values.dtype, pd.CategoricalDtype) and pd.api.types.is_string_dtype(values.cat.categories):
        # each distinct text neutralised once; the column stays dictionary-encoded
        categories = neutralise_array(
            pd.Series(values.cat.categories, dtype="string"), url=column in _URL_COLUMNS
        )
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
