"""A publication heatmap: z-scored log-CPM of the review's miRNAs in the demo data.

Usage: ``python examples/heatmap_figure.py [OUTDIR]``

Reads the demo counts and sample sheet, keeps the knowledge-base miRNAs detected in the data,
draws :func:`mirbone.plot.expression_heatmap` with the sample groups and the bone signatures
as colour bars, and saves it (the library never saves) as PNG (300 dpi) and SVG into OUTDIR
(default: a new temporary folder).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no window needed: the figure goes to files

import matplotlib.pyplot as plt

from mirbone import expression, io, kb, plot

DATA = Path(__file__).resolve().parent / "data"
SIGNATURES = (
    "promotes_osteogenesis",
    "inhibits_osteogenesis",
    "promotes_osteoclastogenesis",
    "inhibits_osteoclastogenesis",
)


def main(argv: list[str]) -> int:
    """Draw and save the heatmap."""
    outdir = Path(argv[0]) if argv else Path(tempfile.mkdtemp(prefix="mirbone-heatmap-"))
    outdir.mkdir(parents=True, exist_ok=True)

    data = io.read(DATA / "counts.tsv", samples=DATA / "samples.tsv")
    detected = expression.filter_detected(data.counts)
    signatures = {name: kb.signatures("hsa")[name] for name in SIGNATURES}
    review_mirnas = sorted({m for members in signatures.values() for m in members})
    shown = [m for m in review_mirnas if m in detected.index]

    grid = plot.expression_heatmap(
        expression.log_cpm(data.counts),
        mirnas=shown,
        samples=data.samples,
        group_column="group",
        gene_sets=signatures,
    )
    grid.figure.suptitle("Review miRNAs in BMSC-EVs, aged vs young (synthetic demo)", y=1.0)
    for suffix, options in ((".png", {"dpi": 300}), (".svg", {})):
        target = outdir / f"review_mirnas_heatmap{suffix}"
        if target.exists():  # an example never overwrites a file you already have
            print(f"{target} exists; choose another OUTDIR", file=sys.stderr)
            plt.close(grid.figure)
            return 2
        grid.figure.savefig(target, bbox_inches="tight", **options)
    plt.close(grid.figure)
    print(f"{len(shown)} of {len(review_mirnas)} review miRNAs are detected in the data")
    print(f"wrote {outdir / 'review_mirnas_heatmap.png'} and .svg")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
