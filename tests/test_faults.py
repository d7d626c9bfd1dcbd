"""Faults: MyGene.info failing, disk full, read-only outputs, interrupted runs, no data loss.

Exit codes checked here (see mirbone/cli/__init__.py): 2 for anything the user can act on
(an input, an output that cannot be written: permission, read-only file system, disk
full), 130 for Ctrl-C, 1 only for a fault of mirbone itself.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import http.server
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mirbone.annotate import AnnotationUnavailable, annotate
from mirbone.cli import main

DATA = Path(__file__).parent / "data"
REVIEW = [
    "hsa-miR-214-3p",
    "hsa-miR-31-5p",
    "hsa-miR-34a-5p",
    "hsa-miR-23a-5p",
    "hsa-miR-196a-5p",
    "hsa-miR-27a-3p",
    "hsa-miR-206",
    "hsa-miR-21-5p",
    "hsa-miR-125b-5p",
]
CLI = [sys.executable, "-c", "from mirbone.cli import console_main; console_main()"]


# --------------------------------------------------------------------------- helpers


def write_de_table(path: Path, *, n: int = 200) -> Path:
    """A DESeq2-style result table of real miRBase names (review miRNAs planted)."""
    from scipy.stats import norm

    from mirbone.names import mature_table

    rng = np.random.default_rng(3)
    human = sorted(mature_table().query("species == 'hsa'")["mature"])
    names = list(dict.fromkeys(REVIEW + human[::20]))[:n]
    stat = rng.normal(0, 2, len(names))
    stat[:4] += 6
    stat[4:7] -= 6
    pvalue = 2 * norm.sf(np.abs(stat))
    table = pd.DataFrame(
        {
            "baseMean": rng.lognormal(5, 1, len(names)),
            "log2FoldChange": stat / 3,
            "lfcSE": 1 / 3,
            "stat": stat,
            "pvalue": pvalue,
            "padj": np.minimum(1, pvalue * len(names)),
        },
        index=names,
    )
    table.to_csv(path)
    return path


def tree_digest(folder: Path) -> dict[str, str]:
    """SHA-256 of every file under ``folder`` (hidden files included), by relative path."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def leftovers(folder: Path) -> list[str]:
    """Temporary files or folders mirbone may have left in ``folder``."""
    return sorted(
        p.name
        for p in folder.iterdir()
        if p.name.startswith(".") and p.name.endswith((".tmp", ".old"))
    )


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    assert "Traceback" not in text
    return lines[0]


# --------------------------------------------------------------------------- MyGene.info


class FaultServer:
    """A local stand-in for MyGene.info that misbehaves in the way ``mode`` says."""

    def __init__(self) -> None:
        self.mode = "ok"
        self.delay = 0.0
        self.requests = 0
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _reply(
                self,
                status: int,
                body: bytes,
                *,
                length: int | None = None,
                kind: str = "application/json",
            ) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body) if length is None else length))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self) -> None:
                server.requests += 1
                size = int(self.headers.get("Content-Length", 0))
                form = urllib.parse.parse_qs(self.rfile.read(size).decode())
                terms = [t.strip('"') for t in form["q"][0].split(",")]
                mode = server.mode
                if mode == "sleep":
                    time.sleep(server.delay)
                    mode = "ok"
                hits = [
                    {
                        "query": t,
                        "_id": "8600",
                        "entrezgene": 8600,
                        "symbol": "TNFSF11",
                        "name": "TNF superfamily member 11",
                        "type_of_gene": "protein-coding",
                    }
                    if t.upper() in {"RANKL", "TNFSF11"}
                    else {"query": t, "notfound": True}
                    for t in terms
                ]
                if mode in {"500", "502", "503"}:
                    self._reply(int(mode), b'{"error": "server error"}')
                elif mode == "badjson":
                    self._reply(200, b'[{"query": "RANKL", "symbol": ')
                elif mode == "html":
                    self._reply(200, b"<html><body>maintenance</body></html>", kind="text/html")
                elif mode == "partial":
                    self._reply(200, json.dumps(hits[:1]).encode())
                elif mode == "notlist":
                    self._reply(200, b'{"success": false, "error": "bad request"}')
                elif mode == "strings":
                    self._reply(200, json.dumps(["RANKL", "OPN"]).encode())
                elif mode == "truncated":
                    body = json.dumps(hits).encode()
                    self._reply(200, body[: len(body) // 2], length=len(body))
                    self.close_connection = True
                elif mode == "hangup":
                    self.close_connection = True
                    self.connection.shutdown(2)
                else:
                    self._reply(200, json.dumps(hits).encode())

        class Quiet(http.server.ThreadingHTTPServer):
            def handle_error(self, request: object, client_address: object) -> None:
                pass  # a client that gave up (timeout) is expected here

        self.httpd = Quiet(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v3"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def fault_server(monkeypatch):
    server = FaultServer()
    monkeypatch.setenv("MIRBONE_MYGENE_URL", server.url)
    monkeypatch.delenv("MIRBONE_MYGENE_TIMEOUT", raising=False)
    yield server
    server.close()


FAULTS = [
    "500",
    "502",
    "503",
    "badjson",
    "html",
    "partial",
    "notlist",
    "strings",
    "truncated",
    "hangup",
]


@pytest.mark.parametrize("mode", FAULTS)
def test_mygene_fault_is_a_clear_error_and_nothing_cached(fault_server, tmp_path, mode):
    fault_server.mode = mode
    start = time.monotonic()
    with pytest.raises(AnnotationUnavailable) as caught:
        annotate(["RANKL", "OPN", "RANKL"], source="mygene", cache_dir=tmp_path, timeout=5)
    assert time.monotonic() - start < 10
    message = str(caught.value)
    assert "\n" not in message and "MyGene.info" in message and fault_server.url in message
    assert "snapshot" in message  # says what to do instead
    assert not (tmp_path / "mygene").exists() or list((tmp_path / "mygene").iterdir()) == []
    # The documented fallback answers from the snapshot and says so.
    table = annotate(
        ["RANKL", "OPN"], source="mygene", cache_dir=tmp_path, timeout=5, fallback=True
    )
    assert table["symbol"].tolist() == ["TNFSF11", "SPP1"]
    assert "fallback" in table.source
    # Once the service is back, it answers and the cache fills.
    fault_server.mode = "ok"
    table = annotate(["RANKL", "OPN"], source="mygene", cache_dir=tmp_path, timeout=5)
    assert table["status"].tolist() == ["alias", "unknown"]
    assert len(list((tmp_path / "mygene").glob("*.json"))) == 2
    assert list((tmp_path / "mygene").glob("*.tmp")) == []


def test_mygene_timeout_is_configurable_and_never_hangs(fault_server, tmp_path):
    fault_server.mode, fault_server.delay = "sleep", 3.0
    start = time.monotonic()
    with pytest.raises(AnnotationUnavailable, match="Timeout"):
        annotate(["RANKL"], source="mygene", cache_dir=tmp_path, timeout=0.3)
    assert time.monotonic() - start < 2.5  # the 3 s answer was not waited for
    assert not (tmp_path / "mygene").exists() or not any((tmp_path / "mygene").iterdir())


def test_mygene_timeout_from_environment(fault_server, tmp_path, monkeypatch, capsys):
    fault_server.mode, fault_server.delay = "sleep", 3.0
    monkeypatch.setenv("MIRBONE_MYGENE_TIMEOUT", "0.3")
    start = time.monotonic()
    code = main(["annotate", "RANKL", "--online", "--cache-dir", str(tmp_path)])
    assert code == 2
    assert time.monotonic() - start < 2.5
    err = one_line(capsys.readouterr().err)
    assert err.startswith("mirbone annotate: error:") and "Timeout" in err
    assert main(["annotate", "RANKL", "--online", "--fallback", "--cache-dir", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert "TNFSF11\t8600" in captured.out and "fallback" in captured.err
    for bad in ("soon", "-1", "0", "inf"):
        monkeypatch.setenv("MIRBONE_MYGENE_TIMEOUT", bad)
        assert main(["annotate", "RANKL", "--online", "--cache-dir", str(tmp_path)]) == 2
        assert "MIRBONE_MYGENE_TIMEOUT" in one_line(capsys.readouterr().err)


@pytest.mark.parametrize("mode", ["500", "partial", "badjson"])
def test_cli_online_fault_exit_2_and_output_not_written(fault_server, tmp_path, capsys, mode):
    fault_server.mode = mode
    out = tmp_path / "genes.tsv"
    code = main(
        ["annotate", "RANKL", "OPN", "--online", "--cache-dir", str(tmp_path / "c"), "-o", str(out)]
    )
    assert code == 2
    assert "MyGene.info" in one_line(capsys.readouterr().err)
    assert not out.exists() and leftovers(tmp_path) == []


def test_partial_answer_of_a_later_batch_keeps_earlier_batches(fault_server, tmp_path):
    import mygene

    from mirbone.annotate import MyGeneAnnotator

    client = mygene.MyGeneInfo()
    client.url, client.delay, client.step = fault_server.url, 0, 2
    backend = MyGeneAnnotator(cache_dir=tmp_path, client=client, pause=0)
    backend.fetch(["RANKL", "A1"])  # one complete batch: cached
    fault_server.mode = "partial"  # from now on each batch loses all but its first query
    with pytest.raises(AnnotationUnavailable, match="answered 1 of 2 queries"):
        backend.fetch(["RANKL", "A1", "B1", "C1"])  # second batch loses one query
    cached = list((tmp_path / "mygene").glob("*.json"))
    assert len(cached) == 2  # RANKL and A1 only: nothing of the broken batch
    assert list((tmp_path / "mygene").glob("*.tmp")) == []


def test_corrupt_cache_entry_is_refetched(fault_server, tmp_path):
    from mirbone.annotate import MyGeneAnnotator

    annotate(["RANKL"], source="mygene", cache_dir=tmp_path)
    assert fault_server.requests == 1
    entry = next((tmp_path / "mygene").glob("*.json"))
    for broken in (
        '{"query": "RANKL", "hits": ',
        '["RANKL"]',
        '{"query": "RANKL", "hits": [1, 2]}',
        '{"query": "RANKL", "hits": 3}',
    ):
        entry.write_text(broken)
        backend = MyGeneAnnotator(cache_dir=tmp_path)
        assert backend._read_cache("RANKL") is None
        table = annotate(["RANKL"], source="mygene", cache_dir=tmp_path)
        assert table.loc[0, "symbol"] == "TNFSF11"
        assert json.loads(entry.read_text())["hits"][0]["symbol"] == "TNFSF11"


@pytest.mark.parametrize(
    "failure", [OSError(errno.ENOSPC, "No space left on device"), KeyboardInterrupt()]
)
def test_cache_write_interrupted_leaves_no_partial_entry(
    fault_server, tmp_path, monkeypatch, failure
):
    real_replace = Path.replace

    def broken_replace(self, target):
        if str(self).endswith(".tmp"):
            raise failure
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", broken_replace)
    if isinstance(failure, OSError):
        with pytest.warns(RuntimeWarning, match="not cached"):
            table = annotate(["RANKL"], source="mygene", cache_dir=tmp_path)
        assert table.loc[0, "symbol"] == "TNFSF11"  # the answer is still used
    else:
        with pytest.raises(KeyboardInterrupt):
            annotate(["RANKL"], source="mygene", cache_dir=tmp_path)
    assert list((tmp_path / "mygene").iterdir()) == []


def test_unwritable_cache_folder_only_warns(fault_server, tmp_path):
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be")
    with pytest.warns(RuntimeWarning, match="not cached"):
        table = annotate(["RANKL"], source="mygene", cache_dir=blocker)
    assert table.loc[0, "symbol"] == "TNFSF11"


# --------------------------------------------------------------------------- disk full, read-only


@contextlib.contextmanager
def tmpfs(folder: Path, options: str):
    """Mount a small tmpfs on ``folder`` (root only); skip the test when not permitted."""
    folder.mkdir(parents=True, exist_ok=True)
    if shutil.which("mount") is None or os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False, capture_output=True)


def fill(folder: Path) -> None:
    """Fill a file system until it is full."""
    with contextlib.suppress(OSError), (folder / "filler").open("wb") as stream:
        while True:
            stream.write(b"\0" * 4096)
            stream.flush()


def test_disk_full_table_output_real_tmpfs(tmp_path, capsys):
    with tmpfs(tmp_path / "small", "size=64k") as disk:
        (disk / "kb.tsv").write_text("previous\n")
        fill(disk)
        code = main(["kb", "interactions", "-o", str(disk / "kb.tsv"), "--force"])
        assert code == 2
        err = one_line(capsys.readouterr().err)
        assert "No space left on device" in err and "kb.tsv" in err
        assert (disk / "kb.tsv").read_text() == "previous\n"  # the old file is intact
        assert leftovers(disk) == []


def test_disk_full_report_real_tmpfs(tmp_path, capsys):
    table = write_de_table(tmp_path / "de.csv")
    with tmpfs(tmp_path / "small", "size=256k") as disk:
        code = main(
            ["analyze", str(table), "-o", str(disk / "report"), "--permutations", "100", "--quiet"]
        )
        assert code == 2
        err = one_line(capsys.readouterr().err)
        assert "No space left on device" in err and "report" in err
        assert sorted(p.name for p in disk.iterdir()) == []


def test_read_only_output_real_tmpfs(tmp_path, capsys):
    with tmpfs(tmp_path / "ro", "size=64k,ro") as disk:
        for argv in (
            ["names", "hsa-miR-21", "-o", str(disk / "names.tsv")],
            ["kb", "interactions", "-o", str(disk / "sub" / "kb.tsv")],
            ["demo", "-o", str(disk / "report"), "--permutations", "10", "--quiet"],
        ):
            if argv[0] == "demo":
                # Fail fast: the report folder is checked before the analysis runs.
                code = main(
                    [
                        "analyze",
                        str(DATA / "deseq2_results.csv"),
                        "-o",
                        str(disk / "report"),
                        "--permutations",
                        "10",
                        "--quiet",
                    ]
                )
            else:
                code = main(argv)
            assert code == 2, argv
            err = one_line(capsys.readouterr().err)
            assert "Read-only file system" in err, err
        assert list(disk.iterdir()) == []


def test_disk_full_simulated_leaves_nothing(tmp_path, monkeypatch, capsys):
    """Without root: a write that fails half-way (ENOSPC) through the table writer."""
    import mirbone._output

    out = tmp_path / "names.tsv"
    out.write_text("previous\n")

    def half_then_full(table, stream):
        stream.write("partial\t")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(mirbone._output, "write_tsv", half_then_full)
    assert main(["names", "hsa-miR-21", "-o", str(out), "--force"]) == 2
    err = one_line(capsys.readouterr().err)
    assert "No space left on device" in err and str(out) in err
    assert out.read_text() == "previous\n"
    assert leftovers(tmp_path) == []
    out.unlink()
    assert main(["names", "hsa-miR-21", "-o", str(out)]) == 2
    assert not out.exists() and leftovers(tmp_path) == []


@pytest.mark.parametrize(
    ("error", "text"),
    [
        (PermissionError(errno.EACCES, "Permission denied"), "Permission denied"),
        (OSError(errno.EROFS, "Read-only file system"), "Read-only file system"),
    ],
)
def test_unwritable_folder_simulated(tmp_path, monkeypatch, capsys, error, text):
    """Without root: creating the temporary file fails as in a read-only folder."""
    import tempfile

    def refuse(*args, **kwargs):
        raise error

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    monkeypatch.setattr(tempfile, "mkdtemp", refuse)
    assert main(["kb", "interactions", "-o", str(tmp_path / "kb.tsv")]) == 2
    assert text in one_line(capsys.readouterr().err)
    assert (
        main(
            [
                "analyze",
                str(DATA / "deseq2_results.csv"),
                "-o",
                str(tmp_path / "r"),
                "--permutations",
                "10",
                "--quiet",
            ]
        )
        == 2
    )
    assert text in one_line(capsys.readouterr().err)
    assert list(tmp_path.iterdir()) == []


def test_true_fault_is_exit_1(tmp_path, monkeypatch, capsys):
    """An error that is no fault of the user (a bug) is exit 1, with a hint to --debug."""
    import mirbone.names

    def broken(*args, **kwargs):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(mirbone.names, "normalize", broken)
    assert main(["names", "hsa-miR-21"]) == 1
    assert "--debug" in one_line(capsys.readouterr().err)


def test_output_permissions_follow_umask(tmp_path):
    from mirbone._output import write_text

    old = os.umask(0o022)
    try:
        write_text(tmp_path / "a.txt", "x")
        assert (tmp_path / "a.txt").stat().st_mode & 0o777 == 0o644
        (tmp_path / "a.txt").chmod(0o600)
        write_text(tmp_path / "a.txt", "y", force=True)  # a replaced file keeps its mode
        assert (tmp_path / "a.txt").stat().st_mode & 0o777 == 0o600
    finally:
        os.umask(old)


# --------------------------------------------------------------------------- interrupted runs


@pytest.fixture(scope="module")
def de_table(tmp_path_factory) -> Path:
    return write_de_table(tmp_path_factory.mktemp("de") / "de.csv")


@pytest.fixture(scope="module")
def first_report(tmp_path_factory, de_table) -> Path:
    out = tmp_path_factory.mktemp("first") / "report"
    assert main(["analyze", str(de_table), "-o", str(out), "--permutations", "50", "--quiet"]) == 0
    return out


@pytest.fixture
def previous_report(tmp_path, first_report) -> tuple[Path, dict[str, str]]:
    """A copy of a finished report, to be replaced (with --force) by an interrupted run."""
    out = tmp_path / "report"
    shutil.copytree(first_report, out)
    return out, tree_digest(out)


def test_keyboard_interrupt_in_analyze_keeps_previous_report(
    previous_report, de_table, monkeypatch, capsys
):
    import mirbone.enrich

    out, digest = previous_report

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(mirbone.enrich, "gsea", interrupt)
    code = main(
        ["analyze", str(de_table), "-o", str(out), "--force", "--permutations", "50", "--quiet"]
    )
    assert code == 130
    assert "interrupted" in one_line(capsys.readouterr().err)
    assert tree_digest(out) == digest
    assert leftovers(out.parent) == []


@pytest.mark.parametrize("where", ["xlsx", "html", "between_renames"])
def test_keyboard_interrupt_in_write_report_keeps_previous_report(
    previous_report, de_table, monkeypatch, capsys, where
):
    import mirbone.analysis._report

    out, digest = previous_report
    if where == "xlsx":

        def interrupt(*args, **kwargs):
            raise KeyboardInterrupt

        monkeypatch.setattr(mirbone.analysis._report, "_write_xlsx", interrupt)
    elif where == "html":
        real_write = Path.write_text

        def write_text(self, *args, **kwargs):
            if self.name == "report.md":  # report.html written, report.md not yet
                raise KeyboardInterrupt
            return real_write(self, *args, **kwargs)

        monkeypatch.setattr(Path, "write_text", write_text)
    else:
        real_rename = Path.rename
        calls = []

        def rename(self, target):
            calls.append(target)
            if len(calls) == 2:  # the old report moved aside, the new one not yet in place
                raise KeyboardInterrupt
            return real_rename(self, target)

        monkeypatch.setattr(Path, "rename", rename)
    code = main(
        [
            "analyze",
            str(de_table),
            "-o",
            str(out),
            "--force",
            "--permutations",
            "50",
            "--quiet",
            "--seed",
            "7",
        ]
    )
    assert code == 130
    assert tree_digest(out) == digest
    assert leftovers(out.parent) == []


def _wait_for(predicate, timeout: float) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def test_real_sigint_during_report_writing(previous_report, de_table, tmp_path):
    """A real SIGINT, delivered while the report is being written, to a mirbone process."""
    out, digest = previous_report
    marker = tmp_path / "writing"
    script = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "import mirbone.analysis._report as r\n"
        "real = r._write_xlsx\n"
        "def slow(*a, **k):\n"
        f"    Path({str(marker)!r}).touch()\n"
        "    time.sleep(30)\n"
        "    return real(*a, **k)\n"
        "r._write_xlsx = slow\n"
        "from mirbone.cli import console_main\n"
        "sys.argv = ['mirbone'] + sys.argv[1:]\n"
        "console_main()\n"
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-c",
            script,
            "analyze",
            str(de_table),
            "-o",
            str(out),
            "--force",
            "--permutations",
            "50",
            "--quiet",
            "--seed",
            "11",
        ],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert _wait_for(marker.exists, 60), "the report writing never started"
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130
    assert "Traceback" not in err
    assert "interrupted" in err.strip().splitlines()[-1]
    assert all(line.startswith("mirbone analyze: ") for line in err.strip().splitlines())
    assert tree_digest(out) == digest
    assert leftovers(out.parent) == []


def _children(pid: int) -> list[int]:
    done = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False)
    return [int(x) for x in done.stdout.split()]


@pytest.mark.skipif(shutil.which("pgrep") is None, reason="needs pgrep")
def test_ctrl_c_stops_worker_processes(tmp_path):
    """Ctrl-C (SIGINT to the whole process group) with --workers 2: no hang, no orphans."""
    query = tmp_path / "query.txt"
    query.write_text("\n".join(REVIEW[:6]) + "\n")
    out = tmp_path / "te.tsv"
    process = subprocess.Popen(
        [
            *CLI,
            "target-enrich",
            str(query),
            "--targets",
            "kb",
            "--gene-sets",
            "bone",
            "--min-size",
            "2",
            "--permutations",
            "50000000",
            "--workers",
            "2",
            "-o",
            str(out),
        ],
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert _wait_for(lambda: len(_children(process.pid)) >= 2, 60), "no workers started"
        workers = _children(process.pid)
        time.sleep(0.5)
        os.killpg(process.pid, signal.SIGINT)
        _, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == 130, err
    assert "interrupted" in err.strip().splitlines()[-1] and "Traceback" not in err
    assert not out.exists() and leftovers(tmp_path) == []
    assert _wait_for(lambda: not any(Path(f"/proc/{w}").exists() for w in workers), 5)


def test_real_sigint_during_analysis(de_table, tmp_path):
    """SIGINT while the analysis runs: exit 130, no report folder, nothing left behind."""
    out = tmp_path / "report"
    process = subprocess.Popen(
        [*CLI, "analyze", str(de_table), "-o", str(out), "--permutations", "100000"],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # Interrupt once the (long, 100,000-permutation) signature tests have started:
        # a fixed sleep raced with a fast machine finishing the whole analysis first.
        seen = []
        for line in process.stderr:
            seen.append(line)
            if "testing the bone signatures" in line:
                break
        time.sleep(0.2)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=60)
        err = "".join(seen) + err
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 130, err
    assert not out.exists()
    assert leftovers(tmp_path) == []


# --------------------------------------------------------------------------- no data loss


def _commands(inputs: Path) -> dict[str, list[str]]:
    query = inputs / "query.txt"
    return {
        "names": ["names", "-i", str(query), "-o"],
        "kb": ["kb", "interactions", "-o"],
        "targets": ["targets", "-i", str(query), "--source", str(inputs / "pairs.tsv"), "-o"],
        "annotate": ["annotate", "-i", str(inputs / "genes.txt"), "-o"],
        "read": ["read", str(inputs / "de.csv"), "-o"],
        "enrich": ["enrich", str(query), "-o"],
        "target-enrich": [
            "target-enrich",
            str(query),
            "--targets",
            "kb",
            "--gene-sets",
            "bone",
            "--permutations",
            "50",
            "--min-size",
            "2",
            "-o",
        ],
    }


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("inputs")
    (folder / "query.txt").write_text("\n".join(REVIEW[:6]) + "\n")
    (folder / "genes.txt").write_text("RANKL\nOPN\nSOST\n")
    shutil.copy(DATA / "targets" / "pairs_header.tsv", folder / "pairs.tsv")
    write_de_table(folder / "de.csv", n=60)
    return folder


@pytest.mark.parametrize(
    "command", ["names", "kb", "targets", "annotate", "read", "enrich", "target-enrich"]
)
def test_no_overwrite_without_force_and_inputs_untouched(inputs, tmp_path, capsys, command):
    before = tree_digest(inputs)
    argv = _commands(inputs)[command]
    out = tmp_path / "out.tsv"
    out.write_text("keep me\n")
    assert main([*argv, str(out)]) == 2
    err = one_line(capsys.readouterr().err)
    assert "--force" in err and str(out) in err
    assert out.read_text() == "keep me\n"
    code = main([*argv, str(out), "--force"])
    assert code == 0, capsys.readouterr().err
    capsys.readouterr()
    assert out.read_text() != "keep me\n" and out.stat().st_size > 0
    assert leftovers(tmp_path) == []
    assert tree_digest(inputs) == before  # no input file was modified
    assert main([*argv, str(tmp_path)]) == 2  # a folder is not a file name
    assert "folder" in one_line(capsys.readouterr().err)


@pytest.mark.parametrize("command", ["analyze", "demo"])
def test_report_commands_never_replace_without_force(inputs, tmp_path, capsys, command):
    before = tree_digest(inputs)
    head = ["analyze", str(inputs / "de.csv")] if command == "analyze" else ["demo"]
    out = tmp_path / "report"
    out.mkdir()
    (out / "notes.txt").write_text("my own notes\n")
    assert main([*head, "-o", str(out), "--permutations", "20", "--quiet"]) == 2
    assert "--force" in one_line(capsys.readouterr().err)
    # Even with --force, a folder that is not a previous report is never deleted.
    assert main([*head, "-o", str(out), "--permutations", "20", "--quiet", "--force"]) == 2
    assert "not a mirbone report" in one_line(capsys.readouterr().err)
    assert tree_digest(out) == {"notes.txt": hashlib.sha256(b"my own notes\n").hexdigest()}
    existing = tmp_path / "file"
    existing.write_text("x")
    assert main([*head, "-o", str(existing), "--quiet", "--force"]) == 2
    assert existing.read_text() == "x"
    assert tree_digest(inputs) == before


def test_output_never_replaces_an_input(inputs, tmp_path, capsys):
    """Even with --force, -o naming an input file (or a report folder holding one) is refused."""
    query = tmp_path / "query.txt"
    shutil.copy(inputs / "query.txt", query)
    before = query.read_bytes()
    assert main(["names", "-i", str(query), "-o", str(query), "--force"]) == 2
    assert "input file" in one_line(capsys.readouterr().err)
    assert (
        main(["targets", "-i", str(tmp_path / "." / "query.txt"), "-o", str(query), "--force"]) == 2
    )
    assert "input file" in one_line(capsys.readouterr().err)
    assert query.read_bytes() == before
    report = tmp_path / "report"
    (report / "tables").mkdir(parents=True)
    (report / "run.json").write_text("{}")
    table = report / "tables" / "de.csv"
    shutil.copy(inputs / "de.csv", table)
    assert main(["analyze", str(table), "-o", str(report), "--force", "--quiet"]) == 2
    assert "input file" in one_line(capsys.readouterr().err)
    assert table.read_bytes() == (inputs / "de.csv").read_bytes()


def test_closed_standard_output_is_quiet():
    """`mirbone names ... | head -1`: exit 141 without an error message or traceback."""
    names = ["hsa-miR-21"] * 20_000  # about 1 MB of output: more than a pipe holds
    process = subprocess.Popen(
        [*CLI, "names", *names], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout.readline().startswith(b"input\tmirna")
    process.stdout.close()
    err = process.stderr.read().decode()
    process.wait(timeout=60)
    assert process.returncode == 141
    assert err == ""
