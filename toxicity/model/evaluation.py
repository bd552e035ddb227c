"""Metrics, baselines, per-source tables and plots for link-risk models.

Everything here takes plain arrays (labels, scores, risks) so the same code measures the
cross-source evaluation of the default model (:mod:`toxicity.model.training`) and an auditor's
labeled export (``toxicity evaluate``).

Two baselines stand beside every model figure:

* **dummy**: scikit-learn's :class:`~sklearn.dummy.DummyClassifier` (``strategy="prior"``) fitted on
  the training labels: a constant score, ROC-AUC 0.5 and PR-AUC equal to the toxic share;
* **rules**: a rules-only spam-flag count (:func:`spam_flag_count`), the kind of checklist an auditor
  applies by hand: spam vocabulary in the host, anchor or title, hyphen and digit runs, a long name,
  deep subdomains, and (when the export has them) a high spam score, many outbound links, a low
  Trust/Citation Flow ratio.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from toxicity.lookups import SPAM_WORD_CATEGORY

#: Band names in increasing order of risk.
BANDS: tuple[str, ...] = ("low", "medium", "high")

_WORD_RE = re.compile(r"[a-z]+")


def _spam_words(texts: pd.Series) -> np.ndarray:
    """True where a text holds a whole spam-vocabulary word (missing text -> False)."""
    out = np.zeros(len(texts), dtype=bool)
    for i, t in enumerate(texts.astype("string").fillna("").str.lower().to_numpy()):
        if t and any(w in SPAM_WORD_CATEGORY for w in _WORD_RE.findall(t)):
            out[i] = True
    return out


def spam_flag_count(links: pd.DataFrame) -> np.ndarray:
    """Rules-only baseline: how many classic spam flags a link record raises (0 to 9).

    Flags: spam word in the host; spam word in the anchor; spam word in the title; two or more
    hyphens in the host; three or more digits in the host; a first host label longer than 20
    characters; four or more host labels; spam score >= 50; more than 100 outbound links;
    Trust Flow below 30% of Citation Flow. A flag whose data is missing is not raised.
    """
    host = links["source_host"].astype("string").fillna("").str.lower()
    first = host.str.split(".").str[0].fillna("")
    flags = [
        _spam_words(host.str.replace(r"[.\-_0-9]", " ", regex=True)),
        _spam_words(links["anchor"]),
        _spam_words(links["source_title"]),
        (host.str.count("-") >= 2).to_numpy(dtype=bool),
        (host.str.count(r"\d") >= 3).to_numpy(dtype=bool),
        (first.str.len() > 20).to_numpy(dtype=bool),
        (host.str.count(r"\.") >= 3).to_numpy(dtype=bool),
        (links["spam_score"] >= 50).fillna(False).to_numpy(dtype=bool),
        (links["external_links"] > 100).fillna(False).to_numpy(dtype=bool),
        (links["trust_flow"] < 0.3 * links["citation_flow"]).fillna(False).to_numpy(dtype=bool),
    ]
    return np.sum(flags, axis=0).astype(float)


def dummy_scores(y_train: Sequence[int] | np.ndarray, n: int) -> np.ndarray:
    """Probability of toxic from :class:`~sklearn.dummy.DummyClassifier` (prior) for ``n`` rows."""
    from sklearn.dummy import DummyClassifier

    y = np.asarray(y_train, dtype=int)
    clf = DummyClassifier(strategy="prior").fit(np.zeros((len(y), 1)), y)
    proba = clf.predict_proba(np.zeros((n, 1)))
    return proba[:, list(clf.classes_).index(1)] if 1 in clf.classes_ else np.zeros(n)


def bands_of(risk: np.ndarray, thresholds: Mapping[str, float]) -> np.ndarray:
    """Band name per risk value: ``high`` at or above ``thresholds['high']``, ``medium`` at or above
    ``thresholds['medium']``, else ``low``."""
    r = np.asarray(risk, dtype=float)
    return np.where(r >= thresholds["high"], "high", np.where(r >= thresholds["medium"], "medium", "low"))


def _auc(y: np.ndarray, s: np.ndarray) -> tuple[float, float]:
    from sklearn.metrics import average_precision_score, roc_auc_score

    if len(np.unique(y)) < 2:
        return float("nan"), float("nan")
    return float(roc_auc_score(y, s)), float(average_precision_score(y, s))


def band_metrics(y: np.ndarray, risk: np.ndarray, thresholds: Mapping[str, float]) -> dict[str, float]:
    """Precision, recall and false-positive rate of flagging at ``medium``-or-above and at ``high``."""
    y = np.asarray(y, dtype=int)
    out: dict[str, float] = {}
    for band in ("medium", "high"):
        flagged = np.asarray(risk, dtype=float) >= thresholds[band]
        tp = int((flagged & (y == 1)).sum())
        fp = int((flagged & (y == 0)).sum())
        out[f"precision_{band}"] = tp / (tp + fp) if tp + fp else float("nan")
        out[f"recall_{band}"] = tp / int((y == 1).sum()) if (y == 1).any() else float("nan")
        out[f"fpr_{band}"] = fp / int((y == 0).sum()) if (y == 0).any() else float("nan")
    return out


def score_metrics(
    y: np.ndarray,
    risk: np.ndarray,
    rules: np.ndarray,
    dummy: np.ndarray,
    thresholds: Mapping[str, float],
) -> dict[str, float]:
    """ROC-AUC and PR-AUC of the model and both baselines, plus the model's band metrics."""
    y = np.asarray(y, dtype=int)
    roc, pr = _auc(y, risk)
    rroc, rpr = _auc(y, rules)
    droc, dpr = _auc(y, dummy)
    return {
        "n": int(len(y)),
        "n_toxic": int((y == 1).sum()),
        "roc_auc": roc,
        "pr_auc": pr,
        "rules_roc_auc": rroc,
        "rules_pr_auc": rpr,
        "dummy_roc_auc": droc,
        "dummy_pr_auc": dpr,
        **band_metrics(y, risk, thresholds),
    }


def fpr_on(mask: np.ndarray, risk: np.ndarray, thresholds: Mapping[str, float]) -> dict[str, float]:
    """Share of the rows in ``mask`` (clean rows, e.g. ordinary small sites) banded medium+ and high."""
    r = np.asarray(risk, dtype=float)[np.asarray(mask, dtype=bool)]
    if len(r) == 0:
        return {"n": 0, "fpr_medium": float("nan"), "fpr_high": float("nan")}
    return {
        "n": int(len(r)),
        "fpr_medium": float((r >= thresholds["medium"]).mean()),
        "fpr_high": float((r >= thresholds["high"]).mean()),
    }


def choose_thresholds(risk_clean: Sequence[np.ndarray], targets: Mapping[str, float]) -> dict[str, float]:
    """Lowest integer risk per band whose false-positive rate is at most its target in every view.

    Parameters
    ----------
    risk_clean : sequence of arrays
        Risks of clean validation rows (e.g. ordinary small sites), one array per view (URL only,
        with context); the strictest view decides.
    targets : mapping
        Band -> largest accepted false-positive rate, e.g. ``{"medium": 0.05, "high": 0.01}``.

    Examples
    --------
    >>> choose_thresholds([np.arange(100.0)], {"medium": 0.05, "high": 0.01})
    {'medium': 95.0, 'high': 99.0}
    """
    out: dict[str, float] = {}
    for band, target in targets.items():
        t_band = 0.0
        for risk in risk_clean:
            r = np.asarray(risk, dtype=float)
            if len(r) == 0:
                continue
            for t in range(0, 102):
                if (r >= t).mean() <= target:
                    break
            t_band = max(t_band, float(t))
        out[band] = min(t_band, 100.0)
    if out.get("high", 100.0) < out.get("medium", 0.0):
        out["high"] = out["medium"]
    return out


def format_table(table: pd.DataFrame, *, floatfmt: str = "{:.3f}") -> str:
    """Render a metrics table as GitHub Markdown (no extra dependency)."""
    cols = list(table.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    for _, row in table.iterrows():
        cells = []
        for c in cols:
            v = row[c]
            if isinstance(v, (float, np.floating)):
                cells.append("n/a" if np.isnan(v) else floatfmt.format(v))
            else:
                cells.append(str(v))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def plot_precision_recall(y: np.ndarray, scores: Mapping[str, np.ndarray], path: str | Path, *, title: str) -> Path:
    """Save a precision-recall plot of each named score (model and baselines) as PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.metrics import precision_recall_curve

    fig, ax = plt.subplots(figsize=(6, 4.5), dpi=110)
    for name, s in scores.items():
        prec, rec, _ = precision_recall_curve(y, s)
        ax.plot(rec, prec, label=name, drawstyle="steps-post")
    ax.set_xlabel("recall (share of toxic links found)")
    ax.set_ylabel("precision (share of flagged links that are toxic)")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    ax.set_title(title)
    ax.legend(loc="lower left")
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path)
    plt.close(fig)
    return path


def plot_calibration(y: np.ndarray, proba: np.ndarray, path: str | Path, *, title: str, bins: int = 10) -> Path:
    """Save a reliability plot (mean predicted probability vs observed toxic share per bin) as PNG."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    y = np.asarray(y, dtype=float)
    p = np.asarray(proba, dtype=float)
    edges = np.linspace(0, 1, bins + 1)
    idx = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    mean_p, frac, count = [], [], []
    for b in range(bins):
        m = idx == b
        if m.any():
            mean_p.append(p[m].mean())
            frac.append(y[m].mean())
            count.append(int(m.sum()))
    fig, ax = plt.subplots(figsize=(6, 4.5), dpi=110)
    ax.plot([0, 1], [0, 1], linestyle="--", color="grey", label="perfectly calibrated")
    ax.plot(mean_p, frac, marker="o", label="model")
    for x, f, c in zip(mean_p, frac, count):
        ax.annotate(str(c), (x, f), textcoords="offset points", xytext=(4, -10), fontsize=7)
    ax.set_xlabel("predicted probability of toxic (risk / 100)")
    ax.set_ylabel("observed share toxic")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_title(title)
    ax.legend(loc="upper left")
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path)
    plt.close(fig)
    return path
