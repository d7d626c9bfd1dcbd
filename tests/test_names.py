"""Tests of miRNA name normalisation against miRBase facts (accessions, release history)."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mirbone.cli import main
from mirbone.errors import InputError
from mirbone.names import (
    COLUMNS,
    RESOLVED_STATUSES,
    mature_table,
    normalize,
    resolved_key,
    to_species,
)


def one(name: str, species: str = "hsa") -> dict:
    return normalize([name], species=species).iloc[0].to_dict()


@pytest.mark.parametrize(
    ("name", "mirna", "accession", "status"),
    [
        # case and whitespace, missing prefix, let-7 (miRBase accessions are the reference)
        ("hsa-miR-21-5p", "hsa-miR-21-5p", "MIMAT0000076", "exact"),
        ("HSA-MIR-21-5P", "hsa-miR-21-5p", "MIMAT0000076", "corrected"),
        (" hsa-miR-27a-3p ", "hsa-miR-27a-3p", "MIMAT0000084", "corrected"),
        ("miR-206", "hsa-miR-206", "MIMAT0000462", "corrected"),
        ("let-7a-5p", "hsa-let-7a-5p", "MIMAT0000062", "corrected"),
        ("hsa-miR\u201321-5p", "hsa-miR-21-5p", "MIMAT0000076", "corrected"),
        # old names through the accession history
        ("hsa-miR-21", "hsa-miR-21-5p", "MIMAT0000076", "renamed"),
        ("hsa-miR-375", "hsa-miR-375-3p", "MIMAT0000728", "renamed"),
        ("hsa-miR-122a", "hsa-miR-122-5p", "MIMAT0000421", "renamed"),
        ("hsa-miR-214*", "hsa-miR-214-5p", "MIMAT0004564", "renamed"),
        ("hsa-let-7a", "hsa-let-7a-5p", "MIMAT0000062", "renamed"),
        ("mmu-miR-21", "mmu-miR-21a-5p", "MIMAT0000530", "renamed"),
        # accessions
        ("MIMAT0000076", "hsa-miR-21-5p", "MIMAT0000076", "accession"),
        ("mimat0000728", "hsa-miR-375-3p", "MIMAT0000728", "accession"),
        ("hsa-miR-21-5p_MIMAT0000076", "hsa-miR-21-5p", "MIMAT0000076", "accession"),
    ],
)
def test_resolves_to_one_mature(name, mirna, accession, status):
    row = one(name)
    assert (row["mirna"], row["accession"], row["status"]) == (mirna, accession, status)
    assert row["input"] == name
    assert row["species"] == mirna[:3]


@pytest.mark.parametrize(
    ("name", "hairpin", "accession", "matures"),
    [
        ("hsa-mir-21", "hsa-mir-21", "MI0000077", {"hsa-miR-21-5p", "hsa-miR-21-3p"}),
        ("MI0000077", "hsa-mir-21", "MI0000077", {"hsa-miR-21-5p", "hsa-miR-21-3p"}),
        ("hsa-mir-30d_mature", "hsa-mir-30d", "MI0000255", {"hsa-miR-30d-5p", "hsa-miR-30d-3p"}),
        ("hsa-mir-7-1_mature", "hsa-mir-7-1", "MI0000263", {"hsa-miR-7-5p", "hsa-miR-7-1-3p"}),
    ],
)
def test_precursors_list_their_matures_without_choosing(name, hairpin, accession, matures):
    row = one(name)
    assert row["status"] == "precursor"
    assert (row["mirna"], row["accession"]) == (hairpin, accession)
    assert set(row["candidates"].split(";")) == matures


def test_retired_unknown_ambiguous_empty():
    retired = one("hsa-miR-4532")  # MIMAT0019071, in miRBase v17-v21 only
    assert retired["status"] == "retired"
    assert retired["accession"] == "MIMAT0019071"
    assert "v21" in retired["candidates"]
    assert one("MIMAT0019071")["status"] == "retired"
    assert one("hsa-miR-99999-5p")["status"] == "unknown"
    assert one("cel-miR-39-3p")["status"] == "unknown"  # spike-in of another species
    ambiguous = one("hsa-miR-6769b")  # only the -5p and -3p arms exist
    assert ambiguous["status"] == "ambiguous"
    assert set(ambiguous["candidates"].split(";")) == {"hsa-miR-6769b-5p", "hsa-miR-6769b-3p"}
    upper = one("HSA-MIR-21")  # neither miR (mature) nor mir (hairpin) as written
    assert upper["status"] == "ambiguous"
    assert set(upper["candidates"].split(";")) == {"hsa-miR-21-5p", "hsa-mir-21"}
    shared = one("hsa-miR-21-5p|hsa-miR-21-3p")
    assert shared["status"] == "ambiguous"
    for blank in ("", "   ", None, float("nan")):
        assert normalize([blank]).iloc[0]["status"] == "empty"


def test_species_default_and_prefix():
    assert one("miR-21a-5p", species="mouse")["mirna"] == "mmu-miR-21a-5p"
    assert one("rno-miR-31a-5p")["species"] == "rno"  # a prefix beats the default
    with pytest.raises(InputError, match="unknown species"):
        normalize(["miR-21"], species="zebrafish")


def test_family_without_letter_lists_its_v22_members():
    mature = set(mature_table()["mature"])
    expected = {"hsa-miR-133a-3p", "hsa-miR-133a-5p", "hsa-miR-133b"}
    assert expected <= mature  # miRBase v22 facts, not what the resolver returns
    for name in ("miR-133", "hsa-miR-133", "MIR-133"):
        row = one(name)
        assert row["status"] == "ambiguous", name
        assert set(row["candidates"].split(";")) == expected
    # a family number is not a prefix of another number: miR-13 is not miR-133's family
    assert "hsa-miR-133b" not in str(one("miR-13")["candidates"])


def test_underscores_for_dashes():
    row = one("hsa_miR_21_5p")
    assert (row["mirna"], row["accession"], row["status"]) == (
        "hsa-miR-21-5p", "MIMAT0000076", "corrected",
    )  # fmt: skip
    assert one("mmu_miR_1a_3p")["mirna"] == "mmu-miR-1a-3p"
    assert one("hsa_mir_21")["status"] == "precursor"


def test_every_v22_name_with_underscores_resolves_to_itself():
    mature = mature_table()
    table = normalize(mature["mature"].str.replace("-", "_"))
    assert table["mirna"].tolist() == mature["mature"].tolist()
    assert (table["status"] == "corrected").all()


def test_only_three_letter_codes_are_species_prefixes():
    novel = one("novel-mir-17")
    assert novel["status"] == "unknown"
    assert novel["species"] != "novel"
    assert one("cel-miR-39-3p")["species"] == "cel"  # a miRBase code of another species


def test_output_shape_and_order():
    names = ["miR-21", "hsa-mir-21", None, "miR-21", "nonsense"]
    table = normalize(names)
    assert tuple(table.columns) == COLUMNS
    assert table["input"].tolist()[:2] == names[:2]
    assert len(table) == len(names)
    assert table.loc[0].equals(table.loc[3].rename(0))
    keys = resolved_key(table)
    assert keys.tolist() == ["hsa-miR-21-5p", "hsa-mir-21", None, "hsa-miR-21-5p", "nonsense"]


def test_every_v22_name_resolves_to_itself():
    mature = mature_table()
    table = normalize(mature["mature"])
    assert (table["status"] == "exact").all()
    assert table["accession"].tolist() == mature["mature_acc"].tolist()


v22_names = st.sampled_from(mature_table()["mature"].tolist())
noisy = st.one_of(
    v22_names,
    v22_names.map(str.upper),
    v22_names.map(lambda n: f"  {n} "),
    v22_names.map(lambda n: n.split("-", 1)[1]),
    st.text(alphabet="miRlet-0123456789abcp*_ ", max_size=14),
)


@settings(max_examples=300, deadline=None)
@given(noisy)
def test_normalising_is_idempotent(name):
    first = normalize([name], species="hsa").iloc[0]
    if first["status"] in RESOLVED_STATUSES or first["status"] == "precursor":
        second = normalize([first["mirna"]], species="hsa").iloc[0]
        assert second["mirna"] == first["mirna"]
        assert second["accession"] == first["accession"]
        assert second["status"] in {"exact", "precursor"}


@pytest.mark.parametrize(
    ("name", "orthologue", "method"),
    [
        ("mmu-miR-874-3p", "hsa-miR-874-3p", "sequence"),
        ("mmu-miR-125b-5p", "hsa-miR-125b-5p", "sequence"),
        ("rno-miR-31a-5p", "hsa-miR-31-5p", "seed_family"),
        ("mmu-miR-7044-5p", None, "none"),
        ("hsa-miR-21-5p", "hsa-miR-21-5p", "same_species"),
    ],
)
def test_orthologues(name, orthologue, method):
    row = to_species([name], target="hsa").iloc[0]
    assert row["orthologue"] == orthologue
    assert row["method"] == method


def test_seed_family_orthologue_shares_the_seed():
    mature = mature_table().set_index("mature")["sequence"]
    row = to_species(["rno-miR-31a-5p"]).iloc[0]
    assert mature[row["orthologue"]][1:8] == mature["rno-miR-31a-5p"][1:8]
    assert mature[row["orthologue"]] != mature["rno-miR-31a-5p"]


def test_cli_names(capsys, tmp_path):
    assert main(["names", "hsa-miR-21", "hsa-mir-30d_mature"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split("\t") == list(COLUMNS)
    assert out[1].split("\t")[:5] == [
        "hsa-miR-21",
        "hsa-miR-21-5p",
        "MIMAT0000076",
        "hsa",
        "renamed",
    ]
    listing = tmp_path / "names.txt"
    listing.write_text("# header comment\nmiR-206\n\nlet-7a\n", encoding="utf-8")
    target = tmp_path / "out.tsv"
    assert main(["names", "-i", str(listing), "-o", str(target)]) == 0
    written = pd.read_csv(target, sep="\t")
    assert written["mirna"].tolist() == ["hsa-miR-206", "hsa-let-7a-5p"]
    assert main(["names", "-i", str(listing), "-o", str(target)]) == 2  # no overwrite
    assert main(["names", "-i", str(listing), "-o", str(target), "--force"]) == 0


def test_cli_bad_input_exits_2(capsys, tmp_path):
    assert main(["names"]) == 2
    assert "no miRNA name given" in capsys.readouterr().err
    assert main(["names", "miR-21", "--species", "xyz"]) == 2
    err = capsys.readouterr().err
    assert "unknown species 'xyz'" in err
    assert "Traceback" not in err
    assert main(["names", "-i", str(tmp_path / "missing.txt")]) == 2
