"""The ``toxicity`` command line: a thin layer over the library.

Each command module parses options, calls library functions and renders the result. Library
errors (:class:`toxicity.errors.ToxicityError`) become one ``Error: ...`` line and exit code 1.
Heavy imports (pandas, LightGBM) happen inside commands so ``toxicity --help`` stays fast.
"""

from __future__ import annotations

import logging
from typing import Any

import click

from toxicity import __version__
from toxicity.errors import ToxicityError


class _Group(click.Group):
    """Click group that turns library errors into clean ``Error:`` lines (exit 1, no traceback)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ToxicityError as exc:
            raise click.ClickException(str(exc)) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="toxicity")
@click.option("-v", "--verbose", count=True, help="More log output on stderr (-vv for debug).")
def cli(verbose: int) -> None:
    """Score backlinks for toxicity, explain every score, and prepare a reviewed Google disavow file.

    Typical audit: toxicity inspect export.csv; toxicity score export.csv --site example.com -o audit/;
    fill the decision column of audit/review.csv; toxicity disavow audit/review.csv -o disavow.txt
    """
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


# Command modules register themselves on ``cli`` when imported.
from toxicity.cli import disavow as _disavow  # noqa: F401
from toxicity.cli import features as _features  # noqa: F401
from toxicity.cli import fetch as _fetch  # noqa: F401
from toxicity.cli import model as _model  # noqa: F401
from toxicity.cli import read as _read  # noqa: F401
from toxicity.cli import report as _report  # noqa: F401
from toxicity.cli import score as _score  # noqa: F401
