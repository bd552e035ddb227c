"""Fixtures for the fetch tests: a fast, polite-enough configuration and a fresh cache folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from toxicity.fetch import FetchConfig


@pytest.fixture
def config() -> FetchConfig:
    """Short limits so hostile cases end fast; no delay; proxies from the environment ignored.

    ``allow_private``: the test servers are on 127.0.0.1, which the fetcher refuses by default.
    """
    return FetchConfig(
        concurrency=8,
        per_host=4,
        delay=0.0,
        timeout=2.0,
        max_bytes=256 * 1024,
        max_redirects=5,
        retries=1,
        backoff=0.01,
        max_backoff=0.05,
        trust_env=False,
        allow_private=True,
    )


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"
