"""Build the labeled domain set in ``training_data/`` from the public lists in ``../shared/data``.

Run by developers only (never at run time, never by the tests), from the repository root::

    /work/venv/bin/python tools/build_training_data.py            # reads ../shared/data
    /work/venv/bin/python tools/build_training_data.py --data DIR --out training_data --seed 20260901

It writes, deterministically for a given seed, input files and Public Suffix List snapshot (the one bundled
with the installed ``tldextract``):

``training_data/domains.csv.gz``
    One row per labeled unit (a registrable domain, or a host when the label applies to one host only).
``training_data/conflicts.csv``
    Every candidate left out of ``domains.csv.gz`` because lists disagree or a clean candidate sits in a
    risky category, with the reason.
``training_data/MANIFEST.json``
    Counts, parameters, tool versions and the SHA-256 of each data file.
``training_data/DATASHEET.md``
    Sources, licences, attribution, label meaning, counts, overlaps and measured biases. Regenerated on each
    build, except the section between the ``simulated-link-context`` markers, which is kept as it stands so
    the model trainer's description of simulated link context survives a rebuild.

Labels are list membership at the domain level: ``1`` means "at least one public toxic list names this
domain", ``0`` means "an ordinary-site or popularity reference names it and no toxic list does". They are
not link-level human judgements. See the datasheet for what that implies.

Decisions (why, not what):

* A row is a *registrable domain* (PSL with private suffixes, so ``x.blogspot.com`` stays a site of its
  own) unless the listed host is a subdomain of a *shared parent*: a domain in the Majestic top 15k or a
  known blog / free-hosting platform (``x.wordpress.com``, ``x.free.fr``). Folding those into the parent
  would label ``wordpress.com`` toxic, or clash with the parent's clean entry; such rows keep ``host``.
* Every unit gets exactly one ``source`` (its owner), chosen by a fixed priority: small curated lists
  first, the big mixed lists last. ``source_group`` is derived from it, so a unit never sits in two
  cross-validation groups, and near-duplicate lists (the referrer-spam lists) share one group.
* A unit that is both toxic-listed and in a clean reference (Majestic top 15k or a clean UT1 category) is
  dropped from both sides and written to ``conflicts.csv``; so is a clean candidate that a risky category
  list (UT1 gambling/adult/..., blocklistproject scam/phishing/...) also names.
* The clean side is sampled: each clean list is capped (``CLEAN_CAP``) and the Majestic list more tightly
  (``POPULAR_CAP``), so ordinary small sites outnumber popular ones. Within a capped list, a unit's chance
  of being drawn is proportional to how much more common its TLD is on the toxic side than in the clean
  pool (clipped to ``TLD_WEIGHT_RANGE``), which narrows the TLD gap between the labels. The toxic side
  keeps every unit; ``weight`` caps the total weight of any one ``source_group`` at ``GROUP_WEIGHT_CAP``
  so one list cannot dominate training.

The code is in the package ``tools/training_set/``, one module per job: ``lists`` (reading the public
lists), ``labels`` (labeled rows, owners, conflicts, weights), ``sampling`` (the clean side), ``measures``
(figures), ``datasheet`` and ``manifest`` (the texts), ``writing`` (the files and the printed summary).
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from training_set.labels import build
from training_set.measures import statistics
from training_set.sampling import DEFAULT_SEED
from training_set.writing import summary, write_outputs


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: build, write, print a summary."""
    repo = Path(__file__).resolve().parent.parent
    ap = argparse.ArgumentParser(
        description=(__doc__ or "").split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument(
        "--data",
        type=Path,
        default=repo.parent / "shared" / "data",
        help="folder with labels/ and reference/ (default: ../shared/data from the repo root)",
    )
    ap.add_argument("--out", type=Path, default=repo / "training_data", help="output folder")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED, help="sampling seed")
    ap.add_argument("-v", "--verbose", action="store_true", help="log per-list counts")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s")
    if not (args.data / "labels").is_dir() or not (args.data / "reference").is_dir():
        print(
            f"error: {args.data} has no labels/ and reference/ folders; pass --data PATH to the shared data",
            file=sys.stderr,
        )
        return 2
    result = build(args.data, args.seed)
    stats = statistics(result, args.seed)
    manifest = write_outputs(args.out, result, stats, args.data, args.seed)
    print(summary(manifest, stats))
    return 0


if __name__ == "__main__":
    sys.exit(main())
