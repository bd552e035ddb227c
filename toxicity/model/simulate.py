"""Link records for training: real referring domains, simulated link context.

The labels in ``training_data/`` are real but exist only at the domain level: public lists say
*this domain is toxic* or *this domain is an ordinary site*; no public data set pairs anchors,
titles or backlink metrics with labels. So a training link record is built from a real domain as

* **real**: ``source_url`` (``http://<host>/``; the list gives no page path, so none is invented),
  ``source_host``, ``source_domain``;
* **simulated** (from the stated assumptions in :data:`ASSUMPTIONS`): ``anchor``, ``source_title``,
  ``domain_rating``, ``url_rating``, ``trust_flow``, ``citation_flow``, ``authority_score``,
  ``domain_traffic``, ``external_links``, ``spam_score``, ``http_code`` and the link flags.

Simulated distributions depend on the label only (never on popularity, TLD or platform, which
would re-create the shortcuts measured on these lists) and overlap heavily: spam sites get brand
anchors and high authority too, good sites get money anchors, so simulated context alone never
makes the model certain. Language, dates and network columns are not simulated at all: they stay
missing, so the model learns nothing from them that an invented distribution would put there.

Which columns a record carries is then varied the way exports vary (:data:`EXPORT_PROFILES`:
Ahrefs, Semrush, Majestic, Moz, Bing, Search Console), so the model learns to score with any subset,
including the URL alone.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from toxicity.schema import conform, empty_links

#: The audited site the simulated links point to (a fictional brand).
TARGET_SITE = "example-bakery.com"
TARGET_BRAND = "Example Bakery"
#: Its topic, given to the feature builder so topic and anchor features of every view share one profile.
TARGET_TOPIC = "bakery bread cakes pastry"

_BRAND_ANCHORS = (
    TARGET_BRAND,
    TARGET_BRAND.lower(),
    "example bakery shop",
    "Example Bakery blog",
    "examplebakery",
)
_URL_ANCHORS = (f"https://{TARGET_SITE}/", f"www.{TARGET_SITE}", TARGET_SITE, f"http://{TARGET_SITE}/shop")
_GENERIC_ANCHORS = (
    "click here",
    "here",
    "website",
    "read more",
    "this site",
    "visit",
    "link",
    "source",
    "more info",
)
_MONEY_ANCHORS = (
    "best sourdough bread",
    "buy bread online",
    "cheap wedding cakes",
    "bakery near me",
    "best bakery london",
    "order birthday cake",
    "gluten free bread delivery",
    "artisan bakery",
)
_SPAM_ANCHORS = (
    "casino bonus",
    "online casino",
    "buy viagra",
    "cheap cialis",
    "payday loans",
    "porn videos",
    "buy backlinks",
    "seo services cheap",
    "replica watches",
    "sex dating",
    "bitcoin casino",
    "essay writing service",
)

_TITLE_WORDS = (
    "Home",
    "Blog",
    "News",
    "Recipes",
    "Community",
    "Forum",
    "Articles",
    "Reviews",
    "Directory",
    "Links",
)
_SPAM_TITLE_WORDS = (
    "Casino",
    "Free Porn",
    "Viagra",
    "Loans",
    "SEO Backlinks",
    "Betting Tips",
    "Replica",
    "Crypto Signals",
)

#: Anchor kind -> (probability for toxic domains, probability for clean domains). Overlapping on purpose.
ANCHOR_MIX: Mapping[str, tuple[float, float]] = {
    "brand": (0.25, 0.40),
    "url": (0.15, 0.20),
    "generic": (0.15, 0.20),
    "money": (0.30, 0.12),
    "spam": (0.10, 0.01),
    "empty": (0.05, 0.07),
}
_ANCHOR_POOLS: Mapping[str, tuple[str, ...]] = {
    "brand": _BRAND_ANCHORS,
    "url": _URL_ANCHORS,
    "generic": _GENERIC_ANCHORS,
    "money": _MONEY_ANCHORS,
    "spam": _SPAM_ANCHORS,
    "empty": ("",),
}

#: Plain statements of every simulation assumption; copied into the model card's ``simulated`` list.
ASSUMPTIONS: tuple[str, ...] = (
    (
        "Real: source host, registrable domain and the URL http://<host>/ (no page path: the lists give "
        "none). Labels are the real list memberships of the domain."
    ),
    (
        "Simulated anchor kind (toxic vs clean probability): brand 0.25/0.40, naked URL 0.15/0.20, generic "
        "0.15/0.20, money keyword 0.30/0.12, spam vocabulary 0.10/0.01, empty 0.05/0.07; texts from fixed "
        f"pools for a fictional target site {TARGET_SITE}."
    ),
    (
        "Simulated page title: '<host label> | <word>'; a spam word (casino, viagra, loans...) in 15% of "
        "toxic and 2% of clean titles."
    ),
    (
        "Simulated Domain Rating 0-100: toxic Beta(2,6), clean Beta(2.5,5) (means 25 and 33); 10% of toxic "
        "domains get clean-like values (expired or hacked domains). URL rating = DR x Uniform(0.3,1)."
    ),
    (
        "Simulated Majestic flows: Citation Flow = DR +- noise; Trust Flow = CF x ratio, ratio toxic "
        "Beta(3,6), clean Beta(5,4)."
    ),
    "Simulated Authority Score = DR +- noise; traffic = exp(DR/12) x lognormal(0,1.5), toxic x0.5.",
    "Simulated outbound external links on the page: lognormal, median toxic 60, clean 15, sigma 1.2.",
    "Simulated spam score (Moz/Semrush style) 0-100: toxic Beta(2.5,5), clean Beta(1.5,8).",
    (
        "Simulated flags: nofollow toxic 0.25 / clean 0.35; sponsored 0.05/0.02; ugc 0.10/0.10; sitewide "
        "0.20/0.10; image 0.10/0.10; http_code 200 for 95% of both."
    ),
    "Not simulated (left missing): language, first/last seen dates, lost, IP and subnet, surrounding text.",
    (
        "Simulated distributions depend on the label only, never on popularity, TLD or blog platform, and "
        "overlap, so simulated context alone never makes the model certain. Metrics with context are "
        "circular."
    ),
)

#: Column groups an export can carry, and which groups each export format carries.
COLUMN_GROUPS: Mapping[str, tuple[str, ...]] = {
    "anchor": ("anchor",),
    "title": ("source_title",),
    "ahrefs_metrics": ("domain_rating", "url_rating", "domain_traffic", "http_code"),
    "majestic_metrics": ("trust_flow", "citation_flow"),
    "authority": ("authority_score",),
    "spam_score": ("spam_score",),
    "outlinks": ("external_links",),
    "flags": ("nofollow", "ugc", "sponsored", "image", "sitewide"),
}
EXPORT_PROFILES: Mapping[str, tuple[str, ...]] = {
    "ahrefs": ("anchor", "title", "ahrefs_metrics", "outlinks", "flags"),
    "semrush": ("anchor", "title", "authority", "outlinks", "flags"),
    "majestic": ("anchor", "majestic_metrics", "flags"),
    "moz": ("anchor", "authority", "spam_score", "flags"),
    "bing": ("anchor",),
    "gsc": (),
}
#: How often each export profile is drawn for a training copy (Search Console is common for small sites).
PROFILE_WEIGHTS: Mapping[str, float] = {
    "ahrefs": 0.30,
    "semrush": 0.20,
    "majestic": 0.15,
    "moz": 0.10,
    "bing": 0.10,
    "gsc": 0.15,
}
#: Chance that each carried group is additionally dropped (exports are configured differently).
DROP_GROUP_RATE = 0.15


def _pick(rng: np.random.Generator, toxic: np.ndarray, p_toxic: float, p_clean: float) -> np.ndarray:
    return rng.random(len(toxic)) < np.where(toxic, p_toxic, p_clean)


def _beta(
    rng: np.random.Generator, toxic: np.ndarray, a_t: float, b_t: float, a_c: float, b_c: float
) -> np.ndarray:
    return np.where(toxic, rng.beta(a_t, b_t, len(toxic)), rng.beta(a_c, b_c, len(toxic)))


def hosts_of(domains: pd.DataFrame) -> pd.Series:
    """The host of each domain row: ``host`` where the label is for one host, else the registrable
    ``domain``.
    """
    host = (
        domains["host"].astype("string")
        if "host" in domains.columns
        else pd.Series(pd.NA, index=domains.index, dtype="string")
    )
    return host.mask(host.fillna("") == "", domains["domain"].astype("string"))


def real_link_records(domains: pd.DataFrame) -> pd.DataFrame:
    """Canonical link records holding only the real fields of each domain row (URL-only view).

    ``domains`` needs the column ``domain`` and may have ``host`` (as in ``training_data/domains.csv.gz``).
    """
    links = empty_links(len(domains))
    host = hosts_of(domains).to_numpy()
    links["source_url"] = pd.array(["http://" + h + "/" for h in host], dtype="string")
    links["source_host"] = pd.array(host, dtype="string")
    links["source_domain"] = pd.array(domains["domain"].astype("string").to_numpy(), dtype="string")
    links["target_url"] = pd.array([f"https://{TARGET_SITE}/"] * len(domains), dtype="string")
    links["source_format"] = pd.array(["gsc"] * len(domains), dtype="string")
    links["links"] = 1.0
    return links


def simulate_context(domains: pd.DataFrame, labels: np.ndarray, *, seed: int = 0) -> pd.DataFrame:
    """Link records with the real URL fields plus a full set of simulated context (every column group).

    Parameters
    ----------
    domains : DataFrame
        Rows with ``domain`` (and ``host`` where the label is for one host).
    labels : array of 0/1
        The real domain labels; simulated values are drawn from the label's distribution
        (see :data:`ASSUMPTIONS`).
    seed : int
        Random seed; the same inputs and seed give the same records.
    """
    rng = np.random.default_rng(seed)
    toxic = np.asarray(labels).astype(bool)
    n = len(toxic)
    links = real_link_records(domains)

    kinds = list(ANCHOR_MIX)
    kind_idx = np.where(
        toxic,
        rng.choice(len(kinds), n, p=[ANCHOR_MIX[k][0] for k in kinds]),
        rng.choice(len(kinds), n, p=[ANCHOR_MIX[k][1] for k in kinds]),
    )
    anchors = np.empty(n, dtype=object)
    for i, kind in enumerate(kinds):
        rows = np.flatnonzero(kind_idx == i)
        pool = _ANCHOR_POOLS[kind]
        anchors[rows] = [pool[j] for j in rng.integers(0, len(pool), len(rows))]
    links["anchor"] = pd.array(anchors, dtype="string")

    label = [h.split(".")[0] for h in links["source_host"].to_numpy()]
    spam_title = _pick(rng, toxic, 0.15, 0.02)
    words = np.where(
        spam_title,
        np.asarray(_SPAM_TITLE_WORDS, dtype=object)[rng.integers(0, len(_SPAM_TITLE_WORDS), n)],
        np.asarray(_TITLE_WORDS, dtype=object)[rng.integers(0, len(_TITLE_WORDS), n)],
    )
    links["source_title"] = pd.array([f"{lab.title()} | {w}" for lab, w in zip(label, words)], dtype="string")

    dr = _beta(rng, toxic, 2, 6, 2.5, 5) * 100
    camouflaged = toxic & (rng.random(n) < 0.10)
    dr[camouflaged] = rng.beta(2.5, 5, int(camouflaged.sum())) * 100
    links["domain_rating"] = np.round(dr)
    links["url_rating"] = np.round(dr * rng.uniform(0.3, 1.0, n))
    cf = np.clip(dr + rng.normal(0, 8, n), 0, 100)
    links["citation_flow"] = np.round(cf)
    links["trust_flow"] = np.round(cf * _beta(rng, toxic, 3, 6, 5, 4))
    links["authority_score"] = np.round(np.clip(dr + rng.normal(0, 10, n), 0, 100))
    traffic = np.exp(dr / 12) * rng.lognormal(0, 1.5, n) * np.where(toxic, 0.5, 1.0)
    links["domain_traffic"] = np.round(traffic)
    links["external_links"] = np.round(rng.lognormal(np.where(toxic, np.log(60), np.log(15)), 1.2))
    links["spam_score"] = np.round(_beta(rng, toxic, 2.5, 5, 1.5, 8) * 100)
    links["http_code"] = np.where(rng.random(n) < 0.95, 200.0, rng.choice([301.0, 302.0, 404.0], n))
    for col, p_t, p_c in (
        ("nofollow", 0.25, 0.35),
        ("sponsored", 0.05, 0.02),
        ("ugc", 0.10, 0.10),
        ("sitewide", 0.20, 0.10),
        ("image", 0.10, 0.10),
    ):
        links[col] = pd.array(_pick(rng, toxic, p_t, p_c), dtype="boolean")
    links["source_format"] = pd.array(["ahrefs"] * n, dtype="string")
    return conform(links)


def hide_columns(
    links: pd.DataFrame, *, seed: int = 0, profiles: Mapping[str, float] | None = None
) -> pd.DataFrame:
    """Blank out column groups per row the way different exports lack them.

    Each row draws an export profile (weights :data:`PROFILE_WEIGHTS` unless ``profiles`` is given),
    keeps only that profile's column groups, and drops each kept group with probability
    :data:`DROP_GROUP_RATE`. Blanked values become missing (never 0 or False). Returns a copy.
    """
    rng = np.random.default_rng(seed)
    weights = dict(PROFILE_WEIGHTS if profiles is None else profiles)
    names = list(weights)
    p = np.asarray([weights[k] for k in names], dtype=float)
    drawn = rng.choice(len(names), len(links), p=p / p.sum())
    out = links.copy()
    out["source_format"] = pd.array(np.asarray(names, dtype=object)[drawn], dtype="string")
    blank = empty_links(len(links)).set_axis(links.index)
    for group, cols in COLUMN_GROUPS.items():
        carried = np.asarray([group in EXPORT_PROFILES[names[i]] for i in drawn])
        keep = carried & (rng.random(len(links)) >= DROP_GROUP_RATE)
        for col in cols:
            out[col] = out[col].where(keep, blank[col])
    return out
