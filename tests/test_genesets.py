"""Tests of the bundled GO BP gene sets and of GMT reading and writing.

GO facts were checked in org.Hs.eg.db 3.16.0 (go_bp_all) and GO.db 3.16.0 (go_term).
"""

from __future__ import annotations

import pytest

from mirbone.errors import InputError
from mirbone.genesets import (
    BONE_ROOTS,
    bone_go_bp,
    bone_go_bp_table,
    go_bp,
    go_bp_names,
    go_bp_table,
    load,
    read_gmt,
    write_gmt,
)


def test_go_bp_known_members_and_names():
    sets = go_bp(min_size=10, max_size=2000)
    names = go_bp_names()
    assert names["GO:0030316"] == "osteoclast differentiation"
    assert names["GO:0001649"] == "osteoblast differentiation"
    assert {"TNFSF11", "TNFRSF11A", "CSF1"} <= sets["GO:0030316"]
    assert {"RUNX2", "SP7", "SPP1"} <= sets["GO:0001649"]
    assert {"CTSK", "ACP5"} <= sets["GO:0045453"]  # bone resorption
    assert len(sets["GO:0030316"]) == 100
    assert len(sets["GO:0001649"]) == 246


def test_go_bp_size_bounds():
    table = go_bp_table()
    assert table["size"].between(5, 2000).all()
    assert (table["genes"].str.split(" ").map(lambda g: len(set(g))) == table["size"]).all()
    sets = go_bp(min_size=20, max_size=30)
    assert sets and all(20 <= len(genes) <= 30 for genes in sets.values())
    expected = int(table["size"].between(20, 30).sum())
    assert len(sets) == expected
    with pytest.raises(InputError, match="5 to 2000"):
        go_bp(min_size=2)
    with pytest.raises(InputError):
        go_bp(min_size=50, max_size=10)


def test_go_bp_returns_independent_copies():
    first = go_bp()
    first["GO:0030316"].add("NOT_A_GENE")
    assert "NOT_A_GENE" not in go_bp()["GO:0030316"]


def test_bone_subset_roots_and_propagation():
    table = bone_go_bp_table()
    assert set(BONE_ROOTS) <= set(table["go_id"])
    sets = bone_go_bp()
    assert len(sets) == len(table)
    # annotations are propagated: every term's genes lie inside each root it descends from
    for go_id, roots in zip(table["go_id"], table["root"], strict=True):
        for root in roots.split(";"):
            assert sets[go_id] <= sets[root], (go_id, root)
    # GO.db's offspring relation includes regulation links
    assert "GO:0045671" in sets  # negative regulation of osteoclast differentiation
    assert "TNFRSF11B" in sets["GO:0030316"]
    only_resorption = bone_go_bp(roots=["GO:0045453"])
    assert "GO:0045453" in only_resorption and "GO:0001649" not in only_resorption
    with pytest.raises(InputError, match="bone root"):
        bone_go_bp(roots=["GO:0008150"])


def test_gmt_round_trip(tmp_path):
    sets = {"set_b": {"SPP1", "BGLAP"}, "set_a": ["RUNX2", "SP7", "RUNX2"]}
    path = write_gmt(sets, tmp_path / "x.gmt", descriptions={"set_a": "osteoblast TFs"})
    lines = path.read_text().splitlines()
    assert lines == ["set_b\tna\tBGLAP\tSPP1", "set_a\tosteoblast TFs\tRUNX2\tSP7\tRUNX2"]
    assert read_gmt(path) == {"set_b": ["BGLAP", "SPP1"], "set_a": ["RUNX2", "SP7"]}
    with pytest.raises(InputError, match="exists"):
        write_gmt(sets, path)
    write_gmt({"s": ["A"]}, path, force=True)
    assert read_gmt(path) == {"s": ["A"]}
    with pytest.raises(InputError, match="tab"):
        write_gmt({"bad\tname": ["A"]}, tmp_path / "y.gmt")
    with pytest.raises(InputError, match="empty"):
        write_gmt({"s": []}, tmp_path / "z.gmt")


def test_gmt_tolerates_bom_crlf_trailing_tabs(tmp_path):
    path = tmp_path / "msig.gmt"
    path.write_bytes(
        "\ufeffHALLMARK_X\thttp://example.org/X\tA\tB\t\t\r\n\r\nSET_2\tna\tC\r\n".encode()
    )
    assert read_gmt(path) == {"HALLMARK_X": ["A", "B"], "SET_2": ["C"]}
    sets, names = load(path)
    assert sets == {"HALLMARK_X": {"A", "B"}, "SET_2": {"C"}}
    assert names == {"HALLMARK_X": "HALLMARK_X", "SET_2": "SET_2"}


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("S1\tna\tA\nS1\tna\tB\n", "line 2: gene set 'S1' appears twice"),
        ("S1\tna\tA\t\tB\n", "line 1: blank gene"),
        ("S1\tna\tA\nS2\tna\n", "line 2: expected name, description"),
        ("S1 A B\n", "line 1: expected"),
        ("\n\n", "no gene sets"),
        ("\tna\tA\n", "line 1: empty gene-set name"),
    ],
)
def test_gmt_errors_name_the_line(tmp_path, content, message):
    path = tmp_path / "bad.gmt"
    path.write_text(content)
    with pytest.raises(InputError) as caught:
        read_gmt(path)
    assert message in str(caught.value)
    assert str(path) in str(caught.value)


def test_gmt_missing_and_binary(tmp_path):
    with pytest.raises(InputError, match="not found"):
        read_gmt(tmp_path / "absent.gmt")
    binary = tmp_path / "b.gmt"
    binary.write_bytes(b"\xff\xfe\x00S\x00")
    with pytest.raises(InputError, match="UTF-8"):
        read_gmt(binary)


def test_load_gene_sets_specs(tmp_path):
    sets, names = load("go-bp")
    assert sets == go_bp(min_size=5, max_size=500)  # no lower cut by default
    assert load("go-bp", min_size=10)[0] == go_bp()
    # bounds beyond the bundle (5 to 2000 genes) mean no cut on that side, not an error
    assert load("go-bp", min_size=3)[0] == sets
    assert load("go-bp", min_size=10, max_size=5000)[0] == go_bp(max_size=2000)
    with pytest.raises(InputError, match="bundled GO BP sets hold terms of 5 to 2000"):
        go_bp(min_size=3)
    assert set(names) == set(sets) and names["GO:0030316"] == "osteoclast differentiation"
    bone, bone_names = load("bone")
    assert bone == bone_go_bp() and bone_names["GO:0045453"] == "bone resorption"
    path = tmp_path / "sig.gmt"
    path.write_text("up\tpromotes osteogenesis\tRUNX2\tSP7\n")
    assert load(path) == ({"up": {"RUNX2", "SP7"}}, {"up": "promotes osteogenesis"})
    with pytest.raises(InputError, match="'go-bp', 'bone' or an existing GMT"):
        load("kegg")
