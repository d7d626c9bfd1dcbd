"""Tests of gene annotation against facts checked in NCBI Gene (org.Hs.eg.db 3.16.0)."""

from __future__ import annotations

import pandas as pd
import pytest

from mirbone.annotate import COLUMNS, STATUSES, annotate, gene_table, refseq_table, resolve_genes
from mirbone.errors import InputError


@pytest.mark.parametrize(
    ("query", "symbol", "entrez"),
    [
        ("FAM134A", "RETREG2", "79137"),
        ("RANKL", "TNFSF11", "8600"),
        ("OPG", "TNFRSF11B", "4982"),
        ("GLUT3", "SLC2A3", "6515"),
        ("OCN", "BGLAP", "632"),
        ("OPN", "SPP1", "6696"),
    ],
)
def test_aliases_resolve_to_current_symbols(query, symbol, entrez):
    row = resolve_genes([query]).iloc[0]
    assert (row["symbol"], row["entrez_id"], row["status"]) == (symbol, entrez, "alias")


def test_alias_with_one_protein_coding_candidate_lists_every_candidate():
    row = resolve_genes(["OPG"]).iloc[0]
    assert row["candidates"].split(";") == ["BTF3P11", "TNFRSF11B"]


def test_shared_alias_is_ambiguous_with_candidates():
    row = resolve_genes(["ALP"]).iloc[0]
    assert row["status"] == "ambiguous"
    assert pd.isna(row["symbol"]) and pd.isna(row["entrez_id"])
    assert {"ALPP", "SLPI", "PDLIM3", "NAT10"} <= set(row["candidates"].split(";"))


def test_ids_and_case():
    table = resolve_genes(
        ["3091", 3091, "3091.0", 3091.0, "ENSG00000100644.16", "ensg00000100644", "hif1a",
         "  HIF1A "]
    )
    assert (table["symbol"] == "HIF1A").all()
    assert (table["entrez_id"] == "3091").all()
    assert table["status"].tolist() == ["entrez"] * 4 + ["ensembl"] * 2 + ["symbol"] * 2
    assert table["query"].tolist()[:4] == ["3091", "3091", "3091.0", "3091"]


def test_current_symbol_wins_over_alias():
    # "TEC" is the symbol of TEC (7006, protein-coding) and of a phenotype record.
    row = resolve_genes(["TEC"]).iloc[0]
    assert (row["symbol"], row["entrez_id"], row["status"]) == ("TEC", "7006", "symbol")


def test_unknown_empty_and_retired_entrez():
    table = resolve_genes(["NOTAGENE42", "", None, float("nan"), "999999999"])
    assert table["status"].tolist() == ["unknown", "empty", "empty", "empty", "unknown"]
    assert table["symbol"].isna().all()


def test_repeated_queries_keep_order_and_length():
    queries = ["SPP1", "RANKL", "SPP1", "x"] * 50
    table = resolve_genes(queries)
    assert table["query"].tolist() == queries
    assert table["symbol"].tolist()[:4] == ["SPP1", "TNFSF11", "SPP1", None]


def test_annotate_snapshot_columns_and_source():
    table = annotate(["RUNX2", "SP7"])
    assert tuple(table.columns) == COLUMNS
    assert table["entrez_id"].tolist() == ["860", "121340"]
    assert set(table["status"]) <= set(STATUSES)
    assert "NCBI Gene 2022-09-12" in table.attrs["source"]


def test_snapshot_is_human_only():
    with pytest.raises(InputError, match="only human"):
        annotate(["Runx2"], species="mouse")
    with pytest.raises(InputError, match="source"):
        annotate(["RUNX2"], source="ensembl")  # type: ignore[arg-type]


def test_gene_and_refseq_tables():
    genes = gene_table()
    assert genes["entrez_id"].is_unique
    row = genes.set_index("symbol").loc["BGLAP"]
    assert (row["entrez_id"], row["chromosome"], row["type"]) == ("632", "1", "protein-coding")
    refseq = refseq_table().set_index("refseq")
    assert refseq.loc["NM_001552", "entrez_id"] == "3487"  # IGFBP4
    assert not refseq.index.str.contains(r"\.").any()
