"""Low-level reading of user tables for :mod:`mirbone.io`: bytes, text, delimiters, sheets.

:func:`load` turns a file (plain, gzip-compressed, with a BOM, Windows or old Mac line
endings, tab/comma/semicolon separated, decimal commas, or an XLSX workbook) into a
:class:`RawTable`: the header as written and the body with numbers parsed, plus where each
body row sits in the file so that errors can name the line.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from mirbone._values import is_missing
from mirbone.errors import InputError

__all__ = ["RawTable", "decode", "load", "load_text", "split_line"]

_DELIMITERS = ("\t", ",", ";")
_DELIMITER_NAMES = {"\t": "tab", ",": "comma", ";": "semicolon"}
_SNIFF_LINES = 50
#: Largest text read, after decompression (bytes). A table this size needs ~10 GB of memory.
MAX_TEXT_BYTES = 1 << 30
#: Largest table parsed, in cells (rows x columns): ~3 GB peak memory in ``mirbone read``
#: (``tests/benchmarks/bench_scale_reads.py``: 26M cells, 1.2 GB).
MAX_CELLS = 60_000_000
#: Largest workbook sheet read, in cells: openpyxl is slow and memory-hungry on big sheets.
MAX_WORKBOOK_CELLS = 5_000_000
_DECIMAL_COMMA = re.compile(r"^[-+]?\d*,\d+(?:[eE][-+]?\d+)?$")
_DECIMAL_POINT = re.compile(r"^[-+]?\d*\.\d+(?:[eE][-+]?\d+)?$")
_GZIP_MAGIC = b"\x1f\x8b"
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls (and .doc) files


@dataclass
class RawTable:
    """A table as found in a file, before any format-specific interpretation.

    Attributes
    ----------
    header
        Column names as written (an R row-names column gets ``""``).
    body
        The data rows; columns are positions ``0..n-1``; numbers parsed where possible.
    path
        The file read.
    comments
        Comment lines (``#...``) above the header.
    locations
        For each body row, where it is in the file (``"line 7"``, ``"row 7"`` in a sheet).
    delimiter, decimal
        What separated the fields and the decimal mark (``None`` for a workbook).
    sheet
        The workbook sheet read, if any.
    notes
        Things worth telling the user (decimal commas, encoding, compression).
    """

    header: list[str]
    body: pd.DataFrame
    path: str
    comments: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    delimiter: str | None = "\t"
    decimal: str = "."
    sheet: str | None = None
    notes: list[str] = field(default_factory=list)

    def location(self, position: int) -> str:
        """Return where body row ``position`` (0-based) is in the file."""
        return self.locations[position]


def split_line(line: str, delimiter: str) -> list[str]:
    """Split one line on ``delimiter``, honouring double quotes."""
    if '"' not in line:
        return line.split(delimiter) if line else []
    try:
        return next(csv.reader([line], delimiter=delimiter, quotechar='"'), [])
    except csv.Error:  # a quoted field longer than the csv module's limit
        return [field.strip('"') for field in line.split(delimiter)]


def _read_bytes(path: str | Path) -> tuple[bytes, list[str]]:
    if not str(path).strip():  # Path("") is the current folder
        msg = "no file given (an empty path)"
        raise InputError(msg, value=str(path))
    path = Path(path)
    if not path.exists():
        msg = "file not found"
        raise InputError(msg, path=path)
    if path.is_dir():
        msg = "is a folder, expected a file"
        raise InputError(msg, path=path)
    try:
        if path.stat().st_size > MAX_TEXT_BYTES:
            _too_big(path, path.stat().st_size)
        data = _read_bounded(path)
    except OSError as error:  # permission denied, a device, an I/O error
        msg = f"cannot read the file ({error.strerror or error})"
        raise InputError(msg, path=path) from None
    notes: list[str] = []
    if data.startswith(_GZIP_MAGIC):
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
                data = stream.read(MAX_TEXT_BYTES + 1)  # bounded: a gzip bomb stops here
        except (OSError, EOFError, zlib.error) as error:
            msg = f"corrupt or truncated gzip file ({error})"
            raise InputError(msg, path=path) from None
        if len(data) > MAX_TEXT_BYTES:
            _too_big(path, len(data), what="decompressed ")
        notes.append("gzip-compressed input")
    return data, notes


def _read_bounded(path: Path, chunk: int = 1 << 24) -> bytes:
    """Read at most :data:`MAX_TEXT_BYTES` (a device or a pipe may never end).

    Text that starts with NUL bytes (not gzip, zip, OLE or UTF-16) is refused at once.
    """
    blocks: list[bytes] = []
    size = 0
    with path.open("rb") as stream:
        while block := stream.read(chunk):
            if (
                not blocks
                and b"\x00" in block[:4096]
                and not block.startswith(
                    (_GZIP_MAGIC, _ZIP_MAGIC, _OLE_MAGIC, b"\xff\xfe", b"\xfe\xff")
                )
            ):
                msg = "binary file, not a text table (expected TSV, CSV or XLSX)"
                raise InputError(msg, path=path)
            blocks.append(block)
            size += len(block)
            if size > MAX_TEXT_BYTES:
                _too_big(path, size)
    return b"".join(blocks)


def _too_big(path: Path, size: int, *, what: str = "") -> None:
    msg = (
        f"the {what}file is larger than mirbone reads at once ({size:,} bytes; limit "
        f"{MAX_TEXT_BYTES:,} bytes): split it (by samples) or filter rows first"
    )
    raise InputError(msg, path=path)


def decode(data: bytes, source: str) -> str:
    """Decode bytes read from ``source`` (a name for messages) as :func:`load_text` does."""
    if data.startswith(_GZIP_MAGIC):
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
                data = stream.read(MAX_TEXT_BYTES + 1)
        except (OSError, EOFError, zlib.error) as error:
            msg = f"corrupt or truncated gzip data ({error})"
            raise InputError(msg, path=source) from None
    if data.startswith(_ZIP_MAGIC):
        msg = "a zip archive or XLSX workbook, expected text"
        raise InputError(msg, path=source)
    return _decode(data, source, [])


def _decode(data: bytes, path: str | Path, notes: list[str]) -> str:
    if data.startswith(_OLE_MAGIC):
        msg = "a legacy Excel .xls workbook: save it as .xlsx (or as TSV/CSV) and read that"
        raise InputError(msg, path=path)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            msg = (
                "starts with a UTF-16 byte-order mark but is not valid UTF-16 text "
                f"({error.reason} at byte {error.start}); expected UTF-8 or UTF-16 text"
            )
            raise InputError(msg, path=path) from None
        if "\x00" in text:
            msg = "binary file, not a text table (NUL characters in UTF-16 text)"
            raise InputError(msg, path=path)
        notes.append("UTF-16 text (as saved by Excel's 'Unicode text')")
    elif b"\x00" in data:
        where = data.index(b"\x00")
        msg = (
            f"binary file, not a text table (a NUL byte at byte {where}; expected TSV, CSV or XLSX)"
        )
        raise InputError(msg, path=path)
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = data.decode("cp1252", errors="replace")
            notes.append("not UTF-8: read as Windows-1252")
    if text.startswith("\ufeff"):
        text = text[1:]
        notes.append("byte-order mark removed")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        notes.append("Windows line endings")
    return text


def load_text(path: str | Path) -> tuple[str, list[str]]:
    """Read a text file (plain or gzip; UTF-8, UTF-16 or Windows-1252), newline-ended lines.

    Returns
    -------
    tuple
        The text and notes on what was done (compression, encoding, BOM, line endings).

    Raises
    ------
    InputError
        A missing file, a folder, a binary file, a workbook or a corrupt gzip file.
    """
    data, notes = _read_bytes(path)
    file = Path(path)
    if data.startswith(_ZIP_MAGIC):
        msg = "a zip archive or XLSX workbook, expected a text file"
        raise InputError(msg, path=file)
    return _decode(data, file, notes), notes


def _head_lines(text: str, count: int) -> list[tuple[int, str]]:
    """Return the first ``count`` lines with their 0-based character offsets."""
    lines: list[tuple[int, str]] = []
    start = 0
    while start < len(text) and len(lines) < count:
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        lines.append((start, text[start:end]))
        start = end + 1
    return lines


def _field_counts(lines: list[str], delimiter: str) -> list[int]:
    return [len(split_line(line, delimiter)) for line in lines]


def _choose_delimiter(
    header: str, data: list[str], path: Path, numbers: list[int] | None = None
) -> str | None:
    """Return the delimiter giving a consistent number of fields, or None for one column."""
    best: tuple[int, str] | None = None
    for delimiter in _DELIMITERS:
        fields = split_line(header, delimiter)
        head = len(fields)
        while len(fields) > 1 and not fields[-1].strip():
            fields.pop()  # trailing delimiters after the header
        trimmed = len(fields)
        counts = set(_field_counts(data, delimiter)) if data else {head}
        if len(counts) != 1:
            continue
        width = counts.pop()
        if width < 2 or not ({head, trimmed} & {width - 1, width}):
            continue
        if best is None or width > best[0]:
            best = (width, delimiter)
    if best is not None:
        return best[1]
    single = all(len(split_line(line, d)) == 1 for line in [header, *data] for d in _DELIMITERS)
    if single:
        if any(len(line.split()) > 1 for line in [header, *data]):
            msg = (
                "fields seem separated by spaces; mirbone reads tab-, comma- or "
                "semicolon-separated tables: save the table as TSV or CSV"
            )
            raise InputError(msg, path=path)
        return None
    # No delimiter fits every line: name the first line that breaks the likeliest one.
    numbers = numbers or list(range(2, len(data) + 2))
    likeliest = max(_DELIMITERS, key=lambda d: len(split_line(header, d)))
    width = len(split_line(header, likeliest))
    counts = _field_counts(data, likeliest)
    typical = max(set(counts), key=counts.count)
    expected = typical if width in (typical, typical - 1) else width
    for number, count in zip(numbers, counts, strict=True):
        if count != expected:
            msg = (
                f"line {number} has {count} fields, the header has {width} "
                f"({_DELIMITER_NAMES[likeliest]}-separated): a missing or stray "
                f"{_DELIMITER_NAMES[likeliest]}, or another separator?"
            )
            raise InputError(msg, path=path)
    msg = "could not find a consistent delimiter (tab, comma or semicolon)"
    raise InputError(msg, path=path)


def _choose_decimal(data: list[str], delimiter: str) -> str:
    if delimiter == ",":
        return "."
    comma = point = 0
    for line in data:
        for cell in split_line(line, delimiter):
            value = cell.strip()
            if _DECIMAL_COMMA.match(value):
                comma += 1
            elif _DECIMAL_POINT.match(value):
                point += 1
    return "," if comma and not point else "."


def _split_comments(lines: list[tuple[int, str]]) -> tuple[int, list[str]]:
    """Return the index of the header line among ``lines`` and the comment lines above it.

    Leading ``#`` lines are comments, except that the last one is the header when the
    following line is data with as many fields (miRDeep2 writes ``#miRNA<TAB>...``).
    """
    index = 0
    while index < len(lines) and not lines[index][1].strip():
        index += 1
    comments: list[str] = []
    while index < len(lines) and lines[index][1].startswith("#"):
        line = lines[index][1]
        following = lines[index + 1][1] if index + 1 < len(lines) else ""
        if following and not following.startswith("#"):
            for delimiter in ("\t", ","):
                fields = len(split_line(line, delimiter))
                if fields >= 2 and fields == len(split_line(following, delimiter)):
                    return index, comments
        comments.append(line)
        index += 1
    return index, comments


def load(path: str | Path, *, sheet: str | int | None = None) -> RawTable:
    """Read a text table or an XLSX sheet into a :class:`RawTable`.

    Parameters
    ----------
    path
        The file. Gzip compression is detected from the content, not the name.
    sheet
        Workbook sheet (name or 0-based position); required when several sheets hold data.

    Returns
    -------
    RawTable
    """
    data, notes = _read_bytes(path)
    file = Path(path)
    if data.startswith(_ZIP_MAGIC):
        return _load_workbook(data, file, sheet=sheet, notes=notes)
    if sheet is not None:
        msg = "a sheet was given but the file is a text table, not an XLSX workbook"
        raise InputError(msg, path=file, value=sheet)
    text = _decode(data, file, notes)
    if not text.strip():
        msg = "the file is empty"
        raise InputError(msg, path=file)
    head = _head_lines(text, _SNIFF_LINES + 40)
    header_index, comments = _split_comments(head)
    if header_index >= len(head):
        msg = "the file has only comment lines, no table"
        raise InputError(msg, path=file)
    header_offset, header_line = head[header_index]
    numbered = [
        (number, line)
        for number, (_, line) in enumerate(head[header_index + 1 :], start=header_index + 2)
        if line.strip()
    ][:_SNIFF_LINES]
    sample = [line for _, line in numbered]
    delimiter = _choose_delimiter(header_line, sample, file, [n for n, _ in numbered])
    body_start = header_offset + len(header_line) + 1
    first_line = header_index + 2  # 1-based line number of the first body line
    if delimiter is None:
        return _single_column(text, header_line, body_start, first_line, file, comments, notes)
    _check_cells(text, body_start, len(split_line(header_line, delimiter)), file)
    if not text.endswith("\n"):
        notes.append(
            "the file does not end with a line break: if it was cut short (an interrupted "
            "download or copy), its last row is incomplete"
        )
    decimal = _choose_decimal(sample, delimiter)
    if decimal == ",":
        notes.append("semicolon-separated with decimal commas (European spreadsheet export)")
    header = [cell.strip() for cell in split_line(header_line, delimiter)]
    body = _parse_body(text[body_start:], delimiter, decimal, first_line, file)
    if body.empty:
        msg = "the table has a header but no data rows"
        raise InputError(msg, path=file)
    # Trailing delimiters (spreadsheet exports) leave empty fields at the line ends.
    while len(header) > body.shape[1] and header[-1] == "":
        header = header[:-1]
    while body.shape[1] > len(header) and body[body.columns[-1]].isna().all():
        body = body.drop(columns=body.columns[-1])
    while len(header) == body.shape[1] > 1 and header[-1] == "" and body.iloc[:, -1].isna().all():
        header = header[:-1]
        body = body.drop(columns=body.columns[-1])
    width = body.shape[1]
    if len(header) == width - 1:
        header = ["", *header]  # R write.table: no name above the row names
    elif len(header) != width:
        msg = (
            f"the header has {len(header)} fields but the data rows have {width} "
            f"({_DELIMITER_NAMES[delimiter]}-separated)"
        )
        raise InputError(msg, path=file)
    locations = [f"line {first_line + int(i)}" for i in body.index]
    body = body.reset_index(drop=True)
    # the variables are named as the fields, in the fields' order
    return RawTable(header, body, str(file), comments, locations, delimiter, decimal, notes=notes)


def _check_cells(text: str, body_start: int, width: int, path: Path) -> None:
    """Refuse a table with more than :data:`MAX_CELLS` cells before parsing it."""
    if len(text) - body_start < MAX_CELLS:  # each cell takes at least one character
        return
    rows = text.count("\n", body_start) + (not text.endswith("\n"))
    _refuse_over("the table", rows, width, path=path)


#: What to do with a table over each size limit.
_OVER_LIMIT_ADVICE = {
    "text": "at once ({limit} cells; reading takes about 50 bytes of memory per cell): "
    "split it by samples or keep the rows you need",
    "workbook": "from a workbook ({limit} cells): save the sheet as TSV or CSV and read that",
}


def _refuse_over(what: str, rows: int, columns: int, *, path: Path, kind: str = "text") -> None:
    """Refuse a table of more cells than mirbone reads, before reading it (one rule)."""
    limit = MAX_CELLS if kind == "text" else MAX_WORKBOOK_CELLS
    if rows * columns > limit:
        advice = _OVER_LIMIT_ADVICE[kind].format(limit=f"{limit:,}")
        msg = (
            f"{what} has {rows:,} rows x {columns:,} columns = {rows * columns:,} cells, more "
            f"than mirbone reads {advice}"
        )
        raise InputError(msg, path=path)


def _parse_body(
    text: str, delimiter: str, decimal: str, first_line: int, path: Path
) -> pd.DataFrame:
    if not text.strip():
        return pd.DataFrame()
    try:
        body = pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            header=None,
            decimal=decimal,
            quotechar='"',
            dtype={0: str},
            skip_blank_lines=False,
            low_memory=False,
            float_precision="round_trip",
        )
    except pd.errors.ParserError as error:
        found = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(error))
        if found:
            expected, line, saw = (int(g) for g in found.groups())
            msg = (
                f"line {first_line + line - 1} has {saw} fields, the lines above have "
                f"{expected}: wrong delimiter or a stray {_DELIMITER_NAMES[delimiter]} in a value?"
            )
        else:
            msg = f"cannot parse the table: {error}"
        raise InputError(msg, path=path) from None
    blank = body.isna().all(axis=1)
    if blank.any():
        body = body.loc[~blank]
    return body


def _single_column(
    text: str,
    header_line: str,
    body_start: int,
    first_line: int,
    path: Path,
    comments: list[str],
    notes: list[str],
) -> RawTable:
    values: list[str] = []
    locations: list[str] = []
    for number, line in enumerate(text[body_start:].split("\n"), start=first_line):
        cell = line.strip()
        if cell and not cell.startswith("#"):
            values.append(cell.strip('"'))
            locations.append(f"line {number}")
    body = pd.DataFrame({0: pd.Series(values, dtype=object)})
    header = [header_line.strip().strip('"')]
    return RawTable(header, body, str(path), comments, locations, delimiter=None, notes=notes)


def _blank_to_missing(frame: pd.DataFrame) -> pd.DataFrame:
    """Cells holding only spaces are empty (a spacer column typed with a space)."""
    return frame.map(lambda v: None if isinstance(v, str) and not v.strip() else v)


def _column_letter(position: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA (the workbook's column names)."""
    letters = ""
    position += 1
    while position:
        position, rest = divmod(position - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _is_number(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float | np.integer | np.floating):
        return True
    try:
        float(str(value))
    except ValueError:
        return False
    return True


def _numbers_above_header(frame: pd.DataFrame) -> bool:
    """Say whether the first row holds only numbers (patient numbers) above a text header."""
    first, second = frame.iloc[0], frame.iloc[1]
    values = first.iloc[1:].dropna()
    labels = second.iloc[1:].dropna()
    return (
        is_missing(first.iloc[0])
        and len(values) >= 2
        and all(_is_number(v) for v in values)
        and isinstance(second.iloc[0], str)
        and len(labels) >= 2
        and sum(not _is_number(v) for v in labels) >= 0.8 * len(labels)
    )


def _non_empty(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.dropna(how="all").dropna(axis=1, how="all")
    return frame


def _load_workbook(
    data: bytes, path: Path, *, sheet: str | int | None, notes: list[str]
) -> RawTable:
    _check_workbook_size(data, path)
    try:
        sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, header=None, dtype=object)
    except Exception as error:  # openpyxl raises many types for a bad workbook
        msg = f"cannot read the workbook (expected XLSX): {type(error).__name__}: {error}"
        raise InputError(msg, path=path) from None
    sheets = {name: _blank_to_missing(frame) for name, frame in sheets.items()}
    filled = {name: _non_empty(frame) for name, frame in sheets.items()}
    filled = {name: frame for name, frame in filled.items() if not frame.empty}
    names = list(sheets)
    if sheet is None:
        if not filled:
            msg = "the workbook has no data in any sheet"
            raise InputError(msg, path=path)
        if len(filled) > 1:
            listing = ", ".join(repr(n) for n in filled)
            msg = f"the workbook has several sheets with data ({listing}): choose one"
            raise InputError(msg, path=path, keyword="sheet")
        chosen = next(iter(filled))
    else:
        chosen = _pick_sheet(sheet, names, path)
        if chosen not in filled:
            msg = f"sheet {chosen!r} is empty"
            raise InputError(msg, path=path)
    frame = filled[chosen]
    spacers = [
        _column_letter(int(c)) for c in sheets[chosen].columns
        if frame.columns[0] < c < frame.columns[-1] and c not in frame.columns
    ]  # fmt: skip
    if spacers:
        notes.append(f"dropped the empty spacer column(s) {', '.join(spacers)}")
    if len(frame) > 2 and _numbers_above_header(frame):
        shown = ", ".join(str(v) for v in frame.iloc[0].dropna().head(3))
        notes.append(
            f"skipped row {int(frame.index[0]) + 1} above the header (numbers only: {shown}, ...)"
        )
        frame = frame.iloc[1:]
    while len(frame) > 2 and frame.iloc[0].notna().sum() <= 1 < frame.iloc[1].notna().sum():
        title = frame.iloc[0].dropna()
        text = str(title.iloc[0]) if len(title) else ""
        notes.append(f"skipped the title row {int(frame.index[0]) + 1} ({text[:60]!r})")
        frame = frame.iloc[1:]
    header = ["" if is_missing(v) else str(v).strip() for v in frame.iloc[0]]
    rows = frame.iloc[1:]
    if rows.empty:
        msg = f"sheet {chosen!r} has a header but no data rows"
        raise InputError(msg, path=path)
    locations = [f"sheet {chosen!r} row {int(i) + 1}" for i in rows.index]
    body = rows.reset_index(drop=True)
    body.columns = range(body.shape[1])
    for column in body.columns:
        # TRUE/FALSE cells are text, not the numbers 1 and 0
        body[column] = body[column].map(lambda v: str(v).upper() if isinstance(v, bool) else v)
        converted = pd.to_numeric(body[column], errors="coerce")
        if converted.notna().sum() == body[column].notna().sum() and column != 0:
            body[column] = converted
        else:
            body[column] = body[column].map(lambda v: v if is_missing(v) else str(v))
    notes.append(f"XLSX sheet {chosen!r}")
    return RawTable(
        header, body, str(path), locations=locations, delimiter=None, sheet=str(chosen), notes=notes
    )


def _check_workbook_size(data: bytes, path: Path) -> None:
    """Refuse a sheet larger than :data:`MAX_WORKBOOK_CELLS` from its recorded dimensions."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # the full read below names what is wrong
        return
    try:
        for sheet in book.worksheets:
            size = (sheet.max_row or 0, sheet.max_column or 0)
            _refuse_over(f"sheet {sheet.title!r}", *size, path=path, kind="workbook")
    finally:
        book.close()


def _pick_sheet(sheet: str | int, names: list[str], path: Path) -> str:
    if isinstance(sheet, int) or (
        isinstance(sheet, str) and sheet.isdigit() and sheet not in names
    ):
        position = int(sheet)
        if 0 <= position < len(names):
            return names[position]
    elif sheet in names:
        return str(sheet)
    msg = f"no sheet {sheet!r} in the workbook; sheets: {', '.join(map(repr, names))}"
    raise InputError(msg, path=path)
