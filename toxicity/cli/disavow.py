"""Commands ``toxicity disavow`` (review sheets -> disavow.txt) and ``toxicity validate`` (check a file)."""

from __future__ import annotations

from pathlib import Path

import click

from toxicity.cli import cli
from toxicity.cli.options import site_option
from toxicity.errors import DisavowError

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


@cli.command("disavow")
@click.argument("reviews", nargs=-1, required=True, type=_FILE)
@click.option("--existing", type=_FILE, help="The disavow file uploaded now; every entry in it is kept.")
@site_option(
    "The audited site (example.com): never disavowed, nor its subdomains. Read from the "
    "audit's summary.json beside the review sheet when not given."
)
@click.option("--allow", "allow_file", type=_FILE, help="File of domains never to disavow, one per line.")
@click.option(
    "--remove",
    multiple=True,
    metavar="ENTRY",
    help="Drop this line of --existing (domain:x, a URL, or a comment's text). Repeatable.",
)
@click.option(
    "--accept-suggestions",
    is_flag=True,
    help="Also disavow undecided rows whose suggestion is disavow (a human keep always wins).",
)
@click.option(
    "--allow-popular",
    is_flag=True,
    help="Write domain: lines for rows marked disavow that name a popular site (google.com) or a whole "
    "blog or hosting platform (wordpress.com, disavowing every site on it). Without it such rows "
    "are an error.",
)
# The former name of --allow-popular, kept so that scripts written for it still run.
@click.option("--force-platforms", is_flag=True, hidden=True)
@click.option("--force", is_flag=True, help="Replace the output file if it exists (a .bak copy is kept).")
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The disavow file to write.",
)
def disavow_command(
    reviews: tuple[Path, ...],
    existing: Path | None,
    site: str | None,
    allow_file: Path | None,
    remove: tuple[str, ...],
    accept_suggestions: bool,
    allow_popular: bool,
    force_platforms: bool,
    force: bool,
    output: Path,
) -> None:
    """Write a Google disavow file from the rows a human marked disavow in REVIEW sheets.

    REVIEW is a review.csv or review.xlsx written by `toxicity score`, with its decision column filled
    (disavow or keep). Only rows marked disavow are written, unless --accept-suggestions is given.
    With --existing, every entry and comment of the current file is kept unless --remove names it.
    The audited site is never disavowed: --site, or the site the audit was scored for (read from
    summary.json in the review sheet's folder). A row naming a popular site (google.com) or a whole
    blog or hosting platform (wordpress.com, blogspot.com) is an error unless --allow-popular is
    given: mark the blog itself (spam.wordpress.com) or the URLs instead.

    Example: toxicity disavow audit/review.csv --existing disavow.txt --site example.com -o disavow-new.txt
    """
    from toxicity.disavow import audited_site, build_disavow, parse_disavow, write_disavow
    from toxicity.review import load_domain_list, read_reviews

    if output.exists() and not force:
        from toxicity.errors import OutputExistsError

        raise OutputExistsError(
            f"{output} exists; use --force to replace it (the old file is kept as a .bak backup)"
        )
    site_domain, site_origin = audited_site(reviews, site)
    decisions = read_reviews(reviews)
    old = parse_disavow(existing) if existing else None
    allow = load_domain_list(allow_file) if allow_file else frozenset()
    result = build_disavow(
        decisions,
        existing=old,
        site=site_domain,
        allow=allow,
        remove=remove,
        accept_suggestions=accept_suggestions,
        allow_popular=allow_popular or force_platforms,
    )
    if old is not None and old.encoding != "utf-8":
        encoding = old.encoding.upper().removesuffix("-LE").removesuffix("-BE")
        click.echo(
            f"Note: {old.name} is {encoding} text; it was read as such, and the new file is written as "
            f"UTF-8, which Google reads.",
            err=True,
        )
    for refusal in result.refused:
        if refusal.code != "site":
            click.echo(f"Refused: {refusal}", err=True)
    site_rows = [r for r in result.refused if r.code == "site"]
    if site_rows:
        # Values come from the sheet: repr keeps a hostile one on this line.
        named = [f"{r.where} ({r.value[:80]!r})" if r.where else repr(r.value[:80]) for r in site_rows]
        shown = ", ".join(named[:5]) + (f" and {len(named) - 5} more" if len(named) > 5 else "")
        one = len(site_rows) == 1
        click.echo(
            f"Warning: {len(site_rows)} row{'' if one else 's'} marked disavow "
            f"name{'s' if one else ''} the audited "
            f"site {site_domain} (from {site_origin}), which is never disavowed; not written: {shown}",
            err=True,
        )
    for line in result.kept_site:
        click.echo(
            f"Warning: {old.name if old else 'existing file'} line {line.number}: "
            f"{line.text.strip()} disavows the "
            f"audited site {site_domain}; kept as it is, like every line of the old file "
            f"(drop it with --remove "
            f"{line.key})",
            err=True,
        )
    for line in result.kept_platforms:
        click.echo(
            f"Warning: {old.name if old else 'existing file'} line {line.number}: "
            f"{line.text.strip()} disavows "
            f"every site on the platform {line.host}; kept as it is "
            f"(drop it with --remove {line.key} if you "
            f"meant one site)",
            err=True,
        )
    if result.added == 0 and result.removed == 0 and old is None:
        names = ", ".join(p.name for p in reviews)
        hint = "" if accept_suggestions else ", or pass --accept-suggestions"
        raise DisavowError(
            f"nothing to write: no row of {names} is marked disavow; fill the decision column with "
            f"disavow or keep{hint}"
        )
    backup = write_disavow(result, output, force=force)
    click.echo(
        f"Wrote {output}: added {result.added} ({_plural(result.added_domains, 'domain')}, "
        f"{_plural(result.added_urls, 'URL')}), kept {result.kept}, removed {result.removed}, "
        f"folded {result.folded}, refused {len(result.refused)}."
    )
    if backup is not None:
        click.echo(f"The previous file is kept as {backup}.")
    click.echo("Upload it in Search Console's disavow links tool; an upload replaces the previous file.")


@cli.command("validate")
@click.argument("path", type=_FILE)
def validate_command(path: Path) -> None:
    """Check a disavow file against Google's rules and list every problem with its line number.

    Exit code 0 if Google would accept the file (warnings such as duplicates are listed but allowed),
    1 if it has errors.

    Example: toxicity validate disavow.txt
    """
    from toxicity.disavow import is_valid, parse_disavow, validate_disavow

    parsed = parse_disavow(path)
    problems = validate_disavow(parsed)
    for problem in problems:
        click.echo(f"{path.name}:{problem}")
    errors = sum(1 for p in problems if p.severity == "error")
    warnings = len(problems) - errors
    if not is_valid(problems):
        raise DisavowError(
            f"{path.name} has {_plural(errors, 'error')} (listed above) that Google would "
            f"reject; fix those lines and run toxicity validate again"
        )
    entries = parsed.entries
    domains = sum(1 for e in entries if e.kind == "domain")
    click.echo(
        f"{path.name} is valid: {_plural(len(parsed.lines), 'line')}, {_plural(domains, 'domain')}, "
        f"{_plural(len(entries) - domains, 'URL')}, {_plural(parsed.size_bytes, 'byte')}"
        + (f"; {_plural(warnings, 'warning')} above" if warnings else "")
        + "."
    )
