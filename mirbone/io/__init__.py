"""Reading user tables: counts, statistics tables, pipeline outputs, lists, sample sheets."""

from __future__ import annotations

from mirbone.io._read import (
    AGGREGATE_RULES,
    FORMATS,
    MirnaData,
    detect_format,
    read,
    read_samples,
    read_standard,
    standard_table,
    write_standard,
)
from mirbone.io._readers import LOG_COLUMNS, STATS_COLUMNS
from mirbone.io._samples import SampleSheet

__all__ = [
    "AGGREGATE_RULES",
    "FORMATS",
    "LOG_COLUMNS",
    "STATS_COLUMNS",
    "MirnaData",
    "SampleSheet",
    "detect_format",
    "read",
    "read_samples",
    "read_standard",
    "standard_table",
    "write_standard",
]
