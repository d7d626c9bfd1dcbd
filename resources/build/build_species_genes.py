"""Build mirbone's mouse and rat gene tables and their human orthologues.

Usage::

    python resources/build/build_species_genes.py --mouse-gene-info Mus_musculus.gene_info.gz \
        --babelgene-rda sysdata.rda

Sources (see resources/PROVENANCE.md for versions, dates and licences):

- ``--mouse-gene-info``: NCBI Gene's ``Mus_musculus.gene_info.gz`` (tab-separated, one row
  per mouse gene: GeneID, Symbol, Synonyms, dbXrefs, chromosome, description,
  type_of_gene, ...).
- ``--babelgene-rda``: ``R/sysdata.rda`` of the R package babelgene 22.9, which holds the
  HGNC Comparison of Orthology Predictions (HCOP) for every HCOP species as the data frame
  ``orthologs_df`` (human_symbol, human_entrez, human_ensembl, taxon_id, symbol, entrez,
  ensembl, support, support_n). It is read with the pure-Python ``rdata`` package (a build
  dependency only: ``pip install rdata``), no R needed.

The human side of every pair is checked against the bundled human snapshot
(``resources/genes/genes.tsv.gz``); pairs whose human Entrez ID it lacks are dropped and
counted. Pairs need at least ``--min-support`` supporting databases (default 3, babelgene's
own default).

Outputs (gzip TSV without timestamps, sorted rows: a rebuild is byte-identical):

- ``resources/genes/mmu_genes.tsv.gz``: entrez_id, symbol, name, type, chromosome, ensembl
  (the columns of the human ``genes.tsv.gz``; NCBI records of type ``biological-region``
  left out).
- ``resources/genes/mmu_aliases.tsv.gz``: alias, entrez_id (NCBI synonyms; a gene's own
  current symbol left out).
- ``resources/genes/rno_genes.tsv.gz``: the same columns for the rat genes that HCOP lists
  with an Entrez ID (name, type and chromosome empty: HCOP does not carry them).
- ``resources/genes/rno_aliases.tsv.gz``: alias, entrez_id: only the second names HCOP
  gives a few rat genes; NCBI's rat synonyms are not available offline (MyGene.info has
  them).
- ``resources/genes/orthologues_mmu.tsv.gz`` and ``orthologues_rno.tsv.gz``: entrez_id,
  symbol (species gene), human_entrez_id, human_symbol (current symbol in the human
  snapshot), support (number of HCOP databases), orthology. ``orthology`` is seen from the
  species gene: ``one-to-one`` (one human gene, which has no other orthologue of this
  species), ``one-to-many`` (several human genes), ``many-to-one`` (one human gene shared
  with other genes of the species) or ``many-to-many``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd
from _buildutil import write_gz_tsv

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "resources" / "genes"
TAXA = {"mmu": 10090, "rno": 10116}
GENE_COLUMNS = ["entrez_id", "symbol", "name", "type", "chromosome", "ensembl"]


def _sorted_by_entrez(table: pd.DataFrame, *extra: str) -> pd.DataFrame:
    order = table["entrez_id"].astype(int)
    table = table.assign(_order=order).sort_values(["_order", *extra], kind="stable")
    return table.drop(columns="_order").reset_index(drop=True)


def mouse_genes(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Derive the gene and alias tables from NCBI's ``Mus_musculus.gene_info.gz``."""
    info = pd.read_csv(path, sep="\t", dtype=str, keep_default_na=False)
    info = info[info["#tax_id"] == "10090"]
    dropped = int((info["type_of_gene"] == "biological-region").sum())
    info = info[info["type_of_gene"] != "biological-region"]
    if info["GeneID"].duplicated().any():
        msg = "duplicated GeneID in the mouse gene_info file"
        raise SystemExit(msg)
    ensembl = info["dbXrefs"].str.findall(r"Ensembl:(ENSMUSG\d{11})")
    genes = pd.DataFrame({
        "entrez_id": info["GeneID"],
        "symbol": info["Symbol"],
        "name": info["description"].replace("-", ""),
        "type": info["type_of_gene"],
        "chromosome": info["chromosome"].replace("-", "").str.replace("|", ";"),
        "ensembl": ensembl.map(lambda ids: ";".join(sorted(set(ids)))),
    })  # fmt: skip
    genes = _sorted_by_entrez(genes)
    synonyms = info[["GeneID", "Symbol", "Synonyms"]].copy()
    synonyms["alias"] = synonyms["Synonyms"].str.split("|")
    aliases = synonyms.explode("alias")
    aliases = aliases[(aliases["alias"] != "-") & (aliases["alias"] != aliases["Symbol"])]
    aliases = aliases.rename(columns={"GeneID": "entrez_id"})[["alias", "entrez_id"]]
    aliases = aliases.drop_duplicates()
    aliases = aliases.assign(_order=aliases["entrez_id"].astype(int))
    aliases = aliases.sort_values(["alias", "_order"]).drop(columns="_order")
    print(
        f"mouse: {len(genes)} genes ({dropped} biological regions left out), "
        f"{len(aliases)} aliases",
        file=sys.stderr,
    )
    return genes, aliases.reset_index(drop=True)


def read_hcop(path: Path) -> pd.DataFrame:
    """Read the HCOP pairs of mouse and rat from babelgene's ``sysdata.rda``."""
    import rdata  # build dependency only

    frame = rdata.read_rda(str(path))["orthologs_df"]
    frame = frame[frame["taxon_id"].isin(list(TAXA.values()))]
    frame = frame.dropna(subset=["human_entrez", "entrez"])
    out = pd.DataFrame({
        "taxon_id": frame["taxon_id"].astype(int),
        "human_entrez_id": frame["human_entrez"].astype(int).astype(str),
        "entrez_id": frame["entrez"].astype(int).astype(str),
        "symbol": frame["symbol"].astype(str),
        "ensembl": frame["ensembl"].astype(object).where(frame["ensembl"].notna(), ""),
        "support": frame["support_n"].astype(int),
        "ncbi": frame["support"].astype(str).str.split("|").map(lambda s: "NCBI" in s),
    })  # fmt: skip
    return out.reset_index(drop=True)


def orthology_class(pairs: pd.DataFrame) -> pd.Series:
    """Classify each pair (one-to-one, one-to-many, ...), seen from the species gene."""
    humans_per_gene = pairs.groupby("entrez_id")["human_entrez_id"].transform("nunique")
    genes_per_human = pairs.groupby("human_entrez_id")["entrez_id"].transform("nunique")
    out = pd.Series("one-to-one", index=pairs.index)
    out[(humans_per_gene > 1) & (genes_per_human == 1)] = "one-to-many"
    out[(humans_per_gene == 1) & (genes_per_human > 1)] = "many-to-one"
    out[(humans_per_gene > 1) & (genes_per_human > 1)] = "many-to-many"
    return out


def orthologues(
    hcop: pd.DataFrame,
    species: str,
    species_genes: pd.DataFrame,
    human: pd.DataFrame,
    min_support: int,
) -> pd.DataFrame:
    """Pair one species' genes with their human orthologues and orthology class."""
    pairs = hcop[(hcop["taxon_id"] == TAXA[species]) & (hcop["support"] >= min_support)]
    pairs = pairs.groupby(["entrez_id", "human_entrez_id"], as_index=False)["support"].max()
    human_symbol = human.set_index("entrez_id")["symbol"]
    species_symbol = species_genes.set_index("entrez_id")["symbol"]
    known_human = pairs["human_entrez_id"].isin(human_symbol.index)
    known_gene = pairs["entrez_id"].isin(species_symbol.index)
    print(
        f"{species}: {len(pairs)} pairs with support >= {min_support}; "
        f"{int((~known_human).sum())} dropped (human Entrez ID not in the human snapshot), "
        f"{int((known_human & ~known_gene).sum())} dropped (gene not in the {species} table)",
        file=sys.stderr,
    )
    pairs = pairs[known_human & known_gene].copy()
    pairs["symbol"] = pairs["entrez_id"].map(species_symbol)
    pairs["human_symbol"] = pairs["human_entrez_id"].map(human_symbol)
    pairs["orthology"] = orthology_class(pairs)
    pairs = pairs[
        ["entrez_id", "symbol", "human_entrez_id", "human_symbol", "support", "orthology"]
    ]
    pairs = pairs.assign(_human=pairs["human_entrez_id"].astype(int))
    pairs = _sorted_by_entrez(pairs, "_human").drop(columns="_human")
    counts = pairs.drop_duplicates("entrez_id")["orthology"].value_counts().to_dict()
    print(
        f"{species}: {len(pairs)} pairs, {pairs['entrez_id'].nunique()} genes {counts}",
        file=sys.stderr,
    )
    return pairs


def rat_genes(hcop: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Derive the rat genes named by HCOP (Entrez ID, symbol, Ensembl IDs); other fields unknown.

    A few Entrez IDs carry two names in HCOP (an Ensembl clone name or an older symbol
    beside the NCBI one). The symbol is the name of a pair NCBI's orthologue table supports
    (NCBI's own symbol), else the name with the most supporting databases summed over the
    gene's pairs (ties: alphabetical); the other names become the gene's aliases.
    """
    rat = hcop[hcop["taxon_id"] == TAXA["rno"]]
    weight = rat.groupby(["entrez_id", "symbol"], as_index=False).agg(
        ncbi=("ncbi", "any"), support=("support", "sum")
    )
    weight = weight.sort_values(
        ["entrez_id", "ncbi", "support", "symbol"],
        ascending=[True, False, False, True],
        kind="stable",
    )
    first = ~weight["entrez_id"].duplicated()
    symbol = weight[first].set_index("entrez_id")["symbol"]
    aliases = weight[~first].rename(columns={"symbol": "alias"})[["alias", "entrez_id"]]
    aliases = aliases.sort_values(["alias", "entrez_id"]).reset_index(drop=True)
    ensembl = (
        rat[rat["ensembl"] != ""]
        .groupby("entrez_id")["ensembl"]
        .agg(lambda s: ";".join(sorted(set(s))))
    )
    genes = pd.DataFrame({"entrez_id": symbol.index, "symbol": symbol.to_numpy()})
    genes["name"] = ""
    genes["type"] = ""
    genes["chromosome"] = ""
    genes["ensembl"] = genes["entrez_id"].map(ensembl).fillna("")
    print(
        f"rat: {len(genes)} genes named by HCOP, {len(aliases)} second names "
        f"({'; '.join(f'{a} -> {symbol[e]}' for a, e in aliases.itertuples(index=False))})",
        file=sys.stderr,
    )
    return _sorted_by_entrez(genes[GENE_COLUMNS]), aliases


def main(argv: list[str] | None = None) -> None:
    """Parse the options, build every table and write them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mouse-gene-info", type=Path, required=True)
    parser.add_argument("--babelgene-rda", type=Path, required=True)
    parser.add_argument("--min-support", type=int, default=3)
    args = parser.parse_args(argv)
    human = pd.read_csv(OUT / "genes.tsv.gz", sep="\t", dtype=str, keep_default_na=False)
    mmu_genes, mmu_aliases = mouse_genes(args.mouse_gene_info)
    hcop = read_hcop(args.babelgene_rda)
    rno_genes, rno_aliases = rat_genes(hcop)
    mmu_orth = orthologues(hcop, "mmu", mmu_genes, human, args.min_support)
    rno_orth = orthologues(hcop, "rno", rno_genes, human, args.min_support)
    write_gz_tsv(mmu_genes, OUT / "mmu_genes.tsv.gz")
    write_gz_tsv(mmu_aliases, OUT / "mmu_aliases.tsv.gz")
    write_gz_tsv(rno_genes, OUT / "rno_genes.tsv.gz")
    write_gz_tsv(rno_aliases, OUT / "rno_aliases.tsv.gz")
    write_gz_tsv(mmu_orth, OUT / "orthologues_mmu.tsv.gz")
    write_gz_tsv(rno_orth, OUT / "orthologues_rno.tsv.gz")


if __name__ == "__main__":
    main()
