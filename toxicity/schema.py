"""The canonical link record: the contract between readers, features, model and review.

Every reader in :mod:`toxicity.io` returns a :class:`pandas.DataFrame` with exactly the columns of
:data:`LINK_COLUMNS`, in that order, with the dtypes given there. A value an export does not carry is
*missing* (``NaN``, ``NaT`` or ``<NA>``), never ``0`` or ``False``: unknown is never clean.

Columns
-------
Identity
    ``source_url``     the linking page exactly as the export gave it (for domain-level exports such as
                       Search Console "Top linking sites" or Majestic referring domains: the host)
    ``source_host``    lower-cased host of ``source_url``, IDNs in punycode (``xn--``), no ``www.`` removed
    ``source_domain``  registrable domain under the Public Suffix List *with private suffixes*
                       (``spam.blogspot.com`` stays ``spam.blogspot.com``); IP hosts keep the IP
    ``target_url``     the page of the audited site that is linked to
    ``anchor``         anchor text ('' for an empty anchor the export reports; missing if not reported)
Link flags (nullable booleans)
    ``nofollow``, ``ugc``, ``sponsored``, ``image``, ``redirect``, ``frame``, ``sitewide``
Source metrics (float, NaN when absent)
    ``domain_rating`` (Ahrefs DR 0-100), ``url_rating`` (Ahrefs UR 0-100), ``trust_flow`` and
    ``citation_flow`` (Majestic 0-100), ``authority_score`` (Semrush page ascore / Moz DA or PA, 0-100),
    ``domain_traffic``, ``page_traffic``, ``external_links`` (outbound external links on the page),
    ``referring_domains`` (of the linking page or domain), ``http_code``, ``spam_score``
    (Moz Spam Score or Semrush Toxicity Score, 0-100)
Export evidence (what the backlink tool itself says about the link)
    ``export_spam``    nullable boolean: the export's tool marks the link or its domain as spam (Ahrefs
                       ``Is spam``). ``False`` only means the tool did not mark it: tools miss most spam,
                       so it is no evidence of a clean link. Missing when the export has no such column
    ``links_in_group`` float: links the linking site gives in the same group (Ahrefs ``Links in group``;
                       a large number means a sitewide, footer or blogroll link); NaN when not given
    ``in_content``     nullable boolean: the link sits in the page's main content (Ahrefs ``Content``);
                       ``False`` means footer, sidebar or navigation; missing when unknown
Time and state
    ``first_seen``, ``last_seen`` (datetime64, NaT when absent), ``lost`` (nullable boolean: the tool no
    longer finds the link)
    ``lost_reason``    string: why the tool says the link is lost, as the export words it (Ahrefs
                       ``Lost status`` and ``Drop reason`` joined by ``"; "``, e.g. ``pagedropped; noindex``;
                       API ``lost_reason``); missing when the link is not lost or the export does not say
Page text
    ``source_title``, ``language``, ``left_context``, ``right_context``
Page kind (strings, as the export's tool words them; missing when the export does not say)
    ``platform``       the software or kind of site behind the linking page (Ahrefs ``Platform``:
                       ``blogs``, ``forums``, ``cms`` ...)
    ``page_type``      the kind of page (Ahrefs ``Page type``: ``article``, ``forum``, ``profile`` ...)
    ``page_category``  the page's topic category (Ahrefs ``Page category``)
    The values are the tool's own vocabulary and are not verified against every export: features
    that use them should match them case-insensitively and treat unknown values as missing.
Network
    ``ip``, ``subnet``
Provenance
    ``source_format``  the reader that produced the row (see :func:`toxicity.io.list_formats`)
    ``links``          how many links the row stands for (1 for link-level exports; the link count of a
                       domain-level row; NaN when a domain-level export does not say)
"""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd

from toxicity.errors import UsageError

STRING: Final = "string"
BOOLEAN: Final = "boolean"
FLOAT: Final = "float64"
DATETIME: Final = "datetime64[ns]"

IDENTITY_COLUMNS: Final = ("source_url", "source_host", "source_domain", "target_url", "anchor")
FLAG_COLUMNS: Final = ("nofollow", "ugc", "sponsored", "image", "redirect", "frame", "sitewide")
METRIC_COLUMNS: Final = (
    "domain_rating",
    "url_rating",
    "trust_flow",
    "citation_flow",
    "authority_score",
    "domain_traffic",
    "page_traffic",
    "external_links",
    "referring_domains",
    "http_code",
    "spam_score",
)
#: The export tool's own evidence about a link, column -> dtype (see the module docstring).
EVIDENCE_COLUMNS: Final[dict[str, str]] = {
    "export_spam": BOOLEAN,
    "links_in_group": FLOAT,
    "in_content": BOOLEAN,
}
TIME_COLUMNS: Final = ("first_seen", "last_seen")
TEXT_COLUMNS: Final = ("source_title", "language", "left_context", "right_context")
#: What the export says about the linking page: the tool's own words (see the module docstring).
PAGE_COLUMNS: Final = ("platform", "page_type", "page_category")
NETWORK_COLUMNS: Final = ("ip", "subnet")

#: Column name -> pandas dtype, in canonical order.
LINK_COLUMNS: Final[dict[str, str]] = {
    **{c: STRING for c in IDENTITY_COLUMNS},
    **{c: BOOLEAN for c in FLAG_COLUMNS},
    **{c: FLOAT for c in METRIC_COLUMNS},
    **EVIDENCE_COLUMNS,
    **{c: DATETIME for c in TIME_COLUMNS},
    "lost": BOOLEAN,
    "lost_reason": STRING,
    **{c: STRING for c in TEXT_COLUMNS},
    **{c: STRING for c in PAGE_COLUMNS},
    **{c: STRING for c in NETWORK_COLUMNS},
    "source_format": STRING,
    "links": FLOAT,
}


def empty_links(n: int = 0) -> pd.DataFrame:
    """Return ``n`` link records with every field missing, in canonical order and dtypes."""
    data: dict[str, object] = {}
    for name, dtype in LINK_COLUMNS.items():
        if dtype == FLOAT:
            data[name] = np.full(n, np.nan)
        elif dtype == DATETIME:
            data[name] = pd.Series(pd.NaT, index=range(n), dtype=DATETIME)
        else:
            data[name] = pd.Series(pd.NA, index=range(n), dtype=dtype)
    return pd.DataFrame(data, index=pd.RangeIndex(n))


def conform(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with exactly the canonical columns, in order, cast to canonical dtypes.

    Columns the frame lacks are added as missing; extra columns are kept after the canonical
    ones (readers of labeled data keep e.g. ``label``). Values are not invented: a missing value
    stays missing.
    """
    n = len(frame)
    out = {}
    for name, dtype in LINK_COLUMNS.items():
        if name not in frame.columns:
            out[name] = empty_links(n)[name].set_axis(frame.index)
            continue
        col = frame[name]
        if dtype == FLOAT:
            out[name] = pd.to_numeric(col, errors="coerce").astype(FLOAT)
        elif dtype == DATETIME:
            out[name] = pd.to_datetime(col, errors="coerce").astype(DATETIME)
        elif str(col.dtype) != dtype:
            out[name] = col.astype(pd.api.types.pandas_dtype(dtype))
        else:
            out[name] = col
    result = pd.DataFrame(out, index=frame.index)
    extra = [c for c in frame.columns if c not in LINK_COLUMNS]
    for c in extra:
        result[c] = frame[c]
    return result


def validate_links(frame: pd.DataFrame) -> None:
    """Raise :class:`~toxicity.errors.UsageError` (a ``ValueError``) if ``frame`` does not follow the
    canonical schema (a programming error)."""
    missing = [c for c in LINK_COLUMNS if c not in frame.columns]
    if missing:
        raise UsageError(f"link records lack canonical columns: {', '.join(missing)}")
    wrong = [
        f"{c} is {frame[c].dtype}, expected {d}" for c, d in LINK_COLUMNS.items() if str(frame[c].dtype) != d
    ]
    if wrong:
        raise UsageError("link records have wrong dtypes: " + "; ".join(wrong))
