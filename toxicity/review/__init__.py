"""Review sheets and human decisions: the step between scores and the disavow file.

:func:`write_review` writes the per-domain table as CSV and XLSX for a human, with every hostile text
cell neutralised; :func:`read_reviews` reads the filled sheets back; :func:`apply_decisions` carries
earlier decisions and allow/block lists over into a new table.
"""

from __future__ import annotations

from toxicity.review.decisions import DecisionCounts, apply_decisions, decision_key, load_domain_list
from toxicity.review.sheets import (
    REVIEW_COLUMNS,
    escape_url,
    neutralise_text,
    parse_decision,
    read_reviews,
    restore_text,
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
