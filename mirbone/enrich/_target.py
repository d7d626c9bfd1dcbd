"""Target-gene set enrichment with the empirical miRNA-level permutation test.

The naive test (hypergeometric on the union of the query miRNAs' targets) treats genes as
drawn independently, but genes with long 3' UTRs or many reported interactions are targeted
by many miRNAs, so any miRNA set, even a random one, hits them and the sets that hold them
(Bleazard, Lamb & Griffiths-Jones, Bioinformatics 2015; Godard & van Eyll, NAR 2015). The
empirical test keeps that structure: it compares the query with random miRNA sets of the
same size from the same miRNA universe.

Computation. ``A`` is the miRNA x gene incidence, bit-packed per miRNA; ``M`` the gene x
set membership (sparse, int16). For a chunk of random miRNA sets, the targeted genes are
the bitwise OR of the members' rows, unpacked to a (gene x chunk) int16 block; the counts
per set are one sparse-dense product ``M.T @ block``. Chunks draw from their own random
streams (``SeedSequence(seed).spawn``), so results do not depend on the number of workers.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Collection, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from mirbone._frames import ResultTable
from mirbone.enrich._common import (
    FdrMethod,
    OnMissing,
    adjust_pvalues,
    check_sizes,
    clean_names,
    clean_query,
    flatten_sets,
    hypergeom_tail,
    no_set_left,
    restrict_query,
)
from mirbone.errors import FewPermutationsWarning, InputError, user_stacklevel

#: Random miRNA sets drawn from one random stream (see ``_run_permutations``).
_STREAM_BLOCK = 128

__all__ = ["TARGET_COLUMNS", "TargetEnrichmentTable", "target_enrichment"]

#: Output columns of :func:`target_enrichment` (the CLI contract in DESIGN.md).
TARGET_COLUMNS = [
    "term",
    "name",
    "size",
    "n_targeted",
    "expected",
    "pvalue",
    "fdr",
    "pvalue_naive",
    "fdr_naive",
    "mirnas",
    "genes",
]

#: Below this many permutations the smallest attainable p-value is too coarse.
MIN_PERMUTATIONS = 100


def _target_codes(targets: object) -> tuple[np.ndarray, pd.Index, np.ndarray, pd.Index]:
    """Factorise the (mirna, gene) pairs of a TargetMap or of a DataFrame with those columns.

    Returns miRNA codes, miRNA names, gene codes and gene names; every name occurs.
    """
    table = getattr(targets, "table", targets)
    if not isinstance(table, pd.DataFrame):
        msg = "targets must be a mirbone.targets.TargetMap or a DataFrame with columns mirna, gene"
        raise InputError(msg, value=type(targets).__name__)
    for column in ("mirna", "gene"):
        if column not in table.columns:
            msg = "the target table lacks a column"
            raise InputError(msg, column=column)
    if table.empty:
        msg = "the target table is empty"
        raise InputError(msg)
    out: list[object] = []
    for column in ("mirna", "gene"):
        values = table[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            codes = values.cat.codes.to_numpy().astype(np.int64)
            uniques = values.cat.categories.to_numpy(dtype=object)
        else:
            codes, uniques = pd.factorize(values.to_numpy())
            uniques = np.asarray(uniques, dtype=object)
        if (codes < 0).any():
            msg = "the target table has missing names"
            raise InputError(msg, column=column)
        try:
            cleaned = clean_names(uniques, what=f"{column} name")
        except InputError as error:
            raise InputError(error.message, column=column, value=error.value) from None
        # merge names that differ only by surrounding white space; drop unused categories
        recode, names = pd.factorize(cleaned)
        codes = recode[codes]
        used = np.zeros(len(names), dtype=bool)
        used[codes] = True
        if not used.all():
            compact = np.cumsum(used) - 1
            codes, names = compact[codes], names[used]
        out.extend([codes, pd.Index(names, dtype=object)])
    mirna_codes, mirnas, gene_codes, genes = out
    return mirna_codes, mirnas, gene_codes, genes  # type: ignore[return-value]


@dataclass(frozen=True)
class _Problem:
    """Everything a worker needs to score random miRNA sets."""

    bits: np.ndarray  # (n_mirnas, words) uint64: targeted genes per universe miRNA
    membership_t: sp.csr_matrix  # (n_sets, n_genes) int16 or int32
    observed: np.ndarray  # (n_sets,) observed statistic
    k: int  # query size
    n_genes: int


def _score_chunk(
    problem: _Problem, seeds: list[np.random.SeedSequence], sizes: list[int]
) -> tuple[np.ndarray, ...]:
    """Draw random miRNA sets, ``sizes[i]`` from stream ``seeds[i]``, and score them together.

    Returns (#null >= observed, sum of null) per set.
    """
    n = problem.bits.shape[0]
    picks = np.concatenate(
        [
            _random_subsets(np.random.default_rng(child), n, problem.k, size)
            for child, size in zip(seeds, sizes, strict=True)
        ]
    )
    targeted = np.bitwise_or.reduce(problem.bits[picks], axis=1)
    # unpacking along the transposed axis yields the (gene x chunk) block directly
    block = np.unpackbits(
        targeted.view(np.uint8).T, axis=0, count=problem.n_genes, bitorder="little"
    ).astype(problem.membership_t.dtype)
    counts = problem.membership_t @ block  # (n_sets, size)
    exceed = np.count_nonzero(counts >= problem.observed[:, None], axis=1).astype(np.int64)
    total = counts.sum(axis=1, dtype=np.int64)
    return exceed, total


def _random_subsets(rng: np.random.Generator, n: int, k: int, size: int) -> np.ndarray:
    """Draw ``size`` uniform random k-subsets of range(n) (Floyd's algorithm, row-parallel)."""
    chosen = np.zeros((size, n), dtype=bool)
    picks = np.empty((size, k), dtype=np.int64)
    rows = np.arange(size)
    for i, j in enumerate(range(n - k, n)):
        draw = rng.integers(0, j + 1, size=size)
        draw = np.where(chosen[rows, draw], j, draw)
        chosen[rows, draw] = True
        picks[:, i] = draw
    return picks


_WORKER_PROBLEM: _Problem | None = None


def _init_worker(problem: _Problem) -> None:
    import signal

    global _WORKER_PROBLEM  # one read-only problem per worker process
    _WORKER_PROBLEM = problem
    # Ctrl-C reaches the whole process group: the parent alone handles it (and stops the
    # workers), so a worker never dies half-way and leaves the pool waiting for it.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _score_in_worker(
    seeds: list[np.random.SeedSequence], sizes: list[int]
) -> tuple[np.ndarray, ...]:
    if _WORKER_PROBLEM is None:  # pragma: no cover - the initializer always runs first
        msg = "worker not initialised"
        raise RuntimeError(msg)
    return _score_chunk(_WORKER_PROBLEM, seeds, sizes)


def _stop_pool(pool: ProcessPoolExecutor) -> None:
    """Cancel pending chunks and end the worker processes at once."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=5)


def _pack_rows(rows: np.ndarray, cols: np.ndarray, n_rows: int, n_cols: int) -> np.ndarray:
    """Bit-pack a 0/1 matrix given by its nonzero coordinates, one uint64 row per row."""
    words = max(1, (n_cols + 63) // 64)
    packed = np.zeros((n_rows, words * 8), dtype=np.uint8)
    np.bitwise_or.at(packed, (rows, cols >> 3), (1 << (cols & 7)).astype(np.uint8))
    return packed.view(np.uint64)


class TargetEnrichmentTable(ResultTable):
    """The table of :func:`target_enrichment`, with the sizes behind its tests.

    Attributes
    ----------
    mirna_universe_size
        miRNAs of the universe with a target in the map.
    gene_universe_size
        Genes targeted by a universe miRNA and in at least one given set.
    query_size
        Query miRNAs tested (in the universe, with a target).
    query_targets
        Genes of the gene universe targeted by the query.
    dropped_query
        Query miRNAs left out (outside the universe or without a target).
    permutations, seed
        As given.
    n_sets_given, n_sets_tested
        Sets given, and sets within the size window.
    coverage
        How much of the target map reached the test (:func:`target_coverage`), when
        checked.
    remnant
        The coverage warnings: when not empty the table covers a remnant of the targets
        and is not a result.
    """

    mirna_universe_size: int | None = None
    gene_universe_size: int | None = None
    query_size: int | None = None
    query_targets: int | None = None
    dropped_query: Sequence[str] | None = None
    permutations: int | None = None
    seed: int | None = None
    n_sets_given: int | None = None
    n_sets_tested: int | None = None
    coverage: Mapping[str, int] | None = None
    remnant: Sequence[str] | None = None


def _join_by_row(matrix: sp.csr_matrix, labels: np.ndarray) -> np.ndarray:
    """Join the labels of the nonzero columns of each row with ``;`` (sorted per row)."""
    out = np.full(matrix.shape[0], "", dtype=object)
    matrix = matrix.tocsr()
    matrix.eliminate_zeros()  # element-wise products keep explicit zeros
    matrix.sort_indices()
    indptr, indices = matrix.indptr, matrix.indices
    for i in np.flatnonzero(np.diff(indptr)):
        out[i] = ";".join(sorted(labels[indices[indptr[i] : indptr[i + 1]]]))
    return out


def target_enrichment(
    query: Iterable[str],
    targets: object,
    gene_sets: Mapping[str, Collection[str]],
    *,
    universe: Collection[str] | None = None,
    permutations: int = 10_000,
    seed: int = 0,
    min_size: int = 10,
    max_size: int = 500,
    set_names: Mapping[str, str] | None = None,
    workers: int = 1,
    progress: bool = False,
    chunk_size: int = 128,
    fdr_method: FdrMethod = "bh",
    on_missing: OnMissing = "drop",
) -> TargetEnrichmentTable:
    """Which gene sets do the query miRNAs' targets hit more than random miRNA sets would.

    Statistic: for each gene set, the number of its genes targeted by at least one query
    miRNA (a count of genes, not of interactions, so a gene hit by many query miRNAs counts
    once). Null: ``permutations`` random miRNA sets of the query's size, drawn without
    replacement from the miRNA universe; with ``b`` of them scoring at least the observed
    count, ``p = (b + 1) / (permutations + 1)``; FDR over every tested set. Beside it, the
    naive gene-level test: ``hypergeom.sf(k - 1, G, n, T)`` with ``G`` the gene universe,
    ``n`` the set size, ``T`` the number of genes targeted by the query, ``k`` the observed
    count. It ignores that some genes are targeted by many miRNAs and is biased towards
    sets of such genes: it is reported for comparison only.

    Parameters
    ----------
    query
        The miRNAs of interest (names as in the target map; normalise them with
        :func:`mirbone.names.normalize` first).
    targets
        A :class:`mirbone.targets.TargetMap` or a DataFrame with columns ``mirna, gene``.
    gene_sets
        Mapping term -> gene symbols (e.g. :func:`mirbone.genesets.go_bp`).
    universe
        The miRNAs that could have been in the query (e.g. the detected ones). Only those
        with at least one target in the map are used. Default: every miRNA in the map.
    permutations
        Number of random miRNA sets; the smallest attainable p is ``1 / (permutations + 1)``
        (a warning below 100).
    seed
        Seed of the random draws; the same seed gives the same result whatever ``workers``.
    min_size, max_size
        Window on the set sizes counted within the gene universe.
    set_names
        Mapping term -> readable name (e.g. :func:`mirbone.genesets.go_bp_names`) for the
        ``name`` column; default: the term itself.
    workers
        Worker processes for the permutations (1: run in this process).
    progress
        Show a tqdm progress bar over the chunks.
    chunk_size
        Random sets scored per matrix product (rounded down to a multiple of 128, the
        block of random sets drawn from one stream; at least one block). It changes speed
        and memory only: the result depends on ``seed`` alone.
    fdr_method
        ``"bh"`` or ``"by"``, for both the empirical and the naive p-values.
    on_missing
        Query miRNAs outside the universe, or without targets in the map: ``"drop"`` them
        with a warning (listed in ``result.dropped_query``) or ``"raise"``.

    Returns
    -------
    TargetEnrichmentTable
        A DataFrame, one row per tested set, sorted by empirical p-value: ``term, name, size,
        n_targeted, expected, pvalue, fdr, pvalue_naive, fdr_naive, mirnas, genes``.
        ``size`` counts the set's genes in the gene universe (the genes that are targeted by
        at least one universe miRNA and belong to at least one of the given sets);
        ``expected`` is the mean of the null statistic; ``mirnas`` are the query miRNAs
        with a target in the set and ``genes`` the targeted set genes, both ``;``-joined.
        Its attributes hold the universe and query sizes, ``dropped_query``,
        ``permutations`` and ``seed``.
    """
    check_sizes(min_size, max_size)
    if permutations < 1:
        msg = "permutations must be a positive number"
        raise InputError(msg, value=permutations)
    if permutations < MIN_PERMUTATIONS:
        warnings.warn(
            FewPermutationsWarning(
                f"only {permutations} permutations: the smallest attainable p-value is "
                f"1/{permutations + 1} = {1 / (permutations + 1):.3g}",
                keyword="permutations",
            ),
            stacklevel=user_stacklevel(),
        )
    if workers < 1 or chunk_size < 1:
        msg = "workers and chunk_size must be positive"
        raise InputError(msg, value=(workers, chunk_size))
    names = clean_query(query)
    edge_mirna, map_mirnas, edge_gene_all, map_genes = _target_codes(targets)
    flat = flatten_sets(gene_sets, what="gene set")

    # miRNA universe: the given one (or the map's) restricted to miRNAs with targets
    if universe is None:
        mirna_universe = map_mirnas
    else:
        given = clean_query(universe, what="universe")
        if len(given) < len(names):
            msg = (
                f"the universe ({len(given)} miRNAs) is smaller than the query ({len(names)}); "
                "the universe must hold every miRNA that could have been selected"
            )
            raise InputError(msg)
        mirna_universe = pd.Index(given)[pd.Index(given).isin(map_mirnas)]
        if mirna_universe.empty:
            msg = "no universe miRNA has a target in the target map (do the names match?)"
            raise InputError(msg)
    kept, dropped = restrict_query(
        names,
        mirna_universe,
        on_missing=on_missing,
        universe_what="miRNA universe (miRNAs with targets in the map"
        + (")" if universe is None else " among the given universe)"),
    )
    n_mirnas = len(mirna_universe)

    # gene universe: targeted by a universe miRNA and in at least one given set
    set_genes = pd.Index(flat.elements)
    mirna_to_universe = mirna_universe.get_indexer(map_mirnas)[edge_mirna]
    gene_to_sets = set_genes.get_indexer(map_genes)[edge_gene_all]
    kept_edges = (mirna_to_universe >= 0) & (gene_to_sets >= 0)
    mirna_codes = mirna_to_universe[kept_edges]
    gene_codes = gene_to_sets[kept_edges]
    in_universe = np.zeros(len(set_genes), dtype=bool)
    in_universe[gene_codes] = True
    if not in_universe.any():
        msg = "no targeted gene belongs to any gene set (do the gene symbols match?)"
        raise InputError(msg)
    member = in_universe[flat.code]
    set_id, code = flat.set_id[member], flat.code[member]
    n_sets = len(flat.terms)
    sizes = np.bincount(set_id, minlength=n_sets)
    tested = (sizes >= min_size) & (sizes <= max_size)
    if not tested.any():
        raise no_set_left(n_sets, sizes, min_size, max_size, what="gene set")
    gene_universe_size = int(in_universe.sum())

    # compact gene index: only genes in a tested set enter the matrices
    tested_ids = np.flatnonzero(tested)
    new_set = np.full(n_sets, -1, dtype=np.int64)
    new_set[tested_ids] = np.arange(tested_ids.size)
    keep = new_set[set_id] >= 0
    set_id, code = new_set[set_id[keep]], code[keep]
    used_genes = np.unique(code)
    gene_pos = np.full(len(set_genes), -1, dtype=np.int64)
    gene_pos[used_genes] = np.arange(used_genes.size)
    n_genes = used_genes.size
    dtype = np.int16 if max_size < np.iinfo(np.int16).max else np.int32
    membership_t = sp.csr_matrix(
        (np.ones(set_id.size, dtype=dtype), (set_id, gene_pos[code])),
        shape=(tested_ids.size, n_genes),
    )
    edge_gene = gene_pos[gene_codes]
    on_used = edge_gene >= 0
    incidence = sp.csr_matrix(
        (np.ones(int(on_used.sum()), dtype=np.int8), (mirna_codes[on_used], edge_gene[on_used])),
        shape=(n_mirnas, n_genes),
    )
    incidence.sum_duplicates()
    incidence.data[:] = 1
    coo = incidence.tocoo()
    bits = _pack_rows(coo.row.astype(np.int64), coo.col.astype(np.int64), n_mirnas, n_genes)

    # observed statistic
    query_rows = mirna_universe.get_indexer(kept)
    query_hits = (incidence[query_rows].sum(axis=0).A1 > 0).astype(dtype)
    observed = membership_t @ query_hits

    problem = _Problem(
        bits=bits, membership_t=membership_t, observed=observed, k=len(kept), n_genes=n_genes
    )
    exceed, total = _run_permutations(
        problem,
        permutations,
        seed=seed,
        chunk_size=chunk_size,
        workers=workers,
        progress=progress,
    )
    pvalue = (exceed + 1) / (permutations + 1)

    # naive gene-level hypergeometric test on the union of the query's targets
    all_query_targets = np.zeros(len(set_genes), dtype=bool)
    query_edges = np.isin(mirna_codes, query_rows)
    all_query_targets[gene_codes[query_edges]] = True
    n_query_targets = int(all_query_targets.sum())
    set_sizes = sizes[tested_ids]
    pvalue_naive = hypergeom_tail(observed, gene_universe_size, set_sizes, n_query_targets)

    # which query miRNAs and which genes hit each set
    query_incidence = incidence[query_rows]
    mirna_hits = (query_incidence @ membership_t.T).T  # (sets, query miRNAs)
    gene_hits = membership_t.multiply(query_hits.astype(bool)[None, :])
    terms = np.asarray(flat.terms, dtype=object)[tested_ids]
    labels = {} if set_names is None else dict(set_names)
    result = pd.DataFrame(
        {
            "term": terms,
            "name": [labels.get(t, t) for t in terms],
            "size": set_sizes,
            "n_targeted": observed.astype(np.int64),
            "expected": total / permutations,
            "pvalue": pvalue,
            "fdr": adjust_pvalues(pvalue, method=fdr_method),
            "pvalue_naive": pvalue_naive,
            "fdr_naive": adjust_pvalues(pvalue_naive, method=fdr_method),
            "mirnas": _join_by_row(sp.csr_matrix(mirna_hits), np.asarray(kept, dtype=object)),
            "genes": _join_by_row(
                sp.csr_matrix(gene_hits), set_genes.to_numpy(dtype=object)[used_genes]
            ),
        }
    )
    result = result.sort_values(
        ["pvalue", "pvalue_naive", "term"], kind="stable", ignore_index=True
    )
    return TargetEnrichmentTable.of(
        result,
        mirna_universe_size=n_mirnas,
        gene_universe_size=gene_universe_size,
        query_size=len(kept),
        query_targets=n_query_targets,
        dropped_query=dropped,
        permutations=permutations,
        seed=seed,
        n_sets_given=n_sets,
        n_sets_tested=int(tested_ids.size),
    )


def _run_permutations(
    problem: _Problem,
    permutations: int,
    *,
    seed: int,
    chunk_size: int,
    workers: int,
    progress: bool,
) -> tuple[np.ndarray, np.ndarray]:
    """Score every chunk of random sets (here or in worker processes); sum the results."""
    from tqdm.auto import tqdm

    # The random sets come in fixed blocks, each from its own stream, so the result depends
    # on the seed only: not on chunk_size (blocks per matrix product) nor on the workers.
    n_blocks = -(-permutations // _STREAM_BLOCK)
    block_sizes = [min(_STREAM_BLOCK, permutations - i * _STREAM_BLOCK) for i in range(n_blocks)]
    block_seeds = np.random.SeedSequence(seed).spawn(n_blocks)
    per_chunk = max(1, chunk_size // _STREAM_BLOCK)
    seeds = [block_seeds[i : i + per_chunk] for i in range(0, n_blocks, per_chunk)]
    sizes = [block_sizes[i : i + per_chunk] for i in range(0, n_blocks, per_chunk)]
    n_chunks = len(seeds)
    exceed = np.zeros(problem.observed.size, dtype=np.int64)
    total = np.zeros(problem.observed.size, dtype=np.int64)
    bar = tqdm(total=permutations, disable=not progress, unit="perm", desc="permutations")
    try:
        if workers == 1:
            for child, size in zip(seeds, sizes, strict=True):
                e, t = _score_chunk(problem, child, size)
                exceed += e
                total += t
                bar.update(sum(size))
        else:
            n_workers = min(workers, n_chunks, os.cpu_count() or 1) or 1
            pool = ProcessPoolExecutor(
                max_workers=n_workers, initializer=_init_worker, initargs=(problem,)
            )
            try:
                for (e, t), size in zip(
                    pool.map(_score_in_worker, seeds, sizes), sizes, strict=True
                ):
                    exceed += e
                    total += t
                    bar.update(sum(size))
            except BaseException:  # Ctrl-C or an error: stop now, do not wait for the chunks
                _stop_pool(pool)
                raise
            pool.shutdown(wait=True)
    finally:
        bar.close()
    return exceed, total
