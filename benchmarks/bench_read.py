"""Benchmark ``read_export`` on a large Ahrefs-shaped export (UTF-8 CSV and UTF-16 LE TSV with BOM).

Writes ``--rows`` synthetic rows (default 1,000,000; ~77,000 distinct hosts, every URL distinct) to a
temporary folder, then reads each file in a fresh process and prints wall time and peak RSS, so the
two measurements do not share caches or memory peaks.

Usage: python benchmarks/bench_read.py [--rows 1000000]
"""

from __future__ import annotations

import argparse
import csv
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from toxicity.io.ahrefs import HEADER


def write_exports(folder: Path, rows: int) -> tuple[Path, Path]:
    """Write the CSV and the UTF-16 TSV with ``rows`` rows; return their paths."""
    csv_path, tsv_path = folder / "ahrefs.csv", folder / "ahrefs.tsv"
    with csv_path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        for i in range(rows):
            host = f"site{(i * 7919) % 77_000}.example{i % 7}.com"
            w.writerow([
                f"Page {i} about bread – Boulangerie", f"https://{host}/post/{i}-slug", "en", "blogs", "200",
                str(i % 100), f"{i * 37 % 100_000:,}", "12", "40", "55", "10", "3", "https://crumbandcrust.com/",
                "left context", "best sourdough" if i % 3 else "Crumb & Crust", "right context", "href",
                "text", "false" if i % 4 else "true", "false", "false", "true", "true", "", "", "",
                f"2025-{1 + i % 12:02d}-{1 + i % 28:02d} 10:11:12", "2026-09-01 01:02:03", "", "1",
            ])  # fmt: skip
    with (
        csv_path.open(newline="", encoding="utf-8") as src,
        tsv_path.open("w", encoding="utf-16", newline="") as dst,
    ):
        for row in csv.reader(src):  # Python's "utf-16" codec writes the BOM, little-endian on this platform
            dst.write("\t".join(row) + "\r\n")
    return csv_path, tsv_path


def peak_rss_mib() -> float:
    """Peak resident memory of this process in MiB.

    Linux's ``VmHWM`` is used when available: ``getrusage`` keeps the parent's peak across fork and exec.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def measure(path: Path) -> None:
    """Read ``path`` once and print one result line (run in a child process)."""
    from toxicity.io import read_export

    start = time.perf_counter()
    result = read_export(path)
    seconds = time.perf_counter() - start
    peak = peak_rss_mib()
    size = path.stat().st_size / 2**20
    print(
        f"{path.name:<12} {size:7.0f} MiB  {len(result.links):>9,} records  {seconds:6.2f} s  "
        f"peak RSS {peak:6.0f} MiB  ({result.encoding})"
    )


def main() -> None:
    """Write the exports, then time each read in a fresh process."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        measure(args.child)
        return
    with tempfile.TemporaryDirectory() as tmp:
        paths = write_exports(Path(tmp), args.rows)
        for path in paths:
            subprocess.run([sys.executable, __file__, "--child", str(path)], check=True)


if __name__ == "__main__":
    main()
