"""Coverage guard of the target-gene enrichment: was enough of the question testable.

A target-gene enrichment is only as good as the part of the target map and of the gene
sets that reaches the test. When mouse symbols are matched against human GO sets without
orthologues, or a database covers few of the genes, the test runs on a remnant and its
p-values describe that remnant. :func:`target_coverage` measures two fractions and says, in
words, when either is below one half:

- target genes: of the genes of the target map (mouse/rat genes before orthology mapping),
  those that reach the gene space of the sets: for a mouse/rat map a gene counts when one
  of its human orthologues is in that space. The gene space is every gene of the bundled
  GO BP for ``go-bp`` and ``bone`` (the bone terms are GO BP terms), else the union of the
  given sets;
- gene sets: of the sets whose full size lies in the test's size window, those that still
  do after intersecting with the targeted genes (the ones actually tested).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from typing import Any

import pandas as pd

from mirbone.enrich._target import TargetEnrichmentTable

__all__ = ["MIN_COVERAGE", "target_coverage"]

#: Below this fraction of target genes or of gene sets, the result is a remnant.
MIN_COVERAGE = 0.5


def target_coverage(
    result: pd.DataFrame,
    *,
    target_genes: Iterable[str],
    gene_sets: Mapping[str, Collection[str]],
    min_size: int,
    max_size: int,
    gene_space: Collection[str] | None = None,
    mapping: Any = None,
) -> tuple[dict[str, int], list[str]]:
    """Measure what reached a target-gene enrichment and warn when it is a remnant.

    Parameters
    ----------
    result
        The table of :func:`mirbone.enrich.target_enrichment` (its ``n_sets_tested``
        gives the number of tested sets; for a plain table, its rows).
    target_genes
        The genes of the target map as tested (human genes after orthology mapping).
    gene_sets
        The sets given to the test.
    min_size, max_size
        The test's size window.
    gene_space
        Every gene the set library could name (default: the union of ``gene_sets``).
    mapping
        The :class:`mirbone.annotate.OrthologueMapping` of a mouse/rat map: the target
        genes are then counted as mouse/rat genes, those without a human orthologue in the
        space as not testable.

    Returns
    -------
    tuple
        The counts (``target_genes``, ``target_genes_testable``, ``sets_eligible``,
        ``sets_tested``) and the warnings (empty when both fractions are at least
        :data:`MIN_COVERAGE`).
    """
    space = set(gene_space) if gene_space is not None else set()
    for members in gene_sets.values():
        space.update(members)
    if mapping is not None:
        pairs = mapping.pairs
        total = int(mapping.genes)
        testable = int(pairs.loc[pairs["human_symbol"].isin(space), "gene"].nunique())
    else:
        genes = set(target_genes)
        total = len(genes)
        testable = len(genes & space)
    sizes = [len(set(members)) for members in gene_sets.values()]
    eligible = sum(min_size <= size <= max_size for size in sizes)
    tested = result.n_sets_tested if isinstance(result, TargetEnrichmentTable) else None
    tested = len(result) if tested is None else tested
    counts = {
        "target_genes": total,
        "target_genes_testable": testable,
        "sets_eligible": eligible,
        "sets_tested": tested,
    }
    warnings: list[str] = []
    if total and testable < MIN_COVERAGE * total:
        why = (
            "the others have no human orthologue among the gene-set genes"
            if mapping is not None
            else "the others are not named in the gene sets: do the symbols match?"
        )
        warnings.append(
            f"only {testable:,} of {total:,} target genes ({testable / total:.0%}) could be "
            f"tested ({why}); this enrichment covers a remnant of the targets and is not a "
            "result"
        )
    if eligible and tested < MIN_COVERAGE * eligible:
        warnings.append(
            f"only {tested:,} of {eligible:,} gene sets ({tested / eligible:.0%}) of "
            f"{min_size} to {max_size} genes could be tested (the others keep fewer than "
            f"{min_size} targeted genes); this enrichment covers a remnant of the gene sets "
            "and is not a result"
        )
    return counts, warnings
