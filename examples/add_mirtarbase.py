"""Add a miRTarBase download to the review's target map and compare the two.

Usage: ``python examples/add_mirtarbase.py [OUTDIR] [MTI_FILE]``

Loads MTI_FILE (miRTarBase ``hsa_MTI.csv`` / ``.xlsx``; default: the tiny illustrative
``examples/data/mirtarbase_example.csv`` in miRTarBase's layout) with
:func:`mirbone.targets.load`, combines it with the knowledge base's edges
(:func:`mirbone.targets.from_kb`), and writes into OUTDIR (default: a new temporary folder)
the combined map, the KB edges with the miRTarBase support beside them, and a miRNA x target
heatmap of the demo's differentially abundant miRNAs.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no window needed: the figure goes to a file

import matplotlib.pyplot as plt

from mirbone import io, plot, targets
from mirbone._output import write_table
from mirbone.errors import InputError

DATA = Path(__file__).resolve().parent / "data"


def main(argv: list[str]) -> int:
    """Load, combine, compare and draw."""
    outdir = Path(argv[0]) if argv else Path(tempfile.mkdtemp(prefix="mirbone-mti-"))
    mti = Path(argv[1]) if len(argv) > 1 else DATA / "mirtarbase_example.csv"
    outdir.mkdir(parents=True, exist_ok=True)

    external = targets.load(mti, format="mirtarbase", species="hsa")
    review = targets.from_kb(species="hsa")
    combined = review.union(external)
    print(f"miRTarBase: {external}\nreview KB:  {review}\ncombined:   {combined}")
    if len(external.unresolved):
        print(f"{len(external.unresolved)} miRTarBase rows could not be resolved (kept apart)")

    support = targets.concordance(review, external)
    write_table(combined.table, outdir / "targets_combined.tsv")
    write_table(support, outdir / "kb_edges_with_mirtarbase.tsv")
    confirmed = int((support["n_sources"] > 0).sum())
    print(f"{confirmed} of {len(support)} review edges are also in {mti.name}")

    stats = io.read(DATA / "deseq2_results.csv").stats
    changed = list(stats.index[stats["padj"] < 0.05])
    edges = combined.targets_of(changed)
    ax = plot.target_heatmap(edges, max_genes=40)
    ax.set_title("Targets of the differentially abundant demo miRNAs")
    ax.figure.savefig(outdir / "target_heatmap.png", dpi=200, bbox_inches="tight")
    plt.close(ax.figure)
    print(f"wrote {outdir / 'targets_combined.tsv'}, kb_edges_with_mirtarbase.tsv and "
          "target_heatmap.png")  # fmt: skip
    return 0


if __name__ == "__main__":
    try:
        raise SystemExit(main(sys.argv[1:]))
    except InputError as error:  # e.g. an output file that exists: never overwritten
        print(error, file=sys.stderr)
        raise SystemExit(2) from None
