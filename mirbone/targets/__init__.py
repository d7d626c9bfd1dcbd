"""miRNA -> gene target maps: the knowledge base and target databases."""

from __future__ import annotations

from mirbone.targets._load import (
    load,
    load_targets,
    methods_sentences,
    sources_provenance,
    split_sources,
)
from mirbone.targets._map import (
    EVIDENCE,
    STRONG_EVIDENCE,
    UNRESOLVED_COLUMNS,
    TargetMap,
    concordance,
    from_kb,
)

__all__ = [
    "EVIDENCE",
    "STRONG_EVIDENCE",
    "UNRESOLVED_COLUMNS",
    "TargetMap",
    "concordance",
    "from_kb",
    "load",
    "load_targets",
    "methods_sentences",
    "sources_provenance",
    "split_sources",
]
