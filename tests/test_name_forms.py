"""Name forms written by real EV small-RNA pipelines (tests/data/name_forms.tsv).

The expected readings were written by hand from miRBase 22 (mature.fa, hairpin.fa,
mmu.gff3), not from mirbone's output.
"""

from __future__ import annotations

import pandas as pd
import pytest

from mirbone.names import mature_identities, normalize, resolved_key


def _cases(data_dir):
    table = pd.read_csv(data_dir / "name_forms.tsv", sep="\t", comment="#", dtype=str)
    return table.fillna("")


def test_every_name_form_reads_as_written_down(data_dir):
    cases = _cases(data_dir)
    for species, group in cases.groupby("species"):
        got = normalize(group["input"].tolist(), species=species)
        got["key"] = resolved_key(got)
        got["identities"] = [";".join(ids) for ids in mature_identities(got)]
        for (_, want), (_, row) in zip(group.iterrows(), got.iterrows(), strict=True):
            assert row["status"] == want["status"], want["input"]
            assert (row["mirna"] or "") == want["mirna"], want["input"]
            assert row["key"] == want["key"], want["input"]
            assert row["identities"] == want["identities"], want["input"]


def test_read_classes_of_one_hairpin_are_never_summed(tmp_path):
    from mirbone.io import read

    path = tmp_path / "ev.csv"
    path.write_text(
        "miRNA,S1,S2\n"
        "hsa-mir-21_mature,100,200\n"
        "hsa-mir-21_precursor,5,7\n"
        "hsa-mir-21_stemloop,1,0\n"
        "hsa-mir-21_unannotated,0,3\n"
    )
    data = read(path)
    assert data.counts.loc["hsa-mir-21_mature"].tolist() == [100, 200]
    assert data.counts.loc["hsa-mir-21_precursor"].tolist() == [5, 7]
    assert len(data.counts) == 4


def test_ion_torrent_rows_of_one_mature_sum_across_hairpins(tmp_path):
    from mirbone.io import read

    path = tmp_path / "ion.csv"
    path.write_text(
        "Geneid,J1,J2\n"
        "hsa-mir-6859-1_hsa-miR-6859-5p,1,2\n"
        "hsa-mir-6859-2_hsa-miR-6859-5p,10,20\n"
        "hsa-mir-200b_hsa-miR-200b-5p,3,4\n"
    )
    data = read(path)
    assert data.counts.loc["hsa-miR-6859-5p"].tolist() == [11, 22]
    assert data.counts.loc["hsa-miR-200b-5p"].tolist() == [3, 4]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        # hsa-miR-24 has two 5p arms in v22 (hsa-miR-24-1-5p, hsa-miR-24-2-5p): no guess
        ("hsa-miR-24-5p", "unknown"),
        # hsa-miR-7-5p exists: the arm is not dropped for a miRNA that has arms
        ("hsa-miR-7-5p", "exact"),
    ],
)
def test_arm_is_dropped_only_for_a_single_armless_mature(name, expected):
    assert normalize([name])["status"].iloc[0] == expected
