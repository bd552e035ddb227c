"""Page facts as model inputs: left out of the shipped model, learned by ``toxicity train --pages``."""

from __future__ import annotations

import numpy as np
import pandas as pd
from click.testing import CliRunner
from sklearn.metrics import roc_auc_score

from toxicity.cli import cli
from toxicity.features import FEATURES
from toxicity.fetch import write_pages
from toxicity.fetch.pages import pages_frame
from toxicity.model.evaluation import card_markdown, evaluate_model
from toxicity.model.store import load_model
from toxicity.model.training import model_columns, train_labeled

_PAGE = [f.name for f in FEATURES if f.family == "page"]


def _hacked_pages(links: pd.DataFrame, seed: int) -> tuple[pd.DataFrame, np.ndarray]:
    """One fetched page per linking URL, a random third of them hacked; labels = hacked."""
    urls = links["source_url"].drop_duplicates().tolist()
    hacked = np.random.default_rng(seed).random(len(urls)) < 0.35
    rows = [
        {"source_url": u, "fetch_status": "ok", "http_status": 200, "link_present": True,
         "link_hidden": bool(h), "injected_block": bool(h), "outbound_domains": 30.0 if h else 4.0,
         "word_count": 400.0}
        for u, h in zip(urls, hacked, strict=True)
    ]  # fmt: skip
    y = pd.Series(hacked, index=urls).loc[links["source_url"]].to_numpy().astype(int)
    return pages_frame(rows), y


def test_shipped_model_leaves_page_features_out() -> None:
    names = [f.name for f in FEATURES]
    assert not set(_PAGE) & set(model_columns(names))
    assert set(_PAGE) <= set(model_columns(names, pages=True))
    card = load_model().card
    assert not [n for n in card.feature_names if n.startswith("page_")]
    assert "not in this model's training data" in card_markdown(card)


def test_train_with_pages_learns_the_page_features(auditor) -> None:  # type: ignore[no-untyped-def]
    links, _ = auditor(600, seed=11)
    pages, y = _hacked_pages(links, seed=11)
    result = train_labeled(links, y, pages=pages, n_folds=3, seed=0)
    assert set(_PAGE) <= set(result.model.feature_names_in_)
    assert roc_auc_score(y, result.oof["risk"]) > 0.95  # held-out folds: only the page facts tell the classes
    importance = result.model.feature_importance()
    assert importance.idxmax() in ("page_injected_block", "page_link_hidden", "page_log_outbound_domains")
    assert any("--pages" in note for note in result.card.notes)

    without = train_labeled(links, y, n_folds=3, seed=0)
    assert not set(_PAGE) & set(without.model.feature_names_in_)
    assert roc_auc_score(y, without.oof["risk"]) < 0.8

    test_links, _ = auditor(60, seed=12)
    test_pages, y_test = _hacked_pages(test_links, seed=12)
    ev = evaluate_model(result.model, test_links, y_test, thresholds=result.card.thresholds, pages=test_pages)
    assert float(ev.table["roc_auc"].iloc[-1]) > 0.95 and ev.coverage["page"] == 1


def test_cli_train_and_evaluate_with_pages(tmp_path, auditor) -> None:  # type: ignore[no-untyped-def]
    links, _ = auditor(120, seed=13)
    pages, y = _hacked_pages(links, seed=13)
    (tmp_path / "pages").mkdir()
    write_pages(pages, tmp_path / "pages" / "pages.csv")
    pd.DataFrame(
        {"Referring page URL": links["source_url"], "Target URL": links["target_url"],
         "label": np.where(y == 1, "disavow", "keep")}
    ).to_csv(tmp_path / "audit.csv", index=False)  # fmt: skip
    out = tmp_path / "model"
    runner = CliRunner()
    trained = runner.invoke(
        cli, ["train", str(tmp_path / "audit.csv"), "--pages", str(tmp_path / "pages"), "-o", str(out), "-q"]
    )
    assert trained.exit_code == 0, trained.output
    assert set(_PAGE) <= set(load_model(out).card.feature_names)
    ev = runner.invoke(
        cli,
        ["evaluate", str(tmp_path / "audit.csv"), "--model", str(out), "--pages", str(tmp_path / "pages")],
    )
    assert ev.exit_code == 0, ev.output
    assert "page 100%" in ev.output
    missing = runner.invoke(
        cli, ["train", str(tmp_path / "audit.csv"), "--pages", str(tmp_path), "-o", str(tmp_path / "m2")]
    )
    assert missing.exit_code == 1 and "pages.csv: no such file" in missing.output
