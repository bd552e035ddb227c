"""Retraining on half of one auditor's decisions raises ROC-AUC on the other half."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import roc_auc_score

from toxicity.model.evaluation import evaluate_model
from toxicity.model.store import load_model
from toxicity.model.training import train_labeled


def test_retraining_on_half_learns_the_auditor(small_domains, auditor) -> None:  # type: ignore[no-untyped-def]
    links, y = auditor(700, seed=3)
    domains = links["source_domain"].to_numpy()
    first = np.isin(domains, np.unique(domains)[::2])  # halves by registrable domain
    shipped = load_model()
    before = evaluate_model(
        shipped.estimator, links[~first].reset_index(drop=True), y[~first], thresholds=shipped.card.thresholds
    )
    result = train_labeled(
        links[first].reset_index(drop=True),
        y[first],
        base=small_domains,
        base_rows_per_group=20,
        compare_with=shipped.estimator,
        n_folds=3,
        seed=0,
    )
    after = evaluate_model(
        result.model, links[~first].reset_index(drop=True), y[~first], thresholds=result.card.thresholds
    )
    auc_before = float(before.table["roc_auc"].iloc[-1])
    auc_after = float(after.table["roc_auc"].iloc[-1])
    assert auc_after >= 0.90, (auc_before, auc_after)
    assert auc_after - auc_before >= 0.15, (auc_before, auc_after)
    assert auc_after > float(after.table["rules_roc_auc"].iloc[-1])
    assert roc_auc_score(y[~first], after.risk) == auc_after
