"""Click decorators shared by commands that read exports."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])

#: Format names accepted by ``--format``. Kept here (not imported from :mod:`toxicity.io`) so that
#: ``toxicity --help`` does not import pandas; a test checks it matches :func:`toxicity.io.format_names`.
FORMAT_NAMES: tuple[str, ...] = (
    "ahrefs",
    "semrush",
    "semrush-audit",
    "semrush-domains",
    "majestic",
    "majestic-domains",
    "moz",
    "gsc-links",
    "gsc-sites",
    "bing",
    "url-list",
    "disavow",
    "review",
)


def format_options(func: F) -> F:
    """Add ``--format`` (``auto`` or a format name, passed as ``export_format``) and ``--encoding``."""
    func = click.option(
        "--encoding",
        default=None,
        metavar="CODEC",
        help="Text encoding of the exports (e.g. cp1252) instead of detecting UTF-8/UTF-16.",
    )(func)
    return click.option(
        "-f",
        "--format",
        "export_format",
        type=click.Choice(["auto", *FORMAT_NAMES]),
        default="auto",
        show_default=True,
        help="Export format; 'auto' detects it from the header (see 'toxicity formats').",
    )(func)


def export_arguments(*, required: bool = True) -> Callable[[F], F]:
    """``EXPORT...`` arguments (``-`` for standard input), passed as ``exports: tuple[str, ...]``."""
    return click.argument(
        "exports",
        nargs=-1,
        required=required,
        metavar="EXPORT...",
        type=click.Path(dir_okay=True, allow_dash=True),
    )


def export_inputs(func: F) -> F:
    """Add ``EXPORT...`` arguments (``-`` for standard input), ``--format`` and ``--encoding``.

    The command receives ``exports: tuple[str, ...]``, ``export_format: str`` (``auto`` or a format
    name) and ``encoding: str | None``. Files are checked by the library, which says what is wrong.
    """
    return export_arguments()(format_options(func))


def _parse_site(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """The ``--site`` value checked and normalised by :func:`toxicity.domains.parse_site`.

    A site that is not a host (``crumbandcrust``, ``co.uk``) would protect nothing and skew brand
    matching without a word; the library's :class:`~toxicity.errors.SiteError` becomes the ``Error:`` line.
    """
    if value is None:
        return None
    from toxicity.domains import parse_site

    return parse_site(value)


def site_option(help_text: str) -> Callable[[F], F]:
    """``--site SITE``, checked and normalised to its host
    (``https://WWW.Example.com/`` -> ``www.example.com``)."""
    return click.option("--site", metavar="SITE", callback=_parse_site, help=help_text)
