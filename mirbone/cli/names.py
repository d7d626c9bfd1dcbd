"""``mirbone names``: normalise miRNA names to miRBase v22."""

from __future__ import annotations

import argparse

from mirbone.cli import _common as common


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``names`` subcommand."""
    parser = subparsers.add_parser(
        "names",
        help="normalise miRNA names, accessions and precursor names to miRBase v22",
        description=(
            "Normalise miRNA names to miRBase v22. Prints one row per input: "
            "input, mirna, accession, species, status, candidates."
        ),
    )
    common.add_name_inputs(parser, "names", "NAME", "miRNA")
    common.add_species_option(parser)
    common.add_output_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Normalise the names and write the table."""
    from mirbone.names import normalize

    names = common.read_name_list(args.names, args.input, what="miRNA name")
    common.emit_table(normalize(names, species=args.species), args.output, force=args.force)
    return 0
