"""Stored target databases (``mirbone db``), stored names, consensus, new readers."""

from __future__ import annotations

import hashlib
import http.server
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from mirbone.cli import main
from mirbone.errors import InputError
from mirbone.targets import _store, load, load_targets

DATA = Path(__file__).parent / "data" / "targets"
MTI = DATA / "hsa_MTI.csv"
ENCORI = DATA / "ENCORI_hg38_miRNATarget_all.txt"
MIRWALK = DATA / "hsa_miRWalk_3UTR.txt"
MICROT = DATA / "microT_CDS_data.csv"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def store_state(home: Path) -> dict[str, bytes]:
    """Every file of the store with its bytes (the lock file aside)."""
    folder = home / "db"
    if not folder.exists():
        return {}
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.name != ".lock"}


@pytest.fixture
def home(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("MIRBONE_HOME", str(folder))
    return folder


# -- readers of the new formats (values read by hand from the fixtures) ------------------


def test_encori_best_site_per_pair_weak_evidence():
    tmap = load(ENCORI)
    table = tmap.table.astype({"mirna": str, "gene": str, "source": str, "evidence": str})
    scores = {(r.mirna, r.gene): r.score for r in table.itertuples()}
    # RUNX2 has two sites (clipExpNum 12 and 5): the better one is kept
    assert scores == {
        ("hsa-miR-204-5p", "RUNX2"): 12.0,
        ("hsa-miR-21-5p", "SPRY1"): 27.0,
        ("hsa-miR-21-5p", "PTEN"): 31.0,
        ("hsa-miR-29b-3p", "HDAC4"): 8.0,
    }
    assert set(table["evidence"]) == {"weak"}
    assert set(table["source"]) == {"encori"}
    assert dict(zip(table["gene"], table["entrez_id"].astype(str), strict=True))["PTEN"] == "5728"
    assert list(tmap.unresolved["gene_input"]) == ["NOTAGENE1"]
    loaded = tmap.summary()["loaded"]["encori"]
    assert loaded["rows_read"] == 6
    assert loaded["format"] == "encori"


def test_mirwalk_sites_collapse_and_mouse_rows_counted():
    tmap = load(MIRWALK)
    table = tmap.table.astype({"mirna": str, "gene": str})
    scores = {(r.mirna, r.gene): round(r.score, 6) for r in table.itertuples()}
    assert scores == {
        ("hsa-miR-204-5p", "RUNX2"): round(0.9692307692307692, 6),  # best of three sites
        ("hsa-miR-21-5p", "PTEN"): 1.0,
        ("hsa-miR-29b-3p", "HDAC4"): round(0.9230769230769231, 6),
        ("hsa-miR-133a-3p", "SPRY1"): round(0.9538461538461539, 6),
    }
    assert set(tmap.table["evidence"].astype(str)) == {"predicted"}
    assert tmap.summary()["loaded"]["mirwalk"]["other_species"] == {"mmu": 1}
    assert list(tmap.unresolved["gene_input"]) == ["NOTAGENE1"]


def test_microt_site_lines_skipped_gene_from_id_and_name():
    tmap = load(MICROT)
    table = tmap.table.astype({"mirna": str, "gene": str})
    scores = {(r.mirna, r.gene): r.score for r in table.itertuples()}
    assert scores == {
        ("hsa-miR-21-5p", "PTEN"): 0.993,
        ("hsa-miR-204-5p", "RUNX2"): 0.981,  # two transcripts: 0.981 and 0.874
        ("hsa-miR-29b-3p", "HDAC4"): 0.962,
        ("hsa-miR-21-5p", "SMAD7"): 0.712,
        ("hsa-miR-133a-3p", "SPRY1"): 0.658,
    }
    loaded = tmap.summary()["loaded"]["microt"]
    assert loaded["site_lines"] == 8
    assert loaded["other_species"] == {"mmu": 1}


def test_new_formats_refuse_missing_columns(tmp_path):
    bad = tmp_path / "encori.txt"
    bad.write_text("#cite\nmiRNAid\tmiRNAname\tgeneID\tgeneName\n1\thsa-miR-21-5p\tENSG1\tPTEN\n")
    with pytest.raises(InputError, match="clipExpNum"):
        load(bad, format="encori")
    text = MICROT.read_text().replace("0.993", "high")
    (tmp_path / "m.csv").write_text(text)
    with pytest.raises(InputError, match="miTG score"):
        load(tmp_path / "m.csv")


# -- the store ---------------------------------------------------------------------------


def test_add_list_info_load_remove(home, capsys):
    assert main(["db", "add", "mtb", str(MTI), "--version", "9.0"]) == 0
    entry = json.loads((home / "db" / "manifest.json").read_text())["entries"]["mtb"]
    assert entry["sha256"] == sha256(MTI)
    assert entry["version"] == "9.0"
    assert entry["species"] == "hsa"
    assert entry["format"] == "mirtarbase"
    assert entry["rows_read"] == len(MTI.read_text(encoding="utf-8-sig").splitlines()) - 1
    capsys.readouterr()
    assert main(["db", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split("\t")[:4] == ["name", "format", "species", "version"]
    assert lines[1].split("\t")[:4] == ["mtb", "mirtarbase", "hsa", "9.0"]
    assert main(["db", "info", "mtb"]) == 0
    assert json.loads(capsys.readouterr().out)["sha256"] == sha256(MTI)
    # loading by name gives the rows the file gives, labelled with the stored name
    stored = load("mtb").table
    direct = load(MTI).table
    assert len(stored) == len(direct) == entry["edges"]
    assert set(stored["source"].astype(str)) == {"mtb"}
    key = ["mirna", "gene", "evidence", "reference"]
    as_rows = lambda t: sorted(map(tuple, t[key].astype(str).to_numpy().tolist()))  # noqa: E731
    assert as_rows(stored) == as_rows(direct)
    assert main(["db", "remove", "mtb"]) == 0
    assert store_state(home) == {"manifest.json": (home / "db" / "manifest.json").read_bytes()}
    assert json.loads((home / "db" / "manifest.json").read_text())["entries"] == {}


def test_existing_name_needs_force_and_store_is_unchanged(home, capsys):
    assert main(["db", "add", "mtb", str(MTI)]) == 0
    before = store_state(home)
    capsys.readouterr()
    assert main(["db", "add", "mtb", str(ENCORI)]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "--force" in err
    assert store_state(home) == before
    assert main(["db", "add", "mtb", str(ENCORI), "--force"]) == 0
    assert _store.info("mtb")["format"] == "encori"
    parquet = sorted(p.name for p in (home / "db").glob("*.parquet"))
    assert len(parquet) == 2  # the old table and its unresolved rows were deleted


@pytest.mark.parametrize("damage", ["truncate", "flip"])
def test_corrupt_store_file_exit_2_one_line_store_unchanged(home, capsys, damage):
    assert main(["db", "add", "mtb", str(MTI)]) == 0
    table = home / "db" / _store.info("mtb")["files"]["table"]["file"]
    data = table.read_bytes()
    table.write_bytes(data[: len(data) // 2] if damage == "truncate" else data[:-9] + b"X" * 9)
    before = store_state(home)
    capsys.readouterr()
    assert main(["targets", "hsa-miR-21-5p", "--source", "mtb"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "corrupt or truncated" in err and "sha256" in err
    assert store_state(home) == before


def test_unknown_name_exit_2_everywhere(home, tmp_path, capsys):
    assert main(["db", "add", "mtb", str(MTI)]) == 0
    before = store_state(home)
    query = tmp_path / "q.txt"
    query.write_text("hsa-miR-21-5p\n")
    for argv in (
        ["targets", "hsa-miR-21-5p", "--source", "mirtarbse"],
        ["targets", "hsa-miR-21-5p", "--source", "kb,mirtarbse"],
        ["target-enrich", str(query), "--targets", "mirtarbse", "--gene-sets", "bone"],
        ["db", "info", "mirtarbse"],
        ["db", "remove", "mirtarbse"],
    ):
        capsys.readouterr()
        assert main(argv) == 2, argv
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "'mirtarbse'" in err[0] and "stored: mtb" in err[0], err
    assert store_state(home) == before
    with pytest.raises(InputError, match="no stored target database and no file"):
        load("mirtarbse")


def test_bad_names_refused(home):
    for name in ("kb", "a/b", "../x", "", "1abc"):
        with pytest.raises(InputError, match="stored database name"):
            _store.add(name, MTI)
    assert store_state(home) == {}


def test_species_is_kept_with_the_entry(home):
    _store.add("mtb", MTI)
    with pytest.raises(InputError, match="holds hsa targets, not mmu"):
        load("mtb", species="mmu")


def test_mirdb_default_threshold_applies_to_a_stored_mirdb(home):
    mirdb = DATA / "miRDB_v6.0_prediction_result.txt.gz"
    _store.add("mirdb6", mirdb, version="6.0")
    stored, direct = load("mirdb6"), load(mirdb)
    assert (stored.table["score"] >= 80).all()
    assert len(stored) == len(direct)


_ADD = """
import sys
from mirbone.targets import _store
_store.add(sys.argv[1], sys.argv[2], force=True)
"""


def test_concurrent_adds_leave_a_valid_store(home):
    env = {**os.environ, "MIRBONE_HOME": str(home)}
    jobs = [
        subprocess.Popen([sys.executable, "-c", _ADD, name, str(path)], env=env)
        for name, path in [("a", MTI), ("b", ENCORI), ("c", MTI), ("c", MIRWALK)]
    ]
    assert [job.wait(timeout=300) for job in jobs] == [0, 0, 0, 0]
    manifest = json.loads((home / "db" / "manifest.json").read_text())["entries"]
    assert sorted(manifest) == ["a", "b", "c"]
    on_disk = sorted(p.name for p in (home / "db").glob("*.parquet"))
    listed = sorted(f["file"] for e in manifest.values() for f in e["files"].values())
    assert on_disk == listed  # no orphan or temporary file is left
    for name in manifest:
        assert len(load(name)) == manifest[name]["edges"]


# -- names and lists everywhere ----------------------------------------------------------


def test_comma_list_consensus_and_support(home, capsys):
    _store.add("mtb", MTI)
    source = f"kb,mtb,{ENCORI}"
    capsys.readouterr()
    assert main(["targets", "hsa-miR-21-5p", "hsa-miR-204-5p", "--source", source]) == 0
    rows = [line.split("\t") for line in capsys.readouterr().out.splitlines()]
    header, body = rows[0], rows[1:]
    assert header == [
        "mirna", "gene", "entrez_id", "source", "evidence", "reference", "supported_by",
        "n_sources",
    ]  # fmt: skip
    support = {(r[0], r[1]): (r[6], r[7]) for r in body}
    # by hand: PDCD4 is in the KB and miRTarBase; RUNX2 in miRTarBase and ENCORI;
    # PTEN and SPRY1 in ENCORI only (the miRTarBase fixture has no such rows)
    assert support[("hsa-miR-21-5p", "PDCD4")] == ("kb;mtb", "2")
    assert support[("hsa-miR-204-5p", "RUNX2")] == ("encori;mtb", "2")
    assert support[("hsa-miR-21-5p", "PTEN")] == ("encori", "1")
    assert main(["targets", "hsa-miR-21-5p", "hsa-miR-204-5p", "--source", source,
                 "--min-sources", "2"]) == 0  # fmt: skip
    kept = [line.split("\t") for line in capsys.readouterr().out.splitlines()[1:]]
    assert {(r[0], r[1]) for r in kept} == {
        ("hsa-miR-21-5p", "PDCD4"),
        ("hsa-miR-204-5p", "RUNX2"),
    }
    # evidence stays per source: RUNX2 keeps miRTarBase's label and ENCORI's
    assert {(r[3], r[4]) for r in kept if r[1] == "RUNX2"} == {
        ("mtb", "non_functional"),
        ("encori", "weak"),
    }
    assert main(["targets", "hsa-miR-21-5p", "--source", source, "--min-sources", "4"]) == 2


def test_python_api_names_lists_and_labels(home):
    _store.add("mirtarbase", MTI, version="9.0")
    assert load("mirtarbase").summary()["loaded"]["mirtarbase"]["store"]["version"] == "9.0"
    both = load_targets(f"mirtarbase,{MTI}")  # the same format twice: told apart by name
    assert set(both.table["source"].astype(str)) == {"mirtarbase", "hsa_MTI"}
    support = both.support()
    assert set(support["n_sources"]) == {2}
    with pytest.raises(InputError, match="between 1 and the number of sources"):
        both.consensus(3)


# -- fetch, against a server on 127.0.0.1 ------------------------------------------------


@pytest.fixture
def server(tmp_path):
    folder = tmp_path / "www"
    folder.mkdir()
    (folder / "hsa_MTI.csv").write_bytes(MTI.read_bytes())

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(folder), **kwargs)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_fetch_checks_the_pinned_sha256(home, server, capsys, monkeypatch):
    url = f"{server}/hsa_MTI.csv"
    wrong = "0" * 64
    assert main(["db", "fetch", "mtb", "--url", url, "--sha256", wrong]) == 2
    assert "does not match" in capsys.readouterr().err
    assert store_state(home) == {}
    assert main(["db", "fetch", "mtb", "--url", url, "--sha256", sha256(MTI),
                 "--version", "9.0"]) == 0  # fmt: skip
    assert _store.info("mtb")["sha256"] == sha256(MTI)
    # a known release: pinned URL and checksum
    release = {"database": "miRTarBase", "version": "9.0", "url": url, "format": "mirtarbase",
               "species": "hsa", "sha256": sha256(MTI)}  # fmt: skip
    monkeypatch.setitem(_store.RELEASES, "mirtarbase", release)
    entry = _store.fetch("mirtarbase")
    assert entry["version"] == "9.0" and entry["format"] == "mirtarbase"


def test_fetch_without_network_or_checksum_exit_2(home, capsys):
    # a closed port on 127.0.0.1 stands for no network
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    capsys.readouterr()
    argv = ["db", "fetch", "x", "--url", f"http://127.0.0.1:{port}/f.csv", "--sha256", "a" * 64]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "network" in err[0]
    assert _store.RELEASES["mirdb"]["sha256"] is None
    assert main(["db", "fetch", "mirdb"]) == 2
    assert "no verified sha256" in capsys.readouterr().err
    assert store_state(home) == {}


# -- provenance --------------------------------------------------------------------------


@pytest.mark.slow
def test_run_json_and_methods_name_the_stored_database(home, tmp_path):
    from mirbone.analysis import analyze, write_report

    _store.add("mtb", MTI, version="9.0")
    demo = Path(__file__).parents[1] / "resources" / "demo"
    result = analyze(demo / "counts.tsv", targets="kb,mtb", permutations=50, seed=1)
    out = tmp_path / "report"
    write_report(result, out)
    run = json.loads((out / "run.json").read_text())
    stored = [d for d in run["target_databases"] if d["kind"] == "stored"]
    assert stored == [{
        "kind": "stored", "name": "mtb", "format": "mirtarbase", "species": "hsa",
        "version": "9.0", "added": _store.info("mtb")["added"], "sha256": sha256(MTI),
        "source_file": "hsa_MTI.csv", "rows_read": _store.info("mtb")["rows_read"],
        "edges": _store.info("mtb")["edges"],
    }]  # fmt: skip
    methods = (out / "report.md").read_text()
    assert "Target database mtb (mirtarbase, hsa, version 9.0)" in methods
    assert sha256(MTI) in methods
    assert _store.info("mtb")["added"][:10] in methods


def test_cli_format_list_matches_the_readers():
    from mirbone.cli.targets import TARGET_FORMATS
    from mirbone.targets._readers import FORMATS

    assert tuple(TARGET_FORMATS) == tuple(FORMATS)


@pytest.mark.parametrize(
    "cells",
    [["a", "b"], ["tab\there", "x"], ['quote"d', "x"], ["", " spaced "], ["line\nbreak", "y"]],
)
def test_write_tsv_gives_the_bytes_of_to_csv(cells):
    import io

    import pandas as pd

    from mirbone._output import write_tsv

    table = pd.DataFrame({"text": cells, "n": [1, 22]})
    buffer = io.StringIO()
    write_tsv(table, buffer)
    assert buffer.getvalue() == table.to_csv(sep="\t", index=False, lineterminator="\n")


@pytest.mark.realdata
def test_real_mirtarbase_stored(home, mirtarbase_hsa_csv, capsys):
    """miRTarBase's real hsa_MTI.csv: stored once, its rows come back by name."""
    assert main(["db", "add", "mirtarbase", str(mirtarbase_hsa_csv), "--version", "9.0"]) == 0
    entry = _store.info("mirtarbase")
    assert entry["rows_read"] == 502_652
    assert entry["sha256"] == sha256(mirtarbase_hsa_csv)
    stored = load("mirtarbase")
    assert len(stored) == entry["edges"]
    # the stored map answers like the file: miR-21 -> PDCD4 strong, miR-375 under its v22 name
    strong = stored.filter(evidence="strong").targets_of("hsa-miR-21-5p")
    assert "PDCD4" in set(strong["gene"])
    assert stored.targets_of("hsa-miR-375").empty
    assert not stored.targets_of("hsa-miR-375-3p").empty
    capsys.readouterr()
    query = ["hsa-miR-21-5p", "hsa-miR-125b-5p", "hsa-miR-204-5p"]
    assert main(["targets", *query, "--source", "mirtarbase"]) == 0
    by_name = capsys.readouterr().out
    assert main(["targets", *query, "--source", str(mirtarbase_hsa_csv)]) == 0
    assert capsys.readouterr().out == by_name
