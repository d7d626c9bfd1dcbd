"""Tests of the curated bone-EV knowledge base (mirbone.kb) and ``mirbone kb``.

Facts are checked against the review's own text (reference numbers, the genes as printed)
and against independent resolvers: gene symbols through mirbone.annotate's snapshot lookup,
miRNA names and orthologues through mirbone.names.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from mirbone import kb
from mirbone.annotate import resolve_genes
from mirbone.cli import main
from mirbone.names import normalize, to_species

DESIGN_COLUMNS = ["mirna", "mirna_reported", "species", "mirna_human", "gene", "entrez_id",
                  "relation", "effect", "origin_cell", "target_cell", "context", "reference"]


def edge(table: pd.DataFrame, mirna: str, gene: str) -> pd.Series:
    rows = table[(table["mirna"] == mirna) & (table["gene"] == gene)]
    assert len(rows) == 1, f"{mirna} -> {gene}: {len(rows)} rows"
    return rows.iloc[0]


# ------------------------------------------------------------------------- validation


def test_bundled_kb_validates():
    kb.validate()


@pytest.mark.parametrize(
    ("table", "column", "row", "value", "expected"),
    [
        ("interactions", "entrez_id", 0, "861", "do not match one snapshot gene"),
        ("interactions", "gene", 0, "FAM134A", "do not match one snapshot gene"),
        ("interactions", "finding_id", 0, "F999", "does not exist"),
        ("interactions", "effect", 0, "osteogenesis_sideways", "not in the vocabulary"),
        ("interactions", "mirna", 0, "hsa-miR-21", "not an exact miRBase v22 name"),
        ("interactions", "mirna_human", 14, "hsa-miR-7044-5p", "differs from to_species"),
        ("interactions", "reference", 0, "5", "reference differs from finding"),
        ("findings", "reference", 0, "33", "reference 33 does not exist"),
        ("findings", "cargo", 0, "hsa-miR-196a", "not an exact miRBase v22 name"),
        ("findings", "cargo", 3, "MALAT2", "not one gene of the snapshot"),
        ("findings", "context", 0, "bone", "not in the vocabulary"),
        ("references", "number", 31, "31", "expected numbers 1-32"),
    ],
)
def test_validate_reports_broken_tables(monkeypatch, table, column, row, value, expected):
    original = kb._raw

    def broken(name):
        frame = original(name)
        if name == table:
            frame.loc[row, column] = value
        return frame

    monkeypatch.setattr(kb, "_raw", broken)
    with pytest.raises(kb.KnowledgeBaseError, match=expected):
        kb.validate()


# ----------------------------------------------------------------------------- facts


def test_every_interaction_gene_resolves_independently():
    table = kb.interactions(species=None)
    resolved = resolve_genes(table["gene"])
    assert (resolved["status"] == "symbol").all()
    assert resolved["entrez_id"].tolist() == table["entrez_id"].tolist()


def test_reported_gene_names_resolve_to_the_curated_symbol():
    table = kb.interactions(species=None)
    # FAM134A is a previous symbol: the snapshot resolves it to RETREG2, as curated.
    fam = resolve_genes(["FAM134A", "PDCD4"])
    assert fam["symbol"].tolist() == ["RETREG2", "PDCD4"]
    assert fam["status"].tolist() == ["alias", "symbol"]
    row = edge(table, "hsa-miR-940", "RETREG2")
    assert row["gene_reported"] == "FAM134A"
    assert row["entrez_id"] == fam["entrez_id"].iloc[0]
    # the review printed the direction as up; the cited study shows repression
    assert (row["relation"], row["relation_reported"], row["curation"]) == (
        "represses", "upregulates", "corrected")


def test_mir23a_runx2_reference_9():
    table = kb.interactions(species=None)
    row = edge(table, "mmu-miR-23a-5p", "RUNX2")
    assert row["reference"] == 9
    assert row["relation"] == "represses"
    assert row["origin_cell"] == "OC"
    assert row["target_cell"] == "OB"
    human = edge(kb.interactions(species="hsa"), "hsa-miR-23a-5p", "RUNX2")
    assert human["mirna_model"] == "mmu-miR-23a-5p"
    assert human["orthologue_method"] == "sequence"


def test_mir125b_prdm1_reference_8_with_reported_prdm():
    row = edge(kb.interactions(species=None), "mmu-miR-125b-5p", "PRDM1")
    assert row["reference"] == 8
    assert row["gene_reported"] == "PRDM"
    assert row["mirna_reported"] == "miR-125b"
    assert row["entrez_id"] == "639"
    assert row["effect"] == "osteoclastogenesis_down"


def test_mir21_pdcd4_reference_19_with_reported_pcd4():
    row = edge(kb.interactions(species=None), "hsa-miR-21-5p", "PDCD4")
    assert row["reference"] == 19
    assert row["gene_reported"] == "Pcd4"
    assert row["effect"] == "osteoclastogenesis_up"


def test_named_edges_of_the_review_are_present():
    table = kb.interactions(species=None)
    expected = {
        ("hsa-miR-34c-5p", "SATB2", 5), ("hsa-miR-122-5p", "SPRY2", None),
        ("mmu-miR-214-3p", "ATF4", 24), ("mmu-miR-218-5p", "SOST", 12),
        ("mmu-miR-218-5p", "TCF7", 12), ("hsa-miR-940", "ARHGAP1", 13),
        ("hsa-miR-141-3p", "DLC1", 18), ("rno-miR-31a-5p", "E2F2", 21),
        *((f"mmu-{m}", "AXIN1", None) for m in
          ("miR-667-3p", "miR-6769b-5p", "miR-7044-5p", "miR-7668-3p", "miR-874-3p")),
        *((m, g, 4) for m in ("hsa-miR-196a-5p", "hsa-miR-27a-3p", "hsa-miR-206")
          for g in ("RUNX2", "ALPL", "BGLAP", "SPP1")),
    }
    for mirna, gene, reference in expected:
        row = edge(table, mirna, gene)
        assert (None if pd.isna(row["reference"]) else row["reference"]) == reference


def test_interaction_columns_follow_design():
    for species in ("hsa", "mmu", "rno", None):
        table = kb.interactions(species=species)
        assert list(table.columns[: len(DESIGN_COLUMNS)]) == DESIGN_COLUMNS


def test_human_interactions_exclude_mouse_only_mirnas_and_say_why():
    table = kb.interactions(species="hsa")
    assert (table["species"] == "hsa").all()
    assert table["mirna"].str.startswith("hsa-").all()
    excluded = {row["mirna"] for row in table.attrs["excluded"]}
    assert excluded == {"mmu-miR-667-3p", "mmu-miR-6769b-5p", "mmu-miR-7044-5p",
                        "mmu-miR-7668-3p"}
    assert len(table) + len(table.attrs["excluded"]) == len(kb.interactions(species=None))
    mouse = kb.interactions(species="mmu")
    assert {row["mirna"] for row in mouse.attrs["excluded"]} == {"hsa-miR-940"}
    assert edge(mouse, "mmu-miR-21a-5p", "PDCD4")["mirna_model"] == "hsa-miR-21-5p"


def test_rat_mir31a_maps_to_human_mir31_by_seed():
    row = edge(kb.interactions(species="hsa"), "hsa-miR-31-5p", "E2F2")
    assert row["mirna_model"] == "rno-miR-31a-5p"
    assert row["orthologue_method"] == "seed_family"
    independent = to_species(["rno-miR-31a-5p"], target="hsa").iloc[0]
    assert independent["orthologue"] == "hsa-miR-31-5p"


def test_mirna_cargo_names_are_exact_v22_names():
    table = kb.findings()
    mirnas = table[(table["cargo_type"] == "miRNA") & table["cargo"].notna()]
    for name, species in zip(mirnas["cargo"], mirnas["model_species"], strict=True):
        resolved = normalize([name], species=species).iloc[0]
        assert (resolved["status"], resolved["mirna"]) == ("exact", name)


def test_findings_cover_tables_text_and_cargo_kinds():
    table = kb.findings()
    assert table["id"].is_unique
    assert set(table["context"]) == set(kb.CONTEXTS)
    assert {"miRNA", "lncRNA", "protein", "mRNA/RNA unspecified", "unspecified"} <= set(
        table["cargo_type"])
    cited = set(table["reference"].dropna().astype(int))
    # refs 1-3 back the introduction only; every later reference carries a finding
    assert cited == set(range(4, 33))
    assert (table["source_location"].str.startswith("Table 2").sum()) == 6
    malat1 = table[table["cargo"] == "MALAT1"].iloc[0]
    assert (malat1["cargo_type"], malat1["reference"]) == ("lncRNA", 5)
    for symbol in ("TNFSF11", "TNFRSF11A", "MMP2", "AREG", "SOST", "TNFRSF11B", "TNC", "FN1",
                   "ETS1", "EIF3I"):
        assert symbol in set(table["cargo"].dropna()), symbol
    assert table.loc[table["reference"].notna(), "citation"].notna().all()


def test_references_are_the_32_of_the_bibliography():
    refs = kb.references()
    assert refs["number"].tolist() == list(range(1, 33))
    assert refs.loc[refs["number"] == 13, "journal"].item() == "Int J MS Care"
    assert "Int J Mol Sci" in refs.loc[refs["number"] == 13, "note"].item()
    assert refs.loc[refs["number"] == 9, "title"].item().startswith(
        "Osteoclast-derived miR-23a-5p-containing exosomes")
    dois = refs["doi"].dropna()
    assert dois.str.fullmatch(r"10\.\d{4,5}/\S+").all()


def test_kb_version_and_source():
    meta = kb.source()
    assert meta["doi"] == "10.1007/s40619-021-00817-4"
    assert meta["licence"] == "CC BY 4.0"
    assert "2021" in kb.kb_version()
    assert meta["curated"] in kb.kb_version()


# ------------------------------------------------------------------------- signatures


def test_human_signatures_contain_expected_members():
    sets = kb.signatures("hsa")
    assert set(kb.REQUIRED_SIGNATURES) <= set(sets)
    assert {"hsa-miR-196a-5p", "hsa-miR-27a-3p", "hsa-miR-206", "hsa-miR-874-3p",
            "hsa-miR-122-5p", "hsa-miR-940", "hsa-miR-375-3p"} <= set(
        sets["promotes_osteogenesis"])
    assert {"hsa-miR-23a-5p", "hsa-miR-214-3p", "hsa-miR-31-5p",
            "hsa-miR-34c-5p"} <= set(sets["inhibits_osteogenesis"])
    assert {"hsa-miR-21-5p", "hsa-miR-214-3p"} <= set(sets["promotes_osteoclastogenesis"])
    assert "hsa-miR-125b-5p" in sets["inhibits_osteoclastogenesis"]
    assert "hsa-miR-192-5p" in sets["inhibits_metastasis"]
    assert {"hsa-miR-31-5p", "hsa-miR-34a-5p"} <= set(sets["promotes_senescence"])


def test_mirnas_lowered_by_vesicles_count_with_their_own_effect():
    sets = kb.signatures("hsa")
    # myostatin-treated osteocyte EVs lack miR-218 and are anti-osteogenic: miR-218 is pro
    assert "hsa-miR-218-5p" in sets["promotes_osteogenesis"]
    assert "hsa-miR-218-5p" not in sets["inhibits_osteogenesis"]
    # MALAT1 sponges miR-34c to promote osteogenesis: miR-34c itself is anti-osteogenic
    assert "hsa-miR-34c-5p" not in sets["promotes_osteogenesis"]


def test_mouse_and_rat_signatures_use_orthologues():
    mouse = kb.signatures("mmu")
    assert {"mmu-miR-7044-5p", "mmu-miR-667-3p", "mmu-miR-206-3p",
            "mmu-miR-196a-5p"} <= set(mouse["promotes_osteogenesis"])
    assert "mmu-miR-21a-5p" in mouse["promotes_osteoclastogenesis"]
    assert "mmu-miR-125b-5p" in mouse["inhibits_osteoclastogenesis"]
    rat = kb.signatures("rno")
    assert "rno-miR-31a-5p" in rat["promotes_senescence"]
    assert "rno-miR-218a-5p" in rat["promotes_osteogenesis"]


@pytest.mark.parametrize("species", ["hsa", "mmu", "rno"])
def test_every_signature_member_is_a_v22_name_of_the_species(species):
    members = sorted({m for ms in kb.signatures(species).values() for m in ms})
    resolved = normalize(members, species=species)
    assert (resolved["status"] == "exact").all()
    assert (resolved["species"] == species).all()


def test_mouse_only_and_retired_mirnas_are_excluded_from_human_sets_with_reason():
    sets = kb.signatures("hsa")
    members = {m for ms in sets.values() for m in ms}
    assert not any(m.startswith("mmu-") for m in members)
    excluded = kb.signature_exclusions("hsa").set_index("mirna")
    assert "no human orthologue" in excluded.loc["mmu-miR-7044-5p", "reason"]
    assert "promotes_osteogenesis" in excluded.loc["mmu-miR-7044-5p", "signatures"]
    assert "differs in sequence" in excluded.loc["mmu-miR-6769b-5p", "reason"]
    assert "retired" in excluded.loc["hsa-miR-4532", "reason"]
    assert "mmu-miR-874-3p" not in excluded.index
    assert "hsa-miR-940" in kb.signature_exclusions("mmu")["mirna"].tolist()


def test_gene_signatures():
    genes = kb.signatures("hsa", kind="gene")
    assert {"PDCD4", "RHOA"} <= set(genes["promotes_osteoclastogenesis"])
    assert {"PRDM1", "TNFRSF11B"} <= set(genes["inhibits_osteoclastogenesis"])
    assert {"ATF4", "SATB2", "RUNX2"} <= set(genes["inhibits_osteogenesis"])
    assert "AXIN1" in genes["promotes_osteogenesis"]  # via mouse miR-874-3p's human orthologue
    mouse = kb.signatures("mmu", kind="gene")
    assert "ARHGAP1" not in mouse["promotes_osteogenesis"]  # miR-940 has no mouse orthologue


def test_bad_species_or_kind_is_input_error():
    with pytest.raises(ValueError, match="unknown species"):
        kb.signatures("dre")
    with pytest.raises(ValueError, match="unknown signature kind"):
        kb.signatures("hsa", kind="protein")
    with pytest.raises(ValueError, match="unknown species"):
        kb.interactions(species="human")


# ------------------------------------------------------------------------------- CLI


def test_cli_interactions_tsv(capsys):
    assert main(["kb", "interactions"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split("\t")[: len(DESIGN_COLUMNS)] == DESIGN_COLUMNS
    assert len(lines) - 1 == len(kb.interactions(species="hsa"))


def test_cli_signatures_gmt(capsys):
    assert main(["kb", "signatures", "--format", "gmt", "--species", "mmu"]) == 0
    captured = capsys.readouterr()
    parsed = {}
    for line in captured.out.splitlines():
        name, description, *members = line.split("\t")
        assert description
        parsed[name] = members
    assert parsed == kb.signatures("mmu")
    assert "mmu-miR-" not in captured.err  # nothing mouse-specific is lost in mouse sets


def test_cli_signatures_tsv_json_and_gene_kind(capsys):
    assert main(["kb", "signatures"]) == 0
    captured = capsys.readouterr()
    header, *rows = captured.out.splitlines()
    assert header.split("\t") == ["name", "description", "size", "members"]
    assert len(rows) == len(kb.signatures("hsa"))
    assert "mmu-miR-7044-5p" in captured.err
    assert main(["kb", "signatures", "--format", "json", "--kind", "gene"]) == 0
    assert json.loads(capsys.readouterr().out) == kb.signatures("hsa", kind="gene")


def test_cli_findings_and_references_json(capsys):
    assert main(["kb", "references", "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [r["number"] for r in records] == list(range(1, 33))
    assert main(["kb", "findings", "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == len(kb.findings())


def test_cli_output_file_and_force(tmp_path, capsys):
    out = tmp_path / "kb.gmt"
    assert main(["kb", "signatures", "--format", "gmt", "-o", str(out)]) == 0
    assert out.read_text().count("\n") == len(kb.signatures("hsa"))
    assert main(["kb", "signatures", "--format", "gmt", "-o", str(out)]) == 2
    assert main(["kb", "signatures", "--format", "gmt", "-o", str(out), "--force"]) == 0


@pytest.mark.parametrize(
    "argv",
    [
        ["kb", "interactions", "--species", "dre"],
        ["kb", "references", "--format", "xml"],
        ["kb", "findings", "--format", "gmt"],
        ["kb", "signatures", "--kind", "protein"],
        ["kb", "everything"],
    ],
)
def test_cli_bad_usage_exits_2(argv, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.strip()
    assert "Traceback" not in err
