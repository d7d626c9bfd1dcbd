"""The local store of target databases behind ``mirbone db`` and stored names.

A target file is read once (with the readers of :mod:`mirbone.targets`), its miRNAs and
genes resolved, and the resulting :class:`~mirbone.targets.TargetMap` kept as Parquet
under ``MIRBONE_HOME/db`` (default: the platform's user data folder). A JSON manifest
lists every entry with its format, species, version, the date it was added, the sha256 of
the file it came from and of each stored file. Loading by name reads the Parquet file
back, after checking its sha256, without parsing or resolving anything again.

Writes take a lock on the store (``MIRBONE_HOME/db/.lock``), write new files under fresh
names and replace the manifest atomically; a failed or interrupted add leaves the store as
it was. Readers take no lock: they see the old or the new manifest, never half of one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import tempfile
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mirbone.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

    from mirbone.targets import TargetMap

__all__ = [
    "RELEASES",
    "add",
    "entries",
    "fetch",
    "home",
    "info",
    "is_stored",
    "load_stored",
    "provenance",
    "remove",
    "unknown_name",
]

#: Layout version of the manifest.
MANIFEST_VERSION = 1
#: What a stored name may look like (no path separators; ``kb`` is reserved).
NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_.+-]{0,63}$")
#: Seconds to wait for another process's lock on the store.
LOCK_TIMEOUT = 600.0

#: Known releases ``mirbone db fetch`` can download: official URL, format, species,
#: version and the sha256 of the file. An entry without a verified checksum is listed (so
#: that ``db fetch`` can say where the file is) but is not downloaded unless the caller
#: gives the checksum with ``sha256=`` (``--sha256``). None of the three below has one:
#: the sites publish no checksum and none pinned elsewhere could be verified (what was
#: looked for, 2026-11-30: resources/PROVENANCE.md, "Release checksums").
RELEASES: dict[str, dict[str, Any]] = {
    "mirtarbase": {
        "database": "miRTarBase",
        "version": "10.0",
        "url": "https://awi.cuhk.edu.cn/~miRTarBase/miRTarBase_2025/cache/download/10.0/hsa_MTI.csv",
        "format": "mirtarbase",
        "species": "hsa",
        "sha256": None,
    },
    "mirdb": {
        "database": "miRDB",
        "version": "6.0",
        "url": "https://mirdb.org/download/miRDB_v6.0_prediction_result.txt.gz",
        "format": "mirdb",
        "species": "hsa",
        "sha256": None,
    },
    "targetscan": {
        "database": "TargetScanHuman",
        "version": "8.0",
        "url": "https://www.targetscan.org/vert_80/vert_80_data_download/"
        "Predicted_Targets_Context_Scores.default_predictions.txt.zip",
        "format": "targetscan",
        "species": "hsa",
        "sha256": None,
    },
}


# -- places -----------------------------------------------------------------------------


def home() -> Path:
    """Return the mirbone data folder: ``$MIRBONE_HOME`` or the user data folder."""
    value = os.environ.get("MIRBONE_HOME", "").strip()
    if value:
        return Path(value).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("mirbone", appauthor=False))


def _store(root: str | os.PathLike[str] | None) -> Path:
    return (home() if root is None else Path(root)) / "db"


def _manifest_path(store: Path) -> Path:
    return store / "manifest.json"


def check_name(name: str) -> str:
    """Return ``name`` if it can name a stored database, else raise InputError."""
    if not isinstance(name, str) or not NAME.match(name) or name.casefold() == "kb":
        msg = (
            "a stored database name is a letter followed by letters, digits or . _ + - "
            "(at most 64 characters), not 'kb'"
        )
        raise InputError(msg, value=name)
    return name


# -- manifest ---------------------------------------------------------------------------


def _read_manifest(store: Path) -> dict[str, Any]:
    path = _manifest_path(store)
    if not path.is_file():
        return {"manifest_version": MANIFEST_VERSION, "entries": {}}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        msg = (
            f"the store's manifest cannot be read ({type(error).__name__}); "
            "restore it or remove the folder and add the databases again"
        )
        raise InputError(msg, path=path) from None
    if not isinstance(data, dict) or not isinstance(data.get("entries"), dict):
        msg = "the store's manifest is not a mirbone manifest (no 'entries')"
        raise InputError(msg, path=path)
    return data


def _write_manifest(store: Path, data: dict[str, Any]) -> None:
    """Replace the manifest atomically (temporary file, fsync, rename)."""
    path = _manifest_path(store)
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    fd, tmp = tempfile.mkstemp(prefix=".manifest-", suffix=".tmp", dir=store)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        Path(tmp).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise


@contextlib.contextmanager
def _locked(store: Path) -> Iterator[None]:
    """Hold the store's lock (other writers wait up to :data:`LOCK_TIMEOUT` seconds)."""
    import filelock

    store.mkdir(parents=True, exist_ok=True)
    lock = filelock.FileLock(str(store / ".lock"), timeout=LOCK_TIMEOUT)
    try:
        with lock:
            yield
    except filelock.Timeout:
        msg = f"the store is locked by another mirbone process (waited {LOCK_TIMEOUT:.0f} s)"
        raise InputError(msg, path=store) from None


def _sha256(path: Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while block := stream.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def _unknown(name: str, known: dict[str, Any], *, files: bool = False) -> InputError:
    listed = ", ".join(sorted(known)) if known else "none (add one with mirbone db add NAME FILE)"
    what = "no stored target database and no file" if files else "no stored target database"
    return InputError(f"{what} named {name!r}; stored: {listed}")


def unknown_name(name: str, *, files: bool = False) -> InputError:
    """Return the error for a name that is not stored (nor, with ``files``, a file)."""
    try:
        known = _read_manifest(_store(None))["entries"]
    except InputError:
        known = {}
    return _unknown(name, known, files=files)


# -- reading ----------------------------------------------------------------------------


def entries(root: str | os.PathLike[str] | None = None) -> list[dict[str, Any]]:
    """Return the stored entries (sorted by name), each a dict as :func:`info` gives."""
    manifest = _read_manifest(_store(root))
    return [dict(manifest["entries"][k]) for k in sorted(manifest["entries"])]


def info(name: str, root: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """Return the manifest entry of ``name`` (InputError when it is not stored)."""
    known = _read_manifest(_store(root))["entries"]
    if name not in known:
        raise _unknown(name, known)
    return dict(known[name])


def is_stored(name: str, root: str | os.PathLike[str] | None = None) -> bool:
    """Return True when ``name`` is a stored database (never raises)."""
    if not isinstance(name, str) or not NAME.match(name):
        return False
    try:
        return name in _read_manifest(_store(root))["entries"]
    except InputError:
        return False


def _verified(store: Path, name: str, entry: dict[str, Any], key: str) -> Path:
    """Return a stored file after checking that it exists and its sha256 matches."""
    record = entry["files"][key]
    path = store / record["file"]
    if not path.is_file():
        msg = (
            f"stored database {name!r} is incomplete: its {key} file is missing; add the "
            "file again under that name (replacing it) or remove the entry"
        )
        raise InputError(msg, path=path)
    if _sha256(path) != record["sha256"]:
        msg = (
            f"stored database {name!r} is corrupt or truncated (sha256 of its {key} file "
            "does not match the manifest); add the file again under that name (replacing "
            "it) or remove the entry"
        )
        raise InputError(msg, path=path)
    return path


def _read_parquet(path: Path, name: str, mirnas: list[str] | None = None) -> pd.DataFrame:
    import pyarrow as pa
    import pyarrow.parquet as pq

    filters = None if mirnas is None else [("mirna", "in", mirnas or [""])]
    try:
        return pq.read_table(path, filters=filters).to_pandas()
    except (OSError, pa.ArrowException) as error:
        msg = f"stored database {name!r} cannot be read ({type(error).__name__}: {error})"
        raise InputError(msg, path=path) from None


def load_stored(
    name: str,
    *,
    species: str | None = None,
    mirnas: Iterable[str] | None = None,
    root: str | os.PathLike[str] | None = None,
) -> TargetMap:
    """Load the stored database ``name`` as a TargetMap (its source label is ``name``).

    With ``mirnas`` (miRBase v22 names) only their rows are read; the file's sha256 is
    checked all the same, and :attr:`TargetMap.unresolved` holds every unresolved row.

    Raises
    ------
    InputError
        For an unknown name, a species other than the stored one, or a stored file that
        is missing, truncated or corrupt (its sha256 no longer matches).
    """
    from mirbone.targets import TargetMap

    store = _store(root)
    entry = info(name, root)
    if species is not None and species != entry["species"]:
        msg = (
            f"stored database {name!r} holds {entry['species']} targets, not {species}; "
            f"add the file for {species} under another name"
        )
        raise InputError(msg, value=species, keyword="species")
    wanted = None if mirnas is None else list(dict.fromkeys(mirnas))
    table = _read_parquet(_verified(store, name, entry, "table"), name, wanted)
    unresolved = _read_parquet(_verified(store, name, entry, "unresolved"), name)
    loaded = dict(entry.get("loaded", {}))
    loaded["store"] = {k: entry.get(k) for k in ("version", "sha256", "added", "format")}
    return TargetMap._from_store(table, unresolved=unresolved, info={name: loaded})


def provenance(name: str, root: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """Return what ``run.json`` and the Methods say of a stored database."""
    entry = info(name, root)
    keys = ("name", "format", "species", "version", "added", "sha256", "source_file",
            "rows_read", "edges")  # fmt: skip
    return {k: entry.get(k) for k in keys}


# -- writing ----------------------------------------------------------------------------


def _write_parquet(frame: pd.DataFrame, store: Path) -> tuple[Path, str]:
    """Write ``frame`` to a new temporary file in the store; return it and its sha256."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    tmp = store / f".tmp-{uuid.uuid4().hex}.parquet"
    table = pa.Table.from_pandas(frame, preserve_index=False)
    try:
        pq.write_table(table, tmp, compression="zstd")
        with tmp.open("rb") as stream:
            os.fsync(stream.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return tmp, _sha256(tmp)


def _exists_error(name: str) -> InputError:
    msg = (
        f"a target database named {name!r} is already stored; replace it (force) or "
        "choose another name"
    )
    return InputError(msg, value=name, keyword="force")


def add(
    name: str,
    path: str | os.PathLike[str],
    *,
    format: str = "auto",
    species: str = "hsa",
    version: str | None = None,
    force: bool = False,
    root: str | os.PathLike[str] | None = None,
) -> dict[str, Any]:
    """Read a target file once and store it under ``name``; return the new entry.

    The file goes through :func:`mirbone.targets.load` (any format it reads), so the
    stored map holds resolved names; its rows are labelled ``source = name``. Nothing in
    the store changes when reading fails or ``name`` exists without ``force``.
    """
    from mirbone.names import normalize_species
    from mirbone.targets._load import read_map

    check_name(name)
    species = normalize_species(species)
    source = Path(path)
    if not source.is_file():
        msg = "target file not found"
        raise InputError(msg, path=source)
    store = _store(root)
    if not force and name in _read_manifest(store)["entries"]:
        raise _exists_error(name)
    source_sha = _sha256(source)
    tmap, fmt = read_map(source, format=format, species=species)
    table = tmap._table_for_store(name)
    unresolved = tmap.unresolved.astype(object)
    unresolved["source"] = name
    summary = tmap.summary()
    loaded = next(iter(summary["loaded"].values()), {})
    store.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    try:
        table_tmp, table_sha = _write_parquet(table, store)
        written.append(table_tmp)
        unres_tmp, unres_sha = _write_parquet(unresolved, store)
        written.append(unres_tmp)
        with _locked(store):
            manifest = _read_manifest(store)
            old = manifest["entries"].get(name)
            if old is not None and not force:
                raise _exists_error(name)
            stem = f"{name}.{table_sha[:16]}"
            files = {
                "table": {"file": f"{stem}.parquet", "sha256": table_sha},
                "unresolved": {"file": f"{stem}.unresolved.parquet", "sha256": unres_sha},
            }
            table_tmp.replace(store / files["table"]["file"])
            unres_tmp.replace(store / files["unresolved"]["file"])
            written.clear()
            entry = {
                "name": name,
                "format": fmt,
                "species": species,
                "version": version,
                "added": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
                "source_file": source.name,
                "sha256": source_sha,
                "source_bytes": source.stat().st_size,
                "rows_read": int(loaded.get("rows_read", 0) or 0),
                "edges": len(table),
                "mirnas": int(summary["mirnas"]),
                "genes": int(summary["genes"]),
                "unresolved": int(summary["unresolved"]),
                "loaded": _jsonable(loaded),
                "files": files,
            }
            manifest["entries"][name] = entry
            manifest["manifest_version"] = MANIFEST_VERSION
            _write_manifest(store, manifest)
            if old is not None:
                _delete_files(store, old, keep={f["file"] for f in files.values()})
    finally:
        for tmp in written:
            with contextlib.suppress(OSError):
                tmp.unlink()
    return dict(entry)


def _jsonable(value: Any) -> Any:
    """Plain JSON types (numpy numbers and tuples from the loader's counts)."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if hasattr(value, "item") and callable(value.item):
        return value.item()
    return value


def _delete_files(store: Path, entry: dict[str, Any], keep: set[str] = frozenset()) -> None:
    for record in entry.get("files", {}).values():
        if record["file"] not in keep:
            with contextlib.suppress(OSError):
                (store / record["file"]).unlink()


def remove(name: str, root: str | os.PathLike[str] | None = None) -> dict[str, Any]:
    """Delete the stored database ``name``; return the entry that was removed."""
    store = _store(root)
    with _locked(store):
        manifest = _read_manifest(store)
        if name not in manifest["entries"]:
            raise _unknown(name, manifest["entries"])
        entry = manifest["entries"].pop(name)
        _write_manifest(store, manifest)
        _delete_files(store, entry)
    return dict(entry)


# -- fetching ---------------------------------------------------------------------------


def fetch(
    name: str,
    *,
    url: str | None = None,
    sha256: str | None = None,
    version: str | None = None,
    format: str | None = None,
    species: str | None = None,
    force: bool = False,
    root: str | os.PathLike[str] | None = None,
) -> dict[str, Any]:
    """Download a release (official URL, pinned sha256) and add it to the store as ``name``.

    ``name`` is one of :data:`RELEASES` or, with ``url`` and ``sha256``, any name. The
    download goes through pooch, which checks the sha256 before anything is stored.

    Raises
    ------
    InputError
        Without a network, on a checksum mismatch, for an unknown release, or when no
        verified checksum is known (pass ``sha256``).
    """
    check_name(name)
    release = dict(RELEASES.get(name, {}))
    if url is not None:
        release.update(url=url, version=version or release.get("version"))
    if sha256 is not None:
        release["sha256"] = sha256.strip().lower()
    if not release.get("url"):
        msg = (
            f"no known release named {name!r}; known: {', '.join(sorted(RELEASES))}, or "
            "give a URL and its sha256"
        )
        raise InputError(msg, value=name, keyword="url")
    digest = release.get("sha256")
    if not digest:
        msg = (
            f"no verified sha256 is pinned for {name} {release.get('version')} "
            f"({release['url']}); give the sha256 of a download you trust, or download the "
            "file yourself and add it to the store"
        )
        raise InputError(msg, value=name, keyword="sha256")
    if not re.fullmatch(r"[0-9a-f]{64}", digest):
        msg = "a sha256 has 64 hexadecimal digits"
        raise InputError(msg, value=digest, keyword="sha256")
    store = _store(root)
    if not force and name in _read_manifest(store)["entries"]:
        raise _exists_error(name)
    path = _download(release["url"], digest, store.parent / "downloads")
    return add(
        name, path, format=format or release.get("format", "auto"),
        species=species or release.get("species", "hsa"),
        version=version or release.get("version"), force=force, root=root,
    )  # fmt: skip


def _download(url: str, digest: str, folder: Path) -> Path:
    import pooch
    import requests

    folder.mkdir(parents=True, exist_ok=True)
    pooch.get_logger().setLevel("WARNING")  # a library does not print
    processor = pooch.Unzip() if url.lower().endswith(".zip") else None
    try:
        got = pooch.retrieve(
            url, known_hash=f"sha256:{digest}", path=folder, processor=processor,
            progressbar=False,
        )  # fmt: skip
    except requests.exceptions.RequestException as error:
        msg = (
            f"cannot download {url} ({type(error).__name__}); this needs a network "
            "connection: download the file elsewhere and run mirbone db add NAME FILE"
        )
        raise InputError(msg) from None
    except ValueError as error:  # pooch: the sha256 does not match
        msg = f"the download does not match the pinned sha256 ({error})"
        raise InputError(msg, value=url) from None
    if isinstance(got, list):
        if len(got) != 1:
            msg = f"the archive holds {len(got)} files; expected one target table"
            raise InputError(msg, value=url)
        got = got[0]
    return Path(got)
