"""`toxicity disavow` and `toxicity validate` through click's CliRunner."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from toxicity.cli import cli
from toxicity.review import write_review

TODAY = dt.date.today().isoformat()

EXISTING = (
    "# Disavow file for mysite.com, uploaded 2025-03-01\n"
    "domain:old-spam.com\n"
    "http://links.example.net/page.html\n"
    "\n"
    "# PBN found in 2025\n"
    "domain:pbn-one.org\n"
)


def _review_table() -> pd.DataFrame:
    """The domain table `toxicity score` hands to write_review (score itself is tested elsewhere)."""
    return pd.DataFrame({
        "domain": ["casino-links.net", "pbn-one.org", "friend.co.uk", "spam.blogspot.com", "blogspot.com",
                   "192.0.2.7", "mysite.com", "local-news.com", "hacked.org"],
        "links": [420, 12, 3, 40, 1, 9, 2, 5, 1],
        "risk": [97.0, 91.0, 88.0, 86.0, 85.0, 80.0, 60.0, 12.0, 70.0],
        "band": ["high", "high", "high", "high", "high", "high", "medium", "low", "medium"],
        "suggestion": ["disavow", "disavow", "disavow", "disavow", "disavow", "disavow", "review", "keep", "review"],
        "reasons": ["gambling site, off-topic for a dental clinic"] * 9,
        "top_anchor": ["=HYPERLINK(\"http://evil\")", "best dentist", "@home", "-50%", "x", "y", "z", "news",
                       "cheap\npills"],
        "example_url": ["http://casino-links.net/a", "", "", "", "", "http://192.0.2.7/page", "", "",
                        "http://hacked.org/wp/pills.html"],
    })


def _fill_decisions(path: Path, decisions: dict[str, str], url_rows: list[tuple[str, str, str]]) -> None:
    """Fill the decision column as an auditor would in a spreadsheet, and add URL-level rows."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    header = rows[0] + ["url"]
    body = [row + [""] for row in rows[1:]]
    for row in body:
        row[header.index("decision")] = decisions.get(row[0], "")
    for domain, url, decision in url_rows:
        extra = [""] * len(header)
        extra[header.index("domain")], extra[header.index("url")] = domain, url
        extra[header.index("decision")] = decision
        body.append(extra)
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([header, *body])


@pytest.fixture
def audit(tmp_path: Path) -> Path:
    write_review(_review_table(), tmp_path / "review.csv", tmp_path / "review.xlsx")
    (tmp_path / "disavow.txt").write_text(EXISTING, encoding="utf-8")
    (tmp_path / "allow.txt").write_text("# partners\nwww.friend.co.uk\n", encoding="utf-8")
    return tmp_path


def test_review_sheet_to_merged_disavow_file_end_to_end(audit: Path) -> None:
    review = audit / "review.csv"
    _fill_decisions(
        review,
        {"casino-links.net": "disavow", "pbn-one.org": "d", "friend.co.uk": "disavow", "spam.blogspot.com": "Disavow",
         "192.0.2.7": "disavow", "mysite.com": "disavow", "local-news.com": "keep"},
        [("hacked.org", "http://hacked.org/wp/pills.html", "disavow")],
    )
    result = CliRunner().invoke(cli, [
        "disavow", str(review), "--existing", str(audit / "disavow.txt"), "--site", "www.mysite.com",
        "--allow", str(audit / "allow.txt"), "-o", str(audit / "disavow-new.txt"),
    ])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"Wrote {audit / 'disavow-new.txt'}: added 5 (2 domains, 3 URLs), kept 3, removed 0, folded 1, refused 2.",
        "Upload it in Search Console's disavow links tool; an upload replaces the previous file.",
    ]
    assert result.stderr.splitlines() == [
        "Refused: review.csv row 4: 'friend.co.uk' is on the allow list; it is never disavowed",
        "Refused: review.csv row 9: 'mysite.com' is the audited site (--site); it is never disavowed",
    ]
    assert (audit / "disavow-new.txt").read_text(encoding="utf-8").splitlines() == [
        "# Disavow file for mysite.com, uploaded 2025-03-01",
        "domain:old-spam.com",
        "http://links.example.net/page.html",
        "",
        "# PBN found in 2025",
        "domain:pbn-one.org",
        "",
        f"# toxicity 0.1.0, {TODAY}: added 2 domains, 3 URLs from review.csv",
        "domain:casino-links.net",
        "domain:spam.blogspot.com",
        "http://192.0.2.7/",
        "http://192.0.2.7/page",
        "http://hacked.org/wp/pills.html",
    ]
    assert (audit / "disavow.txt").read_text(encoding="utf-8") == EXISTING  # input never modified

    check = CliRunner().invoke(cli, ["validate", str(audit / "disavow-new.txt")])
    assert check.exit_code == 0
    size = (audit / "disavow-new.txt").stat().st_size
    assert check.stdout.splitlines() == [f"disavow-new.txt is valid: 13 lines, 4 domains, 4 URLs, {size} bytes."]


def test_disavow_reads_an_xlsx_sheet_filled_in_a_spreadsheet(audit: Path) -> None:
    path = audit / "review.xlsx"
    wb = load_workbook(path)
    ws = wb["review"]
    ws["F2"] = "disavow"  # highest risk first: casino-links.net
    wb.save(path)
    result = CliRunner().invoke(cli, ["disavow", str(path), "-o", str(audit / "out.txt")])
    assert result.exit_code == 0, result.output
    assert (audit / "out.txt").read_text().splitlines()[1:] == ["domain:casino-links.net"]


def test_nothing_marked_is_an_error_that_says_what_to_do(audit: Path) -> None:
    result = CliRunner().invoke(cli, ["disavow", str(audit / "review.csv"), "-o", str(audit / "out.txt")])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: nothing to write: no row of review.csv is marked disavow; fill the decision column with disavow or "
        "keep, or pass --accept-suggestions\n"
    )
    assert not (audit / "out.txt").exists()


def test_accept_suggestions_must_be_named(audit: Path) -> None:
    result = CliRunner().invoke(cli, ["disavow", str(audit / "review.csv"), "--accept", "-o", str(audit / "o.txt")])
    assert result.exit_code == 2 and "No such option '--accept'" in result.stderr
    result = CliRunner().invoke(cli, ["disavow", str(audit / "review.csv"), "--accept-suggestions",
                                      "-o", str(audit / "o.txt")])
    assert result.exit_code == 0
    assert "domain:casino-links.net" in (audit / "o.txt").read_text().splitlines()


def test_existing_output_needs_force_and_is_backed_up(audit: Path) -> None:
    _fill_decisions(audit / "review.csv", {"casino-links.net": "disavow"}, [])
    out = audit / "disavow.txt"
    args = ["disavow", str(audit / "review.csv"), "--existing", str(out), "-o", str(out)]
    refused = CliRunner().invoke(cli, args)
    assert refused.exit_code == 1
    assert refused.stderr == f"Error: {out} exists; use --force to replace it (the old file is kept as a .bak backup)\n"
    forced = CliRunner().invoke(cli, [*args, "--force"])
    assert forced.exit_code == 0
    (backup,) = audit.glob("disavow.txt.*.bak")
    assert backup.read_text() == EXISTING
    assert forced.stdout.splitlines()[1] == f"The previous file is kept as {backup}."
    assert out.read_text().startswith(EXISTING)


def test_remove_and_bad_decision_errors(audit: Path) -> None:
    _fill_decisions(audit / "review.csv", {"casino-links.net": "maybe"}, [])
    bad = CliRunner().invoke(cli, ["disavow", str(audit / "review.csv"), "-o", str(audit / "o.txt")])
    assert bad.exit_code == 1
    assert bad.stderr == (
        "Error: review.csv row 2: decision 'maybe': a decision must be disavow, keep, d, k or blank, on a row with "
        "a domain or url; fix the cell and run again\n"
    )
    _fill_decisions(audit / "review.csv", {}, [])
    typo = CliRunner().invoke(cli, ["disavow", str(audit / "review.csv"), "--existing", str(audit / "disavow.txt"),
                                    "--remove", "domain:old-spam.co", "-o", str(audit / "o.txt")])
    assert typo.exit_code == 1
    assert typo.stderr == (
        "Error: --remove 'domain:old-spam.co' matches no line of disavow.txt; check the spelling (entries look like "
        "domain:example.com or https://example.com/page)\n"
    )
    ok = CliRunner().invoke(cli, ["disavow", str(audit / "review.csv"), "--existing", str(audit / "disavow.txt"),
                                  "--remove", "domain:old-spam.com", "-o", str(audit / "o.txt")])
    assert ok.exit_code == 0
    assert "kept 2, removed 1" in ok.stdout
    assert "domain:old-spam.com" not in (audit / "o.txt").read_text().splitlines()


def test_validate_lists_every_problem_and_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text("# mine\ndomain:blogspot.com\nexample.com\nhttp://a.com/*\ndomain:ok.com\ndomain:ok.com\n")
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        ("bad.txt:line 2: error: blogspot.com is a public suffix shared by many unrelated sites; disavow the site "
        "itself, like domain:spam.blogspot.com"),
        ("bad.txt:line 3: error: a bare host is not an entry; write domain:example.com or a full URL starting with "
        "http:// or https://"),
        "bad.txt:line 4: error: wildcards (*) are not allowed; list each URL or use domain:example.com",
        "bad.txt:line 6: warning: duplicate of line 5",
    ]
    assert result.stderr == (
        "Error: bad.txt has 3 errors (listed above) that Google would reject; fix those lines and run toxicity "
        "validate again\n"
    )


def test_a_row_naming_a_whole_platform_is_an_error_with_the_way_out(audit: Path) -> None:
    review = audit / "review.csv"
    _fill_decisions(review, {"casino-links.net": "disavow", "blogspot.com": "disavow"},
                    [("wordpress.com", "", "disavow"), ("spam.wordpress.com", "", "disavow")])
    out = audit / "out.txt"
    result = CliRunner().invoke(cli, ["disavow", str(review), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: 2 rows marked disavow name a whole blog or hosting platform: review.csv row 6 (blogspot.com), "
        "review.csv row 11 (wordpress.com); domain:blogspot.com would disavow every site on blogspot.com. Disavow "
        "the site itself instead: put its own host in the domain column (like spam.blogspot.com, written as "
        "domain:spam.blogspot.com) or list its URLs; or mark the row keep; or pass --force-platforms if you really "
        "mean the whole platform (never possible for blogspot.com, on the Public Suffix List)\n"
    )
    assert not out.exists()

    _fill_decisions(review, {"casino-links.net": "disavow"}, [("wordpress.com", "", "disavow")])
    forced = CliRunner().invoke(cli, ["disavow", str(review), "--force-platforms", "-o", str(out)])
    assert forced.exit_code == 0, forced.output
    assert out.read_text().splitlines()[1:] == ["domain:casino-links.net", "domain:wordpress.com"]
    check = CliRunner().invoke(cli, ["validate", str(out)])
    assert check.exit_code == 0
    assert check.stdout.splitlines()[0] == (
        "out.txt:line 3: warning: wordpress.com is a whole blog or hosting platform: this line disavows every site "
        "on it; if you meant one site, disavow it instead, like domain:spam.wordpress.com"
    )


def test_existing_platform_lines_are_kept_with_a_warning(audit: Path) -> None:
    old = audit / "old.txt"
    old.write_text("# 2024\ndomain:wordpress.com\ndomain:spam.weebly.com\n", encoding="utf-8")
    _fill_decisions(audit / "review.csv", {"casino-links.net": "disavow"}, [])
    out = audit / "out.txt"
    result = CliRunner().invoke(cli, ["disavow", str(audit / "review.csv"), "--existing", str(old), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "Warning: old.txt line 2: domain:wordpress.com disavows every site on the platform wordpress.com; kept as it "
        "is (drop it with --remove domain:wordpress.com if you meant one site)\n"
    )
    assert out.read_text().splitlines()[:3] == ["# 2024", "domain:wordpress.com", "domain:spam.weebly.com"]


def test_validate_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2 and "does not exist" in result.stderr


@pytest.mark.parametrize("command", ["disavow", "validate"])
def test_commands_have_help_with_an_example(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0 and f"toxicity {command}" in result.stdout and "Example" in result.stdout
