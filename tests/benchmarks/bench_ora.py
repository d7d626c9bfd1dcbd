"""Benchmark: mirbone.enrich.ora vs gseapy.enrich, 10,000 signatures against one query.

Run from the repository root: ``.venv/bin/python tests/benchmarks/bench_ora.py``. Prints the
best of several runs for each tool and the ratio, and checks that both give the same
p-values on every set gseapy reports (gseapy leaves out sets without overlap).
"""

from __future__ import annotations

import logging
import time

import numpy as np

N_SETS = 10_000
UNIVERSE_SIZE = 20_000
QUERY_SIZE = 300
REPEATS = 5


def best_of(fn, repeats: int = REPEATS) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    import gseapy
    from scipy import stats  # noqa: F401 - import cost outside the timings

    from mirbone.enrich import ora

    logging.getLogger("gseapy").setLevel(logging.ERROR)
    rng = np.random.default_rng(0)
    universe = [f"gene{i}" for i in range(UNIVERSE_SIZE)]
    pool = np.asarray(universe, dtype=object)
    sets = {
        f"SIG{j:05d}": pool[
            rng.choice(UNIVERSE_SIZE, int(rng.integers(10, 201)), replace=False)
        ].tolist()
        for j in range(N_SETS)
    }
    query = pool[rng.choice(UNIVERSE_SIZE, QUERY_SIZE, replace=False)].tolist()
    members = sum(len(v) for v in sets.values())
    print(
        f"{N_SETS} signatures (sizes 10-200, {members} members), query {QUERY_SIZE}, "
        f"universe {UNIVERSE_SIZE}; best of {REPEATS}"
    )

    t_ours, ours = best_of(lambda: ora(query, sets, universe=universe, min_size=1, max_size=500))
    t_theirs, theirs = best_of(
        lambda: (
            gseapy.enrich(
                gene_list=query, gene_sets=sets, background=universe, outdir=None, no_plot=True
            ).results
        )
    )
    joined = ours.set_index("term").join(theirs.set_index("Term"), how="inner")
    assert len(joined) == len(theirs), "a set reported by gseapy is missing from mirbone"
    rel = np.abs(joined["pvalue"] - joined["P-value"]) / joined["P-value"]
    assert float(rel.max()) <= 1e-12, f"p-values differ (max relative {rel.max():.3g})"
    print(f"mirbone.enrich.ora : {t_ours:.3f} s ({len(ours)} sets tested, zero overlap included)")
    print(f"gseapy.enrich      : {t_theirs:.3f} s ({len(theirs)} sets reported)")
    print(
        f"ratio (gseapy / mirbone): {t_theirs / t_ours:.1f}x; p-values identical on "
        f"{len(joined)} sets (max relative difference {rel.max():.1e})"
    )


if __name__ == "__main__":
    main()
