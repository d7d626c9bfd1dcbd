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

DESIGN_COLUMNS = [
    "mirna",
    "mirna_reported",
    "species",
    "mirna_human",
    "gene",
    "entrez_id",
    "relation",
    "effect",
    "origin_cell",
    "target_cell",
    "context",
    "reference",
]


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
        ("findings", "review_says", 0, "printed otherwise", "review_says must be filled"),
        ("findings", "cargo_role_reported", 0, "reduced_in_ev", "not marked corrected"),
        ("findings", "reference", 29, "13", "reference must be empty exactly when uncited"),
        ("findings", "suggested_reference", 0, "13", "suggested_reference only for uncited"),
        ("interactions", "effect_reported", 0, "osteogenesis_down", "not marked corrected"),
        ("interactions", "relation_reported", 0, "represses", "not marked corrected"),
        ("interactions", "curation", 26, "unresolved", "needs review_says"),
        # evidence levels (issue 16)
        ("findings", "evidence", 0, None, "no evidence level"),
        ("findings", "evidence", 0, "anecdote", "not in the vocabulary"),
        ("findings", "evidence", 37, "primary", "one evidence level per effect"),
        ("findings", "support", 16, None, "needs a support sentence"),
        ("findings", "support_id", 16, "31949279", "PMID:, PMCID: or doi:"),
        ("findings", "support_id", 0, "PMID:1", "support only for primary"),
        ("findings", "curation", 40, "as_printed", "review_says must be filled"),
        ("findings", "curation", 0, "from_title", "needs a title evidence level"),
        ("interactions", "evidence", 0, None, "no evidence level"),
        ("interactions", "support", 19, None, "needs a support sentence"),
        ("interactions", "effect", 23, "osteogenesis_up", "unresolved edge keeps the printed"),
    ],
)
def test_validate_reports_broken_tables(monkeypatch, table, column, row, value, expected):
    from mirbone.kb import _tables

    original = _tables._raw

    def broken(name):
        frame = original(name)
        if name == table:
            frame.loc[row, column] = value
        return frame

    monkeypatch.setattr(_tables, "_raw", broken)
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
        "represses",
        "upregulates",
        "corrected",
    )


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
        ("hsa-miR-34c-5p", "SATB2", 5),
        ("hsa-miR-122-5p", "SPRY2", None),
        ("mmu-miR-214-3p", "ATF4", 24),
        ("mmu-miR-218-5p", "SOST", 12),
        ("mmu-miR-218-5p", "TCF7", 12),
        ("hsa-miR-940", "ARHGAP1", None),
        ("hsa-miR-141-3p", "DLC1", 18),
        ("rno-miR-31a-5p", "E2F2", 21),
        *(
            (f"mmu-{m}", "AXIN1", None)
            for m in ("miR-667-3p", "miR-6769b-5p", "miR-7044-5p", "miR-7668-3p", "miR-874-3p")
        ),
        *(
            (m, g, 4)
            for m in ("hsa-miR-196a-5p", "hsa-miR-27a-3p", "hsa-miR-206")
            for g in ("RUNX2", "ALPL", "BGLAP", "SPP1")
        ),
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
    excluded = {row["mirna"] for row in table.excluded}
    assert excluded == {"mmu-miR-667-3p", "mmu-miR-6769b-5p", "mmu-miR-7044-5p", "mmu-miR-7668-3p"}
    assert len(table) + len(table.excluded) == len(kb.interactions(species=None))
    mouse = kb.interactions(species="mmu")
    assert {row["mirna"] for row in mouse.excluded} == {"hsa-miR-940"}
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
        table["cargo_type"]
    )
    cited = set(table["reference"].dropna().astype(int))
    # refs 1-3 back the introduction only; ref 13 is cited only for metastasis frequencies
    # (Table 2 cites nothing); every other reference carries a finding
    assert cited == set(range(4, 33)) - {13}
    assert (table["source_location"].str.startswith("Table 2").sum()) == 6
    malat1 = table[table["cargo"] == "MALAT1"].iloc[0]
    assert (malat1["cargo_type"], malat1["reference"]) == ("lncRNA", 5)
    for symbol in (
        "TNFSF11",
        "TNFRSF11A",
        "MMP2",
        "AREG",
        "SOST",
        "TNFRSF11B",
        "TNC",
        "FN1",
        "ETS1",
        "EIF3I",
    ):
        assert symbol in set(table["cargo"].dropna()), symbol
    assert table.loc[table["reference"].notna(), "citation"].notna().all()


def test_references_are_the_32_of_the_bibliography():
    refs = kb.references()
    assert refs["number"].tolist() == list(range(1, 33))
    assert refs.loc[refs["number"] == 13, "journal"].item() == "Int J MS Care"
    assert "Int J Mol Sci" in refs.loc[refs["number"] == 13, "note"].item()
    assert (
        refs.loc[refs["number"] == 9, "title"]
        .item()
        .startswith("Osteoclast-derived miR-23a-5p-containing exosomes")
    )
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
    assert {
        "hsa-miR-196a-5p",
        "hsa-miR-27a-3p",
        "hsa-miR-206",
        "hsa-miR-874-3p",
        "hsa-miR-122-5p",
        "hsa-miR-940",
        "hsa-miR-375-3p",
    } <= set(sets["promotes_osteogenesis"])
    assert {"hsa-miR-23a-5p", "hsa-miR-214-3p", "hsa-miR-31-5p", "hsa-miR-34c-5p"} <= set(
        sets["inhibits_osteogenesis"]
    )
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
    assert {"mmu-miR-7044-5p", "mmu-miR-667-3p", "mmu-miR-206-3p", "mmu-miR-196a-5p"} <= set(
        mouse["promotes_osteogenesis"]
    )
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
    assert "no seed-equivalent human mature miRNA" in excluded.loc["mmu-miR-6769b-5p", "reason"]
    assert "retired" in excluded.loc["hsa-miR-4532", "reason"]
    assert "mmu-miR-874-3p" not in excluded.index
    assert "hsa-miR-940" in kb.signature_exclusions("mmu")["mirna"].tolist()


def test_gene_signatures_are_split_by_the_sign_of_the_edge():
    genes = kb.signatures("hsa", kind="gene")
    for name in kb.REQUIRED_SIGNATURES:
        assert f"{name}_repressed_targets" in genes
        assert f"{name}_upregulated_genes" in genes
    assert not set(kb.REQUIRED_SIGNATURES) & set(genes)  # plain names are miRNA sets only
    # review: miR-122-5p '↓ SPRY2', five OB miRNAs '↓ Axin1', miR-141-3p 'bloccando DLC1',
    # all pro-osteogenic: their genes are repressed targets
    assert {"SPRY2", "AXIN1", "DLC1"} <= set(genes["promotes_osteogenesis_repressed_targets"])
    # review: miR-196a/27a/206 'inducono ... RUNX2 e ALP' (Table 1 adds OCN, OPN)
    assert genes["promotes_osteogenesis_upregulated_genes"] == ["ALPL", "BGLAP", "RUNX2", "SPP1"]
    # review: miR-23a-5p 'inibire RUNX2', anti-osteogenic
    assert "RUNX2" in genes["inhibits_osteogenesis_repressed_targets"]
    assert "RUNX2" not in genes["promotes_osteogenesis_repressed_targets"]
    assert {"ATF4", "SATB2"} <= set(genes["inhibits_osteogenesis_repressed_targets"])
    assert {"PDCD4", "RHOA"} <= set(genes["promotes_osteoclastogenesis_repressed_targets"])
    assert genes["inhibits_osteoclastogenesis_repressed_targets"] == ["PRDM1"]
    # review: miR-141-3p 'aumenta il rapporto OPG/RANKL'
    assert genes["inhibits_osteoclastogenesis_upregulated_genes"] == ["TNFRSF11B"]
    for base in (*kb.SIGNATURE_EFFECTS, *(f"context_{c}" for c in kb.CONTEXTS)):
        repressed = set(genes.get(kb.gene_signature_name(base, "represses"), []))
        raised = set(genes.get(kb.gene_signature_name(base, "upregulates"), []))
        if base.startswith("context_"):
            continue  # a section may hold both signs (RUNX2 in remodelling)
        assert not repressed & raised, base
    for name in genes:
        assert name.endswith(("_repressed_targets", "_upregulated_genes")), name
        assert name in kb.SIGNATURE_DESCRIPTIONS
    mouse = kb.signatures("mmu", kind="gene")
    # miR-940 has no mouse orthologue
    assert "ARHGAP1" not in mouse["promotes_osteogenesis_repressed_targets"]
    assert "AXIN1" in mouse["promotes_osteogenesis_repressed_targets"]


def test_bad_species_or_kind_is_input_error():
    with pytest.raises(ValueError, match="unknown species"):
        kb.signatures("dre")
    with pytest.raises(ValueError, match="unknown signature kind"):
        kb.signatures("hsa", kind="protein")
    with pytest.raises(ValueError, match="unknown species"):
        kb.interactions(species="human")


# ------------------------------------------------------------------------------- CLI


# Every miRNA -> gene statement of the review (text and tables), as printed: 31 pairs.
REVIEW_EDGES = [
    *((m, g) for m in ("miR-196a", "miR-27a", "miR-206") for g in ("RUNx2", "ALP", "OCN", "OPN")),
    ("miR-34c", "SATB2"),
    ("miR-122-5p", "SPRY2"),
    *(
        (m, "Axin1")
        for m in ("miR-667-3p", "miR-6769b-5p", "miR-7044-5p", "miR-7668-3p", "miR-874-3p")
    ),
    ("miR-125b", "PRDM"),
    ("miR-214-3p", "ATF4"),
    ("miR-23a-5p", "RUNX2"),
    ("miR-218", "SOST"),
    ("miR-218", "TCF7"),
    ("miR-940", "ARHGAP1"),
    ("miR-940", "FAM134A"),
    ("miR-141-3p", "DLC1"),
    ("miR-141-3p", "OPG"),
    ("miR-21", "Pcd4"),
    ("miR-31a-5p", "E2F2"),
    ("miR-31a-5p", "RhoA"),
]


def read_tsv(text: str) -> pd.DataFrame:
    import io

    return pd.read_csv(io.StringIO(text), sep="\t", dtype=str, keep_default_na=False)


def test_cli_interactions_lists_every_statement_of_the_review(capsys):
    assert main(["kb", "interactions"]) == 0
    captured = capsys.readouterr()
    table = read_tsv(captured.out)
    assert list(table.columns[: len(DESIGN_COLUMNS)]) == DESIGN_COLUMNS
    pairs = sorted(zip(table["mirna_reported"], table["gene_reported"], strict=True))
    assert pairs == sorted(REVIEW_EDGES)
    assert captured.err == ""
    # model-species names; the mouse-only miRNAs are there with the reason they have no
    # human orthologue
    axin = table[table["gene"] == "AXIN1"].set_index("mirna")
    assert set(axin.index) == {
        "mmu-miR-667-3p",
        "mmu-miR-6769b-5p",
        "mmu-miR-7044-5p",
        "mmu-miR-7668-3p",
        "mmu-miR-874-3p",
    }
    assert axin.loc["mmu-miR-874-3p", "mirna_human"] == "hsa-miR-874-3p"
    for mirna in ("mmu-miR-667-3p", "mmu-miR-6769b-5p", "mmu-miR-7044-5p", "mmu-miR-7668-3p"):
        assert axin.loc[mirna, "mirna_human"] == ""
        assert axin.loc[mirna, "human_note"].startswith("no ")
    assert len(kb.interactions()) == len(REVIEW_EDGES)  # the library default too


def test_cli_interactions_human_view_reports_left_out_rows(capsys):
    assert main(["kb", "interactions", "--species", "hsa"]) == 0
    captured = capsys.readouterr()
    table = read_tsv(captured.out)
    assert table["mirna"].str.startswith("hsa-").all()
    assert len(table) == len(REVIEW_EDGES) - 4
    for mirna in ("mmu-miR-667-3p", "mmu-miR-6769b-5p", "mmu-miR-7044-5p", "mmu-miR-7668-3p"):
        line = next(x for x in captured.err.splitlines() if mirna in x)
        assert "AXIN1" in line
        assert "no " in line.split(":", 1)[1]
    assert "4 of 31" in captured.err
    excluded = kb.interactions(species="hsa").excluded
    for row in excluded:
        assert {
            "mirna",
            "mirna_reported",
            "gene",
            "entrez_id",
            "relation",
            "effect",
            "finding_id",
            "reason",
        } <= set(row)
        assert row["reason"] == row["human_note"]


def test_cli_signatures_gmt(capsys):
    assert main(["kb", "signatures", "--output-format", "gmt", "--species", "mmu"]) == 0
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
    assert main(["kb", "signatures", "--output-format", "json", "--kind", "gene"]) == 0
    assert json.loads(capsys.readouterr().out) == kb.signatures("hsa", kind="gene")


def test_cli_signatures_follow_review_and_title_cargo(capsys):
    assert main(["kb", "signatures", "--output-format", "json", "--follow", "review"]) == 0
    assert json.loads(capsys.readouterr().out) == kb.signatures("hsa", follow="review")
    assert main(["kb", "signatures", "--output-format", "json", "--include-title-cargo"]) == 0
    assert json.loads(capsys.readouterr().out) == kb.signatures("hsa", include_title_cargo=True)
    assert main(["kb", "signatures", "--output-format", "gmt", "--kind", "gene"]) == 0
    captured = capsys.readouterr()
    names = [line.split("\t")[0] for line in captured.out.splitlines()]
    assert "promotes_osteogenesis_repressed_targets" in names
    assert "mmu-miR-7044-5p" in captured.err  # its AXIN1 edge is not in the human gene sets


@pytest.mark.parametrize("species", ["hsa", "mmu"])
def test_cli_gene_signatures_gmt_skips_empty_sets_and_reads_back(tmp_path, capsys, species):
    from mirbone.genesets import read_gmt

    out = tmp_path / "genes.gmt"
    argv = ["kb", "signatures", "--kind", "gene", "--output-format", "gmt", "--species", species]
    assert main([*argv, "-o", str(out)]) == 0
    err = capsys.readouterr().err
    sets = kb.signatures(species, kind="gene")
    empty = [name for name, members in sets.items() if not members]
    assert "inhibits_osteogenesis_upregulated_genes" in empty  # the case that broke GMT
    assert read_gmt(out) == {name: members for name, members in sets.items() if members}
    assert f"{len(empty)} empty set(s) not written" in err
    assert all(name in err for name in empty)


def test_cli_findings_and_references_json(capsys):
    assert main(["kb", "references", "--output-format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert [r["number"] for r in records] == list(range(1, 33))
    assert main(["kb", "findings", "--output-format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == len(kb.findings())


def test_cli_output_file_and_force(tmp_path, capsys):
    out = tmp_path / "kb.gmt"
    assert main(["kb", "signatures", "--output-format", "gmt", "-o", str(out)]) == 0
    assert out.read_text().count("\n") == len(kb.signatures("hsa"))
    assert main(["kb", "signatures", "--output-format", "gmt", "-o", str(out)]) == 2
    assert main(["kb", "signatures", "--output-format", "gmt", "-o", str(out), "--force"]) == 0


@pytest.mark.parametrize(
    "argv",
    [
        ["kb", "interactions", "--species", "dre"],
        ["kb", "references", "--output-format", "xml"],
        ["kb", "findings", "--output-format", "gmt"],
        ["kb", "signatures", "--kind", "protein"],
        ["kb", "signatures", "--follow", "paper"],
        ["kb", "everything"],
    ],
)
def test_cli_bad_usage_exits_2(argv, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.strip()
    assert "Traceback" not in err


# --------------------------------------------- curator's review (issue 2 follow-up)


def test_mir218_curated_against_the_review_and_review_view():
    # Review: miR-218 'attenua l'osteogenesi' blocking SOST and TCF7 (Table 1: ↓ Osteogenesi).
    # Ref 12's title: myostatin *suppresses* osteocyte exosomal miR-218, which inhibits
    # osteoblastic differentiation, so miR-218 itself is pro-osteogenic.
    finding = kb.findings().set_index("id").loc["F025"]
    assert finding["curation"] == "corrected"
    assert "attenua l'osteogenesi" in finding["review_says"]
    assert (finding["cargo_role"], finding["cargo_role_reported"]) == ("reduced_in_ev", "carried")
    curated = kb.signatures("hsa")
    review = kb.signatures("hsa", follow="review")
    assert "hsa-miR-218-5p" in curated["promotes_osteogenesis"]
    assert "hsa-miR-218-5p" not in curated["inhibits_osteogenesis"]
    assert "hsa-miR-218-5p" in review["inhibits_osteogenesis"]
    assert "hsa-miR-218-5p" not in review["promotes_osteogenesis"]
    # ref 14: PC-3 exosomes act by *downregulating* miR-214; the review says 'attraverso'
    assert "hsa-miR-214-3p" in review["inhibits_osteoclastogenesis"]
    assert "hsa-miR-214-3p" not in curated["inhibits_osteoclastogenesis"]
    assert kb.signatures("hsa", follow="curated") == curated
    for name in kb.REQUIRED_SIGNATURES:
        assert name in review


def test_tcf7_edge_is_unresolved_and_out_of_curated_gene_sets():
    table = kb.interactions()
    tcf7 = edge(table, "mmu-miR-218-5p", "TCF7")
    assert tcf7["curation"] == "unresolved"
    assert (tcf7["relation"], tcf7["relation_reported"]) == ("represses", "represses")
    assert tcf7["effect_reported"] == "osteogenesis_down"
    assert "TCF7" in tcf7["review_says"]
    sost = edge(table, "mmu-miR-218-5p", "SOST")
    assert (sost["effect"], sost["effect_reported"]) == ("osteogenesis_up", "osteogenesis_down")
    curated = kb.signatures("hsa", kind="gene")
    assert "TCF7" not in {g for genes in curated.values() for g in genes}
    assert "SOST" in curated["promotes_osteogenesis_repressed_targets"]
    review = kb.signatures("hsa", kind="gene", follow="review")
    assert {"SOST", "TCF7"} <= set(review["inhibits_osteogenesis_repressed_targets"])
    # the review prints '↑ ARHGAP1 e FAM134A' under miR-940
    assert {"ARHGAP1", "RETREG2"} <= set(review["promotes_osteogenesis_upregulated_genes"])
    assert {"ARHGAP1", "RETREG2"} <= set(curated["promotes_osteogenesis_repressed_targets"])
    # the interaction table keeps every edge for callers (targets, analysis)
    assert "TCF7" in set(kb.interactions(species="hsa")["gene"])


def test_table_2_rows_carry_no_reference_but_suggest_ref_13():
    table = kb.findings()
    rows = table[table["source_location"].str.startswith("Table 2")]
    assert len(rows) == 6  # the six rows of Table 2
    assert rows["reference"].isna().all()
    assert rows["citation"].isna().all()
    assert (rows["reference_basis"] == "uncited_table_2").all()
    assert (rows["suggested_reference"] == 13).all()
    assert rows["note"].str.contains("ref 13").all()
    f031 = rows.set_index("id").loc["F031", "primary_source"]
    assert "Oncol Lett" in f031 and "2019" in f031
    # ref 13 is from 2018: a 2019 study cannot be inside it, and the wording says so
    assert kb.references().set_index("number").loc[13, "year"] == 2018
    assert "not the study ref 13 summarises" in f031
    for source in table["primary_source"].dropna():
        assert "unverified" in source or "checked" in source, source
    edges = kb.interactions()
    assert edges.loc[edges["finding_id"] == "F032", "reference"].isna().all()


def test_f022_is_a_mouse_finding_with_unchanged_sets():
    from mirbone._resources import read_table

    row = kb.findings().set_index("id").loc["F022"]
    assert (row["cargo"], row["model_species"]) == ("mmu-miR-214-3p", "mmu")
    assert "mouse" in row["primary_source"]
    mature = read_table("mirbase/mature.tsv.gz").set_index("mature")["sequence"]
    assert mature["mmu-miR-214-3p"] == mature["hsa-miR-214-3p"]
    assert "hsa-miR-214-3p" in kb.signatures("hsa")["promotes_osteoclastogenesis"]
    assert "mmu-miR-214-3p" in kb.signatures("mmu")["promotes_osteoclastogenesis"]


@pytest.mark.parametrize(
    ("phrase", "reference", "context", "effect", "cargo"),
    [
        ("Gli OC rilasciano inoltre EV con numerosi miRNA", 10, "remodelling", "not_stated", None),
        ("veicolare molecole agli OB", 10, "therapy", "drug_delivery", None),
        ("EphrinA2/EphA2", 7, "therapy", "drug_delivery", "EFNA2"),
        ("EphrinA2/EphA2", 7, "therapy", "drug_delivery", "EPHA2"),
        ("viene indotta l'osteogenesi", None, "metastasis", "osteogenesis_up", None),
    ],
)
def test_text_statements_added(phrase, reference, context, effect, cargo):
    table = kb.findings()
    rows = table[
        table["mechanism_reported"].str.contains(phrase, regex=False)
        & (table["context"] == context)
        & table["effect"].str.split(";").map(lambda e: effect in e)
    ]
    if cargo is not None:
        rows = rows[rows["cargo"] == cargo]
    assert len(rows) == 1, phrase
    row = rows.iloc[0]
    assert (None if pd.isna(row["reference"]) else row["reference"]) == reference
    assert effect in row["effect"].split(";")
    if cargo is not None:
        resolved = resolve_genes([cargo]).iloc[0]
        assert resolved["status"] == "symbol"


def test_cargo_named_only_in_a_reference_title_stays_out_of_signatures():
    table = kb.findings()
    titled = table[table["cargo_from_title"]].set_index("id")
    assert set(titled.index) == {"F042", "F053"}
    refs = kb.references().set_index("number")
    for key, name in (("F042", "MET"), ("F053", "miR-375")):
        row = titled.loc[key]
        # the review's sentence does not name the cargo; the cited title does
        assert name not in row["mechanism_reported"]
        assert name in refs.loc[int(row["reference"]), "title"]
    default = kb.signatures("hsa")
    wider = kb.signatures("hsa", include_title_cargo=True)
    assert "hsa-miR-375-3p" not in default.get("promotes_bone_regeneration", [])
    assert "hsa-miR-375-3p" in wider["promotes_bone_regeneration"]
    assert "hsa-miR-375-3p" in default["promotes_osteogenesis"]  # Table 2 names it (LNCaP)


def test_mir6769b_has_no_seed_equivalent_human_mirna():
    from mirbone._resources import read_table

    mature = read_table("mirbase/mature.tsv.gz").set_index("mature")["sequence"]
    mouse, human = mature["mmu-miR-6769b-5p"], mature["hsa-miR-6769b-5p"]
    shift = next(k for k in range(1, 5) if human.startswith(mouse[k : k + 12]))
    assert mouse[1:8] != human[1:8]  # seeds (nt 2-8) differ
    reason = kb.signature_exclusions("hsa").set_index("mirna").loc["mmu-miR-6769b-5p", "reason"]
    assert "no seed-equivalent human mature miRNA" in reason
    assert f"shifted by {shift} nt at the 5' end" in reason
    assert "hsa-miR-6769b-5p" not in {m for ms in kb.signatures("hsa").values() for m in ms}


def test_reference_13_pmid():
    refs = kb.references().set_index("number")
    assert refs.loc[13, "pmid"] == "29642618"
    assert refs.loc[13, "doi"] == "10.3390/ijms19041136"


def test_bad_follow_is_input_error():
    with pytest.raises(ValueError, match="unknown follow"):
        kb.signatures("hsa", follow="paper")
