"""Commands ``toxicity disavow`` (review sheets -> disavow.txt) and ``toxicity validate`` (check a file)."""

from __future__ import annotations

from pathlib import Path

import click

from toxicity.cli import cli
from toxicity.errors import DisavowError

_FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


@cli.command("disavow")
@click.argument("reviews", nargs=-1, required=True, type=_FILE)
@click.option("--existing", type=_FILE, help="The disavow file uploaded now; every entry in it is kept.")
@click.option("--site", help="The audited site (example.com): never disavowed, nor its subdomains.")
@click.option("--allow", "allow_file", type=_FILE, help="File of domains never to disavow, one per line.")
@click.option("--remove", multiple=True, metavar="ENTRY",
              help="Drop this line of --existing (domain:x, a URL, or a comment's text). Repeatable.")
@click.option("--accept-suggestions", is_flag=True,
              help="Also disavow undecided rows whose suggestion is disavow (a human keep always wins).")
@click.option("--force-platforms", is_flag=True,
              help="Write domain:<platform> for rows marked disavow that name a whole blog or hosting platform "
                   "(wordpress.com), disavowing every site on it. Without it such rows are an error.")
@click.option("--force", is_flag=True, help="Replace the output file if it exists (a .bak copy is kept).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The disavow file to write.")
def disavow_command(
    reviews: tuple[Path, ...],
    existing: Path | None,
    site: str | None,
    allow_file: Path | None,
    remove: tuple[str, ...],
    accept_suggestions: bool,
    force_platforms: bool,
    force: bool,
    output: Path,
) -> None:
    """Write a Google disavow file from the rows a human marked disavow in REVIEW sheets.

    REVIEW is a review.csv or review.xlsx written by `toxicity score`, with its decision column filled
    (disavow or keep). Only rows marked disavow are written, unless --accept-suggestions is given.
    With --existing, every entry and comment of the current file is kept unless --remove names it.
    A row naming a whole blog or hosting platform (wordpress.com, blogspot.com) is an error: mark the
    blog itself (spam.wordpress.com) or its URLs.

    Example: toxicity disavow audit/review.csv --existing disavow.txt --site example.com -o disavow-new.txt
    """
    from toxicity.disavow import build_disavow, parse_disavow, write_disavow
    from toxicity.review import load_domain_list, read_reviews

    if output.exists() and not force:
        from toxicity.errors import OutputExistsError

        raise OutputExistsError(f"{output} exists; use --force to replace it (the old file is kept as a .bak backup)")
    decisions = read_reviews(reviews)
    old = parse_disavow(existing) if existing else None
    allow = load_domain_list(allow_file) if allow_file else frozenset()
    result = build_disavow(decisions, existing=old, site=site, allow=allow, remove=remove,
                           accept_suggestions=accept_suggestions, force_platforms=force_platforms)
    for refusal in result.refused:
        click.echo(f"Refused: {refusal}", err=True)
    for line in result.kept_platforms:
        click.echo(
            f"Warning: {old.name if old else 'existing file'} line {line.number}: {line.text.strip()} disavows "
            f"every site on the platform {line.host}; kept as it is (drop it with --remove {line.key} if you "
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
