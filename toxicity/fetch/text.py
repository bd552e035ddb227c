"""Cheap, offline measures of a page's visible text: words, language, readability, keyword stuffing.

Nothing here downloads anything (textstat's syllable scores try to fetch NLTK's cmudict and raise
``LookupError`` offline): syllables are estimated from vowel groups, which tracks dictionary counts
closely enough for a readability *signal* (Flesch reading ease on English-like text).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Final

_WORD_RE: Final = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_SENTENCE_END_RE: Final = re.compile(r"[.!?。！？]+(?=\s|$)")
_VOWEL_GROUP_RE: Final = re.compile(r"[aeiouyàâäéèêëîïôöûüù]+")

#: Fewest words for a readability score; shorter text gives a meaningless one.
MIN_WORDS_READABILITY: Final = 30
#: Fewest words for a keyword-stuffing score.
MIN_WORDS_STUFFING: Final = 20

# The most frequent function words of a few languages; a page's language is guessed from them only
# when the ``lang`` attribute is missing.
_STOPWORDS: Final[dict[str, frozenset[str]]] = {
    "en": frozenset(
        [
            "the",
            "and",
            "of",
            "to",
            "in",
            "is",
            "that",
            "for",
            "it",
            "with",
            "as",
            "was",
            "on",
            "are",
            "this",
            "be",
            "by",
            "you",
            "at",
            "or",
            "from",
            "have",
            "not",
        ]
    ),
    "de": frozenset(
        [
            "der",
            "die",
            "und",
            "in",
            "den",
            "von",
            "zu",
            "das",
            "mit",
            "sich",
            "des",
            "auf",
            "für",
            "ist",
            "im",
            "dem",
            "nicht",
            "ein",
            "eine",
            "als",
            "auch",
        ]
    ),
    "fr": frozenset(
        [
            "le",
            "la",
            "les",
            "de",
            "des",
            "et",
            "est",
            "un",
            "une",
            "du",
            "en",
            "que",
            "qui",
            "dans",
            "pour",
            "pas",
            "sur",
            "au",
            "avec",
            "ce",
            "il",
        ]
    ),
    "es": frozenset(
        [
            "el",
            "la",
            "de",
            "que",
            "y",
            "en",
            "los",
            "del",
            "se",
            "las",
            "por",
            "un",
            "para",
            "con",
            "una",
            "es",
            "al",
            "lo",
            "como",
            "más",
        ]
    ),
    "it": frozenset(
        [
            "il",
            "di",
            "che",
            "la",
            "per",
            "un",
            "in",
            "è",
            "del",
            "non",
            "una",
            "sono",
            "le",
            "con",
            "della",
            "si",
            "da",
            "al",
            "gli",
        ]
    ),
    "nl": frozenset(
        [
            "de",
            "het",
            "een",
            "en",
            "van",
            "in",
            "is",
            "dat",
            "op",
            "te",
            "zijn",
            "voor",
            "met",
            "die",
            "niet",
            "aan",
            "er",
            "ook",
            "als",
        ]
    ),
    "pt": frozenset(
        [
            "de",
            "a",
            "o",
            "que",
            "e",
            "do",
            "da",
            "em",
            "um",
            "para",
            "com",
            "não",
            "uma",
            "os",
            "no",
            "se",
            "na",
            "por",
            "mais",
            "as",
            "dos",
        ]
    ),
    "pl": frozenset(
        [
            "i",
            "w",
            "na",
            "z",
            "do",
            "nie",
            "się",
            "jest",
            "to",
            "że",
            "o",
            "jak",
            "po",
            "za",
            "od",
            "ale",
            "czy",
            "tak",
            "przez",
        ]
    ),
}
_ALL_STOPWORDS: Final = frozenset().union(*_STOPWORDS.values())


def words_of(text: str) -> list[str]:
    """Lower-case words (letters only, inner apostrophes kept) of ``text``.

    >>> words_of("Don't stop: 3 casinos, 2 bets!")
    ["don't", 'stop', 'casinos', 'bets']
    """
    return [w.lower() for w in _WORD_RE.findall(text)]


def guess_language(words: Sequence[str]) -> str | None:
    """Guess an ISO 639-1 code from function words; ``None`` when the evidence is thin or split.

    >>> guess_language("the cat sat on the mat and it was happy with the sun".split())
    'en'
    >>> guess_language(["casino"]) is None
    True
    """
    sample = words[:3000]
    hits = {lang: sum(1 for w in sample if w in stops) for lang, stops in _STOPWORDS.items()}
    ranked = sorted(hits.items(), key=lambda kv: kv[1], reverse=True)
    (best, n1), (_, n2) = ranked[0], ranked[1]
    if n1 >= 5 and n1 >= 2 * n2:
        return best
    return None


@lru_cache(maxsize=200_000)
def syllables(word: str) -> int:
    """Estimated syllables of a lower-case word: vowel groups, less a silent final ``e``, at least 1.

    >>> [syllables(w) for w in ("cat", "make", "reading", "table")]
    [1, 1, 2, 2]
    """
    n = len(_VOWEL_GROUP_RE.findall(word))
    if word.endswith("e") and not word.endswith(("le", "ee")) and n > 1:
        n -= 1
    return max(1, n)


def flesch_reading_ease(text: str, words: Sequence[str]) -> float:
    """Flesch reading ease (0 hard - 100 easy, clipped) of ``text``; NaN under 30 words.

    ``words`` are the words of ``text`` (see :func:`words_of`), passed in to avoid splitting twice.
    """
    if len(words) < MIN_WORDS_READABILITY:
        return math.nan
    sentences = max(1, len(_SENTENCE_END_RE.findall(text)))
    syl = sum(syllables(w) * n for w, n in Counter(words).items())
    score = 206.835 - 1.015 * (len(words) / sentences) - 84.6 * (syl / len(words))
    return float(min(100.0, max(0.0, score)))


def keyword_stuffing(words: Sequence[str]) -> tuple[float, str | None]:
    """Share of the text taken by its most repeated content word, and that word.

    Function words of the supported languages and words under four letters are ignored. Ordinary
    prose rarely goes above 0.03; pages written for a search engine reach 0.1 and more. NaN (and
    ``None``) under 20 words.

    >>> share, word = keyword_stuffing(("casino " * 10 + "we play games every night here with friends " * 2).split())
    >>> round(share, 3), word
    (0.385, 'casino')
    """
    if len(words) < MIN_WORDS_STUFFING:
        return math.nan, None
    counts = Counter(w for w in words if len(w) >= 4 and w not in _ALL_STOPWORDS)
    if not counts:
        return 0.0, None
    word, n = counts.most_common(1)[0]
    return n / len(words), word


def vocabulary_hits(words: Sequence[str], vocab: Mapping[str, frozenset[str]]) -> Counter[str]:
    """How often each vocabulary word occurs in ``words`` (whole words only)."""
    known = frozenset().union(*vocab.values()) if vocab else frozenset()
    return Counter(w for w in words if w in known)
