"""``mirbone enrich``: ORA or GSEA of miRNA signatures (the bone signatures by default)."""

from __future__ import annotations

import argparse
import warnings

from mirbone.cli import _common as common
from mirbone.errors import DroppedNamesWarning


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``enrich`` subcommand."""
    parser = subparsers.add_parser(
        "enrich",
        help="test miRNA signatures (ORA or GSEA) for enrichment in your miRNAs",
        description=(
            "ORA (default): one-sided hypergeometric test of each signature in QUERY, a file "
            "with one miRNA per line, against --universe (the detected miRNAs); BH over "
            "every tested signature. Prints term, size, overlap, query_size, universe_size, "
            "expected, fold_enrichment, odds_ratio, pvalue, fdr, members. GSEA: QUERY is a "
            "two-column ranking file (miRNA, score) or a statistics table (DESeq2, edgeR, "
            "limma...); prints term, size, es, nes, pvalue, fdr, leading_edge. Names are "
            "normalised to miRBase v22 first."
        ),
    )
    parser.add_argument("query", metavar="QUERY", help="miRNA list (ORA) or ranking/stats table")
    common.add_universe_option(
        parser,
        default="for ORA the union of the signatures and the query, which overstates significance",
    )
    common.add_signature_options(parser, evidence_default=None)
    parser.add_argument(
        "--method",
        default="ora",
        choices=["ora", "gsea"],
        help="ora (default): QUERY is a list of miRNAs (e.g. the significant ones), tested "
        "against --universe; gsea: QUERY is a ranking or a statistics table, every miRNA "
        "ranked by its score",
    )
    parser.add_argument(
        "--rank-by",
        default="auto",
        choices=["auto", "stat", "signed_p"],
        help="GSEA ranking from a stats table: stat column, or sign(log2fc) * -log10(pvalue) "
        "(auto: stat when present)",
    )
    parser.add_argument(
        "--contrast",
        metavar="NAME",
        help="GSEA: the contrast to rank, from a table holding several (A.vs.B_LFC, ...)",
    )
    common.add_species_option(parser)
    common.add_size_options(
        parser,
        min_default=None,
        min_help="set size after intersection (default: ORA 2, GSEA 5)",
        max_default=500,
        max_help="set size (default 500)",
    )
    common.add_random_options(parser, permutations=1000, what="GSEA")
    common.add_output_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ORA or GSEA and write the table."""
    from mirbone.enrich import GSEA_MIN_SIZE, check_query_file, gsea, mirna_sets, ora, read_ranking

    signatures = mirna_sets(args.signatures, species=args.species, evidence=args.evidence)
    if args.method == "gsea":
        ranking = read_ranking(
            args.query, species=args.species, rank_by=args.rank_by, contrast=args.contrast
        )
        common.note_unresolved("enrich", "ranked", ranking.unresolved)
        if ranking.method != "file":
            common.note("enrich", f"ranking by {ranking.method} ({len(ranking.scores)} miRNAs)")
        min_size = GSEA_MIN_SIZE if args.min_size is None else args.min_size
        result = gsea(
            ranking.scores,
            signatures,
            permutations=args.permutations,
            seed=args.seed,
            min_size=min_size,
            max_size=args.max_size,
        )
        _say_tested(
            len(result), len(signatures), (min_size, args.max_size), "among the ranked miRNAs"
        )
        common.emit_table(result, args.output, force=args.force)
        return 0
    if args.query != "-":
        check_query_file(args.query)
    query, universe = common.read_query_and_universe(args, command="enrich")
    if universe is None:
        common.note(
            "enrich",
            "no --universe given: the universe is every signature member plus the "
            "query; pass the detected miRNAs for an honest test",
        )
    min_size = 2 if args.min_size is None else args.min_size
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DroppedNamesWarning)  # reported below from the result
        result = ora(
            query,
            signatures,
            universe=universe,
            min_size=min_size,
            max_size=args.max_size,
        )
    _say_tested(
        result.n_sets_tested, result.n_sets_given, (min_size, args.max_size), "in the universe"
    )
    dropped = result.dropped_query
    if dropped:
        common.note(
            "enrich",
            f"dropped {len(dropped)} of {len(query)} query miRNAs not in the "
            f"universe: {common.listed(dropped)}",
        )
    common.emit_table(result, args.output, force=args.force)
    return 0


def _say_tested(tested: int, given: int, window: tuple[int, int], where: str) -> None:
    """Say how many signatures the size window let through, and the window."""
    common.note(
        "enrich",
        f"{tested} of {given} signatures tested (those with {window[0]} to {window[1]} "
        f"members {where})",
    )
