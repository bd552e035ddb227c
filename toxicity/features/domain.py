"""Domain spam markers: what the linking URL alone says (works for Search Console exports).

Host features are computed once per unique host and mapped back; path features use pyarrow
kernels over the URLs.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Final

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from toxicity.domains import hosts_of, is_ip_host, is_private_suffix_host, public_suffix, registrable_domain
from toxicity.features.profile import Profile
from toxicity.features.text import codes_of, gather, to_arrow, tokenize
from toxicity.lookups import (
    CATEGORIES,
    SPAM_WORD_CATEGORY,
    categories_of,
    listed_toxic,
    popularity_rank,
    split_words,
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
_VOWELS: Final = frozenset("aeiouy")


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


def _decode_idn(label: str) -> str:
    """Unicode form of a punycode label (statistics of ``xn--mnchen-3ya`` would describe the encoding)."""
    try:
        return label.encode("ascii").decode("idna")
    except UnicodeError:
        return label


def host_words(host: str) -> list[str]:
    """Words of a host's labels (suffix and ``www`` dropped), run-together labels split.

    >>> host_words("www.greenlightloansnow.com")
    ['green', 'light', 'loans', 'now']
    >>> host_words("best-casino-2024.blogspot.com")
    ['best', 'casino']
    """
    if is_ip_host(host) or host.startswith("xn--") or ".xn--" in host:
        return []
    suffix = public_suffix(host)
    name = host[: -len(suffix) - 1] if suffix and host.endswith("." + suffix) else host
    words: list[str] = []
    for label in name.split("."):
        if label == "www":
            continue
        for piece in re.split(r"[^a-z]+", label):
            if len(piece) >= 4:
                words.extend(w for w in split_words(piece) if len(w) > 1)
            elif len(piece) > 1:
                words.append(piece)
    return words


def _host_table(hosts: pd.Series, profile: Profile) -> pd.DataFrame:
    """All host-level features for unique normalised hosts."""
    rows = []
    spam_counts = []
    all_words = []
    for host in hosts:
        ip = is_ip_host(host)
        domain = registrable_domain(host)
        suffix = "" if ip else public_suffix(host)
        # a suffix host itself (blogspot.com) is the platform's own site: its label is its first label
        is_suffix = bool(suffix) and domain == suffix
        label = domain if ip or is_suffix or not suffix else domain[: -len(suffix) - 1]
        depth = 0 if ip else max(host.count(".") - domain.count("."), 0) - host.startswith("www.")
        idn = any(part.startswith("xn--") for part in host.split("."))
        last = label.split(".")[0] if is_suffix else label.split(".")[-1]
        if last.startswith("xn--"):
            last = _decode_idn(last)
        length, digits, hyphens, entropy, run = _label_stats(last if not ip else "")
        words = host_words(host)
        all_words.append(" ".join(words))
        spam_counts.append(sum(w in SPAM_WORD_CATEGORY for w in words))
        rows.append(
            (
                length,
                digits,
                hyphens,
                entropy,
                run,
                float(max(depth, 0)),
                float(ip),
                float(idn),
                float(is_private_suffix_host(host) and not is_suffix),
                suffix.rsplit(".", 1)[-1] if suffix else None,
                domain,
            )
        )
    table = pd.DataFrame(
        rows,
        columns=[
            "label_length",
            "label_digits",
            "label_hyphens",
            "label_entropy",
            "label_consonant_run",
            "subdomain_depth",
            "ip_host",
            "idn_host",
            "platform_host",
            "_tld",
            "_domain",
        ],
    )
    # IP hosts have no label: their label statistics are missing, not zero.
    ip_mask = table["ip_host"] == 1
    table.loc[ip_mask, ["label_length", "label_digits", "label_hyphens", "label_entropy", "label_consonant_run"]] = np.nan
    table["tld_abuse_rate"] = tld_abuse_rate(table["_tld"])
    table["spam_words_host"] = np.asarray(spam_counts, dtype=float)
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
    table["_words"] = all_words
    return table


def path_of(urls: pd.Series) -> pa.Array:
    """Lower-case path and query of each URL (scheme and host removed); null for missing URLs."""
    arr = to_arrow(urls)
    return pc.replace_substring_regex(pc.utf8_lower(arr), r"^([a-z][a-z0-9+.\-]*:)?//[^/?#]*|^[^/?#]*", "")


def domain_features(links: pd.DataFrame, profile: Profile) -> tuple[dict[str, np.ndarray], dict[str, object]]:
    """Domain family columns, plus intermediate values other families reuse.

    Returns ``(columns, shared)`` where ``shared`` holds ``host_codes``, ``host_words`` (per unique
    host), ``url_codes``, ``path_parent``/``path_words`` (tokens per unique URL) and
    ``off_topic_host``/``off_topic_path`` (spam words outside the site's niches).
    """
    hosts = links["source_host"].copy()
    need = hosts.isna() & links["source_url"].notna()
    if need.any():
        hosts[need] = hosts_of(links.loc[need, "source_url"])
    host_codes, unique_hosts = codes_of(hosts)
    table = _host_table(unique_hosts, profile)
    cols: dict[str, np.ndarray] = {}
    for name in table.columns:
        if not name.startswith("_"):
            cols[name] = gather(table[name].to_numpy(dtype=float), host_codes)
    cols["cov_host"] = (host_codes >= 0).astype(float)

    url_codes, unique_urls = codes_of(links["source_url"])
    paths = path_of(unique_urls)
    footprint = pc.fill_null(pc.match_substring_regex(paths, FOOTPRINT_RE), False).to_numpy(zero_copy_only=False)
    depth = pc.fill_null(pc.count_substring(pc.utf8_rtrim(paths, characters="/"), "/"), 0).to_numpy(zero_copy_only=False)
    parent, words = tokenize(paths)
    encoded = pc.dictionary_encode(words)
    vocab_codes = encoded.indices.to_numpy(zero_copy_only=False)
    spam_u = np.array([w in SPAM_WORD_CATEGORY for w in encoded.dictionary.to_pylist()], dtype=float)
    n_urls = len(unique_urls)
    spam_path = np.bincount(parent, weights=spam_u[vocab_codes], minlength=n_urls)
    cols["path_footprint"] = gather(footprint.astype(float), url_codes)
    cols["path_depth"] = gather(depth.astype(float), url_codes)
    cols["spam_words_path"] = gather(spam_path, url_codes)
    shared: dict[str, object] = {
        "host_codes": host_codes,
        "host_words": table["_words"],
        "url_codes": url_codes,
        "path_parent": parent,
        "path_words": words,
    }
    return cols, shared
