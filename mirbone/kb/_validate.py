"""Checks of the knowledge base tables: vocabulary, identifiers, cross-references."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from mirbone.kb._tables import (
    _CURATION,
    _FINDING_COLUMNS,
    _FINDING_CURATION,
    _INTERACTION_EXTRAS,
    _MIRNA_ROLES,
    _MODES,
    _N_REFERENCES,
    _REFERENCE_BASES,
    _RELATIONS,
    _SPECIES,
    _SUPPORT_ID,
    _UNCITED,
    CARGO_ROLES,
    CARGO_TYPES,
    CONTEXTS,
    EFFECTS,
    EVIDENCE_LEVELS,
    INTERACTION_COLUMNS,
    VESICLE_TYPES,
    KnowledgeBaseError,
    _stored_interactions,
    findings,
    references,
    source,
)

# ------------------------------------------------------------------------------ validation


def _check_vocabulary(
    problems: list[str],
    where: str,
    values: pd.Series,
    allowed: Iterable[str],
    *,
    multi: bool = False,
) -> None:
    allowed = set(allowed)
    for key, value in values.items():
        parts = str(value).split(";") if multi else [value]
        bad = [p for p in parts if p not in allowed]
        if bad:
            problems.append(f"{where} row {key}: {bad} not in the vocabulary")


def _check_findings(
    problems: list[str], table: pd.DataFrame, genes: pd.DataFrame, numbers: set[int]
) -> None:
    from mirbone.names import normalize

    if tuple(table.columns[: len(_FINDING_COLUMNS)]) != _FINDING_COLUMNS:
        problems.append(f"findings.tsv: columns must be {_FINDING_COLUMNS}")
        return
    table = table.set_index("id", drop=False)
    if not table["id"].str.fullmatch(r"F\d{3}").all() or table["id"].duplicated().any():
        problems.append("findings.tsv: ids must be unique F001, F002, ...")
    for column in ("origin_cell", "target_cell", "effect", "context", "source_location"):
        for key in table.index[table[column].isna()]:
            problems.append(f"findings {key}: empty {column}")
    _check_vocabulary(problems, "findings vesicle_type", table["vesicle_type"], VESICLE_TYPES)
    _check_vocabulary(problems, "findings cargo_type", table["cargo_type"], CARGO_TYPES)
    _check_vocabulary(problems, "findings cargo_role", table["cargo_role"], CARGO_ROLES)
    _check_vocabulary(problems, "findings context", table["context"], CONTEXTS)
    _check_vocabulary(problems, "findings effect", table["effect"].fillna(""), EFFECTS, multi=True)
    _check_vocabulary(
        problems, "findings reference_basis", table["reference_basis"], _REFERENCE_BASES
    )
    _check_vocabulary(
        problems, "findings model_species", table["model_species"].fillna(""), {*_SPECIES, ""}
    )
    _check_vocabulary(problems, "findings curation", table["curation"], _FINDING_CURATION)
    _check_vocabulary(
        problems, "findings cargo_role_reported", table["cargo_role_reported"], CARGO_ROLES
    )
    for key, row in table.iterrows():
        uncited = row["reference_basis"] in _UNCITED
        if pd.isna(row["reference"]) != uncited:
            problems.append(f"findings {key}: reference must be empty exactly when uncited")
        elif not uncited and int(row["reference"]) not in numbers:
            problems.append(f"findings {key}: reference {row['reference']} does not exist")
        suggested = row["suggested_reference"]
        if pd.notna(suggested) and (not uncited or int(suggested) not in numbers):
            problems.append(
                f"findings {key}: suggested_reference only for uncited rows, and it must exist"
            )
        corrected = row["curation"] == "corrected"
        if (row["curation"] != "as_printed") == pd.isna(row["review_says"]):
            problems.append(
                f"findings {key}: review_says must be filled exactly when corrected or from_title"
            )
        if row["curation"] == "from_title" and "title" not in str(row["evidence"]).split(";"):
            problems.append(f"findings {key}: curation from_title needs a title evidence level")
        if row["cargo_role_reported"] != row["cargo_role"] and not corrected:
            problems.append(
                f"findings {key}: cargo_role differs from the review but the row "
                "is not marked corrected"
            )
    _check_evidence(problems, "findings", table, effects=table["effect"])
    mirnas = table[(table["cargo_type"] == "miRNA") & table["cargo"].notna()]
    for key, row in mirnas.iterrows():
        _check_mirna(problems, f"findings {key}", row["cargo"], row["model_species"], normalize)
    for key in table.index[
        (table["cargo_type"] == "miRNA") & table["cargo"].isna() & table["note"].isna()
    ]:
        problems.append(f"findings {key}: a miRNA without a v22 name needs a note")
    products = table[table["cargo_type"].isin(["protein", "lncRNA"]) & table["cargo"].notna()]
    for key, symbol in products["cargo"].items():
        if (genes["symbol"] == symbol).sum() != 1:
            problems.append(f"findings {key}: {symbol!r} is not one gene of the snapshot")


def _check_evidence(
    problems: list[str], where: str, table: pd.DataFrame, *, effects: pd.Series | None = None
) -> None:
    """Every row has a level (one per effect); primary rows, and only they, have support."""
    import re

    for key, row in table.iterrows():
        value = row["evidence"]
        if pd.isna(value) or not str(value).strip():
            problems.append(f"{where} row {key}: no evidence level")
            continue
        levels = str(value).split(";")
        bad = [level for level in levels if level not in EVIDENCE_LEVELS]
        if bad:
            problems.append(
                f"{where} row {key}: evidence {bad} not in the vocabulary "
                f"({', '.join(EVIDENCE_LEVELS)})"
            )
        if effects is not None and len(levels) != len(str(effects[key]).split(";")):
            problems.append(
                f"{where} row {key}: one evidence level per effect ({value!r} for {effects[key]!r})"
            )
        if "primary" in levels:
            if pd.isna(row["support"]) or not str(row["support"]).strip():
                problems.append(f"{where} row {key}: a primary row needs a support sentence")
            if pd.isna(row["support_id"]) or not re.fullmatch(_SUPPORT_ID, str(row["support_id"])):
                problems.append(
                    f"{where} row {key}: support_id must be PMID:, PMCID: or "
                    f"doi: (got {row['support_id']!r})"
                )
        elif pd.notna(row["support"]) or pd.notna(row["support_id"]):
            problems.append(f"{where} row {key}: support only for primary rows")


def _check_mirna(problems: list[str], where: str, name: str, species: str, normalize) -> None:
    resolved = normalize([name], species=species).iloc[0]
    if resolved["status"] != "exact" or resolved["mirna"] != name:
        problems.append(
            f"{where}: {name!r} is not an exact miRBase v22 name (status {resolved['status']})"
        )
    elif not name.startswith(f"{species}-"):
        problems.append(f"{where}: {name!r} is not a {species} miRNA")


def _check_interactions(
    problems: list[str], table: pd.DataFrame, found: pd.DataFrame, genes: pd.DataFrame
) -> None:
    from mirbone.names import normalize, to_species

    stored = (
        *INTERACTION_COLUMNS,
        *(
            c
            for c in _INTERACTION_EXTRAS
            if c not in {"mirna_model", "model_species", "model_gene", "orthologue_method"}
        ),
    )
    if set(stored) - set(table.columns):
        problems.append(f"interactions.tsv: missing columns {set(stored) - set(table.columns)}")
        return
    _check_vocabulary(problems, "interactions relation", table["relation"], _RELATIONS)
    _check_vocabulary(
        problems, "interactions relation_reported", table["relation_reported"], _RELATIONS
    )
    _check_vocabulary(problems, "interactions mode", table["mode"], _MODES)
    _check_vocabulary(problems, "interactions effect", table["effect"], EFFECTS)
    _check_vocabulary(problems, "interactions effect_reported", table["effect_reported"], EFFECTS)
    _check_vocabulary(problems, "interactions curation", table["curation"], _CURATION)
    _check_vocabulary(problems, "interactions mirna_role", table["mirna_role"], _MIRNA_ROLES)
    _check_evidence(problems, "interactions", table)
    if table.duplicated(["mirna", "gene", "finding_id"]).any():
        problems.append("interactions.tsv: duplicated (mirna, gene, finding_id)")
    found = found.set_index("id")
    used = genes[genes["symbol"].isin(set(table["gene"]))]
    entrez_of = {symbol: list(group) for symbol, group in used.groupby("symbol")["entrez_id"]}
    human = to_species(table["mirna"].unique(), target="hsa").set_index("input")["orthologue"]
    for key, row in table.iterrows():
        where = f"interactions row {key} ({row['mirna']} -> {row['gene']})"
        if row["finding_id"] not in found.index:
            problems.append(f"{where}: finding {row['finding_id']} does not exist")
            continue
        finding = found.loc[row["finding_id"]]
        for column, other in (
            ("origin_cell", "origin_cell"),
            ("target_cell", "target_cell"),
            ("context", "context"),
            ("reference", "reference"),
            ("species", "model_species"),
        ):
            if str(row[column]) != str(finding[other]):
                problems.append(f"{where}: {column} differs from finding {row['finding_id']}")
        _check_mirna(problems, where, row["mirna"], row["species"], normalize)
        ids = entrez_of.get(row["gene"], [])
        if len(ids) != 1 or ids[0] != row["entrez_id"]:
            problems.append(
                f"{where}: gene and entrez_id do not match one snapshot gene (snapshot: {ids})"
            )
        expected = human.get(row["mirna"])
        got = row["mirna_human"] if pd.notna(row["mirna_human"]) else None
        if got != (expected if pd.notna(expected) else None):
            problems.append(f"{where}: mirna_human {got!r} differs from to_species ({expected!r})")
        if got is None and pd.isna(row["human_note"]):
            problems.append(f"{where}: no human orthologue and no human_note saying why")
        differs = (
            row["relation"] != row["relation_reported"] or row["effect"] != row["effect_reported"]
        )
        flagged = row["curation"] in {"corrected", "unresolved"}
        if differs and not flagged:
            problems.append(
                f"{where}: relation or effect differs from the review but the "
                "edge is not marked corrected or unresolved"
            )
        if flagged and pd.isna(row["review_says"]):
            problems.append(f"{where}: a corrected or unresolved edge needs review_says")
        if row["curation"] == "unresolved" and differs:
            problems.append(
                f"{where}: an unresolved edge keeps the printed relation and "
                "effect (no source states another combination)"
            )


def validate() -> None:
    """Check the bundled knowledge base against its schema; raise if anything is wrong.

    Checks that every miRNA is an exact miRBase v22 name of its species, every gene symbol
    is one gene of the bundled NCBI snapshot with the stated Entrez ID, the 32 references
    are numbered 1-32, every reference and ``finding_id`` exists, interactions agree with
    their finding, human orthologues agree with :func:`mirbone.names.to_species`, every
    term is in its vocabulary, every row has an evidence level (one per effect for findings),
    every ``primary`` row has a support sentence and a PMID/PMCID/DOI (and no other row has
    one), and an ``unresolved`` edge keeps the printed relation and effect.

    Raises
    ------
    KnowledgeBaseError
        Listing every problem found.
    """
    from mirbone.annotate import gene_table

    problems: list[str] = []
    genes = gene_table()
    refs = references()
    numbers = set(refs["number"].dropna().astype(int))
    if numbers != set(range(1, _N_REFERENCES + 1)) or len(refs) != _N_REFERENCES:
        problems.append(f"references.tsv: expected numbers 1-{_N_REFERENCES} once each")
    for key in ("authors", "year", "doi", "licence", "curated"):
        if not source().get(key):
            problems.append(f"source.tsv: missing {key}")
    table = findings()
    _check_findings(problems, table, genes, numbers)
    _check_interactions(problems, _stored_interactions(), table, genes)
    if problems:
        msg = "the bundled knowledge base is inconsistent:\n  " + "\n  ".join(problems)
        raise KnowledgeBaseError(msg)
