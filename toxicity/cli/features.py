"""``toxicity features``: write the risk signals of every link, or list the feature catalogue."""

from __future__ import annotations

from pathlib import Path

import click

from toxicity.cli import cli
from toxicity.cli.options import export_arguments, format_options, site_option
from toxicity.errors import OutputExistsError, ToxicityError


@cli.command("features")
@export_arguments(required=False)
@format_options
@site_option("The audited site (example.com); inferred from target URLs if omitted.")
@click.option("--topic", default=None, help="Words describing the site's topic; inferred if omitted.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="CSV file to write the features to.")
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@click.option(
    "--list", "list_only", is_flag=True, help="Print the feature catalogue instead of computing features."
)
@click.option(
    "--markdown", is_flag=True, help="With --list: print the catalogue as Markdown (docs/features.md)."
)
def features(
    exports: tuple[str, ...],
    export_format: str,
    encoding: str | None,
    site: str | None,
    topic: str | None,
    output: str | None,
    force: bool,
    list_only: bool,
    markdown: bool,
) -> None:
    """Compute the risk signals of every link in EXPORT files and write them as CSV (source_url first).

    Missing input gives empty cells plus a cov_* column = 0, never a clean-looking value.
    --list prints every feature with its family, range and what a missing value means.

    Example: toxicity features ahrefs.csv --site example.com --topic "home gardening" -o features.csv
    """
    from toxicity.features import FEATURES, build_features, catalogue_markdown, infer_profile

    if list_only:
        if markdown:
            click.echo(catalogue_markdown())
            return
        for f in FEATURES:
            flag = "" if f.model else "  [not a model input]"
            click.echo(
                f"{f.name:<26} {f.family:<12} {f.meaning} Range: {f.range}. Missing: {f.missing}.{flag}"
            )
        return
    if not exports:
        raise ToxicityError(
            "no export given. Name one or more export files (or - for standard input), or use --list."
        )
    if not output:
        raise ToxicityError("no output file. Add -o features.csv.")
    out = Path(output)
    if out.exists() and not force:
        raise OutputExistsError(f"{out}: already exists; choose another file or add --force to overwrite")

    from toxicity.io import read_exports
    from toxicity.report.tables import write_csv

    result = read_exports(exports, export_format, encoding=encoding)
    site_profile = infer_profile(result.links, site=site, topic=topic)
    table = build_features(result.links, profile=site_profile)
    table.insert(0, "source_url", result.links["source_url"])
    # The writer of links.csv: atomic, and source_url is hostile text (a "URL" may be a formula).
    write_csv(table, out)
    profile = site_profile.to_dict()
    click.echo(
        f"Wrote {len(table)} rows x {len(FEATURES)} features to {out} "
        f"(site: {profile['site'] or 'unknown'}; "
        f"topic ({profile['topic_source']}): {profile['topic'] or 'none'})",
        err=True,
    )
