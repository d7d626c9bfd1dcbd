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


def check_counts(data: Any, *, allow_non_counts: bool, source: str = "") -> tuple[str, bool]:
    """Refuse counts that look normalised unless allowed; return (reason, fractional_ok)."""
    from mirbone import differential

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
    return reason, fractional_ok


def fit_contrasts(
    data: Any,
    contrasts: list[str],
    *,
    covariates: Collection[str],
    min_count: int,
    padj: float,
    allow_non_counts: bool,
    source: str,
    fit: str = "all",
) -> tuple[dict[str, Any], str]:
    """Test the contrasts of a count table with DESeq2: one fit, one Wald test each.

    With ``fit="all"`` one model is fitted on every sample with a group and each contrast
    is a Wald test of it (:func:`mirbone.differential.deseq2_contrasts` for several);
    with ``fit="contrast"`` each contrast is fitted on its two groups. Returns the tables
    by contrast and why the values do not look like counts (``""`` when they do; they are
    tested only when non-counts are allowed).
    """
    from mirbone import differential

    reason, fractional_ok = check_counts(data, allow_non_counts=allow_non_counts, source=source)
    options = {
        "covariates": list(covariates),
        "min_count": min_count,
        "padj": padj,
        "allow_non_counts": allow_non_counts or fractional_ok,
    }
    try:
        if fit == "all" and len(contrasts) > 1:  # one model, a Wald test per contrast
            tables = differential.deseq2_contrasts(
                data.counts, data.samples, contrasts=contrasts, **options
            )
        else:  # one contrast; or each contrast fitted on its own two groups
            tables = {
                str(c): differential.deseq2(
                    data.counts, data.samples, contrast=c, fit=fit, **options
                )
                for c in contrasts
            }
    except InputError as error:
        # the sheet is a table by now: a problem with one of its columns names its file
        sheet_path = getattr(data.samples, "sheet_path", None)
        if error.path is not None or error.column is None or sheet_path is None:
            raise
        raise InputError(
            error.message, path=sheet_path, column=error.column, value=error.value,
            keyword=error.keyword,
        ) from error  # fmt: skip
    return tables, reason


def non_count_sentence(reason: str) -> str:
    """Say that values that do not look like counts were tested anyway, and what it means."""
    return (
        f"{reason}, and they were tested anyway (non-counts allowed): DESeq2 models raw read "
        "counts, so its dispersions, p-values and adjusted p-values on these rounded values "
        "are not trustworthy."
    )


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
    fit: str = "all",
) -> tuple[pd.DataFrame | None, dict]:
    """Return the statistics table (given, or tested with DESeq2) and how it was made."""
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
    tables, reason = fit_contrasts(
        data,
        [contrast],
        covariates=covariates,
        min_count=min_count,
        padj=padj,
        allow_non_counts=allow_non_counts,
        source=source,
        fit=fit,
    )
    (stats,) = tables.values()
    say = warn or notes.append
    fitted = stats.deseq2
    record = fitted.record()
    notes.append(fit_sentence(record))
    if fitted.excluded_samples:
        say(
            f"{len(fitted.excluded_samples)} sample(s) of the sheet have no value in "
            f"the contrast column and were left out of the fit: "
            f"{', '.join(fitted.excluded_samples)}."
        )
    if fitted.cooks_outliers:
        say(cooks_sentence(record))
    if fitted.cooks_replaced:
        notes.append(
            f"{len(fitted.cooks_replaced)} miRNAs had an outlying count (Cook's "
            "distance) replaced by DESeq2's trimmed-mean imputation and were refitted, as "
            "DESeq2 does for groups of 7 or more replicates."
        )
    if reason:
        say(non_count_sentence(reason))
    info.update({"source": "PyDESeq2", **record})
    if fitted.n_not_tested:
        notes.append(
            f"{fitted.n_not_tested} miRNAs with too few reads were not tested "
            f"(pre-filter {fitted.prefilter}, as the DESeq2 vignette recommends); "
            "the tested miRNAs are the universe of the enrichment tests."
        )
    return stats, info


def fit_sentence(record: dict) -> str:
    """Say which samples the DESeq2 model was fitted on (from :meth:`DESeq2Fit.record`)."""
    groups = record.get("fit_groups", {})
    members: dict[str, list[str]] = {}
    for row in record.get("samples", []):
        members.setdefault(str(row["group"]), []).append(str(row["sample"]))

    def named(group: str, n: int) -> str:
        shown = members.get(group, [])
        more = f", ... {len(shown) - 12} more" if len(shown) > 12 else ""
        return f"{group} {n}: {', '.join(shown[:12])}{more}" if shown else f"{group} {n}"

    listing = "; ".join(named(g, n) for g, n in groups.items())
    total = sum(groups.values())
    contrast = str(record.get("contrast", ""))
    if record.get("fit") == "contrast":
        return (
            f"DESeq2 was fitted on the {total} samples of the two contrasted groups only "
            f"({listing}; fit restricted to the contrast), then {contrast} was tested."
        )
    return (
        f"DESeq2 was fitted on all {total} samples of the sheet with a group ({listing}), "
        f"as the DESeq2 vignette recommends (more samples give better dispersion "
        f"estimates), then {contrast} was tested (the fit can be restricted to the two "
        "contrasted groups)."
    )


def cooks_sentence(record: dict) -> str:
    """Say how many miRNAs DESeq2's Cook's distance set aside, and which samples drive them."""
    outliers = record.get("cooks_outliers", [])
    tested = int(record.get("n_tested", 0)) or 1
    drivers = record.get("cooks_samples", {})
    top = ", ".join(f"{sample} ({n})" for sample, n in list(drivers.items())[:3])
    shown = ", ".join(outliers[:6]) + (", ..." if len(outliers) > 6 else "")
    return (
        f"{len(outliers)} of {tested} tested miRNAs ({100 * len(outliers) / tested:.0f} %) "
        f"lost their p-value to DESeq2's Cook's distance (one outlying count; groups of "
        f"fewer than 7 replicates cannot have it replaced): {shown}. Sample(s) with the "
        f"largest distance: {top}. They are shown as 'not tested' with their fold change and "
        "are not drawn in the volcano; check those libraries (a failed or contaminated "
        "library often drives most of them)."
    )


def cooks_clause(record: dict) -> str:
    """Return the Methods clause on DESeq2's Cook's outliers ('' when there are none)."""
    outliers = record.get("cooks_outliers") or []
    if not outliers:
        return ""
    return (
        f", of which {len(outliers)} had no p-value because DESeq2's Cook's distance flagged "
        "an outlying count"
    )
