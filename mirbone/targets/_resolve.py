"""Name resolution for :mod:`mirbone.targets`.

miRNAs go through :mod:`mirbone.names`, genes through :mod:`mirbone.annotate`, both on
unique values only, then the results are mapped back to the rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from mirbone.errors import InputError

__all__ = ["resolve"]


@dataclass
class _Resolved:
    """Resolution of one column, computed on its unique values.

    ``codes`` gives each row's position in the per-unique arrays (missing values point to
    the last entry); ``name`` is the resolved name or None, ``reason`` None when resolved.
    """

    codes: np.ndarray
    name: np.ndarray
    reason: np.ndarray
    detail: np.ndarray
    entrez: np.ndarray | None = None
    as_written: int = 0

    @property
    def ok(self) -> np.ndarray:
        return np.array([r is None for r in self.reason], dtype=bool)


def _factorize(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Factorize to (codes, -1 for missing; unique values as str objects)."""
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return np.asarray(codes), np.asarray(uniques, dtype=object).astype(str).astype(object)


def _resolve_mirnas(raw: pd.Series, species: str) -> _Resolved:
    """Normalise the unique miRNA names to miRBase v22."""
    from mirbone.names import RESOLVED_STATUSES, normalize

    codes, uniques = _factorize(raw)
    norm = normalize(list(uniques), species=species)
    ok = norm["status"].isin(RESOLVED_STATUSES).to_numpy()
    other = ok & norm["species"].ne(species).to_numpy()
    status = norm["status"].to_numpy(dtype=str)
    reason = np.where(other, "miRNA of another species", np.char.add("miRNA ", status))
    detail = np.where(
        other,
        np.char.add("species ", norm["species"].fillna("").to_numpy(dtype=str)),
        norm["candidates"].fillna("").to_numpy(dtype=str),
    )
    good = ok & ~other
    return _Resolved(
        codes=np.where(codes < 0, len(uniques), codes),
        name=np.append(np.where(good, norm["mirna"].to_numpy(dtype=object), None), None),
        reason=np.append(np.where(good, None, reason.astype(object)), "miRNA missing"),
        detail=np.append(np.where(good, "", detail.astype(object)), ""),
    )


def _refseq_to_entrez(refseq: pd.Series) -> pd.Series:
    from mirbone.annotate import refseq_table

    table = refseq_table()
    table["refseq"] = table["refseq"].str.replace(r"\.\d+$", "", regex=True)
    lookup = table.drop_duplicates("refseq").set_index("refseq")["entrez_id"]
    return refseq.map(lookup)


def _resolve_genes(raw: pd.DataFrame, species: str) -> _Resolved:
    """Resolve the unique (Entrez, Ensembl, symbol) combinations of the rows.

    The file's Entrez ID is used when the species' snapshot knows it, then its Ensembl ID,
    then the symbol (which updates old symbols and aliases). Genes are looked up in the
    snapshot of the map's species only (a mouse ``Car2`` stays the mouse gene 12349, never
    the human alias CAR2 or CA2). Mouse and rat genes the snapshot does not know keep the
    symbol and Entrez ID as written (the rat snapshot holds only genes with a human
    orthologue); their number is ``as_written``. Symbols are resolved without the
    bone-biology names (databases give official symbols: TRAP there is the TRAP gene, not
    ACP5).
    """
    from mirbone.targets._readers import per_unique

    entrez = raw["entrez"]
    if species == "hsa" and raw["refseq"].notna().any():  # the RefSeq table is human
        from_refseq = per_unique(raw["refseq"], _refseq_to_entrez).astype(object)
        entrez = entrez.astype(object).where(entrez.notna(), from_refseq)
    symbol = per_unique(raw["gene"], lambda s: s.str.strip().replace("", None))
    keys = [_factorize(k) for k in (entrez, raw["ensembl"], symbol)]
    # one integer per row for its (entrez, ensembl, symbol) combination
    sizes = [len(u) + 1 for _, u in keys]
    combined = np.zeros(len(raw), dtype=np.int64)
    for (codes, _), size in zip(keys, sizes, strict=True):
        combined = combined * size + (codes + 1)
    row_codes, combos = pd.factorize(combined)
    parts = []
    rest = np.asarray(combos, dtype=np.int64)
    for size in reversed(sizes):
        parts.append(rest % size - 1)
        rest = rest // size
    combo_codes = parts[::-1]  # per combination: code into each key's uniques, -1 = none
    n = len(combos)

    def values(i: int) -> np.ndarray:
        uniques = np.append(keys[i][1], None)
        return uniques[combo_codes[i]]

    from mirbone.annotate import resolve_genes

    name = np.full(n, None, dtype=object)
    ids = np.full(n, None, dtype=object)
    status = np.full(n, "missing", dtype=object)
    for i in range(3):  # Entrez first, then Ensembl, then the symbol
        query = values(i)
        todo = pd.isna(name) & ~pd.isna(query)
        if not todo.any():
            continue
        res = resolve_genes(list(pd.unique(query[todo])), bone=False, species=species)
        res = res.drop_duplicates("query")
        res = res.set_index("query")
        good = res["symbol"].notna() & ~res["status"].isin(["ambiguous", "unknown", "empty"])
        name[todo] = res["symbol"].where(good).reindex(query[todo]).to_numpy(dtype=object)
        ids[todo] = res["entrez_id"].where(good).reindex(query[todo]).to_numpy(dtype=object)
        if i == 2:
            status[todo] = res["status"].reindex(query[todo]).to_numpy(dtype=object)
    as_written = 0
    if species != "hsa":  # keep what the snapshot does not know, as written
        written = values(2)
        keep = pd.isna(name) & ~pd.isna(written) & (status != "ambiguous")
        name[keep] = written[keep]
        ids[keep] = values(0)[keep]
        as_written = len(set(written[keep]))
    resolved = ~pd.isna(name)
    reason = np.where(resolved, None, np.char.add("gene ", status.astype(str))).astype(object)
    return _Resolved(
        codes=np.asarray(row_codes),
        name=np.append(name, None),
        reason=np.append(reason, None),
        detail=np.full(n + 1, "", dtype=object),
        entrez=np.append(ids, None),
        as_written=as_written,
    )


def _categorical(per_unique: np.ndarray, codes: np.ndarray) -> pd.Categorical:
    """Rows ``codes`` of a per-unique array of names, as a categorical."""
    new_codes, cats = pd.factorize(per_unique, use_na_sentinel=True)
    return pd.Categorical.from_codes(
        np.asarray(new_codes)[codes], categories=pd.Index(cats, dtype=object)
    )


def resolve(
    raw: pd.DataFrame,
    *,
    source: str,
    species: str,
    counts: dict,
    path: Path | None,
    gene_species: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Resolve the miRNAs and genes of a raw frame.

    Returns the TargetMap table (resolved rows; predictions collapsed to one row per
    pair with the best score), the unresolved rows with their reasons, and the counts.

    Raises
    ------
    InputError
        When no row resolves, saying why (other species, unknown names, ...).
    """
    mir = _resolve_mirnas(raw["mirna"], species)
    gene_species = species if gene_species is None else gene_species
    gen = _resolve_genes(raw, gene_species)
    good = mir.ok[mir.codes] & gen.ok[gen.codes]
    bad_rows = np.flatnonzero(~good)
    m_bad, g_bad = mir.codes[bad_rows], gen.codes[bad_rows]
    m_failed = ~mir.ok[m_bad]
    unresolved = pd.DataFrame({
        "source": source,
        "mirna_input": raw["mirna"].iloc[bad_rows].to_numpy(dtype=object),
        "gene_input": raw["gene"].iloc[bad_rows].to_numpy(dtype=object),
        "mirna": mir.name[m_bad],
        "gene": gen.name[g_bad],
        "reason": np.where(m_failed, mir.reason[m_bad], gen.reason[g_bad]),
        "detail": np.where(m_failed, mir.detail[m_bad], gen.detail[g_bad]),
    })  # fmt: skip
    rows = np.flatnonzero(good)
    m_rows, g_rows = mir.codes[rows], gen.codes[rows]
    table = pd.DataFrame({
        "mirna": _categorical(mir.name, m_rows),
        "gene": _categorical(gen.name, g_rows),
        "entrez_id": _categorical(gen.entrez, g_rows),
        "source": pd.Categorical.from_codes(np.zeros(len(rows), dtype=np.int8), [source]),
        "evidence": raw["evidence"].iloc[rows].array,
        "score": raw["score"].to_numpy(dtype=float)[rows],
        "reference": raw["reference"].iloc[rows].array,
    })  # fmt: skip
    if raw["evidence"].eq("predicted").all() and len(table):
        # transcript- or site-level predictions -> one row per miRNA-gene pair, best score
        table = table.sort_values("score", ascending=False, na_position="last", kind="stable")
        table = table.drop_duplicates(["mirna", "gene"], ignore_index=True)
    counts = dict(counts)
    counts.update(rows_resolved=len(rows), rows_unresolved=len(bad_rows))
    if gene_species != "hsa":
        counts.update(genes_not_in_snapshot=gen.as_written)
    if not len(table):
        _raise_empty(unresolved, counts, species, path)
    return table, unresolved, counts


def _raise_empty(unresolved: pd.DataFrame, counts: dict, species: str, path: Path | None) -> None:
    """Explain why nothing could be loaded."""
    detail = ", ".join(f"{k}={v}" for k, v in counts.items() if k != "families_without_members")
    if len(unresolved) and unresolved["reason"].eq("miRNA of another species").all():
        other = sorted(set(unresolved["detail"].str.removeprefix("species ")))
        msg = (
            f"the miRNAs are {', '.join(other)}, not {species}: choose species "
            f"{other[0]} or map them with mirbone.names.to_species ({detail})"
        )
        keyword: str | None = "species"
    elif counts.get("other_species") and not counts.get("rows_resolved"):
        found = ", ".join(f"{k} ({v} rows)" for k, v in counts["other_species"].items())
        msg = f"no rows for species {species}; the file has: {found}"
        keyword = "species"
    else:
        reasons = unresolved["reason"].value_counts().head(3)
        why = "; ".join(f"{k}: {v}" for k, v in reasons.items())
        msg = f"no miRNA-gene pair could be resolved ({detail}{'; ' + why if why else ''})"
        keyword = None
    raise InputError(msg, path=path, keyword=keyword)
