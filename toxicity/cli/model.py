"""Commands ``toxicity train`` (labeled links -> model folder) and ``toxicity evaluate`` (metrics, plots)."""

from __future__ import annotations

from pathlib import Path

import click

from toxicity.cli import cli
from toxicity.cli.fetch import read_pages_dir
from toxicity.cli.options import site_option

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)



def _progress(quiet: bool):  # type: ignore[no-untyped-def]
    return (lambda msg: None) if quiet else (lambda msg: click.echo(msg, err=True))


@cli.command("train")
@click.argument("labeled", nargs=-1, required=True, type=_FILE)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Model folder to write (e.g. models/my-audits).",
)
@click.option(
    "--base",
    type=click.Choice(["none", "default"]),
    default="none",
    show_default=True,
    help="'default' adds the shipped training set; your decisions outweigh it where they disagree.",
)
@site_option("The audited site (example.com), for brand and topic features.")
@click.option("--topic", help="The audited site's topic in a few words (e.g. 'casino reviews').")
@click.option(
    "--pages",
    "pages_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Page facts fetched earlier by 'toxicity fetch -o DIR' (DIR/pages.csv): the model learns the page features.",
)
@click.option(
    "--training-data",
    type=click.Path(exists=True, path_type=Path),
    help="The shipped domain set for --base default (default: training_data/ of the repository).",
)
@click.option(
    "--seed", type=int, default=0, show_default=True, help="Random seed (same data + seed = same model)."
)
@click.option("--force", is_flag=True, help="Write into a non-empty output folder, replacing its model.")
@click.option("-q", "--quiet", is_flag=True, help="No progress lines on stderr.")
def train_command(
    labeled: tuple[Path, ...],
    output: Path,
    base: str,
    site: str | None,
    topic: str | None,
    pages_dir: Path | None,
    training_data: Path | None,
    seed: int,
    force: bool,
    quiet: bool,
) -> None:
    """Train a model on LABELED link exports or reviewed sheets and write a model folder.

    LABELED files are exports in any supported format with a label column (1/0, toxic/clean,
    disavow/keep, true/false; empty = undecided), or review sheets from `toxicity score` with the
    decision column filled. Metrics are measured on held-out domains and printed beside two
    baselines (a constant DummyClassifier and a spam-flag count); use the folder with --model.

    Example: toxicity train audit1/review.csv audit2/review.csv --base default -o models/agency
    """
    from toxicity.errors import OutputExistsError
    from toxicity.model.evaluation import METRIC_COLUMNS, format_table
    from toxicity.model.labels import read_labeled
    from toxicity.model.store import load_model, save_model
    from toxicity.model.training import load_domains, train_labeled

    if output.exists() and any(output.iterdir()) and not force:
        raise OutputExistsError(
            f"{output} is not empty; choose a new folder or use --force to replace its model"
        )
    say = _progress(quiet)
    say(f"reading {len(labeled)} labeled file(s)")
    links, labels, sources = read_labeled(labeled, require_both=base == "none")
    pages = read_pages_dir(pages_dir)
    base_domains = load_domains(training_data) if base == "default" else None
    before = load_model().estimator if base == "default" else None
    result = train_labeled(
        links,
        labels,
        sources=sources,
        base=base_domains,
        compare_with=before,
        site=site,
        topic=topic,
        pages=pages,
        seed=seed,
        progress=say,
        name=output.name,
    )
    save_model(result.model, output, result.card)
    cols = [
        "source",
        "n",
        "n_toxic",
        *(["before_roc_auc"] if "before_roc_auc" in result.per_source else []),
        *METRIC_COLUMNS,
    ]
    click.echo("Held-out metrics (folds grouped by registrable domain):")
    click.echo(format_table(result.per_source[cols]))
    th = result.card.thresholds
    click.echo(
        f"Bands: medium from risk {th['medium']:.0f}, high from {th['high']:.0f} "
        "(false-positive rate on your clean decisions at most 5% and 1%)."
    )
    click.echo(f"Wrote {output} in {result.seconds:.0f} s. Use it with --model {output}.")


@cli.command("evaluate")
@click.argument("labeled", nargs=-1, type=_FILE)
@click.option(
    "--model",
    "model_path",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Model folder (default: the shipped model).",
)
@site_option("The audited site (example.com), for brand and topic features.")
@click.option("--topic", help="The audited site's topic in a few words.")
@click.option(
    "--pages",
    "pages_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Page facts fetched earlier by 'toxicity fetch -o DIR' (DIR/pages.csv): for models trained with --pages.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the precision-recall and calibration plots (PNG) and metrics.csv.",
)
@click.option("--force", is_flag=True, help="Overwrite metrics.csv and the plots already in the -o folder.")
def evaluate_command(
    labeled: tuple[Path, ...],
    model_path: Path | None,
    site: str | None,
    topic: str | None,
    pages_dir: Path | None,
    output: Path | None,
    force: bool,
) -> None:
    """Measure a model on LABELED exports or reviewed sheets, beside two baselines.

    Prints ROC-AUC, PR-AUC and precision/recall at each band per file and overall, for the model, a
    constant DummyClassifier and a rules-only spam-flag count. With -o, writes metrics.csv and
    precision-recall and calibration plots (--force replaces earlier ones). Without LABELED files,
    prints the model card's cross-source table.

    Example: toxicity evaluate audit/review.csv --model models/agency -o evaluation/
    """
    from toxicity.errors import OutputExistsError
    from toxicity.model.evaluation import (
        EVALUATION_FILES,
        METRIC_COLUMNS,
        evaluate_model,
        format_table,
        per_source_summary,
    )
    from toxicity.model.labels import read_labeled
    from toxicity.model.store import load_model

    # Checked before any work, like `score`: a finished evaluation must not be replaced by accident.
    existing = [name for name in EVALUATION_FILES if output is not None and (output / name).exists()]
    if existing and labeled and not force:
        raise OutputExistsError(
            f"{output}: already holds {', '.join(existing)}; choose another folder or add --force to overwrite"
        )
    if not labeled:
        loaded = load_model(model_path)
        click.echo(f"Model {loaded.card.name} ({loaded.path}): cross-source table from its card.")
        click.echo(format_table(per_source_summary(loaded.card)))
        return
    links, labels, sources = read_labeled(labeled)
    loaded = load_model(model_path)
    result = evaluate_model(
        loaded.estimator,
        links,
        labels,
        sources=sources,
        thresholds=loaded.card.thresholds,
        site=site,
        topic=topic,
        pages=read_pages_dir(pages_dir),
        output=output,
    )
    click.echo(format_table(result.table[["source", "n", "n_toxic", *METRIC_COLUMNS]]))
    click.echo(
        "Signal families with data (share of rows): "
        + ", ".join(f"{k} {v:.0%}" for k, v in result.coverage.items())
    )
    for path in result.files:
        click.echo(f"Wrote {path}")
