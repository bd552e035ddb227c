"""The one verdict step: model output + evidence + rules -> risk, band, suggestion and reasons.

Nothing edits a risk or a band after :func:`decide`. Its invariants (property-tested):

* the band is a function of the risk shown (:func:`toxicity.verdict.scale.band_of`);
* a rule that moves a band moves the risk into that band, and says so in the reasons
  (a hard signal holds a link at ``medium`` at least; ``high`` needs evidence beyond the model's
  reading of the site, a hard signal or a clear sign of a link scheme, and a score from the URL
  alone needs a hard signal: otherwise the risk is held below ``high``);
* more evidence of spam never lowers a risk (every evidence factor is >= 1);
* a referring domain's risk is at least that of each of its live links (links gone from their page
  or reported lost by the export are not live), and it carries the evidence of all its live links;
* a platform (``wordpress.com``, ``blogspot.com``) is never one unit: its blogs are sites of their
  own, and pages of the platform itself are rolled up by URL (:func:`roll_up_units`);
* suggestions: ``disavow`` for a high domain, ``review`` for medium, ``keep`` for low; never
  ``disavow`` for a popular site, never anything but ``keep`` for the audited site or a domain whose
  links are all gone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from toxicity.model.explain import Contribution
from toxicity.verdict import reasons as words
from toxicity.verdict.evidence import SIGNALS, Evidence, gather_evidence
from toxicity.verdict.scale import (
    BAND_CEILINGS,
    BAND_FLOORS,
    band_of,
    combined_probability,
    prior_shift,
    risk_of,
)

#: Columns of the per-domain table :func:`decide` returns (the audit adds none).
DOMAIN_COLUMNS = (
    "domain",
    "links",
    "risk",
    "band",
    "suggestion",
    "reasons",
    "confidence",
    "coverage",
    "network",
    "network_size",
    "first_seen",
    "last_seen",
    "top_anchor",
    "example_url",
)

#: ``contributions(rows)`` -> model contribution records for those link positions.
Contributions = Callable[[np.ndarray], Sequence[Sequence[Contribution]]]


@dataclass
class Verdict:
    """What :func:`decide` concluded.

    Attributes
    ----------
    risk, band, reasons : per link, aligned with the link records
    model_risk : per link, the model's own calibrated probability x 100 (a diagnostic: its training mix)
    domain : per link, the referring domain it was rolled up to
    domains : one row per referring domain (:data:`DOMAIN_COLUMNS`), riskiest first
    evidence : the evidence values per link (``evidence.records()`` gives them as records)
    explained : links whose model contributions were computed
    """

    risk: np.ndarray
    band: np.ndarray
    reasons: np.ndarray
    model_risk: np.ndarray
    domain: np.ndarray
    domains: pd.DataFrame
    evidence: Evidence
    explained: int


def roll_up_units(links: pd.DataFrame) -> np.ndarray:
    """What each link is rolled up to: its registrable domain (private suffixes and platforms on, so a
    blog on ``wordpress.com`` is its own site), or, for a page of a platform itself
    (``medium.com/@someone/post``, users under a path), the page's URL: a platform is never one unit,
    and such pages can only be disavowed by URL.
    """
    from toxicity.domains import is_platform

    domain = links["source_domain"].fillna(links["source_host"]).fillna("").astype(str).to_numpy(dtype=object)
    platforms = [d for d in pd.unique(domain) if d and is_platform(d)]
    if platforms:
        on = np.isin(domain, platforms)
        urls = links["source_url"].astype("string").fillna("").to_numpy(dtype=object)
        domain[on] = np.where(urls[on] != "", urls[on], domain[on])
    return domain


def rows_to_explain(rep: np.ndarray, risk: np.ndarray, band: np.ndarray, limit: int) -> np.ndarray:
    """Which rows get model contributions, most useful first, at most ``limit``.

    First the riskiest link of every medium- or high-risk domain, then every medium- or high-risk
    link, then the riskiest link of the low-risk domains.
    """
    rep_sorted = rep[np.argsort(-risk[rep], kind="stable")]
    risky_rep = rep_sorted[band[rep_sorted] != "low"]
    low_rep = rep_sorted[band[rep_sorted] == "low"]
    risky = np.flatnonzero(band != "low")
    return pd.unique(np.concatenate([risky_rep, risky, low_rep]))[:limit]


def _apply_rules(
    site_log_odds: np.ndarray, ev: Evidence, host_only: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Risk from both questions, after the floor and cap rules, and where each rule moved it."""
    risk = risk_of(combined_probability(site_log_odds + ev.log_factor("site"), ev.log_factor("scheme")))
    floor, backs = ev.floor_medium(), ev.backs_url_only()
    floored = floor & (risk < BAND_FLOORS["medium"])
    risk[floored] = BAND_FLOORS["medium"]
    # High (a disavow suggestion) needs evidence beyond the model's reading of the site: a hard
    # signal, or a clear sign of a link scheme. A URL alone needs a hard signal.
    capped = ((host_only & ~backs) | ~ev.corroborated()) & (risk > BAND_CEILINGS["medium"])
    risk[capped] = BAND_CEILINGS["medium"]
    return risk, floored, capped


def _evidence_keys(values: np.ndarray, extra: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Rows with the same evidence values and rule flags share one rendering: (key per row, first row per key)."""
    cols = {f"v{j}": np.round(values[:, j], 3) for j in range(values.shape[1])}
    cols.update({f"x{j}": np.asarray(x) for j, x in enumerate(extra)})
    hashed = pd.util.hash_pandas_object(pd.DataFrame(cols), index=False).to_numpy()
    codes, _ = pd.factorize(hashed)
    _, first = np.unique(codes, return_index=True)
    return codes, first


def decide(
    links: pd.DataFrame,
    features: pd.DataFrame,
    *,
    probability: np.ndarray,
    base_rate: float,
    contributions: Contributions,
    profile: Mapping[str, object],
    host_only: np.ndarray,
    confidence: np.ndarray,
    coverage: np.ndarray,
    popularity: Callable[[list[str]], np.ndarray],
    page_gone: np.ndarray | None = None,
    page_hard: np.ndarray | None = None,
    page_words: np.ndarray | None = None,
    explain_limit: int = 60_000,
) -> Verdict:
    """Risk, band and reasons per link, and the roll-up per referring domain.

    Parameters
    ----------
    links : canonical link records
    features : their features (same rows)
    probability : the model's calibrated probability of toxic per link
    base_rate : the toxic share that probability is calibrated to (:func:`~toxicity.verdict.scale.model_base_rate`)
    contributions : model contribution records for given link positions (:func:`toxicity.model.explain.contribution_records`)
    profile : the site profile (``site``, ``topic``, ``topic_source`` ...), for the words
    host_only : per link, True when only its URL was known
    confidence, coverage : per link, the evidence coverage (carried to the domain table)
    popularity : domains -> popularity rank (NaN: not popular)
    page_gone, page_hard, page_words : from fetched pages, when given: the link is gone from its page;
        the page shows a hard signal; the page's own reasons
    explain_limit : at most this many links get model contributions (one per domain first)
    """
    n = len(links)
    domain = roll_up_units(links)
    dcode, domain_names = pd.factorize(domain)
    n_domains = len(domain_names)

    model_log_odds = prior_shift(probability, base_rate)
    ev = gather_evidence(links, features, dcode, page_hard=page_hard)
    risk, floored, capped = _apply_rules(model_log_odds, ev, host_only)
    band = band_of(risk)
    lost = np.nan_to_num(features["lost"].to_numpy(dtype=float)) > 0.5 if "lost" in features else np.zeros(n, bool)
    gone = page_gone.astype(bool) if page_gone is not None else np.zeros(n, bool)
    not_live = gone | lost

    # The riskiest live link represents its domain; a dead one only when all of them are dead.
    order = np.lexsort((-risk, not_live, dcode))
    first = np.ones(n, dtype=bool)
    first[1:] = dcode[order][1:] != dcode[order][:-1]
    rep = order[first]  # in domain-code order
    chosen = rows_to_explain(rep, risk, band, explain_limit)
    model_records: dict[int, Sequence[Contribution]] = {}
    if len(chosen):
        model_records = dict(zip(chosen.tolist(), contributions(chosen)))

    # -- link reasons --------------------------------------------------------------------------
    ctx: dict[str, object] = {**words.context_words(profile), "listed_names": ev.listed_names}
    phrase_for = words.phrase_maker(profile)
    codes = [s.code for s in SIGNALS]
    values = ev.values.to_numpy(dtype=float)
    present = np.column_stack([s.factor(values[:, j]) > 1.0 for j, s in enumerate(SIGNALS)]) if n else np.zeros((0, len(SIGNALS)), bool)
    shown = np.where(present, values, np.nan)
    shared = ev.details["network_shared"]
    key, first_of_key = _evidence_keys(shown, [shared, floored, capped, host_only, gone, lost])

    def row_evidence(i: int) -> list[words.Reason]:
        return words.evidence_reasons(
            {c: shown[i, j] for j, c in enumerate(codes)}, {**ctx, "network_shared": int(shared[i])}
        )

    def row_notes(i: int) -> list[str]:
        notes = []
        if floored[i]:
            notes.append(words.FLOOR_NOTE)
        if capped[i]:
            notes.append(words.CAP_NOTE if host_only[i] else words.UNCORROBORATED_NOTE)
        elif host_only[i]:
            notes.append(words.HOST_ONLY_NOTE)
        return notes

    def row_lead(i: int, page: bool = True) -> list[str]:
        lead = [words.GONE_NOTE] if gone[i] else []
        if lost[i]:
            lead.append(words.LOST_NOTE)
        if page and page_words is not None and page_words[i]:
            lead += [p.strip() for p in str(page_words[i]).split(";") if p.strip()]
        return lead

    per_key = np.empty(len(first_of_key), dtype=object)
    per_key_said = np.zeros(len(first_of_key), dtype=bool)
    for k, i in enumerate(first_of_key.tolist()):
        ev_reasons, notes, lead = row_evidence(i), row_notes(i), row_lead(i, page=False)
        per_key[k] = words.render(ev_reasons, notes, lead=lead)
        per_key_said[k] = bool(ev_reasons or notes or lead)
    text = per_key[key]
    said = per_key_said[key]
    if page_words is not None:
        for i in np.flatnonzero(page_words != "").tolist():
            text[i] = words.render(row_evidence(i), row_notes(i), lead=row_lead(i))
            said[i] = True
    for i, records in model_records.items():
        ev_reasons = row_evidence(i)
        mine = ev_reasons + words.model_reasons(records, phrase_for, words.covered_by([r.code for r in ev_reasons]))
        text[i] = words.render(mine, row_notes(i), lead=row_lead(i))
        said[i] = True
    # A link without words of its own names the link of its domain that has them.
    rep_by_code = np.empty(n_domains, dtype=np.int64)
    rep_by_code[dcode[rep]] = rep
    urls = links["source_url"].astype("string").fillna("").to_numpy(dtype=object)
    silent = np.flatnonzero(~said)
    if len(silent):
        rep_of = rep_by_code[dcode[silent]]
        lend = said[rep_of] & (rep_of != silent)
        borrowed = np.array([f"as for {urls[r]}: {text[r]}" for r in rep_of[lend]], dtype=object)
        text[silent[lend]] = borrowed
        text[silent[~lend]] = words.NOTHING

    domains = _roll_up(
        links,
        dcode=dcode,
        names=np.asarray(domain_names, dtype=object),
        rep=rep_by_code,
        risk=risk,
        not_live=not_live,
        model_log_odds=model_log_odds,
        ev=ev,
        host_only=host_only,
        model_records=model_records,
        phrase_for=phrase_for,
        ctx=ctx,
        link_text=text,
        confidence=confidence,
        coverage=coverage,
        popularity=popularity,
        site=str(profile["site"]) if profile.get("site") else None,
    )
    return Verdict(
        risk=risk,
        band=band,
        reasons=text,
        model_risk=np.rint(np.asarray(probability, dtype=float) * 100).astype(np.int64),
        domain=domain,
        domains=domains,
        evidence=ev,
        explained=len(model_records),
    )


def _roll_up(
    links: pd.DataFrame,
    *,
    dcode: np.ndarray,
    names: np.ndarray,
    rep: np.ndarray,
    risk: np.ndarray,
    not_live: np.ndarray,
    model_log_odds: np.ndarray,
    ev: Evidence,
    host_only: np.ndarray,
    model_records: Mapping[int, Sequence[Contribution]],
    phrase_for: words.PhraseFor,
    ctx: Mapping[str, object],
    link_text: np.ndarray,
    confidence: np.ndarray,
    coverage: np.ndarray,
    popularity: Callable[[list[str]], np.ndarray],
    site: str | None,
) -> pd.DataFrame:
    """One row per referring domain (see :func:`decide` for the rules)."""
    n_domains = len(names)
    all_dead = np.ones(n_domains, bool)
    all_dead[dcode[~not_live]] = False
    counted = ~not_live | all_dead[dcode]  # the links a domain is judged on

    # Evidence of all counted links travels up: the strongest value of each signal.
    vals = ev.values.to_numpy(dtype=float).copy()
    vals[~counted] = np.nan
    dom_vals = pd.DataFrame(vals, columns=ev.values.columns).groupby(dcode).max().reindex(range(n_domains))
    dom_ev = Evidence(dom_vals.reset_index(drop=True), ev.networks, ev.listed_names, ev.money_share)
    dom_host_only = pd.Series(host_only | ~counted).groupby(dcode).all().reindex(range(n_domains)).to_numpy()
    # The strongest model opinion among the counted links, plus all their evidence (monotone in both).
    dom_model = pd.Series(np.where(counted, model_log_odds, -np.inf)).groupby(dcode).max()
    own_risk, floored, capped = _apply_rules(dom_model.reindex(range(n_domains)).to_numpy(), dom_ev, dom_host_only)
    link_max = pd.Series(np.where(counted, risk, -1)).groupby(dcode).max().reindex(range(n_domains)).to_numpy()
    d_risk = np.maximum(own_risk, link_max)
    floored &= d_risk == BAND_FLOORS["medium"]
    capped &= d_risk == BAND_CEILINGS["medium"]
    d_band = band_of(d_risk)
    suggestion = np.select([d_band == "high", d_band == "medium"], ["disavow", "review"], "keep").astype(object)

    ranks = popularity(list(names))
    popular = ~np.isnan(ranks)
    suggestion[popular & (suggestion == "disavow")] = "review"
    suggestion[all_dead] = "keep"
    own = names == site if site else np.zeros(n_domains, bool)
    suggestion[own] = "keep"

    codes = list(ev.values.columns)
    shown = dom_vals.to_numpy(dtype=float)
    reasons = np.empty(n_domains, dtype=object)
    for k in range(n_domains):
        if own[k]:
            reasons[k] = words.SITE_NOTE
            continue
        r = int(rep[k])
        ev_reasons = words.evidence_reasons(
            {c: shown[k, j] for j, c in enumerate(codes)}, {**ctx, "network_shared": int(ev.networks.shared[k])}
        )
        lead = []
        if popular[k] and d_band[k] != "low":
            lead.append(words.POPULAR_NOTE.format(rank=ranks[k]))
        if all_dead[k]:
            lead.append(words.ALL_GONE_NOTE)
        notes = [words.FLOOR_NOTE] if floored[k] else []
        if capped[k]:
            notes.append(words.CAP_NOTE if dom_host_only[k] else words.UNCORROBORATED_NOTE)
        elif dom_host_only[k]:
            notes.append(words.HOST_ONLY_NOTE)
        if r in model_records:
            mine = ev_reasons + words.model_reasons(
                model_records[r], phrase_for, words.covered_by([x.code for x in ev_reasons])
            )
            reasons[k] = words.render(mine, notes, lead=lead)
        elif ev_reasons or notes or lead:
            reasons[k] = words.render(ev_reasons, notes, lead=lead)
        else:
            reasons[k] = str(link_text[r])

    weight = links["links"].fillna(1.0).to_numpy()
    counts = np.bincount(dcode, weights=weight, minlength=n_domains)
    by_code = pd.DataFrame(
        {
            "code": dcode,
            "first_seen": links["first_seen"].to_numpy(),
            "last_seen": links["last_seen"].to_numpy(),
            "confidence": confidence,
        }
    ).groupby("code", sort=True)
    first = by_code["first_seen"].min().reindex(range(n_domains))
    last = by_code["last_seen"].max().reindex(range(n_domains))
    dom_conf = by_code["confidence"].max().reindex(range(n_domains)).to_numpy()
    anchors = links["anchor"].to_numpy(dtype=object)
    has_anchor = pd.notna(anchors)
    top_anchor = np.full(n_domains, None, dtype=object)
    if has_anchor.any():
        pairs = pd.DataFrame({"code": dcode[has_anchor], "anchor": anchors[has_anchor]})
        tops = pairs.value_counts(sort=True).reset_index().drop_duplicates("code")
        top_anchor[tops["code"].to_numpy()] = tops["anchor"].to_numpy()
    nets = ev.networks
    table = pd.DataFrame(
        {
            "domain": names,
            "links": counts.astype(int),
            "risk": d_risk.astype(int),
            "band": d_band,
            "suggestion": suggestion,
            "reasons": reasons,
            "confidence": np.asarray(dom_conf, dtype=float).round().astype(int),
            "coverage": np.asarray(coverage)[rep],
            "network": pd.array(np.where(nets.network > 0, nets.network, 0), dtype="Int64"),
            "network_size": pd.array(nets.size, dtype="Int64"),
            "first_seen": first.dt.date.to_numpy(),
            "last_seen": last.dt.date.to_numpy(),
            "top_anchor": top_anchor,
            "example_url": links["source_url"].to_numpy()[rep],
        }
    )
    none = nets.network == 0
    table.loc[none, "network"] = pd.NA
    table.loc[none, "network_size"] = pd.NA
    table = table.sort_values(["risk", "links", "domain"], ascending=[False, False, True], kind="stable")
    return table.reset_index(drop=True)[list(DOMAIN_COLUMNS)]
