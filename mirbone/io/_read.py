"""Reading users' miRNA-seq tables into standard frames, with a name-resolution log.

:func:`read` detects the format of a table (or takes ``format=``), reads it, normalises
every miRNA name through :func:`mirbone.names.normalize`, aggregates the rows that end up
as the same miRNA and returns a :class:`MirnaData`. Formats:

==================  ==========================================================================
format              what it is
==================  ==========================================================================
``counts``          a count matrix (CSV, TSV or XLSX), miRNAs in rows or in columns
``deseq2``          DESeq2 ``results()`` written by ``write.csv``
``edger``           edgeR ``topTags``/``exactTest`` (``logFC, logCPM, PValue, FDR``)
``limma``           limma ``topTable`` (``logFC, AveExpr, t, P.Value, adj.P.Val, B``)
``contrasts``       several comparisons in suffixed columns (``A.vs.B_LFC``, ``A.vs.B_FDR``)
``mirdeep2``        miRDeep2 ``quantifier.pl`` ``miRNAs_expressed_all_samples_*.csv``
``featurecounts``   featureCounts output (one file, or a folder of per-sample files)
``smrnaseq-edger``  nf-core/smrnaseq ``mature_counts.csv`` (samples in rows)
``smrnaseq-cpm``    nf-core/smrnaseq ``*_normalized_CPM.txt`` (TMM-normalised CPM)
``mirtop``          mirtop isomiR counts (``UID Read miRNA Variant iso_* <samples>``)
``smrnaseq-mirna``  nf-core/smrnaseq ``mirna.tsv`` (mirtop counts summed per miRNA)
``excerpt``         exceRpt ``exceRpt_miRNA_ReadCounts.txt``
``list``            a plain list of names, one per line
``standard``        mirbone's own standardised table (:func:`write_standard`)
==================  ==========================================================================

Aggregation rules (each decision is logged in :attr:`MirnaData.names` and ``notes``):

* count rows whose names resolve to the same miRNA are summed (``aggregate="sum"``);
* miRDeep2 reports a mature once per precursor locus and counts a read mapping to
  several loci at each of them, so summing would double-count: mirbone keeps, per
  sample, the largest count over the loci (a lower bound that never double-counts);
* mirtop lists one row per isomiR: the rows of a miRNA are summed, as mirtop and
  nf-core/smrnaseq do;
* statistics rows that resolve to the same miRNA keep the row with the smallest
  adjusted p-value (``aggregate="best"``), or the first (``"first"``), or are refused
  (``"error"``).

A name that appears twice as written in a count or statistics table is refused unless
``aggregate`` is given explicitly: it is usually a copy-paste error.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

import numpy as np
import pandas as pd

from mirbone.errors import InputError, user_stacklevel
from mirbone.io._pipeline_readers import (
    read_featurecounts,
    read_mirdeep2,
    read_mirtop,
    read_name_list,
)
from mirbone.io._rawtable import RawTable, load
from mirbone.io._readers import (
    FEATURECOUNTS_HEAD,
    LOG_COLUMNS,
    MIRTOP_ANNOTATION,
    STATS_COLUMNS,
    STATS_FORMATS,
    STATS_HINT_COLUMNS,
    as_integers,
    check_counts,
    check_names,
    check_samples,
    contrast_columns,
    contrast_misuse,
    mark_aggregated,
    numeric_block,
    read_counts,
    read_stats,
)
from mirbone.io._samples import read_samples

#: Formats :func:`read` understands (``"auto"`` detects them).
FORMATS = (
    "counts",
    "deseq2",
    "edger",
    "limma",
    "differential",
    "contrasts",
    "mirdeep2",
    "featurecounts",
    "smrnaseq-edger",
    "smrnaseq-cpm",
    "mirtop",
    "smrnaseq-mirna",
    "excerpt",
    "list",
    "standard",
)
STANDARD_COLUMNS = ("mirna", "accession", "species", "status", "candidates", "inputs")
_EXTRA_PREFIX = "stats:"

Aggregate = Literal["auto", "sum", "max", "first", "best", "error"]
#: The rules for rows that resolve to one miRNA (``aggregate`` of :func:`read`).
AGGREGATE_RULES: tuple[str, ...] = get_args(Aggregate)
_VALUE_TYPES = {"smrnaseq-cpm": "cpm"}


@dataclass
class MirnaData:
    """A miRNA-seq table read by :func:`read`: plain pandas frames and what was done.

    Attributes
    ----------
    counts
        miRNA x samples values (index: the miRNA key; ``None`` for a statistics table or a
        list). Raw counts unless :attr:`value_type` says otherwise.
    stats
        Per miRNA ``log2fc, pvalue, padj, base_mean``, then the table's other columns
        (``None`` for a count table or a list).
    samples
        The sample sheet, one row per count column, with a ``sample`` column (or ``None``).
    names
        The name-resolution log, one row per distinct name as written:
        ``input, key, mirna, accession, species, status, candidates, n_rows, location,
        aggregated, action``. ``key`` is the index used in ``counts``/``stats``: the v22
        mature name when resolved, the hairpin name for ``precursor``, else the name as
        written (unresolved names are kept, never dropped).
    format
        The format read (see :data:`FORMATS`).
    source
        The file (or folder) read.
    contrasts
        The comparisons of a multi-contrast table (empty otherwise).
    contrast
        The comparison read from a multi-contrast table.
    species
        Species of names written without a prefix.
    value_type
        ``"counts"``, ``"cpm"`` (already normalised) or ``"none"`` (no values).
    notes
        Decisions worth reporting (aggregations, encodings, decimal commas).
    padj_source
        For a statistics table, where ``stats["padj"]`` comes from: ``"table"`` (its own
        column), ``"computed"`` (Benjamini-Hochberg over its p-values: it had no adjusted
        p-value column, as edgeR's ``exactTest(...)$table``) or ``"none"`` (no p-values).
    """

    counts: pd.DataFrame | None
    stats: pd.DataFrame | None
    samples: pd.DataFrame | None
    names: pd.DataFrame
    format: str
    source: str
    contrasts: list[str] = field(default_factory=list)
    contrast: str | None = None
    species: str = "hsa"
    value_type: str = "counts"
    notes: list[str] = field(default_factory=list)
    padj_source: str | None = None

    @property
    def mirnas(self) -> list[str]:
        """The miRNA keys, in table order."""
        if self.counts is not None:
            return [str(k) for k in self.counts.index]
        if self.stats is not None:
            return [str(k) for k in self.stats.index]
        return list(dict.fromkeys(str(k) for k in self.names["key"]))

    @property
    def sample_names(self) -> list[str]:
        """The count columns (empty without counts)."""
        return [] if self.counts is None else [str(c) for c in self.counts.columns]

    def summary(self) -> dict[str, Any]:
        """Return what was read, as a JSON-ready dict.

        Keys: ``source, format, species, value_type, contrast, contrasts, input_rows,
        input_names, mirnas, samples, status_counts, aggregated_names, unresolved,
        notes``.
        """
        log = self.names
        status_counts = {str(k): int(v) for k, v in log["status"].value_counts().items()}
        from mirbone.names import RESOLVED_STATUSES

        unresolved = log.loc[~log["status"].isin(RESOLVED_STATUSES), "input"]
        return {
            "source": self.source,
            "format": self.format,
            "species": self.species,
            "value_type": self.value_type,
            "contrast": self.contrast,
            "contrasts": list(self.contrasts),
            "input_rows": int(log["n_rows"].sum()),
            "input_names": len(log),
            "mirnas": len(self.mirnas),
            "samples": len(self.sample_names),
            "status_counts": status_counts,
            "aggregated_names": int(log["aggregated"].sum()),
            "unresolved": [str(v) for v in unresolved],
            "notes": list(self.notes),
        }


# ---------------------------------------------------------------------------- detection


def detect_format(raw: RawTable) -> str:
    """Name the format of a raw table from its header, comments and file name."""
    header = raw.header
    names = set(header)
    filename = Path(raw.path).name.lower()
    if tuple(header[:6]) == FEATURECOUNTS_HEAD or any(
        "featurecounts" in c.lower() for c in raw.comments
    ):
        return "featurecounts"
    if (
        header
        and header[0] == "Status"
        and raw.body.shape[1] > 1
        and raw.body[0].astype(str).str.match(r"^(Assigned|Unassigned_)").all()
    ):
        msg = (
            "this is a featureCounts .summary file (read assignment statistics); give the "
            "count table featureCounts wrote beside it"
        )
        raise InputError(msg, path=raw.path)
    if header and header[0].lstrip("#").lower() == "mirna" and {"read_count", "precursor"} <= names:
        return "mirdeep2"
    if set(MIRTOP_ANNOTATION) <= names:
        return "mirtop"
    if tuple(header[: len(STANDARD_COLUMNS)]) == STANDARD_COLUMNS:
        return "standard"
    if _canonical_stats_case(raw):
        header = raw.header
        names = set(header)
    for name, spec in STATS_FORMATS.items():
        if set(spec["required"]) <= names:
            return name
    if {"AveExpr", "F", "P.Value"} <= names:
        msg = (
            "this is a limma F-test table (several coefficients, one p-value); export "
            "topTable(fit, coef=...) for one coefficient"
        )
        raise InputError(msg, path=raw.path)
    if contrast_columns(header):
        return "contrasts"
    hinted = sorted(names & STATS_HINT_COLUMNS)
    if hinted:
        expects = "; ".join(f"{s['label']}: {s['expects']}" for s in STATS_FORMATS.values())
        msg = (
            f"looks like a differential-expression table (has {', '.join(hinted)}) but misses "
            f"columns. Found: {', '.join(header)}. Expected {expects}; or several contrasts "
            "as <contrast>_LFC, <contrast>_pvalue, <contrast>_FDR"
        )
        raise InputError(msg, path=raw.path)
    if raw.delimiter is None and raw.sheet is None and raw.body.shape[1] == 1:
        return "list"
    if raw.body.shape[1] == 1 and len(header) == 1:
        return "list"
    if "logtpm" in filename:
        msg = (
            "nf-core/smrnaseq *_logtpm tables hold log10 TPM, not counts; read "
            "mature_counts.csv (or hairpin_counts.csv) from the same folder instead"
        )
        raise InputError(msg, path=raw.path)
    if "normalized_cpm" in filename:
        return "smrnaseq-cpm"
    if filename.startswith(("mature_counts", "hairpin_counts")):
        return "smrnaseq-edger"
    if filename.startswith("excerpt_mirna_readcounts"):
        return "excerpt"
    if filename.startswith("mirna.tsv") and header and header[0] == "miRNA":
        return "smrnaseq-mirna"
    return "counts"


#: The columns of each statistics format as its tool spells them (DESeq2's ``pvalue`` and
#: edgeR's ``PValue`` differ only in case, so each format is tried on its own).
_STATS_SPELLINGS = {
    "deseq2": ("baseMean", "log2FoldChange", "lfcSE", "stat", "pvalue", "padj", "svalue"),
    "edger": ("logFC", "logCPM", "LR", "F", "PValue", "FDR", "FWER"),
    "limma": ("logFC", "AveExpr", "t", "P.Value", "adj.P.Val", "B"),
}


def _canonical_stats_case(raw: RawTable) -> bool:
    """Give statistics columns written in another case (``PVALUE``) their usual spelling.

    Only when the renamed header then holds every required column of one statistics
    format; the renaming is noted. Returns whether the header was changed.
    """
    if any(set(spec["required"]) <= set(raw.header) for spec in STATS_FORMATS.values()):
        return False
    for columns in _STATS_SPELLINGS.values():
        spelling = {name.casefold(): name for name in columns}
        renamed = [spelling.get(h.casefold(), h) for h in raw.header]
        if any(set(spec["required"]) <= set(renamed) for spec in STATS_FORMATS.values()):
            break
    else:
        return False
    changed = [f"{a} -> {b}" for a, b in zip(raw.header, renamed, strict=True) if a != b]
    raw.header = renamed
    raw.notes.append(f"statistics columns renamed to their usual case: {', '.join(changed)}")
    return True


# ---------------------------------------------------------------------------- samples


# ---------------------------------------------------------------------------- read


def read(
    path: str | os.PathLike[str],
    *,
    format: str = "auto",
    species: str = "hsa",
    contrast: str | None = None,
    sheet: str | int | None = None,
    transpose: bool | None = None,
    samples: str | os.PathLike[str] | pd.DataFrame | None = None,
    aggregate: Aggregate = "auto",
    id_column: str | None = None,
) -> MirnaData:
    """Read a miRNA-seq table (counts, statistics, or a list of names).

    Parameters
    ----------
    path
        The table (text, gzip-compressed text or XLSX), or a folder of featureCounts files.
    format
        ``"auto"`` (detect) or one of :data:`FORMATS`.
    species
        Species of names written without a prefix (``hsa``, ``mmu``, ``rno``).
    contrast
        The comparison to read from a table with several contrasts.
    sheet
        Workbook sheet (name or 0-based position) when several hold data.
    transpose
        ``True``: miRNAs are in the columns (samples in rows); ``False``: in the rows;
        ``None``: detect from the names.
    samples
        Sample sheet (path or DataFrame, ``sample, group, ...``) matching the count columns.
    aggregate
        Rows resolving to the same miRNA: counts ``"sum"`` (default), ``"max"`` or
        ``"first"``; statistics ``"best"`` (smallest padj, default) or ``"first"``;
        ``"error"`` refuses. Any explicit choice also allows a name written twice.
        miRDeep2 (maximum over precursors) and mirtop (sum over isomiRs) rows follow
        their own rules first.
    id_column
        The column holding miRNA names, when it is not the first (or limma's ``ID``).

    Returns
    -------
    MirnaData

    Raises
    ------
    InputError
        For anything wrong with the file, naming the file, column, line and value.
    """
    from mirbone.names import normalize_species

    species = normalize_species(species)
    if format != "auto" and format not in FORMATS:
        msg = f"unknown format {format!r}; choose auto or one of: {', '.join(FORMATS)}"
        raise InputError(msg, value=format, keyword="format")
    if aggregate not in AGGREGATE_RULES:
        msg = f"choose one of {', '.join(AGGREGATE_RULES)}"
        raise InputError(msg, value=aggregate, keyword="aggregate")
    if not str(path).strip():  # Path("") is the current folder
        msg = "no file given (an empty path)"
        raise InputError(msg, value=str(path))
    file = Path(path)
    if file.is_dir():
        if format not in ("auto", "featurecounts"):
            msg = "a folder can only be read as featureCounts files (one per sample)"
            raise InputError(msg, path=file)
        counts, log, notes, source = read_featurecounts(file, species=species, aggregate=aggregate)
        data = MirnaData(
            counts, None, None, log, "featurecounts", source, species=species, notes=notes
        )
        return _attach_samples(data, samples)
    raw = load(file, sheet=sheet)
    fmt = detect_format(raw) if format == "auto" else format
    if contrast is not None and fmt not in ("contrasts", *STATS_FORMATS):
        raise InputError(contrast_misuse(fmt), path=file, value=contrast, keyword="contrast")
    notes = list(raw.notes)
    counts = stats = None
    contrasts: list[str] = []
    chosen: str | None = None
    padj_source: str | None = None
    value_type = _VALUE_TYPES.get(fmt, "counts")
    if fmt == "standard":
        return _attach_samples(_standard_from_raw(raw, species=species), samples)
    if fmt in ("contrasts", *STATS_FORMATS):
        found = read_stats(
            raw, fmt, species=species, contrast=contrast, aggregate=aggregate, id_column=id_column
        )
        stats, log, more, contrasts, chosen, padj_source = found
        value_type = "none"
    elif fmt == "mirdeep2":
        counts, log, more = read_mirdeep2(raw, species=species)
    elif fmt == "featurecounts":
        counts, log, more, _ = read_featurecounts(file, species=species, aggregate=aggregate)
    elif fmt == "mirtop":
        counts, log, more = read_mirtop(raw, species=species)
    elif fmt == "list":
        log, more = read_name_list(raw, species=species)
        value_type = "none"
    else:
        counts, log, more = read_counts(
            raw, fmt, species=species, transpose=transpose, aggregate=aggregate, id_column=id_column
        )
        if value_type == "cpm":
            more.append("values are TMM-normalised CPM from nf-core/smrnaseq, not raw counts")
    notes.extend(more)
    data = MirnaData(
        counts=counts, stats=stats, samples=None, names=log, format=fmt, source=str(file),
        contrasts=contrasts, contrast=chosen, species=species, value_type=value_type, notes=notes,
        padj_source=padj_source,
    )  # fmt: skip
    return _attach_samples(data, samples)


def _attach_samples(
    data: MirnaData, samples: str | os.PathLike[str] | pd.DataFrame | None
) -> MirnaData:
    if samples is None:
        return data
    if data.counts is None:
        msg = f"a sample sheet goes with a count table; this is a {data.format} table"
        raise InputError(msg, path=data.source)
    sheet = read_samples(samples, data.counts.columns)
    column_of = sheet.column_of or {}
    names = sheet["sample"].tolist()
    counts = data.counts.copy()
    counts.columns = [str(c) for c in counts.columns]
    counts = counts[[column_of[n] for n in names]]
    check_samples(names, data.source)
    counts.columns = pd.Index(names)
    data.counts = counts
    data.samples = sheet
    data.notes.extend(sheet.notes or ())
    return data


# ---------------------------------------------------------------------------- standard table


def standard_table(data: MirnaData) -> pd.DataFrame:
    """Return the standardised table that :func:`write_standard` writes."""
    keys = data.mirnas
    log = data.names
    first = log.drop_duplicates("key").set_index("key")
    inputs = log.groupby("key", sort=False)["input"].agg(lambda s: ";".join(map(str, s)))
    table = pd.DataFrame(index=pd.Index(keys, name="mirna"))
    table["accession"] = first["accession"].reindex(keys).to_numpy()
    table["species"] = first["species"].reindex(keys).to_numpy()
    table["status"] = first["status"].reindex(keys).to_numpy()
    table["candidates"] = first["candidates"].reindex(keys).to_numpy()
    table["inputs"] = inputs.reindex(keys).to_numpy()
    blocks = [table]  # joined once: inserting 10,000 sample columns one by one is quadratic
    if data.stats is not None:
        stats = data.stats.reindex(keys)
        stats.columns = [c if c in STATS_COLUMNS else f"{_EXTRA_PREFIX}{c}" for c in stats.columns]
        stats.index = table.index
        blocks.append(stats)
    if data.counts is not None:
        reserved = set(STANDARD_COLUMNS) | set(STATS_COLUMNS)
        clash = [c for c in data.counts.columns
                 if str(c) in reserved or str(c).startswith(_EXTRA_PREFIX)]  # fmt: skip
        if clash:
            msg = f"sample name clashes with a standard column: {clash[0]}"
            raise InputError(msg, value=clash[0])
        counts = data.counts.reindex(keys)
        counts.columns = [str(c) for c in counts.columns]
        counts.index = table.index
        blocks.append(counts)
    if len(blocks) > 1:
        table = pd.concat(blocks, axis=1)
    return table.reset_index()


def write_standard(data: MirnaData, path: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Write the standardised table (TSV) of ``data``.

    Columns: ``mirna, accession, species, status, candidates, inputs`` (``inputs``: the
    names as written that were merged into the row, ``;``-joined), then the statistics
    (``log2fc, pvalue, padj, base_mean`` and the table's other columns prefixed
    ``stats:``), then one column per sample. The file is written atomically and an
    existing file is kept unless ``force``.

    Returns
    -------
    pathlib.Path
        The file written.
    """
    from mirbone._output import write_table

    return write_table(standard_table(data), path, force=force)


def read_standard(path: str | os.PathLike[str]) -> MirnaData:
    """Read a standard table (deprecated: use :func:`read` with ``format="standard"``)."""
    import warnings

    warnings.warn(
        "read_standard() is now read(path, format='standard'); read_standard() will be "
        "removed in mirbone 0.3",
        DeprecationWarning,
        stacklevel=user_stacklevel(),
    )
    return read(path, format="standard")


def _standard_from_raw(raw: RawTable, *, species: str) -> MirnaData:
    from mirbone.names import RESOLVED_STATUSES

    if tuple(raw.header[: len(STANDARD_COLUMNS)]) != STANDARD_COLUMNS:
        msg = (
            f"not a mirbone standard table: expected the columns {', '.join(STANDARD_COLUMNS)} "
            f"first; found {', '.join(map(str, raw.header[:6]))}"
        )
        raise InputError(msg, path=raw.path)
    header = raw.header
    check_names(raw.body[0], raw, "mirna", allow_repeats=False, merge=None)
    keys = raw.body[0].astype(str).to_numpy()

    def text(column: str) -> pd.Series:
        values = raw.body[header.index(column)]
        return values.map(lambda v: None if pd.isna(v) else str(v))

    stat_positions = [i for i, c in enumerate(header)
                      if c in STATS_COLUMNS or c.startswith(_EXTRA_PREFIX)]  # fmt: skip
    sample_positions = [i for i in range(len(STANDARD_COLUMNS), len(header))
                        if i not in stat_positions]  # fmt: skip
    stats = None
    if stat_positions:
        stats = pd.DataFrame(index=pd.Index(keys, name="mirna"))
        for key in STATS_COLUMNS:
            if key in header:
                block = numeric_block(raw, [header.index(key)], what="value", allow_missing=True)
                stats[key] = block.iloc[:, 0].to_numpy()
            else:
                stats[key] = np.nan
        for i in stat_positions:
            if header[i].startswith(_EXTRA_PREFIX):
                stats[header[i][len(_EXTRA_PREFIX) :]] = raw.body[i].to_numpy()
    counts = None
    if sample_positions:
        samples = [header[i] for i in sample_positions]
        check_samples(samples, raw.path)
        matrix = numeric_block(raw, sample_positions, what="count", allow_missing=False)
        check_counts(matrix, raw, raw.locations)
        matrix.index = pd.Index(keys, name="mirna")
        counts = as_integers(matrix)
    status = text("status")
    resolved = status.isin(RESOLVED_STATUSES) | status.eq("precursor")
    log = pd.DataFrame({
        "input": text("inputs").fillna(pd.Series(keys)).str.split(";"),
        "key": keys,
        "mirna": pd.Series(keys, dtype=object).where(resolved, None),
        "accession": text("accession"),
        "species": text("species"),
        "status": status,
        "candidates": text("candidates").fillna(""),
        "n_rows": 1,
        "location": raw.locations,
        "aggregated": False,
        "action": "kept",
    })  # fmt: skip
    log = log.explode("input", ignore_index=True)[list(LOG_COLUMNS)]
    log = mark_aggregated(log, "merged into")
    return MirnaData(
        counts=counts,
        stats=stats,
        samples=None,
        names=log,
        format="standard",
        source=raw.path,
        species=species,
        value_type="counts" if counts is not None else "none",
        notes=list(raw.notes),
    )
