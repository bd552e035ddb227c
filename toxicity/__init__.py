"""toxicity: toxic-backlink classifier with reasons and a Google disavow-file generator.

Data flows one way::

    export file -> read_export -> link records -> build_features -> model -> decide (risk, band,
    reasons, roll-up per domain) -> review sheet -> human decisions -> disavow -> disavow.txt

The public API is re-exported lazily here so ``import toxicity`` stays cheap; ``dir(toxicity)``
lists it. A notebook runs an audit in one call::

    import toxicity as tx
    outcome = tx.run_audit(tx.AuditJob(exports=("ahrefs.tsv",), outdir="audit/", site="example.com"))

Every error a user can cause is a :class:`ToxicityError` (see :mod:`toxicity.errors`).
"""

from __future__ import annotations

import re
from importlib import import_module
from pathlib import Path
from typing import Any

#: Public name -> module that defines it, in the order data flows through them.
_LAZY = {
    "read_export": "toxicity.io",
    "read_exports": "toxicity.io",
    "detect_format": "toxicity.io",
    "list_formats": "toxicity.io",
    "fetch_pages": "toxicity.fetch",
    "build_features": "toxicity.features",
    "infer_profile": "toxicity.features",
    "FEATURES": "toxicity.features",
    "RiskModel": "toxicity.model",
    "load_model": "toxicity.model",
    "save_model": "toxicity.model",
    "decide": "toxicity.verdict",
    "simulate_profile": "toxicity.model.profiles",
    "Audit": "toxicity.audit",
    "score_links": "toxicity.audit",
    "AuditJob": "toxicity.engine",
    "run_audit": "toxicity.engine",
    "read_portfolio": "toxicity.engine",
    "run_jobs": "toxicity.engine",
    "write_report": "toxicity.report.html",
    "read_labeled_set": "toxicity.model.labels",
    "read_labeled": "toxicity.model.labels",
    "train_labeled": "toxicity.model.training",
    "evaluate_model": "toxicity.model.evaluation",
    "write_review": "toxicity.review",
    "read_reviews": "toxicity.review",
    "apply_decisions": "toxicity.review",
    "parse_disavow": "toxicity.disavow",
    "validate_disavow": "toxicity.disavow",
    "build_disavow": "toxicity.disavow",
    "write_disavow": "toxicity.disavow",
    "ToxicityError": "toxicity.errors",
}

__all__ = [  # noqa: RUF022 (kept in data-flow order, like _LAZY)
    "__version__",
    "read_export",
    "read_exports",
    "detect_format",
    "list_formats",
    "fetch_pages",
    "build_features",
    "infer_profile",
    "FEATURES",
    "RiskModel",
    "load_model",
    "save_model",
    "decide",
    "simulate_profile",
    "Audit",
    "score_links",
    "AuditJob",
    "run_audit",
    "read_portfolio",
    "run_jobs",
    "write_report",
    "read_labeled_set",
    "read_labeled",
    "train_labeled",
    "evaluate_model",
    "write_review",
    "read_reviews",
    "apply_decisions",
    "parse_disavow",
    "validate_disavow",
    "build_disavow",
    "write_disavow",
    "ToxicityError",
]


#: The ``version`` line of the ``[project]`` table of pyproject.toml (read only when not installed).
_PYPROJECT_VERSION = re.compile(r'^\[project\][^\[]*?^version\s*=\s*"([^"]+)"', re.MULTILINE | re.DOTALL)


def _version() -> str:
    """The installed distribution's version; from the source tree's pyproject.toml when not installed.

    The version is written in one place, pyproject.toml.
    """
    from importlib import metadata

    try:
        return metadata.version("toxicity")
    except metadata.PackageNotFoundError:
        pass
    try:
        text = (Path(__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8")
    except OSError:
        return "0+unknown"
    found = _PYPROJECT_VERSION.search(text)
    return found.group(1) if found else "0+unknown"


def __getattr__(name: str) -> Any:
    if name == "__version__":
        version = globals()["__version__"] = _version()
        return version
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'toxicity' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # looked up once
    return value


def __dir__() -> list[str]:
    """The public API (:data:`__all__`) and the module's own dunder attributes."""
    return sorted({*__all__, *(k for k in globals() if k.startswith("__") and k.endswith("__"))})
