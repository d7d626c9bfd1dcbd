"""Online annotation through MyGene.info with the ``mygene`` client (opt-in, cached)."""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from mirbone._values import is_missing
from mirbone.annotate._snapshot import (
    _ENSEMBL,
    _ENTREZ,
    COLUMNS,
    AnnotationTable,
    AnnotationUnavailable,
    _as_query,
    _as_text,
)
from mirbone.errors import InputError, user_stacklevel

MYGENE_URL = "https://mygene.info/v3"
MYGENE_SCOPES = "symbol,alias,entrezgene,ensembl.gene"
MYGENE_FIELDS = "symbol,name,entrezgene,ensembl.gene,type_of_gene,summary"
BATCH = 1000
#: miRBase species code to the species name MyGene.info takes.
MYGENE_SPECIES = {"hsa": "human", "mmu": "mouse", "rno": "rat"}


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
        species: str = "hsa",
        cache_dir: str | os.PathLike[str] | None = None,
        client: Any = None,
        url: str | None = None,
        timeout: float | None = None,
        pause: float = 1.0,
    ) -> None:
        from mirbone.names import normalize_species

        #: The species as MyGene.info names it (``human``, ``mouse``, ``rat``).
        self.species = MYGENE_SPECIES[normalize_species(species)]
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
            client = _client_with_timeout(self._timeout)
            client.url = self.url
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
                stacklevel=user_stacklevel(),
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
                    f"hits (found {str(hit)[:80]!r}); retry later, or fall back on the "
                    "bundled snapshot"
                )
                raise AnnotationUnavailable(msg, keyword="fallback")
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
                "retry later, or fall back on the bundled snapshot"
            )
            raise AnnotationUnavailable(msg, keyword="fallback")
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
                f"({type(error).__name__}: {reason}); retry later, or fall back on the "
                "bundled snapshot"
            )
            raise AnnotationUnavailable(msg, keyword="fallback") from error
        finally:
            if saved_delay is not None:
                client.delay = saved_delay
        out = answer.get("out") if isinstance(answer, Mapping) else answer
        if not isinstance(out, list):
            msg = (
                f"MyGene.info at {self.url} sent an unexpected answer "
                f"({type(answer).__name__}); retry later, or fall back on the bundled "
                "snapshot"
            )
            raise AnnotationUnavailable(msg, keyword="fallback")
        return out

    def annotate(self, queries: Sequence[str]) -> AnnotationTable:
        """Return one row per query with the columns of :data:`COLUMNS`."""
        keys = [_lookup_key(query) for query in queries]
        hits = self.fetch([key for key in keys if key])
        rows = [
            {**_mygene_row(key, hits.get(key, [])), "query": _as_query(query)}
            for query, key in zip(queries, keys, strict=True)
        ]
        candidates = {
            row["query"]: ";".join(
                sorted({str(h.get("symbol")) for h in hits.get(key, []) if h.get("symbol")})
            )
            for row, key in zip(rows, keys, strict=True)
            if row["status"] == "ambiguous"
        }
        return AnnotationTable.of(
            pd.DataFrame(rows, columns=list(COLUMNS)), source=self.source, candidates=candidates
        )


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
    if is_missing(value):
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


def _client_with_timeout(timeout: float) -> Any:
    """Return a ``mygene.MyGeneInfo`` whose HTTP requests time out after ``timeout`` s.

    The biothings client deliberately builds its HTTP client without a timeout; its
    ``_build_http_client`` hook is overridden to build one with ours instead.
    """
    import httpx
    import mygene

    class TimedMyGeneInfo(mygene.MyGeneInfo):
        def _build_http_client(self) -> None:
            if not self.http_client_setup:
                self.http_client = httpx.Client(
                    timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0))
                )
                self.http_client_setup = True
                self.http_cache_client_setup = False

    return TimedMyGeneInfo()
