"""Build mirbone's miRBase tables (resources/mirbase/) from the decoded miRBase release tables.

Usage::

    python resources/build/build_mirbase.py [SOURCE_DIR]

SOURCE_DIR holds ``mature_v22.tsv.gz``, ``precursor_v22.tsv.gz``,
``mature_names_by_version.tsv.gz`` and ``versions.tsv`` (miRBase releases 6-22 for hsa, mmu
and rno, decoded from miRBaseConverter's snapshots; default ``../shared/data/mirbase``).
The output is deterministic (sorted rows, gzip without timestamps), so a rebuild from the
same input gives byte-identical files.

``mirbase_v22_supplement.tsv`` (beside this script) adds the v22 matures that the decoded
snapshots lack (mmu-miR-3102-3p and mmu-miR-3102-3p.2-3p, MIMAT0014936/MIMAT0014935, from
miRBase 22's ``mmu.gff3``): accession, name and hairpin, without a sequence (the GFF has
none), so names and accessions resolve and no sequence-based mapping uses them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd
from _buildutil import write_gz_tsv

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "resources" / "mirbase"
SUPPLEMENT = Path(__file__).resolve().parent / "mirbase_v22_supplement.tsv"
SPECIES = ("hsa", "mmu", "rno")


def version_number(label: str) -> float:
    """Turn a miRBase release label (``v9.2``, ``v10.1``, ``v22``) into a sortable number."""
    major, _, minor = label.removeprefix("v").replace("_", ".").partition(".")
    return int(major) + (int(minor) / 10 if minor else 0.0)


def build(source: Path) -> None:
    """Read the source tables, check them and write the resource tables."""
    read = {"sep": "\t", "dtype": str, "keep_default_na": False}
    mature = pd.read_csv(source / "mature_v22.tsv.gz", **read)
    precursor = pd.read_csv(source / "precursor_v22.tsv.gz", **read)
    history = pd.read_csv(source / "mature_names_by_version.tsv.gz", **read)

    mature = mature[mature["species"].isin(SPECIES)]
    precursor = precursor[precursor["species"].isin(SPECIES)]
    history = history[history["species"].isin(SPECIES)]

    supplement = pd.read_csv(SUPPLEMENT, **read).drop(columns="source")
    supplement = supplement[~supplement["mature_acc"].isin(mature["mature_acc"])]
    mature = pd.concat([mature, supplement], ignore_index=True)
    for row in supplement.itertuples(index=False):
        at = precursor["precursor_acc"].eq(row.precursor_acc)
        if at.sum() != 1:
            msg = f"supplement {row.mature_acc}: hairpin {row.precursor_acc} not in the source"
            raise SystemExit(msg)
        listed = precursor.loc[at, "mature_acc"].iloc[0].split(";")
        if row.mature_acc not in listed:
            precursor.loc[at, "mature_acc"] = ";".join([*listed, row.mature_acc])
    for table, key in ((mature, "mature_acc"), (precursor, "precursor_acc")):
        if table[key].duplicated().any():
            msg = f"duplicated accessions in {key}"
            raise SystemExit(msg)
    if mature["mature"].duplicated().any():
        msg_0 = "duplicated v22 mature names"
        raise SystemExit(msg_0)
    with_sequence = ~mature["mature_acc"].isin(supplement["mature_acc"])
    if not mature.loc[with_sequence, "sequence"].str.fullmatch(r"[ACGU]+").all():
        msg_0 = "unexpected characters in mature sequences"
        raise SystemExit(msg_0)

    history = history.assign(
        first_release=history["first_version"].map(version_number),
        last_release=history["last_version"].map(version_number),
    )
    alive = set(mature["mature_acc"])
    history["in_v22"] = history["mature_acc"].isin(alive).map({True: "yes", False: "no"})

    OUT.mkdir(parents=True, exist_ok=True)
    write_gz_tsv(mature.sort_values(["species", "mature_acc"]), OUT / "mature.tsv.gz")
    write_gz_tsv(precursor.sort_values(["species", "precursor_acc"]), OUT / "precursor.tsv.gz")
    write_gz_tsv(
        history.sort_values(["species", "mature_acc", "first_release", "mature"]).drop(
            columns=["first_release", "last_release"]
        ),
        OUT / "mature_history.tsv.gz",
    )
    (OUT / "versions.tsv").write_text((source / "versions.tsv").read_text())
    counts = mature.groupby("species").size().to_dict()
    print(f"wrote {OUT}: matures {counts}, precursors {len(precursor)}, history {len(history)}")


if __name__ == "__main__":
    default = ROOT.parent / "shared" / "data" / "mirbase"
    build(Path(sys.argv[1]) if len(sys.argv) > 1 else default)
