"""Four real public studies run as published, compared with the authors' own DE tables.

The files are looked up locally (tests/_realstudies.py says where, and how to install them
from the public repositories); each test skips when its study is absent. Nothing is
downloaded. The reference is the authors' result table, computed by their own R code.
"""

from __future__ import annotations

import pytest
from _realstudies import run_study, study_dir

pytestmark = [pytest.mark.realdata, pytest.mark.slow]


def _run(key, tmp_path_factory):
    if study_dir(key) is None:
        pytest.skip(f"real study {key} not installed (see tests/_realstudies.py)")
    return run_study(key, tmp_path_factory.mktemp(key))


@pytest.fixture(scope="module")
def carberry(tmp_path_factory):
    return _run("carberry2023_pfas_ev", tmp_path_factory)


@pytest.fixture(scope="module")
def goh(tmp_path_factory):
    return _run("goh2024_atg_ko", tmp_path_factory)


@pytest.fixture(scope="module")
def soul(tmp_path_factory):
    return _run("soul_acl_oa", tmp_path_factory)


@pytest.fixture(scope="module")
def saiki(tmp_path_factory):
    return _run("saiki2024_pd_serum_ev", tmp_path_factory)


def test_human_ev_pipeline_names_reproduce_the_authors_deseq2(carberry):
    agreement = carberry.agreement
    assert agreement.n_common > 350
    assert agreement.pearson_log2fc > 0.99
    assert agreement.reproduced_fraction >= 0.95
    result = carberry.result
    de = result.tables["differential"].set_index("mirna")
    # read classes stay apart: the mature reads of mir-192 keep their own row
    assert {"hsa-mir-192_mature", "hsa-mir-21_mature"} <= set(de.index)
    review = result.tables["review_mirnas"]
    row = review[review["mirna"] == "hsa-miR-192-5p"].iloc[0]
    assert row["measured_as"] == "hsa-mir-192_mature"
    assert row["direction"] == "up"
    assert result.summary["n_review_in_data"] > 5
    # the manifest's 'Control ' (trailing space) was selectable, decorated IDs matched
    assert result.provenance["differential"]["fit_groups"] == {"PFAS": 6, "Control": 6}


def test_featurecounts_knockout_with_undeclared_files(goh):
    agreement = goh.agreement
    # the authors' log2FC are ashr-shrunk: ranks agree better than values
    assert agreement.spearman_log2fc > 0.95
    assert agreement.reproduced_fraction >= 0.85
    warnings = " ".join(goh.result.warnings)
    assert "left out: shLuc-1, shLuc-2, shRaptor-1, shRaptor-2" in warnings
    assert goh.result.provenance["differential"]["fit_groups"] == {
        "Atg14_KO": 2,
        "Atg7_KO": 2,
        "GFP_KO": 2,
    }


def test_nfcore_joint_injury_against_the_authors_limma(soul):
    agreement = soul.agreement
    assert agreement.pearson_log2fc > 0.97
    assert agreement.reproduced_fraction >= 0.95
    names = soul.result.tables["names"]
    assert not names["status"].eq("unknown").any()  # mmu-miR-3102-3p(.2-3p) included


def test_ion_torrent_workbook_of_serum_evs(saiki):
    agreement = saiki.agreement
    assert agreement.n_common > 200
    assert agreement.pearson_log2fc > 0.9
    names = saiki.result.tables["names"]
    # <hairpin>_<mature>: only names miRBase retired stay unresolved
    assert set(names["status"]) <= {"corrected", "retired"}
