"""Fuzzing the readers: random bytes, random tables and mutated real-format fixtures.

Every reader must return a sound result or raise :class:`mirbone.errors.InputError`;
any other exception, a hang (a per-example alarm) or a result that lies (NaN or negative
counts, p-values outside [0, 1]) fails the test.
"""

from __future__ import annotations

import os
import signal
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mirbone import genesets, io, targets
from mirbone.errors import InputError

DATA = Path(__file__).parent / "data"
TIMEOUT_SECONDS = 20
FUZZ = settings(
    max_examples=int(os.environ.get("MIRBONE_FUZZ_EXAMPLES", "60")),
    deadline=None,  # the alarm below bounds each example; first calls build name indexes
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=os.environ.get("MIRBONE_FUZZ_EXAMPLES") is None,
)


@contextmanager
def _time_limit(seconds: int) -> Iterator[None]:
    """Fail an example that runs longer than ``seconds`` (a hang), on POSIX."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def stop(signum: int, frame: object) -> None:
        msg = f"reader still running after {seconds} s"
        raise TimeoutError(msg)

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _check_mirna_data(data: io.MirnaData) -> None:
    """A result read from a user table must not lie."""
    assert len(data.names) > 0
    if data.counts is not None:
        values = data.counts.to_numpy(dtype=float)
        assert not np.isnan(values).any()
        assert (values >= 0).all()
        assert np.isfinite(values).all()
    if data.stats is not None:
        for column in ("pvalue", "padj"):
            p = data.stats[column].to_numpy(dtype=float)
            p = p[~np.isnan(p)]
            assert ((p >= 0) & (p <= 1)).all()


def _read_mirna(path: Path) -> None:
    _check_mirna_data(io.read(path))


def _read_targets(path: Path) -> None:
    tmap = targets.load(path)
    assert len(tmap) > 0
    table = tmap.table
    assert table["mirna"].notna().all() and table["gene"].notna().all()


def _read_gmt(path: Path) -> None:
    sets = genesets.read_gmt(path)
    assert sets and all(name and members for name, members in sets.items())


def _read_samples(path: Path) -> None:
    sheet = io.read_samples(path)
    assert sheet["sample"].is_unique and sheet["sample"].str.strip().ne("").all()


def _read_names(path: Path) -> None:
    from mirbone.cli._common import read_name_list

    names = read_name_list([], str(path))
    assert names and all(name.strip() for name in names)


READERS: dict[str, Callable[[Path], None]] = {
    "io.read": _read_mirna,
    "io.read_samples": _read_samples,
    "targets.load": _read_targets,
    "genesets.read_gmt": _read_gmt,
    "name list (-i FILE)": _read_names,
}


def _only_input_errors(reader: Callable[[Path], None], data: bytes, name: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        with _time_limit(TIMEOUT_SECONDS):
            try:
                reader(path)
            except InputError as error:
                assert str(error).strip()
            assert path.read_bytes() == data  # the input is never modified


# ---------------------------------------------------------------------------- random input

_MIRNAS = ["hsa-miR-21-5p", "miR-214", "hsa-let-7a-5p", "MIMAT0000076", "hsa-mir-21", "x"]
_CELLS = st.one_of(
    st.sampled_from(_MIRNAS),
    st.integers(-5, 10**6).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["", "NA", "nan", "Inf", '"', '"a,b"', "#", "1,5", " ", "RANKL", "Geneid"]),
    st.text(max_size=12),
)


@st.composite
def text_tables(draw: st.DrawFn) -> bytes:
    """A table-like text: a header of names, rows of mixed cells, one delimiter, an encoding."""
    delimiter = draw(st.sampled_from(["\t", ",", ";", " ", "|"]))
    width = draw(st.integers(1, 6))
    rows = draw(st.lists(st.lists(_CELLS, min_size=width, max_size=width), max_size=8))
    header = draw(st.lists(st.sampled_from(["mirna", "gene", "S1", "S2", "pvalue", "padj",
                                            "baseMean", "log2FoldChange", ""]),
                           min_size=width, max_size=width))  # fmt: skip
    text = "\n".join(delimiter.join(row) for row in [header, *rows])
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "latin-1"]))
    return text.encode(encoding, errors="replace")


@pytest.mark.parametrize("reader", sorted(READERS))
@FUZZ
@given(data=st.binary(max_size=3000))
def test_random_bytes(reader: str, data: bytes) -> None:
    """Random bytes: a result or an InputError, never another exception."""
    _only_input_errors(READERS[reader], data, "input.txt")


@pytest.mark.parametrize("reader", sorted(READERS))
@FUZZ
@given(data=text_tables())
def test_random_text_tables(reader: str, data: bytes) -> None:
    """Random delimited text: a result or an InputError, never another exception."""
    _only_input_errors(READERS[reader], data, "table.tsv")


# ---------------------------------------------------------------------------- mutations

#: Real-format fixtures and the reader for each (the file name is kept: it guides detection).
_MIRNA_FIXTURES = [
    "counts_rows.tsv", "counts_semicolon_decimal.csv", "deseq2_results.csv",
    "edger_exacttest.csv", "edger_toptags_glm.txt", "exceRpt_miRNA_ReadCounts.txt",
    "featurecounts.txt", "joined_samples_mirtop.tsv", "limma_toptable.txt",
    "limma_toptable_id.csv", "mature_counts.csv", "mature_normalized_CPM.txt",
    "miRNAs_expressed_all_samples_1700000000.csv", "mirna.tsv", "mirna_list.txt",
    "counts.xlsx",
]  # fmt: skip
_TARGET_FIXTURES = [
    "hsa_MTI.csv", "Predicted_Targets_Context_Scores.default_predictions.txt",
    "Predicted_Targets_Info.default_predictions.txt", "TarBase_v8_download.txt",
    "Homo_sapiens_TarBase-v9.tsv", "pairs_header.tsv", "pairs_noheader.csv",
    "miRDB_v6.0_prediction_result.txt.gz",
]  # fmt: skip
FIXTURES: dict[str, str] = {
    **dict.fromkeys(_MIRNA_FIXTURES, "io.read"),
    **dict.fromkeys((f"targets/{name}" for name in _TARGET_FIXTURES), "targets.load"),
}
_INJECTED = ["NaN", "-1", "abc", "inf", "", "1e400", "0x1F", "-0.5", '"', "1.5"]


def _delimiter(line: str) -> str:
    return max(["\t", ",", ";"], key=line.count)


def _mutate(data: bytes, kind: str, draw: st.DrawFn) -> bytes:
    """Apply mutation ``kind`` to the file bytes."""
    if kind == "truncate" or data[:2] in (b"PK", b"\x1f\x8b"):  # binary fixtures: cut them
        return data[: draw(st.integers(0, max(len(data) - 1, 0)))]
    lines = data.decode("utf-8-sig").splitlines()
    if not lines:
        return data
    delimiter = _delimiter(lines[0])
    i = draw(st.integers(0, len(lines) - 1))
    if kind == "duplicate_line":
        lines.insert(i, lines[i])
    elif kind == "header_case":
        lines[0] = draw(st.sampled_from([str.upper, str.lower, str.title]))(lines[0])
    elif kind == "swap_delimiter":
        other = draw(st.sampled_from([d for d in ["\t", ",", ";", " "] if d != delimiter]))
        lines = [line.replace(delimiter, other) for line in lines]
    elif kind == "drop_column":
        fields = lines[0].split(delimiter)
        j = draw(st.integers(0, len(fields) - 1))
        lines = [delimiter.join(f for k, f in enumerate(line.split(delimiter)) if k != j)
                 for line in lines]  # fmt: skip
    elif kind == "inject_cell":
        fields = lines[i].split(delimiter)
        j = draw(st.integers(0, len(fields) - 1))
        fields[j] = draw(st.sampled_from(_INJECTED))
        lines[i] = delimiter.join(fields)
    return ("\n".join(lines) + "\n").encode("utf-8")


MUTATIONS = [
    "truncate", "duplicate_line", "header_case", "swap_delimiter", "drop_column", "inject_cell",
]  # fmt: skip


@FUZZ
@given(
    fixture=st.sampled_from(sorted(FIXTURES)),
    kind=st.sampled_from(MUTATIONS),
    data=st.data(),
)
def test_mutated_fixtures(fixture: str, kind: str, data: st.DataObject) -> None:
    """A mutated real-format file gives a sound result or an InputError."""
    original = (DATA / fixture).read_bytes()
    mutated = _mutate(original, kind, data.draw)
    _only_input_errors(READERS[FIXTURES[fixture]], mutated, Path(fixture).name)


def test_endless_device_is_refused() -> None:
    """A device that never ends (``/dev/zero``) is refused quickly, not read forever."""
    zero = Path("/dev/zero")
    if not zero.exists():
        pytest.skip("no /dev/zero here")
    with _time_limit(TIMEOUT_SECONDS), pytest.raises(InputError, match="binary file"):
        io.read(zero)


@pytest.mark.parametrize("fixture", sorted(FIXTURES))
def test_unmutated_fixtures_read(fixture: str) -> None:
    """The fixtures themselves read (so that the mutations start from valid files)."""
    READERS[FIXTURES[fixture]](DATA / fixture)
