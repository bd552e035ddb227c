"""Reading the public lists in ``../shared/data``: which lists are used, how each is read, and the unit a
host names.

Every list is read into normalised hosts; each host becomes a *unit*, its registrable domain or, below a
shared parent (a popular site or a blog / free-hosting platform), the host itself.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import pandas as pd

from toxicity.domains import (
    PLATFORMS,
    host_of_url,
    is_ip_host,
    is_public_suffix,
    normalise_host,
    registrable_domain,
)

log = logging.getLogger("build_training_data")

# Blog and free-hosting platforms whose subdomains are separate sites: the package's one list
# (toxicity/data/platforms.txt, also extra private suffixes in toxicity.domains), plus services whose
# subdomains are separate sites although they are not listed as platforms there (fc2.com: only
# blog.fc2.com is a platform; ameblo.jp and blogger.com put users under a path).
BLOG_PLATFORMS = PLATFORMS | frozenset(
    ["fc2.com", "myblog.fr", "overblog.com", "blogs-china.com", "blogger.com", "ameblo.jp", "hatenablog.jp"]
)

# UT1 categories of ordinary, legitimate sites used for the clean side.
UT1_CLEAN = (
    "blog",
    "press",
    "forums",
    "sports",
    "cooking",
    "bank",
    "shopping",
    "radio",
    "audio-video",
    "celebrity",
    "financial",
    "translation",
    "manga",
    "child",
    "educational_games",
    "liste_blanche",
    "webmail",
    "associations_religieuses",
)

# Categories whose members must not be used as clean examples.
UT1_RISKY = (
    "gambling",
    "arjel",
    "dating",
    "mixed_adult",
    "lingerie",
    "warez",
    "agressif",
    "drogue",
    "hacking",
    "ddos",
    "stalkerware",
    "cryptojacking",
    "fakenews",
    "sect",
    "marketingware",
    "publicite",
    "redirector",
    "shortener",
    "dynamic-dns",
    "tricheur",
    "residential-proxies",
    "dialer",
    "astrology",
    "bitcoin",
)
BLOCKLISTPROJECT_RISKY = (
    "scam",
    "phishing",
    "drugs",
    "crypto",
    "redirect",
    "piracy",
    "torrent",
    "ransomware",
)

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
        sources.append(
            Source(
                f"disavow:site:{owner}",
                1,
                "site_disavow",
                "site_disavow",
                (dis + fname,),
                "disavow",
                "MIT",
                f"https://github.com/{repo}",
            )
        )
    for f in sorted((data / SSSS / "domains/SEO_business").glob("*.txt")):
        sources.append(
            Source(
                f"seo_business:{f.stem}",
                1,
                "pbn_operator",
                "pbn_operator",
                (str(f.relative_to(data)),),
                "hosts",
                "WTFPL",
                "NotaInutilis/Super-SEO-Spam-Suppressor",
            )
        )
    public = tuple(
        str(f.relative_to(data))
        for f in sorted((data / SSSS / "domains/Spam/Public_services_spamdexing").glob("*.txt"))
    )
    sources += [
        Source(
            "seo_spam:public_services",
            1,
            "seo_spam",
            "pbn_operator",
            public,
            "hosts",
            "WTFPL",
            "NotaInutilis/Super-SEO-Spam-Suppressor",
        ),
        Source(
            "seo_spam:quenhus",
            1,
            "seo_spam",
            "seo_spam_copycat",
            ("labels/seo_spam/quenhus_seo_spam.txt",),
            "match_patterns",
            "Unlicense",
            "https://github.com/quenhus/uBlock-Origin-dev-filter",
        ),
        Source(
            "seo_spam:quenhus_global",
            1,
            "seo_spam",
            "seo_spam_copycat",
            (f"{SSSS}/domains/_imported/uBlock-Origin-dev-filter_Global.txt",),
            "hosts",
            "Unlicense",
            "https://github.com/quenhus/uBlock-Origin-dev-filter (via Super-SEO-Spam-Suppressor)",
        ),
        Source(
            "seo_spam:seo_garbage",
            1,
            "seo_spam",
            "seo_garbage",
            (f"{SSSS}/domains/_imported/seo-garbage.txt",),
            "hosts",
            "Apache-2.0",
            "https://github.com/insomnimus/seo-garbage (via Super-SEO-Spam-Suppressor)",
        ),
        Source(
            "spamdexing",
            1,
            "spamdexing",
            "spamdexing",
            (f"{SSSS}/domains/_imported/SpamdexingSites.txt",),
            "hosts",
            "BSD-3-Clause",
            "https://github.com/elliotwutingfeng/SpamdexingSites (via Super-SEO-Spam-Suppressor)",
        ),
        Source(
            "content_farm",
            1,
            "content_farm",
            "content_farm",
            (f"{SSSS}/domains/_imported/content-farm-list.txt",),
            "hosts",
            "not stated upstream; redistributed in Super-SEO-Spam-Suppressor (WTFPL)",
            "https://github.com/wdmpa/content-farm-list (via Super-SEO-Spam-Suppressor)",
        ),
        Source(
            "wikipedia_blacklist",
            1,
            "wiki_spam_blacklist",
            "wikipedia_blacklist",
            (f"{SSSS}/Unsorted_Gex/Wikipedia_abuse_lists/Spam_blacklist.txt",),
            "hosts",
            "CC BY-SA 4.0",
            "Wikimedia Meta-Wiki contributors, Spam blacklist, "
            "https://meta.wikimedia.org/wiki/Spam_blacklist (retrieved 2025-11-09, via "
            "Super-SEO-Spam-Suppressor)",
        ),
        Source(
            "referrer:matomo",
            1,
            "referrer_spam",
            "referrer_spam",
            ("labels/referrer_spam/matomo_spammers.txt",),
            "hosts",
            "Public domain",
            "https://github.com/matomo-org/referrer-spam-list",
        ),
        Source(
            "referrer:desbma",
            1,
            "referrer_spam",
            "referrer_spam",
            ("labels/referrer_spam/desbma_spammers.txt",),
            "hosts",
            "WTFPL",
            "https://github.com/desbma/referer-spam-domains-blacklist",
        ),
        Source(
            "referrer:apache",
            1,
            "referrer_spam",
            "referrer_spam",
            ("labels/referrer_spam/apache_bad_referrers.txt",),
            "hosts",
            "MIT",
            "https://github.com/mitchellkrogza/apache-ultimate-bad-bot-blocker",
        ),
        Source(
            "disavow:mitchellkrogza",
            1,
            "referrer_spam",
            "referrer_spam",
            (
                dis + "mitchellkrogza+apache-ultimate-bad-bot-blocker___google_webmaster_disavow_links__"
                "google-disavow.txt",
            ),
            "disavow",
            "MIT",
            "https://github.com/mitchellkrogza/apache-ultimate-bad-bot-blocker",
        ),
        Source(
            "disavow:coolrecep",
            1,
            "community_disavow",
            "community_disavow:coolrecep",
            (dis + "coolrecep+turkish-tech-disavow-list__disavow.txt",),
            "disavow",
            "MIT",
            "https://github.com/coolrecep/turkish-tech-disavow-list",
        ),
        Source(
            "disavow:mertcangokgoz",
            1,
            "community_disavow",
            "community_disavow:mertcangokgoz",
            (dis + "mertcangokgoz+public-disavow-links__disavow-links.txt",),
            "disavow",
            "MIT",
            "https://github.com/mertcangokgoz/public-disavow-links",
        ),
        Source(
            "clean:majestic_top",
            0,
            "popular",
            "popular",
            ("reference/majestic_million_top15000.csv",),
            "majestic",
            "CC BY 3.0",
            "Majestic Million, https://majestic.com/reports/majestic-million",
        ),
    ]
    for cat in UT1_CLEAN:
        path = data / f"reference/ut1_categories/{cat}.txt"
        if path.exists():
            sources.append(
                Source(
                    f"clean:ut1_{cat}",
                    0,
                    "ordinary_small_site",
                    f"ut1_{cat}",
                    (str(path.relative_to(data)),),
                    "hosts",
                    "CC BY-SA 4.0",
                    "Université Toulouse 1 Capitole (Fabrice Prigent), UT1 blacklists, "
                    "https://dsi.ut-capitole.fr/blacklists/",
                )
            )
    return sources


def read_majestic(data: Path) -> pd.DataFrame:
    """The Majestic top list as ``host, rank`` (normalised hosts, best rank per host)."""
    df = pd.read_csv(data / "reference/majestic_million_top15000.csv", usecols=["GlobalRank", "Domain"])
    df["host"] = [normalise_host(str(d)) for d in df["Domain"]]
    df = df.dropna(subset=["host"])
    best = cast(pd.DataFrame, df.groupby("host", as_index=False)["GlobalRank"].min())
    return best.rename(columns={"GlobalRank": "rank"})


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
    bare = strip_www(host)
    domain = registrable_domain(bare)
    if bare != domain and domain in shared_parents:
        return domain, bare
    return domain, ""


def strip_www(host: str) -> str:
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
    return {strip_www(h) for h in (normalise_host(r) for r in raw) if h}


def collect(
    data: Path, sources: list[Source]
) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, dict[str, int]]]:
    """Long table ``source, domain, host, listed_host`` of every list entry, the Majestic table, raw
    counts."""
    majestic = read_majestic(data)
    shared = frozenset(BLOG_PLATFORMS | {registrable_domain(h) for h in majestic["host"]})
    rows: list[tuple[str, str, str, str]] = []
    raw_counts: dict[str, dict[str, int]] = {}
    for src in sources:
        hosts, bad = read_source(data, src, majestic)
        units = {unit_of(h, shared) + (h,) for h in hosts}
        raw_counts[src.name] = {
            "entries": len(hosts) + bad,
            "unusable": bad,
            "units": len({u[:2] for u in units}),
        }
        rows += [(src.name, d, h, lh) for d, h, lh in units]
        log.info(
            "%-40s %6d entries -> %6d units (%d unusable)",
            src.name,
            len(hosts) + bad,
            raw_counts[src.name]["units"],
            bad,
        )
    long = pd.DataFrame(rows, columns=["source", "domain", "host", "listed_host"])
    return long, majestic, raw_counts
