"""Topical distance between the linking page and the audited site's topic, niche-aware.

The linking page's text is its host words, path words, title, anchor and the words around the
link (the last and first 80 characters of the left and right context). Each component is tokenised
once per unique value and turned into a sparse count matrix over one shared vocabulary; a row's
document is the sum of its components' rows, gathered by code. Similarity is scikit-learn's
cosine between log-scaled term frequencies (``TfidfTransformer(use_idf=False, sublinear_tf=True)``)
of the page and of the topic. Inverse document frequency is deliberately off: fitted on the
profile it would down-weight the site's own topic words exactly when most links are on-topic.

Niche awareness: spam vocabulary of a category the site itself belongs to (``gambling`` for a
casino site) is on-topic; ``off_topic_spam`` counts only the other categories.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfTransformer
from sklearn.metrics.pairwise import cosine_similarity

from toxicity.features.profile import Profile
from toxicity.features.readability import CONTEXT_CHARS, context_text
from toxicity.features.text import STOPWORDS, codes_of, tokenize
from toxicity.lookups import SPAM_WORD_CATEGORY


def topic_features(links: pd.DataFrame, profile: Profile, shared: dict[str, object]) -> dict[str, np.ndarray]:
    """Topic family columns; ``shared`` comes from :func:`toxicity.features.domain.domain_features`."""
    n = len(links)
    title_codes, titles = codes_of(links["source_title"])
    anchor_codes, anchors = codes_of(links["anchor"])
    context_codes, contexts = codes_of(context_text(links, CONTEXT_CHARS))
    host_codes = np.asarray(shared["host_codes"])
    url_codes = np.asarray(shared["url_codes"])
    host_parent, host_tokens = tokenize(pd.Series(shared["host_words"], dtype="string"))
    components = [
        (host_codes, int(host_codes.max(initial=-1)) + 1, host_parent, host_tokens),
        (url_codes, int(url_codes.max(initial=-1)) + 1, np.asarray(shared["path_parent"]), shared["path_words"]),
        (title_codes, len(titles), *tokenize(titles)),
        (anchor_codes, len(anchors), *tokenize(anchors)),
        (context_codes, len(contexts), *tokenize(contexts)),
    ]
    _, topic_tokens = tokenize([profile.topic])
    topic_tokens = pa.concat_arrays([topic_tokens.cast(pa.large_string()), pa.array(sorted(profile.brand_tokens), pa.large_string())])

    pieces = [c[3].cast(pa.large_string()) for c in components] + [topic_tokens]
    encoded = pc.dictionary_encode(pa.concat_arrays(pieces))
    vocab = encoded.dictionary.to_pylist()
    all_ids = encoded.indices.to_numpy(zero_copy_only=False)
    bounds = np.cumsum([0, *(len(p) for p in pieces)])
    size = len(vocab)
    keep = np.array([w not in STOPWORDS for w in vocab], dtype=float)
    off_vec = np.array([SPAM_WORD_CATEGORY.get(w, "") not in profile.niches | {""} for w in vocab], dtype=float)

    doc = sp.csr_matrix((n, size))
    for i, (codes, n_unique, parent, _) in enumerate(components):
        ids = all_ids[bounds[i] : bounds[i + 1]]
        matrix = sp.csr_matrix((keep[ids], (parent, ids)), shape=(n_unique + 1, size))  # last row: missing
        doc = doc + matrix[np.where(codes >= 0, codes, n_unique)]
    doc.eliminate_zeros()

    topic_ids = all_ids[bounds[-2] :]
    topic_vec = sp.csr_matrix((keep[topic_ids], (np.zeros(len(topic_ids), dtype=int), topic_ids)), shape=(1, size))
    topic_vec.eliminate_zeros()
    has_doc = np.diff(doc.indptr) > 0
    has_topic = topic_vec.nnz > 0
    covered = has_doc & has_topic

    cols: dict[str, np.ndarray] = {}
    if has_topic and covered.any():
        tf = TfidfTransformer(use_idf=False, sublinear_tf=True, norm="l2")
        sim = cosine_similarity(tf.fit_transform(doc), tf.transform(topic_vec), dense_output=True).ravel()
        terms = topic_vec.copy()
        terms.data[:] = 1.0
        present = (doc > 0).astype(float) @ terms.T
        share = np.asarray(present.todense()).ravel() / terms.nnz
    else:
        sim = share = np.full(n, np.nan)
    cols["topic_similarity"] = np.where(covered, sim, np.nan)
    cols["topic_term_share"] = np.where(covered, share, np.nan)
    off = doc @ sp.csr_matrix(off_vec.reshape(-1, 1))
    cols["off_topic_spam"] = np.where(has_doc, np.asarray(off.todense()).ravel(), np.nan)
    cols["cov_topic"] = covered.astype(float)
    return cols
