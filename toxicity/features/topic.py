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

from typing import Final

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.metrics.pairwise import cosine_similarity

from toxicity.features.profile import Profile
from toxicity.features.text import STOPWORDS, LinkTexts, gather, tokenize
from toxicity.lookups import SPAM_WORD_CATEGORY

#: Rows per chunk when summing the components into documents (bounds the size of the sparse matrix).
CHUNK_ROWS: Final = 100_000


def _counts(parent: np.ndarray, ids: np.ndarray, n_unique: int, size: int) -> sp.csr_matrix:
    """Term counts per unique value, plus an empty last row that missing values point to."""
    data = np.ones(len(ids))
    return sp.csr_matrix((data, (parent, ids)), shape=(n_unique + 1, size))


def topic_features(
    profile: Profile, shared: dict[str, object], texts: LinkTexts, n_rows: int
) -> dict[str, np.ndarray]:
    """Topic family columns.

    ``shared`` comes from :func:`toxicity.features.domain.domain_features` (host words and path
    tokens), ``texts`` from :func:`toxicity.features.text.link_texts`.
    """
    host_codes = np.asarray(shared["host_codes"])
    url_codes = np.asarray(shared["url_codes"])
    context = texts.context
    host_parent, host_tokens = tokenize(shared["host_words"])  # type: ignore[arg-type]
    components = [
        (host_codes, len(shared["host_words"]), host_parent, host_tokens),  # type: ignore[arg-type]
        (url_codes, int(shared["n_urls"]), np.asarray(shared["path_parent"]), shared["path_words"]),  # type: ignore[call-overload]
        (texts.title_codes, len(texts.titles), *tokenize(texts.titles)),
        (texts.anchor_codes, len(texts.anchors), *tokenize(texts.anchors)),
        (context.left_codes, len(context.left), *tokenize(context.left)),
        (context.right_codes, len(context.right), *tokenize(context.right)),
    ]
    _, topic_tokens = tokenize([profile.topic])
    topic_tokens = pa.concat_arrays([topic_tokens, pa.array(sorted(profile.brand_tokens), pa.large_string())])

    pieces: list[pa.Array] = [c[3].cast(pa.large_string()) for c in components] + [topic_tokens]  # type: ignore[attr-defined]
    encoded = pc.dictionary_encode(pa.concat_arrays(pieces))
    vocab = encoded.dictionary.to_pylist()
    all_ids = encoded.indices.to_numpy(zero_copy_only=False)
    bounds = np.cumsum([0, *(len(p) for p in pieces)])
    size = len(vocab)
    keep = np.array([w not in STOPWORDS for w in vocab], dtype=bool)
    off_vec = np.array([SPAM_WORD_CATEGORY.get(w, "") not in profile.niches | {""} for w in vocab], dtype=float)

    # Per component: counts of the kept words per unique value; the linear parts (has a word,
    # off-topic spam words) are summed per row without building documents.
    matrices: list[tuple[np.ndarray, sp.csr_matrix]] = []
    has_doc = np.zeros(n_rows, dtype=bool)
    off = np.zeros(n_rows)
    for i, (codes, n_unique, parent, _) in enumerate(components):
        ids = all_ids[bounds[i] : bounds[i + 1]]
        kept = keep[ids]
        matrix = _counts(np.asarray(parent)[kept], ids[kept], n_unique, size)
        ext = np.where(codes >= 0, codes, n_unique)  # missing -> the empty last row
        matrices.append((ext, matrix))
        has_doc |= (np.diff(matrix.indptr) > 0)[ext]
        off += gather(matrix @ off_vec, codes, fill=0.0)

    topic_ids = all_ids[bounds[-2] :]
    topic_ids = topic_ids[keep[topic_ids]]
    topic_vec = sp.csr_matrix((np.ones(len(topic_ids)), (np.zeros(len(topic_ids), dtype=int), topic_ids)), shape=(1, size))
    has_topic = topic_vec.nnz > 0
    covered = has_doc & has_topic

    sim = np.full(n_rows, np.nan)
    share = np.full(n_rows, np.nan)
    if has_topic and covered.any():
        tf = TfidfTransformer(use_idf=False, sublinear_tf=True, norm="l2")
        topic_tf = tf.fit_transform(topic_vec)
        terms = topic_vec.copy()
        terms.data[:] = 1.0
        for start in range(0, n_rows, CHUNK_ROWS):
            rows = slice(start, min(start + CHUNK_ROWS, n_rows))
            doc = sum((matrix[ext[rows]] for ext, matrix in matrices[1:]), matrices[0][1][matrices[0][0][rows]])
            sim[rows] = cosine_similarity(tf.transform(doc), topic_tf, dense_output=True).ravel()
            doc.data[:] = 1.0
            share[rows] = (doc @ terms.T).toarray().ravel() / terms.nnz
    return {
        "topic_similarity": np.where(covered, sim, np.nan),
        "topic_term_share": np.where(covered, share, np.nan),
        "off_topic_spam": np.where(has_doc, off, np.nan),
        "cov_topic": covered.astype(float),
    }
