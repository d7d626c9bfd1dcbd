from __future__ import annotations

import gzip
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mirbone.cli import main
from mirbone.errors import InputError
from mirbone.io import (
    LOG_COLUMNS,
    MirnaData,
    read,
    read_samples,
    read_standard,
    standard_table,
    write_standard,
)

DATA = Path(__file__).parent / "data"
SAMPLES4 = ["ctrl_1", "ctrl_2", "ost_1", "ost_2"]


def log_row(data: MirnaData, name: str) -> pd.Series:
    rows = data.names.loc[data.names["input"] == name]
    assert len(rows) == 1, name
    return rows.iloc[0]


# ------------------------------------------------------------------ count matrices


def test_counts_rows_values_and_log():
    data = read(DATA / "counts_rows.tsv")
    assert data.format == "counts"
    assert data.value_type == "counts"
    assert list(data.counts.columns) == SAMPLES4
    # hsa-miR-21 (an old name of MIMAT0000076) is summed into hsa-miR-21-5p
    assert data.counts.loc["hsa-miR-21-5p"].tolist() == [1500 + 12, 1320 + 8, 2410 + 20, 2650 + 15]
    assert data.counts.loc["hsa-miR-133a-3p"].tolist() == [80, 77, 15, 12]
    # a hairpin's mature reads keep their read class (never summed with its other reads);
    # the hairpin's matures are the candidates
    assert data.counts.loc["hsa-mir-30d_mature"].tolist() == [33, 41, 28, 30]
    pre = log_row(data, "hsa-mir-30d_mature")
    assert pre["status"] == "precursor"
    assert set(pre["candidates"].split(";")) == {"hsa-miR-30d-5p", "hsa-miR-30d-3p"}
    # unknown names are kept and flagged, never dropped
    assert data.counts.loc["novel-mir-17"].tolist() == [5, 0, 3, 2]
    assert log_row(data, "novel-mir-17")["status"] == "unknown"
    # an all-zero miRNA is fine
    assert data.counts.loc["hsa-miR-2861"].sum() == 0
    assert len(data.counts) == 9
    assert data.counts.dtypes.unique().tolist() == [np.dtype("int64")]
    # the log: one row per name as written, in file order, with its line
    assert list(data.names.columns) == list(LOG_COLUMNS)
    assert data.names["input"].tolist()[:2] == ["hsa-miR-21-5p", "hsa-miR-21"]
    assert log_row(data, "hsa-miR-21")["location"] == "line 3"
    assert log_row(data, "hsa-miR-21")["aggregated"]
    assert "summed" in log_row(data, "hsa-miR-21")["action"]
    assert not log_row(data, "hsa-miR-29a-3p")["aggregated"]
    summary = data.summary()
    assert summary["status_counts"] == {"exact": 6, "renamed": 2, "precursor": 1, "unknown": 1}
    assert summary["mirnas"] == 9
    assert summary["samples"] == 4
    assert summary["input_rows"] == 10
    assert summary["aggregated_names"] == 2
    assert summary["unresolved"] == ["hsa-mir-30d_mature", "novel-mir-17"]
    # total counts per sample preserved by aggregation (hand-summed from the file)
    assert data.counts["ctrl_1"].sum() == 1500 + 12 + 310 + 45 + 5200 + 33 + 80 + 5 + 0 + 14


def test_counts_total_equals_pandas_column_sums():
    plain = pd.read_csv(DATA / "counts_rows.tsv", sep="\t", index_col=0)
    data = read(DATA / "counts_rows.tsv")
    pd.testing.assert_series_equal(data.counts.sum(), plain.sum())


def test_sample_sheet_attached_and_ordered():
    data = read(DATA / "counts_rows.tsv", samples=DATA / "samples.tsv")
    assert data.samples["sample"].tolist() == SAMPLES4
    assert data.samples["group"].tolist() == ["control", "control", "osteogenic", "osteogenic"]
    shuffled = pd.DataFrame({"sample": SAMPLES4[::-1], "group": list("ddcc")})
    data = read(DATA / "counts_rows.tsv", samples=shuffled)
    assert data.samples["sample"].tolist() == SAMPLES4
    assert data.samples["group"].tolist() == list("ccdd")


@pytest.mark.parametrize(
    ("sheet", "message"),
    [
        (pd.DataFrame({"sample": [*SAMPLES4, "x"], "group": "a"}), "not in the counts: x"),
        (pd.DataFrame({"sample": [*SAMPLES4, "ost_2"], "group": "a"}), "twice"),
        (pd.DataFrame({"name": ["a", "b", "c", "d"], "group": "a"}), "'sample' column"),
    ],
)
def test_sample_sheet_mismatch(sheet, message):
    with pytest.raises(InputError, match=message):
        read(DATA / "counts_rows.tsv", samples=sheet)


def test_count_columns_the_sheet_does_not_name_are_left_out_and_listed():
    data = read(DATA / "counts_rows.tsv", samples=pd.DataFrame({"sample": SAMPLES4[:3]}))
    assert list(data.counts.columns) == SAMPLES4[:3]
    assert any("left out: ost_2" in note for note in data.notes)


def test_sample_column_found_by_its_values_when_not_named_sample():
    sheet = pd.DataFrame({"replicate": [1, 2, 1, 2], "id": SAMPLES4, "group": list("ccdd")})
    data = read(DATA / "counts_rows.tsv", samples=sheet)
    assert data.samples["sample"].tolist() == SAMPLES4
    assert any("column 'id'" in note for note in data.notes)


def test_sheet_values_are_trimmed():
    sheet = pd.DataFrame({"sample ": [f" {s}" for s in SAMPLES4], "group": ["c ", "c", "d", "d "]})
    data = read(DATA / "counts_rows.tsv", samples=sheet)
    assert data.samples["group"].tolist() == list("ccdd")


def test_decorated_and_r_mangled_sample_ids_match_when_unique(tmp_path):
    counts = tmp_path / "counts.csv"
    counts.write_text(
        "miRNA,9_5_3_1_CAGGCG_S1_L001,9_5_3_10_TAATCG_S2_L001,29-1p16_S39,/bam/U120-H-001.bam\n"
        "hsa-miR-21-5p,1,2,3,4\n"
        "hsa-miR-16-5p,5,6,7,8\n"
    )
    sheet = pd.DataFrame(
        {"sample": ["9_5_3_1", "9_5_3_10", "29.1p16_S39", "U120-H-001"], "group": list("aabb")}
    )
    data = read(counts, samples=sheet)
    assert list(data.counts.columns) == ["9_5_3_1", "9_5_3_10", "29.1p16_S39", "U120-H-001"]
    assert data.counts.loc["hsa-miR-21-5p"].tolist() == [1, 2, 3, 4]
    assert any("matched to count columns" in note for note in data.notes)


def test_two_candidate_columns_are_never_guessed(tmp_path):
    counts = tmp_path / "counts.csv"
    counts.write_text("miRNA,S1_L001,S1_L002\nhsa-miR-21-5p,1,2\n")
    with pytest.raises(InputError, match="matches several count columns"):
        read(counts, samples=pd.DataFrame({"sample": ["S1"], "group": ["a"]}))


def test_one_character_difference_is_pointed_at(tmp_path):
    counts = tmp_path / "counts.csv"
    counts.write_text("miRNA,29-1p16_S39,30-2p16_S40\nhsa-miR-21-5p,1,2\n")
    sheet = pd.DataFrame({"sample": ["29_1p16_S39", "30-2p16_S40"], "group": ["a", "b"]})
    with pytest.raises(
        InputError, match=r"29_1p16_S39 ~ 29-1p16_S39 \('_' vs '-' at character 3\)"
    ):
        read(counts, samples=sheet)


def test_sample_sheet_needs_counts():
    with pytest.raises(InputError, match="count table"):
        read(DATA / "deseq2_results.csv", samples=DATA / "samples.tsv")


def test_sample_sheet_r_check_names():
    # mirna.tsv columns went through R check.names; the sheet has the original names
    data = read(DATA / "mirna.tsv", samples=DATA / "samples_mirna.tsv")
    assert data.format == "smrnaseq-mirna"
    assert list(data.counts.columns) == ["EV-young-1", "2-EV-aged"]
    assert data.samples["group"].tolist() == ["young", "aged"]
    assert data.counts.loc["hsa-let-7a-5p"].tolist() == [5015, 4701]
    sheet = read_samples(DATA / "samples_mirna.tsv")
    assert sheet["sample"].tolist() == ["EV-young-1", "2-EV-aged"]


def test_xlsx_single_data_sheet():
    data = read(DATA / "counts.xlsx")
    assert data.format == "counts"
    assert list(data.counts.columns) == SAMPLES4
    assert data.counts.loc["hsa-miR-21-5p"].tolist() == [1512, 1328, 2430, 2665]
    assert log_row(data, "hsa-miR-21")["location"] == "sheet 'counts' row 3"


def test_xlsx_ambiguous_workbook_lists_sheets():
    with pytest.raises(InputError, match=r"several sheets with data \('raw', 'batch2'\)"):
        read(DATA / "counts_two_sheets.xlsx")
    batch2 = read(DATA / "counts_two_sheets.xlsx", sheet="batch2")
    assert batch2.counts.loc["hsa-let-7a-5p", "ctrl_1"] == 2 * 5200
    first = read(DATA / "counts_two_sheets.xlsx", sheet=0)
    assert first.counts.loc["hsa-let-7a-5p", "ctrl_1"] == 5200
    with pytest.raises(InputError, match=r"no sheet 'nope'.*'raw', 'batch2'"):
        read(DATA / "counts_two_sheets.xlsx", sheet="nope")
    with pytest.raises(InputError, match="not an XLSX"):
        read(DATA / "counts_rows.tsv", sheet="raw")


def test_semicolon_decimal_comma():
    data = read(DATA / "counts_semicolon_decimal.csv")
    assert data.counts.loc["hsa-miR-21-5p"].tolist() == [1520.5, 1330.25]
    assert data.counts.loc["hsa-miR-29a-3p"].tolist() == [310.0, 295.5]
    assert any("decimal commas" in note for note in data.notes)
    assert "Windows line endings" in data.notes


@pytest.mark.parametrize("variant", ["gzip", "bom", "crlf", "cr", "bom_crlf_gzip", "utf16"])
def test_encodings_and_compression(tmp_path, variant):
    text = (DATA / "counts_rows.tsv").read_text()
    if "crlf" in variant:
        text = text.replace("\n", "\r\n")
    if variant == "cr":
        text = text.replace("\n", "\r")
    raw = text.encode("utf-16") if variant == "utf16" else text.encode("utf-8")
    if "bom" in variant:
        raw = b"\xef\xbb\xbf" + raw
    if "gzip" in variant:
        raw = gzip.compress(raw)
    path = tmp_path / "counts.tsv"
    path.write_bytes(raw)
    data = read(path)
    expected = read(DATA / "counts_rows.tsv")
    pd.testing.assert_frame_equal(data.counts, expected.counts)
    assert data.names["input"].tolist() == expected.names["input"].tolist()


def test_transposed_counts_detected(tmp_path):
    data = read(DATA / "mature_counts.csv")
    assert data.format == "smrnaseq-edger"
    assert list(data.counts.columns) == ["EV_young_1", "EV_young_2", "EV_aged_1"]
    assert data.counts.loc["hsa-miR-21-5p"].tolist() == [8812, 9120, 12011]
    assert log_row(data, "hsa-miR-26a-5p")["location"] == "column 5"
    # the same layout under another name is detected from the names
    other = tmp_path / "by_sample.csv"
    shutil.copy(DATA / "mature_counts.csv", other)
    generic = read(other)
    assert generic.format == "counts"
    pd.testing.assert_frame_equal(generic.counts, data.counts)
    # detection can be overridden: read the samples as rows (all unknown names, kept)
    flipped = read(DATA / "mature_counts.csv", transpose=False)
    assert flipped.names["input"].tolist() == ["EV_young_1", "EV_young_2", "EV_aged_1"]
    assert (flipped.names["status"] == "unknown").all()
    pd.testing.assert_frame_equal(
        flipped.counts.T, data.counts, check_names=False, check_index_type=False
    )


def test_smrnaseq_normalized_cpm():
    data = read(DATA / "mature_normalized_CPM.txt")
    assert data.format == "smrnaseq-cpm"
    assert data.value_type == "cpm"
    assert list(data.counts.columns) == ["EV_young_1", "EV_young_2", "EV_aged_1"]
    # CPM of the fixture = counts of mature_counts.csv / library size * 1e6
    counts = read(DATA / "mature_counts.csv").counts
    expected = counts / counts.sum() * 1e6
    pd.testing.assert_frame_equal(
        data.counts.loc[expected.index], expected, check_exact=False, rtol=1e-8
    )


# ------------------------------------------------------------------ statistics


def test_deseq2():
    data = read(DATA / "deseq2_results.csv")
    assert data.format == "deseq2"
    assert data.counts is None
    stats = data.stats
    assert list(stats.columns[:4]) == ["log2fc", "pvalue", "padj", "base_mean"]
    assert {"lfcSE", "stat"} <= set(stats.columns)
    assert stats.loc["hsa-miR-214-3p", "log2fc"] == 2.10362785112453
    assert stats.loc["hsa-miR-214-3p", "pvalue"] == 3.06547261291706e-07
    assert stats.loc["hsa-miR-214-3p", "base_mean"] == 124.912654871362
    # NA from R is missing, not an error
    assert stats.loc["hsa-miR-2861", ["log2fc", "pvalue", "padj"]].isna().all()
    assert np.isnan(stats.loc["novel-mir-17", "padj"])
    # hsa-miR-133a (old name) and hsa-miR-133a-3p: the row with the smaller padj is kept
    assert stats.loc["hsa-miR-133a-3p", "padj"] == 0.000371203948389895
    assert stats.index.is_unique
    assert "row kept" in log_row(data, "hsa-miR-133a")["action"]
    assert "row dropped" in log_row(data, "hsa-miR-133a-3p")["action"]


def test_stats_aggregate_first_and_error(tmp_path):
    lines = (DATA / "deseq2_results.csv").read_text().splitlines()
    # swap the two miR-133a rows: "first" keeps the -3p row, "best" still the smaller padj
    lines[4], lines[5] = lines[5], lines[4]
    path = tmp_path / "res.csv"
    path.write_text("\n".join(lines) + "\n")
    first = read(path, aggregate="first")
    assert first.stats.loc["hsa-miR-133a-3p", "padj"] == 0.00105381926556
    best = read(path)
    assert best.stats.loc["hsa-miR-133a-3p", "padj"] == 0.000371203948389895
    with pytest.raises(InputError, match="same miRNA"):
        read(path, aggregate="error")
    with pytest.raises(InputError, match="cannot be summed"):
        read(path, aggregate="sum")


def test_edger_exacttest_and_toptags():
    exact = read(DATA / "edger_exacttest.csv")
    assert exact.format == "edger"
    assert exact.stats.loc["hsa-miR-214-3p", "log2fc"] == 2.08712376123987
    assert exact.stats.loc["hsa-miR-214-3p", "padj"] == 1.06436806436806e-06
    assert exact.stats["base_mean"].isna().all()
    assert "logCPM" in exact.stats.columns
    assert log_row(exact, "hsa-mir-30d")["status"] == "precursor"
    glm = read(DATA / "edger_toptags_glm.txt")  # write.table: header one field short
    assert glm.format == "edger"
    assert glm.stats.loc["hsa-miR-2861", "pvalue"] == 0.859712398761239
    assert glm.stats.loc["hsa-miR-29a-3p", "LR"] == 16.2398761239876


def test_a_table_without_adjusted_p_values_gets_benjamini_hochberg(tmp_path):
    """edgeR's exactTest(...)$table has PValue but no FDR: padj by BH, by hand."""
    path = tmp_path / "et_table.csv"
    path.write_text(
        ",logFC,logCPM,PValue\n"
        "hsa-miR-21-5p,1.5,10,0.01\n"
        "hsa-miR-214-3p,-2.0,8,0.04\n"
        "hsa-miR-29a-3p,0.7,9,0.03\n"
        "hsa-miR-133a-3p,0.1,2,NA\n"
        "hsa-miR-2861,0.2,5,0.5\n"
    )
    data = read(path)
    assert data.padj_source == "computed"
    # m = 4 finite p-values: 0.01*4/1 = 0.04; 0.03*4/2 = 0.06 and 0.04*4/3 = 0.0533 -> 0.0533
    expected = {
        "hsa-miR-21-5p": 0.04,
        "hsa-miR-214-3p": 0.04 * 4 / 3,
        "hsa-miR-29a-3p": 0.04 * 4 / 3,
        "hsa-miR-2861": 0.5,
    }
    for name, value in expected.items():
        assert data.stats.loc[name, "padj"] == pytest.approx(value, rel=1e-12), name
    assert np.isnan(data.stats.loc["hsa-miR-133a-3p", "padj"])
    assert any("Benjamini-Hochberg over the table's 4 p-values" in n for n in data.notes)
    assert read(DATA / "edger_exacttest.csv").padj_source == "table"
    no_p = tmp_path / "lfc_only.csv"
    no_p.write_text(",baseMean,log2FoldChange\nhsa-miR-21-5p,100,1.5\nhsa-miR-214-3p,50,-2\n")
    assert read(no_p).padj_source == "none"
    assert read(no_p).stats["padj"].isna().all()


def test_a_repeated_name_suggests_only_the_rules_that_merge_that_kind_of_table(tmp_path):
    counts = tmp_path / "counts.tsv"
    counts.write_text("mirna\tS1\tS2\nhsa-miR-21-5p\t1\t2\nhsa-miR-21-5p\t3\t4\n")
    stats = tmp_path / "stats.csv"
    stats.write_text(
        ",baseMean,log2FoldChange,pvalue,padj\n"
        "hsa-miR-21-5p,10,1,0.01,0.02\nhsa-miR-21-5p,12,1.1,0.02,0.03\n"
    )
    for path, rules in ((counts, ("sum", "max", "first")), (stats, ("best", "first"))):
        with pytest.raises(InputError, match="listed more than once") as error:
            read(path)
        said = re.search(r"aggregate ([a-z, ]+?) merges them", str(error.value)).group(1)
        assert set(re.findall(r"[a-z]+", said)) - {"or"} == set(rules), path.name
        for rule in rules:  # each rule the message names is one read accepts here
            assert read(path, aggregate=rule).mirnas == ["hsa-miR-21-5p"]


def test_limma_toptable():
    table = read(DATA / "limma_toptable.txt")
    assert table.format == "limma"
    assert table.stats.loc["hsa-miR-214-3p", "padj"] == 5.6199380619938e-06
    assert {"AveExpr", "t", "B"} <= set(table.stats.columns)
    with_id = read(DATA / "limma_toptable_id.csv")
    assert list(with_id.stats.index) == ["hsa-miR-214-3p", "hsa-miR-29a-3p", "hsa-miR-21-5p"]
    # the R row numbers are not kept as a column
    assert not any(c.startswith("column_") or c == "" for c in with_id.stats.columns)
    pd.testing.assert_frame_equal(with_id.stats, table.stats.loc[with_id.stats.index])


def test_multi_contrast():
    with pytest.raises(InputError, match=r"2 contrasts: Aged\.vs\.Young, OP\.vs\.Young"):
        read(DATA / "multi_contrast.tsv")
    data = read(DATA / "multi_contrast.tsv", contrast="OP.vs.Young")
    assert data.format == "contrasts"
    assert data.contrasts == ["Aged.vs.Young", "OP.vs.Young"]
    assert data.contrast == "OP.vs.Young"
    assert data.stats.loc["hsa-miR-214-3p", ["log2fc", "pvalue", "padj", "base_mean"]].tolist() == [
        2.41, 0.000003, 0.000015, 124.9,
    ]  # fmt: skip
    assert not any("Aged" in c for c in data.stats.columns)
    assert "baseMean" not in data.stats.columns
    aged = read(DATA / "multi_contrast.tsv", contrast="Aged.vs.Young")
    assert aged.stats.loc["hsa-miR-31-5p", "log2fc"] == 1.21
    with pytest.raises(InputError, match=r"no contrast 'X'.*Aged\.vs\.Young"):
        read(DATA / "multi_contrast.tsv", contrast="X")
    with pytest.raises(InputError, match="several contrasts"):
        read(DATA / "deseq2_results.csv", contrast="A.vs.B")


def test_limma_f_test_refused(tmp_path):
    path = tmp_path / "f.txt"
    path.write_text(
        "coefA\tcoefB\tAveExpr\tF\tP.Value\tadj.P.Val\nhsa-miR-21-5p\t1\t2\t7\t3\t0.01\t0.02\n"
    )
    with pytest.raises(InputError, match="F-test"):
        read(path)


# ------------------------------------------------------------------ pipeline outputs


def test_mirdeep2_max_over_precursors():
    data = read(DATA / "miRNAs_expressed_all_samples_1700000000.csv")
    assert data.format == "mirdeep2"
    assert list(data.counts.columns) == ["s01", "s02"]  # (norm) columns dropped
    # let-7a-5p under let-7a-1/-2/-3: per-sample maximum, not the (double-counting) sum
    assert data.counts.loc["hsa-let-7a-5p"].tolist() == [1800, 1200]
    assert data.counts.loc["hsa-let-7a-3p"].tolist() == [2, 0]
    assert data.counts.loc["hsa-miR-133a-3p"].tolist() == [77, 12]
    assert data.counts.loc["hsa-miR-214-3p"].tolist() == [61, 210]
    row = log_row(data, "hsa-let-7a-5p")
    assert row["n_rows"] == 3
    assert row["action"] == "max over 3 precursors (hsa-let-7a-1;hsa-let-7a-2;hsa-let-7a-3)"
    assert any("double-count" in note for note in data.notes)
    assert len(data.counts) == 8


def test_featurecounts_file_and_folder():
    data = read(DATA / "featurecounts.txt")
    assert data.format == "featurecounts"
    assert list(data.counts.columns) == ["EV_young_1", "EV_aged_1"]
    assert data.counts.loc["hsa-let-7a-5p"].tolist() == [5120, 4870]
    assert data.counts.loc["hsa-miR-199b-3p"].tolist() == [17, 25]
    assert (data.names["status"] == "accession").all()
    assert log_row(data, "MIMAT0000076")["key"] == "hsa-miR-21-5p"
    folder = read(DATA / "featurecounts_per_sample")
    assert folder.format == "featurecounts"
    pd.testing.assert_frame_equal(folder.counts[data.counts.columns], data.counts)
    with pytest.raises(InputError, match="summary"):
        read(DATA / "featurecounts.txt.summary")


def test_featurecounts_sample_names_stay_unique(tmp_path):
    text = (DATA / "featurecounts.txt").read_text()
    text = text.replace("/data/bam/EV_young_1.bam", "/run1/EV.bam").replace(
        "/data/bam/EV_aged_1.bam", "/run2/EV.bam"
    )
    path = tmp_path / "fc.txt"
    path.write_text(text)
    assert list(read(path).counts.columns) == ["run1/EV", "run2/EV"]


def test_featurecounts_folder_mismatch(tmp_path):
    for name in ("EV_young_1.txt", "EV_aged_1.txt"):
        shutil.copy(DATA / "featurecounts_per_sample" / name, tmp_path / name)
    target = tmp_path / "EV_aged_1.txt"
    target.write_text(target.read_text().replace("MIMAT0000076", "MIMAT0000077"))
    with pytest.raises(InputError, match="Geneid column differs"):
        read(tmp_path)


def test_mirtop_sums_isomirs():
    data = read(DATA / "joined_samples_mirtop.tsv")
    assert data.format == "mirtop"
    assert list(data.counts.columns) == ["EV_young_1", "EV_aged_1"]
    assert data.counts.loc["hsa-let-7a-5p"].tolist() == [4100 + 820 + 95, 3900 + 700 + 101]
    assert data.counts.loc["hsa-miR-21-5p"].tolist() == [2900 + 310, 3550 + 402]
    # the same UID under two miRNAs stays with each of them
    assert data.counts.loc["hsa-miR-199a-3p"].tolist() == [66, 71]
    assert data.counts.loc["hsa-miR-199b-3p"].tolist() == [66, 71]
    assert log_row(data, "hsa-let-7a-5p")["action"] == "summed 3 isomiR rows"
    # agrees with the per-miRNA table nf-core/smrnaseq writes from it (mirna.tsv)
    mirna = read(DATA / "mirna.tsv")
    shared = mirna.counts.index
    assert (data.counts.loc[shared].to_numpy() == mirna.counts.to_numpy()).all()


def test_excerpt():
    data = read(DATA / "exceRpt_miRNA_ReadCounts.txt")
    assert data.format == "excerpt"
    assert list(data.counts.columns) == ["sample_A", "sample_B"]
    assert data.counts.loc["hsa-let-7a-5p"].tolist() == [4890.25, 5120.75]
    shared = log_row(data, "hsa-miR-199a-3p|hsa-miR-199b-3p")
    assert shared["status"] == "ambiguous"
    assert shared["key"] == "hsa-miR-199a-3p|hsa-miR-199b-3p"


def test_name_list():
    data = read(DATA / "mirna_list.txt")
    assert data.format == "list"
    assert data.counts is None and data.stats is None
    assert data.mirnas == [
        "hsa-miR-21-5p", "hsa-miR-29a-3p", "hsa-mir-214", "hsa-let-7a-5p", "hsa-miR-2861",
        "mystery-RNA-1",
    ]  # fmt: skip
    assert log_row(data, "MIMAT0000062")["status"] == "accession"
    assert log_row(data, "mystery-RNA-1")["location"] == "line 7"
    assert log_row(data, "hsa-miR-21")["aggregated"]


def test_name_list_with_header(tmp_path):
    path = tmp_path / "list.txt"
    path.write_text("miRNA\nhsa-miR-21-5p\nhsa-miR-214-3p\n")
    assert read(path).mirnas == ["hsa-miR-21-5p", "hsa-miR-214-3p"]


def test_species_option(tmp_path):
    path = tmp_path / "mouse.tsv"
    path.write_text("miRNA\tS1\nmiR-21a-5p\t10\nmiR-214-3p\t5\n")
    data = read(path, species="mmu")
    assert data.mirnas == ["mmu-miR-21a-5p", "mmu-miR-214-3p"]
    assert data.species == "mmu"
    with pytest.raises(InputError, match="unknown species"):
        read(path, species="zebrafish")


def test_explicit_format_checks_columns():
    with pytest.raises(InputError, match=r"missing baseMean, log2FoldChange.*Found: miRNA, ctrl_1"):
        read(DATA / "counts_rows.tsv", format="deseq2")
    with pytest.raises(InputError, match="not a miRDeep2"):
        read(DATA / "counts_rows.tsv", format="mirdeep2")
    with pytest.raises(InputError, match="not a featureCounts"):
        read(DATA / "counts_rows.tsv", format="featurecounts")
    with pytest.raises(InputError, match="not a mirtop"):
        read(DATA / "counts_rows.tsv", format="mirtop")
    with pytest.raises(InputError, match="unknown format"):
        read(DATA / "counts_rows.tsv", format="bam")


# ------------------------------------------------------------------ standard table


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("counts_rows.tsv", {}),
        ("deseq2_results.csv", {}),
        ("miRNAs_expressed_all_samples_1700000000.csv", {}),
        ("multi_contrast.tsv", {"contrast": "Aged.vs.Young"}),
        ("mirna_list.txt", {}),
        ("exceRpt_miRNA_ReadCounts.txt", {}),
    ],
)
def test_standard_round_trip_fixtures(tmp_path, name, options):
    data = read(DATA / name, **options)
    path = write_standard(data, tmp_path / "std.tsv")
    back = read(path, format="standard")
    assert read(path).format == "standard"
    if data.counts is not None:
        pd.testing.assert_frame_equal(back.counts, data.counts, check_exact=True)
    if data.stats is not None:
        pd.testing.assert_frame_equal(back.stats, data.stats, check_exact=True)
    assert back.mirnas == data.mirnas
    assert sorted(back.names["input"]) == sorted(data.names["input"])
    pd.testing.assert_frame_equal(standard_table(back), standard_table(data))
    with pytest.raises(InputError, match="exists"):
        write_standard(data, path)
    write_standard(data, path, force=True)


def test_standard_columns():
    table = standard_table(read(DATA / "deseq2_results.csv"))
    assert list(table.columns) == [
        "mirna", "accession", "species", "status", "candidates", "inputs",
        "log2fc", "pvalue", "padj", "base_mean", "stats:lfcSE", "stats:stat",
    ]  # fmt: skip
    row = table.set_index("mirna").loc["hsa-miR-133a-3p"]
    assert row["inputs"] == "hsa-miR-133a;hsa-miR-133a-3p"
    assert row["accession"] == "MIMAT0000427"


def test_read_standard_rejects_other_tables():
    with pytest.raises(InputError, match="not a mirbone standard table"):
        read(DATA / "counts_rows.tsv", format="standard")
    with pytest.warns(DeprecationWarning, match="read_standard"), pytest.raises(InputError):
        read_standard(DATA / "counts_rows.tsv")


POOL = [
    "hsa-miR-21-5p", "hsa-miR-21", "MIMAT0000076", "hsa-miR-214-3p", "hsa-miR-214",
    "hsa-let-7a-5p", "hsa-mir-30d", "hsa-miR-133a", "hsa-miR-133a-3p", "unknown-rna-1",
    "hsa-miR-29a-3p", "miR-29a", "hsa-miR-2861", "hsa-miR-199a-3p|hsa-miR-199b-3p",
]  # fmt: skip

names_strategy = st.lists(st.sampled_from(POOL), min_size=1, max_size=len(POOL), unique=True)


FIXTURE_OK = [HealthCheck.function_scoped_fixture]


@settings(max_examples=40, deadline=None, suppress_health_check=FIXTURE_OK)
@given(
    names=names_strategy,
    n_samples=st.integers(min_value=1, max_value=4),
    seed=st.integers(min_value=0, max_value=2**32 - 1),
    fractional=st.booleans(),
)
def test_property_aggregation_preserves_totals_and_round_trips(
    tmp_path_factory, names, n_samples, seed, fractional
):
    rng = np.random.default_rng(seed)
    values = rng.integers(0, 10_000, size=(len(names), n_samples)).astype(float)
    if fractional:
        values = values + rng.random(values.shape)
    values[0] += 1  # no all-zero sample
    samples = [f"S{i}" for i in range(n_samples)]
    frame = pd.DataFrame(values, columns=samples)
    frame.insert(0, "miRNA", names)
    folder = tmp_path_factory.mktemp("prop")
    path = folder / "counts.tsv"
    frame.to_csv(path, sep="\t", index=False)
    data = read(path, transpose=False)
    # aggregation preserves the total count of every sample
    assert np.allclose(data.counts.sum().to_numpy(), values.sum(axis=0), rtol=1e-12)
    assert data.counts.index.is_unique
    assert int(data.names["n_rows"].sum()) == len(names)
    # every input is in the log, with its key in the counts
    assert set(data.names["input"]) == set(names)
    assert set(data.names["key"]) == set(data.counts.index)
    # write_standard -> read_standard gives the same table back
    standard = write_standard(data, folder / "standard.tsv", force=True)
    back = read_standard(standard)
    pd.testing.assert_frame_equal(back.counts, data.counts, check_exact=True)
    pd.testing.assert_frame_equal(standard_table(back), standard_table(data))


@settings(max_examples=25, deadline=None, suppress_health_check=FIXTURE_OK)
@given(
    names=names_strategy,
    seed=st.integers(min_value=0, max_value=2**32 - 1),
)
def test_property_stats_round_trip(tmp_path_factory, names, seed):
    rng = np.random.default_rng(seed)
    n = len(names)
    pvalue = rng.random(n)
    frame = pd.DataFrame(
        {
            "": names,
            "baseMean": rng.random(n) * 1000,
            "log2FoldChange": rng.normal(size=n),
            "lfcSE": rng.random(n),
            "stat": rng.normal(size=n),
            "pvalue": pvalue,
            "padj": np.where(rng.random(n) < 0.2, np.nan, np.minimum(pvalue * 3, 1)),
        }
    )
    folder = tmp_path_factory.mktemp("stats")
    path = folder / "res.csv"
    frame.to_csv(path, index=False, na_rep="NA")
    data = read(path)
    assert data.format == "deseq2"
    assert data.stats.index.is_unique
    # the kept row of each miRNA has the smallest padj among the rows resolving to it
    keys = pd.Series(data.names["key"].to_numpy(), index=data.names["input"])
    best = frame.assign(key=keys.loc[names].to_numpy()).sort_values(["padj", "pvalue"])
    best = best.drop_duplicates("key").set_index("key")
    for key, row in data.stats.iterrows():
        assert row["log2fc"] == best.loc[key, "log2FoldChange"]
    back = read_standard(write_standard(data, folder / "standard.tsv", force=True))
    pd.testing.assert_frame_equal(back.stats, data.stats, check_exact=True)


# ------------------------------------------------------------------ bad input

BAD = {
    "empty.tsv": (
        b"",
        "empty",
    ),
    "blank.tsv": (
        b"\n\n  \n",
        "empty",
    ),
    "header_only.tsv": (
        b"miRNA\tS1\tS2\n",
        "no data rows",
    ),
    "non_numeric.tsv": (
        b"miRNA\tS1\tS2\nhsa-miR-21-5p\t12a\t3\n",
        r"'S1'.*non-numeric count at line 2.*12a",
    ),
    "negative.tsv": (
        b"miRNA\tS1\tS2\nhsa-miR-21-5p\t4\t3\nhsa-miR-29a-3p\t1\t-2\n",
        r"'S2'.*negative count at line 3",
    ),
    "missing.tsv": (
        b"miRNA\tS1\tS2\nhsa-miR-21-5p\t\t3\nhsa-miR-29a-3p\t1\t2\n",
        r"'S1'.*missing count at line 2",
    ),
    "nan_text.tsv": (
        b"miRNA\tS1\tS2\nhsa-miR-21-5p\tNaN\t3\nhsa-miR-29a-3p\t1\t2\n",
        "missing count at line 2",
    ),
    "infinite.tsv": (
        b"miRNA\tS1\tS2\nhsa-miR-21-5p\tinf\t3\n",
        "infinite count",
    ),
    "all_zero.tsv": (
        b"miRNA\tS1\tS2\nhsa-miR-21-5p\t0\t3\nhsa-miR-29a-3p\t0\t2\n",
        r"no counts at all: S1",
    ),
    "dup_sample.tsv": (
        b"miRNA\tS1\tS1\nhsa-miR-21-5p\t1\t3\n",
        r"duplicated sample name.*'S1'",
    ),
    "blank_sample.tsv": (
        b"miRNA\tS1\t\nhsa-miR-21-5p\t1\t3\n",
        "has no name",
    ),
    "empty_name.tsv": (
        b"miRNA\tS1\tS2\nhsa-miR-21-5p\t1\t3\n\t1\t3\n",
        "empty miRNA name at line 3",
    ),
    "dup_name.tsv": (
        b"miRNA\tS1\nhsa-miR-21-5p\t1\nhsa-miR-29a-3p\t1\nhsa-miR-21-5p\t1\n",
        r"more than once \(line 2, line 4\)",
    ),
    "spaces.txt": (
        b"miRNA S1 S2\nhsa-miR-21-5p 1 3\n",
        "separated by spaces",
    ),
    "ragged.csv": (
        b"miRNA,S1,S2\nhsa-miR-21-5p,1,3\nhsa-miR-29a-3p,1,3,4\n",
        "line 3 has 4 fields, the header has 3",
    ),
    "ragged_late.tsv": (
        b"miRNA\tS1\n" + b"".join(b"m%d\t%d\n" % (i, i + 1) for i in range(80)) + b"x\t1\t2\n",
        "line 82 has 3 fields",
    ),
    "comma_decimal.csv": (
        b'miRNA,S1,S2\nhsa-miR-21-5p,"1,5",3\n',
        "decimal commas need a semicolon",
    ),
    "partial_de.tsv": (
        b"miRNA\tbaseMean\tpadj\nhsa-miR-21-5p\t1\t0.1\n",
        r"misses columns\. Found: miRNA, baseMean, padj\. Expected DESeq2",
    ),
    "p_above_one.csv": (
        b'"","logFC","logCPM","PValue","FDR"\n"hsa-miR-21-5p",1,2,1.5,0.3\n',
        r"pvalue outside \[0, 1\]",
    ),
    "p_text.csv": (
        b'"","logFC","logCPM","PValue","FDR"\n"hsa-miR-21-5p",1,2,low,0.3\n',
        "non-numeric value at line 2",
    ),
    "corrupt.tsv.gz": (
        b"\x1f\x8b\x08\x00garbage",
        "gzip",
    ),
    "binary.bin": (
        b"\x00\x01\x02\x03miRNA",
        "binary",
    ),
    "not_xlsx.xlsx": (
        b"PK\x03\x04not really a workbook",
        "cannot read the workbook",
    ),
    "legacy.xls": (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64),
        "legacy Excel",
    ),
    "mature_logtpm.csv": (
        b'"","hsa-miR-21-5p"\n"EV_1",4.5\n',
        "log10 TPM",
    ),
    "comments_only.tsv": (
        b"# nothing here\n# still nothing\n",
        "only comment lines",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_input_raises_and_cli_exits_2(tmp_path, capsys, name):
    content, message = BAD[name]
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as error:
        read(path)
    assert str(path) in str(error.value)
    out = tmp_path / "out.tsv"
    assert main(["read", str(path), "-o", str(out)]) == 2
    captured = capsys.readouterr()
    assert not out.exists()
    assert captured.err.startswith("mirbone read: error: ")
    assert captured.err.count("\n") == 1
    assert "Traceback" not in captured.err


def test_missing_file_and_bad_options(tmp_path, capsys):
    with pytest.raises(InputError, match="not found"):
        read(tmp_path / "nope.tsv")
    assert main(["read", str(tmp_path / "nope.tsv")]) == 2
    assert main(["read", str(DATA / "multi_contrast.tsv")]) == 2
    assert "--contrast" in capsys.readouterr().err
    with pytest.raises(InputError, match="aggregate"):
        read(DATA / "counts_rows.tsv", aggregate="mean")
    with pytest.raises(InputError, match="no column 'gene'"):
        read(DATA / "counts_rows.tsv", id_column="gene")


def test_cli_writes_standard_table(tmp_path, capsys):
    out = tmp_path / "std.tsv"
    code = main(["read", str(DATA / "counts_rows.tsv"), "--samples", str(DATA / "samples.tsv"),
                 "-o", str(out)])  # fmt: skip
    assert code == 0
    err = capsys.readouterr().err
    assert "format: counts" in err
    assert "names: exact 6, renamed 2, precursor 1, unknown 1" in err
    assert "novel-mir-17" in err
    table = pd.read_csv(out, sep="\t", keep_default_na=False)
    assert table.columns.tolist()[:6] == ["mirna", "accession", "species", "status",
                                          "candidates", "inputs"]  # fmt: skip
    assert table.set_index("mirna").loc["hsa-miR-21-5p", "ctrl_1"] == 1512
    # refuses to overwrite without --force, then overwrites with it
    assert main(["read", str(DATA / "deseq2_results.csv"), "-o", str(out)]) == 2
    assert "ctrl_1" in out.read_text()
    assert main(["read", str(DATA / "deseq2_results.csv"), "-o", str(out), "--force"]) == 0
    assert "log2fc" in out.read_text()


def test_cli_stdout_and_options(capsys):
    assert main(["read", str(DATA / "multi_contrast.tsv"), "--contrast", "OP.vs.Young"]) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith("mirna\taccession\tspecies\tstatus\tcandidates\tinputs\tlog2fc")
    assert "contrast: OP.vs.Young (of Aged.vs.Young, OP.vs.Young)" in captured.err
    assert main(["read", str(DATA / "counts_two_sheets.xlsx"), "--sheet", "batch2"]) == 0
    assert "10400" in capsys.readouterr().out
    assert main(["read", str(DATA / "mature_counts.csv"), "--no-transpose"]) == 0
    assert capsys.readouterr().out.splitlines()[1].startswith("EV_young_1")
    assert main(["read", str(DATA / "counts_rows.tsv"), "--transpose"]) == 2
    assert "no counts at all: hsa-miR-2861" in capsys.readouterr().err


# ------------------------------------------------------------------ variants of the layouts


def test_deseq2_lfcshrink_and_svalue(tmp_path):
    shrunk = tmp_path / "shrunk.csv"  # lfcShrink(type="apeglm") drops stat
    shrunk.write_text(
        '"","baseMean","log2FoldChange","lfcSE","pvalue","padj"\n'
        '"hsa-miR-214-3p",124.9,1.9,0.4,3e-07,1.8e-06\n'
    )
    data = read(shrunk)
    assert data.format == "deseq2"
    assert data.stats.loc["hsa-miR-214-3p", "padj"] == 1.8e-06
    svalue = tmp_path / "svalue.csv"  # lfcShrink(svalue=TRUE) replaces pvalue/padj
    svalue.write_text(
        '"","baseMean","log2FoldChange","lfcSE","svalue"\n"hsa-miR-214-3p",124.9,1.9,0.4,0.002\n'
    )
    data = read(svalue)
    assert np.isnan(data.stats.loc["hsa-miR-214-3p", "padj"])
    assert data.stats.loc["hsa-miR-214-3p", "svalue"] == 0.002
    assert any("svalue" in note for note in data.notes)


def test_edger_fwer(tmp_path):
    path = tmp_path / "holm.csv"  # topTags(adjust.method="holm") names the column FWER
    path.write_text('"","logFC","logCPM","PValue","FWER"\n"hsa-miR-21-5p",1.2,15.1,0.001,0.004\n')
    assert read(path).stats.loc["hsa-miR-21-5p", "padj"] == 0.004


def test_mirdeep2_single_sample(tmp_path):
    path = tmp_path / "miRNA_expressed.csv"
    path.write_text(
        "#miRNA\tread_count\tprecursor\n"
        "hsa-let-7a-5p\t1800.00\thsa-let-7a-1\n"
        "hsa-let-7a-5p\t1795.00\thsa-let-7a-3\n"
        "hsa-miR-21-5p\t1520.00\thsa-mir-21\n"
    )
    data = read(path)
    assert data.format == "mirdeep2"
    assert data.counts["read_count"].to_dict() == {"hsa-let-7a-5p": 1800, "hsa-miR-21-5p": 1520}


def test_text_and_empty_columns_are_ignored(tmp_path):
    path = tmp_path / "annotated.tsv"
    # an accession column beside the names, and the empty column of a trailing tab
    path.write_text(
        "miRNA\taccession\tS1\tS2\t\n"
        "hsa-miR-21-5p\tMIMAT0000076\t10\t20\t\n"
        "hsa-miR-29a-3p\tMIMAT0000086\t5\t0\t\n"
    )
    data = read(path)
    assert list(data.counts.columns) == ["S1", "S2"]
    assert any("accession" in note for note in data.notes)
    # a column that mixes numbers and text is an error, not ignored
    path.write_text("miRNA\tS1\tS2\nhsa-miR-21-5p\t10\t20\nhsa-miR-29a-3p\tfive\t0\n")
    with pytest.raises(InputError, match="non-numeric count at line 3"):
        read(path)


def test_count_aggregation_choices(tmp_path):
    # hsa-miR-21-5p (line 2) and hsa-miR-21 (line 3) are the same miRNA
    maximum = read(DATA / "counts_rows.tsv", aggregate="max")
    assert maximum.counts.loc["hsa-miR-21-5p"].tolist() == [1500, 1320, 2410, 2650]
    first = read(DATA / "counts_rows.tsv", aggregate="first")
    assert first.counts.loc["hsa-miR-21-5p"].tolist() == [1500, 1320, 2410, 2650]
    path = tmp_path / "reversed.tsv"
    lines = (DATA / "counts_rows.tsv").read_text().splitlines()
    path.write_text("\n".join([lines[0], lines[2], lines[1], *lines[3:]]) + "\n")
    assert read(path, aggregate="first").counts.loc["hsa-miR-21-5p"].tolist() == [12, 8, 20, 15]
    with pytest.raises(InputError, match="same miRNA"):
        read(path, aggregate="error")
    with pytest.raises(InputError, match=r"merged with sum, max.*keyword argument: aggregate\)"):
        read(path, aggregate="best")
    # an explicit choice also merges a name written twice
    twice = tmp_path / "twice.tsv"
    twice.write_text("miRNA\tS1\nhsa-miR-21-5p\t3\nhsa-miR-21-5p\t4\n")
    assert read(twice, aggregate="sum").counts.loc["hsa-miR-21-5p", "S1"] == 7


@pytest.mark.parametrize(
    "text",
    [
        "miRNA\tS1\tS2\nhsa-miR-21-5p\t1\t2\t\nhsa-miR-29a-3p\t3\t4\t\n",  # tabs after the data
        "miRNA\tS1\tS2\t\nhsa-miR-21-5p\t1\t2\nhsa-miR-29a-3p\t3\t4\n",  # a tab after the header
        "miRNA;S1;S2;;\nhsa-miR-21-5p;1;2;;\nhsa-miR-29a-3p;3;4;;\n;;;;\n",  # Excel ;-export
    ],
)
def test_trailing_delimiters(tmp_path, text):
    path = tmp_path / "trailing.csv"
    path.write_text(text)
    data = read(path)
    assert list(data.counts.columns) == ["S1", "S2"]
    assert data.counts.loc["hsa-miR-29a-3p"].tolist() == [3, 4]


def test_xlsx_title_row_and_blank_rows(tmp_path):
    path = tmp_path / "supplementary.xlsx"
    rows = [
        ["Table S2. EV miRNA counts", None, None],
        [None, None, None],
        ["miRNA", "EV_1", "EV_2"],
        ["hsa-miR-21-5p", 12, 30],
        ["hsa-miR-214-3p", 7, 0],
    ]
    pd.DataFrame(rows).to_excel(path, header=False, index=False, sheet_name="S2")
    data = read(path)
    assert list(data.counts.columns) == ["EV_1", "EV_2"]
    assert data.counts.loc["hsa-miR-214-3p"].tolist() == [7, 0]
    assert log_row(data, "hsa-miR-214-3p")["location"] == "sheet 'S2' row 5"
    assert any("title row 1" in note for note in data.notes)


# ------------------------------------------------------------------ new-user findings


def test_statistics_table_without_names_is_refused(tmp_path, capsys):
    # A DESeq2 results frame written with write.csv(res, row.names = FALSE).
    path = tmp_path / "noname.csv"
    path.write_text("baseMean,log2FoldChange,pvalue,padj\n367.2,1.2,0.01,0.05\n12.5,-0.3,0.5,0.8\n")
    with pytest.raises(InputError, match="no miRNA name column") as info:
        read(path)
    assert info.value.path is not None and Path(info.value.path).name == "noname.csv"
    assert "baseMean, log2FoldChange, pvalue, padj" in str(info.value)
    assert main(["read", str(path)]) == 2
    err = capsys.readouterr().err
    assert "noname.csv" in err and "columns found" in err and "--id-column" in err


def test_contrast_on_a_count_table_says_how_to_compare_groups(capsys):
    assert main(["read", str(DATA / "counts_rows.tsv"), "--contrast", "aged:young"]) == 2
    err = capsys.readouterr().err
    assert "COLUMN:TEST:REFERENCE" in err and "group:aged:young" in err
    assert err.index("--contrast") < err.index("contrast=")  # the CLI option comes first


def test_read_summary_shows_exact_values_and_explains_the_value_type(tmp_path, capsys):
    path = tmp_path / "estimated.tsv"
    path.write_text("mirna\ts1\ts2\nhsa-miR-21-5p\t367227.8713\t12\nhsa-miR-1-3p\t3\t4\n")
    assert main(["read", str(path)]) == 0
    err = capsys.readouterr().err
    assert "e.g. 367227.8713 for hsa-miR-21-5p in s1" in err
    assert "format: counts (per-sample counts)" in err
    assert main(["read", str(DATA / "deseq2_results.csv")]) == 0
    err = capsys.readouterr().err
    assert "(none)" not in err
    assert "format: deseq2 (statistics, no per-sample values)" in err


def test_folder_that_is_not_featurecounts(tmp_path, capsys):
    shutil.copy(DATA / "featurecounts_per_sample" / "EV_young_1.txt", tmp_path / "EV_young_1.txt")
    (tmp_path / "apt.log").write_text("Start-Date: 2026-11-28  10:00:00\nCommandline: apt\n")
    with pytest.raises(InputError, match=r"not a featureCounts folder: apt\.log"):
        read(tmp_path)
    assert main(["read", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "not a featureCounts folder" in err and "separated by spaces" not in err


def test_messages_name_the_cli_option_first(tmp_path, capsys):
    """The library names the keyword; the CLI words it: the option first, the keyword after."""
    assert main(["read", str(DATA / "counts_two_sheets.xlsx")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("mirbone read: error: --sheet (sheet= in Python): ")
    assert "several sheets with data ('raw', 'batch2'): choose one" in err
    out = tmp_path / "out.tsv"
    out.write_text("keep me\n")
    assert main(["read", str(DATA / "counts_rows.tsv"), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"mirbone read: error: --force (force= in Python): {out}: output exists")
    assert out.read_text() == "keep me\n"
    with pytest.raises(InputError, match=r"^statistics rows cannot be summed") as info:
        read(DATA / "deseq2_results.csv", aggregate="sum")
    assert info.value.keyword == "aggregate" and "--" not in str(info.value)
    assert main(["read", str(DATA / "deseq2_results.csv"), "--aggregate", "sum"]) == 2
    err = capsys.readouterr().err
    assert "error: --aggregate (aggregate= in Python): statistics rows cannot be summed" in err
