"""Commands ``toxicity train`` (labeled links -> model folder) and ``toxicity evaluate`` (metrics, plots)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from toxicity.cli import cli
from toxicity.cli.fetch import read_pages_dir
from toxicity.cli.options import site_option
from toxicity.files import refuse_to_overwrite

#: Below this many decisions, ``train`` suggests ``--base default`` (README "Retrain on your own decisions").
SMALL_LABELED_SET = 3000

#: Labeled inputs: files, or audit folders written by 'toxicity score -o DIR'.
_LABELED = click.Path(exists=True, path_type=Path)


def _progress(quiet: bool):  # type: ignore[no-untyped-def]
    return (lambda msg: None) if quiet else (lambda msg: click.echo(msg, err=True))


@cli.command("train")
@click.argument("labeled", nargs=-1, required=True, type=_LABELED)
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
    help=(
        "Page facts fetched earlier by 'toxicity fetch -o DIR' (DIR/pages.csv): "
        "the model learns the page features."
    ),
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
    """Train a model on LABELED audit folders, link exports or reviewed sheets and write a model folder.

    LABELED are audit folders written by `toxicity score -o DIR` with the review sheet's decision
    column filled (the model learns from their links: anchors, context, metrics, fetched pages),
    exports in any supported format with a label column (1/0, toxic/clean, disavow/keep,
    true/false; empty = undecided), or bare review sheets (host names only). Metrics are measured
    on held-out domains and printed beside two baselines (a constant DummyClassifier and a
    spam-flag count); use the folder with --model.

    Example: toxicity train audit-2025/ audit-2026/ -o models/agency
    """
    from toxicity.errors import OutputExistsError
    from toxicity.model.evaluation import METRIC_COLUMNS, format_table
    from toxicity.model.labels import family_shares, read_labeled_set
    from toxicity.model.store import load_model, save_model
    from toxicity.model.training import load_domains, train_labeled

    if output.exists() and any(output.iterdir()) and not force:
        raise OutputExistsError(
            f"{output} is not empty; choose a new folder or use --force to replace its model"
        )
    say = _progress(quiet)
    say(f"reading {len(labeled)} labeled input(s)")
    data = read_labeled_set(
        labeled, require_both=base == "none", site=site, topic=topic, pages=read_pages_dir(pages_dir)
    )
    for line in data.notes():
        click.echo(line)
    decided = int((data.labels >= 0).sum())
    if base == "none" and decided < SMALL_LABELED_SET:
        # Measured by benchmarks/bench_learning.py: +0.03 to +0.08 ROC-AUC below a few
        # thousand decisions.
        click.echo(
            f"Note: {decided:,} labeled links; below {SMALL_LABELED_SET:,}, "
            "--base default (the shipped training set "
            "added with less weight) measured 0.03-0.08 higher ROC-AUC on public data."
        )
    base_domains = load_domains(training_data) if base == "default" else None
    before = load_model().estimator if base == "default" else None
    result = train_labeled(
        data.links,
        data.labels,
        sources=data.sources,
        base=base_domains,
        compare_with=before,
        site=site,
        topic=topic,
        # Each input's own pages are used by the featurizer; given here, the page family is learned.
        pages=data.pages,
        featurize=data.featurizer(),
        seed=seed,
        progress=say,
        name=output.name,
    )
    # What the model learned from: the kind of each input and the link-level data it carried.
    result.card.training_data["inputs"] = data.card_inputs()
    result.card.training_data["input_kinds"] = sorted({i.kind for i in data.inputs})
    result.card.training_data["families_with_data"] = family_shares(data.links.loc[data.labels >= 0])
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
    click.echo(_figures_line(result.figures))
    from toxicity.model.training import FPR_TARGETS
    from toxicity.verdict.scale import HIGH, MEDIUM

    th = result.card.thresholds
    click.echo(
        f"Bands: {MEDIUM} from risk {th[MEDIUM]:.0f}, {HIGH} from {th[HIGH]:.0f} (false-positive rate on "
        f"your clean decisions at most {FPR_TARGETS[MEDIUM]:.0%} and {FPR_TARGETS[HIGH]:.0%})."
    )
    click.echo(f"Wrote {output} in {result.seconds:.0f} s. Use it with --model {output}.")


@cli.command("evaluate")
@click.argument("labeled", nargs=-1, type=_LABELED)
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
    help=(
        "Page facts fetched earlier by 'toxicity fetch -o DIR' (DIR/pages.csv): "
        "for models trained with --pages."
    ),
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
    """Measure a model on LABELED audit folders, exports or reviewed sheets, beside two baselines.

    Prints ROC-AUC, PR-AUC and precision/recall at each band per file and overall, for the model, a
    constant DummyClassifier and a rules-only spam-flag count. With -o, writes metrics.csv and
    precision-recall and calibration plots (--force replaces earlier ones). Without LABELED files,
    prints the model card's cross-source table.

    Example: toxicity evaluate audit-2026/ --model models/agency -o evaluation/
    """
    from toxicity.model.evaluation import (
        EVALUATION_FILES,
        METRIC_COLUMNS,
        evaluate_model,
        format_table,
        per_source_summary,
    )
    from toxicity.model.labels import read_labeled_set
    from toxicity.model.store import load_model

    # Checked before any work, like `score`: a finished evaluation must not be replaced by accident.
    existing = [name for name in EVALUATION_FILES if output is not None and (output / name).exists()]
    refuse_to_overwrite(output, existing if labeled else [], force)
    if not labeled:
        loaded = load_model(model_path)
        click.echo(f"Model {loaded.card.name} ({loaded.path}): cross-source table from its card.")
        click.echo(format_table(per_source_summary(loaded.card)))
        return
    data = read_labeled_set(labeled, site=site, topic=topic, pages=read_pages_dir(pages_dir))
    for line in data.notes():
        click.echo(line)
    loaded = load_model(model_path)
    result = evaluate_model(
        loaded.estimator,
        data.links,
        data.labels,
        sources=data.sources,
        thresholds=loaded.card.thresholds,
        site=site,
        topic=topic,
        pages=data.pages,
        featurize=data.featurizer(),
        output=output,
    )
    click.echo(format_table(result.table[["source", "n", "n_toxic", *METRIC_COLUMNS]]))
    from toxicity.model.training import figures_on

    keep = data.labels >= 0
    click.echo(
        _figures_line(
            figures_on(
                loaded.estimator, data.links.loc[keep].reset_index(drop=True), data.labels[keep], result.risk
            )
        )
    )
    click.echo(
        "Signal families with data (share of rows): "
        + ", ".join(f"{k} {v:.0%}" for k, v in result.coverage.items())
    )
    for path in result.files:
        click.echo(f"Wrote {path}")


def _figures_line(f: dict[str, Any]) -> str:
    """How much of a ROC-AUC is the TLD: the held-out figure, within the commonest TLD, and the TLD alone."""

    def n(v: float | None) -> str:
        return "n/a" if v is None else f"{v:.3f}"

    share = f.get("tld_share_of_learning")
    tail = (
        f" ({share:.0%} of the gain over chance: that part transfers only to audits with the same TLD mix)."
        if share is not None
        else "."
    )
    return (
        f"ROC-AUC {n(f.get('held_out_roc_auc'))}; "
        f"within .{f.get('top_tld')} ({f.get('top_tld_n', 0):,} links) "
        f"{n(f.get('top_tld_roc_auc'))}; the TLD alone {n(f.get('tld_only_roc_auc'))}{tail}"
    )
