"""Expression heatmap: the matrix behind it and the clustered drawing."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd

from mirbone._deprecated import renamed_keywords
from mirbone.errors import InputError
from mirbone.plot._common import (
    MAX_CLUSTERED,
    _escape,
    _log_cpm,
    _looks_like_counts,
    _numeric_matrix,
    _palette,
    _rank_by_significance,
    _row_zscore,
    _text,
)

if TYPE_CHECKING:
    from seaborn.matrix import ClusterGrid

__all__ = ["expression_heatmap", "expression_matrix"]

_NOT_MEMBER = "#ffffff"
_CBAR_POSITION = (0.81, 0.06, 0.018, 0.16)
_MISSING_GROUP = "#bdbdbd"


def expression_matrix(
    logcpm_or_counts: pd.DataFrame,
    *,
    mirnas: Iterable[str] | None = None,
    top_n: int | None = None,
    stats: pd.DataFrame | None = None,
    z_score: bool = True,
    values: Literal["auto", "counts", "logcpm"] = "auto",
) -> pd.DataFrame:
    """Select miRNAs from an expression table and z-score them for a heatmap.

    Parameters
    ----------
    logcpm_or_counts
        miRNAs in rows (index, or a ``mirna`` column), samples in columns.
    mirnas
        The miRNAs to show, in this order; those absent from the table are skipped.
    top_n
        Without ``mirnas``: the ``top_n`` most significant miRNAs of ``stats`` (by adjusted
        p-value, then p-value).
    stats
        Differential-abundance results (DESeq2, edgeR, limma or mirbone column names).
    z_score
        Z-score each row with :func:`mirbone.expression.zscore` (sample SD, missing values
        ignored; a constant row becomes 0). Otherwise log-CPM is kept.
    values
        ``"counts"`` converts to log-CPM with :func:`mirbone.expression.log_cpm`;
        ``"auto"`` does so when every value is a non-negative integer.

    Returns
    -------
    pandas.DataFrame
        The selected miRNAs x samples (rows entirely missing are dropped).
    """
    matrix = _numeric_matrix(logcpm_or_counts)
    if values not in {"auto", "counts", "logcpm"}:
        msg = "values must be 'auto', 'counts' or 'logcpm'"
        raise InputError(msg, value=values)
    if values == "counts" or (values == "auto" and _looks_like_counts(matrix)):
        matrix = _log_cpm(matrix)
    if mirnas is not None:
        wanted = list(dict.fromkeys(str(m) for m in mirnas))
        rows = [m for m in wanted if m in matrix.index]
    elif top_n is not None:
        if stats is None:
            msg = "top_n needs the differential-abundance stats"
            raise InputError(msg)
        if top_n < 1:
            msg = "top_n must be at least 1"
            raise InputError(msg, value=top_n)
        rows = [m for m in _rank_by_significance(stats) if m in matrix.index][:top_n]
    else:
        rows = list(dict.fromkeys(matrix.index))
    matrix = matrix[~matrix.index.duplicated()].loc[rows]
    matrix = matrix[matrix.notna().any(axis=1)]
    if matrix.empty:
        msg = "none of the requested miRNAs is in the expression table"
        raise InputError(msg)
    return _row_zscore(matrix) if z_score else matrix


def _linkage(matrix: pd.DataFrame, *, fill: float | None) -> np.ndarray | None:
    from scipy.cluster import hierarchy

    if matrix.shape[0] < 2:
        return None
    values = matrix.to_numpy(dtype=float)
    if fill is None:
        row_means = np.nanmean(np.where(np.isnan(values).all(axis=1, keepdims=True), 0, values), 1)
        values = np.where(np.isnan(values), row_means[:, None], values)
    else:
        values = np.nan_to_num(values, nan=fill)
    return hierarchy.linkage(values, method="average", metric="euclidean")


def _group_colours(
    columns: Sequence[str], samples: pd.DataFrame, group_column: str
) -> tuple[pd.Series, dict[str, tuple[float, float, float] | str]]:
    sheet = samples
    if group_column not in sheet.columns:
        msg = "sample sheet has no such group column"
        raise InputError(msg, column=group_column)
    if "sample" in sheet.columns:
        sheet = sheet.set_index("sample")
    groups = sheet[group_column]
    groups.index = groups.index.astype(str)
    groups = groups[~groups.index.duplicated()]
    labels = pd.Series(
        [str(groups[c]) if c in groups.index and pd.notna(groups[c]) else None for c in columns],
        index=list(columns),
        dtype=object,
    )
    present = [g for g in dict.fromkeys(labels) if g is not None]
    lookup: dict[str, tuple[float, float, float] | str] = dict(_palette(present, "Dark2"))
    if labels.isna().any():
        lookup["not in sample sheet"] = _MISSING_GROUP
    colours = labels.map(lambda g: _MISSING_GROUP if g is None else lookup[g])
    colours.name = _escape(group_column)
    return colours, lookup


def _signature_colours(
    rows: Sequence[str], signatures: Mapping[str, Collection[str]]
) -> tuple[pd.DataFrame | None, dict[str, tuple[float, float, float]]]:
    members = {name: {str(m) for m in mirnas} for name, mirnas in signatures.items()}
    used = [name for name, found in members.items() if any(r in found for r in rows)]
    if not used:
        return None, {}
    lookup = _palette(used, "Set2")
    frame = pd.DataFrame(
        {
            _escape(name): [lookup[name] if r in members[name] else _NOT_MEMBER for r in rows]
            for name in used
        },
        index=list(rows),
    )
    return frame, lookup


def _place_side_items(grid: ClusterGrid, legends: list[tuple[list[Any], str]]) -> None:
    """Put the legends and the colour bar right of the row labels, stacked without overlap.

    The row labels, legends and colour-bar title are measured with the renderer (not
    estimated), so long miRNA names, many signatures or a tall legend cannot overprint.
    """
    figure = grid.figure
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    to_figure = figure.transFigure.inverted()

    def extent(artist: Any) -> Any:
        return to_figure.transform_bbox(artist.get_window_extent(renderer))

    labels = [t for t in grid.ax_heatmap.get_yticklabels() if t.get_text()]
    right = max([extent(t).x1 for t in labels] + [grid.ax_heatmap.get_position().x1], default=0.72)
    left = right + 0.02
    top = 0.98
    gap = 12.0 / (72.0 * figure.get_figheight())
    for handles, title in legends:
        legend = figure.legend(
            handles=handles,
            title=title,
            loc="upper left",
            bbox_to_anchor=(left, top),
            bbox_transform=figure.transFigure,
            frameon=False,
            fontsize=8,
            title_fontsize=9,
            borderaxespad=0.0,
        )
        top = extent(legend).y0 - gap
    # The colour bar below the legends (its title above it), or at the bottom when there is
    # room there; the saved figure's tight bounding box takes in whatever lies outside.
    _, _, width, height = _CBAR_POSITION
    title_height = extent(grid.ax_cbar.title).height + gap
    bottom = min(_CBAR_POSITION[1], top - title_height - height)
    grid.ax_cbar.set_position((left, bottom, width, height))
    figure.canvas.draw()


@renamed_keywords(signatures="gene_sets")
def expression_heatmap(
    logcpm_or_counts: pd.DataFrame,
    *,
    mirnas: Iterable[str] | None = None,
    top_n: int | None = None,
    stats: pd.DataFrame | None = None,
    samples: pd.DataFrame | None = None,
    group_column: str = "group",
    gene_sets: Mapping[str, Collection[str]] | None = None,
    z_score: bool = True,
    values: Literal["auto", "counts", "logcpm"] = "auto",
    cluster_rows: bool = True,
    cluster_columns: bool = True,
    cmap: str | None = None,
    figsize: tuple[float, float] | None = None,
) -> ClusterGrid:
    """Draw a clustered heatmap of (z-scored) log-CPM with sample-group and signature bars.

    Parameters
    ----------
    logcpm_or_counts, mirnas, top_n, stats, z_score, values
        As in :func:`expression_matrix`, which computes the matrix drawn here.
    samples
        Sample sheet: sample names in a ``sample`` column (or the index) and ``group_column``.
        Samples missing from it get a grey bar.
    group_column
        The sample-sheet column that colours the column bar.
    gene_sets
        Signature name -> its miRNAs; each signature with a member among the rows becomes a
        row colour bar (its colour where a miRNA belongs to it, white elsewhere).
    cluster_rows, cluster_columns
        Cluster rows / columns (average linkage, Euclidean; missing values count as the row
        mean). Ignored when there are fewer than two rows / columns, or more than
        :data:`MAX_CLUSTERED`. Tick labels are left out beyond 120 rows / columns.
    cmap
        Colour map (default ``RdBu_r`` centred on 0 for z-scores, ``viridis`` otherwise).
    figsize
        Figure size in inches (default scales with the matrix).

    Returns
    -------
    seaborn.matrix.ClusterGrid
        ``grid.data2d`` holds the matrix as drawn (rows and columns in plotted order).
    """
    import seaborn as sns
    from matplotlib.patches import Patch

    matrix = expression_matrix(
        logcpm_or_counts, mirnas=mirnas, top_n=top_n, stats=stats, z_score=z_score, values=values
    )
    n_rows, n_cols = matrix.shape
    col_colours = group_lookup = None
    if samples is not None:
        col_colours, group_lookup = _group_colours(list(matrix.columns), samples, group_column)
    row_colours, signature_lookup = (None, {})
    if gene_sets:
        row_colours, signature_lookup = _signature_colours(list(matrix.index), gene_sets)

    row_link = (
        _linkage(matrix, fill=0.0 if z_score else None)
        if cluster_rows and n_rows <= MAX_CLUSTERED
        else None
    )
    col_link = (
        _linkage(matrix.T, fill=None) if cluster_columns and 2 <= n_cols <= MAX_CLUSTERED else None
    )
    if figsize is None:
        width = float(np.clip(4.5 + 0.4 * n_cols + (3.0 if signature_lookup else 1.5), 7, 18))
        height = float(np.clip(3.0 + 0.22 * n_rows, 4.0, 22))
        figsize = (width, height)
    finite = matrix.to_numpy()[np.isfinite(matrix.to_numpy())]
    heat_kws: dict[str, object] = {}
    if z_score:
        bound = float(min(max(np.abs(finite).max(initial=0.0), 1.0), 3.0))
        heat_kws = {"center": 0.0, "vmin": -bound, "vmax": bound}
    import sys

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 3 * max(n_rows, n_cols) + 1000))
    try:
        grid = sns.clustermap(
            matrix,
            row_cluster=row_link is not None,
            col_cluster=col_link is not None,
            row_linkage=row_link,
            col_linkage=col_link,
            row_colors=row_colours,
            col_colors=col_colours,
            cmap=cmap or ("RdBu_r" if z_score else "viridis"),
            figsize=figsize,
            yticklabels=[_escape(m) for m in matrix.index] if n_rows <= 120 else False,
            xticklabels=[_escape(c) for c in matrix.columns] if n_cols <= 120 else False,
            dendrogram_ratio=(0.12, 0.1),
            colors_ratio=(0.025, 0.03),
            cbar_pos=_CBAR_POSITION,
            linewidths=0.0,
            **heat_kws,
        )
    finally:
        sys.setrecursionlimit(limit)
    grid.ax_cbar.set_title("z-score\nof log-CPM" if z_score else "log-CPM", fontsize=8, loc="left")
    grid.ax_cbar.tick_params(labelsize=7)
    grid.ax_heatmap.set_xlabel("")
    grid.ax_heatmap.set_ylabel("")
    grid.ax_heatmap.tick_params(axis="y", labelsize=8 if n_rows <= 60 else 6)
    grid.ax_heatmap.tick_params(axis="x", labelsize=8)
    figure = grid.figure
    figure.subplots_adjust(right=0.72)
    legends = []
    if group_lookup:
        handles = [
            Patch(facecolor=c, edgecolor="0.5", label=_text(g, 30)) for g, c in group_lookup.items()
        ]
        legends.append((handles, _text(group_column, 30)))
    if signature_lookup:
        handles = [
            Patch(facecolor=c, edgecolor="0.5", label=_text(s, 32))
            for s, c in signature_lookup.items()
        ]
        legends.append((handles, "signature"))
    _place_side_items(grid, legends)
    return grid
