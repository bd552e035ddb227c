"""End-to-end benchmark of ``toxicity score``: read, features, predict, reasons, roll-up, write.

Generates a 1,000,000-link Ahrefs-shaped export (UTF-8 CSV; the link records of
``bench_features.make_links`` written under the Ahrefs header names), then runs the same library
calls as the ``score`` command in this process and prints the seconds of every step and the peak
resident memory. Target on a 2-core machine: under 30 s and under 3 GB peak.

Usage::

    python benchmarks/bench_score.py [--rows 1000000] [--hosts 80000] [--model PATH] [--no-xlsx]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_features import make_links

from toxicity.io import list_formats


def write_ahrefs_csv(path: Path, rows: int, hosts: int) -> None:
    """Write generated link records as an Ahrefs UTF-8 CSV export (first header name per field)."""
    links = make_links(rows, hosts)
    spec = next(f for f in list_formats() if f.name == "ahrefs")
    out = links[[c for c in spec.columns if c in links.columns]].rename(
        columns={c: names[0] for c, names in spec.columns.items()}
    )
    for col in ("Nofollow", "UGC", "Sponsored"):
        out[col] = out[col].map({True: "true", False: "false"})
    out.to_csv(path, index=False)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--hosts", type=int, default=80_000)
    ap.add_argument("--model", help="model folder (default: the shipped model)")
    ap.add_argument("--no-xlsx", action="store_true", help="skip review.xlsx")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        export = folder / "ahrefs.csv"
        t = time.perf_counter()
        write_ahrefs_csv(export, args.rows, args.hosts)
        print(f"generated {export.stat().st_size / 2**20:.0f} MiB export in {time.perf_counter() - t:.1f} s (not timed below)")

        from toxicity.audit import score_links
        from toxicity.io import read_exports
        from toxicity.report.tables import write_csv
        from toxicity.review import apply_decisions, write_review

        steps: dict[str, float] = {}
        start = time.perf_counter()
        result = read_exports([export])
        steps["read"] = time.perf_counter() - start
        audit = score_links(result.links, model=args.model, site="acmegarden.com", topic="garden roses compost")
        steps.update(audit.timings)
        t = time.perf_counter()
        write_csv(audit.links, folder / "links.csv")
        steps["links.csv"] = time.perf_counter() - t
        t = time.perf_counter()
        write_csv(audit.domains, folder / "domains.csv")
        review, _ = apply_decisions(audit.domains)
        write_review(review, folder / "review.csv", None)
        steps["domains+review.csv"] = time.perf_counter() - t
        if not args.no_xlsx:
            t = time.perf_counter()
            write_review(review, None, folder / "review.xlsx")
            steps["review.xlsx"] = time.perf_counter() - t
        total = time.perf_counter() - start
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"links {len(audit.links):,}, domains {len(audit.domains):,}, explained rows {audit.explained:,}")
    for name, seconds in steps.items():
        print(f"  {name:<18} {seconds:6.1f} s")
    print(f"total {total:.1f} s, peak RSS {peak:,.0f} MiB")


if __name__ == "__main__":
    main()
