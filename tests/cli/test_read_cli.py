"""CLI tests for ``toxicity formats`` and ``toxicity inspect``: exit codes and exact messages."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from toxicity.cli import cli
from toxicity.cli.options import FORMAT_NAMES
from toxicity.io import format_names

FIXTURES = Path(__file__).parent.parent / "fixtures" / "exports"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_format_choice_matches_the_library() -> None:
    assert list(FORMAT_NAMES) == format_names()


@pytest.mark.parametrize("args", [["--help"], ["formats", "--help"], ["inspect", "--help"]])
def test_help(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(cli, args)
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_every_command_has_help_text(runner: CliRunner) -> None:
    for name, command in cli.commands.items():
        assert command.help, name
        assert runner.invoke(cli, [name, "--help"]).exit_code == 0


def test_formats_lists_every_format_and_mapping(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["formats"])
    assert result.exit_code == 0
    for name in FORMAT_NAMES:
        assert f"\n{name}  [" in "\n" + result.output
    assert "source_url         <- Referring page URL | Referring URL" in result.output


def test_inspect_ahrefs_utf16(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["inspect", str(FIXTURES / "ahrefs_utf16.tsv")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1:6] == [
        "Format:             ahrefs (detected)",
        "Encoding:           utf-16-le (BOM)",
        "Rows read:          3",
        "Rows skipped:       0",
        "Link records:       3",
    ]
    assert "Referring domains:  3" in lines
    assert any(line.startswith("Missing fields:     sitewide, url_rating, trust_flow") for line in lines)


def test_inspect_reports_skipped_rows_with_reasons(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["inspect", str(FIXTURES / "broken_rows.csv")])
    assert result.exit_code == 0
    assert (
        "Rows skipped:       4 (empty URL: 1, row with too many fields: 1, truncated row: 1, unparseable URL: 1)"
        in result.output.splitlines()
    )


def test_inspect_stdin(runner: CliRunner) -> None:
    data = (FIXTURES / "gsc_latest_links.csv").read_bytes()
    result = runner.invoke(cli, ["inspect", "-"], input=data)
    assert result.exit_code == 0
    assert result.output.splitlines()[:2] == [
        "File:               <stdin>",
        "Format:             gsc-links (detected)",
    ]


def test_inspect_several_files_merges_and_counts_duplicates(runner: CliRunner) -> None:
    paths = [str(FIXTURES / "gsc_latest_links.csv"), str(FIXTURES / "gsc_latest_links.csv.gz")]
    result = runner.invoke(cli, ["inspect", *paths])
    assert result.exit_code == 0
    assert "Duplicates removed: 3" in result.output.splitlines()
    assert "Link records:       3" in result.output.splitlines()


def test_inspect_forced_format(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["inspect", "--format", "url-list", str(FIXTURES / "url_list.txt")])
    assert result.exit_code == 0
    assert "Format:             url-list (given)" in result.output


def test_inspect_labels(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["inspect", str(FIXTURES / "review.csv")])
    assert "Labels:             2 rows carry a label (column 'label')" in result.output


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "bad_unknown_header.csv",
            (
                "the header matches no known export format. Found columns: a, b, c. Recognised formats: ahrefs, "
                "semrush, semrush-audit, majestic, majestic-domains, moz, gsc-links, gsc-sites, bing, url-list, "
                "disavow, review. Try --format NAME, or see 'toxicity formats'."
            ),
        ),
        ("missing.csv", "no such file. Check the path and the file name."),
        ("bad_empty.csv", "the file is empty. Export the report again; it should have a header row."),
        (
            "bad_binary.csv",
            (
                "this is binary data, not a text export. Give the CSV, TSV, TXT or XLSX file downloaded from "
                "your backlink tool."
            ),
        ),
        (
            "bad_latin1.csv",
            (
                "the file is not valid UTF-8 (byte 0xe9 at offset 37). Re-save it as UTF-8, or name its "
                "encoding with --encoding (e.g. --encoding cp1252)."
            ),
        ),
        (
            "bad_all_unparseable.csv",
            (
                "none of the 2 rows has a linking URL or host that can be parsed (first: '::nope::'). Check "
                "that the file is a backlink export, or try --format NAME."
            ),
        ),
    ],
)
def test_inspect_errors_are_one_line(runner: CliRunner, name: str, message: str) -> None:
    path = str(FIXTURES / name)
    result = runner.invoke(cli, ["inspect", path])
    assert result.exit_code == 1
    assert result.output == f"Error: {path}: {message}\n"


def test_inspect_forced_format_missing_columns(runner: CliRunner) -> None:
    path = str(FIXTURES / "gsc_latest_links.csv")
    result = runner.invoke(cli, ["inspect", "--format", "ahrefs", path])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {path}: missing required columns for format 'ahrefs': Referring page URL. "
        "Found columns: Linking page, Last crawled. Check --format, or leave it out to detect the format.\n"
    )


def test_inspect_encoding_option(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["inspect", "--encoding", "cp1252", str(FIXTURES / "bad_latin1.csv")])
    assert result.exit_code == 0
    assert "Encoding:           cp1252" in result.output


def test_inspect_unknown_format_name_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["inspect", "--format", "nope", str(FIXTURES / "url_list.txt")])
    assert result.exit_code == 1
