"""Semrush exports: Backlink Analytics ("Backlinks" table), Backlink Audit and Referring domains.

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
column), ``No Follow`` as ``nofollow``, ``Source Page Title`` as ``source_title``. ``Link Type`` (a link's
kind: ``Text``, ``Image``, ``Redirect``, ``Frame``, ``Form``) sets the ``image``, ``redirect`` and ``frame``
flags, false for a link of another kind and missing where the cell is empty; an ``Anchor Type`` saying
``Image`` also marks an image link (its other values, ``Money``, ``Branded``, ``Naked URL`` ..., have no
field). Both columns' values are unverified, so they are matched as words, case-insensitively.
``Toxic markers`` (unverified, not in the verified header) names the reasons behind the score and is not
read; ``Source Domain`` repeats the host of ``Source URL``; ``Comment`` is the auditor's own note.

Referring domains export (verified; one row per referring domain)::

    Domain ascore, Domain, Backlinks, IP Address, Country, First seen, Last seen

``Domain ascore`` is read as ``authority_score``, ``Backlinks`` (links from that domain to the audited site)
as ``links``, ``IP Address`` as ``ip`` (network footprints cut its /24 subnet). ``Country`` has no field.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from toxicity.io.spec import FormatSpec, flag_from_text
from toxicity.io.values import parse_bool

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

#: Canonical flag -> the word that sets it in a Backlink Audit ``Link Type`` cell.
_LINK_KINDS = {"image": r"\bimage", "redirect": r"\bredirect", "frame": r"\bi?frame"}


def _derive_audit(raw: pd.DataFrame, columns: Mapping[str, str]) -> dict[str, pd.Series]:
    out: dict[str, pd.Series] = {}
    link_type = columns.get("link type")
    if link_type is not None:
        for canonical, pattern in _LINK_KINDS.items():
            out[canonical] = flag_from_text(raw[link_type], pattern)
    anchor_type = columns.get("anchor type")
    if anchor_type is not None:
        # An image anchor is an image link whatever Link Type says; other anchor types say nothing about
        # the link's kind, so they leave the flag as Link Type set it (missing without one).
        image_anchor = flag_from_text(raw[anchor_type], _LINK_KINDS["image"]).fillna(False)
        image = out.get("image")
        if image is None:
            # This result replaces the plain mapping: read an Analytics-style ``Image`` column here.
            plain = columns.get("image")
            image = (
                parse_bool(raw[plain])
                if plain is not None
                else pd.Series(pd.NA, index=raw.index, dtype="boolean")
            )
        out["image"] = image.mask(image_anchor.to_numpy(dtype=bool), True)
    return out


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
    derive=_derive_audit,
    notes="Toxicity Score and Toxic markers (older files), Anchor Type and Link Type values unverified",
)

DOMAINS_SPEC = FormatSpec(
    name="semrush-domains",
    description="Semrush referring domains (one row per linking domain)",
    columns={
        "source_url": ("Domain",),
        "authority_score": ("Domain ascore",),
        "links": ("Backlinks",),
        "ip": ("IP Address",),
        "first_seen": ("First seen",),
        "last_seen": ("Last seen",),
    },
    signatures=(
        frozenset({"domain ascore", "domain"}),
        frozenset({"domain", "backlinks", "ip address"}),
    ),
    level="domain",
)
