"""Determinism: same input, options and seed give byte-identical outputs.

Across two runs, across 1 and several worker processes (target-gene test) or threads
(GSEA), and across two interpreters with different ``PYTHONHASHSEED`` (so any output that
depends on the iteration order of a set or dict of strings shows up). The one field
allowed to differ is ``run.json``'s ``created`` timestamp.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from test_faults import REVIEW, write_de_table

DATA = Path(__file__).parent / "data"


def run_cli(argv: list[str], *, hashseed: str) -> subprocess.CompletedProcess:
    """Run ``mirbone`` in a fresh interpreter with the given ``PYTHONHASHSEED``."""
    env = {**os.environ, "PYTHONHASHSEED": hashseed, "MPLBACKEND": "Agg"}
    env.pop("SOURCE_DATE_EPOCH", None)
    done = subprocess.run(
        [sys.executable, "-c", "from mirbone.cli import console_main; console_main()", *argv],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("det")
    write_de_table(folder / "de.csv")
    (folder / "query.txt").write_text("\n".join(REVIEW) + "\n")
    return folder


def test_analyze_identical_across_hash_seeds(inputs, tmp_path):
    """Two `mirbone analyze` runs in interpreters with different hash seeds."""
    outs = []
    for seed in ("1", "4242"):
        out = tmp_path / f"out{seed}"
        run_cli(
            [
                "analyze",
                str(inputs / "de.csv"),
                "-o",
                str(out),
                "--permutations",
                "100",
                "--seed",
                "5",
                "--quiet",
            ],
            hashseed=seed,
        )
        outs.append(out)
    first, second = (digest(out) for out in outs)
    assert set(first) == set(second)
    assert {
        "tables/signature_gsea.tsv",
        "tables/target_enrichment.tsv",
        "tables.xlsx",
        "report.html",
        "report.md",
        "run.json",
    } <= set(first)
    differ = sorted(name for name in first if first[name] != second[name])
    assert differ in ([], ["run.json"])
    runs = [json.loads((out / "run.json").read_text()) for out in outs]
    for run in runs:
        run.pop("created")
    assert runs[0] == runs[1]
    # The html embeds the figures: equal bytes mean equal figures too.
    assert (outs[0] / "report.html").read_bytes() == (outs[1] / "report.html").read_bytes()


def test_target_enrich_workers_and_hash_seed(inputs, tmp_path):
    """`mirbone target-enrich`: 1 worker vs 2 workers, different hash seeds, same bytes."""
    common = [
        "target-enrich",
        str(inputs / "query.txt"),
        "--targets",
        "kb",
        "--gene-sets",
        "bone",
        "--min-size",
        "2",
        "--permutations",
        "1000",
        "--seed",
        "9",
    ]
    one, two = tmp_path / "w1.tsv", tmp_path / "w2.tsv"
    run_cli([*common, "--workers", "1", "-o", str(one)], hashseed="0")
    run_cli([*common, "--workers", "2", "-o", str(two)], hashseed="777")
    assert one.read_bytes() == two.read_bytes()
    table = pd.read_csv(one, sep="\t")
    assert len(table) > 3 and table["pvalue"].nunique() > 1  # a real, non-trivial result
    other = tmp_path / "seed10.tsv"
    run_cli([*common[:-1], "10", "--workers", "2", "-o", str(other)], hashseed="0")
    assert other.read_bytes() != one.read_bytes()  # the seed is really used


def test_small_commands_identical_across_hash_seeds(inputs, tmp_path):
    """names, targets, read, enrich and kb: byte-identical under two hash seeds."""
    commands = {
        "names.tsv": [
            "names",
            "-i",
            str(inputs / "query.txt"),
            "hsa-mir-21",
            "miR-125b",
            "MIMAT0000076",
        ],
        "targets.tsv": [
            "targets",
            "-i",
            str(inputs / "query.txt"),
            "--source",
            str(DATA / "targets" / "hsa_MTI.csv"),
        ],
        "read.tsv": ["read", str(inputs / "de.csv")],
        "enrich.tsv": [
            "enrich",
            str(inputs / "de.csv"),
            "--method",
            "gsea",
            "--permutations",
            "200",
            "--seed",
            "3",
            "--min-size",
            "2",
        ],
        "kb.gmt": ["kb", "signatures", "--output-format", "gmt", "--kind", "gene"],
    }
    script = (
        "import sys\n"
        "from mirbone.cli import main\n"
        "out, commands = sys.argv[1], __import__('json').loads(sys.argv[2])\n"
        "for name, argv in commands.items():\n"
        "    assert main([*argv, '-o', f'{out}/{name}']) == 0, name\n"
    )
    outs = []
    for seed in ("3", "91"):
        out = tmp_path / f"h{seed}"
        out.mkdir()
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", script, str(out), json.dumps(commands)],
            capture_output=True,
            text=True,
            env=env,
            check=False,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        outs.append(out)
    assert digest(outs[0]) == digest(outs[1])
    assert len(digest(outs[0])) == len(commands)


def test_gsea_same_seed_same_result_any_threads():
    from mirbone import kb
    from mirbone.enrich import gsea

    rng = np.random.default_rng(0)
    signatures = kb.signatures(species="hsa")
    members = sorted({m for ms in signatures.values() for m in ms})
    from mirbone.names import mature_table

    others = sorted(mature_table().query("species == 'hsa'")["mature"])[:300]
    names = sorted(set(members) | set(others))
    ranking = pd.Series(rng.normal(size=len(names)), index=names)
    one = gsea(ranking, signatures, permutations=300, seed=4, min_size=3)
    again = gsea(ranking, signatures, permutations=300, seed=4, min_size=3)
    threaded = gsea(ranking, signatures, permutations=300, seed=4, min_size=3, threads=2)
    pd.testing.assert_frame_equal(one, again)
    pd.testing.assert_frame_equal(one, threaded)
    other = gsea(ranking, signatures, permutations=300, seed=5, min_size=3)
    assert not one["pvalue"].equals(other["pvalue"])
    shuffled = ranking.sample(frac=1.0, random_state=1)  # input order must not matter
    pd.testing.assert_frame_equal(
        one, gsea(shuffled, signatures, permutations=300, seed=4, min_size=3)
    )
