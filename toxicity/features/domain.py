"""Domain spam markers: what the linking URL alone says (works for Search Console exports).

Host features are computed once per unique host and mapped back; path features use pyarrow
kernels over the URLs.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from toxicity.domains import hosts_of, is_ip_host, is_private_suffix_host, public_suffix, registrable_domain
from toxicity.features.columns import FeatureColumns
from toxicity.features.profile import Profile
from toxicity.features.text import codes_of, to_arrow, tokenize
from toxicity.lookups import (
    CATEGORIES,
    SPAM_WORD_CATEGORY,
    categories_of,
    listed_toxic,
    popularity_rank,
    split_words_many,
    tld_abuse_rate,
)

#: Reference categories that mark a spam niche, and the spam-vocabulary niche each belongs to.
SPAM_CATEGORY_NICHE: Final = {
    "gambling": "gambling",
    "adult": "adult",
    "dating": "dating",
    "warez": "warez",
    "piracy": "warez",
    "scam": None,
    "phishing": None,
    "malware": None,
    "drugs": "pharma",
    "crypto": "crypto",
}

#: Link-farm footprints in the linking page's path or query.
FOOTPRINT_RE: Final = (
    r"/(links?|link-?exchange|partners?|resources?|directory|dir|bookmarks?|social-?bookmark\w*|"
    r"profiles?|members?|users?|author|guestbook|gbook|pingback|trackback|webring|friends?|"
    r"blogroll|sites?-?list|top-?sites?|submit\w*|add-?url|sponsors?)(/|\.|$|\?)|[?&]replytocom=|"
    r"[?&](gbook|guestbook|action=profile|mod=space|uid=)"
)
_CONSONANT_RUN_RE: Final = re.compile(r"[bcdfghjklmnpqrstvwxz]+")
_NON_LETTERS: Final = re.compile(r"[^a-z]+")


def _label_stats(label: str) -> tuple[float, float, float, float, float]:
    """Length, digits, hyphens, Shannon entropy (bits/char) and longest consonant run of a label."""
    n = len(label)
    counts = Counter(label)
    entropy = -sum(c / n * math.log2(c / n) for c in counts.values()) if n else 0.0
    runs = _CONSONANT_RUN_RE.findall(label)
    return (
        float(n),
        float(sum(ch.isdigit() for ch in label)),
        float(label.count("-")),
        round(entropy, 6),
        float(max((len(r) for r in runs), default=0)),
    )


_CONSONANT_BYTE: Final = np.zeros(256, dtype=bool)
_CONSONANT_BYTE[list(b"bcdfghjklmnpqrstvwxz")] = True


def label_stats(labels: list[str]) -> np.ndarray:
    """:func:`_label_stats` of many labels as an ``(n, 5)`` array, vectorised over ASCII labels."""
    out = np.zeros((len(labels), 5))
    ascii_rows = [i for i, label in enumerate(labels) if label.isascii()]
    for i in sorted(set(range(len(labels))) - set(ascii_rows)):
        out[i] = _label_stats(labels[i])
    if not ascii_rows:
        return out
    batch = [labels[i] for i in ascii_rows]
    lengths = np.array([len(b) for b in batch])
    width = max(int(lengths.max()), 1)
    table = np.array(batch, dtype=f"S{width}").view(np.uint8).reshape(len(batch), width)
    digits = ((table >= ord("0")) & (table <= ord("9"))).sum(axis=1)
    hyphens = (table == ord("-")).sum(axis=1)
    # entropy from the count of each distinct byte of each label
    row, col = np.nonzero(table)
    keys, counts = np.unique(row * 256 + table[row, col], return_counts=True)
    owner = keys // 256
    p = counts / lengths[owner]
    entropy = -np.bincount(owner, weights=p * np.log2(p), minlength=len(batch))
    run = np.zeros(len(batch), dtype=np.int64)
    longest = np.zeros(len(batch), dtype=np.int64)
    for j in range(width):
        run = (run + 1) * _CONSONANT_BYTE[table[:, j]]
        np.maximum(longest, run, out=longest)
    rows = np.asarray(ascii_rows)
    out[rows, 0] = lengths
    out[rows, 1] = digits
    out[rows, 2] = hyphens
    out[rows, 3] = [round(float(e), 6) for e in entropy]
    out[rows, 4] = longest
    return out


def _decode_idn(label: str) -> str:
    """Unicode form of a punycode label (statistics of ``xn--mnchen-3ya`` would describe the encoding)."""
    try:
        return label.encode("ascii").decode("idna")
    except UnicodeError:
        return label


def _name(host: str, suffix: str) -> str:
    """The labels of ``host`` left of its public ``suffix``; '' for IP and punycode hosts (no words)."""
    if is_ip_host(host) or host.startswith("xn--") or ".xn--" in host:
        return ""
    return host[: -len(suffix) - 1] if suffix and host.endswith("." + suffix) else host


def _name_words(names: list[str]) -> list[list[str]]:
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
    """:func:`host_words` of many hosts; run-together labels are split in one batch."""
    return _name_words([_name(host, "" if is_ip_host(host) else public_suffix(host)) for host in hosts])


def host_words(host: str) -> list[str]:
    """Words of a host's labels (suffix and ``www`` dropped), run-together labels split.

    >>> host_words("www.greenlightloansnow.com")
    ['green', 'light', 'loans', 'now']
    >>> host_words("best-casino-2024.blogspot.com")
    ['best', 'casino']
    """
    return host_words_many([host])[0]


def _host_table(hosts: list[str], profile: Profile) -> tuple[pd.DataFrame, list[list[str]]]:
    """All host-level features for unique normalised hosts, and the words of each host."""
    rows = []
    labels: list[str] = []
    names: list[str] = []
    for host in hosts:
        ip = is_ip_host(host)
        domain = registrable_domain(host)
        suffix = "" if ip else public_suffix(host)
        # a suffix host itself (blogspot.com) is the platform's own site: its label is its first label
        is_suffix = bool(suffix) and domain == suffix
        label = domain if ip or is_suffix or not suffix else domain[: -len(suffix) - 1]
        depth = 0 if ip else max(host.count(".") - domain.count("."), 0) - host.startswith("www.")
        idn = host.startswith("xn--") or ".xn--" in host
        last = label.split(".")[0] if is_suffix else label.split(".")[-1]
        if last.startswith("xn--"):
            last = _decode_idn(last)
        labels.append(last if not ip else "")
        names.append(_name(host, suffix))
        rows.append(
            (
                float(max(depth, 0)),
                float(ip),
                float(idn),
                float(is_private_suffix_host(host) and not is_suffix),
                suffix.rsplit(".", 1)[-1] if suffix else None,
                domain,
            )
        )
    table = pd.DataFrame(rows, columns=["subdomain_depth", "ip_host", "idn_host", "platform_host", "_tld", "_domain"])
    stats = label_stats(labels)
    # IP hosts have no label: their label statistics are missing, not zero.
    stats[table["ip_host"].to_numpy() == 1] = np.nan
    for j, name in enumerate(("label_length", "label_digits", "label_hyphens", "label_entropy", "label_consonant_run")):
        table[name] = stats[:, j]
    table["tld_abuse_rate"] = tld_abuse_rate(table["_tld"])
    words = _name_words(names)
    table["spam_words_host"] = np.array([sum(w in SPAM_WORD_CATEGORY for w in ws) for ws in words], dtype=float)
    cats = categories_of(hosts)
    for c in CATEGORIES:
        table[f"cat_{c}"] = cats[c].to_numpy(dtype=float)
    off_cat = np.zeros(len(hosts))
    for c, niche in SPAM_CATEGORY_NICHE.items():
        if niche is None or niche not in profile.niches:
            off_cat = np.maximum(off_cat, cats[c].to_numpy())
    table["off_topic_category"] = off_cat
    rank = popularity_rank(table["_domain"])
    table["popular"] = (~np.isnan(rank)).astype(float)
    table["popularity_log_rank"] = np.log10(rank)
    listed = listed_toxic(hosts)
    for c in listed.columns:
        table[f"listed_{c}"] = listed[c].to_numpy(dtype=float)
    table["listed_any"] = listed.to_numpy().max(axis=1).astype(float)
    return table, words


def path_of(urls: pd.Series | pa.Array) -> pa.Array:
    """Lower-case path and query of each URL (scheme and host removed); null for missing URLs."""
    arr = to_arrow(urls)
    return pc.replace_substring_regex(pc.utf8_lower(arr), r"^(?:[a-z][a-z0-9+.\-]*:)?//[^/?#]*|^[^/?#]*", "")


@dataclass(frozen=True)
class HostWords:
    """Host codes of the rows and the words of each unique host (one space-separated string each)."""

    codes: np.ndarray
    words: list[str]


@dataclass(frozen=True)
class PathWords:
    """URL codes of the rows and the words of each unique URL's path (``words[i]`` is in URL ``parent[i]``)."""

    codes: np.ndarray
    n_urls: int
    parent: np.ndarray
    words: pa.Array


def host_features(links: pd.DataFrame, profile: Profile, out: FeatureColumns) -> HostWords:
    """Write the host columns of the domain family into ``out``; return the host words for the topic."""
    hosts = links["source_host"]
    need = hosts.isna() & links["source_url"].notna()
    if need.any():
        hosts = hosts.copy()
        hosts[need] = hosts_of(links.loc[need, "source_url"])
    host_codes, unique_hosts = codes_of(hosts)
    table, words = _host_table(unique_hosts.to_pylist(), profile)
    for name in table.columns:
        if not name.startswith("_"):
            out.gather(name, table[name].to_numpy(dtype=float), host_codes)
    out["cov_host"] = host_codes >= 0
    return HostWords(codes=host_codes, words=[" ".join(ws) for ws in words])


def path_features(links: pd.DataFrame, out: FeatureColumns) -> PathWords:
    """Write the path columns of the domain family into ``out``; return the path words for the topic."""
    url_codes, unique_urls = codes_of(links["source_url"])
    paths = path_of(unique_urls)
    footprint = pc.fill_null(pc.match_substring_regex(paths, FOOTPRINT_RE), False).to_numpy(zero_copy_only=False)
    depth = pc.fill_null(pc.count_substring(pc.utf8_rtrim(paths, characters="/"), "/"), 0).to_numpy(zero_copy_only=False)
    parent, path_words = tokenize(paths)
    encoded = pc.dictionary_encode(path_words)
    vocab_codes = encoded.indices.to_numpy(zero_copy_only=False)
    spam_u = np.array([w in SPAM_WORD_CATEGORY for w in encoded.dictionary.to_pylist()], dtype=float)
    spam_path = np.bincount(parent, weights=spam_u[vocab_codes], minlength=len(unique_urls))
    out.gather("path_footprint", footprint, url_codes)
    out.gather("path_depth", depth, url_codes)
    out.gather("spam_words_path", spam_path, url_codes)
    return PathWords(codes=url_codes, n_urls=len(unique_urls), parent=parent, words=path_words)
