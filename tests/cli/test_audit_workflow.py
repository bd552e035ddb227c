"""End to end, as an auditor works: score an export, decide in the review sheet, write disavow.txt.

Runs the shipped model on the example Ahrefs export, fills decisions the way a person would in a
spreadsheet (editing review.csv), merges with an existing disavow file, and checks the result line
by line; then rescores with ``--previous`` to show decisions are carried over.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from toxicity.cli import cli

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "ahrefs_backlinks.tsv"
SITE = "crumbandcrust.com"
OLD_DISAVOW = (
    "# disavow file uploaded in 2025\ndomain:old-spam-network.xyz\nhttp://old.example.net/page.html\n"
    "\n# by hand\ndomain:another-old-one.info\n"
)


def _edit_decisions(path: Path, decide: dict[str, str]) -> None:
    """Write decisions into review.csv as a spreadsheet would save it (UTF-8 with BOM, CRLF)."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    d_col, dec_col = header.index("domain"), header.index("decision")
    for row in rows[1:]:
        if row[d_col] in decide:
            row[dec_col] = decide[row[d_col]]
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, lineterminator="\r\n").writerows(rows)


def _review_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def audit_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("audit")
    result = CliRunner().invoke(
        cli,
        [
            "score",
            str(EXAMPLE),
            "--site",
            SITE,
            "--topic",
            "bread baking recipes",
            "--no-plots",
            "-q",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "Scored 377 links from 128 referring domains" in result.output
    return out


def test_score_writes_every_output(audit_dir: Path) -> None:
    for name in ("links.csv", "domains.csv", "review.csv", "review.xlsx", "summary.json", "report.html"):
        assert (audit_dir / name).stat().st_size > 0, name
    links = _review_rows(audit_dir / "links.csv")
    assert len(links) == 377
    assert all(row["reasons"] for row in links)
    review = _review_rows(audit_dir / "review.csv")
    assert len(review) == 128
    assert all(row["decision"] == "" for row in review)
    risks = [int(row["risk"]) for row in review]
    assert risks == sorted(risks, reverse=True)
    assert not any(row["domain"] == SITE and row["suggestion"] == "disavow" for row in review)


def test_refuses_to_overwrite_outputs_without_force(audit_dir: Path) -> None:
    result = CliRunner().invoke(cli, ["score", str(EXAMPLE), "--site", SITE, "-q", "-o", str(audit_dir)])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {audit_dir}: already holds links.csv, domains.csv")
    assert "add --force to overwrite" in result.output


def test_decisions_to_disavow_file_line_by_line(audit_dir: Path, tmp_path: Path) -> None:
    review = tmp_path / "review.csv"
    review.write_bytes((audit_dir / "review.csv").read_bytes())
    rows = _review_rows(review)
    suggested = [r["domain"] for r in rows if r["suggestion"] == "disavow"]
    assert len(suggested) >= 3
    chosen = sorted(suggested[:3])
    kept = rows[-1]["domain"]
    _edit_decisions(review, {**{d: "disavow" for d in chosen}, kept: "keep"})
    existing = tmp_path / "disavow.txt"
    existing.write_text(OLD_DISAVOW + f"domain:{chosen[0]}\n", encoding="utf-8")
    out = tmp_path / "new-disavow.txt"

    result = CliRunner().invoke(
        cli, ["disavow", str(review), "--existing", str(existing), "--site", SITE, "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").split("\n")
    old_lines = (OLD_DISAVOW + f"domain:{chosen[0]}\n").split("\n")[:-1]
    # Every line of the old file, verbatim and in order, first.
    assert lines[: len(old_lines)] == old_lines
    rest = [line for line in lines[len(old_lines) :] if line]
    assert rest[0].startswith("# toxicity ") and "added 2 domains, 0 URLs from review.csv" in rest[0]
    # chosen[0] was already disavowed: folded, not repeated; the kept domain never appears.
    assert rest[1:] == [f"domain:{d}" for d in chosen[1:]]
    assert f"domain:{kept}" not in lines
    assert "added 2" in result.output and "kept 4" in result.output and "removed 0" in result.output

    check = CliRunner().invoke(cli, ["validate", str(out)])
    assert check.exit_code == 0, check.output


def test_previous_decisions_are_carried_over(audit_dir: Path, tmp_path: Path) -> None:
    previous = tmp_path / "previous-review.csv"
    previous.write_bytes((audit_dir / "review.csv").read_bytes())
    rows = _review_rows(previous)
    decided = {rows[0]["domain"]: "disavow", rows[1]["domain"]: "keep"}
    _edit_decisions(previous, decided)
    out = tmp_path / "again"
    result = CliRunner().invoke(
        cli,
        [
            "score",
            str(EXAMPLE),
            "--site",
            SITE,
            "--previous",
            str(previous),
            "--no-plots",
            "-q",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "2 carried over" in result.output and "126 to review" in result.output
    again = {r["domain"]: r["decision"] for r in _review_rows(out / "review.csv")}
    assert {d: again[d] for d in decided} == decided
