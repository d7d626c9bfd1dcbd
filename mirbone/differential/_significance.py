"""The significance rule and the statistics columns every module reads, defined once.

A contrast of the sample sheet (:class:`Contrast`), the spellings of the statistics
columns of DESeq2, edgeR, limma and mirbone tables (:func:`stats_frame`) and the call of
a miRNA as up, down or not significant (:func:`call_significance`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from mirbone._docs import shared_docs
from mirbone.errors import InputError

__all__ = [
    "LOG2FC",
    "PADJ",
    "SIGNIFICANCE_LEVELS",
    "STATS_SPELLINGS",
    "Contrast",
    "call_significance",
    "check_thresholds",
    "parse_contrast",
    "sheet_contrast",
    "stats_frame",
]

#: Default thresholds of a significant miRNA: adjusted p-value below ``PADJ`` and absolute
#: log2 fold change above ``LOG2FC`` (every function that calls significance uses these).
PADJ = 0.05
LOG2FC = 0.0
#: The calls of :func:`call_significance`.
SIGNIFICANCE_LEVELS = ("up", "down", "ns")

#: Spellings of the statistics columns in DESeq2, edgeR, limma and mirbone tables, in order
#: of preference (the one lookup every module uses).
STATS_SPELLINGS: dict[str, tuple[str, ...]] = {
    "log2fc": ("log2fc", "log2FoldChange", "logFC", "log2_fold_change"),
    "pvalue": ("pvalue", "PValue", "P.Value", "p_value"),
    "padj": ("padj", "fdr", "FDR", "adj.P.Val", "qvalue"),
    "base_mean": ("base_mean", "baseMean", "AveExpr", "logCPM"),
    "stat": ("stat",),
}
_ID_SPELLINGS = ("mirna", "miRNA", "name", "id", "Unnamed: 0")


@dataclass(frozen=True)
class Contrast:
    """A two-group comparison: ``column`` of the sample sheet, ``test`` versus ``reference``.

    A positive log2 fold change means higher in ``test`` than in ``reference``.
    """

    column: str
    test: str
    reference: str

    def __str__(self) -> str:
        return f"{self.column}:{self.test}:{self.reference}"


def parse_contrast(spec: str | Contrast | tuple[str, str, str]) -> Contrast:
    """Parse ``"COL:A:B"`` (``A`` versus ``B`` in column ``COL``) into a :class:`Contrast`."""
    if isinstance(spec, Contrast):
        return spec
    parts = list(spec) if isinstance(spec, tuple) else str(spec).split(":")
    if len(parts) != 3 or not all(str(part).strip() for part in parts):
        msg = "a contrast is COLUMN:TEST:REFERENCE, e.g. group:aged:young"
        raise InputError(msg, value=spec)
    column, test, reference = (str(part).strip() for part in parts)
    if test == reference:
        msg = "the two groups of a contrast must differ"
        raise InputError(msg, value=spec)
    return Contrast(column, test, reference)


def sheet_contrast(spec: str | Contrast | None) -> Contrast | None:
    """Return the sample-sheet contrast ``COL:TEST:REF`` of ``spec``, or None.

    ``None`` means ``spec`` is empty or names one contrast of a multi-contrast statistics
    table (``aged.vs.young``) rather than sample-sheet groups; a malformed ``COL:TEST:REF``
    raises as in :func:`parse_contrast`.
    """
    if spec is None or isinstance(spec, Contrast):
        return spec
    if isinstance(spec, tuple) or str(spec).count(":") == 2:
        return parse_contrast(spec)
    return None


def stats_frame(stats: pd.DataFrame, *, required: tuple[str, ...] = ()) -> pd.DataFrame:
    """Return a statistics table as ``log2fc, pvalue, padj, base_mean, stat`` by miRNA.

    Columns are looked up under the spellings of :data:`STATS_SPELLINGS` (DESeq2, edgeR,
    limma or mirbone); the miRNA is the ``mirna`` (or ``name``, ``id``) column or the index.
    Values are numeric (text becomes NaN); a column that is absent is all NaN.

    Raises
    ------
    InputError
        Not a DataFrame, a ``required`` column missing, or a miRNA named twice.
    """
    if not isinstance(stats, pd.DataFrame):
        msg = "expected a DataFrame of differential-expression statistics"
        raise InputError(msg, value=type(stats).__name__)
    id_column = next((c for c in _ID_SPELLINGS if c in stats.columns), None)
    frame = stats.set_index(id_column) if id_column is not None else stats
    out = pd.DataFrame(index=pd.Index(frame.index.astype(str), name="mirna"))
    for key, spellings in STATS_SPELLINGS.items():
        column = next((c for c in spellings if c in frame.columns), None)
        if column is None and key in required:
            msg = (
                f"no {key} column (looked for {', '.join(spellings)}); the table has: "
                f"{', '.join(map(str, frame.columns))}"
            )
            raise InputError(msg, column=key)
        values = frame[column] if column is not None else np.nan
        series = pd.Series(values, index=frame.index)
        out[key] = pd.to_numeric(series, errors="coerce").to_numpy(dtype=float)
    if out.index.has_duplicates:
        repeated = out.index[out.index.duplicated()].unique().tolist()
        msg = "repeated miRNA in the statistics table"
        raise InputError(msg, value=repeated[:5])
    return out


def check_thresholds(*, padj: float, log2fc: float) -> None:
    """Refuse a ``padj`` threshold outside (0, 1] or a negative ``log2fc`` threshold."""
    if not 0 < padj <= 1:
        msg = "the padj threshold must be in (0, 1]"
        raise InputError(msg, value=padj, keyword="padj")
    if not log2fc >= 0:
        msg = "the log2fc threshold is on the absolute log2 fold change and must be >= 0"
        raise InputError(msg, value=log2fc, keyword="log2fc")


@shared_docs
def call_significance(
    stats: pd.DataFrame, *, padj: float = PADJ, log2fc: float = LOG2FC
) -> pd.Series:
    """Call each miRNA of a statistics table ``up``, ``down`` or ``ns``.

    The one significance rule of mirbone (report, ORA, volcano): significant when the
    adjusted p-value is strictly below ``padj`` and the absolute log2 fold change strictly
    above ``log2fc``; a missing value is never significant.

    Parameters
    ----------
    stats
        A statistics table (see :func:`stats_frame` for the column spellings accepted).
    {padj_log2fc}

    Returns
    -------
    pandas.Series
        Indexed by miRNA, values among :data:`SIGNIFICANCE_LEVELS`.
    """
    check_thresholds(padj=padj, log2fc=log2fc)
    table = stats_frame(stats, required=("log2fc", "padj"))
    change = table["log2fc"]
    hit = table["padj"].lt(padj) & change.abs().gt(log2fc)
    out = pd.Series("ns", index=table.index, dtype=object, name="significance")
    out[hit & change.gt(0)] = "up"
    out[hit & change.lt(0)] = "down"
    return out
