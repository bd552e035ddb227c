"""toxicity: toxic-backlink classifier with reasons and a Google disavow-file generator.

Data flows one way::

    export file -> read_export -> link records -> build_features -> model -> decide (risk, band,
    reasons, roll-up per domain) -> review sheet -> human decisions -> disavow -> disavow.txt

The public API is re-exported lazily here so ``import toxicity`` stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

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
    "score_links": "toxicity.audit",
    "write_review": "toxicity.review",
    "read_reviews": "toxicity.review",
    "apply_decisions": "toxicity.review",
    "parse_disavow": "toxicity.disavow",
    "validate_disavow": "toxicity.disavow",
    "build_disavow": "toxicity.disavow",
    "write_disavow": "toxicity.disavow",
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
    "score_links",
    "write_review",
    "read_reviews",
    "apply_decisions",
    "parse_disavow",
    "validate_disavow",
    "build_disavow",
    "write_disavow",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'toxicity' has no attribute {name!r}")
    return getattr(import_module(module), name)
