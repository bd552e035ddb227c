"""parse_number's fast front (Arrow finds the values that strip or percent removal can change) gives
exactly what Python's string methods give on every value (the rule it must follow)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from toxicity.io.values import _strip_percent, parse_number


def _slow_strip_percent(text: pd.Series) -> pd.Series:
    return text.str.strip().str.replace(r"\s*%$", "", regex=True).str.strip()


_SPACES = [chr(c) for c in range(0x3001) if chr(c).isspace()] + ["\u200b", "\ufeff", "\x00"]
_pieces = st.sampled_from(
    ["1", "12", "1,240", "1.240", "0,5", "7", "%", " %", "-", "+", "n/a", "e5", ".", ","] + _SPACES
)
_values = st.lists(st.lists(_pieces, max_size=6).map("".join), min_size=1, max_size=40)


@settings(max_examples=300, deadline=None)
@given(_values)
def test_strip_percent_matches_python_string_methods(values: list[str]) -> None:
    text = pd.Series(values, dtype="string")
    pd.testing.assert_series_equal(_strip_percent(text), _slow_strip_percent(text))


def test_every_unicode_space_python_strips_is_stripped() -> None:
    for c in _SPACES[:-3]:
        assert parse_number(pd.Series([f"{c}12{c}%{c}"], dtype="string")).tolist() == [12.0], repr(c)


def _slow_parse_number(values: pd.Series) -> pd.Series:
    """The rewrite of every distinct value, as parse_number did it before its Arrow front (the oracle)."""
    from toxicity.io.values import _DECIMAL_COMMA, _GROUPED_INT, _MARKS, _fullmatch, decimal_mark

    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    distinct = _slow_strip_percent(pd.Series(uniques, dtype="string"))
    parsed = pd.to_numeric(distinct, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    mark = decimal_mark(distinct) if len(distinct) else None
    if mark is not None:
        _, valid, grouping = _MARKS[mark]
        fixed = distinct.str.replace(grouping, "", regex=True).str.replace(",", ".", regex=False)
        redo = _fullmatch(distinct, valid).to_numpy(dtype=bool)
    else:
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


@settings(max_examples=400, deadline=None)
@given(_values)
def test_parse_number_matches_the_rewrite_of_every_value(values: list[str]) -> None:
    text = pd.Series(values, dtype="string")
    np.testing.assert_array_equal(parse_number(text).to_numpy(), _slow_parse_number(text).to_numpy())
