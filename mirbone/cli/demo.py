"""``mirbone demo``: run ``mirbone analyze`` on the bundled synthetic example."""

from __future__ import annotations

import argparse

from mirbone.cli.analyze import add_analysis_options, write_result

#: The bundled example (resources/demo/, a copy of examples/data/) and its comparison.
DEMO_COUNTS = "demo/counts.tsv"
DEMO_SAMPLES = "demo/samples.tsv"
DEMO_CONTRAST = "group:aged:young"
#: The demo data were simulated with a library-batch effect (examples/data/README.md).
DEMO_COVARIATES = ("batch",)
#: Said first in the demo's report, run.json and on stderr: the findings are planted.
SYNTHETIC = (
    "These are mirbone's bundled SYNTHETIC example data (examples/data/README.md): no "
    "sample was sequenced; the counts were simulated with effects planted on review "
    "miRNAs. The report shows what mirbone does; its findings are not biological evidence."
)


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``demo`` subcommand."""
    parser = subparsers.add_parser(
        "demo",
        help="run the main job on the bundled synthetic example and write a report",
        description=(
            "Run 'mirbone analyze' on the bundled synthetic EV miRNA-seq example "
            f"(counts and sample sheet, contrast {DEMO_CONTRAST}, adjusted for "
            f"{', '.join(DEMO_COVARIATES)}) and write the report "
            "into OUTDIR. The data are simulated: see examples/data/README.md."
        ),
    )
    add_analysis_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Analyse the demo data and write the report."""
    from importlib.resources import as_file

    from mirbone._resources import resource
    from mirbone.analysis import analyze
    from mirbone.analysis._report import check_outdir

    check_outdir(args.output, force=args.force)
    with as_file(resource(DEMO_COUNTS)) as counts, as_file(resource(DEMO_SAMPLES)) as samples:
        result = analyze(
            counts,
            samples=samples,
            contrast=DEMO_CONTRAST,
            covariates=DEMO_COVARIATES,
            permutations=args.permutations,
            seed=args.seed,
            progress=args.progress,
        )
    result.warnings.insert(0, SYNTHETIC)
    result.notes.insert(0, SYNTHETIC)
    result.summary["highlights"] = [SYNTHETIC, *result.summary.get("highlights", [])]
    return write_result(result, args, command="demo")
