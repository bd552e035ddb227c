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
