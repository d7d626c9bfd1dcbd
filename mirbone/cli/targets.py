"""``mirbone targets``: the target genes of miRNAs, from the knowledge base or a target file."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

from mirbone.cli import _common as common

#: Formats of target files (``mirbone.targets._readers.FORMATS``; kept here so that building
#: the parser does not import the targets package).
TARGET_FORMATS = (
    "mirtarbase", "targetscan", "mirdb", "tarbase", "encori", "mirwalk", "microt", "pairs",
)  # fmt: skip
#: Output columns of ``mirbone targets``.
COLUMNS = ["mirna", "gene", "entrez_id", "source", "evidence", "reference"]


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``targets`` subcommand."""
    parser = subparsers.add_parser(
        "targets",
        help="list the target genes of miRNAs (knowledge base or miRTarBase/TargetScan/...)",
        description=(
            "List the target genes of miRNAs. Names are normalised to miRBase v22 first; "
            "a hairpin or an arm-less name stands for its mature miRNAs. Prints "
            "mirna, gene, entrez_id, source, evidence, reference (;-joined). reference "
            "holds the PMIDs a target file gives (miRTarBase, TarBase, pairs); for "
            "knowledge-base edges PMID:<id> when the review's reference has a known PMID, "
            "else 'review ref <n>' (the review's bibliography, see mirbone kb references). "
            "Knowledge-base edges whose curation is unresolved (miR-218 -> TCF7) are not "
            "listed. Knowledge-base genes are human (NCBI Gene snapshot) whatever --species; "
            "with --species mmu or rno a column mmu_gene / rno_gene gives their mouse or rat "
            "orthologues (bundled HCOP table, ;-joined). A target file's genes are genes of "
            "--species (resolved against that species' snapshot, never as human aliases; "
            "kept as written where the snapshot lacks them), with a column human_gene "
            "giving their human orthologues. A miRNA of another species than --species "
            "is not mapped silently: it is named on stderr with its orthologue in "
            "--species and the --species that would find it."
        ),
    )
    common.add_name_inputs(parser, "mirnas", "MIRNA", "miRNA")
    parser.add_argument(
        "--source",
        default="kb",
        metavar="SOURCES",
        help="kb (the bundled knowledge base, default), a target file, a name stored with "
        "mirbone db add, or a comma list of these (kb,mirtarbase,targetscan)",
    )
    parser.add_argument(
        "--min-sources",
        type=int,
        default=None,
        metavar="K",
        help="keep the miRNA-gene pairs listed by at least K of the sources given; adds the "
        "columns supported_by and n_sources (evidence and scores stay per source)",
    )
    parser.add_argument(
        "--format",
        default="auto",
        choices=["auto", *TARGET_FORMATS],
        help="the format of the input target file(s) (default: detect from the header)",
    )
    parser.add_argument(
        "--evidence",
        default="any",
        choices=["strong", "any"],
        help="strong: only strong experimental evidence (miRTarBase Functional MTI, "
        "low-throughput TarBase) and knowledge-base edges; any: everything (default)",
    )
    parser.add_argument(
        "--min-score", type=float, default=None, metavar="X", help="keep scores >= X"
    )
    common.add_species_option(parser)  # knowledge-base genes stay human (see the description)
    common.add_output_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Normalise the names, load the map, write the targets."""
    import pandas as pd

    from mirbone.errors import InputError
    from mirbone.names import RESOLVED_STATUSES, mature_identities, normalize, normalize_species
    from mirbone.targets import STRONG_EVIDENCE, load, split_sources
    from mirbone.targets._map import join_unique

    names = common.read_name_list(args.mirnas, args.input, what="miRNA name")
    norm = normalize(names, species=args.species)
    query: list[str] = []
    for row, members in zip(norm.itertuples(index=False), mature_identities(norm),
                            strict=True):  # fmt: skip
        if row.status in RESOLVED_STATUSES:
            query.append(row.mirna)
        elif members:
            query.extend(members)
            print(
                f"mirbone targets: {row.input} ({row.status}) -> {', '.join(members)}",
                file=sys.stderr,
            )
        else:
            detail = f": {row.candidates}" if row.candidates else ""
            print(
                f"mirbone targets: not found: {row.input} ({row.status}{detail})", file=sys.stderr
            )
    query = list(dict.fromkeys(query))
    foreign = _other_species(norm, args.species)
    species = normalize_species(args.species)
    if args.source == "kb" and species != "hsa":
        print(
            f"mirbone targets: knowledge-base genes are human (NCBI Gene snapshot); column "
            f"{species}_gene gives their {species} orthologues",
            file=sys.stderr,
        )
    sources = split_sources(args.source)
    if sources == ["kb"]:
        tmap = load("kb", species=args.species)
    else:
        tmap = load(args.source, format=args.format, species=args.species, mirnas=query)
        _report_load(tmap.summary())
    evidence = sorted(STRONG_EVIDENCE) if args.evidence == "strong" else None
    if evidence is not None or args.min_score is not None:
        tmap = tmap.filter(evidence=evidence, min_score=args.min_score)
    multi = len(sources) > 1 or args.min_sources is not None
    if args.min_sources is not None:
        if args.min_sources > len(sources):
            msg = (
                f"--min-sources {args.min_sources} is more than the {len(sources)} "
                f"source(s) given in --source {args.source}"
            )
            raise InputError(msg, value=args.min_sources)
        if args.min_sources < 1:
            msg = "--min-sources must be at least 1"
            raise InputError(msg, value=args.min_sources)
        tmap = tmap.consensus(args.min_sources) if len(tmap) else tmap
    rows = tmap.targets_of(query).astype(object)
    found = set(rows["mirna"])
    missing = [m for m in query if m not in found]
    if missing:
        print(
            f"mirbone targets: no targets in {args.source} for: {', '.join(missing)}",
            file=sys.stderr,
        )
    _report_other_species(foreign, args.species)
    rows["reference"] = rows["reference"].fillna("").astype(str)
    rows["entrez_id"] = rows["entrez_id"].fillna("")
    keys = ["mirna", "gene", "entrez_id", "source", "evidence"]
    table = join_unique(rows, keys, "reference").drop(columns="n_reference")
    order = {m: i for i, m in enumerate(query)}
    table = table.assign(_q=table["mirna"].map(order)).sort_values(
        ["_q", "gene", "source", "evidence"], kind="stable"
    )
    columns = COLUMNS
    if multi:
        support = join_unique(rows[["mirna", "gene", "source"]], ["mirna", "gene"], "source")
        support = support.rename(columns={"source": "supported_by", "n_source": "n_sources"})
        table = table.merge(support, on=["mirna", "gene"], how="left")
        columns = [*COLUMNS, "supported_by", "n_sources"]
    table = pd.DataFrame(table[columns]).reset_index(drop=True)
    if species != "hsa":
        column, values = _orthologue_column(table, species, human=args.source == "kb")
        table[column] = values
    common.emit_table(table, args.output, force=args.force)
    return 0


def _orthologue_column(table: pd.DataFrame, species: str, *, human: bool) -> tuple[str, list]:
    """Name and values of the column of orthologues shown beside each gene.

    Human genes (the knowledge base) get their ``species`` orthologues, genes of
    ``species`` (a target file) their human ones; ``;``-joined, empty when none.
    """
    from mirbone.annotate import map_to_human, species_genes_of_human

    if human:
        found = species_genes_of_human(table["entrez_id"], species=species)
        joined = found.groupby("human_entrez_id")["symbol"].agg(lambda s: ";".join(sorted(s)))
        ids = table["entrez_id"].astype(str)
        return f"{species}_gene", [joined.get(i, "") for i in ids]
    mapping = map_to_human(
        table["gene"], species=species, entrez_ids=table["entrez_id"].replace("", None)
    )
    joined = mapping.pairs.groupby("gene")["human_symbol"].agg(lambda s: ";".join(sorted(s)))
    return "human_gene", [joined.get(g, "") for g in table["gene"]]


def _other_species(norm: pd.DataFrame, species: str) -> pd.DataFrame:
    """Return the resolved query names of another species, with their orthologue."""
    from mirbone.names import RESOLVED_STATUSES, normalize_species, to_species

    species = normalize_species(species)
    resolved = norm[norm["status"].isin(RESOLVED_STATUSES) & norm["species"].notna()]
    foreign = resolved[resolved["species"].ne(species)].drop_duplicates("mirna")
    if not len(foreign):
        return foreign.assign(orthologue=None, method=None)
    mapped = to_species(list(foreign["mirna"]), target=species)
    return foreign.assign(
        orthologue=mapped["orthologue"].to_numpy(), method=mapped["method"].to_numpy()
    )


def _report_other_species(foreign: pd.DataFrame, species: str) -> None:
    """Name query miRNAs of another species: the --species to use, or their orthologue."""
    for row in foreign.itertuples(index=False):
        hint = f"rerun with --species {row.species}"
        if isinstance(row.orthologue, str) and row.orthologue:
            hint += f", or ask for its {species} orthologue {row.orthologue} ({row.method})"
        else:
            hint += f" (it has no {species} orthologue)"
        print(
            f"mirbone targets: {row.mirna} is a {row.species} miRNA but --species is "
            f"{species}; it was looked up as named: {hint}",
            file=sys.stderr,
        )


def _report_load(summary: dict) -> None:
    """Say on stderr what a target file held besides the rows used."""
    for source, info in summary["loaded"].items():
        other = info.get("other_species") or {}
        if other:
            listed = ", ".join(f"{name}: {n}" for name, n in other.items())
            print(
                f"mirbone targets: {source}: skipped rows of other species ({listed})",
                file=sys.stderr,
            )
    if summary["unresolved"]:
        reasons = ", ".join(f"{k}: {v}" for k, v in summary["unresolved_reasons"].items())
        print(
            f"mirbone targets: {summary['unresolved']} row(s) not resolved ({reasons})",
            file=sys.stderr,
        )
