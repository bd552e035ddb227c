"""The risk scale: what a risk of 0-100 means, the same for every model.

A model's calibrated probability carries the class mix it was trained on: the shipped model learned
from a set that is 70% toxic, so an ordinary small site read 57-73 on its raw scale. The risk an
auditor reads is put on one stated scale instead:

    **risk = the chance, in percent, that the link is one to disavow, in a backlink profile where
    about** :data:`PROFILE_TOXIC_SHARE` **of the links are.**

Two questions are asked of every link, each in log-odds (logit) space, where Bayes' rule is a sum:

1. **Is the linking site a spam site?** The model's probability ``p`` (it learned from site-level
   labels) is moved from its training mix (``base_rate``, from the model card) to the stated profile
   mix, ``logit(p) - logit(base_rate) + logit(PROFILE_TOXIC_SHARE)``, and each piece of *site*
   evidence the model does not weigh (public lists, the export's own spam verdict, spam categories
   and words, fetched-page markers) multiplies the odds by its stated factor
   (:mod:`toxicity.verdict.evidence`).
2. **Is the link part of a link scheme, whatever the site?** Paid, PBN and dropped links sit on
   ordinary-looking sites, where the model rightly sees nothing wrong with the site. Starting from
   :data:`SCHEME_SHARE`, each piece of *scheme* evidence (a link network, a burst, a commercial
   anchor repeated across domains, a sitewide commercial link, comment and profile drops, authority
   without traffic) multiplies the odds by its factor; no scheme evidence, no scheme risk.
3. A link is one to disavow if either holds: ``risk = round(100 * (1 - (1 - site) * (1 - scheme)))``.

Bands are fixed on that scale (:data:`BAND_FLOORS`): ``medium`` from 40 (worth a human look),
``high`` from 70 (more than two chances in three: suggested for disavow after review).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

#: Bands in increasing order of risk: the one spelling of their names (every module imports them from here).
BANDS: tuple[str, ...] = ("low", "medium", "high")
LOW, MEDIUM, HIGH = BANDS
#: The colour each band is drawn in, in the report and its plots (colour-blind safe against each other
#: and readable in print).
BAND_COLOURS: dict[str, str] = {LOW: "#8fb8a0", MEDIUM: "#e8a33d", HIGH: "#c8453b"}
#: What the roll-up suggests for a referring domain, most severe first: ``disavow`` (high band),
#: ``review`` (medium band), ``keep``. A human's decision is one of them other than ``review``.
SUGGESTIONS: tuple[str, ...] = ("disavow", "review", "keep")
DISAVOW, REVIEW, KEEP = SUGGESTIONS
#: The share of toxic links in the profile the scale is stated for (a typical audited site).
PROFILE_TOXIC_SHARE = 0.15
#: Lowest risk of each band; a band is a function of the risk shown, nothing else.
BAND_FLOORS: dict[str, int] = {MEDIUM: 40, HIGH: 70}
#: Highest risk of each band below ``high``.
BAND_CEILINGS: dict[str, int] = {LOW: BAND_FLOORS[MEDIUM] - 1, MEDIUM: BAND_FLOORS[HIGH] - 1}
#: The share of links that are part of a link scheme (a PBN, paid or dropped links) in a profile,
#: before any scheme evidence: the prior of the *scheme* question.
SCHEME_SHARE = 0.05
#: A calibrated probability is trusted only this far from 0 and 1 (isotonic end steps rest on few rows).
PROBABILITY_CLIP = (0.01, 0.99)


def logit(p: np.ndarray | float) -> np.ndarray:
    """log(p / (1 - p)), with ``p`` clipped to :data:`PROBABILITY_CLIP`."""
    q = np.clip(np.asarray(p, dtype=float), *PROBABILITY_CLIP)
    return np.log(q / (1.0 - q))


def model_base_rate(card: Any) -> float:
    """The toxic share a model's probabilities are calibrated to, from its card.

    The card's ``training_data`` says how many toxic and clean rows trained it (the shipped model:
    ``toxic``/``clean``; models from ``toxicity train``: the labeled rows, whose validation folds
    fit the calibration). Unknown -> 0.5 (no shift).

    >>> from types import SimpleNamespace
    >>> model_base_rate(SimpleNamespace(training_data={"toxic": 70, "clean": 30}))
    0.7
    """
    data: Mapping[str, Any] = getattr(card, "training_data", None) or {}
    toxic, clean = data.get("toxic"), data.get("clean")
    try:
        t, c = float(toxic), float(clean)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0.5
    if t <= 0 or c <= 0:
        return 0.5
    return t / (t + c)


def prior_shift(probability: np.ndarray, base_rate: float) -> np.ndarray:
    """Log-odds of ``probability`` moved from the model's ``base_rate`` to :data:`PROFILE_TOXIC_SHARE`.

    >>> float(np.round(prior_shift(np.array([0.7]), 0.7)[0], 3)) == float(np.round(logit(0.15), 3))
    True
    """
    return logit(probability) - logit(base_rate) + logit(PROFILE_TOXIC_SHARE)


def sigmoid(z: np.ndarray) -> np.ndarray:
    """1 / (1 + exp(-z))."""
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=float)))


def combined_probability(site_log_odds: np.ndarray, scheme_log_factor: np.ndarray) -> np.ndarray:
    """The chance that a link is one to disavow: its site is a spam site, or the link is part of a scheme.

    ``1 - (1 - site) * (1 - scheme)``: ``site`` from the site's log-odds (the model moved to the
    profile share, times the site evidence); ``scheme`` from :data:`SCHEME_SHARE` times the scheme
    evidence, and 0 where there is none. Both only grow with evidence, and so does the result.

    >>> combined_probability(np.array([-10.0]), np.array([0.0])).round(3).tolist()
    [0.0]
    """
    site = sigmoid(site_log_odds)
    factor = np.asarray(scheme_log_factor, dtype=float)
    scheme = np.where(factor > 0, sigmoid(logit(SCHEME_SHARE) + factor), 0.0)
    return 1.0 - (1.0 - site) * (1.0 - scheme)


def risk_of(probability: np.ndarray) -> np.ndarray:
    """Risk 0-100 (integers) from a probability.

    >>> risk_of(np.array([0.5, 0.0, 1.0, 0.004])).tolist()
    [50, 0, 100, 0]
    """
    return np.rint(100.0 * np.asarray(probability, dtype=float)).astype(np.int64)


def bands_of(risk: np.ndarray, thresholds: Mapping[str, float]) -> np.ndarray:
    """Band name per risk value: ``high`` at or above ``thresholds['high']``, ``medium`` at or above
    ``thresholds['medium']``, else ``low``.

    :func:`band_of` gives it the fixed :data:`BAND_FLOORS` of the risk scale; a model's evaluation
    (:mod:`toxicity.model.evaluation`) the thresholds chosen for that model.

    >>> bands_of(np.array([10.0, 30.0, 60.0]), {"medium": 30.0, "high": 60.0}).tolist()
    ['low', 'medium', 'high']
    """
    r = np.asarray(risk, dtype=float)
    return np.where(r >= thresholds[HIGH], HIGH, np.where(r >= thresholds[MEDIUM], MEDIUM, LOW))


def band_of(risk: np.ndarray) -> np.ndarray:
    """Band name per risk (:data:`BAND_FLOORS`).

    >>> band_of(np.array([0, 39, 40, 69, 70, 100])).tolist()
    ['low', 'low', 'medium', 'medium', 'high', 'high']
    """
    return bands_of(risk, BAND_FLOORS).astype(object)


def describe_scale() -> str:
    """One sentence for the README, the report and ``summary.json``."""
    return (
        f"Risk is the estimated chance, in percent, that a link is one to disavow, for a backlink profile in "
        f"which about {PROFILE_TOXIC_SHARE:.0%} of links are: the model's probability moved from its "
        f"training "
        f"mix to that share, times the stated factor of each piece of evidence found. Bands: low below "
        f"{BAND_FLOORS[MEDIUM]}, medium {BAND_FLOORS[MEDIUM]}-{BAND_CEILINGS[MEDIUM]}, high from "
        f"{BAND_FLOORS[HIGH]}."
    )
