"""Building the labeled rows: one owner per unit, conflicts set aside with a reason, derived columns and
weights."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import tldextract

from toxicity.domains import is_private_suffix_host, is_public_suffix, registrable_domain
from training_set.lists import (
    BLOG_PLATFORMS,
    Source,
    collect,
    define_sources,
    load_category_sets,
    strip_www,
)
from training_set.sampling import sample_clean, tld_of

GROUP_WEIGHT_CAP = 3000
# UT1 categories too small to evaluate alone: one cross-validation group for all of them.
UT1_SMALL_GROUP = "ut1_other"
UT1_SMALL = 400


@dataclass(frozen=True)
class Build:
    """What :func:`build` returns: the labeled table, the conflicts, and the inputs the statistics need."""

    table: pd.DataFrame
    """One row per labeled unit, columns :data:`COLUMNS`."""
    conflicts: pd.DataFrame
    """Every candidate left out, with its resolution and reason."""
    long: pd.DataFrame
    """``source, domain, host, listed_host, label`` of every list entry, before ownership."""
    clean_pool: pd.DataFrame
    """Every eligible clean unit, before sampling."""
    raw_counts: dict[str, dict[str, int]]
    """Per list: ``entries``, ``unusable`` and ``units``."""
    sources: list[Source]
    """Every list used, in priority order."""
    risky: dict[str, int]
    """Size of each risky category list."""


def popularity(units: pd.DataFrame, majestic: pd.DataFrame) -> pd.Series:
    """Majestic rank of each unit: the host's own rank for host-level units, else the domain's best rank."""
    by_host = dict(zip(majestic["host"], majestic["rank"]))
    best_under: dict[str, int] = {}
    for h, r in by_host.items():
        d = registrable_domain(h)
        best_under[d] = min(r, best_under.get(d, r))
    ranks = [
        by_host.get(h) if h else by_host.get(d, best_under.get(d))
        for d, h in zip(units["domain"], units["host"])
    ]
    return pd.Series(pd.array(ranks, dtype="Int64"), index=units.index)


def hosting_platform(domain: str, host: str) -> str:
    """The blog / free-hosting platform a unit lives on ('' if none)."""
    name = host or domain
    if is_private_suffix_host(name):
        return tldextract_suffix(name)
    if host and domain in BLOG_PLATFORMS:
        return domain
    return ""


_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)


def tldextract_suffix(name: str) -> str:
    """Public or private suffix of ``name`` (``blogspot.com`` for ``x.blogspot.com``)."""
    return _EXTRACT(name).suffix


def build(data: Path, seed: int) -> Build:
    """Read every list, resolve overlaps and conflicts, sample and weight; return tables and statistics."""
    sources = define_sources(data)
    meta = {s.name: s for s in sources}
    priority = {s.name: i for i, s in enumerate(sources)}
    long, majestic, raw_counts = collect(data, sources)
    long["label"] = long["source"].map(lambda s: meta[s].label)
    risky = load_category_sets(data)

    per_unit = (
        long.sort_values(["domain", "host", "source"])
        .groupby(["domain", "host"], sort=True)
        .agg(
            sources=("source", lambda s: sorted(set(s), key=priority.__getitem__)),
            labels=("label", lambda s: frozenset(s)),
            listed=("listed_host", lambda s: sorted(set(s))),
        )
        .reset_index()
    )
    per_unit["popularity_rank"] = popularity(per_unit, majestic)

    def risky_hits(row: pd.Series) -> list[str]:
        names = {strip_www(h) for h in row["listed"]} | {row["host"] or row["domain"]}
        return sorted(cat for cat, members in risky.items() if names & members)

    per_unit["risky"] = per_unit.apply(risky_hits, axis=1)
    both = per_unit["labels"].map(len) == 2
    popular_toxic = per_unit["labels"].map(lambda s: s == {1}) & per_unit["popularity_rank"].notna()
    clean_only = per_unit["labels"].map(lambda s: s == {0})
    clean_risky = clean_only & per_unit["risky"].map(bool)
    # Wikipedia blacklists URL shorteners as a policy (they hide the target), not as spam.
    wiki_shortener = per_unit["sources"].map(lambda s: s == ["wikipedia_blacklist"]) & per_unit["risky"].map(
        lambda r: bool({"ut1:shortener", "ut1:redirector"} & set(r))
    )
    # A public or private suffix (``gov.cn``, ``blogspot.com``, ``pages.dev``) is not a site: listing it
    # would cover every site below it.
    suffix = per_unit.apply(lambda r: is_public_suffix(r["host"] or r["domain"]), axis=1)
    dropped = both | popular_toxic | clean_risky | wiki_shortener | suffix

    conflicts = per_unit[dropped].copy()
    conflicts["resolution"] = np.select(
        [
            conflicts.index.isin(per_unit.index[suffix]),
            conflicts.index.isin(per_unit.index[clean_risky]),
            conflicts.index.isin(per_unit.index[wiki_shortener]),
        ],
        ["dropped_suffix", "dropped_from_clean", "dropped_from_toxic"],
        "dropped_from_both",
    )
    conflicts["reason"] = [conflict_reason(r, meta) for _, r in conflicts.iterrows()]
    kept = per_unit[~dropped].copy()
    kept["label"] = kept["labels"].map(lambda s: next(iter(s)))
    kept["source"] = kept["sources"].map(lambda s: s[0])
    kept["all_sources"] = kept["sources"].map(";".join)
    kept["source_group"] = kept["source"].map(lambda s: meta[s].group)
    kept["kind"] = kept["source"].map(lambda s: meta[s].kind)
    ut1_small = {
        s.name for s in sources if s.name.startswith("clean:ut1_") and raw_counts[s.name]["units"] < UT1_SMALL
    }
    kept.loc[kept["source"].isin(ut1_small), "source_group"] = UT1_SMALL_GROUP
    # The owner decides the kind; a UT1 site that is also popular is described as popular.
    kept.loc[(kept["label"] == 0) & kept["popularity_rank"].notna(), "kind"] = "popular"

    clean_pool = kept[kept["label"] == 0]
    toxic = kept[kept["label"] == 1]
    clean = sample_clean(clean_pool, toxic, seed)
    table = pd.concat([toxic, clean]).sort_values(["label", "domain", "host"], ascending=[False, True, True])
    table = finish_columns(table)
    return Build(
        table=table.reset_index(drop=True),
        conflicts=finish_conflicts(conflicts),
        long=long,
        clean_pool=clean_pool,
        raw_counts=raw_counts,
        sources=sources,
        risky={k: len(v) for k, v in risky.items()},
    )


def conflict_reason(row: pd.Series, meta: dict[str, Source]) -> str:
    """One plain sentence on why a unit was left out."""
    toxic = [s for s in row["sources"] if meta[s].label == 1]
    clean = [s for s in row["sources"] if meta[s].label == 0]
    if is_public_suffix(row["host"] or row["domain"]):
        return "a public or private suffix (a platform or registry), not a site; listed in " + ", ".join(
            row["sources"]
        )
    if not toxic:
        return "clean candidate also named by a risky category list (" + ", ".join(row["risky"]) + ")"
    if not clean and pd.isna(row["popularity_rank"]):
        return (
            "URL shortener or redirector (" + ", ".join(row["risky"]) + ") on Wikipedia's blacklist by policy"
        )
    rank = row["popularity_rank"]
    if pd.notna(rank) and not clean:
        clean = ["clean:majestic_top"]
    parts = "toxic in " + ", ".join(toxic) + "; clean in " + ", ".join(clean)
    if pd.notna(rank):
        parts += f"; Majestic rank {int(rank)}"
    return parts


COLUMNS = [
    "domain",
    "host",
    "label",
    "source",
    "source_group",
    "all_sources",
    "kind",
    "popularity_rank",
    "tld",
    "is_platform",
    "hosting_platform",
    "ordinary_small_site",
    "audit_holdout",
    "weight",
]


def finish_columns(table: pd.DataFrame) -> pd.DataFrame:
    """Derived columns in their final order and types."""
    t = table.copy()
    name = t["host"].where(t["host"] != "", t["domain"])
    t["tld"] = tld_of(t)
    t["is_platform"] = [int(is_private_suffix_host(n)) for n in name]
    t["hosting_platform"] = [hosting_platform(d, h) for d, h in zip(t["domain"], t["host"])]
    t["ordinary_small_site"] = ((t["label"] == 0) & t["popularity_rank"].isna()).astype(int)
    t["audit_holdout"] = (t["kind"] == "site_disavow").astype(int)
    sizes = t.groupby(["label", "source_group"])["domain"].transform("size")
    t["weight"] = np.minimum(1.0, GROUP_WEIGHT_CAP / sizes).round(6)
    return t[COLUMNS]


def finish_conflicts(c: pd.DataFrame) -> pd.DataFrame:
    """The columns of ``conflicts.csv``, sorted by resolution, then popularity, then name."""
    out = pd.DataFrame(
        {
            "domain": c["domain"],
            "host": c["host"],
            "toxic_sources": [";".join(s for s in ss if not s.startswith("clean:")) for ss in c["sources"]],
            "clean_sources": [";".join(s for s in ss if s.startswith("clean:")) for ss in c["sources"]],
            "risky_categories": c["risky"].map(";".join),
            "popularity_rank": c["popularity_rank"],
            "resolution": c["resolution"],
            "reason": c["reason"],
        }
    )
    return out.sort_values(["resolution", "popularity_rank", "domain", "host"], na_position="last")
