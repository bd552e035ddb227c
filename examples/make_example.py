"""Build ``examples/ahrefs_backlinks.tsv``: an Ahrefs-shaped backlink export for a fictional bakery site.

The audited site, ``crumbandcrust.com``, is fictional. The **referring domains are real entries** of
public lists in the project's ``shared/data`` folder (read only here, at build time; the generated file
is committed so a fresh clone needs nothing else). **Everything about each link is simulated**: page
titles, URLs paths, anchors, Domain rating, traffic, nofollow flags and dates are made up by this
script from a fixed random seed. No real page links to crumbandcrust.com.

Lists drawn from (see shared/data/README.md for sources and licences):

- toxic side: ``labels/disavow_files/mertcangokgoz+public-disavow-links__disavow-links.txt`` (MIT),
  ``labels/referrer_spam/matomo_spammers.txt`` (public domain),
  ``labels/seo_spam/quenhus_seo_spam.txt`` (Unlicense);
- clean side: UT1 categories ``cooking``, ``blog``, ``press``, ``forums`` (CC BY-SA 4.0, Université
  Toulouse 1) and ``reference/majestic_million_top15000.csv`` (CC BY 3.0, Majestic).

The file is written as Ahrefs writes it: UTF-16 LE with a BOM, tab-separated, the current header.

Usage: python examples/make_example.py [--data ../shared/data] [-o examples/ahrefs_backlinks.tsv]
"""

from __future__ import annotations

import argparse
import random
import re
from datetime import date, timedelta
from pathlib import Path

from toxicity.io.ahrefs import HEADER

SEED = 20260915
TARGET = "https://crumbandcrust.com"
PAGES = [
    "/",
    "/recipes/sourdough",
    "/recipes/rye-bread",
    "/recipes/croissants",
    "/shop",
    "/about",
    "/blog/starter-guide",
]
BRAND = [
    "Crumb & Crust",
    "crumbandcrust",
    "Crumb and Crust",
    "crumbandcrust.com",
    "https://crumbandcrust.com/",
]
GENERIC = ["here", "this recipe", "click here", "website", "read more", "source", ""]
MONEY = [
    "buy sourdough bread online",
    "best bread recipes",
    "cheap baking supplies",
    "order croissants online",
]
CLEAN_TOPICS = [
    "sourdough starter",
    "weekend baking",
    "rye bread",
    "French pastry",
    "bread flour",
    "home bakery",
]
SPAM_TITLES = ["Best casino bonus 2026", "Free SEO links directory", "Top 100 sites", "Cheap pills online",
               "Link exchange page", "Web stats for crumbandcrust.com"]  # fmt: skip


def _domains(path: Path) -> list[str]:
    """Plain domains from a list file (``domain:`` prefixes, ``*://x/*`` patterns and comments removed)."""
    out = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        line = re.sub(r"^(domain:|\*://)", "", line).split("/")[0].strip("*.")
        if "." in line and " " not in line:
            out.append(line.lower())
    return sorted(set(out))


def _majestic(path: Path, n: int) -> list[str]:
    rows = path.read_text(encoding="utf-8").splitlines()[1 : n + 1]
    return [r.split(",")[2] for r in rows]


def _when(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randrange((end - start).days))


def build_rows(data: Path) -> list[list[str]]:
    """The export's rows, deterministic for a given ``data`` folder."""
    rng = random.Random(SEED)
    labels, ref = data / "labels", data / "reference"
    toxic = rng.sample(
        _domains(labels / "disavow_files/mertcangokgoz+public-disavow-links__disavow-links.txt"), 25
    )
    toxic += rng.sample(_domains(labels / "referrer_spam/matomo_spammers.txt"), 10)
    toxic += rng.sample(_domains(labels / "seo_spam/quenhus_seo_spam.txt"), 10)
    cooking = _domains(ref / "ut1_categories/cooking.txt")
    clean = rng.sample(cooking, min(20, len(cooking)))
    for name, k in (("blog", 25), ("press", 20), ("forums", 10)):
        clean += rng.sample(_domains(ref / f"ut1_categories/{name}.txt"), k)
    popular = set(rng.sample(_majestic(ref / "majestic_million_top15000.csv", 300), 8))
    clean += sorted(popular)
    clean = [d for d in dict.fromkeys(clean) if d not in set(toxic)]

    rows: list[list[str]] = []
    today = date(2026, 9, 15)
    for domain in clean:
        for _ in range(rng.choice([1, 1, 1, 2, 2, 3, 5])):
            topic = rng.choice(CLEAN_TOPICS)
            slug = topic.replace(" ", "-")
            anchor = rng.choice(BRAND * 3 + GENERIC + [topic])
            first = _when(rng, date(2021, 1, 1), date(2026, 6, 1))
            rows.append(_row(rng, f"{topic.title()} – {domain}", f"https://{domain}/{slug}-{rng.randrange(1000)}",
                             rng.choice(["en", "en", "fr", "de"]),
                             rng.randrange(75, 96) if domain in popular else rng.randrange(15, 70),
                             rng.randrange(10_000_000, 90_000_000) if domain in popular else rng.randrange(100, 200_000), anchor, rng.random() < 0.15, first, today))  # fmt: skip
    for domain in toxic:
        burst = rng.random() < 0.35  # exact-match money-anchor bursts from a few toxic sites
        for i in range(rng.choice([1, 1, 2, 3]) + (rng.randrange(5, 12) if burst else 0)):
            anchor = rng.choice(MONEY) if burst or rng.random() < 0.4 else rng.choice(BRAND + GENERIC)
            first = _when(rng, date(2025, 6, 1), date(2026, 9, 1))
            sub = "www." if rng.random() < 0.5 else ""
            rows.append(_row(rng, rng.choice(SPAM_TITLES), f"http://{sub}{domain}/{'page' if i else 'links'}-{rng.randrange(10_000)}.html",
                             rng.choice(["en", "ru", "", "tr"]), rng.randrange(0, 12), rng.randrange(0, 50),
                             anchor, rng.random() < 0.3, first, today))  # fmt: skip
    rng.shuffle(rows)
    return rows


def _row(rng: random.Random, title: str, url: str, lang: str, dr: int, traffic: int, anchor: str,
         nofollow: bool, first: date, today: date) -> list[str]:  # fmt: skip
    values = {
        "Referring page title": title, "Referring page URL": url, "Language": lang, "Platform": "",
        "Referring page HTTP code": "200", "Domain rating": str(dr), "Domain traffic": str(traffic),
        "Referring domains": str(rng.randrange(1, 400)), "Linked domains": str(rng.randrange(1, 900)),
        "External links": str(rng.randrange(1, 1500)), "Page traffic": str(rng.randrange(0, max(1, traffic // 20))),
        "Keywords": str(rng.randrange(0, 60)), "Target URL": TARGET + rng.choice(PAGES),
        "Left context": rng.choice(["", "We tested the recipe from", "Found via", "See also"]),
        "Anchor": anchor, "Right context": rng.choice(["", "and loved it.", "for more.", "(link)"]), "Type": "href", "Content": "text",
        "Nofollow": str(nofollow).lower(), "UGC": "false", "Sponsored": "false", "Rendered": "false",
        "Raw": "true", "Lost status": "", "Drop reason": "", "Discovered status": "",
        "First seen": f"{first.isoformat()} 00:00:00", "Last seen": f"{_when(rng, first, today).isoformat()} 00:00:00",
        "Lost": "", "Links in group": "1",
    }  # fmt: skip
    return [values[h] for h in HEADER]


def main() -> None:
    """Write the example export."""
    here = Path(__file__).resolve().parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=here.parent.parent / "shared" / "data")
    parser.add_argument("-o", "--output", type=Path, default=here / "ahrefs_backlinks.tsv")
    args = parser.parse_args()
    rows = build_rows(args.data)
    text = "\r\n".join("\t".join(r) for r in [HEADER, *rows]) + "\r\n"
    args.output.write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))


if __name__ == "__main__":
    main()
