"""Gene-set libraries: the bundled GO Biological Process snapshot and GMT files.

The bundled sets come from Bioconductor org.Hs.eg.db 3.16.0 (GO annotations of 2022-07-01,
propagated to every ancestor term, every evidence code but ND) with term names from GO.db
3.16.0; members are current NCBI gene symbols of 2022-09-12. ``go_bp`` holds the terms with
5 to 2,000 genes; ``bone`` holds ten bone-related roots (ossification, osteoblast and
osteoclast differentiation, bone mineralization, resorption, remodeling, development,
morphogenesis, biomineral tissue development, skeletal system development) and every
descendant term with an annotated gene.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Mapping
from functools import cache
from pathlib import Path

import pandas as pd

from mirbone._deprecated import renamed_function
from mirbone._output import atomic_open
from mirbone._resources import read_table
from mirbone._versions import GENE_ONTOLOGY, NCBI_GENE
from mirbone.errors import InputError

__all__ = [
    "BONE_ROOTS",
    "BUNDLED_MAX_SIZE",
    "BUNDLED_MIN_SIZE",
    "GO_BP_SOURCE",
    "bone_go_bp",
    "bone_go_bp_table",
    "go_bp",
    "go_bp_names",
    "go_bp_table",
    "load",
    "load_gene_sets",
    "mirna_families",
    "mirna_families_table",
    "read_gmt",
    "write_gmt",
]

#: Size bounds of the bundled ``go_bp`` table (distinct symbols per term).
BUNDLED_MIN_SIZE, BUNDLED_MAX_SIZE = 5, 2000
#: The bone-related GO BP roots of the ``bone`` library.
BONE_ROOTS = (
    "GO:0001501",
    "GO:0001503",
    "GO:0001649",
    "GO:0030282",
    "GO:0030316",
    "GO:0031214",
    "GO:0045453",
    "GO:0046849",
    "GO:0060348",
    "GO:0060349",
)
#: Human-readable provenance of the bundled sets.
GO_BP_SOURCE = (
    f"GO Biological Process {GENE_ONTOLOGY.date} ({GENE_ONTOLOGY.package}), human "
    f"annotations of NCBI Gene {NCBI_GENE.date} ({NCBI_GENE.package}), propagated, "
    "evidence ND excluded"
)


# --------------------------------------------------------------------------- GMT files


def _gmt_rows(path: str | os.PathLike[str]) -> list[tuple[str, str, list[str]]]:
    """Parse a GMT file strictly into (name, description, genes) rows."""
    file = Path(path)
    if not file.is_file():
        msg = "GMT file not found"
        raise InputError(msg, path=file)
    from mirbone.io._rawtable import load_text

    text = load_text(file)[0]
    rows: list[tuple[str, str, list[str]]] = []
    seen: set[str] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r\n")
        if not line.strip():
            continue
        fields = line.rstrip("\t ").split("\t")
        if len(fields) < 3:
            msg = (
                f"line {number}: expected name, description and at least one gene "
                f"separated by tabs, found {len(fields)} field(s)"
            )
            raise InputError(msg, path=file, value=line[:80])
        name, description, *members = (field.strip() for field in fields)
        if not name:
            msg = f"line {number}: empty gene-set name"
            raise InputError(msg, path=file)
        if name in seen:
            msg = f"line {number}: gene set {name!r} appears twice"
            raise InputError(msg, path=file, value=name)
        if not all(members):
            msg = f"line {number}: blank gene in set {name!r} (two tabs in a row?)"
            raise InputError(msg, path=file, value=name)
        seen.add(name)
        rows.append((name, description, list(dict.fromkeys(members))))
    if not rows:
        msg = "no gene sets in the GMT file"
        raise InputError(msg, path=file)
    return rows


def read_gmt(path: str | os.PathLike[str]) -> dict[str, list[str]]:
    """Read a GMT gene-set file.

    Each line is ``name<TAB>description<TAB>gene<TAB>gene...``. Trailing tabs, CRLF line
    ends, a UTF-8 byte-order mark and blank lines are tolerated; a gene listed twice in one
    set is kept once.

    Parameters
    ----------
    path
        The GMT file.

    Returns
    -------
    dict
        Set name to its genes, in file order.

    Raises
    ------
    InputError
        A missing or non-UTF-8 file, a line with fewer than three fields, a blank gene, a
        set name used twice or a file without sets (the message names the line).
    """
    return {name: members for name, _, members in _gmt_rows(path)}


def write_gmt(
    sets: Mapping[str, Collection[str]],
    path: str | os.PathLike[str],
    *,
    descriptions: Mapping[str, str] | None = None,
    force: bool = False,
) -> Path:
    """Write gene sets as a GMT file (atomically).

    Parameters
    ----------
    sets
        Set name to genes; unordered collections (sets) are written sorted.
    path
        The output file.
    descriptions
        Set name to description (default ``na``).
    force
        Overwrite an existing file.

    Returns
    -------
    Path
        The file written.
    """
    descriptions = descriptions or {}
    lines = []
    for name, genes in sets.items():
        members = sorted(genes) if isinstance(genes, (set, frozenset)) else list(genes)
        description = descriptions.get(name, "na") or "na"
        for value in (name, description, *members):
            if not value or any(char in value for char in "\t\r\n"):
                msg = f"gene set {name!r}: names, descriptions and genes must be non-empty "
                msg += "and contain no tab or line break"
                raise InputError(msg, value=value)
        if not members:
            msg = f"gene set {name!r} is empty"
            raise InputError(msg, value=name)
        lines.append("\t".join([name, description, *members]) + "\n")
    with atomic_open(path, "w", force=force) as stream:
        stream.writelines(lines)
    return Path(path)


# --------------------------------------------------------------------------- bundled GO BP


def go_bp_table() -> pd.DataFrame:
    """Return the bundled GO BP sets: ``go_id, name, size, genes`` (space-joined symbols)."""
    table = read_table("genesets/go_bp.tsv.gz")
    return table.assign(size=table["size"].astype(int))


def bone_go_bp_table() -> pd.DataFrame:
    """Return the bone GO BP subset: ``go_id, name, root, size, genes``.

    ``root`` lists (``;``-joined) the bone roots of :data:`BONE_ROOTS` the term descends
    from, the term itself included.
    """
    table = read_table("genesets/go_bp_bone.tsv")
    return table.assign(size=table["size"].astype(int))


@cache
def _parsed(which: str) -> dict[str, frozenset[str]]:
    table = go_bp_table() if which == "go-bp" else bone_go_bp_table()
    return {
        go_id: frozenset(genes.split(" "))
        for go_id, genes in zip(table["go_id"], table["genes"], strict=True)
    }


def _check_bounds(min_size: int, max_size: int | None) -> None:
    if min_size < 1 or (max_size is not None and max_size < min_size):
        msg = "need 1 <= min_size <= max_size"
        raise InputError(msg, value=(min_size, max_size))


def go_bp(*, min_size: int = 10, max_size: int = 500) -> dict[str, set[str]]:
    """Return the bundled GO Biological Process gene sets keyed by GO ID.

    Parameters
    ----------
    min_size, max_size
        Keep the terms with this many genes (inclusive). The bundle holds terms of
        5 to 2,000 genes, so the bounds must lie within those.

    Returns
    -------
    dict
        GO ID to the set of current human gene symbols annotated to it or a descendant.
    """
    _check_bounds(min_size, max_size)
    if min_size < BUNDLED_MIN_SIZE or max_size > BUNDLED_MAX_SIZE:
        msg = (
            f"the bundled GO BP sets hold terms of {BUNDLED_MIN_SIZE} to {BUNDLED_MAX_SIZE} "
            "genes; choose bounds within those (a window on the sizes after intersecting "
            "with targets or a universe belongs to the enrichment step: its min_size and "
            "max_size)"
        )
        keyword = "min_size" if min_size < BUNDLED_MIN_SIZE else "max_size"
        raise InputError(msg, value=(min_size, max_size), keyword=keyword)
    return {
        go_id: set(genes)
        for go_id, genes in _parsed("go-bp").items()
        if min_size <= len(genes) <= max_size
    }


def bone_go_bp(
    *, min_size: int = 1, max_size: int | None = None, roots: Collection[str] | None = None
) -> dict[str, set[str]]:
    """Return the bone-related GO BP sets keyed by GO ID.

    Parameters
    ----------
    min_size, max_size
        Keep the terms with this many genes (inclusive; no upper bound by default).
    roots
        Keep the terms descending from these roots (default: every root in
        :data:`BONE_ROOTS`).

    Returns
    -------
    dict
        GO ID to the set of current human gene symbols.
    """
    _check_bounds(min_size, max_size)
    table = bone_go_bp_table()
    if roots is not None:
        unknown = sorted(set(roots) - set(BONE_ROOTS))
        if unknown:
            msg = f"not a bone root; choose among {', '.join(BONE_ROOTS)}"
            raise InputError(msg, value=unknown[0])
        wanted = set(roots)
        keep = table["root"].str.split(";").map(lambda found: bool(wanted & set(found)))
        table = table[keep]
    sets = _parsed("bone")
    return {
        go_id: set(sets[go_id])
        for go_id, size in zip(table["go_id"], table["size"], strict=True)
        if size >= min_size and (max_size is None or size <= max_size)
    }


def go_bp_names() -> dict[str, str]:
    """Return GO ID to term name for every bundled GO BP term (bone terms included)."""
    names = dict(zip(*(bone_go_bp_table()[c] for c in ("go_id", "name")), strict=True))
    names.update(zip(*(go_bp_table()[c] for c in ("go_id", "name")), strict=True))
    return dict(sorted(names.items()))


def load(
    spec: str | os.PathLike[str], *, min_size: int = 1, max_size: int = 500
) -> tuple[dict[str, set[str]], dict[str, str]]:
    """Load a gene-set library: ``go-bp``, ``bone`` or a GMT file.

    Parameters
    ----------
    spec
        ``go-bp`` (bundled GO BP), ``bone`` (bundled bone subset) or the path of a GMT file.
    min_size, max_size
        A first cut of ``go-bp`` on the terms' full sizes, before any intersection; the
        enrichment step applies its own window to the sizes after intersecting with its
        universe. Bounds beyond the bundle (terms of 5 to 2,000 genes) are accepted and
        mean "no cut on that side", so that any window the enrichment step accepts is
        accepted here (unlike :func:`go_bp`, which refuses them). The ``bone`` library and
        GMT files are returned whole.

    Returns
    -------
    tuple
        ``(sets, names)``: set ID to genes, and set ID to a readable name (the GO term
        name; for a GMT file the description, unless it is empty, ``na`` or a URL, in
        which case the set's own name).
    """
    text = os.fspath(spec)
    if text in {"go-bp", "bone"}:
        _check_bounds(min_size, max_size)
        bounds = {
            "min_size": min(max(min_size, BUNDLED_MIN_SIZE), BUNDLED_MAX_SIZE),
            "max_size": max(min(max_size, BUNDLED_MAX_SIZE), BUNDLED_MIN_SIZE),
        }
        found = go_bp(**bounds) if text == "go-bp" else bone_go_bp()
        names = go_bp_names()
        return found, {go_id: names[go_id] for go_id in found}
    if not Path(text).is_file():
        msg = "gene sets must be 'go-bp', 'bone' or an existing GMT file"
        raise InputError(msg, value=text)
    sets: dict[str, set[str]] = {}
    names: dict[str, str] = {}
    for name, description, members in _gmt_rows(text):
        sets[name] = set(members)
        informative = description and description.lower() not in {"na", "n/a", "none"}
        is_url = description.lower().startswith(("http://", "https://", "ftp://"))
        names[name] = description if informative and not is_url else name
    return sets, names


load_gene_sets = renamed_function(load, "load_gene_sets")
# --------------------------------------------------------------------------- miRNA sets


def mirna_families_table() -> pd.DataFrame:
    """Return the bundled miRBase 22 families: one row per family, hairpin and mature miRNA.

    Columns ``species, family_acc, family, precursor_acc, precursor, mature_acc, mature``
    (hsa, mmu and rno; see ``resources/PROVENANCE.md``).
    """
    return read_table("genesets/mirna_families.tsv.gz")


def mirna_families(*, species: str = "hsa", min_size: int = 2) -> dict[str, list[str]]:
    """Return miRBase families as miRNA sets: ``family:<name>`` -> its mature miRNAs.

    Parameters
    ----------
    species
        ``hsa``, ``mmu`` or ``rno`` (or ``human``, ``mouse``, ``rat``).
    min_size
        Leave out families with fewer mature miRNAs in that species (a family of one miRNA
        cannot be over-represented in any useful sense).

    Returns
    -------
    dict
        Set name to the sorted v22 names of both arms of every hairpin of the family.
    """
    from mirbone.names import normalize_species

    code = normalize_species(species)
    table = mirna_families_table()
    table = table[table["species"] == code]
    sets = table.groupby("family")["mature"].agg(lambda s: sorted(set(s)))
    return {
        f"family:{name}": list(members)
        for name, members in sets.items()
        if len(members) >= min_size
    }
