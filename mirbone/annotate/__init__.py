"""Gene annotation: the bundled snapshot and MyGene.info (opt-in)."""

from __future__ import annotations

from mirbone.annotate._annotate import GeneAnnotator, SnapshotAnnotator, annotate
from mirbone.annotate._mygene import MyGeneAnnotator
from mirbone.annotate._snapshot import (
    COLUMNS,
    SNAPSHOT_SOURCE,
    STATUSES,
    AnnotationUnavailable,
    alias_table,
    bone_alias_table,
    bone_meanings,
    gene_table,
    refseq_table,
    resolve_genes,
)

__all__ = [
    "COLUMNS",
    "SNAPSHOT_SOURCE",
    "STATUSES",
    "AnnotationUnavailable",
    "GeneAnnotator",
    "MyGeneAnnotator",
    "SnapshotAnnotator",
    "alias_table",
    "annotate",
    "bone_alias_table",
    "bone_meanings",
    "gene_table",
    "refseq_table",
    "resolve_genes",
]
