"""``python -m toxicity`` runs the command line."""

from toxicity.cli import cli

cli()
