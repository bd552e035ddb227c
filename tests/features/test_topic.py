"""Topic family: distance to the site's topic, niche-aware (the casino-site case)."""

from __future__ import annotations

import numpy as np

from toxicity.features import build_features, infer_profile


def _links(links_factory):
    return links_factory(
        source_url=[
            "https://bestcasinoonline.net/reviews/casino-bonus",
            "https://cheap-viagra-pills.com/shop",
        ],
        source_title=["Top online casino bonuses", "Buy pills online"],
        anchor=["online casino", "casino"],
    )


def test_casino_pages_are_on_topic_for_a_casino_site(links_factory):
    f = build_features(_links(links_factory), site="royal-casino.com", topic="online casino games")
    casino, pharma = f.iloc[0], f.iloc[1]
    assert casino["off_topic_spam"] == 0  # gambling words are the site's own niche
    # viagra, pills in the host + pills in the title ('cheap' has an ordinary sense and does not
    # count on the page); the 'casino' anchor is on-niche
    assert pharma["off_topic_spam"] == 3
    assert casino["topic_similarity"] > 0.4 > pharma["topic_similarity"]
    # topic terms: online, casino, games + brand royal, royalcasino; the page has online and casino
    assert casino["topic_term_share"] == 0.4


def test_same_casino_pages_are_off_topic_for_a_gardening_site(links_factory):
    f = build_features(_links(links_factory), site="rosegarden.org", topic="growing roses and compost")
    assert f.loc[0, "off_topic_spam"] == 4  # 'casino' in host, path, title and anchor
    assert f.loc[0, "topic_similarity"] == 0.0


def test_no_topic_gives_nan_and_coverage_zero(links_factory):
    links = links_factory(source_url=["http://a.com/"], source_title=["Hello world"])
    profile = infer_profile(links, site=None, topic=None)
    f = build_features(links, profile=profile)
    assert profile.topic == "" and f.loc[0, "cov_topic"] == 0
    assert np.isnan(f.loc[0, "topic_similarity"])


def test_profile_niches_and_brand():
    from toxicity.schema import empty_links

    p = infer_profile(empty_links(0), site="https://www.royal-casino.com/", topic="online casino games")
    assert p.site == "royal-casino.com" and "gambling" in p.niches
    assert {"royal", "casino"} <= p.brand_tokens
