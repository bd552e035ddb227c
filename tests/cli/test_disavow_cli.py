"""`toxicity disavow` and `toxicity validate` through click's CliRunner."""

from __future__ import annotations

import csv
import datetime as dt
import errno
import json
import os
import stat
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
    return pd.DataFrame(
        {
            "domain": [
                "casino-links.net",
                "pbn-one.org",
                "friend.co.uk",
                "spam.blogspot.com",
                "blogspot.com",
                "192.0.2.7",
                "mysite.com",
                "local-news.com",
                "hacked.org",
            ],
            "links": [420, 12, 3, 40, 1, 9, 2, 5, 1],
            "risk": [97.0, 91.0, 88.0, 86.0, 85.0, 80.0, 60.0, 12.0, 70.0],
            "band": ["high", "high", "high", "high", "high", "high", "medium", "low", "medium"],
            "suggestion": [
                "disavow",
                "disavow",
                "disavow",
                "disavow",
                "disavow",
                "disavow",
                "review",
                "keep",
                "review",
            ],
            "reasons": ["gambling site, off-topic for a dental clinic"] * 9,
            "top_anchor": [
                '=HYPERLINK("http://evil")',
                "best dentist",
                "@home",
                "-50%",
                "x",
                "y",
                "z",
                "news",
                "cheap\npills",
            ],
            "example_url": [
                "http://casino-links.net/a",
                "",
                "",
                "",
                "",
                "http://192.0.2.7/page",
                "",
                "",
                "http://hacked.org/wp/pills.html",
            ],
        }
    )


def _fill_decisions(path: Path, decisions: dict[str, str], url_rows: list[tuple[str, str, str]]) -> None:
    """Fill the decision column as an auditor would in a spreadsheet, and add URL-level rows."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    # A second url column would be ambiguous (read_reviews refuses it): add one only the first time.
    extra_column = "url" not in rows[0]
    header = rows[0] + ["url"] * extra_column
    body = [row + [""] * extra_column for row in rows[1:]]
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
        {
            "casino-links.net": "disavow",
            "pbn-one.org": "d",
            "friend.co.uk": "disavow",
            "spam.blogspot.com": "Disavow",
            "192.0.2.7": "disavow",
            "mysite.com": "disavow",
            "local-news.com": "keep",
        },
        [("hacked.org", "http://hacked.org/wp/pills.html", "disavow")],
    )
    result = CliRunner().invoke(
        cli,
        [
            "disavow",
            str(review),
            "--existing",
            str(audit / "disavow.txt"),
            "--site",
            "www.mysite.com",
            "--allow",
            str(audit / "allow.txt"),
            "-o",
            str(audit / "disavow-new.txt"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        (
            f"Wrote {audit / 'disavow-new.txt'}: added 5 (2 domains, 3 URLs), kept 3, removed 0, folded 1, "
            "refused 2."
        ),
        "Upload it in Search Console's disavow links tool; an upload replaces the previous file.",
    ]
    assert result.stderr.splitlines() == [
        "Refused: review.csv row 4: 'friend.co.uk' is on the allow list; it is never disavowed",
        (
            "Warning: 1 row marked disavow names the audited site mysite.com (from --site), which is never "
            "disavowed; not written: review.csv row 9 ('mysite.com')"
        ),
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
    assert check.stdout.splitlines() == [
        f"disavow-new.txt is valid: 13 lines, 4 domains, 4 URLs, {size} bytes."
    ]


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
        "Error: nothing to write: no row of review.csv is marked disavow; fill the decision column with "
        "disavow or keep, or pass --accept-suggestions\n"
    )
    assert not (audit / "out.txt").exists()


def test_accept_suggestions_must_be_named(audit: Path) -> None:
    result = CliRunner().invoke(
        cli, ["disavow", str(audit / "review.csv"), "--accept", "-o", str(audit / "o.txt")]
    )
    assert result.exit_code == 1 and "No such option '--accept'" in result.stderr
    result = CliRunner().invoke(
        cli, ["disavow", str(audit / "review.csv"), "--accept-suggestions", "-o", str(audit / "o.txt")]
    )
    assert result.exit_code == 0
    assert "domain:casino-links.net" in (audit / "o.txt").read_text().splitlines()


def test_existing_output_needs_force_and_is_backed_up(audit: Path) -> None:
    _fill_decisions(audit / "review.csv", {"casino-links.net": "disavow"}, [])
    out = audit / "disavow.txt"
    args = ["disavow", str(audit / "review.csv"), "--existing", str(out), "-o", str(out)]
    refused = CliRunner().invoke(cli, args)
    assert refused.exit_code == 1
    assert (
        refused.stderr
        == f"Error: {out} exists; use --force to replace it (the old file is kept as a .bak backup)\n"
    )
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
        "Error: review.csv row 2: decision 'maybe': a decision must be disavow, keep, d, k or blank, on a "
        "row with a domain or url; fix the cell and run again\n"
    )
    _fill_decisions(audit / "review.csv", {}, [])
    typo = CliRunner().invoke(
        cli,
        [
            "disavow",
            str(audit / "review.csv"),
            "--existing",
            str(audit / "disavow.txt"),
            "--remove",
            "domain:old-spam.co",
            "-o",
            str(audit / "o.txt"),
        ],
    )
    assert typo.exit_code == 1
    assert typo.stderr == (
        "Error: --remove 'domain:old-spam.co' matches no line of disavow.txt; check the spelling (entries "
        "look like domain:example.com or https://example.com/page)\n"
    )
    ok = CliRunner().invoke(
        cli,
        [
            "disavow",
            str(audit / "review.csv"),
            "--existing",
            str(audit / "disavow.txt"),
            "--remove",
            "domain:old-spam.com",
            "-o",
            str(audit / "o.txt"),
        ],
    )
    assert ok.exit_code == 0
    assert "kept 2, removed 1" in ok.stdout
    assert "domain:old-spam.com" not in (audit / "o.txt").read_text().splitlines()


def test_validate_lists_every_problem_and_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_text(
        "# mine\ndomain:blogspot.com\nexample.com\nhttp://a.com/*\ndomain:ok.com\ndomain:ok.com\n"
    )
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        (
            "bad.txt:line 2: error: blogspot.com is a public suffix shared by many unrelated sites; disavow "
            "the site itself, like domain:spam.blogspot.com"
        ),
        (
            "bad.txt:line 3: error: a bare host is not an entry; write domain:example.com or a full URL "
            "starting with http:// or https://"
        ),
        "bad.txt:line 4: error: wildcards (*) are not allowed; list each URL or use domain:example.com",
        "bad.txt:line 6: warning: duplicate of line 5",
    ]
    assert result.stderr == (
        "Error: bad.txt has 3 errors (listed above) that Google would reject; fix those lines and run "
        "toxicity validate again\n"
    )


def test_a_row_naming_a_whole_platform_is_an_error_with_the_way_out(audit: Path) -> None:
    review = audit / "review.csv"
    _fill_decisions(
        review,
        {"casino-links.net": "disavow", "blogspot.com": "disavow"},
        [("wordpress.com", "", "disavow"), ("spam.wordpress.com", "", "disavow")],
    )
    out = audit / "out.txt"
    result = CliRunner().invoke(cli, ["disavow", str(review), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: 2 rows marked disavow name a whole blog or hosting platform: review.csv row 6 "
        "(blogspot.com), review.csv row 11 (wordpress.com); domain:blogspot.com would disavow every site on "
        "blogspot.com: disavow the site itself instead (put its own host in the domain column, like "
        "spam.blogspot.com, written as domain:spam.blogspot.com) or list its URLs. Unmark these rows (write "
        "keep, or clear the decision), or pass --allow-popular if you really mean the whole domain (never "
        "possible for blogspot.com, on the Public Suffix List)\n"
    )
    assert not out.exists()

    _fill_decisions(review, {"casino-links.net": "disavow"}, [("wordpress.com", "", "disavow")])
    forced = CliRunner().invoke(cli, ["disavow", str(review), "--allow-popular", "-o", str(out)])
    assert forced.exit_code == 0, forced.output
    assert out.read_text().splitlines()[1:] == ["domain:casino-links.net", "domain:wordpress.com"]
    check = CliRunner().invoke(cli, ["validate", str(out)])
    assert check.exit_code == 0
    assert check.stdout.splitlines()[0] == (
        "out.txt:line 3: warning: wordpress.com is a whole blog or hosting platform: this line disavows "
        "every site on it; if you meant one site, disavow it instead, like domain:spam.wordpress.com"
    )


def test_existing_platform_lines_are_kept_with_a_warning(audit: Path) -> None:
    old = audit / "old.txt"
    old.write_text("# 2024\ndomain:wordpress.com\ndomain:spam.weebly.com\n", encoding="utf-8")
    _fill_decisions(audit / "review.csv", {"casino-links.net": "disavow"}, [])
    out = audit / "out.txt"
    result = CliRunner().invoke(
        cli, ["disavow", str(audit / "review.csv"), "--existing", str(old), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "Warning: old.txt line 2: domain:wordpress.com disavows every site on the platform wordpress.com; "
        "kept as it is (drop it with --remove domain:wordpress.com if you meant one site)\n"
    )
    assert out.read_text().splitlines()[:3] == ["# 2024", "domain:wordpress.com", "domain:spam.weebly.com"]


def test_validate_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["validate", str(tmp_path / "nope.txt")])
    assert result.exit_code == 1 and "does not exist" in result.stderr


@pytest.mark.parametrize("command", ["disavow", "validate"])
def test_commands_have_help_with_an_example(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0 and f"toxicity {command}" in result.stdout and "Example" in result.stdout


# ------------------------------------------------------------------ the audited site and popular sites


def _write_summary(folder: Path, site: str | None) -> None:
    """The summary.json that `toxicity score --site SITE -o folder` writes (only the keys disavow reads)."""
    (folder / "summary.json").write_text(json.dumps({"version": 1, "site": site, "topic": "dental clinic"}))


def test_the_audits_site_is_protected_without_typing_it_again(audit: Path) -> None:
    _write_summary(audit, "mysite.com")
    review = audit / "review.csv"
    _fill_decisions(
        review,
        {"casino-links.net": "disavow", "mysite.com": "disavow"},
        [("mysite.com", "https://blog.mysite.com/post", "disavow")],
    )
    out = audit / "out.txt"
    result = CliRunner().invoke(cli, ["disavow", str(review), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text().splitlines()[1:] == ["domain:casino-links.net"]
    assert result.stderr == (
        f"Warning: 2 rows marked disavow name the audited site mysite.com (from {audit / 'summary.json'}), "
        "which is never disavowed; not written: review.csv row 9 ('mysite.com'), review.csv row 11 "
        "('https://blog.mysite.com/post')\n"
    )
    assert "refused 2." in result.stdout


def test_a_site_that_differs_from_the_audits_is_an_error_naming_both(audit: Path) -> None:
    _write_summary(audit, "mysite.com")
    _fill_decisions(audit / "review.csv", {"casino-links.net": "disavow"}, [])
    out = audit / "out.txt"
    result = CliRunner().invoke(
        cli, ["disavow", str(audit / "review.csv"), "--site", "othersite.org", "-o", str(out)]
    )
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: --site othersite.org differs from the site the audit was scored for, mysite.com (in "
        f"{audit / 'summary.json'}); pass --site mysite.com, or leave --site out to use it; if the audit was "
        "scored for the wrong site, score it again with --site othersite.org\n"
    )
    assert not out.exists()
    same = CliRunner().invoke(
        cli, ["disavow", str(audit / "review.csv"), "--site", "https://www.MySite.com/", "-o", str(out)]
    )
    assert same.exit_code == 0, same.output


def test_sheets_of_audits_of_different_sites_are_an_error(
    audit: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    other = tmp_path_factory.mktemp("other-audit")
    write_review(_review_table(), other / "review.csv")
    _write_summary(audit, "mysite.com")
    _write_summary(other, "othersite.org")
    result = CliRunner().invoke(
        cli, ["disavow", str(audit / "review.csv"), str(other / "review.csv"), "-o", str(audit / "out.txt")]
    )
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: the review sheets come from audits of different sites: mysite.com (in "
        f"{audit / 'summary.json'}), othersite.org (in {other / 'summary.json'}); write one disavow file per "
        "site (run toxicity disavow once for each audit)\n"
    )


def test_rows_naming_popular_sites_need_allow_popular(audit: Path) -> None:
    review = audit / "review.csv"
    _fill_decisions(
        review,
        {"casino-links.net": "disavow"},
        [
            (d, "", "disavow")
            for d in ("google.com", "youtube.com", "facebook.com", "wikipedia.org", "t.co", "x.com")
        ],
    )
    out = audit / "out.txt"
    result = CliRunner().invoke(cli, ["disavow", str(review), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: 6 rows marked disavow name a popular site: review.csv row 11 (google.com), review.csv row "
        "12 (youtube.com), review.csv row 13 (facebook.com), review.csv row 14 (wikipedia.org), review.csv "
        "row 15 (t.co) and 1 more; google.com is a popular site (top 1 by referring subnets), which scoring "
        "never suggests disavowing: if one of its pages links to you, list that URL instead. Unmark these "
        "rows (write keep, or clear the decision), or pass --allow-popular if you really mean the whole "
        "domain\n"
    )
    assert not out.exists()
    allowed = CliRunner().invoke(cli, ["disavow", str(review), "--allow-popular", "-o", str(out)])
    assert allowed.exit_code == 0, allowed.output
    assert out.read_text().splitlines()[1:] == [
        "domain:casino-links.net",
        "domain:facebook.com",
        "domain:google.com",
        "domain:t.co",
        "domain:wikipedia.org",
        "domain:x.com",
        "domain:youtube.com",
    ]


def test_force_platforms_still_works_but_is_no_longer_offered(audit: Path) -> None:
    _fill_decisions(audit / "review.csv", {"casino-links.net": "disavow"}, [("google.com", "", "disavow")])
    out = audit / "out.txt"
    result = CliRunner().invoke(
        cli, ["disavow", str(audit / "review.csv"), "--force-platforms", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "domain:google.com" in out.read_text().splitlines()
    help_text = CliRunner().invoke(cli, ["disavow", "--help"]).stdout
    assert "--allow-popular" in help_text and "--force-platforms" not in help_text


def test_old_lines_naming_the_site_are_kept_with_a_warning(audit: Path) -> None:
    old = audit / "old.txt"
    old.write_text("# 2024\ndomain:google.com\ndomain:mysite.com\n", encoding="utf-8")
    _fill_decisions(audit / "review.csv", {"casino-links.net": "disavow"}, [])
    out = audit / "out.txt"
    result = CliRunner().invoke(
        cli,
        [
            "disavow",
            str(audit / "review.csv"),
            "--existing",
            str(old),
            "--site",
            "mysite.com",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "Warning: old.txt line 3: domain:mysite.com disavows the audited site mysite.com; kept as it is, "
        "like every line of the old file (drop it with --remove domain:mysite.com)\n"
    )
    assert out.read_text().splitlines()[:3] == ["# 2024", "domain:google.com", "domain:mysite.com"]


# ---------------------------------------------------------------- old files in UTF-16, replacing, OS errors


def test_a_utf16_existing_file_is_merged_and_written_as_utf8(audit: Path) -> None:
    old = audit / "old.txt"
    old.write_bytes(EXISTING.replace("\n", "\r\n").encode("utf-16"))
    _fill_decisions(audit / "review.csv", {"casino-links.net": "disavow"}, [])
    out = audit / "out.txt"
    result = CliRunner().invoke(
        cli, ["disavow", str(audit / "review.csv"), "--existing", str(old), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "Note: old.txt is UTF-16 text; it was read as such, and the new file is written as UTF-8, which "
        "Google reads.\n"
    )
    assert out.read_bytes().decode("ascii").startswith(EXISTING)
    assert "kept 3" in result.stdout
    check = CliRunner().invoke(cli, ["validate", str(old)])
    assert check.exit_code == 1
    assert check.stdout.splitlines() == [
        (
            "old.txt:file: error: the file is UTF-16 text; Google reads UTF-8 (or 7-bit ASCII): save it as "
            "UTF-8 (in Notepad: File, Save as, Encoding: UTF-8)"
        )
    ]


def test_force_keeps_a_private_file_private(audit: Path) -> None:
    _fill_decisions(audit / "review.csv", {"casino-links.net": "disavow"}, [])
    out = audit / "disavow.txt"
    out.chmod(0o600)
    result = CliRunner().invoke(
        cli, ["disavow", str(audit / "review.csv"), "--existing", str(out), "--force", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    (backup,) = audit.glob("disavow.txt.*.bak")
    assert stat.S_IMODE(out.stat().st_mode) == 0o600 and stat.S_IMODE(backup.stat().st_mode) == 0o600


def test_an_os_error_while_writing_is_one_error_line(audit: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _fill_decisions(audit / "review.csv", {"casino-links.net": "disavow"}, [])
    out = audit / "disavow.txt"

    def no_space(src: object, dst: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", no_space)
    result = CliRunner().invoke(cli, ["disavow", str(audit / "review.csv"), "--force", "-o", str(out)])
    monkeypatch.undo()
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: cannot back up {out} to disavow.txt.")
    assert result.stderr.endswith(
        ": No space left on device; disavow.txt is unchanged: free some space, or write "
        "the new file elsewhere with -o, then run again\n"
    )
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.output
    assert (
        out.read_text() == EXISTING
        and sorted(p.name for p in audit.iterdir() if p.name.startswith(".")) == []
    )


def test_an_unreadable_summary_is_an_error_unless_the_site_is_given(audit: Path) -> None:
    (audit / "summary.json").write_text('{"site": "mysite.com", ')  # cut off mid-write by another tool
    _fill_decisions(audit / "review.csv", {"casino-links.net": "disavow"}, [])
    out = audit / "out.txt"
    result = CliRunner().invoke(cli, ["disavow", str(audit / "review.csv"), "-o", str(out)])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: cannot read the audited site from {audit / 'summary.json'} (not valid JSON); pass the "
        "audited site with --site example.com, or score the audit again\n"
    )
    given = CliRunner().invoke(
        cli, ["disavow", str(audit / "review.csv"), "--site", "mysite.com", "-o", str(out)]
    )
    assert given.exit_code == 0, given.output
