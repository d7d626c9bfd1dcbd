"""``mirbone analyze``: the main job, from a miRNA table to a report folder."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from mirbone.cli import _common as common


def add_analysis_options(parser: argparse.ArgumentParser) -> None:
    """Add the options shared by ``analyze`` and ``demo``."""
    common.add_output_options(parser, folder=True)
    common.add_random_options(parser, permutations=10000, what="GSEA and the target-gene test")
    common.add_progress_options(parser, default=True)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``analyze`` subcommand."""
    parser = subparsers.add_parser(
        "analyze",
        help="analyse a miRNA table and write a report (HTML, Markdown, tables, figures)",
        description=(
            "Read a miRNA table (counts, DESeq2/edgeR/limma results, miRDeep2, featureCounts, "
            "nf-core/smrnaseq, or a list), test differential abundance when given counts and a "
            "sample sheet, compare with the review's EV miRNAs, test the bone signatures and "
            "the target genes, and write OUTDIR/report.html, report.md, tables/, tables.xlsx, "
            "figures/ and run.json."
        ),
    )
    parser.add_argument("table", metavar="TABLE", help="the miRNA table")
    common.add_species_option(parser)
    common.add_table_options(parser)
    parser.add_argument(
        "--contrast",
        metavar="COL:A:B",
        action="append",
        help="compare group A with reference B of column COL of the sheet "
        "(log2 fold changes are A over B; required with --samples), or "
        "the contrast name of a multi-contrast result table; repeat it for several "
        "contrasts (one model fit, one report per contrast and a comparison)",
    )
    parser.add_argument(
        "--contrasts",
        metavar="all-vs:REF",
        help="every group against REF (all-vs:COLUMN:REF to name the sheet column), or every "
        "contrast X.vs.REF of a multi-contrast table",
    )
    parser.add_argument(
        "--covariates",
        metavar="COL[,COL]",
        default="",
        help="sample-sheet columns to adjust the DESeq2 test for, e.g. batch "
        "(design ~batch + group)",
    )
    parser.add_argument(
        "--fit-contrast-only",
        action="store_true",
        help="fit DESeq2 on the two contrasted groups only (default: on every sample of the "
        "sheet with a group, then test the contrast, as the DESeq2 vignette recommends)",
    )
    parser.add_argument(
        "--allow-non-counts",
        action="store_true",
        help="test a table of normalised values (CPM, non-integer values) "
        "anyway, rounded, with a warning; refused by default because "
        "DESeq2 needs raw read counts",
    )
    common.add_target_options(parser, required=False)
    common.add_signature_options(parser, evidence_default="any")
    parser.add_argument("--all-go-bp", action="store_true", help="also test all GO BP processes")
    common.add_size_options(
        parser,
        min_default=None,
        min_help="gene set tested for target-gene enrichment (default 10; 3 with the review's "
        "small map)",
        old_min="--min-set-size",
    )
    common.add_threshold_options(parser)
    add_analysis_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the analysis and write the report."""
    from mirbone.analysis import analyze
    from mirbone.analysis._report import check_outdir

    check_outdir(args.output, force=args.force)
    contrasts = [*(args.contrast or []), *([args.contrasts] if args.contrasts else [])]
    options = {
        **common.table_options(args),
        "targets": args.targets,
        "gene_sets": args.gene_sets,
        "mirna_sets": args.signatures,
        "all_go_bp": args.all_go_bp,
        "evidence": args.evidence,
        "padj": args.padj,
        "log2fc": args.log2fc,
        "permutations": args.permutations,
        "seed": args.seed,
        "min_size": args.min_size,
        "covariates": [c.strip() for c in args.covariates.split(",") if c.strip()],
        "allow_non_counts": args.allow_non_counts,
        "progress": args.progress,
    }
    fit = "contrast" if args.fit_contrast_only else "all"
    if len(contrasts) > 1 or args.contrasts:
        from mirbone.analysis._contrasts import analyze_contrasts

        return write_result(
            analyze_contrasts(args.table, contrasts=contrasts, **options), args, command="analyze"
        )
    result = analyze(args.table, contrast=contrasts[0] if contrasts else None, fit=fit, **options)
    return write_result(result, args, command="analyze")


def write_result(result: Any, args: argparse.Namespace, *, command: str) -> int:
    """Write the report of an analysis (or of several contrasts) into ``args.output``."""
    from mirbone.analysis._contrasts import ContrastsResult, write_contrasts
    from mirbone.analysis._report import write_report

    try:
        if isinstance(result, ContrastsResult):
            folder = write_contrasts(result, args.output, force=args.force)
        else:
            folder = write_report(result, args.output, force=args.force)
    finally:
        result.close_figures()
    if isinstance(result, ContrastsResult):
        result = result.comparison
    # Said even with --quiet (a test was skipped, or its input is doubtful), once the
    # report exists: a failed write stays a single error line.
    from mirbone.cli._options import own_options

    for warning in result.warnings:
        text = own_options(command, " ".join(str(warning).split()))
        print(f"mirbone {command}: warning: {text}", file=sys.stderr)
    if args.progress:
        print(f"mirbone {command}: report written to {folder}/report.html", file=sys.stderr)
    return 0
