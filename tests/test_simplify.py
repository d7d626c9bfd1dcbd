"""Redundancy reduction of enriched terms: clusters by GO ancestry or shared genes."""

from __future__ import annotations

import pandas as pd
import pytest

from mirbone.enrich import go_ancestors, simplify_terms
from mirbone.errors import InputError

# A small DAG: T1 is_a T2 is_a T3; T4 stands alone; T5 part_of T3.
PARENTS = {"GO:1": ("GO:2",), "GO:2": ("GO:3",), "GO:5": ("GO:3",)}


def test_ancestors_follow_every_level():
    assert go_ancestors("GO:1", parents=PARENTS) == {"GO:2", "GO:3"}
    assert go_ancestors("GO:3", parents=PARENTS) == set()


def test_bundled_go_ancestry_matches_the_ontology():
    # GO: osteoclast differentiation is_a myeloid cell differentiation is_a cell
    # differentiation; osteoblast differentiation part_of ossification.
    osteoclast = go_ancestors("GO:0030316")
    assert {"GO:0030099", "GO:0030154", "GO:0008150"} <= osteoclast
    assert "GO:0001503" in go_ancestors("GO:0001649")
    assert "GO:0001649" not in osteoclast


def test_clusters_keep_every_row_and_pick_the_lowest_fdr():
    results = pd.DataFrame(
        {
            "term": ["GO:1", "GO:2", "GO:3", "GO:4", "GO:9", "SET_A"],
            "fdr": [0.02, 0.01, 0.04, 0.03, 0.2, 0.045],
            "pvalue": [0.001, 0.0005, 0.003, 0.002, 0.1, 0.004],
            "size": [10, 40, 200, 15, 30, 12],
            "genes": ["A;B", "A;B;C", "A;B;C;D", "X;Y", "A;B", "X;Y;Z"],
        }
    )
    out = simplify_terms(results, padj=0.05, overlap=0.5, parents=PARENTS)
    assert len(out) == len(results)
    assert list(out["term"]) == list(results["term"])
    # GO:1, GO:2, GO:3 are one lineage: one cluster led by GO:2 (lowest FDR).
    # GO:4 and SET_A share X and Y: Jaccard 2/3 >= 0.5, one cluster led by GO:4.
    # GO:9 is not significant: no cluster, though it shares genes with GO:1.
    assert list(out["cluster"]) == [1, 1, 1, 2, None, 2]
    assert list(out["representative"]) == [False, True, False, True, False, False]
    assert list(out["cluster_term"]) == ["GO:2", "GO:2", "GO:2", "GO:4", "", "GO:4"]
    assert list(out.columns[:5]) == ["term", "fdr", "cluster", "representative", "cluster_term"]


def test_overlap_threshold_is_inclusive_and_respected():
    results = pd.DataFrame(
        {"term": ["S1", "S2"], "fdr": [0.01, 0.02], "genes": ["A;B;C", "B;C;D"]}
    )  # Jaccard 2/4 = 0.5
    assert list(simplify_terms(results, overlap=0.5, parents={})["cluster"]) == [1, 1]
    assert list(simplify_terms(results, overlap=0.51, parents={})["cluster"]) == [1, 2]


def test_bad_input_is_refused():
    with pytest.raises(InputError, match="fdr"):
        simplify_terms(pd.DataFrame({"term": ["x"]}))
    with pytest.raises(InputError, match="Jaccard"):
        simplify_terms(pd.DataFrame({"term": ["x"], "fdr": [0.1]}), overlap=2)
