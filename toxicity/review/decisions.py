"""Human decisions: allow/block lists and carrying decisions over from previous review sheets.

A decision belongs to a *key*: ``("domain", <normalised host>)`` for a domain row, ``("url", <escaped
URL>)`` for a URL row. Keys make ``Example.COM`` and ``example.com``, or a Unicode IDN and its
punycode, one domain, so a decision made once is found again in the next audit.

Precedence when filling the ``decision`` column of a new review table: an explicit ``--allow`` (keep)
or ``--block`` (disavow) list first, then a previous human decision, then nothing (the human reviews
it). When previous sheets disagree about a key, nothing is carried over for it: the human decides
again. The audited site (its registrable domain and every host under it) is never marked disavow by
a list or a previous sheet: those rows are left undecided, with a note, and counted.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import Final

import pandas as pd

from toxicity.cells import escape_url
from toxicity.domains import (
    host_of_url,
    is_public_suffix,
    normalise_host,
    parse_site,
    registrable_domain,
    site_of,
)
from toxicity.errors import InputFileError, ReviewSheetError
from toxicity.review.sheets import URL_COLUMN
from toxicity.verdict.scale import DISAVOW, KEEP

logger = logging.getLogger(__name__)

Key = tuple[str, str]

ALLOW_NOTE: Final = "allowlisted (--allow)"
BLOCK_NOTE: Final = "blocklisted (--block)"
SITE_NOTE: Final = "audited site: never disavowed (--block or a previous sheet said disavow)"


def domain_key(domain: str) -> str:
    """Normalised form of a domain cell: lower-case punycode, or the stripped lower-case text if not a host.

    >>> domain_key(" MÜNCHEN.de ")
    'xn--mnchen-3ya.de'
    """
    text = domain.strip()
    if text.lower().startswith("domain:"):
        text = text[len("domain:") :].strip()
    return normalise_host(text) or text.lower()


def decision_key(domain: str, url: str = "") -> Key:
    """The key a decision is stored under: the escaped URL for URL rows, else the normalised domain.

    >>> decision_key("Example.com")
    ('domain', 'example.com')
    >>> decision_key("example.com", " http://example.com/a b ")
    ('url', 'http://example.com/a%20b')
    """
    if url and url.strip():
        return ("url", escape_url(url))
    return ("domain", domain_key(domain))


def load_domain_list(path: str | PathLike[str]) -> frozenset[str]:
    """Read an allow or block list: one domain, host or URL per line, ``#`` comments allowed.

    Every entry becomes its registrable domain (private suffixes on), so ``www.shop.example.co.uk``,
    ``domain:example.co.uk`` and ``https://example.co.uk/page`` all name ``example.co.uk``.

    Raises
    ------
    InputFileError
        The file cannot be read or is not UTF-8.
    ReviewSheetError
        A line is not a domain, host or URL, or names a public suffix such as ``blogspot.com``.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "allow.txt"
    >>> _ = p.write_text("# partners\\nwww.Example.com\\ndomain:news.co.uk\\n"
    ...                  "https://me.blogspot.com/x  # blog\\n")
    >>> sorted(load_domain_list(p))
    ['example.com', 'me.blogspot.com', 'news.co.uk']
    """
    p = Path(path)
    try:
        text = p.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputFileError(f"{p.name} is not UTF-8 (offset {exc.start}); save it as UTF-8 text") from None
    except OSError as exc:
        raise InputFileError(f"cannot read {p}: {exc.strerror}") from None
    domains: set[str] = set()
    for number, line in enumerate(text.splitlines(), start=1):
        entry = line.split(" #", 1)[0].strip()
        if not entry or entry.startswith("#"):
            continue
        if entry.lower().startswith("domain:"):
            entry = entry[len("domain:") :].strip()
        host = host_of_url(entry) if ("/" in entry or ":" in entry) else normalise_host(entry)
        if host is None or " " in entry:
            raise ReviewSheetError(
                f"{p.name} line {number}: {entry[:60]!r} is not a domain, host or URL; "
                f"write one per line, like example.com or https://example.com/page"
            )
        if is_public_suffix(host):
            raise ReviewSheetError(
                f"{p.name} line {number}: {host!r} is a public suffix shared by many unrelated sites; "
                f"list the site itself, like someone.{host}"
            )
        domains.add(registrable_domain(host))
    logger.info("read %d domains from %s", len(domains), p.name)
    return frozenset(domains)


@dataclass(frozen=True)
class DecisionCounts:
    """What :func:`apply_decisions` did to the ``decision`` column."""

    carried_over: int
    """Rows whose decision came from a previous review sheet (``previous_only`` included)."""
    allowlisted: int
    """Rows marked ``keep`` because their domain is on the allow list."""
    blocklisted: int
    """Rows marked ``disavow`` because their domain is on the block list."""
    to_review: int
    """Rows left undecided: new to review."""
    previous_only: int
    """Decided rows of previous sheets that are not in the new table, appended so no work is lost."""
    conflicts: int
    """Keys that previous sheets decided both ways; left undecided for the human."""
    site_refused: tuple[str, ...] = ()
    """Rows of the audited site that ``--block`` or a previous sheet would have marked disavow (their
    URL, else their domain); left undecided, with a note."""


def _previous_decisions(previous: pd.DataFrame) -> tuple[dict[Key, int], set[Key]]:
    """Map each decided key of ``previous`` to its (last) row position; collect keys decided both ways."""
    urls = previous[URL_COLUMN] if URL_COLUMN in previous.columns else pd.Series("", index=previous.index)
    chosen: dict[Key, int] = {}
    seen: dict[Key, str] = {}
    conflicts: set[Key] = set()
    for pos, (domain, url, decision) in enumerate(zip(previous["domain"], urls, previous["decision"])):
        if not decision:
            continue
        key = decision_key(str(domain), str(url or ""))
        if seen.setdefault(key, decision) != decision:
            conflicts.add(key)
        chosen[key] = pos
    for key in conflicts:
        chosen.pop(key)
    return chosen, conflicts


def _site_domain(site: str | None) -> str | None:
    """The registrable domain of the audited site given as a host or URL; ``None`` if not given."""
    if not site:
        return None
    return site_of(parse_site(site))


def _is_site(domain: str, url: str, site: str | None) -> bool:
    """Whether a row's domain or URL lies on the audited site (its registrable domain or a host under it)."""
    if site is None:
        return False
    hosts = [normalise_host(domain_key(domain)), host_of_url(url) if url.strip() else None]
    return any(host is not None and registrable_domain(host) == site for host in hosts)


def apply_decisions(
    table: pd.DataFrame,
    *,
    previous: pd.DataFrame | None = None,
    allow: Iterable[str] = (),
    block: Iterable[str] = (),
    site: str | None = None,
) -> tuple[pd.DataFrame, DecisionCounts]:
    """Fill the ``decision`` column of a new review table from allow/block lists and previous sheets.

    Parameters
    ----------
    table
        The new domain table (``domain``, optionally ``url``; ``decision`` and ``note`` are added if
        missing). Not modified.
    previous
        Decisions read by :func:`toxicity.review.read_reviews` from earlier sheets. A human note is
        carried over with its decision. Decided rows that the new table lacks are appended, so that
        a decision is never lost because a link disappeared from the latest export.
    allow, block
        Registrable domains (see :func:`load_domain_list`) to mark ``keep`` / ``disavow``.
    site
        The audited site (a host or URL). Its rows are never marked ``disavow`` by ``block`` or a
        previous sheet: they stay undecided, with a note, and are listed in
        :attr:`DecisionCounts.site_refused`. A previous ``keep`` is carried over as usual.

    Returns
    -------
    (DataFrame, DecisionCounts)
        A copy of ``table`` with ``decision`` and ``note`` filled, and what was done.

    Raises
    ------
    ReviewSheetError
        A domain is on both the allow and the block list, or ``site`` is not a host name.
    """
    allow_set = {domain_key(d) for d in allow}
    block_set = {domain_key(d) for d in block}
    both = sorted(allow_set & block_set)
    if both:
        raise ReviewSheetError(
            f"{both[0]} is on both the allow list and the block list"
            f"{f' (and {len(both) - 1} more)' if len(both) > 1 else ''}; remove it from one of them"
        )
    site_domain = _site_domain(site)
    out = table.copy().reset_index(drop=True)
    for column in ("decision", "note"):
        if column not in out.columns:
            out[column] = ""
        out[column] = out[column].fillna("").astype(str)
    urls = (
        out[URL_COLUMN].fillna("").astype(str)
        if URL_COLUMN in out.columns
        else pd.Series("", index=out.index)
    )
    chosen, conflicts = ({}, set()) if previous is None else _previous_decisions(previous)
    decisions = out["decision"].tolist()
    notes = out["note"].tolist()
    carried = allowed = blocked = 0
    matched: set[Key] = set()
    site_refused: list[str] = []
    for i, (domain, url) in enumerate(zip(out["domain"].astype(str), urls)):
        key = decision_key(domain, url)
        matched.add(key)
        dkey = domain_key(domain)
        previous_says = previous.iloc[chosen[key]]["decision"] if key in chosen else ""  # type: ignore[union-attr]
        if dkey in allow_set:
            decisions[i], allowed = KEEP, allowed + 1
            notes[i] = notes[i] or ALLOW_NOTE
        elif _is_site(domain, url, site_domain) and (dkey in block_set or previous_says == DISAVOW):
            site_refused.append(url or domain)
            notes[i] = notes[i] or SITE_NOTE
        elif dkey in block_set:
            decisions[i], blocked = DISAVOW, blocked + 1
            notes[i] = notes[i] or BLOCK_NOTE
        elif key in chosen:
            row = previous.iloc[chosen[key]]  # type: ignore[union-attr]
            decisions[i], carried = row["decision"], carried + 1
            notes[i] = notes[i] or str(row.get("note", "") or "")
    out["decision"], out["note"] = decisions, notes
    leftovers = [pos for key, pos in chosen.items() if key not in matched]
    if leftovers:
        extra = previous.iloc[sorted(leftovers)].drop(columns=["source", "row"], errors="ignore")  # type: ignore[union-attr]
        extra = extra[[c for c in extra.columns if c in out.columns or c == URL_COLUMN]].reset_index(
            drop=True
        )
        for column in ("decision", "note", *([URL_COLUMN] if URL_COLUMN in extra.columns else [])):
            extra[column] = extra[column].fillna("").astype(str)
        extra_urls = extra[URL_COLUMN] if URL_COLUMN in extra.columns else pd.Series("", index=extra.index)
        # The row is kept (nothing of a previous sheet is lost), its disavow is not.
        on_site = [
            decision == DISAVOW and _is_site(str(domain), url, site_domain)
            for domain, url, decision in zip(extra["domain"], extra_urls, extra["decision"])
        ]
        for j in [j for j, flag in enumerate(on_site) if flag]:
            site_refused.append(extra_urls[j] or str(extra.at[j, "domain"]))
            extra.at[j, "decision"] = ""
            extra.at[j, "note"] = extra.at[j, "note"] or SITE_NOTE
        out = pd.concat([out, extra], ignore_index=True)
        for column in ("decision", "note", *([URL_COLUMN] if URL_COLUMN in out.columns else [])):
            out[column] = out[column].fillna("").astype(str)
    counts = DecisionCounts(
        carried_over=carried + len(leftovers),
        allowlisted=allowed,
        blocklisted=blocked,
        to_review=int((out["decision"] == "").sum()),
        previous_only=len(leftovers),
        conflicts=len(conflicts),
        site_refused=tuple(site_refused),
    )
    logger.info("decisions applied: %s", counts)
    return out, counts
