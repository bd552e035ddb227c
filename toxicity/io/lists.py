"""Line-based inputs: a plain list of URLs or hosts, and an existing Google disavow file.

- ``url-list``: one URL or host per line (``.txt``). A first line with none of ``. : / [`` (a header such
  as ``url``; a URL or host has one, ``http://[2001:db8::1]/`` too) is ignored. Each line is one link
  record (``links`` = 1).
- ``disavow``: Google's format: ``#`` comments, blank lines, ``domain:example.com`` lines (a domain-level
  record: ``source_url`` is the domain, ``links`` missing) and URL lines (one link each).

Lines end with LF or CRLF; a lone CR inside a line is part of it (old Search Console lists carry stray
CRs, and a record made of the half after one names a fake host). Only a text without a single LF
(classic Mac OS) ends its lines with CR. Nothing else ends a line: form feeds, NEL and the Unicode line
and paragraph separators that :meth:`str.splitlines` also splits at are hostile text inside one.

Lines whose host cannot be parsed are counted as skipped by the reader, like rows of other formats.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

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


def split_lines(text: str) -> list[str]:
    """The lines of ``text``, ended by LF or CRLF (by CR in a text without LF), without their line ends.

    >>> split_lines("a\\r\\nb\\rc\\n\\u2028d\\n")
    ['a', 'b\\rc', '\\u2028d']
    >>> split_lines("a\\rb\\r")
    ['a', 'b']
    """
    end = "\n" if "\n" in text or "\r" not in text else "\r"
    lines = text.split(end)
    if lines and lines[-1] == "":
        lines.pop()
    return [line.removesuffix("\r") for line in lines] if end == "\n" else lines


def _entries(lines: Sequence[str]) -> list[str]:
    """Non-blank lines, stripped (line lengths are capped before, by the reader)."""
    return [entry for line in lines if (entry := line.strip())]


def read_url_list(text: str | Sequence[str]) -> pd.DataFrame:
    """Link records (partial canonical columns) from one URL or host per line.

    ``text`` is the file's text, or its lines already split (the cells of a one-column sheet).
    """
    lines = _entries(split_lines(text) if isinstance(text, str) else text)
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


def read_disavow(text: str | Sequence[str]) -> pd.DataFrame:
    """Records from a disavow file: ``domain:`` lines at domain level, URL lines at link level.

    ``text`` is the file's text, or its lines already split.
    """
    lines = _entries(split_lines(text) if isinstance(text, str) else text)
    entries = [line for line in lines if not line.startswith("#")]
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
