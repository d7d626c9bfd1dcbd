"""``mirbone annotate``: gene symbols, aliases and IDs to current human gene annotation."""

from __future__ import annotations

import argparse
import sys

from mirbone._versions import HCOP, MOUSE_GENES, NCBI_GENE
from mirbone.cli import _common as common


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``annotate`` subcommand."""
    parser = subparsers.add_parser(
        "annotate",
        help="annotate gene symbols, aliases, Entrez and Ensembl IDs",
        description=(
            "Resolve genes to current symbol, Entrez ID, Ensembl IDs, name and type. Prints "
            "one row per input: query, symbol, entrez_id, ensembl, name, type, status. "
            f"Offline by default (bundled snapshots: human NCBI Gene {NCBI_GENE.date}, "
            f"mouse NCBI Gene {MOUSE_GENES.date}, rat genes with a human orthologue from "
            f"HCOP {HCOP.date}; each species' genes are looked up among that species' "
            "genes only); --online asks "
            "MyGene.info (URL from MIRBONE_MYGENE_URL, answers cached on disk). The snapshot "
            "also knows the names bone researchers use (ALP, TRAP, Osterix, M-CSF, c-Fms, "
            "...; resources/genes/bone_aliases.tsv): a name NCBI Gene lacks resolves to the "
            "bone gene (status alias); a name NCBI gives to another gene (TRAP) or to several "
            "(ALP) is ambiguous, with the bone gene listed first."
        ),
    )
    common.add_name_inputs(parser, "genes", "GENE", "gene")
    parser.add_argument(
        "--online", action="store_true", help="query MyGene.info instead of the snapshot"
    )
    parser.add_argument(
        "--fallback",
        action="store_true",
        help="with --online: use the snapshot when MyGene.info cannot be reached",
    )
    common.add_species_option(parser)  # each species in its own snapshot, or online
    parser.add_argument("--cache-dir", metavar="DIR", help="cache folder for MyGene.info answers")
    common.add_output_options(parser)
    # the library's source= is set by --online: its errors are worded with that option
    parser.set_defaults(func=run, option_of={"source": "--online"})


def run(args: argparse.Namespace) -> int:
    """Annotate the genes and write the table; the data source goes to stderr."""
    from mirbone.annotate import annotate

    genes = common.read_name_list(args.genes, args.input, what="gene")
    table = annotate(
        genes,
        source="mygene" if args.online else "snapshot",
        species=args.species,
        cache_dir=args.cache_dir,
        fallback=args.fallback,
    )
    common.emit_table(table, args.output, force=args.force)
    print(f"mirbone annotate: source: {table.source or 'unknown'}", file=sys.stderr)
    if table.note:  # what the offline snapshot lacks: online is --online here
        print(f"mirbone annotate: {table.note} (--online)", file=sys.stderr)
    bone = table.bone or {}
    candidates = table.candidates or {}
    for query, listed in candidates.items():
        meaning = f"; in bone biology {query} usually means {bone[query]}" if query in bone else ""
        print(
            f"mirbone annotate: {query} is ambiguous: {listed or 'several genes'}{meaning}; "
            "give one of them",
            file=sys.stderr,
        )
    resolved = dict(zip(table["query"], table["status"], strict=True))
    for query, meaning in bone.items():
        if query not in candidates and resolved.get(query) == "alias":
            print(f"mirbone annotate: {query}: bone-biology name of {meaning}", file=sys.stderr)
    return 0
