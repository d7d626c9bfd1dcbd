"""Enrichment: ORA and GSEA on miRNA signatures, and target-gene set enrichment.

- :func:`ora` / :func:`directional_ora`: one-sided hypergeometric over-representation of
  miRNA signatures in a query (or in the up and the down lists of a stats table).
- :func:`gsea` / :func:`ranking_from_stats`: preranked GSEA through ``gseapy.prerank``.
- :func:`target_enrichment`: which gene sets the query miRNAs' targets hit, with the
  empirical miRNA-level permutation test and the (biased) naive gene-level test beside it.
- :func:`target_coverage`: how much of the target map and of the sets reached that test.
- :func:`mirna_sets`: the miRNA sets to test (bone signatures, miRBase families, GMT).
- :func:`simplify_terms`: cluster redundant enriched terms (GO parent/child links, shared
  genes) and mark one representative per cluster, keeping every row.
- :func:`adjust_pvalues`: Benjamini-Hochberg / Benjamini-Yekutieli.
- :func:`resolve_query`, :func:`check_query_file`, :func:`read_ranking`: the inputs of the
  tests, read and checked.
"""

from __future__ import annotations

from mirbone.enrich._common import adjust_pvalues
from mirbone.enrich._coverage import MIN_COVERAGE, target_coverage
from mirbone.enrich._gsea import (
    GSEA_COLUMNS,
    GSEA_MIN_SIZE,
    GseaTable,
    RankedScores,
    gsea,
    ranking_from_stats,
)
from mirbone.enrich._inputs import (
    Ranking,
    ResolvedNames,
    check_query_file,
    read_ranking,
    resolve_query,
)
from mirbone.enrich._mirna_sets import MIRNA_SET_LIBRARIES, mirna_sets
from mirbone.enrich._ora import ORA_COLUMNS, DirectionalOraTable, OraTable, directional_ora, ora
from mirbone.enrich._simplify import go_ancestors, simplify_terms
from mirbone.enrich._target import TARGET_COLUMNS, TargetEnrichmentTable, target_enrichment

__all__ = [
    "GSEA_COLUMNS",
    "GSEA_MIN_SIZE",
    "MIN_COVERAGE",
    "MIRNA_SET_LIBRARIES",
    "ORA_COLUMNS",
    "TARGET_COLUMNS",
    "DirectionalOraTable",
    "GseaTable",
    "OraTable",
    "RankedScores",
    "Ranking",
    "ResolvedNames",
    "TargetEnrichmentTable",
    "adjust_pvalues",
    "check_query_file",
    "directional_ora",
    "go_ancestors",
    "gsea",
    "mirna_sets",
    "ora",
    "ranking_from_stats",
    "read_ranking",
    "resolve_query",
    "simplify_terms",
    "target_coverage",
    "target_enrichment",
]
