"""Sampling the clean side: each clean list capped, units drawn so the clean TLD mix leans towards the
toxic one."""

from __future__ import annotations

import numpy as np
import pandas as pd

DEFAULT_SEED = 20260901
CLEAN_CAP = 2500
POPULAR_CAP = 2500
TLD_WEIGHT_RANGE = (0.2, 5.0)


def sample_clean(pool: pd.DataFrame, toxic: pd.DataFrame, seed: int) -> pd.DataFrame:
    """Cap each clean list, drawing units with TLD weights that pull the clean TLD mix towards the toxic
    one."""
    rng = np.random.default_rng(seed)
    toxic_share = tld_of(toxic).value_counts(normalize=True)
    pool_share = tld_of(pool).value_counts(normalize=True)
    ratio = (toxic_share.reindex(pool_share.index).fillna(0.0) / pool_share).clip(*TLD_WEIGHT_RANGE)
    parts = []
    for source, grp in pool.groupby("source", sort=True):
        grp = grp.sort_values(["domain", "host"])
        cap = POPULAR_CAP if source == "clean:majestic_top" else CLEAN_CAP
        if len(grp) <= cap:
            parts.append(grp)
            continue
        w = tld_of(grp).map(ratio).to_numpy(dtype=float)
        pick = rng.choice(len(grp), size=cap, replace=False, p=w / w.sum())
        parts.append(grp.iloc[np.sort(pick)])
    return pd.concat(parts)


def tld_of(units: pd.DataFrame) -> pd.Series:
    """Last label of each unit's name (host if set, else domain)."""
    name = units["host"].where(units["host"] != "", units["domain"])
    return name.str.rsplit(".", n=1).str[-1]
