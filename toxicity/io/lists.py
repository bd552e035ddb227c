"""Line-based inputs: a plain list of URLs or hosts, and an existing Google disavow file.

- ``url-list``: one URL or host per line (``.txt``). A first line with none of ``. : / [`` (a header such
  as ``url``; a URL or host has one, ``http://[2001:db8::1]/`` too) is ignored. Each line is one link
  record (``links`` = 1).
- ``disavow``: Google's format: ``#`` comments, blank lines, ``domain:example.com`` lines (a domain-level
  record: ``source_url`` is the domain, ``links`` missing) and URL lines (one link each).

Lines whose host cannot be parsed are counted as skipped by the reader, like rows of other formats.
"""

from __future__ import annotations

import re

import pandas as pd

from toxicity.io.spec import FormatSpec

URL_LIST_SPEC = FormatSpec(
    name="url-list",
    description="plain list, one URL or host per line",
    columns={"source_url": ("<one URL or host per line>",)},
    signatures=(),
    lines=True,
)

DISAVOW_SPEC = FormatSpec(
    name="disavow",
    description="Google disavow file (domain: lines, URLs, # comments)",
    columns={"source_url": ("domain:<host> or <URL> lines",)},
    signatures=(),
    level="domain",
    lines=True,
)


#: Characters every URL or host has (a dot, a scheme's ``:`` and ``/``, an IPv6 ``[``) and a header lacks.
_URL_OR_HOST = re.compile(r"[.:/\[]")


def looks_like_disavow(first_line: str) -> bool:
    """True if the first non-blank line of a text starts like a disavow file (``#`` or ``domain:``)."""
    s = first_line.lstrip("\ufeff").strip().lower()
    return s.startswith(("#", "domain:"))


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def read_url_list(text: str) -> pd.DataFrame:
    """Link records (partial canonical columns) from one URL or host per line."""
    lines = _lines(text)
    if lines and not _URL_OR_HOST.search(lines[0]):
        lines = lines[1:]  # a header line such as "url" or "Linking page"
    urls = pd.Series(lines, dtype="string")
    return pd.DataFrame(
        {
            "source_url": urls,
            "links": pd.Series(1.0, index=urls.index),
            "source_format": pd.Series(URL_LIST_SPEC.name, index=urls.index, dtype="string"),
        }
    )


def read_disavow(text: str) -> pd.DataFrame:
    """Records from a disavow file: ``domain:`` lines at domain level, URL lines at link level."""
    entries = [line for line in _lines(text) if not line.startswith("#")]
    urls: list[str] = []
    links: list[float] = []
    for entry in entries:
        if entry.lower().startswith("domain:"):
            urls.append(entry[len("domain:") :].strip())
            links.append(float("nan"))
        else:
            urls.append(entry)
            links.append(1.0)
    index = pd.RangeIndex(len(urls))
    return pd.DataFrame(
        {
            "source_url": pd.Series(urls, dtype="string", index=index),
            "links": pd.Series(links, dtype="float64", index=index),
            "source_format": pd.Series(DISAVOW_SPEC.name, index=index, dtype="string"),
        }
    )
