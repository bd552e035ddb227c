"""``toxicity report``: redraw report.html and the PNG plots of an audit folder without rescoring."""

from __future__ import annotations

from pathlib import Path

import click

from toxicity.cli import cli


@cli.command("report")
@click.argument("outdir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--no-plots", is_flag=True, help="Write only report.html, no PNG plots.")
def report_command(outdir: Path, no_plots: bool) -> None:
    """Rebuild OUTDIR/report.html and OUTDIR/plots/*.png from OUTDIR/summary.json and OUTDIR/domains.csv.

    OUTDIR is a folder written by 'toxicity score'. The report is one self-contained HTML file that
    works offline; the PNG plots need matplotlib (pip install 'toxicity[report]').

    Example: toxicity report audit/
    """
    from toxicity.report.html import rebuild_report

    files = rebuild_report(outdir, plots=not no_plots)
    click.echo(f"Wrote {files.html}")
    if files.plots:
        click.echo(f"Wrote {len(files.plots)} plots to {files.plots[0].parent}")
    if files.plots_skipped:
        click.echo(files.plots_skipped)
