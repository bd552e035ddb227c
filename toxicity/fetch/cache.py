"""On-disk cache of fetch results: one gzip'd JSON file per URL, written atomically.

A second run over the same URLs reads every page from here and makes no request; a run that was
interrupted resumes where it stopped, because each result is stored the moment it arrives and a file
only ever appears whole (written to a temporary name, then renamed).

Layout: ``<cache_dir>/<h[:2]>/<h>.json.gz`` where ``h`` is the SHA-256 of the URL as asked for. The JSON
carries :data:`CACHE_FORMAT`; an entry of another format, or a damaged one, counts as a miss and is
fetched again. Bodies are kept (base64) so pages can be re-analysed for another site without refetching.

Beside each page, ``<h>.<k>.facts.json`` keeps the page facts computed for one analysis key ``k`` (the
audited site and a fingerprint of the analyser and its lookup tables), so a repeated run skips parsing
too; a new site or a new analyser simply computes and stores new facts.
Nothing here is executable: a cache file from someone else is only ever parsed as JSON.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import logging
import os
import zlib
from pathlib import Path
from typing import Any, Final

from toxicity.errors import InputFileError
from toxicity.fetch.client import FetchResult
from toxicity.files import atomic_file

log = logging.getLogger(__name__)

#: Version of the cache entry layout; bump when :class:`FetchResult` changes shape.
CACHE_FORMAT: Final = 1


class PageCache:
    """Fetch results stored under ``cache_dir``, keyed by URL.

    Parameters
    ----------
    cache_dir : str or Path
        Folder for the cache; created if missing.

    Examples
    --------
    >>> import tempfile
    >>> cache = PageCache(tempfile.mkdtemp())
    >>> cache.put(FetchResult(url="https://example.org/", status="timeout", detail="no answer"))
    >>> cache.get("https://example.org/").status
    'timeout'
    >>> cache.get("https://example.org/other") is None
    True
    """

    def __init__(self, cache_dir: str | os.PathLike[str]) -> None:
        self.root = Path(cache_dir)
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputFileError(
                f"cannot create the page cache folder {self.root}: {exc.strerror or exc}; "
                "choose another folder with -o"
            ) from None
        if not self.root.is_dir():
            raise InputFileError(
                f"{self.root} is a file, not a folder; choose a folder for the page cache with -o"
            )

    def path_for(self, url: str) -> Path:
        """The file that holds (or will hold) the result for ``url``."""
        digest = hashlib.sha256(url.encode("utf-8", errors="surrogatepass")).hexdigest()
        return self.root / digest[:2] / f"{digest}.json.gz"

    def get(self, url: str) -> FetchResult | None:
        """The cached result for ``url``, or ``None`` if there is none (or it is damaged or outdated)."""
        path = self.path_for(url)
        try:
            with gzip.open(path, "rt", encoding="utf-8") as fh:
                data = json.load(fh)
        except FileNotFoundError:
            return None
        except (OSError, EOFError, zlib.error, ValueError) as exc:
            log.warning("ignoring damaged cache entry %s (%s); the page will be fetched again", path, exc)
            return None
        if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT or data.get("url") != url:
            return None
        try:
            return _result_from_json(data)
        except (KeyError, TypeError, ValueError) as exc:
            log.warning("ignoring malformed cache entry %s (%s); the page will be fetched again", path, exc)
            return None

    def put(self, result: FetchResult) -> None:
        """Store ``result`` atomically (a reader never sees half a file)."""
        path = self.path_for(result.url)
        path.parent.mkdir(exist_ok=True)
        payload = json.dumps(_result_to_json(result), ensure_ascii=False).encode(
            "utf-8", errors="surrogatepass"
        )
        with atomic_file(path) as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=5, mtime=0) as gz:
            gz.write(payload)

    def _facts_path(self, url: str, key: str) -> Path:
        page = self.path_for(url)
        digest = hashlib.sha256(key.encode("utf-8", errors="surrogatepass")).hexdigest()[:16]
        return page.with_name(page.name.replace(".json.gz", f".{digest}.facts.json"))

    def get_facts(self, url: str, key: str) -> dict[str, Any] | None:
        """Page facts stored for ``url`` under analysis ``key``, or ``None``."""
        path = self._facts_path(url, key)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            log.warning("ignoring damaged cache entry %s (%s); the page will be analysed again", path, exc)
            return None
        if not isinstance(data, dict) or data.get("url") != url or data.get("key") != key:
            return None
        facts = data.get("facts")
        return facts if isinstance(facts, dict) else None

    def put_facts(self, url: str, key: str, facts: dict[str, Any]) -> None:
        """Store the page facts of ``url`` under analysis ``key`` (atomically)."""
        path = self._facts_path(url, key)
        path.parent.mkdir(exist_ok=True)
        payload = json.dumps({"url": url, "key": key, "facts": facts}, ensure_ascii=False)
        with atomic_file(path, "w", encoding="utf-8", errors="surrogatepass") as fh:
            fh.write(payload)

    def __contains__(self, url: object) -> bool:
        return isinstance(url, str) and self.path_for(url).exists()


def _result_to_json(result: FetchResult) -> dict[str, Any]:
    return {
        "format": CACHE_FORMAT,
        "url": result.url,
        "status": result.status,
        "detail": result.detail,
        "http_status": result.http_status,
        "final_url": result.final_url,
        "redirect_chain": list(result.redirect_chain),
        "content_type": result.content_type,
        "x_robots_tag": result.x_robots_tag,
        "body": None if result.body is None else base64.b64encode(result.body).decode("ascii"),
        "fetched_at": result.fetched_at,
        "elapsed": result.elapsed,
        "attempts": result.attempts,
    }


def _result_from_json(data: dict[str, Any]) -> FetchResult:
    body = data["body"]
    http_status = data["http_status"]
    return FetchResult(
        url=str(data["url"]),
        status=str(data["status"]),
        detail=str(data["detail"]),
        http_status=None if http_status is None else int(http_status),
        final_url=data["final_url"],
        redirect_chain=tuple(str(u) for u in data["redirect_chain"]),
        content_type=data["content_type"],
        x_robots_tag=data["x_robots_tag"],
        body=None if body is None else base64.b64decode(body, validate=True),
        fetched_at=str(data["fetched_at"]),
        elapsed=float(data["elapsed"]),
        attempts=int(data["attempts"]),
        from_cache=True,
    )
