"""The verdict: from the model's probability and every piece of evidence to the risk, band,
suggestion and reasons an auditor reads. One step, one place (:func:`decide`); nothing edits a band
afterwards.

* :mod:`~toxicity.verdict.scale`: what a risk of 0-100 means, the fixed bands, and the one spelling of
  the band and suggestion names (and the band colours);
* :mod:`~toxicity.verdict.evidence`: signals the model does not weigh (public lists, the export's
  own verdicts, link networks, bursts, repeated commercial anchors, sitewide placement, page facts),
  each with a stated odds factor >= 1;
* :mod:`~toxicity.verdict.profile`: the profile-level computations behind them (networks, bursts);
* :mod:`~toxicity.verdict.reasons`: reason records and their words, rendered once;
* :mod:`~toxicity.verdict.decide`: the step itself and the roll-up per referring domain.
"""

from __future__ import annotations

from toxicity.verdict.decide import DOMAIN_COLUMNS, Verdict, decide
from toxicity.verdict.evidence import SIGNALS, Evidence, Signal, gather_evidence
from toxicity.verdict.scale import (
    BAND_COLOURS,
    BAND_FLOORS,
    BANDS,
    PROFILE_TOXIC_SHARE,
    SUGGESTIONS,
    band_of,
    bands_of,
    describe_scale,
    model_base_rate,
    risk_of,
)

__all__ = [
    "BANDS",
    "BAND_COLOURS",
    "BAND_FLOORS",
    "DOMAIN_COLUMNS",
    "PROFILE_TOXIC_SHARE",
    "SIGNALS",
    "SUGGESTIONS",
    "Evidence",
    "Signal",
    "Verdict",
    "band_of",
    "bands_of",
    "decide",
    "describe_scale",
    "gather_evidence",
    "model_base_rate",
    "risk_of",
]
