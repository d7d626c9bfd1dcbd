"""miRNA x target heatmap: evidence levels, the matrix behind it and the drawing."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from mirbone._frames import ResultTable
from mirbone.errors import InputError
from mirbone.plot._common import _new_axes, _text

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["EVIDENCE_COLORS", "EVIDENCE_LEVELS", "TargetMatrix", "target_heatmap", "target_matrix"]

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


class TargetMatrix(ResultTable):
    """The miRNA x gene matrix of evidence levels of :func:`target_matrix`.

    Attributes
    ----------
    summarised
        miRNAs summarised in the last row (``N other miRNAs``), in rank order.
    """

    summarised: Sequence[str] | None = None


def target_matrix(
    targets_table: pd.DataFrame,
    *,
    mirnas: Iterable[str] | None = None,
    genes: Iterable[str] | None = None,
    max_genes: int | None = 60,
    max_mirnas: int | None = None,
    rank_by: Mapping[str, float] | pd.Series | None = None,
) -> TargetMatrix:
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
    max_mirnas
        Show at most this many miRNA rows: the first by ``rank_by`` (ascending, e.g. the
        adjusted p-value; then by number of targets, then name); the other miRNAs are
        summarised in one last row, ``N other miRNAs``, holding for each gene the strongest
        evidence among them. Their names are in the result's ``summarised``.
    rank_by
        miRNA -> a value to rank by (lower first); miRNAs without one come last.

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
    summarised: list[str] = []
    if max_mirnas is not None and len(row_order) > max(max_mirnas, 1):
        ranks = pd.Series(rank_by, dtype=float) if rank_by is not None else pd.Series(dtype=float)
        n_targets = long.groupby("mirna")["gene"].nunique()
        key = {
            m: (
                float(ranks.get(m, np.inf)) if pd.notna(ranks.get(m, np.nan)) else np.inf,
                -int(n_targets.get(m, 0)),
                m,
            )
            for m in row_order
        }
        ordered = sorted(row_order, key=key.__getitem__)
        keep = max(max_mirnas, 1)
        summarised = ordered[keep:]
        row_order = ordered[:keep]
        rest_label = f"{len(summarised)} other miRNAs"
        rest = long[long["mirna"].isin(summarised)].groupby("gene", as_index=False)["rank"].max()
        long = pd.concat(
            [long[long["mirna"].isin(row_order)], rest.assign(mirna=rest_label)],
            ignore_index=True,
        )
        row_order = [*row_order, rest_label]
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
    return TargetMatrix.of(matrix, summarised=summarised)


def target_heatmap(
    targets_table: pd.DataFrame,
    *,
    mirnas: Iterable[str] | None = None,
    genes: Iterable[str] | None = None,
    max_genes: int | None = 60,
    max_mirnas: int | None = None,
    rank_by: Mapping[str, float] | pd.Series | None = None,
    ax: Axes | None = None,
) -> Axes:
    """Draw the miRNA x target-gene heatmap, one colour per evidence level.

    Parameters
    ----------
    targets_table, mirnas, genes, max_genes, max_mirnas, rank_by
        As in :func:`target_matrix`, which computes the matrix drawn here; a summary row of
        the miRNAs beyond ``max_mirnas`` is drawn last, below a line, in italics.
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

    matrix = target_matrix(
        targets_table,
        mirnas=mirnas,
        genes=genes,
        max_genes=max_genes,
        max_mirnas=max_mirnas,
        rank_by=rank_by,
    )
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
    if isinstance(matrix, TargetMatrix) and matrix.summarised:
        ax.axhline(n_rows - 1, color="0.2", linewidth=1.2)
        ax.get_yticklabels()[-1].set_fontstyle("italic")
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
