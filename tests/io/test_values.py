"""Value parsers: booleans, numbers, dates."""

from __future__ import annotations

import pandas as pd

from toxicity.io.values import parse_bool, parse_date, parse_number


def test_bool_forms() -> None:
    got = parse_bool(pd.Series(["true", "FALSE", "Yes", "no", "1", "0", "", "?"])).tolist()
    assert got == [True, False, True, False, True, False, pd.NA, pd.NA]


def test_bool_forms_of_export_verdicts() -> None:
    # Ahrefs "Is spam" / "Content": lower case in the export, upper case after a Sheets or Excel re-save.
    got = parse_bool(pd.Series(["true", "false", "TRUE", "FALSE", "", " True ", None], dtype="string"))
    assert got.tolist() == [True, False, True, False, pd.NA, True, pd.NA]
    assert str(got.dtype) == "boolean"


def test_number_forms() -> None:
    got = parse_number(pd.Series(["1,240", "1.240", "1 240", "12%", "0,5", "3.25", "-7", "", "abc"]))
    assert got.tolist()[:7] == [1240.0, 1240.0, 1240.0, 12.0, 0.5, 3.25, -7.0]
    assert got.iloc[7:].isna().all()


def test_date_forms() -> None:
    values = ["2026-09-15", "2026-09-15T10:11:12Z", "Sep 15, 2026", "15 Sep 2026", "15.09.2026",
              "15/09/2026", "15 sept. 2026", "15 de septiembre de 2026", "15. September 2026"]  # fmt: skip
    got = parse_date(pd.Series(values))
    assert got.dt.normalize().tolist() == [pd.Timestamp("2026-09-15")] * len(values)


def test_ambiguous_slash_dates_follow_dayfirst() -> None:
    assert parse_date(pd.Series(["03/04/2013"])).iloc[0] == pd.Timestamp("2013-03-04")
    assert parse_date(pd.Series(["03/04/2013"]), dayfirst=True).iloc[0] == pd.Timestamp("2013-04-03")


def test_impossible_dates_are_missing() -> None:
    assert parse_date(pd.Series(["2026-02-30", "99/99/2026", "soon"])).isna().all()


def test_bool_forms_of_spreadsheets_in_other_languages() -> None:
    """Excel writes TRUE/FALSE in the sheet's language when it saves CSV."""
    true = ["WAHR", "VRAI", "VERDADERO", "VERO", "VERDADEIRO", "WAAR", "DOĞRU", "Yes", "1"]
    false = ["FALSCH", "FAUX", "FALSO", "ONWAAR", "YANLIŞ", "HAYIR", "No", "0"]
    assert parse_bool(pd.Series(true)).tolist() == [True] * len(true)
    assert parse_bool(pd.Series(false)).tolist() == [False] * len(false)


def test_a_leading_zero_is_never_a_thousands_group() -> None:
    assert parse_number(pd.Series(["0.125", "0,125", "-0.5"])).tolist() == [0.125, 0.125, -0.5]


def test_the_column_decides_what_a_three_digit_group_means() -> None:
    # German: "1.234" is 1234 where a decimal comma shows up in the same column.
    assert parse_number(pd.Series(["1.234", "7,5", "12"])).tolist() == [1234.0, 7.5, 12.0]
    # English: "1.234" is 1.234 where a decimal point or comma-grouped thousands show up.
    assert parse_number(pd.Series(["1.234", "12.5"])).tolist() == [1.234, 12.5]
    assert parse_number(pd.Series(["1.234", "1,234,567"])).tolist() == [1.234, 1234567.0]
    assert parse_number(pd.Series(["1,234", "0.5"])).tolist() == [1234.0, 0.5]
    # French: spaces group, commas are decimal.
    assert parse_number(pd.Series(["1\u202f234", "1 234,5", "0,25"])).tolist() == [1234.0, 1234.5, 0.25]
    # A column of counts alone: exports group thousands, so one group of three is thousands.
    assert parse_number(pd.Series(["1.234", "12"])).tolist() == [1234.0, 12.0]
    assert parse_number(pd.Series(["1,234", "12"])).tolist() == [1234.0, 12.0]


def test_percent_signs_only_at_the_end() -> None:
    got = parse_number(pd.Series(["73%", "73 %", "73\u00a0%", "7%3"]))
    assert got.tolist()[:3] == [73.0, 73.0, 73.0] and pd.isna(got.iloc[3])


def test_excel_serial_dates() -> None:
    got = parse_date(pd.Series(["46280", "45717.42444444444", "2026", "12", "99999"]))
    assert got.tolist()[:2] == [pd.Timestamp("2026-09-15"), pd.Timestamp("2025-03-01 10:11:12")]
    assert got.iloc[2:].isna().all()  # a year, a count, and far beyond any export are not dates


def test_dates_with_am_pm() -> None:
    got = parse_date(pd.Series(["9/15/2026 10:11:12 PM", "9/15/2026 12:05 AM", "9/15/2026 12:05 p.m."]))
    assert got.tolist() == [
        pd.Timestamp("2026-09-15 22:11:12"),
        pd.Timestamp("2026-09-15 00:05"),
        pd.Timestamp("2026-09-15 12:05"),
    ]
    assert parse_date(pd.Series(["9/15/2026 13:00 PM"])).isna().all()


def test_the_column_decides_whether_the_day_comes_first() -> None:
    # One value with a day above 12 shows the order for the whole column, whatever the export's convention.
    uk = parse_date(pd.Series(["01/03/2025", "15/09/2026"]))
    assert uk.tolist() == [pd.Timestamp("2025-03-01"), pd.Timestamp("2026-09-15")]
    us = parse_date(pd.Series(["01/03/2025", "9/15/2026"]), dayfirst=True)
    assert us.tolist() == [pd.Timestamp("2025-01-03"), pd.Timestamp("2026-09-15")]
    # A column showing nothing, or both orders, follows the export's convention.
    assert parse_date(pd.Series(["01/03/2025"]), dayfirst=True).iloc[0] == pd.Timestamp("2025-03-01")
    both = parse_date(pd.Series(["01/03/2025", "15/09/2026", "9/15/2026"]))
    assert both.tolist() == [pd.Timestamp("2025-01-03")] + [pd.Timestamp("2026-09-15")] * 2
