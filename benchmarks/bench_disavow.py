"""Time the review-sheet and disavow steps at audit scale.

Writes and reads back a review sheet of N referring domains (CSV and XLSX), then builds a disavow file
from those decisions merged into an existing file near Google's 100,000-line limit, validates it and
writes it. Synthetic data, made here; nothing is read from outside.

Usage: python benchmarks/bench_disavow.py [--domains 80000] [--existing 60000]
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from toxicity.disavow import build_disavow, parse_disavow, validate_disavow, write_disavow
from toxicity.review import read_reviews, write_review


def _table(n: int, rng: np.random.Generator) -> pd.DataFrame:
    risk = rng.uniform(0, 100, n).round(1)
    return pd.DataFrame(
        {
            "domain": [f"site{i}.example-{i % 97}.com" for i in range(n)],
            "links": rng.integers(1, 500, n),
            "risk": risk,
            "band": np.where(risk > 70, "high", np.where(risk > 40, "medium", "low")),
            "suggestion": np.where(risk > 70, "disavow", np.where(risk > 40, "review", "keep")),
            "decision": np.where(risk > 80, "disavow", ""),
            "reasons": "exact-match money anchor used by 38% of referring domains; gambling site, off-topic",
            "confidence": rng.uniform(0, 1, n).round(2),
            "coverage": "host, anchors, metrics",
            "first_seen": "2025-01-02",
            "last_seen": "2026-09-01",
            "top_anchor": np.where(rng.uniform(size=n) < 0.05, '=HYPERLINK("x")', "best casino bonus"),
            "example_url": [f"http://site{i}.example-{i % 97}.com/page/{i}" for i in range(n)],
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--domains", type=int, default=80_000)
    parser.add_argument("--existing", type=int, default=60_000)
    args = parser.parse_args()
    rng = np.random.default_rng(0)
    table = _table(args.domains, rng)
    timings: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        t = time.perf_counter()
        write_review(table, d / "review.csv", None)
        timings["write review.csv"] = time.perf_counter() - t
        t = time.perf_counter()
        write_review(table, None, d / "review.xlsx")
        timings["write review.xlsx"] = time.perf_counter() - t
        t = time.perf_counter()
        decisions = read_reviews([d / "review.csv"])
        timings["read review.csv"] = time.perf_counter() - t
        t = time.perf_counter()
        read_reviews([d / "review.xlsx"])
        timings["read review.xlsx"] = time.perf_counter() - t
        existing_text = "".join(
            f"domain:old{i}.net\n" if i % 2 else f"http://old{i}.org/p/{i}\n" for i in range(args.existing)
        )
        t = time.perf_counter()
        existing = parse_disavow(existing_text.encode())
        result = build_disavow(decisions, existing=existing)
        timings["parse existing + build"] = time.perf_counter() - t
        t = time.perf_counter()
        problems = validate_disavow(parse_disavow(result.text.encode()))
        timings["validate result"] = time.perf_counter() - t
        t = time.perf_counter()
        write_disavow(result, d / "disavow.txt")
        timings["write disavow.txt (validates again)"] = time.perf_counter() - t
    print(
        f"{args.domains:,} domains, {args.existing:,} existing lines -> {len(result.lines):,} lines "
        f"({result.added:,} added), {sum(p.severity == 'error' for p in problems)} errors"
    )
    for step, seconds in timings.items():
        print(f"  {step:40s} {seconds:6.2f} s")
    print(f"  peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
