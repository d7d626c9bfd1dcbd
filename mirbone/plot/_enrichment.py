"""Enrichment dot plot: the tidy table behind it and the drawing."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from mirbone._frames import ResultTable
from mirbone.errors import InputError
from mirbone.plot._common import _clip_label, _new_axes, _text

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["FDR_FLOOR", "DotplotTable", "enrichment_dotplot", "enrichment_table"]


class DotplotTable(ResultTable):
    """The terms of :func:`enrichment_table`, with the result columns they show.

    Attributes
    ----------
    x_column
        The result column on the x axis (``fold_enrichment``, ``nes``, ...).
    size_column
        The result column behind the dot sizes (``overlap``, ``n_targeted``, ``size``).
    """

    x_column: str | None = None
    size_column: str | None = None

    def legacy_attrs(self) -> dict[str, Any]:
        """Return the columns shown under the ``attrs`` keys of earlier releases."""
        return {"x": self.x_column, "size": self.size_column}


def enrichment_table(
    results: pd.DataFrame,
    *,
    x: str | None = None,
    top_n: int = 20,
) -> DotplotTable:
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
    DotplotTable
        A DataFrame ``term, label, x, size, fdr, neg_log10_fdr`` in plotting order (top of
        the plot first); ``x_column`` and ``size_column`` name the result columns shown.
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
    return DotplotTable.of(
        table.drop(columns="_p").reset_index(drop=True),
        x_column=x,
        size_column=size_column or "size",
    )


#: Smallest FDR told apart by the dot plots' fixed colour scale.
FDR_FLOOR = 1e-4


def fdr_colourbar(ax: Axes, scatter: Any, fdr_floor: float = FDR_FLOOR) -> Any:
    """Add the fixed FDR colour bar (ticks 1, 0.1, ... down to the floor; a line at 0.05)."""
    colourbar = ax.figure.colorbar(scatter, ax=ax, pad=0.02, fraction=0.05)
    top = -np.log10(fdr_floor)
    ticks = list(range(int(np.floor(top)) + 1))
    colourbar.set_ticks(ticks)
    colourbar.set_ticklabels(
        [("≤ " if t == ticks[-1] and t >= top else "") + f"{10.0**-t:g}" for t in ticks]
    )
    colourbar.ax.axhline(-np.log10(0.05), color="white", linewidth=1.2)
    colourbar.set_label("FDR (fixed scale; line: 0.05)")
    return colourbar


def _dot_area(values: np.ndarray, largest: float) -> np.ndarray:
    return 25.0 + 225.0 * np.asarray(values, dtype=float) / max(largest, 1e-12)


def enrichment_dotplot(
    results: pd.DataFrame,
    *,
    x: str | None = None,
    top_n: int = 20,
    cmap: str = "viridis",
    fdr_floor: float = FDR_FLOOR,
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
    fdr_floor
        The colour scale is fixed, the same in every plot: -log10 FDR from 0 (FDR 1) to
        -log10 ``fdr_floor``; smaller FDRs take the end colour. An FDR of 0.2 is thus always
        near the dark end, never the brightest colour of its plot.
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
        c=np.minimum(table["neg_log10_fdr"].to_numpy(dtype=float), -np.log10(fdr_floor)),
        cmap=cmap,
        vmin=0.0,
        vmax=-np.log10(fdr_floor),
        edgecolors="0.3",
        linewidths=0.5,
        zorder=3,
    )
    ax.set_yticks(y)
    ax.set_yticklabels([_text(label) for label in table["label"]], fontsize=8)
    ax.set_ylim(-0.7, max(n - 0.3, 0.7))
    x_name = table.x_column or "x"
    ax.set_xlabel({"fold_enrichment": "fold enrichment", "nes": "NES"}.get(x_name, x_name))
    if x_name == "nes":
        ax.axvline(0, color="0.6", linewidth=0.8, zorder=1)
    elif x_name == "fold_enrichment":
        ax.axvline(1, color="0.6", linewidth=0.8, linestyle="--", zorder=1)
    ax.grid(axis="x", color="0.92", zorder=0)
    if n == 0:
        ax.text(0.5, 0.5, "no terms to show", ha="center", va="center", transform=ax.transAxes)
        return ax
    fdr_colourbar(ax, scatter, fdr_floor)
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
        title=table.size_column or "size",
        loc="lower right",
        fontsize=7,
        title_fontsize=8,
        labelspacing=1.2,
        borderpad=0.8,
        framealpha=0.8,
    )
    return ax
