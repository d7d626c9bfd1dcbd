"""Statistics of :func:`mirbone.analysis.analyze`: the contrast and the DESeq2 test."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from typing import Any

import pandas as pd

from mirbone.differential import sheet_contrast
from mirbone.errors import InputError


def groups_of(contrast: str | None) -> tuple[str, str]:
    """Return (test, reference) of ``COL:TEST:REF`` or of a contrast name ``TEST.vs.REF``."""
    spec = sheet_contrast(contrast)
    if spec is not None:
        return spec.test, spec.reference
    match = re.match(r"^(.+?)[._ -]vs[._ -](.+)$", contrast or "", flags=re.IGNORECASE)
    if match:
        return match.group(1), match.group(2)
    return "test", "reference"


def contrast_choices(samples: pd.DataFrame) -> tuple[list[str], list[str]]:
    """Return the contrasts of a sheet's only two-group column, and its columns."""
    sheet = samples.drop(columns="sample") if "sample" in samples.columns else samples
    columns = [str(c) for c in sheet.columns]
    two = []
    for column in sheet.columns:
        levels = sorted({str(v).strip() for v in sheet[column].dropna()} - {""})
        if len(levels) == 2:
            two.append((str(column), levels))
    if len(two) != 1:
        return [], columns
    column, (first, second) = two[0]
    return [f"{column}:{first}:{second}", f"{column}:{second}:{first}"], columns


def require_contrast(data: Any, contrast: str | None, source: str) -> None:
    """Refuse a count table with a sample sheet but no COLUMN:TEST:REFERENCE contrast."""
    if data.counts is None or data.samples is None or data.stats is not None:
        return
    if sheet_contrast(contrast) is not None:
        return
    choices, columns = contrast_choices(data.samples)
    if choices:
        msg = (
            "a sample sheet needs a contrast COLUMN:TEST:REFERENCE (log2 fold changes are "
            f"TEST over REFERENCE): choose {choices[0]} or {choices[1]}"
        )
    else:
        msg = (
            "a sample sheet needs a contrast COLUMN:TEST:REFERENCE (log2 fold changes are "
            f"TEST over REFERENCE), e.g. group:aged:young; the sheet's columns: "
            f"{', '.join(columns) or 'none'}"
        )
    raise InputError(msg, path=source, value=contrast, keyword="contrast")


def stats_from(
    data: Any,
    contrast: str | None,
    notes: list[str],
    *,
    min_count: int = 10,
    padj: float = 0.05,
    covariates: Collection[str] = (),
    allow_non_counts: bool = False,
    source: str = "",
    warn: Callable[[str], None] | None = None,
) -> tuple[pd.DataFrame | None, dict]:
    """Return the statistics table (given, or tested with DESeq2) and how it was made."""
    from mirbone import differential

    info: dict[str, Any] = {}
    if covariates and (data.stats is not None or data.counts is None):
        msg = (
            "covariates apply to a count table tested with a sample sheet; this table "
            "holds no counts to test"
        )
        raise InputError(
            msg, path=source or None, value=", ".join(covariates), keyword="covariates"
        )
    if data.stats is not None:
        info["source"] = "input table"
        return data.stats, info
    if data.counts is None:
        return None, info
    require_contrast(data, contrast, source)
    if data.samples is None or sheet_contrast(contrast) is None:
        notes.append(
            "Differential abundance was not tested: give a sample sheet and a contrast "
            "(COLUMN:TEST:REFERENCE) with a count table."
        )
        return None, info
    fractional_ok = str(getattr(data, "format", "")) in differential.FRACTIONAL_COUNT_FORMATS
    reason = differential.non_count_reason(
        data.counts, value_type=getattr(data, "value_type", "counts"), fractional_ok=fractional_ok
    )
    if reason and not allow_non_counts:
        msg = (
            f"{reason}. DESeq2 needs raw read counts: give the raw count table (e.g. "
            "nf-core/smrnaseq mature_counts.csv, featureCounts or miRDeep2 read counts), "
            "or allow non-counts to round and test these values anyway"
        )
        raise InputError(msg, path=source or None, keyword="allow_non_counts")
    stats = differential.deseq2(
        data.counts,
        data.samples,
        contrast=contrast,
        covariates=list(covariates),
        min_count=min_count,
        padj=padj,
        allow_non_counts=allow_non_counts or fractional_ok,
    )
    if reason:
        (warn or notes.append)(
            f"{reason}, and they were tested anyway (non-counts allowed): DESeq2 "
            "models raw read counts, so its dispersions, p-values and adjusted p-values on "
            "these rounded values are not trustworthy."
        )
    info.update(
        {"source": "PyDESeq2", **{k: v for k, v in stats.attrs.items() if k != "not_tested"}}
    )
    if stats.attrs.get("n_not_tested"):
        notes.append(
            f"{stats.attrs['n_not_tested']} miRNAs with too few reads were not tested "
            f"(pre-filter {stats.attrs['prefilter']}, as the DESeq2 vignette recommends); "
            "the tested miRNAs are the universe of the enrichment tests."
        )
    return stats, info
