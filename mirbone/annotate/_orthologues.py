"""Human orthologues of mouse and rat genes (HCOP, bundled), with what each mapping lost.

Gene sets (GO BP, the bone sets) are human. Genes of a mouse or rat study are tested through
their human orthologues, never by reading a mouse symbol as a human one: ``Car2`` (mouse
Entrez 12349) maps to ``CA2`` because HCOP says so, not because the letters match. Every
mapping keeps its counts (one-to-one, otherwise, lost) so a report can say what was tested.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from mirbone._resources import read_table
from mirbone._versions import HCOP
from mirbone.annotate._snapshot import gene_species
from mirbone.errors import InputError

__all__ = [
    "ORTHOLOGUE_SOURCE",
    "OrthologueMapping",
    "map_to_human",
    "orthologue_table",
    "species_genes_of_human",
]

#: Provenance of the bundled orthologue tables.
ORTHOLOGUE_SOURCE = (
    f"HCOP {HCOP.date} ({HCOP.source.removeprefix('HCOP via ')}), pairs named by at "
    f"least {HCOP.min_support} databases"
)
_NAMES = {"mmu": "mouse", "rno": "rat"}


def orthologue_table(species: str) -> pd.DataFrame:
    """Return the bundled human orthologues of a species' genes (``mmu`` or ``rno``).

    Returns
    -------
    DataFrame
        ``entrez_id, symbol`` (the mouse/rat gene), ``human_entrez_id, human_symbol``,
        ``support`` (number of HCOP databases naming the pair) and ``orthology``:
        ``one-to-one``, ``one-to-many`` (several human genes), ``many-to-one`` (a human
        gene shared with other genes of the species) or ``many-to-many``.
    """
    code = gene_species(species)
    if code == "hsa":
        msg = "human genes need no orthologue table"
        raise InputError(msg, value=species)
    return read_table(f"genes/orthologues_{code}.tsv.gz")


@dataclass
class OrthologueMapping:
    """Which species genes mapped to which human genes, and what was lost.

    ``pairs`` has one row per (species gene, human orthologue) with the columns of
    :func:`orthologue_table` plus ``gene`` (the name as given); ``lost`` lists the genes
    without a human orthologue. :meth:`counts` and :meth:`sentence` summarise it.
    """

    species: str
    genes: int
    pairs: pd.DataFrame
    lost: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """Genes given, mapped one-to-one, mapped otherwise (by kind), lost; human genes."""
        per_gene = self.pairs.drop_duplicates("gene")["orthology"].value_counts()
        return {
            "genes": self.genes,
            "one_to_one": int(per_gene.get("one-to-one", 0)),
            "one_to_many": int(per_gene.get("one-to-many", 0)),
            "many_to_one": int(per_gene.get("many-to-one", 0)),
            "many_to_many": int(per_gene.get("many-to-many", 0)),
            "lost": len(self.lost),
            "human_genes": int(self.pairs["human_symbol"].nunique()),
        }

    def sentence(self, what: str = "target genes") -> str:
        """One sentence for a report: the mapping used, how many mapped and how, lost."""
        c = self.counts()
        other = c["one_to_many"] + c["many_to_one"] + c["many_to_many"]
        name = _NAMES[self.species]
        return (
            f"The {c['genes']:,} {name} {what} were tested through their human orthologues "
            f"({ORTHOLOGUE_SOURCE}): {c['one_to_one']:,} mapped one-to-one, {other:,} "
            f"otherwise ({c['one_to_many']:,} to several human genes, {c['many_to_one']:,} "
            f"sharing a human gene with another {name} gene, {c['many_to_many']:,} both), "
            f"{c['lost']:,} had no human orthologue and were left out; "
            f"they stand for {c['human_genes']:,} human genes."
        )


def map_to_human(
    genes: Iterable[str], *, species: str, entrez_ids: Iterable[object] | None = None
) -> OrthologueMapping:
    """Map mouse or rat genes to their human orthologues through the bundled HCOP table.

    Parameters
    ----------
    genes
        Gene names of ``species`` (symbols as resolved against its snapshot).
    species
        ``mmu``/``mouse`` or ``rno``/``rat``.
    entrez_ids
        The genes' Entrez IDs of that species, in the same order (None where unknown).
        A gene is matched by its Entrez ID when given, else by its exact current symbol in
        the orthologue table; a name is never case-folded nor read as a human symbol.

    Returns
    -------
    OrthologueMapping
        One pair per (gene, human orthologue): a one-to-many gene gives several pairs.
    """
    code = gene_species(species)
    table = orthologue_table(code)
    names = pd.Series(list(genes), dtype=object)
    ids = (
        pd.Series([None] * len(names), dtype=object)
        if entrez_ids is None
        else pd.Series(list(entrez_ids), dtype=object)
    )
    if len(ids) != len(names):
        msg = "genes and entrez_ids differ in length"
        raise InputError(msg, value=(len(names), len(ids)))
    given = pd.DataFrame({"gene": names, "key": ids.map(_entrez_text)}).dropna(subset=["gene"])
    given = given.drop_duplicates("gene")
    by_symbol = table.drop_duplicates("symbol").set_index("symbol")["entrez_id"]
    given["key"] = given["key"].where(given["key"].notna(), given["gene"].map(by_symbol))
    pairs = given.merge(table, left_on="key", right_on="entrez_id", how="inner")
    pairs = pairs.drop(columns="key")
    lost = sorted(set(given["gene"]) - set(pairs["gene"]), key=str)
    return OrthologueMapping(species=code, genes=len(given), pairs=pairs, lost=lost)


def species_genes_of_human(human_entrez_ids: Iterable[object], *, species: str) -> pd.DataFrame:
    """Return the mouse or rat orthologues of human genes (for showing both side by side).

    Returns
    -------
    DataFrame
        ``human_entrez_id, entrez_id, symbol, orthology`` per pair (several rows for a
        human gene with several orthologues; none for a human gene without one).
    """
    table = orthologue_table(species)
    wanted = {_entrez_text(value) for value in human_entrez_ids} - {None}
    found = table[table["human_entrez_id"].isin(wanted)]
    return found[["human_entrez_id", "entrez_id", "symbol", "orthology"]].reset_index(drop=True)


def _entrez_text(value: object) -> str | None:
    """Return an Entrez ID as text (``12349.0`` -> ``"12349"``); None when missing."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = str(value).strip()
    if text.endswith(".0"):
        text = text[:-2]
    return text if text.isdigit() else None
