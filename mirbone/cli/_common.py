"""Helpers shared by the subcommands: option builders, reading name lists, writing tables.

Every option that several commands take is declared here once, so that the same flag means
the same thing, with the same default and help, in every command.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import Any

import pandas as pd

from mirbone._output import write_table, write_text, write_tsv
from mirbone.errors import InputError

#: The one default species of the command line (miRBase code).
DEFAULT_SPECIES = "hsa"


class DeprecatedAlias(argparse.Action):
    """A hidden old spelling of an option: stores like the new one, warns on stderr."""

    def __init__(
        self, option_strings: Sequence[str], dest: str, *, replacement: str, **kwargs: Any
    ) -> None:
        self.replacement = replacement
        super().__init__(option_strings, dest, help=argparse.SUPPRESS, **kwargs)

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        print(
            f"{parser.prog}: warning: {option_string} is deprecated and will be removed in "
            f"the next release; use {self.replacement}",
            file=sys.stderr,
        )
        setattr(namespace, self.dest, values)


def add_deprecated_alias(
    parser: argparse.ArgumentParser, old: str, new: str, **kwargs: Any
) -> None:
    """Accept ``old`` as a hidden, warning spelling of the option ``new`` (same destination)."""
    dest = next(a.dest for a in parser._actions if new in a.option_strings)
    parser.add_argument(old, dest=dest, action=DeprecatedAlias, replacement=new, **kwargs)


#: The species of the bundled miRBase tables.
SPECIES = ("hsa", "mmu", "rno")


def add_species_option(
    parser: argparse.ArgumentParser, *, every_species: bool = False, strict: bool = False
) -> None:
    """Add ``--species`` (miRBase code, default hsa).

    With ``every_species`` there is no default: the command then shows every species
    (``mirbone kb interactions`` lists each study's miRNAs in its own species). With
    ``strict`` only the codes are accepted (elsewhere the library also reads names such as
    ``mouse``).
    """
    help_text = "species: hsa, mmu or rno (miRBase code; default hsa)"
    if every_species:
        help_text = (
            "species: hsa, mmu or rno (miRBase code; default: every species, each study's "
            "own; signatures hsa)"
        )
    parser.add_argument(
        "--species",
        default=None if every_species else DEFAULT_SPECIES,
        choices=SPECIES if strict else None,
        metavar="hsa|mmu|rno",
        help=help_text,
    )


def add_table_options(parser: argparse.ArgumentParser) -> None:
    """Add how a miRNA table is read: ``--format``, ``--sheet``, ``--aggregate``, ``--samples``.

    :func:`table_options` gives them back as the keywords of :func:`mirbone.io.read`.
    """
    from mirbone.io import AGGREGATE_RULES, FORMATS

    parser.add_argument(
        "--format",
        default="auto",
        choices=("auto", *FORMATS),
        help="the format of the input table (default: detect)",
    )
    parser.add_argument("--sheet", metavar="S", help="the XLSX sheet (name or 0-based number)")
    parser.add_argument(
        "--aggregate",
        default="auto",
        choices=AGGREGATE_RULES,
        help="rows resolving to one miRNA: counts sum|max|first, statistics best|first; "
        "error refuses (default: sum for counts, best = smallest padj for statistics; a "
        "name written twice is refused unless you choose)",
    )
    parser.add_argument(
        "--samples", metavar="SHEET", help="sample sheet (sample, group, ...) for a count table"
    )


def table_options(args: argparse.Namespace) -> dict[str, Any]:
    """Return the options of :func:`add_table_options` and ``--species`` as reading keywords."""
    return {
        "species": args.species,
        "format": args.format,
        "sheet": args.sheet,
        "aggregate": args.aggregate,
        "samples": args.samples,
    }


def add_signature_options(parser: argparse.ArgumentParser, *, evidence_default: str | None) -> None:
    """Add ``--signatures`` (the miRNA sets of ORA and GSEA) and ``--evidence``."""
    parser.add_argument(
        "--signatures",
        default="bone",
        metavar="bone|families|GMT",
        help="miRNA sets to test, a comma list of: bone (the knowledge base's signatures, "
        "default), families (miRBase 22 families) and GMT files of your own categories "
        "(disease, tissue, ...), e.g. bone,families,my_sets.gmt",
    )
    add_evidence_option(parser, default=evidence_default)


def add_evidence_option(parser: argparse.ArgumentParser, *, default: str | None) -> None:
    """Add ``--evidence``: the bone signatures from KB rows of which evidence."""
    from mirbone.kb import EVIDENCE_FILTERS

    parser.add_argument(
        "--evidence",
        choices=sorted(EVIDENCE_FILTERS, reverse=True),
        default=default,
        help="signatures from KB rows of any evidence level (default) or, with strong, only "
        "from rows a primary paper's abstract supports (evidence primary: uncited table rows, "
        "review-only and title-only statements left out)",
    )


def add_target_options(parser: argparse.ArgumentParser, *, required: bool) -> None:
    """Add ``--targets`` (the target map) and ``--gene-sets`` (of the target-gene test)."""
    for flag, metavar, default, text in (
        ("--targets", "SOURCES", "kb", "the review's interactions (kb), a target database file "
         "(miRTarBase, TargetScan, miRDB, TarBase, ENCORI, miRWalk, microT-CDS, pairs), a name "
         "stored with mirbone db add, or a comma list of these (kb,mirtarbase)"),
        ("--gene-sets", "go-bp|bone|GMT", "bone", "gene sets of the target-gene test: go-bp "
         "(bundled GO BP), bone (its bone subset) or a GMT file"),
    ):  # fmt: skip
        parser.add_argument(
            flag,
            required=required,
            default=None if required else default,
            metavar=metavar,
            help=text if required else f"{text}; default {default}",
        )


def add_universe_option(parser: argparse.ArgumentParser, *, default: str) -> None:
    """Add ``--universe``: the detected miRNAs (read by :func:`read_query_and_universe`)."""
    parser.add_argument(
        "--universe",
        metavar="FILE",
        help=f"file with the detected miRNAs, one per line (default: {default})",
    )


def read_query_and_universe(
    args: argparse.Namespace, *, command: str
) -> tuple[list[str], list[str] | None]:
    """Read the query miRNAs (``args.query``) and the ``--universe`` file, if given."""
    query = read_names(args.query, species=args.species, what="query", command=command)
    if args.universe is None:
        return query, None
    universe = read_names(args.universe, species=args.species, what="universe", command=command)
    return query, universe


def add_threshold_options(parser: argparse.ArgumentParser) -> None:
    """Add ``--padj`` and ``--log2fc``, the cut-offs of a significant miRNA."""
    parser.add_argument(
        "--padj", type=float, default=0.05, metavar="P", help="adjusted p cut-off (default 0.05)"
    )
    parser.add_argument(
        "--log2fc",
        type=float,
        default=0.0,
        metavar="X",
        help="absolute log2 fold change cut-off (default 0)",
    )


def add_size_options(
    parser: argparse.ArgumentParser,
    *,
    min_default: int | None,
    min_help: str,
    max_default: int | None = None,
    max_help: str | None = None,
    old_min: str | None = None,
) -> None:
    """Add ``--min-size`` (and ``--max-size`` with ``max_help``): the set-size window.

    ``old_min`` is a former spelling of ``--min-size`` kept as a deprecated alias.
    """
    parser.add_argument(
        "--min-size", type=int, default=min_default, metavar="N", help=f"smallest {min_help}"
    )
    if max_help is not None:
        parser.add_argument(
            "--max-size", type=int, default=max_default, metavar="N", help=f"largest {max_help}"
        )
    if old_min is not None:
        add_deprecated_alias(parser, old_min, "--min-size", type=int, metavar="N")


def add_random_options(parser: argparse.ArgumentParser, *, permutations: int, what: str) -> None:
    """Add ``--permutations`` and ``--seed``."""
    parser.add_argument(
        "--permutations",
        type=int,
        default=permutations,
        metavar="N",
        help=f"permutations of {what} (default {permutations})",
    )
    parser.add_argument(
        "--seed", type=int, default=0, metavar="S", help="seed of every random step (default 0)"
    )


def add_progress_options(parser: argparse.ArgumentParser, *, default: bool) -> None:
    """Add ``--progress`` and ``--quiet``: show or hide progress on standard error."""
    group = parser.add_mutually_exclusive_group()
    shown = " (default)" if default else ""
    hidden = "" if default else " (default)"
    group.add_argument(
        "--progress",
        dest="progress",
        action="store_true",
        default=default,
        help=f"show progress on standard error{shown}",
    )
    group.add_argument(
        "--quiet",
        dest="progress",
        action="store_false",
        help=f"no progress on standard error{hidden}",
    )


def add_workers_option(parser: argparse.ArgumentParser) -> None:
    """Add ``--workers``."""
    parser.add_argument(
        "--workers", type=int, default=1, metavar="N", help="worker processes (default 1)"
    )


def add_name_inputs(parser: argparse.ArgumentParser, dest: str, metavar: str, what: str) -> None:
    """Add the names as arguments (``dest``) and ``-i/--input FILE`` (one per line)."""
    parser.add_argument(dest, nargs="*", metavar=metavar, help=f"{what}s (names or IDs)")
    parser.add_argument(
        "-i", "--input", metavar="FILE", help=f"file with one {what} per line (- = stdin)"
    )


def add_output_options(parser: argparse.ArgumentParser, *, folder: bool = False) -> None:
    """Add ``-o/--output`` and ``--force`` (a file, or with ``folder`` a report folder)."""
    if folder:
        parser.add_argument(
            "-o", "--output", metavar="OUTDIR", required=True, help="report folder to create"
        )
        parser.add_argument(
            "--force", action="store_true", help="replace an existing report folder"
        )
        return
    parser.add_argument(
        "-o", "--output", metavar="OUT", help="write here instead of standard output"
    )
    parser.add_argument("--force", action="store_true", help="overwrite an existing output file")


def read_name_list(values: list[str], path: str | None, *, what: str = "name") -> list[str]:
    """Collect names given on the command line and/or in a file (one per line, ``-`` = stdin).

    Blank lines and lines starting with ``#`` are skipped. A table mirbone wrote (``names``,
    ``tables/differential.tsv``, ``targets``) gives the names of its ``mirna`` column.
    """
    names = list(values)
    if path is not None:
        if path == "-":
            lines = _read_stdin().splitlines()
        else:
            from mirbone.io._rawtable import load_text

            lines = load_text(path)[0].splitlines()
        found = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
        found = _names_of_mirbone_table(found)
        if not found and path != "-":
            msg = f"the file holds no {what}s (one per line expected)"
            raise InputError(msg, path=path)
        names.extend(found)
    if not names and path is not None:
        msg = f"no {what}s on standard input (one per line expected)"
        raise InputError(msg, path="standard input")
    if not names:
        msg = f"no {what} given: pass them as arguments or with -i FILE"
        raise InputError(msg)
    return names


def note(command: str, text: str) -> None:
    """Print a note for the user on standard error."""
    print(f"mirbone {command}: {text}", file=sys.stderr)


def listed(names: list[str], limit: int = 10) -> str:
    """Comma-join names, shortened after ``limit``."""
    more = f", ... ({len(names) - limit} more)" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more


def note_unresolved(command: str, what: str, unresolved: list[str]) -> None:
    """Name on standard error the names kept as written (not in miRBase v22)."""
    if unresolved:
        note(
            command,
            f"{len(unresolved)} {what} name(s) not resolved to miRBase v22, kept as "
            f"written: {listed(unresolved)}",
        )


def read_names(path: str, *, species: str, what: str, command: str) -> list[str]:
    """Read a file of miRNA names (``-`` = stdin) and map them to miRBase v22."""
    from mirbone.enrich import resolve_query

    resolved = resolve_query(read_name_list([], path, what=f"{what} miRNA"), species=species)
    note_unresolved(command, what, resolved.unresolved)
    return resolved.names


def _names_of_mirbone_table(lines: list[str]) -> list[str]:
    """Return the miRNA names of a table mirbone wrote (names, differential, targets).

    The ``mirna`` column (resolved names), else ``input``; each name once, in order. Other
    files are returned as they are (one name per line).
    """
    header = lines[0].split("\t") if lines else []
    if len(header) < 2 or header[0] not in ("input", "mirna"):
        return lines
    positions = [header.index(c) for c in ("mirna", "input") if c in header]
    out: list[str] = []
    for line in lines[1:]:
        fields = line.split("\t")
        values = [fields[i].strip() for i in positions if i < len(fields)]
        value = next((v for v in values if v), "")
        if value:
            out.append(value)
    return list(dict.fromkeys(out))


def _read_stdin() -> str:
    """Read standard input as text, refusing binary data like a file would be."""
    from mirbone.io._rawtable import MAX_TEXT_BYTES, decode

    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:  # a text stream (tests, embedding)
        return sys.stdin.read()
    data = buffer.read(MAX_TEXT_BYTES + 1)
    if len(data) > MAX_TEXT_BYTES:
        msg = f"more than {MAX_TEXT_BYTES:,} bytes on standard input"
        raise InputError(msg, path="standard input")
    return decode(data, "standard input")


def emit_table(table: pd.DataFrame, output: str | None, *, force: bool = False) -> None:
    """Write a table as TSV to ``output`` (atomically) or to standard output."""
    if output is None:
        write_tsv(table, sys.stdout)
        sys.stdout.flush()  # a closed pipe (| head) shows here, inside the command
    else:
        write_table(table, output, force=force)


def emit_text(text: str, output: str | None, *, force: bool = False) -> None:
    """Write text to ``output`` (atomically) or to standard output."""
    if output is None:
        sys.stdout.write(text)
    else:
        write_text(output, text, force=force)


def emit_json(payload: object, output: str | None, *, force: bool = False) -> None:
    """Write JSON to ``output`` (atomically) or to standard output."""
    emit_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", output, force=force)
