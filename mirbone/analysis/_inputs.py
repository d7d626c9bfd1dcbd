"""Inputs of :func:`mirbone.analysis.analyze`: reading, checksums and provenance."""

from __future__ import annotations

import hashlib
import os
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import pandas as pd

from mirbone.differential import sheet_contrast
from mirbone.errors import InputError


def sha256(path: Path) -> str:
    """Return the SHA-256 hex digest of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def input_record(path: Path, role: str) -> dict[str, Any]:
    """Describe an input file (or every file of a folder) with sizes and checksums."""
    files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    return {
        "role": role,
        "name": path.name,
        "files": [
            {
                "name": str(f.relative_to(path)) if path.is_dir() else f.name,
                "bytes": f.stat().st_size,
                "sha256": sha256(f),
            }
            for f in files
        ],
    }


def package_version(name: str) -> str:
    """Return the installed version of a package, or ``not installed``."""
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def read_input(
    data_or_path: Any,
    *,
    species: str,
    samples: Any,
    contrast: str | None,
    format: str = "auto",
    sheet: str | None = None,
    aggregate: str = "auto",
) -> tuple[Any, list[dict[str, Any]], str]:
    """Read a path (or pass data through); return the data, input records and its name."""
    from mirbone import io as mio

    inputs: list[dict[str, Any]] = []
    if isinstance(data_or_path, str | os.PathLike):
        path = Path(data_or_path)
        if not path.exists():
            msg = "input table not found"
            raise InputError(msg, path=path)
        inputs.append(input_record(path, "table"))
        name = path.name
        if samples is not None and isinstance(samples, str | os.PathLike):
            sheet_path = Path(samples)
            if not sheet_path.is_file():
                msg = "sample sheet not found"
                raise InputError(msg, path=sheet_path)
            inputs.append(input_record(sheet_path, "samples"))
        # The contrast of analyze() is a sample-sheet contrast COL:A:B for counts; a
        # statistics table with several contrasts takes its own contrast name.
        io_contrast = contrast if contrast and sheet_contrast(contrast) is None else None
        data = mio.read(
            path,
            species=species,
            samples=samples,
            contrast=io_contrast,
            format=format,
            sheet=sheet,
            aggregate=aggregate,
        )
        return data, inputs, name
    return data_or_path, inputs, str(getattr(data_or_path, "source", "") or "data")


def species_mismatch(names_log: pd.DataFrame, species: str, source: str) -> None:
    """Stop when most names are not miRNAs of ``species`` but are of another bundled one."""
    from mirbone.names import RESOLVED_STATUSES, SPECIES, normalize

    if names_log.empty or "input" not in names_log.columns:
        return
    inputs = names_log["input"].astype(str)
    ours = names_log["status"].isin(RESOLVED_STATUSES) & names_log["species"].astype(str).eq(
        species
    )
    if ours.mean() >= 0.5:
        return
    best, best_count = "", 0
    others = inputs[~ours.to_numpy()].tolist()
    for other in SPECIES:
        if other == species:
            continue
        found = normalize(others, species=other)
        count = int(
            (found["status"].isin(RESOLVED_STATUSES) & found["species"].astype(str).eq(other)).sum()
        )
        if count > best_count:
            best, best_count = other, count
    if best and best_count > len(inputs) / 2:
        msg = (
            f"{len(inputs) - int(ours.sum())} of {len(inputs)} names are not {species} "
            f"miRNAs, but {best_count} are {best} miRNAs ({SPECIES[best]}): choose species "
            f"{best}"
        )
        raise InputError(msg, path=source or None, keyword="species")


def n_resolved(names_log: pd.DataFrame, species: str) -> int:
    """Names resolved to a miRBase v22 miRNA of ``species``."""
    from mirbone.names import RESOLVED_STATUSES

    if names_log.empty or "status" not in names_log.columns:
        return 0
    species_ok = (
        names_log["species"].astype(str).eq(species) if "species" in names_log.columns else True
    )
    return int((names_log["status"].isin(RESOLVED_STATUSES) & species_ok).sum())
