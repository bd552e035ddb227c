"""Hosts and registrable domains: hand-worked cases and agreement with tldextract's own lookup."""

from __future__ import annotations

from importlib import resources

import numpy as np
import pandas as pd
import pytest
import tldextract
from hypothesis import given, settings
from hypothesis import strategies as st

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
    normalise_host,
    parse_site,
    public_suffix,
    registrable_domain,
)
from toxicity.errors import ToxicityError


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
    ex = tldextract.TLDExtract(
        suffix_list_urls=(), cache_dir=None, include_psl_private_domains=True, extra_suffixes=extra
    )
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
    assert is_platform(
        "duckdns.org"
    )  # every private PSL suffix is a platform, listed in platforms.txt or not


def test_unicode_blog_names_are_one_site() -> None:
    blog = "мой-блог".encode("idna").decode("ascii") + ".wordpress.com"
    hosts = hosts_of(
        pd.Series(
            [
                "http://Мой-Блог.WordPress.com/a",
                f"https://{blog}/b",
                "https://www.wordpress.com/",
                "http://wordpress.com./x",
            ]
        )
    )
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
        "wordpress.com",
        "blogspot.com",
        "blogspot.co.uk",
        "weebly.com",
        "wixsite.com",
        "tumblr.com",
        "medium.com",
        "substack.com",
        "github.io",
        "gitlab.io",
        "livejournal.com",
        "over-blog.com",
        "jimdo.com",
        "jimdofree.com",
        "jimdosite.com",
        "webnode.com",
        "webnode.page",
        "netlify.app",
        "vercel.app",
        "herokuapp.com",
        "web.app",
        "firebaseapp.com",
        "hatenablog.com",
        "narod.ru",
        "ucoz.ru",
        "tilda.ws",
        "strikingly.com",
        "yolasite.com",
        "bravesites.com",
        "webs.com",
        "angelfire.com",
        "tripod.com",
        "blog.jp",
        "typepad.com",
        "squarespace.com",
        "site123.me",
        "mystrikingly.com",
    }
    assert required <= PLATFORMS
    assert (
        not {"blogger.com", "wordpress.org", "google.com", "sites.google.com"} & PLATFORMS
    )  # no user subdomains


def _table(entries: dict[str, int]) -> tuple[pd.Index, np.ndarray]:
    return pd.Index(list(entries), dtype=object), np.array(list(entries.values()), dtype=np.int64)


def test_a_list_entry_for_a_bare_platform_does_not_flag_its_blogs(monkeypatch: pytest.MonkeyPatch) -> None:
    table = _table({"weebly.com": 1, "spam.weebly.com": 2, "blogspot.com": 4, "casino-site.com": 8})
    monkeypatch.setattr(lookups, "_toxic_masks", lambda: table)
    hosts = [
        "weebly.com",
        "www.weebly.com",
        "adobereader.weebly.com",
        "x.adobereader.weebly.com",
        "spam.weebly.com",
        "x.spam.weebly.com",
        "www.spam.weebly.com",
        "myblog.blogspot.com",
        "blogspot.com",
        "x.casino-site.com",
        None,
    ]
    got = lookups.listed_toxic(hosts)
    assert got["referrer_spam"].tolist() == [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    assert got["seo_business"].tolist() == [0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0]
    assert got["seo_spam"].tolist() == [0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0]
    assert got["disavow_community"].tolist() == [0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0]


def test_a_category_entry_for_a_bare_platform_does_not_categorise_its_blogs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    blog = 1 << lookups.CATEGORIES.index("blog")
    monkeypatch.setattr(
        lookups, "_category_masks", lambda: _table({"wordpress.com": blog, "blogspot.de": blog})
    )
    got = lookups.categories_of(
        ["wordpress.com", "www.wordpress.com", "casino.wordpress.com", "x.blogspot.de"]
    )
    assert got["blog"].tolist() == [1, 1, 0, 0]


# --------------------------------------------------------------------------- hosts as browsers read them

# (URL, the host a browser connects to; None where it refuses the URL or the URL names no web host).
BROWSER_HOSTS = [
    # UTS #46 non-transitional, as browsers: ß is kept, not folded into someone else's fass.de.
    ("http://faß.de/", "xn--fa-hia.de"),
    ("http://xn--fa-hia.de/", "xn--fa-hia.de"),
    ("http://FAß.DE./x", "xn--fa-hia.de"),
    ("http://💩.la/", "xn--ls8h.la"),
    ("http://XN--LS8H.la/", "xn--ls8h.la"),
    ("http://Ｅｘａｍｐｌｅ．com/", "example.com"),  # full-width letters and dot are mapped
    ("http://example。com/", "example.com"),  # ideographic full stop
    ("http://xn--a.com/", None),  # punycode of a control character
    ("http://xn--.com/", None),
    ("http://xn--8m81p-i93zmfejdbzy.com/", None),  # punycode of lone surrogates
    ("http://a\u200db.com/", None),  # a joiner between Latin letters
    # The authority as WHATWG cuts it.
    ("http://sp ace.example.com/", None),
    ("http://site.com\\@evil.example.com/", "site.com"),  # \ is / in http URLs
    ("http://a@b@c.example.com/", "c.example.com"),  # the last @ ends the user part
    ("http://exa\tmple.com/", "example.com"),  # tabs and newlines are removed
    ("https://User:pw@WWW.Example.co.uk:8080/p?q=1#f", "www.example.co.uk"),
    ("http://example.com:99999/", None),  # port out of range
    ("http:example.com/x", "example.com"),
    ("//Example.com/x", "example.com"),
    ("ftp://files.example.com/", "files.example.com"),
    # Labels with leading or trailing hyphens (CheckHyphens off), underscores, bad characters.
    ("http://zh-.2hanx2.com/", "zh-.2hanx2.com"),
    ("http://-spam-.example.com/", "-spam-.example.com"),
    ("http://ab--cd.example.com/", "ab--cd.example.com"),
    ("http://my_site.example.com/", "my_site.example.com"),
    ("http://ex%61mple.com/", "example.com"),  # the host is percent-decoded ...
    ("http://a%3Cb.com/", None),  # ... and then checked: < is forbidden
    ("http://a%25b.com/", None),
    ("http://a<b.com/", None),
    ("http://a^b.com/", None),
    ("http://a|b.com/", None),
    ("http://a%zz.com/", None),
    ("http://a*b.com/", None),  # WHATWG lets it through, but it can be no DNS name of a site
    ("http://a..b.com/", None),
    ("http://.example.com/", None),
    ("http://example.com../", None),
    ("http://" + "a" * 64 + ".com/", None),
    # IPv4 in every WHATWG spelling, IPv6 compressed.
    ("http://0x7f.1/", "127.0.0.1"),
    ("http://2130706433/", "127.0.0.1"),
    ("http://0177.0.0.1/", "127.0.0.1"),
    ("http://1.2.3.4./", "1.2.3.4"),
    ("http://1.2.3.256/", None),
    ("http://example.123/", None),  # a number as last label is an IPv4 address or nothing
    ("http://[0:0::1]/", "[::1]"),
    ("http://[::FFFF:1.2.3.4]/", "[::ffff:102:304]"),
    ("http://[1::2::3]/", None),
    # Without scheme, as our users write them.
    ("example.com/page", "example.com"),
    ("www.example.com", "www.example.com"),
    ("Example.COM.", "example.com"),
    ("example.com:8080/page", "example.com"),
    ("  https://example.com/  ", "example.com"),
    ("\u00a0https://example.com/", "example.com"),
    ("мой-блог.рф", "xn----btbgvmcoe.xn--p1ai"),
    # Not a web host.
    ("not a url", None),
    ("mailto:someone@example.com", None),
    ("javascript:alert(1)", None),
    ("tel:123", None),
    ("file://host/x", None),
    ("/relative/path", None),
    ("", None),
    ("   ", None),
]


@pytest.mark.parametrize(("url", "host"), BROWSER_HOSTS)
def test_hosts_are_read_as_browsers_read_them(url: str, host: str | None) -> None:
    assert host_of_url(url) == host


def test_vectorised_hosts_agree_on_the_browser_cases() -> None:
    urls = [url for url, _ in BROWSER_HOSTS]
    got = hosts_of(pd.Series(urls, dtype="string")).tolist()
    assert [None if g is pd.NA else g for g in got] == [host for _, host in BROWSER_HOSTS]


def test_vectorised_hosts_keep_the_rows_of_any_index() -> None:
    """A filtered frame's index (features take hosts of the rows that lack one) must not move hosts between
    rows."""
    urls = pd.Series(
        ["http://a.com/", "http://b.com/", "c.com/x", "HTTP://D.com/", None, "http://e.com/"],
        index=[7, 0, 3, 3, 1, 2],
    )
    got = hosts_of(urls)
    assert got.index.tolist() == [7, 0, 3, 3, 1, 2]
    assert [None if g is pd.NA else g for g in got] == ["a.com", "b.com", "c.com", "d.com", None, "e.com"]


def test_unicode_and_punycode_spellings_are_one_domain() -> None:
    hosts = hosts_of(
        pd.Series(
            [
                "http://faß.de/",
                "https://xn--fa-hia.de/a",
                "http://www.FAß.de./",
                "http://💩.la/",
                "http://xn--ls8h.la/",
            ]
        )
    )
    assert domains_of(hosts).tolist() == ["xn--fa-hia.de"] * 3 + ["xn--ls8h.la"] * 2


@pytest.mark.parametrize(
    ("host", "normal"),
    [
        ("faß.de", "xn--fa-hia.de"),
        ("MÜNCHEN.de.", "xn--mnchen-3ya.de"),
        ("zh-.2hanx2.com", "zh-.2hanx2.com"),
        ("0x7f.1", "127.0.0.1"),
        ("[0:0::1]", "[::1]"),
        (" example.com ", "example.com"),
        ("example.com:80", None),
        ("example.com/x", None),
        ("user@example.com", None),
        ("::1", None),
        ("exa\tmple.com", None),
        ("bad host", None),
        ("xn--a.com", None),
        ("a%3Cb.com", None),
        ("xn--ekr4xlocs2893s.com", None),
    ],
)
def test_normalise_host(host: str, normal: str | None) -> None:
    assert normalise_host(host) == normal


# URL-ish text built from the pieces that hosts, schemes and authorities are made of, hostile ones included.
_HOSTILE = st.lists(
    st.one_of(
        st.sampled_from(
            list("aZ09.-_:/\\@?#[]%<>^| \t\n\x00ßéÜ💩。．Ｅ\u200d\u00a0")
            + ["xn--", "0x", "http://", "https://", "//", "%2e", "%41", "::", "mailto:", "www.", ".com"]
        ),
        st.from_regex(r"xn--[a-z0-9-]{0,16}", fullmatch=True),  # punycode, mostly invalid
    ),
    max_size=14,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(_HOSTILE, st.text(max_size=20)), max_size=25))
def test_vectorised_hosts_match_the_scalar_function_on_hostile_text(urls: list[str]) -> None:
    got = hosts_of(pd.Series(urls, dtype="string")).tolist()
    assert [None if g is pd.NA else g for g in got] == [host_of_url(u) for u in urls]


@settings(max_examples=400, deadline=None)
@given(st.one_of(_HOSTILE, st.text(max_size=20)))
def test_every_host_has_one_spelling(url: str) -> None:
    host = host_of_url(url)
    if host is None:
        return
    assert host.isascii() and host == host.lower() and not host.endswith(".") and len(host) <= 253
    assert normalise_host(host) == host == host_of_url(host) == host_of_url(f"https://{host}/x")


# ------------------------------------------------------------------------------------------- parse_site


@pytest.mark.parametrize(
    ("text", "host"),
    [
        ("example.com", "example.com"),
        ("www.example.com", "www.example.com"),  # the host as given: www. is kept
        ("https://example.com/", "example.com"),
        ("https://www.example.com/path", "www.example.com"),
        ("Example.COM.", "example.com"),
        ("münchen.de", "xn--mnchen-3ya.de"),
        ("https://faß.de/", "xn--fa-hia.de"),
        ("https://example.com:8443/", "example.com"),  # ports are dropped, with or without scheme
        ("crumbandcrust.com:443", "crumbandcrust.com"),
        ("myblog.blogspot.com", "myblog.blogspot.com"),
        ("192.0.2.1", "192.0.2.1"),
        ("http://[::1]/", "[::1]"),
    ],
)
def test_parse_site_accepts_hosts_and_urls(text: str, host: str) -> None:
    assert parse_site(text) == host


_NO_SUFFIX = (
    "the site {!r} is not a complete host name: it has no public suffix such as .com or .co.uk; give the "
    "whole name, like {}"
)
_SHARED = (
    "the site {!r} is {} shared by many unrelated sites, not one site; give the audited site itself, like {}"
)
_NOT_A_HOST = "the site {!r} is not a host name or web address; give the audited site like example.com or https://example.com/"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("crumbandcrust", _NO_SUFFIX.format("crumbandcrust", "crumbandcrust.com")),
        ("example.notatld", _NO_SUFFIX.format("example.notatld", "example.com")),
        ("co.uk", _SHARED.format("co.uk", "a public suffix", "example.co.uk")),
        (
            "https://blogspot.com/",
            _SHARED.format("https://blogspot.com/", "a platform", "yourblog.blogspot.com"),
        ),
        ("not a url", _NOT_A_HOST.format("not a url")),
        ("mailto:me@example.com", _NOT_A_HOST.format("mailto:me@example.com")),
        (" ", "no site given; give the audited site's host name, like example.com"),
    ],
)
def test_parse_site_refuses_what_is_no_site(text: str, message: str) -> None:
    with pytest.raises(ToxicityError) as err:
        parse_site(text)
    assert str(err.value) == message


def _normalise_by_the_parser(host: str) -> str | None:
    """normalise_host without its fast path: every host through the WHATWG parser."""
    from toxicity.domains import _STRIP, _URL_DELIMITERS_RE, _web_host

    h = host.strip(_STRIP)
    if not h or (_URL_DELIMITERS_RE.search(h) and not (h.startswith("[") and h.endswith("]"))):
        return None
    return _web_host(f"http://{h}/")


_HOSTISH = st.lists(
    st.one_of(
        st.text(alphabet="abcfx0123456789_-", min_size=0, max_size=8),
        st.sampled_from(["xn--", "xn--mnchen-3ya", "0x", "0x7f", "com", "A", "ß", "64" * 32, ""]),
    ),
    min_size=1,
    max_size=5,
).map(".".join)


@given(_HOSTISH)
@settings(max_examples=3000, deadline=None)
def test_plain_host_fast_path_spells_hosts_as_the_parser_does(host: str) -> None:
    assert normalise_host(host) == _normalise_by_the_parser(host)
