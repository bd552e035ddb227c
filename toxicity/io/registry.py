"""The known export formats and detection of a format from a header row."""

from __future__ import annotations

from collections.abc import Sequence

from toxicity.errors import UnknownFormatError
from toxicity.io import ahrefs, bing, gsc, lists, majestic, moz, review, semrush
from toxicity.io.spec import FormatSpec, normalise_header

#: Every format, in the order ``toxicity formats`` lists them (ties in detection go to the earlier one).
FORMATS: tuple[FormatSpec, ...] = (
    ahrefs.SPEC,
    semrush.SPEC,
    semrush.AUDIT_SPEC,
    semrush.DOMAINS_SPEC,
    majestic.SPEC,
    majestic.DOMAINS_SPEC,
    moz.SPEC,
    gsc.LINKS_SPEC,
    gsc.SITES_SPEC,
    bing.SPEC,
    lists.URL_LIST_SPEC,
    lists.DISAVOW_SPEC,
    review.SPEC,
)

_BY_NAME = {spec.name: spec for spec in FORMATS}

#: Header of Search Console's internal links report (Links > Internal links), which lists no backlinks.
_GSC_INTERNAL_LINKS = frozenset({"target page", "internal links"})


def _other_report(present: set[str]) -> bool:
    """True when normalised header names ``present`` are those of a Search Console report of no backlinks."""
    return gsc.TOP_LINKED_PAGES <= present or _GSC_INTERNAL_LINKS <= present


def list_formats() -> list[FormatSpec]:
    """All formats the readers know, with their column mappings.

    >>> [f.name for f in list_formats()][:3]
    ['ahrefs', 'semrush', 'semrush-audit']
    """
    return list(FORMATS)


def format_names() -> list[str]:
    """Names accepted by ``format=`` / ``--format`` (besides ``auto``)."""
    return [spec.name for spec in FORMATS]


def get_format(name: str) -> FormatSpec:
    """The :class:`FormatSpec` called ``name``.

    Raises
    ------
    UnknownFormatError
        No format has that name.
    """
    try:
        return _BY_NAME[name]
    except KeyError:
        raise UnknownFormatError(
            f"unknown format {name!r}. Recognised formats: {', '.join(format_names())}."
        ) from None


def _detect(header_fields: Sequence[str]) -> str | None:
    fields = [f for f in header_fields]
    # A first field starting with "#" is a disavow comment, unless it is exactly "#": the row-number
    # column a Google Sheets or Excel re-save puts before a known header.
    disavow = bool(fields) and lists.looks_like_disavow(fields[0])
    row_numbers = disavow and fields[0].strip() == "#" and len(fields) >= 2
    if disavow and not row_numbers:
        return lists.DISAVOW_SPEC.name
    present = {normalise_header(f) for f in fields if f.strip()}
    scored = [
        (spec.match_size(present), len(spec.resolve(fields)), -i, spec.name)
        for i, spec in enumerate(FORMATS)
        if not spec.lines
    ]
    best = max(scored)
    if best[0] > 0:
        return best[3]
    if row_numbers and _other_report(present):
        return None  # a re-saved report that lists no backlinks: unknown_header_message names it
    if disavow:
        return lists.DISAVOW_SPEC.name
    if len(present) <= 1 and not (present & gsc.TOP_LINKED_PAGES):
        return lists.URL_LIST_SPEC.name
    return None


def detect_format(header_fields: Sequence[str]) -> str:
    """Name of the export format whose header is ``header_fields`` (the first row, split into fields).

    The most specific match wins: a header with ``Source url`` and ``Toxicity Score`` is
    ``semrush-audit``, not ``semrush``. A single field (a bare URL, or an unknown one-column header) is a
    ``url-list``; a first line starting with ``#`` or ``domain:`` is a ``disavow`` file.

    >>> detect_format(["Linking page", "Last crawled"])
    'gsc-links'
    >>> detect_format(["Site", "Linking pages", "Target pages"])
    'gsc-sites'
    >>> detect_format(["https://example.com/page"])
    'url-list'

    Raises
    ------
    UnknownFormatError
        The header matches no known format. The message lists the columns found and the formats known.
    """
    name = _detect(header_fields)
    if name is None:
        raise UnknownFormatError(unknown_header_message(header_fields))
    return name


def unknown_header_message(header_fields: Sequence[str], file: str | None = None) -> str:
    """The message for a header no format matches (prefixed with ``file:`` when given).

    A report that is not a backlink export is named for what it is, with the report to export instead.
    """
    prefix = f"{file}: " if file else ""
    present = {normalise_header(f) for f in header_fields}
    if _GSC_INTERNAL_LINKS <= present:
        return (
            f"{prefix}this is Search Console's internal links report, which lists links between your own "
            "pages, not links from other sites. In Search Console, export Links > External links > Latest "
            "links instead."
        )
    if gsc.TOP_LINKED_PAGES <= present:
        return (
            f'{prefix}this is Search Console\'s "Top linked pages" table, which lists your own pages, not '
            'the sites linking to them. Export "Latest links" or "Top linking sites" instead.'
        )
    shown = [f for f in header_fields if f.strip()][:12]
    more = f" (and {len(header_fields) - 12} more)" if len(header_fields) > 12 else ""
    return (
        f"{prefix}the header matches no known export format. Found columns: {', '.join(shown)}{more}. "
        f"Recognised formats: {', '.join(format_names())}. Try --format NAME, or see 'toxicity formats'."
    )
