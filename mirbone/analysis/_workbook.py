"""The report's workbook: one sheet per table, valid sheet names, byte-stable output."""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path

import pandas as pd

__all__ = ["sheet_name", "stable_zip", "write_xlsx"]

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_name(name: str, *, taken: Iterable[str] = ()) -> str:
    """Return a valid, unique Excel sheet name (31 characters, none of ``[]:*?/`` or backslash)."""
    base = _SHEET_FORBIDDEN.sub("_", str(name)).strip("'")[:31] or "sheet"
    used = {t.lower() for t in taken}
    candidate, number = base, 2
    while candidate.lower() in used:
        suffix = f"_{number}"
        candidate = f"{base[: 31 - len(suffix)]}{suffix}"
        number += 1
    return candidate


def write_xlsx(tables: Mapping[str, pd.DataFrame], path: Path) -> dict[str, str]:
    """Write the tables as one workbook (a sheet each; formulas stay text; stable bytes)."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.created = datetime(2000, 1, 1)
    workbook.properties.modified = datetime(2000, 1, 1)
    names: dict[str, str] = {}
    limit = 1_048_575
    for name, table in tables.items():
        title = sheet_name(name, taken=names.values())
        names[name] = title
        sheet = workbook.create_sheet(title)
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", str(c)) for c in table.columns])
        for record in table.head(limit).itertuples(index=False, name=None):
            row = []
            for value in record:
                if isinstance(value, str):
                    row.append(ILLEGAL_CHARACTERS_RE.sub("", value))
                elif value is None or (isinstance(value, float) and math.isnan(value)):
                    row.append(None)
                elif hasattr(value, "item"):
                    row.append(value.item())
                else:
                    row.append(value)
            sheet.append(row)
        # A user string starting with "=" must stay text, never become a formula.
        for cells in sheet.iter_rows():
            for cell in cells:
                if cell.data_type == "f":
                    cell.data_type = "s"
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(stable_zip(buffer.getvalue()))
    return names


def stable_zip(data: bytes) -> bytes:
    """Rewrite a zip (an XLSX) with fixed entry dates, so equal content gives equal bytes."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                content = re.sub(
                    rb"<dcterms:modified([^>]*)>[^<]*</dcterms:modified>",
                    rb"<dcterms:modified\1>2000-01-01T00:00:00Z</dcterms:modified>",
                    content,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, content)
    return out.getvalue()
