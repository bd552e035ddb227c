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
import pyarrow as pa

from toxicity.model.explain import Contribution
from toxicity.verdict import reasons as words
from toxicity.verdict.evidence import Evidence, gather_evidence
from toxicity.verdict.scale import (
    BAND_CEILINGS,
    BAND_FLOORS,
    DISAVOW,
    HIGH,
    KEEP,
    LOW,
    MEDIUM,
    REVIEW,
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
    risk, band : per link, aligned with the link records
    reasons : per link, a pandas Categorical (each distinct text once, not a string per link)
    model_risk : per link, the model's own calibrated probability x 100 (a diagnostic: its training mix)
    domain : per link, the referring domain (or platform page) it was rolled up to, Arrow-backed
    domains : one row per referring domain (:data:`DOMAIN_COLUMNS`), riskiest first
    evidence : the evidence values per link (``evidence.records()`` gives them as records)
    explained : links whose model contributions were computed
    """

    risk: np.ndarray
    band: np.ndarray
    reasons: pd.Categorical
    model_risk: np.ndarray
    domain: pd.api.extensions.ExtensionArray
    domains: pd.DataFrame
    evidence: Evidence
    explained: int


def roll_up_units(links: pd.DataFrame) -> tuple[np.ndarray, list[str]]:
    """What each link is rolled up to: its registrable domain (private suffixes and platforms on, so a
    blog on ``wordpress.com`` is its own site), or, for a page of a platform itself
    (``medium.com/@someone/post``, users under a path), the page's URL: a platform is never one unit,
    and such pages can only be disavowed by URL.

    Returns a code per link and the unit names (codes index them), built from distinct values only.
    """
    from toxicity.domains import platforms_among
    from toxicity.features.text import codes_of

    codes, uniques = codes_of(links["source_domain"].fillna(links["source_host"]).fillna(""))
    names = [str(u) for u in uniques.to_pylist()]
    platforms = set(platforms_among(names))
    if platforms:
        on_platform = np.array([u in platforms for u in names] + [False])[codes]
        urls = links["source_url"].astype("string")[on_platform]
        url_codes, url_uniques = codes_of(urls.fillna(""))
        codes = codes.copy()
        codes[on_platform] = len(names) + url_codes
        names += [str(u) for u in url_uniques.to_pylist()]
    missing = codes < 0
    if missing.any():
        codes = np.where(missing, len(names), codes)
        names.append("")
    # number units in order of first appearance, like pd.factorize, and drop unused names
    dcode, used = pd.factorize(codes)
    return dcode.astype(np.int64), [names[i] for i in used.tolist()]


def _categorical(text: pa.ChunkedArray) -> pd.Categorical:
    """Dictionary-encoded Arrow chunks as one pandas Categorical: each distinct text once."""
    unified = text.unify_dictionaries()
    if not unified.num_chunks:
        return pd.Categorical([])
    categories = unified.chunk(0).dictionary.to_pylist()
    codes = (
        np.concatenate([c.indices.to_numpy(zero_copy_only=False) for c in unified.chunks])
        if len(text)
        else np.empty(0, dtype=np.int32)
    )
    return pd.Categorical.from_codes(np.asarray(codes, dtype=np.int32), categories=categories)


def _rule_notes(
    floored: np.ndarray, capped: np.ndarray, host_only: np.ndarray
) -> list[tuple[np.ndarray, str]]:
    """The words of the rules that moved a risk, as (rows where it applies, text), in reading order."""
    return [
        (floored, words.FLOOR_NOTE),
        (capped & host_only, words.CAP_NOTE),
        (capped & ~host_only, words.UNCORROBORATED_NOTE),
        (host_only & ~capped, words.HOST_ONLY_NOTE),
    ]


def rows_to_explain(rep: np.ndarray, risk: np.ndarray, band: np.ndarray, limit: int) -> np.ndarray:
    """Which rows get model contributions, most useful first, at most ``limit``.

    First the riskiest link of every medium- or high-risk domain, then every medium- or high-risk
    link, then the riskiest link of the low-risk domains.
    """
    rep_sorted = rep[np.argsort(-risk[rep], kind="stable")]
    risky_rep = rep_sorted[band[rep_sorted] != LOW]
    low_rep = rep_sorted[band[rep_sorted] == LOW]
    risky = np.flatnonzero(band != LOW)
    return pd.unique(np.concatenate([risky_rep, risky, low_rep]))[:limit]


def _apply_rules(
    site_log_odds: np.ndarray, ev: Evidence, host_only: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Risk from both questions, after the floor and cap rules, and where each rule moved it."""
    risk = risk_of(combined_probability(site_log_odds + ev.log_factor("site"), ev.log_factor("scheme")))
    floor, backs = ev.floor_medium(), ev.backs_url_only()
    floored = floor & (risk < BAND_FLOORS[MEDIUM])
    risk[floored] = BAND_FLOORS[MEDIUM]
    # High (a disavow suggestion) needs evidence beyond the model's reading of the site: a hard
    # signal, or a clear sign of a link scheme. A URL alone needs a hard signal.
    capped = ((host_only & ~backs) | ~ev.corroborated()) & (risk > BAND_CEILINGS[MEDIUM])
    risk[capped] = BAND_CEILINGS[MEDIUM]
    return risk, floored, capped


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
    base_rate : the toxic share that probability is calibrated to
        (:func:`~toxicity.verdict.scale.model_base_rate`)
    contributions : model contribution records for given link positions
        (:func:`toxicity.model.explain.contribution_records`)
    profile : the site profile (``site``, ``topic``, ``topic_source`` ...), for the words
    host_only : per link, True when only its URL was known
    confidence, coverage : per link, the evidence coverage (carried to the domain table)
    popularity : domains -> popularity rank (NaN: not popular)
    page_gone, page_hard, page_words : from fetched pages, when given: the link is gone from its page;
        the page shows a hard signal; the page's own reasons
    explain_limit : at most this many links get model contributions (one per domain first)
    """
    n = len(links)
    dcode, domain_names = roll_up_units(links)
    n_domains = len(domain_names)
    names_array = pa.array(domain_names, type=pa.large_string())

    model_log_odds = prior_shift(probability, base_rate)
    ev = gather_evidence(links, features, dcode, page_hard=page_hard)
    risk, floored, capped = _apply_rules(model_log_odds, ev, host_only)
    band = band_of(risk)
    lost = (
        np.nan_to_num(features["lost"].to_numpy(dtype=float)) > 0.5
        if "lost" in features
        else np.zeros(n, bool)
    )
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
    shown = ev.raising()
    shared = ev.network_shared
    book = words.EvidenceWords(ctx)
    notes = _rule_notes(floored, capped, host_only)
    lead = [(gone, words.GONE_NOTE), (lost, words.LOST_NOTE)]

    def row_evidence(i: int) -> list[words.Reason]:
        return book.row(shown[i].tolist(), int(shared[i]))

    def row_notes(i: int) -> list[str]:
        return [text for mask, text in notes if mask[i]]

    def row_lead(i: int) -> list[str]:
        out = [text for mask, text in lead if mask[i]]
        if page_words is not None and page_words[i]:
            out += [p.strip() for p in str(page_words[i]).split(";") if p.strip()]
        return out

    # Rows worded one by one: fetched-page words, and the explained rows (model contributions).
    own: dict[int, str] = {}
    model_words: dict[int, list[words.Reason]] = {}
    if page_words is not None:
        for i in np.flatnonzero(page_words != "").tolist():
            own[i] = words.render(row_evidence(i), row_notes(i), lead=row_lead(i))
    for i, records in model_records.items():
        model_words[i] = words.model_reasons(records, phrase_for)
        own[i] = words.render(
            words.with_model(row_evidence(i), model_words[i]), row_notes(i), lead=row_lead(i)
        )
    said = ~np.isnan(shown).all(axis=1)
    for mask, _ in (*notes, *lead):
        said |= mask
    said[list(own)] = True
    # A link without words of its own names the link of its domain that has them: one borrowed text
    # per domain for all its silent links.
    rep_by_code = np.empty(n_domains, dtype=np.int64)
    rep_by_code[dcode[rep]] = rep
    table = list(own.values())
    patch_rows = [np.fromiter(own.keys(), dtype=np.int64, count=len(own))]
    patch_ids = [np.arange(len(own), dtype=np.int64)]
    silent = np.flatnonzero(~said)
    if len(silent):
        rep_of = rep_by_code[dcode[silent]]
        lend = said[rep_of] & (rep_of != silent)
        lenders = np.unique(rep_of[lend]).tolist()
        urls = links["source_url"].iloc[lenders].astype("string").fillna("").tolist()
        slot = {}
        for r, url in zip(lenders, urls):
            slot[r] = len(table)
            lent = own[r] if r in own else words.render(row_evidence(r), row_notes(r), lead=row_lead(r))
            table.append(f"as for {url}: {lent}")
        table.append(words.NOTHING)
        slots = np.full(n, -1, dtype=np.int64)
        slots[list(slot)] = list(slot.values())
        patch_rows += [silent[lend], silent[~lend]]
        patch_ids += [slots[rep_of[lend]], np.full(int((~lend).sum()), len(table) - 1, dtype=np.int64)]
    text = words.render_bulk(
        book,
        shown,
        shared,
        notes=notes,
        lead=lead,
        overrides=(np.concatenate(patch_rows), np.concatenate(patch_ids), table),
    )

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
        model_words=model_words,
        ctx=ctx,
        link_text=text,
        link_shown=shown,
        link_floored=floored,
        link_capped=capped,
        confidence=confidence,
        coverage=coverage,
        popularity=popularity,
        site=str(profile["site"]) if profile.get("site") else None,
    )
    return Verdict(
        risk=risk,
        band=band,
        reasons=_categorical(text),
        model_risk=np.rint(np.asarray(probability, dtype=float) * 100).astype(np.int64),
        domain=pd.array(names_array.take(pa.array(dcode)), dtype=pd.StringDtype("pyarrow")),
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
    model_words: Mapping[int, list[words.Reason]],
    ctx: Mapping[str, object],
    link_text: pa.Array,
    link_shown: np.ndarray,
    link_floored: np.ndarray,
    link_capped: np.ndarray,
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

    # Group maxima by sorting once (no DataFrame groupby of a million rows per column).
    order = np.argsort(dcode, kind="stable")
    starts = np.searchsorted(dcode[order], np.arange(n_domains))

    def group_max(column: np.ndarray, fill: float) -> np.ndarray:
        return (
            np.maximum.reduceat(np.where(counted, column, fill)[order], starts) if n_domains else column[:0]
        )

    # Evidence of all counted links travels up: the strongest value of each signal.
    values = ev.values.to_numpy(dtype=np.float32)
    dom_matrix = np.column_stack([group_max(values[:, j], -np.inf) for j in range(values.shape[1])])
    dom_matrix[np.isneginf(dom_matrix)] = np.nan
    dom_vals = pd.DataFrame(dom_matrix.astype(np.float32), columns=ev.values.columns)
    dom_ev = Evidence(dom_vals, ev.networks, ev.listed_names, ev.money_share)
    # every counted link known by its URL alone (links not counted do not speak)
    dom_host_only = group_max((~host_only).astype(np.int8), 0) == 0
    # The strongest model opinion among the counted links, plus all their evidence (monotone in both).
    dom_model = group_max(model_log_odds, -np.inf)
    own_risk, floored, capped = _apply_rules(dom_model, dom_ev, dom_host_only)
    link_max = group_max(risk, -1)
    d_risk = np.maximum(own_risk, link_max)
    floored &= d_risk == BAND_FLOORS[MEDIUM]
    capped &= d_risk == BAND_CEILINGS[MEDIUM]
    d_band = band_of(d_risk)
    suggestion = np.select([d_band == HIGH, d_band == MEDIUM], [DISAVOW, REVIEW], KEEP).astype(object)

    ranks = popularity(list(names))
    popular = ~np.isnan(ranks)
    suggestion[popular & (suggestion == DISAVOW)] = REVIEW
    suggestion[all_dead] = KEEP
    own = names == site if site else np.zeros(n_domains, bool)
    suggestion[own] = KEEP

    book = words.EvidenceWords(ctx)
    rep_text = link_text.take(pa.array(rep, type=pa.int64())).to_pylist()
    shown = dom_ev.raising()
    notes = _rule_notes(floored, capped, dom_host_only)
    # Most domains say what their representative link says: same evidence, same rules. Reuse its words.
    rep_shown = link_shown[rep]
    same = ((shown == rep_shown) | (np.isnan(shown) & np.isnan(rep_shown))).all(axis=1)
    same &= (floored == link_floored[rep]) & (capped == link_capped[rep]) & (dom_host_only == host_only[rep])
    same &= ~(popular & (d_band != LOW)) & ~all_dead
    net_shared = ev.networks.shared.tolist()
    reasons = np.empty(n_domains, dtype=object)
    for k in range(n_domains):
        if own[k]:
            reasons[k] = words.SITE_NOTE
            continue
        if same[k]:
            reasons[k] = str(rep_text[k])
            continue
        r = int(rep[k])
        ev_reasons = book.row(shown[k].tolist(), net_shared[k])
        lead = []
        if popular[k] and d_band[k] != LOW:
            lead.append(words.POPULAR_NOTE.format(rank=ranks[k]))
        if all_dead[k]:
            lead.append(words.ALL_GONE_NOTE)
        said = [text for mask, text in notes if mask[k]]
        if r in model_words:
            reasons[k] = words.render(words.with_model(ev_reasons, model_words[r]), said, lead=lead)
        elif ev_reasons or said or lead:
            reasons[k] = words.render(ev_reasons, said, lead=lead)
        else:
            reasons[k] = str(rep_text[k])

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
    # The most used anchor of each domain, counted on integer codes (no Python string per link).
    from toxicity.features.text import codes_of

    a_codes, a_uniques = codes_of(links["anchor"])
    top_anchor = np.full(n_domains, None, dtype=object)
    has_anchor = a_codes >= 0
    if has_anchor.any():
        width = int(a_codes.max()) + 1
        keys = (
            pd.Series(dcode[has_anchor] * width + a_codes[has_anchor])
            .value_counts(sort=True)
            .index.to_numpy()
        )
        pairs = pd.DataFrame({"code": keys // width, "anchor": keys % width})
        tops = pairs.drop_duplicates("code")
        top_anchor[tops["code"].to_numpy()] = np.asarray(
            a_uniques.take(pa.array(tops["anchor"].to_numpy())).to_pylist(), dtype=object
        )
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
            "example_url": links["source_url"].iloc[rep].to_numpy(dtype=object),
        }
    )
    none = nets.network == 0
    table.loc[none, "network"] = pd.NA
    table.loc[none, "network_size"] = pd.NA
    table = table.sort_values(["risk", "links", "domain"], ascending=[False, False, True], kind="stable")
    return table.reset_index(drop=True)[list(DOMAIN_COLUMNS)]
