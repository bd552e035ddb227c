"""Anchor family: over-optimisation relative to the profile."""

from __future__ import annotations

import numpy as np
import pytest

from toxicity.features import build_features


def _profile(links_factory, anchors: list[str]):
    urls = [f"http://blog{i}.example{i}.org/post" for i in range(len(anchors))]
    return links_factory(
        source_url=urls, anchor=anchors, target_url=["https://acme-lending.com/loans"] * len(anchors)
    )


def test_forty_percent_money_anchor_profile(links_factory):
    links = _profile(links_factory, ["payday loans"] * 4 + ["Acme Lending"] * 6)
    f = build_features(links, site="acme-lending.com", topic="payday loans")
    money = f.iloc[0]
    assert money["anchor_money_exact"] == 1 and money["anchor_brand"] == 0
    assert money["anchor_rd_share"] == pytest.approx(0.4)  # 4 of 10 referring domains
    assert money["target_money_share"] == pytest.approx(0.4)
    assert money["spam_words_anchor"] == 2  # payday, loans
    brand = f.iloc[9]
    assert brand["anchor_brand"] == 1 and brand["anchor_rd_share"] == pytest.approx(0.6)


def test_brand_anchored_profile_has_no_money_share(links_factory):
    links = _profile(links_factory, ["Acme Lending"] * 5 + ["acme-lending.com"] * 3 + ["click here"] * 2)
    f = build_features(links, site="acme-lending.com", topic="payday loans")
    assert f["anchor_money_exact"].sum() == 0 and f["anchor_money_partial"].sum() == 0
    assert f["target_money_share"].tolist() == [0.0] * 10
    # The site's own address as anchor is a naked URL (the report's anchor classes count it there), not a
    # brand.
    assert f["anchor_brand"].sum() == 5 and f["anchor_naked_url"].sum() == 3
    assert f["anchor_generic"].sum() == 2


def test_naked_url_empty_and_missing_anchor(links_factory):
    links = _profile(
        links_factory,
        ["https://other-site.net/page", "", None, "https://acme-lending.com/", "Acme-Lending.com"],
    )
    f = build_features(links, site="acme-lending.com", topic="payday loans")
    assert f.loc[0, "anchor_naked_url"] == 1
    assert (
        f.loc[3, "anchor_naked_url"] == 1
        and f.loc[4, "anchor_naked_url"] == 1
        and f.loc[3:4, "anchor_brand"].sum() == 0
    )
    assert f.loc[1, "anchor_empty"] == 1
    assert (
        f.loc[2, "cov_anchor"] == 0
        and np.isnan(f.loc[2, ["anchor_brand", "anchor_rd_share"]].to_numpy(float)).all()
    )


def test_anchor_language_against_main_language(links_factory):
    links = links_factory(
        source_url=["http://a.com/x", "http://b.com/y"],
        anchor=["лучшие кредиты онлайн", "the best loans for you"],
        language=["en", "en"],
    )
    f = build_features(links, site="acme-lending.com", topic="loans")
    assert f["anchor_lang_mismatch"].tolist() == [1.0, 0.0]


def test_a_keyword_in_the_domain_name_does_not_make_a_keyword_anchor_a_brand_anchor() -> None:
    from toxicity.features import classify_anchor, infer_profile
    from toxicity.schema import empty_links

    p = infer_profile(empty_links(0), site="brightsmile-dental.com", topic="dental clinic")
    got = {
        a: classify_anchor(a, p)
        for a in [
            "BrightSmile Dental",
            "Bright Smile Dental",
            "brightsmile-dental.com",
            "dental clinic",
            "dental implants glasgow",
        ]
    }
    assert got == {
        "BrightSmile Dental": "brand",
        "Bright Smile Dental": "brand",
        "brightsmile-dental.com": "naked_url",
        "dental clinic": "money_exact",
        "dental implants glasgow": "money_partial",
    }
    law = infer_profile(empty_links(0), site="hartwell-law.com", topic="law firm")
    assert classify_anchor("Hartwell Law", law) == "brand"
    assert classify_anchor("best law firm austin", law) == "money_partial"
