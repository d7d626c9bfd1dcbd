"""GSEA on ranked miRNAs through ``gseapy.prerank`` (gene sets always passed as dicts)."""

from __future__ import annotations

import contextlib
import io
import warnings
from collections.abc import Collection, Mapping, Sequence
from typing import Literal

import numpy as np
import pandas as pd

from mirbone._deprecated import renamed_keywords
from mirbone._docs import shared_docs
from mirbone._frames import ResultSeries, ResultTable
from mirbone.differential import stats_frame
from mirbone.enrich._common import check_sizes, flatten_sets, no_set_left
from mirbone.errors import InputError, user_stacklevel

__all__ = ["GSEA_COLUMNS", "GseaTable", "RankedScores", "gsea", "ranking_from_stats"]

#: Output columns of :func:`gsea`.
GSEA_COLUMNS = ["term", "size", "es", "nes", "pvalue", "fdr", "leading_edge"]

#: -log10 of the smallest positive double: the cap of ``signed_p`` for p = 0.


class RankedScores(ResultSeries):
    """Scores of a GSEA ranking indexed by miRNA, and how they were made.

    Attributes
    ----------
    method
        ``"stat"``, ``"signed_p"`` or ``"file"`` (a two-column ranking file).
    dropped
        miRNAs of the table left out for a missing score.
    zero_p_capped_at
        For ``signed_p``: the score given to a p-value of 0.
    n_zero_p
        For ``signed_p``: how many p-values were 0.
    """

    method: str | None = None
    dropped: Sequence[str] | None = None
    zero_p_capped_at: float | None = None
    n_zero_p: int | None = None


class GseaTable(ResultTable):
    """The table of :func:`gsea`, with how it was run.

    Attributes
    ----------
    permutations, seed
        As given to :func:`gsea`.
    method
        The ranking's method (see :class:`RankedScores`), ``None`` for a plain Series.
    tied_scores
        How many scores repeat an earlier one (their order is by name).
    """

    permutations: int | None = None
    seed: int | None = None
    method: str | None = None
    tied_scores: int | None = None


def _deterministic_order(values: pd.Series) -> pd.Series:
    """Sort descending by value; ties in name order, so every run ranks alike."""
    frame = pd.DataFrame({"name": values.index.astype(str), "value": values.to_numpy()})
    frame = frame.sort_values(["value", "name"], ascending=[False, True], kind="stable")
    return pd.Series(frame["value"].to_numpy(), index=pd.Index(frame["name"].to_numpy()))


def ranking_from_stats(
    stats: pd.DataFrame, *, method: Literal["stat", "signed_p"] = "stat"
) -> RankedScores:
    """Rank miRNAs from a differential-expression table for GSEA.

    Parameters
    ----------
    stats
        Indexed by miRNA (or with a ``mirna`` column), as ``mirbone.io.read(...).stats``.
    method
        ``"stat"``: the test statistic column ``stat`` (DESeq2's Wald statistic, limma's t).
        ``"signed_p"``: ``sign(log2fc) * -log10(pvalue)``; a p-value of 0 (underflow) is
        scored 1 above the largest finite ``-log10(pvalue)`` of the table, so that one
        miRNA does not decide the enrichment score of every set it belongs to
        (``zero_p_capped_at``, ``n_zero_p``).

    Returns
    -------
    RankedScores
        A Series of scores indexed by miRNA, sorted descending with ties broken by name;
        rows with a missing score are left out. Its ``method`` records the method and
        ``dropped`` the miRNAs left out.
    """
    if method == "stat":
        table = stats_frame(stats, required=("stat",))
        score = table["stat"]
    elif method == "signed_p":
        table = stats_frame(stats, required=("log2fc", "pvalue"))
        fc, p = table["log2fc"], table["pvalue"]
        bad = p[(p < 0) | (p > 1)]
        if len(bad):
            msg = "p-values must lie in [0, 1]"
            raise InputError(msg, column="pvalue", value=bad.iloc[0])
        with np.errstate(divide="ignore"):
            minus_log = -np.log10(p)
        # p = 0 (underflow) would give an infinite score that alone decides every set it is
        # in: rank those miRNAs just above the largest finite score instead.
        finite = minus_log[np.isfinite(minus_log)]
        cap = float(finite.max()) + 1.0 if len(finite) else 1.0
        capped = int(np.isinf(minus_log).sum())
        score = np.sign(fc) * np.minimum(minus_log, cap)
    else:
        msg = "unknown ranking method; use 'stat' or 'signed_p'"
        raise InputError(msg, value=method)
    missing = score.index[score.isna()].tolist()
    ranking = _deterministic_order(score.dropna())
    if ranking.empty:
        msg = f"no miRNA has a {method} score"
        raise InputError(msg)
    ranking.name = method
    if method == "signed_p":
        return RankedScores.of(
            ranking, method=method, dropped=missing, zero_p_capped_at=cap, n_zero_p=capped
        )
    return RankedScores.of(ranking, method=method, dropped=missing)


#: The fewest members among the ranked miRNAs a set needs to be tested (``min_size``).
GSEA_MIN_SIZE = 5


@renamed_keywords(signatures="gene_sets")
@shared_docs
def gsea(
    ranking: pd.Series,
    gene_sets: Mapping[str, Collection[str]],
    *,
    permutations: int = 1000,
    seed: int = 0,
    min_size: int = GSEA_MIN_SIZE,
    max_size: int = 500,
    weight: float = 1.0,
    threads: int = 1,
) -> GseaTable:
    """Preranked GSEA of miRNA signatures with ``gseapy.prerank``.

    Parameters
    ----------
    ranking
        Scores indexed by miRNA (e.g. from :func:`ranking_from_stats`). Sorted here
        descending with ties broken by name, so the result does not depend on input order.
    gene_sets
        Mapping term -> miRNA names; each is intersected with the ranked names before the
        size filter, and handed to gseapy as a dict (never as a library name).
    permutations
        Number of gene-set permutations.
    {seed}
    min_size, max_size
        Size window on the sets after intersection.
    weight
        The GSEA weight exponent ``p`` (1 = classic weighted).
    threads
        Threads for gseapy.

    Returns
    -------
    GseaTable
        A DataFrame ``term, size, es, nes, pvalue, fdr, leading_edge``, sorted by p-value
        then ``|nes|``: gseapy's nominal p-value and FDR q-value, where gseapy's 0 (no
        permutation reached the observed score) is shown as ``1 / (permutations + 1)``, the
        resolution of the test; ``leading_edge`` is ``;``-joined. Its attributes say how
        it was run.
    """
    import gseapy

    if not isinstance(ranking, pd.Series):
        msg = "the ranking must be a pandas Series of scores indexed by miRNA"
        raise InputError(msg, value=type(ranking).__name__)
    if permutations < 1:
        msg = "permutations must be a positive number"
        raise InputError(msg, value=permutations)
    check_sizes(min_size, max_size)
    scores = pd.to_numeric(ranking, errors="coerce")
    if scores.isna().any():
        msg = "the ranking has missing or non-numeric scores"
        raise InputError(msg, value=scores.index[scores.isna()].tolist()[:5])
    if not np.isfinite(scores.to_numpy(dtype=float)).all():
        msg = "the ranking has infinite scores; cap them first"
        raise InputError(msg)
    if scores.index.has_duplicates:
        msg = "repeated names in the ranking"
        raise InputError(msg, value=scores.index[scores.index.duplicated()].unique().tolist()[:5])
    if len(scores) < 2:
        msg = "the ranking needs at least two miRNAs"
        raise InputError(msg)
    ranked = _deterministic_order(scores.astype(float))

    flat = flatten_sets(gene_sets, what="signature")
    lookup = pd.Index(ranked.index).get_indexer(flat.elements)
    pos = lookup[flat.code]
    inside = pos >= 0
    set_id, pos = flat.set_id[inside], pos[inside]
    sizes = np.bincount(set_id, minlength=len(flat.terms))
    tested = (sizes >= min_size) & (sizes <= max_size)
    if not tested.any():
        raise no_set_left(len(flat.terms), sizes, min_size, max_size, what="signature")
    names = ranked.index.to_numpy(dtype=object)
    sets: dict[str, list[str]] = {}
    order = np.argsort(set_id, kind="stable")
    bounds = np.searchsorted(set_id[order], np.arange(len(flat.terms) + 1))
    for i in np.flatnonzero(tested):
        sets[flat.terms[i]] = names[pos[order[bounds[i] : bounds[i + 1]]]].tolist()

    # gseapy logs to a stderr handler it creates per run: capture it and pass its warnings
    # on as Python warnings (its note on tied scores does not apply: ties are ordered here)
    log = io.StringIO()
    with contextlib.redirect_stderr(log):
        result = gseapy.prerank(
            rnk=ranked,
            gene_sets=sets,
            outdir=None,
            seed=seed,
            permutation_num=permutations,
            min_size=min_size,
            max_size=max_size,
            weight=weight,
            threads=threads,
            ascending=None,
            no_plot=True,
            verbose=False,
        )
    for line in log.getvalue().splitlines():
        level, _, message = line.partition("] ")
        if level.endswith(("[WARNING", "[ERROR")) and "Duplicated values" not in message:
            warnings.warn(f"gseapy: {message}", UserWarning, stacklevel=user_stacklevel())
    raw = result.res2d
    out = pd.DataFrame(
        {
            "term": raw["Term"].astype(str).to_numpy(),
            "es": raw["ES"].astype(float).to_numpy(),
            "nes": raw["NES"].astype(float).to_numpy(),
            "pvalue": raw["NOM p-val"].astype(float).to_numpy(),
            "fdr": raw["FDR q-val"].astype(float).to_numpy(),
            "leading_edge": raw["Lead_genes"].fillna("").astype(str).to_numpy(),
        }
    )
    floor = 1.0 / (permutations + 1)
    out["pvalue"] = out["pvalue"].clip(lower=floor)
    out["fdr"] = out["fdr"].clip(lower=floor, upper=1.0)
    size_of = {t: len(v) for t, v in sets.items()}
    out.insert(1, "size", out["term"].map(size_of).astype(int))
    out["_abs"] = -out["nes"].abs()
    out = out.sort_values(["pvalue", "_abs", "term"], kind="stable", ignore_index=True)
    out = out.drop(columns="_abs")
    return GseaTable.of(
        out,
        permutations=permutations,
        seed=seed,
        method=ranking.method if isinstance(ranking, RankedScores) else None,
        tied_scores=int(ranked.duplicated().sum()),
    )
