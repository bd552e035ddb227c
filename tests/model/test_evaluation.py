"""Metrics, baselines, thresholds and plots."""

from __future__ import annotations

import numpy as np
import pandas as pd

from toxicity.model.evaluation import (
    choose_thresholds,
    dummy_scores,
    format_table,
    plot_calibration,
    plot_precision_recall,
    score_metrics,
    spam_flag_count,
)
from toxicity.schema import empty_links
from toxicity.verdict.scale import bands_of


def test_spam_flag_count_counts_only_present_data() -> None:
    links = empty_links(3)
    links["source_host"] = pd.array(
        ["best-casino-bonus-24365.xyz", "bakery.fr", "x.y.z.example.com"], dtype="string"
    )
    links["anchor"] = pd.array(["buy viagra", pd.NA, "home"], dtype="string")
    links["spam_score"] = [80.0, np.nan, 5.0]
    flags = spam_flag_count(links)
    # casino word, spam anchor, 2+ hyphens, 3+ digits, a 23-character label, spam score >= 50
    assert flags.tolist() == [6.0, 0.0, 1.0]


def test_dummy_is_constant_prior() -> None:
    s = dummy_scores([1, 1, 0, 0, 0], 4)
    assert np.allclose(s, 0.4)
    m = score_metrics(
        np.array([0, 1, 0, 1]), np.array([10, 90, 20, 80]), np.zeros(4), s, {"medium": 50, "high": 85}
    )
    assert m["dummy_roc_auc"] == 0.5 and m["roc_auc"] == 1.0
    assert m["recall_medium"] == 1.0 and m["recall_high"] == 0.5 and m["precision_high"] == 1.0


def test_thresholds_respect_targets_in_every_view() -> None:
    rng = np.random.default_rng(0)
    views = [rng.integers(0, 60, 1000).astype(float), rng.integers(0, 90, 1000).astype(float)]
    th = choose_thresholds(views, {"medium": 0.05, "high": 0.01})
    for r in views:
        assert (r >= th["medium"]).mean() <= 0.05 and (r >= th["high"]).mean() <= 0.01
    assert (views[1] >= th["medium"] - 1).mean() > 0.05  # the lowest threshold that meets the target
    assert bands_of(np.array([0.0, th["medium"], th["high"]]), th).tolist() == ["low", "medium", "high"]


def test_plots_are_png(tmp_path) -> None:
    y = np.array([0, 1] * 20)
    s = np.linspace(0, 1, 40)
    for path in (
        plot_precision_recall(y, {"model": s}, tmp_path / "pr.png", title="t"),
        plot_calibration(y, s, tmp_path / "cal.png", title="t"),
    ):
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_format_table_markdown() -> None:
    text = format_table(pd.DataFrame({"source": ["a"], "roc_auc": [0.51234], "x": [float("nan")]}))
    assert text.splitlines() == ["| source | roc_auc | x |", "|---|---|---|", "| a | 0.512 | n/a |"]
