"""The audited site's profile: brand, topic, niches, main language and money keywords.

Anchor and topic features are relative to the site: an anchor is "brand" or "money" only with
respect to a brand and keywords, and a casino page is on-topic for a casino site. The profile is
taken from ``--site`` / ``--topic`` when given, otherwise inferred from the link records (target
URLs, the most used anchors). Inference cannot tell an attack's anchors from the site's own
keywords when the attack dominates the profile: pass ``topic`` for a trustworthy audit.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from toxicity.domains import domains_of, host_of_url, hosts_of, registrable_domain
from toxicity.features.text import STOPWORDS, anchor_codes_of, codes_of, gather_codes, guess_language
from toxicity.lookups import SPAM_WORD_CATEGORY, split_words, split_words_many

_WORD_RE = re.compile(r"[^\W\d_]{2,}")
_TOP_ANCHORS = 10
_TOP_PATH_WORDS = 20


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
    """Lower-case words of ``text`` without stopwords; run-together ASCII words are split."""
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
        [w for step in plan for w in ([step] if isinstance(step, str) else [p for p in splits[step] if len(p) > 1])]
        for plan in plans
    ]


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


def _top_anchors(links: pd.DataFrame) -> list[str]:
    """Anchors (stripped, lower case) used by at least two referring domains, most used first."""
    codes, uniques = anchor_codes_of(links["anchor"])
    anchors = uniques.to_pylist()
    d_codes, domains = codes_of(links["source_domain"])
    both = (codes >= 0) & (d_codes >= 0)
    # first occurrence of each (anchor, domain) pair, in row order
    pairs = pd.unique(codes[both].astype(np.int64) * max(len(domains), 1) + d_codes[both])
    by_domains = pd.Series(pairs // max(len(domains), 1)).value_counts()
    return [anchors[a] for a, n in by_domains.items() if anchors[a] and n >= 2][:_TOP_ANCHORS]


def infer_profile(links: pd.DataFrame, *, site: str | None = None, topic: str | None = None) -> Profile:
    """Infer the audited site's profile from canonical link records.

    Parameters
    ----------
    links : canonical link records (:mod:`toxicity.schema`)
    site : the audited site (``example.com`` or a URL); else the most linked target domain
    topic : free text describing the site's topic; else inferred from target URL paths, brand and
        the anchors used by most referring domains

    Examples
    --------
    >>> from toxicity.schema import empty_links
    >>> p = infer_profile(empty_links(0), site="casino-royal.com", topic="online casino games")
    >>> sorted(p.niches), p.site
    (['gambling'], 'casino-royal.com')
    """
    notes: list[str] = []
    if site is None and links["target_url"].notna().any():
        t_codes, targets = codes_of(links["target_url"])
        d_codes, target_domains = codes_of(domains_of(hosts_of(pd.Series(targets, dtype="string"))))
        site = _most_common(gather_codes(d_codes, t_codes), target_domains.to_pylist())
        if site is not None:
            notes.append(f"site inferred from target URLs: {site}")
    domain, brand = _brand(site)

    if topic:
        topic_text, source = topic, "given"
        money = set(content_words(topic))
    else:
        top_anchors = _top_anchors(links)
        path_words: Counter[str] = Counter()
        for url in links["target_url"].dropna().unique()[:5000]:
            path = re.sub(r"^[a-z][a-z0-9+.-]*://[^/?#]*", "", str(url).lower())
            path_words.update(content_words(path.replace("-", " ").replace("_", " ")))
        words = [w for w, _ in path_words.most_common(_TOP_PATH_WORDS)]
        topic_text = " ".join([*sorted(brand), *words, *top_anchors]).strip()
        source = "inferred"
        money = set(words)
        for a in top_anchors:
            money.update(content_words(a))
        notes.append("topic inferred from target paths, brand and top anchors; pass --topic to be exact")
    money -= brand
    terms = frozenset(content_words(topic_text)) | brand
    niches = frozenset(SPAM_WORD_CATEGORY[t] for t in terms if t in SPAM_WORD_CATEGORY)

    if links["language"].notna().any():
        l_codes, languages = codes_of(links["language"])
        short_codes, short = codes_of(pd.Series(pc.utf8_slice_codeunits(pc.utf8_lower(languages), 0, 2), dtype="string"))
        main_language = _most_common(gather_codes(short_codes, l_codes), short.to_pylist())
    else:
        titles = links["source_title"].dropna().unique()[:20000]
        langs = Counter(g for g in map(guess_language, titles) if g)
        main_language = langs.most_common(1)[0][0] if langs else None
    return Profile(
        site=domain,
        brand_tokens=brand,
        topic=topic_text,
        topic_source=source,
        topic_terms=terms,
        niches=niches,
        money_terms=frozenset(money),
        main_language=main_language,
        notes=tuple(notes),
    )
