"""toxicity: toxic-backlink classifier with reasons and a Google disavow-file generator.

Data flows one way::

    export file -> read_export -> link records -> build_features -> model -> risk + reasons
    -> roll-up per domain -> review sheet -> human decisions -> disavow -> disavow.txt

The public API is re-exported lazily here so ``import toxicity`` stays cheap.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_LAZY = {
    "read_export": "toxicity.io",
    "read_exports": "toxicity.io",
    "detect_format": "toxicity.io",
    "list_formats": "toxicity.io",
}

__all__ = ["__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'toxicity' has no attribute {name!r}")
    return getattr(import_module(module), name)
