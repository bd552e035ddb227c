"""Where and how audits run: one audit written whole (:func:`run_audit`), and a run of several on an
engine (:func:`run_jobs`): this process, or a Dask cluster for portfolios of sites.

Layering: the engine sits above everything that scores and writes (:mod:`toxicity.audit`,
:mod:`toxicity.review`, :mod:`toxicity.report`) and below the CLI, which only parses options and
prints; a notebook calls the same functions::

    from toxicity.engine import AuditJob, read_portfolio, run_audit, run_jobs
    run_audit(AuditJob(exports=("ahrefs.tsv",), outdir="audit/", site="example.com"))
    run_jobs(read_portfolio("sites.csv", "audits/"), engine="dask")
"""

from __future__ import annotations

from toxicity.engine.job import OUTPUT_FILES, AuditJob, AuditOutcome, existing_outputs, run_audit
from toxicity.engine.portfolio import PORTFOLIO_COLUMNS, read_portfolio
from toxicity.engine.progress import Progress
from toxicity.engine.runner import ENGINES, EngineError, JobResult, run_jobs, run_one

__all__ = [
    "ENGINES",
    "OUTPUT_FILES",
    "PORTFOLIO_COLUMNS",
    "AuditJob",
    "AuditOutcome",
    "EngineError",
    "JobResult",
    "Progress",
    "existing_outputs",
    "read_portfolio",
    "run_audit",
    "run_jobs",
    "run_one",
]
