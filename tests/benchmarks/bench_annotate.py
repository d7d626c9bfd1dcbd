"""Benchmark: annotate 20,000 gene symbols and aliases from the bundled snapshot.

Run: ``.venv/bin/python tests/benchmarks/bench_annotate.py``. Prints the time of
:func:`mirbone.annotate.annotate` on 20,000 queries (16,000 current symbols, 4,000
unambiguous aliases, a tenth in lower case) from a cold start (snapshot loaded and indexed
inside the timing) and warm, wall-clock and CPU seconds (CPU time is steadier on a
shared machine), and the ratio to a naive per-name pandas lookup (boolean mask on the
symbol column, then on the alias column) run in the same process on the first
``N_BASELINE`` queries (it costs milliseconds per name) and scaled to 20,000.
"""

from __future__ import annotations

import sys
import time

import numpy as np
import pandas as pd

from mirbone import _resources
from mirbone._resources import read_table

N_SYMBOLS, N_ALIASES = 16_000, 4_000
N_BASELINE = 2_000


def make_queries(seed: int = 0) -> list[str]:
    """Draw real symbols and single-gene aliases from the snapshot."""
    rng = np.random.default_rng(seed)
    genes = read_table("genes/genes.tsv.gz")
    aliases = read_table("genes/aliases.tsv.gz")
    symbols = genes["symbol"].drop_duplicates(keep=False)
    aliases = aliases[~aliases["alias"].duplicated(keep=False)]
    aliases = aliases[~aliases["alias"].str.upper().isin(set(genes["symbol"].str.upper()))]
    picked = list(rng.choice(symbols.to_numpy(), N_SYMBOLS, replace=False))
    picked += list(rng.choice(aliases["alias"].to_numpy(), N_ALIASES, replace=False))
    lower = rng.random(len(picked)) < 0.1
    return [q.lower() if low else q for q, low in zip(picked, lower, strict=True)]


def naive(queries: list[str], genes: pd.DataFrame, aliases: pd.DataFrame) -> list[str | None]:
    """Look each name up one by one with pandas masks (the baseline)."""
    upper_symbol = genes["symbol"].str.upper()
    upper_alias = aliases["alias"].str.upper()
    found: list[str | None] = []
    for query in queries:
        hit = genes.loc[upper_symbol == query.upper(), "symbol"]
        if hit.empty:
            entrez = aliases.loc[upper_alias == query.upper(), "entrez_id"]
            hit = genes.loc[genes["entrez_id"].isin(entrez), "symbol"]
        found.append(hit.iloc[0] if len(hit) == 1 else None)
    return found


def main() -> None:
    """Time mirbone against the naive baseline and print the figures."""
    queries = make_queries()
    _resources._cached_table.cache_clear()  # cold: the snapshot is read inside the timing
    wall, cpu = time.perf_counter(), time.process_time()
    from mirbone.annotate import annotate

    table = annotate(queries)
    cold = (time.perf_counter() - wall, time.process_time() - cpu)
    wall, cpu = time.perf_counter(), time.process_time()
    annotate(queries)
    warm = (time.perf_counter() - wall, time.process_time() - cpu)

    genes = read_table("genes/genes.tsv.gz")
    aliases = read_table("genes/aliases.tsv.gz")
    subset = queries[:N_BASELINE]
    wall, cpu = time.perf_counter(), time.process_time()
    baseline = naive(subset, genes, aliases)
    scale = len(queries) / len(subset)
    slow = ((time.perf_counter() - wall) * scale, (time.process_time() - cpu) * scale)

    agree = float(np.mean([a == b for a, b in zip(table["symbol"], baseline, strict=False)]))
    resolved = table["status"].isin(["symbol", "alias"]).mean()
    print(f"queries: {len(queries)} ({N_SYMBOLS} symbols, {N_ALIASES} aliases)")
    print(
        f"mirbone annotate, cold (read + index + resolve): {cold[0]:.2f} s wall, "
        f"{cold[1]:.2f} s CPU"
    )
    print(f"mirbone annotate, warm: {warm[0]:.3f} s wall, {warm[1]:.3f} s CPU")
    print(
        f"naive per-name pandas lookup ({N_BASELINE} names, scaled to {len(queries)}): "
        f"{slow[0]:.1f} s wall, {slow[1]:.1f} s CPU"
    )
    print(f"speed-up (CPU): {slow[1] / cold[1]:.0f}x cold, {slow[1] / warm[1]:.0f}x warm")
    print(
        f"resolved: {resolved:.1%}; same symbol as the baseline on its "
        f"{N_BASELINE} names: {agree:.1%}"
    )
    sys.stdout.flush()


if __name__ == "__main__":
    main()
