"""The audit job: link records -> features -> risk, band, confidence and reasons -> per-domain roll-up.

:func:`score_links` is what ``toxicity score`` runs, callable from a notebook::

    from toxicity.io import read_exports
    from toxicity.audit import score_links
    audit = score_links(read_exports(["ahrefs.tsv"]).links, site="example.com")
    audit.domains.head()

Rules that sit on top of the model, and why:

* **Confidence** says how much evidence a score rests on: the share of signal families (anchor,
  link context, source metrics, page text, dates, topic) that had data for the link. A link known
  only by its URL has the lowest confidence.
* **Host name alone is never "high"**: the host string carries little of what auditors decide on,
  so a URL-only score is capped at ``medium`` unless a *hard signal* backs it: the domain is on a
  public toxic list, belongs to an off-topic spam category, or its host/path carries off-topic spam
  vocabulary.
* **Public lists make mistakes** (very popular sites appear in community disavow files), so a
  popular domain (in the shipped popularity list) is never suggested for disavow, only for review.
* **The audited site itself** is never suggested for disavow.
* The domain roll-up takes the riskiest link of each domain: its risk, band and reasons.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from toxicity.errors import ModelError

log = logging.getLogger(__name__)

#: Bands in increasing order of risk.
BANDS = ("low", "medium", "high")
#: Columns of ``links.csv``.
LINK_OUTPUT_COLUMNS = (
    "source_url",
    "source_domain",
    "target_url",
    "anchor",
    "risk",
    "band",
    "reasons",
    "confidence",
    "coverage",
)
#: Columns of ``domains.csv`` (the review sheet adds ``decision`` and ``note``).
DOMAIN_OUTPUT_COLUMNS = (
    "domain",
    "links",
    "risk",
    "band",
    "suggestion",
    "reasons",
    "confidence",
    "coverage",
    "first_seen",
    "last_seen",
    "top_anchor",
    "example_url",
)
#: Plain words for each coverage family (the ``cov_<family>`` feature columns).
FAMILY_WORDS = {
    "host": "url",
    "flags": "link flags",
    "metrics": "source metrics",
    "dates": "dates",
    "anchor": "anchor",
    "topic": "topic",
    "title": "page title",
    "context": "text around the link",
    "page": "fetched page",
}
#: Families that every record with a URL has: they do not count as evidence beyond the URL.
URL_FAMILIES = ("host", "topic")
#: Words for a feature that *lowers* risk where the catalogue's phrase only describes risk.
LOWERS_RISK = {
    "topic_similarity": "page close to the topic of {topic}",
    "topic_term_share": "page shares {value:.0%} of the words of {topic}",
    "log_domain_traffic": "linking site has real search traffic",
    "log_page_traffic": "linking page has real search traffic",
    "log_referring_domains": "linking site is well linked itself",
    "log_external_links": "linking page has few outbound links",
    "title_reading_ease": "title reads naturally",
    "context_reading_ease": "text around the link reads naturally",
    "tf_cf_ratio": "Trust Flow is {value:.0%} of Citation Flow",
    "velocity_share": "link not part of a burst",
    "anchor_rd_share": "anchor used by {value:.0%} of referring domains",
    "spam_words_host": "no spam words in the host name",
    "spam_words_anchor": "no spam words in the anchor",
    "label_entropy": "domain name reads like words",
}
#: Reasons added by the rules (not by the model).
HOST_ONLY_NOTE = "scored from the linking URL alone: weak evidence"
POPULAR_NOTE = "popular site (top {rank:,.0f} by referring subnets): check before disavowing"
SITE_NOTE = "the audited site itself"


@dataclass
class Audit:
    """Everything one scoring run produced.

    Attributes
    ----------
    links : one row per input link, in input order (:data:`LINK_OUTPUT_COLUMNS`)
    domains : one row per referring domain, riskiest first (:data:`DOMAIN_OUTPUT_COLUMNS`)
    features : the feature table the model saw (same index as ``links``)
    profile : the site profile the features were measured against
    model_name : the model card's name; ``model_path`` its folder
    coverage : family -> share of links that had data for it
    host_only : True when no link had anything but its URL (e.g. a Search Console export)
    timings : seconds per step
    """

    links: pd.DataFrame
    domains: pd.DataFrame
    features: pd.DataFrame
    profile: dict[str, object]
    model_name: str
    model_path: str
    thresholds: dict[str, float]
    coverage: dict[str, float]
    host_only: bool
    explained: int
    timings: dict[str, float] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        """Counts for the terminal: links, domains, per band and per suggestion."""
        return {
            "links": len(self.links),
            "domains": len(self.domains),
            "links_by_band": self.links["band"].value_counts().reindex(BANDS, fill_value=0).to_dict(),
            "domains_by_band": self.domains["band"].value_counts().reindex(BANDS, fill_value=0).to_dict(),
            "suggestions": self.domains["suggestion"]
            .value_counts()
            .reindex(["disavow", "review", "keep"], fill_value=0)
            .to_dict(),
        }


def _coverage_matrix(features: pd.DataFrame) -> pd.DataFrame:
    cols = [c for c in features.columns if c.startswith("cov_")]
    return features[cols].fillna(0).astype(bool).rename(columns=lambda c: c[4:])


def phrase_maker(profile: dict[str, object]) -> Callable[[str, float, bool], str | None]:
    """Words for a feature value, in the direction it moves the risk (see :mod:`toxicity.model.explain`).

    Binary features speak only when true ("brand anchor", "nofollow link"); templates without a
    value ("linking site has almost no search traffic") only describe raised risk, and
    :data:`LOWERS_RISK` gives the words for the other direction.
    """
    from toxicity.features import FEATURES_BY_NAME
    from toxicity.model.explain import phrase

    # An inferred topic is a bag of profile words: too long and too odd to quote in a reason.
    given = profile.get("topic_source") == "given" and profile.get("topic")
    words = {
        "site": str(profile.get("site") or "the site"),
        "topic": str(profile.get("topic")) if given else "the site's topic",
        "language": str(profile.get("main_language") or "?"),
    }

    def phrase_for(name: str, value: float, up: bool) -> str | None:
        feature = FEATURES_BY_NAME.get(name)
        if feature is None:
            return None
        binary = feature.range == "0 or 1"
        if binary:
            return phrase(feature.reason, value, **words) if value >= 0.5 else None
        if up:
            return phrase(feature.reason, value, **words)
        if name in LOWERS_RISK:
            return phrase(LOWERS_RISK[name], value, **words)
        return phrase(feature.reason, value, **words) if "{value" in feature.reason else None

    return phrase_for


def _coverage_text(cov: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Per row: confidence 0-100 (share of families with data) and the family names, joined."""
    families = [f for f in cov.columns if f != "host"]
    cov = cov[families]
    if not families or not len(cov):
        return np.zeros(len(cov)), np.full(len(cov), "url only", dtype=object)
    m = cov.to_numpy()
    confidence = np.rint(100.0 * m.sum(axis=1) / len(families))
    # Encode each row's family set as an integer to build the text once per distinct set.
    weights = 1 << np.arange(len(families), dtype=np.int64)
    keys = m.astype(np.int64) @ weights
    uniq, inverse = np.unique(keys, return_inverse=True)
    texts = []
    for k in uniq:
        present = [FAMILY_WORDS.get(f, f) for b, f in enumerate(families) if k >> b & 1]
        texts.append("url, " + ", ".join(present) if present else "url only")
    return confidence, np.asarray(texts, dtype=object)[inverse]


def _hard_signal(features: pd.DataFrame) -> np.ndarray:
    """True where a hard signal backs the score: a public toxic list, an off-topic spam category or word."""
    hard = np.zeros(len(features), dtype=bool)
    for c in features.columns:
        if c.startswith("listed_") or c in HARD_SIGNAL_COLUMNS:
            hard |= features[c].fillna(0).to_numpy() > 0
    return hard


#: Feature columns whose positive value is a hard signal (besides ``listed_*``): an off-topic spam
#: category or off-topic spam words. On-topic spam words (casino words for a casino site) are not.
HARD_SIGNAL_COLUMNS = ("off_topic_category", "off_topic_spam")


def _listed_reasons(features: pd.DataFrame) -> np.ndarray:
    listed = [c for c in features.columns if c.startswith("listed_") and c != "listed_any"]
    out = np.full(len(features), "", dtype=object)
    if not listed:
        return out
    m = features[listed].fillna(0).to_numpy() > 0
    names = [c[len("listed_") :].replace("_", " ") for c in listed]
    keys = m.astype(np.int64) @ (1 << np.arange(len(listed), dtype=np.int64))
    for k in np.unique(keys[keys > 0]):
        on = ", ".join(n for b, n in enumerate(names) if k >> b & 1)
        out[keys == k] = f"on a public toxic-link list ({on})"
    return out


def _rows_to_explain(rep: np.ndarray, risk: np.ndarray, band: np.ndarray, limit: int) -> np.ndarray:
    """Which rows get contribution-based reasons, most useful first, at most ``limit``.

    First the riskiest link of every medium- or high-risk domain, then every medium- or high-risk
    link, then the riskiest link of the low-risk domains. Other links borrow their domain's words.
    """
    rep_sorted = rep[np.argsort(-risk[rep], kind="stable")]
    risky_rep = rep_sorted[band[rep_sorted] != "low"]
    low_rep = rep_sorted[band[rep_sorted] == "low"]
    risky = np.flatnonzero(band != "low")
    return pd.unique(np.concatenate([risky_rep, risky, low_rep]))[:limit]


def _word_reasons(
    model_reasons: np.ndarray, dcode: np.ndarray, rep: np.ndarray, listed: np.ndarray, host_only: np.ndarray
) -> np.ndarray:
    """Final reason text per link: list membership first, the model's words, then the host-only warning.

    A link without words of its own borrows those of its domain's riskiest link.
    """
    words = model_reasons.copy()
    n_domains = int(dcode.max()) + 1 if len(dcode) else 0
    # One borrowed text per domain, shared by all its links (a million links, not a million strings).
    own = np.full(n_domains, "", dtype=object)
    own[dcode[rep]] = model_reasons[rep]
    borrowed = np.array(
        [f"as for the domain: {text}" if text else "no risk signal stood out" for text in own], dtype=object
    )
    missing = np.flatnonzero(words == "")
    words[missing] = borrowed[dcode[missing]]
    has_listed = np.flatnonzero(listed != "")
    words[has_listed] = listed[has_listed] + "; " + words[has_listed]
    host = np.flatnonzero(host_only)
    words[host] = words[host] + ("; " + HOST_ONLY_NOTE)
    return words


def _page_words(reasons: np.ndarray, page: PageEvidence) -> np.ndarray:
    """Put what the fetched page says first; a gone link says so before anything else."""
    out = pd.Series(reasons, dtype=object)
    said = pd.Series(page.reasons, dtype=object).ne("").to_numpy()
    out[said] = pd.Series(page.reasons)[said] + "; " + out[said]
    gone = pd.Series(page.gone)
    out[gone] = GONE_NOTE + "; " + out[gone]
    return out.to_numpy(dtype=object)


GONE_NOTE = "link no longer on the page: nothing to disavow"
ALL_GONE_NOTE = "every link from this domain is gone: nothing to disavow"


@dataclass
class PageEvidence:
    """What fetched linking pages say, aligned to the link records (see :mod:`toxicity.fetch`).

    ``gone``: the page no longer carries the link (or is itself gone); ``hard``: the page shows a
    hard signal (a hidden block of spam links, a hidden link, or a neighbourhood of spam sites);
    ``reasons``: the page's reasons, joined. A page that could not be fetched is unknown: none of
    the flags, and a reason saying so.
    """

    gone: np.ndarray
    hard: np.ndarray
    reasons: np.ndarray

    @classmethod
    def align(cls, links: pd.DataFrame, pages: pd.DataFrame, features: pd.DataFrame) -> PageEvidence:
        """Page reasons joined to ``links`` by ``source_url``; flags from the ``page_*`` features."""
        from toxicity.fetch.catalogue import page_reasons

        facts = pages.drop_duplicates("source_url", keep="last").reset_index(drop=True)
        words = [page_reasons(row) for row in facts.to_dict("records")]
        # The spam-neighbourhood rule is page_reasons' own (counts and shares), so reason and flag agree.
        neighbourhood = np.array([any(w.startswith("page links out to") for w in ws) for ws in words] + [False])
        text = np.array(["; ".join(ws) for ws in words] + [""], dtype=object)
        at = pd.Index(facts["source_url"].astype(str)).get_indexer(links["source_url"].astype(str))
        pick = np.where(at >= 0, at, len(facts))

        def flag(column: str) -> np.ndarray:
            return features[column].fillna(0).to_numpy() > 0

        hard = flag("page_injected_block") | flag("page_link_hidden") | neighbourhood[pick]
        return cls(gone=flag("page_link_gone"), hard=hard, reasons=text[pick])


def score_links(
    links: pd.DataFrame,
    *,
    model: str | None = None,
    site: str | None = None,
    topic: str | None = None,
    pages: pd.DataFrame | None = None,
    explain_limit: int = 60_000,
    progress: Callable[[str], None] | None = None,
) -> Audit:
    """Score canonical link records: risk, band, confidence and reasons per link; roll-up per domain.

    Parameters
    ----------
    links : canonical link records (:func:`toxicity.io.read_exports` ``.links``)
    model : a model folder; the model shipped in the package when None
    site : the audited site (``example.com``); brand, topic and the never-disavow-yourself rule use it
    topic : words describing the site's topic (inferred from the profile when None)
    pages : page facts from :func:`toxicity.fetch.fetch_pages` (or ``read_pages``): their reasons are
        added, their hard signals (hidden spam blocks, hidden links, spam neighbourhoods) lift a
        low band to ``medium`` for review and let URL-only scores be ``high``, and links no longer on
        their page are reported as gone (nothing to disavow)
    explain_limit : at most this many rows get contribution-based reasons (one per domain first,
        then medium- and high-risk links); other low-risk links point to their domain's reasons
    progress : called with the name of each step as it starts (the CLI draws a progress line)
    """
    from toxicity.features import build_features
    from toxicity.lookups import popularity_rank
    from toxicity.model import load_model
    from toxicity.model.evaluation import bands_of
    from toxicity.model.explain import explain_rows

    step = progress or (lambda _name: None)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()

    step("features")
    features = build_features(links, site=site, topic=topic, pages=pages)
    profile: dict[str, object] = dict(features.attrs.get("profile", {}))
    timings["features"] = time.perf_counter() - t0

    step("predict")
    t = time.perf_counter()
    loaded = load_model(model)
    est, card = loaded.estimator, loaded.card
    missing = [f for f in card.feature_names if f not in features.columns]
    if missing:
        raise ModelError(
            f"{loaded.path}: the model needs features this version does not build "
            f"({', '.join(missing[:5])}). Retrain it with 'toxicity train'."
        )
    risk = est.risk(features)  # the estimator takes the columns it was trained on
    cov = _coverage_matrix(features)
    page = PageEvidence.align(links, pages, features) if pages is not None else None
    if page is None:
        # Pages were not fetched for this run: that is not missing evidence of the export.
        cov = cov.drop(columns="page", errors="ignore")
    confidence, coverage = _coverage_text(cov)
    host_only_rows = ~cov.drop(columns=list(URL_FAMILIES), errors="ignore").to_numpy().any(axis=1)
    hard = _hard_signal(features)
    thresholds = {"medium": float(card.thresholds["medium"]), "high": float(card.thresholds["high"])}
    band = bands_of(risk, thresholds).astype(object)
    if page is not None:
        hard |= page.hard
        band[page.hard & (band == "low")] = "medium"
    capped = host_only_rows & ~hard & (band == "high")
    band[capped] = "medium"
    gone = page.gone if page is not None else np.zeros(len(links), dtype=bool)
    timings["predict"] = time.perf_counter() - t

    step("reasons")
    t = time.perf_counter()
    domains_col = links["source_domain"].fillna(links["source_host"]).fillna("").astype(str).to_numpy()
    dcode, _ = pd.factorize(domains_col)
    # The riskiest *live* link represents its domain; a gone link only when all of them are gone.
    order = np.lexsort((-risk, gone, dcode))
    first_of_domain = np.ones(len(order), dtype=bool)
    first_of_domain[1:] = dcode[order][1:] != dcode[order][:-1]
    rep = order[first_of_domain]  # riskiest link of each domain, in domain-code order
    chosen = _rows_to_explain(rep, risk, band, explain_limit)
    model_reasons = np.full(len(links), "", dtype=object)
    if len(chosen):
        explained = explain_rows(est, features.iloc[chosen][card.feature_names], phrase_maker(profile))
        model_reasons[chosen] = ["; ".join(words) for words in explained]
    reasons = _word_reasons(model_reasons, dcode, rep, _listed_reasons(features), host_only_rows)
    if page is not None:
        reasons = _page_words(reasons, page)
    timings["reasons"] = time.perf_counter() - t

    step("roll-up")
    t = time.perf_counter()
    out = pd.DataFrame(
        {
            # Text columns stay Arrow-backed strings: no million Python string objects.
            "source_url": links["source_url"].array,
            "source_domain": pd.array(domains_col, dtype="string"),
            "target_url": links["target_url"].array,
            "anchor": links["anchor"].array,
            "risk": risk.astype(int),
            "band": band,
            "reasons": reasons,
            "confidence": confidence.astype(int),
            "coverage": coverage,
        },
        index=links.index,
    )
    site_domain = str(profile["site"]) if profile.get("site") else None
    domains = roll_up(
        out, links, rep=rep, dcode=dcode, site=site_domain, popularity=popularity_rank, gone=gone
    )
    timings["roll-up"] = time.perf_counter() - t
    shares = {f: float(cov[f].mean()) if len(cov) else 0.0 for f in cov.columns}
    return Audit(
        links=out,
        domains=domains,
        features=features,
        profile=profile,
        model_name=card.name,
        model_path=str(loaded.path),
        thresholds=thresholds,
        coverage=shares,
        host_only=bool(host_only_rows.all()) if len(links) else False,
        explained=len(chosen),
        timings=timings,
    )


def roll_up(
    scored: pd.DataFrame,
    links: pd.DataFrame,
    *,
    rep: np.ndarray,
    dcode: np.ndarray,
    site: str | None,
    popularity: Callable[[list[str]], np.ndarray],
    gone: np.ndarray | None = None,
) -> pd.DataFrame:
    """One row per referring domain: the riskiest link's risk, band and reasons, and the suggestion.

    ``dcode`` numbers each link's domain (``pd.factorize``) and ``rep[k]`` is the position of the
    riskiest link of domain ``k``. Suggestions: ``disavow`` for a high band, ``review`` for medium,
    ``keep`` for low; never ``disavow`` for a popular domain (public lists make mistakes) and
    never anything but ``keep`` for the audited site itself; ``keep`` when every link of the domain
    is ``gone`` from its page (``rep`` then points at a gone link).
    """
    n_domains = len(rep)
    rep_by_code = np.empty(n_domains, dtype=np.int64)
    rep_by_code[dcode[rep]] = rep
    weight = links["links"].fillna(1.0).to_numpy()
    counts = np.bincount(dcode, weights=weight, minlength=n_domains)
    by_code = pd.DataFrame(
        {
            "code": dcode,
            "first_seen": links["first_seen"].to_numpy(),
            "last_seen": links["last_seen"].to_numpy(),
            "confidence": scored["confidence"].to_numpy(),
        }
    ).groupby("code", sort=True)
    first = by_code["first_seen"].min().reindex(range(n_domains))
    last = by_code["last_seen"].max().reindex(range(n_domains))
    confidence = by_code["confidence"].max().reindex(range(n_domains)).to_numpy()
    anchors = links["anchor"].to_numpy(dtype=object)
    has_anchor = pd.notna(anchors)
    top_anchor = np.full(n_domains, None, dtype=object)
    if has_anchor.any():
        pairs = pd.DataFrame({"code": dcode[has_anchor], "anchor": anchors[has_anchor]})
        tops = pairs.value_counts(sort=True).reset_index().drop_duplicates("code")
        top_anchor[tops["code"].to_numpy()] = tops["anchor"].to_numpy()
    r = scored.iloc[rep_by_code]
    dom = r["source_domain"].to_numpy()
    band = r["band"].to_numpy()
    notes = r["reasons"].to_numpy().copy()
    suggestion = np.select([band == "high", band == "medium"], ["disavow", "review"], "keep").astype(object)
    ranks = popularity(list(dom))
    popular = ~np.isnan(ranks)
    suggestion[popular & (suggestion == "disavow")] = "review"
    for i in np.flatnonzero(popular & (band != "low")):
        notes[i] = POPULAR_NOTE.format(rank=ranks[i]) + "; " + notes[i]
    if gone is not None:
        all_gone = gone[rep_by_code]
        suggestion[all_gone] = "keep"
        notes[all_gone] = [ALL_GONE_NOTE + "; " + n for n in notes[all_gone]]
    if site:
        own = dom == site
        suggestion[own] = "keep"
        notes[own] = SITE_NOTE
    table = pd.DataFrame(
        {
            "domain": dom,
            "links": counts.astype(int),
            "risk": r["risk"].to_numpy(),
            "band": band,
            "suggestion": suggestion,
            "reasons": notes,
            "confidence": confidence,
            "coverage": r["coverage"].to_numpy(),
            "first_seen": first.dt.date.to_numpy(),
            "last_seen": last.dt.date.to_numpy(),
            "top_anchor": top_anchor,
            "example_url": r["source_url"].to_numpy(),
        }
    )
    table = table.sort_values(["risk", "links", "domain"], ascending=[False, False, True], kind="stable")
    return table.reset_index(drop=True)[list(DOMAIN_OUTPUT_COLUMNS)]
