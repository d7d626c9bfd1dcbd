"""Small rules about single values shared by the readers and the annotator."""

from __future__ import annotations

import pandas as pd


def is_missing(value: object) -> bool:
    """Return True for None, NaN, NA and NaT; text (even empty) is never missing."""
    if isinstance(value, str):
        return False
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # an array-like cell: not a missing scalar
        return False
