"""Measure the scoring on simulated backlink profiles whose truth is known per referring domain.

Simulates ``--profiles`` profiles (niches in turn: dental clinic, plumbing services, bakery, law firm,
online casino, travel blog; seeds ``--seed``, ``--seed + 1`` ...) with \
:func:`toxicity.model.profiles.simulate_profile`,
scores each with the public entry point :func:`toxicity.audit.score_links`, joins the domain roll-up to
the truth and prints, per pattern over all profiles:

* ``domains``: referring domains of the pattern;
* ``flagged``: share whose band is medium or high; ``high``: share whose band is high;
  ``disavow``: share suggested for disavow;
* the 3 most common reason phrases of the pattern's domains (numbers written ``#``), with the share
  of the pattern's domains that carry each;
* for natural domains: share flagged, number high, and the median risk of natural *links*.

A measurement, not a test: it asserts nothing. Run from the repository root::

    python tools/scenarios.py --profiles 6 --seed 0
    python tools/scenarios.py --profiles 12 --seed 100 --out /tmp/scenarios   # also writes the files

``--out DIR`` writes, per profile, the Ahrefs export (``NN_<site>_ahrefs.tsv``, readable by
``toxicity score``) and the domain roll-up joined to the truth (``NN_<site>_domains.csv``).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd

from toxicity.audit import score_links
from toxicity.model.profiles import EXAMPLE_SITES, PATTERNS, simulate_profile, write_ahrefs_export

FLAGGED = ("medium", "high")


def _phrases(reasons: pd.Series) -> list[set[str]]:
    """The distinct reason phrases of each domain, numbers normalised to ``#``."""
    out = []
    for text in reasons.fillna("").astype(str):
        parts = {re.sub(r"\d+(?:[.,]\d+)*", "#", p.strip()) for p in text.split(";")}
        out.append({p for p in parts if p})
    return out


def _top_phrases(phrase_sets: list[set[str]], k: int = 3) -> list[tuple[str, float]]:
    counts: Counter[str] = Counter()
    for s in phrase_sets:
        counts.update(s)
    n = max(len(phrase_sets), 1)
    return [(p, c / n) for p, c in counts.most_common(k)]


def run_one(
    index: int, topic: str, seed: int, out: Path | None, model: str | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Simulate, score and join one profile: (domains joined to truth, natural links with risk)."""
    site = EXAMPLE_SITES[topic]
    t0 = time.perf_counter()
    profile = simulate_profile(site=site, topic=topic, seed=seed)
    t1 = time.perf_counter()
    audit = score_links(profile.links, site=profile.site, topic=topic, model=model)
    t2 = time.perf_counter()
    domains = audit.domains.merge(profile.truth, on="domain", how="right", suffixes=("", "_truth"))
    missing = int(domains["band"].isna().sum())
    domains["profile"] = index
    domains["topic"] = topic
    links = audit.links.assign(
        pattern=profile.links["source_domain"].map(profile.truth.set_index("domain")["pattern"])
    )
    natural_links = links[links["pattern"] == "natural"][["risk", "band"]].assign(profile=index)
    counts = profile.truth["pattern"].value_counts()
    print(
        f"profile {index:2d}: {site} ({topic}, seed {seed}, export {profile.export_date.date()}): "
        f"{len(profile.links):,} links, {len(profile.truth):,} domains "
        f"({', '.join(f'{p} {int(counts.get(p, 0))}' for p in PATTERNS)}); "
        f"simulated {t1 - t0:.1f}s, scored {t2 - t1:.1f}s"
        + (f"; {missing} truth domains missing from the roll-up" if missing else ""),
        flush=True,
    )
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        stem = f"{index:02d}_{site}"
        write_ahrefs_export(profile, out / f"{stem}_ahrefs.tsv")
        domains.to_csv(out / f"{stem}_domains.csv", index=False)
    return domains, natural_links


def report(domains: pd.DataFrame, natural_links: pd.DataFrame) -> None:
    """Print the per-pattern figures over all profiles."""
    print()
    print(
        f"{'pattern':<14} {'domains':>7} {'flagged':>8} {'high':>6} {'disavow':>8}   "
        "top reasons (share of the pattern's domains)"
    )
    for pattern in PATTERNS:
        d = domains[domains["pattern"] == pattern]
        if d.empty:
            continue
        flagged = d["band"].isin(FLAGGED).mean()
        high = (d["band"] == "high").mean()
        disavow = (d["suggestion"] == "disavow").mean() if "suggestion" in d else float("nan")
        print(f"{pattern:<14} {len(d):>7} {flagged:>8.1%} {high:>6.1%} {disavow:>8.1%}")
        for phrase, share in _top_phrases(_phrases(d["reasons"])):
            print(f"{'':<48}{share:>5.0%}  {phrase[:110]}")
    nat = domains[domains["pattern"] == "natural"]
    print()
    print(
        f"natural: {len(nat)} domains, flagged {nat['band'].isin(FLAGGED).mean():.1%}, "
        f"high {int((nat['band'] == 'high').sum())}, "
        "median natural link risk "
        f"{np.median(natural_links['risk']) if len(natural_links) else float('nan'):.0f}"
        f" (p90 {np.percentile(natural_links['risk'], 90) if len(natural_links) else float('nan'):.0f})"
    )
    print()
    print("share flagged (medium or high) by pattern and niche:")
    table = (
        domains.assign(flagged=domains["band"].isin(FLAGGED))
        .pivot_table(index="pattern", columns="topic", values="flagged", aggfunc="mean")
        .reindex([p for p in PATTERNS if p in set(domains["pattern"])])
    )
    print(table.map(lambda v: "" if pd.isna(v) else f"{v:.0%}").to_string())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--profiles", type=int, default=6, help="number of profiles to simulate (default 6)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the first profile (default 0)")
    parser.add_argument(
        "--out", type=Path, default=None, help="write each profile's export and joined roll-up here"
    )
    parser.add_argument(
        "--model", default=None, help="model folder to score with (default: the shipped model)"
    )
    args = parser.parse_args(argv)
    if args.profiles < 1:
        parser.error("--profiles must be at least 1")
    topics = list(EXAMPLE_SITES)
    all_domains, all_natural = [], []
    for i in range(args.profiles):
        d, n = run_one(i, topics[i % len(topics)], args.seed + i, args.out, args.model)
        all_domains.append(d)
        all_natural.append(n)
    report(pd.concat(all_domains, ignore_index=True), pd.concat(all_natural, ignore_index=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
