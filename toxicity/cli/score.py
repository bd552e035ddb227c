"""``toxicity score``: the audit job, from export files to links.csv, domains.csv and the review sheet."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from toxicity.cli import cli
from toxicity.cli.options import export_inputs, refuse_to_overwrite, site_option
from toxicity.cli.read import reason_lines
from toxicity.report.plots import PLOT_FILES

OUTPUT_FILES = (
    "links.csv",
    "domains.csv",
    "review.csv",
    "review.xlsx",
    "summary.json",
    "report.html",
    "records.parquet",
)


def _progress(quiet: bool):
    """A one-line step indicator on stderr, only when stderr is a terminal."""
    show = not quiet and sys.stderr.isatty()

    def step(name: str) -> None:
        if show:
            click.echo(f"\r\x1b[K[toxicity] {name} ...", err=True, nl=False)

    def done() -> None:
        if show:
            click.echo("\r\x1b[K", err=True, nl=False)

    return step, done


@cli.command()
@export_inputs
@site_option("The audited site, e.g. example.com (brand anchors, topic, never disavowed).")
@click.option("--topic", help="Words describing the site's topic, e.g. 'dental clinic'; inferred if absent.")
@click.option("--model", "model_path", type=click.Path(exists=True, file_okay=False), help="A model folder from 'toxicity train' (default: the shipped model).")
@click.option("--allow", "allow_files", multiple=True, type=click.Path(exists=True, dir_okay=False), help="File of domains never to disavow (shown as keep).")
@click.option("--block", "block_files", multiple=True, type=click.Path(exists=True, dir_okay=False), help="File of domains always to disavow.")
@click.option("--previous", "previous", multiple=True, type=click.Path(exists=True, dir_okay=False), help="Earlier review sheet(s): their decisions are carried over.")
@click.option("--fetch", "fetch", is_flag=True, help="Fetch the linking pages first (into OUTDIR/pages/) and use what they show.")
@click.option("--allow-private", is_flag=True, help="With --fetch: also fetch pages on loopback and private addresses.")
@click.option("--pages", "pages_dir", type=click.Path(exists=True, file_okay=False), help="Use pages fetched earlier by 'toxicity fetch -o DIR'.")
@click.option("-o", "--output", "outdir", required=True, type=click.Path(file_okay=False), help="Output folder.")
@click.option("--force", is_flag=True, help="Overwrite outputs already in the folder.")
@click.option("--no-plots", is_flag=True, help="Skip the PNG plots (the HTML report is still written).")
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
    quiet: bool,
) -> None:
    """Score backlink exports: risk, band and reasons per link, roll-up and review sheet per domain.

    Writes OUTDIR/links.csv, OUTDIR/domains.csv, OUTDIR/review.csv, OUTDIR/review.xlsx,
    OUTDIR/report.html and OUTDIR/records.parquet (the link records, for 'toxicity train OUTDIR').
    Fill the review sheet's decision column (disavow / keep), then run 'toxicity disavow'.

    Example: toxicity score ahrefs.tsv --site example.com --topic "dental clinic" -o audit/
    """
    from toxicity.audit import RECORDS_FILE, score_links, write_records
    from toxicity.io import read_exports
    from toxicity.report.html import write_report
    from toxicity.report.tables import write_csv
    from toxicity.review import apply_decisions, load_domain_list, read_reviews, write_review

    out = Path(outdir)
    existing = [name for name in OUTPUT_FILES if (out / name).exists()]
    if not no_plots and any((out / "plots" / name).exists() for name in PLOT_FILES):
        existing.append("plots/")
    refuse_to_overwrite(out, existing, force)
    if fetch and pages_dir:
        raise click.UsageError("give --fetch or --pages, not both")
    step, done = _progress(quiet)
    step("reading")
    result = read_exports(list(exports), format=export_format, encoding=encoding)
    pages = None
    if fetch:
        from toxicity.cli.fetch import fetch_into, load_fetch

        done()
        config = load_fetch().FetchConfig(allow_private=allow_private)
        pages = fetch_into(result.links, out / "pages", site=site, quiet=quiet, sources=exports, force=force,
                           config=config)
    else:
        from toxicity.cli.fetch import read_pages_dir

        pages = read_pages_dir(pages_dir)
    audit = score_links(result.links, model=model_path, site=site, topic=topic, pages=pages, progress=step)

    step("decisions")
    allow = frozenset().union(*(load_domain_list(p) for p in allow_files)) if allow_files else frozenset()
    block = frozenset().union(*(load_domain_list(p) for p in block_files)) if block_files else frozenset()
    prev = read_reviews(list(previous)) if previous else None
    review, counts = apply_decisions(audit.domains, previous=prev, allow=allow, block=block,
                                     site=audit.profile.get("site"))

    step("writing")
    out.mkdir(parents=True, exist_ok=True)
    write_csv(audit.links, out / "links.csv")
    write_csv(audit.domains, out / "domains.csv")
    write_review(review, out / "review.csv", out / "review.xlsx")
    # The records before features: with the reviewed sheet they make this folder training data.
    write_records(result.links, out / RECORDS_FILE)
    step("report")
    report = write_report(audit, result.links, out, plots=not no_plots, reading=result.reading())
    done()

    s = audit.summary()
    fmt_name = result.format if isinstance(result.format, str) else ", ".join(result.format)
    skipped = sum(result.skipped.values())
    click.echo(
        f"Read {result.rows_read:,} rows ({fmt_name}); {skipped:,} skipped; "
        f"{result.duplicates_removed:,} exact duplicates removed."
    )
    # One line per reason, with the first value skipped for it (quoted: it is text from the export).
    for i, line in enumerate(reason_lines(result.skipped, result.examples)):
        click.echo(f"{'Skipped rows:' if i == 0 else '':<17}{line}")
    click.echo(
        f"Scored {s['links']:,} links from {s['domains']:,} referring domains with model '{audit.model_name}'."
    )
    lb, db, sg = s["links_by_band"], s["domains_by_band"], s["suggestions"]
    click.echo(f"Links by band:   high {lb['high']:,}, medium {lb['medium']:,}, low {lb['low']:,}")
    click.echo(f"Domains by band: high {db['high']:,}, medium {db['medium']:,}, low {db['low']:,}")
    click.echo(f"Suggestions:     disavow {sg['disavow']:,}, review {sg['review']:,}, keep {sg['keep']:,}")
    click.echo(
        f"Decisions:       {counts.carried_over:,} carried over, {counts.allowlisted:,} allowlisted, "
        f"{counts.blocklisted:,} blocklisted, {counts.to_review:,} to review"
    )
    if counts.site_refused:
        # Sheet values are hostile text: repr keeps each on this line.
        shown = ", ".join(repr(v[:80]) for v in counts.site_refused[:5])
        more = f" and {len(counts.site_refused) - 5} more" if len(counts.site_refused) > 5 else ""
        click.echo(f"Warning: --block or a previous review sheet marked the audited site {audit.profile['site']} "
                   f"disavow ({shown}{more}); the site is never disavowed: left undecided", err=True)
    cov = ", ".join(f"{k} {v:.0%}" for k, v in audit.coverage.items())
    click.echo(f"Data coverage:   {cov}")
    if audit.host_only and pages is None:
        click.echo(
            "Warning: this export carries only linking URLs (as Search Console does), so every score rests on "
            "host names alone and is weak. For stronger scores use a richer export (Ahrefs, Semrush, Majestic) "
            "or fetch the linking pages ('toxicity fetch')."
        )
    click.echo(f"Wrote {out / 'links.csv'}, {out / 'domains.csv'}, {out / 'review.csv'}, {out / 'review.xlsx'}, "
               f"{out / RECORDS_FILE}")
    click.echo(f"Wrote {report.html}" + (f" and {len(report.plots)} plots in {out / 'plots'}" if report.plots else ""))
    if report.plots_skipped:
        click.echo(report.plots_skipped)
    site_flag = f" --site {audit.profile['site']}" if audit.profile.get("site") else ""
    click.echo("Next: fill the decision column of review.csv (disavow / keep), then run "
               f"'toxicity disavow {out / 'review.csv'}{site_flag} -o disavow.txt'; "
               f"'toxicity train {out} -o MODEL_DIR' learns from your decisions.")
