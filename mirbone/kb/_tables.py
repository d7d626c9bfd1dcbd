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

Evidence levels. Every finding (one level per effect, ``;``-joined like ``effect``) and every
interaction has an ``evidence`` level (:data:`EVIDENCE_LEVELS`): ``primary`` (the cited primary
paper's abstract states it; the sentence is quoted in ``support``, the article named in
``support_id``), ``review`` (the review states it, the citation not verified in a primary paper
or itself a review), ``uncited`` (a table row without a citation) or ``title`` (read only from a
reference's title). ``signatures(evidence="strong")`` keeps the members resting on ``primary``
rows only; ``evidence="any"`` (default) keeps all. ``title`` rows join no signature unless
``include_title_cargo=True``.

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

from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import Any

import pandas as pd

from mirbone._frames import ResultTable
from mirbone._resources import read_table
from mirbone.errors import InputError

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
_FINDING_CURATION = frozenset({"as_printed", "corrected", "from_title"})
#: What a KB fact rests on, strongest first (the ``evidence`` column).
EVIDENCE_LEVELS: dict[str, str] = {
    "primary": "the cited primary paper's abstract states it (sentence in support, "
    "identifier in support_id)",
    "review": "the review states it; the citation is not verified in a primary paper, or is "
    "itself a review",
    "uncited": "a table row (or sentence) of the review without a citation",
    "title": "read only from a reference's title",
}
#: Words of the ``evidence`` filter (as in ``mirbone targets --evidence``) -> levels kept.
EVIDENCE_FILTERS: dict[str, frozenset[str]] = {
    "any": frozenset(EVIDENCE_LEVELS),
    "strong": frozenset({"primary"}),
}
_SUPPORT_ID = r"(PMID:\d+|PMCID:PMC\d+|doi:10\.\d{4,9}/\S+)"
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
    "model_gene",
    "orthologue_method",
    "human_method",
    "human_note",
    "finding_id",
    "mirna_role",
    "curation",
    "effect_reported",
    "review_says",
    "evidence",
    "support",
    "support_id",
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
    "evidence",
    "support",
    "support_id",
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
        title of the cited reference. ``evidence`` holds one :data:`EVIDENCE_LEVELS` term per
        effect (``;``-joined in the order of ``effect``); where one is ``primary``,
        ``support`` quotes the abstract and ``support_id`` names the article (``PMID:``,
        ``PMCID:`` or ``doi:``).
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


class InteractionTable(ResultTable):
    """The table of :func:`interactions`, with the edges a species has no miRNA for.

    Attributes
    ----------
    excluded
        The left-out edges, each with every field of its row and a ``reason``.
    """

    excluded: Sequence[Mapping[str, Any]] | None = None


def interactions(*, species: str | None = None) -> InteractionTable:
    """Return the miRNA -> gene edges the review states or implies.

    Parameters
    ----------
    species
        ``None`` (default): every edge, the miRNA named in the species the finding was made
        in (``mirna_human`` is its human orthologue, or empty with the reason in
        ``human_note``). ``hsa``, ``mmu`` or ``rno``: the ``mirna`` column holds the
        orthologue in that species (:func:`mirbone.names.to_species`); rows whose miRNA has
        none are left out and listed, each with every field of the row and a ``reason``, in
        the result's ``excluded``.

    Returns
    -------
    InteractionTable
        A DataFrame: :data:`INTERACTION_COLUMNS`, then ``mode`` (direct / via_pathway),
        ``relation_reported``, ``gene_reported`` (as printed), ``mirna_model``,
        ``model_species``, ``model_gene`` (the gene in the species the finding was made
        in: the human gene for human findings, its mouse or rat orthologues from the
        bundled HCOP table, ``;``-joined, for mouse and rat findings),
        ``orthologue_method``, ``human_method``, ``human_note``,
        ``finding_id``, ``mirna_role``, ``curation`` (consistent, corrected, review_only,
        unresolved), ``effect_reported`` (the miRNA's effect as the review states it),
        ``review_says`` (the printed statement where the curation differs), ``evidence``
        (:data:`EVIDENCE_LEVELS`), ``support`` and ``support_id`` (for ``primary`` edges: the
        quoted abstract sentence and the article's identifier) and ``note``.
        Genes are human HGNC symbols with NCBI Entrez IDs, whatever the species.
    """
    table = _stored_interactions()
    table["mirna_model"] = table["mirna"]
    table["model_species"] = table["species"]
    table["model_gene"] = _model_genes(table)
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
    return InteractionTable.of(table, excluded=records)


def _model_genes(table: pd.DataFrame) -> pd.Series:
    """Each edge's gene in the species of its finding (mouse/rat orthologues of the gene)."""
    from mirbone.annotate import species_genes_of_human

    out = table["gene"].astype(object).copy()
    for species in ("mmu", "rno"):
        rows = table["species"].eq(species).to_numpy()
        if not rows.any():
            continue
        found = species_genes_of_human(table.loc[rows, "entrez_id"], species=species)
        joined = found.groupby("human_entrez_id")["symbol"].agg(lambda s: ";".join(sorted(s)))
        ids = table.loc[rows, "entrez_id"].astype("string").str.removesuffix(".0")
        out[rows] = ids.map(joined).astype(object).where(ids.map(joined).notna(), None)
    return out


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
