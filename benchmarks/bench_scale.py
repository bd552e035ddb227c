"""How ``toxicity score`` grows with the export: time and peak memory at several sizes.

Runs ``bench_score.py`` once per size, each in a fresh process (so every peak is that run's own),
and prints one line per size with the time, the peak resident memory, and both as ratios to the
smallest size. Memory that does not grow with the export shows as a peak ratio near 1.

Usage::

    python benchmarks/bench_scale.py [--rows 1000000 4000000] [--hosts-per-million 80000]
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run(rows: int, hosts: int) -> tuple[float, float, str]:
    """One bench_score run: (seconds, peak MiB, its whole output)."""
    out = subprocess.run(
        [sys.executable, str(HERE / "bench_score.py"), "--rows", str(rows), "--hosts", str(hosts)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    m = re.search(r"total ([\d.]+) s, peak RSS ([\d,]+) MiB", out)
    if not m:
        raise SystemExit(f"bench_score.py printed no total:\n{out}")
    return float(m.group(1)), float(m.group(2).replace(",", "")), out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, nargs="+", default=[1_000_000, 4_000_000])
    ap.add_argument(
        "--hosts-per-million", type=int, default=80_000, help="distinct linking hosts per million links"
    )
    ap.add_argument("--steps", action="store_true", help="also print each run's steps")
    args = ap.parse_args()

    first: tuple[float, float] | None = None
    for rows in sorted(args.rows):
        hosts = max(1_000, args.hosts_per_million * rows // 1_000_000)
        seconds, peak, out = run(rows, hosts)
        first = first or (seconds, peak)
        print(
            f"{rows:>11,} links: {seconds:7.1f} s, peak {peak:8,.0f} MiB"
            f"   (x{seconds / first[0]:.2f} time, x{peak / first[1]:.2f} peak of the smallest)",
            flush=True,
        )
        if args.steps:
            print("\n".join("    " + line for line in out.splitlines() if line.startswith("  ")))


if __name__ == "__main__":
    main()
