"""Anchor over-optimisation, relative to the whole profile.

Each unique anchor is classified once (brand, naked URL, generic, exact-match money, partial money,
empty/image, other); profile shares are computed with group counts over referring domains.
"""

from __future__ import annotations

import re
from typing import Final

import numpy as np
import pandas as pd
import pyarrow.compute as pc

from toxicity.features.columns import FeatureColumns
from toxicity.features.profile import Profile, content_words, content_words_many
from toxicity.features.text import LinkCodes, codes_of, gather_codes, guess_language
from toxicity.lookups import SPAM_WORD_CATEGORY

ANCHOR_CLASSES: Final = ("brand", "naked_url", "generic", "money_exact", "money_partial", "empty", "other")

#: Anchors that say nothing about the target (several languages).
GENERIC_ANCHORS: Final = frozenset(
    """click here|here|this|this site|this website|website|web site|site|link|this link|read more|more|
    learn more|see more|view|visit|visit site|visit website|go|source|homepage|home page|home|url|page|
    official site|official website|check it out|details|more info|info|continue reading|download|
    ici|cliquez ici|en savoir plus|voir|lire la suite|hier|mehr|weiterlesen|aquí|haga clic aquí|
    leer más|qui|clicca qui|aqui|saiba mais|buraya|tıklayın|здесь|тут|сайт|ссылка""".replace("\n", "").split("|")
)
_NAKED_URL_RE: Final = re.compile(r"^(https?://)?(www\.)?[\w\-]+(\.[\w\-]+)+(:\d+)?(/\S*)?$")


def classify_anchor(anchor: str, profile: Profile) -> str:
    """Class of one anchor (see :data:`ANCHOR_CLASSES`) against the site's brand and money keywords.

    >>> from toxicity.features.profile import infer_profile
    >>> from toxicity.schema import empty_links
    >>> p = infer_profile(empty_links(0), site="acme-lending.com", topic="payday loans")
    >>> [classify_anchor(a, p) for a in ["Acme Lending", "payday loans", "best payday loans now", "click here"]]
    ['brand', 'money_exact', 'money_partial', 'generic']
    """
    a = " ".join(anchor.lower().split())
    return _classify(a, content_words(a), profile)


def _classify(a: str, words: list[str], profile: Profile) -> str:
    """Class of an anchor ``a`` (lower case, single spaces) whose content words are ``words``."""
    if not a:
        return "empty"
    if a in GENERIC_ANCHORS:
        return "generic"
    compact = re.sub(r"[^\w]", "", a)
    if profile.brand_tokens and (
        any(w in profile.brand_tokens for w in words) or any(len(b) > 3 and b in compact for b in profile.brand_tokens)
    ):
        return "brand"
    if _NAKED_URL_RE.match(a):
        return "naked_url"
    money = [w in profile.money_terms for w in words]
    if words and all(money):
        return "money_exact"
    if any(money):
        return "money_partial"
    return "other"


def _target_codes(targets: pd.Series) -> np.ndarray:
    """Code of each row's target page (lower case, fragment and trailing slashes removed); -1 if missing."""
    codes, uniques = codes_of(targets)
    pages = pc.utf8_rtrim(pc.replace_substring_regex(pc.utf8_lower(uniques), r"#.*$", ""), characters="/")
    page_codes, _ = codes_of(pd.Series(pages, dtype="string"))
    return gather_codes(page_codes, codes)


def anchor_features(links: pd.DataFrame, profile: Profile, link_codes: LinkCodes, out: FeatureColumns) -> None:
    """Write the anchor family columns into ``out``; ``link_codes`` from :func:`toxicity.features.text.link_codes`."""
    codes, uniques = link_codes.anchor_codes, link_codes.anchors.to_pylist()
    normalised = [" ".join(a.split()) for a in uniques]
    word_lists = content_words_many(normalised)
    classes = [_classify(a, ws, profile) for a, ws in zip(normalised, word_lists)]
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
    money_class = np.isin(class_codes, [ANCHOR_CLASSES.index("money_exact"), ANCHOR_CLASSES.index("money_partial")])
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
