"""``toxicity formats`` and ``toxicity inspect``: what the readers know, and what they make of a file."""

from __future__ import annotations

import click

from toxicity.cli import cli
from toxicity.cli.options import export_inputs


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


@cli.command("inspect")
@export_inputs
def inspect(exports: tuple[str, ...], export_format: str, encoding: str | None) -> None:
    """Report how EXPORT files are read: format, encoding, rows, referring domains, fields, skipped rows.

    Several files are merged and exact duplicate records removed. Use - to read standard input.

    Example: toxicity inspect examples/ahrefs_backlinks.tsv
    """
    from toxicity.io import read_exports

    result = read_exports(exports, export_format, encoding=encoding)
    formats = result.format if isinstance(result.format, list) else [result.format]
    encodings = result.encoding if isinstance(result.encoding, list) else [result.encoding]
    how = "detected" if export_format == "auto" else "given"
    for source, fmt, enc in zip(result.sources, formats, encodings):
        click.echo(f"{_label('File')}{source}")
        click.echo(f"{_label('Format')}{fmt} ({how})")
        click.echo(f"{_label('Encoding')}{enc}")
    skipped = sum(result.skipped.values())
    reasons = ", ".join(f"{reason}: {count}" for reason, count in sorted(result.skipped.items()))
    click.echo(f"{_label('Rows read')}{result.rows_read}")
    click.echo(f"{_label('Rows skipped')}{skipped}" + (f" ({reasons})" if reasons else ""))
    if len(result.sources) > 1 or result.duplicates_removed:
        click.echo(f"{_label('Duplicates removed')}{result.duplicates_removed}")
    click.echo(f"{_label('Link records')}{len(result.links)}")
    click.echo(f"{_label('Referring domains')}{result.referring_domains}")
    click.echo(f"{_label('Present fields')}{', '.join(result.present_fields)}")
    click.echo(f"{_label('Missing fields')}{', '.join(result.missing_fields) or 'none'}")
    if result.has_labels:
        labelled = int(result.links["label"].fillna("").astype(str).str.strip().ne("").sum())
        click.echo(f"{_label('Labels')}{labelled} rows carry a label (column 'label')")
