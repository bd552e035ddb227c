"""Errors raised by the library.

Every error a user can cause is a :class:`ToxicityError`; the CLI prints its message as one
``Error: ...`` line and exits with code 1. Messages say what is wrong *and* how to fix it.
"""

from __future__ import annotations


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
