"""Redundancy reduction of enriched terms ("simplify"): clusters that keep every term.

Enriched GO terms come in families: a process, its parent, its grandparent and a sibling
that shares most genes. :func:`simplify_terms` groups the significant terms of a result
table into clusters and marks one representative per cluster, without dropping a row:

- two significant terms are linked when one is an ancestor of the other in GO (``is_a`` or
  ``part_of`` links, any depth; the bundled GO.db parent table) or when the genes behind
  them overlap with a Jaccard index of at least ``overlap``;
- clusters are the connected groups of linked terms; the representative is the term with
  the lowest FDR (then p-value, then the smaller, more specific set, then the ID);
- clusters are numbered 1, 2, ... by their representative's FDR; terms that are not
  significant get no cluster.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

import numpy as np
import pandas as pd

from mirbone.errors import InputError

__all__ = ["go_ancestors", "simplify_terms"]


@cache
def _parent_map() -> dict[str, tuple[str, ...]]:
    from mirbone._resources import read_table

    table = read_table("genesets/go_bp_parents.tsv.gz")
    grouped = table.groupby("go_id")["parent_id"].agg(lambda s: tuple(sorted(set(s))))
    return grouped.to_dict()


def go_ancestors(go_id: str, *, parents: Mapping[str, tuple[str, ...]] | None = None) -> set[str]:
    """Every ``is_a`` / ``part_of`` ancestor of a GO BP term (the term itself excluded)."""
    links = _parent_map() if parents is None else parents
    seen: set[str] = set()
    stack = list(links.get(go_id, ()))
    while stack:
        term = stack.pop()
        if term in seen:
            continue
        seen.add(term)
        stack.extend(links.get(term, ()))
    return seen


def _members(value: object) -> frozenset[str]:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return frozenset()
    text = str(value)
    parts = text.replace(";", " ").replace(",", " ").split()
    return frozenset(parts)


def simplify_terms(
    results: pd.DataFrame,
    *,
    padj: float = 0.05,
    overlap: float = 0.5,
    genes: str = "genes",
    parents: Mapping[str, tuple[str, ...]] | None = None,
) -> pd.DataFrame:
    """Add ``cluster`` and ``representative`` columns to an enrichment result table.

    Parameters
    ----------
    results
        Enrichment results with ``term`` and ``fdr`` (``pvalue``, ``size`` and the member
        column ``genes`` are used when present). Rows are kept in their order.
    padj
        Terms with an FDR below this are clustered; the others get no cluster.
    overlap
        Jaccard index of the member genes from which two terms are linked.
    genes
        Column of the members (``;``-, ``,``- or space-separated).
    parents
        GO parent links (term -> parent IDs); default: the bundled GO BP parent table.
        Terms that are not GO IDs are linked by overlap only.

    Returns
    -------
    pandas.DataFrame
        A copy of ``results`` with ``cluster`` (integer, empty without a cluster),
        ``representative`` (bool)
        and ``cluster_term`` (the representative's ``term``) after ``fdr``.
    """
    for column in ("term", "fdr"):
        if column not in results.columns:
            msg = "enrichment results lack a required column"
            raise InputError(msg, column=column)
    if not 0 <= overlap <= 1:
        msg = "overlap is a Jaccard index: give a value in [0, 1]"
        raise InputError(msg, value=overlap)
    out = results.copy()
    q = pd.to_numeric(out["fdr"], errors="coerce")
    p = pd.to_numeric(out["pvalue"], errors="coerce") if "pvalue" in out else q
    size = (
        pd.to_numeric(out["size"], errors="coerce")
        if "size" in out
        else pd.Series(0, index=out.index)
    )
    picked = [i for i in range(len(out)) if q.iloc[i] < padj]
    terms = [str(out["term"].iloc[i]) for i in picked]
    members = [_members(out[genes].iloc[i]) if genes in out else frozenset() for i in picked]
    ancestors = [go_ancestors(t, parents=parents) if t.startswith("GO:") else set() for t in terms]
    root = list(range(len(picked)))

    def find(i: int) -> int:
        while root[i] != i:
            root[i] = root[root[i]]
            i = root[i]
        return i

    for a in range(len(picked)):
        for b in range(a + 1, len(picked)):
            related = (terms[b] in ancestors[a]) or (terms[a] in ancestors[b])
            if not related and members[a] and members[b]:
                union = len(members[a] | members[b])
                related = union > 0 and len(members[a] & members[b]) / union >= overlap
            if related:
                root[find(a)] = find(b)
    groups: dict[int, list[int]] = {}
    for k in range(len(picked)):
        groups.setdefault(find(k), []).append(k)

    def rank(k: int) -> tuple[float, float, float, str]:
        i = picked[k]
        return (
            float(q.iloc[i]),
            float(np.nan_to_num(p.iloc[i], nan=1.0)),
            float(np.nan_to_num(size.iloc[i], nan=0.0)),
            terms[k],
        )

    chosen = sorted((min(group, key=rank), group) for group in groups.values())
    chosen.sort(key=lambda pair: rank(pair[0]))
    cluster = np.array([None] * len(out), dtype=object)
    representative = np.zeros(len(out), dtype=bool)
    cluster_term = np.array([""] * len(out), dtype=object)
    for number, (best, group) in enumerate(chosen, start=1):
        for k in group:
            cluster[picked[k]] = int(number)
            cluster_term[picked[k]] = terms[best]
        representative[picked[best]] = True
    position = list(out.columns).index("fdr") + 1
    out.insert(position, "cluster", cluster)
    out.insert(position + 1, "representative", representative)
    out.insert(position + 2, "cluster_term", cluster_term)
    return out
