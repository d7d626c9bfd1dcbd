"""Figures: expression heatmap, miRNA x target heatmap, enrichment dot plot and volcano.

Each figure has two parts: a function that computes the tidy table or matrix behind it
(``expression_matrix``, ``target_matrix``, ``enrichment_table``, ``volcano_table``) and one that
draws it (``expression_heatmap``, ``target_heatmap``, ``enrichment_dotplot``, ``volcano``).
The drawing functions return the seaborn ``ClusterGrid`` or the matplotlib ``Axes``; they never
show or save a figure and never change the global ``rcParams``. Figures are created through
``matplotlib.pyplot``, so close them (``plt.close(fig)``) once saved.
"""

from __future__ import annotations

from mirbone.plot._common import MAX_CLUSTERED as MAX_CLUSTERED
from mirbone.plot._compare import comparison_dotplot, upset, upset_table
from mirbone.plot._enrichment import DotplotTable, enrichment_dotplot, enrichment_table
from mirbone.plot._heatmap import expression_heatmap, expression_matrix
from mirbone.plot._targets import (
    EVIDENCE_COLORS,
    EVIDENCE_LEVELS,
    TargetMatrix,
    target_heatmap,
    target_matrix,
)
from mirbone.plot._volcano import volcano, volcano_table

__all__ = [
    "EVIDENCE_COLORS",
    "EVIDENCE_LEVELS",
    "DotplotTable",
    "TargetMatrix",
    "comparison_dotplot",
    "enrichment_dotplot",
    "enrichment_table",
    "expression_heatmap",
    "expression_matrix",
    "target_heatmap",
    "target_matrix",
    "upset",
    "upset_table",
    "volcano",
    "volcano_table",
]
