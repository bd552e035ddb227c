"""Search Console details: a "Last crawled" date is dated data, and the coverage words say so."""

from __future__ import annotations

import csv
from pathlib import Path

from click.testing import CliRunner

from toxicity.cli import cli

FIXTURES = Path(__file__).parent.parent / "fixtures" / "exports"


def _score(export: str, out: Path) -> tuple[str, list[dict[str, str]]]:
    result = CliRunner().invoke(cli, ["score", str(FIXTURES / export), "-o", str(out), "--no-plots"])
    assert result.exit_code == 0, result.output
    coverage = next(line for line in result.output.splitlines() if line.startswith("Data coverage:"))
    with (out / "links.csv").open(encoding="utf-8-sig", newline="") as f:
        return coverage, list(csv.DictReader(f))


def test_last_crawled_counts_as_dates(tmp_path: Path) -> None:
    coverage, rows = _score("gsc_latest_links.csv", tmp_path / "latest")
    assert "dates 100%" in coverage
    assert all("dates" in row["coverage"].split(", ") for row in rows)


def test_a_date_alone_is_still_scored_from_the_url(tmp_path: Path) -> None:
    # Last crawled feeds no date feature (they need first-seen dates): the score still rests on the
    # URL alone, and the auditor is told so.
    result = CliRunner().invoke(
        cli, ["score", str(FIXTURES / "gsc_latest_links.csv"), "-o", str(tmp_path / "o"), "--no-plots"]
    )
    assert result.exit_code == 0, result.output
    assert "carries only linking URLs" in result.output
    with (tmp_path / "o" / "links.csv").open(encoding="utf-8-sig", newline="") as f:
        assert all("linking URL alone" in row["reasons"] for row in csv.DictReader(f))


def test_an_export_without_dates_reports_none(tmp_path: Path) -> None:
    coverage, rows = _score("gsc_sample_links.csv", tmp_path / "sample")
    assert "dates 0%" in coverage
    assert not any("dates" in row["coverage"] for row in rows)
