"""Vectorised parsing of the value forms that backlink exports use: booleans, numbers and dates.

Every parser works on the *unique* values of a column and maps the result back, so a million rows
with a few thousand distinct values cost a few thousand parses. A value that cannot be parsed
becomes missing (``<NA>`` / ``NaN`` / ``NaT``): unknown is never turned into ``False`` or ``0``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

# Besides the tools' own words: what Excel writes for TRUE/FALSE in German, French, Spanish, Italian,
# Portuguese, Dutch and Turkish when a sheet is saved as CSV (lower-cased as Python lower-cases them).
_TRUE = frozenset(
    {
        "true",
        "yes",
        "y",
        "1",
        "t",
        "x",
        "on",
        "nofollow",
        "wahr",
        "vrai",
        "sí",
        "si",
        "sim",
        "ja",
        "evet",
        "verdadero",
        "vero",
        "verdadeiro",
        "waar",
        "doğru",
    }
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
        "hayir",
        "falso",
        "onwaar",
        "yanlış",
        "yanliş",
    }
)


def _map_unique(values: pd.Series, parse: Callable[[str], Any], dtype: str) -> pd.Series:
    """Apply ``parse`` to each distinct non-missing value of ``values`` and map the results back."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    parsed = [parse(str(u)) for u in uniques]
    table = pd.array([*parsed, None], dtype=dtype)  # type: ignore[call-overload]  # dtype is a name
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


#: Thousands separators besides "," and ".": spaces (no-break and narrow no-break, as spreadsheets write
#: them in French, Swedish, Polish ...) and the Swiss apostrophe. Spelled for Python's ``re``;
#: :func:`_fullmatch` converts them for RE2.
_SPACES = r"\u00a0\u202f' "
# One kind of separator throughout ("1,240,000", "1.240.000", "1 240 000"), never after a leading 0 ("0.125"
# is a decimal); RE2-compatible (no backreferences).
_GROUPED_INT = re.compile(rf"[+-]?[1-9]\d{{0,2}}(?:(?:,\d{{3}})+|(?:\.\d{{3}})+|(?:[{_SPACES}]\d{{3}})+)")
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")


def _decimal_evidence(mark: str, other: str) -> str:
    """A pattern for values only readable with ``mark`` as the decimal mark (``other`` groups thousands).

    ``12.5``, ``0.125``, ``1234.5`` and ``1,234.5`` show a decimal point; ``1,234,567`` shows a comma that
    groups, so a point in the same column is a decimal point. ``1.234`` alone shows nothing.
    """
    m, o = re.escape(mark), re.escape(other)
    return (
        rf"[+-]?(?:\d*{m}(?:\d{{1,2}}|\d{{4,}})|(?:0|\d{{4,}}){m}\d+"
        rf"|\d{{1,3}}(?:[{o}{_SPACES}]\d{{3}})+{m}\d+|\d{{1,3}}(?:{o}\d{{3}}){{2,}})"
    )


def _valid_number(mark: str, other: str) -> str:
    """A number written with ``mark`` as the decimal mark and ``other`` (or a space) grouping thousands."""
    m, o = re.escape(mark), re.escape(other)
    return rf"[+-]?(?:(?:[1-9]\d{{0,2}}(?:(?:{o}\d{{3}})+|(?:[{_SPACES}]\d{{3}})+)|\d+)(?:{m}\d+)?|{m}\d+)"


#: Decimal mark -> (evidence that a column uses it, a number written with it, the characters to delete).
_MARKS = {
    ".": (_decimal_evidence(".", ","), _valid_number(".", ","), f"[,{_SPACES}]"),
    ",": (_decimal_evidence(",", "."), _valid_number(",", "."), f"[.{_SPACES}]"),
}


def _fullmatch(values: pd.Series, pattern: str) -> pd.Series:
    """Vectorised full match with Arrow's RE2 (Python's ``re`` per value is ten times slower).

    ``pattern`` is written for Python's ``re``; its ``\\uXXXX`` escapes are spelled ``\\x{XXXX}`` for RE2.
    """
    re2 = re.sub(r"\\u([0-9a-fA-F]{4})", r"\\x{\1}", pattern)
    arr = pa.array(values.astype("string"), type=pa.large_string(), from_pandas=True)
    hits = pc.match_substring_regex(arr, f"^(?:{re2})$").fill_null(False)
    return pd.Series(hits.to_numpy(zero_copy_only=False), index=values.index, dtype=bool)


def decimal_mark(values: pd.Series) -> str | None:
    """The decimal mark a column of numbers uses, when its values show it; ``None`` when they do not.

    A spreadsheet re-saved in another locale writes ``1.234`` for 1234 (German) or for 1.234 (English):
    the column's other values tell which (``7,5`` or ``12.5``, ``0.125``, ``1,234,567``). A column whose
    values point both ways, or neither way, shows nothing.

    >>> decimal_mark(pd.Series(["1.234", "7,5"])), decimal_mark(pd.Series(["1.234", "12.5"]))
    (',', '.')
    >>> decimal_mark(pd.Series(["1.234", "12"])) is None
    True
    """
    text = values.astype("string").str.strip()
    dot, comma = (bool(_fullmatch(text, _MARKS[m][0]).any()) for m in (".", ","))
    return None if dot == comma else "." if dot else ","


#: Every character Python's ``str.strip()`` removes, as a regular-expression class for Arrow's RE2
#: (whose ``\s`` is ASCII only).
_PY_SPACE_CLASS = "[" + "".join(f"\\x{{{ord(c):04x}}}" for c in map(chr, range(0x3001)) if c.isspace()) + "]"


def _strip_percent(text: pd.Series) -> pd.Series:
    """``text.str.strip()``, then a trailing ``%`` (and the spaces before it) removed and stripped again.

    Only values that start or end with white space or hold a ``%`` can change: Arrow finds them, and
    Python's string methods (the rules the result must follow) run on those alone. At a million
    distinct numbers this is seconds faster than running them on every value.
    """
    arr = pa.array(text, type=pa.large_string(), from_pandas=True)
    touched = pc.or_(
        pc.match_substring_regex(arr, f"^{_PY_SPACE_CLASS}|{_PY_SPACE_CLASS}$"),
        pc.match_substring(arr, "%"),
    ).fill_null(False)
    rows = np.flatnonzero(touched.to_numpy(zero_copy_only=False))
    if not len(rows):
        return text
    out = text.copy()
    part = text.iloc[rows].str.strip()
    out.iloc[rows] = part.str.replace(r"\s*%$", "", regex=True).str.strip()
    return out


def parse_number(values: pd.Series) -> pd.Series:
    """Parse numbers as exports write them into float64; unparseable or empty values become ``NaN``.

    Thousands separators (``"1,240"``, ``"1.240"``, ``"1 240"``, ``"1'240"``), percent signs (``"12%"``,
    ``"12 %"``) and decimal commas (``"0,5"``) are handled. Which of ``.`` and ``,`` is the decimal mark is
    decided for the whole column when its values show it (:func:`decimal_mark`): in a column holding
    ``7,5``, ``1.234`` is 1234; in one holding ``12.5``, it is 1.234. Otherwise a group of exactly three
    digits after one separator is read as thousands (``"1,240"`` and ``"1.240"`` are 1240): exports write
    counts (traffic, links, domains) that way.

    >>> parse_number(pd.Series(["1,240", "12%", "", "n/a", "3.5", "1.240.000", "0,5"])).tolist()
    [1240.0, 12.0, nan, nan, 3.5, 1240000.0, 0.5]
    >>> parse_number(pd.Series(["1.234", "0.5"])).tolist()
    [1.234, 0.5]
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    distinct = _strip_percent(pd.Series(uniques, dtype="string"))
    # Fast path: most distinct values are plain numbers that convert in C.
    parsed = pd.to_numeric(distinct, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    mark = decimal_mark(distinct) if len(distinct) else None
    # Values to re-read are found with Arrow; Python's string methods rewrite those alone.
    if mark is not None:
        _, valid, grouping = _MARKS[mark]
        redo = _fullmatch(distinct, valid).to_numpy(dtype=bool)
        fixed = distinct[redo].str.replace(grouping, "", regex=True).str.replace(",", ".", regex=False)
    else:
        # "1,240" fails the fast path and "1.240" converts to 1.24: re-read grouped and decimal-comma values.
        grouped = _fullmatch(distinct, _GROUPED_INT.pattern)
        decimal_comma = _fullmatch(distinct, _DECIMAL_COMMA.pattern) & ~grouped
        comma_thousands = _fullmatch(distinct, r"[+-]?\d{1,3}(?:,\d{3})+\.\d+")
        redo = (grouped | decimal_comma | comma_thousands).to_numpy(dtype=bool)
        base = distinct[redo]
        g, d, c = (m.to_numpy(dtype=bool)[redo] for m in (grouped, decimal_comma, comma_thousands))
        fixed = base.where(~g, base.str.replace(r"[^\d+-]", "", regex=True))
        fixed = fixed.where(~d, base.str.replace(",", ".", regex=False))
        fixed = fixed.where(~c, base.str.replace(",", "", regex=False))
    if redo.any():
        parsed[redo] = pd.to_numeric(fixed, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
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
    r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?"
    r"\s*(?:Z|UTC|[+-]\d{2}:?\d{2})?$"
)
_NUMERIC = re.compile(
    r"^(\d{1,4})[./-](\d{1,2})[./-](\d{1,4})"
    r"(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp])\.?[Mm]\.?)?)?$"
)
_WORDS = re.compile(r"[^\W\d_]+\.?|\d+")
#: A date written as a number of days since 1899-12-30 (Excel's and Google Sheets' serial dates, which a cell
#: left in "General" format shows); only 1990-2099 (serials 32874-73050) are taken for dates.
_SERIAL = re.compile(r"^\d{5}(?:\.\d+)?$")
_SERIAL_RANGE = (32874.0, 73051.0)
_SERIAL_EPOCH = datetime(1899, 12, 30)
#: Day and month of a numeric date with ``/`` or ``-`` (RE2): which comes first is decided per column.
_DAY_MONTH_RE2 = r"^\s*(?P<first>\d{1,2})[/-](?P<second>\d{1,2})[/-]\d{2,4}(?:[^0-9]|$)"


def _hour(hour: int, half: str | None) -> int:
    """The 24-hour clock hour of ``hour`` with an ``a``/``p`` (AM/PM) marker."""
    if half is None:
        return hour
    if not 1 <= hour <= 12:
        raise ValueError("AM/PM hour out of range")
    return hour % 12 + (12 if half.lower() == "p" else 0)


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
            hh, mm, ss = (int(g) if g else 0 for g in m.groups()[3:6])
            hh = _hour(hh, m.group(7))
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
        if _SERIAL.match(s):
            days = float(s)
            if not _SERIAL_RANGE[0] <= days < _SERIAL_RANGE[1]:
                return None
            # Serials count days as a float: round to the millisecond, Excel's resolution.
            return pd.Timestamp(_SERIAL_EPOCH + timedelta(milliseconds=round(days * 86_400_000)))
        # "Sep 15, 2026", "15 Sep 2026", "15. September 2026", "15 sept. 2026", "15 de septiembre de 2026"
        tokens = _WORDS.findall(s.lower())
        month = next((_MONTHS[t.rstrip(".")] for t in tokens if t.rstrip(".") in _MONTHS), None)
        numbers = [int(t) for t in tokens if t.isdigit()]
        if month is None or len(numbers) < 2:
            return None
        years = [n for n in numbers if n >= 1900]
        month_days = [n for n in numbers if 1 <= n <= 31]
        if not years or not month_days:
            return None
        return pd.Timestamp(datetime(years[0], month, month_days[0]))
    except ValueError:
        return None


def parse_date(values: pd.Series, *, dayfirst: bool = False) -> pd.Series:
    """Parse export dates into ``datetime64[ns]``; empty or unparseable values become ``NaT``.

    Understood forms: ISO (``2026-09-15``, ``2026-09-15 10:11:12``, ``2026-09-15T10:11:12Z``; time zones
    are dropped), ``Sep 15, 2026``, ``15 Sep 2026``, ``15/09/2026`` and ``9/15/2026 10:11:12 PM``,
    ``15.09.2026`` (always day first), Excel serial dates (``46280``, ``46280.5``: days since 1899-12-30,
    as a sheet shows a date cell left in "General" format; 1990-2099 only), and month names in German,
    French, Spanish, Portuguese, Italian, Dutch and Turkish (``15. Sept. 2026``, ``15 sept. 2026``,
    ``15 Eyl 2026``). The localised forms follow the languages' usual conventions and are unverified
    against real exports.

    Whether ``03/04/2013`` is 3 April or 4 March is decided for the whole column: its values with a day
    above 12 show the order (``15/09/2026`` day first, ``9/15/2026`` month first, as a spreadsheet re-saved
    in another locale writes them). A column that shows nothing, or both orders, is read day first when
    ``dayfirst`` (the export's own convention), else month first; a value that only fits one order is
    read in that order.

    >>> parse_date(pd.Series(["2026-09-15", "Sep 15, 2026", "15/09/2026", "", "soon"])).dt.day.tolist()
    [15.0, 15.0, 15.0, nan, nan]
    >>> parse_date(pd.Series(["03/04/2013"]), dayfirst=True).dt.month.tolist()
    [4]
    >>> parse_date(pd.Series(["03/04/2013", "15/04/2013"])).dt.month.tolist()
    [4, 4]
    >>> parse_date(pd.Series(["0226-09-14", "9999-12-31"])).isna().tolist()
    [True, True]
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    dayfirst = _day_first_column(uniques, dayfirst)
    # A year outside 1900-2200 is a damaged cell ("0226-09-14"), not a link date, and would not fit
    # datetime64[ns] either.
    dates = (_date(str(u), dayfirst) for u in uniques)
    parsed = [d if d is not None and 1900 <= d.year <= 2200 else None for d in dates]
    table = pd.Series([*parsed, None], dtype="datetime64[ns]").to_numpy()
    return pd.Series(
        table[np.where(codes >= 0, codes, len(parsed))], index=values.index, dtype="datetime64[ns]"
    )


def _day_first_column(uniques: Any, dayfirst: bool) -> bool:
    """Whether the numeric dates among ``uniques`` put the day first: as they show, else ``dayfirst``."""
    if not len(uniques):
        return dayfirst
    arr = pa.array(np.asarray(uniques, dtype=object).astype(str), type=pa.large_string())
    parts = pc.extract_regex(arr, _DAY_MONTH_RE2)
    if parts.null_count == len(parts):
        return dayfirst
    first, second = (pc.cast(pc.struct_field(parts, [i]), pa.int32()) for i in (0, 1))
    day_first = bool(pc.any(pc.greater(first, 12)).as_py())
    month_first = bool(pc.any(pc.greater(second, 12)).as_py())
    return dayfirst if day_first == month_first else day_first
