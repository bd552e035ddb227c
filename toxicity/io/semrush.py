"""Semrush exports: Backlink Analytics ("Backlinks" table) and Backlink Audit.

Backlink Analytics header (CSV, UTF-8)::

    Page ascore, Source title, Source url, Target url, Anchor, External links, Internal links,
    Nofollow, Sponsored, Ugc, Text, Frame, Form, Image, Sitewide, First seen, Last seen, New link, Lost link

``Page ascore`` is the Authority Score of the linking page (high = strong), read as ``authority_score``.

Backlink Audit: the exact header set is unverified; it is recognised by ``Source url`` (or
``Source URL``) with ``Toxicity Score`` (``Toxic Score``), and ``Toxicity Score`` is read as ``spam_score``.
"""

from __future__ import annotations

from toxicity.io.spec import FormatSpec

HEADER = [
    "Page ascore",
    "Source title",
    "Source url",
    "Target url",
    "Anchor",
    "External links",
    "Internal links",
    "Nofollow",
    "Sponsored",
    "Ugc",
    "Text",
    "Frame",
    "Form",
    "Image",
    "Sitewide",
    "First seen",
    "Last seen",
    "New link",
    "Lost link",
]

_COMMON = {
    "source_url": ("Source url",),
    "target_url": ("Target url",),
    "anchor": ("Anchor",),
    "source_title": ("Source title",),
    "authority_score": ("Page ascore", "Page AS", "Authority Score", "Domain ascore"),
    "external_links": ("External links",),
    "nofollow": ("Nofollow",),
    "sponsored": ("Sponsored",),
    "ugc": ("Ugc",),
    "frame": ("Frame",),
    "image": ("Image",),
    "sitewide": ("Sitewide",),
    "first_seen": ("First seen",),
    "last_seen": ("Last seen",),
    "lost": ("Lost link", "Lost"),
}

SPEC = FormatSpec(
    name="semrush",
    description="Semrush Backlink Analytics backlinks (CSV)",
    columns=_COMMON,
    signatures=(
        frozenset({"source url", "page ascore"}),
        frozenset({"source url", "target url", "sitewide"}),
        frozenset({"source title", "source url", "ugc"}),
    ),
)

AUDIT_SPEC = FormatSpec(
    name="semrush-audit",
    description="Semrush Backlink Audit (CSV with Toxicity Score)",
    columns={**_COMMON, "spam_score": ("Toxicity Score", "Toxic Score", "TS")},
    signatures=(
        frozenset({"source url", "toxicity score"}),
        frozenset({"source url", "toxic score"}),
        frozenset({"source url", "target url", "toxicity score"}),
        frozenset({"source url", "target url", "toxic markers"}),
    ),
    notes="exact header set unverified",
)
