"""Signatures from the knowledge base: miRNA sets by effect and context, gene sets by sign."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import pandas as pd

from mirbone.errors import InputError
from mirbone.kb._tables import (
    _FOLLOW,
    _OPPOSITE,
    _REDUCED,
    CONTEXTS,
    EVIDENCE_FILTERS,
    GENE_SET_SUFFIX,
    REQUIRED_SIGNATURES,
    SIGNATURE_EFFECTS,
    _orthologues,
    _species,
    _stored_interactions,
    findings,
    gene_signature_name,
)


def _evidence(evidence: str) -> frozenset[str]:
    if evidence not in EVIDENCE_FILTERS:
        msg = f"unknown evidence filter; use one of {', '.join(EVIDENCE_FILTERS)}"
        raise InputError(msg, value=evidence)
    return EVIDENCE_FILTERS[evidence]


def _follow(follow: str) -> str:
    if follow not in _FOLLOW:
        msg = f"unknown follow; use one of {', '.join(_FOLLOW)}"
        raise InputError(msg, value=follow)
    return follow


def _signature_edges(
    follow: str, *, include_title_cargo: bool, evidence: str = "any"
) -> pd.DataFrame:
    """Return the stored edges that feed the signatures, relation and effect as followed."""
    edges = _stored_interactions()
    levels = _evidence(evidence) - ({"title"} if not include_title_cargo else set())
    edges = edges[edges["evidence"].isin(levels)]
    if follow == "review":
        edges["relation"] = edges["relation_reported"]
        edges["effect"] = edges["effect_reported"]
    else:
        edges = edges[edges["curation"] != "unresolved"]
    if not include_title_cargo:
        table = findings()
        from_title = set(table.loc[table["cargo_from_title"], "id"])
        edges = edges[~edges["finding_id"].isin(from_title)]
    return edges.reset_index(drop=True)


def _mirna_evidence(
    follow: str = "curated", *, include_title_cargo: bool = False, evidence: str = "any"
) -> pd.DataFrame:
    """One row per (miRNA, own effect, context, finding): the basis of the signatures."""
    levels = _evidence(evidence) - ({"title"} if not include_title_cargo else set())
    table = findings()
    if not include_title_cargo:
        table = table[~table["cargo_from_title"]]
    role = "cargo_role_reported" if follow == "review" else "cargo_role"
    mirna = table[(table["cargo_type"] == "miRNA") & table["cargo"].notna()]
    rows = []
    for row in mirna.to_dict("records"):
        for effect, level in zip(row["effect"].split(";"), row["evidence"].split(";"), strict=True):
            if level not in levels:
                continue
            own = _OPPOSITE.get(effect, effect) if row[role] in _REDUCED else effect
            rows.append((row["cargo"], row["model_species"], own, row["context"], row["id"]))
    edges = _signature_edges(follow, include_title_cargo=include_title_cargo, evidence=evidence)
    rows.extend(
        zip(
            edges["mirna"],
            edges["species"],
            edges["effect"],
            edges["context"],
            edges["finding_id"],
            strict=True,
        )
    )
    out = pd.DataFrame(rows, columns=["mirna", "model_species", "effect", "context", "finding_id"])
    return out.drop_duplicates().reset_index(drop=True)


def _signature_names(effects: Iterable[str], contexts: Iterable[str]) -> list[str]:
    effects, contexts = set(effects), set(contexts)
    names = [name for name, wanted in SIGNATURE_EFFECTS.items() if effects & set(wanted)]
    return names + [f"context_{c}" for c in CONTEXTS if c in contexts]


def _collect(
    members: pd.DataFrame,
    column: str,
    *,
    required: Iterable[str] = REQUIRED_SIGNATURES,
    rename=lambda name: name,
) -> dict[str, list[str]]:
    required = set(required)
    out: dict[str, list[str]] = {}
    for name, wanted in SIGNATURE_EFFECTS.items():
        chosen = sorted(set(members.loc[members["effect"].isin(wanted), column]))
        if chosen or rename(name) in required:
            out[rename(name)] = chosen
    for context in CONTEXTS:
        chosen = sorted(set(members.loc[members["context"] == context, column]))
        if chosen:
            out[rename(f"context_{context}")] = chosen
    return out


def _gene_signatures(edges: pd.DataFrame) -> dict[str, list[str]]:
    required = {
        gene_signature_name(name, relation)
        for name in REQUIRED_SIGNATURES
        for relation in GENE_SET_SUFFIX
    }
    out: dict[str, list[str]] = {}
    for relation in GENE_SET_SUFFIX:
        out |= _collect(
            edges[edges["relation"] == relation],
            "gene",
            required=required,
            rename=lambda name, r=relation: gene_signature_name(name, r),
        )
    order = [*SIGNATURE_EFFECTS, *(f"context_{c}" for c in CONTEXTS)]
    names = [gene_signature_name(name, r) for name in order for r in GENE_SET_SUFFIX]
    return {name: out[name] for name in names if name in out}


def signatures(
    species: str = "hsa",
    *,
    kind: Literal["mirna", "gene"] = "mirna",
    follow: Literal["curated", "review"] = "curated",
    include_title_cargo: bool = False,
    evidence: Literal["any", "strong"] = "any",
) -> dict[str, list[str]]:
    """Return named miRNA (or target-gene) sets derived from the knowledge base.

    Parameters
    ----------
    species
        ``hsa``, ``mmu`` or ``rno``: members are expressed in this species through the
        orthologue mapping; miRNAs without an orthologue are left out (see
        :func:`signature_exclusions`).
    kind
        ``mirna``: the miRNAs whose own effect matches (from the findings and the
        interactions). ``gene``: the human target genes of the KB edges of that effect, split
        by relation into ``<name>_repressed_targets`` and ``<name>_upregulated_genes``
        (:func:`gene_signature_name`; HGNC symbols whatever the species; edges of excluded
        miRNAs left out).
    follow
        ``curated`` (default): the curator's reading, where the review was corrected from
        the cited paper (miR-218 is pro-osteogenic, miR-940 represses ARHGAP1), and without
        the unresolved miR-218 -> TCF7 edge. ``review``: the review as printed (miR-218
        anti-osteogenic with SOST and TCF7 as its repressed targets, miR-214 carried by PC-3
        exosomes, ARHGAP1/FAM134A upregulated).
    include_title_cargo
        Also use the findings whose cargo comes only from a reference title (miR-375 of
        ref 27, MET of ref 16); left out by default. Also lets in effects whose evidence
        is ``title`` (F041, F052 have no miRNA cargo, so this changes no set today).
    evidence
        ``any`` (default): every member. ``strong``: only members resting on a KB row of
        evidence ``primary`` (a finding effect or an edge whose cited primary paper's
        abstract states it); the words are those of ``mirbone targets --evidence``.

    Returns
    -------
    dict
        Signature name -> sorted members. For miRNAs always :data:`REQUIRED_SIGNATURES`, for
        genes always their ``_repressed_targets`` and ``_upregulated_genes`` sets; the other
        sets of :data:`SIGNATURE_EFFECTS` and ``context_<section>`` when they have members.
    """
    species = _species(species)
    follow = _follow(follow)
    _evidence(evidence)
    if kind == "mirna":
        basis = _mirna_evidence(follow, include_title_cargo=include_title_cargo, evidence=evidence)
        mapped, _ = _orthologues(basis["mirna"], species)
        basis["member"] = mapped.to_numpy()
        return _collect(basis[basis["member"].notna()], "member")
    if kind == "gene":
        edges = _signature_edges(follow, include_title_cargo=include_title_cargo, evidence=evidence)
        mapped, _ = _orthologues(edges["mirna"], species)
        return _gene_signatures(edges[mapped.notna().to_numpy()])
    msg = "unknown signature kind; use mirna or gene"
    raise InputError(msg, value=kind)


def signature_exclusions(
    species: str = "hsa",
    *,
    follow: Literal["curated", "review"] = "curated",
    include_title_cargo: bool = False,
    evidence: Literal["any", "strong"] = "any",
) -> pd.DataFrame:
    """List the KB miRNAs that cannot join the signatures of ``species``, and why.

    ``follow``, ``include_title_cargo`` and ``evidence`` are as in :func:`signatures`.

    Returns
    -------
    pandas.DataFrame
        ``mirna, model_species, reason, finding_ids, signatures`` (the signatures the miRNA
        would belong to), one row per miRNA; retired names (hsa-miR-4532) included.
    """
    from mirbone.names import normalize

    species = _species(species)
    basis = _mirna_evidence(
        _follow(follow), include_title_cargo=include_title_cargo, evidence=evidence
    )
    mapped, _ = _orthologues(basis["mirna"], species)
    missing = basis[mapped.isna().to_numpy()]
    notes = _stored_interactions().set_index("mirna")["human_note"].dropna()
    notes = notes[~notes.index.duplicated()]
    rows = []
    for mirna, group in missing.groupby("mirna", sort=True):
        reason = (
            notes[mirna]
            if species == "hsa" and mirna in notes.index
            else f"no {species} orthologue in miRBase v22 (no identical sequence, "
            "no same-seed member of the family)"
        )
        rows.append(
            (
                mirna,
                group["model_species"].iloc[0],
                reason,
                ";".join(sorted(set(group["finding_id"]))),
                ";".join(_signature_names(group["effect"], group["context"])),
            )
        )
    table = findings()
    gone = table[(table["cargo_type"] == "miRNA") & table["cargo"].isna()]
    gone = gone[gone["evidence"].map(lambda v: bool(set(v.split(";")) & _evidence(evidence)))]
    for row in gone.itertuples():
        name = f"{row.model_species}-{row.cargo_reported}"
        status = normalize([name], species=row.model_species).iloc[0]
        rows.append(
            (
                name,
                row.model_species,
                f"no miRBase v22 name: {status['status']} ({status['candidates']})",
                row.id,
                ";".join(_signature_names(row.effect.split(";"), [row.context])),
            )
        )
    return pd.DataFrame(
        rows, columns=["mirna", "model_species", "reason", "finding_ids", "signatures"]
    )
