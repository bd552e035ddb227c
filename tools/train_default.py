"""Rebuild the model shipped inside the package from ``training_data/``.

Run from the repository root (about two minutes on two cores)::

    python tools/build_training_data.py     # only to rebuild training_data/ from ../shared/data
    python tools/train_default.py           # writes toxicity/model/default/ and docs/MODEL_CARD.md

Options: ``--data`` (the domain set), ``--out`` (model folder), ``--card-doc`` (Markdown card),
``--seed``, ``--per-group`` (at most this many domains per label and source group; 0 = all).
The same data and seed give the same model and the same metrics.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from toxicity.model.evaluation import card_markdown, format_table, per_source_summary
from toxicity.model.store import save_model
from toxicity.model.training import file_sha256, find_training_data, load_domains, subsample, train_default

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--data", type=Path, default=ROOT / "training_data" / "domains.csv.gz")
    parser.add_argument("--out", type=Path, default=ROOT / "toxicity" / "model" / "default")
    parser.add_argument("--card-doc", type=Path, default=ROOT / "docs" / "MODEL_CARD.md")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--per-group", type=int, default=0)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    say = logging.getLogger("train_default").info

    data = find_training_data(args.data)
    domains = load_domains(data)
    if args.per_group:
        domains = subsample(domains, args.per_group, seed=args.seed)
    result = train_default(domains, seed=args.seed, progress=say, data_sha256=file_sha256(data))
    for stale in ("model.txt", "card.json"):
        (args.out / stale).unlink(missing_ok=True)
    save_model(result.model, args.out, result.card)
    args.card_doc.parent.mkdir(parents=True, exist_ok=True)
    args.card_doc.write_text(card_markdown(result.card), encoding="utf-8")
    print(format_table(per_source_summary(result.card)))
    print(
        f"thresholds {result.card.thresholds}; wrote {args.out} and {args.card_doc} in {result.seconds:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
