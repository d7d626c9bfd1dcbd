"""The highlights of an analysis: one plain sentence per main result."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from mirbone.analysis._review import cell_text
from mirbone.enrich import TargetEnrichmentTable


def highlights(tables: Mapping[str, pd.DataFrame], *, fdr: float = 0.05) -> list[str]:
    """One plain sentence per main result, for the top of the report."""
    out: list[str] = []
    review = tables.get("review_mirnas", pd.DataFrame())
    if not review.empty:
        changed = review[review["agreement"].isin(["agrees", "opposes"])]
        if "agrees" in set(review["agreement"]) or "opposes" in set(review["agreement"]):
            agree = sorted(set(changed.loc[changed["agreement"] == "agrees", "mirna"]))
            oppose = sorted(set(changed.loc[changed["agreement"] == "opposes", "mirna"]))
            out.append(
                f"{changed['mirna'].nunique()} of the review's EV miRNAs changed significantly: "
                f"{len(agree)} in the direction the review reports with the effect for at "
                f"least one finding ({', '.join(agree) or 'none'}), {len(oppose)} against it for "
                f"at least one finding ({', '.join(oppose) or 'none'})."
            )
        elif {"no change", "filtered"} & set(review["agreement"]):
            found = review.loc[review["in_data"], "mirna"].nunique()
            out.append(f"None of the {found} review EV miRNAs in the data changed significantly.")
        elif review["in_data"].any():
            out.append(
                f"{review.loc[review['in_data'], 'mirna'].nunique()} of the review's EV "
                "miRNAs are in the data (no statistics to compare directions)."
            )
    summary = tables.get("review_summary", pd.DataFrame())
    for _, row in summary.iterrows():
        refs = cell_text(row.get("references"))
        source = f"review references {refs}" if refs else "the review's own text, no reference"
        out.append(f"Changes pointing to {row['implies']}: {row['mirnas']} ({source}).")
    for key, label in (
        ("signature_ora", "Over-represented bone signatures"),
        ("signature_gsea", "GSEA bone signatures"),
        ("target_enrichment", "Target-gene enrichment (bone GO BP)"),
        ("target_enrichment_go_bp", "Target-gene enrichment (all GO BP)"),
    ):
        table = tables.get(key)
        if table is None or table.empty or "fdr" not in table.columns:
            continue
        remnant = table.remnant if isinstance(table, TargetEnrichmentTable) else ()
        if remnant:  # a remnant is never presented as a result
            out.append(f"{label}: {'; '.join(remnant)}.")
            continue
        hits = table[pd.to_numeric(table["fdr"], errors="coerce") < fdr]
        if hits.empty:
            out.append(f"{label}: none at FDR < {fdr}.")
            continue
        names = []
        for _, row in hits.head(8).iterrows():
            term = cell_text(row.get("name")) or cell_text(row["term"])
            prefix = f"{row['direction']}: " if "direction" in hits.columns else ""
            extra = f", NES {row['nes']:.2f}" if "nes" in hits.columns else ""
            names.append(f"{prefix}{term} (FDR {row['fdr']:.2g}{extra})")
        more = f" and {len(hits) - 8} more" if len(hits) > 8 else ""
        out.append(f"{label} at FDR < {fdr}: {'; '.join(names)}{more}.")
    return out
