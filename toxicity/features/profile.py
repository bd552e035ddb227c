"""The audited site's profile: brand, topic, niches, main language and money keywords.

Anchor and topic features are relative to the site: an anchor is "brand" or "money" only with
respect to a brand and keywords, and a casino page is on-topic for a casino site. The profile is
taken from ``--site`` / ``--topic`` when given, otherwise inferred from the link records.

Topic inference (no ``--topic``) trusts the site's own words first: the words of the URL paths of
the site's pages that are linked to (query strings dropped: they are easy to forge), and the brand.
Spam-niche words (casino, loans ...) enter only through these own words: a casino site's URLs say
casino, so gambling is its niche. Anchors add words only when they look like the site's keywords:
used by at least :data:`MIN_TOPIC_DOMAINS` referring domains that are not flagged (linking host on
a public toxic list or in a spam category that is not the site's niche, or a spam score of
:data:`FLAGGED_SPAM_SCORE` or more) and mostly not by flagged ones; with no spam-vocabulary word of
a niche the site does not carry, no URL, handle, ``@`` or messenger name; not in another language
than the profile's; and not mostly from low-quality domains when none of their words occurs in the
site's own words. Their words are weighted by the quality of the domains using them, and there are
never more of them than own words. A flood of spam anchors cannot become the topic; pass ``topic``
for a fully trustworthy audit (then the topic is exactly the text given, as before).

Money (commercial keyword) terms come from three places, and ``Profile.notes`` says which gave
what: (a) keyword anchors with a :data:`COMMERCIAL_MODIFIERS` word (``order croissants online``)
used by at least :data:`MIN_MONEY_DOMAINS` referring domains, minus the modifiers; (b) anchors
pointing at the same non-home page from at least :data:`MIN_MONEY_DOMAINS` referring domains, for
the words they share with that page's URL path (``emergency plumber chicago`` to
``/emergency-plumber-chicago``); (c) the topic's content words, as before. Spam vocabulary of
another niche never becomes a money term, and commercial anchors used mostly by flagged or
low-quality domains count only if they share a word with the site's own words. Every step works on
unique anchors, domains and target pages and reads a bounded number of them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Final
from urllib.parse import unquote

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from toxicity.domains import domains_of, host_of_url, hosts_of, registrable_domain
from toxicity.features.text import (
    STOPWORDS,
    anchor_codes_of,
    codes_of,
    gather_codes,
    guess_language,
    to_arrow,
)
from toxicity.knowledge.spam import SPAM_WORD_CATEGORY
from toxicity.lookups import (
    categories_of,
    listed_toxic,
    split_words,
    split_words_many,
    tld_abuse_rate,
)

_WORD_RE = re.compile(r"[^\W\d_]{2,}")
_TOKEN_RE = re.compile(r"[^\W\d_]+")
_TOP_PATH_WORDS = 20
#: Unique target pages whose path words are read (first seen).
_MAX_PAGES = 5000

#: Anchors that say nothing about the target (several languages).
GENERIC_ANCHORS: Final = frozenset(
    """click here|here|this|this site|this website|website|web site|site|link|this link|read more|more|
    learn more|see more|view|visit|visit site|visit website|go|source|homepage|home page|home|url|page|
    official site|official website|check it out|details|more info|info|continue reading|download|
    ici|cliquez ici|en savoir plus|voir|lire la suite|hier|mehr|weiterlesen|aquí|haga clic aquí|
    leer más|qui|clicca qui|aqui|saiba mais|buraya|tıklayın|здесь|тут|сайт|ссылка""".replace("\n", "").split(
        "|"
    )
)

#: Commercial modifiers: words (and a few phrases) that turn a keyword anchor into a commercial
#: one -- purchase intent (buy, order), price (cheap, discount), place of sale (shop, online, near
#: me), hiring a service, and reviews -- in English and basic French, German, Spanish, Italian,
#: Portuguese, Dutch, Russian, Polish and Turkish. An anchor that holds one of them and at least one
#: other content word is a commercial anchor (money source (a)); the modifiers themselves never
#: become money terms (``order croissants online`` makes ``croissants`` a money term). Ambiguous
#: words are left out on purpose (``top``, ``book``, ``local``, ``location``, ``free``).
COMMERCIAL_MODIFIERS: Final = frozenset(
    # English
    "buy|buying|order|ordering|purchase|cheap|cheapest|affordable|inexpensive|best|price|prices|pricing|"
    "cost|costs|discount|discounts|deal|deals|sale|for sale|clearance|coupon|coupons|voucher|vouchers|promo|"
    "promo code|offer|offers|online|shop|shops|shopping|store|stores|wholesale|delivery|shipping|near me|"
    "service|services|hire|rental|rentals|quote|quotes|booking|review|reviews|"
    # French
    "acheter|achat|commander|pas cher|prix|meilleur|meilleure|meilleurs|meilleures|soldes|en ligne|"
    "livraison|boutique|magasin|devis|tarif|tarifs|"
    # German
    "kaufen|bestellen|günstig|billig|preis|preise|beste|besten|bester|angebot|angebote|rabatt|gutschein|"
    "versand|lieferung|kosten|"
    # Spanish, Italian, Portuguese
    "comprar|barato|barata|baratos|baratas|precio|precios|mejor|mejores|oferta|ofertas|descuento|tienda|"
    "en línea|envío|opiniones|alquiler|comprare|acquista|acquistare|economico|economici|prezzo|prezzi|"
    "migliore|migliori|offerta|offerte|sconto|sconti|negozio|recensioni|preço|preços|melhor|melhores|"
    "desconto|loja|"
    # Dutch, Russian, Polish, Turkish
    "kopen|goedkoop|prijs|prijzen|aanbieding|korting|winkel|купить|заказать|цена|цены|дешево|недорого|"
    "лучшие|магазин|доставка|скидка|скидки|отзывы|kup|kupić|tanio|tanie|cena|ceny|najlepsze|sklep|"
    "promocja|satın al|fiyat|fiyatları|ucuz|indirim|en iyi".split("|")
)
_MODIFIER_WORDS: Final = frozenset(m for m in COMMERCIAL_MODIFIERS if " " not in m)
_MODIFIER_PHRASES: Final = tuple(sorted(m for m in COMMERCIAL_MODIFIERS if " " in m))
#: Every word that takes part in a modifier: never a keyword itself (``near`` of ``near me``).
_MODIFIER_PARTS: Final = frozenset(w for m in COMMERCIAL_MODIFIERS for w in m.split())

#: Function words and web filler: never a topic or money word taken from an anchor or a path, and
#: counted to tell a sentence from a keyword anchor (:data:`MAX_FUNCTION_WORDS`).
FILLER_WORDS: Final = (
    STOPWORDS
    | frozenset(
        "about above after again all also am any around back because been before being below between both "
        "but can could did do does doing done down during each even ever every few get gets getting goes "
        "going good got great had having he her here hers him his however if into just know let like ll "
        "made make makes many me might more most much must my near need new next no nor not now off often "
        "once one only other ours out over own people re really right said same see she should since so "
        "some still such take than them then there these they thing things think those though through too "
        "two under until up upon us use used using ve very via want way ways well were whatever whom whose "
        "would yes yet yours click read visit website site link links homepage url info details continue "
        "check view learn official source article post blog news http https html nbsp "
        "une un pour par sur avec dans pas qui au aux vous nous est ein eine mit für den dem ist nicht auf "
        "im bei una con por para del que es al il lo gli della delle per che nel alla os as um uma em do dos "
        "das não het een van voor op".split()
    )
    # the words of generic anchors (click, ici, hier ...), except those that name things
    | frozenset(w for g in GENERIC_ANCHORS for w in _TOKEN_RE.findall(g))
    - {"home", "download", "web", "reading"}
)
#: Path segments of web software that say nothing about the site (``/wp-content/uploads/``).
_PATH_BOILERPLATE: Final = frozenset(
    "wp content uploads includes admin login category categories tag tags author authors feed rss pages "
    "posts archive archives search default main static assets images image img files file media upload "
    "node item items product products about contact privacy policy terms cart checkout account amp".split()
)

#: Anchors that carry a URL, a handle, an ``@`` or a messenger name (``@seo_cartel in telegram``).
_CONTACT_RE: Final = re.compile(
    r"https?:|www\.|@|t\.me/|wa\.me/|\b(telegram|whatsapp|viber|skype|wechat|discord|icq|tg)\b|"
    r"\b[^\W_]+_[\w]+\b|\b[\w-]+\.(com|net|org|info|biz|ru|xyz|top|io|co|me|online|site|store|shop|pro|club)\b"
)

#: Referring domains needed, not flagged, before an anchor's words may join an inferred topic.
MIN_TOPIC_DOMAINS: Final = 3
#: Referring domains needed before an anchor makes money terms (sources (a) and (b)).
MIN_MONEY_DOMAINS: Final = 2
#: A sentence, not a keyword anchor: more words than this, or more function words than
#: :data:`MAX_FUNCTION_WORDS` (``the best sourdough in town``), is not a commercial anchor.
MAX_COMMERCIAL_WORDS: Final = 6
MAX_FUNCTION_WORDS: Final = 1
#: Authority (domain rating, authority score or trust flow) under which a referring domain is low quality.
LOW_AUTHORITY: Final = 10.0
#: Share of a TLD's listed domains that are toxic (:func:`toxicity.lookups.tld_abuse_rate`) from which
#: a referring domain on it counts as low quality (xyz, top, online, site, club ...).
LOW_QUALITY_TLD: Final = 0.8
#: Spam score (Moz / Semrush, 0-100) from which a referring domain is flagged.
FLAGGED_SPAM_SCORE: Final = 60.0
#: Caps that bound the work on a large profile.
_TOPIC_CANDIDATES = 300
_COMMERCIAL_CANDIDATES = 2000
_COMMERCIAL_ANCHORS = 100
_PAGE_PAIR_CANDIDATES = 500
_DOMAIN_SAMPLE = 20
_MAX_ANCHOR_WORDS = 10
_MIN_ANCHOR_WORDS = 3


@dataclass(frozen=True)
class Profile:
    """What the features of one backlink profile are measured against.

    Attributes
    ----------
    site : registrable domain of the audited site, or ``None`` if unknown
    brand_tokens : words that make an anchor a brand anchor (the site label and its words)
    topic : the topic text (``--topic`` or inferred)
    topic_source : ``"given"`` or ``"inferred"``
    topic_terms : content words of the topic
    niches : spam-vocabulary categories the site itself belongs to (``gambling`` for a casino site)
    money_terms : keywords that make an anchor a money (commercial keyword) anchor
    main_language : most common language of the linking pages, or ``None``
    notes : how the profile was inferred (where the topic and the money terms came from)
    """

    site: str | None
    brand_tokens: frozenset[str]
    topic: str
    topic_source: str
    topic_terms: frozenset[str]
    niches: frozenset[str]
    money_terms: frozenset[str]
    main_language: str | None
    notes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, object]:
        """JSON-friendly view (sets become sorted lists)."""
        return {
            k: sorted(v) if isinstance(v, frozenset) else list(v) if isinstance(v, tuple) else v
            for k, v in self.__dict__.items()
        }


def content_words(text: str) -> list[str]:
    """Lower-case words of ``text`` without stopwords; run-together ASCII words are split.

    >>> content_words("Order from CrumbandCrust.com")
    ['order', 'crumb', 'crust']
    """
    return content_words_many([text])[0]


def content_words_many(texts: list[str]) -> list[list[str]]:
    """:func:`content_words` of many texts, with the run-together words split in one batch."""
    plans: list[list[str | int]] = []
    to_split: dict[str, int] = {}
    for text in texts:
        plan: list[str | int] = []
        for w in _WORD_RE.findall(text.lower()):
            if w in STOPWORDS:
                continue
            if w.isascii() and len(w) > 6:
                plan.append(to_split.setdefault(w, len(to_split)))
            elif len(w) > 1:
                plan.append(w)
        plans.append(plan)
    splits = split_words_many(list(to_split))
    return [
        [
            w
            for step in plan
            for w in (
                [step]
                if isinstance(step, str)
                else [p for p in splits[step] if len(p) > 1 and p not in STOPWORDS]
            )
        ]
        for plan in plans
    ]


def fold_plural(word: str) -> str:
    """Crude English plural folding used to match keywords (``cakes`` -> ``cake``, ``bakeries`` ->
    ``bakery``).

    >>> [fold_plural(w) for w in ["cakes", "bakeries", "boxes", "glass", "news", "services"]]
    ['cake', 'bakery', 'box', 'glass', 'news', 'service']
    """
    if len(word) < 5 or word[-1] != "s":
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "zes", "ches", "shes")):
        return word[:-2]
    if word.endswith(("ss", "us", "is")):
        return word
    return word[:-1]


def commercial_modifiers(text: str) -> list[str]:
    """The :data:`COMMERCIAL_MODIFIERS` in ``text`` (whole words or phrases, case-insensitive).

    >>> commercial_modifiers("Order croissants online"), commercial_modifiers("bakery near me")
    (['order', 'online'], ['near me'])
    """
    tokens = _TOKEN_RE.findall(text.lower())
    padded = f" {' '.join(tokens)} "
    return [t for t in tokens if t in _MODIFIER_WORDS] + [p for p in _MODIFIER_PHRASES if f" {p} " in padded]


def _most_common(codes: np.ndarray, values: list[str]) -> str | None:
    """The value whose code is most frequent among valid ``codes`` (ties: first seen), or ``None``."""
    valid = codes[codes >= 0]
    if not len(valid):
        return None
    return values[int(pd.Series(valid).value_counts().index[0])]


def _brand(site: str | None) -> tuple[str | None, frozenset[str]]:
    if not site:
        return None, frozenset()
    host = host_of_url(site)
    if host is None:
        return None, frozenset()
    domain = registrable_domain(host)
    label = domain.split(".")[0]
    tokens = {label, label.replace("-", "")}
    for part in label.split("-"):
        tokens.add(part)
        tokens.update(w for w in split_words(part) if len(w) > 2)
    return domain, frozenset(t for t in tokens if len(t) > 1 and t.isalpha() and t not in STOPWORDS)


def _name_words(brand: frozenset[str]) -> frozenset[str]:
    """The brand words that are not dictionary words: the name itself (``brightsmile``, ``hartwell``)."""
    from toxicity.lookups import vocabulary

    words = vocabulary()
    return frozenset(t for t in brand if t not in words)


def _main_language(links: pd.DataFrame) -> str | None:
    if links["language"].notna().any():
        l_codes, languages = codes_of(links["language"])
        short_codes, short = codes_of(
            pd.Series(pc.utf8_slice_codeunits(pc.utf8_lower(languages), 0, 2), dtype="string")
        )
        return _most_common(gather_codes(short_codes, l_codes), short.to_pylist())
    titles = links["source_title"].dropna().unique()[:20000]
    langs = Counter(g for g in map(guess_language, titles) if g)
    return langs.most_common(1)[0][0] if langs else None


def _latin(text: str) -> bool:
    """True if every letter of ``text`` is Latin (Basic Latin to Latin Extended-B)."""
    return all(ord(c) < 0x250 for c in text if c.isalpha())


def _other_language(anchor: str, main_language: str | None, own_latin: bool | None) -> bool:
    """True if ``anchor`` is evidently not in the profile's language.

    With a main language: the anchor's guessed language (:func:`guess_language`) is another one.
    Without one: the anchor's script differs from the script of the site's own words (``own_latin``,
    ``None`` when the site has no own words).
    """
    if main_language:
        lang = guess_language(anchor)
        return lang is not None and lang != main_language
    return own_latin is not None and _latin(anchor) != own_latin


def _keywords(words: Iterable[str], brand: frozenset[str]) -> list[str]:
    """Words that can be keywords: 3+ letters, not filler, brand or a commercial modifier; order kept, no
    repeats."""
    out: list[str] = []
    for w in words:
        if (
            len(w) > 2
            and w not in FILLER_WORDS
            and w not in _MODIFIER_PARTS
            and w not in brand
            and w not in out
        ):
            out.append(w)
    return out


def _off_niche(words: Iterable[str], niches: frozenset[str]) -> bool:
    """True if a word is spam vocabulary of a niche the site does not have (commercial modifiers excepted)."""
    return any(
        SPAM_WORD_CATEGORY[w] not in niches
        for w in words
        if w in SPAM_WORD_CATEGORY and w not in _MODIFIER_WORDS
    )


class _Links:
    """The link records as codes of unique anchors and referring domains (built once, vectorised).

    ``pair_anchor`` and ``pair_domain`` describe each distinct (anchor, referring domain) pair, in
    order of first appearance; ``n_domains`` counts the referring domains per anchor.
    """

    def __init__(self, links: pd.DataFrame, anchor_codes: np.ndarray, anchors: pa.Array) -> None:
        self.links = links
        self.anchor_codes = anchor_codes
        self.anchors = anchors
        self.domain_codes, self.domains = codes_of(links["source_domain"])
        n_dom = max(len(self.domains), 1)
        rows = np.flatnonzero((anchor_codes >= 0) & (self.domain_codes >= 0))
        uniques = pd.unique(anchor_codes[rows].astype(np.int64) * n_dom + self.domain_codes[rows])
        self.pair_anchor = uniques // n_dom
        self.pair_domain = uniques % n_dom
        # one row of each referring domain, to read domain-level values (host, authority, spam score)
        self.domain_row = np.zeros(len(self.domains), dtype=np.int64)
        self.domain_row[self.domain_codes[rows]] = rows
        self.n_domains = np.bincount(self.pair_anchor, minlength=len(anchors))
        # per referring domain, once looked up: bit 0 flagged (list or category), bit 1 low-quality TLD
        self._flags = np.full(len(self.domains), -1, dtype=np.int8)
        self._bad_categories: list[str] = []
        self._anchor_text: dict[int, str] = {}

    def texts(self, codes: np.ndarray) -> list[str]:
        """Anchors of ``codes`` with white space collapsed."""
        todo = [int(c) for c in codes if int(c) not in self._anchor_text]
        if todo:
            for c, a in zip(todo, self.anchors.take(pa.array(todo, pa.int64())).to_pylist()):
                self._anchor_text[c] = " ".join(a.split())
        return [self._anchor_text[int(c)] for c in codes]

    def top_anchors(self, min_domains: int, limit: int) -> np.ndarray:
        """Codes of the non-empty anchors used by ``min_domains``+ referring domains, most used first."""
        codes = np.flatnonzero(self.n_domains >= min_domains)
        codes = codes[np.argsort(-self.n_domains[codes], kind="stable")]
        texts = self.texts(codes[: limit + 1])  # one spare for the empty anchor
        return np.array([c for c, t in zip(codes, texts) if t][:limit], dtype=np.int64)

    def domain_quality(self, anchors: np.ndarray, bad_categories: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Per anchor of ``anchors``: share of flagged referring domains and share of flagged or
        low-authority ones.

        Read on at most :data:`_DOMAIN_SAMPLE` domains per anchor (first seen). A domain is flagged
        when its linking host (or a parent domain) is on a public toxic list or in one of
        ``bad_categories`` (looked up once per domain, on one of its hosts), or its spam score is
        :data:`FLAGGED_SPAM_SCORE` or more; low quality is flagged, a known authority under
        :data:`LOW_AUTHORITY` or a TLD with an abuse rate of :data:`LOW_QUALITY_TLD` or more.
        """
        if not len(anchors):
            return np.zeros(0), np.zeros(0)
        if bad_categories != self._bad_categories:  # the flags depend on the site's niches
            self._flags[:] = -1
            self._bad_categories = bad_categories
        where = np.flatnonzero(np.isin(self.pair_anchor, anchors))
        where = where[np.argsort(self.pair_anchor[where], kind="stable")]
        groups = self.pair_anchor[where]
        starts = np.searchsorted(groups, groups, side="left")
        where = where[np.arange(len(where)) - starts < _DOMAIN_SAMPLE]
        doms = self.pair_domain[where]
        rows = self.domain_row[doms]
        todo = np.unique(doms)
        todo = todo[self._flags[todo] < 0]
        if len(todo):
            # the linking host of one of the domain's rows: the lists match it or a parent domain
            hosts = self.links["source_host"].iloc[self.domain_row[todo]].tolist()
            names = [
                h if isinstance(h, str) and h else d
                for h, d in zip(hosts, self.domains.take(pa.array(todo)).to_pylist())
            ]
            listed = listed_toxic(names).to_numpy().any(axis=1)
            cats = categories_of(names)[bad_categories].to_numpy().any(axis=1) if bad_categories else False
            tlds = tld_abuse_rate(n.rsplit(".", 1)[-1] for n in names) >= LOW_QUALITY_TLD
            self._flags[todo] = (listed | cats).astype(np.int8) | (tlds.astype(np.int8) << 1)
        spam = self.links["spam_score"].iloc[rows].to_numpy(dtype=float, na_value=np.nan)
        authority = np.full(len(rows), np.nan)
        for col in ("domain_rating", "authority_score", "trust_flow"):
            authority = np.fmax(authority, self.links[col].iloc[rows].to_numpy(dtype=float, na_value=np.nan))
        flagged = ((self._flags[doms] & 1) == 1) | (spam >= FLAGGED_SPAM_SCORE)
        low = flagged | (authority < LOW_AUTHORITY) | ((self._flags[doms] & 2) == 2)
        order = np.argsort(anchors)
        index = order[np.searchsorted(anchors[order], self.pair_anchor[where])]  # position in ``anchors``
        sampled = np.bincount(index, minlength=len(anchors)).astype(float)
        with np.errstate(divide="ignore", invalid="ignore"):
            flagged_share = np.bincount(index, weights=flagged, minlength=len(anchors)) / sampled
            low_share = np.bincount(index, weights=low, minlength=len(anchors)) / sampled
        return np.nan_to_num(flagged_share, nan=1.0), np.nan_to_num(low_share, nan=1.0)


class _Pages:
    """The audited site's target pages: code per row, their paths and (on demand) their words.

    A page is the lower-case path of a target URL on the audited site, query, fragment and trailing
    slashes dropped (``""`` is the home page); rows without a target or with one on another site
    have code -1.
    """

    def __init__(
        self, t_codes: np.ndarray, targets: pa.Array, target_domains: pd.Series, site: str | None
    ) -> None:
        paths = pc.replace_substring_regex(
            pc.utf8_lower(targets), r"^(?:[a-z][a-z0-9+.\-]*:)?//[^/?#]*|^[^/?#]*", ""
        )
        paths = pc.utf8_rtrim(pc.replace_substring_regex(paths, r"[?#].*$", ""), characters="/")
        if site is not None:
            on_site = pc.fill_null(pc.equal(to_arrow(target_domains), site), False)
            paths = pc.if_else(on_site, paths, pa.scalar(None, paths.type))
        page_codes, pages = codes_of(pd.Series(paths, dtype="string"))
        self.codes = gather_codes(page_codes, t_codes)
        self.paths = pages
        self.home = pc.equal(pages, "").to_numpy(zero_copy_only=False)
        self._words: dict[int, list[str]] = {}

    def words(self, codes: Iterable[int]) -> list[list[str]]:
        """Content words of the paths of pages ``codes`` (URL-decoded, each word once)."""
        codes = [int(c) for c in codes]
        todo = [c for c in codes if c not in self._words]
        if todo:
            paths = self.paths.take(pa.array(todo, pa.int64())).to_pylist()
            for c, ws in zip(todo, content_words_many([unquote(p) for p in paths])):
                self._words[c] = list(dict.fromkeys(ws))
        return [self._words[c] for c in codes]


def _path_words(pages: _Pages | None, brand: frozenset[str]) -> tuple[list[str], set[str]]:
    """Top path words (by number of pages, first seen on ties) and every path word (folded) of the first
    pages."""
    if pages is None:
        return [], set()
    counts: Counter[str] = Counter()
    every: set[str] = set()
    for ws in pages.words(range(min(len(pages.paths), _MAX_PAGES))):
        every.update(fold_plural(w) for w in ws)
        counts.update(w for w in _keywords(ws, brand) if w not in _PATH_BOILERPLATE)
    return [w for w, _ in counts.most_common(_TOP_PATH_WORDS)], every


def _bad_categories(niches: frozenset[str]) -> list[str]:
    """Reference categories that flag a referring domain: spam niches other than the site's own,
    shorteners."""
    from toxicity.features.domain import SPAM_CATEGORY_NICHE  # domain.py imports this module

    return [c for c, n in SPAM_CATEGORY_NICHE.items() if n is None or n not in niches] + [
        "shortener",
        "redirector",
    ]


def _niches(words: Iterable[str]) -> frozenset[str]:
    return frozenset(SPAM_WORD_CATEGORY[t] for t in words if t in SPAM_WORD_CATEGORY)


def _anchor_topic_words(
    table: _Links,
    own_words: list[str],
    own_folded: set[str],
    brand: frozenset[str],
    niches: frozenset[str],
    main_language: str | None,
    own_latin: bool | None,
) -> tuple[list[str], int, Counter[str]]:
    """Words of clean keyword anchors for an inferred topic, how many anchors gave them, and why others
    were left out."""
    candidates = table.top_anchors(MIN_TOPIC_DOMAINS, _TOPIC_CANDIDATES)
    texts = table.texts(candidates)
    word_lists = content_words_many(texts)
    left_out: Counter[str] = Counter()
    kept: list[int] = []
    kept_words: list[list[str]] = []
    for i, (a, ws) in enumerate(zip(texts, word_lists)):
        if a in GENERIC_ANCHORS:
            continue
        if _CONTACT_RE.search(a):
            left_out["URL, handle or messenger"] += 1
        elif _off_niche(ws, niches):
            left_out["spam vocabulary"] += 1
        elif _other_language(a, main_language, own_latin):
            left_out["other language"] += 1
        elif words := _keywords(ws, brand):
            kept.append(i)
            kept_words.append(words)
    codes = candidates[kept]
    flagged_share, low_share = table.domain_quality(codes, _bad_categories(niches))
    weights: Counter[str] = Counter()
    n_anchors = 0
    for code, words, flagged, low in zip(codes, kept_words, flagged_share, low_share):
        n = int(table.n_domains[code])
        related = any(fold_plural(w) in own_folded for w in words)
        if flagged >= 0.5 or n * (1 - flagged) < MIN_TOPIC_DOMAINS:
            left_out["flagged referring domains"] += 1
        elif low >= 0.5 and not related:
            left_out["low-quality domains, unrelated to the site's pages"] += 1
        else:
            n_anchors += 1
            support = n * (1 - low / 2)  # a low-authority domain counts half, a flagged one not at all
            for w in words:
                weights[w] += support
    own = {fold_plural(w) for w in [*own_words, *brand]}
    limit = min(_MAX_ANCHOR_WORDS, max(len(own), _MIN_ANCHOR_WORDS))
    words = [w for w, _ in weights.most_common() if fold_plural(w) not in own][:limit]
    return words, n_anchors, left_out


def _commercial_terms(
    table: _Links,
    own_folded: set[str],
    brand: frozenset[str],
    niches: frozenset[str],
    main_language: str | None,
    own_latin: bool | None,
) -> list[str]:
    """Money source (a): keywords of commercial anchors used by several referring domains.

    Left out: anchors with a URL or handle, off-niche spam vocabulary or in another language, and
    anchors that are not keyword-shaped (more than :data:`MAX_COMMERCIAL_WORDS` words or more than
    :data:`MAX_FUNCTION_WORDS` function words). An anchor used mostly by flagged or low-quality
    domains counts only when one of its words is one of the site's own words (``own_folded``): an
    attack that floods the site's keywords is over-optimisation, an attack's own keywords are not
    the site's. The :data:`_COMMERCIAL_ANCHORS` most used anchors are read.
    """
    candidates = table.top_anchors(MIN_MONEY_DOMAINS, _COMMERCIAL_CANDIDATES)
    texts = table.texts(candidates)
    picked: list[int] = []
    for i, a in enumerate(texts):
        if (
            not commercial_modifiers(a)
            or _CONTACT_RE.search(a)
            or _other_language(a, main_language, own_latin)
        ):
            continue
        tokens = _TOKEN_RE.findall(a)
        if len(tokens) > MAX_COMMERCIAL_WORDS:
            continue
        if sum(t in FILLER_WORDS and t not in _MODIFIER_PARTS for t in tokens) > MAX_FUNCTION_WORDS:
            continue
        picked.append(i)
        if len(picked) == _COMMERCIAL_ANCHORS:
            break
    codes = candidates[picked]
    word_lists = content_words_many([texts[i] for i in picked])
    _, low_share = table.domain_quality(codes, _bad_categories(niches))
    terms: list[str] = []
    for ws, low in zip(word_lists, low_share):
        if _off_niche(ws, niches):
            continue
        words = _keywords(ws, brand)
        if low >= 0.5 and not any(fold_plural(w) in own_folded for w in words):
            continue
        terms.extend(w for w in words if w not in terms)
    return terms


def _page_terms(table: _Links, pages: _Pages, brand: frozenset[str], niches: frozenset[str]) -> list[str]:
    """Money source (b): words that anchors to one non-home page share with its path, from several domains."""
    rows = np.flatnonzero((table.anchor_codes >= 0) & (table.domain_codes >= 0) & (pages.codes >= 0))
    rows = rows[~pages.home[pages.codes[rows]]]
    if not len(rows):
        return []
    n_pages = len(pages.paths)
    ap_codes, ap = pd.factorize(table.anchor_codes[rows].astype(np.int64) * n_pages + pages.codes[rows])
    n_dom = max(len(table.domains), 1)
    distinct = pd.unique(ap_codes.astype(np.int64) * n_dom + table.domain_codes[rows])
    per_pair = np.bincount(distinct // n_dom, minlength=len(ap))
    pairs = np.flatnonzero(per_pair >= MIN_MONEY_DOMAINS)
    pairs = pairs[np.argsort(-per_pair[pairs], kind="stable")][:_PAGE_PAIR_CANDIDATES]
    anchor_of, page_of = ap[pairs] // n_pages, ap[pairs] % n_pages
    texts = table.texts(anchor_of)
    terms: list[str] = []
    for a, ws, page_words in zip(texts, content_words_many(texts), pages.words(page_of)):
        if not a or _CONTACT_RE.search(a):
            continue
        folded = {fold_plural(w) for w in page_words}
        shared = [w for w in _keywords(ws, brand) if fold_plural(w) in folded and not _off_niche([w], niches)]
        terms.extend(w for w in shared if w not in terms)
    return terms


def _listing(words: list[str], limit: int = 8) -> str:
    return ", ".join(words[:limit]) + (" ..." if len(words) > limit else "")


def infer_profile(links: pd.DataFrame, *, site: str | None = None, topic: str | None = None) -> Profile:
    """Infer the audited site's profile from canonical link records.

    Parameters
    ----------
    links : canonical link records (:mod:`toxicity.schema`)
    site : the audited site (``example.com`` or a URL); else the most linked target domain
    topic : free text describing the site's topic; else inferred from the words of the target URL
        paths and the brand, plus the words of clean keyword anchors (see the module docstring)

    Examples
    --------
    >>> from toxicity.schema import empty_links
    >>> p = infer_profile(empty_links(0), site="casino-royal.com", topic="online casino games")
    >>> sorted(p.niches), p.site
    (['gambling'], 'casino-royal.com')
    """
    notes: list[str] = []
    pages: _Pages | None = None
    if links["target_url"].notna().any():
        t_codes, targets = codes_of(links["target_url"])
        target_domains = domains_of(hosts_of(pd.Series(targets, dtype="string")))
        if site is None:
            d_codes, uniques = codes_of(target_domains)
            site = _most_common(gather_codes(d_codes, t_codes), uniques.to_pylist())
            if site is not None:
                notes.append(f"site inferred from target URLs: {site}")
        domain, brand = _brand(site)
        pages = _Pages(t_codes, targets, target_domains, domain)
    else:
        domain, brand = _brand(site)
    main_language = _main_language(links)
    table = _Links(links, *anchor_codes_of(links["anchor"]))
    # Brand words that are dictionary words (``dental`` of brightsmile-dental.com, ``plumber`` of
    # chicago-plumber.com) are keywords too: only the name's own words are kept out of the keywords.
    brand_all, brand = brand, _name_words(brand)
    path_words, own_folded = _path_words(pages, brand)
    own_folded |= {fold_plural(w) for w in [*brand_all, *(content_words(topic) if topic else [])]}
    own_text = " ".join([*path_words, *brand_all, *([topic] if topic else [])])
    own_latin = _latin(own_text) if own_text.strip() else None

    if topic:
        topic_text, source = topic, "given"
        topic_money = [w for w in content_words(topic) if w not in brand]
        niches = _niches([*content_words(topic), *brand_all])
    else:
        niches = _niches([*path_words, *brand_all])
        anchor_words, n_anchors, left_out = _anchor_topic_words(
            table, path_words, own_folded, brand_all, niches, main_language, own_latin
        )
        topic_text = " ".join([*sorted(brand_all), *path_words, *anchor_words]).strip()
        source = "inferred"
        topic_money = [*path_words, *anchor_words]
        note = (
            f"topic inferred from {len(path_words)} target-path words, the brand and {len(anchor_words)} "
            f"words of {n_anchors} anchors used by {MIN_TOPIC_DOMAINS}+ unflagged referring domains"
        )
        if left_out:
            note += "; frequent anchors left out: " + ", ".join(
                f"{n} ({why})" for why, n in left_out.most_common()
            )
        notes.append(note + "; pass --topic to be exact")
    terms = frozenset(content_words(topic_text)) | brand_all
    if not topic:
        niches = _niches(terms)

    commercial = [
        w
        for w in _commercial_terms(table, own_folded, brand, niches, main_language, own_latin)
        if w not in topic_money
    ]
    from_pages = (
        [w for w in _page_terms(table, pages, brand, niches) if w not in topic_money and w not in commercial]
        if pages is not None
        else []
    )
    money = frozenset(topic_money) | frozenset(commercial) | frozenset(from_pages)
    money -= brand
    sources = (
        [f"topic words ({_listing(sorted(set(topic_money) - brand))})"] if set(topic_money) - brand else []
    )
    if commercial:
        sources.append(f"commercial anchors ({_listing(commercial)})")
    if from_pages:
        sources.append(f"anchors matching their target page's URL ({_listing(from_pages)})")
    notes.append(
        "money terms from " + ("; ".join(sources) if sources else "nowhere (no topic, no commercial anchors)")
    )
    return Profile(
        site=domain,
        brand_tokens=brand_all,
        topic=topic_text,
        topic_source=source,
        topic_terms=terms,
        niches=niches,
        money_terms=money,
        main_language=main_language,
        notes=tuple(notes),
    )
