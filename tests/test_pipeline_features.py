"""analyze on tables named as real EV pipelines write them (hairpin read classes, merged
names): every feature keeps its row, and the review, signatures and targets see the mature
miRNAs each feature measures (miRBase v22 hairpins, written down here by hand)."""

from __future__ import annotations

import pandas as pd
import pytest

from mirbone.analysis import analyze


def _stats_table(path, rows):
    frame = pd.DataFrame(rows, columns=["name", "baseMean", "log2FoldChange", "pvalue", "padj"])
    frame.insert(3, "lfcSE", 0.3)
    frame.insert(4, "stat", frame["log2FoldChange"] / 0.3)
    frame.to_csv(path, index=False)
    return path


def _fillers(n):
    from mirbone.names import mature_table

    human = mature_table().query("species == 'hsa'")["mature"].tolist()
    skip = {"hsa-miR-214-3p", "hsa-miR-214-5p", "hsa-miR-103a-3p", "hsa-miR-27a-3p",
            "hsa-miR-27b-3p"}  # fmt: skip
    names = [m for m in human[200:] if m not in skip][:n]
    return [(m, 100.0 + i, 0.01 * (i % 7 - 3), 0.5, 0.8) for i, m in enumerate(names)]


@pytest.fixture(scope="module")
def pipeline_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pipeline")
    rows = [
        ("hsa-mir-214_mature", 900.0, 6.3, 1e-9, 2e-7),
        ("hsa-mir-214_precursor", 40.0, 0.2, 0.6, 0.9),
        ("hsa-mir-214_stemloop", 12.0, -0.1, 0.8, 0.95),
        ("hsa-mir-103a-1_mature", 500.0, 1.0, 0.01, 0.04),
        ("hsa-mir-103a-2_mature", 480.0, 1.1, 0.001, 0.02),
        ("hsa-miR-27a-3p/27b-3p", 250000.0, -2.0, 1e-8, 1e-6),
        *_fillers(60),
    ]
    path = _stats_table(folder / "deseq2_results.csv", rows)
    return analyze(path, permutations=50, figures=False)


def test_every_feature_keeps_its_row(pipeline_run):
    de = pipeline_run.tables["differential"].set_index("mirna")
    assert de.loc["hsa-mir-214_mature", "log2fc"] == pytest.approx(6.3)
    assert de.loc["hsa-mir-214_precursor", "log2fc"] == pytest.approx(0.2)
    assert de.loc["hsa-mir-214_stemloop", "log2fc"] == pytest.approx(-0.1)
    assert de.loc["hsa-mir-214_mature", "direction"] == "up"


def test_review_sees_the_hairpin_mature_reads_and_merged_members(pipeline_run):
    review = pipeline_run.tables["review_mirnas"]
    row = review[review["mirna"] == "hsa-miR-214-3p"].iloc[0]
    assert bool(row["in_data"])
    assert row["direction"] == "up"
    assert row["measured_as"] == "hsa-mir-214_mature"
    assert row["log2fc"] == pytest.approx(6.3)
    merged = review[review["mirna"] == "hsa-miR-27a-3p"]
    if not merged.empty:  # the review reports miR-27a-3p
        assert merged.iloc[0]["direction"] == "down"
        assert merged.iloc[0]["measured_as"] == "hsa-miR-27a-3p/27b-3p"


def test_names_table_and_report_say_how_features_were_mapped(pipeline_run):
    names = pipeline_run.tables["names"].set_index("input")
    assert set(names.loc["hsa-mir-214_mature", "maps_to"].split(";")) == {
        "hsa-miR-214-5p",
        "hsa-miR-214-3p",
    }
    assert names.loc["hsa-mir-214_precursor", "status"] == "non_mature"
    assert names.loc["hsa-mir-214_precursor", "maps_to"] == ""
    counts = pipeline_run.summary["identity_counts"]
    assert counts["hairpin_mature"] == 3
    assert counts["non_mature"] == 2
    assert counts["merged"] == 1
    text = " ".join(pipeline_run.notes)
    # the paralogous hairpins of miR-103a-3p are reported as such
    assert "hsa-miR-103a-3p (hsa-mir-103a-1_mature, hsa-mir-103a-2_mature)" in text


def test_few_mature_names_are_said_not_silently_empty(tmp_path):
    # hsa-mir-23_stemloop etc. (no such hairpin: mir-23a/b/c) are unknown, never the family
    rows = [(f"hsa-mir-{21 + i}_stemloop", 50.0, 1.0, 0.01, 0.03) for i in range(30)]
    rows += [(f"weird_feature_{i}", 50.0, -1.0, 0.01, 0.03) for i in range(30)]
    rows += _fillers(5)
    path = _stats_table(tmp_path / "mostly_not_mature.csv", rows)
    result = analyze(path, permutations=50, figures=False)
    text = " ".join(result.warnings)
    assert "Only 5 of 65 features" in text
    assert "Check the species of the analysis" in text
