"""Tests of mirbone.differential and mirbone.analysis (the pipeline without file writing)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mirbone.differential import deseq2, parse_contrast
from mirbone.errors import InputError


def simulated_counts(seed: int = 7, n: int = 120, per_group: int = 4):
    """Negative-binomial counts; the first 8 miRNAs are 4x higher in group 'case'."""
    rng = np.random.default_rng(seed)
    mean = rng.lognormal(4, 1.5, n)
    mean[:8] = np.maximum(mean[:8], 200)
    samples = [f"S{i}" for i in range(2 * per_group)]
    groups = ["ctrl"] * per_group + ["case"] * per_group
    depth = rng.uniform(0.7, 1.4, len(samples))
    matrix = np.empty((n, len(samples)), dtype=np.int64)
    for j, group in enumerate(groups):
        mu = mean * depth[j] * np.where((np.arange(n) < 8) & (group == "case"), 4.0, 1.0)
        size = 8.0
        matrix[:, j] = rng.negative_binomial(size, size / (size + mu))
    counts = pd.DataFrame(matrix, index=[f"hsa-miR-{1000 + i}" for i in range(n)],
                          columns=samples)
    sheet = pd.DataFrame({"sample": samples, "group": groups})
    return counts, sheet


def median_of_ratios(counts: pd.DataFrame) -> np.ndarray:
    """DESeq2's size factors, computed here independently with numpy."""
    values = counts.to_numpy(dtype=float)
    positive = (values > 0).all(axis=1)
    logs = np.log(values[positive])
    log_geo = logs.mean(axis=1, keepdims=True)
    return np.exp(np.median(logs - log_geo, axis=0))


def test_parse_contrast():
    contrast = parse_contrast("group:aged:young")
    assert (contrast.column, contrast.test, contrast.reference) == ("group", "aged", "young")
    assert str(contrast) == "group:aged:young"
    for bad in ("group:aged", "group:a:a", "::", "a:b:c:d"):
        with pytest.raises(InputError):
            parse_contrast(bad)


def test_deseq2_recovers_planted_effects_and_base_mean():
    counts, sheet = simulated_counts()
    result = deseq2(counts, sheet, contrast="group:case:ctrl")
    assert list(result.columns) == ["log2fc", "pvalue", "padj", "base_mean", "lfc_se", "stat"]
    assert result.attrs["size_factors"] == "ratio"
    assert result.attrs["pydeseq2"]
    planted = result.index[:8]
    # 4x = log2 2, positive = case over ctrl
    assert (result.loc[planted, "log2fc"] > 0.5).all()
    assert abs(result.loc[planted, "log2fc"].median() - 2) < 0.5
    assert (result.loc[planted, "padj"] < 0.05).sum() >= 6
    others = result.drop(planted)
    assert (others["padj"].fillna(1) < 0.05).mean() < 0.1
    # baseMean = mean of size-factor-normalised counts (Love et al. 2014).
    factors = median_of_ratios(counts)
    expected = (counts / factors).mean(axis=1)
    np.testing.assert_allclose(result["base_mean"], expected.loc[result.index], rtol=1e-6)
    # Wald statistic = log fold change / its standard error.
    np.testing.assert_allclose(result["stat"], result["log2fc"] / result["lfc_se"], rtol=1e-6)


def test_deseq2_contrast_direction_flips():
    counts, sheet = simulated_counts()
    forward = deseq2(counts, sheet, contrast="group:case:ctrl")
    backward = deseq2(counts, sheet, contrast="group:ctrl:case")
    # The same fit up to the optimiser's tolerance.
    np.testing.assert_allclose(forward["log2fc"], -backward["log2fc"], atol=1e-4)
    np.testing.assert_allclose(forward["pvalue"], backward["pvalue"], rtol=1e-3, atol=1e-8)


def test_deseq2_odd_group_names_and_extra_groups():
    counts, sheet = simulated_counts(per_group=3)
    odd = sheet.replace({"case": "<b>case & co</b>", "ctrl": "ctrl (n=3)"})
    extra = counts.assign(X1=counts.iloc[:, 0], X2=counts.iloc[:, 1])
    odd = pd.concat([odd, pd.DataFrame({"sample": ["X1", "X2"], "group": ["other"] * 2})])
    result = deseq2(extra, odd, contrast=("group", "<b>case & co</b>", "ctrl (n=3)"))
    plain = deseq2(counts, sheet, contrast="group:case:ctrl")
    pd.testing.assert_frame_equal(result, plain, atol=1e-6)
    assert result.attrs["n_samples"] == {"<b>case & co</b>": 3, "ctrl (n=3)": 3}


def test_deseq2_poscounts_when_every_mirna_has_a_zero():
    counts, sheet = simulated_counts()
    for i in range(counts.shape[1]):
        counts.iloc[i::len(counts.columns), i] = 0
    counts.loc[:, counts.columns[0]] = counts[counts.columns[0]].where(
        np.arange(len(counts)) % 8 != 0, 0)
    assert not (counts > 0).all(axis=1).any()
    result = deseq2(counts, sheet, contrast="group:case:ctrl")
    assert result.attrs["size_factors"] == "poscounts"
    assert np.isfinite(result["log2fc"]).all()


def test_deseq2_rounds_fractional_counts():
    counts, sheet = simulated_counts()
    result = deseq2(counts + 0.25, sheet, contrast="group:case:ctrl")
    assert result.attrs["rounded_counts"] is True
    exact = deseq2(counts, sheet, contrast="group:case:ctrl")
    np.testing.assert_allclose(result["log2fc"], exact["log2fc"], atol=1e-6)


@pytest.mark.parametrize(
    ("change", "contrast", "message"),
    [
        ("none", "batch:case:ctrl", "contrast column"),
        ("none", "group:treated:ctrl", "group not found"),
        ("one_replicate", "group:case:ctrl", "at least two samples"),
        ("negative", "group:case:ctrl", "negative"),
        ("nan", "group:case:ctrl", "missing"),
        ("missing_sample", "group:case:ctrl", "no row in the sample sheet"),
    ],
)
def test_deseq2_bad_input(change, contrast, message):
    counts, sheet = simulated_counts()
    counts = counts.astype(float)
    if change == "one_replicate":
        sheet = sheet.assign(group=["ctrl"] * 7 + ["case"])
    elif change == "negative":
        counts.iloc[3, 2] = -1
    elif change == "nan":
        counts.iloc[3, 2] = np.nan
    elif change == "missing_sample":
        sheet = sheet.iloc[1:]
    with pytest.raises(InputError, match=message):
        deseq2(counts, sheet, contrast=contrast)
