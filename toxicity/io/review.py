"""The project's own review sheet (``review.csv`` / ``review.xlsx``), read back for retraining.

Columns: ``domain, links, risk, band, suggestion, decision, reasons, coverage`` and optionally ``url``.
One row per referring domain (or per URL when ``url`` is filled): ``source_url`` is the ``url`` when
given, else the ``domain``; ``links`` is the sheet's link count; the auditor's ``decision`` is kept raw
as ``label`` for the training code to parse.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from toxicity.io.spec import FormatSpec

HEADER = ["domain", "links", "risk", "band", "suggestion", "decision", "reasons", "coverage"]


def _derive(raw: pd.DataFrame, columns: Mapping[str, str]) -> dict[str, pd.Series]:
    domain = raw[columns["domain"]].astype("string")
    if "url" not in columns:
        return {"source_url": domain}
    url = raw[columns["url"]].astype("string")
    return {"source_url": url.where(url.fillna("").str.strip() != "", domain)}


SPEC = FormatSpec(
    name="review",
    description="toxicity review sheet (review.csv / review.xlsx), decision kept as label",
    columns={"source_url": ("domain",), "links": ("links",)},
    signatures=(
        frozenset({"domain", "suggestion", "decision"}),
        frozenset({"domain", "risk", "band", "decision"}),
    ),
    level="domain",
    derive=_derive,
)
