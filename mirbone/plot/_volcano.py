"""Volcano plot: the tidy table behind it and the drawing."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

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
    categories: pd.Series | None = None,
) -> pd.DataFrame:
    """Compute the points of a volcano plot.

    Parameters
    ----------
    stats
        Differential-abundance results (DESeq2, edgeR, limma or mirbone column names), miRNAs
        in the index or a ``mirna`` column. Rows without a fold change or p-value are dropped.
    {padj_log2fc}
    categories
        The calls to show instead (miRNA -> ``up``, ``down`` or anything else for ``ns``),
        e.g. the ``direction`` column of the report, so the figure counts what the report
        counts.

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
    if categories is not None:
        given = pd.Series(categories).astype(str).reindex(frame.index.astype(str))
        category = np.where(given.isin(["up", "down"]), given, "ns")
    else:
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


def volcano(
    stats: pd.DataFrame,
    *,
    label: Iterable[str] | None = None,
    padj: float = PADJ,
    log2fc: float = LOG2FC,
    categories: pd.Series | None = None,
    ax: Axes | None = None,
    top: int = 0,
) -> Axes:
    """Draw a volcano plot (log2 fold change vs -log10 p-value) with labelled miRNAs.

    Parameters
    ----------
    stats, padj, log2fc, categories
        As in :func:`volcano_table`, which computes the points drawn here. The dashed lines
        mark ``log2fc`` (when above 0), the dotted one the largest p-value whose adjusted
        p-value passes ``padj``; the legend (outside the data area, right of the axes) gives
        the counts and the rule.
    label
        miRNAs to label (e.g. the review's miRNAs); those not in ``stats`` are skipped.
        Labels are placed by adjustText so that they overlap neither each other nor the
        points, each joined to its point by a line; each label's ``gid`` is its miRNA.
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

    table = volcano_table(stats, padj=padj, log2fc=log2fc, categories=categories)
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
    passing = table["pvalue"][table["category"] != "ns"]
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
    ax.legend(
        handles=handles,
        title=f"padj < {padj:g}" + (f", |log2FC| > {log2fc:g}" if log2fc > 0 else ""),
        loc="upper left",
        bbox_to_anchor=(1.02, 1.0),
        borderaxespad=0.0,
        fontsize=8,
        title_fontsize=8,
        frameon=False,
    )
    wanted = set(dict.fromkeys(str(m) for m in label)) if label is not None else set()
    if top > 0:
        hits = table[table["category"] != "ns"].sort_values(["padj", "pvalue"], kind="mergesort")
        wanted |= set(hits["mirna"].head(top).astype(str))
    if wanted:
        picked = table[table["mirna"].astype(str).isin(wanted)].drop_duplicates("mirna")
        if len(picked):
            _label_points(ax, table, picked)
    return ax


def _spread(positions: np.ndarray, gap: float, floor: float) -> np.ndarray:
    """Move positions up so that, sorted, neighbours are at least ``gap`` apart (>= floor)."""
    order = np.argsort(positions, kind="mergesort")
    placed = np.maximum(positions[order].astype(float), floor)
    for k in range(1, len(placed)):
        placed[k] = max(placed[k], placed[k - 1] + gap)
    out = np.empty_like(placed)
    out[order] = placed
    return out


def _overlaps(ax: Axes, texts: list[Any]) -> bool:
    renderer = ax.figure.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in texts]
    return any(
        a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1
        for k, a in enumerate(boxes)
        for b in boxes[k + 1 :]
    )


def _label_points(ax: Axes, table: pd.DataFrame, picked: pd.DataFrame) -> None:
    """Label points: spread per side, then adjustText moves them off the points.

    The labels start in two stacks (left of the negative, right of the positive fold
    changes), spaced by a line height, so they never overlap each other; adjustText then
    moves them off the data points. Should its result still overlap, the stacks are kept.
    """
    from adjustText import adjust_text

    x_all = table["log2fc"].to_numpy(dtype=float)
    y_all = table["neg_log10_pvalue"].to_numpy(dtype=float)
    fontsize = 7.0
    # Room for the labels: widen x by the longest label (estimated), y by a few lines.
    longest = max(len(_text(name, 40)) for name in picked["mirna"])
    axes_points = max(ax.get_position().width * ax.figure.get_figwidth() * 72.0, 1.0)
    share = min(0.62 * fontsize * longest / axes_points, 0.35)
    low, high = float(np.min(x_all)), float(np.max(x_all))
    span = max(high - low, 1.0)
    total = span / (1.0 - 2 * share)
    ax.set_xlim(low - share * total, high + share * total)
    top = max(float(np.max(y_all)) if y_all.size else 1.0, 1.0)
    height_points = max(ax.get_position().height * ax.figure.get_figheight() * 72.0, 1.0)
    bottom = min(0.0, float(np.min(y_all)))
    line = 1.5 * fontsize * (top - bottom) / height_points  # one label line, data units
    px = picked["log2fc"].to_numpy(dtype=float)
    py = picked["neg_log10_pvalue"].to_numpy(dtype=float)
    tx, ty = px.copy(), py.copy()
    for side in (-1, 1):
        half = (px >= 0) == (side > 0)
        if half.any():
            tx[half] = px[half] + side * 0.05 * total
            ty[half] = _spread(py[half], line, bottom + line)
    ax.set_ylim(bottom=bottom, top=max(top * 1.12 + 0.3, float(ty.max()) + 2 * line))
    texts = []
    for name, x, y, side in zip(picked["mirna"], tx, ty, np.sign(px) >= 0, strict=True):
        text = ax.text(
            x,
            y,
            _text(name, 40),
            fontsize=fontsize,
            va="center",
            zorder=4,
            ha="left" if side else "right",
        )
        text.set_gid(str(name))
        texts.append(text)
    ax.scatter(px, py, s=22, facecolors="none", edgecolors="black", linewidths=0.7, zorder=3)
    stacked = [(t.get_position(), t.get_ha()) for t in texts]
    # Only the points near a label can collide with it: the rest are left out (speed).
    near = np.zeros(len(x_all), dtype=bool)
    for x, y in zip(tx, ty, strict=True):
        near |= (np.abs(x_all - x) < 0.3 * total) & (np.abs(y_all - y) < 6 * line)
    arrows = {"arrowstyle": "-", "color": "0.4", "linewidth": 0.5}
    _, drawn = adjust_text(
        texts,
        x=x_all[near],
        y=y_all[near],
        target_x=px,
        target_y=py,
        ax=ax,
        force_text=(0.2, 0.4),
        force_static=(0.2, 0.4),
        ensure_inside_axes=True,
        iter_lim=150,  # a fixed number of steps, never a time limit: same input, same figure
        min_arrow_len=0,
        arrowprops=arrows,
    )
    ax.figure.canvas.draw()
    if _overlaps(ax, texts):
        for arrow in drawn or []:
            arrow.remove()
        for text, (position, ha), x, y in zip(texts, stacked, px, py, strict=True):
            text.set_position(position)
            text.set_ha(ha)
            ax.plot([x, position[0]], [y, position[1]], color="0.4", linewidth=0.5, zorder=3)
