"""The manifest (``MANIFEST.json``): parameters, tool versions, counts and the SHA-256 of every file."""

from __future__ import annotations

import hashlib
import platform
from pathlib import Path
from typing import TypedDict

import numpy as np
import pandas as pd
import tldextract

from training_set.labels import COLUMNS, GROUP_WEIGHT_CAP, UT1_SMALL, Build
from training_set.lists import BLOCKLISTPROJECT_RISKY, UT1_RISKY
from training_set.measures import Stats
from training_set.sampling import CLEAN_CAP, POPULAR_CAP, TLD_WEIGHT_RANGE

FORMAT_VERSION = 1


class Parameters(TypedDict):
    """Build parameters recorded in the manifest."""

    seed: int
    clean_cap: int
    popular_cap: int
    tld_weight_range: list[float]
    group_weight_cap: int
    ut1_small_group_below: int


class Versions(TypedDict):
    """Versions of the tools that decide the output."""

    python: str
    pandas: str
    numpy: str
    tldextract: str


class FileInfo(TypedDict):
    """Hash and size of one written data file."""

    sha256: str
    bytes: int


class Counts(TypedDict):
    """Row counts of the written data files."""

    label: dict[str, int]
    source: dict[str, int]
    source_group: dict[str, int]
    kind: dict[str, int]
    ordinary_small_site: int
    audit_holdout: int
    conflict_resolution: dict[str, int]


class Manifest(TypedDict):
    """The content of ``MANIFEST.json``, keys in the order they are written."""

    format_version: int
    builder: str
    parameters: Parameters
    versions: Versions
    files: dict[str, FileInfo]
    columns: list[str]
    rows: int
    conflict_rows: int
    counts: Counts
    shortcut_roc_auc: dict[str, float]
    inputs: dict[str, str]


def sha256(data: bytes) -> str:
    """Hex SHA-256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def input_paths(result: Build, data: Path) -> list[str]:
    """Every input file read, relative to ``data``: the label lists, then the risky category lists."""
    inputs = sorted({rel for s in result.sources for rel in s.paths})
    inputs += ["labels/disavow_files/SOURCES.csv"]
    inputs += [
        f"reference/ut1_categories/{c}.txt"
        for c in UT1_RISKY
        if (data / f"reference/ut1_categories/{c}.txt").exists()
    ]
    inputs += [f"reference/blocklistproject/{c}.txt" for c in BLOCKLISTPROJECT_RISKY]
    return inputs


def make_manifest(files: dict[str, bytes], result: Build, stats: Stats, data: Path, seed: int) -> Manifest:
    """The manifest of a build whose data files are ``files`` (name to content)."""
    table = result.table
    conflicts = stats.conflicts
    return {
        "format_version": FORMAT_VERSION,
        "builder": "tools/build_training_data.py",
        "parameters": {
            "seed": seed,
            "clean_cap": CLEAN_CAP,
            "popular_cap": POPULAR_CAP,
            "tld_weight_range": list(TLD_WEIGHT_RANGE),
            "group_weight_cap": GROUP_WEIGHT_CAP,
            "ut1_small_group_below": UT1_SMALL,
        },
        "versions": {
            "python": platform.python_version(),
            "pandas": pd.__version__,
            "numpy": np.__version__,
            "tldextract": tldextract.__version__,
        },
        "files": {name: {"sha256": sha256(blob), "bytes": len(blob)} for name, blob in files.items()},
        "columns": COLUMNS,
        "rows": len(table),
        "conflict_rows": len(conflicts),
        "counts": {
            "label": {str(k): int(v) for k, v in table["label"].value_counts().sort_index().items()},
            "source": {str(k): int(v) for k, v in table["source"].value_counts().sort_index().items()},
            "source_group": {
                str(k): int(v) for k, v in table["source_group"].value_counts().sort_index().items()
            },
            "kind": {str(k): int(v) for k, v in table["kind"].value_counts().sort_index().items()},
            "ordinary_small_site": int(table["ordinary_small_site"].sum()),
            "audit_holdout": int(table["audit_holdout"].sum()),
            "conflict_resolution": {
                str(k): int(v) for k, v in conflicts["resolution"].value_counts().sort_index().items()
            },
        },
        "shortcut_roc_auc": stats.shortcuts,
        "inputs": {rel: sha256((data / rel).read_bytes()) for rel in input_paths(result, data)},
    }
