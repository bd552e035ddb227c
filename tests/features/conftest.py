"""Helpers for feature tests: small canonical link tables built by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from toxicity.domains import domains_of, hosts_of
from toxicity.schema import conform


def make_links(**columns: list) -> pd.DataFrame:
    """Canonical records from column lists; source_host/source_domain derived from source_url if absent."""
    frame = pd.DataFrame(columns)
    if "source_url" in frame and "source_host" not in frame:
        frame["source_host"] = hosts_of(frame["source_url"].astype("string"))
        frame["source_domain"] = domains_of(frame["source_host"])
    return conform(frame)


@pytest.fixture
def links_factory():
    return make_links
