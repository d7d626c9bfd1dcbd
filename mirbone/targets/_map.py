"""miRNA -> gene target maps: the :class:`TargetMap` table and loaders for target databases.

A :class:`TargetMap` is a long table, one row per piece of evidence, with the columns
:data:`TargetMap.COLUMNS`:

``mirna``      miRBase v22 mature name (every name goes through :func:`mirbone.names.normalize`)
``gene``       current gene symbol (through :func:`mirbone.annotate.resolve_genes` for human)
``entrez_id``  NCBI Gene ID (string), empty when unknown
``source``     ``kb``, ``mirtarbase``, ``targetscan``, ``mirdb``, ``tarbase`` or a file name
``evidence``   see :data:`EVIDENCE`
``score``      numeric, larger is stronger; NaN when the source has none
``reference``  what the source cites: PMIDs as the database gives them (miRTarBase, TarBase,
               a pairs file); for knowledge-base edges ``PMID:<id>`` when the review's
               reference has a known PMID, else ``review ref <n>`` (the number in the
               review's bibliography, ``mirbone kb references``); empty when none

Evidence vocabulary (:data:`EVIDENCE`):

=======================  ==============================================================
``review``               an edge of the bundled knowledge base (curated from the review)
``strong``               miRTarBase ``Functional MTI``; TarBase low-throughput methods
``weak``                 miRTarBase ``Functional MTI (Weak)``; TarBase high-throughput
``non_functional``       miRTarBase ``Non-Functional MTI``; TarBase v8 negative, strong method
``non_functional_weak``  miRTarBase ``Non-Functional MTI (Weak)``; TarBase v8 negative, other
``predicted``            TargetScan, miRDB (with ``score``)
``unspecified``          a generic pairs file without an evidence column
=======================  ==============================================================

``evidence="strong"`` at the command line keeps :data:`STRONG_EVIDENCE` (``strong`` and
``review``). Rows whose miRNA or gene cannot be resolved are never silently dropped: they
are kept in :attr:`TargetMap.unresolved` with the reason, and counted by
:meth:`TargetMap.summary`.
"""

from __future__ import annotations

import itertools
import operator
import warnings
from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from mirbone.errors import InputError, InputWarning, user_stacklevel

if TYPE_CHECKING:
    import scipy.sparse as sp

#: Evidence labels, strongest first.
EVIDENCE = (
    "review", "strong", "weak", "predicted", "unspecified", "non_functional",
    "non_functional_weak", "unknown",
)  # fmt: skip
#: What ``evidence='strong'`` keeps.
STRONG_EVIDENCE = frozenset({"strong", "review"})
#: Columns of :attr:`TargetMap.unresolved`.
UNRESOLVED_COLUMNS = ("source", "mirna_input", "gene_input", "mirna", "gene", "reason", "detail")

_CATEGORICAL = ("mirna", "gene", "entrez_id", "source", "evidence", "reference")
_TEXT = ("entrez_id", "reference")


def _compact(column: pd.Series) -> pd.Series:
    """Drop unused categories and sort the rest (so ``categories`` are the sorted uniques)."""
    categories = column.cat.categories
    codes = column.cat.codes.to_numpy()
    used = np.bincount(codes[codes >= 0], minlength=len(categories)) > 0
    if used.all() and categories.is_monotonic_increasing:
        return column
    kept_at = np.flatnonzero(used)
    order = _argsort_text(categories[kept_at])
    remap = np.full(len(categories) + 1, -1, dtype=np.int64)
    remap[kept_at[order]] = np.arange(len(order))
    new = pd.Categorical.from_codes(
        remap[codes], dtype=pd.CategoricalDtype(categories[kept_at[order]]), validate=False
    )
    return pd.Series(new, index=column.index, name=column.name)


def _argsort_text(values: pd.Index) -> np.ndarray:
    """Positions that sort ``values`` (Arrow's sort for text: fast on a million strings)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        array = pa.array(values.to_numpy(dtype=object), type=pa.string())
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return np.argsort(values.to_numpy(), kind="stable")
    return np.asarray(pc.sort_indices(array))


def join_unique(
    frame: pd.DataFrame, keys: list[str], column: str, *, sep: str = ";"
) -> pd.DataFrame:
    """One row per distinct ``keys`` (first-seen order) with ``column``'s distinct values.

    The non-empty values of each group are sorted and ``sep``-joined; ``n_<column>``
    counts them. One pass in Python over the rows (a groupby with a Python function per
    group costs a pandas slice per group: seconds for 100,000 groups).
    """
    group = frame.groupby(keys, sort=False, dropna=False).ngroup().to_numpy()
    firsts = frame.drop_duplicates(keys)[keys].reset_index(drop=True)
    values = pd.Series(frame[column].to_numpy(dtype=object))
    good = values.notna().to_numpy() & (values.to_numpy(dtype=object) != "")
    pairs = pd.DataFrame({"g": group[good], "v": values[good].to_numpy()}).drop_duplicates()
    pairs = pairs.sort_values(["g", "v"], kind="stable", ignore_index=True)
    counts = np.bincount(pairs["g"].to_numpy(), minlength=len(firsts))
    joined = np.full(len(firsts), "", dtype=object)
    one = counts[pairs["g"].to_numpy()] == 1  # most groups: one value, no joining
    joined[pairs["g"].to_numpy()[one]] = pairs["v"].to_numpy()[one]
    many = pairs.loc[~one]
    rows = zip(many["g"].tolist(), many["v"].tolist(), strict=True)
    for at, chunk in itertools.groupby(rows, key=operator.itemgetter(0)):
        joined[at] = sep.join(v for _, v in chunk)
    firsts[column] = joined
    firsts[f"n_{column}"] = counts
    return firsts


def _as_list(values: str | Iterable[str] | None) -> list[str] | None:
    if values is None:
        return None
    if isinstance(values, str):
        return [values]
    return list(values)


class TargetMap:
    """Validated long table ``mirna, gene, entrez_id, source, evidence, score, reference``.

    Parameters
    ----------
    table
        A frame with at least ``mirna`` and ``gene``; missing optional columns are filled
        (``source`` = ``user``, ``evidence`` = ``unspecified``, the others empty). Extra
        columns are dropped; exact duplicate rows are removed.
    validate
        Check the table (missing names, non-numeric scores). Turn off only for tables
        built by mirbone itself.
    unresolved
        Rows a loader could not resolve (columns :data:`UNRESOLVED_COLUMNS`).
    info
        Per-source load counts, reported by :meth:`summary`.
    """

    COLUMNS = ("mirna", "gene", "entrez_id", "source", "evidence", "score", "reference")

    def __init__(
        self,
        table: pd.DataFrame,
        *,
        validate: bool = True,
        unresolved: pd.DataFrame | None = None,
        info: dict[str, dict[str, Any]] | None = None,
    ) -> None:
        if not isinstance(table, pd.DataFrame):
            msg = f"a TargetMap needs a DataFrame, got {type(table).__name__}"
            raise InputError(msg)
        missing = [c for c in ("mirna", "gene") if c not in table.columns]
        if missing:
            msg = (
                f"target table lacks column(s) {', '.join(missing)}; "
                f"found: {', '.join(map(str, table.columns))}"
            )
            raise InputError(msg)
        frame = pd.DataFrame(index=pd.RangeIndex(len(table)))
        defaults = {"source": "user", "evidence": "unspecified"}
        for col in self.COLUMNS:
            if col in table.columns:
                frame[col] = table[col].array
            elif col == "score":
                frame[col] = np.nan
            else:
                frame[col] = defaults.get(col)
        if validate:
            frame = self._validate(frame)
        for col in _CATEGORICAL:
            if not isinstance(frame[col].dtype, pd.CategoricalDtype):
                frame[col] = frame[col].astype(object).astype("category")
        frame = frame.drop_duplicates(ignore_index=True)
        for col in _CATEGORICAL:
            frame[col] = _compact(frame[col])
        self._table = frame
        if unresolved is None:
            unresolved = pd.DataFrame(columns=list(UNRESOLVED_COLUMNS), dtype=object)
        self._unresolved = unresolved.reset_index(drop=True)
        self._info = {} if info is None else {k: dict(v) for k, v in info.items()}

    @staticmethod
    def _validate(frame: pd.DataFrame) -> pd.DataFrame:
        for col in ("mirna", "gene"):
            text = frame[col].astype("string").str.strip()
            bad = text.isna() | text.eq("")
            if bad.any():
                first = int(np.flatnonzero(bad.to_numpy())[0])
                msg = f"{int(bad.sum())} row(s) without a {col} name (first at row {first})"
                raise InputError(msg, column=col)
            frame[col] = text.astype(object)
        for col in ("source", "evidence"):
            text = frame[col].astype("string").str.strip()
            fill = "user" if col == "source" else "unspecified"
            frame[col] = text.fillna(fill).replace("", fill).astype(object)
        for col in _TEXT:  # Entrez IDs and PMIDs as Excel writes them (3091.0) -> 3091
            text = frame[col].astype("string").str.strip().replace("", pd.NA)
            text = text.str.replace(r"^(\d+)\.0+$", r"\1", regex=True)
            frame[col] = text.astype(object).where(text.notna(), None)
        score = pd.to_numeric(frame["score"], errors="coerce")
        bad = (
            score.isna()
            & frame["score"].notna()
            & frame["score"].astype("string").str.strip().ne("")
        )
        if bad.any():
            value = frame["score"][bad].iloc[0]
            msg = f"{int(bad.sum())} non-numeric score(s)"
            raise InputError(msg, column="score", value=value)
        frame["score"] = score.astype(float)
        return frame

    # -- views -----------------------------------------------------------------------------

    @property
    def table(self) -> pd.DataFrame:
        """The long table (a copy: changing it does not change the map)."""
        return self._table.copy()

    @property
    def unresolved(self) -> pd.DataFrame:
        """Rows that could not be resolved, with ``reason`` (a copy)."""
        return self._unresolved.copy()

    @property
    def mirnas(self) -> pd.Index:
        """Sorted unique miRNAs."""
        return pd.Index(self._table["mirna"].cat.categories.astype(object), name="mirna")

    @property
    def genes(self) -> pd.Index:
        """Sorted unique genes."""
        return pd.Index(self._table["gene"].cat.categories.astype(object), name="gene")

    def __len__(self) -> int:
        return len(self._table)

    def __repr__(self) -> str:
        return (
            f"TargetMap({len(self._table)} rows, {len(self.mirnas)} miRNAs, "
            f"{len(self.genes)} genes, sources: {', '.join(self._table['source'].cat.categories)})"
        )

    def _rows(self, column: str, values: str | Iterable[str]) -> pd.DataFrame:
        wanted = _as_list(values) or []
        keep = self._table[column].isin(wanted).to_numpy()
        out = self._table.loc[keep].reset_index(drop=True)
        for col in _CATEGORICAL:  # plain strings: a query result carries no unused categories
            codes = out[col].cat.codes.to_numpy()
            out[col] = np.append(out[col].cat.categories.to_numpy(dtype=object), None)[codes]
        return out

    def targets_of(self, mirnas: str | Iterable[str]) -> pd.DataFrame:
        """Rows whose miRNA is one of ``mirnas`` (v22 names as in :attr:`mirnas`).

        The text columns of the result are plain strings (object dtype), in map order.
        """
        return self._rows("mirna", mirnas)

    def regulators_of(self, genes: str | Iterable[str]) -> pd.DataFrame:
        """Rows whose gene is one of ``genes`` (symbols as in :attr:`genes`)."""
        return self._rows("gene", genes)

    # -- derived maps ----------------------------------------------------------------------

    def _derive(self, keep: np.ndarray) -> TargetMap:
        new = TargetMap.__new__(TargetMap)
        frame = self._table.loc[keep].reset_index(drop=True)
        for col in _CATEGORICAL:
            frame[col] = _compact(frame[col])
        new._table = frame
        new._unresolved = self._unresolved.copy()
        new._info = {k: dict(v) for k, v in self._info.items()}
        return new

    @classmethod
    def _from_store(
        cls, table: pd.DataFrame, *, unresolved: pd.DataFrame, info: dict[str, dict[str, Any]]
    ) -> TargetMap:
        """Build a map from a table mirbone wrote itself (the store): no validation."""
        new = cls.__new__(cls)
        frame = table.reset_index(drop=True)
        for col in _CATEGORICAL:
            if not isinstance(frame[col].dtype, pd.CategoricalDtype):
                frame[col] = frame[col].astype(object).astype("category")
            frame[col] = _compact(frame[col])
        frame["score"] = frame["score"].astype(float)
        new._table = frame[list(cls.COLUMNS)]
        new._unresolved = unresolved.reset_index(drop=True)
        new._info = {k: dict(v) for k, v in info.items()}
        return new

    def _table_for_store(self, source: str) -> pd.DataFrame:
        """Return the table with every row labelled ``source`` (what the store writes)."""
        frame = self._table.copy()
        frame["source"] = pd.Categorical.from_codes(
            np.zeros(len(frame), dtype=np.int8), categories=[source]
        )
        return frame

    def _relabel(self, source: str) -> TargetMap:
        new = self._derive(np.ones(len(self._table), dtype=bool))
        new._table = self._table_for_store(source)
        new._unresolved = new._unresolved.assign(source=source)
        new._info = {source: dict(next(iter(self._info.values())))} if self._info else {}
        return new

    def support(self) -> pd.DataFrame:
        """For each miRNA-gene pair, the sources that list it.

        Returns
        -------
        pandas.DataFrame
            ``mirna, gene, supported_by`` (the sources, sorted, ``;``-joined) and
            ``n_sources``, one row per pair, sorted by miRNA and gene.
        """
        pairs = self._table[["mirna", "gene", "source"]].astype(object)
        out = join_unique(pairs, ["mirna", "gene"], "source")
        out = out.rename(columns={"source": "supported_by", "n_source": "n_sources"})
        return out.sort_values(["mirna", "gene"], kind="stable", ignore_index=True)

    def consensus(self, min_sources: int) -> TargetMap:
        """Keep the rows of miRNA-gene pairs listed by at least ``min_sources`` sources.

        Every row of a kept pair stays (each source's evidence and score), so
        ``consensus(2)`` of ``kb | mirtarbase | targetscan`` keeps the pairs two of the
        three agree on, each with its rows from each source.
        """
        if isinstance(min_sources, bool) or not isinstance(min_sources, int | np.integer):
            msg = "the minimum number of sources must be a whole number"
            raise InputError(msg, value=min_sources, keyword="min_sources")
        n_sources = int(self._table["source"].nunique())
        if min_sources < 1 or min_sources > max(n_sources, 1):
            msg = (
                "the minimum number of sources must be between 1 and the number of sources "
                f"listed ({n_sources})"
            )
            raise InputError(msg, value=min_sources, keyword="min_sources")
        mirna = self._table["mirna"].cat.codes.to_numpy().astype(np.int64)
        gene = self._table["gene"].cat.codes.to_numpy().astype(np.int64)
        source = self._table["source"].cat.codes.to_numpy().astype(np.int64)
        pair = mirna * (int(gene.max(initial=0)) + 1) + gene
        distinct = pd.DataFrame({"pair": pair, "source": source}).drop_duplicates()
        count = distinct.groupby("pair")["source"].size()
        keep = pd.Series(pair).map(count).to_numpy() >= min_sources
        return self._derive(keep)

    def filter(
        self,
        *,
        evidence: str | Collection[str] | None = None,
        min_score: float | None = None,
        sources: str | Collection[str] | None = None,
    ) -> TargetMap:
        """Keep rows with the given evidence labels, a score >= ``min_score``, from ``sources``.

        ``evidence="any"`` (or None) keeps every label; an unknown label is an error. Rows
        without a score are dropped by ``min_score`` only for sources that give scores.
        """
        keep = np.ones(len(self._table), dtype=bool)
        labels = _as_list(evidence)
        if labels is not None and "any" not in labels:
            unknown = sorted(set(labels) - set(EVIDENCE))
            if unknown:
                msg = (
                    f"unknown evidence label(s) {unknown}; choose from {', '.join(EVIDENCE)} or any"
                )
                raise InputError(msg, value=unknown[0])
            keep &= self._table["evidence"].isin(labels).to_numpy()
        if min_score is not None:
            score = self._table["score"]
            scored = score.notna().groupby(self._table["source"], observed=True).transform("any")
            keep &= (score.ge(min_score) | ~scored.astype(bool)).to_numpy()
            unscored = sorted(set(self._table["source"][~scored.astype(bool)].astype(str)))
            if unscored:
                warnings.warn(
                    InputWarning(
                        f"{min_score} ignored for {', '.join(unscored)}: that source gives "
                        "no scores",
                        keyword="min_score",
                    ),
                    stacklevel=user_stacklevel(),
                )
        wanted = _as_list(sources)
        if wanted is not None:
            keep &= self._table["source"].isin(wanted).to_numpy()
        return self._derive(keep)

    def union(self, *others: TargetMap) -> TargetMap:
        """Combine this map with others (duplicate rows once; unresolved rows all kept)."""
        maps = [self, *others]
        for other in others:
            if not isinstance(other, TargetMap):
                msg = f"can only combine TargetMaps, got {type(other).__name__}"
                raise InputError(msg)
        table = pd.concat(
            [m._table.astype(dict.fromkeys(_CATEGORICAL, object)) for m in maps], ignore_index=True
        )
        unresolved = pd.concat([m._unresolved for m in maps], ignore_index=True)
        info: dict[str, dict[str, Any]] = {}
        for m in maps:
            info.update(m._info)
        return TargetMap(table, validate=False, unresolved=unresolved, info=info)

    def __or__(self, other: TargetMap) -> TargetMap:
        return self.union(other)

    def to_human(self, species: str) -> tuple[TargetMap, Any]:
        """Map the genes of a mouse or rat map to their human orthologues (bundled HCOP).

        Each edge ``miRNA -> mouse gene`` becomes one edge per human orthologue of the gene
        (several for a one-to-many gene; edges of mouse genes sharing a human gene merge);
        genes without a human orthologue are left out. Genes are matched by the Entrez ID
        of the map, else by their exact symbol: never by case-folding.

        Returns
        -------
        tuple
            The human map and the :class:`mirbone.annotate.OrthologueMapping` (its
            ``counts()`` and ``sentence()`` say what mapped and what was lost). The human
            map's ``summary()["loaded"]["orthologues"]`` holds the counts too.
        """
        from mirbone.annotate import map_to_human

        table = self._table.astype({"gene": object, "entrez_id": object})
        genes = table[["gene", "entrez_id"]].drop_duplicates("gene")
        mapping = map_to_human(genes["gene"], species=species, entrez_ids=genes["entrez_id"])
        pairs = mapping.pairs[["gene", "human_symbol", "human_entrez_id"]]
        merged = table.merge(pairs, on="gene", how="inner", sort=False)
        merged["gene"] = merged["human_symbol"]
        merged["entrez_id"] = merged["human_entrez_id"]
        info = {k: dict(v) for k, v in self._info.items()}
        info["orthologues"] = {"species": mapping.species, **mapping.counts()}
        human = TargetMap(
            merged[list(self.COLUMNS)], validate=False, unresolved=self._unresolved, info=info
        )
        return human, mapping

    def incidence(
        self,
        *,
        mirnas: Iterable[str] | None = None,
        genes: Iterable[str] | None = None,
    ) -> tuple[sp.csr_matrix, pd.Index, pd.Index]:
        """Sparse miRNA x gene 0/1 matrix (uint8) with its row and column indexes.

        ``mirnas`` and ``genes`` restrict and order the rows and columns (names absent
        from the map give empty rows/columns); by default all, sorted.
        """
        rows = (
            self.mirnas if mirnas is None else pd.Index(list(dict.fromkeys(mirnas)), name="mirna")
        )
        cols = self.genes if genes is None else pd.Index(list(dict.fromkeys(genes)), name="gene")
        mir = self._table["mirna"].cat
        gen = self._table["gene"].cat
        r = rows.get_indexer(mir.categories)[mir.codes]
        c = cols.get_indexer(gen.categories)[gen.codes]
        ok = (r >= 0) & (c >= 0)
        import scipy.sparse as sp

        matrix = sp.csr_matrix(
            (np.ones(int(ok.sum()), dtype=np.uint8), (r[ok], c[ok])),
            shape=(len(rows), len(cols)),
        )
        matrix.sum_duplicates()
        matrix.data[:] = 1
        return matrix, rows, cols

    def summary(self) -> dict[str, Any]:
        """Count rows, miRNAs, genes, pairs, rows per source and evidence, unresolved rows."""
        table = self._table
        pairs = table[["mirna", "gene"]].drop_duplicates()
        reasons = self._unresolved["reason"].value_counts() if len(self._unresolved) else {}
        return {
            "rows": len(table),
            "mirnas": len(self.mirnas),
            "genes": len(self.genes),
            "pairs": len(pairs),
            "sources": {str(k): int(v) for k, v in table["source"].value_counts().items() if v},
            "evidence": {str(k): int(v) for k, v in table["evidence"].value_counts().items() if v},
            "unresolved": len(self._unresolved),
            "unresolved_reasons": {str(k): int(v) for k, v in dict(reasons).items()},
            "loaded": {k: dict(v) for k, v in self._info.items()},
        }


def _assemble(raw: pd.DataFrame, **options: Any) -> TargetMap:
    """Resolve miRNAs and genes of a raw frame into a TargetMap (unresolved rows kept).

    ``options`` are those of :func:`mirbone.targets._resolve.resolve` (``source``,
    ``species``, ``counts``, ``path``, ``gene_species``).
    """
    from mirbone.targets._resolve import resolve

    table, unresolved, counts = resolve(raw, **options)
    return TargetMap(table, validate=False, unresolved=unresolved, info={options["source"]: counts})


# -- public loaders ---------------------------------------------------------------------


def _kb_reference(numbers: pd.Series) -> pd.Series:
    """``PMID:<id>`` for references with a PMID, ``review ref <n>`` for the others."""
    from mirbone import kb

    refs = kb.references()
    pmid = refs["pmid"].astype("string").str.strip()
    known = dict(zip(refs["number"].astype(int), pmid, strict=True))
    out = []
    for number in numbers:
        if pd.isna(number):
            out.append(None)
            continue
        value = known.get(int(number))
        out.append(
            f"PMID:{value}" if isinstance(value, str) and value else f"review ref {int(number)}"
        )
    return pd.Series(out, index=numbers.index, dtype=object)


def from_kb(
    *, species: str = "hsa", direct_only: bool = True, include_unresolved: bool = False
) -> TargetMap:
    """Return the knowledge base's miRNA -> gene edges as a TargetMap (evidence ``review``).

    Parameters
    ----------
    species
        Species of the miRNA names (the knowledge base maps findings made in other
        species through orthologues). Genes are always human (HGNC symbols and NCBI Gene
        IDs of the bundled snapshot), for mmu and rno too: mouse/rat orthologous genes
        are not mapped.
    direct_only
        Keep only the targeting claims (``relation`` ``represses``, ``mode`` ``direct``);
        with False every edge with a gene is kept, indirect and up-regulating ones too.
        ``summary()["loaded"]["kb"]`` counts what was left out.
    include_unresolved
        Also keep the edges whose curation is ``unresolved`` (the review's statement could
        not be reconciled with the cited paper: miR-218 -> TCF7). Left out by default, so
        that they never count as ordinary ``review`` evidence; counted in
        ``summary()["loaded"]["kb"]["curation_unresolved"]``.

    Notes
    -----
    ``reference`` is ``PMID:<id>`` when the review's reference has a PMID in the knowledge
    base's ``references`` table, else ``review ref <n>`` (the number in the review's
    bibliography).
    """
    from mirbone import kb
    from mirbone.names import normalize_species

    species = normalize_species(species)
    inter = kb.interactions(species=species)
    counts: dict[str, Any] = {
        "rows_read": len(inter),
        "no_orthologue": len(inter.excluded or ()),
        "genes": "human (NCBI Gene snapshot)"
        + ("" if species == "hsa" else "; mouse/rat orthologous genes are not mapped"),
    }
    keep = inter["gene"].notna().to_numpy()
    if direct_only:
        direct = inter["relation"].eq("represses")
        if "mode" in inter.columns:
            direct &= inter["mode"].eq("direct")
        counts["not_direct_targeting"] = int((keep & ~direct.to_numpy()).sum())
        keep &= direct.to_numpy()
    if not include_unresolved and "curation" in inter.columns:
        unresolved = inter["curation"].eq("unresolved").to_numpy()
        counts["curation_unresolved"] = int((keep & unresolved).sum())
        keep &= ~unresolved
    inter = inter.loc[keep].reset_index(drop=True)
    if not len(inter):
        msg = f"the knowledge base has no miRNA -> gene targeting edges for {species}"
        raise InputError(msg)
    text = {
        col: inter[col].astype("string").astype(object).where(inter[col].notna(), None)
        if col in inter.columns
        else None
        for col in ("entrez_id", "reference")
    }
    if "reference" in inter.columns:
        text["reference"] = _kb_reference(inter["reference"])
    raw = (
        pd.DataFrame(
            {
                "mirna": inter["mirna"].astype(object),
                "gene": inter["gene"].astype(object),
                "entrez": text["entrez_id"],
                "ensembl": None,
                "refseq": None,
                "evidence": "review",
                "score": np.nan,
                "reference": text["reference"],
            }
        )
        .astype("category")
        .astype({"score": float})
    )
    return _assemble(
        raw, source="kb", species=species, counts=counts, path=None, gene_species="hsa"
    )


def concordance(kb: TargetMap, *others: TargetMap) -> pd.DataFrame:
    """For each edge of ``kb``, which other sources support the same miRNA-gene pair.

    Returns
    -------
    pandas.DataFrame
        One row per (mirna, gene) of ``kb`` with ``mirna, gene, entrez_id, reference``
        (``;``-joined), ``supported_by`` (sources, ``;``-joined), ``n_sources`` and
        ``evidence`` (``source:label`` for each supporting source, ``;``-joined).
    """
    edges = kb.table.astype(dict.fromkeys(_CATEGORICAL, object))
    edges["reference"] = edges["reference"].fillna("").astype(str)
    grouped = edges.groupby(["mirna", "gene"], sort=True, observed=True)
    base = grouped.agg(
        entrez_id=("entrez_id", "first"),
        reference=("reference", lambda s: ";".join(sorted({r for r in s if r}))),
    ).reset_index()
    if others:
        support = pd.concat(
            [o.table[["mirna", "gene", "source", "evidence"]].astype(object) for o in others],
            ignore_index=True,
        ).drop_duplicates()
        support = support.merge(base[["mirna", "gene"]], on=["mirna", "gene"])
        support["label"] = support["source"] + ":" + support["evidence"]
        agg = (
            support.groupby(["mirna", "gene"], sort=False)
            .agg(
                supported_by=("source", lambda s: ";".join(sorted(set(s)))),
                n_sources=("source", "nunique"),
                evidence=("label", lambda s: ";".join(sorted(set(s)))),
            )
            .reset_index()
        )
        base = base.merge(agg, on=["mirna", "gene"], how="left")
    else:
        base = base.assign(supported_by=None, n_sources=0, evidence=None)
    base["supported_by"] = base["supported_by"].fillna("")
    base["evidence"] = base["evidence"].fillna("")
    base["n_sources"] = base["n_sources"].fillna(0).astype(int)
    columns = ["mirna", "gene", "entrez_id", "reference", "supported_by", "n_sources", "evidence"]
    return base[columns]
