"""``toxicity score --force`` killed or interrupted while it writes: every output stays whole.

An audit folder from a small export is rescored from a large one, and the run is stopped with
SIGKILL at several points of its writing steps and once with SIGINT (Ctrl-C). After each stop,
every output is the old complete file or the new complete file (parsed: row counts, a workbook
that opens, JSON that loads, a PNG that ends), a killed run leaves nothing but ``.name.*.tmp``
files beside the outputs, an interrupted one leaves nothing at all, and neither leaves anything in
the system temp folder.
"""

from __future__ import annotations

import csv
import json
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.slow

OLD, NEW = 1_000, 12_000  # referring domains (one link each) of the old audit and of the rescoring
CSV_FILES = ("links.csv", "domains.csv", "review.csv")
OUTPUTS = (*CSV_FILES, "review.xlsx", "summary.json", "report.html", "records.parquet")
PLOTS = (
    "risk.png",
    "anchor_classes.png",
    "top_anchors.png",
    "timeline.png",
    "tlds.png",
    "topic_distance.png",
)
TEMP_NAME = re.compile(r"^\..+\.tmp$")
# (file, "start": stop once it is being written / "done": once it has been replaced, seconds to wait, signal).
# The review.xlsx stops come right after review.csv is done, when the workbook is being written.
STOPS = (
    ("links.csv", "start", 0.0, signal.SIGKILL),
    ("review.csv", "start", 0.0, signal.SIGKILL),
    ("review.csv", "done", 0.3, signal.SIGKILL),
    ("summary.json", "start", 0.2, signal.SIGKILL),
    ("review.csv", "done", 0.15, signal.SIGINT),
)


def _export(path: Path, n: int, tag: str) -> Path:
    """A URL list (the Search Console shape) with ``n`` distinct referring domains."""
    tlds = ("com", "net", "org", "info")
    path.write_text(
        "".join(f"https://{tag}{i}-news.{tlds[i % 4]}/page/{i}\n" for i in range(n)), encoding="utf-8"
    )
    return path


def _score(export: Path, out: Path, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    args = [sys.executable, "-m", "toxicity", "score", str(export), "--force", "-q", "-o", str(out)]
    with log.open("ab") as fh:
        return subprocess.Popen(args, env=env, stdout=fh, stderr=fh)


def _state(out: Path, name: str) -> tuple[int, int, int] | None:
    try:
        st = (out / name).stat()
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def _reached(
    out: Path, name: str, event: str, before: tuple[int, int, int] | None, earlier: set[Path]
) -> bool:
    """True once ``name`` has changed (``done``), or once a new temporary file of it exists (``start``)."""
    if _state(out, name) != before:
        return True
    return event == "start" and any(
        p.name.startswith(f".{name}.") for p in _leftovers(out) - earlier if p.parent == out
    )


def _rows(path: Path) -> int:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return sum(1 for _ in csv.reader(fh)) - 1


def _leftovers(out: Path) -> set[Path]:
    """Entries of the audit folder (and its plots folder) that are not outputs."""
    entries = {p for folder in (out, out / "plots") if folder.is_dir() for p in folder.iterdir()}
    return {p for p in entries if p.name not in (*OUTPUTS, *PLOTS, "plots")}


def _check(out: Path, system_tmp: Path, *, earlier: set[Path] | None) -> dict[str, int]:
    """Assert every output is whole; return the count each one holds (old or new).

    ``earlier``: the leftovers before an interrupted (SIGINT) run, which must add none; None after a
    killed run, which may leave ``.name.*.tmp`` files but nothing else.
    """
    counts = {name: _rows(out / name) for name in CSV_FILES}
    with zipfile.ZipFile(out / "review.xlsx") as zf:
        assert zf.testzip() is None
    wb = load_workbook(out / "review.xlsx", read_only=True)
    try:
        counts["review.xlsx"] = wb["review"].max_row - 1
    finally:
        wb.close()
    counts["records.parquet"] = pq.ParquetFile(out / "records.parquet").metadata.num_rows
    counts["summary.json"] = json.loads((out / "summary.json").read_text(encoding="utf-8"))["headline"][
        "domains"
    ]
    assert (out / "report.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
    for name in PLOTS:
        png = (out / "plots" / name).read_bytes()
        assert png.startswith(b"\x89PNG\r\n\x1a\n") and png.endswith(b"IEND\xaeB`\x82"), name
    assert set(counts.values()) <= {OLD, NEW}, counts
    left = _leftovers(out)
    assert all(TEMP_NAME.match(p.name) for p in left), left
    if earlier is not None:
        assert left <= earlier, f"an interrupted run left {sorted(p.name for p in left - earlier)}"
    assert list(system_tmp.iterdir()) == [], "temporary files left in the system temp folder"
    return counts


def test_killed_or_interrupted_rescoring_leaves_every_output_whole(tmp_path: Path) -> None:
    system_tmp = tmp_path / "system-tmp"
    system_tmp.mkdir()
    env = {**os.environ, "TMPDIR": str(system_tmp), "MPLBACKEND": "Agg", "PYTHONUNBUFFERED": "1"}
    out, log = tmp_path / "audit", tmp_path / "score.log"
    old_export = _export(tmp_path / "old.txt", OLD, "old")
    new_export = _export(tmp_path / "new.txt", NEW, "new")

    assert _score(old_export, out, env, log).wait(timeout=120) == 0, log.read_text()
    assert set(_check(out, system_tmp, earlier=set()).values()) == {OLD}

    for name, event, delay, sig in STOPS:
        before, earlier = _state(out, name), _leftovers(out)
        proc = _score(new_export, out, env, log)
        deadline = time.monotonic() + 120
        while not _reached(out, name, event, before, earlier):
            assert proc.poll() is None, f"the run ended before {name} was {event}: {log.read_text()[-2000:]}"
            assert time.monotonic() < deadline
            time.sleep(0.001)
        time.sleep(delay)
        assert proc.poll() is None, f"the run finished before it could be stopped at {name} {event}"
        proc.send_signal(sig)
        code = proc.wait(timeout=60)
        assert code == (-signal.SIGKILL if sig == signal.SIGKILL else 1), (
            name,
            code,
            log.read_text()[-2000:],
        )
        _check(out, system_tmp, earlier=earlier if sig == signal.SIGINT else None)

    # Leftovers of killed runs do not stand in the way of the next run, which writes every file anew.
    assert _score(new_export, out, env, log).wait(timeout=120) == 0, log.read_text()[-2000:]
    assert set(_check(out, system_tmp, earlier=None).values()) == {NEW}
