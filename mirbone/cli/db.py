"""``mirbone db``: store target databases under names (add, list, info, remove, fetch)."""

from __future__ import annotations

import argparse
import json
import sys

from mirbone.cli import _common as common
from mirbone.cli._common import emit_table

#: Columns of ``mirbone db list``.
LIST_COLUMNS = ["name", "format", "species", "version", "added", "edges", "rows_read", "sha256"]


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add the ``db`` subcommand and its actions."""
    parser = subparsers.add_parser(
        "db",
        help="store target databases under names (miRTarBase, TargetScan, ...) for reuse",
        description=(
            "Keep target databases under names, read once and stored as Parquet with their "
            "sha256, row counts, species, version and the date they were added, under "
            "MIRBONE_HOME (default: the platform's user data folder). A stored name can be "
            "given wherever a target file is accepted (the targets, target-enrich and "
            "analyze commands), alone or in a comma list such as kb,mirtarbase,targetscan."
        ),
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True

    add = actions.add_parser("add", help="read a target file and store it under NAME")
    add.add_argument("name", metavar="NAME", help="the name to store it under (e.g. mirtarbase)")
    add.add_argument("file", metavar="FILE", help="the target file")
    _file_options(add)
    add.add_argument("--force", action="store_true", help="replace a database of that name")
    add.set_defaults(func=run_add)

    listing = actions.add_parser("list", help="list the stored databases")
    listing.set_defaults(func=run_list)

    info = actions.add_parser("info", help="show one stored database in full (JSON)")
    info.add_argument("name", metavar="NAME")
    info.set_defaults(func=run_info)

    remove = actions.add_parser("remove", help="delete a stored database")
    remove.add_argument("name", metavar="NAME")
    remove.set_defaults(func=run_remove)

    fetch = actions.add_parser(
        "fetch",
        help="download a known release (pinned sha256) and store it",
        description=(
            "Download a release from its official URL, check its sha256 and store it "
            "under NAME. Known releases: mirtarbase, mirdb, targetscan; those without a "
            "verified checksum need --sha256. Any other file: --url and --sha256. Needs "
            "a network connection; without one it stops with exit code 2."
        ),
    )
    fetch.add_argument("name", metavar="NAME")
    fetch.add_argument("--url", help="download this URL instead of the known release")
    fetch.add_argument("--sha256", metavar="HEX", help="the sha256 the download must have")
    _file_options(fetch, format_default=None)
    fetch.add_argument("--force", action="store_true", help="replace a database of that name")
    fetch.set_defaults(func=run_fetch)


def _file_options(
    parser: argparse.ArgumentParser,
    *,
    format_default: str | None = "auto",
) -> None:
    from mirbone.cli.targets import TARGET_FORMATS

    parser.add_argument(
        "--format",
        default=format_default,
        choices=["auto", *TARGET_FORMATS],
        help="format of the file (default: detect from the header)",
    )
    common.add_species_option(parser)
    parser.add_argument("--version", dest="db_version", metavar="V", help="release, e.g. 9.0")


def run_add(args: argparse.Namespace) -> int:
    """Store a file under a name; say what was stored on stderr."""
    from mirbone.targets import _store

    entry = _store.add(
        args.name, args.file, format=args.format, species=args.species,
        version=args.db_version, force=args.force,
    )  # fmt: skip
    _say_stored(entry)
    return 0


def run_fetch(args: argparse.Namespace) -> int:
    """Download a release and store it."""
    from mirbone.targets import _store

    entry = _store.fetch(
        args.name, url=args.url, sha256=args.sha256, version=args.db_version,
        format=None if args.format in (None, "auto") else args.format,
        species=args.species, force=args.force,
    )  # fmt: skip
    _say_stored(entry)
    return 0


def _say_stored(entry: dict) -> None:
    print(
        f"mirbone db: stored {entry['name']} ({entry['format']}, {entry['species']}, "
        f"version {entry['version'] or 'not given'}): {entry['edges']:,} edges from "
        f"{entry['rows_read']:,} rows, {entry['unresolved']:,} unresolved; "
        f"sha256 {entry['sha256']}",
        file=sys.stderr,
    )


def run_list(args: argparse.Namespace) -> int:
    """Print the stored databases as a TSV table."""
    import pandas as pd

    from mirbone.targets import _store

    del args
    rows = [{k: e.get(k) for k in LIST_COLUMNS} for e in _store.entries()]
    table = pd.DataFrame(rows, columns=LIST_COLUMNS).fillna("")
    emit_table(table, None)
    return 0


def run_info(args: argparse.Namespace) -> int:
    """Print one entry of the manifest as JSON."""
    from mirbone.targets import _store

    entry = _store.info(args.name)
    entry["store"] = str(_store.home() / "db")
    sys.stdout.write(json.dumps(entry, indent=2, sort_keys=True, ensure_ascii=False) + "\n")
    return 0


def run_remove(args: argparse.Namespace) -> int:
    """Delete a stored database."""
    from mirbone.targets import _store

    entry = _store.remove(args.name)
    print(f"mirbone db: removed {entry['name']}", file=sys.stderr)
    return 0
