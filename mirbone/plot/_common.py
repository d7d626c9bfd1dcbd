"""Helpers shared by the figures: column lookup, matrices, colours, axes and labels."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from mirbone.differential import stats_frame
from mirbone.errors import InputError

if TYPE_CHECKING:
    from matplotlib.axes import Axes


#: Most rows or columns clustered in a heatmap: drawing a dendrogram recurses once per
#: tree level, and a tree of n identical profiles has n levels.
MAX_CLUSTERED = 1000


def _first_column(frame: pd.DataFrame, candidates: Sequence[str]) -> str | None:
    for column in candidates:
        if column in frame.columns:
            return column
    return None


def _numeric_matrix(data: pd.DataFrame) -> pd.DataFrame:
    """Return a miRNA x sample float matrix (a ``mirna`` column becomes the index)."""
    id_column = _first_column(data, ("mirna", "miRNA"))
    frame = data.set_index(id_column) if id_column is not None else data
    non_numeric = [c for c in frame.columns if not pd.api.types.is_numeric_dtype(frame[c])]
    if non_numeric:
        msg = "expression table has non-numeric sample columns"
        raise InputError(msg, column=str(non_numeric[0]))
    matrix = frame.astype(float)
    matrix.index = matrix.index.astype(str)
    matrix.columns = matrix.columns.astype(str)
    return matrix


def _looks_like_counts(matrix: pd.DataFrame) -> bool:
    """Non-negative and either all integers or above any log2-CPM (log2(1e6 + 1) < 21)."""
    values = matrix.to_numpy()
    values = values[np.isfinite(values)]
    if not values.size or (values < 0).any():
        return False
    return bool(np.equal(np.mod(values, 1), 0).all()) or float(values.max()) > 21.0


def _log_cpm(counts: pd.DataFrame) -> pd.DataFrame:
    from mirbone.expression import log_cpm

    return log_cpm(counts)


def _row_zscore(matrix: pd.DataFrame) -> pd.DataFrame:
    from mirbone.expression import zscore

    return zscore(matrix, axis="rows", ddof=1)


def _rank_by_significance(stats: pd.DataFrame) -> list[str]:
    frame = stats_frame(stats)
    if frame["padj"].isna().all() and frame["pvalue"].isna().all():
        msg = "stats has neither an adjusted p-value nor a p-value column"
        raise InputError(msg)
    order = frame.assign(_abs=frame["log2fc"].abs()).sort_values(
        ["padj", "pvalue", "_abs"], ascending=[True, True, False], na_position="last"
    )
    order = order[order["padj"].notna() | order["pvalue"].notna()]
    return list(dict.fromkeys(order.index))


def _palette(names: Sequence[str], palette: str) -> dict[str, tuple[float, float, float]]:
    """Distinct colours: ``palette`` while it has enough, then tab20, then evenly spaced hues."""
    import seaborn as sns

    n = max(len(names), 1)
    for candidate in (palette, "tab20"):
        native = sns.color_palette(candidate)
        if n <= len(native):
            return dict(zip(names, native[:n], strict=False))
    return dict(zip(names, sns.color_palette("husl", n), strict=False))


def _new_axes(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, new = plt.subplots(figsize=figsize)
    return new


def _clip_label(text: str, limit: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _escape(value: object) -> str:
    """Escape ``$`` so that matplotlib never reads a label as mathtext."""
    return str(value).replace("$", r"\$")


def _text(value: object, limit: int = 60) -> str:
    """Shorten a label and escape it for matplotlib."""
    return _escape(_clip_label(str(value), limit))
