"""One audit, from export files to a written output folder: what ``toxicity score`` does.

:func:`run_audit` reads the exports, scores the links (:func:`toxicity.audit.score_links`),
carries decisions over (:func:`toxicity.review.apply_decisions`) and writes every output of the
folder. The CLI, the benchmarks and the Dask engine all call it, so an audit is the same wherever
it runs::

    from toxicity.engine import AuditJob, run_audit
    outcome = run_audit(AuditJob(exports=("ahrefs.tsv",), outdir="audit/", site="example.com"))
    outcome.summary["links_by_band"]

:class:`AuditJob` and :class:`AuditOutcome` hold plain values only (paths, strings, counts), so a
job can be sent to another process and its outcome sent back.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from toxicity.files import refuse_to_overwrite

__all__ = ["OUTPUT_FILES", "AuditJob", "AuditOutcome", "existing_outputs", "run_audit"]

#: Files an audit writes into its folder (``plots/`` besides, unless plots are off).
OUTPUT_FILES = (
    "links.csv",
    "domains.csv",
    "review.csv",
    "review.xlsx",
    "summary.json",
    "report.html",
    "records.parquet",
)


@dataclass(frozen=True)
class AuditJob:
    """What to audit and where to write it.

    Attributes
    ----------
    exports : export files of one site (read together, exact duplicates removed across them)
    outdir : the output folder
    site, topic : the audited site and its topic (see :func:`toxicity.audit.score_links`)
    model : a model folder; the shipped model when None
    export_format, encoding : as ``--format`` and ``--encoding``
    allow, block : files of domains always kept / always disavowed
    previous : earlier review sheets whose decisions are carried over
    pages_dir : a folder written by ``toxicity fetch -o DIR`` whose page facts are used
    plots : draw the PNG plots
    force : overwrite outputs already in the folder
    """

    exports: tuple[str, ...]
    outdir: str
    site: str | None = None
    topic: str | None = None
    model: str | None = None
    export_format: str = "auto"
    encoding: str | None = None
    allow: tuple[str, ...] = ()
    block: tuple[str, ...] = ()
    previous: tuple[str, ...] = ()
    pages_dir: str | None = None
    plots: bool = True
    force: bool = False

    @property
    def name(self) -> str:
        """How the job is named in messages: its site, else its first export's file name."""
        return self.site or (Path(self.exports[0]).name if self.exports else self.outdir)


@dataclass
class AuditOutcome:
    """What :func:`run_audit` did, in plain values (safe to send between processes).

    ``audit`` and ``records`` (the :class:`toxicity.audit.Audit` and the link records) are kept
    only when asked for (``keep_frames=True``), for a notebook; they are large.
    """

    job: AuditJob
    formats: str
    rows_read: int
    records: int
    skipped: dict[str, int]
    examples: dict[str, str]
    duplicates_removed: int
    summary: dict[str, Any]
    model_name: str
    site: str | None
    coverage: dict[str, float]
    host_only: bool
    decisions: dict[str, int]
    site_refused: list[str]
    written: list[str]
    report: str
    plots: list[str] = field(default_factory=list)
    plots_skipped: str | None = None
    seconds: float = 0.0
    audit: Any = None
    records_frame: pd.DataFrame | None = None

    def __repr__(self) -> str:
        by_band = self.summary.get("domains_by_band", {})
        bands = ", ".join(f"{band} {n}" for band, n in by_band.items())
        return (
            f"AuditOutcome(site={self.site!r}, {self.records} links, {self.summary.get('domains', 0)} domains"
            f"{f' ({bands})' if bands else ''}, model={self.model_name!r}, report={self.report!r}, "
            f"{self.seconds:.1f} s)"
        )


def existing_outputs(outdir: str | os.PathLike[str], *, plots: bool = True) -> list[str]:
    """Outputs of an audit already in ``outdir`` (``plots/`` when any plot is there and plots are on)."""
    from toxicity.report.plots import PLOT_FILES

    out = Path(outdir)
    existing = [name for name in OUTPUT_FILES if (out / name).exists()]
    if plots and any((out / "plots" / name).exists() for name in PLOT_FILES):
        existing.append("plots/")
    return existing


def run_audit(
    job: AuditJob,
    *,
    pages: pd.DataFrame | Callable[[pd.DataFrame], pd.DataFrame | None] | None = None,
    progress: Callable[[str], None] | None = None,
    keep_frames: bool = False,
) -> AuditOutcome:
    """Run one audit and write its folder: links.csv, domains.csv, review.csv/.xlsx, records.parquet,
    summary.json, report.html and plots/.

    Parameters
    ----------
    job : what to audit and where to write it
    pages : page facts to use, or a function given the link records that returns them (the CLI's
        ``--fetch``); when None, ``job.pages_dir`` is read if set
    progress : called with the name of each step as it starts
    keep_frames : keep the scored audit and the link records on the outcome (for a notebook)

    Raises
    ------
    OutputExistsError
        The folder already holds outputs and ``job.force`` is not set (nothing is read or written).
    ToxicityError
        Any input problem, with a message that says what to fix.
    """
    import time
    from concurrent.futures import ThreadPoolExecutor

    from toxicity.audit import RECORDS_FILE, score_links, write_records
    from toxicity.io import read_exports
    from toxicity.report.html import write_report
    from toxicity.report.tables import write_csv
    from toxicity.review import apply_decisions, load_domain_list, read_reviews, write_review

    start = time.perf_counter()
    step = progress or (lambda _name: None)
    out = Path(job.outdir)
    refuse_to_overwrite(out, existing_outputs(out, plots=job.plots), job.force)
    step("reading")
    result = read_exports(list(job.exports), format=job.export_format, encoding=job.encoding)
    if callable(pages):
        pages = pages(result.links)
    elif pages is None and job.pages_dir is not None:
        from toxicity.fetch.pages import read_pages

        pages = read_pages(Path(job.pages_dir) / "pages.csv")
    audit = score_links(
        result.links, model=job.model, site=job.site, topic=job.topic, pages=pages, progress=step
    )

    step("decisions")
    allow = frozenset().union(*(load_domain_list(p) for p in job.allow)) if job.allow else frozenset()
    block = frozenset().union(*(load_domain_list(p) for p in job.block)) if job.block else frozenset()
    prev = read_reviews(list(job.previous)) if job.previous else None
    site = str(audit.profile["site"]) if audit.profile.get("site") else None
    review, counts = apply_decisions(audit.domains, previous=prev, allow=allow, block=block, site=site)

    step("writing")
    out.mkdir(parents=True, exist_ok=True)

    def write_tables() -> None:
        write_csv(audit.links, out / "links.csv")
        write_csv(audit.domains, out / "domains.csv")
        # The records before features: with the reviewed sheet they make this folder training data.
        write_records(result.links, out / RECORDS_FILE)

    # Arrow writes the CSV and Parquet files without holding the GIL, so they run beside the review
    # workbook (XlsxWriter, pure Python). Each file is still written whole or not at all; leaving the
    # block waits for both, on an error or Ctrl-C too.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="toxicity-write") as pool:
        tables = pool.submit(write_tables)
        write_review(review, out / "review.csv", out / "review.xlsx")
        tables.result()
    step("report")
    report = write_report(audit, result.links, out, plots=job.plots, reading=result.reading())

    return AuditOutcome(
        job=job,
        formats=result.format if isinstance(result.format, str) else ", ".join(result.format),
        rows_read=int(result.rows_read),
        records=len(result.links),
        skipped=dict(result.skipped),
        examples=dict(result.examples),
        duplicates_removed=int(result.duplicates_removed),
        summary=audit.summary(),
        model_name=audit.model_name,
        site=str(site) if site else None,
        coverage=dict(audit.coverage),
        host_only=bool(audit.host_only),
        decisions={
            "carried_over": counts.carried_over,
            "allowlisted": counts.allowlisted,
            "blocklisted": counts.blocklisted,
            "to_review": counts.to_review,
        },
        site_refused=list(counts.site_refused),
        written=[
            str(out / name)
            for name in ("links.csv", "domains.csv", "review.csv", "review.xlsx", RECORDS_FILE)
        ],
        report=str(report.html),
        plots=[str(p) for p in report.plots],
        plots_skipped=report.plots_skipped,
        seconds=time.perf_counter() - start,
        audit=audit if keep_frames else None,
        records_frame=result.links if keep_frames else None,
    )
