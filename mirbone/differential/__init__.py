"""Differential abundance: the significance rule, and the DESeq2 test of counts.

- :func:`call_significance`: the one rule calling a miRNA up, down or not significant
  (``padj`` and ``log2fc`` thresholds), used by the report, ORA and the volcano.
- :func:`stats_frame`, :data:`STATS_SPELLINGS`: the statistics columns of DESeq2, edgeR,
  limma and mirbone tables, looked up once.
- :class:`Contrast`, :func:`parse_contrast`, :func:`sheet_contrast`: ``COLUMN:TEST:REFERENCE``.
- :func:`deseq2` / :func:`deseq2_contrasts`: the Wald test of PyDESeq2 on a count table and
  a sample sheet; the tables are :class:`DESeq2Table`, whose ``deseq2`` attribute
  (:class:`DESeq2Fit`) says how the model was fitted.
"""

from __future__ import annotations

from mirbone.differential._deseq2 import (
    FRACTIONAL_COUNT_FORMATS,
    RESULT_COLUMNS,
    DESeq2Fit,
    DESeq2Table,
    deseq2,
    deseq2_contrasts,
    non_count_reason,
    pydeseq2_version,
)
from mirbone.differential._significance import (
    LOG2FC,
    PADJ,
    SIGNIFICANCE_LEVELS,
    STATS_SPELLINGS,
    Contrast,
    call_significance,
    check_thresholds,
    parse_contrast,
    sheet_contrast,
    stats_frame,
)

__all__ = [
    "FRACTIONAL_COUNT_FORMATS",
    "LOG2FC",
    "PADJ",
    "RESULT_COLUMNS",
    "SIGNIFICANCE_LEVELS",
    "STATS_SPELLINGS",
    "Contrast",
    "DESeq2Fit",
    "DESeq2Table",
    "call_significance",
    "check_thresholds",
    "deseq2",
    "deseq2_contrasts",
    "non_count_reason",
    "parse_contrast",
    "pydeseq2_version",
    "sheet_contrast",
    "stats_frame",
]
