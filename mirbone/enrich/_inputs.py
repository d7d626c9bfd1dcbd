"""Inputs of the enrichment tests: query names, rankings and signature libraries.

What ``mirbone enrich`` and ``mirbone target-enrich`` read before they test, as plain
functions: :func:`resolve_query` maps names to miRBase v22, :func:`check_query_file`
refuses a table given where a list is expected and :func:`read_ranking` reads a GSEA
ranking (a two-column file or a statistics table). The miRNA sets come from
:func:`mirbone.enrich.mirna_sets`.
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from mirbone.enrich._gsea import RankedScores
from mirbone.errors import InputError

__all__ = [
    "Ranking",
    "ResolvedNames",
    "check_query_file",
    "read_ranking",
    "resolve_query",
]


@dataclass(frozen=True)
class ResolvedNames:
    """miRNA names mapped to miRBase v22.

    Attributes
    ----------
    names
        The v22 names (a name that does not resolve is kept as written).
    unresolved
        The names kept as written, each with its status: ``"miR-xyz (unknown)"``.
    """

    names: list[str]
    unresolved: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Ranking:
    """A GSEA ranking and how it was made.

    Attributes
    ----------
    scores
        Scores indexed by miRNA.
    method
        ``"file"`` (a two-column ranking file), ``"stat"`` or ``"signed_p"`` (from a
        statistics table, see :func:`~mirbone.enrich.ranking_from_stats`).
    unresolved
        Names of a ranking file that did not resolve to miRBase v22, kept as written.
    """

    scores: RankedScores
    method: str
    unresolved: list[str] = field(default_factory=list)


def resolve_query(names: list[str], *, species: str, expand: bool = True) -> ResolvedNames:
    """Map names to miRBase v22; with ``expand`` a name stands for the matures it measures.

    The rule is :func:`mirbone.names.mature_identities`, the one every command uses (a
    hairpin or its ``_mature`` reads: its matures; a merged name: its members).

    Parameters
    ----------
    names
        miRNA names or accessions.
    species
        miRBase code of names without a prefix (``hsa``, ``mmu``, ``rno``).
    expand
        Replace a precursor by its mature miRNAs and drop repeats. Without it the result
        has one name per input, in order.

    Returns
    -------
    ResolvedNames
        The names, and those kept as written because they did not resolve.
    """
    from mirbone.names import RESOLVED_STATUSES, mature_identities, normalize

    table = normalize(names, species=species)
    out: list[str] = []
    kept: list[str] = []
    for row, members in zip(table.itertuples(index=False), mature_identities(table),
                            strict=True):  # fmt: skip
        if row.status in RESOLVED_STATUSES:
            out.append(row.mirna)
        elif expand and members:
            out.extend(members)
        else:
            out.append(str(row.input).strip())
            kept.append(f"{row.input} ({row.status})")
    return ResolvedNames(list(dict.fromkeys(out)) if expand else out, kept)


def check_query_file(path: str | os.PathLike[str]) -> None:
    """Refuse an ORA query file that is a table (several columns), not one miRNA per line.

    A file that cannot be read is left to the reader of the list, which says why.
    """
    from mirbone.io import detect_format
    from mirbone.io._rawtable import load

    try:
        raw = load(path)
    except InputError:
        return
    if raw.body.shape[1] < 2:
        return
    fmt = detect_format(raw)
    columns = ", ".join(h for h in raw.header[:8] if h)
    if fmt in ("deseq2", "edger", "limma", "contrasts"):
        msg = (
            f"this is a statistics table ({fmt}; columns {columns}): choose the method gsea "
            "to rank every miRNA by its statistics, or give ORA a file with one miRNA per "
            "line (e.g. the significant ones)"
        )
        raise InputError(msg, path=path, keyword="method")
    msg = f"ORA needs one miRNA per line; this file has {raw.body.shape[1]} columns ({columns})"
    raise InputError(msg, path=path)


def read_ranking(
    path: str | os.PathLike[str],
    *,
    species: str = "hsa",
    rank_by: str = "auto",
    contrast: str | None = None,
) -> Ranking:
    """Read a two-column ranking file (miRNA, score), else a statistics table.

    Parameters
    ----------
    path
        A file of two columns (a header line is skipped), or any statistics table that
        :func:`mirbone.io.read` reads (DESeq2, edgeR, limma...).
    species
        miRBase code of names without a prefix.
    rank_by
        For a statistics table: ``"stat"``, ``"signed_p"`` or ``"auto"`` (``stat`` when
        the table has it).
    contrast
        The contrast to rank from a table holding several. A statistics table's features
        rank as the mature miRNAs they measure (:func:`mirbone.names.mature_identities`;
        the feature of smallest padj stands for a mature measured by several, non-mature
        reads are left out).

    Returns
    -------
    Ranking
        The scores, the method and the names of a ranking file kept as written.
    """
    from mirbone.enrich._gsea import ranking_from_stats

    file = Path(path)
    if not file.is_file():
        msg = "file not found"
        raise InputError(msg, path=path)
    try:
        raw = pd.read_csv(
            file,
            sep=None,
            engine="python",
            header=None,
            dtype=str,
            comment="#",
            skip_blank_lines=True,
        )
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError, csv.Error):
        raw = None  # not a plain two-column file: read it as a table below
    if raw is not None and raw.shape[1] == 2 and len(raw) >= 2:
        scores = pd.to_numeric(raw[1], errors="coerce")
        body = raw if scores.iloc[0] == scores.iloc[0] else raw.iloc[1:]  # skip a header
        scores = pd.to_numeric(body[1], errors="coerce")
        if scores.notna().all():
            resolved = resolve_query(body[0].str.strip().tolist(), species=species, expand=False)
            if len(set(resolved.names)) != len(resolved.names):
                msg = "repeated miRNAs in the ranking after normalising the names"
                raise InputError(msg, path=path)
            ranking = RankedScores.of(
                pd.Series(scores.to_numpy(dtype=float), index=resolved.names), method="file"
            )
            return Ranking(ranking, "file", resolved.unresolved)
    from mirbone import io

    data = io.read(path, species=species, contrast=contrast)
    if data.stats is None:
        msg = (
            "GSEA needs a ranking: a two-column file (miRNA, score) or a statistics "
            "table with stat or log2fc and pvalue columns"
        )
        raise InputError(msg, path=path)
    from mirbone._identities import mature_view

    stats = data.stats
    keys = [str(k) for k in stats.index]
    view = mature_view(data.names, stats, pd.Series("ns", index=keys), keys)
    if not view.trivial and view.stats is not None:
        stats = view.stats  # each feature ranks as the matures it measures
    method = rank_by
    if method == "auto":
        method = "stat" if "stat" in stats.columns else "signed_p"
    return Ranking(ranking_from_stats(stats, method=method), method)
