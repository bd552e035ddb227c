"""Shared builders for the model tests: a small slice of the shipped domain set and an auditor's decisions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from toxicity.model.training import load_domains, subsample
from toxicity.schema import conform

_WORDS = (
    "green",
    "river",
    "city",
    "news",
    "garden",
    "bike",
    "music",
    "travel",
    "home",
    "chef",
    "photo",
    "family",
    "sport",
    "local",
    "daily",
    "blue",
    "north",
    "craft",
    "pixel",
    "kitchen",
)
_TLDS = ("com", "com", "com", "net", "org", "de", "fr", "co.uk", "info", "io")
_ANCHORS = (
    "Example Bakery",
    "example-bakery.com",
    "click here",
    "read more",
    "sourdough recipe",
    "this bakery",
    "",
)


@pytest.fixture(scope="session")
def small_domains() -> pd.DataFrame:
    """At most 25 domains per (label, source group) of the shipped training set."""
    return subsample(load_domains(), 25, seed=0)


@pytest.fixture(scope="session")
def auditor():  # type: ignore[no-untyped-def]
    """The :func:`auditor_decisions` builder."""
    return auditor_decisions


def auditor_decisions(n_domains: int, *, seed: int = 0) -> tuple[pd.DataFrame, np.ndarray]:
    """Links from ``n_domains`` made-up small sites (1-3 links each) and one auditor's consistent decisions.

    The auditor disavows every link from a domain rated 50 or more (in this made-up case: sold links
    on strong domains) and keeps everything else: a consistent pattern the public lists teach the
    opposite of (they see high authority as clean).
    """
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n_domains):
        host = (
            f"{_WORDS[rng.integers(len(_WORDS))]}{_WORDS[rng.integers(len(_WORDS))]}{i}"
            f".{_TLDS[rng.integers(len(_TLDS))]}"
        )
        dr = float(rng.integers(0, 90))
        for j in range(int(rng.integers(1, 4))):
            rows.append(
                {
                    "source_url": f"https://{host}/post-{j}",
                    "target_url": "https://example-bakery.com/",
                    "anchor": _ANCHORS[rng.integers(len(_ANCHORS))],
                    "domain_rating": dr,
                    "external_links": float(np.round(rng.lognormal(3.3, 1.0))),
                    "nofollow": bool(rng.random() < 0.3),
                }
            )
    links = pd.DataFrame(rows)
    y = (links["domain_rating"] >= 50).astype(int).to_numpy()
    from toxicity.domains import host_of_url, registrable_domain

    links["source_host"] = [host_of_url(u) for u in links["source_url"]]
    links["source_domain"] = [registrable_domain(h) for h in links["source_host"]]
    links["source_format"] = "ahrefs"
    links["links"] = 1.0
    return conform(links), y
