"""Google's disavow file: parse, validate, build from human decisions, merge, and write safely.

Rules checked (Google's documentation, see the project README)
---------------------------------------------------------------
* UTF-8 (7-bit ASCII is UTF-8), at most 100,000 lines (comments and blank lines count) and 2 MB
  (taken as 2,000,000 bytes, the stricter reading), URLs at most 2,048 characters.
* One entry per line: a URL starting with ``http://`` or ``https://``, or ``domain:host``. Lines
  starting with ``#`` are comments.
* No wildcards; ``domain:`` takes a bare host: no scheme, path (Google cannot disavow subpaths),
  port, query or spaces; never a public or private suffix (``domain:blogspot.com`` would disavow
  every Blogspot site); valid host syntax. A platform the PSL lacks but :mod:`toxicity.domains`
  knows (``domain:wordpress.com``, see :data:`toxicity.domains.PLATFORMS`) is a warning: Google
  accepts the line, it just disavows every blog on the platform.
* IDNs may be written in Unicode or punycode; mixing both in one file is reported (a warning).
* Duplicates, and URLs or subdomains already covered by a ``domain:`` line, are warnings: Google
  accepts them, they only make the file longer.

Errors make Google reject the file or misread it; warnings do not. :func:`write_disavow` refuses to
write a file with errors.

Building and merging
--------------------
:func:`build_disavow` keeps every line of an existing file verbatim and in order (entries, comments
and blank lines) unless ``remove`` names it, then appends a dated comment header and the new entries
(``domain:`` lines sorted, then URL lines sorted). Only *new* entries are folded when they duplicate
or are covered by a ``domain:`` line; an existing line is never dropped silently, even when a new
``domain:`` line now covers it.

Whole platforms: a review row marked disavow that names a platform itself (``wordpress.com``,
``blogspot.com``: :func:`toxicity.domains.is_platform`) stops the build with a :class:`DisavowError`
naming every such row, since ``domain:<platform>`` would disavow every site on it; the fix is to mark
the blog (``spam.wordpress.com``) or its URLs. ``force_platforms`` writes the line anyway for
platforms the PSL lacks. A *suggested* platform is refused, never an error. Lines of the existing
file that name a platform are kept as they are (reported in :attr:`DisavowResult.kept_platforms`).

Hostile input: a domain that is not a valid host name is refused (counted and reported, never
written). URLs are stripped of surrounding whitespace and have interior whitespace and control
characters percent-encoded (:func:`toxicity.review.escape_url`), which names the same page; then
they must pass the same checks as :func:`validate_disavow`, or they are refused. No value can
therefore add a line. IP hosts cannot take ``domain:`` (Google documents it for domain names), so a
disavowed IP becomes the URL line ``http://IP/`` plus the sheet's example URL on that IP.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from os import PathLike
from pathlib import Path
from typing import Final, Literal

import pandas as pd

from toxicity import __version__
from toxicity.domains import (
    extra_suffixes,
    is_ip_host,
    is_platform,
    is_public_suffix,
    normalise_host,
    public_suffix,
    registrable_domain,
)
from toxicity.errors import DisavowError, InputFileError, OutputExistsError
from toxicity.files import atomic_file
from toxicity.review.decisions import decision_key
from toxicity.review.sheets import URL_COLUMN, escape_url

logger = logging.getLogger(__name__)

MAX_LINES: Final = 100_000
MAX_BYTES: Final = 2_000_000
MAX_URL_CHARS: Final = 2_048
DOMAIN_PREFIX: Final = "domain:"

LineKind = Literal["domain", "url", "comment", "blank", "invalid"]
Severity = Literal["error", "warning"]

_URL_RE: Final = re.compile(
    r"(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*)://(?P<userinfo>[^@/?#]*@)?(?P<host>\[[^\]/]*\]|[^:/?#]*)"
    r"(?P<port>:[^/?#]*)?(?P<rest>.*)",
    re.DOTALL,
)
# Characters that some parser somewhere reads as a line break: an error anywhere in a line.
_LINE_BREAK_RE: Final = re.compile("[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_CONTROL_RE: Final = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_SPACE_RE: Final = re.compile(r"\s")


@dataclass(frozen=True)
class DisavowLine:
    """One line of a disavow file, kept verbatim."""

    number: int
    """1-based line number."""
    text: str
    """The line without its line ending (``\\n`` or ``\\r\\n``)."""
    kind: LineKind
    key: str | None = None
    """Normalised entry for comparisons: ``domain:<punycode host>`` or the URL with lower-case scheme
    and punycode host; ``None`` for comments, blank and invalid lines."""
    host: str | None = None
    """Normalised host of the entry (punycode), ``None`` if none could be read."""


@dataclass(frozen=True)
class DisavowFile:
    """A parsed disavow file: every line, plus what was seen of its bytes."""

    name: str
    lines: tuple[DisavowLine, ...]
    size_bytes: int
    has_bom: bool = False
    undecodable: tuple[tuple[int, str], ...] = ()
    """(line number, description) of lines that are not valid UTF-8."""

    @property
    def entries(self) -> list[DisavowLine]:
        """The ``domain:`` and URL lines."""
        return [line for line in self.lines if line.kind in ("domain", "url")]


@dataclass(frozen=True)
class Problem:
    """A rule a disavow line (or, with ``line == 0``, the whole file) breaks."""

    line: int
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"line {self.line}" if self.line else "file"
        return f"{where}: {self.severity}: {self.message}"


@dataclass(frozen=True)
class Refusal:
    """A value marked for disavowal that was not written, and why."""

    value: str
    reason: str
    where: str = ""
    """Where the value came from, like ``review.csv row 12``."""

    def __str__(self) -> str:
        prefix = f"{self.where}: " if self.where else ""
        return f"{prefix}{self.value[:80]!r} {self.reason}"


@dataclass
class DisavowResult:
    """A disavow file built by :func:`build_disavow`, ready for :func:`write_disavow`."""

    lines: list[str]
    added_domains: int = 0
    added_urls: int = 0
    kept: int = 0
    """Entries of the existing file kept (comments and blank lines are kept too, not counted)."""
    removed: int = 0
    """Lines of the existing file dropped because ``remove`` named them."""
    folded: int = 0
    """New entries not written because an entry already present, or a ``domain:`` line, covers them."""
    refused: list[Refusal] = field(default_factory=list)
    kept_platforms: list[DisavowLine] = field(default_factory=list)
    """Kept lines of the existing file that disavow a whole platform (``domain:wordpress.com``)."""

    @property
    def added(self) -> int:
        """New entries written."""
        return self.added_domains + self.added_urls

    @property
    def text(self) -> str:
        """The file content: lines joined by ``\\n``, with a final ``\\n``."""
        return "".join(line + "\n" for line in self.lines)


# --------------------------------------------------------------------------------------------- parse


def _url_parts(url: str) -> re.Match[str] | None:
    m = _URL_RE.fullmatch(url)
    return m if m and m.group("scheme").lower() in ("http", "https") else None


def _classify(number: int, text: str) -> DisavowLine:
    stripped = text.strip(" \t")
    if not stripped:
        return DisavowLine(number, text, "blank")
    if stripped.startswith("#"):
        return DisavowLine(number, text, "comment")
    if stripped[: len(DOMAIN_PREFIX)].lower() == DOMAIN_PREFIX:
        host = normalise_host(stripped[len(DOMAIN_PREFIX):]) if not _SPACE_RE.search(stripped) else None
        key = DOMAIN_PREFIX + host if host else None
        return DisavowLine(number, text, "domain" if host else "invalid", key, host)
    m = _url_parts(stripped)
    if m:
        host = normalise_host(m.group("host"))
        if host:
            key = f"{m.group('scheme').lower()}://{m.group('userinfo') or ''}{host}{m.group('port') or ''}{m.group('rest')}"
            return DisavowLine(number, text, "url", key, host)
    return DisavowLine(number, text, "invalid")


def parse_disavow(source: str | bytes | PathLike[str], *, name: str | None = None) -> DisavowFile:
    """Parse a disavow file, keeping every line (entries, comments, blank and broken lines).

    Parameters
    ----------
    source
        A :class:`pathlib.Path` (or other path-like) to read, the file's ``bytes``, or its text as a
        ``str`` (a ``str`` is always content, never a path).
    name
        Name used in messages; defaults to the file name or ``disavow.txt``.

    Raises
    ------
    InputFileError
        The path cannot be read.

    Examples
    --------
    >>> f = parse_disavow("# old\\ndomain:Spam.example\\nhttp://x.example/a\\n")
    >>> [(line.number, line.kind, line.key) for line in f.lines]
    [(1, 'comment', None), (2, 'domain', 'domain:spam.example'), (3, 'url', 'http://x.example/a')]
    """
    if isinstance(source, (str, bytes)):
        data = source.encode("utf-8", "surrogatepass") if isinstance(source, str) else source
        label = name or "disavow.txt"
    else:
        path = Path(source)
        label = name or path.name
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputFileError(f"cannot read disavow file {path}: {exc.strerror}") from None
    has_bom = data.startswith(b"\xef\xbb\xbf")
    body = data[3:] if has_bom else data
    pieces = body.split(b"\n")
    if pieces and pieces[-1] == b"":
        pieces.pop()
    lines: list[DisavowLine] = []
    undecodable: list[tuple[int, str]] = []
    for number, raw in enumerate(pieces, start=1):
        if raw.endswith(b"\r"):
            raw = raw[:-1]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            undecodable.append((number, f"byte 0x{raw[exc.start]:02x} at column {exc.start + 1}"))
            text = raw.decode("utf-8", "replace")
        lines.append(_classify(number, text))
    return DisavowFile(label, tuple(lines), len(data), has_bom, tuple(undecodable))


# ------------------------------------------------------------------------------------------ validate


def _idn_style(text: str) -> str | None:
    """'unicode', 'punycode' or None for the host written in an entry."""
    lowered = text.lower()
    if not lowered.isascii():
        return "unicode"
    return "punycode" if "xn--" in lowered else None


def _raw_host(text: str) -> str:
    stripped = text.strip(" \t")
    if stripped[: len(DOMAIN_PREFIX)].lower() == DOMAIN_PREFIX:
        return stripped[len(DOMAIN_PREFIX):]
    m = _url_parts(stripped)
    return m.group("host") if m else ""


def _char_name(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'control character')}"


def line_problems(line: DisavowLine) -> list[Problem]:
    """The problems of one line on its own (file-level rules are in :func:`validate_disavow`)."""
    n, text = line.number, line.text
    problems: list[Problem] = []
    breaker = _LINE_BREAK_RE.search(text)
    if breaker:
        problems.append(Problem(n, f"contains {_char_name(breaker.group())}, which some readers take for a "
                                   "line break; remove it"))
    if line.kind == "blank":
        return problems
    if line.kind == "comment":
        control = _CONTROL_RE.search(text.replace("\t", " "))
        if control and not breaker:
            problems.append(Problem(n, f"comment contains {_char_name(control.group())}; remove it", "warning"))
        return problems
    stripped = text.strip(" \t")
    if stripped != text:
        problems.append(Problem(n, "leading or trailing whitespace; remove it", "warning"))
    control = _CONTROL_RE.search(stripped)
    if control and not breaker:
        problems.append(Problem(n, f"contains {_char_name(control.group())}; remove it"))
    if "*" in stripped:
        problems.append(Problem(n, "wildcards (*) are not allowed; list each URL or use domain:example.com"))
    if stripped[: len(DOMAIN_PREFIX)].lower() == DOMAIN_PREFIX:
        problems.extend(_domain_problems(n, stripped))
    elif line.kind == "url" or _url_parts(stripped):
        problems.extend(_url_problems(n, stripped, line.host))
    elif normalise_host(stripped):
        problems.append(Problem(n, f"a bare host is not an entry; write domain:{stripped} or a full URL "
                                   "starting with http:// or https://"))
    else:
        problems.append(Problem(n, "neither a URL starting with http:// or https:// nor a domain: entry "
                                   "(comments start with #)"))
    return problems


def _domain_problems(n: int, stripped: str) -> list[Problem]:
    prefix, value = stripped[: len(DOMAIN_PREFIX)], stripped[len(DOMAIN_PREFIX):]
    problems: list[Problem] = []
    if prefix != DOMAIN_PREFIX:
        problems.append(Problem(n, f"write the prefix as {DOMAIN_PREFIX} in lower case", "warning"))
    if not value.strip():
        return [*problems, Problem(n, "domain: with no domain; write domain:example.com")]
    if _SPACE_RE.search(value):
        return [*problems, Problem(n, "space in a domain: entry; write domain:example.com with no spaces")]
    if "://" in value or re.match(r"(?i)https?:", value):
        return [*problems, Problem(n, "domain: takes a host, not a URL; write domain:example.com")]
    if "/" in value:
        return [*problems, Problem(n, "domain: cannot have a path (Google does not disavow subpaths); "
                                      "write domain:<host> or list each URL")]
    if ":" in value and not value.startswith("["):
        return [*problems, Problem(n, "domain: cannot have a port; write domain:example.com")]
    if "*" in value:
        return problems  # already reported as a wildcard
    host = normalise_host(value)
    if host is None:
        return [*problems, Problem(n, f"{value[:80]!r} is not a valid host name")]
    if is_ip_host(host):
        problems.append(Problem(n, "domain: with an IP address; Google documents domain: for domain names: "
                                   f"list the URLs instead, like http://{host}/", "warning"))
    elif host in extra_suffixes():
        problems.append(Problem(n, f"{host} is a whole blog or hosting platform: this line disavows every site "
                                   f"on it; if you meant one site, disavow it instead, like domain:spam.{host}",
                                "warning"))
    elif is_public_suffix(host):
        problems.append(Problem(n, f"{host} is a public suffix shared by many unrelated sites; disavow the "
                                   f"site itself, like domain:spam.{host}"))
    elif not public_suffix(host):
        problems.append(Problem(n, f"{host} has no known top-level domain; check the spelling", "warning"))
    return problems


def _url_problems(n: int, stripped: str, host: str | None) -> list[Problem]:
    problems: list[Problem] = []
    if len(stripped) > MAX_URL_CHARS:
        problems.append(Problem(n, f"URL of {len(stripped):,} characters, over Google's {MAX_URL_CHARS:,}"))
    if _SPACE_RE.search(stripped):
        problems.append(Problem(n, "space in a URL; percent-encode it as %20"))
    if host is None:
        problems.append(Problem(n, "the URL has no valid host name"))
    return problems


def validate_disavow(file: DisavowFile) -> list[Problem]:
    """Check ``file`` against Google's rules; return every problem, in line order.

    A file is valid (Google accepts it) when no problem has ``severity == "error"``; warnings
    (duplicates, mixed IDN spellings, a byte-order mark) only point at clutter or risk.

    Examples
    --------
    >>> for p in validate_disavow(parse_disavow("domain:blogspot.com\\nexample.com\\ndomain:a.com\\ndomain:a.com\\n")):
    ...     print(p)
    line 1: error: blogspot.com is a public suffix shared by many unrelated sites; disavow the site itself, like domain:spam.blogspot.com
    line 2: error: a bare host is not an entry; write domain:example.com or a full URL starting with http:// or https://
    line 4: warning: duplicate of line 3
    """
    problems: list[Problem] = []
    if file.size_bytes > MAX_BYTES:
        problems.append(Problem(0, f"{file.size_bytes:,} bytes, over Google's limit of 2 MB ({MAX_BYTES:,} bytes); "
                                   "fold URLs into domain: lines or split the work"))
    if len(file.lines) > MAX_LINES:
        problems.append(Problem(MAX_LINES + 1, f"{len(file.lines):,} lines, over Google's limit of {MAX_LINES:,} "
                                               "(comments and blank lines count)"))
    if file.has_bom:
        problems.append(Problem(1, "starts with a UTF-8 byte-order mark; save as UTF-8 without BOM", "warning"))
    if not file.lines:
        problems.append(Problem(0, "the file has no lines", "warning"))
    undecodable = dict(file.undecodable)
    seen: dict[str, int] = {}
    domains: dict[str, int] = {}
    styles: dict[str, list[int]] = {"unicode": [], "punycode": []}
    for line in file.lines:
        if line.kind == "domain" and line.host:
            domains.setdefault(line.host, line.number)
    for line in file.lines:
        if line.number in undecodable:
            problems.append(Problem(line.number, f"not valid UTF-8 ({undecodable[line.number]}); save the file as UTF-8"))
        problems.extend(line_problems(line))
        if line.key is None or line.host is None:
            continue
        style = _idn_style(_raw_host(line.text))
        if style:
            styles[style].append(line.number)
        first = seen.setdefault(line.key, line.number)
        if first != line.number:
            problems.append(Problem(line.number, f"duplicate of line {first}", "warning"))
            continue
        cover = _covering_domain(line.host, domains, include_self=line.kind == "url")
        if cover is not None and domains[cover] != line.number:
            problems.append(Problem(line.number, f"already covered by domain:{cover} on line {domains[cover]}",
                                    "warning"))
    if styles["unicode"] and styles["punycode"]:
        minority, majority = sorted(styles.values(), key=len)
        other = "Unicode" if minority is styles["punycode"] else "punycode"
        for number in minority:
            problems.append(Problem(number, f"IDN spelled differently from line {majority[0]}, which uses {other}; "
                                            "use one spelling throughout", "warning"))
    problems.sort(key=lambda p: p.line)
    return problems


def is_valid(problems: Iterable[Problem]) -> bool:
    """True if none of ``problems`` is an error."""
    return not any(p.severity == "error" for p in problems)


def _covering_domain(host: str, domains: dict[str, int] | set[str], *, include_self: bool) -> str | None:
    """The ``domain:`` host in ``domains`` that covers ``host`` (itself or a parent), if any."""
    if is_ip_host(host):
        return host if include_self and host in domains else None
    labels = host.split(".")
    start = 0 if include_self else 1
    for i in range(start, len(labels) - 1):
        candidate = ".".join(labels[i:])
        if candidate in domains:
            return candidate
    return None


# --------------------------------------------------------------------------------------------- build


def _to_unicode(host: str) -> str:
    try:
        return host.encode("ascii").decode("idna")
    except UnicodeError:
        return host


def _existing_style(lines: Sequence[DisavowLine]) -> str:
    """'unicode' if the existing entries spell IDNs in Unicode only, else 'punycode'."""
    styles = {_idn_style(_raw_host(line.text)) for line in lines if line.kind in ("domain", "url")}
    return "unicode" if "unicode" in styles and "punycode" not in styles else "punycode"


def _removal_matches(spec: str, line: DisavowLine) -> bool:
    target = spec.strip()
    if target.startswith("#") or line.kind not in ("domain", "url"):
        return line.text.strip() == target
    parsed = _classify(0, target)
    if parsed.kind == "invalid" and normalise_host(target):
        parsed = _classify(0, DOMAIN_PREFIX + target)
    return parsed.key is not None and parsed.key == line.key


@dataclass(frozen=True)
class _Candidate:
    line: str
    key: str
    host: str
    kind: LineKind


def build_disavow(
    decisions: pd.DataFrame,
    *,
    existing: DisavowFile | None = None,
    site: str | None = None,
    allow: Iterable[str] = (),
    remove: Iterable[str] = (),
    accept_suggestions: bool = False,
    force_platforms: bool = False,
    today: date | None = None,
) -> DisavowResult:
    """Build a disavow file from review decisions, merged into an existing file.

    Parameters
    ----------
    decisions
        Rows read by :func:`toxicity.review.read_reviews`: ``domain``, ``decision`` and optionally
        ``url``, ``suggestion``, ``example_url``, ``source``, ``row``.
    existing
        The disavow file currently uploaded (an upload replaces it, so everything in it that should
        stay must be in the new file). Every line is kept verbatim unless ``remove`` names it.
    site
        The audited site: it and its subdomains are never disavowed (refused, reported).
    allow
        Registrable domains never to disavow (refused, reported).
    remove
        Existing lines to drop: ``domain:x``, a URL, a bare host (meaning ``domain:host``) or the
        exact text of a comment.
    accept_suggestions
        Also disavow rows whose ``suggestion`` is ``disavow`` and whose decision is blank. A human
        ``keep`` always wins. A suggested platform (``wordpress.com``) is refused.
    force_platforms
        Write ``domain:<platform>`` for rows marked disavow that name a whole platform the PSL lacks
        (``wordpress.com``), disavowing every site on it. Without it such rows raise
        :class:`DisavowError`. Platforms on the PSL (``blogspot.com``) are refused either way.
    today
        Date for the comment header (default: today).

    Raises
    ------
    DisavowError
        ``remove`` names a line the existing file does not have, ``site`` is not a host name, or
        rows marked disavow name a whole platform (and ``force_platforms`` is false).

    Examples
    --------
    >>> reviews = pd.DataFrame({"domain": ["spam.example", "good.example", "co.uk"],
    ...                         "decision": ["disavow", "keep", "disavow"]})
    >>> result = build_disavow(reviews, existing=parse_disavow("domain:old.example\\n"), today=date(2026, 11, 22))
    >>> print(result.text, end="")
    domain:old.example
    <BLANKLINE>
    # toxicity 0.1.0, 2026-11-22: added 1 domain, 0 URLs
    domain:spam.example
    >>> [str(r) for r in result.refused]
    ["'co.uk' is a public suffix shared by many unrelated sites; mark the sites under it instead"]
    >>> build_disavow(pd.DataFrame({"domain": ["wordpress.com"], "decision": ["disavow"]}))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    toxicity.errors.DisavowError: 1 row marked disavow names a whole blog or hosting platform: wordpress.com; ...
    """
    old_lines = list(existing.lines) if existing else []
    dropped = _removed_lines(old_lines, list(remove), existing.name if existing else "")
    kept_lines = [line for line in old_lines if line.number not in dropped]
    removed_keys = {line.key for line in old_lines if line.key and line.number in dropped}
    site_domain = _site_domain(site)
    allow_set = {normalise_host(a.strip()) or a.strip().lower() for a in allow}
    result = DisavowResult(lines=[])
    style = _existing_style(kept_lines)

    candidates: list[_Candidate] = []
    platform_rows: list[tuple[str, str]] = []
    for value, is_url, example, where, decided in _selected(decisions, accept_suggestions, result.refused):
        platform = None if is_url else _named_platform(value)
        if platform and not decided:
            result.refused.append(Refusal(value, f"is a whole platform shared by many sites; a suggestion never "
                                                 f"disavows it: mark the site on it instead, like spam.{platform}",
                                          where))
            continue
        if platform and not force_platforms:
            platform_rows.append((where, platform))
            continue
        for cand_or_reason in _candidates(value, is_url, example, style, force_platforms):
            if isinstance(cand_or_reason, str):
                result.refused.append(Refusal(value, cand_or_reason, where))
                continue
            cand = cand_or_reason
            reason = _refusal_reason(cand, site_domain, allow_set, removed_keys)
            if reason:
                result.refused.append(Refusal(value, reason, where))
            else:
                candidates.append(cand)
    if platform_rows:
        raise DisavowError(_platform_message(platform_rows))
    result.kept_platforms = [line for line in kept_lines if line.kind == "domain" and line.host in extra_suffixes()]

    present_keys = {line.key for line in kept_lines if line.key}
    domains = {line.host for line in kept_lines if line.kind == "domain" and line.host}
    new_domains: list[_Candidate] = []
    new_urls: list[_Candidate] = []
    for cand in sorted(candidates, key=lambda c: (c.kind != "domain", len(c.host), c.key)):
        covered = _covering_domain(cand.host, domains, include_self=cand.kind == "url")
        if cand.key in present_keys or covered is not None:
            result.folded += 1
            continue
        present_keys.add(cand.key)
        if cand.kind == "domain":
            domains.add(cand.host)
            new_domains.append(cand)
        else:
            new_urls.append(cand)

    result.kept = sum(1 for line in kept_lines if line.kind in ("domain", "url"))
    result.removed = len(dropped)
    result.added_domains, result.added_urls = len(new_domains), len(new_urls)
    lines = [line.text for line in kept_lines]
    if result.added or result.removed:
        if lines and lines[-1].strip():
            lines.append("")
        lines.append(_header(result, decisions, today or date.today()))
        lines.extend(c.line for c in sorted(new_domains, key=lambda c: c.key))
        lines.extend(c.line for c in sorted(new_urls, key=lambda c: c.key))
    result.lines = lines
    logger.info("disavow built: %d added, %d kept, %d removed, %d folded, %d refused",
                result.added, result.kept, result.removed, result.folded, len(result.refused))
    return result


def _removed_lines(lines: list[DisavowLine], remove: list[str], name: str) -> set[int]:
    """Line numbers of ``lines`` that the ``remove`` specs name; a spec naming nothing is an error."""
    dropped: set[int] = set()
    for spec in remove:
        hits = [line.number for line in lines if _removal_matches(spec, line)]
        if not hits:
            raise DisavowError(
                f"--remove {spec.strip()[:80]!r} matches no line of {name or 'the existing file'}; check the "
                f"spelling (entries look like domain:example.com or https://example.com/page)"
            )
        dropped.update(hits)
    return dropped


def _site_domain(site: str | None) -> str | None:
    if not site:
        return None
    m = _URL_RE.fullmatch(site.strip())
    host = normalise_host(m.group("host") if m else site.strip())
    if host is None:
        raise DisavowError(f"--site {site[:80]!r} is not a host name; pass the audited site like example.com")
    return registrable_domain(host)


def _selected(
    decisions: pd.DataFrame, accept_suggestions: bool, refused: list[Refusal]
) -> list[tuple[str, bool, str, str, bool]]:
    """(value, is it a URL, example URL, where, marked by a human) of each key to disavow.

    Keys decided both ways are refused.
    """
    n = len(decisions)

    def column(name: str) -> list[str]:
        if name not in decisions.columns:
            return [""] * n
        return ["" if pd.isna(v) else str(v) for v in decisions[name]]

    domains, urls, verdicts = column("domain"), column(URL_COLUMN), column("decision")
    suggestions, examples = column("suggestion"), column("example_url")
    sources, rows = column("source"), column("row")
    by_key: dict[tuple[str, str], list[int]] = {}
    for i in range(n):
        by_key.setdefault(decision_key(domains[i], urls[i]), []).append(i)
    selected: list[tuple[str, bool, str, str, bool]] = []
    for positions in by_key.values():
        said = {verdicts[i] for i in positions} - {""}
        first = positions[0]
        where = f"{sources[first]} row {rows[first]}".strip() if sources[first] else ""
        value = urls[first] or domains[first]
        if said == {"disavow", "keep"}:
            refused.append(Refusal(value, "is marked both disavow and keep; decide once", where))
        elif said == {"disavow"} or (
            accept_suggestions and not said and any(suggestions[i].strip().lower() == "disavow" for i in positions)
        ):
            is_url = bool(urls[first].strip())
            selected.append((value, is_url, "" if is_url else examples[first], where, bool(said)))
    return selected


def _named_platform(value: str) -> str | None:
    """The platform that a selected domain value names as a whole (``wordpress.com``), or ``None``."""
    text = value.strip()
    if "://" in text:
        return None
    host = normalise_host(text[len(DOMAIN_PREFIX):] if text.lower().startswith(DOMAIN_PREFIX) else text)
    return host if host and is_platform(host) else None


def _platform_message(rows: list[tuple[str, str]]) -> str:
    """The error for review rows marked disavow that name a whole platform: which rows, and the ways out."""
    named = [f"{where} ({platform})" if where else platform for where, platform in rows]
    shown = ", ".join(named[:5]) + (f" and {len(named) - 5} more" if len(named) > 5 else "")
    first = rows[0][1]
    one = len(rows) == 1
    text = (
        f"{len(rows)} row{'' if one else 's'} marked disavow name{'s' if one else ''} a whole blog or hosting "
        f"platform: {shown}; domain:{first} would disavow every site on {first}. Disavow the site itself "
        f"instead: put its own host in the domain column (like spam.{first}, written as domain:spam.{first}) "
        f"or list its URLs; or mark the row keep"
    )
    forcible = {platform for _, platform in rows if platform in extra_suffixes()}
    if forcible:
        never = sorted({platform for _, platform in rows} - forcible)
        text += "; or pass --force-platforms if you really mean the whole platform"
        if never:
            text += f" (never possible for {', '.join(never)}, on the Public Suffix List)"
    return text


def _candidates(
    value: str, is_url: bool, example: str, style: str, force_platforms: bool = False
) -> list[_Candidate | str]:
    """Disavow lines for one selected value (a URL, a domain, or an IP host); a str is a refusal reason.

    A platform the PSL lacks (``wordpress.com``) is a suffix too, written only with ``force_platforms``.
    """
    text = value.strip()
    if is_url or "://" in text:
        return [_url_candidate(text, style)]
    if _SPACE_RE.search(text) or _CONTROL_RE.search(text):
        return ["contains a space or control character, so it is not a domain name"]
    host = normalise_host(text[len(DOMAIN_PREFIX):] if text.lower().startswith(DOMAIN_PREFIX) else text)
    if host is None:
        return ["is not a valid domain name"]
    if is_ip_host(host):
        out: list[_Candidate | str] = [_url_candidate(f"http://{host}/", style)]
        ex = _url_parts(escape_url(example)) if example else None
        if ex and normalise_host(ex.group("host")) == host:
            out.append(_url_candidate(example, style))
        return out
    if is_public_suffix(host) and not (force_platforms and host in extra_suffixes()):
        return ["is a public suffix shared by many unrelated sites; mark the sites under it instead"]
    written = _to_unicode(host) if style == "unicode" else host
    return [_checked(DOMAIN_PREFIX + written, "domain")]


def _url_candidate(url: str, style: str) -> _Candidate | str:
    escaped = escape_url(url)
    m = _url_parts(escaped)
    if m is None:
        return "is not an http:// or https:// URL"
    host = normalise_host(m.group("host"))
    if host is None:
        return "has no valid host name"
    if "*" in escaped:
        return "contains *, which Google reads as a wildcard; mark the domain or list the exact URLs"
    if len(escaped) > MAX_URL_CHARS:
        return f"is longer than Google's {MAX_URL_CHARS:,} characters; mark the domain instead"
    written_host = _to_unicode(host) if style == "unicode" and not is_ip_host(host) else host
    start, end = m.span("host")
    return _checked(escaped[:start] + written_host + escaped[end:], "url")


def _checked(text: str, kind: LineKind) -> _Candidate | str:
    """Run a candidate line through the validator's own rules: a refusal reason if it breaks one."""
    line = _classify(0, text)
    errors = [p.message for p in line_problems(line) if p.severity == "error"]
    if errors or line.kind != kind or line.key is None or line.host is None:
        return f"would make an invalid line ({errors[0] if errors else 'unreadable'})"
    return _Candidate(text, line.key, line.host, kind)


def _refusal_reason(
    cand: _Candidate, site_domain: str | None, allow: set[str], removed_keys: set[str]
) -> str | None:
    domain = registrable_domain(cand.host)
    if site_domain and domain == site_domain:
        return "is the audited site (--site); it is never disavowed"
    if domain in allow or cand.host in allow:
        return "is on the allow list; it is never disavowed"
    if cand.key in removed_keys:
        return "was dropped with --remove in the same run"
    return None


def _header(result: DisavowResult, decisions: pd.DataFrame, day: date) -> str:
    def plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

    text = f"# toxicity {__version__}, {day.isoformat()}: added {plural(result.added_domains, 'domain')}, "
    text += plural(result.added_urls, "URL")
    sources = sorted({str(s) for s in decisions.get("source", pd.Series(dtype=str)).dropna() if str(s)})
    if sources:
        text += " from " + ", ".join(sources)
    if result.removed:
        text += f"; removed {plural(result.removed, 'line')}"
    # File names come from the user's disk and could hold anything: keep the header one clean line.
    return _CONTROL_RE.sub("?", _LINE_BREAK_RE.sub("?", text))


# --------------------------------------------------------------------------------------------- write


def write_disavow(result: DisavowResult, path: str | PathLike[str], *, force: bool = False) -> Path | None:
    """Validate and write ``result`` to ``path`` atomically; return the backup of a replaced file.

    The content is UTF-8 with ``\\n`` line ends and no byte-order mark. It goes to a temporary
    file in the same folder, which then replaces ``path`` in one step (:func:`os.replace`), so a
    crash never leaves a half-written file. A replaced file is first copied to
    ``<name>.<YYYYmmdd-HHMMSS>.bak`` beside it; backups are never overwritten.

    Raises
    ------
    OutputExistsError
        ``path`` exists and ``force`` is false.
    DisavowError
        The content breaks Google's rules (the first error is named); nothing is written.
    """
    target = Path(path)
    if target.exists() and not force:
        raise OutputExistsError(f"{target} exists; use --force to replace it (the old file is kept as a .bak backup)")
    data = result.text.encode("utf-8")
    problems = [p for p in validate_disavow(parse_disavow(data, name=target.name)) if p.severity == "error"]
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise DisavowError(
            f"refusing to write {target.name}: {problems[0]}{more}; fix the existing file's line or drop it "
            f"with --remove, then run again"
        )
    backup = _backup(target) if target.exists() else None
    with atomic_file(target, durable=True) as fh:
        fh.write(data)
    logger.info("wrote %s (%d lines, %d bytes)", target, len(result.lines), len(data))
    return backup


def _backup(target: Path) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = target.with_name(f"{target.name}.{stamp}.bak")
    counter = 1
    while backup.exists():
        counter += 1
        backup = target.with_name(f"{target.name}.{stamp}-{counter}.bak")
    backup.write_bytes(target.read_bytes())
    return backup
