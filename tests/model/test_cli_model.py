"""``toxicity train`` and ``toxicity evaluate`` through click's CliRunner."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
from click.testing import CliRunner

from toxicity.cli import cli


def _write_labeled(links: pd.DataFrame, y: np.ndarray, path: Path) -> Path:
    """An Ahrefs-style CSV export with a label column (disavow/keep)."""
    pd.DataFrame(
        {
            "Referring page URL": links["source_url"],
            "Target URL": links["target_url"],
            "Anchor": links["anchor"],
            "Domain rating": links["domain_rating"],
            "External links": links["external_links"],
            "Nofollow": links["nofollow"].map({True: "true", False: "false"}),
            "label": np.where(y == 1, "disavow", "keep"),
        }
    ).to_csv(path, index=False)
    return path


def test_train_then_evaluate(tmp_path, auditor) -> None:  # type: ignore[no-untyped-def]
    links, y = auditor(240, seed=5)
    train_file = _write_labeled(links, y, tmp_path / "audit.csv")
    runner = CliRunner()
    out = tmp_path / "models" / "mine"
    result = runner.invoke(cli, ["train", str(train_file), "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    assert (out / "model.txt").is_file() and (out / "card.json").is_file()
    assert "roc_auc" in result.output and "Bands: medium from risk" in result.output

    again = runner.invoke(cli, ["train", str(train_file), "-o", str(out), "--quiet"])
    assert again.exit_code == 1
    assert (
        f"Error: {out} is not empty; choose a new folder or use --force to replace its model" in again.output
    )

    links2, y2 = auditor(120, seed=6)
    test_file = _write_labeled(links2, y2, tmp_path / "audit2.csv")
    ev = runner.invoke(cli, ["evaluate", str(test_file), "--model", str(out), "-o", str(tmp_path / "ev")])
    assert ev.exit_code == 0, ev.output
    assert (tmp_path / "ev" / "precision_recall.png").read_bytes()[:4] == b"\x89PNG"
    assert (tmp_path / "ev" / "calibration.png").is_file()
    table = pd.read_csv(tmp_path / "ev" / "metrics.csv")
    assert table["roc_auc"].iloc[-1] > table["rules_roc_auc"].iloc[-1]


def test_evaluate_without_files_prints_the_card_table() -> None:
    result = CliRunner().invoke(cli, ["evaluate"])
    assert result.exit_code == 0, result.output
    assert "held-out source" in result.output and "roc_auc_url" in result.output


def test_label_errors_are_one_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "bad.csv"
    f.write_text(
        "Referring page URL,Anchor,label\nhttp://a.com/,x,maybe\nhttp://b.com/,y,toxic\n", encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["train", str(f), "-o", str(tmp_path / "m")])
    assert result.exit_code == 1
    assert "Error: bad.csv: 1 label(s) cannot be read, e.g. 'maybe'." in result.output
    g = tmp_path / "nolabel.csv"
    g.write_text("Referring page URL,Anchor\nhttp://a.com/,x\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["evaluate", str(g)])
    assert result.exit_code == 1 and "no label column" in result.output


def test_help_texts() -> None:
    for cmd in ("train", "evaluate"):
        result = CliRunner().invoke(cli, [cmd, "--help"])
        assert result.exit_code == 0 and "Example: toxicity" in result.output


def test_evaluate_output_is_cell_safe_and_needs_force(tmp_path, auditor) -> None:  # type: ignore[no-untyped-def]
    links, y = auditor(120, seed=7)
    # File names become the metrics table's source column: a spreadsheet must not evaluate them.
    first = _write_labeled(links.iloc[:60], y[:60], tmp_path / "=SUM(1).csv")
    second = _write_labeled(links.iloc[60:], y[60:], tmp_path / "-audit.csv")
    out = tmp_path / "ev"
    runner = CliRunner()
    ev = runner.invoke(cli, ["evaluate", str(first), str(second), "-o", str(out)])
    assert ev.exit_code == 0, ev.output
    rows = list(csv.reader((out / "metrics.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert sorted(r[0] for r in rows[1:]) == ["'-audit.csv", "'=SUM(1).csv", "all"]
    table = pd.read_csv(out / "metrics.csv", encoding="utf-8-sig")
    assert table["n"].tolist()[-1] == len(links) and pd.api.types.is_float_dtype(table["roc_auc"])

    before = {name: (out / name).read_bytes() for name in ("metrics.csv", "precision_recall.png")}
    again = runner.invoke(cli, ["evaluate", str(first), "-o", str(out)])
    assert again.exit_code == 1
    assert again.output == (
        f"Error: {out}: already holds metrics.csv, precision_recall.png, calibration.png; "
        "choose another folder or add --force to overwrite\n"
    )
    assert {name: (out / name).read_bytes() for name in before} == before
    forced = runner.invoke(cli, ["evaluate", str(first), "-o", str(out), "--force"])
    assert forced.exit_code == 0, forced.output
    assert len(list(csv.reader((out / "metrics.csv").read_text(encoding="utf-8-sig").splitlines()))) == 2
    assert sorted(p.name for p in out.iterdir()) == ["calibration.png", "metrics.csv", "precision_recall.png"]
