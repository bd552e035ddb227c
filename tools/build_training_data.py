"""Build the labeled domain set in ``training_data/`` from the public lists in ``../shared/data``.

Run by developers only (never at run time, never by the tests), from the repository root::

    /work/venv/bin/python tools/build_training_data.py            # reads ../shared/data
    /work/venv/bin/python tools/build_training_data.py --data DIR --out training_data --seed 20260901

It writes, deterministically for a given seed, input files and Public Suffix List snapshot (the one bundled
with the installed ``tldextract``):

``training_data/domains.csv.gz``
    One row per labeled unit (a registrable domain, or a host when the label applies to one host only).
``training_data/conflicts.csv``
    Every candidate left out of ``domains.csv.gz`` because lists disagree or a clean candidate sits in a
    risky category, with the reason.
``training_data/MANIFEST.json``
    Counts, parameters, tool versions and the SHA-256 of each data file.
``training_data/DATASHEET.md``
    Sources, licences, attribution, label meaning, counts, overlaps and measured biases. Regenerated on each
    build, except the section between the ``simulated-link-context`` markers, which is kept as it stands so
    the model trainer's description of simulated link context survives a rebuild.

Labels are list membership at the domain level: ``1`` means "at least one public toxic list names this
domain", ``0`` means "an ordinary-site or popularity reference names it and no toxic list does". They are
not link-level human judgements. See the datasheet for what that implies.

Decisions (why, not what):

* A row is a *registrable domain* (PSL with private suffixes, so ``x.blogspot.com`` stays a site of its
  own) unless the listed host is a subdomain of a *shared parent*: a domain in the Majestic top 15k or a
  known blog / free-hosting platform (``x.wordpress.com``, ``x.free.fr``). Folding those into the parent
  would label ``wordpress.com`` toxic, or clash with the parent's clean entry; such rows keep ``host``.
* Every unit gets exactly one ``source`` (its owner), chosen by a fixed priority: small curated lists
  first, the big mixed lists last. ``source_group`` is derived from it, so a unit never sits in two
  cross-validation groups, and near-duplicate lists (the referrer-spam lists) share one group.
* A unit that is both toxic-listed and in a clean reference (Majestic top 15k or a clean UT1 category) is
  dropped from both sides and written to ``conflicts.csv``; so is a clean candidate that a risky category
  list (UT1 gambling/adult/..., blocklistproject scam/phishing/...) also names.
* The clean side is sampled: each clean list is capped (``CLEAN_CAP``) and the Majestic list more tightly
  (``POPULAR_CAP``), so ordinary small sites outnumber popular ones. Within a capped list, a unit's chance
  of being drawn is proportional to how much more common its TLD is on the toxic side than in the clean
  pool (clipped to ``TLD_WEIGHT_RANGE``), which narrows the TLD gap between the labels. The toxic side keeps every unit; ``weight`` caps the total
  weight of any one ``source_group`` at ``GROUP_WEIGHT_CAP`` so one list cannot dominate training.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import logging
import platform
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import tldextract

from toxicity.domains import (
    PLATFORMS,
    host_of_url,
    is_ip_host,
    is_private_suffix_host,
    is_public_suffix,
    normalise_host,
    registrable_domain,
)

log = logging.getLogger("build_training_data")

FORMAT_VERSION = 1
DEFAULT_SEED = 20260901
CLEAN_CAP = 2500
POPULAR_CAP = 2500
TLD_WEIGHT_RANGE = (0.2, 5.0)
GROUP_WEIGHT_CAP = 3000
EXAMPLES = 12

# Blog and free-hosting platforms whose subdomains are separate sites: the package's one list
# (toxicity/data/platforms.txt, also extra private suffixes in toxicity.domains), plus services whose
# subdomains are separate sites although they are not listed as platforms there (fc2.com: only
# blog.fc2.com is a platform; ameblo.jp and blogger.com put users under a path).
BLOG_PLATFORMS = PLATFORMS | frozenset(["fc2.com", "myblog.fr", "overblog.com", "blogs-china.com", "blogger.com",
                                        "ameblo.jp", "hatenablog.jp"])

# UT1 categories of ordinary, legitimate sites used for the clean side.
UT1_CLEAN = (
    "blog", "press", "forums", "sports", "cooking", "bank", "shopping", "radio", "audio-video",
    "celebrity", "financial", "translation", "manga", "child", "educational_games", "liste_blanche",
    "webmail", "associations_religieuses",
)
# UT1 categories too small to evaluate alone: one cross-validation group for all of them.
UT1_SMALL_GROUP = "ut1_other"
UT1_SMALL = 400

# Categories whose members must not be used as clean examples.
UT1_RISKY = (
    "gambling", "arjel", "dating", "mixed_adult", "lingerie", "warez", "agressif", "drogue", "hacking",
    "ddos", "stalkerware", "cryptojacking", "fakenews", "sect", "marketingware", "publicite", "redirector",
    "shortener", "dynamic-dns", "tricheur", "residential-proxies", "dialer", "astrology", "bitcoin",
)
BLOCKLISTPROJECT_RISKY = ("scam", "phishing", "drugs", "crypto", "redirect", "piracy", "torrent", "ransomware")

SSSS = "labels/seo_spam/super_seo_spam_suppressor"
SITE_DISAVOWS = {
    "AFishingAddiction+AFishingAddiction.github.io__disavow.txt": "afishingaddiction",
    "keriganmarketing+medlicense__disavow.txt": "keriganmarketing",
    "programmer-man+medlicense__disavow.txt": "programmer-man",
    "msrusu87-web+carpathian-cms__disavow-links.txt": "msrusu87-web",
    "ollieadam+chsstrengthclub__disavow.txt": "ollieadam",
    "pietrofalezza-ctrl+DecoderOSprj__public__disavow.txt": "pietrofalezza-ctrl",
    "willton-easy+fechadurabiometrica.com.br__disavow.txt": "willton-easy",
}


@dataclass(frozen=True)
class Source:
    """One input list: where it is, how to read it, what its members mean."""

    name: str
    label: int
    kind: str
    group: str
    paths: tuple[str, ...]
    reader: str
    licence: str
    attribution: str


def read_lines(path: Path) -> Iterator[str]:
    """Yield non-empty lines of ``path`` with ``#`` comments (whole-line or trailing) removed."""
    with path.open(encoding="utf-8", errors="replace") as fh:
        for raw in fh:
            line = raw.split("#", 1)[0].strip()
            if line:
                yield line


def read_disavow(path: Path) -> Iterator[str]:
    """Hosts of a Google disavow file: ``domain:`` lines and URL lines."""
    for line in read_lines(path):
        if line.lower().startswith("domain:"):
            yield line[7:].strip()
        elif host := host_of_url(line):
            yield host


def read_hosts(path: Path) -> Iterator[str]:
    """Hosts of a plain list: one host per line, or a hosts-file line ``0.0.0.0 host``."""
    for line in read_lines(path):
        parts = line.split()
        yield parts[1] if len(parts) > 1 and parts[0] in ("0.0.0.0", "127.0.0.1") else parts[0]


_MATCH_PATTERN = re.compile(r"^\*://(?:\*\.)?([^/*]+)/")


def read_match_patterns(path: Path) -> Iterator[str]:
    """Hosts of a uBlacklist file (``*://host/*`` or ``*://*.host/*``); other rules are skipped."""
    for line in read_lines(path):
        m = _MATCH_PATTERN.match(line)
        if m:
            yield m.group(1)


READERS: dict[str, Callable[[Path], Iterator[str]]] = {
    "disavow": read_disavow,
    "hosts": read_hosts,
    "match_patterns": read_match_patterns,
}


def define_sources(data: Path) -> list[Source]:
    """Every list used, in priority order: a unit found in several lists is owned by the first one."""
    dis = "labels/disavow_files/"
    sources: list[Source] = []
    for fname, owner in SITE_DISAVOWS.items():
        repo = fname.split("__")[0].replace("+", "/")
        sources.append(Source(f"disavow:site:{owner}", 1, "site_disavow", "site_disavow", (dis + fname,),
                              "disavow", "MIT", f"https://github.com/{repo}"))
    for f in sorted((data / SSSS / "domains/SEO_business").glob("*.txt")):
        sources.append(Source(f"seo_business:{f.stem}", 1, "pbn_operator", "pbn_operator",
                              (str(f.relative_to(data)),), "hosts", "WTFPL",
                              "NotaInutilis/Super-SEO-Spam-Suppressor"))
    public = tuple(str(f.relative_to(data))
                   for f in sorted((data / SSSS / "domains/Spam/Public_services_spamdexing").glob("*.txt")))
    sources += [
        Source("seo_spam:public_services", 1, "seo_spam", "pbn_operator", public, "hosts", "WTFPL",
               "NotaInutilis/Super-SEO-Spam-Suppressor"),
        Source("seo_spam:quenhus", 1, "seo_spam", "seo_spam_copycat", ("labels/seo_spam/quenhus_seo_spam.txt",),
               "match_patterns", "Unlicense", "https://github.com/quenhus/uBlock-Origin-dev-filter"),
        Source("seo_spam:quenhus_global", 1, "seo_spam", "seo_spam_copycat",
               (f"{SSSS}/domains/_imported/uBlock-Origin-dev-filter_Global.txt",), "hosts", "Unlicense",
               "https://github.com/quenhus/uBlock-Origin-dev-filter (via Super-SEO-Spam-Suppressor)"),
        Source("seo_spam:seo_garbage", 1, "seo_spam", "seo_garbage", (f"{SSSS}/domains/_imported/seo-garbage.txt",),
               "hosts", "Apache-2.0", "https://github.com/insomnimus/seo-garbage (via Super-SEO-Spam-Suppressor)"),
        Source("spamdexing", 1, "spamdexing", "spamdexing", (f"{SSSS}/domains/_imported/SpamdexingSites.txt",),
               "hosts", "BSD-3-Clause",
               "https://github.com/elliotwutingfeng/SpamdexingSites (via Super-SEO-Spam-Suppressor)"),
        Source("content_farm", 1, "content_farm", "content_farm",
               (f"{SSSS}/domains/_imported/content-farm-list.txt",), "hosts",
               "not stated upstream; redistributed in Super-SEO-Spam-Suppressor (WTFPL)",
               "https://github.com/wdmpa/content-farm-list (via Super-SEO-Spam-Suppressor)"),
        Source("wikipedia_blacklist", 1, "wiki_spam_blacklist", "wikipedia_blacklist",
               (f"{SSSS}/Unsorted_Gex/Wikipedia_abuse_lists/Spam_blacklist.txt",), "hosts", "CC BY-SA 4.0",
               "Wikimedia Meta-Wiki contributors, Spam blacklist, https://meta.wikimedia.org/wiki/Spam_blacklist "
               "(retrieved 2025-11-09, via Super-SEO-Spam-Suppressor)"),
        Source("referrer:matomo", 1, "referrer_spam", "referrer_spam",
               ("labels/referrer_spam/matomo_spammers.txt",), "hosts", "Public domain",
               "https://github.com/matomo-org/referrer-spam-list"),
        Source("referrer:desbma", 1, "referrer_spam", "referrer_spam",
               ("labels/referrer_spam/desbma_spammers.txt",), "hosts", "WTFPL",
               "https://github.com/desbma/referer-spam-domains-blacklist"),
        Source("referrer:apache", 1, "referrer_spam", "referrer_spam",
               ("labels/referrer_spam/apache_bad_referrers.txt",), "hosts", "MIT",
               "https://github.com/mitchellkrogza/apache-ultimate-bad-bot-blocker"),
        Source("disavow:mitchellkrogza", 1, "referrer_spam", "referrer_spam",
               (dis + "mitchellkrogza+apache-ultimate-bad-bot-blocker___google_webmaster_disavow_links__"
                "google-disavow.txt",), "disavow", "MIT",
               "https://github.com/mitchellkrogza/apache-ultimate-bad-bot-blocker"),
        Source("disavow:coolrecep", 1, "community_disavow", "community_disavow:coolrecep",
               (dis + "coolrecep+turkish-tech-disavow-list__disavow.txt",), "disavow", "MIT",
               "https://github.com/coolrecep/turkish-tech-disavow-list"),
        Source("disavow:mertcangokgoz", 1, "community_disavow", "community_disavow:mertcangokgoz",
               (dis + "mertcangokgoz+public-disavow-links__disavow-links.txt",), "disavow", "MIT",
               "https://github.com/mertcangokgoz/public-disavow-links"),
        Source("clean:majestic_top", 0, "popular", "popular", ("reference/majestic_million_top15000.csv",),
               "majestic", "CC BY 3.0", "Majestic Million, https://majestic.com/reports/majestic-million"),
    ]
    for cat in UT1_CLEAN:
        path = data / f"reference/ut1_categories/{cat}.txt"
        if path.exists():
            sources.append(Source(f"clean:ut1_{cat}", 0, "ordinary_small_site", f"ut1_{cat}",
                                  (str(path.relative_to(data)),), "hosts", "CC BY-SA 4.0",
                                  "Université Toulouse 1 Capitole (Fabrice Prigent), UT1 blacklists, "
                                  "https://dsi.ut-capitole.fr/blacklists/"))
    return sources


def read_majestic(data: Path) -> pd.DataFrame:
    """The Majestic top list as ``host, rank`` (normalised hosts, best rank per host)."""
    df = pd.read_csv(data / "reference/majestic_million_top15000.csv", usecols=["GlobalRank", "Domain"])
    df["host"] = [normalise_host(str(d)) for d in df["Domain"]]
    df = df.dropna(subset=["host"])
    return df.groupby("host", as_index=False)["GlobalRank"].min().rename(columns={"GlobalRank": "rank"})


def read_source(data: Path, src: Source, majestic: pd.DataFrame) -> tuple[list[str], int]:
    """Normalised hosts of ``src`` and the number of entries that were not usable hosts (or were IPs)."""
    if src.reader == "majestic":
        return majestic["host"].tolist(), 0
    hosts: list[str] = []
    bad = 0
    for rel in src.paths:
        for raw in READERS[src.reader](data / rel):
            h = normalise_host(raw.lstrip("*.").strip())
            if h is None or is_ip_host(h) or "." not in h:
                bad += 1
            else:
                hosts.append(h)
    return hosts, bad


def unit_of(host: str, shared_parents: frozenset[str]) -> tuple[str, str]:
    """``(domain, host)`` of the labeled unit for a listed ``host``; ``host`` is '' for domain-level units.

    A leading ``www.`` is ignored. A subdomain of a shared parent (popular site or blog platform) is a unit
    of its own; any other subdomain is folded into its registrable domain.
    """
    bare = _strip_www(host)
    domain = registrable_domain(bare)
    if bare != domain and domain in shared_parents:
        return domain, bare
    return domain, ""


def _strip_www(host: str) -> str:
    """``host`` without a leading ``www.``, unless that would leave a public suffix (``www.gov.cn``)."""
    return host[4:] if host.startswith("www.") and not is_public_suffix(host[4:]) else host


def load_category_sets(data: Path) -> dict[str, set[str]]:
    """Registrable domains and hosts named by each risky category list (``ut1:<cat>``, ``blp:<cat>``)."""
    out: dict[str, set[str]] = {}
    for cat in UT1_RISKY:
        path = data / f"reference/ut1_categories/{cat}.txt"
        if path.exists():
            out[f"ut1:{cat}"] = _names(read_hosts(path))
    for cat in BLOCKLISTPROJECT_RISKY:
        path = data / f"reference/blocklistproject/{cat}.txt"
        if path.exists():
            out[f"blocklistproject:{cat}"] = _names(read_hosts(path))
    return out


def _names(raw: Iterable[str]) -> set[str]:
    """Normalised hosts: only exact hosts are matched, so a category entry never taints a whole platform."""
    return {_strip_www(h) for h in (normalise_host(r) for r in raw) if h}


def collect(data: Path, sources: list[Source]) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, dict[str, int]]]:
    """Long table ``source, domain, host, listed_host`` of every list entry, the Majestic table, raw counts."""
    majestic = read_majestic(data)
    shared = frozenset(BLOG_PLATFORMS | {registrable_domain(h) for h in majestic["host"]})
    rows: list[tuple[str, str, str, str]] = []
    raw_counts: dict[str, dict[str, int]] = {}
    for src in sources:
        hosts, bad = read_source(data, src, majestic)
        units = {unit_of(h, shared) + (h,) for h in hosts}
        raw_counts[src.name] = {"entries": len(hosts) + bad, "unusable": bad, "units": len({u[:2] for u in units})}
        rows += [(src.name, d, h, lh) for d, h, lh in units]
        log.info("%-40s %6d entries -> %6d units (%d unusable)", src.name, len(hosts) + bad,
                 raw_counts[src.name]["units"], bad)
    long = pd.DataFrame(rows, columns=["source", "domain", "host", "listed_host"])
    return long, majestic, raw_counts


def popularity(units: pd.DataFrame, majestic: pd.DataFrame) -> pd.Series:
    """Majestic rank of each unit: the host's own rank for host-level units, else the domain's best rank."""
    by_host = dict(zip(majestic["host"], majestic["rank"]))
    best_under: dict[str, int] = {}
    for h, r in by_host.items():
        d = registrable_domain(h)
        best_under[d] = min(r, best_under.get(d, r))
    ranks = [by_host.get(h) if h else by_host.get(d, best_under.get(d)) for d, h in zip(units["domain"], units["host"])]
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


def build(data: Path, seed: int) -> dict[str, object]:
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
        .agg(sources=("source", lambda s: sorted(set(s), key=priority.__getitem__)),
             labels=("label", lambda s: frozenset(s)),
             listed=("listed_host", lambda s: sorted(set(s))))
        .reset_index()
    )
    per_unit["popularity_rank"] = popularity(per_unit, majestic)

    def risky_hits(row: pd.Series) -> list[str]:
        names = {_strip_www(h) for h in row["listed"]} | {row["host"] or row["domain"]}
        return sorted(cat for cat, members in risky.items() if names & members)

    per_unit["risky"] = per_unit.apply(risky_hits, axis=1)
    both = per_unit["labels"].map(len) == 2
    popular_toxic = per_unit["labels"].map(lambda s: s == {1}) & per_unit["popularity_rank"].notna()
    clean_only = per_unit["labels"].map(lambda s: s == {0})
    clean_risky = clean_only & per_unit["risky"].map(bool)
    # Wikipedia blacklists URL shorteners as a policy (they hide the target), not as spam.
    wiki_shortener = per_unit["sources"].map(lambda s: s == ["wikipedia_blacklist"]) & per_unit["risky"].map(
        lambda r: bool({"ut1:shortener", "ut1:redirector"} & set(r)))
    # A public or private suffix (``gov.cn``, ``blogspot.com``, ``pages.dev``) is not a site: listing it
    # would cover every site below it.
    suffix = per_unit.apply(lambda r: is_public_suffix(r["host"] or r["domain"]), axis=1)
    dropped = both | popular_toxic | clean_risky | wiki_shortener | suffix

    conflicts = per_unit[dropped].copy()
    conflicts["resolution"] = np.select(
        [conflicts.index.isin(per_unit.index[suffix]), conflicts.index.isin(per_unit.index[clean_risky]),
         conflicts.index.isin(per_unit.index[wiki_shortener])],
        ["dropped_suffix", "dropped_from_clean", "dropped_from_toxic"], "dropped_from_both")
    conflicts["reason"] = [
        conflict_reason(r, meta) for _, r in conflicts.iterrows()
    ]
    kept = per_unit[~dropped].copy()
    kept["label"] = kept["labels"].map(lambda s: next(iter(s)))
    kept["source"] = kept["sources"].map(lambda s: s[0])
    kept["all_sources"] = kept["sources"].map(";".join)
    kept["source_group"] = kept["source"].map(lambda s: meta[s].group)
    kept["kind"] = kept["source"].map(lambda s: meta[s].kind)
    ut1_small = {s.name for s in sources if s.name.startswith("clean:ut1_")
                 and raw_counts[s.name]["units"] < UT1_SMALL}
    kept.loc[kept["source"].isin(ut1_small), "source_group"] = UT1_SMALL_GROUP
    # The owner decides the kind; a UT1 site that is also popular is described as popular.
    kept.loc[(kept["label"] == 0) & kept["popularity_rank"].notna(), "kind"] = "popular"

    clean_pool = kept[kept["label"] == 0]
    toxic = kept[kept["label"] == 1]
    clean = sample_clean(clean_pool, toxic, seed)
    table = pd.concat([toxic, clean]).sort_values(["label", "domain", "host"], ascending=[False, True, True])
    table = finish_columns(table)
    return {
        "table": table.reset_index(drop=True),
        "conflicts": finish_conflicts(conflicts),
        "long": long,
        "clean_pool": clean_pool,
        "raw_counts": raw_counts,
        "sources": sources,
        "risky": {k: len(v) for k, v in risky.items()},
    }


def conflict_reason(row: pd.Series, meta: dict[str, Source]) -> str:
    """One plain sentence on why a unit was left out."""
    toxic = [s for s in row["sources"] if meta[s].label == 1]
    clean = [s for s in row["sources"] if meta[s].label == 0]
    if is_public_suffix(row["host"] or row["domain"]):
        return "a public or private suffix (a platform or registry), not a site; listed in " + ", ".join(row["sources"])
    if not toxic:
        return "clean candidate also named by a risky category list (" + ", ".join(row["risky"]) + ")"
    if not clean and pd.isna(row["popularity_rank"]):
        return "URL shortener or redirector (" + ", ".join(row["risky"]) + ") on Wikipedia's blacklist by policy"
    rank = row["popularity_rank"]
    if pd.notna(rank) and not clean:
        clean = ["clean:majestic_top"]
    parts = "toxic in " + ", ".join(toxic) + "; clean in " + ", ".join(clean)
    if pd.notna(rank):
        parts += f"; Majestic rank {int(rank)}"
    return parts


def sample_clean(pool: pd.DataFrame, toxic: pd.DataFrame, seed: int) -> pd.DataFrame:
    """Cap each clean list, drawing units with TLD weights that pull the clean TLD mix towards the toxic one."""
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


COLUMNS = [
    "domain", "host", "label", "source", "source_group", "all_sources", "kind", "popularity_rank", "tld",
    "is_platform", "hosting_platform", "ordinary_small_site", "audit_holdout", "weight",
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
    out = pd.DataFrame({
        "domain": c["domain"], "host": c["host"],
        "toxic_sources": [";".join(s for s in ss if not s.startswith("clean:")) for ss in c["sources"]],
        "clean_sources": [";".join(s for s in ss if s.startswith("clean:")) for ss in c["sources"]],
        "risky_categories": c["risky"].map(";".join),
        "popularity_rank": c["popularity_rank"],
        "resolution": c["resolution"], "reason": c["reason"],
    })
    return out.sort_values(["resolution", "popularity_rank", "domain", "host"], na_position="last")


# --------------------------------------------------------------------------------------------- statistics


def overlaps(long: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    """Pairwise overlap (shared units) between lists, before ownership is assigned."""
    key = long["domain"] + "|" + long["host"]
    sets = {n: set(key[long["source"] == n]) for n in names}
    rows = []
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            shared = len(sets[a] & sets[b])
            if shared:
                rows.append({"a": a, "b": b, "shared": shared, "share_of_a": shared / len(sets[a]),
                             "share_of_b": shared / len(sets[b])})
    return pd.DataFrame(rows).sort_values("shared", ascending=False)


def share(mask: pd.Series) -> str:
    return f"{100 * mask.mean():.1f}%" if len(mask) else "n/a"


def statistics(result: dict[str, object]) -> dict[str, object]:
    """Measured figures for the manifest, the datasheet and the printed summary."""
    t: pd.DataFrame = result["table"]  # type: ignore[assignment]
    long: pd.DataFrame = result["long"]  # type: ignore[assignment]
    sources: list[Source] = result["sources"]  # type: ignore[assignment]
    toxic_names = [s.name for s in sources if s.label == 1 and not s.name.startswith(("seo_business:", "disavow:site:"))]
    toxic_names += ["seo_business:*", "disavow:site:*"]
    merged = long.assign(source=long["source"].str.replace(r"^(seo_business|disavow:site):.*$", r"\1:*", regex=True))
    ov = overlaps(merged, toxic_names + ["clean:majestic_top"] + [s.name for s in sources if s.name.startswith("clean:ut1_")])
    ref_names = ["referrer:matomo", "referrer:desbma", "referrer:apache", "disavow:mitchellkrogza"]
    key = long["domain"] + "|" + long["host"]
    ref_union = set(key[long["source"].isin(ref_names)])
    big3 = ["disavow:mertcangokgoz", "disavow:coolrecep", "disavow:mitchellkrogza"]
    big_sets = [set(key[long["source"] == n]) for n in big3]
    big_pairs = (big_sets[0] & big_sets[1]) | (big_sets[0] & big_sets[2]) | (big_sets[1] & big_sets[2])
    top_tlds = set(t[t["label"] == 1]["tld"].value_counts().head(12).index)
    top_tlds |= set(t[t["label"] == 0]["tld"].value_counts().head(12).index)
    tld_rows = {int(lab): {k: int(v) for k, v in grp["tld"].value_counts().items() if k in top_tlds}
                for lab, grp in t.groupby("label")}
    platform = {}
    for lab, grp in t.groupby("label"):
        platform[int(lab)] = {
            "is_platform": share(grp["is_platform"] == 1),
            "hosting_platform": share(grp["hosting_platform"] != ""),
            "host_level": share(grp["host"] != ""),
        }
    per_source_platform = (
        t.assign(p=(t["hosting_platform"] != "")).groupby("source_group")["p"].mean().mul(100).round(1).to_dict()
    )
    tld_by_group = (
        t.groupby("source_group")["tld"]
        .agg(lambda s: ", ".join(f".{k} {100 * v / len(s):.0f}%" for k, v in s.value_counts().head(3).items()))
        .to_dict()
    )
    return {
        "rows": len(t),
        "by_label": {int(k): int(v) for k, v in t["label"].value_counts().sort_index().items()},
        "by_source": t.groupby(["label", "source"]).size().rename("n").reset_index(),
        "by_group": t.groupby(["label", "source_group"]).agg(n=("domain", "size"), weight=("weight", "sum"))
        .reset_index(),
        "by_kind": t.groupby(["label", "kind"]).size().rename("n").reset_index(),
        "ordinary_small_sites": int(t["ordinary_small_site"].sum()),
        "popular_clean": int(((t["label"] == 0) & t["popularity_rank"].notna()).sum()),
        "audit_holdout": int(t["audit_holdout"].sum()),
        "overlaps": ov,
        "referrer_union": len(ref_union),
        "big3_shared": len(big_pairs),
        "big3_shared_in_referrer": len(big_pairs & ref_union),
        "tld_top": tld_rows,
        "tld_by_group": tld_by_group,
        "platform": platform,
        "platform_by_group": per_source_platform,
        "fr_share": {int(k): share(g["tld"] == "fr") for k, g in t.groupby("label")},
        "com_share": {int(k): share(g["tld"] == "com") for k, g in t.groupby("label")},
        "conflicts": result["conflicts"],
        "raw_counts": result["raw_counts"],
        "clean_pool": len(result["clean_pool"]),  # type: ignore[arg-type]
        "clean_pool_fr": share(result["clean_pool"]["domain"].str.endswith(".fr")),  # type: ignore[index]
    }


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


# ------------------------------------------------------------------------------------------------ writing


def gzip_csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV, gzip-compressed with a fixed header (no file name, mtime 0) so equal data gives equal bytes."""
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(df.to_csv(index=False, lineterminator="\n").encode("utf-8"))
    return buf.getvalue()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def md_table(df: pd.DataFrame) -> str:
    """A small DataFrame as a Markdown table."""
    cols = list(df.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in df.itertuples(index=False):
        lines.append("| " + " | ".join(_fmt(v) for v in row) + " |")
    return "\n".join(lines)


def _fmt(v: object) -> str:
    if isinstance(v, float):
        return f"{v:,.1f}"
    if isinstance(v, (int, np.integer)):
        return f"{v:,}"
    return str(v).replace("|", "\\|")


SIM_BEGIN = "<!-- BEGIN simulated-link-context: kept as is by tools/build_training_data.py -->"
SIM_END = "<!-- END simulated-link-context -->"
SIM_DEFAULT = f"""{SIM_BEGIN}
**To be completed by the model trainer.** No public data has labeled anchors, page titles, surrounding
text, link attributes or link metrics (Trust Flow, Domain Rating, Spam Score ...): every label in this set is
a *domain-level list membership*. Any link context used in training on top of this set is therefore
**simulated**, and this section must state, for each simulated column: the generator (function and
commit), the assumptions it encodes (for example "toxic anchors drawn from ... with probability ..."), the
share of rows that carry it, and how a simulated value is kept apart from an observed one in the features
and the model card. Until this section is filled in, assume that no simulated context has been used.
{SIM_END}"""


def preserved_simulation_section(path: Path) -> str:
    """The trainer's simulated-context section of an existing datasheet, or the placeholder."""
    if path.exists():
        text = path.read_text(encoding="utf-8")
        if SIM_BEGIN in text and SIM_END in text:
            return text[text.index(SIM_BEGIN): text.index(SIM_END) + len(SIM_END)]
    return SIM_DEFAULT


EXCLUDED_INPUTS = """\
| input | why it is not a label source |
|---|---|
| `super_seo_spam_suppressor/domains/_imported/Fake.txt` (HaGeZi fake-store DNS list, 17k) | fake shops and scams, not link spam; GPL-3.0 |
| `super_seo_spam_suppressor/domains/Spam/` folders Ads, Buy-my-book-or-formation-or-whatever, Invite_campaigns, Lobbying, Mail, Phone | e-mail, phone, lobbying and advertising annoyances, not link spam |
| `super_seo_spam_suppressor/tlds*.txt` | whole TLDs (`.ai`, `.eth` ...): would teach the TLD, not toxicity |
| `reference/ut1_categories/` risky categories ({ut1_risky}) | used only to keep such sites off the clean side |
| `reference/blocklistproject/` ({blp}) | used only to keep such sites off the clean side (Unlicense) |
| `reference/iana_tlds.txt` | not needed: the PSL bundled with tldextract decides registrable domains |
"""

LICENCE_TEXT = """\
# Licence of the training data

`training_data/domains.csv.gz` and `training_data/conflicts.csv` are a compilation of domain names taken
from the public lists named in `DATASHEET.md` (section "Sources"), selected, normalised and labeled by
`tools/build_training_data.py`. Each list keeps its own licence; the notices below are required.

## ShareAlike: this data set is distributed under CC BY-SA 4.0

The set includes material under **Creative Commons Attribution-ShareAlike 4.0** (the UT1 category lists
and Wikipedia's spam blacklist). The compiled set (`domains.csv.gz`, `conflicts.csv`) is therefore
distributed under **CC BY-SA 4.0** (https://creativecommons.org/licenses/by-sa/4.0/): you may share and
adapt it, including commercially, if you give appropriate credit (the attributions below), indicate changes
(the builder and the datasheet describe them: normalisation to registrable domains, sampling, conflict
removal) and distribute adaptations under the same licence. The project's code is MIT-licensed; the
ShareAlike obligation applies to this data and to adaptations of it, not to the code.
Whether a model trained on the data is an adaptation of it is not settled; the project attributes the data
in the model card either way.

## Required attributions

- **UT1 blacklists**: Université Toulouse 1 Capitole, maintained by Fabrice Prigent,
  https://dsi.ut-capitole.fr/blacklists/ , CC BY-SA 4.0. Used: the category lists named in the datasheet;
  changed: normalised, filtered against risky categories and toxic lists, sampled.
- **Wikipedia spam blacklist**: Wikimedia Meta-Wiki contributors, "Spam blacklist",
  https://meta.wikimedia.org/wiki/Spam_blacklist (retrieved 2025-11-09 via NotaInutilis/Super-SEO-Spam-Suppressor),
  CC BY-SA 4.0; changed: regular expressions reduced to plain hosts upstream, normalised here.
- **Majestic Million**: "Majestic Million" by Majestic (https://majestic.com/reports/majestic-million),
  CC BY 3.0 (https://creativecommons.org/licenses/by/3.0/); top 15,000 used; changed: sampled, ranks copied
  into `popularity_rank`.
- MIT-licensed disavow files and bad-referrer list: copyright their authors (repositories listed in the
  datasheet); MIT notice: "Permission is hereby granted, free of charge, to any person obtaining a copy of
  this software and associated documentation files ... The above copyright notice and this permission
  notice shall be included in all copies or substantial portions of the Software."
- Super-SEO-Spam-Suppressor (NotaInutilis), desbma referer-spam-domains-blacklist: WTFPL.
- matomo referrer-spam-list: public domain. quenhus uBlock-Origin-dev-filter: The Unlicense.
- SpamdexingSites (elliotwutingfeng): BSD-3-Clause, "Copyright (c) elliotwutingfeng. Redistribution and
  use in source and binary forms, with or without modification, are permitted provided that ... the above
  copyright notice, this list of conditions and the following disclaimer" are retained.
- seo-garbage (insomnimus): Apache License 2.0.
- content-farm-list (wdmpa): no licence stated upstream; redistributed inside Super-SEO-Spam-Suppressor.
"""


def datasheet(stats: dict[str, object], result: dict[str, object], manifest: dict[str, object],
              sim_section: str) -> str:
    """The full DATASHEET.md text."""
    t: pd.DataFrame = result["table"]  # type: ignore[assignment]
    sources: list[Source] = result["sources"]  # type: ignore[assignment]
    raw = result["raw_counts"]  # type: ignore[assignment]
    conflicts: pd.DataFrame = stats["conflicts"]  # type: ignore[assignment]
    owned = t["source"].value_counts()
    src_rows = []
    for s in sources:
        if s.name.startswith("seo_business:") and s.name != "seo_business:AB_Internet":
            continue
        name = "seo_business:* (29 operator files)" if s.name.startswith("seo_business:") else s.name
        if name.startswith("seo_business:"):
            units = sum(v["units"] for k, v in raw.items() if k.startswith("seo_business:"))
            entries = sum(v["entries"] for k, v in raw.items() if k.startswith("seo_business:"))
            rows = int(owned[[k for k in owned.index if k.startswith("seo_business:")]].sum())
        else:
            units, entries, rows = raw[s.name]["units"], raw[s.name]["entries"], int(owned.get(s.name, 0))
        src_rows.append({"source": name, "label": s.label, "kind": s.kind, "group": s.group,
                         "entries": entries, "units": units, "rows owned": rows, "licence": s.licence,
                         "attribution": s.attribution})
    ov: pd.DataFrame = stats["overlaps"]  # type: ignore[assignment]
    ov_show = ov.head(20).assign(share_of_a=lambda d: (100 * d["share_of_a"]).round(1),
                                 share_of_b=lambda d: (100 * d["share_of_b"]).round(1))
    ov_show = ov_show.rename(columns={"share_of_a": "% of a", "share_of_b": "% of b"})
    by_res = conflicts["resolution"].value_counts()
    popular_dis = conflicts[conflicts["toxic_sources"].str.contains("disavow:") & conflicts["popularity_rank"].notna()]
    ex_popular = ", ".join(
        f"`{h or d}` (rank {int(r)}; {ts})" for d, h, r, ts in
        popular_dis[["domain", "host", "popularity_rank", "toxic_sources"]].head(EXAMPLES).itertuples(index=False))
    ex_wiki = ", ".join(f"`{d}`" for d in conflicts.loc[conflicts["resolution"] == "dropped_from_toxic", "domain"]
                        .head(EXAMPLES))
    ex_risky = ", ".join(f"`{h or d}` ({c})" for d, h, c in conflicts.loc[
        conflicts["resolution"] == "dropped_from_clean", ["domain", "host", "risky_categories"]].head(8)
        .itertuples(index=False))
    tld = stats["tld_top"]  # type: ignore[assignment]
    tld_df = pd.DataFrame({"toxic (1)": pd.Series(tld[1], dtype=float),
                           "clean (0)": pd.Series(tld[0], dtype=float)}).fillna(0).astype(int)
    tld_df = tld_df.sort_values("toxic (1)", ascending=False).reset_index(names="tld")
    plat = stats["platform"]  # type: ignore[assignment]
    sc = stats["shortcuts"]  # type: ignore[assignment]
    grp = stats["by_group"].assign(  # type: ignore[union-attr]
        top_tlds=lambda d: d["source_group"].map(stats["tld_by_group"]),  # type: ignore[arg-type]
        on_hosting_platform_pct=lambda d: d["source_group"].map(stats["platform_by_group"]))  # type: ignore[arg-type]
    popular_rank = t.loc[t["label"] == 0, "popularity_rank"].dropna()
    n0, n1 = stats["by_label"][0], stats["by_label"][1]  # type: ignore[index]
    p = manifest["parameters"]  # type: ignore[index]
    return f"""# Datasheet: toxicity training data (`training_data/`)

Generated by `tools/build_training_data.py` (format version {FORMAT_VERSION}, seed {p["seed"]}) from
`../shared/data`; numbers below are measured on the committed files. Do not edit by hand except the
section "Simulated link context", which the builder keeps as it stands.

## What this is

{stats["rows"]:,} labeled units: {n1:,} toxic (label 1) and {n0:,} clean (label 0), of which
{stats["ordinary_small_sites"]:,} are ordinary small sites (clean, not in the Majestic top 15k) and
{stats["popular_clean"]:,} popular sites. A unit is a registrable domain (PSL with private suffixes, so
`x.blogspot.com` is a site of its own), or a single host when a list names a subdomain of a popular site or
of a blog / free-hosting platform (`x.wordpress.com`, `x.free.fr`): then `host` is filled.
{stats["audit_holdout"]} toxic units come from small per-site disavow files and form an "audit-like"
hold-out (see below). {len(conflicts):,} candidates were left out and are listed in `conflicts.csv`.

Rebuild (developers only, needs `../shared/data`):

    /work/venv/bin/python tools/build_training_data.py

The build is deterministic for a given seed, input files and Public Suffix List snapshot (the one bundled
with the installed tldextract {manifest["versions"]["tldextract"]}); `MANIFEST.json` records the SHA-256 of
every input and output file. Tests: `pytest tests/training_data`.

## What a label means

Label 1: at least one public list of toxic, spam, SEO-spam or disavowed domains names this unit.
Label 0: a reference of ordinary categorised sites (UT1 categories such as press, blog, sports, bank,
shopping) or of popular sites (Majestic top 15k) names it, no toxic list names it, and no risky category
list (UT1 gambling/adult/warez/..., blocklistproject scam/phishing/...) names it.

These are **domain-level list memberships**, not link-level human judgements. Nobody judged a link; list
authors judged sites, with their own purposes (blocking referrer spam in analytics, cleaning search
results, defending one site from negative SEO, filtering school networks). A label 0 means "on an
ordinary-site reference and on no toxic list", not "verified safe". No public source labels anchors,
titles, link context or link metrics.

## Files and columns

`domains.csv.gz` (gzip CSV, UTF-8, one row per unit, sorted by label then domain):

| column | meaning |
|---|---|
| domain | registrable domain, lower-case, punycode (`toxicity.domains.registrable_domain`, private suffixes on) |
| host | the host, when the label applies to one host below a shared parent; empty otherwise |
| label | 1 toxic-listed, 0 clean reference |
| source | the list that owns the unit (first in priority order among the lists naming it, see "Overlaps") |
| source_group | cross-validation group: every unit of a list is in one group; near-duplicate lists share one |
| all_sources | every list naming the unit, `;`-joined, in priority order |
| kind | community_disavow, site_disavow, referrer_spam, pbn_operator, seo_spam, spamdexing, content_farm, wiki_spam_blacklist (toxic); popular, ordinary_small_site (clean) |
| popularity_rank | Majestic global rank when the unit (or, for a domain, its best-ranked host) is in the top 15k; empty otherwise |
| tld | last label of the unit's name |
| is_platform | 1 if the unit sits under a private PSL suffix (blogspot.com, github.io, pages.dev ...) |
| hosting_platform | the blog / free-hosting platform the unit lives on (private suffix or a known platform such as wordpress.com), empty otherwise |
| ordinary_small_site | 1 for clean units not in the Majestic top 15k: report false positives on these |
| audit_holdout | 1 for units owned by a small per-site disavow file (kind site_disavow) |
| weight | training weight: each source_group with more than {GROUP_WEIGHT_CAP:,} units is down-weighted to a total of {GROUP_WEIGHT_CAP:,} |

`conflicts.csv`: domain, host, toxic_sources, clean_sources, risky_categories, popularity_rank,
resolution (`dropped_from_both`, `dropped_from_toxic`, `dropped_from_clean`, `dropped_suffix`), reason.

## Sources

"entries" are usable lines read, "units" distinct units after normalisation (subdomains folded into their
registrable domain unless under a shared parent), "rows owned" the units this list owns in the final set
(after overlap ownership, conflict removal and clean-side sampling).

{md_table(pd.DataFrame(src_rows))}

`labels/disavow_files/SOURCES.csv` lists the coolrecep file twice with two commits (c391f68 and 118e2b4);
the file content is one. keriganmarketing/medlicense and programmer-man/medlicense are two copies of one
site's disavow file (51 of 52 units shared); both are in the site_disavow group.

Inputs read but not used as labels:

{EXCLUDED_INPUTS.format(ut1_risky=", ".join(UT1_RISKY), blp=", ".join(BLOCKLISTPROJECT_RISKY))}
## Counts

By label and kind:

{md_table(stats["by_kind"])}

By cross-validation group (n units, total weight, top TLDs, % on a hosting platform):

{md_table(grp)}

UT1 categories with fewer than {UT1_SMALL} units share the group `{UT1_SMALL_GROUP}`.

## Overlaps between lists

Measured on units before ownership is assigned (top 20 pairs; all toxic lists, Majestic and the UT1
clean categories; the 29 SEO-business files and the 7 site disavow files are each counted as one list):

{md_table(ov_show)}

- The three biggest disavow lists (mertcangokgoz, coolrecep, mitchellkrogza) share {stats["big3_shared"]:,}
  units between at least two of them; {stats["big3_shared_in_referrer"]:,} of these are on a referrer-spam
  list. mertcangokgoz contains nearly all of matomo's and apache's referrer spammers; the mitchellkrogza
  disavow file *is* the apache bad-referrers list. The referrer-spam lists together name
  {stats["referrer_union"]:,} units. They are not independent evidence.
- Resolution: every unit has one owner, the first list naming it in this priority order: site disavow
  files, SEO-business operators, public-services spamdexing, quenhus, seo-garbage, SpamdexingSites, content
  farms, Wikipedia blacklist, referrer-spam lists, coolrecep, mertcangokgoz, Majestic top, UT1 categories.
  Small curated lists come first so their held-out evaluation keeps all their entries; the big mixed lists
  own only what no other list names. All referrer-spam lists and the mitchellkrogza file form one group
  (`referrer_spam`), so holding out `community_disavow:mertcangokgoz` evaluates on the
  {int(owned.get("disavow:mertcangokgoz", 0)):,} units only mertcangokgoz names, none of which is in training.
- Clean side: a UT1 site in the Majestic top 15k is owned by `clean:majestic_top` (kind popular), so the
  UT1 groups hold only small sites.

## Conflicts and list errors

{by_res.get("dropped_from_both", 0):,} units are on a toxic list *and* on a clean reference (Majestic top 15k or a
clean UT1 category); they are dropped from both sides. Very popular sites in disavow lists, e.g.:
{ex_popular}.
Whole platforms and shared hosts appear too (`pages.dev` and `sites.google.com` are disavowed as a whole in
community lists), which would disavow every site below them.
Wikipedia's blacklist also names popular sites (shorteners and link hubs such as `youtu.be`, `wa.me`,
`linktr.ee`): a Wikipedia editorial policy, not evidence of toxicity.

{by_res.get("dropped_from_toxic", 0):,} units are only on Wikipedia's spam blacklist and are URL shorteners or
redirectors (UT1 shortener/redirector): Wikipedia blocks them by policy, not as spam; dropped from the
toxic side. Examples: {ex_wiki}.

{by_res.get("dropped_suffix", 0):,} units are public or private suffixes, not sites (for example `pages.dev`, `gov.cn`
from Majestic, `blogspot.com`): dropped.

{by_res.get("dropped_from_clean", 0):,} clean candidates are also on a risky category list and were kept off the
clean side, e.g. {ex_risky}.

## Known biases (measured)

Single host-name shortcuts, ROC-AUC on this set (0.5 = no information; a high figure is a shortcut a
model will learn, not evidence of toxicity): TLD alone (out-of-fold per-TLD rate) {sc["tld_only"]};
"not in Majestic top 15k" {sc["not_in_majestic_top"]}; is_platform {sc["is_platform"]}; on a hosting
platform {sc["on_hosting_platform"]}; name length {sc["name_length"]}; digit or hyphen in the name
{sc["digit_or_hyphen"]}.

- **Popularity.** {stats["popular_clean"]:,} of {n0:,} clean units ({100 * stats["popular_clean"] / n0:.1f}%) are popular
  (Majestic top 15k, median rank {int(popular_rank.median()) if len(popular_rank) else 0:,}); popular toxic-listed
  units were removed as conflicts, so *no* toxic unit has a popularity rank: "popular" means "clean" here
  without exception. Never feed `popularity_rank` to a model as is; report false positives on
  `ordinary_small_site == 1`. The Majestic list was capped at {POPULAR_CAP:,} units and each UT1 category at
  {CLEAN_CAP:,}.
- **TLD and language.** `.com` is {stats["com_share"][1]} of toxic and {stats["com_share"][0]} of clean units;
  `.fr` {stats["fr_share"][1]} vs {stats["fr_share"][0]}. The clean pool (all eligible clean units,
  {stats["clean_pool"]:,}) is {stats["clean_pool_fr"]} `.fr`; the small French UT1 categories (cooking,
  liste_blanche, child) are mostly `.fr`. SpamdexingSites is mostly `.de`, `.pl`, `.it` (hacked European small
  sites), referrer spam is heavy in `.ru`, coolrecep in new gTLDs (`.online`, `.info`). Sampling of the capped
  clean lists draws units with weights = (toxic share of the TLD / clean-pool share), clipped to
  {TLD_WEIGHT_RANGE}, which narrows but cannot close the gap: many spam TLDs (`.xyz`, `.online`) have almost
  no clean examples. Top TLDs:

{md_table(tld_df)}

- **Blog-platform subdomains.** Units on a hosting platform: toxic {plat[1]["hosting_platform"]}, clean
  {plat[0]["hosting_platform"]} (private PSL suffix only: toxic {plat[1]["is_platform"]}, clean
  {plat[0]["is_platform"]}); host-level units: toxic {plat[1]["host_level"]}, clean {plat[0]["host_level"]}.
  The per-site disavow files are the most platform-heavy toxic group
  ({stats["platform_by_group"].get("site_disavow", 0.0):.1f}% on a hosting platform: blogspot spam). In real audits 15-20%
  of the *accepted* domains are on blog platforms: both sides here under-represent platform-hosted sites, so
  a model trained here has seen few legitimate platform blogs and must not treat "on a platform" as toxic.
- **How lists were compiled.** Referrer-spam lists name analytics spammers (many never link); SpamdexingSites
  names hacked small sites; the Wikipedia list names sites spammed *into Wikipedia* and includes commercial
  sites; content farms are mostly Chinese `.cn`/`.com`; SEO-business lists are mostly French agencies and
  their PBN blogs; coolrecep is negative-SEO attacks on Turkish tech sites (scraper subdomains, folded into
  their registrable domains here). Per-list features (TLD mix, name shapes) identify the list more than
  toxicity: evaluate with `source_group` held out, never with random folds.
- **The host string carries little of what auditors decide on.** Models trained on these lists from host
  names alone reached 0.35-0.75 ROC-AUC on real audit decisions; use anchors, titles, metrics and the
  auditor's own labels where an export has them.

## Audit-like hold-out

{stats["audit_holdout"]} toxic units (`audit_holdout == 1`, group `site_disavow`) come from {len(SITE_DISAVOWS)}
disavow files published by site owners for their own sites: real owners' decisions, the closest public
data to an audit. They have **no matching accepted set** (the domains those owners looked at and kept are
not published), so they can only measure recall at each band, or ROC-AUC against the clean
`ordinary_small_site` units, which come from other lists; they cannot measure false positives on the same
sites' accepted domains. Two of the files are copies of one file (medlicense).

## Licence and attribution

The set includes CC BY-SA 4.0 material (UT1 categories, Wikipedia spam blacklist), so the compiled data
is distributed under **CC BY-SA 4.0** (ShareAlike); see `LICENSE.md` for the notice and all required
attributions (Majestic Million is CC BY 3.0: "Majestic Million by Majestic, CC BY 3.0"). Every source's
licence is in the table above.

## Simulated link context

{sim_section}
"""


def write_outputs(out: Path, result: dict[str, object], stats: dict[str, object], data: Path,
                  seed: int) -> dict[str, object]:
    """Write data files, MANIFEST.json, LICENSE.md and DATASHEET.md into ``out``; return the manifest."""
    out.mkdir(parents=True, exist_ok=True)
    table: pd.DataFrame = result["table"]  # type: ignore[assignment]
    conflicts: pd.DataFrame = stats["conflicts"]  # type: ignore[assignment]
    files = {
        "domains.csv.gz": gzip_csv_bytes(table),
        "conflicts.csv": conflicts.to_csv(index=False, lineterminator="\n").encode("utf-8"),
    }
    for name, blob in files.items():
        (out / name).write_bytes(blob)
    sources: list[Source] = result["sources"]  # type: ignore[assignment]
    inputs = sorted({rel for s in sources for rel in s.paths})
    inputs += ["labels/disavow_files/SOURCES.csv"]
    inputs += [f"reference/ut1_categories/{c}.txt" for c in UT1_RISKY
               if (data / f"reference/ut1_categories/{c}.txt").exists()]
    inputs += [f"reference/blocklistproject/{c}.txt" for c in BLOCKLISTPROJECT_RISKY]
    manifest: dict[str, object] = {
        "format_version": FORMAT_VERSION,
        "builder": "tools/build_training_data.py",
        "parameters": {"seed": seed, "clean_cap": CLEAN_CAP, "popular_cap": POPULAR_CAP,
                       "tld_weight_range": list(TLD_WEIGHT_RANGE), "group_weight_cap": GROUP_WEIGHT_CAP,
                       "ut1_small_group_below": UT1_SMALL},
        "versions": {"python": platform.python_version(), "pandas": pd.__version__, "numpy": np.__version__,
                     "tldextract": tldextract.__version__},
        "files": {name: {"sha256": sha256(blob), "bytes": len(blob)} for name, blob in files.items()},
        "columns": COLUMNS,
        "rows": len(table),
        "conflict_rows": len(conflicts),
        "counts": {
            "label": {str(k): int(v) for k, v in table["label"].value_counts().sort_index().items()},
            "source": {k: int(v) for k, v in table["source"].value_counts().sort_index().items()},
            "source_group": {k: int(v) for k, v in table["source_group"].value_counts().sort_index().items()},
            "kind": {k: int(v) for k, v in table["kind"].value_counts().sort_index().items()},
            "ordinary_small_site": int(table["ordinary_small_site"].sum()),
            "audit_holdout": int(table["audit_holdout"].sum()),
            "conflict_resolution": {k: int(v) for k, v in conflicts["resolution"].value_counts().sort_index().items()},
        },
        "shortcut_roc_auc": stats["shortcuts"],
        "inputs": {rel: sha256((data / rel).read_bytes()) for rel in inputs},
    }
    (out / "MANIFEST.json").write_text(json.dumps(manifest, indent=2, sort_keys=False) + "\n", encoding="utf-8")
    (out / "LICENSE.md").write_text(LICENCE_TEXT, encoding="utf-8")
    sim = preserved_simulation_section(out / "DATASHEET.md")
    (out / "DATASHEET.md").write_text(datasheet(stats, result, manifest, sim), encoding="utf-8")
    return manifest


def summary(manifest: dict[str, object], stats: dict[str, object]) -> str:
    """The few lines printed after a build."""
    c = manifest["counts"]  # type: ignore[index]
    lines = [(f"rows {manifest['rows']:,}  label {c['label']}  ordinary_small_site {c['ordinary_small_site']:,}  "
              f"audit_holdout {c['audit_holdout']}  conflicts {manifest['conflict_rows']:,} "
              f"{c['conflict_resolution']}")]
    lines.append("groups: " + ", ".join(f"{k} {v:,}" for k, v in c["source_group"].items()))
    lines.append(f"big-3 disavow lists share {stats['big3_shared']:,} units "
                 f"({stats['big3_shared_in_referrer']:,} referrer spam)")
    lines.append(f"shortcut ROC-AUC: {stats['shortcuts']}")
    lines.append("files: " + ", ".join(f"{k} {v['bytes'] / 1e6:.2f} MB" for k, v in manifest["files"].items()))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: build, write, print a summary."""
    repo = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=repo.parent / "shared" / "data",
                    help="folder with labels/ and reference/ (default: ../shared/data from the repo root)")
    ap.add_argument("--out", type=Path, default=repo / "training_data", help="output folder")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED, help="sampling seed")
    ap.add_argument("-v", "--verbose", action="store_true", help="log per-list counts")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s")
    if not (args.data / "labels").is_dir() or not (args.data / "reference").is_dir():
        print(f"error: {args.data} has no labels/ and reference/ folders; pass --data PATH to the shared data",
              file=sys.stderr)
        return 2
    result = build(args.data, args.seed)
    stats = statistics(result)
    stats["shortcuts"] = shortcut_aucs(result["table"], args.seed)  # type: ignore[arg-type]
    manifest = write_outputs(args.out, result, stats, args.data, args.seed)
    print(summary(manifest, stats))
    return 0


if __name__ == "__main__":
    sys.exit(main())
