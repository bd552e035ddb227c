"""Measuring the built set: counts, overlaps between lists, TLD and platform mixes, single-feature shortcuts.

The figures feed the manifest, the datasheet and the summary printed after a build.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import numpy as np
import pandas as pd

from training_set.labels import Build


@dataclass(frozen=True)
class Stats:
    """Measured figures of one build (see :func:`statistics`)."""

    rows: int
    by_label: dict[int, int]
    by_group: pd.DataFrame
    by_kind: pd.DataFrame
    ordinary_small_sites: int
    popular_clean: int
    audit_holdout: int
    overlaps: pd.DataFrame
    referrer_union: int
    big3_shared: int
    big3_shared_in_referrer: int
    tld_top: dict[int, dict[str, int]]
    tld_by_group: dict[str, str]
    platform: dict[int, dict[str, str]]
    platform_by_group: dict[str, float]
    fr_share: dict[int, str]
    com_share: dict[int, str]
    conflicts: pd.DataFrame
    clean_pool: int
    clean_pool_fr: str
    shortcuts: dict[str, float]


def overlaps(long: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """Pairwise overlap (shared units) between lists, before ownership is assigned."""
    key = long["domain"] + "|" + long["host"]
    sets = {n: set(key[long["source"] == n]) for n in names}
    rows = []
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            shared = len(sets[a] & sets[b])
            if shared:
                rows.append(
                    {
                        "a": a,
                        "b": b,
                        "shared": shared,
                        "share_of_a": shared / len(sets[a]),
                        "share_of_b": shared / len(sets[b]),
                    }
                )
    return pd.DataFrame(rows).sort_values("shared", ascending=False)


def share(mask: pd.Series) -> str:
    """Share of true values as a percentage with one decimal, ``n/a`` when empty."""
    return f"{100 * mask.mean():.1f}%" if len(mask) else "n/a"


def statistics(result: Build, seed: int) -> Stats:
    """Measured figures for the manifest, the datasheet and the printed summary."""
    t = result.table
    long = result.long
    sources = result.sources
    toxic_names = [
        s.name for s in sources if s.label == 1 and not s.name.startswith(("seo_business:", "disavow:site:"))
    ]
    toxic_names += ["seo_business:*", "disavow:site:*"]
    merged = long.assign(
        source=long["source"].str.replace(r"^(seo_business|disavow:site):.*$", r"\1:*", regex=True)
    )
    ov = overlaps(
        merged,
        toxic_names + ["clean:majestic_top"] + [s.name for s in sources if s.name.startswith("clean:ut1_")],
    )
    ref_names = ["referrer:matomo", "referrer:desbma", "referrer:apache", "disavow:mitchellkrogza"]
    key = long["domain"] + "|" + long["host"]
    ref_union = set(key[long["source"].isin(ref_names)])
    big3 = ["disavow:mertcangokgoz", "disavow:coolrecep", "disavow:mitchellkrogza"]
    big_sets = [set(key[long["source"] == n]) for n in big3]
    big_pairs = (big_sets[0] & big_sets[1]) | (big_sets[0] & big_sets[2]) | (big_sets[1] & big_sets[2])
    top_tlds = set(t[t["label"] == 1]["tld"].value_counts().head(12).index)
    top_tlds |= set(t[t["label"] == 0]["tld"].value_counts().head(12).index)
    per_label = _per_label(t)
    tld_rows = {
        lab: {str(k): int(v) for k, v in grp["tld"].value_counts().items() if k in top_tlds}
        for lab, grp in per_label.items()
    }
    platform = {}
    for lab, grp in per_label.items():
        platform[lab] = {
            "is_platform": share(grp["is_platform"] == 1),
            "hosting_platform": share(grp["hosting_platform"] != ""),
            "host_level": share(grp["host"] != ""),
        }
    per_source_platform = (
        t.assign(p=(t["hosting_platform"] != "")).groupby("source_group")["p"].mean().mul(100).round(1)
    )
    tld_by_group = t.groupby("source_group")["tld"].agg(
        lambda s: ", ".join(f".{k} {100 * v / len(s):.0f}%" for k, v in s.value_counts().head(3).items())
    )
    return Stats(
        rows=len(t),
        by_label={lab: len(grp) for lab, grp in per_label.items()},
        by_group=t.groupby(["label", "source_group"])
        .agg(n=("domain", "size"), weight=("weight", "sum"))
        .reset_index(),
        by_kind=t.groupby(["label", "kind"]).size().rename("n").reset_index(),
        ordinary_small_sites=int(t["ordinary_small_site"].sum()),
        popular_clean=int(((t["label"] == 0) & t["popularity_rank"].notna()).sum()),
        audit_holdout=int(t["audit_holdout"].sum()),
        overlaps=ov,
        referrer_union=len(ref_union),
        big3_shared=len(big_pairs),
        big3_shared_in_referrer=len(big_pairs & ref_union),
        tld_top=tld_rows,
        tld_by_group={str(k): str(v) for k, v in tld_by_group.items()},
        platform=platform,
        platform_by_group={str(k): float(v) for k, v in per_source_platform.items()},
        fr_share={lab: share(g["tld"] == "fr") for lab, g in per_label.items()},
        com_share={lab: share(g["tld"] == "com") for lab, g in per_label.items()},
        conflicts=result.conflicts,
        clean_pool=len(result.clean_pool),
        clean_pool_fr=share(result.clean_pool["domain"].str.endswith(".fr")),
        shortcuts=shortcut_aucs(t, seed),
    )


def _per_label(t: pd.DataFrame) -> dict[int, pd.DataFrame]:
    """Rows of each label (0, 1), in ascending label order."""
    return {int(cast(int, lab)): grp for lab, grp in t.groupby("label")}


def shortcut_aucs(t: pd.DataFrame, seed: int) -> dict[str, float]:
    """ROC-AUC of single host-name shortcuts on the built set (higher = the shortcut separates the labels).

    TLD uses out-of-fold smoothed per-TLD toxic rates (two folds split by registrable domain), so it is an
    honest estimate of what a model could learn from the TLD alone.
    """
    from sklearn.metrics import roc_auc_score

    y = t["label"].to_numpy()
    fold = (pd.util.hash_pandas_object(t["domain"], index=False).to_numpy() + seed) % 2
    tld_score = np.zeros(len(t))
    prior = y.mean()
    for k in (0, 1):
        train = t[fold != k]
        stats = train.groupby("tld")["label"].agg(["sum", "count"])
        rate = (stats["sum"] + 10 * prior) / (stats["count"] + 10)
        tld_score[fold == k] = t.loc[fold == k, "tld"].map(rate).fillna(prior).to_numpy()
    unpopular = t["popularity_rank"].isna().astype(float).to_numpy()
    name = t["host"].where(t["host"] != "", t["domain"])
    return {
        "tld_only": round(float(roc_auc_score(y, tld_score)), 3),
        "not_in_majestic_top": round(float(roc_auc_score(y, unpopular)), 3),
        "is_platform": round(float(roc_auc_score(y, t["is_platform"])), 3),
        "on_hosting_platform": round(float(roc_auc_score(y, (t["hosting_platform"] != "").astype(int))), 3),
        "name_length": round(float(roc_auc_score(y, name.str.len())), 3),
        "digit_or_hyphen": round(float(roc_auc_score(y, name.str.contains(r"[0-9-]").astype(int))), 3),
    }
