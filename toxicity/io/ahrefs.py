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
* ``Platform``, ``Page type``, ``Page category`` -> ``platform``, ``page_type``, ``page_category``, kept as
  Ahrefs words them (``forums``, ``profile`` ...) for evidence to read; the values are Ahrefs' vocabulary,
  not all of it verified.
* ``Lost``, ``Lost status`` or ``Drop reason`` holding anything -> ``lost`` (the link is gone, so there is
  nothing left to disavow); ``Lost status`` and ``Drop reason`` are kept in ``lost_reason``, joined by
  ``"; "`` (``pagedropped; noindex``).
* A non-empty ``Redirect Chain URLs`` or ``Redirect Chain status codes`` -> ``redirect``.

Ahrefs API v3 / Webmaster Tools data saved with the API's field names is the same data and is read by this
format: ``src_url``, ``src_title``, ``target_url``, ``anchor``, ``left_snippet``/``right_snippet``,
``src_domain_dr`` (DR), ``src_page_ur`` (UR), ``src_domain_traffic``, ``src_page_traffic``,
``src_page_refdomains``, ``src_page_ext_links``, ``http_code``, ``is_spam_domain`` (``export_spam``: the
domain is marked), ``is_nofollow``/``is_ugc``/``is_sponsored``, ``is_content`` (``in_content``),
``first_seen``, ``last_seen`` (else ``last_visited``), ``link_type`` (like ``Type``), ``redirect_code``
(a code above 0 marks a redirect) and ``lost_reason``. ``is_dofollow`` is the opposite of ``nofollow`` and is
read only when the file has no ``is_nofollow``. ``src_link_id``, ``root_name``, ``is_root`` and
``src_page_linked_domains`` have no link-record field and are not read.

Unverified: the older names (``Link Anchor``, ``TextPre``, ``TextPost``, ``URL Rating``) and the values of
``Type``/``Content``/``link_type`` other than ``true``/``false`` (read as: ``image`` in either marks an image
link, ``redirect`` a redirect, ``frame`` a frame; such a ``Content`` leaves ``in_content`` missing).
Also unverified: the values of ``Redirect Chain status codes`` for a link without a redirect (read as
empty) and the full vocabularies of ``Platform``, ``Page type`` and ``Page category``. ``Author``,
``Discovered status``, ``Linked domains``, ``Keywords``, ``Rendered`` and ``Raw`` are not read.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from toxicity.io.spec import FormatSpec, flag_from_text
from toxicity.io.values import parse_bool, parse_number

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


def _text(raw: pd.DataFrame, columns: Mapping[str, str], names: tuple[str, ...]) -> list[pd.Series]:
    """The stripped text (``''`` when empty) of each column of ``names`` (normalised) the export has."""
    return [raw[columns[c]].astype("string").fillna("").str.strip() for c in names if c in columns]


def _any(marks: list[pd.Series], index: pd.Index) -> pd.Series:
    """Nullable boolean: some plain boolean series of ``marks`` is true in the row."""
    hit = np.zeros(len(index), dtype=bool)
    for mark in marks:
        hit |= mark.to_numpy(dtype=bool)
    return pd.Series(pd.array(hit, dtype="boolean"), index=index)


def _derive(raw: pd.DataFrame, columns: Mapping[str, str]) -> dict[str, pd.Series]:
    kinds = _text(raw, columns, ("type", "link_type", "content"))
    out: dict[str, pd.Series] = {}
    if kinds:
        joined = kinds[0]
        for extra in kinds[1:]:
            joined = joined + " " + extra
        for canonical, pattern in (("image", "image"), ("redirect", "redirect"), ("frame", "frame")):
            out[canonical] = flag_from_text(joined, pattern)
    # A redirect chain (or an API redirect code above 0) marks a redirect whatever Type says; an empty
    # chain column says there is none, so the flag is known (False) even where Type is empty.
    chains = [t.ne("") for t in _text(raw, columns, ("redirect chain urls", "redirect chain status codes"))]
    if "redirect_code" in columns:
        chains.append(parse_number(raw[columns["redirect_code"]]).gt(0))
    if chains:
        redirect = _any(chains, raw.index)
        out["redirect"] = redirect | out["redirect"].fillna(False) if "redirect" in out else redirect
    lost = _text(raw, columns, ("lost", "lost status", "drop reason", "lost_reason"))
    if lost:
        out["lost"] = _any([t.ne("") for t in lost], raw.index)
    reasons = _text(raw, columns, ("lost status", "drop reason", "lost_reason"))
    if reasons:
        reason = reasons[0]
        for extra in reasons[1:]:
            reason = reason + ("; " + extra).where(reason.ne("") & extra.ne(""), extra)
        out["lost_reason"] = reason.mask(reason == "")
    # is_dofollow true means the link is followed: read it only when no nofollow column says it directly.
    if "is_dofollow" in columns and not ({"nofollow", "is_nofollow"} & set(columns)):
        out["nofollow"] = ~parse_bool(raw[columns["is_dofollow"]])
    return out


#: API field names that, beside ``src_url``, mark data saved from Ahrefs' API (no other tool uses them).
_API_ONLY = (
    "src_title",
    "src_domain_dr",
    "src_page_ur",
    "is_dofollow",
    "is_nofollow",
    "is_spam_domain",
    "left_snippet",
    "right_snippet",
)

SPEC = FormatSpec(
    name="ahrefs",
    description=(
        "Ahrefs Site Explorer backlinks (UTF-16 TSV or UTF-8 CSV), or API v3 data with its field names"
    ),
    columns={
        "source_url": ("Referring page URL", "Referring URL", "src_url"),
        "target_url": ("Target URL", "Link URL", "target_url"),
        "anchor": ("Anchor", "Link Anchor", "Anchor text"),
        "source_title": ("Referring page title", "Title", "src_title"),
        "language": ("Language",),
        "http_code": ("Referring page HTTP code", "http_code"),
        "domain_rating": ("Domain rating", "DR", "src_domain_dr"),
        "url_rating": ("UR", "URL rating", "src_page_ur"),
        "domain_traffic": ("Domain traffic", "src_domain_traffic"),
        "page_traffic": ("Page traffic", "src_page_traffic"),
        "referring_domains": ("Referring domains", "src_page_refdomains"),
        "external_links": ("External links", "src_page_ext_links"),
        "left_context": ("Left context", "TextPre", "left_snippet"),
        "right_context": ("Right context", "TextPost", "right_snippet"),
        "nofollow": ("Nofollow", "NoFollow", "is_nofollow"),
        "ugc": ("UGC", "is_ugc"),
        "sponsored": ("Sponsored", "is_sponsored"),
        "first_seen": ("First seen", "first_seen"),
        "last_seen": ("Last seen", "Last check", "Last visited", "last_seen", "last_visited"),
        "export_spam": ("Is spam", "is_spam_domain"),
        "links_in_group": ("Links in group",),
        "in_content": ("Content", "is_content"),
        "platform": ("Platform",),
        "page_type": ("Page type",),
        "page_category": ("Page category",),
    },
    signatures=(
        frozenset({"referring page url"}),
        frozenset({"referring page url", "domain rating"}),
        *(frozenset({"src_url", field}) for field in _API_ONLY),
    ),
    derive=_derive,
    notes="older header names, Type/Content values and Platform/Page type values unverified",
)
