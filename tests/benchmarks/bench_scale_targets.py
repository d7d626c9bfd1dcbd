"""Benchmark: load 5,000,000-row target files with bounded memory.

Run: ``.venv/bin/python tests/benchmarks/bench_scale_targets.py [--rows N]``.

Generates, in a temporary folder, three target files of ``N`` rows (default 5,000,000)
from real miRBase v22 mature names and NCBI gene symbols of the bundled snapshot (plus 1%
of names that resolve to nothing, as real files have):

- ``pairs.tsv``: a pairs file with a header (``mirna``, ``gene``);
- ``pairs_noheader.tsv``: the same without a header (two bare columns);
- ``hsa_MTI.csv``: a miRTarBase-like CSV (all nine miRTarBase columns, quoted methods).

Each file is loaded by :func:`mirbone.targets.load` in a fresh subprocess, which reports
its wall time and its peak resident memory (``VmHWM``). A plain ``pd.read_csv`` of
the same file (object dtype, all columns) in another fresh process is the baseline.

Target (issue 7): every load well under 4 GB peak RSS. Exit code 1 if missed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

LIMIT_MB = 4096

_CHILD = r"""
import json, sys, time
kind, path = sys.argv[1], sys.argv[2]
start = time.perf_counter()
if kind == "mirbone":
    from mirbone.targets import load
    tmap = load(path)
    info = tmap.summary()
    rows = len(tmap)
    extra = {"edges": rows, "unresolved": int(len(tmap.unresolved))}
else:
    import pandas as pd
    frame = pd.read_csv(path, sep="," if path.endswith(".csv") else "\t", dtype=str,
                        header=None if "noheader" in path else "infer")
    extra = {"rows": len(frame)}
seconds = time.perf_counter() - start
# VmHWM is this process's own high-water mark (ru_maxrss would include the parent's,
# which survives fork and exec).
status = open("/proc/self/status").read().split("VmHWM:")[1]
peak = int(status.split()[0]) / 1024
print(json.dumps({"seconds": seconds, "peak_mb": peak, **extra}))
"""


def _names(rows: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    from mirbone.annotate import gene_table
    from mirbone.names import mature_table

    mature = mature_table()
    mirnas = mature.loc[mature["species"] == "hsa", "mature"].to_numpy(dtype=object)
    genes = gene_table()
    symbols = genes["symbol"].to_numpy(dtype=object)
    entrez = genes["entrez_id"].to_numpy(dtype=object)
    rng = np.random.default_rng(seed)
    mi = rng.choice(np.append(mirnas, ["hsa-miR-99999", "not-a-mirna"]), rows)
    pick = rng.integers(0, len(symbols), rows)
    return mi, symbols[pick], entrez[pick]


def write_files(folder: Path, rows: int) -> dict[str, Path]:
    """Write the three target files; return their paths."""
    mirna, gene, entrez = _names(rows)
    pairs = pd.DataFrame({"mirna": mirna, "gene": gene})
    files = {
        "pairs": folder / "pairs.tsv",
        "pairs_noheader": folder / "pairs_noheader.tsv",
        "mirtarbase": folder / "hsa_MTI.csv",
    }
    pairs.to_csv(files["pairs"], sep="\t", index=False)
    pairs.to_csv(files["pairs_noheader"], sep="\t", index=False, header=False)
    rng = np.random.default_rng(1)
    support = np.array(["Functional MTI", "Functional MTI (Weak)", "Non-Functional MTI"])
    methods = np.array(
        [
            "Luciferase reporter assay//Western blot",
            "Microarray",
            "HITS-CLIP",
            "qRT-PCR//Luciferase reporter assay",
        ]
    )
    mti = pd.DataFrame(
        {
            "miRTarBase ID": [f"MIRT{i:06d}" for i in range(rows)],
            "miRNA": mirna,
            "Species (miRNA)": "Homo sapiens",
            "Target Gene": gene,
            "Target Gene (Entrez Gene ID)": entrez,
            "Species (Target Gene)": "Homo sapiens",
            "Experiments": methods[rng.integers(0, len(methods), rows)],
            "Support Type": support[rng.integers(0, len(support), rows)],
            "References (PMID)": rng.integers(10_000_000, 40_000_000, rows).astype(str),
        }
    )
    mti.to_csv(files["mirtarbase"], index=False)
    return files


def measure(kind: str, path: Path) -> dict[str, float]:
    """Run one load in a fresh interpreter; return its figures."""
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, kind, str(path)], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5_000_000)
    args = parser.parse_args()
    failed = False
    with tempfile.TemporaryDirectory(prefix="mirbone-scale-") as tmp:
        start = time.perf_counter()
        files = write_files(Path(tmp), args.rows)
        print(
            f"generated {len(files)} files of {args.rows:,} rows in "
            f"{time.perf_counter() - start:.0f} s: "
            + ", ".join(f"{p.name} {p.stat().st_size / 1e6:.0f} MB" for p in files.values())
        )
        for name, path in files.items():
            base = measure("pandas", path)
            ours = measure("mirbone", path)
            ok = ours["peak_mb"] < LIMIT_MB
            failed |= not ok
            print(
                f"{name:15s} mirbone.targets.load: {ours['seconds']:6.1f} s, peak RSS "
                f"{ours['peak_mb']:6.0f} MB, {ours['edges']:,} edges, "
                f"{ours['unresolved']:,} unresolved rows | pandas read_csv (str): "
                f"{base['seconds']:5.1f} s, {base['peak_mb']:5.0f} MB | ratio time "
                f"{ours['seconds'] / base['seconds']:.2f}, memory "
                f"{ours['peak_mb'] / base['peak_mb']:.2f} | {'OK' if ok else 'OVER'} "
                f"(limit {LIMIT_MB} MB)"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
