"""analyse_page on small hand-written pages: placement, hiding, rel, language, encodings, hostile input."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toxicity.errors import SiteError
from toxicity.fetch import PAGE_COLUMNS, PAGE_FACT_NAMES, PAGE_FEATURES, analyse_page, page_reasons
from toxicity.knowledge.spam import LIST_PAGE_CATEGORY, SPAM_CATEGORY_NICHE, SPAM_VOCAB, page_category
from toxicity.pages import SPAM_CATEGORIES, categorise_hosts, decode_html

URL = "https://blog.example.org/2024/post"
LINK = '<a href="https://www.greenleafbakery.co.uk/shop" {attrs}>{text}</a>'


def _facts(body: str, site: str | None = "greenleafbakery.co.uk", **kwargs: Any) -> dict[str, Any]:
    facts = analyse_page(body.encode("utf-8"), url=URL, site=site, **kwargs)  # type: ignore[arg-type]
    assert tuple(facts) == PAGE_FACT_NAMES
    return facts


def _link(attrs: str = "", text: str = "bakery") -> str:
    return LINK.format(attrs=attrs, text=text)


@pytest.mark.parametrize(
    ("html", "placement"),
    [
        ("<article><p>Read {link}.</p></article>", "main"),
        ("<nav><ul><li>{link}</li></ul></nav>", "nav"),
        ('<div id="site-navigation" class="main-menu">{link}</div>', "nav"),
        ("<header><div class='logo'>{link}</div></header>", "header"),
        ("<article><header class='entry-header'>{link}</header></article>", "main"),
        ("<footer><nav>{link}</nav></footer>", "footer"),
        ('<div class="site-footer">{link}</div>', "footer"),
        ("<article><footer>tags: {link}</footer></article>", "main"),
        ("<aside><section class='widget'>{link}</section></aside>", "sidebar"),
        ('<div id="sidebar">{link}</div>', "sidebar"),
        ('<div role="complementary">{link}</div>', "sidebar"),
        ('<ol class="comment-list"><li class="comment">Nice post! {link}</li></ol>', "comment"),
        ('<div id="disqus_thread">{link}</div>', "comment"),
    ],
)
def test_placement(html: str, placement: str) -> None:
    facts = _facts(html.format(link=_link()))
    assert facts["link_present"] is True and facts["link_placement"] == placement
    assert facts["link_hidden"] is False


@pytest.mark.parametrize(
    ("html", "how"),
    [
        ('<div style="display: none">{link}</div>', "display:none"),
        ('<div style="DISPLAY:NONE !important">{link}</div>', "display:none"),
        ('<p style="visibility:hidden">{link}</p>', "visibility:hidden"),
        ('<div style="position:absolute;left:-5000px">{link}</div>', "off-screen"),
        ('<div style="text-indent:-9999px">{link}</div>', "off-screen"),
        ('<div style="height:0;overflow:hidden">{link}</div>', "zero-size"),
        ('<div style="width:1px;height:1px;overflow:hidden">{link}</div>', "zero-size"),
        ('<span style="font-size:0">{link}</span>', "font-size:0"),
        ('<span style="opacity:0">{link}</span>', "opacity:0"),
        ("<div hidden>{link}</div>", "hidden attribute"),
        (
            '<style>#seo-box, .x{{visibility:hidden}}</style><div id="seo-box">{link}</div>',
            "visibility:hidden",
        ),
    ],
)
def test_hidden_link(html: str, how: str) -> None:
    facts = _facts("<p>Some visible words here.</p>" + html.format(link=_link()))
    assert facts["link_present"] is True and facts["link_hidden"] is True
    assert facts["link_hidden_by"] == how and facts["link_placement"] == "hidden"
    assert facts["hidden_outbound_links"] == 1


@pytest.mark.parametrize(
    "html",
    [
        '<div style="opacity:0.9;height:10px">{link}</div>',
        '<div style="height:0">{link}</div>',  # overflow shows: not hidden
        '<style>@media (max-width:600px){{.m{{display:none}}}}</style><div class="m">{link}</div>',
        # descendant rule: not this div
        '<style>.menu ul{{display:none}}</style><div class="menu">{link}</div>',
        '<div aria-hidden="true">{link}</div>',
    ],
)
def test_visible_link_is_not_called_hidden(html: str) -> None:
    facts = _facts(html.format(link=_link()))
    assert facts["link_hidden"] is False and facts["link_hidden_by"] is None


def test_most_visible_link_is_described() -> None:
    page = '<div style="display:none">{a}</div><footer>{b}</footer><main>{c}</main>'.format(
        a=_link(text="hidden one"),
        b=_link(text="footer one"),
        c=_link('rel="UGC nofollow noopener"', "in text"),
    )
    facts = _facts(page)
    assert facts["site_links"] == 3
    assert facts["link_anchor"] == "in text" and facts["link_placement"] == "main"
    assert facts["link_rel"] == "nofollow ugc" and facts["link_hidden"] is False


def test_image_link_anchor_is_the_alt_text_and_relative_links_use_base() -> None:
    page = (
        '<base href="https://www.greenleafbakery.co.uk/">'
        '<a href="/shop"><img src="b.png" alt="Greenleaf logo"></a>'
    )
    facts = _facts(page)
    assert facts["link_present"] is True and facts["link_anchor"] == "Greenleaf logo"


def test_without_a_site_the_link_is_not_judged() -> None:
    facts = _facts(f"<p>{_link()}</p>", site=None)
    assert all(facts[k] is None for k in ("link_present", "link_anchor", "link_placement", "link_hidden"))
    assert facts["outbound_links"] == 1


def test_internal_links_and_non_http_links_are_not_outbound() -> None:
    page = (
        '<a href="/about">about</a><a href="https://www.example.org/x">same domain</a>'
        '<a href="mailto:a@b.c">mail</a><a href="javascript:void(0)">js</a><a href="http://[bad">bad</a>'
        '<a href="https://other.example.net/">other</a>'
    )
    facts = _facts(page)
    assert facts["outbound_links"] == 1 and facts["outbound_domains"] == 1


def test_noindex_language_and_title() -> None:
    page = (
        '<html><head><meta name="ROBOTS" content="NoIndex, follow"><title>  Der   Titel </title></head>'
        "<body><p>"
        + "Das ist ein Text und es ist nicht auf der Seite von dem Autor. " * 3
        + "</p></body></html>"
    )
    facts = _facts(page)
    assert facts["meta_robots_noindex"] is True and facts["meta_robots_nofollow"] is False
    assert facts["title"] == "Der Titel" and facts["language"] == "de"
    assert _facts('<html lang="pt-BR"><p>x</p></html>')["language"] == "pt"


def test_keyword_stuffing_and_spam_words() -> None:
    text = "casino bonus " * 60 + "We write about many other topics for our readers every single week. " * 4
    facts = _facts(f"<p>{text}</p>")
    assert facts["top_keyword"] == "casino" and facts["keyword_stuffing"] > 0.3
    assert facts["spam_vocab_hits"] >= 60
    reasons = page_reasons({"fetch_status": "ok", **facts})
    assert any(r.startswith("the word 'casino' makes up") for r in reasons)
    short = _facts("<p>casino</p>")
    assert math.isnan(short["keyword_stuffing"]) and math.isnan(short["readability"])


def test_outbound_spam_categories_follow_the_one_taxonomy() -> None:
    hosts = [
        "best-casino-bonus.example",
        "hot-singles-dating.example",
        "free-bitcoin-airdrop.example",
        "bbc.co.uk",
    ]
    assert categorise_hosts(hosts) == [frozenset({"gambling"}), *[frozenset({"spam_other"})] * 2, frozenset()]
    # every spam reference category and every niche counts towards one page category
    assert set(LIST_PAGE_CATEGORY) == set(SPAM_CATEGORY_NICHE)
    assert {page_category(n) for n in SPAM_VOCAB} == set(SPAM_CATEGORIES)


def test_invalid_site_is_refused() -> None:
    with pytest.raises(SiteError, match="not a complete host name"):
        _facts(f"<p>{_link()}</p>", site="greenleafbakery")


def test_decode_html_tolerates_bad_declarations() -> None:
    assert decode_html(b"<meta charset=x-unknown>caf\xc3\xa9", None) == (
        "<meta charset=x-unknown>café",
        "utf-8",
    )
    assert decode_html(b"<meta charset='utf-16'>abc", None)[1] == "utf-8"
    assert decode_html(b"\xef\xbb\xbfhi", "text/html; charset=cp1252") == ("hi", "utf-8")
    assert decode_html(b"\xff\xfeh\x00i\x00", None) == ("hi", "utf-16-le")
    assert decode_html(b"bad \xff bytes", "text/html; charset=utf-8") == ("bad \ufffd bytes", "utf-8")


def test_deep_nesting_and_unclosed_tags_do_not_break_the_parser() -> None:
    page = "<div>" * 50_000 + _link() + "</span>" * 1000 + "<p><b><i>" * 1000
    facts = _facts(page)
    assert facts["link_present"] is True


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.one_of(
            st.sampled_from(
                [
                    "<a href='https://greenleafbakery.co.uk/'>",
                    "</a>",
                    "<div style='display:none'>",
                    "</div>",
                    "<![if x]>",
                    "<![foo]>",
                    "<!--",
                    "-->",
                    "<script>",
                    "</script>",
                    "<style>.a{display:none}",
                    "<base href='javascript:x'>",
                    "<meta http-equiv=refresh content='0;url=http://[x'>",
                    "&#0;",
                    "<a href='http://[::1'>",
                    "<title>",
                    "<nav>",
                    "<html lang='\x00'>",
                    "<img alt=",
                    "<",
                    ">",
                ]
            ),
            st.text(max_size=20),
        ),
        max_size=40,
    ),
    st.binary(max_size=30),
)
def test_hostile_markup_never_raises(parts: list[str], noise: bytes) -> None:
    body = "".join(parts).encode("utf-8", errors="surrogatepass") + noise
    facts = analyse_page(
        body, url=URL, site="greenleafbakery.co.uk", content_type="text/html; charset=x-bogus"
    )
    assert facts["link_present"] in (True, False)
    assert facts["word_count"] >= 0


def test_catalogue_describes_every_column_once() -> None:
    names = [entry["name"] for entry in PAGE_FEATURES]
    assert sorted(names) == sorted(PAGE_COLUMNS) and len(names) == len(set(names))
    assert all(set(entry) == {"name", "meaning", "range", "missing"} for entry in PAGE_FEATURES)
    assert all(entry["meaning"] and entry["range"] and entry["missing"] for entry in PAGE_FEATURES)
