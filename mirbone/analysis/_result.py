"""The typed schema of an analysis: what ``summary`` and ``parameters`` hold.

:class:`~mirbone.analysis.AnalysisResult` keeps them as mappings so that they go into
``run.json`` and the report templates as they are; these TypedDicts say which keys exist
and of what type, for the report, for scripts and for a type checker.
"""

from __future__ import annotations

from typing import Any, TypedDict


class RunSummary(TypedDict, total=False):
    """Counts and labels the report's text is made of."""

    input: str  # the file (or "DataFrame") analysed
    format: str  # the reader that read it
    species: str  # miRBase code
    contrast: str  # COLUMN:TEST:REFERENCE, a contrast name, or ""
    test_group: str
    reference_group: str
    n_input_names: int  # names read
    name_status: dict[str, int]  # resolution status -> names
    n_resolved_names: int  # names resolved to one mature miRNA of the species
    n_detected: int  # the miRNA universe
    n_up: int  # significant, by differential.call_significance
    n_down: int
    has_stats: bool  # a differential-expression table was available or computed
    de_source: str  # "PyDESeq2" or the statistics table's tool
    n_review_in_data: int  # review miRNAs found among the detected
    n_query: int  # miRNAs whose targets were tested
    n_signatures: int  # bone (or own) miRNA signatures given
    n_signatures_gsea: int  # of those, tested by GSEA (enough members ranked)
    n_matures: int  # mature miRNAs the features measure
    identity_counts: dict[str, int]  # how features were mapped to matures
    n_query_with_targets: int
    n_target_edges: int
    n_target_genes: int
    targets: str  # label of the target sources
    gene_sets: str  # label of the gene-set library
    highlights: list[str]  # the report's first lines
    comparison: bool  # a comparison of several contrasts
    contrasts: list[dict[str, Any]]  # per contrast: label, contrast, n_up, n_down, report


class RunParameters(TypedDict, total=False):
    """The options an analysis ran with (``run.json`` ``parameters``)."""

    species: str
    contrast: str | list[str] | None
    targets: str
    gene_sets: str
    mirna_sets: list[str]
    all_go_bp: bool
    evidence: str
    padj: float
    log2fc: float
    permutations: int
    seed: int
    min_size: int
    min_count: int
    aggregate: str
    covariates: list[str]
    design: str
    allow_non_counts: bool
    fit: str
    significance: str  # the rule in words
    gsea_ranking: str
    gsea_min_size: int  # the fewest ranked members of a signature GSEA tests
