"""CLI checks for hostile exports: every row of an unquoted export with a stray quote is scored, and
damaged or oversized files end in one ``Error:`` line with exit code 1.

(Kept with the reader tests because they pin the readers' behaviour end to end.)
"""

from __future__ import annotations

import csv
import gzip
from pathlib import Path

import pytest
from click.testing import CliRunner

from toxicity.cli import cli

FIXTURES = Path(__file__).parent.parent / "fixtures" / "exports"
ROWS = 377


def ahrefs_tsv_with_a_stray_quote(row: int) -> bytes:
    """An unquoted Ahrefs export (UTF-16 LE with BOM, tabs) of 377 links; one anchor starts with ``"``."""
    template = (FIXTURES / "ahrefs_utf16.tsv").read_bytes().decode("utf-16").splitlines()
    header, cells = template[0].split("\t"), template[1].split("\t")
    lines = [header]
    for i in range(ROWS):
        line = list(cells)
        line[header.index("Referring page URL")] = f"https://site{i}.example.org/page-{i}"
        line[header.index("Anchor")] = '"Best sourdough in town' if i == row else f"anchor {i}"
        lines.append(line)
    return b"\xff\xfe" + "".join("\t".join(line) + "\r\n" for line in lines).encode("utf-16-le")


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_inspect_reads_all_377_rows(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "ahrefs.tsv"
    path.write_bytes(ahrefs_tsv_with_a_stray_quote(5))
    result = runner.invoke(cli, ["inspect", str(path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "Rows read:          377" in lines
    assert "Rows skipped:       0" in lines
    assert "Link records:       377" in lines


def test_score_scores_all_377_links(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "ahrefs.tsv"
    path.write_bytes(ahrefs_tsv_with_a_stray_quote(5))
    out = tmp_path / "audit"
    result = runner.invoke(cli, ["score", str(path), "-o", str(out), "--force"])
    assert result.exit_code == 0, result.output
    with (out / "links.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == ROWS
    assert sum(1 for r in rows if "Best sourdough in town" in r.get("anchor", "")) == 1


@pytest.mark.parametrize("command", ["inspect", "score"])
@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "header_only.csv",
            b"Linking page,Last crawled\n",
            (
                "the file has a header and no data rows. Export the report again with its rows "
                "(check the report's date range and filters)."
            ),
        ),
        (
            "nested.csv.gz",
            None,
            (
                "archives nested more than 3 deep (gzip or zip inside gzip or zip). Unpack the export "
                "by hand and give the file inside."
            ),
        ),
    ],
)
def test_hostile_files_end_in_one_error_line(
    runner: CliRunner, tmp_path: Path, command: str, name: str, data: bytes | None, message: str
) -> None:
    if data is None:
        data = b"Linking page\nhttps://a.example.com/\n"
        for _ in range(1200):
            data = gzip.compress(data, compresslevel=1)
    path = tmp_path / name
    path.write_bytes(data)
    args = [command, str(path)] + (["-o", str(tmp_path / "out"), "--force"] if command == "score" else [])
    result = runner.invoke(cli, args)
    assert result.exit_code == 1, result.output
    assert result.output == f"Error: {path}: {message}\n"


def test_encoding_that_is_not_for_files_is_one_error_line(runner: CliRunner) -> None:
    path = str(FIXTURES / "gsc_latest_links.csv")
    result = runner.invoke(cli, ["inspect", "--encoding", "punycode", path])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {path}: 'punycode' is not a text file encoding (it encodes host names). "
        "Use a file encoding such as utf-8, utf-16 or cp1252.\n"
    )
