"""The audit job: link records -> features -> model -> verdict (risk, band, reasons) -> roll-up per domain.

:func:`score_links` is what ``toxicity score`` runs, callable from a notebook::

    from toxicity.io import read_exports
    from toxicity.audit import score_links
    audit = score_links(read_exports(["ahrefs.tsv"]).links, site="example.com")
    audit.domains.head()

This module orchestrates; the decisions are made in one place, :func:`toxicity.verdict.decide`
(the risk scale, evidence factors, floors and caps, the roll-up and its suggestions; see
:mod:`toxicity.verdict`). **Confidence** says how much evidence a score rests on: the share of
signal families (anchor, link context, source metrics, page text, dates, topic) that had data for
the link. A link known only by its URL has the lowest confidence.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import pandas as pd

from toxicity.errors import InputFileError, ModelError
from toxicity.verdict import BAND_FLOORS, DOMAIN_COLUMNS
from toxicity.verdict import BANDS as VERDICT_BANDS
from toxicity.verdict.evidence import Evidence
from toxicity.verdict.reasons import ALL_GONE_NOTE, GONE_NOTE, HOST_ONLY_NOTE, POPULAR_NOTE, SITE_NOTE
from toxicity.verdict.scale import SUGGESTIONS

if TYPE_CHECKING:
    from toxicity.model import LoadedModel, RiskModel

log = logging.getLogger(__name__)

__all__ = [
    "ALL_GONE_NOTE",
    "BANDS",
    "DOMAIN_OUTPUT_COLUMNS",
    "GONE_NOTE",
    "HOST_ONLY_NOTE",
    "LINK_OUTPUT_COLUMNS",
    "POPULAR_NOTE",
    "RECORDS_FILE",
    "SITE_NOTE",
    "Audit",
    "PageEvidence",
    "read_records",
    "score_links",
    "write_records",
]

#: The canonical link records of a scored export, kept beside the audit's outputs so the audit folder,
#: once reviewed, is training data at link level (anchors, context, metrics), not host names only.
RECORDS_FILE: Final = "records.parquet"

#: Bands in increasing order of risk.
BANDS = VERDICT_BANDS
#: Columns of ``links.csv``: ``model_risk`` is the model's own calibrated probability x 100, a
#: diagnostic that carries the model's training mix (the risk shown is ``risk``).
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
    "model_risk",
)
#: Columns of ``domains.csv`` (the review sheet adds ``decision`` and ``note``).
DOMAIN_OUTPUT_COLUMNS = DOMAIN_COLUMNS
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
    thresholds : the lowest risk of each band (fixed on the risk scale, :mod:`toxicity.verdict.scale`)
    timings : seconds per step
    evidence : the evidence values behind the verdict (``evidence.records()`` as records)
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
    evidence: Evidence | None = None

    def __repr__(self) -> str:
        site = self.profile.get("site") or None
        return (
            f"Audit({len(self.links)} links, {len(self.domains)} domains, model={self.model_name!r}, "
            f"site={site!r})"
        )

    def summary(self) -> dict[str, Any]:
        """Counts for the terminal: links, domains, per band and per suggestion."""
        return {
            "links": len(self.links),
            "domains": len(self.domains),
            "links_by_band": self.links["band"].value_counts().reindex(BANDS, fill_value=0).to_dict(),
            "domains_by_band": self.domains["band"].value_counts().reindex(BANDS, fill_value=0).to_dict(),
            "suggestions": self.domains["suggestion"]
            .value_counts()
            .reindex(SUGGESTIONS, fill_value=0)
            .to_dict(),
        }


def _coverage_matrix(features: pd.DataFrame) -> pd.DataFrame:
    cols = [c for c in features.columns if c.startswith("cov_")]
    return features[cols].fillna(0).astype(bool).rename(columns=lambda c: c[4:])


def _confidence(cov: pd.DataFrame) -> np.ndarray:
    """Per row: confidence 0-100, the share of signal families (other than the host) with data."""
    families = [f for f in cov.columns if f != "host"]
    if not families or not len(cov):
        return np.zeros(len(cov))
    return np.rint(100.0 * cov[families].to_numpy().sum(axis=1) / len(families))


def _coverage_words(cov: pd.DataFrame) -> np.ndarray:
    """Per row: the names of the families with data, joined (``url only`` when there are none)."""
    families = [f for f in cov.columns if f != "host"]
    if not families or not len(cov):
        return np.full(len(cov), "url only", dtype=object)
    m = cov[families].to_numpy()
    # Encode each row's family set as an integer to build the text once per distinct set.
    weights = 1 << np.arange(len(families), dtype=np.int64)
    keys = m.astype(np.int64) @ weights
    uniq, inverse = np.unique(keys, return_inverse=True)
    texts = []
    for k in uniq:
        present = [FAMILY_WORDS.get(f, f) for b, f in enumerate(families) if k >> b & 1]
        texts.append("url, " + ", ".join(present) if present else "url only")
    return np.asarray(texts, dtype=object)[inverse]


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
        from toxicity.pages import page_reasons

        facts = pages.drop_duplicates("source_url", keep="last").reset_index(drop=True)
        words = [page_reasons(row) for row in facts.to_dict("records")]
        # The spam-neighbourhood rule is page_reasons' own (counts and shares), so reason and flag agree.
        neighbourhood = np.array(
            [any(w.startswith("page links out to") for w in ws) for ws in words] + [False]
        )
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
    model: str | os.PathLike[str] | LoadedModel | RiskModel | None = None,
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
    model : a model folder (the model shipped in the package when None), a model read with
        :func:`toxicity.model.load_model`, or a fitted :class:`toxicity.model.RiskModel` never saved: that
        one gets a card made from the estimator, whose probabilities are taken as calibrated to an even
        toxic share and whose ``model_path`` is empty (see :func:`toxicity.model.resolve_model`; pass
        ``card=`` to :func:`toxicity.report.html.write_report` for it)
    site : the audited site (``example.com`` or a URL on it, validated by :func:`toxicity.domains.parse_site`:
        a :class:`toxicity.errors.SiteError` if it names no single site); brand, topic and the
        never-disavow-yourself rule use it
    topic : words describing the site's topic (inferred from the profile when None)
    pages : page facts from :func:`toxicity.fetch.fetch_pages` (or ``read_pages``): their reasons are
        added, their hard signals (hidden spam blocks, hidden links, spam neighbourhoods) count as
        evidence and hold a link at ``medium`` at least, and links no longer on their page are
        reported as gone (nothing to disavow)
    explain_limit : at most this many rows get model contributions (one per domain first, then
        medium- and high-risk links); other links speak through their evidence or their domain
    progress : called with the name of each step as it starts (the CLI draws a progress line)
    """
    from toxicity.domains import parse_site
    from toxicity.features import build_features, infer_profile
    from toxicity.lookups import popularity_rank
    from toxicity.model import resolve_model
    from toxicity.model.explain import contribution_records
    from toxicity.schema import validate_links
    from toxicity.verdict import decide, model_base_rate

    step = progress or (lambda _name: None)
    timings: dict[str, float] = {}
    t0 = time.perf_counter()

    step("features")
    validate_links(links)
    # The one site parser: a port, a bare word or a shared platform is refused here as on the CLI
    # (an empty site, like None, means "infer it from the target URLs", as before).
    site = parse_site(site) if site else None
    # The site profile travels as a value: into the features, then the verdict and the audit.
    site_profile = infer_profile(links, site=site, topic=topic)
    features = build_features(links, profile=site_profile, pages=pages)
    profile: dict[str, object] = site_profile.to_dict()
    timings["features"] = time.perf_counter() - t0

    step("predict")
    t = time.perf_counter()
    loaded = resolve_model(model)
    est, card = loaded.estimator, loaded.card
    # A model trained on an auditor's labels carries what it learned about host names (TLD rate, n-grams);
    # those columns come from the model, not the feature builder. Other models return the features as
    # they are.
    features = est.add_host_features(features, links)
    missing = [f for f in card.feature_names if f not in features.columns]
    if missing:
        raise ModelError(
            f"{loaded.path or card.name}: the model needs features this version does not build "
            f"({', '.join(missing[:5])}). Retrain it with 'toxicity train'."
        )
    probability = est.predict_proba(features)[:, 1]  # the estimator takes the columns it was trained on
    cov = _coverage_matrix(features)
    page = PageEvidence.align(links, pages, features) if pages is not None else None
    if page is None:
        # Pages were not fetched for this run: that is not missing evidence of the export.
        cov = cov.drop(columns="page", errors="ignore")
    confidence = _confidence(cov)
    host_only_rows = ~cov.drop(columns=list(URL_FAMILIES), errors="ignore").to_numpy().any(axis=1)
    # cov_dates counts first-seen dates, the ones the date features use. A last-seen date alone (Search
    # Console's "Last crawled") feeds no feature, so confidence and host-only stay as they are, but it is
    # dated data the export carried and the coverage words must not say "dates 0%".
    if "dates" in cov.columns:
        cov = cov.assign(dates=cov["dates"].to_numpy() | links["last_seen"].notna().to_numpy())
    coverage = _coverage_words(cov)
    timings["predict"] = time.perf_counter() - t

    step("reasons")
    t = time.perf_counter()
    names = list(card.feature_names)
    verdict = decide(
        links,
        features,
        probability=probability,
        base_rate=model_base_rate(card),
        # Only the explained rows are copied out of the feature table (a full copy would double it).
        contributions=lambda rows: contribution_records(est, features.iloc[rows][names]),
        profile=profile,
        host_only=host_only_rows,
        confidence=confidence,
        coverage=coverage,
        popularity=popularity_rank,
        page_gone=page.gone if page is not None else None,
        page_hard=page.hard if page is not None else None,
        page_words=page.reasons if page is not None else None,
        explain_limit=explain_limit,
    )
    timings["reasons"] = time.perf_counter() - t

    out = pd.DataFrame(
        {
            # Text columns stay Arrow-backed strings: no million Python string objects.
            "source_url": links["source_url"].array,
            "source_domain": verdict.domain,
            "target_url": links["target_url"].array,
            "anchor": links["anchor"].array,
            "risk": verdict.risk,
            "band": verdict.band,
            "reasons": verdict.reasons,
            "confidence": confidence.astype(int),
            "coverage": coverage,
            "model_risk": verdict.model_risk,
        },
        index=links.index,
    )
    shares = {f: float(cov[f].mean()) if len(cov) else 0.0 for f in cov.columns}
    return Audit(
        links=out,
        domains=verdict.domains,
        features=features,
        profile=profile,
        model_name=card.name,
        model_path=str(loaded.path) if loaded.path is not None else "",
        thresholds={k: float(v) for k, v in BAND_FLOORS.items()},
        coverage=shares,
        host_only=bool(host_only_rows.all()) if len(links) else False,
        explained=verdict.explained,
        timings=timings,
        evidence=verdict.evidence,
    )


def write_records(links: pd.DataFrame, path: str | os.PathLike[str]) -> None:
    """Write canonical link records as Parquet, atomically, so that every dtype comes back as it was.

    Parquet (with pandas' schema metadata) keeps nullable booleans, datetimes and strings as they
    are; a CSV would turn a missing flag into text and a date into a string that has to be parsed again.

    Parameters
    ----------
    links : canonical link records (:func:`toxicity.io.read_exports` ``.links``), written as they are
    path : the file to write (``OUTDIR/records.parquet``)
    """
    from toxicity.files import atomic_file

    with atomic_file(path) as fh:
        links.to_parquet(fh, index=False)


def read_records(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read link records written by :func:`write_records`, in the canonical columns and dtypes.

    Raises
    ------
    InputFileError
        The file is not a Parquet file of link records (damaged, or not written by ``toxicity score``).
    """
    import pyarrow as pa

    from toxicity.schema import LINK_COLUMNS, conform

    p = Path(path)
    try:
        frame = pd.read_parquet(p)
    except (OSError, pa.ArrowException, ValueError) as exc:
        raise InputFileError(
            f"{p}: cannot be read as link records ({exc.__class__.__name__}); re-run 'toxicity score' on the "
            f"export with -o {p.parent} --force to write it again"
        ) from None
    missing = [c for c in LINK_COLUMNS if c not in frame.columns]
    if missing:
        raise InputFileError(
            f"{p}: not link records from 'toxicity score' (missing columns: {', '.join(missing[:5])}"
            f"{' ...' if len(missing) > 5 else ''}); re-run 'toxicity score' on the export with "
            f"-o {p.parent} --force"
        )
    return conform(frame)
