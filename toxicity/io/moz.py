"""Moz Link Explorer "Inbound links" export.

The exact header is **unverified**; the reader accepts the names Moz has used for the same data:
a linking-page URL (``URL``, ``Source URL``), ``Title``, ``Anchor Text``, ``Target URL``, ``Spam Score``
(1-100 %, "percentage of sites with similar features found penalized"), ``Page Authority`` and
``Domain Authority`` (``authority_score`` takes the page's, else the domain's), first/last seen dates,
``Date Lost`` (``lost`` is true when it holds a date) and ``Link Type`` (``nofollow`` when it says so).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from toxicity.io.spec import FormatSpec, flag_from_text

HEADER = [
    "URL", "Title", "Anchor Text", "Target URL", "Link Type", "Spam Score", "Domain Authority",
    "Page Authority", "Date First Seen", "Date Last Seen", "Date Lost",
]  # fmt: skip


def _derive(raw: pd.DataFrame, columns: Mapping[str, str]) -> dict[str, pd.Series]:
    out: dict[str, pd.Series] = {}
    link_type = columns.get("link type") or columns.get("link types")
    if link_type is not None:
        out["nofollow"] = flag_from_text(raw[link_type], "nofollow")
        out["redirect"] = flag_from_text(raw[link_type], "redirect")
    if "date lost" in columns:
        lost = raw[columns["date lost"]].astype("string").fillna("").str.strip().ne("")
        out["lost"] = pd.Series(pd.array(lost.to_numpy(dtype=bool), dtype="boolean"), index=raw.index)
    return out


SPEC = FormatSpec(
    name="moz",
    description="Moz Link Explorer inbound links",
    columns={
        "source_url": ("URL", "Source URL", "Linking Page", "From URL"),
        "target_url": ("Target URL", "To URL", "Target"),
        "anchor": ("Anchor Text",),
        "source_title": ("Title", "Source Title"),
        "spam_score": ("Spam Score",),
        "authority_score": ("Page Authority", "PA", "Domain Authority", "DA"),
        "referring_domains": ("Linking Domains", "Root Domains Linking to Page"),
        "first_seen": ("Date First Seen", "First Seen"),
        "last_seen": ("Date Last Seen", "Last Seen"),
    },
    signatures=(
        frozenset({"spam score", "page authority"}),
        frozenset({"spam score", "domain authority"}),
    ),
    derive=_derive,
    notes="exact header unverified",
)
