"""Review sheets: neutralised CSV/XLSX output, reading decisions back, clear errors."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from toxicity.cells import MAX_CELL_CHARS, clean_text
from toxicity.errors import InputFileError, MissingColumnsError, ReviewSheetError
from toxicity.review import (
    REVIEW_COLUMNS,
    escape_url,
    neutralise_text,
    read_reviews,
    restore_text,
    write_review,
)


def _table(**extra: list[object]) -> pd.DataFrame:
    base: dict[str, list[object]] = {
        "domain": ["low.com", "high.net", "mid.org"],
        "links": [3, 120, 7],
        "risk": [12.5, 91.0, 55.0],
        "band": ["low", "high", "medium"],
        "suggestion": ["keep", "disavow", "review"],
        "reasons": ["", "gambling site, off-topic", "exact-match anchor"],
        "confidence": [0.4, 0.9, 0.7],
        "coverage": ["host", "host, anchors, metrics", "host, anchors"],
        "first_seen": [pd.Timestamp("2026-01-02"), pd.NaT, pd.Timestamp("2025-12-31")],
        "last_seen": ["2026-09-01", "", None],
        "top_anchor": ["brand", '=HYPERLINK("http://evil","x")', "-10% casino"],
        "example_url": ["https://low.com/", "http://high.net/a b", "http://mid.org/\tx"],
    }
    base.update(extra)
    return pd.DataFrame(base)


@pytest.mark.parametrize(
    ("raw", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+33 1 23", "'+33 1 23"),
        ("-cmd", "'-cmd"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "' =1"),
        ("\r=1", "' =1"),
        ("\uff1d1+1", "'\uff1d1+1"),
        ("'=1", "''=1"),
        ("'hello", "'hello"),
        ("a\nb\x00c\u202ed", "a b\ufffdc\ufffdd"),
        ("plain", "plain"),
    ],
)
def test_neutralise_text_and_restore(raw: str, cell: str) -> None:
    assert neutralise_text(raw) == cell
    assert restore_text(cell) == clean_text(raw)


def test_overlong_cell_is_cut_to_excel_limit() -> None:
    cell = neutralise_text("x" * 40_000)
    assert len(cell) == MAX_CELL_CHARS and cell.endswith("\u2026")


def test_escape_url_never_keeps_a_line_break_and_is_idempotent() -> None:
    url = " http://spam.example/a b\r\ndomain:google.com\u2028x "
    escaped = escape_url(url)
    assert escaped == "http://spam.example/a%20b%0D%0Adomain:google.com%E2%80%A8x"
    assert escape_url(escaped) == escaped


def test_csv_is_utf8_with_bom_sorted_and_neutralised(tmp_path: Path) -> None:
    path = tmp_path / "review.csv"
    assert write_review(_table(), path) == 3
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == list(REVIEW_COLUMNS)
    assert [r[0] for r in rows[1:]] == ["high.net", "mid.org", "low.com"]
    high = dict(zip(rows[0], rows[1]))
    assert high["top_anchor"] == '\'=HYPERLINK("http://evil","x")'
    assert high["example_url"] == "http://high.net/a%20b"
    assert high["links"] == "120" and high["risk"] == "91" and high["decision"] == ""
    assert dict(zip(rows[0], rows[3]))["first_seen"] == "2026-01-02"


def test_xlsx_has_frozen_header_filter_dropdown_and_typed_cells(tmp_path: Path) -> None:
    path = tmp_path / "review.xlsx"
    write_review(_table(), None, path)
    ws = load_workbook(path)["review"]
    assert ws.freeze_panes == "A2"
    last = get_column_letter(len(REVIEW_COLUMNS))
    anchor_col = get_column_letter(REVIEW_COLUMNS.index("top_anchor") + 1)
    assert ws.auto_filter.ref == f"A1:{last}4"
    (dv,) = ws.data_validations.dataValidation
    assert dv.formula1 == '"disavow,keep"' and str(dv.sqref) == "F2:F1048576"
    assert [c.value for c in ws[1]] == list(REVIEW_COLUMNS)
    assert ws["A2"].value == "high.net" and ws["C2"].value == 91 and ws["C2"].data_type == "n"
    assert ws[f"{anchor_col}2"].value == '\'=HYPERLINK("http://evil","x")'
    assert ws[f"{anchor_col}2"].data_type == "s"
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    assert 9 <= ws.column_dimensions["A"].width <= 32


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_read_back_round_trips_and_normalises_decisions(tmp_path: Path, suffix: str) -> None:
    table = _table(decision=["k", " Disavow ", ""], url=["", "", "http://mid.org/page"])
    path = tmp_path / f"review{suffix}"
    write_review(table, path if suffix == ".csv" else None, path if suffix == ".xlsx" else None)
    got = read_reviews([path])
    assert got["domain"].tolist() == ["high.net", "mid.org", "low.com"]
    assert got["decision"].tolist() == ["disavow", "", "keep"]
    assert got["url"].tolist() == ["", "http://mid.org/page", ""]
    assert got["top_anchor"].tolist() == ['=HYPERLINK("http://evil","x")', "-10% casino", "brand"]
    assert got["risk"].tolist() == [91.0, 55.0, 12.5]
    assert got["row"].tolist() == [2, 3, 4] and set(got["source"]) == {path.name}


def test_reads_semicolon_csv_saved_by_a_european_excel(tmp_path: Path) -> None:
    path = tmp_path / "review.csv"
    path.write_text("domain;risk;decision\nspam.com;90,5;disavow\n;;\n", encoding="utf-8")
    got = read_reviews([path])
    assert got[["domain", "decision"]].values.tolist() == [["spam.com", "disavow"]]


def test_url_only_row_gets_its_registrable_domain(tmp_path: Path) -> None:
    path = tmp_path / "review.csv"
    path.write_text("domain,url,decision\n,https://a.spam.blogspot.com/x,d\n", encoding="utf-8")
    assert read_reviews([path])["domain"].tolist() == ["spam.blogspot.com"]


def test_bad_decision_names_file_row_and_fix(tmp_path: Path) -> None:
    path = tmp_path / "review.csv"
    path.write_text("domain,decision\na.com,keep\nb.com,maybe\nc.com,yes\n", encoding="utf-8")
    with pytest.raises(ReviewSheetError) as info:
        read_reviews([path])
    assert str(info.value) == (
        "review.csv row 3: decision 'maybe' (and 1 more): a decision must be disavow, keep, d, k or blank, "
        "on a row with a domain or url; fix the cell and run again"
    )


def test_decision_without_domain_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "review.csv"
    path.write_text("domain,decision\n,disavow\n", encoding="utf-8")
    with pytest.raises(ReviewSheetError, match="row 2: decision 'disavow' but no domain or url"):
        read_reviews([path])


def test_missing_columns_are_listed(tmp_path: Path) -> None:
    path = tmp_path / "links.csv"
    path.write_text("source_url,risk\nhttp://a.com/,3\n", encoding="utf-8")
    with pytest.raises(MissingColumnsError) as info:
        read_reviews([path])
    assert str(info.value).startswith(
        "links.csv lacks review column(s) domain, decision (found: source_url, risk); use the review.csv"
    )


def test_non_utf8_csv_says_how_to_save(tmp_path: Path) -> None:
    path = tmp_path / "review.csv"
    path.write_bytes("domain,decision\nm\u00fcnchen.de,keep\n".encode("cp1252"))
    with pytest.raises(InputFileError, match=r"not UTF-8 .*Save As 'CSV UTF-8"):
        read_reviews([path])


def test_broken_xlsx_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "review.xlsx"
    path.write_bytes(b"not a zip")
    with pytest.raises(InputFileError, match="not a readable .xlsx workbook"):
        read_reviews([path])


hostile_text = st.text(
    alphabet=st.characters(min_codepoint=0, exclude_categories=("Cs",)), max_size=60
) | st.sampled_from(["=1+1", "@x", "-1", "+1", "\t=x", "\r\n=x", "'=x", "''@", "'", "\u2028=x", " =x"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(anchors=st.lists(hostile_text, min_size=1, max_size=5), url_tail=hostile_text)
def test_no_generated_text_breaks_a_cell_csv_and_xlsx(
    tmp_path: Path, anchors: list[str], url_tail: str
) -> None:
    n = len(anchors)
    table = pd.DataFrame(
        {
            "domain": [f"d{i}.com" for i in range(n)],
            "risk": list(range(n, 0, -1)),
            "top_anchor": anchors,
            "reasons": anchors[::-1],
            "example_url": [f"http://d{i}.com/{url_tail}" for i in range(n)],
        }
    )
    csv_path, xlsx_path = tmp_path / "r.csv", tmp_path / "r.xlsx"
    write_review(table, csv_path, xlsx_path)
    text = csv_path.read_bytes().decode("utf-8-sig")
    assert text.count("\r\n") == n + 1 and "\n" not in text.replace("\r\n", "")
    for path in (csv_path, xlsx_path):
        got = read_reviews([path])
        assert got["domain"].tolist() == table["domain"].tolist()
        assert got["top_anchor"].tolist() == [clean_text(a) for a in anchors]
        assert got["example_url"].tolist() == [escape_url(u) for u in table["example_url"]]
    ws = load_workbook(xlsx_path)["review"]
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            assert cell.data_type != "f"
            if isinstance(cell.value, str):
                assert cell.value[:1] not in ("=", "+", "-", "@", "\t", "\r")


class _Interrupt(KeyboardInterrupt):
    """Ctrl-C raised from inside a writer, after some cells are written."""


def _interrupt_after(calls: int, original):  # type: ignore[no-untyped-def]
    count = [0]

    def wrapped(*args, **kwargs):  # type: ignore[no-untyped-def]
        count[0] += 1
        if count[0] > calls:
            raise _Interrupt
        return original(*args, **kwargs)

    return wrapped


def test_interrupted_rewrite_keeps_the_old_sheets_and_leaves_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    import xlsxwriter.worksheet

    out, system_tmp = tmp_path / "audit", tmp_path / "system-tmp"
    out.mkdir()
    system_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_tmp))
    decided = _table(decision=["keep", "disavow", ""])
    write_review(decided, out / "review.csv", out / "review.xlsx")
    old = {name: (out / name).read_bytes() for name in ("review.csv", "review.xlsx")}
    big = pd.DataFrame({"domain": [f"d{i}.com" for i in range(3000)], "risk": range(3000)})

    with monkeypatch.context() as m:
        m.setattr(
            xlsxwriter.worksheet.Worksheet,
            "write_string",
            _interrupt_after(500, xlsxwriter.worksheet.Worksheet.write_string),
        )
        with pytest.raises(_Interrupt):
            write_review(big, None, out / "review.xlsx")
    with monkeypatch.context() as m:
        real_writer = csv.writer

        def slow_writer(fh, **kwargs):  # type: ignore[no-untyped-def]
            writer = real_writer(fh, **kwargs)

            class Writer:
                writerow = staticmethod(writer.writerow)

                @staticmethod
                def writerows(rows):  # type: ignore[no-untyped-def]
                    for row in rows[:1000]:
                        writer.writerow(row)
                    fh.flush()
                    raise _Interrupt

            return Writer()

        m.setattr(csv, "writer", slow_writer)
        with pytest.raises(_Interrupt):
            write_review(big, out / "review.csv")

    assert {name: (out / name).read_bytes() for name in old} == old
    assert sorted(p.name for p in out.iterdir()) == ["review.csv", "review.xlsx"]
    assert list(system_tmp.iterdir()) == []
    assert read_reviews([out / "review.xlsx"])["decision"].tolist() == ["disavow", "", "keep"]


def test_review_sheets_are_flushed_to_disk_before_they_replace_the_old_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    synced: list[str] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{fd}") if os.path.exists("/proc/self/fd") else str(fd))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    write_review(_table(), tmp_path / "review.csv", tmp_path / "review.xlsx")
    assert len(synced) >= 2
    if os.path.exists("/proc/self/fd"):  # the temporary files beside each sheet were synced
        names = [Path(s).name for s in synced]
        assert any(n.startswith(".review.csv.") for n in names)
        assert any(n.startswith(".review.xlsx.") for n in names)
