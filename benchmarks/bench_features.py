"""Time ``build_features`` on a 1,000,000-link Ahrefs-shaped profile generated in memory.

Usage::

    python benchmarks/bench_features.py [--rows 1000000] [--hosts 80000]

Prints the generation time, the feature time with its split per family (from the timings
``build_features`` logs), the CPU time of the feature step, and memory: the peak of the generation
step, the resident memory once the generator's garbage is handed back, and the peak resident
memory while building features (the kernel's high-water mark ``VmHWM``, reset after generating the
links; it includes the links themselves). Where the mark cannot be reset (not Linux) the peak of
the whole process is printed instead. Target on a 2-core machine: features under 10 s, peak RSS
under 2 GB.
"""

from __future__ import annotations

import argparse
import ctypes
import gc
import logging
import resource
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from toxicity.features import build_features
from toxicity.schema import conform

_WORDS = (
    "best cheap online casino bonus slots poker payday loans fast cash garden roses tomato compost soil "
    "recipe pasta travel hotel review news sport football music guide tips how make home diy seo links "
    "directory free download crack movie viagra pills dating escort crypto bitcoin forex essay writing "
    "service blog post weekly update photos local business plumber dentist lawyer insurance"
).split()
_TLDS = np.array(
    ["com", "net", "org", "info", "xyz", "top", "ru", "de", "fr", "co.uk", "blogspot.com", "online"]
)


def make_links(rows: int, hosts: int, seed: int = 0) -> pd.DataFrame:
    """Canonical link records shaped like an Ahrefs backlinks export (repetition as in real profiles)."""
    rng = np.random.default_rng(seed)
    words = np.array(_WORDS)
    labels = [
        "".join(rng.choice(words, rng.integers(1, 4))) + (str(i) if i % 3 == 0 else "") for i in range(hosts)
    ]
    subs = np.where(rng.random(hosts) < 0.3, "www.", np.where(rng.random(hosts) < 0.1, "blog.", ""))
    host_arr = np.array([f"{s}{lab}.{t}" for s, lab, t in zip(subs, labels, rng.choice(_TLDS, hosts))])
    # Zipf-like: a few hosts carry many links (sitewide), most carry one or two.
    host_idx = np.minimum(rng.zipf(1.3, rows) - 1, hosts - 1)
    host_idx = np.where(rng.random(rows) < 0.5, rng.integers(0, hosts, rows), host_idx)
    page_ids = rng.integers(0, 4 * rows // 5, rows)
    slugs = np.array(["-".join(rng.choice(words, 3)) for _ in range(50_000)])
    folders = np.array(
        ["blog", "news", "links", "page", "category/tips", "profile", "2024/05", "forum/topic"]
    )
    src_host = host_arr[host_idx]
    urls = pd.Series(
        np.char.add(
            np.char.add(np.char.add("https://", src_host), "/"),
            np.char.add(np.char.add(folders[page_ids % len(folders)], "/"), slugs[page_ids % len(slugs)]),
        )
    )
    urls = urls + "-" + pd.Series(page_ids).astype(str)
    titles = np.array([" ".join(rng.choice(words, rng.integers(3, 10))).title() for _ in range(200_000)])
    anchors = np.array(
        ["Acme Garden", "acmegarden.com", "https://acmegarden.com/", "click here", "garden roses", "", "here"]
        + [" ".join(rng.choice(words, rng.integers(1, 4))) for _ in range(40_000)]
    )
    anchor_idx = np.where(
        rng.random(rows) < 0.6, rng.integers(0, 7, rows), rng.integers(0, len(anchors), rows)
    )
    contexts = np.array([" ".join(rng.choice(words, 12)) for _ in range(100_000)])
    targets = np.array(
        [f"https://acmegarden.com/{p}" for p in ("", "roses", "compost", "blog/tomato-tips", "shop")]
    )
    days = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 700, rows), unit="D")
    domains = pd.Series(src_host).str.replace(r"^(www|blog)\.", "", regex=True)
    frame = pd.DataFrame(
        {
            "source_url": urls,
            "source_host": src_host,
            "source_domain": domains,
            "target_url": targets[rng.integers(0, len(targets), rows)],
            "anchor": anchors[anchor_idx],
            "nofollow": rng.random(rows) < 0.3,
            "ugc": rng.random(rows) < 0.05,
            "sponsored": rng.random(rows) < 0.02,
            "sitewide": rng.random(rows) < 0.1,
            "domain_rating": rng.integers(0, 90, rows).astype(float),
            "url_rating": rng.integers(0, 60, rows).astype(float),
            "domain_traffic": rng.exponential(500, rows),
            "page_traffic": rng.exponential(20, rows),
            "external_links": rng.integers(1, 300, rows).astype(float),
            "referring_domains": rng.integers(0, 1000, rows).astype(float),
            "http_code": np.where(rng.random(rows) < 0.95, 200.0, 404.0),
            "first_seen": days,
            "last_seen": days + pd.to_timedelta(rng.integers(0, 200, rows), unit="D"),
            "lost": rng.random(rows) < 0.1,
            "source_title": titles[page_ids % len(titles)],
            "language": "en",
            "left_context": contexts[rng.integers(0, len(contexts), rows)],
            "right_context": contexts[rng.integers(0, len(contexts), rows)],
            "source_format": "ahrefs",
            "links": 1.0,
        }
    )
    return conform(frame)


class _Timings(logging.Handler):
    """Keeps the per-family timings ``build_features`` logs at DEBUG level."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.timings: dict[str, float] = {}

    def emit(self, record: logging.LogRecord) -> None:
        self.timings.update(getattr(record, "timings", {}))


def _peak_mib() -> float:
    """High-water mark of resident memory since the last reset (Linux), else the process peak."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _current_mib() -> float:
    """Resident memory now (Linux), else NaN."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def _release_free_memory() -> None:
    """Hand memory the generator freed back to the system, so the feature step's peak is its own."""
    gc.collect()
    pa.default_memory_pool().release_unused()
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _reset_peak() -> bool:
    """Reset the kernel's resident-memory high-water mark of this process; False where unsupported."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--hosts", type=int, default=80_000)
    args = ap.parse_args()
    handler = _Timings()
    logger = logging.getLogger("toxicity.features")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False

    t0 = time.perf_counter()
    links = make_links(args.rows, args.hosts)
    t1 = time.perf_counter()
    generate_peak = _peak_mib()
    _release_free_memory()
    before = _current_mib()
    reset = _reset_peak()
    cpu0 = resource.getrusage(resource.RUSAGE_SELF)
    features = build_features(links, site="acmegarden.com", topic="garden roses compost tomato growing")
    t2 = time.perf_counter()
    cpu1 = resource.getrusage(resource.RUSAGE_SELF)
    print(
        f"rows={len(links):,} unique_hosts={links['source_host'].nunique():,} "
        f"unique_anchors={links['anchor'].nunique():,} unique_titles={links['source_title'].nunique():,}"
    )
    print(
        f"generate: {t1 - t0:.1f} s, peak RSS {generate_peak:,.0f} MiB; resident before features "
        f"{before:,.0f} MiB"
    )
    print(f"build_features: {t2 - t1:.1f} s for {features.shape[1]} columns")
    print("  " + ", ".join(f"{k} {v:.2f} s" for k, v in handler.timings.items()))
    print(f"  CPU: user {cpu1.ru_utime - cpu0.ru_utime:.1f} s, system {cpu1.ru_stime - cpu0.ru_stime:.1f} s")
    if reset:
        print(f"peak RSS while building features (links included): {_peak_mib():,.0f} MiB")
    else:
        print(f"peak RSS of the process (generation included): {_peak_mib():,.0f} MiB")


if __name__ == "__main__":
    main()
