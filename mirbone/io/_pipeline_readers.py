"""Readers for pipeline outputs: miRDeep2, featureCounts, mirtop and plain name lists.

Companion of :mod:`mirbone.io._readers` (generic count and statistics tables); the rules
(maximum over miRDeep2 precursors, sum over mirtop isomiRs) are described in
:mod:`mirbone.io`.
"""

from __future__ import annotations

import gzip
import re
import zlib
from pathlib import Path, PurePosixPath

import numpy as np
import pandas as pd

from mirbone.errors import InputError
from mirbone.io._rawtable import RawTable, load
from mirbone.io._readers import (
    FEATURECOUNTS_HEAD,
    LIST_HEADERS,
    MIRTOP_ANNOTATION,
    aggregate_counts,
    as_integers,
    check_counts,
    check_names,
    check_samples,
    mark_aggregated,
    names_and_codes,
    numeric_block,
)


def read_mirdeep2(raw: RawTable, *, species: str) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Read miRDeep2 quantifier output: per-sample maximum over the precursors of a mature."""
    header = raw.header
    single = header[0].lstrip("#") == "miRNA" and header[1:] == ["read_count", "precursor"]
    required = ("read_count", "precursor") if single else ("read_count", "precursor", "total")
    missing = [c for c in required if c not in header]
    if missing:
        msg = (
            f"not a miRDeep2 quantifier table: missing {', '.join(missing)}. Found: "
            f"{', '.join(header)}. Expected: #miRNA, read_count, precursor, total, <samples>, "
            "<samples>(norm) (miRNAs_expressed_all_samples_*.csv) or #miRNA, read_count, "
            "precursor (miRNA_expressed.csv)"
        )
        raise InputError(msg, path=raw.path, column=missing[0])
    if single:  # miRNA_expressed.csv: one sample, counted in read_count
        sample_positions, norm = [1], []
    else:
        start = header.index("total") + 1
        sample_positions = [
            i for i in range(start, len(header)) if not header[i].endswith("(norm)")
        ]
        norm = [
            header[i][: -len("(norm)")]
            for i in range(start, len(header))
            if header[i].endswith("(norm)")
        ]
    samples = [header[i] for i in sample_positions]
    if not samples:
        msg = "miRDeep2 table without sample columns after 'total'"
        raise InputError(msg, path=raw.path)
    if norm and norm != samples:
        msg = (
            f"the (norm) columns ({', '.join(norm)}) do not match the samples "
            f"({', '.join(samples)})"
        )
        raise InputError(msg, path=raw.path)
    check_samples(samples, raw.path)
    names = raw.body[0]
    check_names(names, raw, header[0], allow_repeats=True)
    precursors = raw.body[header.index("precursor")].astype(str)
    matrix = numeric_block(raw, sample_positions, what="count", allow_missing=False)
    check_counts(matrix, raw, raw.locations)
    log, codes = names_and_codes(names, raw.locations, species)
    # Step 1: one mature under several precursors -> per-sample maximum over the loci.
    per_name = matrix.groupby(codes, sort=True).max()
    loci = precursors.groupby(codes, sort=True).agg(lambda s: ";".join(dict.fromkeys(s)))
    multi = log["n_rows"].to_numpy() > 1
    for index in np.flatnonzero(multi):
        log.loc[index, "action"] = f"max over {log.loc[index, 'n_rows']} precursors ({loci[index]})"
    log.loc[multi, "aggregated"] = True
    notes = []
    if multi.any():
        notes.append(
            f"miRDeep2: {int(multi.sum())} mature miRNA(s) listed under several precursors; "
            "kept the per-sample maximum (quantifier counts a multi-mapping read at every "
            "locus, so summing would double-count)"
        )
    # Step 2: different names resolving to one miRNA -> summed.
    counts = aggregate_counts(per_name.reset_index(drop=True), log, np.arange(len(log)), "sum", raw)
    log = mark_aggregated(log, "summed into")
    return as_integers(counts), log, notes


def _clean_sample_names(paths: list[str]) -> list[str]:
    """Turn BAM paths into sample names: the file name without ``.bam``, kept unique."""
    parts = [PurePosixPath(p.strip().replace("\\", "/")).parts for p in paths]

    def name(components: tuple[str, ...], depth: int) -> str:
        tail = list(components[-depth:]) if components else [""]
        tail[-1] = re.sub(r"\.bam$", "", tail[-1], flags=re.IGNORECASE)
        return "/".join(tail)

    depth = 1
    while True:
        names = [name(p, depth) for p in parts]
        if len(set(names)) == len(names) or depth >= max(len(p) for p in parts):
            return names
        depth += 1


def _file_sample_name(path: Path) -> str:
    """``GFP-KO-1.txt``, ``S1.counts.tsv.gz`` -> ``GFP-KO-1``, ``S1``."""
    name = re.sub(r"\.gz$", "", path.name, flags=re.IGNORECASE)
    name = re.sub(r"\.(txt|tsv|csv|tab)$", "", name, flags=re.IGNORECASE)
    return re.sub(r"\.(featurecounts|counts?)$", "", name, flags=re.IGNORECASE)


def _featurecounts_one(raw: RawTable) -> tuple[pd.Series, pd.DataFrame, list[str]]:
    """Return the Geneid column, the counts and the BAM paths of one featureCounts table."""
    header = raw.header
    if tuple(header[:6]) != FEATURECOUNTS_HEAD:
        msg = (
            f"not a featureCounts table: the header starts {', '.join(header[:6])}; "
            f"expected {', '.join(FEATURECOUNTS_HEAD)}, <bam files>"
        )
        raise InputError(msg, path=raw.path)
    if len(header) < 7:
        msg = "featureCounts table without count columns"
        raise InputError(msg, path=raw.path)
    positions = list(range(6, len(header)))
    matrix = numeric_block(raw, positions, what="count", allow_missing=False)
    return raw.body[0], matrix, [header[i] for i in positions]


def _check_featurecounts_head(file: Path, folder: Path) -> None:
    """Refuse a folder holding a file that does not start like featureCounts output."""
    head = b""
    try:
        with file.open("rb") as stream:
            head = stream.read(4096)
        if head.startswith(b"\x1f\x8b"):
            with gzip.open(file, "rb") as stream:
                head = stream.read(4096)
    except (OSError, EOFError, zlib.error):
        head = b""
    lines = head.decode("utf-8", errors="replace").lstrip("\ufeff").splitlines()
    wanted = "\t".join(FEATURECOUNTS_HEAD)
    if not any(line.startswith(wanted) for line in lines[:20]):
        msg = (
            f"not a featureCounts folder: {file.name} is not featureCounts output (no "
            f"'{' '.join(FEATURECOUNTS_HEAD)}' header). Give a table file, or a folder "
            "holding only featureCounts files (one per sample)"
        )
        raise InputError(msg, path=folder)


def read_featurecounts(
    path: Path, *, species: str, aggregate: str
) -> tuple[pd.DataFrame, pd.DataFrame, list[str], str]:
    """Read featureCounts output: one file, or a folder of per-sample files merged."""
    if path.is_dir():
        files = sorted(
            f for f in path.iterdir()
            if f.is_file() and not f.name.startswith(".") and not f.name.endswith(".summary")
        )  # fmt: skip
        if not files:
            msg = "folder without featureCounts files"
            raise InputError(msg, path=path)
        for file in files:
            _check_featurecounts_head(file, path)
        raws = [load(f) for f in files]
    else:
        raws = [load(path)]
    first = raws[0]
    ids, matrix, bams = _featurecounts_one(first)
    blocks = [matrix]
    widths = [matrix.shape[1]]
    for raw in raws[1:]:
        other_ids, other, other_bams = _featurecounts_one(raw)
        if other_ids.tolist() != ids.tolist():
            msg = (
                f"its Geneid column differs from {Path(first.path).name}'s; per-sample "
                "featureCounts files must come from the same annotation"
            )
            raise InputError(msg, path=raw.path)
        blocks.append(other)
        widths.append(other.shape[1])
        bams.extend(other_bams)
    matrix = pd.concat(blocks, axis=1, ignore_index=True)
    samples = _clean_sample_names(bams)
    origin = "BAM paths"
    if len(raws) > 1 and set(widths) == {1} and len(set(samples)) < len(samples):
        # One count column per file with a generic name (e.g. 'Count'): the file names
        # are the samples.
        samples = [_file_sample_name(Path(raw.path)) for raw in raws]
        origin = f"file names (each file's count column is named {bams[0]!r})"
    check_samples(samples, str(path))
    matrix.columns = samples
    check_names(ids, first, "Geneid", allow_repeats=aggregate != "auto")
    check_counts(matrix, first, first.locations)
    log, codes = names_and_codes(ids, first.locations, species)
    how = "sum" if aggregate == "auto" else aggregate
    counts = aggregate_counts(matrix, log, codes, how, first)
    log = mark_aggregated(log, "summed into")
    notes = [f"sample names from {origin}: {', '.join(samples)}"]
    if len(raws) > 1:
        notes.append(f"{len(raws)} featureCounts files merged")
    return as_integers(counts), log, notes, first.path if path.is_file() else str(path)


def read_mirtop(raw: RawTable, *, species: str) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Read a mirtop isomiR table: the isomiR rows of each miRNA are summed."""
    header = raw.header
    missing = [c for c in MIRTOP_ANNOTATION if c not in header]
    if missing:
        msg = (
            f"not a mirtop table: missing {', '.join(missing)}. Found: {', '.join(header)}. "
            "Expected: UID, Read, miRNA, Variant, iso_*, <samples>"
        )
        raise InputError(msg, path=raw.path, column=missing[0])
    positions = [
        i for i, c in enumerate(header) if c not in MIRTOP_ANNOTATION and not c.startswith("iso_")
    ]
    samples = [header[i] for i in positions]
    if not samples:
        msg = "mirtop table without sample columns"
        raise InputError(msg, path=raw.path)
    check_samples(samples, raw.path)
    column = header.index("miRNA")
    names = raw.body[column]
    check_names(names, raw, "miRNA", allow_repeats=True)
    matrix = numeric_block(raw, positions, what="count", allow_missing=False)
    check_counts(matrix, raw, raw.locations)
    log, codes = names_and_codes(names, raw.locations, species)
    log["aggregated"] = log["n_rows"] > 1
    log.loc[log["aggregated"], "action"] = log["n_rows"].map(lambda n: f"summed {n} isomiR rows")
    counts = aggregate_counts(matrix, log, codes, "sum", raw)
    log = mark_aggregated(log, "summed into")
    notes = [f"mirtop: {len(raw.body)} isomiR rows summed into {len(counts)} miRNAs"]
    return as_integers(counts), log, notes


def read_name_list(raw: RawTable, *, species: str) -> tuple[pd.DataFrame, list[str]]:
    """Read a plain list of names (a header word such as ``miRNA`` is skipped)."""
    values = raw.body[0].map(lambda v: v.strip() if isinstance(v, str) else v)
    header = raw.header[0].strip()
    locations = list(raw.locations)
    notes = []
    if header.lower().lstrip("#") in LIST_HEADERS or header.lower() in LIST_HEADERS:
        notes.append(f"first line {header!r} taken as a header")
    elif header:
        values = pd.concat([pd.Series([header], dtype=object), values], ignore_index=True)
        first = int(raw.locations[0].split()[-1]) - 1 if raw.locations else 1
        locations = [f"line {first}", *locations]
    keep = values.notna() & values.astype(str).str.len().gt(0)
    values = values[keep].reset_index(drop=True)
    locations = [loc for loc, k in zip(locations, keep, strict=True) if k]
    if values.empty:
        msg = "no miRNA names in the list"
        raise InputError(msg, path=raw.path)
    log, _ = names_and_codes(values, locations, species)
    repeated = log["n_rows"] > 1
    if repeated.any():
        log.loc[repeated, "action"] = "listed more than once; kept once"
        notes.append(f"{int(repeated.sum())} name(s) listed more than once; kept once")
    return mark_aggregated(log, "listed once as"), notes
