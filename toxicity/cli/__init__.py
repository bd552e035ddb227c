"""The ``toxicity`` command line: a thin layer over the library.

Each command module parses options, calls library functions and renders the result. Every error a
user can cause ends the same way: one ``Error: ...`` line on stderr and exit code 1, no traceback.
That covers library errors (:class:`toxicity.errors.ToxicityError`), the operating system's
(:class:`OSError`: a read-only folder, a full disk, a denied permission), running out of memory, and
click's own usage errors (a bad option, a missing argument, a bad choice), which click would end
with exit code 2. Any other exception is a bug and keeps its traceback.
Heavy imports (pandas, LightGBM) happen inside commands so ``toxicity --help`` stays fast.
"""

from __future__ import annotations

import errno
import logging
import re
from typing import Any

import click

from toxicity import __version__
from toxicity.errors import ToxicityError, describe_os_error

#: Control characters (and Unicode line breaks) that would split an ``Error:`` line or drive the terminal.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _one_line(text: str) -> str:
    """``text`` with line breaks and other control characters escaped, so that it prints as one line.

    File names and values quoted in messages come from the user's files and from the web.

    >>> _one_line("bad\\nError: forged\\x1b[2J")
    'bad\\\\nError: forged\\\\x1b[2J'
    """
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


_MEMORY_MESSAGE = (
    "not enough memory: the input is too large for memory on this machine. Split the export into smaller "
    "files and score them one at a time, or use a machine with more memory"
)


#: Raised by click 8.2+ for a bare command that shows its help; older click exits 0 by itself.
_NO_ARGS_IS_HELP: type[Exception] = getattr(
    click.exceptions, "NoArgsIsHelpError", type("_Never", (Exception,), {})
)


class _Group(click.Group):
    """Click group that turns user errors into one clean ``Error:`` line, exit code 1, no traceback."""

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        # Options of the group itself (toxicity --bad) are parsed here, before invoke.
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click.UsageError as exc:
            # Bare ``toxicity`` shows the help (click 8.2+ calls that a usage error): not a failure.
            # click reads it per instance
            exc.exit_code = 0 if isinstance(exc, _NO_ARGS_IS_HELP) else 1  # type: ignore[misc]
            raise

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            # Click shows its usual usage text and Error: line; only the exit code changes (2 -> 1).
            exc.exit_code = 1  # type: ignore[misc]  # click reads it per instance
            raise
        except ToxicityError as exc:
            raise click.ClickException(_one_line(str(exc))) from None
        except MemoryError:
            raise click.ClickException(_MEMORY_MESSAGE) from None
        except OSError as exc:
            # A closed pipe (toxicity ... | head) is click's to handle: it exits quietly.
            if exc.errno == errno.EPIPE:
                raise
            raise click.ClickException(_one_line(describe_os_error(exc))) from None


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
