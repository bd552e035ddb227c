"""Vectorised parsing of the value forms that backlink exports use: booleans, numbers and dates.

Every parser works on the *unique* values of a column and maps the result back, so a million rows
with a few thousand distinct values cost a few thousand parses. A value that cannot be parsed
becomes missing (``<NA>`` / ``NaN`` / ``NaT``): unknown is never turned into ``False`` or ``0``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

_TRUE = frozenset(
    {"true", "yes", "y", "1", "t", "x", "on", "nofollow", "wahr", "vrai", "sí", "si", "sim", "ja", "evet"}
)
_FALSE = frozenset(
    {
        "false",
        "no",
        "n",
        "0",
        "f",
        "off",
        "follow",
        "dofollow",
        "falsch",
        "faux",
        "não",
        "nao",
        "nee",
        "nein",
        "hayır",
    }
)


def _map_unique(values: pd.Series, parse: Callable[[str], Any], dtype: str) -> pd.Series:
    """Apply ``parse`` to each distinct non-missing value of ``values`` and map the results back."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    parsed = [parse(str(u)) for u in uniques]
    table = pd.array([*parsed, None], dtype=dtype)
    return pd.Series(table[np.where(codes >= 0, codes, len(parsed))], index=values.index)


def parse_bool(values: pd.Series) -> pd.Series:
    """Parse export booleans (``true/false``, ``yes/no``, ``1/0``, ``TRUE``, ...) into a nullable boolean.

    Empty and unrecognised values are ``<NA>``. Localised forms (``wahr``, ``vrai``, ``evet`` ...) are
    accepted but unverified against real exports.

    >>> parse_bool(pd.Series(["TRUE", "no", "", "maybe", "1"])).tolist()
    [True, False, <NA>, <NA>, True]
    """

    def one(v: str) -> bool | None:
        s = v.strip().lower()
        if s in _TRUE:
            return True
        if s in _FALSE:
            return False
        return None

    return _map_unique(values, one, "boolean")


# One kind of separator throughout ("1,240,000", "1.240.000", "1 240 000"); RE2-compatible (no backreferences).
_GROUPED_INT = re.compile(r"[+-]?\d{1,3}(?:(?:,\d{3})+|(?:\.\d{3})+|(?:[\u00a0\u202f' ]\d{3})+)")
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")


def _fullmatch(values: pd.Series, pattern: str) -> pd.Series:
    """Vectorised full match with Arrow's RE2 (Python's ``re`` per value is ten times slower).

    ``pattern`` is written for Python's ``re``; its ``\\uXXXX`` escapes are spelled ``\\x{XXXX}`` for RE2.
    """
    re2 = re.sub(r"\\u([0-9a-fA-F]{4})", r"\\x{\1}", pattern)
    arr = pa.array(values.astype("string"), type=pa.large_string(), from_pandas=True)
    hits = pc.match_substring_regex(arr, f"^(?:{re2})$").fill_null(False)
    return pd.Series(hits.to_numpy(zero_copy_only=False), index=values.index, dtype=bool)


def parse_number(values: pd.Series) -> pd.Series:
    """Parse numbers as exports write them into float64; unparseable or empty values become ``NaN``.

    Thousands separators (``"1,240"``, ``"1.240"``, ``"1 240"``), percent signs (``"12%"``) and decimal
    commas (``"0,5"``) are handled. A group of exactly three digits after one separator is read as
    thousands (``"1,240"`` is 1240, never 1.24).

    >>> parse_number(pd.Series(["1,240", "12%", "", "n/a", "3.5", "1.240.000", "0,5"])).tolist()
    [1240.0, 12.0, nan, nan, 3.5, 1240000.0, 0.5]
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    distinct = pd.Series(uniques, dtype="string").str.replace("%", "", regex=False).str.strip()
    # Fast path: most distinct values are plain numbers that convert in C.
    parsed = pd.to_numeric(distinct, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    # "1,240" fails the fast path and "1.240" converts to 1.24: re-read grouped and decimal-comma values.
    grouped = _fullmatch(distinct, _GROUPED_INT.pattern)
    decimal_comma = _fullmatch(distinct, _DECIMAL_COMMA.pattern) & ~grouped
    comma_thousands = _fullmatch(distinct, r"[+-]?\d{1,3}(?:,\d{3})+\.\d+")
    fixed = distinct.where(~grouped, distinct.str.replace(r"[^\d+-]", "", regex=True))
    fixed = fixed.where(~decimal_comma, distinct.str.replace(",", ".", regex=False))
    fixed = fixed.where(~comma_thousands, distinct.str.replace(",", "", regex=False))
    redo = (grouped | decimal_comma | comma_thousands).to_numpy(dtype=bool)
    if redo.any():
        parsed[redo] = pd.to_numeric(fixed[redo], errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    table = np.append(parsed, np.nan)
    return pd.Series(table[np.where(codes >= 0, codes, len(parsed))], index=values.index, dtype="float64")


_MONTHS: dict[str, int] = {}
for _number_of_month, _names in enumerate(
    [
        # English, German, French, Spanish, Portuguese, Italian, Dutch, Turkish (abbreviated and full)
        "jan january januar janv janvier ene enero janeiro gen gennaio januari ocak oca",
        "feb february februar fév févr fev février fevrier febrero fevereiro febbraio februari şubat şub",
        "mar march märz mär mrz mars marzo março mrt maart mart",
        "apr april avr avril abr abril aprile nisan nis",
        "may mai mayo maio mag maggio mei mayıs",
        "jun june juni juin junio junho giu giugno haziran haz",
        "jul july juli juil juillet julio julho lug luglio temmuz tem",
        "aug august août aout ago agosto augustus ağustos ağu",
        "sep sept september septembre septiembre setembro set settembre eylül eyl",
        "oct october okt oktober octobre oct octubre outubro ott ottobre ekim eki",
        "nov november novembre noviembre novembro kasım kas",
        "dec december dez dezember déc décembre dic diciembre dezembro dicembre aralık ara",
    ],
    start=1,
):
    for _name in _names.split():
        _MONTHS.setdefault(_name, _number_of_month)

_ISO = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?\s*(?:Z|UTC|[+-]\d{2}:?\d{2})?$"
)
_NUMERIC = re.compile(r"^(\d{1,4})[./-](\d{1,2})[./-](\d{1,4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_WORDS = re.compile(r"[^\W\d_]+\.?|\d+")


def _date(v: str, dayfirst: bool) -> pd.Timestamp | None:
    s = v.strip()
    if not s:
        return None
    try:
        m = _ISO.match(s)
        if m:
            y, mo, d, hh, mm, ss = (int(g) if g else 0 for g in m.groups())
            return pd.Timestamp(datetime(y, mo, d, hh, mm, ss))
        m = _NUMERIC.match(s)
        if m:
            a, b, c = (int(g) for g in m.groups()[:3])
            hh, mm, ss = (int(g) if g else 0 for g in m.groups()[3:])
            if len(m.group(1)) == 4:  # yyyy/mm/dd
                y, mo, d = a, b, c
            else:
                y = c if c >= 100 else 2000 + c
                # dots are day-first in every locale that uses them (de, tr, nl, ...)
                day_first = dayfirst or "." in s or a > 12
                if b > 12:
                    day_first = False
                d, mo = (a, b) if day_first else (b, a)
            return pd.Timestamp(datetime(y, mo, d, hh, mm, ss))
        # "Sep 15, 2026", "15 Sep 2026", "15. September 2026", "15 sept. 2026", "15 de septiembre de 2026"
        tokens = _WORDS.findall(s.lower())
        month = next((_MONTHS[t.rstrip(".")] for t in tokens if t.rstrip(".") in _MONTHS), None)
        numbers = [int(t) for t in tokens if t.isdigit()]
        if month is None or len(numbers) < 2:
            return None
        years = [n for n in numbers if n >= 1900]
        days = [n for n in numbers if 1 <= n <= 31]
        if not years or not days:
            return None
        return pd.Timestamp(datetime(years[0], month, days[0]))
    except ValueError:
        return None


def parse_date(values: pd.Series, *, dayfirst: bool = False) -> pd.Series:
    """Parse export dates into ``datetime64[ns]``; empty or unparseable values become ``NaT``.

    Understood forms: ISO (``2026-09-15``, ``2026-09-15 10:11:12``, ``2026-09-15T10:11:12Z``; time zones
    are dropped), ``Sep 15, 2026``, ``15 Sep 2026``, ``15/09/2026`` (day first when ``dayfirst`` or when
    unambiguous), ``15.09.2026`` (always day first), and month names in German, French, Spanish,
    Portuguese, Italian, Dutch and Turkish (``15. Sept. 2026``, ``15 sept. 2026``, ``15 Eyl 2026``).
    The localised forms follow the languages' usual conventions and are unverified against real
    exports.

    >>> parse_date(pd.Series(["2026-09-15", "Sep 15, 2026", "15/09/2026", "", "soon"])).dt.day.tolist()
    [15.0, 15.0, 15.0, nan, nan]
    >>> parse_date(pd.Series(["03/04/2013"]), dayfirst=True).dt.month.tolist()
    [4]
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    parsed = [_date(str(u), dayfirst) for u in uniques]
    table = pd.Series([*parsed, None], dtype="datetime64[ns]").to_numpy()
    return pd.Series(
        table[np.where(codes >= 0, codes, len(parsed))], index=values.index, dtype="datetime64[ns]"
    )
