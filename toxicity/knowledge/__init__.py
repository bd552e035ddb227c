"""What the project knows, with no I/O and no other layer: the spam taxonomy and the text measures.

The bottom layer: its modules import only the standard library, numpy, pandas and pyarrow, so every
other package (features, pages, fetch, verdict, model, report ...) may import from it and each
concept is defined once.

:mod:`toxicity.knowledge.spam`
    Spam niches, their vocabulary, the reference lists that mark them, the page categories.
:mod:`toxicity.knowledge.text`
    Stopwords, the language guess, Flesch reading ease (vectorised) and the byte-level text kernels.

Blog and hosting platforms stay in :mod:`toxicity.domains`: a platform is a private suffix of the
Public Suffix List, which that module parses.
"""

from __future__ import annotations
