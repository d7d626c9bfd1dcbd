"""Whole designs and real sample sheets: fit on all samples, outliers, sheets, workbooks."""

from __future__ import annotations

import contextlib
import io
import warnings

import numpy as np
import pandas as pd
import pytest

from mirbone.differential import deseq2


def three_groups(seed: int = 3, n: int = 60, per_group: int = 3):
    """Negative-binomial counts of groups a, b, c; the first 6 miRNAs are 5x higher in b."""
    rng = np.random.default_rng(seed)
    mean = rng.lognormal(5, 1.0, n)
    samples = [f"{g}{i}" for g in "abc" for i in range(per_group)]
    groups = [s[0] for s in samples]
    matrix = np.empty((n, len(samples)), dtype=np.int64)
    for j, group in enumerate(groups):
        mu = mean * np.where((np.arange(n) < 6) & (group == "b"), 5.0, 1.0)
        matrix[:, j] = rng.negative_binomial(10, 10 / (10 + mu))
    counts = pd.DataFrame(matrix, index=[f"hsa-miR-{2000 + i}" for i in range(n)], columns=samples)
    return counts, pd.DataFrame({"sample": samples, "group": groups})


def pydeseq2_direct(counts: pd.DataFrame, groups: list[str], test: str, ref: str) -> pd.DataFrame:
    """PyDESeq2 called directly (the reference), design ~group, Wald test of test vs ref."""
    from pydeseq2.dds import DeseqDataSet
    from pydeseq2.ds import DeseqStats

    metadata = pd.DataFrame({"group": groups}, index=counts.columns)
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        dds = DeseqDataSet(
            counts=counts.T, metadata=metadata, design="~group", ref_level=["group", ref],
            quiet=True, n_cpus=1,
        )  # fmt: skip
        dds.deseq2()
        stats = DeseqStats(dds, contrast=["group", test, ref], quiet=True, n_cpus=1)
        stats.summary()
    return stats.results_df


def test_fit_on_all_samples_matches_pydeseq2_with_every_group():
    counts, sheet = three_groups()
    ours = deseq2(counts, sheet, contrast="group:b:a")
    reference = pydeseq2_direct(counts, sheet["group"].tolist(), "b", "a")
    # the same model: equal up to the IRLS convergence tolerance
    np.testing.assert_allclose(ours["log2fc"], reference["log2FoldChange"], rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(ours["pvalue"], reference["pvalue"], rtol=1e-3)
    assert ours.deseq2.fit == "all"
    assert ours.deseq2.fit_groups == {"a": 3, "b": 3, "c": 3}
    assert [s["sample"] for s in ours.deseq2.samples if not s["in_contrast"]] == [
        "c0",
        "c1",
        "c2",
    ]


def test_fit_restricted_to_the_contrast_matches_pydeseq2_on_two_groups():
    counts, sheet = three_groups()
    ours = deseq2(counts, sheet, contrast="group:b:a", fit="contrast")
    two = counts.loc[:, sheet["group"].isin(["a", "b"]).to_numpy()]
    reference = pydeseq2_direct(two, [c[0] for c in two.columns], "b", "a")
    np.testing.assert_allclose(ours["log2fc"], reference["log2FoldChange"], rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(ours["pvalue"], reference["pvalue"], rtol=1e-3)
    assert ours.deseq2.fit_groups == {"a": 3, "b": 3}


def test_samples_without_a_group_are_left_out_and_named():
    counts, sheet = three_groups()
    sheet.loc[sheet["sample"] == "c2", "group"] = "  "
    ours = deseq2(counts, sheet, contrast="group:b:a")
    assert ours.deseq2.excluded_samples == ["c2"]
    assert ours.deseq2.fit_groups == {"a": 3, "b": 3, "c": 2}


def test_cooks_outliers_are_counted_and_their_sample_named():
    counts, sheet = three_groups(per_group=3)
    counts = counts.loc[:, sheet["group"].isin(["a", "b"]).to_numpy()]
    sheet = sheet[sheet["group"].isin(["a", "b"])]
    spiked = counts.index[20]
    counts.loc[spiked, "a1"] = counts.loc[spiked].max() * 60  # one aberrant library
    ours = deseq2(counts, sheet, contrast="group:b:a")
    reference = pydeseq2_direct(counts, sheet["group"].tolist(), "b", "a")
    no_p = set(reference.index[reference["pvalue"].isna() & reference["log2FoldChange"].notna()])
    assert spiked in no_p
    assert set(ours.deseq2.cooks_outliers) == no_p
    assert ours.deseq2.cooks_samples.get("a1", 0) >= 1


def test_featurecounts_files_with_a_generic_count_column_are_named_after_the_files(tmp_path):
    from mirbone.io import read

    head = "Geneid\tChr\tStart\tEnd\tStrand\tLength\tCount\n"
    for name, values in (("KO-1", (5, 7)), ("KO-2", (6, 8)), ("WT-1", (1, 2))):
        (tmp_path / f"{name}.txt").write_text(
            "# Program:featureCounts v2.0.1\n"
            + head
            + f"MIMAT0000121\tchr9\t1\t22\t+\t22\t{values[0]}\n"
            + f"MIMAT0000122\tchr10\t1\t22\t-\t22\t{values[1]}\n"
        )
    data = read(tmp_path, species="mmu")
    assert list(data.counts.columns) == ["KO-1", "KO-2", "WT-1"]
    assert data.counts.loc["mmu-let-7g-5p"].tolist() == [5, 6, 1]
    assert any(note.startswith("sample names from file names") for note in data.notes)
    assert not any("BAM paths: Count" in note for note in data.notes)


def test_workbook_with_numbers_above_the_header_and_a_spacer_column(tmp_path):
    import openpyxl

    from mirbone.io import read

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([None, 131, 162, None, 189])
    sheet.append(["Geneid", "J1", "J2", None, "J3"])
    sheet.append(["hsa-mir-200b_hsa-miR-200b-5p", 1, 2, None, 3])
    sheet.append(["hsa-mir-21_hsa-miR-21-5p", 10, 20, " ", 30])
    path = tmp_path / "ion.xlsx"
    book.save(path)
    data = read(path)
    assert list(data.counts.columns) == ["J1", "J2", "J3"]
    assert data.counts.loc["hsa-miR-21-5p"].tolist() == [10, 20, 30]
    assert any("skipped row 1 above the header" in note for note in data.notes)
    assert any("spacer column(s) D" in note for note in data.notes)


@pytest.mark.parametrize("column", ["group", "condition", "Treatment"])
def test_filter_detected_takes_any_group_column(column):
    from mirbone.expression import filter_detected

    counts = pd.DataFrame(
        {"s1": [100, 0], "s2": [120, 0], "s3": [0, 50], "s4": [0, 60]},
        index=["hsa-miR-1", "hsa-miR-2"],
    )
    sheet = pd.DataFrame({"sample": ["s1", "s2", "s3", "s4"], column: list("aabb")})
    kept = filter_detected(counts, min_cpm=1, groups=sheet)
    # each miRNA is detected in every sample of one group: both kept
    assert list(kept.index) == ["hsa-miR-1", "hsa-miR-2"]
    sheet["batch"] = list("xyxy")  # two candidate columns: say which
    kept = filter_detected(counts, min_cpm=1, groups=sheet, group_column=column)
    assert list(kept.index) == ["hsa-miR-1", "hsa-miR-2"]
