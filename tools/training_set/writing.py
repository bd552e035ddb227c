"""Writing a build into the output folder, byte for byte reproducibly, and the summary printed after it."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pandas as pd

from training_set.datasheet import LICENCE_TEXT, datasheet, preserved_simulation_section
from training_set.labels import Build
from training_set.manifest import Manifest, make_manifest
from training_set.measures import Stats


def gzip_csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV, gzip-compressed with a fixed header (no file name, mtime 0) so equal data gives equal bytes."""
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(df.to_csv(index=False, lineterminator="\n").encode("utf-8"))
    return buf.getvalue()


def write_outputs(out: Path, result: Build, stats: Stats, data: Path, seed: int) -> Manifest:
    """Write data files, MANIFEST.json, LICENSE.md and DATASHEET.md into ``out``; return the manifest."""
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "domains.csv.gz": gzip_csv_bytes(result.table),
        "conflicts.csv": stats.conflicts.to_csv(index=False, lineterminator="\n").encode("utf-8"),
    }
    for name, blob in files.items():
        (out / name).write_bytes(blob)
    manifest = make_manifest(files, result, stats, data, seed)
    (out / "MANIFEST.json").write_text(
        json.dumps(manifest, indent=2, sort_keys=False) + "\n", encoding="utf-8"
    )
    (out / "LICENSE.md").write_text(LICENCE_TEXT, encoding="utf-8")
    sim = preserved_simulation_section(out / "DATASHEET.md")
    (out / "DATASHEET.md").write_text(datasheet(stats, result, manifest, sim), encoding="utf-8")
    return manifest


def summary(manifest: Manifest, stats: Stats) -> str:
    """The few lines printed after a build."""
    c = manifest["counts"]
    lines = [
        (
            f"rows {manifest['rows']:,}  label {c['label']}  ordinary_small_site "
            f"{c['ordinary_small_site']:,}  audit_holdout {c['audit_holdout']}  conflicts "
            f"{manifest['conflict_rows']:,} {c['conflict_resolution']}"
        )
    ]
    lines.append("groups: " + ", ".join(f"{k} {v:,}" for k, v in c["source_group"].items()))
    lines.append(
        f"big-3 disavow lists share {stats.big3_shared:,} units "
        f"({stats.big3_shared_in_referrer:,} referrer spam)"
    )
    lines.append(f"shortcut ROC-AUC: {stats.shortcuts}")
    lines.append(
        "files: " + ", ".join(f"{k} {v['bytes'] / 1e6:.2f} MB" for k, v in manifest["files"].items())
    )
    return "\n".join(lines)
