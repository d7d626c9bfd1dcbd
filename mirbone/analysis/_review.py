"""Compare the user's miRNA changes with the EV miRNA findings of the review.

What "agrees" means
-------------------
The review reports, for each EV cargo miRNA, an effect on a target cell (e.g. miR-214-3p in
osteoclast EVs *inhibits osteogenesis* of osteoblasts), nearly always for the miRNA carried
by the EVs: its reported direction is *up*. A miRNA significantly **higher** in the EVs of
the test group than of the reference group then *agrees* with the finding: the test group's
EVs carry more of a cargo reported to have that effect (a pro-osteoclastogenic miRNA that is
up is "consistent with pro-osteoclastogenic EV cargo"); significantly **lower** *opposes*
it. Where the review ties the effect to *less* of the miRNA (cargo reduced in the EVs, or
the miRNA lowered in the target cell), the reported direction is *down* and the roles swap.
This is a statement about direction only, made in the review's model (its origin cell,
target cell and species), not evidence that the effect occurs in the user's system.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

__all__ = [
    "AGREEMENT_TEXT",
    "REDUCED_ROLES",
    "cell_text",
    "join_refs",
    "review_summary",
    "review_table",
]

#: The definition of the ``agreement`` column, shown in the report.
AGREEMENT_TEXT = (
    "The review reports each EV miRNA with an effect on a target cell, usually for the miRNA "
    "carried (delivered) by the EVs, so the reported direction of the miRNA is up; for the few "
    "findings where the effect goes with less of the miRNA (cargo reduced in the EVs, or the "
    "miRNA lowered in the target cell) the reported direction is down (column "
    "review_direction). agrees: your miRNA changes significantly (test group versus "
    "reference) in the reported direction, so the data point the same way as the reported "
    "effect, e.g. a pro-osteoclastogenic EV miRNA that is up is consistent with "
    "pro-osteoclastogenic EV cargo in the test group; opposes: it changes significantly the "
    "other way; no change: tested, not significant; filtered: tested, with a p-value but "
    "no adjusted p-value (padj NA), because DESeq2's independent filtering set aside "
    "miRNAs of too low a mean count to reach significance at the FDR cut-off; it is not "
    "significant, but neither is it evidence of no change; present: detected in a table "
    "without statistics; not tested: a fold change but no p-value (e.g. a DESeq2 outlier); not "
    "detected: in your table but with too few reads (not tested); not in data: "
    "absent from your table. The column implies states the "
    "resulting expectation (e.g. more osteoclastogenesis). This compares directions only, in "
    "the review's model (origin cell, target cell, species); it is not evidence that the "
    "effect occurs in your system."
)

#: Cargo roles of the knowledge base whose effect goes with less of the miRNA.
REDUCED_ROLES = frozenset({"reduced_in_ev", "downregulated_in_target"})
_VERB = {"up": "promotes", "down": "inhibits"}


def cell_text(value: object) -> str:
    """Return a cell as text; missing values (None, NaN, pd.NA) become ''."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return str(value).strip()


def _effect_parts(effect: str) -> tuple[str, int]:
    text = str(effect or "").strip()
    for suffix, sign in (("_up", 1), ("_down", -1)):
        if text.endswith(suffix):
            return text[: -len(suffix)], sign
    return text, 0


def _effect_phrase(effect: str) -> str:
    axis, sign = _effect_parts(effect)
    label = axis.replace("_", " ")
    if sign == 0:
        return label
    return f"{_VERB['up' if sign > 0 else 'down']} {label}"


def _citations(references: pd.DataFrame) -> dict[str, str]:
    out: dict[str, str] = {}
    for _, row in references.iterrows():
        number = str(cell_text(row.get("number"))).strip()
        authors = cell_text(row.get("authors")).strip()
        first = authors.split(",")[0].split(";")[0].strip()
        surname = first.split(" ")[0] if first else ""
        year = cell_text(row.get("year")).strip()
        etal = " et al." if ("," in authors or ";" in authors) else ""
        label = f"{surname}{etal} {year}".strip()
        out[number] = f"[{number}] {label}" if label else f"[{number}]"
    return out


def review_table(
    status: pd.Series,
    stats: pd.DataFrame | None,
    *,
    species: str = "hsa",
    test: str = "test",
    reference: str = "reference",
) -> pd.DataFrame:
    """Set the review's EV miRNA findings beside the user's direction and significance.

    Parameters
    ----------
    status
        For each detected miRNA (index, miRBase v22 name in ``species``): ``up``,
        ``down``, ``ns`` (from :func:`significant`), ``filtered`` (p-value but padj NA:
        independent filtering), ``not tested`` or ``present`` (no statistics).
    stats
        The statistics table (index miRNA; ``log2fc``, ``padj``) or None.
    species
        The species of the data; the review's miRNAs are mapped to it by orthology.
    test, reference
        The group names of the contrast, for the ``reading`` sentence.

    Returns
    -------
    pandas.DataFrame
        One row per (review miRNA finding): ``mirna, in_data, direction, log2fc, padj,
        agreement, implies, reading, cargo_reported, model_species, origin_cell,
        vesicle_type, target_cell, effect, evidence, context, review_targets, reference,
        citation, finding_id``. See :data:`AGREEMENT_TEXT` for ``agreement``.
    """
    from mirbone import kb
    from mirbone.names import to_species

    findings = kb.findings()
    findings = findings[findings["cargo_type"].astype(str).str.lower().eq("mirna")]
    findings = findings[findings["cargo"].fillna("").astype(str).str.len() > 0].copy()
    cargo = findings["cargo"].astype(str)
    mapped = to_species(cargo.tolist(), target=species)
    findings["mirna"] = mapped["orthologue"].to_numpy()
    findings["orthology"] = mapped["method"].to_numpy()
    interactions = kb.interactions(species=species)
    genes_by_finding: dict[str, str] = {}
    if "finding_id" in interactions.columns:
        for finding, group in interactions.groupby("finding_id", sort=True):
            genes_by_finding[str(finding)] = ", ".join(sorted(set(group["gene"].astype(str))))
    citations = _citations(kb.references())
    rows = []
    for _, row in findings.iterrows():
        mirna = row["mirna"] if isinstance(row["mirna"], str) and row["mirna"] else None
        effect = cell_text(row.get("effect"))
        role = str(cell_text(row.get("cargo_role")) or "carried")
        reported = "down" if role in REDUCED_ROLES else "up"
        direction = status.get(mirna, "not in data") if mirna else f"no {species} orthologue"
        log2fc = padj = np.nan
        if stats is not None and mirna in stats.index:
            log2fc = float(pd.to_numeric(stats.loc[mirna, "log2fc"], errors="coerce"))
            padj = float(pd.to_numeric(stats.loc[mirna, "padj"], errors="coerce"))
        effects = [e.strip() for e in effect.split(";") if e.strip()]
        phrases = "; ".join(_effect_phrase(e) for e in effects)
        implies = ""
        if direction in {"up", "down"}:
            same = direction == reported
            agreement = "agrees" if same else "opposes"
            reading = (
                f"{direction} in {test} vs {reference}; the review reports "
                f"'{phrases}' with the miRNA {'carried' if reported == 'up' else 'reduced'}"
            )
            parts = []
            for part in effects:
                axis, sign = _effect_parts(part)
                if sign != 0:
                    more = (sign > 0) == same
                    parts.append(f"{'more' if more else 'less'} {axis.replace('_', ' ')}")
            implies = "; ".join(parts)
        elif direction == "ns":
            agreement, reading = "no change", "no significant change"
        elif direction == "present":
            agreement, reading = "present", "detected (no statistics)"
        elif direction == "filtered":
            agreement = "filtered"
            reading = (
                "p-value but padj NA: removed by independent filtering (mean count "
                "too low to reach significance)"
            )
        elif direction == "not tested":
            agreement, reading = "not tested", "fold change but no p-value (e.g. an outlier)"
        else:
            agreement, reading = direction, ""
        reference_number = cell_text(row.get("reference"))
        if reference_number in {"", "nan"}:
            reference_number = ""
        rows.append(
            {
                "mirna": mirna or "",
                "review_mirna": cell_text(row.get("cargo")),
                "in_data": direction in {"up", "down", "ns", "filtered", "present", "not tested"},
                "direction": direction,
                "log2fc": log2fc,
                "padj": padj,
                "review_direction": reported,
                "agreement": agreement,
                "implies": implies,
                "reading": reading,
                "cargo_reported": cell_text(row.get("cargo_reported")),
                "model_species": cell_text(row.get("model_species")),
                "origin_cell": cell_text(row.get("origin_cell")),
                "vesicle_type": cell_text(row.get("vesicle_type")),
                "target_cell": cell_text(row.get("target_cell")),
                "effect": effect,
                "evidence": cell_text(row.get("evidence")),
                "context": cell_text(row.get("context")),
                "review_targets": genes_by_finding.get(str(cell_text(row.get("id"))), ""),
                "reference": reference_number,
                "citation": citations.get(reference_number, "")
                or (f"[{reference_number}]" if reference_number else "review text"),
                "finding_id": cell_text(row.get("id")),
            }
        )
    table = pd.DataFrame(rows)
    if table.empty:
        return table
    order = {"up": 0, "down": 1, "ns": 2, "filtered": 3, "present": 4, "not tested": 5}
    table["_order"] = table["direction"].map(order).fillna(6)
    table = table.sort_values(["_order", "mirna", "finding_id"], kind="stable")
    return table.drop(columns="_order").reset_index(drop=True)


def _implied_levels(row: pd.Series) -> list[tuple[str, str]]:
    """Pair each part of ``implies`` with the evidence level of the effect it comes from."""
    parts = cell_text(row["implies"]).split("; ")
    effects = [e.strip() for e in cell_text(row["effect"]).split(";") if e.strip()]
    levels = cell_text(row.get("evidence")).split(";")
    if len(levels) != len(effects):  # a table from elsewhere: no per-effect levels
        levels = [cell_text(row.get("evidence"))] * len(effects)
    signed = [
        level
        for effect, level in zip(effects, levels, strict=True)
        if _effect_parts(effect)[1] != 0
    ]
    return list(zip(parts, signed, strict=True))


def review_summary(review: pd.DataFrame) -> pd.DataFrame:
    """Count, per biological axis, the review miRNAs whose change implies more or less.

    ``evidence`` counts the findings behind each row by their knowledge-base evidence level
    for that effect (e.g. ``primary 2, review 1``).
    """
    columns = ["implies", "n_mirnas", "n_findings", "mirnas", "evidence", "references"]
    hits = review[review["implies"].astype(str).str.len() > 0].copy()
    if hits.empty:
        return pd.DataFrame(columns=columns)
    hits["_pairs"] = [_implied_levels(row) for _, row in hits.iterrows()]
    hits = hits.explode("_pairs")
    hits["implies"] = hits["_pairs"].map(lambda pair: pair[0])
    hits["_level"] = hits["_pairs"].map(lambda pair: pair[1])
    rank = {level: i for i, level in enumerate(("primary", "review", "uncited", "title"))}
    rows = []
    for implies, group in hits.groupby("implies", sort=True):
        counts = group["_level"].value_counts()
        ordered = sorted(counts.index, key=lambda level: (rank.get(level, len(rank)), level))
        rows.append(
            {
                "implies": implies,
                "n_mirnas": group["mirna"].nunique(),
                "n_findings": len(group),
                "mirnas": ", ".join(sorted(set(group["mirna"]))),
                "evidence": ", ".join(f"{level} {counts[level]}" for level in ordered if level),
                "references": join_refs(group["reference"]),
            }
        )
    return pd.DataFrame(rows, columns=columns)


def _num(text: str) -> tuple[str, int, str]:
    """Sort key: references by their prefix, then numerically ("review ref 9" < "... 12")."""
    match = re.search(r"(\d+)$", text)
    if match is None:
        return (text, -1, text)
    return (text[: match.start()], int(match.group(1)), text)


def join_refs(values: pd.Series) -> str:
    refs = {part.strip() for v in values for part in cell_text(v).split(",")}
    return ", ".join(sorted((r for r in refs if r and r != "nan"), key=_num))
