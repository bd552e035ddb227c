"""Risk signals from canonical link records: ``build_features(links, site=..., topic=...)``.

Six families (see :data:`FEATURES` and ``docs/features.md``): domain spam markers from the URL
alone, link context, anchor over-optimisation relative to the profile, topical distance to the
site's topic, readability, and evidence from the fetched linking page (when page facts are given).
Missing input gives NaN plus a ``cov_*`` flag = 0.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

import pandas as pd

from toxicity.features.anchor import ANCHOR_CLASSES, anchor_features, classify_anchor
from toxicity.features.catalogue import (
    FEATURES,
    FEATURES_BY_NAME,
    Feature,
    catalogue_markdown,
    model_features,
)
from toxicity.features.columns import FeatureColumns
from toxicity.features.context import context_features
from toxicity.features.domain import host_features, path_features
from toxicity.features.page import page_features
from toxicity.features.profile import Profile, infer_profile
from toxicity.features.readability import readability_features
from toxicity.features.text import link_codes
from toxicity.features.topic import topic_features
from toxicity.schema import validate_links

__all__ = [
    "ANCHOR_CLASSES",
    "FEATURES",
    "FEATURES_BY_NAME",
    "Feature",
    "Profile",
    "build_features",
    "catalogue_markdown",
    "classify_anchor",
    "infer_profile",
    "model_features",
]

log = logging.getLogger(__name__)

_T = TypeVar("_T")


def build_features(
    links: pd.DataFrame,
    *,
    site: str | None = None,
    topic: str | None = None,
    profile: Profile | None = None,
    pages: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Compute every catalogued feature for canonical link records.

    Parameters
    ----------
    links : canonical link records (:data:`toxicity.schema.LINK_COLUMNS`)
    site : the audited site (``example.com``); inferred from target URLs when omitted
    topic : free text of the site's topic; inferred from the profile when omitted
    profile : a profile from :func:`infer_profile` (then ``site`` and ``topic`` are ignored), so the
        caller can reuse it to word reasons ("off-topic for <topic>")
    pages : page facts of the linking pages, the frame of :func:`toxicity.fetch.fetch_pages` or
        :func:`toxicity.fetch.read_pages`, joined on ``source_url``; without it (or for links whose
        page is absent or failed to fetch) the ``page_*`` features are NaN and ``cov_page`` is 0

    Returns
    -------
    DataFrame with the index of ``links`` and one float column per :data:`FEATURES` entry, in
    catalogue order. The profile is not attached: a caller that needs it calls :func:`infer_profile`
    and passes it as ``profile``.

    Examples
    --------
    >>> from toxicity.schema import conform
    >>> links = conform(pd.DataFrame({"source_url": ["http://spam.blogspot.com/links/"],
    ...                               "source_host": ["spam.blogspot.com"],
    ...                               "source_domain": ["spam.blogspot.com"]}))
    >>> f = build_features(links, site="example.com", topic="home gardening")
    >>> f.loc[0, ["platform_host", "path_footprint", "cov_anchor"]].tolist()
    [1.0, 1.0, 0.0]
    """
    validate_links(links)
    timings: dict[str, float] = {}
    start = time.perf_counter()
    if profile is None:
        profile = infer_profile(links, site=site, topic=topic)
    timings["profile"] = time.perf_counter() - start
    out = FeatureColumns([f.name for f in FEATURES], len(links))

    def timed(name: str, step: Callable[[], _T]) -> _T:
        t0 = time.perf_counter()
        result = step()
        timings[name] = time.perf_counter() - t0
        return result

    codes = timed("codes", lambda: link_codes(links))
    paths = timed("domain_paths", lambda: path_features(links, out))
    hosts = timed("domain_hosts", lambda: host_features(links, profile, out))
    timed("topic", lambda: topic_features(profile, hosts, paths, codes, out))
    timed("context", lambda: context_features(links, codes, out))
    timed("anchor", lambda: anchor_features(links, profile, codes, out))
    timed("readability", lambda: readability_features(codes, out))
    timed("page", lambda: page_features(links, pages, out))
    log.debug(
        "feature timings (s): %s", {k: round(v, 2) for k, v in timings.items()}, extra={"timings": timings}
    )
    missing = out.missing()
    if missing:
        raise RuntimeError(f"feature catalogue out of sync: missing {missing}")
    return out.frame(links.index)
