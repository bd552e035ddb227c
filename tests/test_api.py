"""The public API is what a notebook imports: every name in ``toxicity.__all__`` resolves."""

from __future__ import annotations

import subprocess
import sys

import pytest

import toxicity


@pytest.mark.parametrize("name", toxicity.__all__)
def test_public_name_resolves(name: str) -> None:
    assert getattr(toxicity, name) is not None


def test_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        toxicity.nope  # noqa: B018


def test_import_is_cheap() -> None:
    """``import toxicity`` must not pull in pandas or LightGBM (the CLI's --help stays fast)."""
    code = "import sys, toxicity; print(any(m in sys.modules for m in ('pandas', 'lightgbm')))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
