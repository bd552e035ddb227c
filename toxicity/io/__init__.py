"""Readers for backlink exports: every supported file in, one canonical table of link records out.

>>> from toxicity.io import read_export, list_formats
>>> [spec.name for spec in list_formats()]  # doctest: +NORMALIZE_WHITESPACE
['ahrefs', 'semrush', 'semrush-audit', 'semrush-domains', 'majestic', 'majestic-domains', 'moz', 'gsc-links',
 'gsc-sites', 'bing', 'url-list', 'disavow', 'review']

Layout: :mod:`~toxicity.io.source` (bytes, decompression, encodings), :mod:`~toxicity.io.table`
(delimited text and ``.xlsx`` to raw cells), :mod:`~toxicity.io.values` (booleans, numbers, dates),
:mod:`~toxicity.io.spec` (format specs and column mapping), one module per export family
(:mod:`~toxicity.io.ahrefs`, :mod:`~toxicity.io.semrush`, :mod:`~toxicity.io.majestic`,
:mod:`~toxicity.io.moz`, :mod:`~toxicity.io.gsc`, :mod:`~toxicity.io.bing`, :mod:`~toxicity.io.lists`,
:mod:`~toxicity.io.review`), :mod:`~toxicity.io.registry` (detection) and :mod:`~toxicity.io.reader`.
"""

from __future__ import annotations

from toxicity.io.reader import ReadResult, read_export, read_exports
from toxicity.io.registry import detect_format, format_names, get_format, list_formats
from toxicity.io.spec import FormatSpec

__all__ = [
    "FormatSpec",
    "ReadResult",
    "detect_format",
    "format_names",
    "get_format",
    "list_formats",
    "read_export",
    "read_exports",
]
