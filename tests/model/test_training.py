"""Training on the shipped domain set: grouped folds, excluded shortcut features, thresholds, determinism."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from toxicity.features import FEATURES, FEATURES_BY_NAME
from toxicity.model.store import load_model, save_model
from toxicity.model.training import (
    FPR_TARGETS,
    _train_mask,
    assign_folds,
    file_sha256,
    find_training_data,
    load_domains,
    model_columns,
    train_default,
)


def test_folds_hold_out_whole_sources_and_shared_domains() -> None:
    d = pd.DataFrame(
        {
            "domain": ["a.com", "b.com", "c.com", "a.com", "d.com", "e.com", "f.com", "g.com"],
            "label": [1, 1, 1, 0, 0, 0, 1, 0],
            "source_group": ["t1", "t1", "t2", "c1", "c2", "c2", "t3", "c3"],
            "source": ["t1", "t1", "t2", "c1", "c2", "c2", "t3", "c3"],
            "all_sources": ["t1", "t1", "t2|t1", "c1", "c2", "c2", "t3", "c3"],
        }
    )
    fold = assign_folds(d, 2)
    for _, g in d.assign(fold=fold).groupby("source_group"):
        assert g["fold"].nunique() == 1
    for k in (0, 1):
        train = _train_mask(d, fold, {k}, dict(zip(d["source"], d["source_group"])))
        held = fold == k
        assert not (train & held).any()
        assert not set(d.loc[train, "domain"]) & set(d.loc[held, "domain"])
        held_groups = set(d.loc[held, "source_group"])
        for s in d.loc[train, "all_sources"]:
            assert not set(s.split("|")) & held_groups


def test_label_and_shortcut_features_are_not_model_inputs() -> None:
    names = [f.name for f in FEATURES]
    used = model_columns(names)
    assert used and not [c for c in used if c.startswith(("listed_", "cov_", "cat_", "popular", "tld_abuse"))]
    assert "off_topic_category" not in used and "label_length" in used


@pytest.fixture(scope="module")
def trained(small_domains):  # type: ignore[no-untyped-def]
    return train_default(small_domains, n_folds=3, seed=1)


def test_train_default_small(trained, small_domains, tmp_path) -> None:  # type: ignore[no-untyped-def]
    card = trained.card
    assert 0 < card.thresholds["medium"] <= card.thresholds["high"] <= 100
    assert set(trained.per_source["source_group"]) == set(small_domains["source_group"])
    for view, fpr in card.metrics["ordinary_small_sites_fpr"].items():
        assert fpr["fpr_medium"] <= FPR_TARGETS["medium"] and fpr["fpr_high"] <= FPR_TARGETS["high"], view
    assert not np.isnan(trained.oof["risk_url_only"]).any()
    assert card.simulated and card.metrics["cross_source"]["url_only"]["n"] == len(small_domains)
    folder = save_model(trained.model, tmp_path / "m", card)
    loaded = load_model(folder, expected_features=list(FEATURES_BY_NAME))
    assert loaded.card.thresholds == card.thresholds
    assert not [c for c in loaded.card.feature_names if c.startswith(("listed_", "popular", "cat_"))]


def test_training_is_deterministic(trained, small_domains) -> None:  # type: ignore[no-untyped-def]
    again = train_default(small_domains, n_folds=3, seed=1)
    assert again.model.booster_.model_to_string() == trained.model.booster_.model_to_string()
    assert pd.DataFrame(again.card.metrics["per_source"]).equals(trained.per_source)
    assert again.card.thresholds == trained.card.thresholds


def test_shipped_model_was_trained_on_the_shipped_data() -> None:
    card = load_model().card
    assert card.training_data["sha256"] == file_sha256(find_training_data()), (
        "training_data/ changed since the shipped model was trained: run python tools/train_default.py"
    )
    groups = {r["source_group"] for r in card.metrics["per_source"]}
    assert groups == set(load_domains()["source_group"])
    assert card.simulated and 0 < card.thresholds["medium"] <= card.thresholds["high"]
