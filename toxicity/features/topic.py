"""Topical distance between the linking page and the audited site's topic, niche-aware.

The linking page's text is its host words, path words, title, anchor and the words around the
link (the last 80 characters of the left context and the first 80 of the right one). Each
component is tokenised once per unique value into a sparse count matrix over one shared
vocabulary; a row's document is the sum of its components' rows, gathered by code a chunk of
rows at a time. Similarity is scikit-learn's cosine between log-scaled term frequencies
(``TfidfTransformer(use_idf=False, sublinear_tf=True)``) of the page and of the topic. Inverse
document frequency is deliberately off: fitted on the profile it would down-weight the site's own
topic words exactly when most links are on-topic.

Niche awareness: spam vocabulary of a category the site itself belongs to (``gambling`` for a
casino site) is on-topic; ``off_topic_spam`` counts only the other categories.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.metrics.pairwise import cosine_similarity

from toxicity.features.columns import FeatureColumns
from toxicity.features.domain import HostWords, PathWords
from toxicity.features.profile import Profile
from toxicity.features.text import STOPWORDS, LinkCodes, tokenize
from toxicity.knowledge.spam import ORDINARY_SPAM_WORDS, SPAM_WORD_CATEGORY

#: Rows per chunk when summing the components into documents (bounds the size of the sparse matrix).
CHUNK_ROWS: Final = 25_000


@dataclass(frozen=True)
class _Component:
    """One part of the linking page's text: its kept word ids grouped by unique value.

    ``ext`` is the unique value of each row (missing values point to an empty last group) and
    the word ids of group ``u`` are ``ids[indptr[u]:indptr[u + 1]]``, repeated words included.
    """

    ext: np.ndarray
    indptr: np.ndarray
    ids: np.ndarray

    @classmethod
    def build(cls, row_codes: np.ndarray, n_unique: int, parent: np.ndarray, ids: np.ndarray) -> _Component:
        """From the code of each row and the ``(parent, id)`` of each kept word (parents ascending)."""
        indptr = np.searchsorted(parent, np.arange(n_unique + 2))
        ext = np.where(row_codes >= 0, row_codes, n_unique).astype(np.int32)
        return cls(ext=ext, indptr=indptr, ids=ids.astype(np.int32))

    def keys(self, rows: slice, size: int) -> np.ndarray:
        """``row * size + id`` of every word of the rows in ``rows`` (rows counted from ``rows.start``)."""
        groups = self.ext[rows]
        starts = self.indptr[groups]
        lengths = self.indptr[groups + 1] - starts
        before = np.cumsum(lengths) - lengths
        positions = np.arange(int(lengths.sum())) + np.repeat(starts - before, lengths)
        row = np.repeat(np.arange(len(groups), dtype=np.int64), lengths)
        return row * size + self.ids[positions]  # int64: row * size overflows int32


def _documents(components: list[_Component], rows: slice, size: int) -> sp.csr_matrix:
    """Word counts of the rows in ``rows``, summed over the components (one sort, no per-row work)."""
    keys = np.concatenate([c.keys(rows, size) for c in components])
    keys.sort()
    first = np.flatnonzero(np.diff(keys, prepend=-1))
    counts = np.diff(first, append=len(keys)).astype(float)
    unique = keys[first]
    n = rows.stop - rows.start
    indptr = np.searchsorted(unique // size, np.arange(n + 1))
    return sp.csr_matrix((counts, unique % size, indptr), shape=(n, size))


def topic_features(
    profile: Profile, hosts: HostWords, paths: PathWords, codes: LinkCodes, out: FeatureColumns
) -> None:
    """Write the topic family columns into ``out``.

    ``hosts`` and ``paths`` come from the domain family (:mod:`toxicity.features.domain`),
    ``codes`` from :func:`toxicity.features.text.link_codes`.
    """
    n_rows = codes.n_rows
    context = codes.context
    parts = [
        (hosts.codes, len(hosts.words), *tokenize(hosts.words)),
        (paths.codes, paths.n_urls, paths.parent, paths.words),
        (codes.title_codes, len(codes.titles), *tokenize(codes.titles)),
        (codes.anchor_codes, len(codes.anchors), *tokenize(codes.anchors)),
        (context.left_codes, len(context.left), *tokenize(context.left)),
        (context.right_codes, len(context.right), *tokenize(context.right)),
    ]
    _, topic_tokens = tokenize([profile.topic])
    topic_tokens = pa.concat_arrays([topic_tokens, pa.array(sorted(profile.brand_tokens), pa.large_string())])

    pieces: list[pa.Array] = [p[3] for p in parts] + [topic_tokens]
    encoded = pc.dictionary_encode(pa.concat_arrays(pieces))
    vocab = encoded.dictionary.to_pylist()
    all_ids = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    bounds = np.cumsum([0, *(len(p) for p in pieces)])
    size = len(vocab)
    keep = np.array([w not in STOPWORDS for w in vocab], dtype=bool)
    off_vec = np.array(
        [
            SPAM_WORD_CATEGORY.get(w, "") not in profile.niches | {""} and w not in ORDINARY_SPAM_WORDS
            for w in vocab
        ],
        dtype=float,
    )

    # Per component: the kept words per unique value; the linear parts (has a word, off-topic
    # spam words) are summed per row without building documents.
    components: list[_Component] = []
    has_doc = np.zeros(n_rows, dtype=bool)
    off = out.row("off_topic_spam")
    off[:] = 0.0
    for i, (row_codes, n_unique, parent, _) in enumerate(parts):
        ids = all_ids[bounds[i] : bounds[i + 1]]
        kept = keep[ids]
        component = _Component.build(row_codes, n_unique, np.asarray(parent)[kept], ids[kept])
        components.append(component)
        has_doc |= (np.diff(component.indptr) > 0)[component.ext]
        per_unique = np.add.reduceat(np.append(off_vec[component.ids], 0.0), component.indptr[:-1])
        off += np.where(np.diff(component.indptr) > 0, per_unique, 0.0)[component.ext]

    topic_ids = all_ids[bounds[-2] :]
    topic_ids = topic_ids[keep[topic_ids]]
    topic_vec = sp.csr_matrix(
        (np.ones(len(topic_ids)), (np.zeros(len(topic_ids), dtype=int), topic_ids)), shape=(1, size)
    )
    has_topic = topic_vec.nnz > 0
    covered = has_doc & has_topic

    sim = out.row("topic_similarity")
    share = out.row("topic_term_share")
    sim[:] = np.nan
    share[:] = np.nan
    if has_topic and covered.any():
        tf = TfidfTransformer(use_idf=False, sublinear_tf=True, norm="l2")
        topic_tf = tf.fit_transform(topic_vec)
        terms = topic_vec.copy()
        terms.data[:] = 1.0
        for start in range(0, n_rows, CHUNK_ROWS):
            rows = slice(start, min(start + CHUNK_ROWS, n_rows))
            doc = _documents(components, rows, size)
            sim[rows] = cosine_similarity(tf.transform(doc), topic_tf, dense_output=True).ravel()
            doc.data[:] = 1.0
            share[rows] = (doc @ terms.T).toarray().ravel() / terms.nnz
        sim[~covered] = np.nan
        share[~covered] = np.nan
    off[~has_doc] = np.nan
    out["cov_topic"] = covered
