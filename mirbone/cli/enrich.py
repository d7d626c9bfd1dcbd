"""``mirbone enrich``: ORA or GSEA of miRNA signatures (the bone signatures by default)."""

from __future__ import annotations

import argparse
import csv
import sys
import warnings
from pathlib import Path

import pandas as pd

from mirbone.cli._common import add_output_options, emit_table, read_name_list
from mirbone.errors import InputError


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
    parser.add_argument(
        "--universe",
        metavar="FILE",
        help="file with the detected miRNAs, one per line (ORA; default: the union of the "
        "signatures and the query, which overstates significance)",
    )
    parser.add_argument(
        "--signatures",
        default="bone",
        metavar="bone|GMT",
        help="bone (the knowledge base's signatures, default) or a GMT file",
    )
    parser.add_argument(
        "--evidence",
        default=None,
        choices=["strong", "any"],
        help="bone signatures from KB rows of any evidence level (default) or, with strong, "
        "only from rows a primary paper's abstract supports; the words of targets --evidence",
    )
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
    parser.add_argument("--species", default="hsa", help="species (hsa, mmu, rno)")
    parser.add_argument(
        "--min-size",
        type=int,
        default=None,
        help="smallest set size after intersection (ORA 2, GSEA 5)",
    )
    parser.add_argument("--max-size", type=int, default=500, help="largest set size (500)")
    parser.add_argument("--permutations", type=int, default=1000, help="GSEA permutations (1000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (0)")
    add_output_options(parser)
    parser.set_defaults(func=run)


def note(command: str, text: str) -> None:
    """Print a note for the user on standard error."""
    print(f"mirbone {command}: {text}", file=sys.stderr)


def listed(names: list[str], limit: int = 10) -> str:
    """Comma-join names, shortened after ``limit``."""
    more = f", ... ({len(names) - limit} more)" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more


def normalise_names(
    names: list[str], *, species: str, what: str, command: str, expand: bool = True
) -> list[str]:
    """Map names to miRBase v22 (with ``expand``, a hairpin stands for its matures).

    Names that do not resolve are kept as written, and listed on standard error. Without
    ``expand`` the output has one name per input, in order.
    """
    from mirbone.names import RESOLVED_STATUSES, normalize

    table = normalize(names, species=species)
    out: list[str] = []
    kept: list[str] = []
    for row in table.itertuples(index=False):
        if row.status in RESOLVED_STATUSES:
            out.append(row.mirna)
        elif expand and row.status == "precursor" and row.candidates:
            out.extend(row.candidates.split(";"))
        else:
            out.append(str(row.input).strip())
            kept.append(f"{row.input} ({row.status})")
    if kept:
        note(
            command,
            f"{len(kept)} {what} name(s) not resolved to miRBase v22, kept as "
            f"written: {listed(kept)}",
        )
    return list(dict.fromkeys(out)) if expand else out


def load_signatures(
    spec: str, *, species: str, evidence: str | None = None
) -> dict[str, list[str]]:
    """Load the bundled bone signatures (of ``evidence`` any or strong) or a GMT file."""
    if spec == "bone":
        from mirbone import kb

        return {
            k: list(v)
            for k, v in kb.signatures(species=species, evidence=evidence or "any").items()
        }
    if evidence is not None:
        msg = (
            f"--evidence {evidence} applies to the bone signatures only, not to a GMT "
            "file; drop --evidence or use --signatures bone"
        )
        raise InputError(msg, value=spec)
    from mirbone.genesets import read_gmt

    if not Path(spec).is_file():
        msg = "signatures must be 'bone' or an existing GMT file"
        raise InputError(msg, value=spec)
    return read_gmt(spec)


def _read_ranking(path: str, *, species: str, rank_by: str) -> pd.Series:
    """Read a two-column ranking file (name, score), else a statistics table (mirbone.io)."""
    from mirbone.enrich import ranking_from_stats

    file = Path(path)
    if not file.is_file():
        msg = "file not found"
        raise InputError(msg, path=path)
    try:
        raw = pd.read_csv(
            file,
            sep=None,
            engine="python",
            header=None,
            dtype=str,
            comment="#",
            skip_blank_lines=True,
        )
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError, csv.Error):
        raw = None  # not a plain two-column file: read it as a table below
    if raw is not None and raw.shape[1] == 2 and len(raw) >= 2:
        scores = pd.to_numeric(raw[1], errors="coerce")
        body = raw if scores.iloc[0] == scores.iloc[0] else raw.iloc[1:]  # skip a header
        scores = pd.to_numeric(body[1], errors="coerce")
        if scores.notna().all():
            names = normalise_names(
                body[0].str.strip().tolist(),
                species=species,
                what="ranked",
                command="enrich",
                expand=False,
            )
            if len(set(names)) != len(names):
                msg = "repeated miRNAs in the ranking after normalising the names"
                raise InputError(msg, path=path)
            ranking = pd.Series(scores.to_numpy(dtype=float), index=names)
            ranking.attrs["method"] = "file"
            return ranking
    from mirbone import io

    data = io.read(path, species=species)
    if data.stats is None:
        msg = (
            "GSEA needs a ranking: a two-column file (miRNA, score) or a statistics "
            "table with stat or log2fc and pvalue columns"
        )
        raise InputError(msg, path=path)
    method = rank_by
    if method == "auto":
        method = "stat" if "stat" in data.stats.columns else "signed_p"
    ranking = ranking_from_stats(data.stats, method=method)
    note("enrich", f"ranking by {method} ({len(ranking)} miRNAs)")
    return ranking


def refuse_table_query(path: str) -> None:
    """Refuse an ORA query that is a table (several columns), not one miRNA per line."""
    if path == "-":
        return
    from mirbone.io import detect_format
    from mirbone.io._rawtable import load

    try:
        raw = load(path)
    except InputError:
        return  # read_name_list reports what is wrong with the file
    if raw.body.shape[1] < 2:
        return
    fmt = detect_format(raw)
    columns = ", ".join(h for h in raw.header[:8] if h)
    if fmt in ("deseq2", "edger", "limma", "contrasts"):
        msg = (
            f"this is a statistics table ({fmt}; columns {columns}): use --method gsea to "
            "rank every miRNA by its statistics, or give ORA a file with one miRNA per "
            "line (e.g. the significant ones)"
        )
    else:
        msg = f"ORA needs one miRNA per line; this file has {raw.body.shape[1]} columns ({columns})"
    raise InputError(msg, path=path)


def run(args: argparse.Namespace) -> int:
    """Run ORA or GSEA and write the table."""
    from mirbone.enrich import gsea, ora

    signatures = load_signatures(args.signatures, species=args.species, evidence=args.evidence)
    if args.method == "gsea":
        ranking = _read_ranking(args.query, species=args.species, rank_by=args.rank_by)
        result = gsea(
            ranking,
            signatures,
            permutations=args.permutations,
            seed=args.seed,
            min_size=5 if args.min_size is None else args.min_size,
            max_size=args.max_size,
        )
        emit_table(result, args.output, force=args.force)
        return 0
    refuse_table_query(args.query)
    query = normalise_names(
        read_name_list([], args.query, what="query miRNA"),
        species=args.species,
        what="query",
        command="enrich",
    )
    universe = None
    if args.universe is not None:
        universe = normalise_names(
            read_name_list([], args.universe, what="universe miRNA"),
            species=args.species,
            what="universe",
            command="enrich",
        )
    else:
        note(
            "enrich",
            "no --universe given: the universe is every signature member plus the "
            "query; pass the detected miRNAs for an honest test",
        )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # reported below from attrs
        result = ora(
            query,
            signatures,
            universe=universe,
            min_size=2 if args.min_size is None else args.min_size,
            max_size=args.max_size,
        )
    dropped = result.attrs.get("dropped_query", [])
    if dropped:
        note(
            "enrich",
            f"dropped {len(dropped)} of {len(query)} query miRNAs not in the "
            f"universe: {listed(dropped)}",
        )
    emit_table(result, args.output, force=args.force)
    return 0
