"""The miRNA - target gene - enriched term network of the report.

:func:`build_network` turns the analysis tables into Cytoscape.js elements (the format
Cytoscape desktop also reads as ``.cyjs``); :func:`to_cyjs`, :func:`to_graphml` and
:func:`script_json` write it as the Cytoscape JSON export, as GraphML and as the JSON the
report embeds in ``<script type="application/json" id="mirbone-network">``.

Nodes carry ``id``, ``label``, ``kind`` (``mirna``, ``gene``, ``term``) and, for miRNAs,
``log2fc``, ``padj``, ``direction`` and ``color`` (a diverging blue-white-red scale of the
log2 fold change, symmetric around 0, ending at the 90th percentile of |log2FC|); terms
carry ``fdr`` and ``collection``. Edges carry
``kind`` (``targets``: miRNA -> gene; ``member``: gene -> term), ``db`` (where the edge comes
from: the target database(s), or the gene-set collection) and ``evidence``.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

import numpy as np
import pandas as pd

__all__ = [
    "MAX_GENES",
    "build_network",
    "log2fc_color",
    "network_context",
    "script_json",
    "to_cyjs",
    "to_graphml",
]

#: Largest number of target genes drawn; beyond it the genes targeted by the most
#: significant miRNAs (then in the most enriched terms) are kept, and the rest counted.
MAX_GENES = 300
#: Largest number of enriched terms drawn per collection.
MAX_TERMS = 15
_BLUE = np.array([0x21, 0x71, 0xB5], dtype=float)
_WHITE = np.array([0xF7, 0xF7, 0xF7], dtype=float)
_RED = np.array([0xD7, 0x30, 0x1F], dtype=float)
_COLLECTIONS = {
    "target_enrichment": "target-gene enrichment",
    "target_enrichment_go_bp": "target-gene enrichment, all GO BP",
}


def log2fc_color(value: float, limit: float) -> str:
    """Colour of a log2 fold change on a blue (down) - white (0) - red (up) scale to ``limit``."""
    if not math.isfinite(value) or limit <= 0:
        return "#bdbdbd"
    share = min(abs(value) / limit, 1.0)
    end = _RED if value > 0 else _BLUE
    rgb = np.rint(_WHITE + (end - _WHITE) * share).astype(int)
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def _split(value: object) -> list[str]:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    return [part.strip() for part in str(value).split(";") if part.strip()]


def build_network(
    differential: pd.DataFrame | None,
    targets: pd.DataFrame,
    enrichment: Mapping[str, pd.DataFrame] | None = None,
    *,
    fdr: float = 0.05,
    max_genes: int = MAX_GENES,
    max_terms: int = MAX_TERMS,
) -> dict[str, Any]:
    """Build the network of the significant miRNAs, their targets and the enriched terms.

    Parameters
    ----------
    differential
        The ``differential`` table (``mirna, direction, log2fc, padj``), or None without
        statistics: then every miRNA of ``targets`` is a node with direction ``present``.
    targets
        The ``targets`` table (``mirna, gene, source, evidence``; ``origin`` if present).
    enrichment
        Target-gene enrichment tables by name (``term, name, fdr, genes``); terms with FDR
        below ``fdr`` become nodes (at most ``max_terms`` per table, lowest FDR first), linked
        to their targeted genes.
    fdr
        FDR threshold of an enriched term.
    max_genes, max_terms
        Caps that keep the drawing readable (see :data:`MAX_GENES`).

    Returns
    -------
    dict
        ``{"elements": {"nodes": [...], "edges": [...]}, "data": {...}}`` with
        Cytoscape.js element dicts (``{"data": {...}}``) and a summary (counts, caps, the
        colour limit, the evidence levels, the term threshold).
    """
    status: dict[str, dict[str, Any]] = {}
    if differential is not None and not differential.empty and "direction" in differential:
        hits = differential[differential["direction"].isin(["up", "down"])]
        for row in hits.itertuples(index=False):
            change = float(pd.to_numeric(getattr(row, "log2fc", np.nan), errors="coerce"))
            p_adj = float(pd.to_numeric(getattr(row, "padj", np.nan), errors="coerce"))
            status[str(row.mirna)] = {
                "direction": str(row.direction),
                "log2fc": change,
                "padj": p_adj,
            }
    elif not targets.empty:
        for mirna in sorted(set(targets["mirna"].astype(str))):
            status[mirna] = {"direction": "present", "log2fc": math.nan, "padj": math.nan}
    edges_in = targets[targets["mirna"].astype(str).isin(status)] if not targets.empty else targets
    finite = [abs(v["log2fc"]) for v in status.values() if math.isfinite(v["log2fc"])]
    # The colour scale ends at the 90th percentile of |log2FC| (with ten miRNAs or more), so
    # one extreme miRNA does not wash out the others; beyond it, the end colour.
    limit = (
        (float(np.quantile(finite, 0.9)) if len(finite) >= 10 else max(finite)) if finite else 0.0
    )

    terms: list[dict[str, Any]] = []
    for key, table in (enrichment or {}).items():
        if table is None or table.empty or not {"term", "fdr", "genes"} <= set(table.columns):
            continue
        passing = table.assign(fdr_value=pd.to_numeric(table["fdr"], errors="coerce"))
        passing = passing[passing["fdr_value"] < fdr].sort_values(
            ["fdr_value", "term"], kind="stable"
        )
        for row in passing.head(max_terms).itertuples(index=False):
            name = getattr(row, "name", "") or row.term
            terms.append(
                {
                    "term": str(row.term),
                    "name": str(name),
                    "fdr": float(row.fdr_value),
                    "collection": _COLLECTIONS.get(key, key),
                    "genes": _split(row.genes),
                }
            )

    # Genes: rank by the number of significant miRNAs targeting them, then by terms.
    n_mirnas = (
        edges_in.groupby(edges_in["gene"].astype(str))["mirna"].nunique()
        if not edges_in.empty
        else pd.Series(dtype=int)
    )
    in_terms: dict[str, int] = {}
    for term in terms:
        for gene in term["genes"]:
            in_terms[gene] = in_terms.get(gene, 0) + 1
    ranked = sorted(n_mirnas.index, key=lambda g: (-int(n_mirnas[g]), -in_terms.get(g, 0), g))
    kept_genes = set(ranked[:max_genes])

    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    for mirna in sorted(status):
        info = status[mirna]
        data = {
            "id": f"mirna:{mirna}",
            "label": mirna,
            "kind": "mirna",
            "direction": info["direction"],
            "color": log2fc_color(info["log2fc"], limit),
        }
        if math.isfinite(info["log2fc"]):
            data["log2fc"] = round(info["log2fc"], 4)
        if math.isfinite(info["padj"]):
            data["padj"] = float(f"{info['padj']:.4g}")
        nodes.append({"data": data})
    for gene in sorted(kept_genes):
        nodes.append(
            {
                "data": {
                    "id": f"gene:{gene}",
                    "label": gene,
                    "kind": "gene",
                    "n_mirnas": int(n_mirnas[gene]),
                }
            }
        )
    evidence_levels: set[str] = set()
    for row in edges_in.itertuples(index=False):
        gene = str(row.gene)
        if gene not in kept_genes:
            continue
        evidence = str(getattr(row, "evidence", "") or "unknown")
        db = str(getattr(row, "source", "") or getattr(row, "origin", "") or "")
        evidence_levels.update(_split(evidence) or ["unknown"])
        edges.append(
            {
                "data": {
                    "id": f"e{len(edges)}",
                    "source": f"mirna:{row.mirna}",
                    "target": f"gene:{gene}",
                    "kind": "targets",
                    "db": db,
                    "evidence": evidence,
                    "origin": str(getattr(row, "origin", "") or ""),
                }
            }
        )
    term_ids: set[str] = set()
    for term in terms:
        members = [g for g in term["genes"] if g in kept_genes]
        node_id = f"term:{term['term']}"
        if not members or node_id in term_ids:
            continue
        term_ids.add(node_id)
        nodes.append(
            {
                "data": {
                    "id": node_id,
                    "label": term["name"],
                    "kind": "term",
                    "term": term["term"],
                    "fdr": float(f"{term['fdr']:.4g}"),
                    "collection": term["collection"],
                }
            }
        )
        for gene in members:
            edges.append(
                {
                    "data": {
                        "id": f"e{len(edges)}",
                        "source": f"gene:{gene}",
                        "target": node_id,
                        "kind": "member",
                        "db": term["collection"],
                        "evidence": "annotation",
                        "origin": "gene set",
                    }
                }
            )
    summary = {
        "n_mirnas": len(status),
        "n_genes": len(kept_genes),
        "n_genes_total": len(n_mirnas),
        "n_terms": len(term_ids),
        "n_edges": len(edges),
        "max_genes": int(max_genes),
        "term_fdr": float(fdr),
        "log2fc_limit": round(limit, 4),
        "evidence": sorted(evidence_levels),
        "directions": sorted({v["direction"] for v in status.values()}),
    }
    return {"elements": {"nodes": nodes, "edges": edges}, "data": summary}


def script_json(network: Mapping[str, Any]) -> str:
    r"""JSON for a ``<script type="application/json">`` element: no ``<``, ``>`` or ``&``.

    Those three characters are written as ``\u003c``, ``\u003e`` and ``\u0026`` (still the
    same JSON strings), so no miRNA, gene or term name can close the script element.
    """
    text = json.dumps(
        network, ensure_ascii=False, sort_keys=True, allow_nan=False, separators=(",", ":")
    )
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def to_cyjs(network: Mapping[str, Any], *, name: str = "mirbone network") -> str:
    """Return the network as Cytoscape desktop's JSON (``File > Import > Network from File``)."""
    document = {
        "format_version": "1.0",
        "generated_by": "mirbone",
        "target_cytoscapejs_version": "~3.35",
        "data": {"name": name, **network.get("data", {})},
        "elements": network["elements"],
    }
    return (
        json.dumps(document, ensure_ascii=False, sort_keys=True, indent=1, allow_nan=False) + "\n"
    )


def _graphml_type(values: list[Any]) -> str:
    if values and all(isinstance(v, bool) for v in values):
        return "boolean"
    if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "int"
    if values and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return "double"
    return "string"


def to_graphml(network: Mapping[str, Any]) -> str:
    """Return the network as GraphML (directed; node and edge data become ``<data>`` keys)."""
    root = ET.Element("graphml", xmlns="http://graphml.graphdrawing.org/xmlns")
    groups = (
        ("node", network["elements"]["nodes"], {"id"}),
        ("edge", network["elements"]["edges"], {"id", "source", "target"}),
    )
    key_ids: dict[tuple[str, str], str] = {}
    for domain, elements, skip in groups:
        names = sorted({k for e in elements for k in e["data"]} - skip)
        for name in names:
            values = [e["data"][name] for e in elements if name in e["data"]]
            key_id = f"{domain[0]}_{name}"
            key_ids[(domain, name)] = key_id
            ET.SubElement(
                root,
                "key",
                {
                    "id": key_id,
                    "for": domain,
                    "attr.name": name,
                    "attr.type": _graphml_type(values),
                },
            )
    graph = ET.SubElement(root, "graph", id="mirbone", edgedefault="directed")
    for domain, elements, skip in groups:
        for element in elements:
            data = element["data"]
            attributes = {"id": str(data["id"])}
            if domain == "edge":
                attributes |= {"source": str(data["source"]), "target": str(data["target"])}
            item = ET.SubElement(graph, domain, attributes)
            for name in sorted(set(data) - skip):
                value = data[name]
                text = ("true" if value else "false") if isinstance(value, bool) else str(value)
                ET.SubElement(item, "data", key=key_ids[(domain, name)]).text = text
    ET.indent(root, space=" ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _inline_script(text: str, name: str) -> Any:
    """Script text safe to place inside ``<script>`` (no closing tag, no comment opener)."""
    from markupsafe import Markup

    lowered = text.lower()
    if "</script" in lowered or "<!--" in lowered:
        msg = f"{name} cannot be inlined: it contains a script end tag or an HTML comment"
        raise ValueError(msg)
    return Markup(text)  # checked above: our own file or the vendored library


def network_context(result: Any, tables_dir: Path, checksums: dict[str, str]) -> dict | None:
    """Write the network exports and return what the HTML template needs to draw it."""
    from importlib.resources import files

    from mirbone._resources import read_text

    network = getattr(result, "network", None) or {}
    if not network.get("elements", {}).get("nodes"):
        return None
    for file, text in (
        ("network.graphml", to_graphml(network)),
        ("network.cyjs", to_cyjs(network)),
    ):
        data = text.encode("utf-8")
        (tables_dir / file).write_bytes(data)
        checksums[f"tables/{file}"] = hashlib.sha256(data).hexdigest()
    script = (files("mirbone.analysis") / "templates" / "network.js").read_text(encoding="utf-8")
    summary = network.get("data", {})
    return {
        "json": _inline_script(script_json(network), "the network data"),
        "library": _inline_script(read_text("vendor/cytoscape.min.js"), "cytoscape.js"),
        "script": _inline_script(script, "network.js"),
        "summary": summary,
        "evidence": summary.get("evidence", []),
        "directions": summary.get("directions", []),
    }
