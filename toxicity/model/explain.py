"""Reasons in plain words, from LightGBM feature contributions.

A score without a reason is useless to an auditor. For each explained row, the features whose
contributions push the risk up the most (or, for a low score, pull it down the most) are turned into
phrases with the catalogue's reason templates (:data:`toxicity.features.FEATURES`), e.g.
"exact-match money anchor used by 38% of referring domains".

Contributions cost about 120 predictions each, so callers choose which rows to explain (one per
referring domain, plus the medium- and high-risk links).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd

from toxicity.model.estimator import RiskModel

#: Contributions smaller than this (in log-odds) are noise, not reasons.
MIN_CONTRIBUTION = 0.05


def phrase(template: str, value: float, **words: str) -> str:
    """Fill a reason template such as ``"anchor used by {value:.0%} of referring domains"``.

    ``words`` fill named placeholders such as ``{topic}``; a placeholder without a value is
    left out rather than failing.

    >>> phrase("anchor used by {value:.0%} of referring domains", 0.384)
    'anchor used by 38% of referring domains'
    >>> phrase("page topic far from {topic}", 0.1, topic="dental care")
    'page topic far from dental care'
    """
    try:
        return template.format(value=value, **words)
    except (ValueError, KeyError, IndexError):
        return template.replace("{value}", f"{value:g}")


#: ``phrase_for(feature_name, value, raises_risk)`` -> words, or None when the feature has no
#: words for that value and direction.
PhraseFor = Callable[[str, float, bool], "str | None"]


def explain_rows(model: RiskModel, X: pd.DataFrame, phrase_for: PhraseFor, *, top: int = 3) -> list[list[str]]:
    """Reasons for each row of ``X``: the strongest contributions, as phrases.

    Parameters
    ----------
    model : a fitted :class:`RiskModel`
    X : the feature rows to explain (columns as the model was trained on)
    phrase_for : turns a feature and its value into words for a direction (see :data:`PhraseFor`)
    top : how many reasons per row at most

    Returns
    -------
    list of lists of str
        For each row, up to ``top`` phrases, strongest first. Rows whose raw score is above the
        model's base rate get the features pushing risk *up*; the others the features pulling it
        *down* ("brand anchor", "page close to the site's topic"). Features whose value is missing
        are never used as a reason: absence of data is reported as coverage, not as evidence.
    """
    if len(X) == 0:
        return []
    contrib = model.contributions(X)
    names = [c for c in contrib.columns if c != "_bias"]
    values = X[names].to_numpy(dtype=float)
    c = contrib[names].to_numpy(dtype=float)
    up = c.sum(axis=1) >= 0
    strength = np.where(up[:, None], c, -c)
    # Missing values and noise are never reasons: push them to the bottom before ranking.
    strength[np.isnan(values) | (strength < MIN_CONTRIBUTION)] = -np.inf
    # A few spare candidates per row, for features that have no words for their value.
    k = min(len(names), top + 5)
    candidates = np.argpartition(-strength, k - 1, axis=1)[:, :k] if k < len(names) else np.tile(
        np.arange(len(names)), (len(X), 1)
    )
    order = np.take_along_axis(strength, candidates, axis=1).argsort(axis=1)[:, ::-1]
    candidates = np.take_along_axis(candidates, order, axis=1)
    said: dict[tuple[int, float, bool], str | None] = {}
    out: list[list[str]] = []
    for i in range(len(X)):
        reasons: list[str] = []
        for j in candidates[i]:
            if len(reasons) >= top or strength[i, j] == -np.inf:
                break
            key = (int(j), float(values[i, j]), bool(up[i]))
            if key not in said:
                said[key] = phrase_for(names[j], key[1], key[2])
            text = said[key]
            if text and text not in reasons:
                reasons.append(text)
        out.append(reasons)
    return out
