"""Figures across contrasts: a dot plot of terms by contrast and an UpSet plot of sets."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from mirbone.differential import PADJ
from mirbone.errors import InputError
from mirbone.plot._common import _clip_label, _text
from mirbone.plot._enrichment import FDR_FLOOR, _dot_area, fdr_colourbar

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["comparison_dotplot", "upset", "upset_table"]


def upset_table(sets: Mapping[str, set[str] | Sequence[str]]) -> pd.DataFrame:
    """Exclusive intersections of named sets: one row per non-empty combination.

    Returns
    -------
    pandas.DataFrame
        One boolean column per set (member of the combination or not) and ``size`` (the
        items in exactly those sets and no other), largest first.
    """
    names = list(sets)
    members = {name: set(map(str, sets[name])) for name in names}
    everything = set().union(*members.values()) if members else set()
    counts: dict[tuple[bool, ...], int] = {}
    for item in everything:
        key = tuple(item in members[name] for name in names)
        counts[key] = counts.get(key, 0) + 1
    rows = [dict(zip(names, key, strict=True), size=n) for key, n in counts.items()]
    table = pd.DataFrame(rows, columns=[*names, "size"])
    if table.empty:
        return table
    degree = table[names].sum(axis=1)
    table = table.assign(_d=degree).sort_values(
        ["size", "_d"], ascending=[False, True], kind="stable"
    )
    return table.drop(columns="_d").reset_index(drop=True)


def upset(sets: Mapping[str, set[str] | Sequence[str]], *, title: str = "significant miRNAs"):
    """Draw an UpSet plot: bars of exclusive intersection sizes over a membership matrix.

    Returns the bar axes; ``ax.patches`` hold the bars in the order of :func:`upset_table`.
    """
    import matplotlib.pyplot as plt

    if not sets:
        msg = "no sets to compare"
        raise InputError(msg)
    table = upset_table(sets)
    names = list(sets)
    n = max(len(table), 1)
    figure, (bars, matrix) = plt.subplots(
        2,
        1,
        figsize=(max(4.0, 1.2 + 0.55 * n), 2.6 + 0.35 * len(names)),
        gridspec_kw={"height_ratios": [3, max(1, len(names)) * 0.45]},
        sharex=True,
    )
    x = np.arange(len(table))
    sizes = table["size"].to_numpy() if len(table) else np.array([])
    bars.bar(x, sizes, color="#3b5b92", width=0.6)
    for xi, size in zip(x, sizes, strict=True):
        bars.text(xi, size, str(int(size)), ha="center", va="bottom", fontsize=8)
    bars.set_ylabel("miRNAs")
    bars.set_title(title, fontsize=10)
    bars.spines[["top", "right"]].set_visible(False)
    bars.set_ylim(0, max(float(sizes.max()) if len(sizes) else 1.0, 1.0) * 1.18)
    for row, name in enumerate(names):
        inside = table[name].to_numpy(dtype=bool) if len(table) else np.array([], dtype=bool)
        matrix.scatter(
            x, np.full(len(x), row), s=60, c=np.where(inside, "#1d2433", "#d9d9d9"), zorder=3
        )
    for xi in x:
        rows = [r for r, name in enumerate(names) if bool(table.iloc[xi][name])]
        if len(rows) > 1:
            matrix.plot([xi, xi], [min(rows), max(rows)], color="#1d2433", linewidth=1.5)
    matrix.set_yticks(range(len(names)))
    matrix.set_yticklabels(
        [_text(f"{name} ({len(set(sets[name]))})", 40) for name in names], fontsize=8
    )
    matrix.set_ylim(len(names) - 0.5, -0.5)
    matrix.set_xticks([])
    matrix.set_xlim(-0.6, max(len(table), 1) - 0.4)
    for spine in matrix.spines.values():
        spine.set_visible(False)
    figure.tight_layout()
    return bars


def comparison_dotplot(
    terms: pd.DataFrame,
    *,
    contrasts: Sequence[str] | None = None,
    padj: float = PADJ,
    top_n: int = 25,
    fdr_floor: float = FDR_FLOOR,
    ax: Axes | None = None,
) -> Axes:
    """Draw terms (rows) by contrast (columns): dot area = size, colour = FDR (fixed scale).

    Parameters
    ----------
    terms
        Long table with ``contrast, term, size, fdr`` (as
        ``tables/comparison_enrichment.tsv``); ``collection`` is shown beside the term when
        present.
    contrasts
        Column order (default: order of appearance).
    padj
        Terms shown: those with an FDR below this in at least one contrast (lowest first,
        at most ``top_n``); a shown term is drawn in every contrast that tested it.
    fdr_floor
        The colour scale runs from FDR 1 to this value, the same in every plot.

    Returns
    -------
    matplotlib.axes.Axes
        Its one scatter holds the dots; ``ax.figure`` the figure.
    """
    import matplotlib.pyplot as plt

    for column in ("contrast", "term", "fdr"):
        if column not in terms.columns:
            msg = "comparison table lacks a required column"
            raise InputError(msg, column=column)
    frame = terms.copy()
    frame["fdr"] = pd.to_numeric(frame["fdr"], errors="coerce")
    frame["size"] = pd.to_numeric(frame.get("size", 1), errors="coerce").fillna(0)
    frame["row"] = frame["term"].astype(str)
    if "collection" in frame:
        frame["row"] = frame["row"] + " [" + frame["collection"].astype(str) + "]"
    order = list(contrasts) if contrasts is not None else list(dict.fromkeys(frame["contrast"]))
    best = frame.groupby("row")["fdr"].min().sort_values(kind="stable")
    rows = list(best[best < padj].index[:top_n])
    n_rows, n_cols = len(rows), len(order)
    if ax is None:
        _, ax = plt.subplots(
            figsize=(3.8 + 1.1 * n_cols + 0.0, float(np.clip(1.6 + 0.3 * n_rows, 2.6, 12)))
        )
    shown = frame[frame["row"].isin(rows) & frame["contrast"].isin(order)]
    y_of = {row: n_rows - 1 - i for i, row in enumerate(rows)}
    x_of = {c: i for i, c in enumerate(order)}
    largest = float(shown["size"].max()) if len(shown) else 1.0
    top = -np.log10(fdr_floor)
    values = -np.log10(shown["fdr"].clip(lower=fdr_floor).fillna(1.0))
    scatter = ax.scatter(
        [x_of[c] for c in shown["contrast"]],
        [y_of[r] for r in shown["row"]],
        s=_dot_area(shown["size"].to_numpy(dtype=float), max(largest, 1.0)),
        c=values.to_numpy(dtype=float),
        cmap="viridis",
        vmin=0.0,
        vmax=top,
        edgecolors="0.3",
        linewidths=0.5,
        zorder=3,
    )
    ax.set_xticks(range(n_cols))
    ax.set_xticklabels([_text(c, 30) for c in order], rotation=30, ha="right", fontsize=8)
    ax.set_yticks([y_of[r] for r in rows])
    ax.set_yticklabels([_text(_clip_label(r), 70) for r in rows], fontsize=8)
    ax.set_xlim(-0.6, max(n_cols, 1) - 0.4)
    ax.set_ylim(-0.7, max(n_rows - 0.3, 0.7))
    ax.grid(color="0.93", zorder=0)
    if n_rows == 0:
        ax.text(
            0.5,
            0.5,
            f"no term with FDR < {padj:g} in any contrast",
            ha="center",
            va="center",
            transform=ax.transAxes,
        )
    fdr_colourbar(ax, scatter, fdr_floor)
    ax.figure.tight_layout()
    return ax
