"""Sample sheets: read, trimmed, and matched to the count columns of a table."""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from mirbone._frames import ResultTable
from mirbone.errors import InputError
from mirbone.io._rawtable import load

__all__ = ["SampleSheet", "read_samples"]


class SampleSheet(ResultTable):
    """A sample sheet as :func:`read_samples` returns it, with how it met the counts.

    Attributes
    ----------
    column_of
        Each sample mapped to the count column it describes.
    left_out
        Count columns the sheet does not name.
    notes
        What was done to match them, in words.
    sheet_path
        The file read (``None`` for a sheet given as a DataFrame).

    A sheet column with one of these names is read as ``sheet["notes"]``.
    """

    column_of: Mapping[str, str] | None = None
    left_out: Sequence[str] | None = None
    notes: Sequence[str] | None = None
    sheet_path: str | None = None


def _r_make_names(name: str) -> str:
    """R's ``make.names``: invalid characters -> ``.``, an ``X`` before a leading digit."""
    text = re.sub(r"[^A-Za-z0-9._]", ".", name)
    if not text or text[0].isdigit() or (text[0] == "." and len(text) > 1 and text[1].isdigit()):
        text = f"X{text}"
    return text


def _delimited(sample: str, column: str) -> bool:
    """Say whether ``sample`` stands in ``column`` between delimiters.

    ``9_5_3_1`` in ``9_5_3_1_CAGGCG_S1_L001``, ``U120-H-001`` in
    ``U120-H-001_S1_ME_L001_R1_001.mature``, ``S1`` in ``/data/bam/S1.bam``; never as part
    of a longer token (``9_5_3_1`` is not in ``9_5_3_10_TAATCG``).
    """
    pattern = r"(?:^|[/\\_.\-\s|:])" + re.escape(sample) + r"(?:$|[/\\_.\-\s|:])"
    return re.search(pattern, column) is not None


def _match_samples(
    ids: list[str], columns: list[str]
) -> tuple[dict[str, str], dict[str, str], dict[str, list[str]]]:
    """Match sheet sample IDs to count columns; only unique matches count.

    In turn: exactly, through R's ``make.names``, or as a delimited part of a column name
    decorated by a pipeline.

    Returns ``(column of each matched id, how it matched, ambiguous id -> candidates)``.
    """
    matched: dict[str, str] = {}
    how: dict[str, str] = {}
    ambiguous: dict[str, list[str]] = {}
    rules = (
        ("exact", lambda i, c: i == c),
        ("R make.names", lambda i, c: _r_make_names(i) == _r_make_names(c)),
        ("decorated", _delimited),
    )
    for label, rule in rules:
        free = [c for c in columns if c not in set(matched.values())]
        found: dict[str, list[str]] = {}
        for sample in ids:
            if sample in matched or sample in ambiguous or not sample:
                continue
            hits = [c for c in free if rule(sample, c)]
            if hits:
                found[sample] = hits
        claimed: dict[str, list[str]] = {}
        for sample, hits in found.items():
            for column in hits:
                claimed.setdefault(column, []).append(sample)
        for sample, hits in found.items():
            if len(hits) == 1 and len(claimed[hits[0]]) == 1:
                matched[sample] = hits[0]
                how[sample] = label
            else:
                ambiguous[sample] = hits
    return matched, how, ambiguous


def _trimmed(sheet: pd.DataFrame) -> pd.DataFrame:
    """Strip the spaces around every text value and column name (``'Control '``)."""
    out = sheet.copy()
    out.columns = [str(c).strip() for c in out.columns]
    for position in range(out.shape[1]):
        values = out.iloc[:, position]
        if values.dtype == object:
            out.iloc[:, position] = values.map(lambda v: v.strip() if isinstance(v, str) else v)
    return out


def _sample_column(sheet: pd.DataFrame, wanted: list[str] | None) -> str | None:
    """Return the column naming the samples.

    ``sample`` if it matches the counts, else the column whose unique values match the most
    count columns.
    """
    lowered = {str(c).lower(): c for c in sheet.columns}
    default = lowered.get("sample")
    if wanted is None:
        return default
    best, best_score = None, 0
    order = ([default] if default is not None else []) + [c for c in sheet.columns if c != default]
    for column in order:
        values = [str(v).strip() for v in sheet[column] if not pd.isna(v) and str(v).strip()]
        if not values or len(set(values)) != len(values):
            continue
        score = len(_match_samples(values, wanted)[0])
        if score > best_score:
            best, best_score = column, score
    return best if best is not None else default


def read_samples(
    samples: str | os.PathLike[str] | pd.DataFrame, columns: Iterable[str] | None = None
) -> SampleSheet:
    """Read and check a sample sheet (``sample, group, ...``).

    Parameters
    ----------
    samples
        A TSV/CSV/XLSX path or a DataFrame with a ``sample`` column (or the samples as
        the index). Spaces around values are removed (``'Control '`` is ``Control``).
    columns
        The count columns the sheet must describe. Each sheet sample is matched to one
        count column: as written, through R's ``make.names`` (``29-1p16_S39`` and
        ``29.1p16_S39``), or as a delimited part of a column name a pipeline decorated
        (``9_5_3_1`` and ``9_5_3_1_CAGGCG_S1_L001``, a BAM path); only a unique match
        counts, never a guess between two columns. Without a ``sample`` column (or when
        its values match no count column) the column whose values match the count columns
        is used. Count columns the sheet does not name are left out.

    Returns
    -------
    SampleSheet
        A DataFrame, one row per matched sample, ``sample`` first, other columns as given,
        in the order of the count columns. Its attributes ``column_of`` (sample -> count
        column), ``left_out`` (count columns the sheet does not name) and ``notes`` say
        how it met the counts.
    """
    path = "sample sheet"
    file: str | None = None  # the sheet's file, when it is one
    if isinstance(samples, pd.DataFrame):
        sheet = samples.copy()
        if "sample" not in sheet.columns and not isinstance(sheet.index, pd.RangeIndex):
            sheet = sheet.rename_axis("sample").reset_index()
    else:
        path = file = str(samples)
        raw = load(samples)
        if raw.body.shape[1] < 1 or not raw.header:
            msg = "empty sample sheet"
            raise InputError(msg, path=path)
        sheet = raw.body.copy()
        header = [h if h else "sample" for h in raw.header]
        sheet.columns = header[: sheet.shape[1]]
    sheet = _trimmed(sheet)
    repeated = sheet.columns[sheet.columns.duplicated()]
    if len(repeated):
        msg = "column named twice in the sample sheet"
        raise InputError(msg, path=path, column=str(repeated[0]))
    wanted = None if columns is None else [str(c) for c in columns]
    notes: list[str] = []
    chosen = _sample_column(sheet, wanted)
    if chosen is not None and chosen != "sample":
        if "sample" in sheet.columns:
            sheet = sheet.rename(columns={"sample": "sample (sheet)"})
        sheet = sheet.rename(columns={chosen: "sample"})
        if str(chosen).lower() != "sample":
            notes.append(f"samples named by the sheet's column {chosen!r}")
    if "sample" not in sheet.columns:
        msg = f"a sample sheet needs a 'sample' column; found: {', '.join(map(str, sheet.columns))}"
        raise InputError(msg, path=path, column="sample")
    sheet["sample"] = sheet["sample"].map(lambda v: "" if pd.isna(v) else str(v).strip())
    if sheet["sample"].eq("").any():
        msg = "empty sample name in the sample sheet"
        raise InputError(msg, path=path, column="sample")
    if sheet["sample"].duplicated().any():
        value = sheet.loc[sheet["sample"].duplicated(), "sample"].iloc[0]
        msg = "sample listed twice in the sample sheet"
        raise InputError(msg, path=path, column="sample", value=value)
    sheet = sheet[["sample", *[c for c in sheet.columns if c != "sample"]]]
    if wanted is None:
        return SampleSheet.of(sheet.reset_index(drop=True), notes=notes, sheet_path=file)
    names = sheet["sample"].tolist()
    column_of, how, ambiguous = _match_samples(names, wanted)
    if ambiguous:
        sample, hits = next(iter(ambiguous.items()))
        msg = (
            f"sample {sample!r} of the sheet matches several count columns "
            f"({', '.join(hits[:5])}); rename it or the columns so that one matches"
        )
        raise InputError(msg, path=path, column="sample", value=sample)
    missing = [n for n in names if n not in column_of]
    if missing:
        free = [c for c in wanted if c not in set(column_of.values())]
        hints = []
        for name in missing[:5]:
            close = difflib.get_close_matches(name, free, n=1, cutoff=0.8)
            if close:
                hints.append(f"{name} ~ {close[0]}{_difference(name, close[0])}")
        parts = [f"sheet samples not in the counts: {', '.join(missing)}"]
        if not column_of:
            shown = ", ".join(wanted[:10]) + (", ..." if len(wanted) > 10 else "")
            parts.insert(0, f"no count column matches a sheet sample (count columns: {shown})")
        if hints:
            parts.append(f"closest count columns: {'; '.join(hints)}")
        msg = "the sample sheet does not match the count columns; " + "; ".join(parts)
        raise InputError(msg, path=path, column="sample")
    left_out = [c for c in wanted if c not in set(column_of.values())]
    renamed = {k: v for k, v in column_of.items() if how[k] != "exact"}
    if renamed:
        kinds = sorted({how[k] for k in renamed})
        shown = ", ".join(f"{k} = {v}" for k, v in list(renamed.items())[:4])
        more = f" and {len(renamed) - 4} more" if len(renamed) > 4 else ""
        notes.append(
            f"{len(renamed)} sheet sample(s) matched to count columns ({', '.join(kinds)}): "
            f"{shown}{more}"
        )
    if left_out:
        notes.append(
            f"{len(left_out)} count column(s) not named in the sample sheet were left out: "
            f"{', '.join(left_out)}"
        )
    position = {c: i for i, c in enumerate(wanted)}
    order = sorted(range(len(names)), key=lambda i: position[column_of[names[i]]])
    out = sheet.iloc[order].reset_index(drop=True)
    return SampleSheet.of(
        out, column_of={n: column_of[n] for n in out["sample"]}, left_out=left_out, notes=notes,
        sheet_path=file,
    )  # fmt: skip


def _difference(a: str, b: str) -> str:
    """Say where two near-identical names differ (``'-' vs '.' at position 3``)."""
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            return f" ({x!r} vs {y!r} at character {i + 1})"
    return f" (lengths {len(a)} and {len(b)})"
