"""Build mirbone's miRNA family table (resources/genesets/mirna_families.tsv.gz).

Usage::

    python resources/build/build_mirna_families.py FAMILY_FILE

FAMILY_FILE is miRBase's family file in either of its two public forms:

- ``miFam.dat`` (miRBase's own download; blocks of ``AC MIPF...``, ``ID name``,
  ``MI MI... precursor`` lines ending with ``//``), gzip or plain;
- ``mirbase.family.obo`` (the OBO rendering of the same file, one ``[Term]`` per family member:
  ``id: mirbase.family:MIPF...``, ``name: ...``,
  ``relationship: RO:0002351 mirbase:MI... ! has member PRECURSOR``).

Each family member is a hairpin (precursor); the mature miRNAs of the family are the matures
of its hairpins, taken from the bundled miRBase v22 tables (``resources/mirbase/``) by
precursor accession. Hairpins whose accession is not in v22 for hsa, mmu or rno are left out,
and a precursor whose name in the family file differs from its v22 name stops the build.

Output (gzip TSV without timestamp, sorted rows: a rebuild is byte-identical): species,
family_acc, family, precursor_acc, precursor, mature_acc, mature; one row per mature miRNA
and hairpin.
"""

from __future__ import annotations

import argparse
import gzip
import re
from pathlib import Path

import pandas as pd
from _buildutil import write_gz_tsv

ROOT = Path(__file__).resolve().parents[2]
MIRBASE = ROOT / "resources" / "mirbase"
OUT = ROOT / "resources" / "genesets" / "mirna_families.tsv.gz"
COLUMNS = ["family_acc", "family", "precursor_acc", "precursor_in_file"]
OBO_MEMBER = re.compile(r"relationship: RO:0002351 mirbase:(MI\d+) ! has member (\S+)")


def _lines(path: Path) -> list[str]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as stream:
        return stream.read().splitlines()


def parse_mifam(lines: list[str]) -> pd.DataFrame:
    """Family memberships from miRBase's ``miFam.dat``."""
    rows: list[tuple[str, str, str, str]] = []
    accession = name = ""
    for line in lines:
        fields = line.split()
        if not fields or fields[0] == "//":
            accession = name = ""
        elif fields[0] == "AC":
            accession = fields[1]
        elif fields[0] == "ID":
            name = fields[1]
        elif fields[0] == "MI" and accession:
            rows.append((accession, name, fields[1], fields[2]))
    return pd.DataFrame(rows, columns=COLUMNS)


def parse_obo(lines: list[str]) -> pd.DataFrame:
    """Family memberships from the OBO rendering of ``miFam.dat``."""
    rows: list[tuple[str, str, str, str]] = []
    accession = name = ""
    for line in lines:
        if line.startswith("[Term]"):
            accession = name = ""
        elif line.startswith("id: mirbase.family:"):
            accession = line.split(":", 2)[2].strip()
        elif line.startswith("name: "):
            name = line.removeprefix("name: ").strip()
        elif (match := OBO_MEMBER.match(line)) and accession:
            rows.append((accession, name, match.group(1), match.group(2)))
    return pd.DataFrame(rows, columns=COLUMNS)


def build(source: Path) -> pd.DataFrame:
    """Read the family file and join it to the bundled v22 hairpins and matures."""
    lines = _lines(source)
    members = parse_obo(lines) if any(x.startswith("[Term]") for x in lines) else None
    if members is None:
        members = parse_mifam(lines)
    members = members.drop_duplicates()
    if members.empty:
        msg = f"{source}: no family members found"
        raise SystemExit(msg)
    read = {"sep": "\t", "dtype": str, "keep_default_na": False}
    precursor = pd.read_csv(MIRBASE / "precursor.tsv.gz", **read)
    mature = pd.read_csv(MIRBASE / "mature.tsv.gz", **read)
    joined = members.merge(precursor, on="precursor_acc", how="inner")
    renamed = joined[joined["precursor"] != joined["precursor_in_file"]]
    if not renamed.empty:
        first = renamed.iloc[0]
        msg = (
            f"{source}: {first['precursor_acc']} is {first['precursor_in_file']} in the family "
            f"file but {first['precursor']} in miRBase v22"
        )
        raise SystemExit(msg)
    joined["mature_acc"] = joined["mature_acc"].str.split(";")
    joined = joined.explode("mature_acc")
    joined = joined[joined["mature_acc"] != ""]
    names = mature.set_index("mature_acc")["mature"]
    joined["mature"] = joined["mature_acc"].map(names)
    if joined["mature"].isna().any():
        missing = joined.loc[joined["mature"].isna(), "mature_acc"].iloc[0]
        msg = f"mature accession {missing} of a v22 hairpin is missing from mature.tsv.gz"
        raise SystemExit(msg)
    table = joined[
        ["species", "family_acc", "family", "precursor_acc", "precursor", "mature_acc", "mature"]
    ]
    return table.sort_values(["species", "family_acc", "precursor_acc", "mature_acc"]).reset_index(
        drop=True
    )


def main(argv: list[str] | None = None) -> None:
    """Parse the options, build the table and write it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("family_file", type=Path, help="miFam.dat(.gz) or mirbase.family.obo")
    args = parser.parse_args(argv)
    table = build(args.family_file)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    write_gz_tsv(table, OUT)
    counts = table.groupby("species").agg(
        families=("family_acc", "nunique"), matures=("mature_acc", "nunique")
    )
    for species, row in counts.iterrows():
        print(f"{species}: {row['families']} families, {row['matures']} mature miRNAs")


if __name__ == "__main__":
    main()
