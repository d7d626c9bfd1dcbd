"""The one place that locates and reads the files under ``resources/``.

In an installed wheel the resources live in ``mirbone/resources`` (hatchling
``force-include``); in a source checkout (editable install, tests) they are the top-level
``resources/`` folder beside the package. Every module reads package data through
:func:`read_table` or :func:`read_text`, never through paths of its own.
"""

from __future__ import annotations

import gzip
import io
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

import pandas as pd

__all__ = ["list_resources", "read_table", "read_text", "resource", "resource_root"]


@cache
def resource_root() -> Traversable:
    """Return the folder that holds mirbone's bundled data."""
    installed = files("mirbone") / "resources"
    if installed.is_dir():
        return installed
    source_tree = Path(__file__).resolve().parent.parent / "resources"
    if source_tree.is_dir():
        return source_tree
    msg = "mirbone's bundled resources are missing; reinstall the package"
    raise FileNotFoundError(msg)


def resource(relative: str) -> Traversable:
    """Return one bundled file by its path relative to ``resources/`` (``/``-separated)."""
    node = resource_root()
    for part in relative.split("/"):
        node = node / part
    if not node.is_file():
        msg = f"bundled resource not found: {relative}"
        raise FileNotFoundError(msg)
    return node


def _read_bytes(relative: str) -> bytes:
    data = resource(relative).read_bytes()
    if relative.endswith(".gz"):
        data = gzip.decompress(data)
    return data


def read_text(relative: str) -> str:
    """Read a bundled text file (``.gz`` files are decompressed)."""
    return _read_bytes(relative).decode("utf-8")


@cache
def _cached_table(relative: str) -> pd.DataFrame:
    return pd.read_csv(
        io.BytesIO(_read_bytes(relative)),
        sep="\t",
        dtype=str,
        keep_default_na=False,
        na_values=[""],
    )


def read_table(relative: str) -> pd.DataFrame:
    """Read a bundled tab-separated table as strings (empty cells become NaN).

    The parsed table is cached; callers get a copy they may change.
    """
    return _cached_table(relative).copy()


def list_resources() -> list[str]:
    """List every bundled data file (relative paths), build scripts excluded."""
    found: list[str] = []

    def walk(node: Traversable, prefix: str) -> None:
        for child in node.iterdir():
            name = f"{prefix}{child.name}"
            if child.is_dir():
                if child.name not in {"build", "__pycache__"}:
                    walk(child, f"{name}/")
            elif not child.name.startswith("."):
                found.append(name)

    walk(resource_root(), "")
    return sorted(found)
