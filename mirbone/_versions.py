"""Versions and sources of the bundled data, stated once for the code, reports and run.json.

The build scripts under ``resources/build/`` make the tables from these releases; see
``resources/PROVENANCE.md`` for how.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final


@dataclass(frozen=True)
class DataRelease:
    """One release of bundled data: what it is, its date, and how it was obtained."""

    source: str
    date: str
    package: str = ""
    release: str = ""
    citation: str = ""
    min_support: int = 0

    def record(self) -> dict[str, str]:
        """Return ``source`` and ``date``, as ``run.json`` lists each data release."""
        return {"source": self.source, "date": self.date}


#: miRBase, the source of every miRNA name, accession and sequence.
MIRBASE: Final = DataRelease(
    "miRBase", "2018-03", release="22", citation="Kozomara, Birgaoanu & Griffiths-Jones, NAR 2019"
)
#: Human genes: NCBI Gene through Bioconductor's org.Hs.eg.db.
NCBI_GENE: Final = DataRelease(
    "NCBI Gene via Bioconductor org.Hs.eg.db 3.16.0", "2022-09-12", package="org.Hs.eg.db 3.16.0"
)
#: Mouse genes: NCBI Gene's Mus_musculus.gene_info (records modified up to this date).
MOUSE_GENES: Final = DataRelease("NCBI Gene Mus_musculus.gene_info", "2023-03-23")
#: Human orthologues of mouse and rat genes, and the rat genes themselves: HGNC's HCOP
#: through the R package babelgene 22.9 (pairs named by at least 3 databases).
HCOP: Final = DataRelease("HCOP via babelgene 22.9", "2022-09", min_support=3)
#: GO Biological Process terms (GO.db) and their human annotations (org.Hs.eg.db).
GENE_ONTOLOGY: Final = DataRelease(
    "Gene Ontology via Bioconductor GO.db 3.16.0", "2022-07-01", package="GO.db 3.16.0"
)


def data_versions(kb_version: str) -> dict[str, dict[str, str]]:
    """Return the versions of the bundled data, for ``run.json`` and the report."""
    return {
        "mirbase": {"release": MIRBASE.release, "date": MIRBASE.date, "citation": MIRBASE.citation},
        "knowledge_base": {
            "version": kb_version,
            "source": "Bianciardi, Merlotti & Materozzi, L'Endocrinologo 2021, "
            "doi:10.1007/s40619-021-00817-4",
        },
        "genes": NCBI_GENE.record(),
        "mouse_genes": MOUSE_GENES.record(),
        "orthologues": HCOP.record(),
        "go": GENE_ONTOLOGY.record(),
    }
