"""Hosts and registrable domains: hand-worked cases and agreement with tldextract's own lookup."""

from __future__ import annotations

from importlib import resources

import numpy as np
import pandas as pd
import pytest
import tldextract

from toxicity import lookups
from toxicity.domains import (
    PLATFORMS,
    domains_of,
    extra_suffixes,
    host_of_url,
    hosts_of,
    is_platform,
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
    """Our direct lookup must give tldextract's answers (same bundled snapshot, platforms as extra suffixes).

    tldextract counts an extra suffix as public where we count a platform as private, and here
    ``www.<platform>`` is the platform's own site (for tldextract, a site named www).
    """
    extra = sorted(extra_suffixes())
    ex = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True,
                               extra_suffixes=extra)
    rules = sorted(ex._get_tld_extractor().tlds_incl_private)[::7] + extra
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
        assert is_private_suffix_host(h) == (bool(r.is_private) or r.suffix in extra), h


@pytest.mark.parametrize(
    ("host", "domain"),
    [
        ("myblog.wordpress.com", "myblog.wordpress.com"),
        ("www.myblog.wordpress.com", "myblog.wordpress.com"),
        ("a.b.myblog.wordpress.com", "myblog.wordpress.com"),
        ("wordpress.com", "wordpress.com"),
        ("www.wordpress.com", "wordpress.com"),
        ("www.blogspot.com", "blogspot.com"),
        ("adobereader.weebly.com", "adobereader.weebly.com"),
        ("spam.blogspot.co.uk", "spam.blogspot.co.uk"),
        ("blogspot.co.uk", "blogspot.co.uk"),
        ("x.spam.webnode.page", "spam.webnode.page"),
        ("me.github.io", "me.github.io"),
        ("name.blog.fc2.com", "name.blog.fc2.com"),
        ("blog.fc2.com", "blog.fc2.com"),
        ("other.fc2.com", "fc2.com"),  # only blog.fc2.com is a platform
        ("xn--80aswg.wordpress.com", "xn--80aswg.wordpress.com"),  # punycode blog name
        ("www.xn--80aswg.tumblr.com", "xn--80aswg.tumblr.com"),
        ("xn--mnchen-3ya.de", "xn--mnchen-3ya.de"),  # punycode hosts off platforms are unaffected
        ("www.xn--e1afanlbnfckd7c3d.xn--p1ai", "xn--e1afanlbnfckd7c3d.xn--p1ai"),
        ("wordpress.com.evil.net", "evil.net"),
        ("notwordpress.com", "notwordpress.com"),
    ],
)
def test_registrable_domain_on_platforms(host: str, domain: str) -> None:
    assert registrable_domain(host) == domain


def test_platforms_are_private_suffixes() -> None:
    for name in ("wordpress.com", "weebly.com", "tumblr.com", "blogspot.de", "blogspot.com", "github.io"):
        assert is_public_suffix(name) and is_platform(name), name
        assert is_private_suffix_host(f"spam.{name}") and not is_platform(f"spam.{name}"), name
        assert public_suffix(f"www.spam.{name}") == name
    assert not is_platform("www.wordpress.com") and not is_public_suffix("www.wordpress.com")
    assert not is_platform("com") and not is_platform("co.uk") and not is_platform("1.2.3.4")
    assert not is_platform("example.com") and not is_private_suffix_host("example.com")
    assert is_platform("duckdns.org")  # every private PSL suffix is a platform, listed in platforms.txt or not


def test_unicode_blog_names_are_one_site() -> None:
    blog = "мой-блог".encode("idna").decode("ascii") + ".wordpress.com"
    hosts = hosts_of(pd.Series(["http://Мой-Блог.WordPress.com/a", f"https://{blog}/b",
                                "https://www.wordpress.com/", "http://wordpress.com./x"]))
    assert domains_of(hosts).tolist() == [blog, blog, "wordpress.com", "wordpress.com"]


def test_platforms_file_is_clean_and_marks_psl_entries() -> None:
    """Each name once, normalised; the ``[PSL]`` marks match the bundled PSL, so the file explains itself."""
    text = resources.files("toxicity.data").joinpath("platforms.txt").read_text(encoding="utf-8")
    entries = [(line.split("#", 1)[0].strip(), line) for line in text.splitlines()]
    entries = [(name, line) for name, line in entries if name]
    names = [name for name, _ in entries]
    assert len(names) == len(set(names)) == len(PLATFORMS)
    marked = {name for name, line in entries if "[PSL]" in line}
    assert marked == PLATFORMS - extra_suffixes()
    required = {
        "wordpress.com", "blogspot.com", "blogspot.co.uk", "weebly.com", "wixsite.com", "tumblr.com", "medium.com",
        "substack.com", "github.io", "gitlab.io", "livejournal.com", "over-blog.com", "jimdo.com", "jimdofree.com",
        "jimdosite.com", "webnode.com", "webnode.page", "netlify.app", "vercel.app", "herokuapp.com", "web.app",
        "firebaseapp.com", "hatenablog.com", "narod.ru", "ucoz.ru", "tilda.ws", "strikingly.com", "yolasite.com",
        "bravesites.com", "webs.com", "angelfire.com", "tripod.com", "blog.jp", "typepad.com", "squarespace.com",
        "site123.me", "mystrikingly.com",
    }
    assert required <= PLATFORMS
    assert not {"blogger.com", "wordpress.org", "google.com", "sites.google.com"} & PLATFORMS  # no user subdomains


def _table(entries: dict[str, int]) -> tuple[pd.Index, np.ndarray]:
    return pd.Index(list(entries), dtype=object), np.array(list(entries.values()), dtype=np.int64)


def test_a_list_entry_for_a_bare_platform_does_not_flag_its_blogs(monkeypatch: pytest.MonkeyPatch) -> None:
    table = _table({"weebly.com": 1, "spam.weebly.com": 2, "blogspot.com": 4, "casino-site.com": 8})
    monkeypatch.setattr(lookups, "_toxic_masks", lambda: table)
    hosts = ["weebly.com", "www.weebly.com", "adobereader.weebly.com", "x.adobereader.weebly.com",
             "spam.weebly.com", "x.spam.weebly.com", "www.spam.weebly.com", "myblog.blogspot.com", "blogspot.com",
             "x.casino-site.com", None]
    got = lookups.listed_toxic(hosts)
    assert got["referrer_spam"].tolist() == [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    assert got["seo_business"].tolist() == [0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0]
    assert got["seo_spam"].tolist() == [0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0]
    assert got["disavow_community"].tolist() == [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0]


def test_a_category_entry_for_a_bare_platform_does_not_categorise_its_blogs(monkeypatch: pytest.MonkeyPatch) -> None:
    blog = 1 << lookups.CATEGORIES.index("blog")
    monkeypatch.setattr(lookups, "_category_masks", lambda: _table({"wordpress.com": blog, "blogspot.de": blog}))
    got = lookups.categories_of(["wordpress.com", "www.wordpress.com", "casino.wordpress.com", "x.blogspot.de"])
    assert got["blog"].tolist() == [1, 1, 0, 0]
