"""``toxicity score``: the audit job, from export files to links.csv, domains.csv and the review sheet."""

from __future__ import annotations

from pathlib import Path

import click

from toxicity.cli import _one_line, cli
from toxicity.cli.options import export_arguments, format_options, site_option
from toxicity.cli.read import reason_lines
from toxicity.files import refuse_to_overwrite
from toxicity.verdict.scale import BANDS, HIGH, SUGGESTIONS

#: The index of a portfolio run, in OUTDIR: one row per audit.
PORTFOLIO_INDEX = "portfolio.csv"


@cli.command()
@export_arguments(required=False)
@format_options
@site_option("The audited site, e.g. example.com (brand anchors, topic, never disavowed).")
@click.option("--topic", help="Words describing the site's topic, e.g. 'dental clinic'; inferred if absent.")
@click.option(
    "--model",
    "model_path",
    type=click.Path(exists=True, file_okay=False),
    help="A model folder from 'toxicity train' (default: the shipped model).",
)
@click.option(
    "--allow",
    "allow_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="File of domains never to disavow (shown as keep).",
)
@click.option(
    "--block",
    "block_files",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="File of domains always to disavow.",
)
@click.option(
    "--previous",
    "previous",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="Earlier review sheet(s): their decisions are carried over.",
)
@click.option(
    "--fetch",
    "fetch",
    is_flag=True,
    help="Fetch the linking pages first (into OUTDIR/pages/) and use what they show.",
)
@click.option(
    "--allow-private", is_flag=True, help="With --fetch: also fetch pages on loopback and private addresses."
)
@click.option(
    "--pages",
    "pages_dir",
    type=click.Path(exists=True, file_okay=False),
    help="Use pages fetched earlier by 'toxicity fetch -o DIR'.",
)
@click.option(
    "-o", "--output", "outdir", required=True, type=click.Path(file_okay=False), help="Output folder."
)
@click.option("--force", is_flag=True, help="Overwrite outputs already in the folder.")
@click.option("--no-plots", is_flag=True, help="Skip the PNG plots (the HTML report is still written).")
@click.option(
    "--portfolio",
    "portfolio",
    type=click.Path(exists=True, dir_okay=False),
    help=(
        "A CSV of sites (columns site, export, topic, previous, output): "
        "one audit per site, each in OUTDIR/<site>/."
    ),
)
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="Where audits run: this process, or a Dask cluster (one task per audit; needs toxicity[dask]).",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="With --engine dask: an existing scheduler, e.g. tcp://10.0.0.5:8786 (default: a local cluster).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    help="With --engine dask and no --scheduler: worker processes (default: one per core).",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress line on stderr.")
def score(
    exports: tuple[str, ...],
    export_format: str,
    encoding: str | None,
    site: str | None,
    topic: str | None,
    model_path: str | None,
    allow_files: tuple[str, ...],
    block_files: tuple[str, ...],
    previous: tuple[str, ...],
    fetch: bool,
    allow_private: bool,
    pages_dir: str | None,
    outdir: str,
    force: bool,
    no_plots: bool,
    portfolio: str | None,
    engine: str,
    scheduler: str | None,
    workers: int | None,
    quiet: bool,
) -> None:
    """Score backlink exports: risk, band and reasons per link, roll-up and review sheet per domain.

    Writes OUTDIR/links.csv, OUTDIR/domains.csv, OUTDIR/review.csv, OUTDIR/review.xlsx,
    OUTDIR/report.html and OUTDIR/records.parquet (the link records, for 'toxicity train OUTDIR').
    Fill the review sheet's decision column (disavow / keep), then run 'toxicity disavow'.

    Example: toxicity score ahrefs.tsv --site example.com --topic "dental clinic" -o audit/
    """
    from toxicity.engine import AuditJob, Progress, existing_outputs, read_portfolio, run_jobs

    if fetch and pages_dir:
        raise click.UsageError("give --fetch or --pages, not both")
    if portfolio and exports:
        raise click.UsageError("give export files or --portfolio FILE, not both")
    if not portfolio and not exports:
        raise click.UsageError("give at least one export file (or --portfolio FILE for several sites)")
    if portfolio and (site or topic):
        raise click.UsageError(
            "with --portfolio, each site and topic is given on its row of the portfolio file"
        )
    if engine != "dask" and (scheduler or workers):
        raise click.UsageError("--scheduler and --workers are for the Dask engine; add --engine dask")
    if scheduler and workers:
        raise click.UsageError(
            "--workers starts a local cluster; an existing cluster (--scheduler) has its own workers"
        )
    if fetch and (engine == "dask" or portfolio):
        raise click.UsageError(
            "--fetch runs with one local audit; fetch each site first with 'toxicity fetch -o DIR' "
            "and pass --pages DIR"
        )
    template = AuditJob(
        exports=tuple(exports),
        outdir=outdir,
        site=site,
        topic=topic,
        model=model_path,
        export_format=export_format,
        encoding=encoding,
        allow=tuple(allow_files),
        block=tuple(block_files),
        previous=tuple(previous),
        pages_dir=pages_dir,
        plots=not no_plots,
        force=force,
    )
    jobs = read_portfolio(portfolio, outdir, template=template) if portfolio else [template]
    # Say it before any work: every audit folder of the run, not only the first.
    for job in jobs:
        refuse_to_overwrite(Path(job.outdir), existing_outputs(job.outdir, plots=job.plots), force)
    if portfolio and (Path(outdir) / PORTFOLIO_INDEX).exists():
        refuse_to_overwrite(Path(outdir), [PORTFOLIO_INDEX], force)

    sizes = 0
    for job in jobs:
        for e in job.exports:
            sizes += Path(e).stat().st_size if e != "-" and Path(e).is_file() else 0
    progress = Progress(len(jobs), sizes, enabled=None if not quiet else False)
    if fetch:
        from toxicity.cli.fetch import fetch_into, load_fetch
        from toxicity.engine import run_audit

        def fetched(links):  # type: ignore[no-untyped-def]
            progress.clear()
            config = load_fetch().FetchConfig(allow_private=allow_private)
            return fetch_into(
                links,
                Path(outdir) / "pages",
                site=site,
                quiet=quiet,
                sources=exports,
                force=force,
                config=config,
            )

        outcome = run_audit(template, pages=fetched, progress=progress.step)
        progress.clear()
        _print_outcome(outcome, pages_used=True)
        return
    try:
        results = run_jobs(jobs, engine=engine, scheduler=scheduler, workers=workers, progress=progress)
    finally:
        progress.clear()
    failed = 0
    for result in results:
        if len(results) > 1:
            click.echo(f"== {result.job.name} ({result.job.outdir})")
        if result.outcome is not None:
            _print_outcome(result.outcome, pages_used=pages_dir is not None)
        else:
            failed += 1
            click.echo(f"Error: {_one_line(result.error or 'failed')}", err=True)
    if portfolio:
        index = _write_index(results, Path(outdir) / PORTFOLIO_INDEX)
        click.echo(
            f"Portfolio: {len(results) - failed:,} of {len(results):,} audits written; index in {index}"
        )
    if failed:
        raise SystemExit(1)


def _write_index(results, path: Path) -> Path:  # type: ignore[no-untyped-def]
    """One row per audit of a portfolio: its folder, counts, and its error if it failed."""
    import pandas as pd

    from toxicity.report.tables import write_csv

    rows = []
    for r in results:
        o = r.outcome
        s = o.summary if o else {}
        rows.append(
            {
                "site": (o.site if o else None) or r.job.site or "",
                "folder": r.job.outdir,
                "status": "written" if o else "failed",
                "links": s.get("links", 0),
                "domains": s.get("domains", 0),
                "high_domains": s.get("domains_by_band", {}).get(HIGH, 0),
                **{name: s.get("suggestions", {}).get(name, 0) for name in SUGGESTIONS},
                "seconds": round(o.seconds, 1) if o else 0,
                "error": "" if o else (r.error or ""),
            }
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    write_csv(pd.DataFrame(rows), path)
    return path


def _print_outcome(o, *, pages_used: bool) -> None:  # type: ignore[no-untyped-def]
    """The terminal report of one audit: what was read, the counts per band and suggestion, the files."""
    s = o.summary
    skipped = sum(o.skipped.values())
    click.echo(
        f"Read {o.rows_read:,} rows ({o.formats}); {skipped:,} skipped; "
        f"{o.duplicates_removed:,} exact duplicates removed."
    )
    # One line per reason, with the first value skipped for it (quoted: it is text from the export).
    for i, line in enumerate(reason_lines(o.skipped, o.examples)):
        click.echo(f"{'Skipped rows:' if i == 0 else '':<17}{line}")
    click.echo(
        f"Scored {s['links']:,} links from {s['domains']:,} referring domains with model '{o.model_name}'."
    )
    lb, db, sg = s["links_by_band"], s["domains_by_band"], s["suggestions"]
    click.echo("Links by band:   " + ", ".join(f"{b} {lb[b]:,}" for b in reversed(BANDS)))
    click.echo("Domains by band: " + ", ".join(f"{b} {db[b]:,}" for b in reversed(BANDS)))
    click.echo(f"Suggestions:     disavow {sg['disavow']:,}, review {sg['review']:,}, keep {sg['keep']:,}")
    d = o.decisions
    click.echo(
        f"Decisions:       {d['carried_over']:,} carried over, {d['allowlisted']:,} allowlisted, "
        f"{d['blocklisted']:,} blocklisted, {d['to_review']:,} to review"
    )
    if o.site_refused:
        # Sheet values are hostile text: repr keeps each on this line.
        shown = ", ".join(repr(v[:80]) for v in o.site_refused[:5])
        more = f" and {len(o.site_refused) - 5} more" if len(o.site_refused) > 5 else ""
        click.echo(
            f"Warning: --block or a previous review sheet marked the audited site {o.site} "
            f"disavow ({shown}{more}); the site is never disavowed: left undecided",
            err=True,
        )
    cov = ", ".join(f"{k} {v:.0%}" for k, v in o.coverage.items())
    click.echo(f"Data coverage:   {cov}")
    if o.host_only and not pages_used:
        click.echo(
            "Warning: this export carries only linking URLs (as Search Console does), "
            "so every score rests on "
            "host names alone and is weak. For stronger scores use a richer export "
            "(Ahrefs, Semrush, Majestic) "
            "or fetch the linking pages ('toxicity fetch')."
        )
    click.echo("Wrote " + ", ".join(o.written))
    click.echo(
        f"Wrote {o.report}"
        + (f" and {len(o.plots)} plots in {Path(o.report).parent / 'plots'}" if o.plots else "")
    )
    if o.plots_skipped:
        click.echo(o.plots_skipped)
    out = Path(o.job.outdir)
    site_flag = f" --site {o.site}" if o.site else ""
    click.echo(
        "Next: fill the decision column of review.csv (disavow / keep), then run "
        f"'toxicity disavow {out / 'review.csv'}{site_flag} -o disavow.txt'; "
        f"'toxicity train {out} -o MODEL_DIR' learns from your decisions."
    )
