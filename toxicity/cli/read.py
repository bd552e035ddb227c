"""``toxicity formats`` and ``toxicity inspect``: what the readers know, and what they make of a file."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import click

from toxicity.cli import _one_line, cli
from toxicity.cli.options import export_inputs
from toxicity.schema import LINK_COLUMNS

if TYPE_CHECKING:
    from toxicity.io.reader import ExportRead


def _label(text: str) -> str:
    return f"{text + ':':<20}"


@cli.command("formats")
def formats() -> None:
    """List the export formats the readers recognise and the columns each maps.

    Each canonical column is followed by the export header names that feed it, preferred first.

    Example: toxicity formats
    """
    from toxicity.io import list_formats

    for spec in list_formats():
        notes = f" ({spec.notes})" if spec.notes else ""
        click.echo(f"{spec.name}  [{spec.level} level] {spec.description}{notes}")
        for canonical, names in spec.columns.items():
            click.echo(f"    {canonical:<18} <- {' | '.join(names)}")
        click.echo("")


#: Characters of an example value shown (it is hostile text: quoted with repr, and cut).
EXAMPLE_WIDTH = 80
#: Characters of a column name shown.
COLUMN_WIDTH = 60


def example_text(value: str) -> str:
    """A value from an export for the terminal: quoted with ``repr`` (control characters escaped), cut.

    >>> example_text("http://sp ace.example/")
    "'http://sp ace.example/'"
    >>> example_text("\\x1b[2J" + "x" * 100)[:12], example_text("x" * 100)[-5:]
    ("'\\\\x1b[2Jxxxx", "x'...")
    """
    return repr(value[:EXAMPLE_WIDTH]) + ("..." if len(value) > EXAMPLE_WIDTH else "")


def reason_lines(counts: Mapping[str, int], examples: Mapping[str, str]) -> list[str]:
    """One line per reason, by name: ``unparseable URL: 3 (e.g. 'http://sp ace.example/')``."""
    return [
        f"{reason}: {count:,}" + (f" (e.g. {example_text(examples[reason])})" if reason in examples else "")
        for reason, count in sorted(counts.items())
    ]


def _column_lines(export: ExportRead) -> list[str]:
    present = set(export.present_fields)
    lines = []
    for use in export.columns:
        name = _one_line(use.column[:COLUMN_WIDTH]) + ("..." if len(use.column) > COLUMN_WIDTH else "")
        name = name or "(unnamed column)"
        if use.fields:
            # as "Missing fields" says: a field with no value in any row (a label is no field)
            fields = [f for f in use.fields if f in LINK_COLUMNS]
            empty = bool(fields) and not present.intersection(fields)
            lines.append(f"{name} -> {', '.join(use.fields)}" + (" (empty in every row)" if empty else ""))
        elif use.instead is not None:
            lines.append(f"{name} -> ignored ({use.instead[0]} comes from {_one_line(use.instead[1])})")
        else:
            lines.append(f"{name} -> ignored")
    return lines


@cli.command("inspect")
@export_inputs
def inspect(exports: tuple[str, ...], export_format: str, encoding: str | None) -> None:
    """Report how EXPORT files are read: format, encoding, rows, skipped rows, fields, and each column's use.

    Skipped rows and unusual records are counted by reason, with the first value of each (quoted). Every
    column of the export is listed with the field it became, or as ignored. Several files are merged and
    exact duplicate records removed. Use - to read standard input.

    Example: toxicity inspect examples/ahrefs_backlinks.tsv
    """
    from toxicity.io import read_exports

    result = read_exports(exports, export_format, encoding=encoding)
    how = "detected" if export_format == "auto" else "given"
    for export in result.exports:
        click.echo(f"{_label('File')}{export.name}")
        click.echo(f"{_label('Format')}{export.format} ({how})")
        click.echo(f"{_label('Encoding')}{export.encoding}")
    skipped = sum(result.skipped.values())
    click.echo(f"{_label('Rows read')}{result.rows_read}")
    click.echo(f"{_label('Rows skipped')}{skipped}")
    for line in reason_lines(result.skipped, result.examples):
        click.echo(f"    {line}")
    if result.flagged:
        click.echo(f"{_label('Kept, but unusual')}{sum(result.flagged.values())}")
        for line in reason_lines(result.flagged, result.examples):
            click.echo(f"    {line}")
    if len(result.sources) > 1 or result.duplicates_removed:
        click.echo(f"{_label('Duplicates removed')}{result.duplicates_removed}")
    click.echo(f"{_label('Link records')}{len(result.links)}")
    click.echo(f"{_label('Referring domains')}{result.referring_domains}")
    click.echo(f"{_label('Present fields')}{', '.join(result.present_fields)}")
    click.echo(f"{_label('Missing fields')}{', '.join(result.missing_fields) or 'none'}")
    if result.has_labels:
        labelled = int(result.links["label"].fillna("").astype(str).str.strip().ne("").sum())
        click.echo(f"{_label('Labels')}{labelled} rows carry a label (column 'label')")
    for export in result.exports:
        click.echo("Columns:" if len(result.exports) == 1 else f"Columns of {export.name}:")
        for line in _column_lines(export):
            click.echo(f"    {line}")
