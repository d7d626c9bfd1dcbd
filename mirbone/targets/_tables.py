"""Reading text target tables through Arrow: columns as categoricals, fast ID clean-up.

Used by :mod:`mirbone.targets._readers`: Arrow's multi-threaded CSV reader dictionary-
encodes the columns while parsing (a 5,000,000-row miRTarBase file in seconds and a
fraction of the memory of object strings), and Arrow's compute kernels (RE2) clean
identifiers and look for NUL bytes on the distinct values.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pandas as pd

from mirbone.errors import InputError

__all__ = ["NA_VALUES"]


def _compression(path: Path) -> str | None:
    """``gzip`` when the file starts with the gzip magic bytes, whatever its name."""
    with path.open("rb") as raw:
        return "gzip" if raw.read(2) == b"\x1f\x8b" else None


def _comment_lines(path: Path) -> int:
    """Count the ``#`` lines before a table's header (empty lines are not counted)."""
    opener = gzip.open if _compression(path) else open
    count = 0
    with opener(path, "rt", encoding="utf-8-sig", errors="replace") as stream:
        for line in stream:
            if line.startswith("#"):
                count += 1
            elif line.strip():
                break
    return count


#: Cells read as missing in every target table (pandas' defaults would also take "N/A",
#: "null", "None", ...: gene symbols such as NA are not missing).
NA_VALUES = ("", "NULL", "NA", "nan")
#: A species tag after a name or identifier, as TarBase writes it (``hsa-miR-21-5p (hsa)``).
SPECIES_TAG = r"\s*\([A-Za-z]+\)$"


def _read(path: Path, sep: str, usecols: list[str]) -> pd.DataFrame:
    """Read the named columns as categoricals (string work then runs on unique values).

    Text tables go through Arrow's multi-threaded CSV reader, which dictionary-encodes
    the columns while parsing (a 5,000,000-row miRTarBase file in a few seconds and a
    fraction of the memory of object strings).
    """
    if sep == "excel":
        frame = pd.read_excel(path, usecols=usecols, dtype=str, engine="openpyxl")
        return frame.astype("category")
    import pyarrow as pa
    import pyarrow.csv as pacsv

    text = pa.dictionary(pa.int32(), pa.string())
    convert = pacsv.ConvertOptions(
        include_columns=usecols, column_types=dict.fromkeys(usecols, text),
        null_values=list(NA_VALUES), strings_can_be_null=True, quoted_strings_can_be_null=True,
    )  # fmt: skip
    skip = _comment_lines(path)
    compression = _compression(path)
    table = None
    for newlines in (False, True):  # quoted line breaks are rare: try the fast parser first
        try:
            with pa.input_stream(str(path), compression=compression) as stream:
                table = pacsv.read_csv(
                    stream,
                    read_options=pacsv.ReadOptions(skip_rows=skip, block_size=1 << 24),
                    parse_options=pacsv.ParseOptions(delimiter=sep, newlines_in_values=newlines),
                    convert_options=convert,
                )
            break
        except pa.ArrowInvalid as error:
            if newlines or "Expected" not in str(error):
                raise
    assert table is not None
    frame = table.to_pandas()
    return _refuse_binary(frame[usecols], path)


def _refuse_binary(frame: pd.DataFrame, path: Path) -> pd.DataFrame:
    """Refuse a table whose text holds NUL bytes (checked on unique values: cheap)."""
    for column in frame.columns:
        values = frame[column]
        if isinstance(values.dtype, pd.CategoricalDtype):
            unique = values.cat.categories
        else:
            unique = values.dropna().unique()
        if _has_nul(unique):
            msg = "binary data (NUL bytes) in the table: not a text target file"
            raise InputError(msg, path=path, column=str(column))
    return frame


def _has_nul(values: object) -> bool:
    """Return True when a text value holds a NUL byte (checked with Arrow's kernel)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    text = pd.Series(values).astype(str).to_numpy(dtype=object)
    try:
        array = pa.array(text, type=pa.string())
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return bool(pd.Series(text).str.contains("\x00", regex=False).any())
    return bool(pc.any(pc.match_substring(array, "\x00")).as_py())


def _clean_ids(values: pd.Series) -> pd.Series:
    """:func:`clean_id` on unique values, with Arrow's compute kernels (RE2, no Python loop)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    arr = pc.utf8_trim_whitespace(pa.array(values.to_numpy(dtype=object), type=pa.string()))
    arr = pc.replace_substring_regex(arr, SPECIES_TAG, "")
    arr = pc.replace_substring_regex(arr, r"^(\d+)\.0*$", r"\1")
    out = pd.Series(arr.to_numpy(zero_copy_only=False), index=values.index, dtype=object)
    return out.where(out != "", None)
