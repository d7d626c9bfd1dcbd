"""Evidence levels of the knowledge base (issue 16) and the ``evidence`` filter.

The expected levels and sets below were written by hand from ``CURATION_NOTES.md`` (which
abstract states what), not computed by the code under test; the stored tables are read raw
(``mirbone._resources.read_table``) where the test checks the data itself. What
``kb.validate()`` reports for broken evidence columns is tested with the other validation
cases in ``test_kb.py``.
"""

from __future__ import annotations

import json
import re

import pytest

from mirbone import kb
from mirbone._resources import read_table
from mirbone.cli import main
from mirbone.errors import InputError

LEVELS = {"primary", "review", "uncited", "title"}
IDENTIFIER = re.compile(r"(PMID:\d+|PMCID:PMC\d+|doi:10\.\d{4,9}/\S+)")
OPPOSITE = {
    "osteogenesis_up": "osteogenesis_down",
    "osteoblast_activity_up": "osteoblast_activity_down",
    "osteoclastogenesis_up": "osteoclastogenesis_down",
    "angiogenesis_up": "angiogenesis_down",
    "metastasis_up": "metastasis_down",
}
OPPOSITE |= {down: up for up, down in OPPOSITE.items()}


def raw(name: str):
    return read_table(f"kb/{name}.tsv")


# ---------------------------------------------------------------------------- the data


def test_every_row_has_a_level_for_each_effect():
    findings = raw("findings")
    assert findings["evidence"].notna().all()
    for row in findings.itertuples():
        levels = row.evidence.split(";")
        assert set(levels) <= LEVELS, row.id
        assert len(levels) == len(row.effect.split(";")), row.id
    edges = raw("interactions")
    assert edges["evidence"].notna().all()
    assert set(edges["evidence"]) <= LEVELS


@pytest.mark.parametrize("name", ["findings", "interactions"])
def test_every_primary_row_has_a_support_sentence_and_an_identifier(name):
    table = raw(name)
    primary = table["evidence"].str.split(";").map(lambda parts: "primary" in parts)
    assert primary.sum() >= 5
    for _, row in table[primary].iterrows():
        assert isinstance(row["support"], str) and len(row["support"]) > 40, row.to_dict()
        assert IDENTIFIER.fullmatch(row["support_id"]), row["support_id"]
    others = table[~primary]
    assert others["support"].isna().all() and others["support_id"].isna().all()


def test_levels_of_the_rows_named_by_the_audit():
    findings = raw("findings").set_index("id")
    expected = {
        "F001": "review",
        "F002": "review",
        "F003": "review",  # ref 4 is a review
        "F005": "uncited",
        "F011": "uncited",  # miR-122-5p, miR-874-3p
        "F038": "primary;review",  # miR-141-3p: osteoblast activity; OPG -> osteoclasts
        "F041": "title;title",
        "F052": "review;title",
        "F042": "title",
        "F053": "title",
        "F045": "review;primary",  # miR-34a: osteogenesis (review), senescence (ref 23)
        "F017": "primary",
        "F039": "primary",
        "F036": "primary",
    }
    for finding, level in expected.items():
        assert findings.loc[finding, "evidence"] == level, finding
    assert "[22, 23]" in findings.loc["F045", "note"]
    # the ref 14 note no longer calls Yang M the author the text names
    note = raw("references").set_index("number").loc["14", "note"]
    assert "Yang Duan" in note and "Yang M is the third author" not in note


def test_no_edge_contradicts_both_its_printed_and_its_curated_reading():
    findings = raw("findings").set_index("id")
    edges = raw("interactions")
    checked = 0
    for row in edges.itertuples():
        finding = findings.loc[row.finding_id]
        flip = (
            finding["cargo_role"] in {"reduced_in_ev", "downregulated_in_target"}
            or row.mirna_role == "sponged_by_cargo"
        )
        own = {OPPOSITE.get(e, e) if flip else e for e in finding["effect"].split(";")}
        printed = (row.relation_reported, row.effect_reported)
        if row.curation == "unresolved":  # no curated reading: the printed one only
            assert (row.relation, row.effect) == printed, (row.mirna, row.gene)
        else:
            assert row.effect == row.effect_reported or row.effect in own, (row.mirna, row.gene)
        checked += 1
    assert checked == len(edges) == 31
    tcf7 = edges[edges["gene"] == "TCF7"].iloc[0]
    assert (tcf7["relation"], tcf7["effect"]) == ("represses", "osteogenesis_down")


# ------------------------------------------------------------------------- signatures


def test_strong_signatures_keep_primary_members_only():
    strong = kb.signatures("hsa", evidence="strong")
    every = kb.signatures("hsa")
    assert every == kb.signatures("hsa", evidence="any")
    members = set().union(*strong.values())
    for mirna in (
        "hsa-miR-122-5p",
        "hsa-miR-874-3p",
        "hsa-miR-196a-5p",
        "hsa-miR-27a-3p",
        "hsa-miR-206",
        "hsa-miR-940",
        "hsa-miR-218-5p",
    ):
        assert mirna in set().union(*every.values()), mirna
        assert mirna not in members, mirna
    assert "hsa-miR-34a-5p" in every["inhibits_osteogenesis"]
    assert "hsa-miR-34a-5p" not in strong["inhibits_osteogenesis"]
    assert "hsa-miR-34a-5p" in strong["promotes_senescence"]  # ref 23's abstract
    assert "hsa-miR-141-3p" in every["inhibits_osteoclastogenesis"]
    assert "hsa-miR-141-3p" not in strong["inhibits_osteoclastogenesis"]
    # hand-derived from the primary rows (CURATION_NOTES.md, Evidence levels)
    assert strong["promotes_osteogenesis"] == ["hsa-miR-141-3p"]
    assert strong["inhibits_osteogenesis"] == [
        "hsa-miR-214-3p",
        "hsa-miR-23a-5p",
        "hsa-miR-31-5p",
        "hsa-miR-34c-5p",
    ]
    assert strong["inhibits_osteoclastogenesis"] == ["hsa-miR-125b-5p"]
    assert strong["promotes_osteoclastogenesis"] == [
        "hsa-miR-21-5p",
        "hsa-miR-214-3p",
        "hsa-miR-31-5p",
    ]
    for name in kb.REQUIRED_SIGNATURES:
        assert set(strong[name]) <= set(every[name])


def test_strong_gene_signatures_use_primary_edges_only():
    strong = kb.signatures("hsa", kind="gene", evidence="strong")
    every = kb.signatures("hsa", kind="gene")
    assert "AXIN1" in every["promotes_osteogenesis_repressed_targets"]
    assert "SPRY2" in every["promotes_osteogenesis_repressed_targets"]
    assert strong["promotes_osteogenesis_repressed_targets"] == ["DLC1"]
    assert strong["promotes_osteogenesis_upregulated_genes"] == []
    assert strong["inhibits_osteoclastogenesis_upregulated_genes"] == []  # OPG: review
    assert strong["inhibits_osteoclastogenesis_repressed_targets"] == ["PRDM1"]


def test_title_rows_stay_out_of_every_signature():
    for evidence in ("any", "strong"):
        sets = kb.signatures("hsa", evidence=evidence)
        assert "hsa-miR-375-3p" not in sets.get("promotes_bone_regeneration", [])


def test_unknown_evidence_word_is_refused():
    with pytest.raises(InputError, match="strong"):
        kb.signatures("hsa", evidence="primary")


# --------------------------------------------------------------------------------- CLI


def test_cli_kb_signatures_evidence(tmp_path, capsys):
    out = tmp_path / "strong.json"
    assert (
        main(
            ["kb", "signatures", "--evidence", "strong", "--output-format", "json", "-o", str(out)]
        )
        == 0
    )
    assert json.loads(out.read_text()) == kb.signatures("hsa", evidence="strong")
    table = tmp_path / "strong.tsv"
    assert main(["kb", "signatures", "--evidence", "strong", "-o", str(table)]) == 0
    assert "strong evidence" in table.read_text()
    assert main(["kb", "findings", "--evidence", "strong"]) == 2
    assert "--evidence strong applies to signatures only" in capsys.readouterr().err


def test_cli_enrich_evidence(tmp_path):
    query = tmp_path / "query.txt"
    query.write_text("hsa-miR-122-5p\nhsa-miR-196a-5p\nhsa-miR-141-3p\n")
    universe = tmp_path / "universe.txt"
    from mirbone.names import mature_table

    names = sorted(mature_table().query("species == 'hsa'")["mature"])
    universe.write_text("\n".join(names) + "\n")
    tables = {}
    for evidence in ("any", "strong"):
        out = tmp_path / f"{evidence}.tsv"
        assert (
            main(
                [
                    "enrich",
                    str(query),
                    "--universe",
                    str(universe),
                    "--evidence",
                    evidence,
                    "--min-size",
                    "1",
                    "-o",
                    str(out),
                ]
            )
            == 0
        )
        tables[evidence] = {
            line.split("\t")[0]: line.split("\t") for line in out.read_text().splitlines()[1:]
        }
    # promotes_osteogenesis: every KB member vs miR-141-3p alone
    any_size = int(tables["any"]["promotes_osteogenesis"][1])
    assert any_size == len(kb.signatures("hsa")["promotes_osteogenesis"])
    assert int(tables["strong"]["promotes_osteogenesis"][1]) == 1


# ------------------------------------------------------------------------ analyze, report


def write_stats(folder):
    """DESeq2 results: miR-141-3p up, three review-only/uncited miRNAs down, 60 others."""
    from mirbone.names import mature_table

    names = sorted(mature_table().query("species == 'hsa'")["mature"])[:60]
    hits = {
        "hsa-miR-141-3p": 2.0,
        "hsa-miR-196a-5p": -2.0,
        "hsa-miR-27a-3p": -2.0,
        "hsa-miR-122-5p": -2.0,
    }
    lines = [",baseMean,log2FoldChange,lfcSE,stat,pvalue,padj"]
    for name in names:
        if name not in hits:
            lines.append(f"{name},500,0.1,0.3,0.33,0.5,0.9")
    for name, lfc in hits.items():
        lines.append(f"{name},500,{lfc},0.3,{lfc / 0.3},1e-8,1e-6")
    path = folder / "deseq2_results.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_analyze_evidence_filter_run_json_methods_and_review_tables(tmp_path):
    table = write_stats(tmp_path)
    outs = {}
    for evidence in ("any", "strong"):
        out = tmp_path / evidence
        assert (
            main(
                [
                    "analyze",
                    str(table),
                    "--evidence",
                    evidence,
                    "--permutations",
                    "50",
                    "--quiet",
                    "-o",
                    str(out),
                ]
            )
            == 0
        )
        outs[evidence] = out
    ora = {e: _read_tsv(outs[e] / "tables/signature_ora.tsv") for e in outs}
    down_any = {r["term"]: r for r in ora["any"] if r["direction"] == "down"}
    down_strong = {r["term"]: r for r in ora["strong"] if r["direction"] == "down"}
    # promotes_osteogenesis holds miR-196a-5p, miR-27a-3p and miR-122-5p only with "any"
    assert int(down_any["promotes_osteogenesis"]["overlap"]) == 3
    assert (
        "promotes_osteogenesis" not in down_strong
        or int(down_strong["promotes_osteogenesis"]["overlap"]) == 0
    )
    for evidence, out in outs.items():
        run = json.loads((out / "run.json").read_text())
        assert run["parameters"]["evidence"] == evidence
        report = (out / "report.md").read_text()
        assert f"evidence {evidence}:" in report
        review = _read_tsv(out / "tables/review_mirnas.tsv")
        levels = {r["finding_id"]: r["evidence"] for r in review}
        assert levels["F038"] == "primary;review" and levels["F001"] == "review"
        summary = _read_tsv(out / "tables/review_summary.tsv")
        by_axis = {r["implies"]: r["evidence"] for r in summary}
        # miR-141-3p up: more osteoblast activity (primary), less osteoclastogenesis (review)
        assert by_axis["more osteoblast activity"] == "primary 1"
        assert by_axis["less osteoclastogenesis"] == "review 1"
        assert by_axis["less osteogenesis"] == "review 2, uncited 1"
    with pytest.raises(InputError, match="evidence"):
        from mirbone.analysis import analyze

        analyze(table, evidence="primary", figures=False)


def _read_tsv(path):
    lines = path.read_text().splitlines()
    head = lines[0].split("\t")
    return [dict(zip(head, line.split("\t"), strict=False)) for line in lines[1:]]
