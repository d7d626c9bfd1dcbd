"""Expression helpers: CPM, log-CPM, detection filters, z-scores and group means.

Every function takes a miRNA x samples DataFrame (miRNAs in rows, samples in columns, as
:attr:`mirbone.io.MirnaData.counts`) and returns a DataFrame or a Series with the same
labels. Nothing is changed in place.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import numpy as np
import pandas as pd

from mirbone.errors import InputError

__all__ = [
    "as_groups",
    "cpm",
    "detected",
    "filter_detected",
    "group_means",
    "library_sizes",
    "log_cpm",
    "zscore",
]

GroupsLike = Mapping[str, str] | pd.Series | pd.DataFrame


def _check_counts(counts: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(counts, pd.DataFrame):
        msg = f"expected a DataFrame of counts (miRNAs x samples), got {type(counts).__name__}"
        raise InputError(msg)
    bad = [str(c) for c in counts.columns if not pd.api.types.is_numeric_dtype(counts[c])]
    if bad:
        msg = f"count columns must be numeric; not numeric: {', '.join(bad)}"
        raise InputError(msg, column=bad[0])
    values = counts.to_numpy(dtype=float)
    if np.isnan(values).any():
        column = str(counts.columns[np.isnan(values).any(axis=0)][0])
        msg = "counts contain missing values"
        raise InputError(msg, column=column)
    if (values < 0).any():
        column = str(counts.columns[(values < 0).any(axis=0)][0])
        msg = "counts must not be negative"
        raise InputError(msg, column=column)
    return counts


def library_sizes(counts: pd.DataFrame) -> pd.Series:
    """Return the library size of each sample: the column sums of the counts.

    Parameters
    ----------
    counts
        miRNA x samples counts.

    Returns
    -------
    pandas.Series
        One total per sample, named ``library_size``.
    """
    sizes = _check_counts(counts).sum(axis=0).astype(float)
    sizes.name = "library_size"
    return sizes


def cpm(counts: pd.DataFrame) -> pd.DataFrame:
    """Compute counts per million: each count over its sample's total, times 10^6.

    Parameters
    ----------
    counts
        miRNA x samples counts (non-negative numbers).

    Returns
    -------
    pandas.DataFrame
        Same shape and labels; every column sums to 10^6.

    Raises
    ------
    InputError
        If a sample has no counts at all (its CPM is undefined).
    """
    sizes = library_sizes(counts)
    empty = sizes.index[sizes <= 0]
    if len(empty):
        msg = "sample has no counts; its CPM is undefined (drop it first)"
        raise InputError(msg, column=str(empty[0]))
    return counts.astype(float).div(sizes, axis=1) * 1e6


def log_cpm(counts: pd.DataFrame, *, prior: float = 1.0) -> pd.DataFrame:
    """Return ``log2(CPM + prior)``.

    Parameters
    ----------
    counts
        miRNA x samples counts.
    prior
        Added to every CPM before the logarithm (1 gives ``log2(CPM + 1)``, zero stays zero).

    Returns
    -------
    pandas.DataFrame
        Same shape and labels as ``counts``.
    """
    if not prior > 0:
        msg = "prior must be positive"
        raise InputError(msg, value=prior)
    return np.log2(cpm(counts) + prior)


def as_groups(
    groups: GroupsLike, samples: pd.Index | list[str], *, group_column: str | None = None
) -> pd.Series:
    """Turn a sample -> group assignment into a Series indexed by the given samples.

    Parameters
    ----------
    groups
        A mapping or Series from sample to group, or a sample sheet with a ``sample`` column
        and a group column: ``group_column``, else ``group``, else the sheet's only other
        column.
    samples
        The samples that need a group (the columns of the data).
    group_column
        The sheet column holding the groups (e.g. ``"condition"``, the column of the
        contrast).

    Returns
    -------
    pandas.Series
        Group labels (strings) in the order of ``samples``, named ``group``.
    """
    if isinstance(groups, pd.DataFrame):
        if "sample" not in groups.columns:
            found = ", ".join(map(str, groups.columns))
            msg = f"a sample sheet needs a 'sample' column; found: {found}"
            raise InputError(msg, column="sample")
        others = [str(c) for c in groups.columns if c != "sample"]
        column = group_column or ("group" if "group" in groups.columns else None)
        if column is None and len(others) == 1:
            column = others[0]
        if column is None or column not in groups.columns:
            msg = (
                f"which column holds the groups? give group_column= (one of: "
                f"{', '.join(others) or 'none'})"
            )
            raise InputError(msg, column=column or "group")
        labels = groups[column].map(lambda v: v.strip() if isinstance(v, str) else v)
        series = pd.Series(labels.to_numpy(), index=groups["sample"].astype(str))
    elif isinstance(groups, pd.Series):
        series = groups.copy()
        series.index = series.index.astype(str)
    else:
        series = pd.Series(dict(groups))
    if series.index.duplicated().any():
        dup = str(series.index[series.index.duplicated()][0])
        msg = "sample listed twice in the groups"
        raise InputError(msg, value=dup)
    wanted = [str(s) for s in samples]
    missing_samples = [s for s in wanted if s not in series.index]
    if missing_samples:
        msg = f"no group given for {len(missing_samples)} sample(s): {', '.join(missing_samples)}"
        raise InputError(msg, value=missing_samples[0])
    result = series.reindex(wanted)
    if result.isna().any():
        msg = "group label missing"
        raise InputError(msg, value=str(result.index[result.isna()][0]))
    result = result.astype(str)
    result.name = "group"
    return result


def detected(
    counts: pd.DataFrame,
    *,
    min_cpm: float = 1.0,
    min_samples: int | None = None,
    groups: GroupsLike | None = None,
    group_column: str | None = None,
) -> pd.Series:
    """Flag the miRNAs expressed at ``min_cpm`` or more in enough samples.

    A miRNA is detected when its CPM is at least ``min_cpm`` in at least ``min_samples``
    samples, or (when ``groups`` is given) in every sample of at least one group. With
    both options either rule suffices; with neither, one sample suffices.

    Parameters
    ----------
    counts
        miRNA x samples counts.
    min_cpm
        The CPM threshold (inclusive).
    min_samples
        The number of samples that must reach the threshold.
    groups
        Sample -> group (mapping, Series or a sample sheet: ``sample`` and a group column).
    group_column
        The sheet column holding the groups (default ``group``, or the only other column).

    Returns
    -------
    pandas.Series
        Boolean, indexed like ``counts``, named ``detected``.
    """
    values = cpm(counts) >= min_cpm
    n_samples = values.shape[1]
    if min_samples is not None and not 1 <= min_samples <= n_samples:
        msg = f"min_samples must be between 1 and the number of samples ({n_samples})"
        raise InputError(msg, value=min_samples)
    if groups is None and min_samples is None:
        min_samples = 1
    keep = pd.Series(np.zeros(len(counts), dtype=bool), index=counts.index)
    if min_samples is not None:
        keep |= values.sum(axis=1) >= min_samples
    if groups is not None:
        labels = as_groups(groups, list(counts.columns), group_column=group_column)
        in_all = values.T.groupby(labels.to_numpy(), sort=False).all().T
        keep |= in_all.any(axis=1)
    keep.name = "detected"
    return keep.astype(bool)


def filter_detected(
    counts: pd.DataFrame,
    *,
    min_cpm: float = 1.0,
    min_samples: int | None = None,
    groups: GroupsLike | None = None,
    group_column: str | None = None,
) -> pd.DataFrame:
    """Keep the rows of ``counts`` that :func:`detected` flags (same options).

    Returns
    -------
    pandas.DataFrame
        The detected rows, in their original order, with the original counts.
    """
    keep = detected(
        counts, min_cpm=min_cpm, min_samples=min_samples, groups=groups, group_column=group_column
    )
    return counts.loc[keep.to_numpy()].copy()


def zscore(
    frame: pd.DataFrame, *, axis: Literal["rows", "columns"] = "rows", ddof: int = 1
) -> pd.DataFrame:
    """Standardise each row (default) or column: ``(x - mean) / sd``.

    Parameters
    ----------
    frame
        Numeric DataFrame, typically :func:`log_cpm` output.
    axis
        ``"rows"`` standardises each miRNA across samples (heatmap rows); ``"columns"``
        standardises each sample across miRNAs.
    ddof
        Delta degrees of freedom of the standard deviation (1: the sample SD).

    Returns
    -------
    pandas.DataFrame
        Same shape and labels. A constant row (or column) has SD 0 and gets z = 0.
    """
    if axis not in ("rows", "columns"):
        msg = "axis must be 'rows' or 'columns'"
        raise InputError(msg, value=axis)
    data = frame.astype(float)
    if axis == "columns":
        data = data.T
    mean = data.mean(axis=1)
    sd = data.std(axis=1, ddof=ddof)
    centred = data.sub(mean, axis=0)
    safe_sd = sd.where(sd > 0, 1.0)
    result = centred.div(safe_sd, axis=0)
    result.loc[~(sd > 0).to_numpy()] = 0.0
    return result.T if axis == "columns" else result


def group_means(frame: pd.DataFrame, groups: GroupsLike) -> pd.DataFrame:
    """Average the samples of each group.

    Parameters
    ----------
    frame
        miRNA x samples values (counts, CPM or log-CPM).
    groups
        Sample -> group (mapping, Series or sample sheet with ``sample, group``).

    Returns
    -------
    pandas.DataFrame
        miRNA x groups, groups in order of first appearance among the samples.
    """
    labels = as_groups(groups, list(frame.columns))
    means = frame.astype(float).T.groupby(labels.to_numpy(), sort=False).mean().T
    means.columns.name = "group"
    return means
