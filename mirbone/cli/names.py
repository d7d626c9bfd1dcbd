"""``mirbone names``: normalise miRNA names to miRBase v22."""

from __future__ import annotations

import argparse

from mirbone.cli._common import add_output_options, emit_table, read_name_list


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
    parser.add_argument("names", nargs="*", metavar="NAME", help="miRNA names or accessions")
    parser.add_argument(
        "-i", "--input", metavar="FILE", help="file with one name per line (- = stdin)"
    )
    parser.add_argument(
        "--species", default="hsa", help="species for names without a prefix (hsa, mmu, rno)"
    )
    add_output_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Normalise the names and write the table."""
    from mirbone.names import normalize

    names = read_name_list(args.names, args.input, what="miRNA name")
    emit_table(normalize(names, species=args.species), args.output, force=args.force)
    return 0
