"""Semrush exports: Backlink Analytics ("Backlinks" table) and Backlink Audit.

Backlink Analytics header (CSV, UTF-8)::

    Page ascore, Source title, Source url, Target url, Anchor, External links, Internal links,
    Nofollow, Sponsored, Ugc, Text, Frame, Form, Image, Sitewide, First seen, Last seen, New link, Lost link

``Page ascore`` is the Authority Score of the linking page (high = strong), read as ``authority_score``.

Backlink Audit header (verified, 2026)::

    Domain Authority Score, Page Authority Score, Source URL, Source Page Title, Source Domain, Target URL,
    Anchor, Anchor Type, Link Type, No Follow, Toxic Score, First Seen, Last Seen, Comment

It is recognised by ``Source url`` (or ``Source URL``) with ``Toxic Score`` (``Toxicity Score`` in other
files, unverified); the score is Semrush's own verdict, read as ``spam_score`` (Semrush calls 60-100 toxic,
45-59 potentially toxic). It is not also turned into ``export_spam``: that would count one verdict twice.
``Page Authority Score`` is read as ``authority_score`` (``Domain Authority Score`` when the file has no page
column), ``No Follow`` as ``nofollow``, ``Source Page Title`` as ``source_title``. ``Toxic markers``
(unverified, not in the verified header) names the reasons behind the score and is not read. ``Anchor Type``
and ``Link Type`` are not read (their values are unverified).
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
    description="Semrush Backlink Audit (CSV with Toxic Score)",
    columns={
        **_COMMON,
        "source_title": ("Source title", "Source Page Title"),
        "authority_score": (*_COMMON["authority_score"], "Page Authority Score", "Domain Authority Score"),
        "nofollow": ("Nofollow", "No Follow"),
        "spam_score": ("Toxicity Score", "Toxic Score", "TS"),
    },
    signatures=(
        frozenset({"source url", "toxicity score"}),
        frozenset({"source url", "toxic score"}),
        frozenset({"source url", "target url", "toxicity score"}),
        frozenset({"source url", "target url", "toxic markers"}),
    ),
    notes="Toxicity Score and Toxic markers (older files) unverified",
)
