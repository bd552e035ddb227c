"""Time the HTML report at 1,000,000 links: ``summarise`` + ``render_report``, and the file size.

Usage::

    python benchmarks/bench_report.py [--rows 1000000] [--domains 80000] [--out /tmp/bench_report]

The input is a synthetic :class:`toxicity.audit.Audit` built directly (risk, bands, anchors,
dates, the feature columns the summary reads), so the benchmark measures the report alone, not
the features or the model. Prints the seconds per step and the size of report.html and
summary.json. Target on a 2-core machine: summary + render within a few seconds, report under 5 MB.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import pandas as pd

from toxicity.audit import Audit
from toxicity.features.anchor import ANCHOR_CLASSES
from toxicity.report.html import render_report
from toxicity.report.summary import summarise, write_summary

_TLDS = np.array(
    ["com", "net", "org", "info", "xyz", "top", "ru", "de", "fr", "co.uk", "blogspot.com", "online"]
)
_WORDS = np.array(
    [
        "best",
        "cheap",
        "casino",
        "loans",
        "garden",
        "roses",
        "tomato",
        "recipe",
        "travel",
        "hotel",
        "news",
        "seo",
        "links",
        "free",
    ]
)
_CARD = {
    "name": "synthetic",
    "created": "2026-01-01",
    "thresholds": {"medium": 40.0, "high": 70.0},
    "feature_names": ["label_length"],
    "metrics": {"cross_source": {"url_only": {"roc_auc": 0.71, "pr_auc": 0.52}}},
    "simulated": ["anchors"],
}


def make_audit(rows: int, domains: int, seed: int = 0) -> tuple[Audit, pd.DataFrame]:
    """A synthetic audit of ``rows`` links from ``domains`` referring domains, and its link records."""
    rng = np.random.default_rng(seed)
    tld_idx = rng.integers(0, len(_TLDS), domains)
    names = np.array([f"{rng.choice(_WORDS)}{i}.{_TLDS[t]}" for i, t in enumerate(tld_idx)], dtype=object)
    dom_idx = np.minimum(rng.zipf(1.4, rows) - 1, domains - 1)
    dom_idx = np.where(rng.random(rows) < 0.5, rng.integers(0, domains, rows), dom_idx)
    risk = np.clip(rng.beta(1.5, 5, rows) * 100 + (dom_idx % 17 == 0) * 50, 0, 100).astype(int)
    band = np.where(risk >= 70, "high", np.where(risk >= 40, "medium", "low")).astype(object)
    anchor_pool = np.array(
        [f"{a} {b}" for a in _WORDS for b in _WORDS] + ["", "click here", "example.com"], dtype=object
    )
    anchors = anchor_pool[np.minimum(rng.zipf(1.2, rows) - 1, len(anchor_pool) - 1)]
    start = np.datetime64("2023-01-01")
    days = rng.integers(0, 900, rows)
    days[rng.random(rows) < 0.08] = 500  # a burst
    first_seen = pd.Series(start + days.astype("timedelta64[D]")).astype("datetime64[ns]")
    first_seen[rng.random(rows) < 0.02] = pd.NaT
    source_domain = names[dom_idx]
    scored = pd.DataFrame(
        {
            "source_url": "https://" + pd.Series(source_domain) + "/page",
            "source_domain": source_domain,
            "target_url": "https://example.com/",
            "anchor": pd.array(anchors, dtype="string"),
            "risk": risk,
            "band": band,
            "reasons": "synthetic reason",
            "confidence": 60,
            "coverage": "url, anchor",
        }
    )
    cls = rng.integers(0, len(ANCHOR_CLASSES), rows)
    features = pd.DataFrame({f"anchor_{c}": (cls == i).astype(float) for i, c in enumerate(ANCHOR_CLASSES)})
    features["topic_similarity"] = np.where(rng.random(rows) < 0.1, np.nan, rng.random(rows))
    features["tld_abuse_rate"] = (rng.random(len(_TLDS)) * 0.4)[tld_idx][dom_idx]
    grouped = scored.groupby("source_domain", sort=False)
    table = pd.DataFrame(
        {
            "domain": grouped["risk"].max().index,
            "links": grouped.size().to_numpy(),
            "risk": grouped["risk"].max().to_numpy(),
        }
    )
    table["band"] = np.where(table["risk"] >= 70, "high", np.where(table["risk"] >= 40, "medium", "low"))
    table["suggestion"] = table["band"].map({"high": "disavow", "medium": "review", "low": "keep"})
    table["reasons"] = "off-topic page; exact-match keyword anchor"
    table["confidence"] = 60
    table["coverage"] = "url, anchor"
    table["first_seen"] = "2023-01-01"
    table["last_seen"] = "2025-06-01"
    table["top_anchor"] = "cheap casino"
    table["example_url"] = "https://" + table["domain"] + "/page"
    table = table.sort_values(["risk", "links"], ascending=False).reset_index(drop=True)
    audit = Audit(
        links=scored,
        domains=table,
        features=features,
        profile={"site": "example.com", "topic": "gardening"},
        model_name="synthetic",
        model_path="",
        thresholds={"medium": 40.0, "high": 70.0},
        coverage={"anchor": 1.0, "dates": 0.98, "topic": 0.9},
        host_only=False,
        explained=0,
    )
    links = pd.DataFrame({"first_seen": first_seen, "last_seen": first_seen})
    return audit, links


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--domains", type=int, default=80_000)
    parser.add_argument("--out", type=Path, default=Path("/tmp/bench_report"))
    args = parser.parse_args()
    t = time.perf_counter()
    audit, links = make_audit(args.rows, args.domains)
    print(f"generate: {time.perf_counter() - t:.1f} s ({args.rows:,} links, {len(audit.domains):,} domains)")
    args.out.mkdir(parents=True, exist_ok=True)
    t = time.perf_counter()
    summary = summarise(audit, links, card=_CARD)
    t_summary = time.perf_counter() - t
    t = time.perf_counter()
    page = render_report(summary, audit.domains, links=audit.links)
    t_render = time.perf_counter() - t
    (args.out / "report.html").write_text(page, encoding="utf-8")
    write_summary(summary, args.out / "summary.json")
    print(f"summarise: {t_summary:.2f} s")
    print(f"render:    {t_render:.2f} s")
    print(
        f"report.html: {(args.out / 'report.html').stat().st_size / 1e6:.2f} MB; "
        f"summary.json: {(args.out / 'summary.json').stat().st_size / 1e3:.0f} kB"
    )


if __name__ == "__main__":
    main()
