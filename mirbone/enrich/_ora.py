"""Over-representation analysis (ORA): the one-sided hypergeometric test, vectorised."""

from __future__ import annotations

import warnings
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Literal

import numpy as np
import pandas as pd

from mirbone._deprecated import renamed_keywords
from mirbone._docs import shared_docs
from mirbone._frames import ResultTable
from mirbone.differential import call_significance
from mirbone.enrich._common import (
    FdrMethod,
    OnMissing,
    adjust_pvalues,
    check_sizes,
    clean_query,
    flatten_sets,
    hypergeom_tail,
    no_set_left,
    restrict_query,
)
from mirbone.errors import InputError, user_stacklevel

__all__ = ["ORA_COLUMNS", "DirectionalOraTable", "OraTable", "directional_ora", "ora"]

#: Output columns of :func:`ora` (the CLI contract in DESIGN.md).
ORA_COLUMNS = [
    "term",
    "size",
    "overlap",
    "query_size",
    "universe_size",
    "expected",
    "fold_enrichment",
    "odds_ratio",
    "pvalue",
    "fdr",
    "members",
]


class OraTable(ResultTable):
    """The table of :func:`ora`, with what the test left out.

    Attributes
    ----------
    dropped_query
        Query names outside the universe, dropped before the test.
    n_sets_given
        Sets given.
    n_sets_tested
        Sets whose size in the universe lay within the size window.
    """

    dropped_query: Sequence[str] | None = None
    n_sets_given: int | None = None
    n_sets_tested: int | None = None


class DirectionalOraTable(ResultTable):
    """The table of :func:`directional_ora`, with what each direction left out.

    Attributes
    ----------
    empty_directions
        Directions (``up``, ``down``) without a miRNA passing the thresholds.
    dropped_query
        Per direction, the query names outside the universe.
    """

    empty_directions: Sequence[str] | None = None
    dropped_query: Mapping[str, Sequence[str]] | None = None


def _sample_odds_ratio(a: np.ndarray, b: np.ndarray, c: np.ndarray, d: np.ndarray) -> np.ndarray:
    """Compute (a d) / (b c) without correction: inf when only b c is 0, NaN when both are."""
    num = a.astype(float) * d
    den = b.astype(float) * c
    out = np.full(num.shape, np.nan)
    ok = den > 0
    out[ok] = num[ok] / den[ok]
    out[~ok & (num > 0)] = np.inf
    return out


@renamed_keywords(signatures="gene_sets")
@shared_docs
def ora(
    query: Iterable[str],
    gene_sets: Mapping[str, Collection[str]],
    *,
    universe: Collection[str] | None = None,
    min_size: int = 2,
    max_size: int = 500,
    alternative: Literal["greater", "less"] = "greater",
    fdr_method: FdrMethod = "bh",
    on_missing: OnMissing = "drop",
) -> OraTable:
    """Test each signature for over- (or under-) representation in the query.

    One-sided hypergeometric test. With ``M`` universe names, ``n`` of them in the set, ``N``
    in the query and ``k`` in both, the p-value is ``hypergeom.sf(k - 1, M, n, N)`` for
    enrichment and ``hypergeom.cdf(k, M, n, N)`` for depletion.

    Parameters
    ----------
    query
        The names of interest (e.g. the up-regulated miRNAs). Repeats count once.
    gene_sets
        Mapping term -> member names (e.g. :func:`mirbone.kb.signatures`, or a GMT read with
        :func:`mirbone.genesets.read_gmt`).
    universe
        The names that could have been in the query (for miRNA-seq: the detected miRNAs).
        Default: the union of all signature members and the query; pass the real universe
        whenever it is known, since the default usually overstates significance.
    {size_window}
    alternative
        ``"greater"`` (enrichment) or ``"less"`` (depletion).
    fdr_method
        ``"bh"`` (Benjamini-Hochberg) or ``"by"`` (Benjamini-Yekutieli), over every tested set,
        those with zero overlap included.
    on_missing
        Query names outside the universe: ``"drop"`` them with a warning (they are listed in
        ``result.dropped_query``) or ``"raise"`` an :class:`InputError`.

    Returns
    -------
    OraTable
        A DataFrame, one row per tested set, sorted by p-value: ``term, size, overlap, query_size,
        universe_size, expected, fold_enrichment, odds_ratio, pvalue, fdr, members``.
        ``expected = N n / M``; ``fold_enrichment = k / expected``; ``odds_ratio`` is the
        sample odds ratio ``k (M - n - N + k) / ((n - k)(N - k))`` of the 2x2 table, without
        continuity correction (``inf`` when a off-diagonal cell is 0, NaN when a diagonal
        and an off-diagonal cell both are); ``members`` are the query names in the set,
        sorted and ``;``-joined. Its attributes ``dropped_query``, ``n_sets_given`` and
        ``n_sets_tested`` say what was left out.
    """
    if alternative not in ("greater", "less"):
        msg = "alternative must be 'greater' or 'less'"
        raise InputError(msg, value=alternative)
    check_sizes(min_size, max_size)
    names = clean_query(query)
    flat = flatten_sets(gene_sets, what="signature")

    if universe is None:
        extra = pd.Index(names).difference(pd.Index(flat.elements), sort=False)
        univ = pd.Index(np.concatenate([flat.elements, extra.to_numpy(dtype=object)]))
        pos = flat.code
        set_id = flat.set_id
    else:
        univ = pd.Index(clean_query(universe, what="universe"))
        if len(univ) < len(names):
            msg = (
                f"the universe ({len(univ)} names) is smaller than the query ({len(names)}); "
                "the universe must hold every name that could have been selected"
            )
            raise InputError(msg)
        lookup = univ.get_indexer(flat.elements)
        pos = lookup[flat.code]
        keep = pos >= 0
        pos, set_id = pos[keep], flat.set_id[keep]
    kept, dropped = restrict_query(names, univ, on_missing=on_missing)

    n_sets = len(flat.terms)
    big_m = len(univ)
    in_query = np.zeros(big_m, dtype=bool)
    in_query[univ.get_indexer(kept)] = True
    hit = in_query[pos]
    size = np.bincount(set_id, minlength=n_sets)
    overlap = np.bincount(set_id[hit], minlength=n_sets)
    tested = (size >= min_size) & (size <= max_size)
    if not tested.any():
        raise no_set_left(n_sets, size, min_size, max_size, what="signature")

    n = size[tested]
    k = overlap[tested]
    big_n = len(kept)
    pvalue = hypergeom_tail(k, big_m, n, big_n, upper=alternative == "greater")
    expected = big_n * n / big_m
    with np.errstate(divide="ignore", invalid="ignore"):
        fold = np.where(expected > 0, k / np.where(expected > 0, expected, 1.0), np.nan)
    odds = _sample_odds_ratio(k, n - k, big_n - k, big_m - n - big_n + k)

    members = _members(set_id[hit], pos[hit], univ, n_sets)
    terms = np.asarray(flat.terms, dtype=object)
    result = pd.DataFrame(
        {
            "term": terms[tested],
            "size": n,
            "overlap": k,
            "query_size": big_n,
            "universe_size": big_m,
            "expected": expected,
            "fold_enrichment": fold,
            "odds_ratio": odds,
            "pvalue": pvalue,
            "fdr": adjust_pvalues(pvalue, method=fdr_method),
            "members": members[tested],
        }
    )
    result = result.sort_values(["pvalue", "term"], kind="stable", ignore_index=True)
    return OraTable.of(
        result, dropped_query=dropped, n_sets_given=n_sets, n_sets_tested=int(tested.sum())
    )


def _members(set_id: np.ndarray, pos: np.ndarray, universe: pd.Index, n_sets: int) -> np.ndarray:
    """Join the sorted query names of each set with ``;`` (empty string when none)."""
    out = np.full(n_sets, "", dtype=object)
    if set_id.size == 0:
        return out
    names = universe.to_numpy(dtype=object)[pos]
    order = np.lexsort((names.astype(str), set_id))
    sorted_sets = set_id[order]
    sorted_names = names[order].tolist()
    starts = np.flatnonzero(np.r_[True, sorted_sets[1:] != sorted_sets[:-1]])
    ends = np.r_[starts[1:], sorted_sets.size]
    for s, a, b in zip(sorted_sets[starts].tolist(), starts.tolist(), ends.tolist(), strict=True):
        out[s] = ";".join(sorted_names[a:b])
    return out


@renamed_keywords(signatures="gene_sets")
@shared_docs
def directional_ora(
    stats: pd.DataFrame,
    gene_sets: Mapping[str, Collection[str]],
    *,
    padj: float = 0.05,
    log2fc: float = 0.0,
    universe: Collection[str] | None = None,
    min_size: int = 2,
    max_size: int = 500,
    alternative: Literal["greater", "less"] = "greater",
    fdr_method: FdrMethod = "bh",
    on_missing: OnMissing = "drop",
) -> DirectionalOraTable:
    """ORA of the up- and the down-regulated miRNAs of a differential-expression table.

    Up: ``padj < padj`` and ``log2fc > log2fc``; down: ``padj < padj`` and
    ``log2fc < -log2fc``. Each list is tested with :func:`ora` against the same universe
    (default: every row of the table, i.e. the miRNAs that were tested, a missing ``padj``
    counting as not significant); the FDR is computed within each direction.

    Parameters
    ----------
    stats
        Differential-expression results indexed by miRNA (or with a ``mirna`` column) and
        with columns ``log2fc`` and ``padj`` (as in ``mirbone.io.read(...).stats``).
    gene_sets
        Mapping term -> miRNA names.
    {padj_log2fc}
    universe, min_size, max_size, alternative, fdr_method, on_missing
        As in :func:`ora`.

    Returns
    -------
    DirectionalOraTable
        A DataFrame: ``direction`` (``up`` / ``down``) followed by the :func:`ora`
        columns; a direction with no miRNA passing the thresholds is left out (listed in
        ``result.empty_directions``).
    """
    calls = call_significance(stats, padj=padj, log2fc=log2fc)
    lists = {direction: calls.index[calls.eq(direction)].tolist() for direction in ("up", "down")}
    if universe is None:
        universe = calls.index.tolist()
    parts = []
    empty = []
    dropped: dict[str, list[str]] = {}
    for direction, names in lists.items():
        if not names:
            empty.append(direction)
            continue
        part = ora(
            names,
            gene_sets,
            universe=universe,
            min_size=min_size,
            max_size=max_size,
            alternative=alternative,
            fdr_method=fdr_method,
            on_missing=on_missing,
        )
        dropped[direction] = part.dropped_query
        part.insert(0, "direction", direction)
        parts.append(part)
    if not parts:
        msg = (
            f"no miRNA passes padj < {padj} and |log2fc| > {log2fc}; "
            "nothing to test in either direction"
        )
        raise InputError(msg)
    if empty:
        warnings.warn(
            f"no miRNA passes the thresholds in direction(s): {', '.join(empty)}",
            UserWarning,
            stacklevel=user_stacklevel(),
        )
    result = pd.concat([pd.DataFrame(part) for part in parts], ignore_index=True)
    return DirectionalOraTable.of(result, empty_directions=empty, dropped_query=dropped)
