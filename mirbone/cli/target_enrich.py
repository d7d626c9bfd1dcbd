"""``mirbone target-enrich``: gene-set enrichment of the query miRNAs' targets."""

from __future__ import annotations

import argparse
import warnings

from mirbone.cli import _common as common
from mirbone.errors import DroppedNamesWarning


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``target-enrich`` subcommand."""
    parser = subparsers.add_parser(
        "target-enrich",
        help="which gene sets your miRNAs' targets hit (empirical, bias-corrected test)",
        description=(
            "For each gene set, count the set's genes targeted by at least one QUERY miRNA "
            "and compare with random miRNA sets of the same size drawn from the universe "
            "(p = (b+1)/(N+1), BH); the naive gene-level hypergeometric p (biased towards "
            "sets of heavily targeted genes) is shown beside it. Prints term, name, size, "
            "n_targeted, expected, pvalue, fdr, pvalue_naive, fdr_naive, mirnas, genes. "
            "With --species mmu or rno the target genes of a file are that species' genes; "
            "they are tested through their human orthologues (bundled HCOP table), and "
            "stderr says how many mapped one-to-one, otherwise, or were lost. When fewer "
            "than half of the target genes or of the gene sets can be tested, stderr says "
            "the result is a remnant, not a result."
        ),
    )
    parser.add_argument("query", metavar="QUERY", help="file with one miRNA per line (- = stdin)")
    common.add_target_options(parser, required=True)
    common.add_universe_option(
        parser, default="every miRNA in the target map; only those with targets in it are used"
    )
    common.add_random_options(
        parser, permutations=10_000, what="the empirical test (random miRNA sets)"
    )
    common.add_workers_option(parser)
    common.add_size_options(
        parser,
        min_default=10,
        min_help="set size after intersecting with the targeted genes (default 10)",
        max_default=500,
        max_help="set size after intersecting with the targeted genes (default 500; go-bp "
        "terms above it before intersecting are not loaded)",
    )
    common.add_species_option(parser)
    parser.add_argument(
        "--set-species",
        default="hsa",
        metavar="hsa|SPECIES",
        help="species of the genes of a GMT file (default hsa: mouse/rat targets are mapped "
        "to human orthologues); give the --species value for a mouse/rat GMT",
    )
    common.add_progress_options(parser, default=False)
    common.add_output_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Load the map and the sets, run the test, write the table."""
    from mirbone import genesets, targets
    from mirbone.enrich import target_coverage, target_enrichment
    from mirbone.names import normalize_species

    command = "target-enrich"
    query, universe = common.read_query_and_universe(args, command=command)
    tmap = targets.load(args.targets, species=args.species)
    sets, names = genesets.load(args.gene_sets, min_size=args.min_size, max_size=args.max_size)
    species = normalize_species(args.species)
    bundled = args.gene_sets in {"go-bp", "bone"}
    set_species = "hsa" if bundled else normalize_species(args.set_species)
    mapping = None
    if species != "hsa" and args.targets != "kb" and set_species == "hsa":
        tmap, mapping = tmap.to_human(species)
        common.note(command, mapping.sentence())
    tested_genes = list(tmap.genes)
    with warnings.catch_warnings():
        # dropped names are said below from the result; other warnings (too few
        # permutations) reach the user through the command's warning line
        warnings.simplefilter("ignore", DroppedNamesWarning)
        result = target_enrichment(
            query,
            tmap,
            sets,
            universe=universe,
            permutations=args.permutations,
            seed=args.seed,
            min_size=args.min_size,
            max_size=args.max_size,
            set_names=names,
            workers=args.workers,
            progress=args.progress,
        )
    dropped = result.dropped_query
    if dropped:
        common.note(
            command,
            f"dropped {len(dropped)} of {len(query)} query miRNAs without targets in "
            f"the map{'' if universe is None else ' or outside the universe'}: "
            f"{common.listed(dropped)}",
        )
    space = set().union(*genesets.go_bp(min_size=5, max_size=2000).values()) if bundled else None
    _, warnings_ = target_coverage(
        result,
        target_genes=tested_genes,
        gene_sets=sets,
        min_size=args.min_size,
        max_size=args.max_size,
        gene_space=space,
        mapping=mapping,
    )
    for text in warnings_:
        common.note(command, f"warning: {text}")
    common.note(
        command,
        f"{result.query_size} query miRNAs vs {result.mirna_universe_size} universe "
        f"miRNAs with targets; {result.n_sets_tested} gene sets tested over "
        f"{result.gene_universe_size} genes; {result.permutations} permutations",
    )
    common.emit_table(result, args.output, force=args.force)
    return 0
