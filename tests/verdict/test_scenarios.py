"""Whole simulated profiles scored end to end with the shipped model: does the verdict find each attack
and leave natural links alone? (Truth per referring domain from :mod:`toxicity.model.profiles`.)

The seeds here were never used to set a factor (those were looked at on seeds 0-5 and 100-111 with
``tools/scenarios.py``); every niche is scored once.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from toxicity.audit import score_links
from toxicity.model.profiles import EXAMPLE_SITES, simulate_profile

#: Words that name each attack pattern in a domain's reasons (any one of them).
NAMED = {
    "pbn": ("(a link network)", "(a burst"),
    "negative_seo": ("(a burst", "public toxic-link list", "(a link network)", "spam word"),
    "paid_sitewide": ("the shape of a paid link",),
    "comment_spam": ("comment thread or member profile", "(a link-drop campaign)"),
    "profile_spam": ("comment thread or member profile", "(a link-drop campaign)"),
    "hacked": ("(a hacked or injected page)", "spam word"),
}
SEEDS = range(300, 306)


@pytest.fixture(scope="module")
def scored() -> tuple[pd.DataFrame, pd.Series]:
    domains, natural_risk = [], []
    topics = list(EXAMPLE_SITES)
    for k, seed in enumerate(SEEDS):
        topic = topics[k % len(topics)]
        profile = simulate_profile(site=EXAMPLE_SITES[topic], topic=topic, seed=seed)
        audit = score_links(profile.links, site=profile.site, topic=profile.topic)
        table = audit.domains.merge(profile.truth[["domain", "pattern"]], on="domain", how="left")
        assert table["pattern"].notna().all(), "every referring domain has its truth"
        domains.append(table.assign(topic=topic))
        natural = set(profile.truth.loc[profile.truth["pattern"] == "natural", "domain"])
        natural_risk.append(audit.links.loc[audit.links["source_domain"].isin(natural), "risk"])
    return pd.concat(domains, ignore_index=True), pd.concat(natural_risk, ignore_index=True)


@pytest.mark.parametrize("pattern", sorted(NAMED))
def test_each_attack_is_mostly_flagged_and_named(
    scored: tuple[pd.DataFrame, pd.Series], pattern: str
) -> None:
    domains, _ = scored
    mine = domains[domains["pattern"] == pattern]
    assert len(mine) >= 10
    flagged = mine["band"].isin(["medium", "high"]).to_numpy()
    named = mine["reasons"].map(lambda r: any(w in r for w in NAMED[pattern])).to_numpy()
    share = float(np.mean(flagged & named))
    assert share >= 0.8, f"{pattern}: {share:.0%} flagged with the pattern named"


def test_natural_links_are_rarely_flagged_never_high_and_read_low(
    scored: tuple[pd.DataFrame, pd.Series],
) -> None:
    domains, natural_risk = scored
    natural = domains[domains["pattern"] == "natural"]
    assert natural["band"].isin(["medium", "high"]).mean() <= 0.10
    assert not (natural["band"] == "high").any(), natural.loc[
        natural["band"] == "high", ["domain", "reasons"]
    ]
    assert float(natural_risk.median()) < 30


def test_outputs_keep_the_invariants(scored: tuple[pd.DataFrame, pd.Series]) -> None:
    from toxicity.domains import PLATFORMS
    from toxicity.verdict import band_of

    domains, _ = scored
    assert (domains["band"].to_numpy() == band_of(domains["risk"].to_numpy())).all()
    assert not domains["domain"].isin(PLATFORMS).any()
    for text in domains["reasons"]:
        parts = [p.strip().split(": ", 1)[-1] for p in text.split(";") if p.strip()]
        assert len(parts) == len(set(parts)), text
