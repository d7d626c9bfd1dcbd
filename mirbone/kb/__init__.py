"""The curated bone-EV knowledge base: findings, interactions, references, signatures."""

from __future__ import annotations

from mirbone.kb._signatures import signature_exclusions, signatures
from mirbone.kb._tables import (
    CARGO_ROLES,
    CARGO_TYPES,
    CONTEXTS,
    EFFECTS,
    EVIDENCE_FILTERS,
    EVIDENCE_LEVELS,
    GENE_SET_SUFFIX,
    INTERACTION_COLUMNS,
    REQUIRED_SIGNATURES,
    SIGNATURE_DESCRIPTIONS,
    SIGNATURE_EFFECTS,
    VESICLE_TYPES,
    InteractionTable,
    KnowledgeBaseError,
    findings,
    gene_signature_name,
    interactions,
    kb_version,
    references,
    source,
)
from mirbone.kb._validate import validate

__all__ = [
    "CARGO_ROLES",
    "CARGO_TYPES",
    "CONTEXTS",
    "EFFECTS",
    "EVIDENCE_FILTERS",
    "EVIDENCE_LEVELS",
    "GENE_SET_SUFFIX",
    "INTERACTION_COLUMNS",
    "REQUIRED_SIGNATURES",
    "SIGNATURE_DESCRIPTIONS",
    "SIGNATURE_EFFECTS",
    "VESICLE_TYPES",
    "InteractionTable",
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
