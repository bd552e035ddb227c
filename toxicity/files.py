"""Writing files so that a reader never sees half of one: the one atomic writer every output uses.

A crash or a full disk while writing must not leave a truncated links.csv, model card or disavow
file where a good one was: the data goes to a temporary file in the same folder, which then
replaces the target in one step (:func:`os.replace`).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any


@contextmanager
def atomic_file(
    path: str | os.PathLike[str],
    mode: str = "wb",
    *,
    durable: bool = False,
    **open_args: Any,
) -> Iterator[IO[Any]]:
    """Open a temporary file beside ``path``; on success it replaces ``path``, on error it is removed.

    Parameters
    ----------
    path : the file to write
    mode : ``"wb"`` or ``"w"`` (with ``encoding=...`` and the other :func:`open` arguments)
    durable : flush the data to disk before the replace (for files whose loss costs a person's work)

    The file is readable by all (0644), like a file written with :func:`open`; ``mkstemp`` alone
    would make it private.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> with atomic_file(p, "w", encoding="utf-8") as fh:
    ...     _ = fh.write("done")
    >>> p.read_text()
    'done'
    """
    target = Path(path)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, mode, **open_args) as fh:
            yield fh
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
