"""Gene annotation: symbols, aliases, Entrez and Ensembl IDs to current genes.

The bundled snapshots: human (NCBI Gene 2022-09-12), mouse (NCBI Gene, 2023-03-23) and rat
(the rat genes of HCOP, September 2022: only those with a human orthologue). A query is
resolved against the snapshot of its species only: a mouse symbol is never looked up among
human symbols or aliases.

Two backends share one output. The default, :class:`SnapshotAnnotator`, reads the bundled
NCBI Gene snapshot (Bioconductor org.Hs.eg.db 3.16.0, NCBI Gene 2022-09-12) and never goes
online. :class:`MyGeneAnnotator` asks MyGene.info through the ``mygene`` client, only when the
caller chooses ``source="mygene"``; its answers are cached on disk, one JSON file per query,
so a second run makes no request.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

import pandas as pd

from mirbone._frames import ResultTable
from mirbone._resources import read_table
from mirbone._values import is_missing
from mirbone._versions import HCOP, MOUSE_GENES, NCBI_GENE
from mirbone.errors import InputError

#: Output columns of :func:`annotate` (the CLI contract).
COLUMNS = ("query", "symbol", "entrez_id", "ensembl", "name", "type", "status")
#: Every status :func:`resolve_genes` and :func:`annotate` may report.
STATUSES = ("symbol", "entrez", "ensembl", "alias", "ambiguous", "unknown", "empty")
#: Human-readable provenance of the bundled snapshot.
SNAPSHOT_SOURCE = f"gene snapshot NCBI Gene {NCBI_GENE.date} (Bioconductor {NCBI_GENE.package})"
#: Provenance of each species' snapshot.
SNAPSHOT_SOURCES = {
    "hsa": SNAPSHOT_SOURCE,
    "mmu": f"mouse gene snapshot NCBI Gene {MOUSE_GENES.date} (Mus_musculus.gene_info)",
    "rno": f"rat gene snapshot HCOP {HCOP.date} ({HCOP.source.removeprefix('HCOP via ')}; "
    "rat genes with a human orthologue only, no NCBI synonyms)",
}
#: What the offline rat snapshot lacks, said whenever a rat query stays unknown offline.
RAT_OFFLINE_NOTE = (
    "the bundled rat table holds only the 18,619 rat genes that have a human orthologue in "
    "HCOP, without NCBI synonyms: an unknown rat gene may still exist; online annotation "
    "asks MyGene.info"
)
_TABLE_PREFIX = {"hsa": "", "mmu": "mmu_", "rno": "rno_"}
_ENTREZ = re.compile(r"\d+(?:\.0*)?")
_ENSEMBL = re.compile(r"(ENS(?:MUS|RNO)?G\d{11})(?:\.\d+)?", re.IGNORECASE)
_GENE_FIELDS = ["symbol", "entrez_id", "ensembl", "name", "type"]


class AnnotationTable(ResultTable):
    """The table of :func:`~mirbone.annotate.annotate`: one row per query.

    Attributes
    ----------
    source
        The data that answered (snapshot and date, or MyGene.info; a fallback says so).
    candidates
        Each ambiguous query mapped to its genes, ``;``-joined.
    bone
        Each query that is a bone-biology name mapped to its bone gene and meaning (human
        snapshot only).
    note
        What the offline table lacks (the rat snapshot), or ``""``.
    """

    source: str | None = None
    candidates: Mapping[str, str] | None = None
    bone: Mapping[str, Any] | None = None
    note: str | None = None


class AnnotationUnavailable(InputError, RuntimeError):
    """MyGene.info could not be reached (or answered with an error).

    It is an :class:`~mirbone.errors.InputError` (the command line reports it on one line
    with exit code 2) and a :class:`RuntimeError`.
    """


# --------------------------------------------------------------------------- snapshot tables


def gene_species(species: str) -> str:
    """Return the code of a species with a bundled gene snapshot: ``hsa``, ``mmu`` or ``rno``.

    Accepts what :func:`mirbone.names.normalize_species` accepts (codes, common and Latin
    names, taxonomy IDs: ``mouse``, ``Mus musculus``, ``10090``).

    Raises
    ------
    InputError
        For any other species (MyGene.info knows more: use it online).
    """
    from mirbone.names import normalize_species

    try:
        return normalize_species(species)
    except InputError:
        msg = (
            "no bundled gene snapshot for this species (hsa, mmu and rno are bundled); "
            "annotate other species online (MyGene.info)"
        )
        raise InputError(msg, value=species, keyword="species") from None


def gene_table(species: str = "hsa") -> pd.DataFrame:
    """Return the bundled gene snapshot of a species (default human).

    Returns
    -------
    DataFrame
        One row per gene: ``entrez_id, symbol, name, type, chromosome, ensembl``
        (strings; ``ensembl`` and ``chromosome`` are ``;``-joined when several). The rat
        table has only Entrez ID, symbol and Ensembl IDs.
    """
    return read_table(f"genes/{_TABLE_PREFIX[gene_species(species)]}genes.tsv.gz")


def alias_table(species: str = "hsa") -> pd.DataFrame:
    """Return the bundled synonyms of a species' genes: ``alias, entrez_id``.

    Human and mouse: NCBI's synonyms (previous symbols and aliases). Rat: only the second
    names HCOP gives five rat genes.
    """
    return read_table(f"genes/{_TABLE_PREFIX[gene_species(species)]}aliases.tsv.gz")


def bone_alias_table() -> pd.DataFrame:
    """Return the curated bone-biology gene names: ``alias, symbol, entrez_id, note``.

    Names bone researchers use for marker genes (ALP for ALPL, TRAP for ACP5, Osterix for
    SP7, M-CSF for CSF1, ...), each checked against the snapshot's symbol and Entrez ID
    (``resources/genes/bone_aliases.tsv``, see PROVENANCE.md).
    """
    return read_table("genes/bone_aliases.tsv")


def refseq_table() -> pd.DataFrame:
    """Return the bundled RefSeq to gene map: ``refseq`` (``NM_``/``NR_``), ``entrez_id``.

    RefSeq accessions are stored without their version suffix.
    """
    return read_table("genes/refseq.tsv.gz")


class _Index:
    """Lookup dictionaries over one species' snapshot, built once per process."""

    def __init__(self, species: str = "hsa") -> None:
        self.species = species
        genes = gene_table(species)
        self.genes = genes.set_index("entrez_id")
        entrez = genes["entrez_id"].tolist()
        symbols = genes["symbol"].tolist()
        self.symbol_of = dict(zip(entrez, symbols, strict=True))
        self.entrez = set(entrez)
        self.protein_coding = set(genes.loc[genes["type"] == "protein-coding", "entrez_id"])
        self.symbol: dict[str, str | tuple[str, ...]] = {}
        self.symbol_upper: dict[str, str | tuple[str, ...]] = {}
        for gene, symbol in zip(entrez, symbols, strict=True):
            _add(self.symbol, symbol, gene)
            _add(self.symbol_upper, symbol.upper(), gene)
        aliases = alias_table(species)
        self.alias: dict[str, str | tuple[str, ...]] = {}
        self.alias_upper: dict[str, str | tuple[str, ...]] = {}
        for alias, gene in zip(
            aliases["alias"].tolist(), aliases["entrez_id"].tolist(), strict=True
        ):
            _add(self.alias, alias, gene)
            _add(self.alias_upper, alias.upper(), gene)
        bone = bone_alias_table() if species == "hsa" else bone_alias_table().iloc[:0]
        self.bone = {
            alias.upper(): (entrez, note)
            for alias, entrez, note in zip(
                bone["alias"], bone["entrez_id"], bone["note"], strict=True
            )
        }
        self.ensembl: dict[str, str | tuple[str, ...]] = {}
        for gene, ids in zip(entrez, genes["ensembl"].tolist(), strict=True):
            if isinstance(ids, str):
                for ensembl in ids.split(";"):
                    _add(self.ensembl, ensembl, gene)

    def pick(self, candidates: tuple[str, ...]) -> str | None:
        """One gene among candidates: the only one, or the only protein-coding one."""
        if len(candidates) == 1:
            return candidates[0]
        coding = [entrez for entrez in candidates if entrez in self.protein_coding]
        return coding[0] if len(coding) == 1 else None


def _add(table: dict[str, str | tuple[str, ...]], key: str, value: str) -> None:
    """Record ``value`` under ``key``: a string, or a tuple once a key has several values."""
    old = table.get(key)
    if old is None:
        table[key] = value
    elif isinstance(old, tuple):
        if value not in old:
            table[key] = (*old, value)
    elif old != value:
        table[key] = (old, value)


@cache
def _index(species: str = "hsa") -> _Index:
    return _Index(species)


def _resolve_one(text: str, index: _Index) -> tuple[str, tuple[str, ...]]:
    """Status and candidate Entrez IDs for one stripped, non-empty query."""
    if _ENTREZ.fullmatch(text):
        entrez = str(int(text.split(".")[0]))
        return ("entrez", (entrez,)) if entrez in index.entrez else ("unknown", ())
    match = _ENSEMBL.fullmatch(text)
    if match:
        return "ensembl", _as_tuple(index.ensembl.get(match.group(1).upper(), ()))
    for status, table, key in (
        ("symbol", index.symbol, text),
        ("symbol", index.symbol_upper, text.upper()),
        ("alias", index.alias, text),
        ("alias", index.alias_upper, text.upper()),
    ):
        found = table.get(key)
        if found:
            return status, _as_tuple(found)
    return "unknown", ()


def _as_tuple(found: str | tuple[str, ...]) -> tuple[str, ...]:
    return found if isinstance(found, tuple) else (found,)


def resolve_genes(
    queries: Iterable[object], *, bone: bool = True, species: str = "hsa"
) -> pd.DataFrame:
    """Resolve gene symbols, aliases, Entrez and Ensembl IDs against the bundled snapshot.

    Each distinct query is looked up once, so long columns with repeats are cheap. The
    queries are genes of ``species`` and are looked up in that species' snapshot only.

    Parameters
    ----------
    queries
        Gene symbols (any case), previous symbols or aliases, Entrez IDs (``3091``,
        ``"3091"`` or ``"3091.0"`` as Excel writes them) or Ensembl gene IDs (version
        suffixes such as ``ENSG00000100644.16`` are dropped).
    bone
        Also use the curated bone-biology names (:func:`bone_alias_table`, any case): a
        name NCBI Gene does not know resolves to the bone gene (status ``alias``: M-CSF ->
        CSF1, Osteocalcin -> BGLAP); a name NCBI gives to another gene or to several becomes
        ``ambiguous`` with the bone gene listed first (ALP: ALPL, then NCBI's ALPP, ...;
        TRAP: ACP5 and the TRAP gene); where NCBI already means the bone gene nothing
        changes. False gives NCBI's answer alone (for official symbols of target
        databases). Human only: the names are human gene symbols.
    species
        ``hsa`` (default), ``mmu`` or ``rno`` (or ``human``, ``mouse``, ``rat``, a Latin
        name, a taxonomy ID): the snapshot to use (see :func:`gene_table`).

    Returns
    -------
    DataFrame
        One row per query, in order: ``query, symbol, entrez_id, ensembl, name, type,
        status, candidates``. ``status`` is one of

        - ``symbol``: a current NCBI/HGNC symbol (exact case first, then any case);
        - ``entrez``: a current Entrez Gene ID;
        - ``ensembl``: an Ensembl gene ID listed by NCBI Gene;
        - ``alias``: a previous symbol or alias of exactly one gene (NCBI lists both as
          synonyms and does not tell them apart); a current symbol always wins over an
          alias;
        - ``ambiguous``: several genes match; ``candidates`` lists their symbols
          (``;``-joined) and the gene columns are empty;
        - ``unknown``: nothing matches;
        - ``empty``: a blank or missing value.

        When several genes match and exactly one of them is protein-coding (OPG: the
        pseudogene BTF3P11 and TNFRSF11B), the protein-coding gene is chosen and
        ``candidates`` still lists every match.
    """
    values = [queries] if isinstance(queries, str) else list(queries)  # one gene, not letters
    text = pd.Series(
        ["" if is_missing(value) else _as_text(value) for value in values], dtype=object
    )
    codes, uniques = pd.factorize(text)
    index = _index(gene_species(species))
    status, chosen, candidates = (
        zip(*(_resolve_key(key, index, bone=bone) for key in uniques), strict=True)
        if len(uniques)
        else ((), (), ())
    )
    found = index.genes.reindex(pd.Index(chosen, dtype=object))
    unique_rows = pd.DataFrame(
        {
            "symbol": found["symbol"].to_numpy(),
            "entrez_id": list(chosen),
            "ensembl": found["ensembl"].to_numpy(),
            "name": found["name"].to_numpy(),
            "type": found["type"].to_numpy(),
            "status": list(status),
            "candidates": list(candidates),
        },
        dtype=object,
    )
    table = unique_rows.take(codes).reset_index(drop=True)
    table = table.where(table.notna(), None)
    table.insert(0, "query", [_as_query(value) for value in values])
    return table


def _listed(candidates: tuple[str, ...], index: _Index) -> str:
    """Candidate symbols, ``;``-joined (with the Entrez ID where symbols repeat)."""
    symbols = [index.symbol_of[entrez] for entrez in candidates]
    if len(set(symbols)) < len(symbols):
        symbols = [
            f"{symbol} ({entrez})" for symbol, entrez in zip(symbols, candidates, strict=True)
        ]
    return ";".join(symbols)


def _resolve_key(
    key: str, index: _Index, *, bone: bool = True
) -> tuple[str, str | None, str | None]:
    """Status, chosen Entrez ID and listed candidates for one distinct query."""
    if not key:
        return "empty", None, None
    status, candidates = _resolve_one(key, index)
    meaning = index.bone.get(key.upper()) if bone and status != "entrez" else None
    if meaning is not None:
        entrez = meaning[0]
        if not candidates:
            return "alias", entrez, None
        if index.pick(candidates) != entrez:  # NCBI means another gene, or several
            ordered = (entrez, *(c for c in candidates if c != entrez))
            return "ambiguous", None, _listed(ordered, index)
    if not candidates:
        return "unknown", None, None
    chosen = index.pick(candidates)
    listed = _listed(candidates, index) if len(candidates) > 1 else None
    if chosen is None:
        return "ambiguous", None, listed
    return status, chosen, listed


def bone_meanings(queries: Iterable[object]) -> dict[str, str]:
    """Say what each query means in bone biology, for those in :func:`bone_alias_table`.

    Returns
    -------
    dict
        Query (as given) -> ``"SYMBOL (note)"``, e.g. ``"ALP" -> "ALPL (alkaline
        phosphatase, ...)"``; queries that are not bone names are left out.
    """
    index = _index()
    out: dict[str, str] = {}
    for value in [queries] if isinstance(queries, str) else queries:
        if is_missing(value):
            continue
        found = index.bone.get(_as_text(value).upper())
        if found is not None:
            out[str(_as_query(value))] = f"{index.symbol_of[found[0]]} ({found[1]})"
    return out


def _as_query(value: object) -> str | None:
    """Return the query as given, as text (whole floats such as 3091.0 as integers)."""
    if is_missing(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _as_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# --------------------------------------------------------------------------- backends
