"""A portfolio: several sites, one audit each, described by a small CSV file.

::

    site,export,topic,previous
    crumbandcrust.com,exports/crumb-ahrefs.tsv,bread baking recipes,audits-2025/crumbandcrust.com/review.csv
    brightsmile-dental.com,exports/brightsmile-semrush.csv,dental clinic,

One row per export. ``export`` is required; ``site`` is the audited site (inferred from the target
URLs when empty); ``topic`` its topic; ``previous`` an earlier review sheet of that site;
``output`` the audit's folder name under ``-o`` (the site by default). Rows with the same output
folder are one audit, their exports read together (as ``toxicity score a.csv b.csv``). Relative
paths are relative to the portfolio file's folder.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from collections.abc import Sequence
from pathlib import Path

from toxicity.domains import parse_site
from toxicity.engine.job import AuditJob
from toxicity.errors import InputFileError, SiteError

__all__ = ["PORTFOLIO_COLUMNS", "read_portfolio"]

#: Columns of a portfolio file (``export`` required, the others optional).
PORTFOLIO_COLUMNS = ("site", "export", "topic", "previous", "output")
#: An output folder name: one path segment of ordinary characters, no ``..``.
_FOLDER_RE = re.compile(r"^(?!\.\.?$)[\w.\-]{1,120}$")
#: A portfolio file larger than this is not a list of sites.
_MAX_BYTES = 8 * 2**20


def _resolve(base: Path, value: str) -> str:
    p = Path(value).expanduser()
    return str(p if p.is_absolute() else base / p)


def read_portfolio(
    path: str | Path, outdir: str | Path, *, template: AuditJob | None = None
) -> list[AuditJob]:
    """Read a portfolio file into one :class:`AuditJob` per output folder, in file order.

    Parameters
    ----------
    path : the portfolio CSV (UTF-8, comma-separated, with a header)
    outdir : the folder that receives one sub-folder per audit
    template : options every job shares (model, allow and block lists, plots, force ...); its
        ``exports``, ``outdir``, ``site``, ``topic`` and ``previous`` are replaced per row

    Raises
    ------
    InputFileError
        The file is missing columns, names an export that does not exist, gives one output folder
        two sites, or an output name that is not a plain folder name; the message names the line.
    """
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputFileError(f"{p}: cannot be read ({exc.strerror or exc})") from None
    if len(data) > _MAX_BYTES:
        raise InputFileError(f"{p}: {len(data):,} bytes is too large for a portfolio file (one row per site)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputFileError(f"{p}: is not UTF-8 text; save the portfolio as a UTF-8 CSV") from None
    rows = list(csv.reader(io.StringIO(text)))
    while rows and not any(c.strip() for c in rows[0]):
        rows.pop(0)
    if not rows:
        raise InputFileError(f"{p}: is empty; write a header 'site,export,topic' and one row per export")
    header = [c.strip().lower() for c in rows[0]]
    if "export" not in header:
        raise InputFileError(
            f"{p}: has no 'export' column (found: {', '.join(repr(h[:40]) for h in header[:8])}); "
            f"the columns are {', '.join(PORTFOLIO_COLUMNS)}"
        )
    unknown = [h for h in header if h and h not in PORTFOLIO_COLUMNS]
    if unknown:
        raise InputFileError(
            f"{p}: unknown column(s) {', '.join(repr(h[:40]) for h in unknown[:5])}; "
            f"the columns are {', '.join(PORTFOLIO_COLUMNS)}"
        )
    base = p.parent
    template = template or AuditJob(exports=(), outdir=str(outdir))
    groups: dict[str, dict[str, object]] = {}
    for number, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        row = {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header) if h}
        where = f"{p}, line {number}"
        export = row.get("export", "")
        if not export:
            raise InputFileError(f"{where}: the export is empty; give the export file of that site")
        export_path = _resolve(base, export)
        if not Path(export_path).is_file():
            raise InputFileError(f"{where}: export {export!r} does not exist (looked for {export_path})")
        site = row.get("site") or None
        if site:
            try:
                site = parse_site(site)
            except SiteError as exc:
                raise InputFileError(f"{where}: {exc}") from None
        folder = row.get("output") or site or Path(export).stem
        if not _FOLDER_RE.match(folder):
            raise InputFileError(
                f"{where}: output folder {folder!r} is not a plain folder name; use letters, digits, '.', "
                f"'-' or '_'"
            )
        group = groups.setdefault(
            folder,
            {"site": site, "topic": row.get("topic") or None, "exports": [], "previous": [], "line": number},
        )
        if site and group["site"] and site != group["site"]:
            raise InputFileError(
                f"{where}: output folder {folder!r} already holds the audit of {group['site']} "
                f"(line {group['line']}); "
                "give this site its own output"
            )
        group["site"] = group["site"] or site
        group["topic"] = group["topic"] or row.get("topic") or None
        exports: list[str] = group["exports"]  # type: ignore[assignment]
        exports.append(export_path)
        if row.get("previous"):
            previous = _resolve(base, row["previous"])
            if not Path(previous).is_file():
                raise InputFileError(f"{where}: previous review sheet {row['previous']!r} does not exist")
            prev: list[str] = group["previous"]  # type: ignore[assignment]
            prev.append(previous)
    if not groups:
        raise InputFileError(f"{p}: lists no export; add one row per export under the header")
    jobs: list[AuditJob] = []
    for folder, g in groups.items():
        previous_files: Sequence[str] = g["previous"]  # type: ignore[assignment]
        jobs.append(
            dataclasses.replace(
                template,
                exports=tuple(g["exports"]),  # type: ignore[arg-type]
                outdir=str(Path(outdir) / folder),
                site=g["site"],  # type: ignore[arg-type]
                topic=g["topic"],  # type: ignore[arg-type]
                previous=tuple(template.previous) + tuple(previous_files),
            )
        )
    return jobs
