"""Context family: flags, metrics, links per domain, velocity; missing stays NaN."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from toxicity.features import build_features


def test_context_hand_worked(links_factory):
    links = links_factory(
        source_url=["http://a.com/1", "http://a.com/2", "http://b.com/1", "http://c.com/1"],
        nofollow=[True, False, None, None],
        trust_flow=[10.0, None, 5.0, None],
        citation_flow=[40.0, None, 0.0, None],
        http_code=[200.0, 404.0, None, None],
        first_seen=pd.to_datetime(["2024-01-01", "2024-01-03", "2024-01-05", "2024-03-01"]),
    )
    f = build_features(links, site="example.com", topic="gardening")
    assert f["nofollow"].tolist()[:2] == [1.0, 0.0] and np.isnan(f.loc[2, "nofollow"])
    assert f["cov_flags"].tolist() == [1.0, 1.0, 0.0, 0.0]
    assert f.loc[0, "tf_cf_ratio"] == 0.25 and np.isnan(f.loc[2, "tf_cf_ratio"])  # CF 0: undefined
    assert f["http_error"].tolist()[:2] == [0.0, 1.0] and np.isnan(f.loc[2, "http_error"])
    assert f["cov_metrics"].tolist() == [1.0, 0.0, 1.0, 0.0]
    assert f["links_from_domain"].tolist() == [2.0, 2.0, 1.0, 1.0]
    assert f.loc[0, "domain_link_share"] == 0.5
    # +-3.5 days: Jan 1 sees Jan 1 and 3; Jan 3 sees all three January links; Mar 1 only itself
    assert f["velocity_share"].tolist() == pytest.approx([0.5, 0.75, 0.5, 0.25])
    assert f.loc[3, "days_before_newest"] == 0


def test_search_console_rows_have_no_context(links_factory):
    links = links_factory(source_url=["http://a.com/1"])
    f = build_features(links, site="example.com", topic="gardening").iloc[0]
    for flag in ("cov_flags", "cov_metrics", "cov_dates", "cov_anchor", "cov_title", "cov_context"):
        assert f[flag] == 0
    assert np.isnan(f[["nofollow", "domain_rating", "velocity_share", "lost"]].to_numpy(float)).all()
