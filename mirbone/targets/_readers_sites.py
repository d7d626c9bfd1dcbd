"""Readers of site-level target exports: ENCORI/starBase, miRWalk 3, DIANA microT-CDS.

Each file lists binding sites (or transcripts); the readers keep the best site per
miRNA-gene pair and return the raw frame of :mod:`mirbone.targets._readers`
(:data:`~mirbone.targets._readers.RAW_COLUMNS`). Where each layout comes from is in
``tests/data/targets/README.md``.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from mirbone.targets._readers import (
    Counts,
    _header,
    _predicted_rows,
    _raw,
    _require,
    _strip_version,
    check_numeric,
    per_unique,
    per_unique_mask,
)
from mirbone.targets._tables import NA_VALUES, _compression, _read, _refuse_binary

__all__ = ["read_encori", "read_microt", "read_mirwalk"]


# -- ENCORI / starBase ------------------------------------------------------------------


def _best_per_pair(frame: pd.DataFrame, keys: list[str], score: str) -> pd.DataFrame:
    """One row per ``keys`` (a site-level table -> pairs), the one with the best score."""
    order = frame[score].to_numpy(dtype=float)
    ranked = frame.iloc[np.argsort(-np.nan_to_num(order, nan=-np.inf), kind="stable")]
    return ranked.drop_duplicates(keys).reset_index(drop=True)


def _read_scored(
    path: Path, what: str, needed: dict[str, tuple[str, ...]]
) -> tuple[pd.DataFrame, Counts]:
    """Read the ``needed`` columns of a site table, named by their keys; check the score.

    ``needed`` maps a key (``mirna``, ``gene``, ``score``, ...) to the column names the
    ``what`` layout may use; a missing one is an error naming the file and the columns found.
    """
    columns, sep = _header(path)
    col = _require(columns, path, what, needed)
    frame = _read(path, sep, list(col.values()))
    check_numeric(frame[col["score"]], path, col["score"])
    frame = frame.rename(columns={column: key for key, column in col.items()})
    return frame, {"rows_read": len(frame)}


def read_encori(path: Path, species: str) -> tuple[pd.DataFrame, Counts]:
    """Read an ENCORI (starBase v3) ``miRNATarget`` table: ``#`` lines, then a TAB header.

    One row per binding site supported by Ago CLIP-seq: evidence ``weak`` (high-throughput
    experimental support, as TarBase's CLIP rows), score ``clipExpNum`` (the number of
    supporting CLIP-seq experiments; the best site per miRNA-gene pair is kept).
    """
    del species  # ENCORI files hold one assembly (hg38: human, mm10: mouse); names say which
    frame, counts = _read_scored(path, "ENCORI miRNATarget", {
        "mirna": ("miRNAname",), "gene": ("geneName",), "gene_id": ("geneID",),
        "score": ("clipExpNum",),
    })  # fmt: skip
    frame["score"] = per_unique(frame["score"], lambda s: pd.to_numeric(s, errors="coerce")).astype(
        float
    )
    frame = _best_per_pair(frame, ["mirna", "gene_id", "gene"], "score")
    counts["pairs"] = len(frame)
    raw = _raw(
        len(frame), mirna=frame["mirna"], gene=frame["gene"],
        ensembl=_strip_version(frame["gene_id"].astype("category")), evidence="weak",
        score=frame["score"],
    )  # fmt: skip
    return raw, counts


# -- miRWalk ----------------------------------------------------------------------------


def read_mirwalk(path: Path, species: str) -> tuple[pd.DataFrame, Counts]:
    """Read a miRWalk 3 download (``hsa_miRWalk_3UTR.txt``, ``_5UTR``, ``_CDS``).

    TAB, header ``miRNA  mRNA  Genesymbol  binding_site  duplex  binding_probability``;
    one row per predicted site on a RefSeq transcript. Evidence ``predicted``, score the
    TarPmiR ``binding_probability`` (best site per miRNA-gene pair).
    """
    frame, counts = _read_scored(path, "miRWalk", {
        "mirna": ("miRNA",), "refseq": ("mRNA",), "gene": ("Genesymbol",),
        "score": ("binding_probability",),
    })  # fmt: skip
    return _predicted_rows(frame, species, counts), counts


# -- DIANA microT-CDS -------------------------------------------------------------------

_GENE_AND_NAME = re.compile(r"^\s*(?P<id>[^\s(]+)\s*\((?P<name>[^)]*)\)\s*$")
_MICROT_SITE = re.compile(r"^(UTR3|UTR5|CDS)$", re.IGNORECASE)


def read_microt(path: Path, species: str) -> tuple[pd.DataFrame, Counts]:
    """Read a DIANA microT-CDS export: ``Transcript Id, Gene Id(name), Mirna Name, miTG score``.

    Comma-separated; each interaction line (``ENST..., ENSG... (SYMBOL), miRNA, score``)
    is followed by one line per binding site (``UTR3,chr:start-end`` or ``CDS,...``),
    which are skipped. Evidence ``predicted``, score the miTG score (0-1, best transcript
    per miRNA-gene pair). A ``(miRBase ...)`` tag after the miRNA name is removed.
    """
    columns, sep = _header(path)
    col = _require(columns, path, "DIANA microT-CDS", {
        "transcript": ("Transcript Id",), "gene": ("Gene Id(name)", "Gene Id*"),
        "mirna": ("Mirna Name", "Mirna Name*"), "score": ("miTG score",),
    })  # fmt: skip
    frame = pd.read_csv(
        path, sep=sep, usecols=list(col.values()), dtype="category", keep_default_na=False,
        na_values=list(NA_VALUES), encoding="utf-8-sig", compression=_compression(path),
    )  # fmt: skip
    _refuse_binary(frame, path)
    site = per_unique_mask(
        frame[col["transcript"]], lambda s: s.str.strip().str.match(_MICROT_SITE)
    )
    counts: Counts = {"rows_read": int((~site).sum()), "site_lines": int(site.sum())}
    frame = frame.loc[~site].reset_index(drop=True)
    check_numeric(frame[col["score"]], path, col["score"])
    gene = frame[col["gene"]]
    mirna = per_unique(
        frame[col["mirna"]], lambda s: s.str.replace(r"\s*\(.*\)\s*$", "", regex=True).str.strip()
    )
    frame = pd.DataFrame({
        "mirna": mirna,
        "gene": per_unique(gene, lambda s: s.str.extract(_GENE_AND_NAME)["name"].str.strip()),
        "ensembl": per_unique(gene, lambda s: s.str.extract(_GENE_AND_NAME)["id"]),
        "score": frame[col["score"]],
    })  # fmt: skip
    return _predicted_rows(frame, species, counts), counts
