"""Spreadsheet-safe cells: the one place that decides what a text cell of an output may hold.

Anchors, titles and URLs come from spammers, and a cell such as ``=HYPERLINK("http://evil", "x")``
would run as a formula when a sheet is opened. Every text cell that any output writes (the review
sheet, ``links.csv``, ``domains.csv``, ``pages.csv``, ``features.csv``, ``metrics.csv``) goes through
:func:`neutralise_text`, one value at a time, or :func:`neutralise_array`, a whole column at once:

* control characters never reach a cell: tab, CR, LF and other line-breaking characters become a
  space, every other control character (and bidi override characters, which can make a cell read
  backwards) becomes U+FFFD;
* a cell whose text starts with ``=``, ``+``, ``-``, ``@``, a space (what a leading tab or CR became),
  or their full-width forms gets a leading apostrophe ``'``, the convention spreadsheets read as
  "this is text". Cells that start with apostrophes followed by such a character get one more, so
  the reader can undo exactly what the writer added (:func:`restore_text`);
* URL cells are first percent-encoded where they hold whitespace or control characters
  (:func:`escape_url`), which is what a browser would send anyway;
* text longer than Excel's 32,767-character cell limit (:data:`MAX_CELL_CHARS`) is cut (ending in ``…``).

This module sits at the bottom: it imports nothing of the package, so every layer may use it.
"""

from __future__ import annotations

import re
from typing import Final
from urllib.parse import quote

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

#: Excel's limit on the characters of one cell.
MAX_CELL_CHARS: Final = 32_767

# Characters that make a spreadsheet read a cell as a formula (OWASP "CSV injection"), plus the
# full-width forms some spreadsheet apps fold to them, plus a space (a leading tab/CR becomes one).
_FORMULA_START: Final = frozenset("=+-@ \uff1d\uff0b\uff0d\uff20")
_CELL_SPACE_RE: Final = re.compile("[\t\n\r\x0b\x0c\x1c-\x1f\x85\u2028\u2029]")
_CELL_BAD_RE: Final = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
# In URLs: any whitespace, control, invisible formatting or lone surrogate character.
_URL_UNSAFE_RE: Final = re.compile(
    "[\\s\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]"
)
# The same rules as a filter (RE2 syntax, for Arrow): cells that may need neutralising, that is a
# formula-like first character after any apostrophes, or any control, line-breaking or bidi-override
# character. Over-long cells are found by length. The Python functions applied to the flagged cells
# decide what, if anything, changes.
_NEEDS_WORK: Final = (
    r"^'*[=+\-@ \x{ff1d}\x{ff0b}\x{ff0d}\x{ff20}]"
    r"|[\x00-\x1f\x7f-\x9f\x{2028}\x{2029}\x{202a}-\x{202e}\x{2066}-\x{2069}]"
)
# In URLs also: any whitespace or invisible formatting character (see escape_url).
_URL_NEEDS_WORK: Final = _NEEDS_WORK + r"|[\s\x{85}\x{a0}\x{200b}-\x{200f}\x{2060}-\x{2065}\x{feff}]"


def escape_url(url: str) -> str:
    """Strip surrounding whitespace and percent-encode whitespace and control characters inside ``url``.

    RFC 3986 allows none of these characters in a URL, so the result names the same page while no
    longer being able to split a line or a cell. Other characters, ``%`` included, are left alone,
    so the function is idempotent.

    >>> escape_url(" http://spam.example/a b\\ndomain:google.com ")
    'http://spam.example/a%20b%0Adomain:google.com'
    """
    return _URL_UNSAFE_RE.sub(_quote_char, url.strip())


def _quote_char(match: re.Match[str]) -> str:
    char = match.group(0)
    if "\ud800" <= char <= "\udfff":
        return "%EF%BF%BD"  # a lone surrogate cannot be encoded: U+FFFD stands in for it
    return quote(char, safe="")


def clean_text(text: str) -> str:
    """Replace control characters in ``text``: line-breaking ones by a space, others by U+FFFD.

    >>> clean_text("buy\\tnow\\x07")
    'buy now\\ufffd'
    """
    return _CELL_BAD_RE.sub("\ufffd", _CELL_SPACE_RE.sub(" ", text))


def neutralise_text(text: str) -> str:
    """Return ``text`` safe for a spreadsheet cell: cleaned, formula-neutralised and length-capped.

    >>> neutralise_text("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> neutralise_text("plain anchor")
    'plain anchor'
    """
    text = clean_text(text)
    if text.lstrip("'")[:1] in _FORMULA_START:
        text = "'" + text
    if len(text) > MAX_CELL_CHARS:
        text = text[: MAX_CELL_CHARS - 1] + "\u2026"
    return text


def restore_text(cell: str) -> str:
    """Undo the apostrophe :func:`neutralise_text` added; any other text is returned unchanged.

    A human-typed ``'hello`` stays ``'hello``: only an apostrophe in front of a formula character
    (or in front of apostrophes leading to one) is ours.

    >>> restore_text(neutralise_text("-5% off"))
    '-5% off'
    >>> restore_text("'hello")
    "'hello"
    """
    if cell.startswith("'") and cell[1:].lstrip("'")[:1] in _FORMULA_START:
        return cell[1:]
    return cell


def _text_array(values: pd.Series) -> pa.Array:
    return pa.array(values.astype("string"), type=pa.large_string(), from_pandas=True)


def neutralise_array(values: pd.Series | pa.Array, *, url: bool = False) -> pa.Array:
    """Neutralise the text cells that need it, as an Arrow array; other cells are not copied to Python.

    One vectorised RE2 scan finds the cells that may need work, so a million-row column costs a
    regex pass, not a million Python calls; :func:`neutralise_text` (after :func:`escape_url` when
    ``url``) is applied to those. Missing stays missing.

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
