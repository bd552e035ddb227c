"""Domain family: hand-worked values from the URL alone."""

from __future__ import annotations

import math

import numpy as np
import pytest

from toxicity.features import build_features
from toxicity.lookups import host_words_many


def test_blogspot_subdomain_is_a_platform_site_not_the_platform(links_factory):
    links = links_factory(source_url=["http://spam.blogspot.com/", "http://blogspot.com/"])
    f = build_features(links, site="example.com", topic="gardening")
    assert f["platform_host"].tolist() == [1.0, 0.0]
    # the label of spam.blogspot.com is 'spam' (blogspot.com is the suffix): 4 letters, entropy 2 bits
    assert f.loc[0, "label_length"] == 4 and f.loc[0, "label_entropy"] == pytest.approx(2.0)
    assert f.loc[0, "subdomain_depth"] == 0
    # blogspot.com is on the UT1 blog list; spam.blogspot.com must not inherit the platform's category
    assert f["cat_blog"].tolist() == [0.0, 1.0]


def test_ip_host_has_no_label_statistics(links_factory):
    links = links_factory(source_url=["http://192.168.1.1/links/page"])
    f = build_features(links, site="example.com", topic="gardening").iloc[0]
    assert f["ip_host"] == 1 and f["cov_host"] == 1
    assert math.isnan(f["label_length"]) and math.isnan(f["tld_abuse_rate"])
    assert f["path_footprint"] == 1 and f["path_depth"] == 2


def test_idn_host_stats_describe_the_unicode_name(links_factory):
    links = links_factory(source_url=["https://münchen.de/"])
    f = build_features(links, site="example.com", topic="gardening").iloc[0]
    assert f["idn_host"] == 1
    assert f["label_length"] == 7 and f["label_hyphens"] == 0  # 'münchen', not 'xn--mnchen-3ya'


def test_run_together_host_is_split_into_spam_words(links_factory):
    assert host_words_many(["www.greenlightloansnow.com", "specialist-doctors.com"]) == [
        ["green", "light", "loans", "now"],
        ["specialist", "doctors"],  # no 'cialis' inside
    ]
    links = links_factory(source_url=["https://greenlightloansnow.com/payday-loans?replytocom=5"])
    f = build_features(links, site="example.com", topic="gardening").iloc[0]
    assert f["spam_words_host"] == 1  # loans
    assert f["spam_words_path"] == 2  # payday, loans
    assert f["path_footprint"] == 1  # ?replytocom=
    assert f["label_length"] == 18 and f["label_consonant_run"] == 4  # "ghtl" in greenlightloansnow


def test_label_statistics_hand_worked(links_factory):
    links = links_factory(source_url=["http://a1-b2.example-x9.net/"])
    f = build_features(links, site="example.com", topic="gardening").iloc[0]
    # registrable label 'example-x9': 10 chars, 1 digit, 1 hyphen, longest consonant run 'mpl' = 3
    assert (f["label_length"], f["label_digits"], f["label_hyphens"], f["label_consonant_run"]) == (
        10,
        1,
        1,
        3,
    )
    assert f["subdomain_depth"] == 1


def test_missing_host_is_nan_with_coverage_zero(links_factory):
    links = links_factory(source_url=[None, "http://ok.com/"])
    f = build_features(links, site="example.com", topic="gardening")
    assert f["cov_host"].tolist() == [0.0, 1.0]
    assert np.isnan(
        f.loc[0, ["platform_host", "tld_abuse_rate", "listed_any", "cat_gambling"]].to_numpy()
    ).all()


def test_listed_columns_are_kept_apart_and_popularity(links_factory):
    links = links_factory(source_url=["http://0-0.fr/", "https://www.google.com/"])
    f = build_features(links, site="example.com", topic="gardening")
    assert f.loc[0, "listed_referrer_spam"] == 1 and f.loc[0, "listed_any"] == 1
    assert f.loc[1, "listed_any"] == 0
    assert f.loc[1, "popular"] == 1 and f.loc[1, "popularity_log_rank"] == pytest.approx(0.0)  # rank 1
    assert f.loc[0, "popular"] == 0 and np.isnan(f.loc[0, "popularity_log_rank"])
