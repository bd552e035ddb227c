"""Reading a review sheet back: a renamed tab, duplicate columns and formulas with no saved value are errors.

The checks live in :mod:`toxicity.io.review`; the tests at the end run them through ``read_reviews``
and ``toxicity disavow``, which call them when reading a sheet.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import xlsxwriter
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook

from toxicity.cli import cli
from toxicity.errors import ReviewSheetError
from toxicity.io import read_export
from toxicity.io.review import check_unique_columns, review_sheet_name, uncached_formula_rows
from toxicity.review import read_reviews, write_review

HEADER = ["domain", "links", "risk", "band", "suggestion", "decision", "reasons", "coverage"]


def _table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "domain": ["casino-links.net", "pbn-one.org", "local-news.com"],
            "links": [420, 12, 5],
            "risk": [97.0, 91.0, 12.0],
            "band": ["high", "high", "low"],
            "suggestion": ["disavow", "disavow", "keep"],
            "reasons": ["gambling site"] * 3,
        }
    )


def _openpyxl_sheet(path: Path, decisions: list[str], title: str = "review") -> None:
    """A review sheet filled by a script with openpyxl, which writes formulas without calculating them."""
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append(HEADER)
    for i, decision in enumerate(decisions):
        ws.append([f"site{i}.com", 1, 90, "high", "disavow", decision, "x", 1])
    wb.save(path)


# -------------------------------------------------------------------------------------- the checks


def test_the_review_tab_is_found_by_its_name_or_the_tabs_found_are_named() -> None:
    assert review_sheet_name(["notes", "review"], "review.xlsx") == "review"
    with pytest.raises(ReviewSheetError) as info:
        review_sheet_name(["Sheet1", "Decisions"], "review.xlsx")
    assert str(info.value) == (
        "review.xlsx has no tab named 'review' (tabs found: 'Sheet1', 'Decisions'); rename the tab that "
        "holds the decisions back to review, or save that tab as CSV UTF-8 and pass the .csv"
    )


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (
            [*HEADER, "decision"],
            (
                "review.csv has 2 decision columns (columns F and I); it is unclear which one holds "
                "the decisions: delete or rename the other, then run again"
            ),
        ),
        (
            ["Domain", *HEADER[1:], " DOMAIN", "domain"],
            (
                "review.csv has 3 domain columns (columns A, I and J); it "
                "is unclear which one holds the domains: delete or rename "
                "the others, then run again"
            ),
        ),
    ],
)
def test_duplicate_key_columns_are_named(header: list[str], message: str) -> None:
    with pytest.raises(ReviewSheetError) as info:
        check_unique_columns(header, "review.csv")
    assert str(info.value) == message
    check_unique_columns([*HEADER, "reasons", "url"], "review.csv")  # a repeated free-text column is harmless


def test_formulas_without_a_saved_value_are_found(tmp_path: Path) -> None:
    path = tmp_path / "review.xlsx"
    _openpyxl_sheet(path, ['="disavow"', "keep", "", '=IF(1,"","")'])
    assert uncached_formula_rows(path, "review", HEADER.index("decision")) == [2, 5]
    assert uncached_formula_rows(path, "review", 0) == []


def test_calculated_formulas_are_not_flagged(tmp_path: Path) -> None:
    path = tmp_path / "review.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("review")
    ws.write_row(0, 0, HEADER)
    ws.write_row(1, 0, ["a.com", 1, 90, "high", "disavow"])
    ws.write_formula(1, 5, '="disavow"', None, "disavow")  # saved with its value, as Excel does
    wb.close()
    assert uncached_formula_rows(path, "review", 5) == []
    write_review(_table(), None, tmp_path / "plain.xlsx")  # no formula at all: a byte scan says so
    assert uncached_formula_rows(tmp_path / "plain.xlsx", "review", 5) == []


def test_reading_a_review_sheet_as_an_export_refuses_two_decision_columns(tmp_path: Path) -> None:
    path = tmp_path / "review.csv"
    path.write_text(
        ",".join([*HEADER, "decision"]) + "\nspam.com,3,90,high,disavow,,x,1,disavow\n", encoding="utf-8"
    )
    with pytest.raises(ReviewSheetError) as info:
        read_export(path)
    assert str(info.value) == (
        "the review sheet has 2 decision columns (columns F and I); it is unclear which one holds the "
        "decisions: delete or rename the other, then run again"
    )


# ------------------------------------------------------------------- through read_reviews and disavow


def test_read_reviews_refuses_a_renamed_tab(tmp_path: Path) -> None:
    path = tmp_path / "review.xlsx"
    write_review(_table(), None, path)
    wb = load_workbook(path)
    wb["review"].title = "Sheet1"
    wb.create_sheet("notes", 0)
    wb.save(path)
    with pytest.raises(
        ReviewSheetError, match=r"^review.xlsx has no tab named 'review' \(tabs found: 'notes', "
    ):
        read_reviews([path])


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_read_reviews_refuses_two_decision_columns(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"review{suffix}"
    table = _table()
    table["decision"] = ["", "", ""]
    write_review(table, path if suffix == ".csv" else None, path if suffix == ".xlsx" else None)
    frame = read_reviews([path])[[*HEADER, "url"]].assign(**{"decision ": ["disavow", "", ""]})
    if suffix == ".csv":
        frame.to_csv(path, index=False)
    else:
        frame.to_excel(path, index=False, sheet_name="review")
    with pytest.raises(
        ReviewSheetError, match=rf"^review{suffix} has 2 decision columns \(columns F and J\)"
    ):
        read_reviews([path])


def test_disavow_refuses_decisions_written_as_formulas_without_a_value(tmp_path: Path) -> None:
    path = tmp_path / "review.xlsx"
    _openpyxl_sheet(path, ['="disavow"', "disavow", '="keep"'])
    result = CliRunner().invoke(cli, ["disavow", str(path), "-o", str(tmp_path / "out.txt")])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: review.xlsx rows 2, 4: the decision is a formula with no saved value, which reads as blank "
        "(undecided); recalculate and save in Excel/LibreOffice, or type the value\n"
    )
