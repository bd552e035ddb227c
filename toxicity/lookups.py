"""Lookup tables shipped inside the package: TLD abuse rates, site categories, popularity, toxic lists.

The tables in ``toxicity/data/`` are built by ``tools/build_lookups.py`` from public lists (see
``toxicity/data/SOURCES.md`` for every source, its licence and the hash of the file that was read).
They are loaded once per process and never fetched: a fresh install works offline.

Two kinds of membership are kept strictly apart:

* **reference categories** (:data:`CATEGORIES`): what kind of site a host is (gambling, adult,
  shortener, phishing ...), from category lists such as UT1 and the Block List Project. They are
  ordinary model features.
* **known-toxic lists** (:data:`TOXIC_LISTS`): whether a domain appears on a public list of toxic
  link sources (referrer spam, SEO-business operators, SEO-spam lists, community disavow files).
  These lists are also the training labels, so a model trained on them would learn the lookup
  rather than the signal. Features built from them carry the ``listed_`` prefix and serve as hard
  rules and reasons, never as model inputs.
"""

from __future__ import annotations

import gzip
import json
import math
from collections.abc import Iterable
from functools import cache
from importlib import resources
from typing import Final

import numpy as np
import pandas as pd

from toxicity.domains import is_ip_host, registrable_domain

#: Reference categories, in bit order of ``categories.tsv.gz`` (see the manifest for their sources).
CATEGORIES: Final = (
    "gambling",
    "adult",
    "dating",
    "warez",
    "piracy",
    "shortener",
    "redirector",
    "scam",
    "phishing",
    "malware",
    "drugs",
    "crypto",
    "blog",
    "press",
    "forums",
)

#: Public known-toxic lists, in bit order of ``toxic_lists.tsv.gz``.
TOXIC_LISTS: Final = ("referrer_spam", "seo_business", "seo_spam", "disavow_community")

#: Spam vocabulary by category: words (lower case, whole words after splitting) that mark a spam
#: niche when they appear in a host, a path or an anchor. Hand-curated from the niches named in
#: Google's spam policies and seen in the shipped toxic lists; kept short to avoid false positives
#: (``sex`` is absent on purpose: ``essex``, ``sussex`` and sex education sites are not spam).
SPAM_VOCAB: Final[dict[str, frozenset[str]]] = {
    "gambling": frozenset(
        "casino casinos poker slot slots roulette blackjack bet bets betting bookmaker jackpot "
        "sportsbook baccarat gambling bingo lottery togel judi toto freespins".split()
    ),
    "pharma": frozenset(
        "viagra cialis levitra pharmacy pharma pills pill tramadol xanax valium phentermine "
        "kamagra steroids prescription oxycodone ambien propecia modafinil".split()
    ),
    "adult": frozenset(
        "porn porno xxx escort escorts nude nudes hentai milf camgirl camgirls webcam "
        "erotic sexy fetish onlyfans stripchat".split()
    ),
    "loans": frozenset(
        "loan loans payday lender lenders cash credit debt mortgage refinance installment "
        "title pawn bailbonds".split()
    ),
    "essays": frozenset("essay essays homework dissertation thesis coursework assignment termpaper".split()),
    "seo": frozenset(
        "seo backlink backlinks pagerank linkbuilding guestpost guestposts pbn traffic "
        "directory submit submission bookmarking bookmark ranking rank".split()
    ),
    "crypto": frozenset(
        "crypto bitcoin btc ethereum forex airdrop nft binance trading invest investment "
        "mining blockchain token coin".split()
    ),
    "dating": frozenset("dating singles hookup hookups brides bride flirt sugardaddy".split()),
    "replica": frozenset("replica replicas fake knockoff cheap outlet wholesale discount".split()),
    "warez": frozenset("crack cracked keygen torrent torrents warez serial nulled apk mod".split()),
}

#: Category of each spam word (a word belongs to one category).
SPAM_WORD_CATEGORY: Final[dict[str, str]] = {w: c for c, ws in SPAM_VOCAB.items() for w in ws}

_PACKAGE: Final = "toxicity.data"


def _open(name: str) -> bytes:
    return resources.files(_PACKAGE).joinpath(name).read_bytes()


@cache
def manifest() -> dict[str, object]:
    """Provenance of the shipped tables: version, build date, sources with licence and sha256, counts."""
    data: dict[str, object] = json.loads(_open("manifest.json"))
    return data


def lookup_version() -> str:
    """Version string of the shipped lookup tables (e.g. ``'2026.09.1'``)."""
    return str(manifest()["version"])


def _read_masks(name: str) -> dict[str, int]:
    text = gzip.decompress(_open(name)).decode("ascii")
    out: dict[str, int] = {}
    for line in text.splitlines():
        key, _, mask = line.partition("\t")
        out[key] = int(mask)
    return out


@cache
def _category_masks() -> dict[str, int]:
    return _read_masks("categories.tsv.gz")


@cache
def _toxic_masks() -> dict[str, int]:
    return _read_masks("toxic_lists.tsv.gz")


@cache
def _tld_table() -> tuple[dict[str, float], float]:
    frame = pd.read_csv(resources.files(_PACKAGE).joinpath("tld_abuse.csv"), keep_default_na=False)
    rates = dict(zip(frame["tld"], frame["abuse_rate"].astype(float)))
    return rates, float(manifest()["tld_prior"])  # type: ignore[arg-type]


@cache
def _iana_tlds() -> frozenset[str]:
    return frozenset(gzip.decompress(_open("iana_tlds.txt.gz")).decode("ascii").split())


@cache
def _popularity() -> dict[str, int]:
    frame = pd.read_csv(resources.files(_PACKAGE).joinpath("popularity.csv.gz"))
    return dict(zip(frame["domain"], frame["rank"].astype(int)))


@cache
def vocabulary() -> frozenset[str]:
    """Words used to split run-together host labels (``greenlightloansnow``), lower-case ASCII."""
    words = gzip.decompress(_open("vocabulary.txt.gz")).decode("ascii").split()
    return frozenset(words) | frozenset(SPAM_WORD_CATEGORY)


def tld_abuse_rate(tlds: Iterable[str | None]) -> np.ndarray:
    """Smoothed share of listed domains under each TLD that are on the toxic lists.

    The rate is ``(toxic + a * prior) / (toxic + clean + a)`` with ``a = 10`` and ``prior`` the share
    over all TLDs, counted on the shipped toxic lists versus the clean references (popular sites and
    ordinary-site categories). A valid TLD never seen in the lists gets the prior; ``None``, an empty
    string or a name that is not an IANA TLD gets NaN.

    Examples
    --------
    >>> r = tld_abuse_rate(["com", "not-a-tld"])
    >>> bool(0 < r[0] < 1), bool(np.isnan(r[1]))
    (True, True)
    """
    rates, prior = _tld_table()
    iana = _iana_tlds()
    out = []
    for tld in tlds:
        t = tld.lower() if isinstance(tld, str) else ""
        out.append(rates.get(t, prior if t in iana else math.nan))
    return np.asarray(out, dtype=float)


def _parents(host: str) -> list[str]:
    """``host`` and its parent names down to the registrable domain (most specific first)."""
    if is_ip_host(host):
        return [host]
    base = registrable_domain(host)
    names = [host]
    h = host
    while h != base and "." in h:
        h = h.split(".", 1)[1]
        names.append(h)
    return names


def _mask_lookup(hosts: Iterable[str | None], table: dict[str, int], names: tuple[str, ...]) -> pd.DataFrame:
    values = list(hosts)
    masks = np.zeros(len(values), dtype=np.int64)
    for i, host in enumerate(values):
        if not host or not isinstance(host, str):
            continue
        m = 0
        for name in _parents(host.lower()):
            m |= table.get(name, 0)
        masks[i] = m
    bits = (masks[:, None] >> np.arange(len(names))) & 1
    return pd.DataFrame(bits.astype(np.int8), columns=list(names))


def categories_of(hosts: Iterable[str | None]) -> pd.DataFrame:
    """0/1 membership of each host in the reference categories (:data:`CATEGORIES`).

    A host matches when it, or a parent name down to its registrable domain, is on a category list
    (``x.casino-site.com`` matches ``casino-site.com``; ``spam.blogspot.com`` never matches
    ``blogspot.com``). Rows follow the input order with a fresh ``RangeIndex``.
    """
    return _mask_lookup(hosts, _category_masks(), CATEGORIES)


def listed_toxic(hosts: Iterable[str | None]) -> pd.DataFrame:
    """0/1 membership of each host (or its parents down to the registrable domain) in :data:`TOXIC_LISTS`.

    These lists are the training labels: use the result for rules and reasons, not as model input.
    """
    return _mask_lookup(hosts, _toxic_masks(), TOXIC_LISTS)


def popularity_rank(domains: Iterable[str | None]) -> np.ndarray:
    """Majestic Million global rank of each registrable domain; NaN when not among the top 15,000."""
    table = _popularity()
    return np.asarray([table.get(d, math.nan) if d else math.nan for d in domains], dtype=float)


@cache
def _prefixes() -> frozenset[str]:
    """Every prefix (2+ letters) of a vocabulary word: lets the splitter stop extending early."""
    return frozenset(w[:i] for w in vocabulary() for i in range(2, len(w) + 1))


def split_words(label: str) -> list[str]:
    """Split a run-together ASCII label into vocabulary words: fewest pieces, then longest words.

    Characters not covered by a word are kept as one-letter pieces (each costs more than a word),
    so ``specialist`` stays whole instead of yielding ``cialis``. Among splits with as many pieces,
    longer words win (``loans now`` over ``loan snow``).

    Examples
    --------
    >>> split_words("greenlightloansnow")
    ['green', 'light', 'loans', 'now']
    >>> split_words("specialist")
    ['specialist']
    """
    vocab = vocabulary()
    n = len(label)
    if n == 0:
        return []
    if label in vocab or n > 60:
        return [label]
    prefixes = _prefixes()
    best: list[float] = [0.0] + [math.inf] * n
    back = [0] * (n + 1)
    for start in range(n):
        base = best[start]
        if base == math.inf:
            continue
        # an uncovered character costs 2, so a real word always beats two stray letters
        if base + 2.0 < best[start + 1]:
            best[start + 1], back[start + 1] = base + 2.0, start
        end = start + 2
        while end <= n and label[start:end] in prefixes:
            word = label[start:end]
            cost = base + 1.0 - 0.001 * len(word) ** 2
            if word in vocab and cost < best[end]:
                best[end], back[end] = cost, start
            end += 1
    pieces: list[str] = []
    end = n
    while end > 0:
        pieces.append(label[back[end] : end])
        end = back[end]
    return pieces[::-1]
