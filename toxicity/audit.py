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

    def summary(self) -> dict[str, object]:
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

    words = {
        "site": str(profile.get("site") or "the site"),
        "topic": str(profile.get("topic") or "the site's topic"),
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
    if not families:
        n = len(cov)
        return np.zeros(n), np.full(n, "url", dtype=object)
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
    if not len(cov):
        return np.zeros(0), np.zeros(0, dtype=object)
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
    for i in np.flatnonzero(m.any(axis=1)):
        out[i] = "on a public toxic-link list (" + ", ".join(n for n, b in zip(names, m[i]) if b) + ")"
    return out


def _bands(risk: np.ndarray, thresholds: dict[str, float]) -> np.ndarray:
    band = np.full(len(risk), "low", dtype=object)
    band[risk >= thresholds["medium"]] = "medium"
    band[risk >= thresholds["high"]] = "high"
    return band


def score_links(
    links: pd.DataFrame,
    *,
    model: str | None = None,
    site: str | None = None,
    topic: str | None = None,
    explain_limit: int = 50_000,
    progress: Callable[[str], None] | None = None,
) -> Audit:
    """Score canonical link records: risk, band, confidence and reasons per link; roll-up per domain.

    Parameters
    ----------
    links : canonical link records (:func:`toxicity.io.read_exports` ``.links``)
    model : a model folder; the model shipped in the package when None
    site : the audited site (``example.com``); brand, topic and the never-disavow-yourself rule use it
    topic : words describing the site's topic (inferred from the profile when None)
    explain_limit : at most this many rows get contribution-based reasons (one per domain first,
        then medium- and high-risk links); other low-risk links point to their domain's reasons
    progress : called with the name of each step as it starts (the CLI draws a progress line)
    """
    from toxicity.features import build_features
    from toxicity.lookups import popularity_rank
    from toxicity.model import load_model
    from toxicity.model.explain import explain_rows

    step = progress or (lambda _name: None)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()

    step("features")
    features = build_features(links, site=site, topic=topic)
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
    X = features[card.feature_names]
    risk = est.risk(X)
    cov = _coverage_matrix(features)
    confidence, coverage = _coverage_text(cov)
    host_only_rows = ~cov.drop(columns=list(URL_FAMILIES), errors="ignore").to_numpy().any(axis=1)
    hard = _hard_signal(features)
    thresholds = {"medium": float(card.thresholds["medium"]), "high": float(card.thresholds["high"])}
    band = _bands(risk, thresholds)
    capped = host_only_rows & ~hard & (band == "high")
    band[capped] = "medium"
    timings["predict"] = time.perf_counter() - t

    step("reasons")
    t = time.perf_counter()
    domains_col = links["source_domain"].fillna(links["source_host"]).fillna("").astype(str).to_numpy()
    order = np.lexsort((-risk, domains_col))
    first_of_domain = np.ones(len(order), dtype=bool)
    first_of_domain[1:] = domains_col[order][1:] != domains_col[order][:-1]
    rep = order[first_of_domain]  # riskiest link of each domain
    risky = np.flatnonzero(band != "low")
    chosen = pd.unique(np.concatenate([rep[np.argsort(-risk[rep], kind="stable")], risky]))[:explain_limit]
    explained = explain_rows(est, X.iloc[chosen], phrase_maker(profile)) if len(chosen) else []
    listed = _listed_reasons(features)
    reasons = np.full(len(links), "", dtype=object)
    for i, words in zip(chosen, explained):
        reasons[i] = "; ".join(words)
    for i in np.flatnonzero(listed != ""):
        reasons[i] = listed[i] + ("; " + reasons[i] if reasons[i] else "")
    for i in np.flatnonzero(host_only_rows):
        reasons[i] = (reasons[i] + "; " if reasons[i] else "") + HOST_ONLY_NOTE
    domain_rep = pd.Series(reasons[rep], index=domains_col[rep])
    unexplained = np.flatnonzero(reasons == "")
    if len(unexplained):
        reasons[unexplained] = [
            f"as for the domain: {domain_rep.get(d, '')}" if domain_rep.get(d, "") else "no risk signal stood out"
            for d in domains_col[unexplained]
        ]
    timings["reasons"] = time.perf_counter() - t

    step("roll-up")
    t = time.perf_counter()
    out = pd.DataFrame(
        {
            "source_url": links["source_url"].to_numpy(),
            "source_domain": domains_col,
            "target_url": links["target_url"].to_numpy(),
            "anchor": links["anchor"].to_numpy(),
            "risk": risk.astype(int),
            "band": band,
            "reasons": reasons,
            "confidence": confidence.astype(int),
            "coverage": coverage,
        },
        index=links.index,
    )
    site_domain = profile.get("site") or None
    domains = roll_up(out, links, rep=rep, site=site_domain, popularity=popularity_rank)
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
    site: str | None,
    popularity: Callable[[list[str]], np.ndarray],
) -> pd.DataFrame:
    """One row per referring domain: the riskiest link's risk, band and reasons, and the suggestion.

    ``rep`` holds the position of each domain's riskiest link. Suggestions: ``disavow`` for a high
    band, ``review`` for medium, ``keep`` for low; never ``disavow`` for a popular domain or the
    audited site itself.
    """
    key = scored["source_domain"]
    weight = links["links"].fillna(1.0).to_numpy()
    grouped = pd.DataFrame({"domain": key.to_numpy(), "w": weight}).groupby("domain", sort=False)
    counts = grouped["w"].sum()
    first = links["first_seen"].groupby(key.to_numpy()).min()
    last = links["last_seen"].groupby(key.to_numpy()).max()
    anchors = links["anchor"].dropna()
    top_anchor = (
        pd.DataFrame({"d": key[anchors.index].to_numpy(), "a": anchors.to_numpy()})
        .value_counts()
        .reset_index()
        .drop_duplicates("d")
        .set_index("d")["a"]
        if len(anchors)
        else pd.Series(dtype=object)
    )
    r = scored.iloc[rep]
    dom = r["source_domain"].to_numpy()
    table = pd.DataFrame(
        {
            "domain": dom,
            "links": counts.reindex(dom).to_numpy().astype(int),
            "risk": r["risk"].to_numpy(),
            "band": r["band"].to_numpy(),
            "reasons": r["reasons"].to_numpy(),
            "confidence": scored["confidence"].groupby(key.to_numpy()).max().reindex(dom).to_numpy(),
            "coverage": r["coverage"].to_numpy(),
            "first_seen": first.reindex(dom).dt.date.to_numpy(),
            "last_seen": last.reindex(dom).dt.date.to_numpy(),
            "top_anchor": top_anchor.reindex(dom).to_numpy(),
            "example_url": r["source_url"].to_numpy(),
        }
    )
    suggestion = np.select([table["band"] == "high", table["band"] == "medium"], ["disavow", "review"], "keep")
    ranks = popularity(list(dom))
    popular = ~np.isnan(ranks)
    demote = popular & (suggestion == "disavow")
    suggestion = np.where(demote, "review", suggestion)
    notes = table["reasons"].to_numpy().copy()
    for i in np.flatnonzero(popular & (table["band"] != "low").to_numpy()):
        notes[i] = POPULAR_NOTE.format(rank=ranks[i]) + "; " + notes[i]
    if site:
        own = (table["domain"] == site).to_numpy()
        suggestion = np.where(own, "keep", suggestion)
        notes[own] = SITE_NOTE
    table["reasons"] = notes
    table["suggestion"] = suggestion
    table = table.sort_values(["risk", "links"], ascending=[False, False], kind="stable").reset_index(drop=True)
    return table[list(DOMAIN_OUTPUT_COLUMNS)]
