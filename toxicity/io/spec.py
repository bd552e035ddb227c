"""Format specifications and the generic mapping from an export's columns to link records.

A :class:`FormatSpec` says which export header names feed each canonical column (see
:mod:`toxicity.schema`), which header names identify the format, and whether a row is one link or
one referring domain. Header names are matched case-insensitively with surrounding and repeated
spaces ignored, so ``Referring Page URL`` (older Ahrefs) and ``Referring page URL`` are one name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from toxicity.io.values import parse_bool, parse_date, parse_number
from toxicity.schema import BOOLEAN, DATETIME, FLOAT, LINK_COLUMNS

#: Header names (normalised) of a column holding a reviewer's or trainer's label.
LABEL_HEADERS: frozenset[str] = frozenset(
    {"label", "labels", "toxic", "is toxic", "is_toxic", "decision", "disavow", "disavowed", "verdict"}
)

#: ``derive(raw, columns)`` returns extra canonical columns computed from several export columns;
#: ``columns`` maps normalised header names to the frame's column names.
Derive = Callable[[pd.DataFrame, Mapping[str, str]], dict[str, pd.Series]]


def normalise_header(name: str) -> str:
    """Lower-case ``name``, drop BOMs and quotes, and collapse whitespace.

    >>> normalise_header('  "Referring  Page URL"\\ufeff')
    'referring page url'
    """
    return re.sub(r"\s+", " ", name.replace("\ufeff", "").strip().strip('"').strip()).casefold()


@dataclass(frozen=True)
class FormatSpec:
    """How one export format maps to link records.

    Attributes
    ----------
    name
        Short name used by ``--format`` and in ``source_format`` (``ahrefs``, ``gsc-links`` ...).
    description
        One line for ``toxicity formats``.
    columns
        Canonical column -> export header names, preferred first. A name ending in ``*`` matches any
        header starting with it (Majestic's ``BackLinks_<site>``).
    signatures
        Alternative sets of normalised header names; a header containing one set is this format.
        Larger matched sets win over smaller ones, so the most specific format is chosen.
    level
        ``"link"`` (one row per link, ``links`` = 1) or ``"domain"`` (one row per referring site).
    dayfirst
        Read ambiguous ``03/04/2013`` dates as day first.
    derive
        Optional function computing canonical columns that need several export columns; its
        results replace the plain column mapping.
    notes
        What is unverified about this format, shown by ``toxicity formats``.
    required
        Canonical columns an export must have to be read as this format.
    lines
        True for line-based formats (a URL list, a disavow file) that have no header row.
    """

    name: str
    description: str
    columns: Mapping[str, tuple[str, ...]]
    signatures: tuple[frozenset[str], ...]
    level: Literal["link", "domain"] = "link"
    dayfirst: bool = False
    derive: Derive | None = None
    notes: str = ""
    required: tuple[str, ...] = field(default=("source_url",))
    lines: bool = False

    def match_size(self, headers: Iterable[str]) -> int:
        """Size of the largest signature contained in ``headers`` (normalised names); 0 if none."""
        present = set(headers)
        return max((len(sig) for sig in self.signatures if sig <= present), default=0)

    def resolve(self, header: Iterable[str]) -> dict[str, str]:
        """Canonical column -> the export column (as named in ``header``) that feeds it."""
        by_norm: dict[str, str] = {}
        for name in header:
            by_norm.setdefault(normalise_header(name), name)
        found: dict[str, str] = {}
        for canonical, aliases in self.columns.items():
            for alias in aliases:
                key = normalise_header(alias)
                if key.endswith("*"):
                    hit = next((orig for norm, orig in by_norm.items() if norm.startswith(key[:-1])), None)
                else:
                    hit = by_norm.get(key)
                if hit is not None:
                    found[canonical] = hit
                    break
        return found

    def missing_required(self, header: Iterable[str]) -> list[str]:
        """Preferred export header names of required canonical columns that ``header`` lacks."""
        found = self.resolve(header)
        return [self.columns[c][0] for c in self.required if c not in found]


def map_columns(frame: pd.DataFrame, spec: FormatSpec) -> pd.DataFrame:
    """Convert an export's raw string cells to canonical columns (not yet conformed or host-parsed).

    Empty cells become missing, except ``anchor`` where '' means the export reported an empty anchor.
    A column of :data:`LABEL_HEADERS` is kept as ``label`` with its raw text.
    """
    found = spec.resolve(frame.columns)
    out: dict[str, pd.Series] = {}
    for canonical, column in found.items():
        raw = frame[column]
        dtype = LINK_COLUMNS.get(canonical, FLOAT)
        if dtype == BOOLEAN:
            out[canonical] = parse_bool(raw)
        elif dtype == FLOAT:
            out[canonical] = parse_number(raw)
        elif dtype == DATETIME:
            out[canonical] = parse_date(raw, dayfirst=spec.dayfirst)
        elif canonical in ("anchor", "source_url"):
            out[canonical] = raw.astype("string")
        else:
            text = raw.astype("string")
            out[canonical] = text.mask(text.str.strip() == "")
    if spec.derive is not None:
        by_norm = {normalise_header(c): c for c in frame.columns}
        for canonical, values in spec.derive(frame, by_norm).items():
            out[canonical] = values
    if spec.level == "link":
        out["links"] = pd.Series(1.0, index=frame.index)
    label = next((c for c in frame.columns if normalise_header(c) in LABEL_HEADERS), None)
    if label is not None and "label" not in out:
        out["label"] = frame[label].astype("string")
    out["source_format"] = pd.Series(spec.name, index=frame.index, dtype="string")
    return pd.DataFrame(out, index=frame.index)


def flag_from_text(values: pd.Series, pattern: str) -> pd.Series:
    """Nullable boolean: whether each value matches ``pattern`` (case-insensitive); empty -> ``<NA>``."""
    text = values.astype("string")
    hit = text.str.contains(pattern, case=False, regex=True, na=False)
    return pd.Series(pd.array(hit.to_numpy(dtype=bool), dtype="boolean"), index=values.index).mask(
        text.str.strip().fillna("") == ""
    )


@dataclass(frozen=True)
class ColumnUse:
    """What one column of an export became in the link records.

    Attributes
    ----------
    column
        The column's name in the export (``""`` for an unnamed one, such as a sheet's row numbers).
    fields
        Canonical columns it feeds, or ``("label",)`` for a label column; empty when it is ignored.
    instead
        For an ignored column that could feed a field: ``(field, other column)``, the column that feeds
        that field instead (Moz's ``Domain Authority`` when ``Page Authority`` gives ``authority_score``).
    """

    column: str
    fields: tuple[str, ...] = ()
    instead: tuple[str, str] | None = None


class _Reads(Mapping[str, str]):
    """A read-only mapping that records which keys were read (``[]`` or ``get`` of a present key)."""

    def __init__(self, data: Mapping[str, str]) -> None:
        self._data = data
        self.read: list[str] = []

    def __getitem__(self, key: str) -> str:
        value = self._data[key]
        if key not in self.read:
            self.read.append(key)
        return value

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)


def _alias_hits(alias: str, norm: str) -> bool:
    key = normalise_header(alias)
    return norm.startswith(key[:-1]) if key.endswith("*") else norm == key


def column_uses(spec: FormatSpec, names: Sequence[str]) -> list[ColumnUse]:
    """What each column of an export with column ``names`` (unique) becomes when read as ``spec``.

    A column feeds the canonical field it is mapped to, the fields ``spec.derive`` computes from it,
    or ``label``; every other column is ignored. Which derived fields a column feeds is found by running
    ``derive`` on no rows with that column alone, so it holds for every export of the format.

    >>> from toxicity.io import get_format
    >>> uses = column_uses(get_format("gsc-links"), ["#", "Linking page", "Last crawled"])
    >>> [(u.column, u.fields) for u in uses]
    [('#', ()), ('Linking page', ('source_url',)), ('Last crawled', ('last_seen',))]
    """
    if spec.lines:
        return [ColumnUse(spec.columns["source_url"][0], ("source_url",))]
    found = spec.resolve(names)
    fields: dict[str, list[str]] = {name: [] for name in names}
    for canonical, column in found.items():
        fields[column].append(canonical)
    by_norm = {normalise_header(c): c for c in names}
    derived: set[str] = set()
    if spec.derive is not None:
        empty = pd.DataFrame({c: pd.Series([], dtype="string") for c in names})
        reads = _Reads(by_norm)
        derived = set(spec.derive(empty, reads))
        for key in reads.read:
            try:
                alone = set(spec.derive(empty, {key: by_norm[key]}))
            except KeyError:  # a derive that needs this column with another: it feeds all it computes
                alone = derived
            order = list(LINK_COLUMNS)
            ranked = sorted(alone & derived, key=lambda f: (order.index(f) if f in order else len(order), f))
            fields[by_norm[key]].extend(f for f in ranked if f not in fields[by_norm[key]])
    label = next((c for c in names if normalise_header(c) in LABEL_HEADERS), None)
    if label is not None and "label" not in derived:
        fields[label].append("label")
    uses = []
    for name in names:
        instead = None
        if not fields[name]:
            norm = normalise_header(name)
            instead = next(
                (
                    (canonical, found[canonical])
                    for canonical, aliases in spec.columns.items()
                    if canonical in found and any(_alias_hits(a, norm) for a in aliases)
                ),
                None,
            )
        uses.append(ColumnUse(name, tuple(fields[name]), instead))
    return uses
