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

The audited site, its subdomains and its registrable domain are never written, from any row (a URL
row on the site included); such rows are refused with ``code == "site"``. Lines of the existing file
that name the site are kept (nothing of the old file is lost) and reported in
:attr:`DisavowResult.kept_site`. :func:`audited_site` finds the site an audit was scored for in the
``summary.json`` beside its review sheet, so it is protected without being typed again.

Whole platforms and popular sites: a review row marked disavow that names a platform itself
(``wordpress.com``, ``blogspot.com``: :func:`toxicity.domains.is_platform`), or a domain of a popular
site (``google.com``, ``maps.google.com``: :func:`toxicity.lookups.popularity_rank`, the sites that
scoring never suggests disavowing), stops the build with one :class:`DisavowError` naming the rows:
``domain:<platform>`` would disavow every site on it, and a popular site is almost never the source
of a toxic link; the fix is to unmark the row, mark the blog (``spam.wordpress.com``) or list the
URLs. ``allow_popular`` writes the lines anyway (except platforms on the PSL, which Google cannot
take). A URL row on a popular site is written (it disavows one page); a *suggested* platform or
popular site is refused, never an error. Lines of the existing file that name a platform are kept
as they are (reported in :attr:`DisavowResult.kept_platforms`).

Encodings: an existing file saved as UTF-16 (Notepad's "Unicode") is read as UTF-16, so no line of it
is lost (:attr:`DisavowFile.encoding`); :func:`validate_disavow` reports it, since Google reads UTF-8,
and :func:`write_disavow` always writes UTF-8.

Hostile input: a domain that is not a valid host name is refused (counted and reported, never
written). URLs are stripped of surrounding whitespace and have interior whitespace and control
characters percent-encoded (:func:`toxicity.review.escape_url`), which names the same page; then
they must pass the same checks as :func:`validate_disavow`, or they are refused. No value can
therefore add a line. IP hosts cannot take ``domain:`` (Google documents it for domain names), so a
disavowed IP becomes the URL line ``http://IP/`` plus the sheet's example URL on that IP.
"""

from __future__ import annotations

import json
import logging
import math
import re
import stat
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from os import PathLike
from pathlib import Path
from typing import Final, Literal

import pandas as pd

from toxicity import __version__
from toxicity.cells import escape_url
from toxicity.domains import (
    extra_suffixes,
    host_of_url,
    is_ip_host,
    is_platform,
    is_public_suffix,
    normalise_host,
    parse_site,
    public_suffix,
    site_of,
)
from toxicity.errors import DisavowError, InputFileError, OutputExistsError, SiteError
from toxicity.files import atomic_file
from toxicity.lookups import popularity_rank
from toxicity.review.decisions import decision_key
from toxicity.review.sheets import URL_COLUMN
from toxicity.verdict.scale import DISAVOW, KEEP

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
    """The file starts with a UTF-8 byte-order mark."""
    undecodable: tuple[tuple[int, str], ...] = ()
    """(line number, description) of lines that are not valid in the file's encoding."""
    encoding: str = "utf-8"
    """``utf-8``, or ``utf-16-le`` / ``utf-16-be`` for a file saved as UTF-16 ("Unicode" in Notepad),
    which is read as such: Google wants UTF-8, but nothing of an old file is lost by decoding it."""

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


RefusalCode = Literal["", "site", "allow"]


@dataclass(frozen=True)
class Refusal:
    """A value marked for disavowal that was not written, and why."""

    value: str
    reason: str
    where: str = ""
    """Where the value came from, like ``review.csv row 12``."""
    code: RefusalCode = ""
    """``site`` for the audited site, ``allow`` for the allow list, else ``""``."""

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
    kept_site: list[DisavowLine] = field(default_factory=list)
    """Kept lines of the existing file that disavow the audited site or a page of it."""

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
        host = normalise_host(stripped[len(DOMAIN_PREFIX) :]) if not _SPACE_RE.search(stripped) else None
        key = DOMAIN_PREFIX + host if host else None
        return DisavowLine(number, text, "domain" if host else "invalid", key, host)
    m = _url_parts(stripped)
    if m:
        host = normalise_host(m.group("host"))
        # A line a browser reads with another host (``http://site.com\\@evil.com/`` goes to site.com) is
        # not an entry: disavowing the host our pattern saw would name the wrong site.
        if host and host_of_url(stripped) == host:
            key = (
                f"{m.group('scheme').lower()}://{m.group('userinfo') or ''}{host}"
                f"{m.group('port') or ''}{m.group('rest')}"
            )
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
    encoding = _utf16_encoding(data)
    has_bom = data.startswith(b"\xef\xbb\xbf")
    body = data[3:] if has_bom else data
    cut = ""
    if encoding != "utf-8":
        # A BOM picks the byte order and is dropped by the "utf-16" codec; surrogatepass keeps a
        # lone surrogate as bytes that the line loop below reports instead of dropping.
        even = data[: len(data) - len(data) % 2]
        body = even.decode("utf-16" if data[:2] in _UTF16_BOMS else encoding, "surrogatepass").encode(
            "utf-8", "surrogatepass"
        )
        if len(data) % 2:
            cut = f"last byte 0x{data[-1]:02x} is half a character: the file is cut off"
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
    if cut:
        undecodable.append((max(len(lines), 1), cut))
    return DisavowFile(label, tuple(lines), len(data), has_bom, tuple(undecodable), encoding)


_UTF16_BOMS: Final = {b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}


def _utf16_encoding(data: bytes) -> str:
    """``utf-16-le`` or ``utf-16-be`` if ``data`` looks like UTF-16 text, else ``utf-8``.

    A byte-order mark decides; without one, the NUL bytes do: mostly-ASCII text in UTF-16 has a NUL
    in (nearly) every second byte and almost none in the others, which UTF-8 text never has.
    """
    if data[:2] in _UTF16_BOMS:
        return _UTF16_BOMS[data[:2]]
    from toxicity.io.source import utf16_without_bom

    return utf16_without_bom(data) or "utf-8"


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
        return stripped[len(DOMAIN_PREFIX) :]
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
        problems.append(
            Problem(
                n,
                f"contains {_char_name(breaker.group())}, which some readers take for a "
                "line break; remove it",
            )
        )
    if line.kind == "blank":
        return problems
    if line.kind == "comment":
        control = _CONTROL_RE.search(text.replace("\t", " "))
        if control and not breaker:
            problems.append(
                Problem(n, f"comment contains {_char_name(control.group())}; remove it", "warning")
            )
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
        problems.append(
            Problem(
                n,
                f"a bare host is not an entry; write domain:{stripped} or a full URL "
                "starting with http:// or https://",
            )
        )
    else:
        problems.append(
            Problem(
                n,
                "neither a URL starting with http:// or https:// nor a domain: entry (comments start with #)",
            )
        )
    return problems


def _domain_problems(n: int, stripped: str) -> list[Problem]:
    prefix, value = stripped[: len(DOMAIN_PREFIX)], stripped[len(DOMAIN_PREFIX) :]
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
        return [
            *problems,
            Problem(
                n,
                "domain: cannot have a path (Google does not disavow subpaths); "
                "write domain:<host> or list each URL",
            ),
        ]
    if ":" in value and not value.startswith("["):
        return [*problems, Problem(n, "domain: cannot have a port; write domain:example.com")]
    if "*" in value:
        return problems  # already reported as a wildcard
    host = normalise_host(value)
    if host is None:
        return [*problems, Problem(n, f"{value[:80]!r} is not a valid host name")]
    if is_ip_host(host):
        problems.append(
            Problem(
                n,
                "domain: with an IP address; Google documents domain: for domain names: "
                f"list the URLs instead, like http://{host}/",
                "warning",
            )
        )
    elif host in extra_suffixes():
        problems.append(
            Problem(
                n,
                f"{host} is a whole blog or hosting platform: this line disavows every site "
                f"on it; if you meant one site, disavow it instead, like domain:spam.{host}",
                "warning",
            )
        )
    elif is_public_suffix(host):
        problems.append(
            Problem(
                n,
                f"{host} is a public suffix shared by many unrelated sites; disavow the "
                f"site itself, like domain:spam.{host}",
            )
        )
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
    >>> for p in validate_disavow(
    ...     parse_disavow("domain:blogspot.com\\nexample.com\\ndomain:a.com\\ndomain:a.com\\n")
    ... ):
    ...     print(p)
    line 1: error: blogspot.com is a public suffix shared by many unrelated sites; disavow the site itself, like domain:spam.blogspot.com
    line 2: error: a bare host is not an entry; write domain:example.com or a full URL starting with http:// or https://
    line 4: warning: duplicate of line 3
    """  # noqa: E501 (the expected output is compared exactly)
    problems: list[Problem] = []
    if file.size_bytes > MAX_BYTES:
        problems.append(
            Problem(
                0,
                f"{file.size_bytes:,} bytes, over Google's limit of 2 MB ({MAX_BYTES:,} bytes); "
                "fold URLs into domain: lines or split the work",
            )
        )
    if len(file.lines) > MAX_LINES:
        problems.append(
            Problem(
                MAX_LINES + 1,
                f"{len(file.lines):,} lines, over Google's limit of {MAX_LINES:,} "
                "(comments and blank lines count)",
            )
        )
    if file.encoding != "utf-8":
        problems.append(
            Problem(
                0,
                f"the file is {_encoding_name(file.encoding)} text; Google reads UTF-8 (or 7-bit "
                "ASCII): save it as UTF-8 (in Notepad: File, Save as, Encoding: UTF-8)",
            )
        )
    if file.has_bom:
        problems.append(
            Problem(1, "starts with a UTF-8 byte-order mark; save as UTF-8 without BOM", "warning")
        )
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
            problems.append(
                Problem(
                    line.number,
                    f"not valid {_encoding_name(file.encoding)} "
                    f"({undecodable[line.number]}); save the file as UTF-8",
                )
            )
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
            problems.append(
                Problem(line.number, f"already covered by domain:{cover} on line {domains[cover]}", "warning")
            )
    if styles["unicode"] and styles["punycode"]:
        minority, majority = sorted(styles.values(), key=len)
        other = "Unicode" if minority is styles["punycode"] else "punycode"
        for number in minority:
            problems.append(
                Problem(
                    number,
                    f"IDN spelled differently from line {majority[0]}, which uses {other}; "
                    "use one spelling throughout",
                    "warning",
                )
            )
    problems.sort(key=lambda p: p.line)
    return problems


def _encoding_name(encoding: str) -> str:
    """``UTF-16`` for ``utf-16-le``: the name a text editor shows."""
    return encoding.upper().removesuffix("-LE").removesuffix("-BE")


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
    allow_popular: bool = False,
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
        The audited site (a host or URL; see :func:`audited_site`): it, its subdomains and its
        registrable domain are never disavowed (refused with ``code == "site"``).
    allow
        Registrable domains never to disavow (refused, reported).
    remove
        Existing lines to drop: ``domain:x``, a URL, a bare host (meaning ``domain:host``) or the
        exact text of a comment.
    accept_suggestions
        Also disavow rows whose ``suggestion`` is ``disavow`` and whose decision is blank. A human
        ``keep`` always wins. A suggested platform (``wordpress.com``) or popular site is refused.
    allow_popular
        Write ``domain:`` lines for rows marked disavow that name a popular site (``google.com``) or
        a whole platform the PSL lacks (``wordpress.com``, disavowing every site on it). Without it
        such rows raise :class:`DisavowError`. Platforms on the PSL (``blogspot.com``) are refused
        either way.
    force_platforms
        The former name of ``allow_popular``, still accepted.
    today
        Date for the comment header (default: today).

    Raises
    ------
    DisavowError
        ``remove`` names a line the existing file does not have, ``site`` is not a host name, or
        rows marked disavow name a popular site or a whole platform (and ``allow_popular`` is false).

    Examples
    --------
    >>> reviews = pd.DataFrame({"domain": ["spam.example", "good.example", "co.uk"],
    ...                         "decision": ["disavow", "keep", "disavow"]})
    >>> result = build_disavow(
    ...     reviews, existing=parse_disavow("domain:old.example\\n"), today=date(2026, 11, 22)
    ... )
    >>> print(result.text, end="")
    domain:old.example
    <BLANKLINE>
    # toxicity 0.1.0, 2026-11-22: added 1 domain, 0 URLs
    domain:spam.example
    >>> [str(r) for r in result.refused]
    ["'co.uk' is a public suffix shared by many unrelated sites; mark the sites under it instead"]
    >>> build_disavow(
    ...     pd.DataFrame({"domain": ["wordpress.com"], "decision": ["disavow"]})
    ... )  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    toxicity.errors.DisavowError: 1 row marked disavow names a whole blog or hosting platform: wordpress.com; ...
    """  # noqa: E501 (the expected output is compared exactly)
    old_lines = list(existing.lines) if existing else []
    dropped = _removed_lines(old_lines, list(remove), existing.name if existing else "")
    kept_lines = [line for line in old_lines if line.number not in dropped]
    removed_keys = {line.key for line in old_lines if line.key and line.number in dropped}
    site_domain = _site_domain(site)
    allow_set = {normalise_host(a.strip()) or a.strip().lower() for a in allow}
    result = DisavowResult(lines=[])
    style = _existing_style(kept_lines)

    allow_popular = allow_popular or force_platforms
    candidates: list[_Candidate] = []
    special_rows: list[_Special] = []
    for value, is_url, example, where, decided in _selected(decisions, accept_suggestions, result.refused):
        special = None if is_url else _named_special(value, site_domain, allow_set, where)
        if special and not decided:
            result.refused.append(Refusal(value, special.suggestion_refusal(), where))
            continue
        if special and not allow_popular:
            special_rows.append(special)
            continue
        for cand_or_reason in _candidates(value, is_url, example, style, allow_popular):
            if isinstance(cand_or_reason, str):
                result.refused.append(Refusal(value, cand_or_reason, where))
                continue
            cand = cand_or_reason
            refusal = _protected(cand, site_domain, allow_set, removed_keys)
            if refusal:
                result.refused.append(Refusal(value, refusal[1], where, refusal[0]))
            else:
                candidates.append(cand)
    if special_rows:
        raise DisavowError(_special_message(special_rows))
    result.kept_platforms = [
        line for line in kept_lines if line.kind == "domain" and line.host in extra_suffixes()
    ]
    result.kept_site = [
        line for line in kept_lines if site_domain and line.host and site_of(line.host) == site_domain
    ]

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
    logger.info(
        "disavow built: %d added, %d kept, %d removed, %d folded, %d refused",
        result.added,
        result.kept,
        result.removed,
        result.folded,
        len(result.refused),
    )
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


def _site_domain(site: str | None, origin: str = "--site") -> str | None:
    """The registrable domain of the audited site given as a host or URL (``None`` if not given)."""
    if not site:
        return None
    try:
        host = parse_site(site)
    except SiteError as exc:
        if origin == "--site":
            raise
        raise SiteError(f"{origin}: {exc}") from None
    return site_of(host)


def audited_site(reviews: Iterable[str | PathLike[str]], site: str | None = None) -> tuple[str | None, str]:
    """The site to protect, and where it comes from: ``site``, or the audit the review sheets belong to.

    ``toxicity score ... -o audit/`` records the site it scored for (given with ``--site`` or inferred
    from the target URLs) in ``audit/summary.json``; a review sheet in that folder names it, so the
    site is protected without being typed again.

    Parameters
    ----------
    reviews
        The review sheets (``audit/review.csv``); each one's folder is searched for ``summary.json``.
    site
        The site given by the user (``--site``), or ``None``.

    Returns
    -------
    (site, origin)
        The registrable domain of the site (``None`` if neither the user nor any audit names one) and
        ``--site`` or the path of the ``summary.json`` it was read from.

    Raises
    ------
    DisavowError
        ``site`` differs from the site of an audit, the sheets come from audits of different sites,
        a site is not a host name, or a summary cannot be read (and no ``site`` was given).

    Examples
    --------
    >>> audited_site([], "https://www.example.com/")
    ('example.com', '--site')
    """
    given = _site_domain(site)
    found: dict[str, Path] = {}
    for summary in dict.fromkeys(Path(review).parent / "summary.json" for review in reviews):
        recorded = _summary_site(summary, required=given is None) if summary.is_file() else None
        if recorded is not None:
            found.setdefault(recorded, summary)
    if given is not None:
        other = next(((d, p) for d, p in found.items() if d != given), None)
        if other is not None:
            domain, path = other
            raise DisavowError(
                f"--site {str(site).strip()[:80]} differs from the site the audit was scored for, {domain} "
                f"(in {path}); pass --site {domain}, or leave --site out to use it; if the audit was scored "
                f"for the wrong site, score it again with --site {given}"
            )
        return given, "--site"
    if len(found) > 1:
        named = ", ".join(f"{domain} (in {path})" for domain, path in found.items())
        raise DisavowError(
            f"the review sheets come from audits of different sites: {named}; write one disavow file per "
            f"site (run toxicity disavow once for each audit)"
        )
    if found:
        domain, path = next(iter(found.items()))
        return domain, str(path)
    return None, ""


def _summary_site(path: Path, *, required: bool) -> str | None:
    """The site recorded in an audit's ``summary.json``; ``None`` if it records none.

    A summary that cannot be read, or whose site is not a host name, is an error when ``required``
    (no ``--site`` was given: the site would go unprotected), else it is passed over.
    """
    fix = "pass the audited site with --site example.com, or score the audit again"
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
        site = data.get("site") if isinstance(data, dict) else None
        if site is not None and not isinstance(site, str):
            raise DisavowError(f"{path} records no readable site (its site is {str(site)[:40]!r}); {fix}")
        return _site_domain(site, f"the site in {path}") if site else None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, DisavowError) as exc:
        if not required:
            return None
        if isinstance(exc, DisavowError):
            raise
        reason = exc.strerror if isinstance(exc, OSError) else "not valid JSON"
        raise DisavowError(f"cannot read the audited site from {path} ({reason}); {fix}") from None


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
        where = f"{sources[first]} row {rows[first]}" if sources[first] and rows[first] else sources[first]
        value = urls[first] or domains[first]
        if said == {DISAVOW, KEEP}:
            refused.append(Refusal(value, "is marked both disavow and keep; decide once", where))
        elif said == {DISAVOW} or (
            accept_suggestions
            and not said
            and any(suggestions[i].strip().lower() == DISAVOW for i in positions)
        ):
            is_url = bool(urls[first].strip())
            selected.append((value, is_url, "" if is_url else examples[first], where, bool(said)))
    return selected


@dataclass(frozen=True)
class _Special:
    """A domain row naming a whole platform or a popular site: written only with ``allow_popular``."""

    where: str
    host: str
    kind: Literal["platform", "popular"]
    popular: str = ""
    """The popular name the host falls under (``google.com`` for ``maps.google.com``)."""
    rank: int = 0

    def suggestion_refusal(self) -> str:
        if self.kind == "platform":
            return (
                f"is a whole platform shared by many sites; a suggestion never disavows it: mark the site on "
                f"it instead, like spam.{self.host}"
            )
        return (
            "is a popular site; a suggestion never disavows it: mark the row disavow yourself and pass "
            "--allow-popular if you really mean the whole domain"
        )


def _named_special(value: str, site_domain: str | None, allow: set[str], where: str) -> _Special | None:
    """Whether a selected domain value names a whole platform or a popular site, and which.

    The audited site and the allow list come first: such a row is refused, never an error.
    """
    text = value.strip()
    if "://" in text:
        return None
    host = normalise_host(text[len(DOMAIN_PREFIX) :] if text.lower().startswith(DOMAIN_PREFIX) else text)
    if host is None or is_ip_host(host):
        return None
    site = site_of(host)
    if site == site_domain or site in allow or host in allow:
        return None
    if is_platform(host):
        return _Special(where, host, "platform")
    # The popularity list holds registrable domains and a few hosts (sites.google.com): try both.
    names = [host, *([site] if site != host else [])]
    ranks = popularity_rank(names)
    for name, rank in zip(names, ranks.tolist()):
        if not math.isnan(rank):
            return _Special(where, host, "popular", name, int(rank))
    return None


def _special_message(rows: list[_Special]) -> str:
    """The error for rows marked disavow that name a platform or a popular site: which, and the ways out."""
    named = [f"{row.where} ({row.host})" if row.where else row.host for row in rows]
    shown = ", ".join(named[:5]) + (f" and {len(named) - 5} more" if len(named) > 5 else "")
    platform = next((row for row in rows if row.kind == "platform"), None)
    popular = next((row for row in rows if row.kind == "popular"), None)
    what = " or ".join(
        ([] if popular is None else ["a popular site"])
        + ([] if platform is None else ["a whole blog or hosting platform"])
    )
    one = len(rows) == 1
    text = f"{len(rows)} row{'' if one else 's'} marked disavow name{'s' if one else ''} {what}: {shown}"
    if platform is not None:
        p = platform.host
        text += (
            f"; domain:{p} would disavow every site on {p}: disavow the site itself instead (put its own "
            f"host in the domain column, like spam.{p}, written as domain:spam.{p}) or list its URLs"
        )
    if popular is not None:
        text += (
            f"; {popular.popular} is a popular site (top {popular.rank:,} by referring subnets), which "
            "scoring never suggests disavowing: if one of its pages links to you, list that URL instead"
        )
    text += f". Unmark {'this row' if one else 'these rows'} (write keep, or clear the decision)"
    # Google cannot take a public suffix: no flag writes domain:blogspot.com.
    never = sorted({row.host for row in rows if row.kind == "platform" and row.host not in extra_suffixes()})
    if len(never) < len(rows):
        text += ", or pass --allow-popular if you really mean the whole domain"
        if never:
            text += f" (never possible for {', '.join(never)}, on the Public Suffix List)"
    return text


def _candidates(
    value: str, is_url: bool, example: str, style: str, allow_popular: bool = False
) -> list[_Candidate | str]:
    """Disavow lines for one selected value (a URL, a domain, or an IP host); a str is a refusal reason.

    A platform the PSL lacks (``wordpress.com``) is a suffix too, written only with ``allow_popular``.
    """
    text = value.strip()
    if is_url or "://" in text:
        return [_url_candidate(text, style)]
    if _SPACE_RE.search(text) or _CONTROL_RE.search(text):
        return ["contains a space or control character, so it is not a domain name"]
    host = normalise_host(text[len(DOMAIN_PREFIX) :] if text.lower().startswith(DOMAIN_PREFIX) else text)
    if host is None:
        return ["is not a valid domain name"]
    if is_ip_host(host):
        out: list[_Candidate | str] = [_url_candidate(f"http://{host}/", style)]
        ex = _url_parts(escape_url(example)) if example else None
        if ex and normalise_host(ex.group("host")) == host:
            out.append(_url_candidate(example, style))
        return out
    if is_public_suffix(host) and not (allow_popular and host in extra_suffixes()):
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


def _protected(
    cand: _Candidate, site_domain: str | None, allow: set[str], removed_keys: set[str]
) -> tuple[RefusalCode, str] | None:
    """(code, reason) if ``cand`` must not be written: the audited site, the allow list, or removed now."""
    domain = site_of(cand.host)
    if site_domain and domain == site_domain:
        return "site", f"is the audited site {site_domain}; it is never disavowed"
    if domain in allow or cand.host in allow:
        return "allow", "is on the allow list; it is never disavowed"
    if cand.key in removed_keys:
        return "", "was dropped with --remove in the same run"
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
    crash or a full disk never leaves a half-written file. A replaced file is first copied to
    ``<name>.<YYYYmmdd-HHMMSS>.bak`` beside it, the same way (atomically, with the file's own
    permissions); backups are never overwritten. A replaced file keeps its permissions, and a
    symbolic link is written through: the file it points to gets the new content.

    Raises
    ------
    OutputExistsError
        ``path`` exists and ``force`` is false.
    DisavowError
        The content breaks Google's rules (the first error is named), or the system refused to
        write (a full disk, no permission: the OS reason is named); ``path`` is left as it was.
    """
    target = Path(path)
    if target.exists() and not force:
        raise OutputExistsError(
            f"{target} exists; use --force to replace it (the old file is kept as a .bak backup)"
        )
    data = result.text.encode("utf-8")
    problems = [p for p in validate_disavow(parse_disavow(data, name=target.name)) if p.severity == "error"]
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise DisavowError(
            f"refusing to write {target.name}: {problems[0]}{more}; fix the existing file's line or drop it "
            f"with --remove, then run again"
        )
    state = f"{target.name} is unchanged" if target.exists() else "nothing was written"
    fix = "free some space, or write the new file elsewhere with -o, then run again"
    backup = _backup(target, fix) if target.exists() else None
    try:
        with atomic_file(target, durable=True) as fh:
            fh.write(data)
    except OSError as exc:
        if backup is not None:
            # The file it copies is unchanged: the copy would only be clutter.
            backup.unlink(missing_ok=True)
        raise DisavowError(f"cannot write {target}: {_os_reason(exc)}; {state}: {fix}") from None
    logger.info("wrote %s (%d lines, %d bytes)", target, len(result.lines), len(data))
    return backup


def _os_reason(exc: OSError) -> str:
    """The OS's words for ``exc`` (``No space left on device``), without Python's decoration."""
    return exc.strerror or str(exc) or exc.__class__.__name__


def _backup(target: Path, fix: str) -> Path:
    """Copy ``target`` to a new ``<name>.<stamp>.bak`` beside it, atomically and with its permissions."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    backup = target.with_name(f"{target.name}.{stamp}.bak")
    counter = 1
    while backup.exists():
        counter += 1
        backup = target.with_name(f"{target.name}.{stamp}-{counter}.bak")
    try:
        old = target.read_bytes()
        # A backup of a private file stays private: it holds the same entries.
        with atomic_file(backup, durable=True, permissions=stat.S_IMODE(target.stat().st_mode)) as fh:
            fh.write(old)
    except OSError as exc:
        raise DisavowError(
            f"cannot back up {target} to {backup.name}: {_os_reason(exc)}; {target.name} is unchanged: {fix}"
        ) from None
    return backup
