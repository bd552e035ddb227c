"""Turn one fetched HTML page into facts: title, language, text measures, link neighbourhood, the audited
link.

The page is hostile input. The parser is the standard library's tolerant :class:`html.parser.HTMLParser`
with a bounded element stack, so unclosed tags, stray end tags, broken markup and odd declarations
never raise; text in any declared or undeclared encoding is decoded with replacement characters.

Placement of a link is read from its ancestors: HTML5 landmarks (``nav``, ``header``, ``footer``,
``aside``), ARIA roles and the usual class and id names of themes (``sidebar``, ``widget``,
``comments``, ``menu`` ...). A ``header`` or ``footer`` inside ``article``/``main`` belongs to the content.
A link is *hidden* when it or an ancestor is hidden by an inline style (``display:none``,
``visibility:hidden``, zero size with ``overflow:hidden``, ``opacity:0``, ``font-size:0``, far
off-screen), by the ``hidden`` attribute, or by a class or id that a ``<style>`` block of the page
hides outside any media query. External stylesheets are not fetched.
"""

from __future__ import annotations

import codecs
import hashlib
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Final
from urllib.parse import urljoin, urlsplit

from toxicity.domains import host_of_url, parse_site, registrable_domain
from toxicity.knowledge.spam import (
    HEADLINE_NICHES,
    LIST_PAGE_CATEGORY,
    PAGE_SPAM_CATEGORIES,
    SPAM_VOCAB,
    page_category,
)
from toxicity.knowledge.text import guess_language
from toxicity.pages.text import keyword_stuffing, page_reading_ease, vocabulary_hits, words_of

#: Spam categories counted among a page's outbound domains (columns ``outbound_<category>``), from the
#: spam taxonomy (:data:`toxicity.knowledge.spam.PAGE_SPAM_CATEGORIES`).
SPAM_CATEGORIES: Final = PAGE_SPAM_CATEGORIES

#: A hidden block is an injected-link marker when it holds at least this many external links...
INJECTED_MIN_LINKS: Final = 5
#: ...to at least this many spam-category domains...
INJECTED_MIN_SPAM_DOMAINS: Final = 3
#: ...making up at least this share of its external links.
INJECTED_MIN_SPAM_SHARE: Final = 0.5

_MAX_DEPTH: Final = 400  # deeper nesting is flattened: hostile pages nest 100,000 divs
_END_TAG_SEARCH: Final = 64
_MAX_ANCHOR: Final = 300
_VOID: Final = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
_NO_TEXT: Final = frozenset(
    ["script", "style", "template", "noscript", "svg", "math", "head", "title", "iframe", "object", "select"]
)

_PLACEMENT_PRIORITY: Final = ("comment", "footer", "sidebar", "nav", "header")
_TAG_PLACEMENT: Final = {"nav": "nav", "header": "header", "footer": "footer", "aside": "sidebar"}
_ROLE_PLACEMENT: Final = {
    "navigation": "nav",
    "banner": "header",
    "contentinfo": "footer",
    "complementary": "sidebar",
    "comment": "comment",
}
_TOKEN_PLACEMENT: Final = (
    ("comment", re.compile(r"comment|disqus|respond|reply|replies")),
    ("footer", re.compile(r"^(?:site|page|main|global)?[-_]?footer$|colophon|copyright")),
    ("sidebar", re.compile(r"sidebar|widget|^aside|blogroll")),
    ("nav", re.compile(r"^nav|[-_]nav|navbar|navigation|menu|breadcrumb")),
    ("header", re.compile(r"^(?:site|page|main|global)?[-_]?header$|masthead|top-?bar")),
)

_HIDDEN_STYLES: Final = (
    ("display:none", re.compile(r"display\s*:\s*none")),
    ("visibility:hidden", re.compile(r"visibility\s*:\s*(?:hidden|collapse)")),
    ("off-screen", re.compile(r"(?:left|top|right|text-indent|margin-left|margin-top)\s*:\s*-\s*\d{3,}")),
    ("opacity:0", re.compile(r"(?<![\w-])opacity\s*:\s*0*\.?0*\s*(?:;|$|!)")),
    ("font-size:0", re.compile(r"font-size\s*:\s*0(?:\.0*)?(?:px|em|rem|pt|%)?\s*(?:;|$|!)")),
)
_ZERO_SIZE_RE: Final = re.compile(
    r"(?:^|[;\s])(?:width|height|max-height|max-width)\s*:\s*[01](?:px)?\s*(?:;|$|!)"
)
_OVERFLOW_HIDDEN_RE: Final = re.compile(r"overflow\s*:\s*hidden|clip\s*:\s*rect\(\s*0")
_STYLE_BLOCK_RE: Final = re.compile(rb"<style[^>]*>(.*?)</style\s*>", re.IGNORECASE | re.DOTALL)
_MEDIA_BLOCK_RE: Final = re.compile(r"@(?:media|supports)[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", re.DOTALL)
_CSS_RULE_RE: Final = re.compile(r"([^{}]+)\{([^{}]*)\}")
_SIMPLE_SELECTOR_RE: Final = re.compile(r"^\s*[a-z0-9]*((?:[.#][\w-]+)+)\s*$", re.IGNORECASE)
_META_CHARSET_RE: Final = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_REFRESH_URL_RE: Final = re.compile(r"""url\s*=\s*['"]?([^'"]+)""", re.IGNORECASE)
_SPACE_RE: Final = re.compile(r"\s+")


@dataclass
class _Frame:
    tag: str
    placement: str | None
    hidden_by: str | None
    region: int | None
    in_main: bool
    no_text: bool


@dataclass
class _Link:
    href: str
    rel: frozenset[str]
    placement: str | None
    hidden_by: str | None
    region: int | None
    text: list[str] = field(default_factory=list)
    alt: str = ""

    @property
    def anchor(self) -> str:
        text = _SPACE_RE.sub(" ", "".join(self.text)).strip() or self.alt.strip()
        return text[:_MAX_ANCHOR]


class _PageParser(HTMLParser):
    """Collects text, links with their context, and head metadata in one pass."""

    def __init__(self, hidden_classes: Mapping[str, str], hidden_ids: Mapping[str, str]) -> None:
        super().__init__(convert_charrefs=True)
        self.hidden_classes = hidden_classes
        self.hidden_ids = hidden_ids
        root = _Frame("#root", None, None, None, False, False)
        self.stack: list[_Frame] = [root]
        self.regions = 0
        self.text: list[str] = []
        self.title: list[str] = []
        self.in_title = False
        self.lang: str | None = None
        self.base: str | None = None
        self.robots: set[str] = set()
        self.refresh: str | None = None
        self.scripts = 0
        self.links: list[_Link] = []
        self.open_link: _Link | None = None

    # html.parser raises AssertionError on some malformed ``<![...]>`` sections; skip them instead.
    def parse_marked_section(self, i: int, report: bool = True) -> int:
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            j = self.rawdata.find(">", i)
            return j + 1 if j >= 0 else -1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v or "") for k, v in attrs}
        parent = self.stack[-1]
        if tag == "html" and self.lang is None and a.get("lang"):
            self.lang = a["lang"]
        elif tag == "title":
            self.in_title = True
        elif tag == "base" and self.base is None and a.get("href"):
            self.base = a["href"].strip()
        elif tag == "meta":
            self._meta(a)
        elif tag == "script":
            self.scripts += 1
        elif tag == "img" and self.open_link is not None and a.get("alt"):
            self.open_link.alt += " " + a["alt"]
        frame = self._frame(tag, a, parent)
        if tag in ("a", "area") and a.get("href"):
            if self.open_link is not None:  # an <a> inside an <a>: the first one ends here
                self.links.append(self.open_link)
            self.open_link = _Link(
                href=a["href"].strip(),
                rel=frozenset(a.get("rel", "").lower().split()),
                placement=frame.placement,
                hidden_by=frame.hidden_by,
                region=frame.region,
            )
            if tag == "area":
                self.open_link.alt = a.get("alt", "")
                self.links.append(self.open_link)
                self.open_link = None
        if tag not in _VOID and len(self.stack) < _MAX_DEPTH:
            self.stack.append(frame)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            self.handle_starttag(tag, attrs)
        else:  # <div/> and friends: open and close at once
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag == "a" and self.open_link is not None:
            self.links.append(self.open_link)
            self.open_link = None
        for depth in range(len(self.stack) - 1, max(0, len(self.stack) - _END_TAG_SEARCH), -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                break

    def handle_data(self, data: str) -> None:
        frame = self.stack[-1]
        if self.in_title:
            self.title.append(data)
            return
        if self.open_link is not None:
            self.open_link.text.append(data)
        if not frame.no_text and frame.hidden_by is None:
            self.text.append(data)

    def close(self) -> None:
        super().close()
        if self.open_link is not None:
            self.links.append(self.open_link)
            self.open_link = None

    def _meta(self, a: dict[str, str]) -> None:
        name = a.get("name", "").strip().lower()
        if name in ("robots", "googlebot"):
            self.robots.update(t.strip() for t in a.get("content", "").lower().split(","))
        if a.get("http-equiv", "").strip().lower() == "refresh" and self.refresh is None:
            self.refresh = a.get("content", "")

    def _frame(self, tag: str, a: dict[str, str], parent: _Frame) -> _Frame:
        tokens = [t.lower() for t in (a.get("class", "") + " " + a.get("id", "")).split()]
        role = a.get("role", "").strip().lower()
        in_main = parent.in_main or tag in ("main", "article") or role == "main"
        own: set[str] = set()
        if tag in _TAG_PLACEMENT and not (tag in ("header", "footer") and parent.in_main):
            own.add(_TAG_PLACEMENT[tag])
        if role in _ROLE_PLACEMENT:
            own.add(_ROLE_PLACEMENT[role])
        for token in tokens:
            for name, pattern in _TOKEN_PLACEMENT:
                if pattern.search(token) and not (name in ("header", "footer") and parent.in_main):
                    own.add(name)
        placement = parent.placement
        if own:
            candidates = own | ({placement} if placement else set())
            placement = next(p for p in _PLACEMENT_PRIORITY if p in candidates)
        hidden_by = parent.hidden_by or self._hidden_by(a)
        region = parent.region
        if hidden_by is not None and region is None:
            self.regions += 1
            region = self.regions
        return _Frame(tag, placement, hidden_by, region, in_main, parent.no_text or tag in _NO_TEXT)

    def _hidden_by(self, a: dict[str, str]) -> str | None:
        if "hidden" in a:
            return "hidden attribute"
        style = a.get("style", "").lower()
        if style:
            found = _hidden_by_css(style)
            if found:
                return found
        for name in a.get("class", "").lower().split():
            if name in self.hidden_classes:
                return self.hidden_classes[name]
        return self.hidden_ids.get(a.get("id", "").strip().lower())


def _hidden_by_css(declarations: str) -> str | None:
    """How a CSS declaration block hides its element, or ``None`` if it does not."""
    for name, pattern in _HIDDEN_STYLES:
        if pattern.search(declarations):
            return name
    if _ZERO_SIZE_RE.search(declarations) and _OVERFLOW_HIDDEN_RE.search(declarations):
        return "zero-size"
    return None


def _hidden_selectors(raw: bytes) -> tuple[dict[str, str], dict[str, str]]:
    """Classes and ids that ``<style>`` blocks hide outside media queries, with how (simple selectors
    only)."""
    classes: dict[str, str] = {}
    ids: dict[str, str] = {}
    for block in _STYLE_BLOCK_RE.findall(raw[:4_000_000]):
        css = _MEDIA_BLOCK_RE.sub("", block.decode("utf-8", errors="replace").lower())
        for selectors, body in _CSS_RULE_RE.findall(css):
            how = _hidden_by_css(body)
            if how is None:
                continue
            for selector in selectors.split(","):
                m = _SIMPLE_SELECTOR_RE.match(selector)
                if not m:
                    continue
                for part in re.findall(r"[.#][\w-]+", m.group(1)):
                    (classes if part[0] == "." else ids).setdefault(part[1:], how)
    return classes, ids


def decode_html(body: bytes, content_type: str | None) -> tuple[str, str]:
    """Decode a page the way browsers roughly do: BOM, then HTTP charset, then ``<meta charset>``.

    Undeclared pages are tried as UTF-8 and fall back to windows-1252. Undecodable bytes become
    U+FFFD; an unknown charset name is ignored. Returns the text and the codec used.

    >>> decode_html(b"caf\\xe9", None)
    ('café', 'cp1252')
    >>> decode_html(b"caf\\xc3\\xa9", "text/html; charset=utf-8")
    ('café', 'utf-8')
    """
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if body.startswith(bom):
            return body[len(bom) :].decode(codec, errors="replace"), codec
    declared: list[str] = []
    if content_type and "charset=" in content_type.lower():
        declared.append(content_type.lower().split("charset=", 1)[1].split(";")[0].strip().strip("\"'"))
    m = _META_CHARSET_RE.search(body[:4096])
    if m:
        declared.append(m.group(1).decode("ascii", errors="replace"))
    for name in declared:
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            continue
        if codec.startswith(("utf-16", "utf-32")):
            codec = "utf-8"  # browsers ignore a UTF-16 declaration without a BOM
        if codec in ("latin-1", "iso8859-1", "ascii"):
            codec = "cp1252"  # as browsers do (WHATWG encoding standard)
        return body.decode(codec, errors="replace"), codec
    try:
        return body.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return body.decode("cp1252", errors="replace"), "cp1252"


def _host_words(hosts: Sequence[str]) -> list[tuple[str, ...]]:
    """Words in each host name (:func:`toxicity.lookups.host_words_many`, as the domain features read them).

    The hosts not seen before are split in one batch; the words of each host are kept for the pages
    that follow.
    """
    from toxicity.lookups import host_words_many

    new = [h for h in dict.fromkeys(hosts) if h not in _WORDS_CACHE]
    if new:
        if len(_WORDS_CACHE) > _LISTED_CACHE_SIZE:
            _WORDS_CACHE.clear()
        for host, words in zip(new, host_words_many(new)):
            _WORDS_CACHE[host] = tuple(words)
    return [_WORDS_CACHE[h] for h in hosts]


def categorise_hosts(
    hosts: Sequence[str], *, vocab: Mapping[str, frozenset[str]] | None = None
) -> list[frozenset[str]]:
    """Spam categories (:data:`SPAM_CATEGORIES`) of each host: reference lists, then words in its name.

    Parameters
    ----------
    hosts : sequence of str
        Normalised host names.
    vocab : mapping of category to words, optional
        Spam vocabulary; defaults to :data:`toxicity.knowledge.spam.SPAM_VOCAB`. Niches are mapped to
        :data:`SPAM_CATEGORIES` by :func:`toxicity.knowledge.spam.page_category` (every niche without a
        column of its own counts as ``spam_other``).

    Examples
    --------
    >>> categorise_hosts(["best-casino-bonus.example", "www.bbc.co.uk"])
    [frozenset({'gambling'}), frozenset()]
    """
    from toxicity.lookups import categories_of

    if not hosts:
        return []
    vocab = SPAM_VOCAB if vocab is None else vocab
    word_category = {w: page_category(c) for c, ws in vocab.items() for w in ws}
    new = list(dict.fromkeys(h for h in hosts if h not in _LISTED_CACHE))
    if new:
        if len(_LISTED_CACHE) > _LISTED_CACHE_SIZE:
            _LISTED_CACHE.clear()
        listed = categories_of(new)
        columns = [
            (listed[c].to_numpy(), out) for c, out in LIST_PAGE_CATEGORY.items() if c in listed.columns
        ]
        for i, host in enumerate(new):
            _LISTED_CACHE[host] = frozenset(out for values, out in columns if values[i])
    return [
        _LISTED_CACHE[host] | {word_category[w] for w in words if w in word_category}
        for host, words in zip(hosts, _host_words(hosts))
    ]


# Reference-list categories per host: the lists never change within a process, and the same hosts
# recur across the pages of an audit; building a frame per page would cost more than the lookup.
_LISTED_CACHE: dict[str, frozenset[str]] = {}
#: Words of each host name (:func:`_host_words`), kept for the same reason.
_WORDS_CACHE: dict[str, tuple[str, ...]] = {}
_LISTED_CACHE_SIZE: Final = 200_000


@lru_cache(maxsize=1)
def analyser_fingerprint() -> str:
    """Changes whenever the analysis code or the shipped lookup tables change (keys cached page facts)."""
    from toxicity import __version__
    from toxicity.knowledge import spam
    from toxicity.knowledge import text as knowledge_text
    from toxicity.lookups import lookup_version
    from toxicity.pages import text

    digest = hashlib.sha256()
    for module_file in (__file__, text.__file__, knowledge_text.__file__, spam.__file__):
        digest.update(Path(module_file).read_bytes())
    return f"{__version__}/{lookup_version()}/{digest.hexdigest()[:16]}"


def _resolve(base: str, href: str) -> str | None:
    if href.lower().startswith(("javascript:", "mailto:", "tel:", "data:", "#")):
        return None
    try:
        absolute = urljoin(base, href)
        scheme = urlsplit(absolute).scheme.lower()
    except ValueError:
        return None
    return absolute if scheme in ("http", "https") else None


def empty_page_facts() -> dict[str, Any]:
    """Page facts of a page that could not be analysed: every value unknown (never clean)."""
    facts: dict[str, Any] = {name: None for name in PAGE_FACT_NAMES}
    facts.update({name: math.nan for name in _FLOAT_FACTS})
    return facts


def analyse_page(
    html_bytes: bytes,
    *,
    url: str,
    site: str | None,
    content_type: str | None = None,
    x_robots_tag: str | None = None,
    vocab: Mapping[str, frozenset[str]] | None = None,
    categorise: Callable[[Sequence[str]], list[frozenset[str]]] | None = None,
) -> dict[str, Any]:
    """Facts about one HTML page and about its link to ``site``.

    Parameters
    ----------
    html_bytes : bytes
        The page body as fetched (any encoding).
    url : str
        The URL the page came from (after redirects): resolves relative links, tells external ones.
    site : str or None
        The audited site (``example.com`` or any URL on it, validated by
        :func:`toxicity.domains.parse_site`); links to its registrable domain are the audited link.
        ``None``: the ``link_*`` facts are ``None``.
    content_type : str, optional
        The ``Content-Type`` header (for its charset).
    x_robots_tag : str, optional
        The ``X-Robots-Tag`` header (counts like meta robots).
    vocab : mapping, optional
        Spam vocabulary (niche -> words); default :data:`toxicity.knowledge.spam.SPAM_VOCAB`.
    categorise : callable, optional
        Hosts -> spam categories per host; default :func:`categorise_hosts` with ``vocab``.

    Returns
    -------
    dict
        One value per name in :data:`PAGE_FACT_NAMES`; see :data:`toxicity.pages.PAGE_FEATURES`.

    Raises
    ------
    SiteError
        If ``site`` is not a valid site (see :func:`toxicity.domains.parse_site`).

    Examples
    --------
    >>> html = (b'<html lang="en"><title>Hi</title><p>See '
    ...         b'<a href="https://example.com/x" rel="nofollow">this</a></p>')
    >>> facts = analyse_page(html, url="https://blog.example.org/post", site="example.com")
    >>> facts["link_present"], facts["link_anchor"], facts["link_rel"], facts["link_placement"]
    (True, 'this', 'nofollow', 'main')
    """
    vocab = SPAM_VOCAB if vocab is None else vocab
    if categorise is None:

        def categorise(hosts: Sequence[str]) -> list[frozenset[str]]:
            return categorise_hosts(hosts, vocab=vocab)

    text, encoding = decode_html(html_bytes, content_type)
    hidden_classes, hidden_ids = _hidden_selectors(html_bytes)
    parser = _PageParser(hidden_classes, hidden_ids)
    parser.feed(text)
    parser.close()

    base = _resolve(url, parser.base) if parser.base else None
    page_host = host_of_url(url) or ""
    page_domain = registrable_domain(page_host) if page_host else ""
    audited = registrable_domain(parse_site(site)) if site else None

    visible = " ".join(parser.text)
    words = words_of(visible)
    title = _SPACE_RE.sub(" ", "".join(parser.title)).strip()[:_MAX_ANCHOR] or None
    stuffing, top_word = keyword_stuffing(words)
    hits = vocabulary_hits(words + words_of(title or ""), vocab)

    # Outbound links and the link neighbourhood.
    external: list[tuple[_Link, str, str]] = []  # link, host, registrable domain
    site_links: list[_Link] = []
    for link in parser.links:
        absolute = _resolve(base or url, link.href)
        host = host_of_url(absolute) if absolute else None
        if not host:
            continue
        domain = registrable_domain(host)
        if audited is not None and domain == audited:
            site_links.append(link)
        if domain != page_domain:
            external.append((link, host, domain))
    hosts_by_domain: dict[str, str] = {}
    for _, host, domain in external:
        hosts_by_domain.setdefault(domain, host)
    domain_list = list(hosts_by_domain)
    domain_cats = dict(zip(domain_list, categorise([hosts_by_domain[d] for d in domain_list]), strict=True))
    per_category = {c: sum(1 for d in domain_list if c in domain_cats[d]) for c in SPAM_CATEGORIES}

    robots = set(parser.robots)
    if x_robots_tag:
        robots.update(t.strip() for t in x_robots_tag.lower().replace(";", ",").split(","))
    refresh_url = None
    if parser.refresh is not None:
        m = _REFRESH_URL_RE.search(parser.refresh)
        refresh_url = _resolve(base or url, m.group(1).strip()) if m else None

    lang = (parser.lang or "").strip().lower().replace("_", "-").split("-")[0]
    facts: dict[str, Any] = {
        "title": title,
        "language": lang if re.fullmatch(r"[a-z]{2,3}", lang) else guess_language(" ".join(words[:3000])),
        "encoding": encoding,
        "meta_robots_noindex": bool(robots & {"noindex", "none"}),
        "meta_robots_nofollow": bool(robots & {"nofollow", "none"}),
        "meta_refresh": parser.refresh is not None,
        "meta_refresh_url": refresh_url,
        "has_scripts": parser.scripts > 0,
        "word_count": len(words),
        "readability": page_reading_ease(visible, words),
        "keyword_stuffing": stuffing,
        "top_keyword": top_word,
        "spam_vocab_hits": sum(hits.values()),
        "spam_vocab_words": " ".join(w for w, _ in hits.most_common(5)) or None,
        "outbound_links": len(external),
        "outbound_domains": len(domain_list),
        **{f"outbound_{c}": per_category[c] for c in SPAM_CATEGORIES},
        "outbound_spam_domains": sum(1 for d in domain_list if domain_cats[d]),
        "hidden_outbound_links": sum(1 for link, _, _ in external if link.hidden_by is not None),
        "injected_block": _injected_block(external, domain_cats, vocab),
    }
    facts.update(_site_link_facts(site_links, checked=audited is not None))
    return facts


def _injected_block(
    external: list[tuple[_Link, str, str]],
    domain_cats: dict[str, frozenset[str]],
    vocab: Mapping[str, frozenset[str]],
) -> bool:
    """True if one hidden block holds many external links, mostly to spam (a hacked-site marker)."""
    strong = frozenset().union(*(vocab.get(c, frozenset()) for c in HEADLINE_NICHES))
    regions: dict[int, list[tuple[str, bool]]] = {}
    for link, _, domain in external:
        if link.region is None:
            continue
        spam = bool(domain_cats[domain]) or any(w in strong for w in words_of(link.anchor))
        regions.setdefault(link.region, []).append((domain, spam))
    for links in regions.values():
        spam_domains = {d for d, spam in links if spam}
        share = sum(1 for _, spam in links if spam) / len(links)
        if (
            len(links) >= INJECTED_MIN_LINKS
            and len(spam_domains) >= INJECTED_MIN_SPAM_DOMAINS
            and share >= INJECTED_MIN_SPAM_SHARE
        ):
            return True
    return False


def _site_link_facts(links: list[_Link], *, checked: bool) -> dict[str, Any]:
    """Facts about the audited link: the most visible of the page's links to the site."""
    if not checked:
        return {name: None for name in _LINK_FACTS}
    if not links:
        return {**{name: None for name in _LINK_FACTS}, "link_present": False, "site_links": 0}
    order = ("main", *reversed(_PLACEMENT_PRIORITY))
    best = min(links, key=lambda k: (k.hidden_by is not None, order.index(k.placement or "main")))
    return {
        "link_present": True,
        "site_links": len(links),
        "link_anchor": best.anchor,
        "link_rel": " ".join(sorted(best.rel & {"nofollow", "ugc", "sponsored"})),
        "link_placement": "hidden" if best.hidden_by is not None else (best.placement or "main"),
        "link_hidden": best.hidden_by is not None,
        "link_hidden_by": best.hidden_by,
    }


_LINK_FACTS: Final = (
    "link_present",
    "site_links",
    "link_anchor",
    "link_rel",
    "link_placement",
    "link_hidden",
    "link_hidden_by",
)
_FLOAT_FACTS: Final = ("readability", "keyword_stuffing")

#: Names of the facts :func:`analyse_page` returns, in order.
PAGE_FACT_NAMES: Final = (
    "title",
    "language",
    "encoding",
    "meta_robots_noindex",
    "meta_robots_nofollow",
    "meta_refresh",
    "meta_refresh_url",
    "has_scripts",
    "word_count",
    "readability",
    "keyword_stuffing",
    "top_keyword",
    "spam_vocab_hits",
    "spam_vocab_words",
    "outbound_links",
    "outbound_domains",
    *(f"outbound_{c}" for c in SPAM_CATEGORIES),
    "outbound_spam_domains",
    "hidden_outbound_links",
    "injected_block",
    *_LINK_FACTS,
)
