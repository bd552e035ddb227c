"""``links.csv`` and ``domains.csv``: the audit tables, written fast and safe for spreadsheets.

Anchors, titles and URLs come from whoever built the spam. Every text cell goes through the same
neutralisation as the review sheet (:func:`toxicity.review.sheets.neutralise_text`): control
characters cannot split a row, and a cell that a spreadsheet would read as a formula (``=``, ``+``,
``-``, ``@``, tab, CR) starts with an apostrophe. Only cells that need it are touched, found with
one vectorised scan, so a million-row table costs a regex pass, not a million Python calls.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd

from toxicity.review.sheets import escape_url, neutralise_text

# Cells that need neutralising: a formula-like first character (after apostrophes), any control or
# line-breaking character, bidi overrides, or a length beyond a spreadsheet cell.
_NEEDS_WORK = r"^'*[=+\-@ \uff1d\uff0b\uff0d\uff20]|[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]|^.{32767}"
_URL_COLUMNS = ("source_url", "target_url", "example_url", "url")


def neutralise_series(values: pd.Series, *, url: bool = False) -> pd.Series:
    """Neutralise every text cell of ``values`` that needs it; missing stays missing.

    >>> neutralise_series(pd.Series(["=1+1", "ok", None])).tolist()
    ["'=1+1", 'ok', None]
    """
    s = values.astype(object)
    present = s.notna()
    text = s[present].astype(str)
    if url:
        text = text.map(escape_url)
    flagged = text.str.contains(_NEEDS_WORK, regex=True)
    if flagged.any():
        text[flagged] = text[flagged].map(neutralise_text)
    s[present] = text
    return s.where(present, None)


def safe_table(table: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``table`` with every text column neutralised (numbers and dates untouched)."""
    out = table.copy()
    for column in out.columns:
        col = out[column]
        if col.dtype == object or pd.api.types.is_string_dtype(col):
            out[column] = neutralise_series(col, url=column in _URL_COLUMNS)
    return out


def write_csv(table: pd.DataFrame, path: str | os.PathLike[str]) -> None:
    """Write ``table`` as UTF-8 CSV (with BOM, for Excel), neutralised, atomically."""
    import pyarrow as pa
    import pyarrow.csv as pacsv

    path = Path(path)
    safe = safe_table(table)
    arrow = pa.Table.from_pandas(safe.astype({c: "string" for c in safe.columns if safe[c].dtype == object}), preserve_index=False)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write("\ufeff".encode())
            pacsv.write_csv(arrow, fh)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
