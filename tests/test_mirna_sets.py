"""miRNA categories beyond bone: miRBase families and the user's own GMT categories."""

from __future__ import annotations

import pandas as pd
import pytest
from scipy.stats import hypergeom

from mirbone import enrich, genesets
from mirbone.cli import main
from mirbone.errors import InputError

# miRBase 22 family mir-17 (MIPF0000001) in human: the hairpins of the miR-17~92,
# miR-106a~363 and miR-106b~25 clusters that carry the seed of miR-17, i.e. hsa-mir-17,
# -18a, -18b, -20a, -20b, -93, -106a and -106b (miRBase family page; Tanzer & Stadler 2004).
MIR17_HAIRPINS = {"17", "18a", "18b", "20a", "20b", "93", "106a", "106b"}


def test_family_sets_match_mirbase():
    families = genesets.mirna_families(species="hsa")
    members = families["family:mir-17"]
    assert {m.split("-")[2] for m in members} == MIR17_HAIRPINS
    assert "hsa-miR-17-5p" in members and "hsa-miR-17-3p" in members  # both arms
    # miR-29 family: hsa-mir-29a, -29b-1, -29b-2, -29c -> matures 29a/b/c, both arms
    assert set(families["family:mir-29"]) == {
        "hsa-miR-29a-3p",
        "hsa-miR-29a-5p",
        "hsa-miR-29b-3p",
        "hsa-miR-29b-1-5p",
        "hsa-miR-29b-2-5p",
        "hsa-miR-29c-3p",
        "hsa-miR-29c-5p",
    }
    assert all(len(v) >= 2 for v in families.values())
    assert all(
        m.startswith("mmu-") for v in genesets.mirna_families(species="mouse").values() for m in v
    )
    table = genesets.mirna_families_table()
    assert list(table.columns) == [
        "species",
        "family_acc",
        "family",
        "precursor_acc",
        "precursor",
        "mature_acc",
        "mature",
    ]
    assert set(table["species"]) == {"hsa", "mmu", "rno"}


def test_user_gmt_categories_are_normalised_and_combined(tmp_path):
    gmt = tmp_path / "mine.gmt"
    gmt.write_text("liver_disease\tmy categories\tmiR-122\thsa-miR-21-5p\tnot-a-mirna\n")
    sets = enrich.mirna_sets(f"bone,families,{gmt}", species="hsa")
    assert sets["liver_disease"] == ["hsa-miR-122-5p", "hsa-miR-21-5p", "not-a-mirna"]
    assert "family:mir-17" in sets
    assert "promotes_osteogenesis" in sets
    with pytest.raises(InputError, match="used by two"):
        enrich.mirna_sets(f"{gmt},{gmt}")
    with pytest.raises(InputError, match="'bone' or an existing GMT"):
        enrich.mirna_sets("bone,nosuchfile.gmt")


def test_cli_enrich_with_families_beside_bone(tmp_path):
    families = genesets.mirna_families(species="hsa")
    mir17 = families["family:mir-17"]
    universe = sorted({m for v in families.values() for m in v})
    query = [*mir17[:6], "hsa-miR-21-5p"]
    (tmp_path / "query.txt").write_text("\n".join(query) + "\n")
    (tmp_path / "universe.txt").write_text("\n".join(universe) + "\n")
    out = tmp_path / "ora.tsv"
    code = main(
        [
            "enrich",
            str(tmp_path / "query.txt"),
            "--universe",
            str(tmp_path / "universe.txt"),
            "--signatures",
            "bone,families",
            "-o",
            str(out),
        ]
    )
    assert code == 0
    table = pd.read_csv(out, sep="\t")
    assert table["term"].str.startswith("family:").any()
    assert not table["term"].str.startswith("family:").all()  # bone sets beside them
    row = table.set_index("term").loc["family:mir-17"]
    # the hypergeometric tail by hand: 6 of the 7 query miRNAs in a set of 16
    n_universe = int(row["universe_size"])
    expected = hypergeom.sf(5, n_universe, int(row["size"]), int(row["query_size"]))
    assert row["overlap"] == 6
    assert row["pvalue"] == pytest.approx(expected, rel=1e-9)


def test_evidence_filters_the_bone_signatures_only():
    from mirbone import kb

    strong = enrich.mirna_sets("bone,families", evidence="strong")
    expected = {k: list(v) for k, v in kb.signatures(evidence="strong").items()}
    assert {k: v for k, v in strong.items() if k in expected} == expected
    assert "family:mir-17" in strong
    with pytest.raises(InputError, match="bone signatures only") as info:
        enrich.mirna_sets("families", evidence="strong")
    assert info.value.keyword == "evidence" and "--" not in info.value.message
