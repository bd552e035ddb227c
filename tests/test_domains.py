"""Hosts and registrable domains: hand-worked cases and agreement with tldextract's own lookup."""

from __future__ import annotations

import pytest
import tldextract

from toxicity.domains import (
    host_of_url,
    is_private_suffix_host,
    is_public_suffix,
    public_suffix,
    registrable_domain,
)


@pytest.mark.parametrize(
    ("host", "domain"),
    [
        ("spam.blogspot.com", "spam.blogspot.com"),
        ("www.spam.blogspot.com", "spam.blogspot.com"),
        ("blogspot.com", "blogspot.com"),
        ("www.bbc.co.uk", "bbc.co.uk"),
        ("192.168.1.1", "192.168.1.1"),
        ("xn--mnchen-3ya.de", "xn--mnchen-3ya.de"),
        ("www.xn--e1afanlbnfckd7c3d.xn--p1ai", "xn--e1afanlbnfckd7c3d.xn--p1ai"),
        ("a.www.ck", "www.ck"),
        ("x.y.kawasaki.jp", "x.y.kawasaki.jp"),
        ("a.city.kawasaki.jp", "city.kawasaki.jp"),
    ],
)
def test_registrable_domain(host: str, domain: str) -> None:
    assert registrable_domain(host) == domain


def test_suffixes() -> None:
    assert is_public_suffix("blogspot.com") and is_public_suffix("co.uk") and is_public_suffix("com")
    assert not is_public_suffix("spam.blogspot.com") and not is_public_suffix("1.2.3.4")
    assert public_suffix("spam.blogspot.com") == "blogspot.com"
    assert is_private_suffix_host("spam.blogspot.com") and not is_private_suffix_host("bbc.co.uk")
    assert is_private_suffix_host("x.us-east-1.elb.amazonaws.com")  # a private wildcard rule


def test_agrees_with_tldextract_on_many_hosts() -> None:
    """Our direct PSL lookup must give tldextract's answers (same bundled snapshot)."""
    ex = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True)
    rules = sorted(ex._get_tld_extractor().tlds_incl_private)[::7]
    hosts = []
    for rule in rules:
        base = rule.lstrip("!").replace("*", "w")
        hosts += [base, f"site.{base}", f"www.site.{base}"]
    hosts = [h for h in (host_of_url(h) for h in hosts) if h]
    assert len(hosts) > 3000
    for h in hosts:
        r = ex(h)
        expected = f"{r.domain}.{r.suffix}" if r.domain and r.suffix else h
        assert registrable_domain(h) == expected, h
        assert is_public_suffix(h) == (bool(r.suffix) and not r.domain), h
        assert is_private_suffix_host(h) == bool(r.is_private), h
