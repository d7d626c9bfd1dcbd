"""Target edges of the query miRNAs for :func:`mirbone.analysis.analyze`."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from mirbone.analysis._review import cell_text, join_refs


def target_edges(target_map: Any, kb_map: Any, query: list[str], *, external: bool) -> pd.DataFrame:
    """Target edges of the query miRNAs, each marked review / external / both."""
    columns = ["mirna", "gene", "origin", "source", "evidence", "reference"]
    frames = []
    main = plain_edges(target_map.targets_of(query) if query else target_map.table.iloc[:0])
    if external:
        reviewed = plain_edges(kb_map.targets_of(query) if query else kb_map.table.iloc[:0])
        ext = main.groupby(["mirna", "gene"], sort=True).agg(
            source=("source", lambda s: "; ".join(sorted(set(map(str, s))))),
            evidence=("evidence", lambda s: "; ".join(sorted(set(map(str, s))))),
            reference=("reference", join_refs),
        )
        rev = reviewed.groupby(["mirna", "gene"], sort=True).agg(
            review_reference=("reference", join_refs),
        )
        both = ext.join(rev, how="outer")
        in_ext = both["source"].notna()
        in_rev = both["review_reference"].notna()
        both["origin"] = np.where(
            in_ext & in_rev, "review + external", np.where(in_rev, "review", "external")
        )
        both["source"] = both["source"].fillna("")
        both["evidence"] = both["evidence"].fillna("review")
        both["reference"] = [
            "; ".join(x for x in (r if isinstance(r, str) else "", e) if x)
            for r, e in zip(both["review_reference"], both["reference"].fillna(""), strict=True)
        ]
        frames.append(both.reset_index()[columns])
    else:
        grouped = (
            main.groupby(["mirna", "gene"], sort=True)
            .agg(
                source=("source", lambda s: "; ".join(sorted(set(map(str, s))))),
                evidence=("evidence", lambda s: "; ".join(sorted(set(map(str, s))))),
                reference=("reference", join_refs),
            )
            .reset_index()
        )
        grouped["origin"] = "review"
        frames.append(grouped[columns])
    edges = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
    order = {"review + external": 0, "review": 1, "external": 2}
    edges = (
        edges.assign(_o=edges["origin"].map(order))
        .sort_values(["_o", "mirna", "gene"], kind="stable")
        .drop(columns="_o")
    )
    return edges.reset_index(drop=True)


def plain_edges(table: pd.DataFrame) -> pd.DataFrame:
    """Target edges with plain string columns (no categoricals: groupby stays observed)."""
    out = table.copy()
    for column in ("mirna", "gene", "source", "evidence", "reference"):
        if column in out.columns:
            out[column] = [cell_text(v) for v in out[column]]
    return out
