"""Volcano plot: the tidy table behind it and the drawing."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from mirbone._docs import shared_docs
from mirbone.differential import LOG2FC, PADJ, STATS_SPELLINGS, call_significance, stats_frame
from mirbone.errors import InputError
from mirbone.plot._common import _new_axes, _text

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["volcano", "volcano_table"]


@shared_docs
def volcano_table(
    stats: pd.DataFrame,
    *,
    padj: float = PADJ,
    log2fc: float = LOG2FC,
) -> pd.DataFrame:
    """Compute the points of a volcano plot.

    Parameters
    ----------
    stats
        Differential-abundance results (DESeq2, edgeR, limma or mirbone column names), miRNAs
        in the index or a ``mirna`` column. Rows without a fold change or p-value are dropped.
    {padj_log2fc}

    Returns
    -------
    pandas.DataFrame
        ``mirna, log2fc, pvalue, padj, neg_log10_pvalue, category`` (p-values of 0 are
        shown at the smallest positive p-value).
    """
    frame = stats_frame(stats)
    for key, what in (("log2fc", "log2 fold-change"), ("pvalue", "p-value")):
        if frame[key].isna().all():
            looked = ", ".join(STATS_SPELLINGS[key])
            msg = f"stats has no {what} column (looked for {looked})"
            raise InputError(msg)
    frame = frame[frame["log2fc"].notna() & frame["pvalue"].notna()]
    positive = frame["pvalue"][frame["pvalue"] > 0]
    floor = float(positive.min()) if len(positive) else 1e-300
    neg_log = -np.log10(frame["pvalue"].clip(lower=floor))
    category = call_significance(frame, padj=padj, log2fc=log2fc).to_numpy()
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
    padj: float = PADJ,
    log2fc: float = LOG2FC,
    ax: Axes | None = None,
    top: int = 0,
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
    top
        Also label the ``top`` significant miRNAs of smallest adjusted p-value.

    The legend counts the points of each category and the rows that have a fold change
    but no p-value (e.g. DESeq2's Cook's outliers), which cannot be drawn.

    Returns
    -------
    matplotlib.axes.Axes
        The axes; its first scatter (``ax.collections[0]``) holds every point in the order of
        :func:`volcano_table`, a second one rings the labelled miRNAs.
    """
    from matplotlib.lines import Line2D

    table = volcano_table(stats, padj=padj, log2fc=log2fc)
    frame = stats_frame(stats)
    not_drawn = int((frame["log2fc"].notna() & frame["pvalue"].isna()).sum())
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
    for sign in (-1, 1) if log2fc > 0 else ():
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
    if not_drawn:
        handles.append(
            Line2D([], [], linestyle="", marker="", label=f"not drawn: {not_drawn} (no p-value)")
        )
    ax.legend(handles=handles, loc="upper left", fontsize=8, frameon=False)
    wanted = set(dict.fromkeys(str(m) for m in label)) if label is not None else set()
    if top > 0:
        hits = table[table["category"] != "ns"].sort_values(["padj", "pvalue"], kind="mergesort")
        wanted |= set(hits["mirna"].head(top).astype(str))
    if wanted:
        picked = table[table["mirna"].astype(str).isin(wanted)].drop_duplicates("mirna")
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
