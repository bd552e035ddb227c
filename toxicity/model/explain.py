"""What the model weighed, per row: the feature contributions behind a score, as records.

A score without a reason is useless to an auditor. For each explained row, the features whose
LightGBM contributions push the risk up the most, and those that pull it down the most, are returned
as ``(feature, value, contribution)`` records; :mod:`toxicity.verdict.reasons` turns them into words
with the catalogue's templates (:data:`toxicity.features.FEATURES`), once, at output.

Contributions cost about 120 predictions each, so callers choose which rows to explain (one per
referring domain, plus the medium- and high-risk links).
"""

from __future__ import annotations

import re
from typing import NamedTuple

import numpy as np
import pandas as pd

from toxicity.model.estimator import RiskModel

#: Contributions smaller than this (in log-odds) are noise, not reasons.
MIN_CONTRIBUTION = 0.05

# "1 digits" -> "1 digit": templates are written for the plural.
_ONE_PLURAL = re.compile(
    r"\b1 ((?:spam |subdomain |outbound )?)(digit|hyphen|word|link|character|level|site|page|day|folder"
    r"|consonant|domain)s\b"
)


def phrase(template: str, value: float, **words: str) -> str:
    """Fill a reason template such as ``"anchor used by {value:.0%} of referring domains"``.

    ``words`` fill named placeholders such as ``{topic}``; a placeholder without a value is
    left out rather than failing. A count of one takes the singular.

    >>> phrase("anchor used by {value:.0%} of referring domains", 0.384)
    'anchor used by 38% of referring domains'
    >>> phrase("page topic far from {topic}", 0.1, topic="dental care")
    'page topic far from dental care'
    >>> phrase("domain name contains {value:.0f} digits", 1.0)
    'domain name contains 1 digit'
    """
    try:
        text = template.format(value=value, **words)
    except (ValueError, KeyError, IndexError):
        text = template.replace("{value}", f"{value:g}")
    return _ONE_PLURAL.sub(r"1 \1\2", text)


class Contribution(NamedTuple):
    """One feature's part in one row's score (log-odds; positive raises the risk)."""

    feature: str
    value: float
    contribution: float


def contribution_records(
    model: RiskModel, X: pd.DataFrame, *, top_up: int = 4, top_down: int = 2
) -> list[list[Contribution]]:
    """The strongest contributions of each row of ``X``, both directions.

    Parameters
    ----------
    model : a fitted :class:`RiskModel`
    X : the feature rows to explain (columns as the model was trained on)
    top_up, top_down : at most this many records raising / lowering the risk per row

    Returns
    -------
    list of lists of :class:`Contribution`
        For each row, the records raising the risk (strongest first), then those lowering it.
        Features whose value is missing are never records: absence of data is coverage, not
        evidence; contributions under :data:`MIN_CONTRIBUTION` are noise.
    """
    if len(X) == 0:
        return []
    contrib = model.contributions(X)
    names = [c for c in contrib.columns if c != "_bias"]
    values = X[names].to_numpy(dtype=float)
    c = contrib[names].to_numpy(dtype=float, copy=True)
    c[np.isnan(values) | (np.abs(c) < MIN_CONTRIBUTION)] = 0.0
    k_up = min(len(names), top_up)
    k_down = min(len(names), top_down)
    up_idx = np.argsort(-c, axis=1, kind="stable")[:, :k_up]
    down_idx = np.argsort(c, axis=1, kind="stable")[:, :k_down]
    out: list[list[Contribution]] = []
    for i in range(len(X)):
        row = [Contribution(names[j], float(values[i, j]), float(c[i, j])) for j in up_idx[i] if c[i, j] > 0]
        row += [
            Contribution(names[j], float(values[i, j]), float(c[i, j])) for j in down_idx[i] if c[i, j] < 0
        ]
        out.append(row)
    return out
