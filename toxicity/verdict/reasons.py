"""Reasons in words, rendered once from records: what raises the risk, the rules applied, what speaks for it.

A reason cell reads, strongest first::

    one of 20 referring domains sharing ... (a link network); the same commercial anchor comes from
    20 referring domains; ...; in its favour: linking site has real search traffic

Rules of the words: no fact with a zero in it, singular and plural right, nothing said twice, a model
phrase is dropped where a piece of evidence already says the same (``Signal.covers``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from toxicity.model.explain import Contribution, phrase
from toxicity.verdict.evidence import SIGNALS_BY_CODE, WORDS, strength

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
UNCORROBORATED_NOTE = "held below high: no hard signal or link-scheme evidence backs the model's reading of the site"
GONE_NOTE = "link no longer on the page: nothing to disavow"
LOST_NOTE = "the export reports the link as lost: nothing to disavow"
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

    def phrase_for(name: str, value: float, up: bool) -> str | None:
        feature = FEATURES_BY_NAME.get(name)
        if feature is None or np.isnan(value):
            return None
        if feature.range == "0 or 1":
            return phrase(feature.reason, value, **words) if value >= 0.5 else None
        # Speaking for the link takes words written for that direction: "host is 1 subdomain level
        # deep" is a fact, not a reason to keep a link.
        template = feature.reason if up else LOWERS_RISK.get(name)
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


def evidence_reasons(values: Mapping[str, float], ctx: Mapping[str, object]) -> list[Reason]:
    """Reason records for the evidence values of one row (absent values skipped)."""
    out = []
    hacked = values.get("hacked_page")
    for code, value in values.items():
        if value is None or np.isnan(value):
            continue
        if code == "off_topic_spam" and hacked is not None and not np.isnan(hacked):
            continue  # the hacked-page words say it, with the reason why
        s = strength(code, value)
        if s <= 0:
            continue
        out.append(Reason(code, "raises", float(value), SIGNALS_BY_CODE[code].source, s, WORDS[code](value, ctx)))
    return out


def model_reasons(records: Sequence[Contribution], phrase_for: PhraseFor, covered: set[str]) -> list[Reason]:
    """Reason records for a row's model contributions (features ``covered`` by evidence skipped)."""
    out = []
    for r in records:
        if r.feature in covered:
            continue
        up = r.contribution > 0
        text = phrase_for(r.feature, r.value, up)
        if text:
            out.append(Reason(r.feature, "raises" if up else "lowers", r.value, "model", abs(r.contribution), text))
    return out


def covered_by(codes: Sequence[str]) -> set[str]:
    """Model features whose words the present evidence ``codes`` already say."""
    return {f for c in codes for f in SIGNALS_BY_CODE[c].covers}


def render(reasons: Sequence[Reason], notes: Sequence[str] = (), *, lead: Sequence[str] = ()) -> str:
    """One reason cell: ``lead`` notes, what raises the risk (strongest first), rule notes, then what speaks for it.

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
    favour = [r.text for r in sorted((r for r in reasons if r.direction == "lowers"), key=lambda r: -r.strength)
              if fresh(r.text)][:MAX_FAVOUR]
    if not parts and not favour:
        return NOTHING
    if favour:
        parts.append(FAVOUR + ", ".join(favour))
    return "; ".join(parts)
