"""Gene annotation: symbols, aliases, Entrez and Ensembl IDs to current human genes.

Two backends share one output. The default, :class:`SnapshotAnnotator`, reads the bundled
NCBI Gene snapshot (Bioconductor org.Hs.eg.db 3.16.0, NCBI Gene 2022-09-12) and never goes
online. :class:`MyGeneAnnotator` asks MyGene.info through the ``mygene`` client, only when the
caller chooses ``source="mygene"``; its answers are cached on disk, one JSON file per query,
so a second run makes no request.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, Literal, Protocol

import pandas as pd

from mirbone._resources import read_table
from mirbone.errors import InputError

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

#: Output columns of :func:`annotate` (the CLI contract).
COLUMNS = ("query", "symbol", "entrez_id", "ensembl", "name", "type", "status")
#: Every status :func:`resolve_genes` and :func:`annotate` may report.
STATUSES = ("symbol", "entrez", "ensembl", "alias", "ambiguous", "unknown", "empty")
#: Human-readable provenance of the bundled snapshot.
SNAPSHOT_SOURCE = "gene snapshot NCBI Gene 2022-09-12 (Bioconductor org.Hs.eg.db 3.16.0)"

MYGENE_URL = "https://mygene.info/v3"
MYGENE_SCOPES = "symbol,alias,entrezgene,ensembl.gene"
MYGENE_FIELDS = "symbol,name,entrezgene,ensembl.gene,type_of_gene,summary"
BATCH = 1000
_HUMAN = {"human", "hsa", "homo sapiens", "9606"}
_ENTREZ = re.compile(r"\d+(?:\.0*)?")
_ENSEMBL = re.compile(r"(ENSG\d{11})(?:\.\d+)?", re.IGNORECASE)
_GENE_FIELDS = ["symbol", "entrez_id", "ensembl", "name", "type"]


class AnnotationUnavailable(InputError, RuntimeError):
    """MyGene.info could not be reached (or answered with an error).

    It is an :class:`~mirbone.errors.InputError` (the command line reports it on one line
    with exit code 2) and a :class:`RuntimeError`.
    """


# --------------------------------------------------------------------------- snapshot tables


def gene_table() -> pd.DataFrame:
    """Return the bundled human gene snapshot.

    Returns
    -------
    DataFrame
        One row per NCBI Gene record: ``entrez_id, symbol, name, type, chromosome,
        ensembl`` (strings; ``ensembl`` and ``chromosome`` are ``;``-joined when several).
    """
    return read_table("genes/genes.tsv.gz")


def alias_table() -> pd.DataFrame:
    """Return the bundled NCBI synonyms (previous symbols and aliases): ``alias, entrez_id``."""
    return read_table("genes/aliases.tsv.gz")


def bone_alias_table() -> pd.DataFrame:
    """Return the curated bone-biology gene names: ``alias, symbol, entrez_id, note``.

    Names bone researchers use for marker genes (ALP for ALPL, TRAP for ACP5, Osterix for
    SP7, M-CSF for CSF1, ...), each checked against the snapshot's symbol and Entrez ID
    (``resources/genes/bone_aliases.tsv``, see PROVENANCE.md).
    """
    return read_table("genes/bone_aliases.tsv")


def refseq_table() -> pd.DataFrame:
    """Return the bundled RefSeq to gene map: ``refseq`` (NM_/NR_, no version), ``entrez_id``."""
    return read_table("genes/refseq.tsv.gz")


class _Index:
    """Lookup dictionaries over the snapshot, built once per process."""

    def __init__(self) -> None:
        genes = gene_table()
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
        aliases = alias_table()
        self.alias: dict[str, str | tuple[str, ...]] = {}
        self.alias_upper: dict[str, str | tuple[str, ...]] = {}
        for alias, gene in zip(
            aliases["alias"].tolist(), aliases["entrez_id"].tolist(), strict=True
        ):
            _add(self.alias, alias, gene)
            _add(self.alias_upper, alias.upper(), gene)
        bone = bone_alias_table()
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
def _index() -> _Index:
    return _Index()


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


def resolve_genes(queries: Iterable[object], *, bone: bool = True) -> pd.DataFrame:
    """Resolve gene symbols, aliases, Entrez and Ensembl IDs against the bundled snapshot.

    Each distinct query is looked up once, so long columns with repeats are cheap.

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
        databases).

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
        ["" if _is_missing(value) else _as_text(value) for value in values], dtype=object
    )
    codes, uniques = pd.factorize(text)
    index = _index()
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
        if _is_missing(value):
            continue
        found = index.bone.get(_as_text(value).upper())
        if found is not None:
            out[str(_as_query(value))] = f"{index.symbol_of[found[0]]} ({found[1]})"
    return out


def _is_missing(value: object) -> bool:
    if isinstance(value, str):
        return False
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _as_query(value: object) -> str | None:
    """Return the query as given, as text (whole floats such as 3091.0 as integers)."""
    if _is_missing(value):
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _as_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# --------------------------------------------------------------------------- backends


class GeneAnnotator(Protocol):
    """What :func:`annotate` needs from a backend."""

    @property
    def source(self) -> str:
        """A human-readable name and version of the data that answered."""
        ...

    def annotate(self, queries: Sequence[str]) -> pd.DataFrame:
        """Return one row per query with the columns of :data:`COLUMNS`."""
        ...


class SnapshotAnnotator:
    """Annotate from the bundled NCBI Gene snapshot (offline)."""

    source = SNAPSHOT_SOURCE

    def annotate(self, queries: Sequence[str]) -> pd.DataFrame:
        """Return one row per query with the columns of :data:`COLUMNS`.

        ``attrs["candidates"]`` maps each ambiguous query to its genes (``;``-joined);
        ``attrs["bone"]`` maps each query that is a bone-biology name
        (:func:`bone_alias_table`) to its bone gene and meaning.
        """
        resolved = resolve_genes(queries)
        table = resolved[list(COLUMNS)].copy()
        ambiguous = resolved[resolved["status"] == "ambiguous"]
        table.attrs["candidates"] = dict(
            zip(ambiguous["query"], ambiguous["candidates"], strict=True)
        )
        table.attrs["bone"] = bone_meanings(queries)
        return table


class MyGeneAnnotator:
    """Annotate through MyGene.info with the ``mygene`` client, caching answers on disk.

    Parameters
    ----------
    species
        Passed to MyGene.info (``human``, ``mouse``, a taxonomy ID, ...).
    cache_dir
        Folder of the answer cache; default ``platformdirs.user_cache_dir("mirbone")``.
        Answers go to ``<cache_dir>/mygene/<key>.json``.
    client
        A ready ``mygene.MyGeneInfo`` (or compatible) object; one is built when omitted.
    url
        Base URL of the service; default the ``MIRBONE_MYGENE_URL`` environment variable,
        else ``https://mygene.info/v3``.
    timeout
        Seconds before a request is abandoned (applied to clients built here); default
        the ``MIRBONE_MYGENE_TIMEOUT`` environment variable, else 30.
    pause
        Seconds between two batches of uncached queries (MyGene.info's courtesy delay;
        batches have the client's ``step`` size, 1,000 by default).
    """

    def __init__(
        self,
        *,
        species: str = "human",
        cache_dir: str | os.PathLike[str] | None = None,
        client: Any = None,
        url: str | None = None,
        timeout: float | None = None,
        pause: float = 1.0,
    ) -> None:
        self.species = species
        if cache_dir is None:
            from platformdirs import user_cache_dir

            cache_dir = user_cache_dir("mirbone")
        self.cache_dir = Path(cache_dir) / "mygene"
        if url is None and client is not None:
            url = getattr(client, "url", None)
        self.url = (url or os.environ.get("MIRBONE_MYGENE_URL") or MYGENE_URL).rstrip("/")
        self._client = client
        self._timeout = _timeout(timeout)
        self.pause = pause
        self._retrieved: set[str] = set()

    @property
    def source(self) -> str:
        """MyGene.info, the URL and the dates the answers were retrieved."""
        dates = sorted(self._retrieved)
        when = (
            ""
            if not dates
            else (
                f", retrieved {dates[0]}"
                if len(dates) == 1
                else f", retrieved {dates[0]} to {dates[-1]}"
            )
        )
        return f"MyGene.info ({self.url}{when})"

    def client(self) -> Any:
        """Return the ``mygene`` client, building one pointed at :attr:`url` if needed."""
        if self._client is None:
            import httpx
            import mygene

            client = mygene.MyGeneInfo()
            client.url = self.url
            client.http_client = httpx.Client(
                timeout=httpx.Timeout(self._timeout, connect=min(self._timeout, 10.0))
            )
            client.http_client_setup = True
            self._client = client
        return self._client

    def _cache_file(self, query: str) -> Path:
        key = json.dumps([self.species, MYGENE_SCOPES, MYGENE_FIELDS, query])
        return self.cache_dir / f"{hashlib.sha256(key.encode()).hexdigest()[:32]}.json"

    def _read_cache(self, query: str) -> list[dict[str, Any]] | None:
        """Return the cached hits of a query; ``None`` when absent or unreadable."""
        path = self._cache_file(query)
        if not path.is_file():
            return None
        try:
            stored = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(stored, dict) or stored.get("query") != query:
            return None
        hits = stored.get("hits")
        if not isinstance(hits, list) or not all(isinstance(hit, dict) for hit in hits):
            return None
        self._retrieved.add(str(stored.get("retrieved", "unknown date")))
        return hits

    def _write_cache(self, query: str, hits: list[dict[str, Any]], today: str) -> None:
        """Store one answer atomically (a unique temporary file, then a rename).

        A cache that cannot be written (read-only, disk full) only costs a later request:
        a warning is issued and the answer is still used.
        """
        import tempfile
        import warnings

        path = self._cache_file(query)
        payload = {"query": query, "species": self.species, "retrieved": today, "hits": hits}
        tmp: Path | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent)
            tmp = Path(name)
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(json.dumps(payload, sort_keys=True))
            tmp.replace(path)
        except OSError as error:
            if tmp is not None:
                tmp.unlink(missing_ok=True)
            warnings.warn(
                f"MyGene.info answer not cached in {self.cache_dir}: {error}",
                RuntimeWarning,
                stacklevel=3,
            )
        except BaseException:
            if tmp is not None:
                tmp.unlink(missing_ok=True)
            raise

    def fetch(self, queries: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
        """Return the raw hits per distinct query, from the cache or from MyGene.info."""
        hits: dict[str, list[dict[str, Any]]] = {}
        missing: list[str] = []
        for query in dict.fromkeys(queries):
            cached = self._read_cache(query)
            if cached is None:
                missing.append(query)
            else:
                hits[query] = cached
        if not missing:
            return hits
        client = self.client()
        step = int(getattr(client, "step", BATCH) or BATCH)
        for start in range(0, len(missing), step):
            if start:
                time.sleep(self.pause)
            batch = missing[start : start + step]
            fresh = self._collect(batch, self._query_batch(client, batch))
            today = date.today().isoformat()
            for query, found in fresh.items():  # each complete batch is cached at once
                self._write_cache(query, found, today)
            self._retrieved.add(today)
            hits.update(fresh)
        return hits

    def _collect(self, batch: list[str], out: list[Any]) -> dict[str, list[dict[str, Any]]]:
        """Group one batch's hits by query; refuse a malformed or incomplete answer.

        Every query must come back, as hits or as ``notfound``: a query missing from the
        answer is not cached as "unknown" (that would be a lie), the whole batch fails.
        """
        fresh: dict[str, list[dict[str, Any]]] = {query: [] for query in batch}
        answered: set[str] = set()
        for hit in out:
            if not isinstance(hit, Mapping) or "query" not in hit:
                msg = (
                    f"MyGene.info at {self.url} sent an answer that is not a list of "
                    f"hits (found {str(hit)[:80]!r}); retry later, or use the bundled "
                    "snapshot (--fallback; source='snapshot' or fallback=True in Python)"
                )
                raise AnnotationUnavailable(msg)
            query = str(hit["query"])
            answered.add(query)
            if query in fresh and not hit.get("notfound"):
                fresh[query].append(dict(hit))
        lost = [query for query in batch if query not in answered]
        if lost:
            msg = (
                f"MyGene.info at {self.url} answered {len(batch) - len(lost)} of "
                f"{len(batch)} queries (no answer for {', '.join(lost[:5])}"
                f"{', ...' if len(lost) > 5 else ''}); nothing of this batch was cached; "
                "retry later, or use the bundled snapshot (--fallback)"
            )
            raise AnnotationUnavailable(msg)
        return fresh

    def _query_batch(self, client: Any, batch: list[str]) -> list[dict[str, Any]]:
        """Send one batch through ``querymany``; turn any failure into a clear error."""
        saved_delay = getattr(client, "delay", None)
        try:
            if saved_delay is not None:
                client.delay = 0  # the pause between batches is ours (none after the last)
            answer = client.querymany(
                batch,
                scopes=MYGENE_SCOPES,
                fields=MYGENE_FIELDS,
                species=self.species,
                returnall=True,
                verbose=False,
            )
        except Exception as error:
            reason = (str(error).strip().splitlines() or [""])[0][:200]
            msg = (
                f"MyGene.info could not be reached at {self.url} "
                f"({type(error).__name__}: {reason}); retry later, or use the bundled "
                "snapshot (--fallback; source='snapshot' or fallback=True in Python)"
            )
            raise AnnotationUnavailable(msg) from error
        finally:
            if saved_delay is not None:
                client.delay = saved_delay
        out = answer.get("out") if isinstance(answer, Mapping) else answer
        if not isinstance(out, list):
            msg = (
                f"MyGene.info at {self.url} sent an unexpected answer "
                f"({type(answer).__name__}); retry later, or use the bundled snapshot "
                "(--fallback; source='snapshot' or fallback=True in Python)"
            )
            raise AnnotationUnavailable(msg)
        return out

    def annotate(self, queries: Sequence[str]) -> pd.DataFrame:
        """Return one row per query with the columns of :data:`COLUMNS`."""
        keys = [_lookup_key(query) for query in queries]
        hits = self.fetch([key for key in keys if key])
        rows = [
            {**_mygene_row(key, hits.get(key, [])), "query": _as_query(query)}
            for query, key in zip(queries, keys, strict=True)
        ]
        table = pd.DataFrame(rows, columns=list(COLUMNS))
        table.attrs["candidates"] = {
            row["query"]: ";".join(
                sorted({str(h.get("symbol")) for h in hits.get(key, []) if h.get("symbol")})
            )
            for row, key in zip(rows, keys, strict=True)
            if row["status"] == "ambiguous"
        }
        return table


def _timeout(value: float | None) -> float:
    """Return the request timeout: ``value``, else ``MIRBONE_MYGENE_TIMEOUT``, else 30 s."""
    where = "timeout"
    if value is None:
        text = os.environ.get("MIRBONE_MYGENE_TIMEOUT", "").strip()
        if not text:
            return 30.0
        where = "MIRBONE_MYGENE_TIMEOUT"
        try:
            value = float(text)
        except ValueError:
            msg = f"{where} must be a number of seconds"
            raise InputError(msg, value=text) from None
    if not (value > 0 and value < float("inf")):
        msg = f"{where} must be a positive number of seconds"
        raise InputError(msg, value=value)
    return float(value)


def _lookup_key(value: object) -> str:
    """Return the form sent to MyGene.info: trimmed, Entrez floats and Ensembl versions cut."""
    if _is_missing(value):
        return ""
    text = _as_text(value)
    if _ENTREZ.fullmatch(text):
        return str(int(text.split(".")[0]))
    match = _ENSEMBL.fullmatch(text)
    return match.group(1).upper() if match else text


def _ensembl_ids(value: object) -> str | None:
    items = value if isinstance(value, list) else [value]
    ids: list[str] = []
    for item in items:
        gene = item.get("gene") if isinstance(item, Mapping) else item
        genes = gene if isinstance(gene, list) else [gene]
        ids.extend(str(g) for g in genes if g)
    return ";".join(sorted(set(ids))) or None


def _mygene_row(query: str, hits: list[dict[str, Any]]) -> dict[str, Any]:
    base: dict[str, Any] = dict.fromkeys(COLUMNS)
    base["query"] = query
    if not query:
        return {**base, "status": "empty"}
    if not hits:
        return {**base, "status": "unknown"}
    exact = [hit for hit in hits if str(hit.get("symbol", "")).upper() == query.upper()]
    coding = [hit for hit in hits if hit.get("type_of_gene") == "protein-coding"]
    if len(hits) == 1:
        hit = hits[0]
    elif len(exact) == 1:
        hit = exact[0]
    elif len(coding) == 1 and not _ENTREZ.fullmatch(query):
        hit = coding[0]
    else:
        return {**base, "status": "ambiguous"}
    entrez = hit.get("entrezgene", hit.get("_id"))
    entrez = None if entrez is None else str(entrez)
    if _ENTREZ.fullmatch(query) and entrez == str(int(query.split(".")[0])):
        status = "entrez"
    elif _ENSEMBL.fullmatch(query):
        status = "ensembl"
    elif str(hit.get("symbol", "")).upper() == query.upper():
        status = "symbol"
    else:
        status = "alias"
    return {
        **base,
        "symbol": hit.get("symbol"),
        "entrez_id": entrez,
        "ensembl": _ensembl_ids(hit.get("ensembl")),
        "name": hit.get("name"),
        "type": hit.get("type_of_gene"),
        "status": status,
    }


# --------------------------------------------------------------------------- entry point


def annotate(
    genes: Iterable[object],
    *,
    source: Literal["snapshot", "mygene"] = "snapshot",
    species: str = "human",
    cache_dir: str | os.PathLike[str] | None = None,
    fallback: bool = False,
    client: Any = None,
    timeout: float | None = None,
) -> pd.DataFrame:
    """Annotate genes with current symbol, Entrez ID, Ensembl IDs, name and type.

    Parameters
    ----------
    genes
        Symbols, aliases, Entrez or Ensembl gene IDs (see :func:`resolve_genes`).
    source
        ``snapshot`` (default, offline: NCBI Gene 2022-09-12) or ``mygene`` (MyGene.info
        through the ``mygene`` client, answers cached on disk).
    species
        Only human is bundled; other species need ``source="mygene"``.
    cache_dir
        Cache folder for MyGene.info answers (default: the user cache dir of mirbone).
    fallback
        With ``source="mygene"``: if MyGene.info cannot be reached, annotate from the
        snapshot instead of raising (``attrs["source"]`` then says so).
    client
        A ``mygene.MyGeneInfo``-compatible client (tests point one at a local server).
    timeout
        Seconds before a MyGene.info request is abandoned (default: the
        ``MIRBONE_MYGENE_TIMEOUT`` environment variable, else 30).

    Returns
    -------
    DataFrame
        ``query, symbol, entrez_id, ensembl, name, type, status``, one row per input in
        order; ``attrs["source"]`` names the data that answered. The snapshot also applies
        the bone-biology names (see :func:`resolve_genes`) and lists them in
        ``attrs["bone"]``; MyGene.info answers with its own aliases only.

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
        raise InputError(msg, value=source)
    human = species.strip().lower() in _HUMAN
    if source == "snapshot":
        if not human:
            msg = (
                "only human genes are bundled; use --online (source='mygene' in Python) for "
                "other species"
            )
            raise InputError(msg, value=species)
        backend: GeneAnnotator = SnapshotAnnotator()
        table = backend.annotate(queries)
        table.attrs["source"] = backend.source
        return table
    online = MyGeneAnnotator(species=species, cache_dir=cache_dir, client=client, timeout=timeout)
    try:
        table = online.annotate(queries)
    except AnnotationUnavailable as error:
        if not (fallback and human):
            raise
        table = SnapshotAnnotator().annotate(queries)
        table.attrs["source"] = f"{SNAPSHOT_SOURCE} (fallback: {error})"
        return table
    table.attrs["source"] = online.source
    return table
