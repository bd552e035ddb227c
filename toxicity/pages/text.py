"""Cheap, offline measures of a page's visible text: words, readability, keyword stuffing, spam words.

Nothing here downloads anything. Readability is :func:`toxicity.knowledge.text.flesch_reading_ease`
(syllables estimated from vowel groups), the same score the feature families give titles and link
context, on the page's text with white space collapsed; function words are
:data:`toxicity.knowledge.text.ALL_LANGUAGE_STOPWORDS`.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Final

from toxicity.knowledge.text import ALL_LANGUAGE_STOPWORDS, flesch_reading_ease

_WORD_RE: Final = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_SPACE_RE: Final = re.compile(r"\s+")

#: Fewest words for a readability score; shorter text gives a meaningless one.
MIN_WORDS_READABILITY: Final = 30
#: Fewest words for a keyword-stuffing score.
MIN_WORDS_STUFFING: Final = 20


def words_of(text: str) -> list[str]:
    """Lower-case words (letters only, inner apostrophes kept) of ``text``.

    >>> words_of("Don't stop: 3 casinos, 2 bets!")
    ["don't", 'stop', 'casinos', 'bets']
    """
    return [w.lower() for w in _WORD_RE.findall(text)]


def page_reading_ease(text: str, words: Sequence[str]) -> float:
    """Flesch reading ease of a page's visible ``text``, clipped to 0 (hard) - 100 (easy); NaN under 30 words.

    ``words`` are the words of ``text`` (see :func:`words_of`): they decide whether there are enough.
    """
    if len(words) < MIN_WORDS_READABILITY:
        return math.nan
    ease, _ = flesch_reading_ease([_SPACE_RE.sub(" ", text).strip()])
    return float(min(100.0, max(0.0, float(ease[0]))))


def keyword_stuffing(words: Sequence[str]) -> tuple[float, str | None]:
    """Share of the text taken by its most repeated content word, and that word.

    Function words of the supported languages and words under four letters are ignored. Ordinary
    prose rarely goes above 0.03; pages written for a search engine reach 0.1 and more. NaN (and
    ``None``) under 20 words.

    >>> share, word = keyword_stuffing(
    ...     ("casino " * 10 + "we play games every night here with friends " * 2).split()
    ... )
    >>> round(share, 3), word
    (0.385, 'casino')
    """
    if len(words) < MIN_WORDS_STUFFING:
        return math.nan, None
    counts = Counter(w for w in words if len(w) >= 4 and w not in ALL_LANGUAGE_STOPWORDS)
    if not counts:
        return 0.0, None
    word, n = counts.most_common(1)[0]
    return n / len(words), word


def vocabulary_hits(words: Sequence[str], vocab: Mapping[str, frozenset[str]]) -> Counter[str]:
    """How often each vocabulary word occurs in ``words`` (whole words only)."""
    known = frozenset().union(*vocab.values()) if vocab else frozenset()
    return Counter(w for w in words if w in known)
