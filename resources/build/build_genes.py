"""Build mirbone's human gene snapshot and GO BP gene sets from Bioconductor's SQLite files.

Usage::

    python resources/build/build_genes.py [--debs DIR]

The sources are the Debian packages ``r-bioc-org.hs.eg.db`` (3.16.0: NCBI Gene 2022-09-12,
GO annotations 2022-07-01) and ``r-bioc-go.db`` (3.16.0: GO 2022-07-01). With ``--debs DIR``
the ``.deb`` files already in DIR are used; without it they are fetched with
``apt-get download`` into a temporary folder. Each ``.deb`` is unpacked with ``dpkg -x`` (no R
needed) and ``org.Hs.eg.sqlite`` / ``GO.sqlite`` are read with :mod:`sqlite3`.

Outputs (gzip TSV without timestamps, sorted rows: a rebuild is byte-identical):

- ``resources/genes/genes.tsv.gz``: entrez_id, symbol, name, type, chromosome, ensembl
  (``;``-joined ENSG IDs; chromosome ``;``-joined for genes on X and Y).
- ``resources/genes/aliases.tsv.gz``: alias, entrez_id (NCBI synonyms, which include previous
  symbols; a gene's own current symbol is left out).
- ``resources/genes/refseq.tsv.gz``: refseq (NM_/NR_ accession without version), entrez_id.
- ``resources/genesets/go_bp.tsv.gz``: go_id, name, size, genes (space-joined current symbols)
  from ``go_bp_all`` (annotations propagated to every ancestor term), every evidence code but
  ND, sets of 5 to 2000 distinct symbols.
- ``resources/genesets/go_bp_bone.tsv``: go_id, name, root, size, genes for the bone roots
  below and every descendant term with an annotated gene (no size bound).
- ``resources/genesets/go_bp_parents.tsv.gz``: go_id, parent_id, relation (``is_a`` or
  ``part_of``): the direct parent links between BP terms (``go_bp_parents``), used to collapse
  redundant enriched terms; ``regulates`` links are left out.
"""

from __future__ import annotations

import argparse
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pandas as pd
from _buildutil import write_gz_tsv

ROOT = Path(__file__).resolve().parents[2]
OUT_GENES = ROOT / "resources" / "genes"
OUT_SETS = ROOT / "resources" / "genesets"
PACKAGES = ("r-bioc-org.hs.eg.db", "r-bioc-go.db")
ORG_SQLITE = "usr/lib/R/site-library/org.Hs.eg.db/extdata/org.Hs.eg.sqlite"
GO_SQLITE = "usr/lib/R/site-library/GO.db/extdata/GO.sqlite"
MIN_SET, MAX_SET = 5, 2000
BONE_ROOTS = (
    "GO:0001501",  # skeletal system development
    "GO:0001503",  # ossification
    "GO:0001649",  # osteoblast differentiation
    "GO:0030282",  # bone mineralization
    "GO:0030316",  # osteoclast differentiation
    "GO:0031214",  # biomineral tissue development
    "GO:0045453",  # bone resorption
    "GO:0046849",  # bone remodeling
    "GO:0060348",  # bone development
    "GO:0060349",  # bone morphogenesis
)


def unpack(debs: Path | None, work: Path) -> Path:
    """Unpack the two ``.deb`` files (downloading them first when ``debs`` is None)."""
    if debs is None:
        debs = work / "debs"
        debs.mkdir()
        subprocess.run(["apt-get", "download", *PACKAGES], cwd=debs, check=True)
    tree = work / "tree"
    tree.mkdir()
    for package in PACKAGES:
        found = sorted(debs.glob(f"{package}_*.deb"))
        if not found:
            msg = f"no {package}_*.deb in {debs}"
            raise SystemExit(msg)
        subprocess.run(["dpkg", "-x", str(found[-1]), str(tree)], check=True)
    return tree


def query(connection: sqlite3.Connection, sql: str) -> pd.DataFrame:
    """Run one query and return the rows as a string DataFrame."""
    return pd.read_sql_query(sql, connection).astype(str)


def joined(table: pd.DataFrame, key: str, value: str, sep: str = ";") -> pd.Series:
    """Sorted unique values of ``value`` per ``key``, joined with ``sep``."""
    return table.groupby(key)[value].agg(lambda v: sep.join(sorted(set(v))))


def build_genes(org: sqlite3.Connection) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Derive the gene, alias and RefSeq tables from ``org.Hs.eg.sqlite``."""
    genes = query(
        org,
        "SELECT g.gene_id AS entrez_id, i.symbol, i.gene_name AS name, t.gene_type AS type "
        "FROM genes g JOIN gene_info i USING (_id) LEFT JOIN genetype t USING (_id)",
    )
    chromosomes = query(
        org,
        "SELECT g.gene_id AS entrez_id, c.chromosome FROM chromosomes c JOIN genes g USING (_id)",
    )
    ensembl = query(
        org, "SELECT g.gene_id AS entrez_id, e.ensembl_id FROM ensembl e JOIN genes g USING (_id)"
    )
    genes["chromosome"] = genes["entrez_id"].map(joined(chromosomes, "entrez_id", "chromosome"))
    genes["ensembl"] = genes["entrez_id"].map(joined(ensembl, "entrez_id", "ensembl_id"))
    genes = genes.assign(order=genes["entrez_id"].astype(int)).sort_values("order")
    genes = genes.drop(columns="order").reset_index(drop=True)
    if genes["entrez_id"].duplicated().any():
        msg = "duplicated Entrez IDs in gene_info"
        raise SystemExit(msg)

    aliases = query(
        org,
        "SELECT a.alias_symbol AS alias, g.gene_id AS entrez_id FROM alias a "
        "JOIN genes g USING (_id) JOIN gene_info i USING (_id) WHERE a.alias_symbol != i.symbol",
    )
    aliases = aliases.drop_duplicates()
    aliases = aliases.assign(order=aliases["entrez_id"].astype(int))
    aliases = aliases.sort_values(["alias", "order"]).drop(columns="order")

    refseq = query(
        org,
        "SELECT r.accession AS refseq, g.gene_id AS entrez_id FROM refseq r "
        "JOIN genes g USING (_id) WHERE r.accession LIKE 'NM^_%' ESCAPE '^' "
        "OR r.accession LIKE 'NR^_%' ESCAPE '^'",
    )
    refseq["refseq"] = refseq["refseq"].str.replace(r"\.\d+$", "", regex=True)
    refseq = refseq.drop_duplicates().sort_values(["refseq", "entrez_id"])
    return genes, aliases, refseq


def build_sets(
    org: sqlite3.Connection, go: sqlite3.Connection, genes: pd.DataFrame
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Derive the GO BP gene sets (all and bone-related) with current symbols as members."""
    annotations = query(
        org,
        "SELECT DISTINCT b.go_id, g.gene_id AS entrez_id FROM go_bp_all b "
        "JOIN genes g USING (_id) WHERE b.evidence != 'ND'",
    )
    symbol = genes.set_index("entrez_id")["symbol"]
    annotations["symbol"] = annotations["entrez_id"].map(symbol)
    annotations = annotations.dropna(subset=["symbol"])
    members = joined(annotations, "go_id", "symbol", sep=" ")
    terms = query(go, "SELECT go_id, term AS name FROM go_term WHERE ontology = 'BP'")
    names = terms.set_index("go_id")["name"]
    table = pd.DataFrame({"go_id": members.index, "genes": members.to_numpy()})
    table["name"] = table["go_id"].map(names)
    missing = table["name"].isna()
    if missing.any():
        print(f"dropping {int(missing.sum())} GO IDs absent from GO.db", file=sys.stderr)
        table = table[~missing]
    table["size"] = table["genes"].str.count(" ") + 1
    table = table[["go_id", "name", "size", "genes"]].sort_values("go_id")

    offspring = query(
        go,
        "SELECT p.go_id AS root, c.go_id AS go_id FROM go_bp_offspring o "
        "JOIN go_term p ON p._id = o._id JOIN go_term c ON c._id = o._offspring_id",
    )
    offspring = offspring[offspring["root"].isin(BONE_ROOTS)]
    roots = pd.DataFrame({"root": BONE_ROOTS, "go_id": BONE_ROOTS})
    lineage = pd.concat([roots, offspring], ignore_index=True)
    root_of = joined(lineage, "go_id", "root")
    bone = table[table["go_id"].isin(root_of.index)].copy()
    bone.insert(2, "root", bone["go_id"].map(root_of))
    sized = table[(table["size"] >= MIN_SET) & (table["size"] <= MAX_SET)]
    return sized.reset_index(drop=True), bone.reset_index(drop=True)


def build_parents(go: sqlite3.Connection) -> pd.DataFrame:
    """Direct ``is_a`` and ``part_of`` parent links between GO BP terms."""
    parents = query(
        go,
        "SELECT c.go_id AS go_id, p.go_id AS parent_id, b.relationship_type AS relation "
        "FROM go_bp_parents b JOIN go_term c ON c._id = b._id "
        "JOIN go_term p ON p._id = b._parent_id "
        "WHERE b.relationship_type IN ('isa', 'part of')",
    )
    parents["relation"] = parents["relation"].map({"isa": "is_a", "part of": "part_of"})
    parents = parents.drop_duplicates().sort_values(["go_id", "parent_id", "relation"])
    return parents.reset_index(drop=True)


def main(argv: list[str] | None = None) -> None:
    """Parse the options, build every table and write them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--debs", type=Path, help="folder holding the two .deb files")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        tree = unpack(args.debs, Path(tmp))
        org = sqlite3.connect(tree / ORG_SQLITE)
        go = sqlite3.connect(tree / GO_SQLITE)
        genes, aliases, refseq = build_genes(org)
        go_bp, bone = build_sets(org, go, genes)
        parents = build_parents(go)
        org.close()
        go.close()
    OUT_GENES.mkdir(parents=True, exist_ok=True)
    OUT_SETS.mkdir(parents=True, exist_ok=True)
    write_gz_tsv(genes, OUT_GENES / "genes.tsv.gz")
    write_gz_tsv(aliases, OUT_GENES / "aliases.tsv.gz")
    write_gz_tsv(refseq, OUT_GENES / "refseq.tsv.gz")
    write_gz_tsv(go_bp, OUT_SETS / "go_bp.tsv.gz")
    write_gz_tsv(parents, OUT_SETS / "go_bp_parents.tsv.gz")
    bone.to_csv(OUT_SETS / "go_bp_bone.tsv", sep="\t", index=False, lineterminator="\n")
    print(
        f"genes {len(genes)}, aliases {len(aliases)}, refseq {len(refseq)}, "
        f"GO BP sets {len(go_bp)} ({MIN_SET}..{MAX_SET} genes), bone terms {len(bone)}, "
        f"parent links {len(parents)}"
    )


if __name__ == "__main__":
    main()
