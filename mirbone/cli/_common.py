"""Helpers shared by the subcommands: reading name lists and writing tables."""

from __future__ import annotations

import argparse
import json
import sys

import pandas as pd

from mirbone._output import write_table, write_text
from mirbone.errors import InputError


def add_output_options(parser: argparse.ArgumentParser) -> None:
    """Add ``-o/--output`` and ``--force``."""
    parser.add_argument(
        "-o", "--output", metavar="OUT", help="write here instead of standard output"
    )
    parser.add_argument("--force", action="store_true", help="overwrite an existing output file")


def read_name_list(values: list[str], path: str | None, *, what: str = "name") -> list[str]:
    """Collect names given on the command line and/or in a file (one per line, ``-`` = stdin).

    Blank lines and lines starting with ``#`` are skipped.
    """
    names = list(values)
    if path is not None:
        if path == "-":
            lines = _read_stdin().splitlines()
        else:
            from mirbone.io._rawtable import load_text

            lines = load_text(path)[0].splitlines()
        found = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
        if not found and path != "-":
            msg = f"the file holds no {what}s (one per line expected)"
            raise InputError(msg, path=path)
        names.extend(found)
    if not names:
        msg = f"no {what} given: pass them as arguments or with -i FILE"
        raise InputError(msg)
    return names


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
        table.to_csv(sys.stdout, sep="\t", index=False, lineterminator="\n")
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
