"""Safe writing of output files.

Writes are atomic (a temporary file, then a rename), and an existing file is never
overwritten unless asked.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pandas as pd

from mirbone.errors import InputError

__all__ = ["atomic_open", "check_writable", "write_table", "write_text"]


def check_writable(path: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Refuse to overwrite an existing file unless ``force`` is set."""
    target = Path(path)
    if target.exists() and not force:
        msg = "output exists; pass --force (force=True) to overwrite it"
        raise InputError(msg, path=target)
    if target.is_dir():
        msg = "output path is a folder, expected a file name"
        raise InputError(msg, path=target)
    return target


@contextlib.contextmanager
def atomic_open(
    path: str | os.PathLike[str], mode: str = "w", *, force: bool = False
) -> Iterator[IO]:
    """Open a temporary file beside ``path`` and move it into place on success.

    On any error (including KeyboardInterrupt) the temporary file is removed and an
    existing ``path`` is left untouched.
    """
    target = check_writable(path, force=force)
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        encoding = None if "b" in mode else "utf-8"
        newline = None if "b" in mode else ""
        with os.fdopen(handle, mode, encoding=encoding, newline=newline) as stream:
            yield stream
        tmp.replace(target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_text(path: str | os.PathLike[str], text: str, *, force: bool = False) -> Path:
    """Write text atomically."""
    with atomic_open(path, "w", force=force) as stream:
        stream.write(text)
    return Path(path)


def write_table(table: pd.DataFrame, path: str | os.PathLike[str], *, force: bool = False) -> Path:
    """Write a DataFrame as TSV with a header, atomically."""
    with atomic_open(path, "w", force=force) as stream:
        table.to_csv(stream, sep="\t", index=False, lineterminator="\n")
    return Path(path)
