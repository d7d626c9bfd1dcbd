"""Loading target sources: the knowledge base, stored databases, files and comma lists.

:func:`load` is the one loader behind ``--targets``/``--source``: ``kb``, a name stored
with ``mirbone db add``, a target file, or a comma list of these.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any

from mirbone._deprecated import renamed_function
from mirbone.errors import InputError
from mirbone.targets._map import TargetMap, _assemble, from_kb

__all__ = [
    "load",
    "load_targets",
    "methods_sentences",
    "read_map",
    "sources_provenance",
    "split_sources",
]


def load(
    source: str | os.PathLike[str],
    *,
    format: str = "auto",
    species: str = "hsa",
    min_score: float | None = None,
    evidence: str | Collection[str] | None = None,
    mirnas: Iterable[str] | None = None,
) -> TargetMap:
    """Load target sources: the knowledge base, stored databases, files, or a comma list.

    Parameters
    ----------
    source
        ``kb`` (the curated knowledge base, :func:`from_kb`); the name of a database
        stored with ``mirbone db add NAME FILE`` (``load("mirtarbase")``); the path of a
        miRTarBase, TargetScan, miRDB, TarBase, ENCORI, miRWalk, DIANA microT-CDS or
        miRNA-gene pairs file (``.gz`` read directly; miRTarBase also as ``.xlsx``); or a
        comma list of these (``"kb,mirtarbase,targetscan"``), combined with
        :meth:`TargetMap.union`, each source keeping its own rows, evidence and scores
        under its label (``kb``, the stored name, or the file's format; two files of one
        format are told apart by their file names). A stored name wins over a file of the
        same name unless the path has a folder part (``./mirtarbase``).
    format
        ``auto`` (from the header), ``mirtarbase``, ``targetscan``, ``mirdb``,
        ``tarbase``, ``encori``, ``mirwalk``, ``microt`` or ``pairs``; for files (a stored
        database keeps the format it was added with).
    species
        Keep rows of this species (``hsa``, ``mmu``, ``rno``); the others are counted in
        ``summary()["loaded"]``. A stored database holds one species.
    min_score
        Keep rows scoring at least this (miRDB defaults to 80). TargetScan context++ scores
        are stored negated, so ``min_score=0.2`` keeps context++ <= -0.2.
    evidence
        Keep only these evidence labels (see :data:`EVIDENCE`).
    mirnas
        Keep only the rows of these miRNAs (miRBase v22 names); from a stored database
        only their rows are read (what ``mirbone targets`` does).

    Raises
    ------
    InputError
        For a missing file or unknown name, a file that is not a target table (the
        columns found are named), a species without rows, nothing resolvable, or a stored
        database whose files no longer match their sha256.
    """
    from mirbone.names import normalize_species

    species = normalize_species(species)
    options = {"format": format, "species": species, "min_score": min_score,
               "evidence": evidence, "mirnas": mirnas}  # fmt: skip
    items = split_sources(source)
    if len(items) == 1:
        return _load_one(source if not isinstance(source, str) else items[0], **options)
    maps: list[TargetMap] = []
    labels: set[str] = set()
    for item in items:
        tmap = _load_one(item, **options)
        own = set(tmap._table["source"].astype(str))
        if own & labels:
            tmap = tmap._relabel(Path(item).name.split(".")[0] or item)
            own = set(tmap._table["source"].astype(str))
        labels |= own
        maps.append(tmap)
    return maps[0].union(*maps[1:])


def _load_one(
    source: str | os.PathLike[str],
    *,
    format: str,
    species: str,
    min_score: float | None,
    evidence: str | Collection[str] | None,
    mirnas: Iterable[str] | None,
) -> TargetMap:
    """Load one source (``kb``, a stored name or a file) for :func:`load`."""
    from mirbone.targets import _store

    keep = None if mirnas is None else list(mirnas)
    if str(source) == "kb":
        tmap = from_kb(species=species)
        if keep is not None:
            tmap = tmap._derive(tmap._table["mirna"].isin(keep).to_numpy())
        if min_score is None and evidence is None:
            return tmap
        return tmap.filter(evidence=evidence, min_score=min_score)
    file = Path(source)
    if _is_name(source) and _store.is_stored(str(source)):
        tmap = _store.load_stored(str(source), species=species, mirnas=keep)
        fmt = str(_store.info(str(source)).get("format", ""))
    elif not file.is_file():
        if _is_name(source) and not file.suffix:
            raise _store.unknown_name(str(source), files=True)
        msg = (
            "target file not found (expected 'kb' or the path of a target file, or a name "
            "stored with mirbone db add)"
        )
        raise InputError(msg, path=file)
    else:
        tmap, fmt = read_map(file, format=format, species=species)
        if keep is not None:
            tmap = tmap._derive(tmap._table["mirna"].isin(keep).to_numpy())
    return _default_filter(
        tmap, fmt, min_score=min_score, evidence=evidence, where=file, empty_ok=keep is not None
    )


def _is_name(spec: str | os.PathLike[str]) -> bool:
    """Return True for a bare word that could name a stored database (no folder)."""
    text = str(spec)
    return isinstance(spec, str) and os.sep not in text and "/" not in text and bool(text)


def read_map(file: Path, *, format: str, species: str) -> tuple[TargetMap, str]:
    """Read and resolve a target file (no score/evidence filter); return it and its format."""
    from mirbone.targets._readers import read_raw

    raw, counts, fmt = read_raw(file, format, species)
    if not len(raw):
        found = counts.get("other_species")
        if found:
            names = ", ".join(f"{k} ({v} rows)" for k, v in found.items())
            msg = f"no rows for species {species}; the file has: {names}"
        else:
            msg = "the target table has no rows"
        raise InputError(msg, path=file)
    counts = {"format": fmt, **counts}
    source = file.name.split(".")[0] if fmt == "pairs" else fmt
    return _assemble(raw, source=source, species=species, counts=counts, path=file), fmt


def _default_filter(
    tmap: TargetMap,
    fmt: str,
    *,
    min_score: float | None,
    evidence: str | Collection[str] | None,
    where: Path,
    empty_ok: bool = False,
) -> TargetMap:
    """Apply ``min_score``/``evidence`` (miRDB: ``min_score`` 80 unless given)."""
    if min_score is None and fmt == "mirdb":
        min_score = 80.0
    if min_score is not None or evidence is not None:
        tmap = tmap.filter(min_score=min_score, evidence=evidence)
        if not len(tmap) and not empty_ok:
            msg = f"no targets left after filtering (min_score {min_score}, evidence {evidence})"
            keyword = "min_score" if min_score is not None else "evidence"
            raise InputError(msg, path=where, keyword=keyword)
    return tmap


def split_sources(spec: str | os.PathLike[str]) -> list[str]:
    """Return the sources a ``--targets``/``--source`` value lists (``kb``, names, paths).

    A value that is an existing file is one path even if its name holds a comma.
    """
    if not isinstance(spec, str) or Path(spec).is_file():
        return [str(spec)]
    items = [item.strip() for item in spec.split(",")]
    if not items or any(not item for item in items):
        msg = "an empty item in the list of target sources; write e.g. kb,mirtarbase,FILE"
        raise InputError(msg, value=spec)
    return list(dict.fromkeys(items))


def sources_provenance(spec: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Describe each source of a ``--targets`` value for ``run.json`` and the Methods.

    Stored databases give name, format, species, version, date added and the sha256 of
    the file they were added from; files give their name, size and sha256; ``kb`` the
    knowledge base.
    """
    import hashlib

    from mirbone.targets import _store

    out: list[dict[str, Any]] = []
    for item in split_sources(spec):
        if item == "kb":
            out.append({"kind": "kb", "name": "kb"})
        elif _is_name(item) and _store.is_stored(item):
            out.append({"kind": "stored", **_store.provenance(item)})
        else:
            path = Path(item)
            digest = hashlib.sha256()
            with path.open("rb") as stream:
                for block in iter(lambda: stream.read(1 << 20), b""):
                    digest.update(block)
            out.append({
                "kind": "file", "name": path.name, "path": str(path),
                "bytes": path.stat().st_size, "sha256": digest.hexdigest(),
            })  # fmt: skip
    return out


def methods_sentences(records: list[dict[str, Any]]) -> list[str]:
    """Return the Methods sentences for :func:`sources_provenance` records.

    One per stored database (format, species, version, the sha256 of the file it was added
    from, the date it was added, its rows) and one per target file (its sha256).
    """
    out = []
    for db in records:
        if db.get("kind") == "stored":
            out.append(
                f"Target database {db['name']} ({db.get('format', '')}, "
                f"{db.get('species', '')}, version {db.get('version') or 'not given'}) was "
                f"read from {db.get('source_file', '')} (sha256 {db.get('sha256', '')}), "
                f"added to the mirbone store on {str(db.get('added', ''))[:10]}; "
                f"{db.get('edges', 0):,} resolved miRNA-gene rows."
            )
        elif db.get("kind") == "file":
            out.append(f"Target file {db['name']} had sha256 {db.get('sha256', '')}.")
    return out


load_targets = renamed_function(load, "load_targets")
