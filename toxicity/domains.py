"""Hosts and registrable domains, offline, Public Suffix List with private suffixes.

A disavow ``domain:`` line must name the registrable domain under the PSL *including private
suffixes*: ``spam.blogspot.com`` is a site of its own, ``blogspot.com`` is a platform that hosts
millions. The PSL snapshot bundled with :mod:`tldextract` is used; nothing is fetched.

Hosts are lower-cased, stripped of a trailing dot and IDNA-encoded (punycode) before grouping, so
the Unicode and punycode spellings of one host are one host. IP hosts are kept as they are.

Work is done per *unique* value and mapped back, so a million links from 80,000 hosts cost 80,000
lookups.
"""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache

import pandas as pd
import tldextract

_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)

# scheme://user:pass@HOST:port/path  |  //HOST/path  |  HOST/path
_HOST_RE = re.compile(
    r"^\s*(?:[A-Za-z][A-Za-z0-9+.\-]*:)?(?://)?(?:[^@/?#\s]*@)?(\[[0-9A-Fa-f:.]+\]|[^:/?#\s\\]+)"
)
_IPV4_RE = re.compile(r"^\d{1,3}(?:\.\d{1,3}){3}$")
_LABEL_RE = re.compile(r"^(?!-)[a-z0-9_-]{1,63}(?<!-)$")


def normalise_host(host: str) -> str | None:
    """Lower-case, strip a trailing dot and punycode-encode ``host``; ``None`` if it is not a host.

    >>> normalise_host("MÜNCHEN.de.")
    'xn--mnchen-3ya.de'
    >>> normalise_host("192.168.1.1")
    '192.168.1.1'
    >>> normalise_host("bad host") is None
    True
    """
    h = host.strip().rstrip(".").lower()
    if not h:
        return None
    if h.startswith("[") and h.endswith("]"):
        try:
            return "[" + str(ipaddress.IPv6Address(h[1:-1])) + "]"
        except ValueError:
            return None
    if _IPV4_RE.match(h):
        try:
            return str(ipaddress.IPv4Address(h))
        except ValueError:
            return None
    if not h.isascii():
        try:
            h = h.encode("idna").decode("ascii")
        except UnicodeError:
            return None
    labels = h.split(".")
    if len(h) > 253 or not all(_LABEL_RE.match(label) for label in labels):
        return None
    return h


def is_ip_host(host: str) -> bool:
    """True for an IPv4 host or a bracketed IPv6 host."""
    return bool(_IPV4_RE.match(host)) or (host.startswith("[") and host.endswith("]"))


def host_of_url(url: str) -> str | None:
    """Return the normalised host of ``url`` (with or without scheme), or ``None``.

    >>> host_of_url("https://User@WWW.Example.co.uk:8080/path?q=1")
    'www.example.co.uk'
    >>> host_of_url("example.com/page")
    'example.com'
    """
    m = _HOST_RE.match(url)
    return normalise_host(m.group(1)) if m else None


@lru_cache(maxsize=200_000)
def registrable_domain(host: str) -> str:
    """Registrable domain of a normalised ``host`` (private suffixes on); IPs and suffixes map to themselves.

    >>> registrable_domain("spam.blogspot.com")
    'spam.blogspot.com'
    >>> registrable_domain("www.bbc.co.uk")
    'bbc.co.uk'
    >>> registrable_domain("blogspot.com")
    'blogspot.com'
    """
    if is_ip_host(host):
        return host
    r = _EXTRACT(host)
    if r.domain and r.suffix:
        return f"{r.domain}.{r.suffix}"
    return host


@lru_cache(maxsize=50_000)
def is_public_suffix(name: str) -> bool:
    """True if ``name`` is itself a public or private suffix (``com``, ``co.uk``, ``blogspot.com``).

    Such a name must never be disavowed with ``domain:``: it would cover every site below it.
    """
    if is_ip_host(name):
        return False
    r = _EXTRACT(name)
    return bool(r.suffix) and not r.domain


@lru_cache(maxsize=200_000)
def public_suffix(host: str) -> str:
    """The public (or private) suffix of ``host``: ``blogspot.com`` for ``spam.blogspot.com``; '' for IPs."""
    if is_ip_host(host):
        return ""
    return _EXTRACT(host).suffix


@lru_cache(maxsize=200_000)
def is_private_suffix_host(host: str) -> bool:
    """True if ``host`` sits under a *private* PSL suffix (blog platforms, free hosting: blogspot.com ...)."""
    if is_ip_host(host):
        return False
    return bool(_EXTRACT(host).is_private)


def hosts_of(urls: pd.Series) -> pd.Series:
    """Vectorised :func:`host_of_url` over a Series of URLs; unparseable entries become ``<NA>``."""
    codes, uniques = pd.factorize(urls, use_na_sentinel=True)
    raw = pd.Series(uniques, dtype="string").str.extract(_HOST_RE, expand=False)
    # Fast path for the common case: already lower-case ASCII without trailing dot.
    simple = raw.str.fullmatch(r"[a-z0-9][a-z0-9.\-_]*[a-z0-9]", na=False) & ~raw.str.contains("..", regex=False, na=False)
    norm = raw.copy()
    slow = ~simple & raw.notna()
    if slow.any():
        norm[slow] = [normalise_host(h) for h in raw[slow]]
    out = pd.Series(pd.array(norm.to_numpy(dtype=object), dtype="string"))
    values = out.to_numpy(dtype=object)
    import numpy as np

    mapped = np.where(codes >= 0, values[np.maximum(codes, 0)], None)
    return pd.Series(pd.array(mapped, dtype="string"), index=urls.index)


def domains_of(hosts: pd.Series) -> pd.Series:
    """Vectorised :func:`registrable_domain` over normalised hosts (``<NA>`` stays ``<NA>``)."""
    codes, uniques = pd.factorize(hosts, use_na_sentinel=True)
    doms = [registrable_domain(h) for h in uniques]
    import numpy as np

    arr = np.array(doms + [None], dtype=object)
    mapped = arr[np.where(codes >= 0, codes, len(doms))]
    return pd.Series(pd.array(mapped, dtype="string"), index=hosts.index)
