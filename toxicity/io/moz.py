"""Moz Link Explorer "Inbound links" export, and link lists carrying Moz metrics.

The exact Link Explorer header is **unverified**; the reader accepts the names Moz has used for the same
data: a linking-page URL (``URL``, ``Source URL``), ``Title``, ``Anchor Text``, ``Target URL``, ``Spam Score``
(1-100 %, "percentage of sites with similar features found penalized"), ``Page Authority`` and
``Domain Authority`` (``authority_score`` takes the page's, else the domain's, as for Semrush's page and
domain scores), first/last seen dates, ``Date Lost`` (``lost`` is true when it holds a date) and
``Link Type`` (``nofollow`` when it says so).

Link lists built from Moz data are read too. Seen in a real agency file::

    No, Source Page Title, Source URL, Target URL, Domain Authority, Page Authority, Spam Score,
    Anchor Text, First Seen, Last Seen

(``No`` is a row number and is not read; Spam Score as ``73%`` or ``73``.) Any link list whose header
has a Moz metric (``Spam Score``, ``Domain Authority`` or ``Page Authority``) is read as Moz, even when
its URL and anchor columns are named as Bing names them: otherwise the list would be read as ``bing``
and its metrics dropped.

Moz's "Linking domains" export (one row per domain) is not read: its header is unverified.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from toxicity.io import bing
from toxicity.io.spec import FormatSpec, flag_from_text

HEADER = [
    "URL", "Title", "Anchor Text", "Target URL", "Link Type", "Spam Score", "Domain Authority",
    "Page Authority", "Date First Seen", "Date Last Seen", "Date Lost",
]  # fmt: skip

#: Normalised names of the metrics only Moz gives (Semrush's are "... Authority Score", another name).
_METRICS = ("spam score", "domain authority", "page authority")
_URL_HEADERS = ("url", "source url", "referring url", "source page", "from url")


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


# A Moz metric beside any URL column is Moz. Every Bing signature plus a metric is one larger than
# Bing's, so detection (largest signature first) picks Moz whenever a metric is there.
_SIGNATURES = (
    frozenset({"spam score", "page authority"}),
    frozenset({"spam score", "domain authority"}),
    *(frozenset({url, metric}) for url in _URL_HEADERS for metric in _METRICS),
    *(sig | {metric} for sig in bing.SPEC.signatures for metric in _METRICS),
)

SPEC = FormatSpec(
    name="moz",
    description="Moz Link Explorer inbound links, or a link list with Moz metrics",
    columns={
        "source_url": ("URL", "Source URL", "Linking Page", "From URL", "Referring URL", "Source Page"),
        "target_url": ("Target URL", "To URL", "Target", "Target Page"),
        "anchor": ("Anchor Text", "Anchor"),
        "source_title": ("Title", "Source Title", "Source Page Title"),
        "spam_score": ("Spam Score",),
        "authority_score": ("Page Authority", "PA", "Domain Authority", "DA"),
        "referring_domains": ("Linking Domains", "Root Domains Linking to Page"),
        "first_seen": ("Date First Seen", "First Seen"),
        "last_seen": ("Date Last Seen", "Last Seen"),
    },
    signatures=tuple(dict.fromkeys(_SIGNATURES)),
    derive=_derive,
    notes="exact Link Explorer header unverified",
)
