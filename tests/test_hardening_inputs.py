"""Bad input everywhere: every reader and every command fed malformed files.

Each input slot of each command (a table, a sample sheet, a name list, a target file, a
GMT file, ...) receives the same catalogue of malformed files: missing, a folder, empty,
binary (random bytes, a PNG, a zip that is not XLSX, a truncated gzip), truncated, wrong
delimiter, Latin-1, UTF-16, BOM, mixed types, NaN/inf, negative and fractional counts,
duplicated rows and samples, header only, one row, one sample, a 1 MB cell, a very long line.
The command must either work (exit 0) or refuse with exit 2 and one line on stderr naming
the file, never a traceback, and must create no output when it refuses.
"""

from __future__ import annotations

import gzip
import io
import random
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from mirbone.cli import main

DATA = Path(__file__).parent / "data"

# ---------------------------------------------------------------------------- base files

COUNTS = [
    ["mirna", "EV_1", "EV_2", "EV_3", "EV_4"],
    ["hsa-miR-21-5p", "120", "98", "143", "110"],
    ["hsa-miR-214-3p", "33", "41", "12", "19"],
    ["hsa-let-7a-5p", "560", "610", "498", "530"],
    ["hsa-miR-148a-3p", "77", "65", "90", "71"],
    ["hsa-miR-26a-5p", "15", "22", "18", "9"],
]
SAMPLES = [
    ["sample", "group"],
    ["EV_1", "young"],
    ["EV_2", "young"],
    ["EV_3", "aged"],
    ["EV_4", "aged"],
]
NAMES = [["hsa-miR-21-5p"], ["miR-214"], ["hsa-let-7a-5p"], ["hsa-miR-148a-3p"], ["miR-26a"]]
GENES = [["RANKL"], ["TNFSF11"], ["RUNX2"], ["SP7"], ["COL1A1"]]
PAIRS = [
    ["mirna", "gene"],
    ["hsa-miR-21-5p", "RANKL"],
    ["hsa-miR-214-3p", "ATF4"],
    ["hsa-let-7a-5p", "COL1A1"],
    ["hsa-miR-148a-3p", "RUNX2"],
]
RANKING = [
    ["mirna", "score"],
    ["hsa-miR-21-5p", "3.2"],
    ["hsa-miR-214-3p", "-2.1"],
    ["hsa-let-7a-5p", "0.4"],
    ["hsa-miR-148a-3p", "1.7"],
    ["hsa-miR-26a-5p", "-0.8"],
]
GMT = [
    ["SET_A", "first set", "hsa-miR-21-5p", "hsa-miR-214-3p", "hsa-let-7a-5p"],
    ["SET_B", "second set", "hsa-miR-148a-3p", "hsa-miR-26a-5p", "hsa-miR-21-5p"],
]
BASES: dict[str, tuple[list[list[str]], str]] = {
    "counts": (COUNTS, "\t"),
    "samples": (SAMPLES, "\t"),
    "names": (NAMES, "\t"),
    "genes": (GENES, "\t"),
    "pairs": (PAIRS, "\t"),
    "ranking": (RANKING, "\t"),
    "gmt": (GMT, "\t"),
}


def _text(rows: list[list[str]], delimiter: str) -> str:
    return "".join(delimiter.join(row) + "\n" for row in rows)


def _set_cell(rows: list[list[str]], value: str) -> list[list[str]]:
    """Put ``value`` in the last field of the second data line (or the only field)."""
    rows = [list(r) for r in rows]
    line = 2 if len(rows) > 2 else len(rows) - 1
    rows[line][-1] = value
    return rows


def _png() -> bytes:
    def chunk(kind: bytes, payload: bytes) -> bytes:
        body = kind + payload
        return struct.pack(">I", len(payload)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "not a workbook")
    return buffer.getvalue()


def _random_bytes() -> bytes:
    return random.Random(7).randbytes(3000)


#: A malformed file: a function of (base rows, delimiter) returning bytes, or a sentinel.
Maker = Callable[[list[list[str]], str], bytes]

CASES: dict[str, Maker | str] = {
    "missing": "missing",
    "directory": "directory",
    "empty": lambda rows, d: b"",
    "blank_lines": lambda rows, d: b"\n\n  \n",
    "random_bytes": lambda rows, d: _random_bytes(),
    "png": lambda rows, d: _png(),
    "zip_not_xlsx": lambda rows, d: _zip(),
    "truncated_gzip": lambda rows, d: gzip.compress(_text(rows, d).encode(), mtime=0)[:30],
    "nul_after_4k": lambda rows, d: (_text(rows, d) * 200).encode() + b"\x00\x01\x02garbage",
    "truncated": lambda rows, d: _text(rows, d).encode()[: len(_text(rows, d)) * 3 // 5],
    "space_delimited": lambda rows, d: _text(rows, " ").encode(),
    "pipe_delimited": lambda rows, d: _text(rows, "|").encode(),
    "latin1": lambda rows, d: _text(_set_cell(rows, "Ósteoblásto"), d).encode("latin-1"),
    "utf16": lambda rows, d: _text(rows, d).encode("utf-16"),
    "bom": lambda rows, d: _text(rows, d).encode("utf-8-sig"),
    "mixed_types": lambda rows, d: _text(_set_cell(rows, "abc"), d).encode(),
    "nan": lambda rows, d: _text(_set_cell(rows, "NaN"), d).encode(),
    "inf": lambda rows, d: _text(_set_cell(rows, "inf"), d).encode(),
    "negative": lambda rows, d: _text(_set_cell(rows, "-3"), d).encode(),
    "fractional": lambda rows, d: _text(_set_cell(rows, "2.5"), d).encode(),
    "duplicated_row": lambda rows, d: _text([*rows, rows[1]], d).encode(),
    "duplicated_sample": lambda rows, d: _text(
        [[*r, r[1]] for r in rows] if len(rows[0]) > 1 else rows, d
    ).encode(),
    "header_only": lambda rows, d: _text(rows[:1], d).encode(),
    "one_row": lambda rows, d: _text(rows[:2], d).encode(),
    "one_sample": lambda rows, d: _text([r[:2] for r in rows], d).encode(),
    "huge_cell": lambda rows, d: _text(_set_cell(rows, "A" * 1_000_000), d).encode(),
    "long_line": lambda rows, d: _text([*rows[:-1], [*rows[-1], *(["7"] * 60_000)]], d).encode(),
    "wide_header": lambda rows, d: _text(
        [[*r, *(f"S{i}" if n == 0 else "1" for i in range(3000))] for n, r in enumerate(rows)],
        d,
    ).encode(),
}

#: Cases no reader may accept.
MUST_FAIL = {
    "missing", "directory", "empty", "blank_lines", "random_bytes", "png", "zip_not_xlsx",
    "truncated_gzip", "nul_after_4k",
}  # fmt: skip


def make_input(tmp: Path, base: str, case: str) -> Path:
    """Write malformed file ``case`` derived from base file ``base`` under ``tmp``."""
    path = tmp / f"bad_{base}_{case}.tsv"
    maker = CASES[case]
    if maker == "missing":
        return path
    if maker == "directory":
        path.mkdir()
        return path
    rows, delimiter = BASES[base]
    assert callable(maker)
    path.write_bytes(maker(rows, delimiter))
    return path


# ---------------------------------------------------------------------------- commands


@dataclass(frozen=True)
class Slot:
    """One input of one command: which base file it takes and how to build the argv."""

    command: str
    base: str
    argv: Callable[[Path, dict[str, Path], Path], list[str]]


def _good(tmp: Path) -> dict[str, Path]:
    paths = {}
    for base, (rows, delimiter) in BASES.items():
        path = tmp / f"good_{base}.{'gmt' if base == 'gmt' else 'tsv'}"
        path.write_text(_text(rows, delimiter), encoding="utf-8")
        paths[base] = path
    return paths


SLOTS: dict[str, Slot] = {
    "names -i": Slot(
        "names", "names", lambda bad, g, out: ["names", "-i", str(bad), "-o", str(out)]
    ),
    "annotate -i": Slot(
        "annotate", "genes", lambda bad, g, out: ["annotate", "-i", str(bad), "-o", str(out)]
    ),
    "targets -i": Slot(
        "targets", "names", lambda bad, g, out: ["targets", "-i", str(bad), "-o", str(out)]
    ),
    "targets --source": Slot(
        "targets",
        "pairs",
        lambda bad, g, out: ["targets", "hsa-miR-21-5p", "--source", str(bad), "-o", str(out)],
    ),
    "read": Slot("read", "counts", lambda bad, g, out: ["read", str(bad), "-o", str(out)]),
    "read --samples": Slot(
        "read",
        "samples",
        lambda bad, g, out: ["read", str(g["counts"]), "--samples", str(bad), "-o", str(out)],
    ),
    "enrich": Slot("enrich", "names", lambda bad, g, out: ["enrich", str(bad), "-o", str(out)]),
    "enrich --universe": Slot(
        "enrich",
        "names",
        lambda bad, g, out: ["enrich", str(g["names"]), "--universe", str(bad), "-o", str(out)],
    ),
    "enrich --signatures": Slot(
        "enrich",
        "gmt",
        lambda bad, g, out: ["enrich", str(g["names"]), "--signatures", str(bad), "-o", str(out)],
    ),
    "enrich --method gsea": Slot(
        "enrich",
        "ranking",
        lambda bad, g, out: [
            "enrich",
            str(bad),
            "--method",
            "gsea",
            "--permutations",
            "20",
            "--signatures",
            str(g["gmt"]),
            "--min-size",
            "2",
            "-o",
            str(out),
        ],
    ),
    "target-enrich": Slot(
        "target-enrich",
        "names",
        lambda bad, g, out: [
            "target-enrich",
            str(bad),
            "--targets",
            "kb",
            "--gene-sets",
            "bone",
            "--permutations",
            "50",
            "--min-size",
            "2",
            "-o",
            str(out),
        ],
    ),
    "target-enrich --targets": Slot(
        "target-enrich",
        "pairs",
        lambda bad, g, out: [
            "target-enrich",
            str(g["names"]),
            "--targets",
            str(bad),
            "--gene-sets",
            "bone",
            "--permutations",
            "50",
            "--min-size",
            "2",
            "-o",
            str(out),
        ],
    ),
    "target-enrich --gene-sets": Slot(
        "target-enrich",
        "gmt",
        lambda bad, g, out: [
            "target-enrich",
            str(g["names"]),
            "--targets",
            "kb",
            "--gene-sets",
            str(bad),
            "--permutations",
            "50",
            "--min-size",
            "2",
            "-o",
            str(out),
        ],
    ),
    "target-enrich --universe": Slot(
        "target-enrich",
        "names",
        lambda bad, g, out: [
            "target-enrich",
            str(g["names"]),
            "--targets",
            "kb",
            "--gene-sets",
            "bone",
            "--universe",
            str(bad),
            "--permutations",
            "50",
            "--min-size",
            "2",
            "-o",
            str(out),
        ],
    ),
    "analyze": Slot(
        "analyze",
        "counts",
        lambda bad, g, out: [
            "analyze",
            str(bad),
            "-o",
            str(out),
            "--permutations",
            "50",
            "--quiet",
        ],
    ),
    "analyze --samples": Slot(
        "analyze",
        "samples",
        lambda bad, g, out: [
            "analyze",
            str(g["counts"]),
            "--samples",
            str(bad),
            "--contrast",
            "group:aged:young",
            "-o",
            str(out),
            "--permutations",
            "50",
            "--quiet",
        ],
    ),
    "analyze --targets": Slot(
        "analyze",
        "pairs",
        lambda bad, g, out: [
            "analyze",
            str(g["names"]),
            "--targets",
            str(bad),
            "--min-set-size",
            "2",
            "-o",
            str(out),
            "--permutations",
            "50",
            "--quiet",
        ],
    ),
    "analyze --gene-sets": Slot(
        "analyze",
        "gmt",
        lambda bad, g, out: [
            "analyze",
            str(g["names"]),
            "--gene-sets",
            str(bad),
            "--min-set-size",
            "2",
            "-o",
            str(out),
            "--permutations",
            "50",
            "--quiet",
        ],
    ),
}


#: ``analyze`` runs the whole pipeline when it accepts a file: a subset keeps the suite fast.
ANALYZE_CASES = MUST_FAIL | {
    "truncated", "latin1", "utf16", "space_delimited", "mixed_types", "negative", "nan",
    "duplicated_sample", "header_only", "huge_cell",
}  # fmt: skip
SWEEP = [
    (slot, case)
    for slot in sorted(SLOTS)
    for case in sorted(CASES)
    if SLOTS[slot].command != "analyze" or case in ANALYZE_CASES
]


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    captured = capsys.readouterr()
    return code, captured.err


@pytest.mark.parametrize(("slot", "case"), SWEEP)
def test_malformed_input(
    slot: str, case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Every command refuses a malformed file in one line (exit 2, no output) or works."""
    spec = SLOTS[slot]
    good = _good(tmp_path)
    bad = make_input(tmp_path, spec.base, case)
    out = tmp_path / "out" / "result.tsv"
    out.parent.mkdir()
    before = bad.read_bytes() if bad.is_file() else None
    code, err = _run(spec.argv(bad, good, out), capsys)
    assert "Traceback" not in err
    assert code in (0, 2), err
    if bad.is_file():
        assert bad.read_bytes() == before  # inputs are never modified
    if code == 2:
        lines = err.strip().splitlines()
        errors = [line for line in lines if line.startswith(f"mirbone {spec.command}: error: ")]
        assert errors == lines[-1:], err  # notes may come first; one error line, last
        if case in MUST_FAIL:
            assert bad.name in errors[0], err
        assert not out.exists()
        assert list(out.parent.iterdir()) == []
    else:
        assert case not in MUST_FAIL, f"{slot} accepted {case}: {err}"
        assert out.exists()


# ---------------------------------------------------------------------------- count tables

HEAD = "mirna\tEV_1\tEV_2\tEV_3\n"
ROWS = [
    "hsa-miR-21-5p\t120\t98\t143\n",
    "hsa-miR-214-3p\t33\t41\t12\n",
    "hsa-let-7a-5p\t560\t610\t498\n",
]


def _with_cell(value: str) -> str:
    return HEAD + ROWS[0] + f"hsa-miR-214-3p\t33\t{value}\t12\n" + ROWS[2]


#: (text, message fragments): each must be refused naming the file and these fragments.
REFUSED_COUNTS = {
    "negative": (_with_cell("-4"), ["column 'EV_2'", "negative count", "line 3", "-4"]),
    "nan": (_with_cell("NaN"), ["column 'EV_2'", "missing count", "line 3"]),
    "na": (_with_cell("NA"), ["column 'EV_2'", "missing count", "line 3"]),
    "blank": (_with_cell(""), ["column 'EV_2'", "missing count", "line 3"]),
    "inf": (_with_cell("inf"), ["column 'EV_2'", "infinite count", "line 3", "inf"]),
    "text": (_with_cell("abc"), ["column 'EV_2'", "non-numeric count", "line 3", "'abc'"]),
    "duplicated_row": (HEAD + ROWS[0] + ROWS[0] + ROWS[2], ["listed more than once", "line 2"]),
    "duplicated_sample": ("mirna\tEV_1\tEV_1\tEV_3\n" + "".join(ROWS), ["duplicated sample"]),
    "unnamed_sample": ("mirna\tEV_1\t\tEV_3\n" + "".join(ROWS), ["sample column 2 has no name"]),
    "header_only": (HEAD, ["header but no data rows"]),
    "empty_name": (HEAD + "\t1\t2\t3\n" + ROWS[1], ["empty miRNA name", "line 2"]),
    "all_zero_sample": (
        HEAD + "hsa-miR-21-5p\t0\t4\t3\n" + "hsa-miR-214-3p\t0\t1\t1\n",
        ["column 'EV_1'", "no counts at all"],
    ),
    "ragged": (HEAD + "hsa-miR-21-5p\t1\t2\t3\t4\n" + ROWS[1], ["line 2 has 5 fields"]),
    "unbalanced_quote": (HEAD + '"hsa-miR-21-5p\t1\t2\t3\n' + ROWS[1], ["line 2"]),
    "no_name_column": (
        "EV_1\tEV_2\tEV_3\n120\t98\t143\n33\t41\t12\n",
        ["column 'EV_1'", "holds numbers, not miRNA names", "'120'"],
    ),
    "thousands_comma": (
        'mirna,EV_1,EV_2\n"hsa-miR-21-5p","1,234",5\nhsa-miR-214-3p,3,4\n',
        ["column 'EV_1'", "line 2", "'1,234'"],
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSED_COUNTS))
def test_count_table_refused_with_location(case: str, tmp_path: Path) -> None:
    """Bad values are refused naming the file, column, line and value."""
    from mirbone.errors import InputError
    from mirbone.io import read

    text, fragments = REFUSED_COUNTS[case]
    path = tmp_path / f"{case}.tsv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read(path)
    message = str(caught.value)
    assert message.startswith(str(path))
    for fragment in fragments:
        assert fragment in message


def test_count_table_valid_edge_cases(tmp_path: Path) -> None:
    """One sample, one row, fractional counts and odd characters are read, and said so."""
    from mirbone.io import read

    one_sample = tmp_path / "one_sample.tsv"
    one_sample.write_text("mirna\tEV_1\nhsa-miR-21-5p\t5\nhsa-miR-214-3p\t0\n", encoding="utf-8")
    data = read(one_sample)
    assert data.sample_names == ["EV_1"]
    assert data.counts.loc["hsa-miR-21-5p", "EV_1"] == 5

    one_row = tmp_path / "one_row.tsv"
    one_row.write_text(HEAD + ROWS[0], encoding="utf-8")
    data = read(one_row)
    assert data.counts.shape == (1, 3)
    assert not any("line break" in note for note in data.notes)

    cut = tmp_path / "cut.tsv"  # a download cut short in the middle of the last number
    cut.write_text(HEAD + ROWS[0] + ROWS[1][:-2], encoding="utf-8")
    data = read(cut)
    assert data.counts.loc["hsa-miR-214-3p", "EV_3"] == 1  # 12 cut to 1: cannot be known...
    assert any("does not end with a line break" in note for note in data.notes)  # ...but said

    fractional = tmp_path / "fractional.tsv"
    fractional.write_text(_with_cell("4.5"), encoding="utf-8")
    data = read(fractional)
    assert data.counts.loc["hsa-miR-214-3p", "EV_2"] == 4.5
    assert any("not whole numbers" in note and "4.5" in note for note in data.notes)

    odd = tmp_path / "odd.tsv"  # zero-width space, NBSP, a 100,000-character unknown name
    odd.write_text(
        HEAD
        + "hsa-miR-21-5p\u200b\t1\t2\t3\n"
        + "hsa-miR-214-3p\xa0\t1\t1\t1\n"
        + "x" * 100_000
        + "\t1\t1\t1\n",
        encoding="utf-8",
    )
    data = read(odd)
    log = data.names.set_index("key")
    assert {"hsa-miR-21-5p", "hsa-miR-214-3p"} <= set(data.mirnas)
    assert log.loc["x" * 100_000, "status"] == "unknown"  # kept, never dropped


def test_one_sample_read_says_what_it_did(tmp_path: Path, capsys) -> None:
    """``mirbone read`` of a one-sample table works and its summary says one sample."""
    path = tmp_path / "one.tsv"
    path.write_text("mirna\tEV_1\nhsa-miR-21-5p\t5\nmiR-214\t3\n", encoding="utf-8")
    out = tmp_path / "standard.tsv"
    assert main(["read", str(path), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "mirbone read: samples: 1" in err
    assert out.read_text(encoding="utf-8").splitlines()[0].endswith("\tEV_1")


def test_statistics_values_refused(tmp_path: Path) -> None:
    """p-values outside [0, 1], a negative base mean, text and inf are refused with the line."""
    from mirbone.errors import InputError
    from mirbone.io import read

    head = '"","baseMean","log2FoldChange","lfcSE","stat","pvalue","padj"\n'
    first = '"hsa-miR-214-3p",124.9,2.1,0.41,5.1,3.0e-07,1.8e-06\n'
    cases = {
        '"hsa-miR-21-5p",2011.3,0.85,0.22,3.86,1.5,0.3\n': ["'pvalue'", "outside [0, 1]", "1.5"],
        '"hsa-miR-21-5p",2011.3,0.85,0.22,3.86,0.1,-0.3\n': ["'padj'", "outside [0, 1]"],
        '"hsa-miR-21-5p",-5,0.85,0.22,3.86,0.01,0.3\n': ["'baseMean'", "negative mean", "-5"],
        '"hsa-miR-21-5p",2011.3,Inf,0.22,3.86,0.01,0.3\n': ["'log2FoldChange'", "infinite"],
        '"hsa-miR-21-5p",2011.3,0.85,0.22,3.86,abc,0.3\n': ["'pvalue'", "non-numeric", "'abc'"],
    }
    for number, (line, fragments) in enumerate(cases.items()):
        path = tmp_path / f"stats_{number}.csv"
        path.write_text(head + first + line, encoding="utf-8")
        with pytest.raises(InputError) as caught:
            read(path)
        message = str(caught.value)
        assert str(path) in message and "line 3" in message, message
        for fragment in fragments:
            assert fragment in message, message
    valid = tmp_path / "na_padj.csv"  # DESeq2 writes NA for filtered miRNAs: valid
    valid.write_text(head + first + '"hsa-miR-21-5p",2011.3,0.85,0.22,3.86,0.01,NA\n')
    assert read(valid).stats["padj"].isna().sum() == 1


def test_statistics_header_in_another_case(tmp_path: Path) -> None:
    """A DESeq2 table with upper-case column names is read as DESeq2, not as counts."""
    from mirbone.io import read

    path = tmp_path / "upper.csv"
    path.write_text(
        '"","BASEMEAN","LOG2FOLDCHANGE","LFCSE","STAT","PVALUE","PADJ"\n'
        '"hsa-miR-214-3p",124.9,2.1,0.41,5.1,3.0e-07,1.8e-06\n',
        encoding="utf-8",
    )
    data = read(path)
    assert data.format == "deseq2" and data.counts is None
    assert data.stats.loc["hsa-miR-214-3p", "log2fc"] == 2.1
    assert any("PVALUE -> pvalue" in note for note in data.notes)
    edger = tmp_path / "edger.csv"  # edgeR spells it PValue: each tool's own spelling
    edger.write_text("mirna,LOGFC,LOGCPM,PVALUE,FDR\nhsa-miR-21-5p,1.5,2,0.01,0.02\n")
    data = read(edger)
    assert data.format == "edger" and data.stats.iloc[0]["pvalue"] == 0.01
    limma = tmp_path / "limma.tsv"
    limma.write_text(
        "ID\tlogfc\taveexpr\tt\tp.value\tadj.p.val\tb\nhsa-miR-21-5p\t1\t2\t3\t0.01\t0.02\t1\n"
    )
    data = read(limma)
    assert data.format == "limma" and data.stats.iloc[0]["padj"] == 0.02


def test_malformed_workbooks(tmp_path: Path) -> None:
    """A truncated XLSX, an unknown sheet and a sheet given for a text file are refused."""
    from mirbone.errors import InputError
    from mirbone.io import read

    data = (DATA / "counts.xlsx").read_bytes()
    truncated = tmp_path / "truncated.xlsx"
    truncated.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match="cannot read the workbook"):
        read(truncated)
    with pytest.raises(InputError, match="no sheet 'nope'"):
        read(DATA / "counts.xlsx", sheet="nope")
    with pytest.raises(InputError, match="not an XLSX workbook"):
        read(DATA / "counts_rows.tsv", sheet="raw")

    import datetime

    import openpyxl

    def book(rows: list[list[object]], name: str) -> Path:
        workbook = openpyxl.Workbook()
        for row in rows:
            workbook.active.append(row)
        path = tmp_path / name
        workbook.save(path)
        return path

    head = ["mirna", "EV_1", "EV_2"]
    last = ["hsa-miR-214-3p", 4, 5]
    cases = {
        "bool.xlsx": ([head, ["hsa-miR-21-5p", 3, True], last], "(value: 'TRUE')"),
        "date.xlsx": (
            [head, ["hsa-miR-21-5p", 3, datetime.datetime(2021, 3, 1)], last],
            "non-numeric count at sheet 'Sheet' row 2",
        ),
        "header_only.xlsx": ([head], "sheet 'Sheet' has a header but no data rows"),
    }
    for name, (rows, fragment) in cases.items():
        with pytest.raises(InputError) as caught:
            read(book(rows, name))
        assert name in str(caught.value) and fragment in str(caught.value)


def test_featurecounts_folder_with_a_bad_file(tmp_path: Path) -> None:
    """A folder of featureCounts files with one binary file is refused naming that file."""
    import shutil

    from mirbone.errors import InputError
    from mirbone.io import read

    folder = tmp_path / "fc"
    shutil.copytree(DATA / "featurecounts_per_sample", folder)
    read(folder)  # the copy reads
    bad = folder / "EV_bad.txt"
    bad.write_bytes(_random_bytes())
    with pytest.raises(InputError) as caught:
        read(folder)
    assert "EV_bad.txt" in str(caught.value)


def test_debug_shows_the_traceback(tmp_path: Path, capsys) -> None:
    """Without --debug: one line, exit 2; with --debug the InputError propagates."""
    from mirbone.errors import InputError

    missing = tmp_path / "absent.tsv"
    assert main(["read", str(missing)]) == 2
    assert capsys.readouterr().err.count("\n") == 1
    with pytest.raises(InputError, match="file not found"):
        main(["--debug", "read", str(missing)])


# ---------------------------------------------------------------------------- size limits


def test_size_limits_are_named(tmp_path: Path, monkeypatch, capsys) -> None:
    """Tables over the cell, byte or workbook limits are refused naming the limit."""
    from mirbone.errors import InputError
    from mirbone.io import _rawtable, read

    table = tmp_path / "counts.tsv"
    table.write_text(HEAD + "".join(ROWS), encoding="utf-8")  # 3 rows x 4 columns
    monkeypatch.setattr(_rawtable, "MAX_CELLS", 10)
    with pytest.raises(InputError, match=r"3 rows x 4 columns = 12 cells, more than .* \(10 cells"):
        read(table)
    out = tmp_path / "out.tsv"
    assert main(["read", str(table), "-o", str(out)]) == 2
    assert "10 cells" in capsys.readouterr().err and not out.exists()
    monkeypatch.setattr(_rawtable, "MAX_CELLS", 12)
    assert read(table).counts.shape == (3, 3)  # at the limit: read

    monkeypatch.setattr(_rawtable, "MAX_TEXT_BYTES", 50)
    with pytest.raises(InputError, match="larger than mirbone reads at once"):
        read(table)
    bomb = tmp_path / "bomb.tsv.gz"  # a few bytes that decompress to 20,000
    bomb.write_bytes(gzip.compress(b"a\n" * 10_000, mtime=0))
    monkeypatch.setattr(_rawtable, "MAX_TEXT_BYTES", bomb.stat().st_size + 1)
    with pytest.raises(InputError, match="decompressed file is larger"):
        read(bomb)

    monkeypatch.setattr(_rawtable, "MAX_TEXT_BYTES", 1 << 30)
    monkeypatch.setattr(_rawtable, "MAX_WORKBOOK_CELLS", 5)
    with pytest.raises(InputError, match="save the sheet as TSV or CSV"):
        read(DATA / "counts.xlsx")


# ---------------------------------------------------------------------------- target files


def test_target_scores_with_text_refused(tmp_path: Path) -> None:
    """Text in a score column is refused naming it (it used to become a missing score)."""
    from mirbone import targets
    from mirbone.errors import InputError

    context = DATA / "targets" / "Predicted_Targets_Context_Scores.default_predictions.txt"
    lines = context.read_text(encoding="utf-8").splitlines()
    position = lines[0].split("\t").index("context++ score")
    fields = lines[1].split("\t")
    fields[position] = "abc"
    bad_context = tmp_path / context.name
    bad_context.write_text("\n".join([lines[0], "\t".join(fields), *lines[2:]]) + "\n")
    mirdb = tmp_path / "miRDB_v6.0_prediction_result.txt"
    mirdb.write_text("hsa-miR-21-5p\tNM_014456\t95.7\nhsa-miR-21-5p\tNM_001199492\thigh\n")
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text("mirna\tgene\tscore\nhsa-miR-21-5p\tPDCD4\t0.9\nhsa-miR-21-5p\tPTEN\tn.d.\n")
    cases = {
        bad_context: ("'context++ score'", "'abc'"),
        mirdb: ("score (third column)", "'high'"),
        pairs: ("'score'", "'n.d.'"),
    }
    for path, fragments in cases.items():
        with pytest.raises(InputError) as caught:
            targets.load(path)
        message = str(caught.value)
        assert message.startswith(str(path)) and "non-numeric" in message
        for fragment in fragments:
            assert fragment in message
    pairs.write_text("mirna\tgene\tscore\nhsa-miR-21-5p\tPDCD4\t0.9\nhsa-miR-21-5p\tPTEN\tNA\n")
    assert len(targets.load(pairs)) == 2  # NA is a missing score, not an error


def test_names_single_string_and_odd_values() -> None:
    """A single string is one name; non-text values are kept and marked, never crash."""
    from mirbone.names import normalize, to_species

    one = normalize("hsa-miR-21")
    assert one["input"].tolist() == ["hsa-miR-21"]
    assert one["mirna"].tolist() == ["hsa-miR-21-5p"]
    assert to_species("mmu-miR-21a-5p")["orthologue"].tolist() == ["hsa-miR-21-5p"]
    odd = normalize([1, 2.5, None, float("nan"), True, "hsa-miR-21-5p\u200b", "\ufeffmiR-214"])
    assert odd["status"].tolist() == [
        "unknown", "unknown", "empty", "empty", "unknown", "corrected", "renamed",
    ]  # fmt: skip


@pytest.mark.parametrize("command", [["read"], ["names", "-i"], ["enrich"], ["annotate", "-i"]])
def test_empty_path_is_not_the_current_folder(command: list[str], capsys) -> None:
    """``""`` is refused as no file, not read as the current folder (``Path("")`` is ``.``)."""
    assert main([*command, ""]) == 2
    assert "no file given (an empty path)" in capsys.readouterr().err


def test_binary_standard_input_refused() -> None:
    """``-i -`` reads standard input like a file: binary data is refused, UTF-16 is read."""
    import subprocess
    import sys

    command = [sys.executable, "-c", "from mirbone.cli import console_main; console_main()"]
    done = subprocess.run(
        [*command, "names", "-i", "-"], input=_random_bytes(), capture_output=True, check=False
    )
    assert done.returncode == 2
    assert done.stderr.decode().startswith("mirbone names: error: standard input: binary file")
    assert done.stdout == b""
    done = subprocess.run(
        [*command, "names", "-i", "-"],
        input="miR-21\n".encode("utf-16"),
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0
    assert b"hsa-miR-21-5p" in done.stdout


@pytest.mark.parametrize(
    ("argv", "option"),
    [
        (["kb", "interactions", "--kind", "gene"], "--kind gene"),
        (["kb", "findings", "--follow", "review"], "--follow review"),
        (["kb", "references", "--include-title-cargo"], "--include-title-cargo"),
    ],
)
def test_kb_signature_options_refused_for_other_tables(argv, option, capsys) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"{option} applies to signatures only" in captured.err


def test_kb_signature_options_still_apply_to_signatures(capsys) -> None:
    assert main(["kb", "signatures", "--kind", "gene"]) == 0
    out = capsys.readouterr().out
    assert "_repressed_targets" in out and "gene set" in out
    assert main(["kb", "interactions"]) == 0
    assert capsys.readouterr().out.startswith("mirna\t")
