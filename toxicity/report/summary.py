"""Aggregates of one audit for the HTML report and the PNG plots: ``summarise(audit, links)``.

The summary holds only counts, shares and the few rows a reader looks at (top anchors, riskiest
domains), never one entry per link, so ``summary.json`` stays small for any profile size and
``toxicity report OUTDIR`` can redraw the report without rescoring. Everything is computed with
integer codes and ``numpy.bincount`` over whole columns: a million links cost about a second.

Keys of the summary (all JSON values; missing numbers are ``null``):

``version``, ``generated``, ``site``, ``topic``, ``topic_source``, ``toxicity_version``
    what was audited, when, by which version
``headline``
    ``links``, ``domains``, ``links_by_band``, ``domains_by_band``, ``suggestions``, ``coverage``
    (family, label, share), ``host_only``, ``dated_links``, ``first_seen_from`` / ``first_seen_to``
    (ISO dates: earliest and latest first sighting)
``thresholds``
    risk at which the ``medium`` and ``high`` bands start
``scale``
    what a risk means (``meaning``, one sentence) and the toxic share of the profile it is stated for
``risk``
    links per risk bin (``bin_width`` wide, from 0) and band
``anchor_classes``
    share of links with an anchor in each class beside the rule-of-thumb range of a natural profile
``top_anchors``
    most used anchors with their referring-domain share
``timeline``
    links first seen per week or month and band, with bursts marked (rule in :data:`BURST_RULE`)
``tlds``
    links and referring domains per top-level domain, with the shipped abuse rate of the TLD
``topic_distance``
    links per topical-distance bin and band
``riskiest_domains``
    the :data:`RISKIEST` riskiest domains with their reasons
``model``
    the model card in brief: name, date, thresholds, headline metrics, what is simulated
``reading``
    what was read (:meth:`toxicity.io.ReadResult.reading`): the exports with their format, encoding, rows
    read, records and skipped rows by reason; totals, records kept with a remark (``unusual host``) and the
    first value of each reason (text from the export: hostile). ``null`` when the caller gave none; absent
    from summaries written before it existed
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from toxicity import __version__
from toxicity.audit import FAMILY_WORDS, Audit
from toxicity.errors import InputFileError, UsageError
from toxicity.features.anchor import ANCHOR_CLASSES
from toxicity.files import atomic_file
from toxicity.verdict.scale import (
    BANDS,
    DISAVOW,
    HIGH,
    LOW,
    PROFILE_TOXIC_SHARE,
    REVIEW,
    SUGGESTIONS,
    describe_scale,
)

#: Bumped when the summary's keys change incompatibly (``toxicity report`` refuses other versions).
SUMMARY_VERSION = 1
#: Width of a risk-histogram bin (risk is 0-100).
RISK_BIN = 5
#: Bins of the topical-distance histogram over 0-1.
TOPIC_BINS = 10
#: How many anchors and domains the summary lists.
TOP_ANCHORS = 15
RISKIEST = 50
TOP_TLDS = 12
#: A profile spanning more days than this is drawn per month, otherwise per week.
WEEKLY_MAX_DAYS = 2 * 366
#: At most this many months are drawn; older links are counted in ``timeline.before``.
MAX_MONTHS = 240
#: A period is a burst when it has at least this many times the median count of active periods ...
BURST_FACTOR = 3.0
#: ... and at least this many links (a handful of links is never a burst).
BURST_MIN_LINKS = 10
BURST_RULE = (
    f"A burst is a {{unit}} with at least {BURST_FACTOR:g} times the median links per {{unit}} "
    f"(over {{unit}}s with any new link) and at least {BURST_MIN_LINKS} links."
)

#: Plain names of the anchor classes.
ANCHOR_CLASS_LABELS = {
    "brand": "Brand",
    "naked_url": "Naked URL",
    "generic": "Generic ('click here')",
    "money_exact": "Exact-match keyword",
    "money_partial": "Partial-match keyword",
    "empty": "Empty / image",
    "other": "Other",
}
#: Share of anchors per class in a natural-looking profile, as (low, high). A rule of thumb, see below.
NATURAL_ANCHOR_RANGES: dict[str, tuple[float, float]] = {
    "brand": (0.30, 0.60),
    "naked_url": (0.10, 0.30),
    "generic": (0.05, 0.20),
    "money_exact": (0.00, 0.05),
    "money_partial": (0.00, 0.15),
    "empty": (0.00, 0.15),
    "other": (0.00, 0.30),
}
NATURAL_ANCHOR_SOURCE = (
    "Rule of thumb, not a measurement: ranges commonly cited in SEO practitioners' anchor-text guides "
    "(brand and URL anchors dominate a natural profile; exact-match keyword anchors stay in single "
    "digits). Natural profiles vary with niche, site age and language; read a class far outside its "
    "range as a question to ask, not as proof."
)


def summarise(
    audit: Audit,
    links: pd.DataFrame,
    *,
    card: Any = None,
    now: _dt.datetime | None = None,
    reading: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Aggregate one audit into a JSON-serialisable summary (see the module docstring for its keys).

    Parameters
    ----------
    audit : the result of :func:`toxicity.audit.score_links`
    links : the canonical link records that were scored (same rows, same order as ``audit.links``);
        only ``first_seen`` is read from them
    card : the model card (:class:`toxicity.model.store.ModelCard` or its dict); read from
        ``audit.model_path`` when None
    now : the time stamped as ``generated`` (the current UTC time when None)
    reading : what was read (:meth:`toxicity.io.ReadResult.reading`), kept as ``reading``

    Returns
    -------
    dict
        Plain Python values only: ``json.dumps(summary, allow_nan=False)`` works.
    """
    if len(links) != len(audit.links):
        raise UsageError(f"links has {len(links):,} rows but the audit scored {len(audit.links):,}")
    if card is None:
        from toxicity.model import load_model

        card = load_model(audit.model_path).card
    scored = audit.links
    band = pd.Categorical(scored["band"], categories=list(BANDS)).codes.astype(np.int64)
    band = np.where(band < 0, 0, band)
    dom_codes, dom_uniques = pd.factorize(scored["source_domain"], use_na_sentinel=True)
    profile = _profile_dict(audit.profile)
    stamp = (now or _dt.datetime.now(_dt.timezone.utc)).replace(microsecond=0)
    summary: dict[str, Any] = {
        "version": SUMMARY_VERSION,
        "generated": stamp.isoformat(),
        "toxicity_version": __version__,
        "site": profile.get("site"),
        "topic": profile.get("topic") or None,
        "topic_source": profile.get("topic_source"),
        "headline": _headline(audit, band, links),
        "thresholds": {k: float(v) for k, v in audit.thresholds.items()},
        "scale": {"meaning": describe_scale(), "profile_toxic_share": PROFILE_TOXIC_SHARE},
        "risk": _risk_histogram(scored["risk"].to_numpy(), band),
        "anchor_classes": _anchor_classes(audit.features),
        "top_anchors": _top_anchors(scored["anchor"], dom_codes, audit.features),
        "timeline": _timeline(links["first_seen"], band),
        "tlds": _tlds(dom_codes, dom_uniques, audit.features),
        "topic_distance": _topic_distance(audit.features, band),
        "riskiest_domains": _riskiest(audit.domains),
        "model": model_brief(card, audit.model_name),
        "reading": dict(reading) if reading is not None else None,
    }
    return _jsonable(summary)


def write_summary(summary: Mapping[str, Any], path: str | os.PathLike[str]) -> Path:
    """Write ``summary`` as UTF-8 JSON (atomically: a reader never sees half a file); return the path."""
    path = Path(path)
    with atomic_file(path, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(summary, indent=1, ensure_ascii=False, allow_nan=False) + "\n")
    return path


#: Largest summary.json read (a summary holds aggregates only: a few hundred kB for any profile).
MAX_SUMMARY_BYTES = 64 * 1024 * 1024
_REBUILD = "re-run 'toxicity score' to rebuild it"
#: Longest list a summary holds (its longest is the monthly timeline, at most MAX_MONTHS periods).
_MAX_ITEMS = 10_000
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class _Bad(Exception):
    """A field of a summary that cannot be drawn: ``where`` is its dotted path."""

    def __init__(self, where: str, problem: str) -> None:
        super().__init__(where, problem)
        self.where, self.problem = where, problem


_Check = Callable[[Any, str], None]


def _count(value: Any, where: str) -> None:
    # JSON true/false arrive as bool, a subclass of int: never a count.
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 10**15:
        raise _Bad(where, f"must be a whole number of 0 or more (found {value!r:.40})")


def _number(value: Any, where: str) -> None:
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
        raise _Bad(where, f"must be a number (found {value!r:.40})")
    if abs(value) > 1e15:
        raise _Bad(where, f"is out of range ({value!r:.40})")


def _share(value: Any, where: str) -> None:
    _number(value, where)
    if not 0 <= value <= 1:
        raise _Bad(where, f"must be a share from 0 to 1 (found {value!r:.40})")


def _text(value: Any, where: str) -> None:
    if not isinstance(value, str):
        raise _Bad(where, f"must be a text (found {value!r:.40})")


def _flag(value: Any, where: str) -> None:
    if not isinstance(value, bool):
        raise _Bad(where, f"must be true or false (found {value!r:.40})")


def _date(value: Any, where: str) -> None:
    _text(value, where)
    try:
        ok = bool(_DATE.fullmatch(value)) and bool(_dt.date.fromisoformat(value))
    except ValueError:
        ok = False
    if not ok:
        raise _Bad(where, f"must be a date written YYYY-MM-DD (found {value!r:.40})")


def _optional(check: _Check) -> _Check:
    def run(value: Any, where: str) -> None:
        if value is not None:
            check(value, where)

    return run


def _one_of(*choices: Any) -> _Check:
    def run(value: Any, where: str) -> None:
        if value not in choices:
            raise _Bad(where, f"must be one of {', '.join(map(repr, choices))} (found {value!r:.40})")

    return run


def _object(**fields: _Check) -> _Check:
    def run(value: Any, where: str) -> None:
        if not isinstance(value, dict):
            raise _Bad(where, f"must be an object (found {type(value).__name__})")
        for key, check in fields.items():
            inner = f"{where}.{key}" if where else key
            if key not in value:
                if check in _MAY_BE_ABSENT:
                    continue
                raise _Bad(inner, "is missing")
            check(value[key], inner)

    return run


#: Checks of keys that summaries written by earlier versions lack (they are drawn without them).
_MAY_BE_ABSENT: set[_Check] = set()


def _may_be_absent(check: _Check) -> _Check:
    _MAY_BE_ABSENT.add(check)
    return check


def _mapping(check: _Check) -> _Check:
    """An object of any keys (texts, such as reasons) whose values all pass ``check``."""

    def run(value: Any, where: str) -> None:
        if not isinstance(value, dict):
            raise _Bad(where, f"must be an object (found {type(value).__name__})")
        if len(value) > _MAX_ITEMS:
            raise _Bad(where, f"holds {len(value):,} entries, more than a summary ever does")
        for key, item in value.items():
            check(item, f"{where}.{key}")

    return run


def _list(check: _Check) -> _Check:
    def run(value: Any, where: str) -> None:
        if not isinstance(value, list):
            raise _Bad(where, f"must be a list (found {type(value).__name__})")
        if len(value) > _MAX_ITEMS:
            raise _Bad(where, f"holds {len(value):,} entries, more than a summary ever does")
        for i, item in enumerate(value):
            check(item, f"{where}[{i}]")

    return run


def _bands(check: _Check) -> _Check:
    return _object(**{band: check for band in BANDS})


_BAND_COUNTS = _bands(_list(_count))
_READING: _Check = _object(
    exports=_list(
        _object(
            name=_text,
            format=_text,
            encoding=_text,
            rows_read=_count,
            records=_count,
            skipped=_mapping(_count),
        )
    ),
    rows_read=_count,
    records=_count,
    duplicates_removed=_count,
    skipped=_mapping(_count),
    flagged=_mapping(_count),
    examples=_mapping(_text),
)
#: The shape ``toxicity report`` draws from: every key the HTML report and the plots read.
_SUMMARY: _Check = _object(
    version=_one_of(SUMMARY_VERSION),
    generated=_optional(_text),
    toxicity_version=_optional(_text),
    site=_optional(_text),
    topic=_optional(_text),
    topic_source=_optional(_text),
    headline=_object(
        links=_count,
        domains=_count,
        links_by_band=_bands(_count),
        domains_by_band=_bands(_count),
        suggestions=_object(disavow=_count, review=_count, keep=_count),
        coverage=_list(_object(family=_text, label=_text, share=_share)),
        host_only=_flag,
        dated_links=_count,
        first_seen_from=_optional(_date),
        first_seen_to=_optional(_date),
    ),
    thresholds=_object(medium=_number, high=_number),
    scale=_object(meaning=_text),
    risk=_object(bin_width=_count, counts=_BAND_COUNTS),
    anchor_classes=_object(
        links_with_anchor=_count,
        classes=_list(
            _object(
                label=_text,
                links=_count,
                share=_optional(_share),
                natural_low=_share,
                natural_high=_share,
                status=_one_of(None, "above", "below", "within"),
            )
        ),
        reference=_text,
    ),
    top_anchors=_object(
        domains_with_anchor=_count,
        rows=_list(_object(anchor=_text, links=_count, domains=_count, domain_share=_share)),
    ),
    timeline=_object(
        unit=_one_of(None, "week", "month"),
        periods=_list(_date),
        counts=_BAND_COUNTS,
        bursts=_list(_count),
        median=_optional(_number),
        rule=_optional(_text),
        undated=_count,
        before=_count,
    ),
    tlds=_object(
        rows=_list(_object(tld=_text, links=_count, domains=_count, abuse_rate=_optional(_share))),
        other=_optional(_object(tlds=_count, links=_count, domains=_count)),
    ),
    topic_distance=_object(bins=_count, counts=_BAND_COUNTS, no_data=_count),
    riskiest_domains=_list(
        _object(
            domain=_text,
            links=_optional(_number),
            risk=_optional(_number),
            band=_optional(_text),
            suggestion=_optional(_text),
            reasons=_optional(_text),
        )
    ),
    model=_object(
        name=_optional(_text),
        created=_optional(_text),
        toxicity_version=_optional(_text),
        thresholds=_object(),
        features=_optional(_count),
        training_rows=_optional(_number),
        metrics=_list(_object(name=_text, value=_optional(_number))),
        simulated=_list(_text),
        notes=_list(_text),
    ),
    reading=_may_be_absent(_optional(_READING)),
)


def _check_consistent(s: dict[str, Any]) -> None:
    """What the types alone do not say: list lengths that must agree, indices that must exist."""
    counts = s["risk"]["counts"]
    if s["risk"]["bin_width"] == 0 or s["risk"]["bin_width"] > 100:
        raise _Bad("risk.bin_width", "must be from 1 to 100")
    if len({len(counts[b]) for b in BANDS}) != 1 or len(counts[LOW]) * s["risk"]["bin_width"] > 100:
        raise _Bad("risk.counts", "must hold one equally long list per band, covering risks 0-100")
    for band in BANDS:
        value = s["model"]["thresholds"].get(band)
        _optional(_number)(value, f"model.thresholds.{band}")
    t = s["timeline"]
    n = len(t["periods"])
    if n and t["unit"] is None:
        raise _Bad("timeline.unit", "must be 'week' or 'month' when there are periods")
    for band in BANDS:
        if len(t["counts"][band]) != n:
            raise _Bad(f"timeline.counts.{band}", f"must hold one count per period ({n})")
    if any(i >= n for i in t["bursts"]):
        raise _Bad("timeline.bursts", f"must be positions of periods (0 to {n - 1})")
    td = s["topic_distance"]
    if not 1 <= td["bins"] <= 1000:
        raise _Bad("topic_distance.bins", "must be from 1 to 1000")
    for band in BANDS:
        if len(td["counts"][band]) != td["bins"]:
            raise _Bad(f"topic_distance.counts.{band}", f"must hold one count per bin ({td['bins']})")
    for i, row in enumerate(s["tlds"]["rows"]):
        if not row["tld"]:
            raise _Bad(f"tlds.rows[{i}].tld", "is empty")


def _no_constants(name: str) -> Any:
    # write_summary never writes NaN or Infinity (allow_nan=False): they can only come from an edit.
    raise ValueError(f"{name} is not a number a summary holds")


def _check_summary(data: Any, path: str | os.PathLike[str] = "summary.json") -> dict[str, Any]:
    """Check that ``data`` (a parsed ``summary.json``) has every key ``toxicity report`` draws, with its type.

    Parameters
    ----------
    data : the parsed JSON
    path : where it was read from (for messages)

    Returns
    -------
    dict
        ``data`` itself.

    Raises
    ------
    InputFileError
        Naming the first field that is missing or wrong, and saying to re-run ``toxicity score``.
    """
    if not isinstance(data, dict):
        raise InputFileError(f"{path}: not a summary object (found a JSON {type(data).__name__}); {_REBUILD}")
    if data.get("version") != SUMMARY_VERSION:
        raise InputFileError(
            f"{path}: summary format {data.get('version')!r:.20} is not the format this version draws "
            f"({SUMMARY_VERSION}); {_REBUILD}"
        )
    try:
        _SUMMARY(data, "")
        _check_consistent(data)
    except _Bad as bad:
        raise InputFileError(f"{path}: field '{bad.where}' {bad.problem}; {_REBUILD}") from None
    return data


def read_summary(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Read a summary written by :func:`write_summary`, checking that this version can draw it.

    Raises
    ------
    InputFileError
        The file is missing, too large, not JSON, or a field is missing or wrong (the message names it).
    """
    path = Path(path)
    if not path.is_file():
        raise InputFileError(
            f"{path}: no such file; run 'toxicity score ... -o {path.parent}' first (it writes summary.json)"
        )
    if path.stat().st_size > MAX_SUMMARY_BYTES:
        raise InputFileError(
            f"{path}: larger than {MAX_SUMMARY_BYTES // 2**20} MB, not a summary; {_REBUILD}"
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"), parse_constant=_no_constants)
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise InputFileError(f"{path}: not a valid summary ({exc}); {_REBUILD}") from None
    return _check_summary(data, path)


def model_brief(card: Any, name: str | None = None) -> dict[str, Any]:
    """The model card in brief: name, date, thresholds, headline metrics, simulated training data.

    ``card`` is a :class:`~toxicity.model.store.ModelCard` or its dict. Metrics are the scalar
    entries (nested keys joined by ``/``) whose last key is a headline measure (:data:`_METRIC_KEYS`).
    """
    raw = card if isinstance(card, Mapping) else getattr(card, "__dict__", {})
    metrics = [
        {"name": key, "value": value}
        for key, value in _flatten(raw.get("metrics") or {})
        if key.rsplit(" / ", 1)[-1] in _METRIC_KEYS
    ]
    training = raw.get("training_data") or {}
    return {
        "name": raw.get("name") or name,
        "created": raw.get("created") or None,
        "toxicity_version": raw.get("toxicity_version"),
        "thresholds": dict(raw.get("thresholds") or {}),
        "features": len(raw.get("feature_names") or []),
        "training_rows": training.get("rows"),
        "metrics": metrics[:24],
        "simulated": [str(s) for s in raw.get("simulated") or []],
        "notes": [str(s) for s in raw.get("notes") or []],
    }


_METRIC_KEYS = frozenset(
    {
        "roc_auc",
        "pr_auc",
        "rules_roc_auc",
        "dummy_roc_auc",
        "precision_high",
        "recall_high",
        "fpr_medium",
        "fpr_high",
    }
)


def _flatten(value: Any, prefix: str = "") -> list[tuple[str, float]]:
    """Scalar numbers of nested dicts as ("a / b / c", value); lists (per-source tables) are skipped."""
    out: list[tuple[str, float]] = []
    if isinstance(value, Mapping):
        for k, v in value.items():
            out.extend(_flatten(v, f"{prefix} / {k}" if prefix else str(k)))
    elif isinstance(value, (int, float, np.number)) and not isinstance(value, bool):
        out.append((prefix, float(value)))
    return out


def _profile_dict(profile: Any) -> dict[str, Any]:
    if profile is None:
        return {}
    if isinstance(profile, Mapping):
        return dict(profile)
    to_dict = getattr(profile, "to_dict", None)
    return dict(to_dict()) if callable(to_dict) else {}


def _by_band(codes: np.ndarray) -> dict[str, int]:
    counts = np.bincount(codes, minlength=len(BANDS))
    return {b: int(counts[i]) for i, b in enumerate(BANDS)}


def _headline(audit: Audit, band: np.ndarray, links: pd.DataFrame) -> dict[str, Any]:
    dom_band = pd.Categorical(audit.domains["band"], categories=list(BANDS)).codes.astype(np.int64)
    suggestions = audit.domains["suggestion"].value_counts()
    first = pd.to_datetime(links["first_seen"], errors="coerce")
    return {
        "links": len(audit.links),
        "domains": len(audit.domains),
        "links_by_band": _by_band(band),
        "domains_by_band": _by_band(dom_band[dom_band >= 0]),
        "suggestions": {s: int(suggestions.get(s, 0)) for s in SUGGESTIONS},
        "coverage": [
            {"family": f, "label": FAMILY_WORDS.get(f, f), "share": float(share)}
            for f, share in audit.coverage.items()
        ],
        "host_only": bool(audit.host_only),
        "dated_links": int(first.notna().sum()),
        "first_seen_from": _iso(first.min()),
        "first_seen_to": _iso(first.max()),
    }


def _iso(value: Any) -> str | None:
    return None if value is None or pd.isna(value) else pd.Timestamp(value).date().isoformat()


def _risk_histogram(risk: np.ndarray, band: np.ndarray) -> dict[str, Any]:
    bins = 100 // RISK_BIN
    r = np.nan_to_num(np.asarray(risk, dtype=float), nan=0.0)
    idx = np.clip((r // RISK_BIN).astype(np.int64), 0, bins - 1)
    counts = np.bincount(idx * len(BANDS) + band, minlength=bins * len(BANDS)).reshape(bins, len(BANDS))
    return {"bin_width": RISK_BIN, "counts": {b: counts[:, i].tolist() for i, b in enumerate(BANDS)}}


def _anchor_classes(features: pd.DataFrame) -> dict[str, Any]:
    counts = {
        c: float(np.nansum(features[f"anchor_{c}"].to_numpy(dtype=float)))
        for c in ANCHOR_CLASSES
        if f"anchor_{c}" in features.columns
    }
    known = round(sum(counts.values()))
    rows = []
    for c in ANCHOR_CLASSES:
        n = round(counts.get(c, 0.0))
        share = n / known if known else None
        low, high = NATURAL_ANCHOR_RANGES[c]
        status = None if share is None else "above" if share > high else "below" if share < low else "within"
        rows.append(
            {
                "class": c,
                "label": ANCHOR_CLASS_LABELS[c],
                "links": n,
                "share": share,
                "natural_low": low,
                "natural_high": high,
                "status": status,
            }
        )
    return {"links_with_anchor": known, "classes": rows, "reference": NATURAL_ANCHOR_SOURCE}


def _top_anchors(anchors: pd.Series, dom_codes: np.ndarray, features: pd.DataFrame) -> dict[str, Any]:
    # Normalise the distinct anchors only (case and runs of spaces), then map rows to them.
    raw_codes, raw_uniques = pd.factorize(anchors, use_na_sentinel=True)
    norm = pd.Series(np.asarray(raw_uniques, dtype=object)).astype(str).str.split().str.join(" ").str.lower()
    norm_codes, norm_uniques = pd.factorize(norm)
    codes = norm_codes[raw_codes] if len(norm_codes) else raw_codes
    codes[raw_codes < 0] = -1
    n_anchor = len(norm_uniques)
    known = (codes >= 0) & (dom_codes >= 0)
    n_dom = int(dom_codes.max()) + 1 if len(dom_codes) else 0
    if not known.any():
        return {"domains_with_anchor": 0, "rows": []}
    # Distinct (anchor, domain) pairs by sorting: numpy's hash-based unique is slower at this size.
    pairs = np.sort(codes[known].astype(np.int64) * n_dom + dom_codes[known])
    pairs = pairs[np.r_[True, pairs[1:] != pairs[:-1]]]
    per_anchor_domains = np.bincount(pairs // n_dom, minlength=n_anchor)
    per_anchor_links = np.bincount(codes[codes >= 0], minlength=n_anchor)
    domains_with_anchor = int(np.count_nonzero(np.bincount(pairs % n_dom, minlength=n_dom)))
    order = np.lexsort((-per_anchor_links, -per_anchor_domains))[:TOP_ANCHORS]
    cls = _anchor_class_of_rows(features, codes, order)
    rows = [
        {
            "anchor": str(norm_uniques[a]),
            "class": cls.get(int(a)),
            "links": int(per_anchor_links[a]),
            "domains": int(per_anchor_domains[a]),
            "domain_share": float(per_anchor_domains[a] / domains_with_anchor),
        }
        for a in order
    ]
    return {"domains_with_anchor": domains_with_anchor, "rows": rows}


def _anchor_class_of_rows(features: pd.DataFrame, codes: np.ndarray, anchors: np.ndarray) -> dict[int, str]:
    """Anchor class of the first row carrying each of ``anchors`` (codes), from the feature table."""
    cols = [f"anchor_{c}" for c in ANCHOR_CLASSES]
    if not all(c in features.columns for c in cols) or len(anchors) == 0:
        return {}
    first_rows = [int(np.flatnonzero(codes == a)[0]) for a in anchors]
    values = features.iloc[first_rows][cols].to_numpy(dtype=float)
    return {
        int(a): ANCHOR_CLASSES[int(np.nanargmax(row))]
        for a, row in zip(anchors, values)
        if np.nanmax(row, initial=0) > 0
    }


def _timeline(first_seen: pd.Series, band: np.ndarray) -> dict[str, Any]:
    stamps = pd.to_datetime(first_seen, errors="coerce").to_numpy(dtype="datetime64[ns]")
    dated = ~np.isnat(stamps)
    undated = int((~dated).sum())
    empty: dict[str, Any] = {
        "unit": None,
        "periods": [],
        "counts": {b: [] for b in BANDS},
        "bursts": [],
        "median": None,
        "rule": None,
        "undated": undated,
        "before": 0,
    }
    if not dated.any():
        return empty
    days = stamps[dated].astype("datetime64[D]").astype(np.int64)
    b = band[dated]
    if days.max() - days.min() <= WEEKLY_MAX_DAYS:
        unit = "week"
        period = (days + 3) // 7  # weeks starting on Monday (1970-01-01 was a Thursday)
        start_of = lambda p: np.datetime64(int(p) * 7 - 3, "D")
    else:
        unit = "month"
        period = stamps[dated].astype("datetime64[M]").astype(np.int64)
        start_of = lambda p: np.datetime64(int(p), "M").astype("datetime64[D]")
    hi = int(period.max())
    lo = int(period.min()) if unit == "week" else max(int(period.min()), hi - MAX_MONTHS + 1)
    inside = period >= lo
    before = int((~inside).sum())
    n = hi - lo + 1
    idx = (period[inside] - lo) * len(BANDS) + b[inside]
    counts = np.bincount(idx, minlength=n * len(BANDS)).reshape(n, len(BANDS))
    totals = counts.sum(axis=1)
    active = totals[totals > 0]
    median = float(np.median(active)) if len(active) else 0.0
    bursts = np.flatnonzero((totals >= BURST_FACTOR * median) & (totals >= BURST_MIN_LINKS))
    return {
        "unit": unit,
        "periods": [str(start_of(p)) for p in range(lo, hi + 1)],
        "counts": {name: counts[:, i].tolist() for i, name in enumerate(BANDS)},
        "bursts": bursts.tolist(),
        "median": median,
        "rule": BURST_RULE.format(unit=unit),
        "undated": undated,
        "before": before,
    }


def tlds_of(domains: pd.Series) -> pd.Series:
    """Top-level domain (last label, lower case) of each domain; ``(IP address)`` for IP hosts.

    >>> tlds_of(pd.Series(["Example.CO.UK", "192.0.2.1", "[2001:db8::1]", "x.xn--p1ai"])).tolist()
    ['uk', '(IP address)', '(IP address)', 'xn--p1ai']
    """
    text = domains.astype(str).str.rstrip(".")
    tld = text.str.rpartition(".")[2].str.lower()
    ip = text.str.fullmatch(r"[\d.]+|.*:.*")
    return tld.where(~ip, "(IP address)").replace("", "(none)")


def _tlds(dom_codes: np.ndarray, dom_uniques: Any, features: pd.DataFrame) -> dict[str, Any]:
    if len(dom_uniques) == 0:
        return {"rows": [], "other": None}
    tld_codes, tld_names = pd.factorize(tlds_of(pd.Series(np.asarray(dom_uniques, dtype=object))))
    n_tld = len(tld_names)
    valid = dom_codes >= 0
    links_per_tld = np.bincount(tld_codes[dom_codes[valid]], minlength=n_tld)
    domains_per_tld = np.bincount(tld_codes, minlength=n_tld)
    abuse = np.full(n_tld, np.nan)
    if "tld_abuse_rate" in features.columns:
        rate = (
            pd.Series(features["tld_abuse_rate"].to_numpy(dtype=float)[valid])
            .groupby(tld_codes[dom_codes[valid]])
            .max()
        )
        abuse[rate.index.to_numpy()] = rate.to_numpy()
    order = np.lexsort((-domains_per_tld, -links_per_tld))
    top, rest = order[:TOP_TLDS], order[TOP_TLDS:]
    rows = [
        {
            "tld": str(tld_names[t]),
            "links": int(links_per_tld[t]),
            "domains": int(domains_per_tld[t]),
            "abuse_rate": None if np.isnan(abuse[t]) else float(abuse[t]),
        }
        for t in top
    ]
    other = (
        {
            "tlds": len(rest),
            "links": int(links_per_tld[rest].sum()),
            "domains": int(domains_per_tld[rest].sum()),
        }
        if len(rest)
        else None
    )
    return {"rows": rows, "other": other}


def _topic_distance(features: pd.DataFrame, band: np.ndarray) -> dict[str, Any]:
    if "topic_similarity" not in features.columns:
        return {"bins": TOPIC_BINS, "counts": {b: [0] * TOPIC_BINS for b in BANDS}, "no_data": len(band)}
    similarity = features["topic_similarity"].to_numpy(dtype=float)
    known = ~np.isnan(similarity)
    distance = np.clip(1.0 - similarity[known], 0.0, 1.0)
    idx = np.minimum((distance * TOPIC_BINS).astype(np.int64), TOPIC_BINS - 1)
    counts = np.bincount(idx * len(BANDS) + band[known], minlength=TOPIC_BINS * len(BANDS))
    counts = counts.reshape(TOPIC_BINS, len(BANDS))
    return {
        "bins": TOPIC_BINS,
        "counts": {b: counts[:, i].tolist() for i, b in enumerate(BANDS)},
        "no_data": int((~known).sum()),
    }


def _riskiest(domains: pd.DataFrame) -> list[dict[str, Any]]:
    cols = ["domain", "links", "risk", "band", "suggestion", "confidence", "reasons", "top_anchor"]
    top = domains.head(RISKIEST)
    return [
        {c: (None if c not in top.columns else _plain(top[c].iat[i])) for c in cols} for i in range(len(top))
    ]


def _plain(value: Any) -> Any:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, (np.integer, np.floating, np.bool_)):
        return value.item()
    if isinstance(value, (_dt.date, pd.Timestamp)):
        return value.isoformat()
    return value


def _jsonable(value: Any) -> Any:
    """Plain JSON values: numpy scalars unwrapped, NaN and infinities as None, tuples as lists."""
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, (np.integer, np.bool_)):
        return value.item()
    if isinstance(value, (float, np.floating)):
        return None if not math.isfinite(float(value)) else float(value)
    return value


#: How many member domains of a network, and reasons behind the suggested disavows, the verdict names.
PATTERN_MEMBERS = 8
PATTERN_REASONS = 3
#: The network signal's reason (:mod:`toxicity.verdict.evidence`): "one of N referring domains sharing
#: WHAT (a link network)"; WHAT is the trait the members share.
_NETWORK_REASON = re.compile(r"one of [0-9,]+ referring domains? sharing (.+?) \(a link network\)")
#: Anchor classes whose share above the natural range reads as over-optimisation (keyword anchors).
_OPTIMISED_CLASSES = ("Exact-match keyword", "Partial-match keyword")


def _network_traits(reasons: pd.Series | None) -> list[tuple[str, int]]:
    """What members of one network share, from the network signal's words in their reasons, with counts.

    >>> why = "one of 3 referring domains sharing the same anchor (a link network)"
    >>> _network_traits(pd.Series([why + "; x", why, ""]))
    [('the same anchor', 2)]
    """
    if reasons is None:
        return []
    counts: dict[str, int] = {}
    for text in reasons.fillna("").astype(str):
        for trait in dict.fromkeys(_NETWORK_REASON.findall(text)):
            counts[trait] = counts.get(trait, 0) + 1
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def find_patterns(summary: Mapping[str, Any], domains: pd.DataFrame) -> dict[str, Any]:
    """The patterns the report's verdict states, from a summary and the domain table.

    Works from ``summary.json`` and ``domains.csv`` alike (``toxicity report`` has nothing else), so it
    reads only what both hold.

    Parameters
    ----------
    summary : from :func:`summarise` or :func:`read_summary`
    domains : the domain table; its ``network`` / ``network_size`` columns (when present) group link networks

    Returns
    -------
    dict
        ``disavow`` (domains, links), ``review`` (domains), ``reasons`` (the :data:`PATTERN_REASONS` reasons
        most often given for the suggested disavows, as (reason, domains)), ``networks`` (per network: id,
        domains, links, the first :data:`PATTERN_MEMBERS` members by risk, ``traits``: what the members are
        said to share, as (trait, members saying so), most said first), ``anchors`` (keyword classes above
        their natural range: label, share, natural_high) and ``bursts`` (unit, periods, links, high_links).

    Examples
    --------
    >>> d = pd.DataFrame({"domain": ["a.xyz", "b.xyz", "c.org"], "links": [3, 2, 1], "risk": [90, 80, 5],
    ...                   "suggestion": ["disavow", "disavow", "keep"],
    ...                   "reasons": ["network; spam", "network", ""],
    ...                   "network": [1, 1, None]})
    >>> p = find_patterns({"anchor_classes": {"classes": []}, "timeline": {"periods": []}}, d)
    >>> p["disavow"], p["reasons"], p["networks"][0]["members"]
    ({'domains': 2, 'links': 5}, [('network', 2), ('spam', 1)], ['a.xyz', 'b.xyz'])
    """
    suggestion = (
        domains["suggestion"].astype(str) if "suggestion" in domains else pd.Series("", index=domains.index)
    )
    links = (
        pd.to_numeric(domains["links"], errors="coerce").fillna(0) if "links" in domains else suggestion * 0
    )
    to_disavow = suggestion == DISAVOW
    counts: dict[str, int] = {}
    if "reasons" in domains:
        for text in domains.loc[to_disavow, "reasons"].fillna("").astype(str):
            # Each domain counts once per reason; what speaks for a domain is no reason to disavow it.
            for reason in dict.fromkeys(r.strip() for r in text.split(";")):
                if reason and not reason.startswith("in its favour"):
                    counts[reason] = counts.get(reason, 0) + 1
    reasons = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:PATTERN_REASONS]

    networks: list[dict[str, Any]] = []
    if "network" in domains:
        ids = pd.to_numeric(domains["network"], errors="coerce")
        risk = pd.to_numeric(domains["risk"], errors="coerce") if "risk" in domains else ids * 0
        for net, group in domains[ids.notna()].groupby(ids[ids.notna()], sort=True):
            order = risk.loc[group.index].sort_values(ascending=False, kind="stable").index
            networks.append(
                {
                    "id": int(net),
                    "domains": len(group),
                    "links": int(links.loc[group.index].sum()),
                    "members": [str(m) for m in group.loc[order, "domain"].head(PATTERN_MEMBERS)],
                    "traits": _network_traits(group.get("reasons", None)),
                }
            )
        networks.sort(key=lambda n: (-n["domains"], n["id"]))

    anchors = [
        {"label": c["label"], "share": c["share"], "natural_high": c["natural_high"]}
        for c in summary["anchor_classes"]["classes"]
        if c["label"] in _OPTIMISED_CLASSES and c.get("status") == "above"
    ]

    t = summary["timeline"]
    bursts = None
    if t["periods"] and t.get("bursts"):
        per_band = {b: sum(t["counts"][b][i] for i in t["bursts"]) for b in BANDS}
        bursts = {
            "unit": t["unit"],
            "periods": len(t["bursts"]),
            "links": sum(per_band.values()),
            "high_links": per_band[HIGH],
        }
    return {
        DISAVOW: {"domains": int(to_disavow.sum()), "links": int(links[to_disavow].sum())},
        REVIEW: {"domains": int((suggestion == REVIEW).sum())},
        "reasons": reasons,
        "networks": networks,
        "anchors": anchors,
        "bursts": bursts,
    }
