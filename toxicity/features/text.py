"""Vectorised text helpers shared by the feature families: codes of unique values, tokens.

Work is done on unique values (pyarrow compute kernels, no Python loop per row) and mapped back
with integer codes, so a million links cost what their distinct hosts, anchors and titles cost.
Stopwords, the language guess and the byte-level kernels are :mod:`toxicity.knowledge.text`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from toxicity.knowledge.text import (
    STOPWORDS,
    guess_language,
    letter_chunks,
    text_bytes,
    to_arrow,
)

__all__ = [
    "CONTEXT_CHARS",
    "STOPWORDS",  # from toxicity.knowledge.text
    "ContextParts",
    "LinkCodes",
    "anchor_codes_of",
    "codes_of",
    "gather",
    "gather_codes",
    "guess_language",  # from toxicity.knowledge.text
    "link_codes",
    "to_arrow",  # from toxicity.knowledge.text
    "tokenize",
]


def codes_of(values: pd.Series) -> tuple[np.ndarray, pa.Array]:
    """Integer code per row (-1 for missing) and the unique non-missing values as an Arrow string array."""
    # Arrow's dictionary encoding numbers values in order of first appearance, as pd.factorize
    # does, at about half its cost on a million distinct strings.
    encoded = pc.dictionary_encode(to_arrow(values))
    codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.intp, copy=False)
    return codes, encoded.dictionary


#: Characters of context read on each side of the link (the words nearest the link; bounds the cost).
CONTEXT_CHARS: Final = 80


@dataclass(frozen=True)
class ContextParts:
    """The link context as codes of unique texts: the last ``chars`` characters of the left context
    and the first ``chars`` of the right one (the words nearest the link; bounds the cost).

    A row's context is its left part, a space and its right part; it is missing when both are.
    """

    left_codes: np.ndarray
    left: pa.Array
    right_codes: np.ndarray
    right: pa.Array

    @property
    def missing(self) -> np.ndarray:
        """True for rows with neither a left nor a right context."""
        return (self.left_codes < 0) & (self.right_codes < 0)


@dataclass(frozen=True)
class LinkCodes:
    """Columns of link records as integer codes of their unique values, shared by the families.

    Attributes
    ----------
    title_codes, titles : code per row (-1: missing) and the unique source titles
    anchor_codes, anchors : the same for anchors, white space stripped and lower-cased
    domain_codes, n_domains : code of each row's referring domain and the number of domains
    context : the two sides of the link context (:class:`ContextParts`)
    """

    title_codes: np.ndarray
    titles: pa.Array
    anchor_codes: np.ndarray
    anchors: pa.Array
    domain_codes: np.ndarray
    n_domains: int
    context: ContextParts

    @property
    def n_rows(self) -> int:
        """Number of link records."""
        return len(self.title_codes)


def anchor_codes_of(anchors: pd.Series) -> tuple[np.ndarray, pa.Array]:
    """:func:`codes_of` the anchors with white space stripped and lower-cased (normalised once per unique)."""
    raw_codes, raw = codes_of(anchors)
    # normalise the unique anchors, then merge the ones that become equal
    inner, uniques = codes_of(pd.Series(pc.utf8_lower(pc.utf8_trim_whitespace(raw)), dtype="string"))
    return gather_codes(inner, raw_codes), uniques


def link_codes(links: pd.DataFrame) -> LinkCodes:
    """Factorise the title, anchor, referring domain and context columns once (see :class:`LinkCodes`)."""
    title_codes, titles = codes_of(links["source_title"])
    anchor_codes, anchors = anchor_codes_of(links["anchor"])
    domain_codes, domains = codes_of(links["source_domain"])
    left_codes, left = codes_of(links["left_context"])
    right_codes, right = codes_of(links["right_context"])
    return LinkCodes(
        title_codes=title_codes,
        titles=titles,
        anchor_codes=anchor_codes,
        anchors=anchors,
        domain_codes=domain_codes,
        n_domains=len(domains),
        context=ContextParts(
            left_codes=left_codes,
            left=pc.utf8_slice_codeunits(left, -CONTEXT_CHARS),
            right_codes=right_codes,
            right=pc.utf8_slice_codeunits(right, 0, CONTEXT_CHARS),
        ),
    )


def gather_codes(inner: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Compose codes: ``inner[codes]`` per row, -1 where ``codes`` is -1."""
    if not len(inner):
        return np.full(len(codes), -1, dtype=np.int64)
    return np.where(codes >= 0, inner[np.maximum(codes, 0)], -1)


def gather(per_unique: np.ndarray, codes: np.ndarray, fill: float = np.nan) -> np.ndarray:
    """Map a per-unique float array back to rows; rows with code -1 get ``fill`` (appended last)."""
    return np.append(np.asarray(per_unique, dtype=float), fill)[codes]


def tokenize(texts: pd.Series | pa.Array | list[str | None]) -> tuple[np.ndarray, pa.Array]:
    """Lower-case letter-only words (2+ letters) of each text.

    Words are the runs of letter bytes (:data:`LETTER_BYTE`); they are found with numpy over the
    UTF-8 bytes, a chunk at a time, and copied side by side into one Arrow array (regex kernels
    cost about 4 microseconds per text). Returns ``(parent, words)``: ``parent[i]`` is the position
    in ``texts`` of ``words[i]``.

    >>> parent, words = tokenize(["Best-Casino 2024!", None, "a été"])
    >>> parent.tolist(), words.to_pylist()
    ([0, 0, 2], ['best', 'casino', 'été'])
    """
    data, offsets = text_bytes(pc.utf8_lower(to_arrow(texts)))
    parents: list[np.ndarray] = []
    lengths: list[np.ndarray] = []
    pieces: list[np.ndarray] = []
    for c in letter_chunks(data, offsets):
        chunk, bounds, letter, before, after = c.chunk, c.bounds, c.letter, c.prev_letter, c.next_letter
        word_start = np.flatnonzero(letter & ~before)
        word_end = np.flatnonzero(letter & ~after) + 1
        n_bytes = word_end - word_start
        n_chars = n_bytes
        if len(chunk) and chunk.max() >= 0x80:
            # UTF-8 continuation bytes are not characters
            cont = np.concatenate([[0], np.cumsum((chunk & 0xC0) == 0x80, dtype=np.int64)])
            n_chars = n_bytes - (cont[word_end] - cont[word_start])
        keep = n_chars >= 2
        word_start, word_end = word_start[keep], word_end[keep]
        parents.append(np.searchsorted(bounds, word_start, side="right") - 1 + c.i0)
        lengths.append(word_end - word_start)
        inside = np.zeros(len(chunk) + 1, dtype=np.int8)
        inside[word_start] += 1
        inside[word_end] -= 1
        pieces.append(chunk[np.cumsum(inside[:-1], dtype=np.int8).astype(bool)])
    parent = np.concatenate(parents) if parents else np.zeros(0, dtype=np.int64)
    sizes = np.concatenate(lengths) if lengths else np.zeros(0, dtype=np.int64)
    word_offsets = np.concatenate([[0], np.cumsum(sizes, dtype=np.int64)])
    word_data = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.uint8)
    words = pa.LargeStringArray.from_buffers(len(sizes), pa.py_buffer(word_offsets), pa.py_buffer(word_data))
    return parent, words
