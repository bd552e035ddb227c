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


def test_inspect_reports_skipped_rows_with_reasons_and_examples(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["inspect", str(FIXTURES / "broken_rows.csv")])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    at = lines.index("Rows skipped:       4")
    assert lines[at + 1 : at + 5] == [
        "    empty URL: 1",
        "    row with too many fields: 1 (e.g. 'https://b.example.com/x,2026-09-15,extra,fields')",
        "    truncated row: 1 (e.g. 'https://d.example.com/z')",
        "    unparseable URL: 1 (e.g. '::bad::')",
    ]


def test_inspect_counts_unusual_hosts_as_kept_and_unparseable_urls_as_skipped(
    runner: CliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "links.csv"
    path.write_text(
        "Linking page\nhttps://zh-.2hanx2.example/a\nhttp://a_b.example.com/\nhttps://ok.example.org/\n"
        "http://sp ace.example/\nhttp://sp ace.example/2\nhttp://[::1/\n",
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["inspect", str(path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "Rows skipped:       3" in lines
    assert "    unparseable URL: 3 (e.g. 'http://sp ace.example/')" in lines
    assert "Kept, but unusual:  2" in lines
    assert "    unusual host: 2 (e.g. 'zh-.2hanx2.example')" in lines
    assert "Link records:       3" in lines


def test_inspect_examples_are_quoted_escaped_and_cut(runner: CliRunner, tmp_path: Path) -> None:
    """An example is text from the web: a terminal escape or a forged line must stay inside quotes."""
    hostile = "http://x y/\x1b[2J\u202eError: forged" + "A" * 200
    path = tmp_path / "links.csv"
    path.write_text(f"Linking page\nhttps://ok.example.org/\n{hostile}\n", encoding="utf-8")
    result = runner.invoke(cli, ["inspect", str(path)])
    assert result.exit_code == 0
    line = next(x for x in result.output.splitlines() if x.startswith("    unparseable URL: 1 (e.g. "))
    assert "\x1b" not in result.output and "\u202e" not in result.output
    assert line == f"    unparseable URL: 1 (e.g. {hostile[:80]!r}...)"
    assert "\\x1b[2J\\u202e" in line


def test_inspect_lists_every_column_with_what_it_became(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "ahrefs.csv"
    path.write_text(
        "#,Referring page URL,Anchor,Page category,Domain rating,UR,Keywords,Links in group,Toxic\n"
        "1,https://a.example.com/,bread,food,12,,3,,1\n",
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["inspect", str(path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    at = lines.index("Columns:")
    listed = lines[at + 1 :]
    assert listed[:3] == ["    # -> ignored", "    Referring page URL -> source_url", "    Anchor -> anchor"]
    assert "    Keywords -> ignored" in listed
    assert "    UR -> url_rating (empty in every row)" in listed
    assert "    Toxic -> label" in listed
    assert len(listed) == 9  # one line per column
    # The words agree with the field lists above: a column "empty in every row" feeds a missing field.
    missing = next(x for x in lines if x.startswith("Missing fields:"))
    assert "url_rating" in missing and "links_in_group" in missing
    assert "domain_rating" in next(x for x in lines if x.startswith("Present fields:"))


def test_inspect_column_names_are_escaped(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "links.csv"
    path.write_text("Linking page,\x1b[31mred\nhttps://a.example.com/,x\n", encoding="utf-8")
    result = runner.invoke(cli, ["inspect", str(path)])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output
    assert "    \\x1b[31mred -> ignored" in result.output.splitlines()


def test_inspect_names_the_search_console_internal_links_report(runner: CliRunner, tmp_path: Path) -> None:
    for name, text in (
        ("internal.csv", "Target page,Internal links\nhttps://crumbandcrust.com/,40\n"),
        ("resaved.csv", '#,Target page,Internal links\n1,https://crumbandcrust.com/,"1,240"\n'),
    ):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        result = runner.invoke(cli, ["inspect", str(path)])
        assert result.exit_code == 1
        assert result.output == (
            f"Error: {path}: this is Search Console's internal links report, which lists links between your "
            "own pages, not links from other sites. In Search Console, export Links > External links > "
            "Latest links instead.\n"
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
                "the header matches no known export format. Found columns: a, b, c. Recognised formats: "
                f"{', '.join(format_names())}. Try --format NAME, or see 'toxicity formats'."
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
