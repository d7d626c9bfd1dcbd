"""Benchmark: drawing mirbone's figures at realistic sizes, and regenerating the demo data.

Run from the repository root: ``.venv/bin/python tests/benchmarks/bench_plot.py``. Prints the
best of a few runs (build + draw to a PNG in memory) for each figure, and the time of
``examples/make_demo_data.py`` (simulation + PyDESeq2), with the ratio to a plain
``seaborn.clustermap`` of the same matrix as a reference for the heatmap.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
REPEATS = 3


def best_of(fn, repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def rendered(figure) -> None:
    figure.savefig(io.BytesIO(), format="png", dpi=100)
    plt.close(figure)


def main() -> None:
    import seaborn as sns

    from mirbone import plot

    rng = np.random.default_rng(0)
    n_mirnas, n_samples = 200, 24
    names = [f"hsa-miR-{i}-5p" for i in range(2656)]
    samples = [f"S{i:02d}" for i in range(n_samples)]
    logcpm = pd.DataFrame(rng.normal(6, 2, (n_mirnas, n_samples)), index=names[:n_mirnas],
                          columns=samples)  # fmt: skip
    sheet = pd.DataFrame({"sample": samples, "group": ["a", "b"] * (n_samples // 2)})
    signatures = {f"sig{i}": list(rng.choice(names[:n_mirnas], 15)) for i in range(4)}
    stats = pd.DataFrame(
        {"log2fc": rng.normal(0, 1.2, 2656), "pvalue": rng.uniform(0, 1, 2656) ** 3},
        index=names,
    )
    stats["padj"] = np.minimum(stats["pvalue"] * 20, 1)
    edges = pd.DataFrame(
        {
            "mirna": rng.choice(names[:30], 2000),
            "gene": [f"G{i}" for i in rng.integers(0, 800, 2000)],
            "evidence": rng.choice(["review", "strong", "weak", "predicted"], 2000),
        }
    )
    ora = pd.DataFrame(
        {
            "term": [f"t{i}" for i in range(300)],
            "size": rng.integers(5, 300, 300),
            "overlap": rng.integers(1, 30, 300),
            "fold_enrichment": rng.uniform(0.5, 8, 300),
            "pvalue": rng.uniform(0, 1, 300),
            "fdr": rng.uniform(0, 1, 300),
        }
    )

    figures = {
        f"expression_heatmap {n_mirnas} x {n_samples} + bars": lambda: rendered(
            plot.expression_heatmap(
                logcpm, samples=sheet, gene_sets=signatures, values="logcpm"
            ).figure
        ),
        f"seaborn.clustermap {n_mirnas} x {n_samples} (reference)": lambda: rendered(
            sns.clustermap(logcpm, z_score=0, cmap="RdBu_r").figure
        ),
        "volcano 2,656 miRNAs, 20 labels": lambda: rendered(
            plot.volcano(stats, label=names[:20]).figure
        ),
        "target_heatmap 2,000 edges -> 30 x 60": lambda: rendered(
            plot.target_heatmap(edges).figure
        ),
        "enrichment_dotplot 300 terms -> top 20": lambda: rendered(
            plot.enrichment_dotplot(ora).figure
        ),
    }
    timings = {label: best_of(draw) for label, draw in figures.items()}
    for label, seconds in timings.items():
        print(f"{label:<52s} {seconds:6.2f} s")
    ours = timings[f"expression_heatmap {n_mirnas} x {n_samples} + bars"]
    ref = timings[f"seaborn.clustermap {n_mirnas} x {n_samples} (reference)"]
    print(f"expression_heatmap / plain clustermap: {ours / ref:.2f}x")

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, str(ROOT / "examples" / "make_demo_data.py"),
             "--data-dir", f"{tmp}/data", "--resource-dir", f"{tmp}/demo"],
            check=True, env=env, capture_output=True,
        )  # fmt: skip
        print(f"{'make_demo_data.py (2,656 x 12, PyDESeq2 on 439)':<52s} "
              f"{time.perf_counter() - start:6.2f} s")  # fmt: skip


if __name__ == "__main__":
    main()
