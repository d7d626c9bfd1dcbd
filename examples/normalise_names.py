"""Normalise the miRNA names of a table to miRBase v22 with mirbone.io and mirbone.names.

Usage: ``python examples/normalise_names.py [OUTDIR] [TABLE]``

Reads TABLE (default: ``examples/data/counts_old_names.tsv``, a count table with old names,
an accession, a precursor, a retired and an unknown name), writes into OUTDIR (default: a
new temporary folder) the counts under their v22 names and the name-resolution log, and
prints what happened to each name.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from mirbone import io, names
from mirbone._output import write_table
from mirbone.errors import InputError

DATA = Path(__file__).resolve().parent / "data"


def main(argv: list[str]) -> int:
    """Normalise the names of one table."""
    outdir = Path(argv[0]) if argv else Path(tempfile.mkdtemp(prefix="mirbone-names-"))
    table = Path(argv[1]) if len(argv) > 1 else DATA / "counts_old_names.tsv"
    outdir.mkdir(parents=True, exist_ok=True)

    # 1. A whole table: mirbone.io.read detects the format and normalises every name.
    data = io.read(table, species="hsa")
    log = data.names[["input", "mirna", "status", "candidates", "action"]]
    print(f"{table.name}: format {data.format}, {len(log)} names")
    print(log.to_string(index=False))

    # 2. Keep the resolved miRNAs only (the unresolved ones stay in the log with a reason).
    resolved = data.names.loc[data.names["status"].isin(names.RESOLVED_STATUSES), "key"]
    counts = data.counts.loc[data.counts.index.isin(resolved)]
    counts.index.name = "mirna"
    write_table(counts.reset_index(), outdir / "counts_v22.tsv")
    write_table(data.names, outdir / "name_log.tsv")

    # 3. Single names: names.normalize works on any list.
    print(names.normalize(["hsa-miR-21", "hsa-miR-23a*", "MIMAT0000062"]).to_string(index=False))
    print(f"wrote {outdir / 'counts_v22.tsv'} ({len(counts)} miRNAs) and {outdir / 'name_log.tsv'}")
    return 0


if __name__ == "__main__":
    try:
        raise SystemExit(main(sys.argv[1:]))
    except InputError as error:  # e.g. an output file that exists: never overwritten
        print(error, file=sys.stderr)
        raise SystemExit(2) from None
