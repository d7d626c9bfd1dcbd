"""The main job: read, test, compare with the review, annotate targets, report."""

from __future__ import annotations

from mirbone.analysis._analyze import AnalysisResult, analyze, significant
from mirbone.analysis._contrasts import ContrastsResult, analyze_contrasts
from mirbone.analysis._report import (
    check_outdir,
    markdown_escape,
    safe_filename,
    sheet_name,
    write_report,
)
from mirbone.analysis._result import RunParameters, RunSummary
from mirbone.analysis._review import AGREEMENT_TEXT, review_table

__all__ = [
    "AGREEMENT_TEXT",
    "AnalysisResult",
    "ContrastsResult",
    "RunParameters",
    "RunSummary",
    "analyze",
    "analyze_contrasts",
    "check_outdir",
    "markdown_escape",
    "review_table",
    "safe_filename",
    "sheet_name",
    "significant",
    "write_report",
]
