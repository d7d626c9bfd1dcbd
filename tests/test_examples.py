"""The example scripts run (in a subprocess, as a user runs them) and the demo data are current."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mirbone._resources import resource

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DEMO_FILES = ("counts.tsv", "samples.tsv", "deseq2_results.csv")


def run_script(name: str, *args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``examples/NAME`` with this interpreter; mirbone is importable from the source tree."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env["MPLBACKEND"] = "Agg"
    completed = subprocess.run(
        [sys.executable, str(EXAMPLES / name), *map(str, args)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, f"{name} failed:\n{completed.stdout}\n{completed.stderr}"
    return completed


# ------------------------------------------------------------------------- demo data


@pytest.mark.slow
def test_demo_data_regenerates_byte_identical(tmp_path):
    """Byte for byte under the lock, on the floating-point kernels the table was made with."""
    from _reference_platform import why_not_reference

    reason = why_not_reference()
    if reason:
        pytest.skip(f"byte-identical only under the lock on AVX-512 kernels: {reason}")
    run_script(
        "make_demo_data.py",
        "--data-dir", tmp_path / "data",
        "--resource-dir", tmp_path / "demo",
        cwd=tmp_path,
    )  # fmt: skip
    for name in (*DEMO_FILES, "counts_old_names.tsv"):
        fresh = (tmp_path / "data" / name).read_bytes()
        assert fresh == (EXAMPLES / "data" / name).read_bytes(), name
    for name in DEMO_FILES:
        fresh = (tmp_path / "demo" / name).read_bytes()
        assert fresh == (ROOT / "resources" / "demo" / name).read_bytes(), name


def test_demo_resources_are_the_example_files():
    for name in DEMO_FILES:
        assert resource(f"demo/{name}").read_bytes() == (EXAMPLES / "data" / name).read_bytes()


def test_demo_counts_look_like_ev_mirna_seq():
    counts = pd.read_csv(EXAMPLES / "data" / "counts.tsv", sep="\t", index_col="mirna")
    samples = pd.read_csv(EXAMPLES / "data" / "samples.tsv", sep="\t")
    mature = pd.read_csv(resource("mirbase/mature.tsv.gz").open("rb"), sep="\t",
                         compression="gzip")  # fmt: skip
    assert list(counts.index) == mature.loc[mature["species"] == "hsa", "mature"].tolist()
    assert list(counts.columns) == samples["sample"].tolist()
    assert samples["group"].value_counts().to_dict() == {"young": 6, "aged": 6}
    assert (counts.dtypes == np.int64).all()
    library = counts.sum()
    assert library.between(1e6, 5e6).all()
    share = counts.sum(axis=1).sort_values(ascending=False) / library.sum()
    assert share.iloc[0] > 0.1  # one miRNA dominates (miR-21-5p)
    assert share.index[0] == "hsa-miR-21-5p"
    assert (counts.sum(axis=1) == 0).mean() > 0.3  # most miRNAs zero or low
    assert ((counts >= 10).sum(axis=1) >= 6).sum() < 0.3 * len(counts)


def test_demo_deseq2_table_is_r_write_csv_and_has_the_planted_effects():
    path = EXAMPLES / "data" / "deseq2_results.csv"
    lines = path.read_text().splitlines()
    assert lines[0] == '"","baseMean","log2FoldChange","lfcSE","stat","pvalue","padj"'
    assert lines[1].startswith('"hsa-let-7a-5p",')
    table = pd.read_csv(path, index_col=0)
    counts = pd.read_csv(EXAMPLES / "data" / "counts.tsv", sep="\t", index_col="mirna")
    # the vignette's pre-filter: >= 10 reads in >= 6 samples, rows in count-table order
    passing = counts.index[(counts >= 10).sum(axis=1) >= 6]
    assert list(table.index) == list(passing)
    assert table[["baseMean", "log2FoldChange", "pvalue"]].notna().all().all()
    # the planted effects (aged vs young) come out with their sign and significance
    up = ["hsa-miR-214-3p", "hsa-miR-31-5p", "hsa-miR-34a-5p", "hsa-miR-23a-5p"]
    down = ["hsa-miR-196a-5p", "hsa-miR-27a-3p", "hsa-miR-206", "hsa-miR-122-5p"]
    assert (table.loc[up, "log2FoldChange"] > 1).all()
    assert (table.loc[down, "log2FoldChange"] < -1).all()
    assert (table.loc[up + down, "padj"] < 0.01).all()
    # baseMean is the mean of the size-factor-normalised counts: check one abundant miRNA
    # against median-of-ratios size factors computed here (all-positive miRNAs as reference)
    positive = counts.loc[passing][(counts.loc[passing] > 0).all(axis=1)]
    log_geo = np.log(positive).mean(axis=1)
    factors = np.exp(np.log(positive).sub(log_geo, axis=0).median(axis=0))
    expected = (counts.loc["hsa-miR-21-5p"] / factors).mean()
    assert table.loc["hsa-miR-21-5p", "baseMean"] == pytest.approx(expected, rel=1e-6)


# --------------------------------------------------------------------------- scripts


def test_normalise_names(tmp_path):
    out = tmp_path / "out"
    completed = run_script("normalise_names.py", out, cwd=tmp_path)
    assert "renamed" in completed.stdout
    assert "retired" in completed.stdout
    counts = pd.read_csv(out / "counts_v22.tsv", sep="\t", index_col="mirna")
    log = pd.read_csv(out / "name_log.tsv", sep="\t")
    assert len(log) == 12
    old = pd.read_csv(EXAMPLES / "data" / "counts_old_names.tsv", sep="\t", index_col="miRNA")
    # the eight names that resolve to one v22 mature keep their counts under the v22 name
    expected = {
        "hsa-miR-21": "hsa-miR-21-5p",
        "hsa-let-7a": "hsa-let-7a-5p",
        "hsa-miR-214": "hsa-miR-214-3p",
        "miR-31": "hsa-miR-31-5p",
        "hsa-miR-23a*": "hsa-miR-23a-5p",
        "MIMAT0000226": "hsa-miR-196a-5p",
        "hsa-miR-27a-3p ": "hsa-miR-27a-3p",
        "hsa-miR-125b": "hsa-miR-125b-5p",
    }
    assert sorted(counts.index) == sorted(expected.values())
    for written, current in expected.items():
        assert counts.loc[current].tolist() == old.loc[written].tolist()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_enrich_list_matches_scipy(tmp_path):
    from scipy.stats import hypergeom

    from mirbone import kb

    run_script("enrich_list.py", tmp_path, cwd=tmp_path)
    up = pd.read_csv(tmp_path / "ora_up.tsv", sep="\t").set_index("term")
    stats = pd.read_csv(EXAMPLES / "data" / "deseq2_results.csv", index_col=0)
    universe = set(stats.index)
    query = set(stats.index[(stats["padj"] < 0.05) & (stats["log2FoldChange"] > 0)])
    members = set(kb.signatures("hsa")["inhibits_osteogenesis"]) & universe
    k = len(members & query)
    row = up.loc["inhibits_osteogenesis"]
    assert row["overlap"] == k > 0
    assert row["pvalue"] == pytest.approx(
        hypergeom.sf(k - 1, len(universe), len(members), len(query)), rel=1e-9
    )
    assert (tmp_path / "ora_down.tsv").is_file()


def test_enrich_list_without_outdir_writes_to_a_temporary_folder(tmp_path):
    completed = run_script("enrich_list.py", cwd=tmp_path)
    assert list(tmp_path.iterdir()) == []
    written = Path(completed.stdout.strip().splitlines()[-1].split()[1])
    assert written.name == "ora_up.tsv"
    assert written.is_file()
    for file in written.parent.iterdir():
        file.unlink()
    written.parent.rmdir()


def test_heatmap_figure(tmp_path):
    completed = run_script("heatmap_figure.py", tmp_path, cwd=tmp_path)
    assert "review miRNAs are detected" in completed.stdout
    png = (tmp_path / "review_mirnas_heatmap.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert width > 1500 and height > 1000  # 300 dpi
    svg = (tmp_path / "review_mirnas_heatmap.svg").read_text()
    assert "<svg" in svg and "hsa-miR-214-3p" in svg


@pytest.mark.parametrize("mti", [None, ROOT / "tests" / "data" / "targets" / "hsa_MTI.csv"])
def test_add_mirtarbase(tmp_path, mti):
    args = [tmp_path] if mti is None else [tmp_path, mti]
    run_script("add_mirtarbase.py", *args, cwd=tmp_path)
    source = EXAMPLES / "data" / "mirtarbase_example.csv" if mti is None else mti
    combined = pd.read_csv(tmp_path / "targets_combined.tsv", sep="\t", dtype=str)
    assert set(combined["source"]) == {"kb", "mirtarbase"}
    raw = pd.read_csv(source, encoding="utf-8-sig", dtype=str)
    human = raw[(raw["Species (miRNA)"] == "Homo sapiens")]
    assert (combined["source"] == "mirtarbase").sum() <= len(human)
    if mti is None:  # every row of the example resolves
        assert (combined["source"] == "mirtarbase").sum() == len(human)
        pairs = set(zip(combined["mirna"], combined["gene"], strict=True))
        assert ("hsa-miR-214-3p", "ATF4") in pairs
        assert ("hsa-miR-375-3p", "JAK2") in pairs  # v21 name hsa-miR-375 normalised
    support = pd.read_csv(tmp_path / "kb_edges_with_mirtarbase.tsv", sep="\t", dtype=str)
    assert len(support) == (combined["source"] == "kb").sum()
    assert (tmp_path / "target_heatmap.png").read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize("name", ["normalise_names.py", "heatmap_figure.py"])
def test_examples_never_overwrite_existing_files(tmp_path, name):
    outdir = tmp_path / "out"
    run_script(name, outdir, cwd=tmp_path)
    before = {p.name: p.read_bytes() for p in outdir.iterdir()}
    env = {**os.environ, "MPLBACKEND": "Agg"}
    again = subprocess.run(
        [sys.executable, str(EXAMPLES / name), str(outdir)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert again.returncode == 2
    assert "exist" in again.stderr
    assert "Traceback" not in again.stderr
    assert {p.name: p.read_bytes() for p in outdir.iterdir()} == before
