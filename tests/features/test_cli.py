"""``toxicity features`` command."""

from __future__ import annotations

import csv
import os

import pandas as pd
from click.testing import CliRunner

from toxicity.cells import restore_text
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
    result = CliRunner().invoke(
        cli, ["features", str(export), "--site", "mysite.com", "--topic", "garden", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    header = next(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert header[0] == "source_url" and header[1:] == [f.name for f in FEATURES]
    again = CliRunner().invoke(cli, ["features", str(export), "-o", str(out)])
    assert again.exit_code == 1 and "add --force" in again.output


# "URLs" whose userinfo part is a formula: the reader keeps them as hosts of example.com / evil.com.
HOSTILE_URLS = [
    "=1+1@evil.com/",
    "+1+1@evil.com/plus",
    "-1+1@evil.com/minus",
    "@SUM(1)@evil.com/at",
    '=HYPERLINK("http://x")@example.com/',
    "https://ok.example.org/post",
]


def test_features_csv_neutralises_formula_urls_and_keeps_numbers(tmp_path):
    export = tmp_path / "links.txt"
    export.write_text("\n".join(HOSTILE_URLS) + "\n", encoding="utf-8")
    out = tmp_path / "features.csv"
    result = CliRunner().invoke(cli, ["features", str(export), "--site", "mysite.com", "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    urls = [r[0] for r in rows[1:]]
    assert len(urls) >= 4
    # Every cell a spreadsheet would evaluate starts with the apostrophe, which restore_text removes.
    for cell in urls:
        assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r")
        assert restore_text(cell) in HOSTILE_URLS
    assert any(cell.startswith("'=") for cell in urls)
    # Feature columns stay numbers: no cell of theirs was touched.
    table = pd.read_csv(out, encoding="utf-8-sig")
    numeric = table.drop(columns="source_url")
    assert all(pd.api.types.is_numeric_dtype(numeric[c]) for c in numeric.columns)


def test_features_csv_is_replaced_in_one_step(tmp_path, monkeypatch):
    export = tmp_path / "links.txt"
    export.write_text("https://www.example.org/post\n", encoding="utf-8")
    out = tmp_path / "features.csv"
    out.write_text("old,complete\n", encoding="utf-8")
    from toxicity.report import tables

    def broken(*args, **kwargs):
        raise KeyboardInterrupt  # Ctrl-C in the middle of writing

    monkeypatch.setattr(tables.pacsv, "write_csv", broken)
    result = CliRunner().invoke(cli, ["features", str(export), "-o", str(out), "--force"])
    assert result.exit_code != 0
    assert out.read_text(encoding="utf-8") == "old,complete\n"
    assert sorted(os.listdir(tmp_path)) == ["features.csv", "links.txt"]  # no temporary file left
