"""Benchmark: ``mirbone read`` of a 2,600 miRNA x 10,000 sample count matrix (26M cells).

Run: ``.venv/bin/python tests/benchmarks/bench_scale_reads.py [N_SAMPLES]``. Writes a TSV
count matrix (2,600 rows of real miRBase names, as in ``bench_io.py``; integer counts) to
a temporary folder, then runs, each in a fresh process so that peak RSS is its own:

* ``mirbone read MATRIX -o standard.tsv`` (parse, checks, name normalisation, write);
* ``pandas.read_csv`` of the same file (the peer: what any Python reader pays);

and prints wall time, CPU time and peak RSS of each, and the ratios. Target: under 4 GB
peak RSS. Above ``mirbone.io._rawtable.MAX_CELLS`` (60M cells; e.g. ``25000`` samples) the
read is refused, and the refusal's time and memory are printed instead.
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))
from bench_io import make_names

N_ROWS = 2_600
TARGET_RSS_MB = 4_000


def write_matrix(path: Path, n_samples: int, seed: int = 0) -> None:
    """Write a 2,600 x ``n_samples`` integer count matrix as TSV, in row blocks."""
    rng = np.random.default_rng(seed)
    names = make_names(seed)
    means = rng.lognormal(mean=3.0, sigma=2.0, size=(N_ROWS, 1))
    header = "\t".join(["miRNA", *(f"EV_{i:05d}" for i in range(n_samples))]) + "\n"
    with path.open("w", encoding="utf-8") as out:
        out.write(header)
        for start in range(0, N_ROWS, 200):
            scale = means[start : start + 200] / 2.0
            block = rng.poisson(rng.gamma(2.0, scale, (len(scale), n_samples)))
            frame = pd.DataFrame(block)
            frame.insert(0, "miRNA", names[start : start + 200])
            frame.to_csv(out, sep="\t", index=False, header=False)


def measure(code: str) -> tuple[float, float, float, list[str], str]:
    """Run Python ``code`` in a fresh process.

    The code prints its own peak RSS (MB) last. Returns wall s, CPU s, peak RSS MB, the
    other lines of standard output, and standard error.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        print(done.stderr[-2000:], file=sys.stderr)
        msg = f"the child process failed with exit code {done.returncode}"
        raise RuntimeError(msg)
    lines = done.stdout.strip().splitlines()
    return wall, cpu, float(lines[-1]), lines[:-1], done.stderr


PEAK = "import resource; print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)"


def main(n_samples: int = 10_000) -> None:
    """Write the matrix, run the reader and the peer, print the figures."""
    from mirbone.io._rawtable import MAX_CELLS

    with tempfile.TemporaryDirectory() as folder:
        matrix = Path(folder) / "counts.tsv"
        start = time.perf_counter()
        write_matrix(matrix, n_samples)
        size = matrix.stat().st_size / 1e6
        print(
            f"matrix: {N_ROWS:,} x {n_samples:,} = {N_ROWS * n_samples / 1e6:.1f}M cells, "
            f"{size:.0f} MB TSV (written in {time.perf_counter() - start:.1f} s); "
            f"limit {MAX_CELLS / 1e6:.0f}M cells"
        )
        out = Path(folder) / "standard.tsv"
        wall, cpu, peak, lines, err = measure(
            "from mirbone.cli import main; "
            f"print(main(['read', {str(matrix)!r}, '-o', {str(out)!r}])); {PEAK}"
        )
        if lines[-1] == "2":  # over the documented limit: the refusal is what is measured
            print(err.strip().splitlines()[-1])
            print(f"refused (exit 2): wall {wall:.1f} s, CPU {cpu:.1f} s, peak RSS {peak:.0f} MB")
            return
        summary = [line for line in err.splitlines() if "samples:" in line or "miRNAs:" in line]
        print("mirbone read:", "; ".join(s.removeprefix("mirbone read: ") for s in summary))
        print(
            f"mirbone read -o: wall {wall:.1f} s, CPU {cpu:.1f} s, peak RSS {peak:.0f} MB "
            f"(target < {TARGET_RSS_MB} MB)"
        )
        peer = measure(
            f"import pandas as pd; pd.read_csv({str(matrix)!r}, sep='\\t', index_col=0); {PEAK}"
        )
        print(
            f"pandas.read_csv: wall {peer[0]:.1f} s, CPU {peer[1]:.1f} s, peak RSS {peer[2]:.0f} MB"
        )
        print(f"ratio mirbone / pandas: time {wall / peer[0]:.1f}x, peak RSS {peak / peer[2]:.1f}x")
        if peak > TARGET_RSS_MB:
            print("OVER THE MEMORY TARGET", file=sys.stderr)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
