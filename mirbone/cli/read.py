"""``mirbone read``: read a miRNA-seq table and write the standardised table."""

from __future__ import annotations

import argparse
import sys

from mirbone.cli import _common as common


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``read`` subcommand."""
    from mirbone.io import FORMATS

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
    parser.add_argument(
        "--format",
        default="auto",
        choices=("auto", *FORMATS),
        help="the format of the input table (default: detect)",
    )
    common.add_species_option(parser)
    parser.add_argument("--contrast", metavar="C", help="the contrast of a multi-contrast table")
    parser.add_argument("--sheet", metavar="S", help="the XLSX sheet (name or 0-based number)")
    parser.add_argument(
        "--transpose",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="miRNAs are in the columns (--no-transpose: in the rows); default: detect",
    )
    parser.add_argument("--samples", metavar="SHEET", help="sample sheet (sample, group, ...)")
    parser.add_argument(
        "--aggregate",
        default="auto",
        choices=("auto", "sum", "max", "first", "best", "error"),
        help="rows resolving to one miRNA: counts sum|max|first, statistics best|first; "
        "error refuses (default: sum for counts, best = smallest padj for statistics)",
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
    sheet: str | int | None = args.sheet
    data = read(
        args.table,
        format=args.format,
        species=args.species,
        contrast=args.contrast,
        sheet=sheet,
        transpose=args.transpose,
        samples=args.samples,
        aggregate=args.aggregate,
        id_column=args.id_column,
    )
    table = standard_table(data)
    sys.stderr.write(format_summary(data.summary()))
    common.emit_table(table, args.output, force=args.force)
    return 0
