"""Simulated backlink profiles: deterministic, canonical, one truth row per referring domain, the
characteristic fields of every pattern, and an Ahrefs export that reads back to the same records."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from toxicity.io import read_export
from toxicity.io.ahrefs import HEADER
from toxicity.model.profiles import (
    ATTACKS,
    DOMAIN_RANGES,
    NICHES,
    PATTERNS,
    SimulatedProfile,
    brand_of,
    simulate_profile,
    write_ahrefs_export,
)
from toxicity.schema import LINK_COLUMNS, validate_links

_SPAM_WORDS = ("casino", "viagra", "cialis", "porn", "loans", "payday", "backlinks", "slot", "pills", "xxx")


@pytest.fixture(scope="module")
def profile() -> SimulatedProfile:
    """The default profile (every attack, hosts from the training set)."""
    return simulate_profile(seed=0)


def _with_pattern(p: SimulatedProfile) -> pd.DataFrame:
    return p.links.merge(
        p.truth[["domain", "pattern"]], left_on="source_domain", right_on="domain", how="left"
    )


def _of(p: SimulatedProfile, pattern: str) -> pd.DataFrame:
    links = _with_pattern(p)
    return links[links["pattern"] == pattern]


def test_same_seed_same_profile_other_seed_other_profile(profile: SimulatedProfile) -> None:
    again = simulate_profile(seed=0)
    pd.testing.assert_frame_equal(profile.links, again.links)
    pd.testing.assert_frame_equal(profile.truth, again.truth)
    pd.testing.assert_frame_equal(profile.export_fields, again.export_fields)
    assert profile.params == again.params
    other = simulate_profile(seed=1, natural=40, attacks={"pbn": 10})
    assert set(other.truth["domain"]) != set(profile.truth["domain"])


def test_links_follow_the_schema(profile: SimulatedProfile) -> None:
    validate_links(profile.links)
    links = profile.links
    assert (links["source_format"] == "ahrefs").all() and (links["links"] == 1.0).all()
    for col in (
        "source_url",
        "source_domain",
        "target_url",
        "anchor",
        "domain_rating",
        "first_seen",
        "last_seen",
    ):
        assert links[col].notna().all(), col
    assert (links["last_seen"] >= links["first_seen"]).all()
    assert (links["last_seen"] <= profile.export_date).all()
    assert links["target_url"].str.contains(profile.site, regex=False).all()
    assert len(profile.export_fields) == len(links)


def test_truth_covers_every_referring_domain_once(profile: SimulatedProfile) -> None:
    truth = profile.truth
    assert truth["domain"].is_unique
    assert set(truth["domain"]) == set(profile.links["source_domain"])
    assert set(truth["pattern"]) == set(PATTERNS)
    assert (truth["toxic"] == (truth["pattern"] != "natural")).all()
    assert profile.site not in set(truth["domain"])
    counts = profile.links["source_domain"].value_counts()
    assert (counts.loc[truth["domain"]].to_numpy() == truth["links"].to_numpy()).all()
    for pattern, n in truth["pattern"].value_counts().items():
        lo, hi = DOMAIN_RANGES[str(pattern)]
        assert lo <= n <= hi, pattern


def test_natural_links_look_natural(profile: SimulatedProfile) -> None:
    nat = _of(profile, "natural")
    per_domain = nat.groupby("source_domain").size()
    assert per_domain.median() <= 3 and per_domain.max() <= 24
    brand_words = profile.brand.lower().split()[0]
    branded = nat["anchor"].str.lower().str.contains(brand_words, regex=False) | nat["anchor"].str.contains(
        profile.site, regex=False
    )
    assert branded.mean() > 0.4
    money = (
        nat["anchor"]
        .str.lower()
        .isin([m.format(city=profile.city).lower() for m in NICHES[profile.topic].money])
    )
    assert money.mean() <= 0.05
    assert 0.1 < nat["nofollow"].mean() < 0.4
    assert (nat["target_url"].str.rstrip("/").str.count("/") == 2).mean() > 0.5  # mostly the home page
    span = nat["first_seen"].max() - nat["first_seen"].min()
    assert span > pd.Timedelta(days=2.5 * 365)
    dr = nat.drop_duplicates("source_domain")["domain_rating"]
    assert dr.min() < 10 and dr.max() > 60 and 5 <= dr.median() <= 45
    assert (nat["language"] == "en").mean() > 0.8
    assert nat["lost"].any() and not nat["lost"].all()
    sources = profile.truth.query("pattern == 'natural'")["host_source"]
    assert sources.str.startswith(("ut1_", "popular")).all()


def test_pbn_is_a_burst_of_money_anchors(profile: SimulatedProfile) -> None:
    pbn = _of(profile, "pbn")
    assert pbn["first_seen"].max() - pbn["first_seen"].min() <= pd.Timedelta(weeks=4)
    assert pbn["domain_rating"].between(15, 40).all()
    assert pbn.groupby("source_domain").size().max() <= 2
    assert pbn["target_url"].nunique() <= 2 and not pbn["target_url"].str.endswith(f"{profile.site}/").any()
    assert (~pbn["nofollow"]).all()
    money = {m.format(city=profile.city).lower() for m in NICHES[profile.topic].money}
    assert pbn["anchor"].str.replace(" services", "", regex=False).isin(money).all()


def test_negative_seo_is_a_low_quality_blast(profile: SimulatedProfile) -> None:
    neg = _of(profile, "negative_seo")
    assert neg["first_seen"].max() - neg["first_seen"].min() <= pd.Timedelta(weeks=2)
    assert (neg["domain_rating"] <= 10).all()
    assert neg["external_links"].median() >= 100
    assert neg.groupby("source_domain").size().max() >= 5
    spam = neg["anchor"].str.lower().str.contains("|".join(_SPAM_WORDS))
    assert spam.mean() > 0.4
    sources = profile.truth.query("pattern == 'negative_seo'")["host_source"]
    assert not sources.str.startswith(("ut1_", "popular")).any()


def test_paid_sitewide_is_many_footer_links_with_one_anchor(profile: SimulatedProfile) -> None:
    paid = _of(profile, "paid_sitewide")
    per_domain = paid.groupby("source_domain")
    assert (per_domain.size() >= 50).all()
    assert (per_domain["anchor"].nunique() == 1).all()
    assert paid["domain_rating"].between(20, 60).all()
    extra = profile.export_fields.loc[paid.index]
    assert (extra["content"] == "false").all()
    assert (extra["links_in_group"].astype(int) >= 50).all()


def test_comment_and_profile_spam_urls(profile: SimulatedProfile) -> None:
    comments = _of(profile, "comment_spam")
    assert comments["source_url"].str.contains(r"#comment-\d+|replytocom=\d+").all()
    assert (comments["nofollow"] | comments["ugc"]).mean() > 0.6
    profiles = _of(profile, "profile_spam")
    assert profiles["source_url"].str.contains(r"/members?[/.]|/user/|/profile|/author/").all()
    assert (profiles["domain_rating"] <= 25).all()


def test_hacked_pages_are_legit_hosts_with_spam_context(profile: SimulatedProfile) -> None:
    hacked = _of(profile, "hacked")
    context = (hacked["left_context"].fillna("") + " " + hacked["right_context"].fillna("")).str.lower()
    assert context.str.contains("|".join(_SPAM_WORDS)).all()
    assert (~hacked["nofollow"]).all()
    sources = profile.truth.query("pattern == 'hacked'")["host_source"]
    assert sources.str.startswith("ut1_").all()


def test_ahrefs_export_reads_back_the_same_records(profile: SimulatedProfile, tmp_path: Path) -> None:
    path = tmp_path / "backlinks.tsv"
    write_ahrefs_export(profile, path)
    data = path.read_bytes()
    assert data[:2] == b"\xff\xfe"
    header = data[2:].decode("utf-16-le").split("\n", 1)[0]
    assert header.split("\t") == [f'"{h}"' for h in HEADER]
    result = read_export(path)
    assert result.format == "ahrefs"
    assert len(result.links) == len(profile.links)
    assert set(result.links["source_domain"]) == set(profile.truth["domain"])
    mapped = [c for c in LINK_COLUMNS if result.links[c].notna().any()]
    assert {"source_url", "anchor", "target_url", "domain_rating", "first_seen", "nofollow", "lost"} <= set(
        mapped
    )
    pd.testing.assert_frame_equal(result.links[mapped], profile.links[mapped])


@pytest.mark.parametrize("topic", sorted(NICHES))
def test_every_niche_with_hosts_passed_in(topic: str) -> None:
    hosts = pd.DataFrame(
        {
            "domain": ["news-a.com", "blog-b.org", "spam-c.xyz", "spam-d.top", "brightsmile-dental.com"],
            "label": [0, 0, 1, 1, 0],
            "source_group": ["ut1_press", "ut1_blog", "referrer_spam", "spamdexing", "ut1_blog"],
        }
    )
    p = simulate_profile(
        site="brightsmile-dental.com",
        topic=topic,
        natural=25,
        attacks={
            "pbn": 10,
            "negative_seo": 30,
            "paid_sitewide": 2,
            "comment_spam": 5,
            "profile_spam": 5,
            "hacked": 5,
        },
        seed=7,
        hosts=hosts,
    )
    validate_links(p.links)
    assert p.truth["domain"].is_unique and set(p.truth["domain"]) == set(p.links["source_domain"])
    assert "brightsmile-dental.com" not in set(p.truth["domain"])
    assert p.truth["pattern"].value_counts().to_dict() == {
        "negative_seo": 30,
        "natural": 25,
        "pbn": 10,
        "comment_spam": 5,
        "profile_spam": 5,
        "hacked": 5,
        "paid_sitewide": 2,
    }
    used = set(p.truth["host"])
    assert {"news-a.com", "blog-b.org", "spam-c.xyz", "spam-d.top"} <= used  # given hosts first
    assert (p.truth["host_source"] == "fallback").any()  # then built-in names


def test_dates_stay_before_the_export_for_any_seed() -> None:
    small = {
        "pbn": 10,
        "negative_seo": 10,
        "paid_sitewide": 1,
        "comment_spam": 10,
        "profile_spam": 10,
        "hacked": 10,
    }
    for seed in range(8):
        p = simulate_profile(natural=20, attacks=small, seed=seed, hosts=["x.org"])
        links = p.links
        assert (links["first_seen"] <= links["last_seen"]).all(), seed
        assert (links["last_seen"] <= p.export_date).all(), seed
        lost = pd.to_datetime(p.export_fields["lost_date"].replace("", None))
        assert ((lost.isna()) | ((lost >= links["first_seen"]) & (lost <= p.export_date))).all(), seed


def test_custom_topic_and_brand() -> None:
    p = simulate_profile(
        site="https://www.acme-roofing.com/",
        topic="roof repair",
        natural=30,
        attacks=("pbn",),
        seed=2,
        hosts=["x.org"],
    )
    assert p.site == "acme-roofing.com" and p.brand == brand_of("acme-roofing.com")
    pbn = _of(p, "pbn")
    assert pbn["anchor"].str.contains("roof repair").all()
    assert set(p.truth["pattern"]) == {"natural", "pbn"}


def test_unknown_attack_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown attack pattern"):
        simulate_profile(attacks=("pbn", "link_wheel"), hosts=["x.org"])


def test_attack_names_are_the_patterns() -> None:
    assert PATTERNS[0] == "natural" and tuple(PATTERNS[1:]) == ATTACKS
    assert np.all([p in DOMAIN_RANGES for p in PATTERNS])
