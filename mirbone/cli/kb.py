"""``mirbone kb``: print the curated bone-EV knowledge base."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from mirbone.cli import _common as common
from mirbone.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

TABLES = ("interactions", "findings", "signatures", "references")


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``kb`` subcommand."""
    parser = subparsers.add_parser(
        "kb",
        help="the curated bone-EV knowledge base (findings, interactions, signatures)",
        description=(
            "Print a table of the knowledge base curated from Bianciardi, Merlotti & "
            "Materozzi (2021), L'Endocrinologo (CC BY 4.0). interactions: miRNA -> gene "
            "edges (by default every edge, the miRNA named in the species of the study, "
            "mirna_human its human orthologue or empty with the reason in human_note; "
            "--species gives that species' view and lists the left-out edges on stderr); "
            "findings: one row per EV cargo finding; signatures: named miRNA or target-gene "
            "sets (gene sets split into <name>_repressed_targets and "
            "<name>_upregulated_genes); references: the review's 32 references."
        ),
    )
    parser.add_argument("table", choices=TABLES, help="which part of the knowledge base")
    parser.add_argument(
        "--output-format",
        choices=("tsv", "gmt", "json"),
        default="tsv",
        help="output format (gmt only for signatures; default tsv)",
    )
    # --format meant the output here but the input elsewhere: kept one release, warning
    common.add_deprecated_alias(
        parser, "--format", "--output-format", choices=("tsv", "gmt", "json")
    )
    common.add_species_option(parser, every_species=True, strict=True)
    parser.add_argument(
        "--kind",
        choices=("mirna", "gene"),
        default=None,
        help="signatures of miRNAs or of their target genes (default mirna; signatures only)",
    )
    parser.add_argument(
        "--follow",
        choices=("curated", "review"),
        default=None,
        help="signatures from the curated KB (default) or from the review as printed "
        "(e.g. miR-218 anti-osteogenic, ARHGAP1/FAM134A upregulated by miR-940)",
    )
    parser.add_argument(
        "--include-title-cargo",
        action="store_true",
        help="signatures also use findings whose cargo is named only in a reference title "
        "(miR-375 of ref 27, MET of ref 16)",
    )
    common.add_evidence_option(parser, default=None)
    common.add_output_options(parser)
    parser.set_defaults(func=run)


def _signature_table(sets: dict[str, list[str]], description: dict[str, str]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(
        [
            (name, description[name], len(members), ";".join(members))
            for name, members in sets.items()
        ],
        columns=["name", "description", "size", "members"],
    )


def _records(table: pd.DataFrame) -> list[dict]:
    return json.loads(table.to_json(orient="records", force_ascii=False))


def run(args: argparse.Namespace) -> int:
    """Write the requested table."""
    from mirbone import kb

    if args.output_format == "gmt" and args.table != "signatures":
        msg = "--output-format gmt is only for signatures"
        raise InputError(msg, value=args.table)
    signature_only = [
        option for option, given in (
            (f"--kind {args.kind}", args.kind is not None),
            (f"--follow {args.follow}", args.follow is not None),
            ("--include-title-cargo", args.include_title_cargo),
            (f"--evidence {args.evidence}", args.evidence is not None),
        ) if given
    ]  # fmt: skip
    if signature_only and args.table != "signatures":
        msg = (
            f"{', '.join(signature_only)} applies to signatures only, not to "
            f"{args.table}; use mirbone kb signatures {' '.join(signature_only)}"
        )
        raise InputError(msg, value=args.table)
    args.kind = args.kind or "mirna"
    args.follow = args.follow or "curated"
    args.evidence = args.evidence or "any"
    if args.table == "signatures":
        species = args.species or "hsa"
        options = {
            "follow": args.follow,
            "include_title_cargo": args.include_title_cargo,
            "evidence": args.evidence,
        }
        sets = kb.signatures(species, kind=args.kind, **options)
        version = kb.kb_version()
        description = {
            name: (
                f"{kb.SIGNATURE_DESCRIPTIONS[name]} [{args.kind} set, {species}, "
                f"{args.follow}, {args.evidence} evidence; {version}]"
            )
            for name in sets
        }
        excluded = kb.signature_exclusions(species, **options)
        if len(excluded):
            what = "" if args.kind == "mirna" else " (with any target edges)"
            print(
                f"mirbone kb: {len(excluded)} KB miRNAs have no {species} name and are "
                f"left out{what}: {', '.join(excluded['mirna'])}",
                file=sys.stderr,
            )
        if args.output_format == "gmt":
            empty = [name for name, members in sets.items() if not members]
            if empty:
                print(
                    f"mirbone kb: {len(empty)} empty set(s) not written (GMT needs at "
                    f"least one member): {', '.join(empty)}",
                    file=sys.stderr,
                )
            lines = [
                "\t".join([name, description[name], *members])
                for name, members in sets.items()
                if members
            ]
            common.emit_text("\n".join(lines) + "\n", args.output, force=args.force)
        elif args.output_format == "json":
            common.emit_json(sets, args.output, force=args.force)
        else:
            common.emit_table(_signature_table(sets, description), args.output, force=args.force)
        return 0
    if args.table == "interactions":
        table = kb.interactions(species=args.species)
        excluded = table.excluded
        if excluded:
            lines = [
                f"mirbone kb: {len(excluded)} of {len(table) + len(excluded)} "
                f"interactions have no {args.species} miRNA and are left out:"
            ]
            lines += [
                f"  {row['finding_id']} {row['mirna']} -> {row['gene']}: {row['reason']}"
                for row in excluded
            ]
            print("\n".join(lines), file=sys.stderr)
        if args.species not in (None, "hsa"):
            print(
                "mirbone kb: genes are human (NCBI Gene snapshot); mouse/rat orthologous "
                "genes are not mapped",
                file=sys.stderr,
            )
    elif args.table == "findings":
        table = kb.findings()
    else:
        table = kb.references()
    if args.output_format == "json":
        common.emit_json(_records(table), args.output, force=args.force)
    else:
        common.emit_table(table, args.output, force=args.force)
    return 0
