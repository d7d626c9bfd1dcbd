"""Over-representation of the review's bone signatures among up- and down-regulated miRNAs.

Usage: ``python examples/enrich_list.py [OUTDIR] [DESEQ2_TABLE]``

Reads a differential-abundance table (default: the demo's ``deseq2_results.csv``), takes the
miRNAs with padj < 0.05 going up and going down, and tests each list against the miRNA
signatures of the knowledge base with :func:`mirbone.enrich.ora` (one-sided hypergeometric,
universe = the miRNAs tested). Writes ``ora_up.tsv`` and ``ora_down.tsv`` into OUTDIR
(default: a new temporary folder).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from mirbone import enrich, io, kb
from mirbone._output import write_table
from mirbone.errors import InputError

DATA = Path(__file__).resolve().parent / "data"
PADJ = 0.05


def main(argv: list[str]) -> int:
    """Run the two ORAs and write them."""
    outdir = Path(argv[0]) if argv else Path(tempfile.mkdtemp(prefix="mirbone-ora-"))
    table = Path(argv[1]) if len(argv) > 1 else DATA / "deseq2_results.csv"
    outdir.mkdir(parents=True, exist_ok=True)

    stats = io.read(table).stats
    universe = list(stats.index)  # every miRNA that was tested
    significant = stats[stats["padj"] < PADJ]
    lists = {
        "up": list(significant.index[significant["log2fc"] > 0]),
        "down": list(significant.index[significant["log2fc"] < 0]),
    }
    signatures = kb.signatures("hsa")
    for direction, query in lists.items():
        result = enrich.ora(query, signatures, universe=universe)
        write_table(result, outdir / f"ora_{direction}.tsv")
        print(f"{direction}: {len(query)} miRNAs of {len(universe)} tested")
        shown = result[["term", "overlap", "size", "fold_enrichment", "pvalue", "fdr", "members"]]
        print(shown.head(5).to_string(index=False))
    print(f"wrote {outdir / 'ora_up.tsv'} and {outdir / 'ora_down.tsv'}")
    return 0


if __name__ == "__main__":
    try:
        raise SystemExit(main(sys.argv[1:]))
    except InputError as error:  # e.g. an output file that exists: never overwritten
        print(error, file=sys.stderr)
        raise SystemExit(2) from None
