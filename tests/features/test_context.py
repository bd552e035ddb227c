"""Context family: flags, metrics, links per domain, velocity; missing stays NaN."""

from __future__ import annotations

from pathlib import Path

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
    names = ["nofollow", "domain_rating", "velocity_share", "lost"]
    names += ["export_spam", "links_in_group", "boilerplate_link"]
    assert np.isnan(f[names].to_numpy(float)).all()


def test_export_evidence_features(links_factory):
    links = links_factory(
        source_url=["http://a.com/1", "http://b.com/1", "http://c.com/1", "http://d.com/1"],
        export_spam=[True, False, None, None],
        links_in_group=[120.0, 1.0, None, None],
        in_content=[False, True, None, None],
        nofollow=[None, None, None, False],
    )
    f = build_features(links, site="example.com", topic="gardening")
    np.testing.assert_array_equal(f["export_spam"], [1.0, 0.0, np.nan, np.nan])
    np.testing.assert_array_equal(f["links_in_group"], [120.0, 1.0, np.nan, np.nan])
    np.testing.assert_array_equal(f["boilerplate_link"], [1.0, 0.0, np.nan, np.nan])  # not in content -> 1
    # export_spam and boilerplate_link are link markers (cov_flags); links_in_group a count (cov_metrics)
    assert f["cov_flags"].tolist() == [1.0, 1.0, 0.0, 1.0]
    assert f["cov_metrics"].tolist() == [1.0, 1.0, 0.0, 0.0]
    assert np.isnan(f.loc[0, "sitewide"])  # 120 links in a group does not set the export's sitewide flag


def test_export_evidence_features_from_an_ahrefs_export():
    from toxicity.io import read_export

    path = Path(__file__).parents[1] / "fixtures" / "exports" / "ahrefs_evidence_utf16.tsv"
    f = build_features(read_export(path).links, site="crumbandcrust.com", topic="bread baking")
    np.testing.assert_array_equal(f["export_spam"], [0.0, 1.0, 1.0, 0.0, np.nan])
    np.testing.assert_array_equal(f["links_in_group"], [1.0, 120.0, 3.0, np.nan, np.nan])
    np.testing.assert_array_equal(f["boilerplate_link"], [0.0, 1.0, 1.0, 0.0, np.nan])
