"""Differential abundance of miRNA counts between sample groups with PyDESeq2.

mirbone does not implement its own count test: it calls PyDESeq2 (Muzellec et al.,
Bioinformatics 2023), the Python implementation of DESeq2 (Love, Huber & Anders, Genome
Biology 2014), with the design ``~covariate + ... + condition`` (the contrast column last,
covariates such as a library batch before it) and the Wald test.
"""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from mirbone._deprecated import renamed_keywords
from mirbone._frames import ResultTable
from mirbone.differential._significance import PADJ, Contrast, parse_contrast
from mirbone.errors import InputError

__all__ = [
    "FRACTIONAL_COUNT_FORMATS",
    "RESULT_COLUMNS",
    "DESeq2Fit",
    "DESeq2Table",
    "deseq2",
    "deseq2_contrasts",
    "non_count_reason",
    "pydeseq2_version",
]

#: Share of non-zero values that may be fractional before a table is taken for normalised
#: values rather than counts (miRDeep2 and featureCounts --fraction give a few fractions).
MAX_FRACTIONAL_SHARE = 0.1
#: Readers whose raw counts are fractional by design (reads shared among multi-mapped loci).
FRACTIONAL_COUNT_FORMATS = frozenset({"excerpt", "mirdeep2", "featurecounts"})

#: Columns of the table :func:`deseq2` returns, in order.
RESULT_COLUMNS = ("log2fc", "pvalue", "padj", "base_mean", "lfc_se", "stat")


@dataclass(frozen=True)
class DESeq2Fit:
    """How a :func:`deseq2` table was made: the model, its samples, what it left out.

    Attributes
    ----------
    not_tested
        miRNAs below the pre-filter, not tested.
    method, design, covariates
        The test and its design with the sheet's column names (``~batch + group``).
    pydeseq2
        The PyDESeq2 version.
    size_factors
        ``"ratio"`` (median of ratios) or ``"poscounts"`` (no miRNA in every sample).
    contrast
        ``COLUMN:TEST:REFERENCE``.
    rounded_counts
        Whether non-integer values were rounded (non-counts allowed).
    n_samples
        Samples of the test and the reference group.
    fit
        ``"all"`` (every sample of the sheet with a group) or ``"contrast"``.
    samples
        Each fitted sample with its group and whether it is in the contrast.
    fit_groups
        Samples per group in the fit.
    excluded_samples
        Samples of the sheet with a blank group, left out.
    cooks_outliers, cooks_samples, cooks_replaced
        miRNAs whose p-value DESeq2's Cook's distance removed, the samples driving them
        (count per sample) and the miRNAs whose outlying count was replaced and refitted.
    n_tested, n_not_tested, prefilter
        miRNAs tested and not, and the pre-filter in words.
    padj
        The ``alpha`` of DESeq2's independent filtering.
    n_samples_fitted
        Samples of one fit shared by several contrasts (:func:`deseq2_contrasts`).
    """

    not_tested: list[str]
    method: str
    design: str
    covariates: list[str]
    pydeseq2: str
    size_factors: str
    contrast: str
    rounded_counts: bool
    n_samples: dict[str, int]
    fit: str
    samples: list[dict[str, Any]]
    fit_groups: dict[str, int]
    excluded_samples: list[str]
    cooks_outliers: list[str]
    cooks_samples: dict[str, int]
    cooks_replaced: list[str]
    n_tested: int
    padj: float
    n_not_tested: int
    prefilter: str
    n_samples_fitted: int | None = None

    def record(self) -> dict[str, Any]:
        """Return the fields for ``run.json``, without the list of untested miRNAs."""
        out = asdict(self)
        del out["not_tested"]
        if self.n_samples_fitted is None:
            del out["n_samples_fitted"]
        return out


class DESeq2Table(ResultTable):
    """The table of :func:`deseq2`: ``log2fc, pvalue, padj, base_mean, lfc_se, stat``.

    Attributes
    ----------
    deseq2
        How the model was fitted and tested (:class:`DESeq2Fit`).
    """

    deseq2: DESeq2Fit | None = None

    def legacy_attrs(self) -> dict[str, Any]:
        """Return the fit's fields under the flat ``attrs`` keys of earlier releases."""
        fit = self.deseq2
        if fit is None:
            return {}
        return {k: v for k, v in vars(fit).items() if v is not None}  # record()'s keys


def pydeseq2_version() -> str:
    """Return the installed PyDESeq2 version."""
    from importlib.metadata import version

    return version("pydeseq2")


def non_count_reason(
    counts: pd.DataFrame, *, value_type: str = "counts", fractional_ok: bool = False
) -> str | None:
    """Say why a table does not look like raw read counts, or return None when it does.

    DESeq2 models raw read counts (R's ``DESeqDataSetFromMatrix`` refuses non-integers);
    normalised values (CPM, TMM-CPM, RPM) give wrong dispersions and p-values. A table is
    taken for normalised values when its reader says so (``value_type="cpm"``), when more
    than :data:`MAX_FRACTIONAL_SHARE` of its non-zero values are fractional, or when every
    sample sums to one million (within 0.5 %), the signature of CPM. ``fractional_ok``
    skips the fractional-share test, for tools whose raw counts are fractional
    (:data:`FRACTIONAL_COUNT_FORMATS`: exceRpt, miRDeep2, featureCounts ``--fraction``).
    """
    if value_type == "cpm":
        return "the values are normalised CPM (e.g. nf-core/smrnaseq TMM-CPM), not raw counts"
    values = counts.to_numpy(dtype=float)
    finite = values[np.isfinite(values) & (values > 0)]
    if finite.size and not fractional_ok:
        share = float((np.abs(finite - np.rint(finite)) > 1e-6).mean())
        if share > MAX_FRACTIONAL_SHARE:
            return (
                f"{share:.0%} of the non-zero values are not whole numbers: they look "
                "normalised (CPM, RPM, TMM), not raw read counts"
            )
    sums = np.nansum(values, axis=0)
    if values.shape[1] >= 2 and np.all(np.abs(sums - 1e6) <= 5e3):
        return "every sample sums to one million: the values look like CPM, not raw counts"
    return None


def _integer_counts(
    counts: pd.DataFrame, *, allow_non_counts: bool = False
) -> tuple[pd.DataFrame, bool]:
    values = counts.to_numpy(dtype=float)
    if not np.isfinite(values).all():
        msg = "counts contain missing or infinite values; DESeq2 needs complete counts"
        raise InputError(msg)
    if (values < 0).any():
        msg = "counts contain negative values; DESeq2 needs raw read counts"
        raise InputError(msg)
    reason = None if allow_non_counts else non_count_reason(counts)
    if reason:
        msg = (
            f"{reason}; DESeq2 needs raw read counts (e.g. nf-core/smrnaseq "
            "mature_counts.csv, featureCounts or miRDeep2 read counts), or allow non-counts "
            "to round and test them anyway"
        )
        raise InputError(msg, keyword="allow_non_counts")
    rounded = np.rint(values)
    was_rounded = bool(np.abs(rounded - values).max(initial=0.0) > 0)
    return pd.DataFrame(rounded.astype(np.int64), index=counts.index, columns=counts.columns), (
        was_rounded
    )


def _sheet(samples: pd.DataFrame) -> pd.DataFrame:
    sheet = samples.copy()
    if "sample" in sheet.columns:
        sheet = sheet.set_index("sample")
    sheet.index = sheet.index.astype(str)
    return sheet


def _covariate_table(
    samples: pd.DataFrame, used: pd.Series, contrast: Contrast, covariates: Sequence[str]
) -> pd.DataFrame:
    """Return the covariates of the used samples as formula-safe factors ``c0, c1, ...``."""
    sheet = _sheet(samples)
    out = pd.DataFrame(index=[str(name) for name in used.index])
    for i, column in enumerate(covariates):
        if column == contrast.column:
            msg = "a covariate cannot be the contrast column"
            raise InputError(msg, column=column, keyword="covariates")
        if column not in sheet.columns:
            msg = f"covariate not in the sample sheet (columns: {', '.join(sheet.columns)})"
            raise InputError(msg, column=column, keyword="covariates")
        values = sheet.loc[out.index, column]
        if values.isna().any() or values.astype(str).str.strip().eq("").any():
            msg = "a covariate needs a value for every sample of the fit"
            raise InputError(msg, column=column, keyword="covariates")
        values = values.astype(str).str.strip()
        levels = sorted(set(values))
        if len(levels) < 2:
            msg = "covariate has one value in the samples of the fit: drop it"
            raise InputError(msg, column=column, value=levels[0], keyword="covariates")
        code = {level: f"v{j}" for j, level in enumerate(levels)}
        out[f"c{i}"] = [code[value] for value in values]
    # The design must be of full rank: a covariate that repeats the groups (every aged
    # sample in batch B2) leaves the group effect inestimable.
    blocks = [np.ones((len(out), 1))]
    blocks.append(pd.get_dummies(used.astype(str), drop_first=True).to_numpy(dtype=float))
    for column in out.columns:
        dummies = pd.get_dummies(out[column], drop_first=True).to_numpy(dtype=float)
        blocks.append(dummies)
    design = np.hstack(blocks)
    if np.linalg.matrix_rank(design) < design.shape[1]:
        msg = (
            "the covariates are confounded with the groups (or with each other): "
            "the group effect cannot be separated from them"
        )
        raise InputError(msg, value=", ".join(covariates))
    return out


#: R's reserved words (``?Reserved``) and the formula's ``.``: a formula quotes them.
_R_RESERVED = frozenset({
    "if", "else", "repeat", "while", "function", "for", "next", "break", "TRUE", "FALSE",
    "NULL", "Inf", "NaN", "NA", "NA_integer_", "NA_real_", "NA_character_", "NA_complex_",
    "in",
    ".",  # not reserved, but in a formula it means "every other column"
})  # fmt: skip
_R_NAME = re.compile(r"[A-Za-z][A-Za-z0-9._]*|\.(?:[A-Za-z._][A-Za-z0-9._]*)?")


def _formula_name(name: str) -> str:
    """Write a column name as an R formula does: as it is if syntactic, else in backticks."""
    dots = re.fullmatch(r"\.\.(\.|\d+)", name)  # ... and ..1 are reserved too
    if _R_NAME.fullmatch(name) and name not in _R_RESERVED and not dots:
        return name
    return "`" + name.replace("\\", "\\\\").replace("`", "\\`") + "`"


def _sample_groups(
    counts: pd.DataFrame, samples: pd.DataFrame, contrast: Contrast
) -> tuple[pd.Series, list[str]]:
    """Return each count column's group (spaces trimmed) and the samples without a group."""
    sheet = _sheet(samples)
    if contrast.column not in sheet.columns:
        msg = f"contrast column not in the sample sheet (columns: {', '.join(sheet.columns)})"
        raise InputError(msg, column=contrast.column, keyword="contrast")
    missing = [name for name in counts.columns if str(name) not in sheet.index]
    if missing:
        msg = f"{len(missing)} count column(s) have no row in the sample sheet"
        raise InputError(msg, column="sample", value=", ".join(map(str, missing[:5])))
    raw = sheet.loc[[str(name) for name in counts.columns], contrast.column]
    groups = raw.map(lambda v: "" if pd.isna(v) else str(v).strip())
    groups.index = counts.columns
    blank = [str(name) for name in groups.index[groups.eq("")]]
    groups = groups[groups.ne("")]
    present = set(groups)
    for level in (contrast.test, contrast.reference):
        size = int((groups == level).sum())
        if level not in present:
            msg = f"group not found in the sample sheet (groups: {', '.join(sorted(present))})"
            raise InputError(msg, column=contrast.column, value=level, keyword="contrast")
        if size < 2:
            msg = "each group of the contrast needs at least two samples (replicates)"
            raise InputError(msg, column=contrast.column, value=level)
    return groups, blank


def _cooks_report(dds: Any, names: pd.Index, samples: list[str]) -> dict[str, Any]:
    """Return the miRNAs DESeq2's Cook's distance set aside, and the samples driving them."""
    var = dds.var
    none = np.zeros(len(names), dtype=bool)
    flagged = np.asarray(var.get("_pvalue_cooks_outlier", none), dtype=bool)
    replaced = np.asarray(var.get("replaced", none), dtype=bool)
    drivers: dict[str, int] = {}
    cooks = dds.layers.get("cooks", None)
    if flagged.any() and cooks is not None:
        block = np.where(np.isnan(cooks[:, flagged]), -np.inf, cooks[:, flagged])
        for index in block.argmax(axis=0):
            drivers[samples[int(index)]] = drivers.get(samples[int(index)], 0) + 1
    return {
        "cooks_outliers": [str(n) for n in names[flagged]],
        "cooks_samples": dict(sorted(drivers.items(), key=lambda kv: (-kv[1], kv[0]))),
        "cooks_replaced": [str(n) for n in names[replaced]],
    }


@renamed_keywords(alpha="padj")
def deseq2(
    counts: pd.DataFrame,
    samples: pd.DataFrame,
    *,
    contrast: str | Contrast | tuple[str, str, str],
    covariates: Sequence[str] = (),
    min_count: int = 0,
    padj: float = PADJ,
    allow_non_counts: bool = False,
    fit: str = "all",
) -> DESeq2Table:
    """Test every miRNA for differential abundance between two groups with PyDESeq2.

    As the DESeq2 vignette recommends, the model is fitted on every sample of the sheet
    with its group (more samples, better dispersion estimates), then the contrast is
    tested; ``fit="contrast"`` fits on the two contrasted groups only. Samples whose group
    is blank are left out and named in ``table.deseq2.excluded_samples``.

    Parameters
    ----------
    counts
        Raw counts, miRNAs in rows and samples in columns. Fractional counts (e.g. from
        miRDeep2 or featureCounts with fractional assignment) are rounded to integers.
    samples
        Sample sheet: a ``sample`` column (or the index) matching the count columns and the
        contrast column.
    contrast
        ``"COLUMN:TEST:REFERENCE"``: the comparison tested.
    covariates
        Further columns of the sample sheet to adjust for (e.g. ``["batch"]``), each a
        factor: the design becomes ``~batch + condition`` and the fold change is that of
        the contrast with the covariates held fixed.
    min_count
        Pre-filter of the DESeq2 vignette: a miRNA is tested when it has at least
        ``min_count`` reads in at least as many samples as the smaller group has (the
        others are reported as not tested: ``deseq2.not_tested``). 0 (the default) tests
        every miRNA with any read; :func:`mirbone.analysis.analyze` uses 10.
    padj
        The FDR cut-off you will apply: DESeq2's independent filtering of low-count miRNAs
        maximises the discoveries at this level (``mirbone analyze`` passes its ``padj``).
    allow_non_counts
        Test values that do not look like raw counts (see :func:`non_count_reason`) after
        rounding them; by default they are refused, as DESeq2's model needs raw counts.
    fit
        ``"all"`` (default): fit on all samples with a group; ``"contrast"``: on the
        samples of the two contrasted groups only.

    Returns
    -------
    DESeq2Table
        A DataFrame indexed by miRNA, columns ``log2fc, pvalue, padj, base_mean, lfc_se,
        stat`` (log2 of TEST over REFERENCE, Wald test, Benjamini-Hochberg after DESeq2's
        independent filtering). Its ``deseq2`` attribute (:class:`DESeq2Fit`) records the
        PyDESeq2 version, the size-factor
        method, the contrast, the samples fitted with their groups (``samples``), whether
        counts were rounded, how many miRNAs were tested, and the miRNAs whose p-value
        DESeq2's Cook's distance set aside (``cooks_outliers``, with the sample of largest
        distance for each in ``cooks_samples``; with 7 or more replicates in a group DESeq2
        replaces the outlier counts instead, ``cooks_replaced``).
    """
    spec = parse_contrast(contrast)
    return _fit_and_test(
        counts,
        samples,
        specs=[spec],
        covariates=covariates,
        min_count=min_count,
        padj=padj,
        allow_non_counts=allow_non_counts,
        fit=fit,
    )[str(spec)]


def _prior_keeping_inference() -> Any:
    """Return PyDESeq2's default inference whose MAP-dispersion fallback keeps the prior.

    When L-BFGS-B does not report convergence for a miRNA's MAP dispersion, PyDESeq2 0.5
    falls back to a grid search *without* the dispersion prior, i.e. to the gene-wise
    estimate, while R's DESeq2 (``estimateDispersionsMAP``) repeats it *with* the prior.
    The optimiser's success flag can depend on the CPU's floating-point kernels (a gradient
    just above scipy's tolerance on a flat loss), so without the prior one miRNA's padj
    moved by a decade between machines. Here the non-converged miRNAs get DESeq2's
    fallback: the grid search with the prior. Converged miRNAs are untouched.
    """
    from pydeseq2.default_inference import DefaultInference
    from pydeseq2.grid_search import grid_fit_alpha

    class PriorKeepingInference(DefaultInference):
        def alpha_mle(self, counts, design_matrix, mu, alpha_hat, min_disp, max_disp,
                      prior_disp_var=None, cr_reg=True, prior_reg=False,  # noqa: FBT002
                      optimizer="L-BFGS-B"):  # PyDESeq2's signature  # fmt: skip
            dispersions, converged = super().alpha_mle(
                counts, design_matrix, mu, alpha_hat, min_disp, max_disp,
                prior_disp_var=prior_disp_var, cr_reg=cr_reg, prior_reg=prior_reg,
                optimizer=optimizer,
            )  # fmt: skip
            if not prior_reg:
                return dispersions, converged
            dispersions = np.array(dispersions, dtype=float)
            for i in np.flatnonzero(~np.asarray(converged, dtype=bool)):
                dispersions[i] = np.exp(
                    grid_fit_alpha(
                        counts[:, i], design_matrix, mu[:, i], alpha_hat[i], min_disp,
                        max_disp, prior_disp_var=prior_disp_var, cr_reg=cr_reg,
                        prior_reg=True,
                    )
                )  # fmt: skip
            return dispersions, converged

    return PriorKeepingInference(n_cpus=1)


def _fit_and_test(
    counts: pd.DataFrame,
    samples: pd.DataFrame,
    *,
    specs: list[Contrast],
    covariates: Sequence[str],
    min_count: int,
    padj: float,
    allow_non_counts: bool,
    fit: str,
) -> dict[str, DESeq2Table]:
    """Fit one PyDESeq2 model and Wald-test each contrast of ``specs`` on it."""
    from pydeseq2.dds import DeseqDataSet
    from pydeseq2.ds import DeseqStats

    if fit not in ("all", "contrast"):
        msg = "fit must be 'all' (every sample of the sheet) or 'contrast' (the two groups)"
        raise InputError(msg, value=fit)
    for spec in specs:
        groups, blank = _sample_groups(counts, samples, spec)
    contrasted = list(dict.fromkeys(g for s in specs for g in (s.test, s.reference)))
    used = groups if fit == "all" else groups[groups.isin(contrasted)]
    covariates = [str(c).strip() for c in covariates if str(c).strip()]
    if len(set(covariates)) != len(covariates):
        msg = "a covariate is named twice"
        raise InputError(msg, value=", ".join(covariates))
    factors = _covariate_table(samples, used, specs[0], covariates)
    matrix, rounded = _integer_counts(counts.loc[:, used.index], allow_non_counts=allow_non_counts)
    smallest = int(min((used == group).sum() for group in contrasted))
    if min_count > 0:
        keep = (matrix >= min_count).sum(axis=1) >= smallest
    else:
        keep = matrix.sum(axis=1) > 0
    not_tested = [str(name) for name in matrix.index[~keep]]
    matrix = matrix.loc[keep]
    if len(matrix) < 2:
        msg = (
            f"fewer than two miRNAs pass the pre-filter (>= {min_count} reads in >= "
            f"{smallest} samples) in the samples of the fit"
        )
        raise InputError(msg, value=", ".join(map(str, specs)))
    # Formula-safe factor and level names: the user's names may hold any character. One
    # contrast keeps the coding 'ref'/'test'/'otherN'; several share one coding 'gN'.
    if len(specs) == 1:
        others = sorted(set(used) - {specs[0].test, specs[0].reference})
        levels = {specs[0].reference: "ref", specs[0].test: "test"} | {
            group: f"other{i}" for i, group in enumerate(others)
        }
    else:
        levels = {group: f"g{i}" for i, group in enumerate(sorted(set(used)))}
    metadata = factors.copy()
    metadata["condition"] = [levels[value] for value in used]
    metadata.index = [f"s{i}" for i in range(len(used))]
    design = "~" + " + ".join([*factors.columns, "condition"])
    # in the sheet's names, quoted as R quotes a non-syntactic name: ~batch + `cell type`
    named_design = "~" + " + ".join(_formula_name(c) for c in [*covariates, specs[0].column])
    data = matrix.T.copy()
    data.index = metadata.index
    data.columns = [f"m{i}" for i in range(matrix.shape[0])]
    # DESeq2's median-of-ratios needs a miRNA seen in every sample; small-RNA data often
    # has none, and then the "poscounts" estimator (DESeq2's documented fallback) is used.
    size_factors = "ratio" if bool((data > 0).all(axis=0).any()) else "poscounts"
    sink = io.StringIO()
    results = {}
    # PyDESeq2's own warnings (a trend fit that fell back, ...) reach the caller.
    with contextlib.redirect_stdout(sink):
        dds = DeseqDataSet(
            counts=data,
            metadata=metadata,
            design=design,
            size_factors_fit_type=size_factors,
            refit_cooks=True,
            inference=_prior_keeping_inference(),
            quiet=True,
        )
        dds.deseq2()
        for spec in specs:
            stats = DeseqStats(
                dds,
                contrast=["condition", levels[spec.test], levels[spec.reference]],
                alpha=padj,
                n_cpus=1,
                quiet=True,
            )
            stats.summary()
            results[str(spec)] = stats.results_df
    cooks = _cooks_report(dds, matrix.index, [str(c) for c in used.index])
    out: dict[str, DESeq2Table] = {}
    for spec in specs:
        res = results[str(spec)]
        table = pd.DataFrame(
            {
                "log2fc": res["log2FoldChange"].to_numpy(),
                "pvalue": res["pvalue"].to_numpy(),
                "padj": res["padj"].to_numpy(),
                "base_mean": res["baseMean"].to_numpy(),
                "lfc_se": res["lfcSE"].to_numpy(),
                "stat": res["stat"].to_numpy(),
            },
            index=matrix.index.copy(),
        )
        table.index.name = "mirna"
        fitted = DESeq2Fit(
            not_tested=not_tested,
            method=f"PyDESeq2 Wald test, design {named_design}",
            design=named_design,
            covariates=list(covariates),
            pydeseq2=pydeseq2_version(),
            size_factors=size_factors,
            contrast=str(spec),
            rounded_counts=rounded,
            n_samples={
                spec.test: int((used == spec.test).sum()),
                spec.reference: int((used == spec.reference).sum()),
            },
            fit=fit,
            samples=[
                {
                    "sample": str(name),
                    "group": str(group),
                    "in_contrast": group in (spec.test, spec.reference),
                }
                for name, group in used.items()
            ],
            fit_groups={str(g): int((used == g).sum()) for g in dict.fromkeys(used)},
            excluded_samples=blank,
            **cooks,
            n_tested=len(matrix),
            padj=padj,
            n_not_tested=len(not_tested),
            prefilter=f">= {min_count} reads in >= {smallest} samples"
            if min_count > 0
            else "any read",
        )
        out[str(spec)] = DESeq2Table.of(table, deseq2=fitted)
    return out


def deseq2_contrasts(
    counts: pd.DataFrame,
    samples: pd.DataFrame,
    *,
    contrasts: Sequence[str | Contrast | tuple[str, str, str]],
    covariates: Sequence[str] = (),
    min_count: int = 0,
    padj: float = PADJ,
    allow_non_counts: bool = False,
) -> dict[str, DESeq2Table]:
    """Test several contrasts of one sample-sheet column against one model.

    One model is fitted, as :func:`deseq2` fits it with ``fit="all"``: every sample of the
    sheet with its group (size factors and dispersions shared by all groups, as DESeq2 does
    for a factor with several levels), the pre-filter counted over the smallest of the
    contrasted groups; each contrast is then a Wald test between two of its levels. The
    tables are those of :func:`deseq2`, keyed by ``COLUMN:TEST:REFERENCE``, with
    ``deseq2.n_samples_fitted``.
    """
    specs = [parse_contrast(c) for c in contrasts]
    if not specs:
        msg = "no contrast to test"
        raise InputError(msg, keyword="contrast")
    columns = sorted({s.column for s in specs})
    if len(columns) > 1:
        msg = "the contrasts of one fit must use one sample-sheet column"
        raise InputError(msg, value=", ".join(columns), keyword="contrast")
    if len({str(s) for s in specs}) != len(specs):
        msg = "a contrast is named twice"
        raise InputError(msg, value=", ".join(str(s) for s in specs), keyword="contrast")
    tables = _fit_and_test(
        counts,
        samples,
        specs=specs,
        covariates=covariates,
        min_count=min_count,
        padj=padj,
        allow_non_counts=allow_non_counts,
        fit="all",
    )
    return {
        key: DESeq2Table.of(
            table, deseq2=replace(table.deseq2, n_samples_fitted=len(table.deseq2.samples))
        )
        for key, table in tables.items()
    }
