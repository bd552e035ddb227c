"""Domain spam markers: what the linking URL alone says (works for Search Console exports).

Host features are computed once per unique host and mapped back; path features use pyarrow
kernels over the URLs.
"""

from __future__ import annotations

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
from toxicity.knowledge.spam import SPAM_CATEGORY_NICHE, SPAM_WORD_CATEGORY
from toxicity.lookups import (
    CATEGORIES,
    categories_of,
    host_name,
    listed_toxic,
    name_words,
    popularity_rank,
    tld_abuse_rate,
)

#: Link-farm footprints in the linking page's path or query.
FOOTPRINT_RE: Final = (
    r"/(links?|link-?exchange|partners?|resources?|directory|dir|bookmarks?|social-?bookmark\w*|"
    r"profiles?|members?|users?|author|guestbook|gbook|pingback|trackback|webring|friends?|"
    r"blogroll|sites?-?list|top-?sites?|submit\w*|add-?url|sponsors?)(/|\.|$|\?)|[?&]replytocom=|"
    r"[?&](gbook|guestbook|action=profile|mod=space|uid=)"
)


_CONSONANT_BYTE: Final = np.zeros(256, dtype=bool)
_CONSONANT_BYTE[list(b"bcdfghjklmnpqrstvwxz")] = True


def _code_table_stats(table: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Label statistics of the rows of a code table (one label per row, characters as codes, 0-padded)."""
    n, width = table.shape
    digit = (table >= ord("0")) & (table <= ord("9"))
    high = np.unique(table[table >= 0x80])
    if len(high):  # non-ASCII digits (Arabic-Indic, superscripts ...) count as digits too
        digit |= np.isin(table, high[[chr(int(c)).isdigit() for c in high]])
    # entropy from the count of each distinct character of each label
    row, col = np.nonzero(table)
    base = int(table.max(initial=0)) + 1
    keys, counts = np.unique(row.astype(np.int64) * base + table[row, col], return_counts=True)
    owner = keys // base
    p = counts / lengths[owner]
    entropy = -np.bincount(owner, weights=p * np.log2(p), minlength=n)
    consonant = (table < 0x80) & _CONSONANT_BYTE[np.minimum(table, 0xFF)]
    run = np.zeros(n, dtype=np.int64)
    longest = np.zeros(n, dtype=np.int64)
    for j in range(width):
        run = (run + 1) * consonant[:, j]
        np.maximum(longest, run, out=longest)
    out = np.empty((n, 5))
    out[:, 0] = lengths
    out[:, 1] = digit.sum(axis=1)
    out[:, 2] = (table == ord("-")).sum(axis=1)
    out[:, 3] = [round(float(e), 6) for e in entropy]
    out[:, 4] = longest
    return out


def label_stats(labels: list[str]) -> np.ndarray:
    """Length, digits, hyphens, Shannon entropy (bits/char) and longest consonant run of each label.

    An ``(n, 5)`` array. Digits are the characters Python calls digits; consonant runs count the
    ASCII consonants ``b c d f g h j k l m n p q r s t v w x z``; entropy is rounded to 6 decimals.
    ASCII labels are read as one byte table, the few others as a table of code points.

    >>> label_stats(["aab", "x-9"]).tolist()
    [[3.0, 0.0, 0.0, 0.918296, 1.0], [3.0, 1.0, 1.0, 1.584963, 1.0]]
    """
    out = np.zeros((len(labels), 5))
    is_ascii = np.array([label.isascii() for label in labels], dtype=bool)
    for rows, dtype, code in (
        (np.flatnonzero(is_ascii), "S", np.uint8),
        (np.flatnonzero(~is_ascii), "U", np.uint32),
    ):
        if not len(rows):
            continue
        batch = [labels[i] for i in rows]
        lengths = np.array([len(b) for b in batch])
        width = max(int(lengths.max()), 1)
        table = np.array(batch, dtype=f"{dtype}{width}").view(code).reshape(len(batch), width)
        out[rows] = _code_table_stats(table, lengths)
    return out


def _decode_idn(label: str) -> str:
    """Unicode form of a punycode label (statistics of ``xn--mnchen-3ya`` would describe the encoding)."""
    try:
        return label.encode("ascii").decode("idna")
    except UnicodeError:
        return label


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
        names.append(host_name(host, suffix))
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
    table = pd.DataFrame(
        rows, columns=["subdomain_depth", "ip_host", "idn_host", "platform_host", "_tld", "_domain"]
    )
    stats = label_stats(labels)
    # IP hosts have no label: their label statistics are missing, not zero.
    stats[table["ip_host"].to_numpy() == 1] = np.nan
    for j, name in enumerate(
        ("label_length", "label_digits", "label_hyphens", "label_entropy", "label_consonant_run")
    ):
        table[name] = stats[:, j]
    table["tld_abuse_rate"] = tld_abuse_rate(table["_tld"])
    words = name_words(names)
    table["spam_words_host"] = np.array(
        [sum(w in SPAM_WORD_CATEGORY for w in ws) for ws in words], dtype=float
    )
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
    """URL codes of the rows and the words of each unique URL's path (``words[i]`` is in URL
    ``parent[i]``)."""

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
    footprint = pc.fill_null(pc.match_substring_regex(paths, FOOTPRINT_RE), False).to_numpy(
        zero_copy_only=False
    )
    depth = pc.fill_null(pc.count_substring(pc.utf8_rtrim(paths, characters="/"), "/"), 0).to_numpy(
        zero_copy_only=False
    )
    parent, path_words = tokenize(paths)
    encoded = pc.dictionary_encode(path_words)
    vocab_codes = encoded.indices.to_numpy(zero_copy_only=False)
    spam_u = np.array([w in SPAM_WORD_CATEGORY for w in encoded.dictionary.to_pylist()], dtype=float)
    spam_path = np.bincount(parent, weights=spam_u[vocab_codes], minlength=len(unique_urls))
    out.gather("path_footprint", footprint, url_codes)
    out.gather("path_depth", depth, url_codes)
    out.gather("spam_words_path", spam_path, url_codes)
    return PathWords(codes=url_codes, n_urls=len(unique_urls), parent=parent, words=path_words)
