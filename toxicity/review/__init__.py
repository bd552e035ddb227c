"""Review sheets and human decisions: the step between scores and the disavow file.

:func:`write_review` writes the per-domain table as CSV and XLSX for a human, with every hostile text
cell neutralised (the cell helpers of :mod:`toxicity.cells` are re-exported here); :func:`read_reviews`
reads the filled sheets back; :func:`apply_decisions` carries earlier decisions and allow/block lists
over into a new table.
"""

from __future__ import annotations

from toxicity.cells import escape_url, neutralise_text, restore_text
from toxicity.review.decisions import DecisionCounts, apply_decisions, decision_key, load_domain_list
from toxicity.review.sheets import (
    REVIEW_COLUMNS,
    parse_decision,
    read_reviews,
    write_review,
)

__all__ = [
    "REVIEW_COLUMNS",
    "DecisionCounts",
    "apply_decisions",
    "decision_key",
    "escape_url",
    "load_domain_list",
    "neutralise_text",
    "parse_decision",
    "read_reviews",
    "restore_text",
    "write_review",
]
