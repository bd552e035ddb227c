"""Reasons in words, rendered once from records: what raises the risk, the rules applied, what speaks for it.

A reason cell reads, strongest first::

    one of 20 referring domains sharing ... (a link network); the same commercial anchor comes from
    20 referring domains; ...; in its favour: linking site has real search traffic

Rules of the words: no fact with a zero in it, singular and plural right, nothing said twice, a model
phrase is dropped where a piece of evidence already says the same (``Signal.covers``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from toxicity.model.explain import Contribution, phrase
from toxicity.verdict.evidence import SIGNALS, SIGNALS_BY_CODE, WORDS, strength

#: At most this many reasons raising the risk, and speaking for the link, per cell.
MAX_RAISES = 5
MAX_FAVOUR = 2
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
    "domain_rating": "linking site has Domain Rating {value:.0f}",
    "authority_score": "authority score {value:.0f}",
}
#: Notes of the rules that move a risk or a suggestion.
FLOOR_NOTE = "held at medium at least by a hard signal, for a human look"
HOST_ONLY_NOTE = "scored from the linking URL alone: weak evidence"
CAP_NOTE = HOST_ONLY_NOTE + ", held below high"
UNCORROBORATED_NOTE = (
    "held below high: no hard signal or link-scheme evidence backs the model's reading of the site"
)
GONE_NOTE = "link no longer on the page: nothing to disavow"
LOST_NOTE = "link no longer on the page (the export reports it lost): nothing to disavow"
ALL_GONE_NOTE = "every link from this domain is gone or lost: nothing to disavow"
POPULAR_NOTE = "popular site (top {rank:,.0f} by referring subnets): check before disavowing"
SITE_NOTE = "the audited site itself"
NOTHING = "no risk signal stood out"
FAVOUR = "in its favour: "

#: ``phrase_for(feature, value, raises)`` -> words or None.
PhraseFor = Callable[[str, float, bool], "str | None"]


def phrase_maker(profile: Mapping[str, object]) -> PhraseFor:
    """Words for a model feature's value, in the direction it moves the risk.

    Binary features speak only when true ("brand anchor", "nofollow link"); templates without a
    value ("linking site has almost no search traffic") only describe raised risk, and
    :data:`LOWERS_RISK` gives the words for the other direction (a feature without such words is
    not said when it lowers the risk). A template whose value is zero says
    nothing ("domain name contains 0 digits" is not a reason).
    """
    from toxicity.features import FEATURES_BY_NAME

    words = context_words(profile)
    said: dict[tuple[str, float, bool], str | None] = {}

    def phrase_for(name: str, value: float, up: bool) -> str | None:
        key = (name, value, up)
        if key not in said:
            said[key] = _phrase(name, value, up)
        return said[key]

    def _phrase(name: str, value: float, up: bool) -> str | None:
        feature = FEATURES_BY_NAME.get(name)
        if feature is None or np.isnan(value):
            return None
        if feature.range == "0 or 1":
            return phrase(feature.reason, value, **words) if value >= 0.5 else None
        # Speaking for the link takes words written for that direction: "host is 1 subdomain level
        # deep" is a fact, not a reason to keep a link.
        template = (
            feature.reason if up else (LOWERS_RISK.get(name) or getattr(feature, "lowers", None) or None)
        )
        if template is None:
            return None
        if "{value" in template and round(value, 2) == 0:
            return None
        return phrase(template, value, **words)

    return phrase_for


def context_words(profile: Mapping[str, object]) -> dict[str, str]:
    """The profile words templates use: ``site``, ``topic`` (a given topic only), ``language``."""
    # An inferred topic is a bag of profile words: too long and too odd to quote in a reason.
    given = profile.get("topic_source") == "given" and profile.get("topic")
    return {
        "site": str(profile.get("site") or "the site"),
        "topic": str(profile.get("topic")) if given else "the site's topic",
        "language": str(profile.get("main_language") or "?"),
    }


@dataclass(frozen=True)
class Reason:
    """One reason record: what it is, which way it moves the risk, its value, where it comes from.

    ``direction`` is ``raises``, ``lowers`` or ``rule``; ``strength`` is the log-odds it adds (rules: 0).
    """

    code: str
    direction: str
    value: float
    source: str
    strength: float
    text: str


class EvidenceWords:
    """Reason records of evidence rows, each (signal, value) worded once (a million rows share few)."""

    def __init__(self, ctx: Mapping[str, object]) -> None:
        self.codes = [s.code for s in SIGNALS]
        self.ctx = ctx
        self._memo: dict[tuple[int, float, int], Reason | None] = {}
        self._hacked = self.codes.index("hacked_page") if "hacked_page" in self.codes else -1
        self._spam = self.codes.index("off_topic_spam") if "off_topic_spam" in self.codes else -1
        self._network = self.codes.index("network") if "network" in self.codes else -1

    def _reason(self, j: int, value: float, shared: int) -> Reason | None:
        key = (j, value, shared if j == self._network else 0)
        if key not in self._memo:
            code = self.codes[j]
            s = strength(code, value)
            self._memo[key] = (
                Reason(
                    code,
                    "raises",
                    value,
                    SIGNALS_BY_CODE[code].source,
                    s,
                    WORDS[code](value, {**self.ctx, "network_shared": shared}),
                )
                if s > 0
                else None
            )
        return self._memo[key]

    def row(self, values: Sequence[float], shared: int = 0) -> list[Reason]:
        """Reason records for one row of evidence values (in :data:`SIGNALS` order; NaN: absent)."""
        hacked = self._hacked >= 0 and not math.isnan(values[self._hacked])
        out = []
        for j, v in enumerate(values):
            if math.isnan(v) or (hacked and j == self._spam):  # absent, or said by the hacked-page words
                continue
            r = self._reason(j, v, shared)
            if r is not None:
                out.append(r)
        return out


def render_bulk(
    book: EvidenceWords,
    shown: np.ndarray,
    shared: np.ndarray,
    notes: Sequence[tuple[np.ndarray, str]],
    lead: Sequence[tuple[np.ndarray, str]],
    overrides: tuple[np.ndarray, np.ndarray, list[str]] | None = None,
) -> pa.ChunkedArray:
    """:func:`render` for many rows of evidence at once (no model records), in Arrow, without a
    Python string per row: each (signal, value) is worded once, rows are joined by Arrow.

    ``shown``: evidence values (rows x signals in ``book.codes`` order, NaN: absent); ``notes`` and
    ``lead``: (mask, text) pairs in order; ``overrides``: (rows, ids, table): row ``rows[i]`` reads
    ``table[ids[i]]`` instead (rows worded one by one). Returns the text per row ('' where nothing
    is said), in dictionary-encoded chunks.
    """
    n = shown.shape[0]
    rows_o, ids_o, table = (
        overrides if overrides is not None else (np.zeros(0, np.int64), np.zeros(0, np.int64), [])
    )
    order = np.argsort(rows_o, kind="stable")
    rows_o, ids_o = rows_o[order], ids_o[order]
    table_o = pa.array(table, type=pa.large_string())
    parts = []
    for start in range(0, max(n, 1), BULK_ROWS):
        stop = min(n, start + BULK_ROWS)
        rows = slice(start, stop)
        text = _render_chunk(
            book,
            shown[rows],
            shared[rows],
            [(np.asarray(m, bool)[rows], t) for m, t in notes],
            [(np.asarray(m, bool)[rows], t) for m, t in lead],
        )
        lo, hi = np.searchsorted(rows_o, [start, stop])
        if hi > lo:
            mask = np.zeros(stop - start, bool)
            mask[rows_o[lo:hi] - start] = True
            text = pc.replace_with_mask(text, pa.array(mask), table_o.take(pa.array(ids_o[lo:hi])))
        # most links repeat words their neighbours say: keep each distinct text once
        parts.append(pc.dictionary_encode(text))
    # chunks stay chunks (no copy of a million texts to glue them)
    return pa.chunked_array(parts, type=pa.dictionary(pa.int32(), pa.large_string()))


#: Rows rendered at once: the per-row temporaries stay near a hundred MB whatever the export size.
BULK_ROWS = 100_000


def _render_chunk(
    book: EvidenceWords,
    shown: np.ndarray,
    shared: np.ndarray,
    notes: Sequence[tuple[np.ndarray, str]],
    lead: Sequence[tuple[np.ndarray, str]],
) -> pa.Array:
    """:func:`render_bulk` of one chunk of rows (no overrides)."""
    n, k = shown.shape
    table: list[str] = []
    glob = np.full((n, k), -1, dtype=np.int32)
    strength = np.full((n, k), -np.inf, dtype=np.float32)
    hacked = ~np.isnan(shown[:, book._hacked]) if book._hacked >= 0 else np.zeros(n, bool)
    for j in range(k):
        on = ~np.isnan(shown[:, j])
        if j == book._spam:
            on &= ~hacked
        rows = np.flatnonzero(on)
        if not len(rows):
            continue
        share = shared[rows] if j == book._network else 0
        # value and footprint bits (< 8) in one float key: one factorisation
        codes, uniques = pd.factorize(shown[rows, j] * 8.0 + share)
        made = [
            book._reason(j, float(u // 8.0), int(u % 8.0))
            if j == book._network
            else book._reason(j, float(u), 0)
            for u in uniques
        ]
        ids = np.full(len(made), -1, dtype=np.int32)
        for i, m in enumerate(made):
            if m is not None:
                ids[i] = len(table)
                table.append(m.text)
        powers = np.array([m.strength if m else -np.inf for m in made], dtype=np.float32)
        glob[rows, j] = ids[codes]
        strength[rows, j] = powers[codes]
    words_table = pa.array(table, type=pa.large_string())

    def constant(mask: np.ndarray, text: str) -> pa.Array:
        return pa.DictionaryArray.from_arrays(
            pa.array(np.zeros(n, dtype=np.int32), mask=~np.asarray(mask, bool)),
            pa.array([text], type=pa.large_string()),
        ).cast(pa.large_string())

    # an empty sentinel first: Arrow's join drops rows whose every part is null
    columns: list[pa.Array] = [constant(np.ones(n, bool), "")]
    for mask, text in lead:
        columns.append(constant(mask, text))
    any_rows = np.flatnonzero((glob >= 0).any(axis=1))
    if len(any_rows):
        # strongest first; ties keep the signal order (the catalogue lists the strongest kinds first)
        order = np.argsort(-strength[any_rows], axis=1, kind="stable")[:, :MAX_RAISES]
        picked = np.take_along_axis(glob[any_rows], order, axis=1)
        del order
        for c in range(picked.shape[1]):
            idx = np.full(n, -1, dtype=np.int32)
            idx[any_rows] = picked[:, c]
            columns.append(words_table.take(pa.array(idx, mask=idx < 0)))
    del glob, strength
    for mask, text in notes:
        columns.append(constant(mask, text))
    joined = pc.binary_join_element_wise(
        *columns, pa.scalar("; ", type=pa.large_string()), null_handling="skip"
    )
    # Every row that says something starts with the empty sentinel's "; "; the others are "".
    return pc.utf8_slice_codeunits(joined, start=2)


def model_reasons(records: Sequence[Contribution], phrase_for: PhraseFor) -> list[Reason]:
    """Reason records for a row's model contributions."""
    out = []
    for r in records:
        up = r.contribution > 0
        text = phrase_for(r.feature, r.value, up)
        if text:
            out.append(
                Reason(r.feature, "raises" if up else "lowers", r.value, "model", abs(r.contribution), text)
            )
    return out


def with_model(evidence: list[Reason], model: Sequence[Reason]) -> list[Reason]:
    """A row's evidence records, then its model records, less the features the evidence already says."""
    covered = {f for r in evidence for f in SIGNALS_BY_CODE[r.code].covers}
    return evidence + [r for r in model if r.code not in covered]


def render(reasons: Sequence[Reason], notes: Sequence[str] = (), *, lead: Sequence[str] = ()) -> str:
    """One reason cell: ``lead`` notes, what raises the risk (strongest first), rule notes, then what speaks
    for it.

    >>> r = [Reason("a", "raises", 1, "model", 0.2, "x"), Reason("b", "raises", 1, "page", 1.1, "y"),
    ...      Reason("c", "lowers", 1, "model", 0.3, "z"), Reason("d", "raises", 1, "model", 0.1, "x")]
    >>> render(r, ["capped"])
    'y; x; capped; in its favour: z'
    """
    seen: set[str] = set()

    def fresh(text: str) -> bool:
        if not text or text in seen:
            return False
        seen.add(text)
        return True

    parts = [t for t in lead if fresh(t)]
    raises = sorted((r for r in reasons if r.direction == "raises"), key=lambda r: -r.strength)
    parts += [r.text for r in raises if fresh(r.text)][:MAX_RAISES]
    parts += [t for t in notes if fresh(t)]
    favour = [
        r.text
        for r in sorted((r for r in reasons if r.direction == "lowers"), key=lambda r: -r.strength)
        if fresh(r.text)
    ][:MAX_FAVOUR]
    if not parts and not favour:
        return NOTHING
    if favour:
        parts.append(FAVOUR + ", ".join(favour))
    return "; ".join(parts)
