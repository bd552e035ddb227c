"""Anchor over-optimisation, relative to the whole profile.

Each unique anchor is classified once (brand, naked URL, generic, exact-match money, partial money,
empty/image, other); profile shares are computed with group counts over referring domains.

Money classes are relative to ``Profile.money_terms`` (the site's commercial keywords, see
:mod:`toxicity.features.profile`), matched on content words with plurals folded (``cake`` matches
``cakes``): *exact* when every content word of the anchor is a money term and the anchor is the
bare keyword (``payday loans``, ``emergency plumber chicago``, ``plumbers in chicago``), *partial*
when some content words are money terms and others are not -- a keyword plus commercial modifiers
(``order croissants online``, ``best payday loans now``) or a phrase mentioning a keyword (``this
great article about sourdough``) -- or when the keyword comes with an article, demonstrative or
pronoun (``this recipe``, ``the payday loans``: see :data:`NOT_BARE_KEYWORD`). Commercial modifiers
are not money terms themselves, so a modified keyword is a partial match, as in SEO usage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from toxicity.features.columns import FeatureColumns
from toxicity.features.profile import GENERIC_ANCHORS, Profile, content_words, content_words_many, fold_plural
from toxicity.features.text import LinkCodes, codes_of, gather_codes, guess_language
from toxicity.knowledge.spam import SPAM_WORD_CATEGORY

ANCHOR_CLASSES: Final = ("brand", "naked_url", "generic", "money_exact", "money_partial", "empty", "other")

#: Words that make an anchor a phrase about the page rather than the bare keyword (``this recipe``):
#: an anchor with one of them is at most a partial money match.
NOT_BARE_KEYWORD: Final = frozenset(
    [
        "a",
        "an",
        "the",
        "this",
        "that",
        "these",
        "those",
        "here",
        "there",
        "it",
        "its",
        "my",
        "our",
        "your",
        "his",
        "her",
        "their",
        "we",
        "you",
        "i",
    ]
)
_TOKEN_RE: Final = re.compile(r"[^\W\d_]+")
_NAKED_URL_RE: Final = re.compile(r"^(https?://)?(www\.)?[\w\-]+(\.[\w\-]+)+(:\d+)?(/\S*)?$")


def classify_anchor(anchor: str, profile: Profile) -> str:
    """Class of one anchor (see :data:`ANCHOR_CLASSES`) against the site's brand and money keywords.

    >>> from toxicity.features.profile import infer_profile
    >>> from toxicity.schema import empty_links
    >>> p = infer_profile(empty_links(0), site="acme-lending.com", topic="payday loans")
    >>> [classify_anchor(a, p)
    ...  for a in ["Acme Lending", "payday loans", "best payday loans now", "click here"]]
    ['brand', 'money_exact', 'money_partial', 'generic']
    """
    a = " ".join(anchor.lower().split())
    return _classify(a, content_words(a), profile, _money_keys(profile))


def _money_keys(profile: Profile) -> frozenset[str]:
    """The profile's money terms with plurals folded (:func:`toxicity.features.profile.fold_plural`)."""
    return frozenset(fold_plural(t) for t in profile.money_terms)


@dataclass(frozen=True)
class _Brand:
    """What makes an anchor a brand anchor, from the site's name.

    ``full``: the whole label, run together (``brightsmiledental``); ``distinctive``: brand words
    that are not dictionary words nor money terms (``brightsmile``, ``hartwell``); ``tokens``: every
    brand word. A keyword that happens to be in the domain name (``dental`` of brightsmile-dental.com,
    ``plumber`` of chicago-plumber.com) does not make ``dental implants glasgow`` a brand anchor.
    """

    full: str
    distinctive: frozenset[str]
    tokens: frozenset[str]

    @classmethod
    def of(cls, profile: Profile, money_keys: frozenset[str]) -> _Brand:
        from toxicity.lookups import vocabulary

        words = vocabulary()
        full = (profile.site or "").split(".")[0].replace("-", "")
        distinctive = frozenset(
            t for t in profile.brand_tokens if t not in words and fold_plural(t) not in money_keys
        )
        return cls(full if len(full) > 2 else "", distinctive, profile.brand_tokens)

    def matches(self, words: list[str], compact: str) -> bool:
        """True for the full name, a distinctive brand word, or two brand words together
        (``Bright Smile``)."""
        if not self.tokens:
            return False
        if self.full and self.full in compact:
            return True
        if any(w in self.distinctive for w in words) or any(
            len(b) > 3 and b in compact for b in self.distinctive
        ):
            return True
        return len({w for w in words if w in self.tokens}) >= 2


def _classify(
    a: str, words: list[str], profile: Profile, money_keys: frozenset[str], brand: _Brand | None = None
) -> str:
    """Class of an anchor ``a`` (lower case, single spaces) whose content words are ``words``."""
    if not a:
        return "empty"
    if a in GENERIC_ANCHORS:
        return "generic"
    # URL shape first: the site's own address written as the anchor ("crumbandcrust.com",
    # "https://crumbandcrust.com/") is a naked URL, not a brand name, whatever it contains.
    if _NAKED_URL_RE.match(a):
        return "naked_url"
    compact = re.sub(r"[^\w]", "", a)
    if (brand or _Brand.of(profile, money_keys)).matches(words, compact):
        return "brand"
    money = [fold_plural(w) in money_keys for w in words]
    if words and all(money):
        return "money_partial" if any(t in NOT_BARE_KEYWORD for t in _TOKEN_RE.findall(a)) else "money_exact"
    if any(money):
        return "money_partial"
    return "other"


def _target_codes(targets: pd.Series) -> np.ndarray:
    """Code of each row's target page (lower case, fragment and trailing slashes removed); -1 if missing."""
    codes, uniques = codes_of(targets)
    pages = pc.utf8_rtrim(pc.replace_substring_regex(pc.utf8_lower(uniques), r"#.*$", ""), characters="/")
    page_codes, _ = codes_of(pd.Series(pages, dtype="string"))
    return gather_codes(page_codes, codes)


def anchor_features(
    links: pd.DataFrame, profile: Profile, link_codes: LinkCodes, out: FeatureColumns
) -> None:
    """Write the anchor family columns into ``out``; ``link_codes`` from
    :func:`toxicity.features.text.link_codes`."""
    codes, uniques = link_codes.anchor_codes, link_codes.anchors.to_pylist()
    normalised = [" ".join(a.split()) for a in uniques]
    word_lists = content_words_many(normalised)
    money_keys = _money_keys(profile)
    brand = _Brand.of(profile, money_keys)
    classes = [_classify(a, ws, profile, money_keys, brand) for a, ws in zip(normalised, word_lists)]
    class_codes = np.array([ANCHOR_CLASSES.index(c) for c in classes], dtype=np.int64)
    known = codes >= 0
    for i, name in enumerate(ANCHOR_CLASSES):
        out.gather(f"anchor_{name}", class_codes == i, codes)

    spam = np.array([sum(w in SPAM_WORD_CATEGORY for w in ws) for ws in word_lists], dtype=float)
    out.gather("anchor_words", np.array([len(a.split()) for a in uniques], dtype=float), codes)
    out.gather("spam_words_anchor", spam, codes)
    if profile.main_language:
        langs = [guess_language(a) for a in uniques]
        mismatch = np.array([np.nan if g is None else float(g != profile.main_language) for g in langs])
        out.gather("anchor_lang_mismatch", mismatch, codes)
    else:
        out["anchor_lang_mismatch"] = np.nan

    # Share of the profile's referring domains that use this exact anchor.
    dom_codes = link_codes.domain_codes
    n_dom = max(link_codes.n_domains, 1)
    both = known & (dom_codes >= 0)
    pairs = pd.unique(codes[both].astype(np.int64) * n_dom + dom_codes[both])
    n_domains = len(pd.unique(pairs % n_dom))
    per_anchor = np.bincount(pairs // n_dom, minlength=len(uniques)).astype(float)
    share = per_anchor / n_domains if n_domains else np.full(len(uniques), np.nan)
    out.gather("anchor_rd_share", share, codes)

    # Money-anchor share of the link's target page: referring domains with a money anchor to it.
    t_codes = _target_codes(links["target_url"])
    money_class = np.isin(
        class_codes, [ANCHOR_CLASSES.index("money_exact"), ANCHOR_CLASSES.index("money_partial")]
    )
    is_money = np.append(money_class, False)[codes]  # code -1 (no anchor) -> False
    valid = (t_codes >= 0) & (dom_codes >= 0) & known
    keys = t_codes[valid].astype(np.int64) * n_dom + dom_codes[valid]
    target_domains = pd.unique(keys)
    with_money = np.isin(target_domains, pd.unique(keys[is_money[valid]]))
    n_targets = int(t_codes.max(initial=-1)) + 1
    per_target = np.bincount(target_domains // n_dom, minlength=n_targets)
    money = np.bincount(target_domains // n_dom, weights=with_money, minlength=n_targets)
    with np.errstate(divide="ignore", invalid="ignore"):
        by_target = np.where(per_target > 0, money / per_target, np.nan)
    out.gather("target_money_share", by_target, t_codes)
    out["cov_anchor"] = known
