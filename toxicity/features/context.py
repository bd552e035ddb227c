"""Link context: flags, the export's own evidence, source metrics, HTTP code, links per referring domain,
lost, link velocity.

Everything is a vectorised column operation; a value the export lacks stays NaN. The export's evidence
counts toward the coverage families it resembles: ``export_spam`` and ``boilerplate_link`` (link markers,
like ``nofollow``) toward ``cov_flags``, ``links_in_group`` (a count, like ``external_links``) toward
``cov_metrics``.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

from toxicity.features.columns import FeatureColumns
from toxicity.features.text import LinkCodes
from toxicity.schema import FLAG_COLUMNS

#: Half-width of the link-velocity window: links first seen within +-3.5 days count as one burst.
VELOCITY_HALF_WINDOW: Final = pd.Timedelta(days=3.5)

_METRICS: Final = (
    "domain_rating",
    "url_rating",
    "trust_flow",
    "citation_flow",
    "authority_score",
    "spam_score",
)
_LOG_METRICS: Final = ("domain_traffic", "page_traffic", "external_links", "referring_domains")


def _float(col: pd.Series) -> np.ndarray:
    return col.astype("Float64").to_numpy(dtype=float, na_value=np.nan)


def context_features(links: pd.DataFrame, codes: LinkCodes, out: FeatureColumns) -> None:
    """Write the context family columns into ``out``; ``codes`` from
    :func:`toxicity.features.text.link_codes`."""
    covered = np.zeros(len(links), dtype=bool)
    for name in FLAG_COLUMNS:
        column = out.row(name)
        column[:] = _float(links[name])
        covered |= ~np.isnan(column)
    spam = out.row("export_spam")
    spam[:] = _float(links["export_spam"])
    covered |= ~np.isnan(spam)
    boilerplate = out.row("boilerplate_link")
    boilerplate[:] = _float(links["in_content"])
    np.subtract(1.0, boilerplate, out=boilerplate)  # in main content -> 0, outside -> 1, unknown stays NaN
    covered |= ~np.isnan(boilerplate)
    out["cov_flags"] = covered
    out["lost"] = _float(links["lost"])

    covered = np.zeros(len(links), dtype=bool)
    for m in _METRICS:
        column = out.row(m)
        column[:] = links[m].to_numpy(dtype=float)
        covered |= ~np.isnan(column)
    with np.errstate(divide="ignore", invalid="ignore"):
        tf, cf = out.row("trust_flow"), out.row("citation_flow")
        out["tf_cf_ratio"] = np.where(cf > 0, tf / cf, np.nan)
    for m in _LOG_METRICS:
        column = out.row(f"log_{m}")
        column[:] = links[m].to_numpy(dtype=float)
        covered |= ~np.isnan(column)
        np.log1p(np.clip(column, 0, None, out=column), out=column)
    code = out.row("http_code")
    code[:] = links["http_code"].to_numpy(dtype=float)
    out["http_error"] = np.where(np.isnan(code), np.nan, (code >= 400).astype(float))
    group = out.row("links_in_group")
    group[:] = links["links_in_group"].to_numpy(dtype=float)
    covered |= ~np.isnan(group)
    out["cov_metrics"] = covered

    # How much of the profile comes from the same referring domain (sitewide footers, link farms).
    weight = links["links"].to_numpy(dtype=float)
    weight = np.where(np.isnan(weight), 1.0, weight)
    dom_codes = codes.domain_codes
    valid = dom_codes >= 0
    per_domain = np.bincount(dom_codes[valid], weights=weight[valid]) if valid.any() else np.zeros(0)
    total = weight[valid].sum()
    out.gather("links_from_domain", per_domain, dom_codes)
    if total > 0:
        out.gather("domain_link_share", per_domain / total, dom_codes)
    else:
        out["domain_link_share"] = np.nan

    # Link velocity: share of the dated links first seen within +-3.5 days of this one.
    first = links["first_seen"].to_numpy(dtype="datetime64[ns]")
    dated = ~np.isnat(first)
    velocity = out.row("velocity_share")
    age = out.row("days_before_newest")
    velocity[:] = np.nan
    age[:] = np.nan
    if dated.any():
        t = first[dated].astype("int64")
        order = np.sort(t)
        half = VELOCITY_HALF_WINDOW.value
        burst = np.searchsorted(order, t + half, side="right") - np.searchsorted(order, t - half, side="left")
        velocity[dated] = burst / len(order)
        age[dated] = (order[-1] - t) / 86_400e9
    last = links["last_seen"].to_numpy(dtype="datetime64[ns]")
    both = dated & ~np.isnat(last)
    span = out.row("days_seen")
    span[:] = np.nan
    span[both] = (last[both] - first[both]).astype("int64") / 86_400e9
    out["cov_dates"] = dated
