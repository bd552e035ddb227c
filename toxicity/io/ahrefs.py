"""Ahrefs Site Explorer "Backlinks" export.

The current export is UTF-16 LE with a BOM and tab-separated; the "UTF-8 CSV" option gives the same
columns comma-separated. Both are handled by the shared text loader. Current header::

    Referring page title, Referring page URL, Language, Platform, Referring page HTTP code,
    Domain rating, Domain traffic, Referring domains, Linked domains, External links, Page traffic,
    Keywords, Target URL, Left context, Anchor, Right context, Type, Content, Nofollow, UGC, Sponsored,
    Rendered, Raw, Lost status, Drop reason, Discovered status, First seen, Last seen, Lost, Links in group

The 37-column export verified on real downloads (UTF-16 TSV with every field quoted, or UTF-8 CSV) adds
``UR``, ``Redirect Chain URLs``, ``Redirect Chain status codes``, ``Is spam``, ``Author``, ``Page type`` and
``Page category``. Re-saved through Google Sheets or Excel, booleans read ``TRUE``/``FALSE``.

Evidence the tool itself gives about the link:

* ``Is spam`` -> ``export_spam``. Ahrefs' own spam verdict; on real spam it is mostly ``false``, so only
  ``true`` is evidence (``false`` stays ``False``: the tool did not mark it, which is not "clean").
* ``Links in group`` -> ``links_in_group``: how many links the linking site gives in this group (120 for a
  sitewide footer link).
* ``Content`` -> ``in_content``: ``true`` when the link sits in the page's main content, ``false`` in a
  footer, sidebar or menu.

Unverified: the older names (``Link Anchor``, ``TextPre``, ``TextPost``, ``URL Rating``) and the values of
``Type``/``Content`` other than ``true``/``false`` (read as: ``image`` in either marks an image link,
``redirect`` a redirect, ``frame`` a frame; such a ``Content`` leaves ``in_content`` missing). ``lost`` is
true when ``Lost`` or ``Lost status`` holds anything (``Drop reason`` comes with ``Lost status``).
``Platform``, ``Page type`` and ``Page category`` are not read.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from toxicity.io.spec import FormatSpec, flag_from_text

HEADER = [
    "Referring page title",
    "Referring page URL",
    "Language",
    "Platform",
    "Referring page HTTP code",
    "Domain rating",
    "Domain traffic",
    "Referring domains",
    "Linked domains",
    "External links",
    "Page traffic",
    "Keywords",
    "Target URL",
    "Left context",
    "Anchor",
    "Right context",
    "Type",
    "Content",
    "Nofollow",
    "UGC",
    "Sponsored",
    "Rendered",
    "Raw",
    "Lost status",
    "Drop reason",
    "Discovered status",
    "First seen",
    "Last seen",
    "Lost",
    "Links in group",
]


def _derive(raw: pd.DataFrame, columns: Mapping[str, str]) -> dict[str, pd.Series]:
    kinds = [raw[columns[c]].astype("string").fillna("") for c in ("type", "content") if c in columns]
    out: dict[str, pd.Series] = {}
    if kinds:
        joined = kinds[0] if len(kinds) == 1 else kinds[0] + " " + kinds[1]
        for canonical, pattern in (("image", "image"), ("redirect", "redirect"), ("frame", "frame")):
            out[canonical] = flag_from_text(joined, pattern)
    lost_cols = [
        raw[columns[c]].astype("string").fillna("").str.strip()
        for c in ("lost", "lost status")
        if c in columns
    ]
    if lost_cols:
        anything = lost_cols[0].ne("")
        for extra in lost_cols[1:]:
            anything |= extra.ne("")
        out["lost"] = pd.Series(pd.array(anything.to_numpy(dtype=bool), dtype="boolean"), index=raw.index)
    return out


SPEC = FormatSpec(
    name="ahrefs",
    description="Ahrefs Site Explorer backlinks (UTF-16 TSV or UTF-8 CSV)",
    columns={
        "source_url": ("Referring page URL", "Referring URL"),
        "target_url": ("Target URL", "Link URL"),
        "anchor": ("Anchor", "Link Anchor", "Anchor text"),
        "source_title": ("Referring page title", "Title"),
        "language": ("Language",),
        "http_code": ("Referring page HTTP code",),
        "domain_rating": ("Domain rating", "DR"),
        "url_rating": ("UR", "URL rating"),
        "domain_traffic": ("Domain traffic",),
        "page_traffic": ("Page traffic",),
        "referring_domains": ("Referring domains",),
        "external_links": ("External links",),
        "left_context": ("Left context", "TextPre"),
        "right_context": ("Right context", "TextPost"),
        "nofollow": ("Nofollow", "NoFollow"),
        "ugc": ("UGC",),
        "sponsored": ("Sponsored",),
        "first_seen": ("First seen",),
        "last_seen": ("Last seen", "Last check", "Last visited"),
        "export_spam": ("Is spam",),
        "links_in_group": ("Links in group",),
        "in_content": ("Content",),
    },
    signatures=(frozenset({"referring page url"}), frozenset({"referring page url", "domain rating"})),
    derive=_derive,
    notes="older header names and Type/Content values unverified",
)
