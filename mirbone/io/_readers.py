"""Format readers behind :func:`mirbone.io.read`: one function per table layout.

Each reader takes a :class:`~mirbone.io._rawtable.RawTable`, checks it (naming file, line,
column and value of anything wrong), resolves the miRNA names through
:mod:`mirbone.names` and returns the values indexed by miRNA key together with the
name-resolution log. The aggregation rules are described in :mod:`mirbone.io`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from mirbone.errors import InputError
from mirbone.io._rawtable import RawTable

#: The standard statistics columns, first in :attr:`MirnaData.stats`.
STATS_COLUMNS = ("log2fc", "pvalue", "padj", "base_mean")
#: Columns of the name-resolution log.
LOG_COLUMNS = (
    "input", "key", "mirna", "accession", "species", "status", "candidates",
    "n_rows", "location", "aggregated", "action",
)  # fmt: skip
#: Leading annotation columns of the standard table.


# Columns each statistics format needs and how they map to the standard columns.
STATS_FORMATS: dict[str, dict[str, Any]] = {
    "deseq2": {
        "label": "DESeq2 results",
        "required": ("baseMean", "log2FoldChange"),
        "map": {"log2fc": "log2FoldChange", "pvalue": "pvalue", "padj": "padj",
                "base_mean": "baseMean"},
        "expects": "baseMean, log2FoldChange, lfcSE, stat, pvalue, padj",
    },
    "edger": {
        "label": "edgeR topTags/exactTest",
        "required": ("logFC", "logCPM", "PValue"),
        "map": {"log2fc": "logFC", "pvalue": "PValue", "padj": ("FDR", "FWER")},
        "expects": "logFC, logCPM, [LR | F], PValue, FDR",
    },
    "limma": {
        "label": "limma topTable",
        "required": ("logFC", "AveExpr", "P.Value"),
        "map": {"log2fc": "logFC", "pvalue": "P.Value", "padj": "adj.P.Val"},
        "expects": "logFC, AveExpr, t, P.Value, adj.P.Val, B",
    },
    "differential": {  # mirbone analyze's tables/differential.tsv, read back
        "label": "mirbone differential table",
        "required": ("log2fc", "pvalue", "padj"),
        "map": {"log2fc": "log2fc", "pvalue": "pvalue", "padj": "padj",
                "base_mean": "base_mean"},
        "expects": "mirna, log2fc, pvalue, padj, base_mean (mirbone analyze)",
    },
}  # fmt: skip
_CONTRAST_SUFFIXES = {
    "log2fc": ("lfc", "log2fc", "logfc", "log2foldchange"),
    "pvalue": ("pvalue", "p.value", "pval", "p"),
    "padj": ("fdr", "padj", "adj.p.val", "qvalue", "q.value", "fwer"),
}
_CONTRAST_COLUMN = re.compile(r"^(?P<contrast>.+?)[_.](?P<what>[A-Za-z0-9.]+)$")
STATS_HINT_COLUMNS = {
    "log2FoldChange", "baseMean", "padj", "pvalue", "logFC", "logCPM", "PValue", "FDR",
    "AveExpr", "P.Value", "adj.P.Val", "lfcSE",
}  # fmt: skip
_ID_COLUMN_NAMES = {
    "", "unnamed: 0", "id", "mirna", "mirnas", "mirna_id", "mirna_name", "name", "names",
    "mature", "mature_mirna", "mature_name", "gene", "genes", "geneid", "gene_id",
    "symbol", "feature", "features", "x", "#mirna", "mirbase_id",
}  # fmt: skip
LIST_HEADERS = _ID_COLUMN_NAMES - {""}
FEATURECOUNTS_HEAD = ("Geneid", "Chr", "Start", "End", "Strand", "Length")
MIRTOP_ANNOTATION = ("UID", "Read", "miRNA", "Variant")


def contrast_columns(header: Iterable[str]) -> dict[str, dict[str, str]]:
    """Find ``<contrast>_<statistic>`` columns: contrast -> {log2fc|pvalue|padj: column}."""
    found: dict[str, dict[str, str]] = {}
    for column in header:
        match = _CONTRAST_COLUMN.match(column)
        if not match:
            continue
        what = match.group("what").lower()
        for key, suffixes in _CONTRAST_SUFFIXES.items():
            if what in suffixes:
                found.setdefault(match.group("contrast"), {}).setdefault(key, column)
    return {c: cols for c, cols in found.items() if "log2fc" in cols and len(cols) > 1}


# ---------------------------------------------------------------------------- helpers


def _resolve(inputs: pd.Series, species: str) -> pd.DataFrame:
    """Normalise names; return normalize()'s table plus ``key``."""
    from mirbone.names import normalize, resolved_key

    table = normalize(inputs.tolist(), species=species)
    table["key"] = resolved_key(table).to_numpy()
    return table


def check_names(
    names: pd.Series,
    raw: RawTable,
    column: str,
    *,
    allow_repeats: bool,
    merge: str | None = "sum, max or first",
) -> None:
    """Refuse empty names and (unless ``allow_repeats``) a name written twice.

    ``merge`` names the ``aggregate`` rules that would merge the repeats (counts: sum, max
    or first; statistics: best or first); ``None`` where none applies.
    """
    text = names.map(lambda v: v.strip() if isinstance(v, str) else v)
    empty = text.isna() | text.eq("")
    if empty.any():
        position = int(np.flatnonzero(empty.to_numpy())[0])
        msg = f"empty miRNA name at {raw.location(position)}"
        raise InputError(msg, path=raw.path, column=column)
    if not allow_repeats:
        repeated = text.duplicated(keep=False)
        if repeated.any():
            value = text[repeated].iloc[0]
            where = [raw.location(int(i)) for i in np.flatnonzero(text.eq(value).to_numpy())]
            msg = (
                f"miRNA name listed more than once ({', '.join(where[:5])}); a table should "
                "list each miRNA once"
            )
            if merge is None:
                raise InputError(msg, path=raw.path, column=column, value=value)
            msg += f" (aggregate {merge} merges them)"
            raise InputError(msg, path=raw.path, column=column, value=value, keyword="aggregate")


def _to_numbers(series: pd.Series, raw: RawTable, position: int, what: str) -> pd.Series:
    """Convert a text column to numbers, or raise naming its first non-numeric cell."""
    converted = pd.to_numeric(series, errors="coerce")
    bad = (converted.isna() & series.notna()).to_numpy()
    if pd.api.types.is_bool_dtype(series):
        bad = np.ones(len(series), dtype=bool)
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        msg = f"non-numeric {what} at {raw.location(row)}"
        if raw.decimal == "." and raw.delimiter == "," and "," in str(series.iloc[row]):
            msg += " (decimal commas need a semicolon- or tab-separated file)"
        column = raw.header[position]
        raise InputError(msg, path=raw.path, column=column, value=series.iloc[row])
    return converted


def numeric_block(
    raw: RawTable, columns: list[int], *, what: str, allow_missing: bool
) -> pd.DataFrame:
    """Return body columns as float, naming the first bad cell (line, column, value)."""
    block = raw.body[columns]
    numeric = [
        pd.api.types.is_numeric_dtype(d) and not pd.api.types.is_bool_dtype(d) for d in block.dtypes
    ]
    if all(numeric):
        values = block.to_numpy(dtype=float, na_value=np.nan)
    else:
        values = np.empty((len(block), len(columns)), dtype=float)
        for index, position in enumerate(columns):
            series = block[position]
            if not numeric[index]:
                series = _to_numbers(series, raw, position, what)
            values[:, index] = series.to_numpy(dtype=float, na_value=np.nan)
    for problem, mask in (("missing", np.isnan(values)), ("infinite", np.isinf(values))):
        if problem == "missing" and allow_missing:
            continue
        if mask.any():
            col = int(np.flatnonzero(mask.any(axis=0))[0])
            row = int(np.flatnonzero(mask[:, col])[0])
            msg = f"{problem} {what} at {raw.location(row)}"
            if what == "count":
                msg += "; a count table needs a number in every cell (0 where none was seen)"
            value = None if problem == "missing" else float(values[row, col])
            raise InputError(msg, path=raw.path, column=raw.header[columns[col]], value=value)
    return pd.DataFrame(values, columns=[raw.header[c] for c in columns])


def check_counts(matrix: pd.DataFrame, raw: RawTable, locations: list[str]) -> None:
    """Refuse negative counts and samples without any count."""
    values = matrix.to_numpy()
    negative = values < 0
    if negative.any():
        row, col = (int(a[0]) for a in np.nonzero(negative))
        msg = f"negative count at {locations[row]}"
        raise InputError(
            msg, path=raw.path, column=str(matrix.columns[col]), value=float(values[row, col])
        )
    zero = ~(values > 0).any(axis=0)
    if zero.any():
        empty = [str(c) for c in matrix.columns[zero]]
        msg = (
            f"sample(s) with no counts at all: {', '.join(empty)} "
            "(wrong column, or a failed library?)"
        )
        raise InputError(msg, path=raw.path, column=empty[0])


def check_samples(samples: list[str], path: str) -> None:
    """Refuse unnamed and duplicated sample names."""
    blank = [i + 1 for i, s in enumerate(samples) if not str(s).strip()]
    if blank:
        msg = f"sample column {blank[0]} has no name"
        raise InputError(msg, path=path)
    seen: set[str] = set()
    for sample in samples:
        if sample in seen:
            msg = "duplicated sample name"
            raise InputError(msg, path=path, column=sample, value=sample)
        seen.add(sample)


def as_integers(matrix: pd.DataFrame) -> pd.DataFrame:
    """Return the matrix as int64 when every value is a whole number, else unchanged."""
    values = matrix.to_numpy()
    if values.size and np.array_equal(values, np.round(values)) and np.abs(values).max() < 2**53:
        return matrix.astype(np.int64)
    return matrix


def aggregate_counts(
    matrix: pd.DataFrame, log: pd.DataFrame, codes: np.ndarray, how: str, raw: RawTable
) -> pd.DataFrame:
    """Group ``matrix`` rows by the key of their name (``codes`` indexes ``log``)."""
    if how not in ("sum", "max", "first", "error"):
        msg = "count rows are merged with sum, max, first or error"
        raise InputError(msg, value=how, keyword="aggregate")
    keys = log["key"].to_numpy()[codes]
    matrix = matrix.copy()
    matrix.index = pd.Index(keys, name="mirna")
    if not matrix.index.has_duplicates:
        return matrix
    if how == "error":
        dup = matrix.index[matrix.index.duplicated()][0]
        inputs = log.loc[log["key"].eq(dup), "input"].tolist()
        msg = f"several rows resolve to the same miRNA ({', '.join(map(str, inputs))})"
        raise InputError(msg, path=raw.path, value=dup)
    grouped = matrix.groupby(level=0, sort=False)
    return getattr(grouped, how)()


def mark_aggregated(log: pd.DataFrame, verb: str) -> pd.DataFrame:
    """Flag log rows whose key is shared with other names (or that cover several rows)."""
    shared = log["key"].notna() & log["key"].duplicated(keep=False)
    log["aggregated"] = log["aggregated"] | shared | (log["n_rows"] > 1)
    for key, group in log.loc[shared].groupby("key", sort=False):
        inputs = ", ".join(map(str, group["input"]))
        log.loc[group.index, "action"] = f"{verb} {key} ({inputs})"
    return log


def _build_log(table: pd.DataFrame, n_rows: np.ndarray, locations: list[str]) -> pd.DataFrame:
    """Turn a normalize() table into the name-resolution log."""
    log = table.copy()
    log["n_rows"] = n_rows.astype(int)
    log["location"] = locations
    log["aggregated"] = False
    log["action"] = "kept"
    return log[list(LOG_COLUMNS)].reset_index(drop=True)


def names_and_codes(
    names: pd.Series, locations: list[str], species: str
) -> tuple[pd.DataFrame, np.ndarray]:
    """Resolve the distinct names; return the log and each row's index into it."""
    clean = names.map(lambda v: v.strip() if isinstance(v, str) else str(v))
    codes, uniques = pd.factorize(clean, sort=False)
    table = _resolve(pd.Series(uniques, dtype=object), species)
    n_rows = np.bincount(codes, minlength=len(uniques))
    _, first = np.unique(codes, return_index=True)
    log = _build_log(table, n_rows, [locations[i] for i in first])
    return log, codes


def _id_position(raw: RawTable, id_column: str | None, fmt: str) -> tuple[int, set[int]]:
    """Return the position of the name column and positions to ignore (R row numbers)."""
    header = raw.header
    if id_column is not None:
        if id_column not in header:
            msg = f"no column {id_column!r}; columns: {', '.join(header)}"
            raise InputError(msg, path=raw.path, column=id_column)
        position = header.index(id_column)
    elif fmt in ("limma", "deseq2", "edger", "contrasts") and "ID" in header:
        position = header.index("ID")
    elif (
        len(header) > 2
        and header[0] == ""
        and header[1].lower() in _ID_COLUMN_NAMES
        and not pd.api.types.is_numeric_dtype(raw.body[1])
        and raw.body[0].astype(str).str.fullmatch(r"\d+").all()
    ):
        position = 1  # write.csv of a data frame: row numbers, then the name column
    else:
        position = 0
    ignored = {0} if position != 0 and header[0] == "" else set()
    return position, ignored


# ---------------------------------------------------------------------------- counts


def _orientation(raw: RawTable, species: str, *, transpose: bool | None, position: int = 0) -> bool:
    """Return True when miRNAs are in the columns (the table must be transposed)."""
    if transpose is not None:
        return transpose
    from mirbone.names import normalize

    def score(values: list[object]) -> float:
        if not values:
            return 0.0
        status = normalize(values, species=species)["status"]
        return float((~status.isin(["unknown", "empty"])).mean())

    rows = score(raw.body[position].dropna().tolist()[:500])
    columns = score([h for i, h in enumerate(raw.header) if i != position][:500])
    return columns > rows


_NUMBER_START = re.compile(r"^\s*[-+]?[\d.,]")


def _text_columns(raw: RawTable, positions: list[int]) -> list[int]:
    """Columns that cannot be counts: unnamed and empty, or annotation before the counts.

    Annotation columns (an accession, a precursor, a description) sit between the names
    and the first numeric column, and no value in them starts like a number; anything
    else that is not numeric is reported as a bad count.
    """
    found = []
    counts_started = False
    for position in positions:
        series = raw.body[position]
        present = series.dropna()
        if present.empty:
            if raw.header[position] == "":
                found.append(position)
            continue
        if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
            counts_started = True
            continue
        if not counts_started and not present.astype(str).str.match(_NUMBER_START).any():
            found.append(position)
    return found


def read_counts(
    raw: RawTable,
    fmt: str,
    *,
    species: str,
    transpose: bool | None,
    aggregate: str,
    id_column: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Read a count matrix (miRNAs in rows or columns; ``transpose=None`` detects which)."""
    notes: list[str] = []
    if fmt == "smrnaseq-edger" and transpose is None:
        transpose = True  # nf-core/smrnaseq's edgeR tables have the samples in rows
    if raw.body.shape[1] < 2:
        msg = "a count table needs a name column and at least one sample column"
        raise InputError(msg, path=raw.path)
    position, ignored = _id_position(raw, id_column, fmt)
    transposed = _orientation(raw, species, transpose=transpose, position=position)
    value_columns = [i for i in range(raw.body.shape[1]) if i != position and i not in ignored]
    if not transposed:
        text = _text_columns(raw, value_columns)
        if text:
            value_columns = [i for i in value_columns if i not in text]
            shown = ", ".join(raw.header[i] or f"column {i + 1}" for i in text)
            notes.append(f"ignored columns without any number: {shown}")
        if not value_columns:
            msg = "no count columns: every column besides the names holds text"
            raise InputError(msg, path=raw.path)
    if transposed:
        samples = raw.body[position].map(lambda v: str(v).strip() if isinstance(v, str) else v)
        if samples.isna().any():
            row = int(np.flatnonzero(samples.isna().to_numpy())[0])
            msg = f"empty sample name at {raw.location(row)}"
            raise InputError(msg, path=raw.path)
        check_samples(samples.tolist(), raw.path)
        names = pd.Series([raw.header[i] for i in value_columns], dtype=object)
        locations = [f"column {i + 1}" for i in value_columns]
        matrix = numeric_block(raw, value_columns, what="count", allow_missing=False).T
        matrix.columns = samples.tolist()
        matrix = matrix.reset_index(drop=True)
        notes.append("miRNAs were in columns and samples in rows: transposed")
        name_raw = RawTable(
            header=["miRNA"], body=pd.DataFrame(), path=raw.path, locations=locations
        )
    else:
        samples_list = [raw.header[i] for i in value_columns]
        check_samples(samples_list, raw.path)
        names = raw.body[position]
        present = names.dropna()
        if len(present) and pd.to_numeric(present, errors="coerce").notna().all():
            column = raw.header[position] or f"column {position + 1}"
            msg = (
                "the name column holds numbers, not miRNA names: is the column of names "
                "missing? (give the id column to name it)"
            )
            raise InputError(
                msg, path=raw.path, column=column, value=str(present.iloc[0]), keyword="id_column"
            )
        locations = raw.locations
        matrix = numeric_block(raw, value_columns, what="count", allow_missing=False)
        name_raw = raw
    check_names(
        names, name_raw, raw.header[position] or "row names", allow_repeats=aggregate != "auto"
    )
    check_counts(matrix, raw, locations)
    log, codes = names_and_codes(names, locations, species)
    how = "sum" if aggregate == "auto" else aggregate
    counts = aggregate_counts(matrix, log, codes, how, raw)
    verbs = {"sum": "summed into", "max": "maximum taken as", "first": "first row kept as"}
    log = mark_aggregated(log, verbs.get(how, how))
    if len(counts) < len(matrix):
        notes.append(
            f"{len(matrix) - len(counts)} row(s) merged into miRNAs named on other rows ({how})"
        )
    counts = as_integers(counts)
    notes.extend(fraction_note(counts))
    return counts, log, notes


def fraction_note(counts: pd.DataFrame) -> list[str]:
    """Say so when counts are not whole numbers (kept as given: estimated counts exist)."""
    values = counts.to_numpy()
    if not values.size or np.issubdtype(values.dtype, np.integer):
        return []
    fractional = values != np.round(values)
    if not fractional.any():
        return []
    row, col = (int(a[0]) for a in np.nonzero(fractional))
    return [
        f"{int(fractional.sum())} count(s) are not whole numbers (e.g. {values[row, col]:.12g} "
        f"for {counts.index[row]} in {counts.columns[col]}): kept as given (estimated "
        "counts?); the DESeq2 step rounds them"
    ]


# ---------------------------------------------------------------------------- stats


class StatsRead(NamedTuple):
    """What :func:`read_stats` found: the table, the name log, notes and padj's origin."""

    stats: pd.DataFrame
    names: pd.DataFrame
    notes: list[str]
    contrasts: list[str]
    contrast: str | None
    padj_source: str  # "table", "computed" (Benjamini-Hochberg here) or "none"


def read_stats(
    raw: RawTable,
    fmt: str,
    *,
    species: str,
    contrast: str | None,
    aggregate: str,
    id_column: str | None,
) -> StatsRead:
    """Read a DESeq2, edgeR, limma or multi-contrast statistics table."""
    notes: list[str] = []
    position, ignored = _id_position(raw, id_column, fmt)
    header = raw.header
    contrasts: list[str] = []
    chosen: str | None = None
    if fmt == "contrasts":
        table = contrast_columns(header)
        contrasts = list(table)
        if contrast is None:
            if len(contrasts) > 1:
                msg = (
                    f"the table has {len(contrasts)} contrasts: {', '.join(contrasts)}; "
                    "choose one by its name"
                )
                raise InputError(msg, path=raw.path, keyword="contrast")
            contrast = contrasts[0]
        if contrast not in table:
            msg = f"no contrast {contrast!r}; the table has: {', '.join(contrasts)}"
            raise InputError(msg, path=raw.path, value=contrast, keyword="contrast")
        chosen = contrast
        mapping: dict[str, str | None] = {
            k: table[contrast].get(k) for k in ("log2fc", "pvalue", "padj")
        }
        mapping["base_mean"] = "baseMean" if "baseMean" in header else None
        other = {c for cols in table.values() for c in cols.values()}
        skip = other | {c for c in mapping.values() if c} | {header[position]}
    else:
        if contrast is not None:
            msg = contrast_misuse(fmt)
            raise InputError(msg, path=raw.path, value=contrast, keyword="contrast")
        spec = STATS_FORMATS[fmt]
        missing = [c for c in spec["required"] if c not in header]
        if missing:
            msg = (
                f"not a {spec['label']} table: missing {', '.join(missing)}. Found: "
                f"{', '.join(header)}. Expected: {spec['expects']}"
            )
            raise InputError(msg, path=raw.path, column=missing[0])
        mapping = {}
        for key in STATS_COLUMNS:
            wanted = spec["map"].get(key)
            options = wanted if isinstance(wanted, tuple) else (wanted,)
            mapping[key] = next((o for o in options if o and o in header), None)
        skip = {c for c in mapping.values() if c} | {header[position]}
        if mapping["padj"] is None and "svalue" in header:
            notes.append("s-values (lfcShrink svalue=TRUE) kept as an extra column; padj empty")
    _check_name_column(raw, position, mapping)
    check_names(
        raw.body[position], raw, header[position] or "row names",
        allow_repeats=aggregate != "auto", merge="best or first",
    )  # fmt: skip
    columns: dict[str, np.ndarray] = {}
    for key in STATS_COLUMNS:
        source = mapping.get(key)
        if source is None:
            columns[key] = np.full(len(raw.body), np.nan)
            continue
        block = numeric_block(raw, [header.index(source)], what="value", allow_missing=True)
        columns[key] = block.iloc[:, 0].to_numpy()
    for key in ("pvalue", "padj"):
        values = columns[key]
        outside = (values < 0) | (values > 1)
        if np.any(outside):
            row = int(np.flatnonzero(outside)[0])
            msg = f"{key} outside [0, 1] at {raw.location(row)}"
            raise InputError(msg, path=raw.path, column=mapping[key], value=float(values[row]))
    padj_source = "table" if mapping.get("padj") else _adjust_missing_padj(columns, notes)
    negative = columns["base_mean"] < 0
    if np.any(negative):
        row = int(np.flatnonzero(negative)[0])
        msg = f"negative mean expression at {raw.location(row)}"
        raise InputError(
            msg, path=raw.path, column=mapping["base_mean"], value=float(columns["base_mean"][row])
        )
    stats = pd.DataFrame(columns)
    for index, name in enumerate(header):
        if name in skip or index == position or index in ignored or name in stats.columns:
            continue
        stats[name or f"column_{index + 1}"] = raw.body[index].to_numpy()
    log, codes = names_and_codes(raw.body[position], raw.locations, species)
    stats.index = pd.Index(log["key"].to_numpy()[codes], name="mirna")
    how = "best" if aggregate == "auto" else aggregate
    if how in ("sum", "max"):
        msg = "statistics rows cannot be summed: use best, first or error"
        raise InputError(msg, value=aggregate, keyword="aggregate")
    if stats.index.has_duplicates:
        stats, log = _dedupe_stats(stats, log, codes, how, raw)
        notes.append(f"statistics rows resolving to one miRNA: kept the {how_label(how)}")
    return StatsRead(stats, log, notes, contrasts, chosen, padj_source)


def _adjust_missing_padj(columns: dict[str, np.ndarray], notes: list[str]) -> str:
    """Fill ``padj`` by Benjamini-Hochberg over the table's p-values when it has no column.

    edgeR's ``exactTest(...)$table`` and ``glmLRT(...)$table`` have ``PValue`` but no
    ``FDR`` (topTags adds it). Without this, no miRNA could be called significant. Missing
    p-values stay missing and are not counted in the FDR; a table cut at a p-value gets a
    caveat (:func:`cut_short_caveat`), since BH needs every tested miRNA.
    Returns where padj now comes from: ``"computed"``, or ``"none"`` without p-values.
    """
    from scipy.stats import false_discovery_control

    pvalues = columns["pvalue"]
    finite = np.isfinite(pvalues)
    if not finite.any():
        return "none"
    padj = np.full(len(pvalues), np.nan)
    padj[finite] = false_discovery_control(pvalues[finite], method="bh")
    columns["padj"] = padj
    notes.append(
        "no adjusted p-value column (padj, FDR, adj.P.Val): padj computed by "
        f"Benjamini-Hochberg over the table's {int(finite.sum())} p-values"
    )
    caveat = cut_short_caveat(pvalues)
    if caveat:
        notes.append(caveat)
    return "computed"


def cut_short_caveat(pvalues: np.ndarray) -> str | None:
    """Say when p-values look like a table cut at a p-value (the BH padj are then too small).

    A full table of tested miRNAs has p-values up to near 1; when the largest is below 0.5
    the table likely holds only the smallest ones, and an FDR over them undercounts the tests.
    """
    finite = pvalues[np.isfinite(pvalues)]
    if finite.size == 0 or finite.max() >= 0.5:
        return None
    return (
        f"the largest p-value is {finite.max():.3g}: if the table holds only some of the "
        "tested miRNAs (cut at a p-value), the computed padj are too small; give the full "
        "table, or its own adjusted p-values"
    )


def contrast_misuse(fmt: str) -> str:
    """Explain that a contrast NAME picks a contrast of a multi-contrast table only."""
    return (
        "a contrast NAME picks one comparison of a statistics table with several "
        f"contrasts; this is a {fmt} table. To compare groups of samples, give analyze a "
        "sample sheet and a contrast COLUMN:TEST:REFERENCE (e.g. group:aged:young)"
    )


def _check_name_column(raw: RawTable, position: int, mapping: dict[str, str | None]) -> None:
    """Refuse a statistics table whose name column is a statistic (saved without row names)."""
    column = raw.header[position]
    present = raw.body[position].dropna()
    is_statistic = column in {c for c in mapping.values() if c}
    numeric = len(present) > 0 and pd.to_numeric(present, errors="coerce").notna().all()
    if is_statistic or numeric:
        msg = (
            f"no miRNA name column: the column read as names ({column or 'unnamed'}) holds numbers "
            f"(columns found: {', '.join(h or '(unnamed)' for h in raw.header)}). Was the "
            "table saved without row names (R row.names = FALSE, pandas index=False)? Save it with "
            "the names, or give the id column that holds them"
        )
        raise InputError(
            msg,
            path=raw.path,
            column=column or None,
            value=str(present.iloc[0]),
            keyword="id_column",
        )


def how_label(how: str) -> str:
    """Describe a statistics aggregation rule in words."""
    return {"best": "row with the smallest padj (then pvalue)", "first": "first row"}.get(how, how)


def _dedupe_stats(
    stats: pd.DataFrame, log: pd.DataFrame, codes: np.ndarray, how: str, raw: RawTable
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Keep one statistics row per miRNA key and log which row was kept."""
    if how == "error":
        dup = stats.index[stats.index.duplicated()][0]
        inputs = log.loc[log["key"].eq(dup), "input"].tolist()
        msg = f"several rows resolve to the same miRNA ({', '.join(map(str, inputs))})"
        raise InputError(msg, path=raw.path, value=dup)
    order = np.arange(len(stats))
    frame = stats.assign(_order=order)
    if how == "best":
        frame = frame.sort_values(["padj", "pvalue", "_order"], na_position="last", kind="stable")
    kept = frame[~frame.index.duplicated(keep="first")].sort_values("_order")
    kept_inputs = {int(codes[i]) for i in kept["_order"]}
    log = mark_aggregated(log, "one row kept for")
    shared = log["key"].duplicated(keep=False) | log["n_rows"].gt(1)
    keys = log["key"].to_numpy()
    inputs = log["input"].to_numpy()
    actions = log["action"].to_numpy(copy=True)
    for index in np.flatnonzero(shared.to_numpy()):
        key = keys[index]
        winner = next(inputs[i] for i in sorted(kept_inputs) if keys[i] == key)
        if index in kept_inputs:
            actions[index] = f"row kept for {key} ({how_label(how)})"
        else:
            actions[index] = f"row dropped: {key} taken from the row of {winner}"
    log["action"] = actions
    return kept.drop(columns="_order"), log
