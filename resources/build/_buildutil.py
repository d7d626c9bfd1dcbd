"""Helpers shared by the build scripts in this folder."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pandas as pd


def write_gz_tsv(table: pd.DataFrame, path: Path) -> None:
    """Write a gzip TSV with a fixed (zero) timestamp so rebuilds are byte-identical."""
    text = table.to_csv(sep="\t", index=False, lineterminator="\n")
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, compresslevel=9) as stream:
        stream.write(text.encode("utf-8"))
    path.write_bytes(buffer.getvalue())
