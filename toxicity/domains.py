"""Hosts and registrable domains, offline, Public Suffix List with private suffixes and platforms.

A disavow ``domain:`` line must name the registrable domain under the PSL *including private
suffixes*: ``spam.blogspot.com`` is a site of its own, ``blogspot.com`` is a platform that hosts
millions. The PSL snapshot bundled with :mod:`tldextract` is used; nothing is fetched.

Some big blog and free-hosting platforms are missing from the PSL (``wordpress.com``, ``weebly.com``,
``tumblr.com`` ...). :data:`PLATFORMS`, read from ``toxicity/data/platforms.txt``, is the one list of
platforms: each is an extra private suffix here (like tldextract's ``extra_suffixes``), so
``myblog.wordpress.com`` is a site of its own. The bare platform and ``www.<platform>`` are the
operator's own site and keep the platform's name. Every stage (features, lookups, review sheets,
disavow) gets platforms from this module: :func:`is_platform` tells whether a name is a whole platform.

Hosts are lower-cased, stripped of a trailing dot and IDNA-encoded (punycode) before grouping, so
the Unicode and punycode spellings of one host are one host. IP hosts are kept as they are.

Work is done per *unique* value and mapped back, so a million links from 80,000 hosts cost 80,000
lookups.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources
from typing import Final

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
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


def _read_platforms() -> frozenset[str]:
    """The names of ``toxicity/data/platforms.txt``; a name that is not a normalised host is an error."""
    text = resources.files("toxicity.data").joinpath("platforms.txt").read_text(encoding="utf-8")
    names = set()
    for number, line in enumerate(text.splitlines(), start=1):
        name = line.split("#", 1)[0].strip()
        if not name:
            continue
        if normalise_host(name) != name or "." not in name:
            raise ValueError(f"platforms.txt line {number}: {name!r} is not a lower-case punycode domain name")
        names.add(name)
    return frozenset(names)


#: Blog, free-hosting and site-builder platforms whose users get sites of their own at
#: ``<name>.<platform>`` (``wordpress.com``, ``blogspot.com``, ``weebly.com``, ``github.io`` ...), read
#: from ``toxicity/data/platforms.txt`` (the list, its sources and the reason for each entry are there).
#: Those the PSL lacks are added to it as private suffixes; see :func:`extra_suffixes`.
PLATFORMS: Final[frozenset[str]] = _read_platforms()


class _SuffixList:
    """The Public Suffix List (public and private sections) as sets, for a direct longest-match lookup.

    tldextract's own lookup costs about 40 microseconds a host; a few set probes per host cost a
    tenth of that, which matters at 80,000 hosts per export. The rules are tldextract's bundled
    snapshot plus :data:`PLATFORMS` as extra private suffixes, so both agree once tldextract is given
    the same ``extra_suffixes`` (a test checks it on thousands of hosts).
    """

    def __init__(self) -> None:
        lists = _EXTRACT._get_tld_extractor()
        # The PSL spells IDN suffixes in Unicode; hosts here are punycode: keep both spellings.
        psl = {form for r in lists.tlds_incl_private for form in (r, _punycode_rule(r))}
        psl_wildcard_parents = {r[2:] for r in psl if r.startswith("*.")}
        #: Platforms that no PSL rule makes a suffix: the ones this module adds.
        self.extra = frozenset(p for p in PLATFORMS if p not in psl and p.partition(".")[2] not in psl_wildcard_parents)
        rules = psl | self.extra
        private = {form for r in lists.private_tlds for form in (r, _punycode_rule(r))} | self.extra
        self.private_exact = frozenset(r for r in private if not r.startswith(("*.", "!")))
        self.private_wildcard_parents = frozenset(r[2:] for r in private if r.startswith("*."))
        self.exact = frozenset(r for r in rules if not r.startswith(("*.", "!")))
        self.wildcard_parents = frozenset(r[2:] for r in rules if r.startswith("*."))
        self.exceptions = frozenset(r[1:] for r in rules if r.startswith("!"))

    def split(self, host: str) -> tuple[int, str]:
        """Return (index of the first suffix label, suffix); index -1 and '' when no rule matches."""
        labels = host.split(".")
        for i in range(len(labels)):
            candidate = ".".join(labels[i:])
            if candidate in self.exceptions:
                return i + 1, ".".join(labels[i + 1 :])
            if candidate in self.exact:
                return i, candidate
            if i + 1 < len(labels) and ".".join(labels[i + 1 :]) in self.wildcard_parents:
                return i, candidate
        return -1, ""


def _punycode_rule(rule: str) -> str:
    """``*.рф`` -> ``*.xn--p1ai``; ASCII rules are returned unchanged."""
    if rule.isascii():
        return rule
    prefix = "!" if rule.startswith("!") else ""
    labels = rule[len(prefix) :].split(".")
    try:
        return prefix + ".".join(label if label == "*" else label.encode("idna").decode("ascii") for label in labels)
    except UnicodeError:
        return rule


@lru_cache(maxsize=1)
def _suffix_list() -> _SuffixList:
    return _SuffixList()


@lru_cache(maxsize=200_000)
def _split(host: str) -> tuple[int, str]:
    return _suffix_list().split(host)


def registrable_domain(host: str) -> str:
    """Registrable domain of a normalised ``host`` (private suffixes and platforms on).

    IPs and suffixes map to themselves; ``www.<platform>``, the platform's own site, maps to the
    platform (``www`` is never a user's site on a platform).

    >>> registrable_domain("spam.blogspot.com")
    'spam.blogspot.com'
    >>> registrable_domain("www.bbc.co.uk")
    'bbc.co.uk'
    >>> registrable_domain("blogspot.com")
    'blogspot.com'
    >>> registrable_domain("www.myblog.wordpress.com"), registrable_domain("www.wordpress.com")
    ('myblog.wordpress.com', 'wordpress.com')
    """
    if is_ip_host(host):
        return host
    index, suffix = _split(host)
    if index <= 0:
        return host
    if index == 1:
        return suffix if host.startswith("www.") and suffix in PLATFORMS else host
    return host.split(".", index - 1)[-1]


def is_public_suffix(name: str) -> bool:
    """True if ``name`` is itself a public or private suffix (``com``, ``co.uk``, ``blogspot.com``) or platform.

    Such a name must never be disavowed with ``domain:``: it would cover every site below it.

    >>> is_public_suffix("blogspot.com"), is_public_suffix("spam.blogspot.com")
    (True, False)
    """
    if is_ip_host(name):
        return False
    return _split(name)[0] == 0


def public_suffix(host: str) -> str:
    """The public (or private) suffix of ``host``: ``blogspot.com`` for ``spam.blogspot.com``; '' for IPs."""
    if is_ip_host(host):
        return ""
    return _split(host)[1]


def is_private_suffix_host(host: str) -> bool:
    """True if ``host`` sits under a *private* PSL suffix or a platform (blogspot.com, wordpress.com ...).

    The bare suffix counts too (``blogspot.com`` itself is true); :func:`is_platform` tells it apart.
    """
    if is_ip_host(host):
        return False
    suffix = _split(host)[1]
    lists = _suffix_list()
    return suffix in lists.private_exact or suffix.partition(".")[2] in lists.private_wildcard_parents


def is_platform(name: str) -> bool:
    """True if the normalised ``name`` is a whole platform: a private suffix whose users get sites of their own.

    That is every name of :data:`PLATFORMS` (``wordpress.com``, ``blogspot.de``) and every other
    private PSL suffix (``duckdns.org``). ``domain:<platform>`` would disavow every site on it.
    Public suffixes (``com``, ``co.uk``), the sites on a platform and ``www.<platform>`` are not
    platforms.

    >>> is_platform("wordpress.com"), is_platform("blogspot.com"), is_platform("spam.wordpress.com")
    (True, True, False)
    >>> is_platform("www.wordpress.com"), is_platform("co.uk")
    (False, False)
    """
    return is_public_suffix(name) and is_private_suffix_host(name)


def platforms_among(names: Iterable[str]) -> list[str]:
    """The names that are whole platforms (:func:`is_platform`), checked fast enough for every referring
    domain of an export: a set probe first, the full rule only for the few candidates."""
    lists = _suffix_list()
    return [
        d
        for d in names
        if (d in lists.private_exact or d.partition(".")[2] in lists.private_wildcard_parents) and is_platform(d)
    ]


def extra_suffixes() -> frozenset[str]:
    """The platforms the bundled PSL lacks, which this module adds as private suffixes (``wordpress.com``).

    ``domain:`` lines naming one of them are a warning in a disavow file (Google accepts them, they
    only disavow a whole platform), while PSL suffixes such as ``blogspot.com`` are an error.
    """
    return _suffix_list().extra


def _re2_class(chars: str) -> str:
    return "".join(f"\\x{{{ord(c):x}}}" for c in chars)


# The same pattern as _HOST_RE for Arrow's RE2 engine, with Python's Unicode ``\s`` spelled out so that
# both engines split hosts at exactly the same characters.
_SPACE = _re2_class("".join(chr(c) for c in range(0x3001) if chr(c).isspace()))
_HOST_RE2 = (
    rf"^[{_SPACE}]*(?:[A-Za-z][A-Za-z0-9+.\-]*:)?(?://)?(?:[^@/?#{_SPACE}]*@)?"
    rf"(?P<host>\[[0-9A-Fa-f:.]+\]|[^:/?#{_SPACE}\\]+)"
)
# A host that normalise_host would return unchanged: lower-case ASCII labels, no trailing dot.
_NORMAL_HOST_RE2 = r"^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$"


# Most URLs look like this; for them the host is cut out by a cheaper pattern that agrees with _HOST_RE.
_COMMON_URL_RE2 = r"^(?:[Hh][Tt][Tt][Pp][Ss]?:)?//(?P<host>[A-Za-z0-9._-]+)(?:[/?#]|$)"


def _host_parts(arr: pa.Array, pattern: str) -> pa.Array:
    return pc.struct_field(pc.extract_regex(arr, pattern), [0])


def hosts_of(urls: pd.Series) -> pd.Series:
    """Vectorised :func:`host_of_url` over a Series of URLs; unparseable entries become ``<NA>``.

    Hosts are cut out of every URL in one vectorised pass; only hosts that need normalising
    (upper case, IDNs, trailing dots, IPs) go through :func:`normalise_host`, once per distinct host.

    >>> hosts_of(pd.Series(["https://WWW.Example.com/a", "example.org", "not a url", None])).tolist()
    ['www.example.com', 'example.org', 'not', <NA>]
    """
    arr = pa.array(urls.astype("string").array, type=pa.large_string())
    raw = _host_parts(arr, _COMMON_URL_RE2)
    rest = np.flatnonzero(raw.is_null().to_numpy(zero_copy_only=False) & arr.is_valid().to_numpy(zero_copy_only=False))
    out = pd.Series(raw.to_pandas(types_mapper=pd.ArrowDtype), index=urls.index).astype("string")
    if len(rest):
        other = _host_parts(arr.take(pa.array(rest)), _HOST_RE2)
        out.iloc[rest] = pd.array(other.to_pandas(types_mapper=pd.ArrowDtype)).astype("string")
    final = pa.array(out.array, type=pa.large_string())
    normal = pc.and_kleene(
        pc.match_substring_regex(final, _NORMAL_HOST_RE2),
        pc.and_(
            pc.less_equal(pc.utf8_length(final), 253),
            pc.invert(pc.match_substring_regex(final, r"^\d{1,3}(?:\.\d{1,3}){3}$")),
        ),
    )
    slow = ~normal.to_numpy(zero_copy_only=False).astype(bool) & out.notna().to_numpy(dtype=bool)
    if slow.any():
        codes, uniques = pd.factorize(out[slow])
        fixed = pd.array([normalise_host(h) for h in uniques] + [None], dtype="string")
        out[slow] = fixed[codes]
    return out


def domains_of(hosts: pd.Series) -> pd.Series:
    """Vectorised :func:`registrable_domain` over normalised hosts (``<NA>`` stays ``<NA>``)."""
    codes, uniques = pd.factorize(hosts, use_na_sentinel=True)
    doms = [registrable_domain(h) for h in uniques]
    arr = np.array(doms + [None], dtype=object)
    mapped = arr[np.where(codes >= 0, codes, len(doms))]
    return pd.Series(pd.array(mapped, dtype="string"), index=hosts.index)
