"""``toxicity features`` command."""

from __future__ import annotations

from click.testing import CliRunner

from toxicity.cli import cli
from toxicity.features import FEATURES


def test_list_prints_every_feature():
    result = CliRunner().invoke(cli, ["features", "--list"])
    assert result.exit_code == 0
    assert [line.split()[0] for line in result.output.splitlines()] == [f.name for f in FEATURES]


def test_help_has_an_example():
    result = CliRunner().invoke(cli, ["features", "--help"])
    assert result.exit_code == 0 and "Example:" in result.output


def test_no_export_is_a_clean_error():
    result = CliRunner().invoke(cli, ["features"])
    assert result.exit_code == 1
    assert "Error: no export given" in result.output


def test_writes_csv_with_source_url_first(tmp_path):
    export = tmp_path / "links.txt"
    export.write_text("https://spam.blogspot.com/links/\nhttps://www.example.org/post\n", encoding="utf-8")
    out = tmp_path / "features.csv"
    result = CliRunner().invoke(cli, ["features", str(export), "--site", "mysite.com", "--topic", "garden", "-o", str(out)])
    assert result.exit_code == 0, result.output
    header = out.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[0] == "source_url" and header[1:] == [f.name for f in FEATURES]
    again = CliRunner().invoke(cli, ["features", str(export), "-o", str(out)])
    assert again.exit_code == 1 and "add --force" in again.output
