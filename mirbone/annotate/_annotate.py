"""Gene annotation: the backend protocol, the offline snapshot backend and :func:`annotate`."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import Any, Literal, Protocol

from mirbone.annotate._mygene import MyGeneAnnotator
from mirbone.annotate._snapshot import (
    COLUMNS,
    RAT_OFFLINE_NOTE,
    SNAPSHOT_SOURCES,
    AnnotationTable,
    AnnotationUnavailable,
    bone_meanings,
    gene_species,
    resolve_genes,
)
from mirbone.errors import InputError


class GeneAnnotator(Protocol):
    """What :func:`annotate` needs from a backend."""

    @property
    def source(self) -> str:
        """A human-readable name and version of the data that answered."""
        ...

    def annotate(self, queries: Sequence[str]) -> AnnotationTable:
        """Return one row per query with the columns of :data:`COLUMNS`."""
        ...


class SnapshotAnnotator:
    """Annotate from the bundled gene snapshot of a species (offline; default human)."""

    def __init__(self, species: str = "hsa") -> None:
        self.species = gene_species(species)

    @property
    def source(self) -> str:
        """The snapshot's name and date."""
        return SNAPSHOT_SOURCES[self.species]

    def annotate(self, queries: Sequence[str]) -> AnnotationTable:
        """Return one row per query with the columns of :data:`COLUMNS`.

        ``candidates`` maps each ambiguous query to its genes (``;``-joined); ``bone`` maps
        each query that is a bone-biology name (:func:`bone_alias_table`) to its bone gene
        and meaning (human only); ``note`` says what the rat table lacks when a rat query
        stays unknown.
        """
        resolved = resolve_genes(queries, species=self.species)
        ambiguous = resolved[resolved["status"] == "ambiguous"]
        unknown_rat = self.species == "rno" and resolved["status"].eq("unknown").any()
        return AnnotationTable.of(
            resolved[list(COLUMNS)],
            source=self.source,
            candidates=dict(zip(ambiguous["query"], ambiguous["candidates"], strict=True)),
            bone=bone_meanings(queries) if self.species == "hsa" else {},
            note=RAT_OFFLINE_NOTE if unknown_rat else "",
        )


def annotate(
    genes: Iterable[object],
    *,
    source: Literal["snapshot", "mygene"] = "snapshot",
    species: str = "hsa",
    cache_dir: str | os.PathLike[str] | None = None,
    fallback: bool = False,
    client: Any = None,
    timeout: float | None = None,
) -> AnnotationTable:
    """Annotate genes with current symbol, Entrez ID, Ensembl IDs, name and type.

    Parameters
    ----------
    genes
        Symbols, aliases, Entrez or Ensembl gene IDs (see :func:`resolve_genes`).
    source
        ``snapshot`` (default, offline: the bundled NCBI Gene snapshot) or ``mygene`` (MyGene.info
        through the ``mygene`` client, answers cached on disk).
    species
        miRBase code or name (``hsa``, ``mmu``, ``rno``; ``human``, ``mouse``, ``rat``,
        Latin names and taxonomy IDs are read too). Human, mouse and rat genes are bundled,
        each looked up in its own snapshot only; other species need ``source="mygene"``.
        The rat snapshot holds only rat genes with a human orthologue and no NCBI synonyms
        (the result's ``note`` says so when a rat query stays unknown offline).
    cache_dir
        Cache folder for MyGene.info answers (default: the user cache dir of mirbone).
    fallback
        With ``source="mygene"``: if MyGene.info cannot be reached, annotate from the
        snapshot instead of raising (the result's ``source`` then says so).
    client
        A ``mygene.MyGeneInfo``-compatible client (tests point one at a local server).
    timeout
        Seconds before a MyGene.info request is abandoned (default: the
        ``MIRBONE_MYGENE_TIMEOUT`` environment variable, else 30).

    Returns
    -------
    AnnotationTable
        A DataFrame ``query, symbol, entrez_id, ensembl, name, type, status``, one row per
        input in order; its ``source`` names the data that answered. The snapshot also
        applies the bone-biology names (see :func:`resolve_genes`) and lists them in
        ``bone``; MyGene.info answers with its own aliases only.

    Raises
    ------
    InputError
        Unknown source, or a species without a bundled snapshot.
    AnnotationUnavailable
        With ``source="mygene"`` and no fallback, MyGene.info could not be reached, timed
        out, answered an HTTP error, malformed JSON or only part of a batch (an
        :class:`InputError` too). Nothing of a failed batch is cached.
    """
    queries = [genes] if isinstance(genes, str) else list(genes)  # one gene, not its letters
    if source not in {"snapshot", "mygene"}:
        msg = "unknown annotation source; use 'snapshot' or 'mygene'"
        raise InputError(msg, value=source, keyword="source")
    if source == "snapshot":
        return SnapshotAnnotator(gene_species(species)).annotate(queries)
    online = MyGeneAnnotator(species=species, cache_dir=cache_dir, client=client, timeout=timeout)
    try:
        table = online.annotate(queries)
    except AnnotationUnavailable as error:
        if not fallback:
            raise
        table = SnapshotAnnotator(gene_species(species)).annotate(queries)
        return AnnotationTable.of(table, source=f"{table.source} (fallback: {error})")
    return table
