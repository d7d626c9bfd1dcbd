"""The curated bone-EV knowledge base: findings, miRNA -> gene interactions, references.

The knowledge comes from one review, Bianciardi, Merlotti & Materozzi (2021) "Vescicole
extracellulari e metabolismo osseo: ruolo e possibili implicazioni cliniche", L'Endocrinologo,
doi:10.1007/s40619-021-00817-4 (CC BY 4.0): Tables 1 and 2 and the text of every section,
curated by hand into ``resources/kb/`` (``findings.tsv``, ``interactions.tsv``,
``references.tsv``, ``source.tsv``; every judgement call is in ``CURATION_NOTES.md``).

Effects use a controlled vocabulary (:data:`EFFECTS`). A finding's ``effect`` is the effect of
the vesicles as the review reports it; several are ``;``-joined. An interaction's ``effect`` is
the effect attributed to the miRNA itself in the finding it comes from. The two differ when the
vesicles act by *lowering* a miRNA (``cargo_role`` ``reduced_in_ev`` or
``downregulated_in_target``) or by sponging it (MALAT1 and miR-34c): the miRNA signatures
follow the miRNA's own effect.

Where the curator corrected the review from the cited or primary paper (``curation`` =
``corrected``: miR-218 in ref 12, miR-214 in ref 14, miR-940 -> ARHGAP1/FAM134A), the printed
form is kept beside the curated one (``review_says``, ``cargo_role_reported``,
``relation_reported``, ``effect_reported``) and :func:`signatures` can follow either
(``follow="curated"``, the default, or ``follow="review"``). An edge the curator could not
reconcile with the cited paper (miR-218 -> TCF7) is ``curation`` = ``unresolved``: kept as the
review states it and left out of the curated signatures. Findings whose cargo the review does
not name (it comes only from a reference title: MET, ref 16; miR-375, ref 27) have
``cargo_from_title`` true and join the signatures only with ``include_title_cargo=True``.

Signature names. miRNA sets (``kind="mirna"``) are named by effect: ``promotes_osteogenesis``,
``inhibits_osteogenesis``, ``promotes_osteoclastogenesis``, ``inhibits_osteoclastogenesis``
(always present), ``promotes_angiogenesis``, ..., and ``context_<section>``. Target-gene sets
(``kind="gene"``) are split by the sign of the edge, so that genes repressed by a miRNA and
genes raised with it never share a set: ``<effect set>_repressed_targets`` (genes the miRNAs of
that effect repress) and ``<effect set>_upregulated_genes`` (genes induced with them), e.g.
``promotes_osteogenesis_repressed_targets`` (SOST, AXIN1, SPRY2, ...) and
``promotes_osteogenesis_upregulated_genes`` (RUNX2, ALPL, BGLAP, SPP1); likewise
``context_<section>_repressed_targets`` / ``context_<section>_upregulated_genes``.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Literal

import pandas as pd

from mirbone._resources import read_table
from mirbone.errors import InputError

__all__ = [
    "CARGO_ROLES",
    "CARGO_TYPES",
    "CONTEXTS",
    "EFFECTS",
    "GENE_SET_SUFFIX",
    "INTERACTION_COLUMNS",
    "REQUIRED_SIGNATURES",
    "SIGNATURE_DESCRIPTIONS",
    "SIGNATURE_EFFECTS",
    "VESICLE_TYPES",
    "KnowledgeBaseError",
    "findings",
    "gene_signature_name",
    "interactions",
    "kb_version",
    "references",
    "signature_exclusions",
    "signatures",
    "source",
    "validate",
]

#: Controlled vocabulary of biological effects.
EFFECTS: dict[str, str] = {
    "osteogenesis_up": "promotes osteoblast differentiation / osteogenesis (osteoblastogenesis)",
    "osteogenesis_down": "inhibits osteoblast differentiation / osteogenesis",
    "osteoblast_activity_up": "raises osteoblast activity or viability",
    "osteoblast_activity_down": "lowers osteoblast number or activity",
    "osteoclastogenesis_up": "promotes osteoclast differentiation (OCgenesis) or resorption",
    "osteoclastogenesis_down": "inhibits osteoclast differentiation (OCgenesis)",
    "angiogenesis_up": "promotes angiogenesis",
    "angiogenesis_down": "inhibits angiogenesis",
    "metastasis_up": "promotes metastasis or a pre-metastatic niche",
    "metastasis_down": "reduces metastasis formation or bone colonisation",
    "senescence_up": "promotes cellular senescence",
    "bone_regeneration_up": "promotes bone regeneration or fracture repair in vivo",
    "chondrocyte_growth_up": "stimulates chondrocyte growth",
    "drug_delivery": "vesicles used as a drug-delivery vehicle",
    "not_stated": "the review states no effect for this cargo",
}
#: Vesicle types as the review names them.
VESICLE_TYPES = frozenset(
    {
        "exosome",
        "microvesicle",
        "matrix vesicle",
        "apoptotic body",
        "EV unspecified",
        "exosome-like vesicle",
    }
)
#: Kinds of cargo.
CARGO_TYPES = frozenset(
    {"miRNA", "lncRNA", "protein", "mRNA/RNA unspecified", "unspecified", "drug (loaded)"}
)
#: How the cargo relates to the vesicles' effect.
CARGO_ROLES = frozenset({"carried", "reduced_in_ev", "downregulated_in_target", "loaded"})
#: Review sections.
CONTEXTS = ("remodelling", "metastasis", "ageing", "therapy")
_REDUCED = frozenset({"reduced_in_ev", "downregulated_in_target"})
_SPECIES = ("hsa", "mmu", "rno")
_RELATIONS = frozenset({"represses", "upregulates"})
_MODES = frozenset({"direct", "via_pathway"})
_CURATION = frozenset({"consistent", "corrected", "review_only", "unresolved"})
_FINDING_CURATION = frozenset({"as_printed", "corrected"})
_FOLLOW = ("curated", "review")
#: Suffixes of the target-gene signatures, by the relation of the edge.
GENE_SET_SUFFIX = {"represses": "repressed_targets", "upregulates": "upregulated_genes"}
_MIRNA_ROLES = frozenset({"cargo", "reduced_in_ev", "sponged_by_cargo"})
_REFERENCE_BASES = frozenset(
    {"cited", "cited_passage", "table_row_matched_to_text", "uncited", "uncited_table_2"}
)
_UNCITED = frozenset({"uncited", "uncited_table_2"})
_N_REFERENCES = 32
_OPPOSITE = {
    "osteogenesis_up": "osteogenesis_down",
    "osteoblast_activity_up": "osteoblast_activity_down",
    "osteoclastogenesis_up": "osteoclastogenesis_down",
    "angiogenesis_up": "angiogenesis_down",
    "metastasis_up": "metastasis_down",
}
_OPPOSITE |= {down: up for up, down in _OPPOSITE.items()}

#: Signature name -> the effects whose miRNAs (or target genes) it collects.
SIGNATURE_EFFECTS: dict[str, tuple[str, ...]] = {
    "promotes_osteogenesis": ("osteogenesis_up", "osteoblast_activity_up"),
    "inhibits_osteogenesis": ("osteogenesis_down", "osteoblast_activity_down"),
    "promotes_osteoclastogenesis": ("osteoclastogenesis_up",),
    "inhibits_osteoclastogenesis": ("osteoclastogenesis_down",),
    "promotes_angiogenesis": ("angiogenesis_up",),
    "inhibits_angiogenesis": ("angiogenesis_down",),
    "promotes_metastasis": ("metastasis_up",),
    "inhibits_metastasis": ("metastasis_down",),
    "promotes_senescence": ("senescence_up",),
    "promotes_bone_regeneration": ("bone_regeneration_up",),
}
#: Signatures always returned (possibly empty); the others only when they have members.
REQUIRED_SIGNATURES = (
    "promotes_osteogenesis",
    "inhibits_osteogenesis",
    "promotes_osteoclastogenesis",
    "inhibits_osteoclastogenesis",
)
#: One-line description of every signature.
SIGNATURE_DESCRIPTIONS: dict[str, str] = {
    **{
        name: " or ".join(EFFECTS[e] for e in effects)
        for name, effects in SIGNATURE_EFFECTS.items()
    },
    **{f"context_{c}": f"every KB entry from the review's {c} section" for c in CONTEXTS},
}
_RELATION_TEXT = {
    "represses": "genes repressed by the miRNAs of",
    "upregulates": "genes upregulated with the miRNAs of",
}


def gene_signature_name(signature: str, relation: str) -> str:
    """Return the name of a target-gene set, e.g. ``promotes_osteogenesis_repressed_targets``.

    Parameters
    ----------
    signature
        A miRNA signature name (a key of :data:`SIGNATURE_EFFECTS` or ``context_<section>``).
    relation
        ``represses`` or ``upregulates``.
    """
    return f"{signature}_{GENE_SET_SUFFIX[relation]}"


SIGNATURE_DESCRIPTIONS.update(
    {
        gene_signature_name(name, relation): f"{text} '{name}': {SIGNATURE_DESCRIPTIONS[name]}"
        for name in list(SIGNATURE_DESCRIPTIONS)
        for relation, text in _RELATION_TEXT.items()
    }
)
#: Columns every :func:`interactions` table starts with (DESIGN.md contract).
INTERACTION_COLUMNS = (
    "mirna",
    "mirna_reported",
    "species",
    "mirna_human",
    "gene",
    "entrez_id",
    "relation",
    "effect",
    "origin_cell",
    "target_cell",
    "context",
    "reference",
)
_INTERACTION_EXTRAS = (
    "mode",
    "relation_reported",
    "gene_reported",
    "mirna_model",
    "model_species",
    "orthologue_method",
    "human_method",
    "human_note",
    "finding_id",
    "mirna_role",
    "curation",
    "effect_reported",
    "review_says",
    "note",
)
_FINDING_COLUMNS = (
    "id",
    "origin_cell",
    "vesicle_type",
    "cargo_type",
    "cargo_reported",
    "cargo",
    "cargo_role",
    "model_species",
    "model_system",
    "target_cell",
    "effect",
    "context",
    "mechanism",
    "mechanism_reported",
    "source_location",
    "reference",
    "reference_basis",
    "primary_source",
    "note",
    "curation",
    "review_says",
    "cargo_role_reported",
    "cargo_from_title",
    "suggested_reference",
)


class KnowledgeBaseError(RuntimeError):
    """The bundled knowledge base breaks its own schema (a packaging fault, not user input)."""


def _raw(name: str) -> pd.DataFrame:
    return read_table(f"kb/{name}.tsv")


def _species(species: str) -> str:
    if species not in _SPECIES:
        msg = f"unknown species; use one of {', '.join(_SPECIES)}"
        raise InputError(msg, value=species)
    return species


def source() -> dict[str, str]:
    """Return the metadata of the source review and of the curation (field -> value)."""
    table = _raw("source")
    return dict(zip(table["field"], table["value"], strict=True))


def kb_version() -> str:
    """Return a one-line provenance string for reports, e.g. for ``run.json``."""
    meta = source()
    return (
        f"{meta['authors'].split(',')[0]} et al. {meta['year']} review "
        f"(doi:{meta['doi']}), curated {meta['curated']}"
    )


def references() -> pd.DataFrame:
    """Return the review's 32 references.

    Returns
    -------
    pandas.DataFrame
        ``number, authors, year, title, journal, volume_pages, doi, pmid, note`` as printed
        in the review; ``note`` records corrections (e.g. ref 13's journal). DOIs and PMIDs
        are filled only where the curator was sure of them.
    """
    table = _raw("references")
    table["number"] = table["number"].astype("Int64")
    table["year"] = table["year"].astype("Int64")
    return table


def _citations() -> pd.Series:
    refs = references().drop_duplicates("number")
    text = (
        refs["authors"]
        + " ("
        + refs["year"].astype(str)
        + ") "
        + refs["journal"]
        + " "
        + refs["volume_pages"]
    )
    return pd.Series(text.to_numpy(), index=refs["number"].to_numpy())


def findings() -> pd.DataFrame:
    """Return one row per EV cargo finding of the review.

    Returns
    -------
    pandas.DataFrame
        ``id, origin_cell, vesicle_type, cargo_type, cargo_reported, cargo, cargo_role,
        model_species, model_system, target_cell, effect, context, mechanism,
        mechanism_reported, source_location, reference, reference_basis, primary_source,
        note, curation, review_says, cargo_role_reported, cargo_from_title,
        suggested_reference, citation``. ``cargo`` is the miRBase v22 name in
        ``model_species`` or an HGNC symbol (empty when unspecified); ``effect`` is
        ``;``-joined :data:`EFFECTS` terms; ``reference`` is the review's reference number,
        empty where the review cites none (``reference_basis`` ``uncited`` or
        ``uncited_table_2``; ``suggested_reference`` then names the reference the curator
        believes the statement comes from, e.g. ref 13 for Table 2). ``curation`` is
        ``as_printed`` or ``corrected`` (what the review printed is in ``review_says`` and
        ``cargo_role_reported``); ``cargo_from_title`` (bool) marks cargo named only in the
        title of the cited reference.
    """
    table = _raw("findings")
    table["reference"] = table["reference"].astype("Int64")
    table["suggested_reference"] = table["suggested_reference"].astype("Int64")
    table["cargo_from_title"] = table["cargo_from_title"].eq("true")
    table["citation"] = table["reference"].map(_citations())
    return table


def _stored_interactions() -> pd.DataFrame:
    table = _raw("interactions")
    table["reference"] = table["reference"].astype("Int64")
    return table


def interactions(*, species: str | None = None) -> pd.DataFrame:
    """Return the miRNA -> gene edges the review states or implies.

    Parameters
    ----------
    species
        ``None`` (default): every edge, the miRNA named in the species the finding was made
        in (``mirna_human`` is its human orthologue, or empty with the reason in
        ``human_note``). ``hsa``, ``mmu`` or ``rno``: the ``mirna`` column holds the
        orthologue in that species (:func:`mirbone.names.to_species`); rows whose miRNA has
        none are left out and listed, each with every field of the row and a ``reason``, in
        ``table.attrs["excluded"]``.

    Returns
    -------
    pandas.DataFrame
        :data:`INTERACTION_COLUMNS`, then ``mode`` (direct / via_pathway),
        ``relation_reported``, ``gene_reported`` (as printed), ``mirna_model``,
        ``model_species``, ``orthologue_method``, ``human_method``, ``human_note``,
        ``finding_id``, ``mirna_role``, ``curation`` (consistent, corrected, review_only,
        unresolved), ``effect_reported`` (the miRNA's effect as the review states it),
        ``review_says`` (the printed statement where the curation differs) and ``note``.
        Genes are human HGNC symbols with NCBI Entrez IDs, whatever the species.
    """
    table = _stored_interactions()
    table["mirna_model"] = table["mirna"]
    table["model_species"] = table["species"]
    if species is None:
        table["orthologue_method"] = "same_species"
        excluded = table.iloc[0:0]
    else:
        species = _species(species)
        mapped, method = _orthologues(table["mirna"], species)
        table["mirna"] = mapped.to_numpy()
        table["orthologue_method"] = method.to_numpy()
        table["species"] = species
        keep = table["mirna"].notna()
        excluded = table[~keep]
        table = table[keep].reset_index(drop=True)
    table = table[[*INTERACTION_COLUMNS, *_INTERACTION_EXTRAS]]
    records = []
    for row in excluded.to_dict("records"):
        why = (
            row["human_note"]
            if species == "hsa" and pd.notna(row["human_note"])
            else f"no {species} orthologue in miRBase v22"
        )
        record = {
            key: (None if pd.isna(value) else value)
            for key, value in row.items()
            if key not in {"mirna", "species", "orthologue_method"}
        }
        record["reference"] = None if record["reference"] is None else int(record["reference"])
        records.append(
            {
                "mirna": row["mirna_model"],
                "model_species": row["model_species"],
                "gene": row["gene"],
                "finding_id": row["finding_id"],
                "reason": why,
                **record,
            }
        )
    table.attrs["excluded"] = records
    return table


@cache
def _orthologue_map(names: tuple[str, ...], target: str) -> tuple[tuple[str | None, str], ...]:
    from mirbone.names import to_species

    mapped = to_species(list(names), target=target)
    return tuple(zip(mapped["orthologue"], mapped["method"], strict=True))


def _orthologues(names: Iterable[str], target: str) -> tuple[pd.Series, pd.Series]:
    """Map model-species miRNA names to ``target`` (orthologue or None, method)."""
    values = pd.Series(list(names), dtype=object)
    unique = tuple(sorted(set(values)))
    lookup = dict(zip(unique, _orthologue_map(unique, target), strict=True))
    orthologue = values.map(lambda n: lookup[n][0]).astype(object)
    orthologue = orthologue.where(orthologue.notna(), None)
    return orthologue, values.map(lambda n: lookup[n][1])


def _follow(follow: str) -> str:
    if follow not in _FOLLOW:
        msg = f"unknown follow; use one of {', '.join(_FOLLOW)}"
        raise InputError(msg, value=follow)
    return follow


def _signature_edges(follow: str, *, include_title_cargo: bool) -> pd.DataFrame:
    """Return the stored edges that feed the signatures, relation and effect as followed."""
    edges = _stored_interactions()
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


def _mirna_evidence(follow: str = "curated", *, include_title_cargo: bool = False) -> pd.DataFrame:
    """One row per (miRNA, own effect, context, finding): the basis of the signatures."""
    table = findings()
    if not include_title_cargo:
        table = table[~table["cargo_from_title"]]
    role = "cargo_role_reported" if follow == "review" else "cargo_role"
    mirna = table[(table["cargo_type"] == "miRNA") & table["cargo"].notna()]
    rows = []
    for row in mirna.to_dict("records"):
        for effect in row["effect"].split(";"):
            own = _OPPOSITE.get(effect, effect) if row[role] in _REDUCED else effect
            rows.append((row["cargo"], row["model_species"], own, row["context"], row["id"]))
    edges = _signature_edges(follow, include_title_cargo=include_title_cargo)
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
        ref 27, MET of ref 16); left out by default.

    Returns
    -------
    dict
        Signature name -> sorted members. For miRNAs always :data:`REQUIRED_SIGNATURES`, for
        genes always their ``_repressed_targets`` and ``_upregulated_genes`` sets; the other
        sets of :data:`SIGNATURE_EFFECTS` and ``context_<section>`` when they have members.
    """
    species = _species(species)
    follow = _follow(follow)
    if kind == "mirna":
        evidence = _mirna_evidence(follow, include_title_cargo=include_title_cargo)
        mapped, _ = _orthologues(evidence["mirna"], species)
        evidence["member"] = mapped.to_numpy()
        return _collect(evidence[evidence["member"].notna()], "member")
    if kind == "gene":
        edges = _signature_edges(follow, include_title_cargo=include_title_cargo)
        mapped, _ = _orthologues(edges["mirna"], species)
        return _gene_signatures(edges[mapped.notna().to_numpy()])
    msg = "unknown signature kind; use mirna or gene"
    raise InputError(msg, value=kind)


def signature_exclusions(
    species: str = "hsa",
    *,
    follow: Literal["curated", "review"] = "curated",
    include_title_cargo: bool = False,
) -> pd.DataFrame:
    """List the KB miRNAs that cannot join the signatures of ``species``, and why.

    ``follow`` and ``include_title_cargo`` are as in :func:`signatures`.

    Returns
    -------
    pandas.DataFrame
        ``mirna, model_species, reason, finding_ids, signatures`` (the signatures the miRNA
        would belong to), one row per miRNA; retired names (hsa-miR-4532) included.
    """
    from mirbone.names import normalize

    species = _species(species)
    evidence = _mirna_evidence(_follow(follow), include_title_cargo=include_title_cargo)
    mapped, _ = _orthologues(evidence["mirna"], species)
    missing = evidence[mapped.isna().to_numpy()]
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
        if corrected == pd.isna(row["review_says"]):
            problems.append(f"findings {key}: review_says must be filled exactly when corrected")
        if row["cargo_role_reported"] != row["cargo_role"] and not corrected:
            problems.append(
                f"findings {key}: cargo_role differs from the review but the row "
                "is not marked corrected"
            )
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
            if c not in {"mirna_model", "model_species", "orthologue_method"}
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


def validate() -> None:
    """Check the bundled knowledge base against its schema; raise if anything is wrong.

    Checks that every miRNA is an exact miRBase v22 name of its species, every gene symbol
    is one gene of the bundled NCBI snapshot with the stated Entrez ID, the 32 references
    are numbered 1-32, every reference and ``finding_id`` exists, interactions agree with
    their finding, human orthologues agree with :func:`mirbone.names.to_species`, and every
    term is in its vocabulary.

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
