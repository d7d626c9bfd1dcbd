from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from mirbone.errors import InputError
from mirbone.expression import (
    as_groups,
    cpm,
    detected,
    filter_detected,
    group_means,
    library_sizes,
    log_cpm,
    zscore,
)


@pytest.fixture
def counts() -> pd.DataFrame:
    # library sizes: A = 1,000,000 / 4 = 250,000; B = 500,000; C = 1,000,000
    return pd.DataFrame(
        {
            "A": [125_000, 125_000, 0, 0],
            "B": [250_000, 0, 249_999, 1],
            "C": [0, 500_000, 499_999, 1],
        },
        index=pd.Index(["m1", "m2", "m3", "m4"], name="mirna"),
    )


def test_library_sizes(counts):
    assert library_sizes(counts).tolist() == [250_000, 500_000, 1_000_000]


def test_cpm_hand_computed(counts):
    result = cpm(counts)
    assert result.loc["m1", "A"] == pytest.approx(500_000)
    assert result.loc["m1", "B"] == pytest.approx(500_000)
    assert result.loc["m2", "C"] == pytest.approx(500_000)
    assert result.loc["m4", "B"] == pytest.approx(2.0)  # 1 / 500,000 * 1e6
    assert result.loc["m4", "C"] == pytest.approx(1.0)
    assert np.allclose(result.sum(axis=0), 1e6)
    assert list(result.index) == list(counts.index)
    assert list(result.columns) == list(counts.columns)


def test_log_cpm(counts):
    result = log_cpm(counts)
    assert result.loc["m4", "C"] == pytest.approx(1.0)  # log2(1 + 1)
    assert result.loc["m4", "B"] == pytest.approx(math.log2(3))
    assert result.loc["m3", "A"] == 0.0
    assert log_cpm(counts, prior=0.5).loc["m3", "A"] == pytest.approx(-1.0)


def test_cpm_rejects_bad_counts(counts):
    bad = counts.copy()
    bad["A"] = 0
    with pytest.raises(InputError, match="'A'"):
        cpm(bad)
    negative = counts.copy()
    negative.loc["m1", "B"] = -1
    with pytest.raises(InputError, match="negative"):
        cpm(negative)
    missing = counts.astype(float)
    missing.loc["m1", "C"] = np.nan
    with pytest.raises(InputError, match="missing"):
        cpm(missing)
    with pytest.raises(InputError, match="prior"):
        log_cpm(counts, prior=0)


def test_detected_min_samples(counts):
    # CPM: m1 = 500000, 500000, 0; m2 = 500000, 0, 500000; m3 = 0, ~499998, ~499999;
    # m4 = 0, 2, 1
    assert detected(counts, min_cpm=1, min_samples=2).tolist() == [True, True, True, True]
    assert detected(counts, min_cpm=1.5, min_samples=1).tolist() == [True, True, True, True]
    assert detected(counts, min_cpm=1.5, min_samples=2).tolist() == [True, True, True, False]
    assert detected(counts, min_cpm=1, min_samples=3).tolist() == [False, False, False, False]
    # default: one sample suffices
    assert detected(counts, min_cpm=3).tolist() == [True, True, True, False]


def test_detected_groups(counts):
    groups = {"A": "ctrl", "B": "ost", "C": "ost"}
    # every sample of a group: m1 ctrl yes; m2 ctrl yes; m3 ost (B, C) yes; m4 ost yes at 1
    assert detected(counts, min_cpm=1, groups=groups).tolist() == [True, True, True, True]
    assert detected(counts, min_cpm=1.5, groups=groups).tolist() == [True, True, True, False]
    # group rule OR sample rule
    groups2 = {"A": "g1", "B": "g1", "C": "g2"}
    flags = detected(counts, min_cpm=1, groups=groups2)
    # m1: g1 both > 0 -> True; m2: g1 B = 0, g2 C > 0 -> True; m3: g1 A = 0, g2 yes -> True;
    # m4: g1 A = 0, g2 C = 1 -> True
    assert flags.tolist() == [True, True, True, True]
    flags = detected(counts, min_cpm=1.5, groups=groups2)
    assert flags.tolist() == [True, True, True, False]
    sheet = pd.DataFrame({"sample": ["A", "B", "C"], "group": ["g1", "g1", "g1"]})
    assert detected(counts, min_cpm=1, groups=sheet).tolist() == [False, False, False, False]
    both = detected(counts, min_cpm=1, groups=sheet, min_samples=2)
    assert both.tolist() == [True, True, True, True]
    assert both.name == "detected"


def test_detected_validation(counts):
    with pytest.raises(InputError, match="min_samples"):
        detected(counts, min_samples=4)
    with pytest.raises(InputError, match="no group"):
        detected(counts, groups={"A": "x"})


def test_filter_detected(counts):
    kept = filter_detected(counts, min_cpm=1.5, min_samples=2)
    assert list(kept.index) == ["m1", "m2", "m3"]
    pd.testing.assert_frame_equal(kept, counts.loc[["m1", "m2", "m3"]])


def test_zscore_matches_scipy():
    frame = pd.DataFrame(
        {"a": [1.0, 2.0, 5.0], "b": [3.0, 2.0, 1.0], "c": [5.0, 2.0, 0.0]}, index=["x", "y", "z"]
    )
    z = zscore(frame)
    # hand computed: row x = 1, 3, 5 -> mean 3, sd 2 -> -1, 0, 1
    assert z.loc["x"].tolist() == pytest.approx([-1.0, 0.0, 1.0])
    # constant row -> 0
    assert z.loc["y"].tolist() == [0.0, 0.0, 0.0]
    expected = stats.zscore(frame.loc["z"].to_numpy(), ddof=1)
    assert z.loc["z"].to_numpy() == pytest.approx(expected)
    zc = zscore(frame, axis="columns")
    assert zc["a"].to_numpy() == pytest.approx(stats.zscore([1.0, 2.0, 5.0], ddof=1))
    z0 = zscore(frame, ddof=0)
    assert z0.loc["z"].to_numpy() == pytest.approx(stats.zscore([5.0, 1.0, 0.0]))
    with pytest.raises(InputError):
        zscore(frame, axis="diagonal")


def test_group_means():
    frame = pd.DataFrame({"s1": [1.0, 4.0], "s2": [3.0, 8.0], "s3": [10.0, 0.0]}, index=["m", "n"])
    means = group_means(frame, {"s1": "ctrl", "s2": "ctrl", "s3": "treated"})
    assert list(means.columns) == ["ctrl", "treated"]
    assert means.loc["m"].tolist() == [2.0, 10.0]
    assert means.loc["n"].tolist() == [6.0, 0.0]


def test_as_groups_validation():
    with pytest.raises(InputError, match="'group'"):
        as_groups(pd.DataFrame({"sample": ["a"]}), ["a"])
    series = as_groups(pd.Series({"b": "y", "a": "x"}), ["a", "b"])
    assert series.tolist() == ["x", "y"]
    with pytest.raises(InputError, match="twice"):
        as_groups(pd.Series(["x", "y"], index=["a", "a"]), ["a"])
