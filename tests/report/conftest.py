"""A small hand-made audit (six links, three domains) whose aggregates are worked out in the tests."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from toxicity.audit import Audit
from toxicity.features.anchor import ANCHOR_CLASSES

SCRIPT_ANCHOR = "<script>document.title='pwned'</script>"
IMG_TITLE = '"><img src=x onerror="document.title=\'pwned\'">'

CARD = {
    "name": "test-model",
    "created": "2026-01-02",
    "toxicity_version": "0.1.0",
    "thresholds": {"medium": 40.0, "high": 70.0},
    "feature_names": ["label_length", "anchor_brand"],
    "metrics": {
        "cross_source": {"url_only": {"roc_auc": 0.71, "pr_auc": 0.5, "n": 100}},
        "per_source": [{"source": "x", "roc_auc": 0.9}],
        "ordinary_small_sites_fpr": {"url_only": {"fpr_medium": 0.05, "fpr_high": 0.01}},
    },
    "training_data": {"rows": 1234},
    "simulated": ["Simulated anchor kind", "Simulated page title"],
    "notes": ["Labels are domain-level list membership."],
}


def _make(domain_name: str = "a.com", site: str | None = "acme.com") -> tuple[Audit, pd.DataFrame]:
    domains = [domain_name, domain_name, "b.xyz", "b.xyz", "c.org", "c.org"]
    anchors = ["Acme", "cheap pills", "acme", "click here", "Acme ", SCRIPT_ANCHOR]
    classes = ["brand", "money_exact", "brand", "generic", "brand", "other"]
    risk = [90, 80, 45, 10, 3, 0]
    band = ["high", "high", "medium", "low", "low", "low"]
    first_seen = pd.to_datetime(
        ["2024-01-01", "2024-01-02", "2024-01-08", None, "2024-01-15", "2024-01-15"]
    ).astype("datetime64[ns]")
    scored = pd.DataFrame(
        {
            "source_url": [f"http://{d}/p" for d in domains],
            "source_domain": domains,
            "target_url": "https://acme.com/",
            "anchor": pd.array(anchors, dtype="string"),
            "risk": risk,
            "band": band,
            "reasons": "r",
            "confidence": 50,
            "coverage": "url, anchor",
        }
    )
    features = pd.DataFrame({f"anchor_{c}": [float(k == c) for k in classes] for c in ANCHOR_CLASSES})
    features["topic_similarity"] = [0.05, 0.15, 0.5, np.nan, 0.95, 1.0]
    features["tld_abuse_rate"] = [0.02, 0.02, 0.4, 0.4, 0.01, 0.01]
    table = pd.DataFrame(
        {
            "domain": [domain_name, "b.xyz", "c.org"],
            "links": [2, 2, 2],
            "risk": [90, 45, 3],
            "band": ["high", "medium", "low"],
            "suggestion": ["disavow", "review", "keep"],
            "reasons": [
                "exact-match keyword anchor; page topic far from gardening",
                "TLD abuse",
                SCRIPT_ANCHOR,
            ],
            "confidence": [50, 50, 50],
            "coverage": "url, anchor",
            "first_seen": ["2024-01-01", "2024-01-08", "2024-01-15"],
            "last_seen": ["2024-01-02", "2024-01-08", "2024-01-15"],
            "top_anchor": ["cheap pills", "acme", SCRIPT_ANCHOR],
            "example_url": [f"http://{domain_name}/p", "http://b.xyz/p", "http://c.org/p"],
        }
    )
    audit = Audit(
        links=scored,
        domains=table,
        features=features,
        profile={"site": site, "topic": "gardening", "topic_source": "given"},
        model_name="test-model",
        model_path="",
        thresholds={"medium": 40.0, "high": 70.0},
        coverage={"anchor": 1.0, "dates": 5 / 6},
        host_only=False,
        explained=6,
    )
    links = pd.DataFrame({"first_seen": first_seen, "last_seen": first_seen})
    return audit, links


@pytest.fixture
def make_audit() -> Callable[..., tuple[Audit, pd.DataFrame]]:
    """Factory for the six-link audit; ``domain_name`` replaces a.com (e.g. with hostile text)."""
    return _make


@pytest.fixture
def card() -> dict:
    return CARD
