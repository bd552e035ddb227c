"""Readability family: Flesch reading ease of titles and link context, offline and vectorised.

The score is :func:`toxicity.knowledge.text.flesch_reading_ease` (one definition for titles, link
context and fetched pages). Its counts are sums over the bytes of a text, so the counts of a text
joined from two parts with a space are the sums of the parts' counts: the link context (left and
right of the link) is counted once per unique left and once per unique right text.
"""

from __future__ import annotations

import numpy as np

from toxicity.features.columns import FeatureColumns
from toxicity.features.text import LinkCodes, gather
from toxicity.knowledge.text import flesch_from_counts, text_counts


def readability_features(link_codes: LinkCodes, out: FeatureColumns) -> None:
    """Write the readability family columns into ``out``: title and context reading ease and length."""
    codes, titles = link_codes.title_codes, link_codes.titles
    counts = text_counts(titles)
    ease, words = flesch_from_counts(counts, np.zeros(len(titles), dtype=bool))
    out.gather("title_reading_ease", ease, codes)
    out.gather("title_words", words, codes)
    upper, letters = counts["upper"], counts["letters"]
    with np.errstate(divide="ignore", invalid="ignore"):
        out.gather("title_caps_share", np.where(letters > 0, upper / letters, np.nan), codes)
    out["cov_title"] = codes >= 0

    context = link_codes.context
    left, right = text_counts(context.left), text_counts(context.right)
    # a missing side counts as an empty text
    row_counts = {
        name: gather(left[name], context.left_codes, fill=0.0)
        + gather(right[name], context.right_codes, fill=0.0)
        for name in ("words", "vowel_groups", "silent_e", "sentence_ends")
    }
    missing = context.missing
    out["context_reading_ease"], out["context_words"] = flesch_from_counts(row_counts, missing)
    out["cov_context"] = ~missing
