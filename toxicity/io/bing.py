"""Bing Webmaster Tools "Backlinks" page, "Download all" (CSV).

The exact header is **unverified**; a source URL, a target URL and an anchor text column are
expected, under the names Bing and similar tools use (``Source Url``, ``Target Url``, ``Anchor Text``).
"""

from __future__ import annotations

from toxicity.io.spec import FormatSpec

HEADER = ["Source Url", "Target Url", "Anchor Text"]

SPEC = FormatSpec(
    name="bing",
    description="Bing Webmaster Tools backlinks (Download all)",
    columns={
        "source_url": ("Source Url", "Source URL", "Referring URL", "Source Page"),
        "target_url": ("Target Url", "Target URL", "Target Page"),
        "anchor": ("Anchor Text", "Anchor"),
    },
    signatures=(
        frozenset({"source url", "target url", "anchor text"}),
        frozenset({"source page", "target page"}),
        frozenset({"referring url", "target url"}),
    ),
    notes="exact header unverified",
)
