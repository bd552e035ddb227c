"""Parsing label columns of labeled exports and reviewed sheets.

An auditor's labels arrive in many spellings: ``1``/``0``, ``toxic``/``clean``,
``disavow``/``keep``, ``true``/``false``, ``yes``/``no``. :func:`parse_labels` maps them to
``1`` (toxic) and ``0`` (clean); rows whose label is empty are *unlabeled* (``-1``) and left out of
training, never counted as clean. Anything else is an error that names the file and the values.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from toxicity.errors import LabelError, MissingColumnsError

#: Spellings read as toxic (label 1); compared lower-cased and stripped.
TOXIC_WORDS: frozenset[str] = frozenset(
    {"1", "1.0", "toxic", "disavow", "bad", "spam", "true", "yes", "y", "t", "remove", "block"}
)
#: Spellings read as clean (label 0).
CLEAN_WORDS: frozenset[str] = frozenset(
    {"0", "0.0", "clean", "keep", "good", "ok", "false", "no", "n", "f", "allow", "whitelist", "accept"}
)
#: Spellings read as "not decided yet" (left out of training).
UNLABELED_WORDS: frozenset[str] = frozenset(
    {"", "nan", "none", "null", "na", "n/a", "-", "?", "undecided", "review", "skip"}
)

UNLABELED = -1


def parse_labels(
    values: Iterable[object], *, source: str = "labels", require_both: bool = True
) -> np.ndarray:
    """Map label spellings to 1 (toxic), 0 (clean) or -1 (not labeled).

    Parameters
    ----------
    values : iterable
        The raw label column (strings, numbers, booleans or missing values).
    source : str
        Where the labels come from (a file name), used in error messages.
    require_both : bool
        Require both classes (False when the labels are added to a base training set).

    Returns
    -------
    numpy.ndarray of int8

    Raises
    ------
    LabelError
        If a value is none of the known spellings, no row is labeled, or (with ``require_both``)
        only one class is present.

    Examples
    --------
    >>> parse_labels(["disavow", "keep", "", "TOXIC", 0]).tolist()
    [1, 0, -1, 1, 0]
    """
    raw = pd.Series(list(values), dtype="object")
    text = raw.map(
        lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA else str(v)
    )
    text = text.str.strip().str.lower()
    out = np.full(len(text), UNLABELED, dtype=np.int8)
    out[text.isin(TOXIC_WORDS).to_numpy()] = 1
    out[text.isin(CLEAN_WORDS).to_numpy()] = 0
    unknown = ~(text.isin(TOXIC_WORDS) | text.isin(CLEAN_WORDS) | text.isin(UNLABELED_WORDS))
    if unknown.any():
        bad = list(dict.fromkeys(raw[unknown].astype(str)))
        raise LabelError(
            f"{source}: {int(unknown.sum())} label(s) cannot be read, e.g. {', '.join(repr(b[:30]) for b in bad[:5])}. "
            "Use 1/0, toxic/clean, disavow/keep or true/false (empty = not decided)."
        )
    if require_both:
        check_classes(out, source=source)
    elif not (out >= 0).any():
        raise LabelError(
            f"{source}: no row has a label. Fill the label (or decision) column with toxic/clean or disavow/keep."
        )
    return out


def check_classes(labels: np.ndarray, *, source: str = "labels") -> None:
    """Raise :class:`LabelError` unless ``labels`` hold at least one toxic and one clean row."""
    n_toxic = int((labels == 1).sum())
    n_clean = int((labels == 0).sum())
    if n_toxic == 0 and n_clean == 0:
        raise LabelError(
            f"{source}: no row has a label. Fill the label (or decision) column with toxic/clean or disavow/keep."
        )
    if n_toxic == 0 or n_clean == 0:
        only = "toxic" if n_clean == 0 else "clean"
        raise LabelError(
            f"{source}: all {max(n_toxic, n_clean)} labeled rows are {only}; a model needs both classes. "
            "Add decisions of the other class, or train with --base default."
        )


def read_labeled(
    paths: Iterable[str | Path], *, require_both: bool = True
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Read labeled exports or reviewed sheets into link records, labels and the file of each row.

    Any export format :func:`toxicity.io.read_export` reads works when the file has a ``label``
    column (review sheets: the ``decision`` column). Rows without a decision are kept with label -1.

    Returns
    -------
    links : DataFrame
        Canonical link records of every file, in order.
    labels : ndarray of int8
        1 toxic, 0 clean, -1 undecided.
    sources : ndarray of str
        File name of each row.

    Raises
    ------
    MissingColumnsError
        A file has no label column.
    LabelError
        Labels are unreadable, or (with ``require_both``) all of one class over all files.
    """
    from toxicity.io import read_export
    from toxicity.schema import conform

    frames, labels, sources = [], [], []
    for path in paths:
        result = read_export(path)
        name = Path(str(path)).name
        if "label" not in result.links.columns:
            raise MissingColumnsError(
                f"{path}: no label column (read as {result.format}; columns: "
                f"{', '.join(map(str, result.links.columns[:6]))}...). Add a column 'label' with toxic/clean "
                "(or disavow/keep, 1/0), or give a review sheet with its decision column filled."
            )
        labels.append(parse_labels(result.links["label"], source=name, require_both=False))
        frames.append(result.links.drop(columns=["label"]))
        sources.append(np.full(len(result.links), name, dtype=object))
    if not frames:
        raise LabelError(
            "no labeled file given. Name one or more exports with a label column, or review sheets."
        )
    links = conform(pd.concat(frames, ignore_index=True))
    y = np.concatenate(labels)
    if require_both:
        check_classes(y, source=", ".join(sorted({str(s) for s in np.concatenate(sources)})))
    return links, y, np.concatenate(sources)
