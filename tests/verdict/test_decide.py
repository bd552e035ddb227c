"""The verdict step on hand-made link records: its invariants, rules and words (no model needed)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toxicity.domains import domains_of, hosts_of
from toxicity.features import build_features, infer_profile
from toxicity.schema import conform
from toxicity.verdict import BAND_FLOORS, band_of, decide
from toxicity.verdict import reasons as words

SITE = "brightsmile-dental.com"
TOPIC = "dental clinic"
ZERO = re.compile(r"(^|; |: )0 [a-z]|contains 0 |\b0 (spam|digit|hyphen|link|word)")
PLURAL = re.compile(
    r"\b1 (digits|hyphens|spam words|links|characters|subdomain levels|words|pages|referring domains)\b"
)


def records(rows: list[dict[str, object]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows)
    frame["source_host"] = hosts_of(frame["source_url"])
    frame["source_domain"] = domains_of(frame["source_host"])
    if "target_url" not in frame.columns:
        frame["target_url"] = f"https://{SITE}/"
    return conform(frame)


def run(
    links: pd.DataFrame,
    probability: np.ndarray | float = 0.3,
    *,
    features: pd.DataFrame | None = None,
    base_rate: float = 0.3,
    host_only: np.ndarray | None = None,
    **kw: object,
):
    # Features passed in are built from the same links, site and topic.
    profile = infer_profile(links, site=SITE, topic=TOPIC)
    f = build_features(links, profile=profile) if features is None else features
    p = np.broadcast_to(np.asarray(probability, dtype=float), (len(links),)).copy()
    n = len(links)
    return decide(
        links,
        f,
        probability=p,
        base_rate=base_rate,
        contributions=lambda rows: [[] for _ in rows],
        profile=profile.to_dict(),
        host_only=np.zeros(n, bool) if host_only is None else host_only,
        confidence=np.full(n, 50.0),
        coverage=np.full(n, "url, anchor", dtype=object),
        popularity=lambda names: np.full(len(names), np.nan),
        **kw,
    ), f


def natural_rows(n: int = 12) -> list[dict[str, object]]:
    return [
        {
            "source_url": f"https://smallblog{i}.com/post-{i}",
            "anchor": "BrightSmile Dental",
            "first_seen": f"20{18 + i % 6}-0{1 + i % 9}-15",
            "domain_rating": 20.0 + i,
            "domain_traffic": 300.0,
        }
        for i in range(n)
    ]


def pbn_rows(n: int = 8) -> list[dict[str, object]]:
    return [
        {
            "source_url": f"https://oldsite{i}.net/guest-post",
            "anchor": "emergency dentist chicago",
            "target_url": f"https://{SITE}/emergency-dentist-chicago",
            "first_seen": f"2025-03-{1 + i % 21:02d}",
            "domain_rating": 25.0,
            "domain_traffic": 0.0,
        }
        for i in range(n)
    ]


def check_words(texts: pd.Series | np.ndarray) -> None:
    for text in texts:
        assert text, "every row has reasons"
        assert not ZERO.search(text), text
        assert not PLURAL.search(text), text
        parts = [p.strip().split(": ", 1)[-1] for p in text.split(";") if p.strip()]
        assert len(parts) == len(set(parts)), text


def test_natural_links_at_the_models_base_rate_read_the_stated_profile_share() -> None:
    v, _ = run(records(natural_rows()), 0.3, base_rate=0.3)
    assert set(v.risk) == {15}  # the model's training mix moved to PROFILE_TOXIC_SHARE
    assert set(v.band) == {"low"}
    assert set(v.domains["suggestion"]) == {"keep"}


@pytest.mark.parametrize(("size", "band"), [(20, "high"), (8, "medium")])
def test_a_pbn_is_found_as_one_network_and_named(size: int, band: str) -> None:
    # the PBN: unrelated domains, one guest post each with the same exact anchor, first seen
    # within three weeks, Domain Rating without traffic
    links = records(natural_rows() + pbn_rows(size))
    v, _ = run(links, 0.3)
    pbn = links["source_domain"].str.startswith("oldsite").to_numpy()
    assert (v.band[pbn] == band).all()
    assert (v.band[~pbn] == "low").all()
    domains = v.domains.set_index("domain")
    assert domains.loc["oldsite0.net", "network_size"] == size
    assert domains.loc["oldsite3.net", "network"] == domains.loc["oldsite0.net", "network"]
    assert pd.isna(domains.loc["smallblog1.com", "network"])
    reasons = domains.loc["oldsite0.net", "reasons"]
    assert reasons.startswith(
        f"one of {size} referring domains sharing the same commercial anchor to the same page"
    )
    assert f"the same commercial anchor comes from {size} referring domains" in reasons
    assert "appeared within three weeks (a burst" in reasons
    assert "Domain Rating 25 with almost no search traffic" in reasons
    check_words(v.reasons)
    check_words(v.domains["reasons"])


def test_the_same_anchor_spread_over_years_is_no_network() -> None:
    rows = pbn_rows()
    for i, r in enumerate(rows):
        r["first_seen"] = f"{2016 + i}-06-01"
    v, _ = run(records(natural_rows() + rows), 0.3)
    assert v.domains["network"].isna().all()


def test_a_hard_signal_holds_a_link_at_medium_and_says_so() -> None:
    links = records([{"source_url": "https://quiet.example.org/a", "anchor": "BrightSmile Dental"}])
    f = build_features(links, site=SITE, topic=TOPIC)
    f["off_topic_category"] = 1.0
    v, _ = run(links, 0.01, features=f)
    assert v.risk[0] == BAND_FLOORS["medium"] and v.band[0] == "medium"
    assert words.FLOOR_NOTE in v.reasons[0]
    assert "site in a spam category" in v.reasons[0]


def test_a_url_only_score_without_hard_signal_is_held_below_high() -> None:
    links = records([{"source_url": "https://x1y2z3.example.top/"}])
    v, _ = run(links, 0.99, base_rate=0.1, host_only=np.array([True]))
    assert v.band[0] == "medium" and v.risk[0] == BAND_FLOORS["high"] - 1
    assert words.CAP_NOTE in v.reasons[0]


def test_the_export_spam_score_is_evidence() -> None:
    rows = natural_rows(4)
    rows[0]["spam_score"] = 85.0
    v, _ = run(records(rows), 0.3)
    assert v.risk[0] > v.risk[1]
    assert "the backlink tool rates it 85/100 spammy" in v.reasons[0]


def test_a_domain_whose_links_are_all_lost_is_kept_and_a_live_link_still_counts() -> None:
    rows = pbn_rows(4)
    links = records(rows)
    f = build_features(links, site=SITE, topic=TOPIC)
    f["lost"] = [1.0, 1.0, 1.0, 0.0]
    v, _ = run(links, 0.3, features=f)
    d = v.domains.set_index("domain")
    assert (d.loc[["oldsite0.net", "oldsite1.net", "oldsite2.net"], "suggestion"] == "keep").all()
    assert d.loc["oldsite0.net", "reasons"].startswith(words.ALL_GONE_NOTE)
    assert d.loc["oldsite3.net", "suggestion"] != "keep"
    assert words.LOST_NOTE in v.reasons[0]


def test_a_link_without_words_of_its_own_names_its_domains_link() -> None:
    rows = [
        {"source_url": "https://blog.example.com/a", "anchor": "BrightSmile Dental", "spam_score": 70.0},
        {"source_url": "https://blog.example.com/b", "anchor": "BrightSmile Dental"},
    ]
    v, _ = run(records(rows), 0.3)
    assert v.reasons[1].startswith("as for https://blog.example.com/a: ")
    assert v.domains.loc[0, "risk"] >= v.risk.max()


_SIGNAL_COLUMNS = ("spam_score", "off_topic_category", "off_topic_spam", "export_spam", "listed_seo_spam")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    n=st.integers(1, 14),
    seed=st.integers(0, 10_000),
    column=st.sampled_from(_SIGNAL_COLUMNS),
)
def test_invariants_band_follows_risk_domain_covers_links_and_evidence_never_lowers(
    n: int, seed: int, column: str
) -> None:
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        rows.append(
            {
                "source_url": f"https://site{rng.integers(0, 4)}.example.com/p{i}",
                "anchor": str(
                    rng.choice(["BrightSmile Dental", "emergency dentist chicago", "click here", "casino"])
                ),
                "target_url": f"https://{SITE}/" + str(rng.choice(["", "emergency-dentist-chicago"])),
                "first_seen": f"2025-0{rng.integers(1, 4)}-{rng.integers(1, 28):02d}",
                "spam_score": float(rng.integers(0, 100)) if rng.random() < 0.5 else np.nan,
            }
        )
    links = records(rows)
    base = build_features(links, site=SITE, topic=TOPIC)
    base["lost"] = (rng.random(n) < 0.2).astype(float)
    p = rng.random(n)
    host_only = rng.random(n) < 0.3
    v, _ = run(links, p, features=base, host_only=host_only)
    # band is a function of the risk shown
    assert (v.band == band_of(v.risk)).all()
    assert (v.domains["band"].to_numpy() == band_of(v.domains["risk"].to_numpy())).all()
    # a domain is at least as risky as each of its live links
    live = base["lost"].to_numpy() < 0.5
    worst = pd.Series(np.where(live, v.risk, -1)).groupby(v.domain).max()
    d = v.domains.set_index("domain")["risk"]
    assert (d.reindex(worst.index).to_numpy() >= worst.to_numpy()).all()
    check_words(v.reasons)
    check_words(v.domains["reasons"])
    # more evidence of spam never lowers a risk
    more = base.copy()
    rows_up = rng.random(n) < 0.5
    old = more[column].fillna(0).to_numpy() if column in more else np.zeros(n)
    more[column] = np.where(
        rows_up, np.maximum(old, 90.0 if column == "spam_score" else 2.0), more.get(column, np.nan)
    )
    v2, _ = run(links, p, features=more, host_only=host_only)
    assert (v2.risk >= v.risk).all()
    assert (v2.domains.set_index("domain")["risk"].reindex(d.index).to_numpy() >= d.to_numpy()).all()


@pytest.mark.parametrize("text", ["domain name contains {value:.0f} digits"])
def test_phrase_says_the_singular(text: str) -> None:
    from toxicity.model.explain import phrase

    assert phrase(text, 1.0) == "domain name contains 1 digit"
    assert phrase(text, 2.0) == "domain name contains 2 digits"


def test_readme_evidence_table_is_the_generated_one() -> None:
    from pathlib import Path

    from toxicity.verdict.evidence import SIGNALS, evidence_markdown

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    assert evidence_markdown() in readme, "regenerate the README's evidence table (see the comment above it)"
    assert all(f"`{s.code}`" in readme for s in SIGNALS)


def test_the_exports_page_type_marks_a_link_drop_page_its_url_does_not_show() -> None:
    """Ahrefs' ``Page type`` / ``Platform`` name forum posts and profiles whose URLs look ordinary."""
    rows = natural_rows(4)
    rows[0]["page_type"] = "Forum"
    rows[1]["platform"] = "Message boards"
    rows[2]["page_type"] = "Article"
    links = records(rows)
    f = build_features(links, site=SITE, topic=TOPIC)
    from toxicity.verdict.evidence import gather_evidence

    values = gather_evidence(links, f, np.arange(len(links))).values["link_drop_page"]
    assert values[0] == 2 and values[1] == 2
    assert not values[2] >= 2 and not values[3] >= 2
