"""The report's miRNA - target - term network: content, escaping, exports, offline report."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from typing import ClassVar

import numpy as np
import pandas as pd
import pytest

from mirbone.analysis._network import (
    build_network,
    log2fc_color,
    script_json,
    to_cyjs,
    to_graphml,
)

EVIL = "</script><script>alert(1)</script>"
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"


def tables():
    differential = pd.DataFrame(
        {
            "mirna": ["hsa-miR-1", "hsa-miR-2", "hsa-miR-3", EVIL],
            "direction": ["up", "down", "ns", "up"],
            "log2fc": [2.0, -1.0, 0.1, 0.5],
            "padj": [0.001, 0.01, 0.9, 0.04],
        }
    )
    targets = pd.DataFrame(
        {
            "mirna": ["hsa-miR-1", "hsa-miR-1", "hsa-miR-2", "hsa-miR-3", EVIL],
            "gene": ["RUNX2", "SP7", "RUNX2", "ALPL", "A&B"],
            "origin": ["external"] * 5,
            "source": ["mirtarbase", "mirtarbase", "kb", "mirtarbase", "mirtarbase"],
            "evidence": ["strong", "weak", "review", "strong", "strong"],
        }
    )
    enrichment = pd.DataFrame(
        {
            "term": ["GO:0001649", "GO:0030316"],
            "name": ["osteoblast differentiation", "osteoclast <differentiation>"],
            "fdr": [0.01, 0.5],
            "genes": ["RUNX2;SP7", "ALPL"],
        }
    )
    return differential, targets, {"target_enrichment": enrichment}


def test_nodes_edges_and_attributes():
    network = build_network(*tables(), fdr=0.05)
    nodes = {n["data"]["id"]: n["data"] for n in network["elements"]["nodes"]}
    # significant miRNAs only (miR-3 is ns), their targets, the one term with FDR < 0.05
    assert {k for k, v in nodes.items() if v["kind"] == "mirna"} == {
        "mirna:hsa-miR-1",
        "mirna:hsa-miR-2",
        f"mirna:{EVIL}",
    }
    assert {v["label"] for v in nodes.values() if v["kind"] == "gene"} == {"RUNX2", "SP7", "A&B"}
    assert [v["term"] for v in nodes.values() if v["kind"] == "term"] == ["GO:0001649"]
    assert nodes["mirna:hsa-miR-1"]["color"] == "#d7301f"  # the largest |log2FC|: full red
    assert nodes["mirna:hsa-miR-2"]["color"] == log2fc_color(-1.0, 2.0)
    edges = [e["data"] for e in network["elements"]["edges"]]
    by_pair = {(e["source"], e["target"]): e for e in edges}
    assert by_pair[("mirna:hsa-miR-1", "gene:SP7")]["evidence"] == "weak"
    assert by_pair[("mirna:hsa-miR-2", "gene:RUNX2")]["db"] == "kb"
    assert by_pair[("gene:SP7", "term:GO:0001649")]["kind"] == "member"
    assert ("mirna:hsa-miR-3", "gene:ALPL") not in by_pair
    assert network["data"]["evidence"] == ["review", "strong", "weak"]
    assert network["data"]["directions"] == ["down", "up"]


def test_colour_scale_is_symmetric_and_white_at_zero():
    assert log2fc_color(0.0, 3.0) == "#f7f7f7"
    assert log2fc_color(3.0, 3.0) == "#d7301f"
    assert log2fc_color(-9.0, 3.0) == "#2171b5"  # beyond the limit: the end colour
    # half way: the mean of white (247, 247, 247) and red (215, 48, 31), rounded
    assert log2fc_color(1.5, 3.0) == f"#{231:02x}{148:02x}{139:02x}"


def test_gene_cap_keeps_the_most_targeted_genes():
    differential = pd.DataFrame(
        {"mirna": ["m1", "m2"], "direction": ["up", "up"], "log2fc": [1, 1], "padj": [0, 0]}
    )
    targets = pd.DataFrame(
        {
            "mirna": ["m1", "m2", "m1", "m1"],
            "gene": ["G2", "G2", "G1", "G3"],
            "source": "db",
            "evidence": "strong",
        }
    )
    network = build_network(differential, targets, max_genes=2)
    genes = sorted(
        n["data"]["label"] for n in network["elements"]["nodes"] if n["data"]["kind"] == "gene"
    )
    assert genes == ["G1", "G2"]  # G2 (two miRNAs) first, then G1 before G3 by name
    assert network["data"]["n_genes_total"] == 3


def test_script_json_cannot_close_the_script_element():
    network = build_network(*tables())
    text = script_json(network)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == json.loads(json.dumps(network))  # the same data
    assert EVIL in {n["data"]["label"] for n in json.loads(text)["elements"]["nodes"]}


def test_graphml_and_cyjs_exports_hold_the_same_graph():
    network = build_network(*tables())
    root = ET.fromstring(to_graphml(network).encode("utf-8"))
    graph = root.find(f"{GRAPHML}graph")
    assert graph.get("edgedefault") == "directed"
    nodes = graph.findall(f"{GRAPHML}node")
    edges = graph.findall(f"{GRAPHML}edge")
    assert len(nodes) == len(network["elements"]["nodes"])
    assert len(edges) == len(network["elements"]["edges"])
    keys = {
        k.get("id"): (k.get("for"), k.get("attr.name"), k.get("attr.type"))
        for k in root.findall(f"{GRAPHML}key")
    }
    assert keys["n_log2fc"] == ("node", "log2fc", "double")
    assert keys["e_evidence"] == ("edge", "evidence", "string")
    labels = {
        d.text for n in nodes for d in n.findall(f"{GRAPHML}data") if d.get("key") == "n_label"
    }
    assert EVIL in labels and "A&B" in labels  # escaped by XML, read back intact
    document = json.loads(to_cyjs(network))
    assert document["elements"] == json.loads(json.dumps(network["elements"]))
    assert document["format_version"] == "1.0"


class _Loads(HTMLParser):
    """Every attribute or CSS that makes a browser fetch something."""

    URL_ATTRIBUTES: ClassVar[set[str]] = {
        "src",
        "href",
        "srcset",
        "poster",
        "data",
        "action",
        "formaction",
        "background",
        "xlink:href",
    }

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []
        self.in_style = False
        self.scripts: list[dict] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "script":
            self.scripts.append(values)
        if tag == "link":
            self.loads.append(f"link {values}")
        for name, value in attrs:
            if name in self.URL_ATTRIBUTES and value and not value.startswith(("data:", "#")):
                self.loads.append(f"{tag} {name}={value}")
            if name == "style" and value and "url(" in value:
                self.loads.append(f"{tag} style={value}")
        self.in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = False

    def handle_data(self, data):
        if self.in_style and ("@import" in data or re.search(r"url\((?!\s*['\"]?data:)", data)):
            self.loads.append("css url/import")


def test_report_draws_network_and_loads_nothing_from_a_url(tmp_path):
    from test_report import fake_result

    from mirbone.analysis._report import write_report

    result = fake_result(figure=False)
    differential, targets, enrichment = tables()
    result.tables["differential"] = differential
    result.network = build_network(differential, targets, enrichment)
    out = write_report(result, tmp_path / "rep")
    html = (out / "report.html").read_text(encoding="utf-8")

    parser = _Loads()
    parser.feed(html)
    assert parser.loads == []
    assert all("src" not in script for script in parser.scripts)  # every script inline
    embedded = re.search(
        r'<script type="application/json" id="mirbone-network">(.*?)</script>', html, re.S
    )
    assert embedded
    assert json.loads(embedded.group(1))["elements"] == json.loads(
        json.dumps(result.network["elements"])
    )
    assert EVIL not in html  # neither in the JSON nor in the text
    assert "cytoscape" in html and "The Cytoscape Consortium" in html  # inlined, licence kept
    assert (out / "tables" / "network.graphml").is_file()
    assert (out / "tables" / "network.cyjs").is_file()
    run = json.loads((out / "run.json").read_text())
    assert "tables/network.graphml" in run["outputs"]["tables"]


def test_report_without_network_has_no_network_section(tmp_path):
    from test_report import fake_result

    from mirbone.analysis._report import write_report

    out = write_report(fake_result(figure=False), tmp_path / "rep")
    html = (out / "report.html").read_text(encoding="utf-8")
    assert 'id="mirbone-network"' not in html
    assert not (out / "tables" / "network.graphml").exists()


@pytest.mark.parametrize("name", ["hsa-miR-21-5p", EVIL])
def test_search_label_round_trip(name):
    differential = pd.DataFrame(
        {"mirna": [name], "direction": ["down"], "log2fc": [-1.0], "padj": [0.01]}
    )
    targets = pd.DataFrame(
        {"mirna": [name], "gene": ["PTEN"], "source": "db", "evidence": "strong"}
    )
    network = json.loads(script_json(build_network(differential, targets)))
    assert network["elements"]["nodes"][0]["data"]["label"] == name


def test_colour_limit_is_the_90th_percentile_with_many_mirnas():
    changes = [*np.linspace(-2, 2, 19), 9.0]  # one extreme value among twenty
    differential = pd.DataFrame(
        {
            "mirna": [f"m{i}" for i in range(20)],
            "direction": ["up" if c > 0 else "down" for c in changes],
            "log2fc": changes,
            "padj": 0.01,
        }
    )
    targets = pd.DataFrame({"mirna": ["m0"], "gene": ["G"], "source": "db", "evidence": "weak"})
    network = build_network(differential, targets)
    limit = network["data"]["log2fc_limit"]
    assert limit == pytest.approx(np.quantile(np.abs(changes), 0.9), abs=1e-4)
    colours = {
        n["data"]["label"]: n["data"]["color"]
        for n in network["elements"]["nodes"]
        if n["data"]["kind"] == "mirna"
    }
    assert colours["m19"] == "#d7301f" and colours["m18"] == "#d7301f"  # 9.0 and 2.0 >= limit
