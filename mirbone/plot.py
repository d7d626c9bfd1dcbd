"""Figures: expression heatmap, miRNA x target heatmap, enrichment dot plot and volcano.

Each figure has two parts: a function that computes the tidy table or matrix behind it
(``expression_matrix``, ``target_matrix``, ``enrichment_table``, ``volcano_table``) and one that
draws it (``expression_heatmap``, ``target_heatmap``, ``enrichment_dotplot``, ``volcano``).
The drawing functions return the seaborn ``ClusterGrid`` or the matplotlib ``Axes``; they never
show or save a figure and never change the global ``rcParams``. Figures are created through
``matplotlib.pyplot``, so close them (``plt.close(fig)``) once saved.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from mirbone.errors import InputError

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from seaborn.matrix import ClusterGrid

__all__ = [
    "EVIDENCE_COLORS",
    "EVIDENCE_LEVELS",
    "enrichment_dotplot",
    "enrichment_table",
    "expression_heatmap",
    "expression_matrix",
    "target_heatmap",
    "target_matrix",
    "volcano",
    "volcano_table",
]

#: Evidence levels of a miRNA -> gene edge, weakest first ("absent": no edge; "other": an
#: edge without positive functional support, e.g. unspecified or non-functional).
EVIDENCE_LEVELS: tuple[str, ...] = ("absent", "other", "predicted", "weak", "strong", "review")

#: Colour of each evidence level in :func:`target_heatmap`.
EVIDENCE_COLORS: dict[str, str] = {
    "absent": "#f2f2f2",
    "other": "#d9d9d9",
    "predicted": "#c6dbef",
    "weak": "#6baed6",
    "strong": "#08519c",
    "review": "#e6550d",
}

_EVIDENCE_LEGEND: dict[str, str] = {
    "review": "review (KB)",
    "other": "other (unspecified, non-functional)",
}

# Spellings of the evidence in target tables (lower case; mirbone.targets' vocabulary and
# miRTarBase's support types) -> evidence level. Anything else counts as "other".
_EVIDENCE_ALIASES: dict[str, str] = {
    "review": "review",
    "kb": "review",
    "strong": "strong",
    "functional mti": "strong",
    "weak": "weak",
    "functional mti (weak)": "weak",
    "predicted": "predicted",
    "prediction": "predicted",
}

_ID_COLUMNS = ("mirna", "miRNA", "name", "id", "Unnamed: 0")
_LFC_COLUMNS = ("log2fc", "log2FoldChange", "logFC", "log2_fold_change")
_P_COLUMNS = ("pvalue", "PValue", "P.Value", "p_value")
_PADJ_COLUMNS = ("padj", "fdr", "FDR", "adj.P.Val", "qvalue")

_NOT_MEMBER = "#ffffff"
_CBAR_POSITION = (0.81, 0.06, 0.018, 0.16)
_MISSING_GROUP = "#bdbdbd"
#: Most rows or columns clustered in a heatmap: drawing a dendrogram recurses once per
#: tree level, and a tree of n identical profiles has n levels.
MAX_CLUSTERED = 1000


# --------------------------------------------------------------------------- helpers


def _first_column(frame: pd.DataFrame, candidates: Sequence[str]) -> str | None:
    for column in candidates:
        if column in frame.columns:
            return column
    return None


def _require_column(frame: pd.DataFrame, candidates: Sequence[str], what: str) -> str:
    column = _first_column(frame, candidates)
    if column is None:
        msg = f"no {what} column (looked for {', '.join(candidates)})"
        raise InputError(msg)
    return column


def _stats_frame(stats: pd.DataFrame) -> pd.DataFrame:
    """Return ``stats`` as ``log2fc, pvalue, padj`` indexed by miRNA (missing columns NaN)."""
    id_column = _first_column(stats, _ID_COLUMNS)
    frame = stats.set_index(id_column) if id_column is not None else stats
    out = pd.DataFrame(index=frame.index.astype(str))
    for name, candidates in (
        ("log2fc", _LFC_COLUMNS),
        ("pvalue", _P_COLUMNS),
        ("padj", _PADJ_COLUMNS),
    ):
        column = _first_column(frame, candidates)
        values = frame[column] if column is not None else np.nan
        out[name] = pd.to_numeric(pd.Series(values, index=frame.index), errors="coerce").to_numpy()
    return out


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
    frame = _stats_frame(stats)
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


# ------------------------------------------------------------------ expression heatmap


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


def expression_heatmap(
    logcpm_or_counts: pd.DataFrame,
    *,
    mirnas: Iterable[str] | None = None,
    top_n: int | None = None,
    stats: pd.DataFrame | None = None,
    samples: pd.DataFrame | None = None,
    group_column: str = "group",
    signatures: Mapping[str, Collection[str]] | None = None,
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
    signatures
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
    if signatures:
        row_colours, signature_lookup = _signature_colours(list(matrix.index), signatures)

    row_link = (_linkage(matrix, fill=0.0 if z_score else None)
                if cluster_rows and n_rows <= MAX_CLUSTERED else None)
    col_link = (_linkage(matrix.T, fill=None)
                if cluster_columns and 2 <= n_cols <= MAX_CLUSTERED else None)
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
    grid.ax_cbar.set_position(_CBAR_POSITION)
    top = 0.98
    if group_lookup:
        handles = [
            Patch(facecolor=c, edgecolor="0.5", label=_text(g, 30)) for g, c in group_lookup.items()
        ]
        figure.legend(
            handles=handles,
            title=_text(group_column, 30),
            loc="upper left",
            bbox_to_anchor=(0.80, top),
            frameon=False,
            fontsize=8,
            title_fontsize=9,
        )
        top -= (24.0 + 14.0 * len(handles)) / (72.0 * figure.get_figheight()) + 0.02
    if signature_lookup:
        handles = [
            Patch(facecolor=c, edgecolor="0.5", label=_text(s, 32))
            for s, c in signature_lookup.items()
        ]
        figure.legend(
            handles=handles,
            title="signature",
            loc="upper left",
            bbox_to_anchor=(0.80, top),
            frameon=False,
            fontsize=8,
            title_fontsize=9,
        )
    return grid


# ---------------------------------------------------------------- target heatmap


def _evidence_level(value: object, source: object) -> str:
    """Strongest level among ``;``-joined labels (``source:label`` allowed); KB source = review."""
    if isinstance(source, str) and any(
        part.strip().lower() in {"kb", "review"} for part in source.split(";")
    ):
        return "review"
    if not isinstance(value, str) or not value.strip():
        return "other"
    best = 0
    for part in value.split(";"):
        label = part.strip().lower()
        if label not in _EVIDENCE_ALIASES and ":" in label:
            prefix, _, label = label.rpartition(":")
            if prefix.strip() in {"kb", "review"}:
                label = "review"
        level = _EVIDENCE_ALIASES.get(label.strip(), "other")
        best = max(best, EVIDENCE_LEVELS.index(level))
    return EVIDENCE_LEVELS[best]


def target_matrix(
    targets_table: pd.DataFrame,
    *,
    mirnas: Iterable[str] | None = None,
    genes: Iterable[str] | None = None,
    max_genes: int | None = 60,
) -> pd.DataFrame:
    """Compute the miRNA x target-gene matrix of evidence levels.

    Parameters
    ----------
    targets_table
        Long table with ``mirna`` and ``gene`` columns and optionally ``evidence`` (the
        labels of :mod:`mirbone.targets`: review, strong, weak, predicted, others shown as
        ``other``; miRTarBase support types; ``;``-joined lists, ``source:label`` pairs) and
        ``source`` (``kb`` rows count as review evidence). Several rows or labels for one pair
        keep the strongest evidence.
    mirnas, genes
        Restrict to these (rows / columns in this order; absent ones are shown as ``absent``).
    max_genes
        Without ``genes``: keep the genes targeted by most of the miRNAs (ties broken by the
        strongest evidence, then by name).

    Returns
    -------
    pandas.DataFrame
        miRNAs x genes, each cell one of :data:`EVIDENCE_LEVELS`.
    """
    for column in ("mirna", "gene"):
        if column not in targets_table.columns:
            msg = "target table lacks a required column"
            raise InputError(msg, column=column)
    table = targets_table.dropna(subset=["mirna", "gene"])
    evidence = (
        table["evidence"] if "evidence" in table.columns else pd.Series(None, index=table.index)
    )
    source = table["source"] if "source" in table.columns else pd.Series(None, index=table.index)
    levels = [_evidence_level(e, s) for e, s in zip(evidence, source, strict=True)]
    rank = {level: i for i, level in enumerate(EVIDENCE_LEVELS)}
    long = pd.DataFrame(
        {
            "mirna": table["mirna"].astype(str).to_numpy(),
            "gene": table["gene"].astype(str).to_numpy(),
            "rank": [rank[level] for level in levels],
        }
    )
    long = long.groupby(["mirna", "gene"], as_index=False)["rank"].max()
    row_order = (
        list(dict.fromkeys(str(m) for m in mirnas))
        if mirnas is not None
        else sorted(long["mirna"].unique())
    )
    long = long[long["mirna"].isin(row_order)]
    if genes is not None:
        col_order = list(dict.fromkeys(str(g) for g in genes))
    else:
        per_gene = long.groupby("gene").agg(n=("mirna", "nunique"), best=("rank", "max"))
        per_gene = per_gene.reset_index().sort_values(
            ["n", "best", "gene"], ascending=[False, False, True]
        )
        col_order = list(per_gene["gene"])
        if max_genes is not None:
            col_order = col_order[:max_genes]
    wide = long.pivot_table(index="mirna", columns="gene", values="rank", aggfunc="max")
    wide = wide.reindex(index=row_order, columns=col_order).fillna(0).astype(int)
    labels = np.asarray(EVIDENCE_LEVELS, dtype=object)[wide.to_numpy()]
    matrix = pd.DataFrame(labels, index=wide.index, columns=wide.columns)
    matrix.index.name = "mirna"
    matrix.columns.name = "gene"
    return matrix


def target_heatmap(
    targets_table: pd.DataFrame,
    *,
    mirnas: Iterable[str] | None = None,
    genes: Iterable[str] | None = None,
    max_genes: int | None = 60,
    ax: Axes | None = None,
) -> Axes:
    """Draw the miRNA x target-gene heatmap, one colour per evidence level.

    Parameters
    ----------
    targets_table, mirnas, genes, max_genes
        As in :func:`target_matrix`, which computes the matrix drawn here.
    ax
        Axes to draw on (a new figure otherwise).

    Returns
    -------
    matplotlib.axes.Axes
        The axes; its ``QuadMesh`` holds the evidence codes (index in
        :data:`EVIDENCE_LEVELS`).
    """
    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.patches import Patch

    matrix = target_matrix(targets_table, mirnas=mirnas, genes=genes, max_genes=max_genes)
    n_rows, n_cols = matrix.shape
    ax = _new_axes(
        ax,
        (float(np.clip(3.5 + 0.22 * n_cols, 6, 20)), float(np.clip(1.8 + 0.28 * n_rows, 3, 16))),
    )
    rank = {level: i for i, level in enumerate(EVIDENCE_LEVELS)}
    codes = np.array([[rank[v] for v in row] for row in matrix.to_numpy()], dtype=float).reshape(
        n_rows, n_cols
    )
    cmap = ListedColormap([EVIDENCE_COLORS[level] for level in EVIDENCE_LEVELS])
    norm = BoundaryNorm(np.arange(-0.5, len(EVIDENCE_LEVELS)), cmap.N)
    ax.pcolormesh(
        np.arange(n_cols + 1),
        np.arange(n_rows + 1),
        codes,
        cmap=cmap,
        norm=norm,
        edgecolors="white",
        linewidth=0.5,
    )
    ax.set_xlim(0, max(n_cols, 1))
    ax.set_ylim(max(n_rows, 1), 0)
    ax.set_xticks(np.arange(n_cols) + 0.5)
    ax.set_xticklabels([_text(g, 25) for g in matrix.columns], rotation=90, fontsize=7)
    ax.set_yticks(np.arange(n_rows) + 0.5)
    ax.set_yticklabels([_text(m, 30) for m in matrix.index], fontsize=8)
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_xlabel("target gene")
    ax.set_ylabel("miRNA")
    if not matrix.size:
        ax.text(0.5, 0.5, "no targets", ha="center", va="center", transform=ax.transAxes)
    handles = [
        Patch(
            facecolor=EVIDENCE_COLORS[level],
            edgecolor="0.6",
            label=_EVIDENCE_LEGEND.get(level, level),
        )
        for level in reversed(EVIDENCE_LEVELS)
    ]
    ax.legend(
        handles=handles,
        title="evidence",
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        frameon=False,
        fontsize=8,
        title_fontsize=9,
    )
    return ax


# ------------------------------------------------------------------ enrichment dot plot


def enrichment_table(
    results: pd.DataFrame,
    *,
    x: str | None = None,
    top_n: int = 20,
) -> pd.DataFrame:
    """Pick the terms of an enrichment result for a dot plot.

    Parameters
    ----------
    results
        ORA (``term, size, overlap, fold_enrichment, fdr``), GSEA (``term, size, nes, fdr``)
        or target-enrichment (``term, name, size, n_targeted, fdr``) results.
    x
        Column for the x axis; default ``fold_enrichment`` if present, else ``nes``, else
        the ratio ``n_targeted / expected``.
    top_n
        Keep the ``top_n`` terms with the lowest FDR (then p-value).

    Returns
    -------
    pandas.DataFrame
        ``term, label, x, size, fdr, neg_log10_fdr`` in plotting order (top of the plot first).
    """
    for column in ("term", "fdr"):
        if column not in results.columns:
            msg = "enrichment results lack a required column"
            raise InputError(msg, column=column)
    frame = results.copy()
    if x is None:
        if "fold_enrichment" in frame.columns:
            x = "fold_enrichment"
        elif "nes" in frame.columns:
            x = "nes"
        elif {"n_targeted", "expected"} <= set(frame.columns):
            frame["fold_enrichment"] = pd.to_numeric(frame["n_targeted"], errors="coerce") / (
                pd.to_numeric(frame["expected"], errors="coerce").replace(0, np.nan)
            )
            x = "fold_enrichment"
        else:
            msg = "enrichment results have no fold_enrichment or nes column"
            raise InputError(msg)
    if x not in frame.columns:
        msg = "no such column in the enrichment results"
        raise InputError(msg, column=x)
    size_column = next((c for c in ("overlap", "n_targeted", "size") if c in frame.columns), None)
    if "name" in frame.columns:
        label = frame["name"].where(
            frame["name"].notna() & (frame["name"].astype(str) != ""), frame["term"]
        )
    else:
        label = frame["term"]
    fdr = pd.to_numeric(frame["fdr"], errors="coerce")
    pvalue = pd.to_numeric(frame["pvalue"], errors="coerce") if "pvalue" in frame else fdr
    table = pd.DataFrame(
        {
            "term": frame["term"].astype(str).to_numpy(),
            "label": [_clip_label(v) for v in label],
            "x": pd.to_numeric(frame[x], errors="coerce").to_numpy(),
            "size": (
                pd.to_numeric(frame[size_column], errors="coerce").to_numpy()
                if size_column
                else np.ones(len(frame))
            ),
            "fdr": fdr.to_numpy(),
            "_p": pvalue.to_numpy(),
        }
    )
    table = table[np.isfinite(table["x"]) & table["fdr"].notna()]
    table = table.sort_values(["fdr", "_p", "term"], kind="mergesort").head(max(top_n, 0))
    positive = table["fdr"][table["fdr"] > 0]
    floor = float(positive.min()) if len(positive) else 1e-300
    table["neg_log10_fdr"] = -np.log10(table["fdr"].clip(lower=min(floor, 1.0)))
    table = table.sort_values(["x", "term"], ascending=[False, True], kind="mergesort")
    table.attrs["x"] = x
    table.attrs["size"] = size_column or "size"
    return table.drop(columns="_p").reset_index(drop=True)


def _dot_area(values: np.ndarray, largest: float) -> np.ndarray:
    return 25.0 + 225.0 * np.asarray(values, dtype=float) / max(largest, 1e-12)


def enrichment_dotplot(
    results: pd.DataFrame,
    *,
    x: str | None = None,
    top_n: int = 20,
    cmap: str = "viridis",
    ax: Axes | None = None,
) -> Axes:
    """Draw an enrichment dot plot: term vs ``x``, dot area = set size, colour = -log10 FDR.

    Parameters
    ----------
    results, x, top_n
        As in :func:`enrichment_table`, which computes the points drawn here. The dot area
        follows ``overlap`` (ORA), ``n_targeted`` (target enrichment) or ``size`` (GSEA).
    cmap
        Colour map for -log10 FDR.
    ax
        Axes to draw on (a new figure otherwise).

    Returns
    -------
    matplotlib.axes.Axes
        The axes; its one scatter holds the points, top of the plot first.
    """
    from matplotlib.lines import Line2D

    table = enrichment_table(results, x=x, top_n=top_n)
    n = len(table)
    ax = _new_axes(ax, (7.5, float(np.clip(1.5 + 0.32 * n, 3, 12))))
    y = np.arange(n)[::-1].astype(float)
    largest = float(np.nanmax(table["size"])) if n and np.isfinite(table["size"]).any() else 1.0
    sizes = np.nan_to_num(table["size"].to_numpy(dtype=float), nan=0.0)
    scatter = ax.scatter(
        table["x"].to_numpy(dtype=float),
        y,
        s=_dot_area(sizes, largest),
        c=table["neg_log10_fdr"].to_numpy(dtype=float),
        cmap=cmap,
        edgecolors="0.3",
        linewidths=0.5,
        zorder=3,
    )
    ax.set_yticks(y)
    ax.set_yticklabels([_text(label) for label in table["label"]], fontsize=8)
    ax.set_ylim(-0.7, max(n - 0.3, 0.7))
    x_name = table.attrs.get("x", "x")
    ax.set_xlabel({"fold_enrichment": "fold enrichment", "nes": "NES"}.get(x_name, x_name))
    if x_name == "nes":
        ax.axvline(0, color="0.6", linewidth=0.8, zorder=1)
    elif x_name == "fold_enrichment":
        ax.axvline(1, color="0.6", linewidth=0.8, linestyle="--", zorder=1)
    ax.grid(axis="x", color="0.92", zorder=0)
    if n == 0:
        ax.text(0.5, 0.5, "no terms to show", ha="center", va="center", transform=ax.transAxes)
        return ax
    colourbar = ax.figure.colorbar(scatter, ax=ax, pad=0.02, fraction=0.05)
    colourbar.set_label("-log10 FDR")
    shown = sorted({round(float(v)) for v in np.quantile(sizes, [0.0, 0.5, 1.0])})
    handles = [
        Line2D(
            [],
            [],
            linestyle="",
            marker="o",
            markerfacecolor="0.7",
            markeredgecolor="0.3",
            markersize=float(np.sqrt(_dot_area(np.array([v]), largest)[0])),
            label=str(v),
        )
        for v in shown
    ]
    ax.legend(
        handles=handles,
        title=table.attrs.get("size", "size"),
        loc="lower right",
        fontsize=7,
        title_fontsize=8,
        labelspacing=1.2,
        borderpad=0.8,
        framealpha=0.8,
    )
    return ax


# ------------------------------------------------------------------------- volcano


def volcano_table(
    stats: pd.DataFrame,
    *,
    padj: float = 0.05,
    log2fc: float = 1.0,
) -> pd.DataFrame:
    """Compute the points of a volcano plot.

    Parameters
    ----------
    stats
        Differential-abundance results (DESeq2, edgeR, limma or mirbone column names), miRNAs
        in the index or a ``mirna`` column. Rows without a fold change or p-value are dropped.
    padj, log2fc
        A miRNA is ``up`` / ``down`` when its adjusted p-value is below ``padj`` and its
        absolute log2 fold change at least ``log2fc``; otherwise ``ns``.

    Returns
    -------
    pandas.DataFrame
        ``mirna, log2fc, pvalue, padj, neg_log10_pvalue, category`` (p-values of 0 are
        shown at the smallest positive p-value).
    """
    frame = _stats_frame(stats)
    if frame["log2fc"].isna().all():
        msg = f"stats has no log2 fold-change column (looked for {', '.join(_LFC_COLUMNS)})"
        raise InputError(msg)
    if frame["pvalue"].isna().all():
        msg = f"stats has no p-value column (looked for {', '.join(_P_COLUMNS)})"
        raise InputError(msg)
    frame = frame[frame["log2fc"].notna() & frame["pvalue"].notna()]
    positive = frame["pvalue"][frame["pvalue"] > 0]
    floor = float(positive.min()) if len(positive) else 1e-300
    neg_log = -np.log10(frame["pvalue"].clip(lower=floor))
    significant = (frame["padj"] < padj) & (frame["log2fc"].abs() >= log2fc)
    category = np.where(significant, np.where(frame["log2fc"] > 0, "up", "down"), "ns")
    return pd.DataFrame(
        {
            "mirna": frame.index.to_numpy(),
            "log2fc": frame["log2fc"].to_numpy(),
            "pvalue": frame["pvalue"].to_numpy(),
            "padj": frame["padj"].to_numpy(),
            "neg_log10_pvalue": neg_log.to_numpy(),
            "category": category,
        }
    )


def _spread(positions: np.ndarray, gap: float) -> np.ndarray:
    """Move sorted positions apart so that neighbours are at least ``gap`` apart."""
    order = np.argsort(positions, kind="mergesort")
    placed = positions[order].astype(float).copy()
    for i in range(1, len(placed)):
        placed[i] = max(placed[i], placed[i - 1] + gap)
    out = np.empty_like(placed)
    out[order] = placed
    return out


def volcano(
    stats: pd.DataFrame,
    *,
    label: Iterable[str] | None = None,
    padj: float = 0.05,
    log2fc: float = 1.0,
    ax: Axes | None = None,
) -> Axes:
    """Draw a volcano plot (log2 fold change vs -log10 p-value) with labelled miRNAs.

    Parameters
    ----------
    stats, padj, log2fc
        As in :func:`volcano_table`, which computes the points drawn here.
    label
        miRNAs to label (e.g. the review's miRNAs); those not in ``stats`` are skipped.
    ax
        Axes to draw on (a new figure otherwise).

    Returns
    -------
    matplotlib.axes.Axes
        The axes; its first scatter (``ax.collections[0]``) holds every point in the order of
        :func:`volcano_table`, a second one rings the labelled miRNAs.
    """
    from matplotlib.lines import Line2D

    table = volcano_table(stats, padj=padj, log2fc=log2fc)
    ax = _new_axes(ax, (6.5, 5.5))
    colours = {"up": "#d7301f", "down": "#2171b5", "ns": "#bdbdbd"}
    ax.scatter(
        table["log2fc"].to_numpy(dtype=float),
        table["neg_log10_pvalue"].to_numpy(dtype=float),
        c=[colours[c] for c in table["category"]],
        s=12,
        linewidths=0,
        alpha=0.85,
        zorder=2,
    )
    for sign in (-1, 1):
        ax.axvline(sign * log2fc, color="0.6", linestyle="--", linewidth=0.8, zorder=1)
    passing = table["pvalue"][table["padj"] < padj]
    if len(passing):
        ax.axhline(
            -np.log10(max(float(passing.max()), 1e-300)),
            color="0.6",
            linestyle=":",
            linewidth=0.8,
            zorder=1,
        )
    ax.set_xlabel("log2 fold change")
    ax.set_ylabel("-log10 p-value")
    counts = table["category"].value_counts()
    handles = [
        Line2D(
            [],
            [],
            linestyle="",
            marker="o",
            color=colours[c],
            label=f"{name} ({int(counts.get(c, 0))})",
        )
        for c, name in (("up", "up"), ("down", "down"), ("ns", "not significant"))
    ]
    ax.legend(handles=handles, loc="upper left", fontsize=8, frameon=False)
    if label is not None:
        wanted = set(dict.fromkeys(str(m) for m in label))
        picked = table[table["mirna"].isin(wanted)].drop_duplicates("mirna")
        if len(picked):
            _label_points(ax, picked)
    return ax


def _label_points(ax: Axes, picked: pd.DataFrame) -> None:
    """Label points, spreading labels vertically per side and widening x to fit the text."""
    x_all = np.asarray(ax.dataLim.intervalx)
    y_all = np.asarray(ax.dataLim.intervaly)
    x_span = max(float(np.ptp(x_all)), 1.0)
    y_span = max(float(np.ptp(y_all)), 1.0)
    gap = 0.045 * y_span
    fontsize = 7.0
    text_ends = [float(x_all.min()), float(x_all.max())]
    widest = {-1: 0.0, 1: 0.0}  # label width in points, per side
    highest = float(y_all.max()) if y_all.size else 1.0
    for side in (-1, 1):
        half = picked[(picked["log2fc"] >= 0) == (side > 0)]
        if half.empty:
            continue
        x = half["log2fc"].to_numpy(dtype=float)
        y = half["neg_log10_pvalue"].to_numpy(dtype=float)
        text_y = _spread(y, gap)
        text_x = x + side * 0.06 * x_span
        text_ends += [float(text_x.min()), float(text_x.max())]
        highest = max(highest, float(text_y.max()))
        for name, px, py, tx, ty in zip(half["mirna"], x, y, text_x, text_y, strict=True):
            text = _text(name, 40)
            widest[side] = max(widest[side], 0.62 * fontsize * len(text) + 4.0)
            ax.annotate(
                text,
                xy=(px, py),
                xytext=(tx, ty),
                ha="left" if side > 0 else "right",
                va="center",
                fontsize=fontsize,
                arrowprops={"arrowstyle": "-", "color": "0.4", "linewidth": 0.5},
                zorder=4,
            )
    ax.scatter(
        picked["log2fc"].to_numpy(dtype=float),
        picked["neg_log10_pvalue"].to_numpy(dtype=float),
        s=22,
        facecolors="none",
        edgecolors="black",
        linewidths=0.7,
        zorder=3,
    )
    ax.set_ylim(bottom=min(0.0, float(y_all.min())), top=max(highest, 1.0) + 2 * gap)
    # Widen the x range so that the labels (estimated width) stay inside the axes.
    axes_points = max(ax.get_position().width * ax.figure.get_figwidth() * 72.0, 1.0)
    left_frac, right_frac = widest[-1] / axes_points, widest[1] / axes_points
    scale = min(left_frac + right_frac, 0.6)
    if left_frac + right_frac > 0:
        left_frac, right_frac = (
            scale * left_frac / (left_frac + right_frac),
            scale * right_frac / (left_frac + right_frac),
        )
    low, high = min(text_ends), max(text_ends)
    total = (high - low) / (1.0 - left_frac - right_frac)
    margin = 0.03 * total
    ax.set_xlim(low - left_frac * total - margin, high + right_frac * total + margin)
