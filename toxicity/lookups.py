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

import csv
import gzip
import io
import json
import math
import re
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from typing import Final

import numpy as np
import pandas as pd

from toxicity.domains import is_ip_host, public_suffix, registrable_domain
from toxicity.knowledge.spam import SPAM_WORD_CATEGORY

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


def _read_masks(name: str) -> tuple[pd.Index, np.ndarray]:
    """Names of a ``name<TAB>bitmask`` table as a hashed index, and their masks."""
    frame = pd.read_csv(
        io.BytesIO(_open(name)),
        sep="\t",
        header=None,
        names=["name", "mask"],
        dtype={"name": str, "mask": np.int64},
        compression="gzip",
        keep_default_na=False,
        quoting=csv.QUOTE_NONE,
    )
    return pd.Index(frame["name"].to_numpy(dtype=object)), frame["mask"].to_numpy()


@cache
def _category_masks() -> tuple[pd.Index, np.ndarray]:
    return _read_masks("categories.tsv.gz")


@cache
def _toxic_masks() -> tuple[pd.Index, np.ndarray]:
    return _read_masks("toxic_lists.tsv.gz")


@cache
def _tld_table() -> tuple[dict[str, float], float]:
    with resources.as_file(resources.files(_PACKAGE).joinpath("tld_abuse.csv")) as path:
        frame = pd.read_csv(path, keep_default_na=False)
    rates = dict(zip(frame["tld"], frame["abuse_rate"].astype(float)))
    return rates, float(manifest()["tld_prior"])  # type: ignore[arg-type]


@cache
def _iana_tlds() -> frozenset[str]:
    return frozenset(gzip.decompress(_open("iana_tlds.txt.gz")).decode("ascii").split())


@cache
def _popularity() -> dict[str, int]:
    with resources.as_file(resources.files(_PACKAGE).joinpath("popularity.csv.gz")) as path:
        frame = pd.read_csv(path)
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
    """``host`` and its parent names down to the registrable domain (most specific first).

    The walk stops at the site, never at the platform above it: the registrable domain of a blog on
    a platform (:data:`toxicity.domains.PLATFORMS`, private PSL suffixes) is the blog itself, so
    ``adobereader.weebly.com`` gives only itself and a list entry for the bare ``weebly.com`` flags
    ``weebly.com`` and ``www.weebly.com`` (whose registrable domain is the platform) but no blog.

    >>> _parents("x.spam.weebly.com"), _parents("www.weebly.com")
    (['x.spam.weebly.com', 'spam.weebly.com'], ['www.weebly.com', 'weebly.com'])
    """
    if is_ip_host(host):
        return [host]
    base = registrable_domain(host)
    names = [host]
    h = host
    while h != base and "." in h:
        h = h.split(".", 1)[1]
        names.append(h)
    return names


def _mask_lookup(
    hosts: Iterable[str | None], table: tuple[pd.Index, np.ndarray], names: tuple[str, ...]
) -> pd.DataFrame:
    """OR of the masks of each host and its parents, as one 0/1 column per bit; one hash probe per name."""
    index, table_masks = table
    owners: list[int] = []
    candidates: list[str] = []
    n = 0
    for i, host in enumerate(hosts):
        n += 1
        if not host or not isinstance(host, str):
            continue
        parents = _parents(host.lower())
        candidates.extend(parents)
        owners.extend([i] * len(parents))
    masks = np.zeros(n, dtype=np.int64)
    if candidates:
        found = index.get_indexer(pd.Index(candidates))
        hit = found >= 0
        np.bitwise_or.at(masks, np.asarray(owners)[hit], table_masks[found[hit]])
    bits = (masks[:, None] >> np.arange(len(names))) & 1
    return pd.DataFrame(bits.astype(np.int8), columns=list(names))


def categories_of(hosts: Iterable[str | None]) -> pd.DataFrame:
    """0/1 membership of each host in the reference categories (:data:`CATEGORIES`).

    A host matches when it, or a parent name down to its registrable domain, is on a category list
    (``x.casino-site.com`` matches ``casino-site.com``; ``spam.blogspot.com`` never matches
    ``blogspot.com``, nor ``myblog.wordpress.com`` ``wordpress.com``: a platform is no parent of its
    sites). Rows follow the input order with a fresh ``RangeIndex``.
    """
    return _mask_lookup(hosts, _category_masks(), CATEGORIES)


def listed_toxic(hosts: Iterable[str | None]) -> pd.DataFrame:
    """0/1 membership of each host (or its parents down to the registrable domain) in :data:`TOXIC_LISTS`.

    An entry for a bare platform (``weebly.com``) flags only the platform's own site, never the sites
    on it (``adobereader.weebly.com``); an entry for a site on it (``spam.weebly.com``) flags that site
    and its subdomains. These lists are the training labels: use the result for rules and reasons, not
    as model input.
    """
    return _mask_lookup(hosts, _toxic_masks(), TOXIC_LISTS)


def popularity_rank(domains: Iterable[str | None]) -> np.ndarray:
    """Majestic Million global rank of each registrable domain; NaN when not among the top 15,000."""
    table = _popularity()
    return np.asarray([table.get(d, math.nan) if d else math.nan for d in domains], dtype=float)


@cache
def _sorted_vocabulary() -> list[str]:
    """:func:`vocabulary` sorted: ``p`` begins a vocabulary word iff the first word ``>= p`` starts with
    it."""
    return sorted(vocabulary())


@cache
def _sorted_vocabulary_bytes() -> np.ndarray:
    """:func:`_sorted_vocabulary` as a numpy byte-string array, for vectorised binary search."""
    return np.array(_sorted_vocabulary(), dtype=bytes)


#: Labels longer than this are not split (no real host label needs it; bounds the cost).
_MAX_SPLIT = 60
#: Stands for a character outside ASCII in the byte table of :func:`split_words_many`: no word holds it.
_NO_WORD_BYTE = "\x7f"
_NON_LETTERS: Final = re.compile(r"[^a-z]+")
_NOT_ASCII = re.compile(r"[^\x00-\x7f]")


def host_name(host: str, suffix: str) -> str:
    """The labels of ``host`` left of its public ``suffix``; '' for IP and punycode hosts (no words)."""
    if is_ip_host(host) or host.startswith("xn--") or ".xn--" in host:
        return ""
    return host[: -len(suffix) - 1] if suffix and host.endswith("." + suffix) else host


def name_words(names: list[str]) -> list[list[str]]:
    """Words of host names (``www`` labels dropped); run-together pieces are split in one batch."""
    plans: list[list[str | int]] = []
    to_split: dict[str, int] = {}
    for name in names:
        plan: list[str | int] = []
        plans.append(plan)
        for label in name.split(".") if name else ():
            if label == "www":
                continue
            simple = label.isascii() and label.isalpha() and label.islower()
            for piece in (label,) if simple else _NON_LETTERS.split(label):
                if len(piece) >= 4:
                    plan.append(to_split.setdefault(piece, len(to_split)))
                elif len(piece) > 1:
                    plan.append(piece)
    splits = [[w for w in split if len(w) > 1] for split in split_words_many(list(to_split))]
    out: list[list[str]] = []
    for plan in plans:
        words: list[str] = []
        for step in plan:
            if isinstance(step, str):
                words.append(step)
            else:
                words.extend(splits[step])
        out.append(words)
    return out


def host_words_many(hosts: list[str]) -> list[list[str]]:
    """Words of each host's labels (suffix and ``www`` dropped); run-together labels are split in one batch.

    >>> host_words_many(["www.greenlightloansnow.com", "best-casino-2024.blogspot.com"])
    [['green', 'light', 'loans', 'now'], ['best', 'casino']]
    """
    return name_words([host_name(host, "" if is_ip_host(host) else public_suffix(host)) for host in hosts])


def split_words(label: str) -> list[str]:
    """Split a run-together label into vocabulary words: fewest pieces, then longest words.

    Characters not covered by a word are kept as one-letter pieces (each costs more than a word),
    so ``specialist`` stays whole instead of yielding ``cialis``. Among splits with as many pieces,
    longer words win (``loans now`` over ``loan snow``). One label of :func:`split_words_many`,
    which splits many at once.

    Examples
    --------
    >>> split_words("greenlightloansnow")
    ['green', 'light', 'loans', 'now']
    >>> split_words("specialist")
    ['specialist']
    """
    return split_words_many([label])[0]


def _pieces(label: str, back: Sequence[int]) -> list[str]:
    pieces: list[str] = []
    end = len(label)
    while end > 0:
        pieces.append(label[back[end] : end])
        end = back[end]
    return pieces[::-1]


def _word_spans(table: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(row, start, length)`` of every vocabulary word inside the labels of a byte ``table``.

    Windows grow one letter at a time and are dropped as soon as they no longer begin a word.
    """
    words = _sorted_vocabulary_bytes()
    # every window of two letters: (label row, start)
    per_label = np.maximum(lengths - 1, 0)
    rows = np.repeat(np.arange(len(lengths)), per_label)
    starts = np.arange(len(rows)) - np.repeat(np.cumsum(per_label) - per_label, per_label)
    found_rows, found_starts, found_sizes = [], [], []
    size = 2
    while len(rows):
        letters = table[rows[:, None], starts[:, None] + np.arange(size)]
        windows = np.ascontiguousarray(letters).view(f"S{size}").ravel()
        # the first vocabulary word >= the window: equal to it, or starting with it if any word does
        first = words[np.minimum(np.searchsorted(words, windows), len(words) - 1)]
        is_word = first == windows
        found_rows.append(rows[is_word])
        found_starts.append(starts[is_word])
        found_sizes.append(np.full(int(is_word.sum()), size))
        grows = (first.astype(f"S{size}") == windows) & (starts + size < lengths[rows])
        rows, starts = rows[grows], starts[grows]
        size += 1
    empty = np.zeros(0, dtype=np.int64)
    return (
        np.concatenate([empty, *found_rows]),
        np.concatenate([empty, *found_starts]),
        np.concatenate([empty, *found_sizes]),
    )


def split_words_many(labels: Sequence[str]) -> list[list[str]]:
    """Split each run-together label into vocabulary words (see :func:`split_words`), all labels at once.

    The splitting is a dynamic programme over the end of each piece: a vocabulary word costs
    ``1 - 0.001 * len(word) ** 2``, an uncovered character 2; the cheapest split wins, and on equal
    cost a word beats a stray letter and the earliest start wins. It runs for all labels together.
    A label that is a word, is empty, or is longer than 60 characters is kept whole. Characters
    outside ASCII are never part of a word (the vocabulary is lower-case ASCII), so they stay
    one-letter pieces.

    >>> split_words_many(["greenlightloansnow", "specialist", "", "münchen"])
    [['green', 'light', 'loans', 'now'], ['specialist'], [], ['m', 'ü', 'n', 'chen']]
    """
    vocab = vocabulary()
    out: list[list[str] | None] = [None] * len(labels)
    todo: list[int] = []
    for i, label in enumerate(labels):
        if not label:
            out[i] = []
        elif label in vocab or len(label) > _MAX_SPLIT:
            out[i] = [label]
        else:
            todo.append(i)
    if todo:
        batch = [labels[i] for i in todo]
        lengths = np.array([len(b) for b in batch])
        # one byte per character: a character outside ASCII becomes a byte no vocabulary word holds
        ascii_batch = [b if b.isascii() else _NOT_ASCII.sub(_NO_WORD_BYTE, b) for b in batch]
        table = np.zeros((len(batch), _MAX_SPLIT + 1), dtype=np.uint8)
        table[:, :_MAX_SPLIT] = (
            np.array(ascii_batch, dtype=f"S{_MAX_SPLIT}").view(np.uint8).reshape(len(batch), _MAX_SPLIT)
        )
        rows, starts, sizes = _word_spans(table, lengths)
        ends = starts + sizes
        # cheapest way to reach each end; a word beats stray letters (cost 2 each) and, on equal
        # cost, the earliest start wins, as in split_words
        best = np.full((len(batch), _MAX_SPLIT + 1), np.inf)
        best[:, 0] = 0.0
        back = np.zeros((len(batch), _MAX_SPLIT + 1), dtype=np.int64)
        order = np.lexsort((starts, ends))
        rows, starts, sizes, ends = rows[order], starts[order], sizes[order], ends[order]
        cuts = np.searchsorted(ends, np.arange(_MAX_SPLIT + 2))
        for end in range(1, int(lengths.max()) + 1):
            stray = best[:, end - 1] + 2.0
            best[:, end], back[:, end] = stray, end - 1
            r, st, sz = (
                rows[cuts[end] : cuts[end + 1]],
                starts[cuts[end] : cuts[end + 1]],
                sizes[cuts[end] : cuts[end + 1]],
            )
            if len(r):
                cost = best[r, st] + 1.0 - 0.001 * sz**2
                pick = np.lexsort((st, cost, r))
                r, st, cost = r[pick], st[pick], cost[pick]
                first = np.ones(len(r), dtype=bool)
                first[1:] = r[1:] != r[:-1]
                r, st, cost = r[first], st[first], cost[first]
                wins = cost <= stray[r]
                best[r[wins], end], back[r[wins], end] = cost[wins], st[wins]
        for k, i in enumerate(todo):
            out[i] = _pieces(batch[k], back[k].tolist())
    return [o if o is not None else [] for o in out]
