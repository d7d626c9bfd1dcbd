"""``mirbone read``: read a miRNA-seq table and write the standardised table."""

from __future__ import annotations

import argparse
import sys

from mirbone.cli import _common as common


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``read`` subcommand."""
    parser = subparsers.add_parser(
        "read",
        help="read a count / DESeq2 / edgeR / limma / miRDeep2 / featureCounts / list table",
        description=(
            "Read a miRNA-seq table, normalise its miRNA names to miRBase v22 and write the "
            "standardised table (mirna, accession, species, status, candidates, inputs, "
            "statistics, samples). A summary goes to standard error."
        ),
    )
    parser.add_argument("table", metavar="TABLE", help="the table (or a featureCounts folder)")
    common.add_species_option(parser)
    common.add_table_options(parser)
    parser.add_argument("--contrast", metavar="C", help="the contrast of a multi-contrast table")
    parser.add_argument(
        "--transpose",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="miRNAs are in the columns (--no-transpose: in the rows); default: detect",
    )
    parser.add_argument("--id-column", metavar="COL", help="the column holding miRNA names")
    common.add_output_options(parser)
    parser.set_defaults(func=run)


_VALUE_WORDS = {
    "counts": "per-sample counts",
    "cpm": "per-sample normalised CPM, not counts",
    "none": "names only, no values",
}


def format_summary(summary: dict) -> str:
    """Render :meth:`mirbone.io.MirnaData.summary` as a few lines of text."""
    values = _VALUE_WORDS.get(summary["value_type"], summary["value_type"])
    if summary["value_type"] == "none" and summary["format"] != "list":
        values = "statistics, no per-sample values"
    lines = [
        f"format: {summary['format']} ({values})",
        f"rows read: {summary['input_rows']} ({summary['input_names']} distinct names)",
        f"miRNAs: {summary['mirnas']}",
        f"samples: {summary['samples']}",
    ]
    if summary["contrasts"]:
        lines.append(f"contrast: {summary['contrast']} (of {', '.join(summary['contrasts'])})")
    statuses = ", ".join(f"{k} {v}" for k, v in summary["status_counts"].items())
    lines.append(f"names: {statuses}")
    lines.append(f"names merged with others: {summary['aggregated_names']}")
    unresolved = summary["unresolved"]
    if unresolved:
        shown = ", ".join(unresolved[:20])
        more = f" and {len(unresolved) - 20} more" if len(unresolved) > 20 else ""
        lines.append(f"not resolved to one v22 mature miRNA ({len(unresolved)}): {shown}{more}")
    lines.extend(f"note: {note}" for note in summary["notes"])
    return "".join(f"mirbone read: {line}\n" for line in lines)


def run(args: argparse.Namespace) -> int:
    """Read the table, print the summary, write the standardised table."""
    from mirbone._output import check_writable
    from mirbone.io import read, standard_table

    if args.output is not None:
        check_writable(args.output, force=args.force)
    data = read(
        args.table,
        contrast=args.contrast,
        transpose=args.transpose,
        id_column=args.id_column,
        **common.table_options(args),
    )
    table = standard_table(data)
    sys.stderr.write(format_summary(data.summary()))
    common.emit_table(table, args.output, force=args.force)
    return 0
