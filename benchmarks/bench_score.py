"""End-to-end benchmark of ``toxicity score``: read, features, predict, reasons, roll-up, write.

Generates a 1,000,000-link Ahrefs-shaped export (UTF-8 CSV; the link records of
``bench_features.make_links`` written under the Ahrefs header names), then runs the audit as
``toxicity score`` does (:func:`toxicity.engine.run_audit`: every output file and the report, plots
off unless ``--plots``) in this process, and prints the seconds and share of every step and the
peak resident memory.

Usage::

    python benchmarks/bench_score.py [--rows 1000000] [--hosts 80000] [--model PATH] [--plots]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import threading
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


class StepPeaks:
    """Highest resident memory seen during each step, sampled every 20 ms by a background thread."""

    def __init__(self) -> None:
        self.step = "start"
        self.peaks: dict[str, int] = {}
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._done.set()
        self._thread.join()

    def _sample(self) -> None:
        page = resource.getpagesize()
        try:
            with open("/proc/self/statm") as statm:  # Linux; elsewhere the per-step column is left out
                while not self._done.wait(0.02):
                    statm.seek(0)
                    rss = int(statm.read().split()[1]) * page
                    self.peaks[self.step] = max(self.peaks.get(self.step, 0), rss)
        except OSError:
            return


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--hosts", type=int, default=80_000)
    ap.add_argument("--model", help="model folder (default: the shipped model)")
    ap.add_argument("--plots", action="store_true", help="also draw the PNG plots (off by default)")
    args = ap.parse_args()

    from toxicity.engine import AuditJob, run_audit

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        export = folder / "ahrefs.csv"
        t = time.perf_counter()
        write_ahrefs_csv(export, args.rows, args.hosts)
        print(
            f"generated {export.stat().st_size / 2**20:.0f} MiB export in {time.perf_counter() - t:.1f} s "
            "(not timed below)"
        )

        # The same call as 'toxicity score': read, score, decisions, every output file, the report.
        marks: list[tuple[str, float]] = []
        job = AuditJob(
            exports=(str(export),),
            outdir=str(folder / "audit"),
            site="acmegarden.com",
            topic="garden roses compost",
            model=args.model,
            plots=args.plots,
        )

        def step(name: str) -> None:
            marks.append((name, time.perf_counter()))
            peaks.step = name

        peaks = StepPeaks()
        peaks.start()
        try:
            start = time.perf_counter()
            outcome = run_audit(job, progress=step)
            end = time.perf_counter()
        finally:
            peaks.stop()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    total = end - start
    s = outcome.summary
    print(f"links {s['links']:,}, domains {s['domains']:,}")
    for (name, at), (_, until) in zip(marks, [*marks[1:], ("end", end)]):
        mem = f"  peak {peaks.peaks[name] / 2**20:7,.0f} MiB" if name in peaks.peaks else ""
        print(f"  {name:<12} {until - at:6.1f} s  {(until - at) / total:4.0%}{mem}")
    print(f"total {total:.1f} s, peak RSS {peak:,.0f} MiB")


if __name__ == "__main__":
    main()
