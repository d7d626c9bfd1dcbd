"""Gene annotation: the bundled snapshot and MyGene.info (opt-in)."""

from __future__ import annotations

from mirbone.annotate._annotate import GeneAnnotator, SnapshotAnnotator, annotate
from mirbone.annotate._mygene import MyGeneAnnotator
from mirbone.annotate._orthologues import (
    ORTHOLOGUE_SOURCE,
    OrthologueMapping,
    map_to_human,
    orthologue_table,
    species_genes_of_human,
)
from mirbone.annotate._snapshot import (
    COLUMNS,
    SNAPSHOT_SOURCE,
    SNAPSHOT_SOURCES,
    STATUSES,
    AnnotationTable,
    AnnotationUnavailable,
    alias_table,
    bone_alias_table,
    bone_meanings,
    gene_species,
    gene_table,
    refseq_table,
    resolve_genes,
)

__all__ = [
    "COLUMNS",
    "ORTHOLOGUE_SOURCE",
    "SNAPSHOT_SOURCE",
    "SNAPSHOT_SOURCES",
    "STATUSES",
    "AnnotationTable",
    "AnnotationUnavailable",
    "GeneAnnotator",
    "MyGeneAnnotator",
    "OrthologueMapping",
    "SnapshotAnnotator",
    "alias_table",
    "annotate",
    "bone_alias_table",
    "bone_meanings",
    "gene_species",
    "gene_table",
    "map_to_human",
    "orthologue_table",
    "refseq_table",
    "resolve_genes",
    "species_genes_of_human",
]
