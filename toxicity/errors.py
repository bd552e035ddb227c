"""Errors raised by the library.

Every error a user can cause is a :class:`ToxicityError`; the CLI prints its message as one
``Error: ...`` line and exits with code 1. Messages say what is wrong *and* how to fix it.
"""

from __future__ import annotations

import errno
import os


class ToxicityError(Exception):
    """Base class: a problem with the user's input, files or options."""


class InputFileError(ToxicityError):
    """An input file is missing, unreadable, empty, binary or in the wrong encoding."""


class UnknownFormatError(ToxicityError):
    """The header of an export matches no known format."""


class MissingColumnsError(ToxicityError):
    """A file lacks columns that its format (or a labeled set) requires."""


class ModelError(ToxicityError):
    """A model folder is missing, inconsistent, tampered with or from an incompatible version."""


class LabelError(ToxicityError):
    """Labels are missing, unparseable or all of one class."""


class DisavowError(ToxicityError):
    """A disavow file breaks Google's rules or an operation would lose or corrupt entries."""


class OutputExistsError(ToxicityError):
    """An output file exists and ``--force`` was not given."""


class ReviewSheetError(ToxicityError):
    """A review sheet or an allow/block list has a bad value (decision, domain, URL) in some row."""


class SiteError(ToxicityError):
    """The audited site (``--site``) is not one site's host name."""


class UsageError(ToxicityError, ValueError):
    """A library function was called with arguments it cannot use (wrong shape, type or values).

    Also a :class:`ValueError`, so code that caught the plain ``ValueError`` of earlier versions keeps
    working.
    """


class ArgumentTypeError(UsageError, TypeError):
    """A library function was given an argument of the wrong type (also a :class:`TypeError`)."""


class NotFittedError(UsageError, AttributeError, RuntimeError):
    """An estimator was used before it was fitted or loaded from a model folder.

    A :class:`ValueError` and an :class:`AttributeError` like scikit-learn's own ``NotFittedError``, and
    still the :class:`RuntimeError` it was in earlier versions.
    """


class UnknownFeatureError(ToxicityError, KeyError):
    """A feature name is not in the feature catalogue (:mod:`toxicity.features.catalogue`)."""

    # The message as given, not quoted as a KeyError's key would be.
    __str__ = Exception.__str__


class DependencyError(ToxicityError, RuntimeError):
    """An installed package is not one toxicity can work with: install the version it names."""


class PackageDataError(ToxicityError, ValueError):
    """A data file shipped inside the package is damaged: reinstall the package."""


#: What to do about common operating-system errors, by errno.
_OS_FIXES: dict[int, str] = {
    errno.EACCES: "check the permissions of the file and its folder, or choose another location",
    errno.EPERM: "check the permissions of the file and its folder, or choose another location",
    errno.ENOSPC: "free some disk space, or write to another disk, and run the command again",
    errno.EDQUOT: "free some space within your disk quota and run the command again",
    errno.EROFS: "the file system is read-only: write to another folder",
    errno.ENOENT: "check that the path exists",
    errno.EISDIR: "give a file, not a folder",
    errno.ENOTDIR: "part of the path is a file, not a folder: check the path",
    errno.EEXIST: "remove it or choose another name",
    errno.EMFILE: "too many files are open: close other programs and run the command again",
    errno.ENFILE: "too many files are open: close other programs and run the command again",
}


def describe_os_error(exc: OSError) -> str:
    """One line for an :class:`OSError`: the path(s), the operating system's reason and the fix."""
    paths = [
        os.fsdecode(p) if isinstance(p, (str, bytes, os.PathLike)) else str(p)
        for p in (exc.filename, exc.filename2)
        if p is not None
    ]
    reason = exc.strerror or str(exc) or type(exc).__name__
    fix = _OS_FIXES.get(exc.errno or -1, "check the file and its folder, and run the command again")
    where = " -> ".join(paths)
    return f"{where}: {reason}; {fix}" if where else f"{reason}; {fix}"
