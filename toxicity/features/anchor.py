"""Anchor over-optimisation, relative to the whole profile.

Each unique anchor is classified once (brand, naked URL, generic, exact-match money, partial money,
empty/image, other); profile shares are computed with group counts over referring domains.
"""

from __future__ import annotations

import re
from typing import Final

import numpy as np
import pandas as pd

from toxicity.features.profile import Profile, content_words
from toxicity.features.text import codes_of, gather, guess_language
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
    if not a:
        return "empty"
    if a in GENERIC_ANCHORS:
        return "generic"
    words = content_words(a)
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


def anchor_features(links: pd.DataFrame, profile: Profile) -> dict[str, np.ndarray]:
    """Anchor family columns for canonical link records."""
    anchors = links["anchor"].str.strip().str.lower()
    codes, uniques = codes_of(anchors)
    n = len(links)
    classes = [classify_anchor(a, profile) for a in uniques]
    class_codes = np.array([ANCHOR_CLASSES.index(c) for c in classes], dtype=float)
    row_class = gather(class_codes, codes)
    cols: dict[str, np.ndarray] = {}
    known = codes >= 0
    for i, name in enumerate(ANCHOR_CLASSES):
        cols[f"anchor_{name}"] = np.where(known, (row_class == i).astype(float), np.nan)

    word_lists = [content_words(a) for a in uniques]
    spam = np.array([sum(w in SPAM_WORD_CATEGORY for w in ws) for ws in word_lists], dtype=float)
    cols["anchor_words"] = gather(np.array([len(a.split()) for a in uniques], dtype=float), codes)
    cols["spam_words_anchor"] = gather(spam, codes)
    if profile.main_language:
        langs = [guess_language(a) for a in uniques]
        mismatch = np.array([np.nan if g is None else float(g != profile.main_language) for g in langs])
        cols["anchor_lang_mismatch"] = gather(mismatch, codes)
    else:
        cols["anchor_lang_mismatch"] = np.full(n, np.nan)

    # Share of the profile's referring domains that use this exact anchor.
    dom_codes, _ = pd.factorize(links["source_domain"], use_na_sentinel=True)
    pairs = pd.DataFrame({"a": codes, "d": dom_codes})
    pairs = pairs[(pairs["a"] >= 0) & (pairs["d"] >= 0)].drop_duplicates()
    n_domains = pairs["d"].nunique()
    per_anchor = np.bincount(pairs["a"], minlength=len(uniques)).astype(float)
    share = per_anchor / n_domains if n_domains else np.full(len(uniques), np.nan)
    cols["anchor_rd_share"] = gather(share, codes)

    # Money-anchor share of the link's target page: referring domains with a money anchor to it.
    target = links["target_url"].str.lower().str.replace(r"#.*$", "", regex=True).str.rstrip("/")
    t_codes, _ = pd.factorize(target, use_na_sentinel=True)
    is_money = np.isin(row_class, [ANCHOR_CLASSES.index("money_exact"), ANCHOR_CLASSES.index("money_partial")])
    tri = pd.DataFrame({"t": t_codes, "d": dom_codes, "m": is_money, "k": known})
    tri = tri[(tri["t"] >= 0) & (tri["d"] >= 0) & tri["k"]]
    per_td = tri.groupby(["t", "d"], sort=False)["m"].max().reset_index()
    money_share = per_td.groupby("t")["m"].mean()
    by_target = np.full(int(t_codes.max()) + 1 if len(t_codes) else 0, np.nan)
    by_target[money_share.index.to_numpy()] = money_share.to_numpy(dtype=float)
    cols["target_money_share"] = gather(by_target, t_codes)
    cols["cov_anchor"] = known.astype(float)
    return cols
