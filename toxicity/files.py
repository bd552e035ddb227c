"""Writing files so that a reader never sees half of one: the one atomic writer every output uses.

A crash or a full disk while writing must not leave a truncated links.csv, model card or disavow
file where a good one was: the data goes to a temporary file in the same folder, which then
replaces the target in one step (:func:`os.replace`).

Replacing a file behaves like writing it with :func:`open`, as far as a reader can tell: a file that
exists keeps its permission bits (a private 0600 disavow file stays private), and a symbolic link
is written through, so the file it points to gets the new content and the link stays a link.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

#: Permission bits of a new file: readable by all, like a file written with :func:`open` under the
#: usual umask (``mkstemp`` alone would make it private).
NEW_FILE_MODE = 0o644


@contextmanager
def atomic_file(
    path: str | os.PathLike[str],
    mode: str = "wb",
    *,
    durable: bool = False,
    permissions: int | None = None,
    **open_args: Any,
) -> Iterator[IO[Any]]:
    """Open a temporary file beside ``path``; on success it replaces ``path``, on error it is removed.

    Parameters
    ----------
    path : the file to write; a symbolic link is followed, and the file it points to is replaced
    mode : ``"wb"`` or ``"w"`` (with ``encoding=...`` and the other :func:`open` arguments)
    durable : flush the data to disk before the replace (for files whose loss costs a person's work)
    permissions : permission bits of the written file; by default those of the file replaced, or
        :data:`NEW_FILE_MODE` (0644) for a new file

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> with atomic_file(p, "w", encoding="utf-8") as fh:
    ...     _ = fh.write("done")
    >>> p.read_text()
    'done'
    """
    # os.replace on a symlink would swap the link for a plain file and leave the file it names
    # stale; replacing the link's target is what open() would have written to.
    target = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    if permissions is None:
        try:
            permissions = stat.S_IMODE(os.stat(target).st_mode)
        except FileNotFoundError:
            permissions = NEW_FILE_MODE
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, mode, **open_args) as fh:
            yield fh
            if durable:
                fh.flush()
                os.fsync(fh.fileno())
        os.chmod(tmp, permissions)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def refuse_to_overwrite(folder: Path | None, existing: list[str], force: bool) -> None:
    """Stop, before any work, when outputs ``existing`` in ``folder`` would be replaced without
    ``--force``."""
    if existing and not force:
        from toxicity.errors import OutputExistsError

        raise OutputExistsError(
            f"{folder}: already holds {', '.join(existing)}; choose another folder or add --force to "
            f"overwrite"
        )
