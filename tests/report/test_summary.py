"""summarise() on a hand-worked six-link audit, burst rule, JSON round trip, and real features."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest

from toxicity.errors import InputFileError
from toxicity.report.summary import (
    BURST_MIN_LINKS,
    SUMMARY_VERSION,
    model_brief,
    read_summary,
    summarise,
    write_summary,
)

NOW = dt.datetime(2026, 3, 1, 12, 0, tzinfo=dt.timezone.utc)


def test_headline_and_histograms_are_the_hand_worked_counts(make_audit, card) -> None:
    audit, links = make_audit()
    s = summarise(audit, links, card=card, now=NOW)
    h = s["headline"]
    assert (h["links"], h["domains"]) == (6, 3)
    assert h["links_by_band"] == {"low": 3, "medium": 1, "high": 2}
    assert h["domains_by_band"] == {"low": 1, "medium": 1, "high": 1}
    assert h["suggestions"] == {"disavow": 1, "review": 1, "keep": 1}
    assert (h["dated_links"], h["first_seen_from"], h["first_seen_to"]) == (5, "2024-01-01", "2024-01-15")
    assert h["coverage"][0] == {"family": "anchor", "label": "anchor", "share": 1.0}
    assert s["generated"] == "2026-03-01T12:00:00+00:00"
    assert (s["site"], s["topic"]) == ("acme.com", "gardening")
    # Risk 90 -> bin 18, 80 -> 16 (high); 45 -> 9 (medium); 10 -> 2, 3 and 0 -> 0 (low).
    counts = s["risk"]["counts"]
    assert s["risk"]["bin_width"] == 5
    assert [i for i, v in enumerate(counts["high"]) if v] == [16, 18]
    assert [i for i, v in enumerate(counts["medium"]) if v] == [9]
    assert counts["low"][0] == 2 and counts["low"][2] == 1 and sum(counts["low"]) == 3
    # Distance = 1 - similarity: 0.95 -> bin 9 and 0.85 -> 8 (high), 0.5 -> 5 (medium), 0.05 and 0 -> 0 (low).
    td = s["topic_distance"]
    assert td["no_data"] == 1
    assert td["counts"]["high"] == [0, 0, 0, 0, 0, 0, 0, 0, 1, 1]
    assert td["counts"]["medium"] == [0, 0, 0, 0, 0, 1, 0, 0, 0, 0]
    assert td["counts"]["low"] == [2, 0, 0, 0, 0, 0, 0, 0, 0, 0]


def test_anchor_classes_against_the_natural_ranges(make_audit, card) -> None:
    audit, links = make_audit()
    a = summarise(audit, links, card=card)["anchor_classes"]
    by = {c["class"]: c for c in a["classes"]}
    assert a["links_with_anchor"] == 6
    assert (by["brand"]["links"], by["brand"]["share"], by["brand"]["status"]) == (3, 0.5, "within")
    assert (by["money_exact"]["share"], by["money_exact"]["status"]) == (pytest.approx(1 / 6), "above")
    assert (by["naked_url"]["share"], by["naked_url"]["status"]) == (0.0, "below")
    assert by["generic"]["status"] == "within"
    assert "Rule of thumb" in a["reference"]


def test_top_anchors_merge_case_and_spaces_and_count_referring_domains(make_audit, card) -> None:
    audit, links = make_audit()
    t = summarise(audit, links, card=card)["top_anchors"]
    assert t["domains_with_anchor"] == 3
    first = t["rows"][0]
    assert first == {"anchor": "acme", "class": "brand", "links": 3, "domains": 3, "domain_share": 1.0}
    others = {r["anchor"]: r for r in t["rows"][1:]}
    assert set(others) == {"cheap pills", "click here", "<script>document.title='pwned'</script>"}
    assert others["cheap pills"]["domain_share"] == pytest.approx(1 / 3)
    assert others["cheap pills"]["class"] == "money_exact"


def test_timeline_is_weekly_from_monday_with_undated_links_counted(make_audit, card) -> None:
    audit, links = make_audit()
    t = summarise(audit, links, card=card)["timeline"]
    assert t["unit"] == "week"
    assert t["periods"] == ["2024-01-01", "2024-01-08", "2024-01-15"]
    assert t["counts"] == {"low": [0, 0, 2], "medium": [0, 1, 0], "high": [2, 0, 0]}
    assert (t["undated"], t["median"], t["bursts"]) == (1, 2.0, [])


def test_tlds_count_links_and_domains(make_audit, card) -> None:
    audit, links = make_audit()
    rows = {r["tld"]: r for r in summarise(audit, links, card=card)["tlds"]["rows"]}
    assert rows["xyz"] == {"tld": "xyz", "links": 2, "domains": 1, "abuse_rate": 0.4}
    assert set(rows) == {"com", "xyz", "org"}


def _timeline_of(first_seen: pd.Series, make_audit, card) -> dict:
    audit, _ = make_audit()
    n = len(first_seen)
    audit.links = pd.DataFrame(
        {
            "source_domain": ["a.com"] * n,
            "anchor": pd.array([None] * n, dtype="string"),
            "risk": [0] * n,
            "band": ["low"] * n,
        }
    )
    audit.features = pd.DataFrame(index=range(n))
    return summarise(audit, pd.DataFrame({"first_seen": first_seen}), card=card)["timeline"]


def test_burst_rule_three_times_the_median_and_a_minimum_count(make_audit, card) -> None:
    # 20 weeks with 5 new links each; week 10 has 40 (a burst), week 15 has 14 (< 3 x median 5 = 15).
    weeks = {i: 5 for i in range(20)}
    weeks[10], weeks[15] = 40, 14
    start = pd.Timestamp("2024-01-01")
    dates = pd.Series([start + pd.Timedelta(weeks=w) for w, k in weeks.items() for _ in range(k)])
    t = _timeline_of(dates, make_audit, card)
    assert t["unit"] == "week" and len(t["periods"]) == 20
    assert t["median"] == 5.0
    assert t["bursts"] == [10]
    assert "3 times the median" in t["rule"]
    # A quiet profile: 3 links in one week against 1 elsewhere is below the minimum count.
    quiet = pd.Series([start] * 3 + [start + pd.Timedelta(weeks=1)])
    assert _timeline_of(quiet, make_audit, card)["bursts"] == [] and BURST_MIN_LINKS > 3


def test_long_profiles_are_drawn_per_month(make_audit, card) -> None:
    dates = pd.Series(pd.to_datetime(["2015-03-10", "2015-03-20", "2020-07-01"]))
    t = _timeline_of(dates, make_audit, card)
    assert t["unit"] == "month"
    assert t["periods"][0] == "2015-03-01" and t["periods"][-1] == "2020-07-01"
    assert t["counts"]["low"][0] == 2 and sum(t["counts"]["low"]) == 3


def test_model_brief_keeps_headline_metrics_and_simulated_list(card) -> None:
    brief = model_brief(card)
    names = {m["name"]: m["value"] for m in brief["metrics"]}
    assert names == {
        "cross_source / url_only / roc_auc": 0.71,
        "cross_source / url_only / pr_auc": 0.5,
        "ordinary_small_sites_fpr / url_only / fpr_medium": 0.05,
        "ordinary_small_sites_fpr / url_only / fpr_high": 0.01,
    }
    assert brief["simulated"] == card["simulated"]
    assert (brief["name"], brief["training_rows"], brief["features"]) == ("test-model", 1234, 2)


def test_summary_is_strict_json_and_round_trips(make_audit, card, tmp_path: Path) -> None:
    audit, links = make_audit()
    s = summarise(audit, links, card=card, now=NOW)
    json.dumps(s, allow_nan=False)
    path = write_summary(s, tmp_path / "summary.json")
    assert read_summary(path) == s
    assert not list(tmp_path.glob(".*.tmp"))


def test_read_summary_says_what_is_wrong(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="no such file; run 'toxicity score"):
        read_summary(tmp_path / "summary.json")
    bad = tmp_path / "old.json"
    bad.write_text(json.dumps({"version": SUMMARY_VERSION + 1}), encoding="utf-8")
    with pytest.raises(InputFileError) as info:
        read_summary(bad)
    assert str(info.value) == (
        f"{bad}: summary format {SUMMARY_VERSION + 1} is not the format this version draws "
        f"({SUMMARY_VERSION}); re-run 'toxicity score' to rebuild it"
    )
    broken = tmp_path / "broken.json"
    broken.write_text("{", encoding="utf-8")
    with pytest.raises(InputFileError, match="not a valid summary"):
        read_summary(broken)


def test_links_must_match_the_audit(make_audit, card) -> None:
    audit, links = make_audit()
    with pytest.raises(ValueError, match="links has 5 rows but the audit scored 6"):
        summarise(audit, links.iloc[:5], card=card)


def test_summary_on_real_feature_columns(card) -> None:
    """The summary reads the columns build_features really produces (names kept in sync)."""
    from toxicity.audit import Audit
    from toxicity.features import build_features, infer_profile
    from toxicity.schema import conform

    raw = pd.DataFrame(
        {
            "source_url": [
                "http://garden-news.com/a",
                "http://casino-bonus.xyz/b",
                "http://blog.example.org/c",
            ],
            "source_host": ["garden-news.com", "casino-bonus.xyz", "blog.example.org"],
            "source_domain": ["garden-news.com", "casino-bonus.xyz", "example.org"],
            "target_url": ["https://acme.com/"] * 3,
            "anchor": ["Acme", "best casino bonus", "https://acme.com"],
            "first_seen": ["2024-01-01", "2024-02-01", None],
        }
    )
    links = conform(raw)
    profile = infer_profile(links, site="acme.com", topic="home gardening")
    features = build_features(links, profile=profile)
    scored = pd.DataFrame(
        {
            "source_domain": links["source_domain"],
            "anchor": links["anchor"],
            "risk": [5, 90, 20],
            "band": ["low", "high", "low"],
        }
    )
    domains = pd.DataFrame(
        {
            "domain": ["casino-bonus.xyz", "example.org", "garden-news.com"],
            "links": [1, 1, 1],
            "risk": [90, 20, 5],
            "band": ["high", "low", "low"],
            "suggestion": ["disavow", "keep", "keep"],
            "reasons": ["x", "y", "z"],
        }
    )
    audit = Audit(
        links=scored,
        domains=domains,
        features=features,
        profile=profile.to_dict(),
        model_name="m",
        model_path="",
        thresholds={"medium": 40.0, "high": 70.0},
        coverage={"anchor": 1.0},
        host_only=False,
        explained=0,
    )
    s = summarise(audit, links, card=card)
    by = {c["class"]: c["links"] for c in s["anchor_classes"]["classes"]}
    assert by["brand"] >= 1
    assert s["anchor_classes"]["links_with_anchor"] == 3
    assert s["topic_distance"]["no_data"] < 3
    assert {r["tld"] for r in s["tlds"]["rows"]} == {"com", "xyz", "org"}


# -- a hand-edited summary.json (issue 11, finding 8) ------------------------------------------------


def _edited(make_audit, card, tmp_path: Path, edit) -> Path:  # type: ignore[no-untyped-def]
    """summary.json of the six-link audit after ``edit(summary)`` (which may return a replacement)."""
    audit, links = make_audit()
    summary = summarise(audit, links, card=card, now=NOW)
    replaced = edit(summary)
    path = tmp_path / "summary.json"
    path.write_text(json.dumps(summary if replaced is None else replaced, allow_nan=True), encoding="utf-8")
    return path


def _set(keys: str, value: object):  # type: ignore[no-untyped-def]
    def edit(summary: dict) -> None:
        *parents, last = keys.split(".")
        node = summary
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        if value is _DELETE:
            del node[last]
        elif isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value

    return edit


_DELETE = object()

HAND_EDITS = [
    ("headline", _set("headline", _DELETE), "'headline' is missing"),
    ("headline.links", _set("headline.links", "six"), "'headline.links' must be a whole number"),
    ("headline.links_by_band.high", _set("headline.links_by_band.high", -1), "'headline.links_by_band.high'"),
    (
        "headline.links_by_band",
        _set("headline.links_by_band", [1, 2, 3]),
        "'headline.links_by_band' must be an object",
    ),
    ("headline.coverage", _set("headline.coverage.0.share", 1.5), "'headline.coverage[0].share'"),
    ("thresholds", _set("thresholds.medium", "forty"), "'thresholds.medium'"),
    ("risk.counts", _set("risk.counts.low", [1, 2]), "'risk.counts'"),
    ("risk.bin_width", _set("risk.bin_width", 0), "'risk.bin_width'"),
    (
        "anchor_classes",
        _set("anchor_classes.classes.0.status", "sideways"),
        "'anchor_classes.classes[0].status'",
    ),
    ("top_anchors", _set("top_anchors.rows.0.anchor", None), "'top_anchors.rows[0].anchor'"),
    ("timeline.periods", _set("timeline.periods.0", "last week"), "'timeline.periods[0]'"),
    ("timeline.counts", _set("timeline.counts.high", [2]), "'timeline.counts.high'"),
    ("timeline.bursts", _set("timeline.bursts", [7]), "'timeline.bursts'"),
    ("tlds", _set("tlds.rows.0.links", {"n": 2}), "'tlds.rows[0].links'"),
    ("topic_distance", _set("topic_distance.bins", 3), "'topic_distance.counts.low'"),
    ("riskiest_domains", _set("riskiest_domains.0.risk", "high"), "'riskiest_domains[0].risk'"),
    ("model", _set("model", "default"), "'model' must be an object"),
    (
        "model.metrics",
        _set("model.metrics", [{"name": "roc_auc", "value": "0.7"}]),
        "'model.metrics[0].value'",
    ),
    ("nan", _set("thresholds.high", float("nan")), "NaN"),
]


@pytest.mark.parametrize("edit, expected", [pytest.param(e, m, id=i) for i, e, m in HAND_EDITS])
def test_read_summary_names_the_hand_edited_field(make_audit, card, tmp_path: Path, edit, expected) -> None:
    path = _edited(make_audit, card, tmp_path, edit)
    with pytest.raises(InputFileError) as info:
        read_summary(path)
    message = str(info.value)
    assert message.startswith(f"{path}: ") and expected in message
    assert message.endswith("re-run 'toxicity score' to rebuild it")


@pytest.mark.parametrize("top", [[1, 2, 3], "summary", 7, None])
def test_read_summary_refuses_a_summary_that_is_not_an_object(tmp_path: Path, top: object) -> None:
    path = tmp_path / "summary.json"
    path.write_text(json.dumps(top), encoding="utf-8")
    with pytest.raises(InputFileError, match="not a summary object.*re-run 'toxicity score' to rebuild it"):
        read_summary(path)


def test_read_summary_accepts_what_summarise_writes_for_empty_and_full_audits(
    make_audit, card, tmp_path
) -> None:
    # Edge shapes summarise writes: no dated links, no anchors, 'other' TLDs, riskiest with missing values.
    path = _edited(make_audit, card, tmp_path, lambda s: None)
    assert read_summary(path)["headline"]["links"] == 6
    empty_timeline = {
        "unit": None,
        "periods": [],
        "counts": {"low": [], "medium": [], "high": []},
        "bursts": [],
        "median": None,
        "rule": None,
        "undated": 6,
        "before": 0,
    }
    path = _edited(make_audit, card, tmp_path, _set("timeline", empty_timeline))
    assert read_summary(path)["timeline"]["unit"] is None
    path = _edited(make_audit, card, tmp_path, _set("tlds.other", {"tlds": 3, "links": 4, "domains": 3}))
    assert read_summary(path)["tlds"]["other"]["tlds"] == 3


# -- what was read: the "reading" block (issue 12) ---------------------------------------------------------

READING = {
    "exports": [
        {
            "name": "ahrefs.csv",
            "format": "ahrefs",
            "encoding": "utf-8",
            "rows_read": 7,
            "records": 5,
            "skipped": {"unparseable URL": 1, "truncated row": 1},
        },
        {
            "name": "gsc.csv",
            "format": "gsc-links",
            "encoding": "utf-8-sig",
            "rows_read": 2,
            "records": 2,
            "skipped": {},
        },
    ],
    "rows_read": 9,
    "records": 6,
    "duplicates_removed": 1,
    "skipped": {"unparseable URL": 1, "truncated row": 1},
    "flagged": {"unusual host": 2},
    "examples": {
        "unparseable URL": "http://sp ace.example/",
        "truncated row": "https://b.example/",
        "unusual host": "zh-.2hanx2.example",
    },
}


def test_reading_block_is_kept_and_round_trips(make_audit, card, tmp_path: Path) -> None:
    audit, links = make_audit()
    summary = summarise(audit, links, card=card, now=NOW, reading=READING)
    assert summary["reading"] == READING
    path = write_summary(summary, tmp_path / "summary.json")
    assert read_summary(path)["reading"] == READING
    assert summarise(audit, links, card=card, now=NOW)["reading"] is None


def test_reading_block_from_a_real_read(make_audit, card, tmp_path: Path) -> None:
    from toxicity.io import read_export

    export = tmp_path / "links.csv"
    export.write_text("Linking page\nhttps://a.example.com/\n::bad::\n", encoding="utf-8")
    audit, links = make_audit()
    block = read_export(export).reading()
    summary = summarise(audit, links, card=card, reading=block)
    assert summary["reading"]["exports"][0]["name"] == str(export)
    assert summary["reading"]["skipped"] == {"unparseable URL": 1}
    read_summary(write_summary(summary, tmp_path / "summary.json"))


def test_a_summary_from_before_the_reading_block_still_reads(make_audit, card, tmp_path: Path) -> None:
    path = _edited(make_audit, card, tmp_path, _set("reading", _DELETE))
    assert "reading" not in read_summary(path)


@pytest.mark.parametrize(
    "edit, expected",
    [
        (_set("reading", READING | {"rows_read": -1}), "'reading.rows_read' must be a whole number"),
        (_set("reading", READING | {"skipped": {"empty URL": "three"}}), "'reading.skipped.empty URL'"),
        (_set("reading", READING | {"examples": {"x": 3}}), "'reading.examples.x' must be a text"),
        (_set("reading", READING | {"exports": [{"name": "a"}]}), "'reading.exports[0].format' is missing"),
        (_set("reading", "ahrefs.csv"), "'reading' must be an object"),
    ],
)
def test_read_summary_names_a_hand_edited_reading_field(
    make_audit, card, tmp_path: Path, edit, expected
) -> None:
    path = _edited(make_audit, card, tmp_path, edit)
    with pytest.raises(InputFileError) as info:
        read_summary(path)
    assert expected in str(info.value)


def _pattern_summary(bursts: list[int], high: list[int], total: list[int], classes: list[dict]) -> dict:
    n = len(total)
    low = [t - h for t, h in zip(total, high)]
    return {
        "anchor_classes": {"classes": classes},
        "timeline": {
            "unit": "month",
            "periods": [f"2025-{i + 1:02d}-01" for i in range(n)],
            "counts": {"low": low, "medium": [0] * n, "high": high},
            "bursts": bursts,
        },
    }


def test_find_patterns_counts_disavows_reasons_networks_anchors_and_bursts() -> None:
    from toxicity.report.summary import PATTERN_MEMBERS, find_patterns

    members = [f"n{i}.xyz" for i in range(10)]
    domains = pd.DataFrame(
        {
            "domain": [*members, "ok.org", "maybe.net"],
            "links": [2] * 10 + [5, 1],
            "risk": list(range(90, 100))[::-1] + [3, 50],
            "suggestion": ["disavow"] * 10 + ["keep", "review"],
            "reasons": ["network; spam word; in its favour: traffic"] * 9 + ["network", "", "odd"],
            "network": [7] * 10 + [pd.NA, pd.NA],
        }
    )
    classes = [
        {"label": "Exact-match keyword", "share": 0.4, "natural_high": 0.05, "status": "above"},
        {"label": "Other", "share": 0.5, "natural_high": 0.3, "status": "above"},  # not a keyword class
        {"label": "Brand", "share": 0.1, "natural_high": 0.6, "status": "below"},
    ]
    p = find_patterns(_pattern_summary([1, 2], [0, 9, 12, 1], [4, 12, 14, 4], classes), domains)
    assert p["disavow"] == {"domains": 10, "links": 20} and p["review"] == {"domains": 1}
    assert p["reasons"] == [("network", 10), ("spam word", 9)]  # "in its favour" is no reason to disavow
    assert p["networks"] == [
        {"id": 7, "domains": 10, "links": 20, "members": members[:PATTERN_MEMBERS], "traits": []}
    ]  # "network" is not the network signal's wording, so no trait is read from it
    assert p["anchors"] == [{"label": "Exact-match keyword", "share": 0.4, "natural_high": 0.05}]
    assert p["bursts"] == {"unit": "month", "periods": 2, "links": 26, "high_links": 21}


def test_find_patterns_on_a_clean_profile_without_network_columns() -> None:
    from toxicity.report.summary import find_patterns

    domains = pd.DataFrame(
        {"domain": ["a.org"], "links": [1], "risk": [2], "suggestion": ["keep"], "reasons": [""]}
    )
    p = find_patterns(_pattern_summary([], [0], [3], []), domains)
    assert p["disavow"] == {"domains": 0, "links": 0}
    assert p["reasons"] == [] and p["networks"] == [] and p["anchors"] == [] and p["bursts"] is None
