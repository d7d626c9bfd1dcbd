"""Versions and sources of the bundled data, stated once for the code, reports and run.json.

The build scripts under ``resources/build/`` make the tables from these releases; see
``resources/PROVENANCE.md`` for how.
"""

from __future__ import annotations

from typing import Final

#: miRBase, the source of every miRNA name, accession and sequence.
MIRBASE: Final = {
    "release": "22",
    "date": "2018-03",
    "citation": "Kozomara, Birgaoanu & Griffiths-Jones, NAR 2019",
}
#: Human genes: NCBI Gene through Bioconductor's org.Hs.eg.db.
NCBI_GENE: Final = {
    "source": "NCBI Gene via Bioconductor org.Hs.eg.db 3.16.0",
    "package": "org.Hs.eg.db 3.16.0",
    "date": "2022-09-12",
}
#: Mouse genes: NCBI Gene's Mus_musculus.gene_info (records modified up to this date).
MOUSE_GENES: Final = {
    "source": "NCBI Gene Mus_musculus.gene_info",
    "date": "2023-03-23",
}
#: Human orthologues of mouse and rat genes, and the rat genes themselves: HGNC's HCOP
#: through the R package babelgene 22.9 (pairs named by at least 3 databases).
HCOP: Final = {
    "source": "HCOP via babelgene 22.9",
    "date": "2022-09",
    "min_support": "3",
}
#: GO Biological Process terms (GO.db) and their human annotations (org.Hs.eg.db).
GENE_ONTOLOGY: Final = {
    "source": "Gene Ontology via Bioconductor GO.db 3.16.0",
    "package": "GO.db 3.16.0",
    "date": "2022-07-01",
}


def data_versions(kb_version: str) -> dict[str, dict[str, str]]:
    """Return the versions of the bundled data, for ``run.json`` and the report."""
    return {
        "mirbase": dict(MIRBASE),
        "knowledge_base": {
            "version": kb_version,
            "source": "Bianciardi, Merlotti & Materozzi, L'Endocrinologo 2021, "
            "doi:10.1007/s40619-021-00817-4",
        },
        "genes": {"source": NCBI_GENE["source"], "date": NCBI_GENE["date"]},
        "mouse_genes": {"source": MOUSE_GENES["source"], "date": MOUSE_GENES["date"]},
        "orthologues": {"source": HCOP["source"], "date": HCOP["date"]},
        "go": {"source": GENE_ONTOLOGY["source"], "date": GENE_ONTOLOGY["date"]},
    }
