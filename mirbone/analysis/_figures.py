"""The figures of :func:`mirbone.analysis.analyze` (drawn with :mod:`mirbone.plot`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pandas as pd

from mirbone.differential import sheet_contrast
from mirbone.errors import InputError

#: miRNA rows of the target heatmap; the other miRNAs are summarised in one row.
MAX_TARGET_ROWS = 40


def draw_figures(
    data: Any,
    stats: pd.DataFrame | None,
    review: pd.DataFrame,
    ora: pd.DataFrame,
    gsea: pd.DataFrame,
    target_results: dict[str, pd.DataFrame],
    edges: pd.DataFrame,
    signatures: dict[str, list[str]],
    *,
    padj: float,
    log2fc: float,
    contrast: str | None,
    notes: list[str],
    directions: pd.Series | None = None,
) -> dict[str, Any]:
    """Draw the report figures; a figure that cannot be drawn becomes a note."""
    import matplotlib.pyplot as plt

    from mirbone import expression, plot

    out: dict[str, Any] = {}
    review_in_data = sorted(set(review.loc[review["in_data"], "mirna"])) if not review.empty else []

    def attempt(name: str, draw: Callable[[], Any]) -> None:
        try:
            drawn = draw()
        except (InputError, ValueError) as error:
            notes.append(f"Figure {name} was not drawn: {error}")
            plt.close("all")
            return
        out[name] = getattr(drawn, "figure", drawn)

    if stats is not None:

        def volcano() -> Any:
            figure, ax = plt.subplots(figsize=(6.5, 5))
            # the review's miRNAs as the features that measure them, and the top hits
            measured = (
                sorted(set(review.loc[review["in_data"], "measured_as"]) - {""})
                if "measured_as" in review.columns
                else review_in_data
            )
            plot.volcano(
                stats,
                label=measured,
                padj=padj,
                log2fc=log2fc,
                categories=directions,
                ax=ax,
                top=8,
            )
            return figure

        attempt("volcano", volcano)
    if data.counts is not None:
        logcpm = expression.log_cpm(data.counts)
        features = (
            set(review.loc[review["in_data"], "measured_as"]) - {""}
            if "measured_as" in review.columns
            else set(review_in_data)
        )
        shown = [m for m in logcpm.index if m in features]
        spec = sheet_contrast(contrast)
        group_column = spec.column if spec is not None else "group"
        sheet = data.samples
        if sheet is not None and "sample" in sheet.columns:
            sheet = sheet.set_index("sample")
        if spec is not None and sheet is not None and spec.column in sheet.columns:
            # z-scores over the contrast's samples only: other groups of the fit are left out
            groups = sheet[spec.column].map(lambda v: str(v).strip())
            keep = [c for c in logcpm.columns if groups.get(c) in (spec.test, spec.reference)]
            if 0 < len(keep) < logcpm.shape[1]:
                notes.append(
                    f"The expression heatmap shows the {len(keep)} samples of the contrast "
                    f"({spec.test}, {spec.reference}), z-scored over them; the other "
                    f"{logcpm.shape[1] - len(keep)} samples of the fit are not shown."
                )
                logcpm = logcpm.loc[:, keep]
                sheet = sheet.loc[keep]
        if len(shown) >= 2:  # a heatmap of one row says nothing
            attempt(
                "expression_heatmap",
                lambda: plot.expression_heatmap(
                    logcpm,
                    mirnas=shown,
                    samples=sheet,
                    group_column=group_column,
                    gene_sets=signatures,
                ),
            )
        elif stats is not None:  # no review miRNA to show: the most significant ones
            attempt(
                "expression_heatmap",
                lambda: plot.expression_heatmap(
                    logcpm,
                    top_n=30,
                    stats=stats,
                    samples=sheet,
                    group_column=group_column,
                    gene_sets=signatures,
                ),
            )
    if not edges.empty:
        # Readable with 100+ miRNAs: the most significant ones, the rest summarised in a row.
        rank_by = pd.to_numeric(stats["padj"], errors="coerce") if stats is not None else None
        n_rows = min(edges["mirna"].nunique(), MAX_TARGET_ROWS + 1)
        n_cols = min(edges["gene"].nunique(), 60)
        size = (
            float(min(max(6.5, 3.5 + 0.2 * n_cols), 20)),
            float(min(max(3.0, 1.8 + 0.26 * n_rows), 16)),
        )
        attempt(
            "target_heatmap",
            lambda: axes_figure(
                plot.target_heatmap,
                edges,
                max_mirnas=MAX_TARGET_ROWS,
                rank_by=rank_by,
                size=size,
            ),
        )
    for name, table, x in (
        ("signature_ora", ora, "fold_enrichment"),
        ("signature_gsea", gsea, "nes"),
        *((key, tab, "fold_enrichment") for key, tab in target_results.items()),
    ):
        if table is not None and not table.empty:
            frame = table.copy()
            if x == "fold_enrichment" and "fold_enrichment" not in frame and "expected" in frame:
                frame["fold_enrichment"] = frame["n_targeted"] / frame["expected"].where(
                    frame["expected"] > 0
                )
            if "direction" in frame.columns:
                frame["term"] = frame["direction"].astype(str) + ": " + frame["term"].astype(str)
            height = min(max(2.8, 0.3 * min(len(frame), 20) + 1.6), 8.0)
            attempt(
                f"{name}_dotplot",
                lambda frame=frame, x=x, height=height: axes_figure(
                    plot.enrichment_dotplot, frame, x=x, size=(7.5, height)
                ),
            )
    return out


def axes_figure(
    draw: Callable[..., Any], *args: Any, size: tuple[float, float] = (7.5, 5.5), **kwargs: Any
) -> Any:
    """Draw an axes-level plot on a new figure of ``size`` inches."""
    import matplotlib.pyplot as plt

    figure, ax = plt.subplots(figsize=size)
    draw(*args, ax=ax, **kwargs)
    figure.tight_layout()
    return figure
