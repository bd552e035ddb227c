"""Run audits on an engine: ``local`` (this process, one after another) or ``dask`` (a Dask cluster).

Each audit is one task calling :func:`toxicity.engine.job.run_audit`, so a site scores the same on
either engine, byte for byte. On Dask the tasks run in worker processes, several at once: a local
cluster started for the run (one worker per core, at most one per audit), or an existing cluster
given by its scheduler's address. Workers read the exports and write the audit folders
themselves, so on a cluster of several machines the paths must be on storage every worker sees
(the same network folder mounted at the same path); paths are made absolute before they are sent.

A failing audit (a damaged export, say) does not stop the others: its error is recorded on its
:class:`JobResult`, and the caller reports it.
"""

from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from toxicity.engine.job import AuditJob, AuditOutcome, run_audit
from toxicity.engine.progress import Progress
from toxicity.errors import ToxicityError

__all__ = ["ENGINES", "EngineError", "JobResult", "run_jobs"]

#: Engine names accepted by ``--engine``.
ENGINES = ("local", "dask")

_INSTALL_DASK = (
    "the Dask engine needs Dask's distributed scheduler: pip install 'toxicity[dask]' "
    "(or pip install 'dask[distributed]')"
)


class EngineError(ToxicityError):
    """The engine cannot run: Dask is not installed, or its scheduler cannot be reached."""


@dataclass
class JobResult:
    """One audit of a run: its outcome, or the error that stopped it (one line, says what to fix)."""

    job: AuditJob
    outcome: AuditOutcome | None = None
    error: str | None = None


def _absolute(job: AuditJob) -> AuditJob:
    """The job with every path absolute, as a worker with another working folder must see it."""

    def absolute(p: str | None) -> str | None:
        return None if p is None or p == "-" else str(Path(p).expanduser().absolute())

    return dataclasses.replace(
        job,
        exports=tuple(absolute(e) or e for e in job.exports),
        outdir=absolute(job.outdir) or job.outdir,
        model=absolute(job.model),
        allow=tuple(absolute(p) or p for p in job.allow),
        block=tuple(absolute(p) or p for p in job.block),
        previous=tuple(absolute(p) or p for p in job.previous),
        pages_dir=absolute(job.pages_dir),
    )


def _export_size(job: AuditJob) -> int:
    total = 0
    for e in job.exports:
        try:
            total += os.stat(e).st_size
        except OSError:
            pass
    return total


def run_one(job: AuditJob, progress: Callable[[str], None] | None = None) -> JobResult:
    """Run one audit; an input or file problem becomes the result's ``error`` instead of an exception.

    This is the task the Dask engine sends to its workers (a module-level function, so it pickles).
    """
    try:
        return JobResult(job, outcome=run_audit(job, progress=progress))
    except ToxicityError as exc:
        return JobResult(job, error=str(exc))
    except OSError as exc:
        where = exc.filename or job.outdir
        return JobResult(job, error=f"{where}: {exc.strerror or exc}")


def run_jobs(
    jobs: Sequence[AuditJob],
    *,
    engine: str = "local",
    scheduler: str | None = None,
    workers: int | None = None,
    progress: Progress | None = None,
    on_result: Callable[[JobResult], None] | None = None,
) -> list[JobResult]:
    """Run ``jobs`` on ``engine`` and return their results in the order of ``jobs``.

    Parameters
    ----------
    jobs : the audits
    engine : ``local`` or ``dask``
    scheduler : with ``dask``, the address of an existing scheduler (``tcp://10.0.0.5:8786``); a local
        cluster is started (and stopped) for the run when None
    workers : with a local Dask cluster, how many worker processes (default: one per core, at most
        one per audit)
    progress : updated as audits finish (and, on the local engine, at each step)
    on_result : called with each result as it arrives (completion order)
    """
    if engine not in ENGINES:
        raise EngineError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if scheduler and engine != "dask":
        raise EngineError("--scheduler is for the Dask engine; add --engine dask")
    results: dict[int, JobResult] = {}

    def arrived(i: int, result: JobResult) -> None:
        results[i] = result
        if progress is not None:
            size = _export_size(result.job)
            progress.finished(size, result.outcome.records if result.outcome else 0)
        if on_result is not None:
            on_result(result)

    if engine == "local":
        for i, job in enumerate(jobs):
            if progress is not None and len(jobs) > 1:
                steps = lambda name, what=job.name: progress.step(name, what)
            elif progress is not None:
                steps = progress.step
            else:
                steps = None
            if len(jobs) == 1:
                # One audit: its error is the run's error (the CLI prints it as it is).
                arrived(i, JobResult(job, outcome=run_audit(job, progress=steps)))
            else:
                arrived(i, run_one(job, steps))
    else:
        # Workers run in other processes, perhaps on other machines: paths as they see them.
        _run_on_dask([_absolute(j) for j in jobs], scheduler, workers, arrived)
    return [results[i] for i in range(len(jobs))]


def _run_on_dask(
    jobs: Sequence[AuditJob],
    scheduler: str | None,
    workers: int | None,
    arrived: Callable[[int, JobResult], None],
) -> None:
    try:
        from distributed import Client, LocalCluster, as_completed
    except ModuleNotFoundError:
        raise EngineError(_INSTALL_DASK) from None

    cluster = None
    if scheduler:
        try:
            client = Client(scheduler, timeout="15s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise EngineError(
                f"cannot reach the Dask scheduler at {scheduler} ({exc.__class__.__name__}: {exc}); "
                "check the address (e.g. tcp://10.0.0.5:8786) or leave out --scheduler to start a local "
                "cluster"
            ) from None
    else:
        n = workers or min(len(jobs), os.cpu_count() or 1)
        cluster = LocalCluster(
            n_workers=max(n, 1),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        client = Client(cluster)
    futures = []
    try:
        futures = [client.submit(run_one, job, pure=False) for job in jobs]
        index = {f.key: i for i, f in enumerate(futures)}
        for future in as_completed(futures):
            arrived(index[future.key], future.result())
    except BaseException:
        # Ctrl-C or a worker crash: stop the other audits; their outputs are written atomically,
        # so a stopped audit leaves its folder as it was.
        if futures:
            client.cancel(futures, force=True)
        raise
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
