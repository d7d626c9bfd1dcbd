"""Tests of mirbone.enrich: ORA, GSEA, target-gene enrichment, and their commands."""

from __future__ import annotations

import itertools
import math
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from mirbone.cli import main
from mirbone.enrich import (
    GSEA_COLUMNS,
    ORA_COLUMNS,
    TARGET_COLUMNS,
    adjust_pvalues,
    directional_ora,
    gsea,
    ora,
    ranking_from_stats,
    target_enrichment,
)
from mirbone.errors import InputError

# ----------------------------------------------------------------------------- helpers


def random_sets(seed: int, n_sets: int, universe: list[str], low: int, high: int) -> dict:
    rng = np.random.default_rng(seed)
    return {
        f"set{j}": list(rng.choice(universe, int(rng.integers(low, high + 1)), replace=False))
        for j in range(n_sets)
    }


UNIVERSE = [f"hsa-miR-{i}-5p" for i in range(400)]


@pytest.fixture
def ora_case() -> tuple[list[str], dict, list[str]]:
    rng = np.random.default_rng(7)
    sets = random_sets(1, 60, UNIVERSE[:380], 3, 40)
    # plant an enriched set
    query = list(rng.choice(UNIVERSE, 30, replace=False))
    sets["planted"] = query[:12] + UNIVERSE[390:398]
    return query, sets, UNIVERSE


# ----------------------------------------------------------------------------- ORA


def test_ora_pvalues_equal_scipy_hypergeom(ora_case):
    query, sets, universe = ora_case
    result = ora(query, sets, universe=universe, min_size=1)
    assert list(result.columns) == ORA_COLUMNS
    big_m, big_n = len(universe), len(set(query))
    for row in result.itertuples():
        members = set(sets[row.term])
        k = len(members & set(query))
        assert (row.size, row.overlap) == (len(members), k)
        expected = stats.hypergeom.sf(k - 1, big_m, len(members), big_n)
        assert row.pvalue == pytest.approx(expected, rel=1e-12, abs=0)
        assert row.expected == pytest.approx(big_n * len(members) / big_m, rel=1e-12)
        assert row.members == ";".join(sorted(members & set(query)))
    assert result.loc[result["term"] == "planted", "pvalue"].item() < 1e-8
    assert result["pvalue"].is_monotonic_increasing


@settings(max_examples=60, deadline=None)
@given(
    data=st.data(),
    n_universe=st.integers(min_value=3, max_value=40),
)
def test_ora_property_every_row_matches_scipy(data, n_universe):
    universe = [f"u{i}" for i in range(n_universe)]
    members = st.lists(st.sampled_from(universe), min_size=1, max_size=n_universe)
    sets = data.draw(st.dictionaries(st.sampled_from(["A", "B", "C", "D"]), members, min_size=1))
    query = data.draw(st.lists(st.sampled_from(universe), min_size=1, max_size=n_universe))
    result = ora(query, sets, universe=universe, min_size=1, max_size=n_universe)
    q = set(query)
    assert len(result) == len(sets)
    for row in result.itertuples():
        s = set(sets[row.term])
        assert (row.size, row.overlap, row.query_size) == (len(s), len(s & q), len(q))
        ref = stats.hypergeom.sf(len(s & q) - 1, n_universe, len(s), len(q))
        assert row.pvalue == pytest.approx(ref, rel=1e-12, abs=1e-300)
    assert np.allclose(result["fdr"], stats.false_discovery_control(result["pvalue"]))


def test_ora_depletion_uses_the_lower_tail(ora_case):
    query, sets, universe = ora_case
    result = ora(query, sets, universe=universe, alternative="less", min_size=1)
    for row in result.itertuples():
        expected = stats.hypergeom.cdf(row.overlap, len(universe), row.size, len(set(query)))
        assert row.pvalue == pytest.approx(expected, rel=1e-12, abs=0)


def test_ora_odds_ratio_is_the_sample_odds_ratio(ora_case):
    query, sets, universe = ora_case
    result = ora(query, sets, universe=universe, min_size=1)
    checked = 0
    for row in result.itertuples():
        a = row.overlap
        b = row.size - a
        c = row.query_size - a
        d = row.universe_size - row.size - row.query_size + a
        table = np.array([[a, b], [c, d]])
        if b * c > 0:
            reference = stats.contingency.odds_ratio(table, kind="sample").statistic
            assert row.odds_ratio == pytest.approx(reference, rel=1e-12)
            assert row.odds_ratio == pytest.approx(stats.fisher_exact(table)[0], rel=1e-12)
            checked += 1
        if row.expected > 0:
            assert row.fold_enrichment == pytest.approx(a / row.expected, rel=1e-12)
    assert checked > 20


def test_ora_odds_ratio_edge_cases():
    universe = [f"m{i}" for i in range(10)]
    sets = {"all_in_query": ["m0", "m1"], "disjoint": ["m5", "m6"]}
    result = ora(["m0", "m1", "m2"], sets, universe=universe).set_index("term")
    # b = 0 and a d > 0: infinite; a = 0 and b, c > 0: zero
    assert math.isinf(result.loc["all_in_query", "odds_ratio"])
    assert result.loc["disjoint", "odds_ratio"] == 0.0
    assert result.loc["disjoint", "pvalue"] == 1.0


def test_ora_fdr_is_bh_over_every_tested_set_including_zero_overlap(ora_case):
    query, sets, universe = ora_case
    sets = dict(sets)
    sets["nothing"] = UNIVERSE[395:400]  # overlap 0 unless sampled
    sets["nothing"] = [n for n in sets["nothing"] if n not in query] + ["extra-not-in-univ"]
    result = ora(query, sets, universe=universe, min_size=1)
    assert (result["overlap"] == 0).any()
    assert len(result) == len(sets)
    assert np.allclose(result["fdr"], stats.false_discovery_control(result["pvalue"]), rtol=1e-12)
    by = adjust_pvalues(result["pvalue"].to_numpy(), method="by")
    assert np.allclose(by, stats.false_discovery_control(result["pvalue"], method="by"))


def test_ora_agrees_with_gseapy_enrich_where_gseapy_reports(ora_case):
    gseapy = pytest.importorskip("gseapy")
    query, sets, universe = ora_case
    ours = ora(query, sets, universe=universe, min_size=1).set_index("term")
    theirs = gseapy.enrich(
        gene_list=query, gene_sets=sets, background=universe, outdir=None, no_plot=True
    ).results.set_index("Term")
    assert 0 < len(theirs) < len(ours)  # gseapy drops zero-overlap sets
    joined = ours.join(theirs, how="inner")
    assert len(joined) == len(theirs)
    assert np.allclose(joined["pvalue"], joined["P-value"], rtol=1e-12, atol=0)
    # gseapy's BH runs over fewer sets, so its FDR is never larger than ours
    assert (joined["Adjusted P-value"] <= joined["fdr"] + 1e-15).all()


def test_ora_default_universe_is_members_plus_query():
    sets = {"a": ["x1", "x2", "x3"], "b": ["x3", "x4"]}
    result = ora(["x1", "x2", "q9"], sets).set_index("term")
    assert result["universe_size"].iloc[0] == 5  # x1..x4 + q9
    assert result.loc["a", "pvalue"] == pytest.approx(stats.hypergeom.sf(1, 5, 3, 3))


def test_ora_sizes_are_counted_after_intersecting_with_the_universe():
    universe = [f"m{i}" for i in range(20)]
    sets = {
        "big_outside": [f"m{i}" for i in range(3)] + [f"z{i}" for i in range(50)],
        "small": ["m0", "m1"],
        "ok": [f"m{i}" for i in range(5, 12)],
    }
    result = ora(["m0", "m5"], sets, universe=universe, min_size=3, max_size=7)
    assert set(result["term"]) == {"big_outside", "ok"}
    assert result.set_index("term").loc["big_outside", "size"] == 3


def test_ora_repeats_and_white_space_count_once():
    universe = [f"m{i}" for i in range(20)]
    a = ora(["m0", "m1"], {"s": ["m0", "m1", "m2", "m3"]}, universe=universe)
    b = ora(["m0", " m1 ", "m0"], {"s": ["m0", "m1", "m1", " m2", "m3"]}, universe=universe)
    pd.testing.assert_frame_equal(a, b)


def test_ora_query_outside_universe_is_dropped_with_a_warning_or_raises():
    universe = [f"m{i}" for i in range(20)]
    sets = {"s": ["m0", "m1", "m2"]}
    with pytest.warns(UserWarning, match=r"dropped 2 of 4 query names.*zz1, zz2"):
        result = ora(["m0", "m1", "zz1", "zz2"], sets, universe=universe)
    assert result.dropped_query == ["zz1", "zz2"]
    assert result["query_size"].iloc[0] == 2
    with pytest.raises(InputError, match=r"2 of 4 query names are not in the universe"):
        ora(["m0", "m1", "zz1", "zz2"], sets, universe=universe, on_missing="raise")
    with pytest.raises(InputError, match="none is left"):
        ora(["zz1"], sets, universe=universe)


@pytest.mark.parametrize(
    ("query", "sets", "universe", "message"),
    [
        ([], {"s": ["a", "b"]}, None, "query is empty"),
        (["a"], {"s": ["a", "b"]}, ["a", "b", "c"], "filtered out by size"),
        (["a", "b", "c"], {"s": ["a", "b"]}, ["a", "b"], "smaller than the query"),
        (["a"], {"s": ["a", " "]}, None, "blank member of a signature in signature 's'"),
        (["a"], {"s": ["a", None]}, None, "missing value"),
        (["a"], {"s": "abc"}, None, "not one string"),
        (["a"], "KEGG_2021_Human", None, "names of online libraries are not accepted"),
        (["a"], {"s": ["a", "b"], " s ": ["a"]}, None, "duplicated signature name"),
        ([""], {"s": ["a", "b"]}, None, "blank name in the query"),
    ],
)
def test_ora_bad_input(query, sets, universe, message):
    with pytest.raises(InputError, match=message):
        ora(query, sets, universe=universe, min_size=3 if message.startswith("filt") else 1)


def test_directional_ora_splits_up_and_down():
    names = [f"m{i}" for i in range(30)]
    fc = np.r_[np.full(5, 2.0), np.full(5, -2.0), np.full(20, 0.1)]
    padj = np.r_[np.full(10, 0.001), np.full(20, 0.9)]
    table = pd.DataFrame({"log2fc": fc, "padj": padj}, index=names)
    table.loc["m4", "padj"] = np.nan  # not significant
    sets = {"upset": names[:6], "downset": names[5:10], "other": names[20:25]}
    result = directional_ora(table, sets, log2fc=1.0)
    assert list(result.columns) == ["direction", *ORA_COLUMNS]
    up = result[result["direction"] == "up"].set_index("term")
    down = result[result["direction"] == "down"].set_index("term")
    assert up["query_size"].iloc[0] == 4 and down["query_size"].iloc[0] == 5
    assert up.loc["upset", "overlap"] == 4 and down.loc["downset", "overlap"] == 5
    assert up.loc["upset", "pvalue"] == pytest.approx(stats.hypergeom.sf(3, 30, 6, 4))
    assert (up["universe_size"] == 30).all()
    with pytest.warns(UserWarning, match="down"):
        only_up = directional_ora(table.assign(log2fc=np.abs(fc)), sets, log2fc=1.0)
    assert set(only_up["direction"]) == {"up"}
    with pytest.raises(InputError, match="column 'padj'"):
        directional_ora(table.drop(columns="padj"), sets)
    with pytest.raises(InputError, match="no miRNA passes"):
        directional_ora(table.assign(padj=1.0), sets)


def test_adjust_pvalues_matches_scipy():
    p = np.random.default_rng(3).uniform(size=200) ** 3
    assert np.allclose(adjust_pvalues(p), stats.false_discovery_control(p), rtol=1e-12)
    with pytest.raises(InputError):
        adjust_pvalues([0.1, np.nan])


# ----------------------------------------------------------------------------- GSEA


def classic_es(ranking: pd.Series, members: set[str], weight: float = 1.0) -> float:
    """Subramanian et al. 2005 running-sum enrichment score, written out independently."""
    ranked = ranking.sort_values(ascending=False)
    hit = ranked.index.isin(list(members))
    w = np.abs(ranked.to_numpy()) ** weight * hit
    p_hit = np.cumsum(w) / w.sum()
    p_miss = np.cumsum(~hit) / (~hit).sum()
    running = p_hit - p_miss
    return float(running[np.argmax(np.abs(running))])


@pytest.fixture
def gsea_case() -> tuple[pd.Series, dict]:
    rng = np.random.default_rng(11)
    names = [f"hsa-miR-{i}-3p" for i in range(200)]
    ranking = pd.Series(rng.normal(size=200), index=names)
    top = ranking.sort_values(ascending=False).index
    sets = random_sets(4, 8, names, 10, 30)
    sets["top"] = list(top[:15]) + list(top[100:105])
    sets["bottom"] = list(top[-12:])
    return ranking, sets


def test_gsea_es_matches_the_running_sum_and_seed_is_reproducible(gsea_case):
    pytest.importorskip("gseapy")
    ranking, sets = gsea_case
    first = gsea(ranking, sets, permutations=200, seed=5)
    assert list(first.columns) == GSEA_COLUMNS
    for row in first.itertuples():
        assert row.es == pytest.approx(classic_es(ranking, set(sets[row.term])), abs=1e-6)
        assert row.size == len(sets[row.term])
    by_term = first.set_index("term")
    assert by_term.loc["top", "nes"] > 1.5 and by_term.loc["bottom", "nes"] < -1.5
    assert by_term.loc["top", "pvalue"] == pytest.approx(1 / 201)  # floor of the test
    shuffled = ranking.sample(frac=1.0, random_state=1)
    pd.testing.assert_frame_equal(first, gsea(shuffled, sets, permutations=200, seed=5))
    other = gsea(ranking, sets, permutations=200, seed=6)
    assert not np.array_equal(
        first["nes"].to_numpy(), other.set_index("term").loc[first["term"], "nes"].to_numpy()
    )


def test_gsea_ties_are_ordered_by_name_and_nothing_is_printed(capsys):
    pytest.importorskip("gseapy")
    names = [f"m{i:02d}" for i in range(50)]
    ranking = pd.Series(np.repeat([3.0, 2.0, 1.0, -1.0, -2.0], 10), index=names)
    sets = {"a": names[:10], "b": names[20:35]}
    first = gsea(ranking, sets, permutations=100)
    assert capsys.readouterr().err == ""
    assert first.tied_scores == 45
    pd.testing.assert_frame_equal(first, gsea(ranking[::-1], sets, permutations=100))
    for row in first.itertuples():
        assert row.es == pytest.approx(classic_es(ranking, set(sets[row.term])), abs=1e-6)


def test_gsea_bad_input(gsea_case):
    ranking, sets = gsea_case
    with pytest.raises(InputError, match="filtered out by size"):
        gsea(ranking, sets, min_size=100, max_size=200)
    with pytest.raises(InputError, match="repeated names"):
        gsea(pd.concat([ranking, ranking.iloc[:2]]), sets)
    with pytest.raises(InputError, match="missing or non-numeric"):
        gsea(ranking.where(ranking > 0), sets)


def test_ranking_from_stats_math_and_ties():
    table = pd.DataFrame(
        {
            "log2fc": [1.5, -2.0, 0.5, 0.7, 1.0],
            "pvalue": [1e-3, 1e-4, 0.5, 1e-3, 0.0],
            "stat": [3.0, -4.0, 0.2, 3.0, np.nan],
        },
        index=["b", "a", "c", "d", "e"],
    )
    signed = ranking_from_stats(table, method="signed_p")
    assert signed.method == "signed_p"
    assert signed["a"] == pytest.approx(-4.0) and signed["c"] == pytest.approx(-np.log10(0.5))
    # p = 0 scores 1 above the largest finite -log10 p (a: 4), not ~307.7
    assert signed["e"] == pytest.approx(5.0)
    assert signed.n_zero_p == 1
    # b and d tie at 3: name order decides
    assert list(signed.index) == ["e", "b", "d", "c", "a"]
    stat = ranking_from_stats(table, method="stat")
    assert list(stat.index) == ["b", "d", "c", "a"] and stat.dropped == ["e"]
    with pytest.raises(InputError, match="column 'stat'"):
        ranking_from_stats(table.drop(columns="stat"), method="stat")


# ----------------------------------------------------------------------------- targets

# A map small enough to enumerate every query of size 2 by hand: 6 miRNAs, 7 genes.
TINY_EDGES = {
    "mA": ["g1", "g2", "g3"],
    "mB": ["g1", "g2"],
    "mC": ["g3", "g4"],
    "mD": ["g5"],
    "mE": ["g1", "g6", "g7"],
    "mF": ["g6"],
}
TINY_SETS = {"S1": ["g1", "g2", "g3"], "S2": ["g4", "g5", "g6", "g7"], "S3": ["g2", "g6", "gX"]}


def tiny_map() -> pd.DataFrame:
    return pd.DataFrame(
        [(m, g) for m, genes in TINY_EDGES.items() for g in genes], columns=["mirna", "gene"]
    )


def exact_null(query_size: int) -> dict[str, list[int]]:
    """The statistic of every query of the given size, for each set."""
    out: dict[str, list[int]] = {s: [] for s in TINY_SETS}
    for combo in itertools.combinations(TINY_EDGES, query_size):
        hit = set().union(*(TINY_EDGES[m] for m in combo))
        for s, genes in TINY_SETS.items():
            out[s].append(len(hit & set(genes)))
    return out


def test_target_enrichment_matches_the_enumerated_permutation_null():
    query = ["mA", "mE"]
    n_perm = 20_000
    result = target_enrichment(
        query, tiny_map(), TINY_SETS, permutations=n_perm, seed=3, min_size=1
    ).set_index("term")
    assert list(result.reset_index().columns) == TARGET_COLUMNS
    null = exact_null(2)
    hit = set(TINY_EDGES["mA"]) | set(TINY_EDGES["mE"])
    for s, genes in TINY_SETS.items():
        obs = len(hit & set(genes))
        exact_p = np.mean(np.array(null[s]) >= obs)
        row = result.loc[s]
        assert row["n_targeted"] == obs
        se = math.sqrt(exact_p * (1 - exact_p) / n_perm) + 1 / n_perm
        assert abs(row["pvalue"] - exact_p) < 5 * se, (s, row["pvalue"], exact_p)
        assert row["expected"] == pytest.approx(np.mean(null[s]), abs=0.05)
    # the gene universe: targeted genes in any set = g1..g7 (gX untargeted)
    assert result.loc["S3", "size"] == 2
    assert result.gene_universe_size == 7
    # naive: union of the query's targets = {g1,g2,g3,g6,g7}
    assert result.loc["S1", "pvalue_naive"] == pytest.approx(stats.hypergeom.sf(2, 7, 3, 5))
    assert result.loc["S1", "mirnas"] == "mA;mE"
    assert result.loc["S2", "mirnas"] == "mE" and result.loc["S2", "genes"] == "g6;g7"
    assert result.loc["S1", "genes"] == "g1;g2;g3"
    assert np.allclose(result["fdr"], stats.false_discovery_control(result["pvalue"]))


def test_target_enrichment_seed_and_workers_reproducible():
    edges = pd.DataFrame(
        {
            "mirna": [f"m{i % 40}" for i in range(2000)],
            "gene": [f"g{(i * 7919) % 300}" for i in range(2000)],
        }
    )
    sets = random_sets(2, 30, [f"g{i}" for i in range(300)], 10, 40)
    query = [f"m{i}" for i in range(6)]
    kwargs = {"permutations": 1000, "chunk_size": 100, "min_size": 5}
    one = target_enrichment(query, edges, sets, seed=9, workers=1, **kwargs)
    two = target_enrichment(query, edges, sets, seed=9, workers=2, **kwargs)
    again = target_enrichment(query, edges, sets, seed=9, **kwargs)
    other = target_enrichment(query, edges, sets, seed=10, **kwargs)
    pd.testing.assert_frame_equal(one, two)
    pd.testing.assert_frame_equal(one, again)
    assert not one["expected"].equals(
        other.set_index("term").loc[one["term"], "expected"].reset_index(drop=True)
    )


def test_target_enrichment_accepts_a_target_map_and_universe():
    from mirbone.targets import TargetMap

    tmap = TargetMap(tiny_map())
    universe = ["mA", "mB", "mC", "mE", "mZ"]  # mZ has no targets: not in the universe
    with pytest.warns(UserWarning, match="dropped 1 of 2"):
        result = target_enrichment(
            ["mA", "mF"], tmap, TINY_SETS, universe=universe, permutations=500, min_size=1
        )
    assert result.mirna_universe_size == 4
    assert result.dropped_query == ["mF"]
    # universe genes: targets of mA, mB, mC, mE within the sets = g1..g4, g6, g7
    assert result.gene_universe_size == 6


def test_target_enrichment_bad_input():
    edges = tiny_map()
    with pytest.warns(UserWarning, match=r"smallest attainable p-value is 1/51"):
        target_enrichment(["mA"], edges, TINY_SETS, permutations=50, min_size=1)
    with pytest.raises(InputError, match="smaller than the query"):
        target_enrichment(["mA", "mB", "mC"], edges, TINY_SETS, universe=["mA", "mB"])
    with pytest.raises(InputError, match="query is empty"):
        target_enrichment([], edges, TINY_SETS)
    with pytest.raises(InputError, match="filtered out by size"):
        target_enrichment(["mA"], edges, TINY_SETS, min_size=10)
    with pytest.raises(InputError, match="not in the miRNA universe"):
        target_enrichment(["nope"], edges, TINY_SETS, min_size=1)
    with pytest.raises(InputError, match="column 'gene'"):
        target_enrichment(["mA"], edges.rename(columns={"gene": "g"}), TINY_SETS)
    with pytest.raises(InputError, match="blank member"):
        target_enrichment(["mA"], edges, {"S": ["g1", ""]}, min_size=1)
    with pytest.raises(InputError, match="permutations"):
        target_enrichment(["mA"], edges, TINY_SETS, permutations=0)


# ----------------------------------------------------------------------------- CLI


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_gmt(path: Path, sets: dict[str, list[str]]) -> Path:
    return write_lines(path, [f"{k}\tna\t" + "\t".join(v) for k, v in sets.items()])


REAL = [
    "hsa-miR-21-5p",
    "hsa-miR-29a-3p",
    "hsa-miR-155-5p",
    "hsa-miR-17-5p",
    "hsa-let-7a-5p",
    "hsa-miR-26a-5p",
    "hsa-miR-146a-5p",
    "hsa-miR-223-3p",
    "hsa-miR-214-3p",
    "hsa-miR-34a-5p",
    "hsa-miR-125b-5p",
    "hsa-miR-133a-3p",
]


def test_cli_enrich_ora(tmp_path, capsys):
    gmt = write_gmt(tmp_path / "sig.gmt", {"osteo": REAL[:5], "clast": REAL[5:9]})
    query = write_lines(tmp_path / "q.txt", ["hsa-miR-21", "MIMAT0000062", "hsa-miR-9999"])
    universe = write_lines(tmp_path / "u.txt", REAL)
    out = tmp_path / "ora.tsv"
    code = main(
        [
            "enrich",
            str(query),
            "--universe",
            str(universe),
            "--signatures",
            str(gmt),
            "-o",
            str(out),
        ]
    )
    err = capsys.readouterr().err
    assert code == 0, err
    table = pd.read_csv(out, sep="\t")
    assert list(table.columns) == ORA_COLUMNS
    assert "hsa-miR-9999" in err and "dropped 1 of 3" in err
    osteo = table.set_index("term").loc["osteo"]
    assert osteo["overlap"] == 2 and osteo["members"] == "hsa-let-7a-5p;hsa-miR-21-5p"
    assert osteo["pvalue"] == pytest.approx(stats.hypergeom.sf(1, 12, 5, 2))
    assert main(["enrich", str(query), "--signatures", str(gmt), "-o", str(out)]) == 2
    assert "exists" in capsys.readouterr().err


def test_cli_enrich_gsea_from_a_ranking_file(tmp_path, capsys):
    gmt = write_gmt(tmp_path / "sig.gmt", {"up": REAL[:6], "down": REAL[6:]})
    lines = ["mirna\tscore"] + [f"{n}\t{12 - i}" for i, n in enumerate(REAL)]
    ranking = write_lines(tmp_path / "rank.tsv", lines)
    out = tmp_path / "gsea.tsv"
    code = main(
        [
            "enrich",
            str(ranking),
            "--method",
            "gsea",
            "--signatures",
            str(gmt),
            "--permutations",
            "100",
            "-o",
            str(out),
        ]
    )
    assert code == 0, capsys.readouterr().err
    table = pd.read_csv(out, sep="\t").set_index("term")
    assert list(table.reset_index().columns) == GSEA_COLUMNS
    assert table.loc["up", "es"] == pytest.approx(1.0) and table.loc["down", "es"] < 0


def test_cli_enrich_ora_refuses_a_statistics_table(tmp_path, capsys):
    stats_table = Path(__file__).parent / "data" / "deseq2_results.csv"
    universe = write_lines(tmp_path / "u.txt", REAL)
    assert main(["enrich", str(stats_table), "--universe", str(universe)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("mirbone enrich: error: --method (method= in Python): ")
    assert "statistics table" in err and "method gsea" in err and str(stats_table) in err
    assert "universe smaller" not in err
    counts = write_lines(tmp_path / "counts.tsv", ["mirna\ts1\ts2", "hsa-miR-21-5p\t5\t7"])
    assert main(["enrich", str(counts), "--universe", str(universe)]) == 2
    assert "one miRNA per line" in capsys.readouterr().err
    # the same statistics table is accepted as a GSEA ranking
    gmt = write_gmt(tmp_path / "sig.gmt", {"up": REAL[:6], "down": REAL[6:]})
    code = main(
        [
            "enrich",
            str(stats_table),
            "--method",
            "gsea",
            "--signatures",
            str(gmt),
            "--permutations",
            "20",
            "--min-size",
            "1",
        ]
    )
    assert code == 0, capsys.readouterr().err


def test_cli_enrich_method_has_help(capsys):
    assert main(["enrich", "--help"]) == 0
    out = capsys.readouterr().out
    block = out[out.index("  --method {ora,gsea}") :].split("  --rank-by")[0]
    assert "ora" in block and "gsea" in block and "statistics table" in " ".join(block.split())


def test_cli_enrich_rejects_a_bad_gmt(tmp_path, capsys):
    query = write_lines(tmp_path / "q.txt", REAL[:2])
    dup = write_lines(tmp_path / "dup.gmt", ["s\tna\thsa-miR-21-5p", "s\tna\thsa-let-7a-5p"])
    blank = write_lines(tmp_path / "blank.gmt", ["s\tna\thsa-miR-21-5p\t \thsa-let-7a-5p"])
    for gmt in (dup, blank):
        assert main(["enrich", str(query), "--signatures", str(gmt)]) == 2
        err = capsys.readouterr().err
        assert str(gmt) in err and "Traceback" not in err


def test_cli_target_enrich(tmp_path, capsys):
    pairs = tmp_path / "pairs.tsv"
    rng = np.random.default_rng(0)
    from mirbone.genesets import go_bp

    genes = sorted(go_bp()["GO:0001503"])[:120]  # official symbols (ossification)
    rows = [(m, g) for m in REAL for g in rng.choice(genes, 25, replace=False)]
    pd.DataFrame(rows, columns=["mirna", "gene"]).to_csv(pairs, sep="\t", index=False)
    gmt = write_gmt(tmp_path / "genes.gmt", random_sets(5, 12, genes, 10, 30))
    query = write_lines(tmp_path / "q.txt", ["hsa-miR-21-5p", "hsa-miR-155", "not-a-mirna"])
    out = tmp_path / "te.tsv"
    code = main(
        [
            "target-enrich",
            str(query),
            "--targets",
            str(pairs),
            "--gene-sets",
            str(gmt),
            "--permutations",
            "200",
            "--seed",
            "1",
            "-o",
            str(out),
        ]
    )
    err = capsys.readouterr().err
    assert code == 0, err
    table = pd.read_csv(out, sep="\t", keep_default_na=False)
    assert list(table.columns) == TARGET_COLUMNS
    assert "not-a-mirna" in err and "200 permutations" in err
    assert (table["pvalue"] >= 1 / 201).all() and len(table) == 12
    again = tmp_path / "again.tsv"
    assert (
        main(
            [
                "target-enrich",
                str(query),
                "--targets",
                str(pairs),
                "--gene-sets",
                str(gmt),
                "--permutations",
                "200",
                "--seed",
                "1",
                "-o",
                str(again),
            ]
        )
        == 0
    )
    assert again.read_bytes() == out.read_bytes()
    assert (
        main(
            [
                "target-enrich",
                str(query),
                "--targets",
                str(pairs),
                "--gene-sets",
                str(gmt),
                "--permutations",
                "50",
                "--min-size",
                "99",
            ]
        )
        == 2
    )
    assert "filtered out by size" in capsys.readouterr().err


def test_cli_target_enrich_size_window_message_proposes_an_accepted_value(tmp_path, capsys):
    """Small map + bundled GO BP: the suggested --min-size is one the command accepts."""
    import re

    from mirbone.genesets import go_bp

    genes = sorted(go_bp()["GO:0001503"])[:8]  # 8 ossification genes: every set <= 8 after
    pairs = tmp_path / "pairs.tsv"
    rows = [(m, g) for i, m in enumerate(REAL) for g in genes[i % 4 : i % 4 + 4]]
    pd.DataFrame(rows, columns=["mirna", "gene"]).to_csv(pairs, sep="\t", index=False)
    query = write_lines(tmp_path / "q.txt", REAL[:3])
    argv = [
        "target-enrich",
        str(query),
        "--targets",
        str(pairs),
        "--gene-sets",
        "go-bp",
        "--permutations",
        "50",
    ]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "filtered out by size" in err and "bundled GO BP sets hold" not in err
    assert "error: --min-size (min_size= in Python): " in err
    suggested = int(re.search(r"a minimum size of (\d+)", err).group(1))
    assert 1 <= suggested <= 8  # the largest size after intersecting, below the default 10
    out = tmp_path / "te.tsv"
    assert main([*argv, "--min-size", str(suggested), "-o", str(out)]) == 0, capsys.readouterr()
    table = pd.read_csv(out, sep="\t", keep_default_na=False)
    assert len(table) >= 1 and (table["size"] >= suggested).all()
    # a window below the bundle's smallest term (5 genes) is accepted: it is applied after
    # intersecting, where sets are smaller
    assert main([*argv, "--min-size", "3"]) == 0, capsys.readouterr().err


def test_no_set_left_message_proposes_values():
    from mirbone.enrich._common import no_set_left

    low = no_set_left(3, np.array([0, 7, 4]), 10, 500, what="gene set")
    assert low.keyword == "min_size" and "a minimum size of 7 would test 1 of them" in str(low)
    high = no_set_left(2, np.array([600, 900]), 10, 500, what="signature")
    assert high.keyword == "max_size" and "a maximum size of 600 would test 1 of them" in str(high)
    none = no_set_left(2, np.array([0, 0]), 2, 500, what="signature")
    assert none.keyword is None and "shares a member" in str(none)


# ----------------------------------------------------------------------------- real data


@pytest.mark.realdata
def test_empirical_test_calibration_and_power_on_mirtarbase_and_go_bp(mirtarbase_hsa_csv):
    """Random queries: p < 0.05 in at most ~5 % of tests (naive: far more); a planted set found."""
    from mirbone.genesets import go_bp

    raw = pd.read_csv(mirtarbase_hsa_csv, usecols=[1, 3], encoding="utf-8-sig")
    edges = raw.set_axis(["mirna", "gene"], axis=1).drop_duplicates()
    sets = go_bp(min_size=10, max_size=500)
    mirnas = edges["mirna"].unique()
    rng = np.random.default_rng(2024)
    empirical, naive = [], []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        for i in range(4):
            query = rng.choice(mirnas, 30, replace=False)
            result = target_enrichment(query, edges, sets, permutations=400, seed=i)
            empirical.append((result["pvalue"] < 0.05).mean())
            naive.append((result["pvalue_naive"] < 0.05).mean())
    assert np.mean(empirical) <= 0.08
    assert np.mean(naive) > 2 * np.mean(empirical) + 0.03

    # power: the miRNAs whose targets concentrate in osteoclast differentiation find it
    planted = "GO:0030316"
    genes = set().union(*sets.values()) & set(edges["gene"])
    target_set = sets[planted] & genes
    scores = []
    for mirna, targets in edges[edges["gene"].isin(genes)].groupby("mirna")["gene"]:
        k = len(set(targets) & target_set)
        if k >= 3:
            scores.append(
                (stats.hypergeom.sf(k - 1, len(genes), len(target_set), len(set(targets))), mirna)
            )
    query = [m for _, m in sorted(scores)[:10]]
    result = target_enrichment(query, edges, sets, permutations=2000, seed=0).set_index("term")
    assert result.loc[planted, "pvalue"] <= 0.001
    assert result.loc[planted, "fdr"] < 0.1


def test_cli_enrich_gsea_from_a_deseq2_table(tmp_path, capsys):
    gmt = write_gmt(tmp_path / "sig.gmt", {"up": REAL[:6], "down": REAL[6:]})
    rows = ['"","baseMean","log2FoldChange","lfcSE","stat","pvalue","padj"']
    for i, name in enumerate(REAL):
        stat = 6.0 - i
        rows.append(f'"{name}",{100 + i},{stat / 2},0.5,{stat},{0.5 / (1 + abs(stat))},0.5')
    table = write_lines(tmp_path / "deseq2.csv", rows)
    out = tmp_path / "gsea.tsv"
    code = main(
        [
            "enrich",
            str(table),
            "--method",
            "gsea",
            "--signatures",
            str(gmt),
            "--permutations",
            "100",
            "-o",
            str(out),
        ]
    )
    err = capsys.readouterr().err
    assert code == 0, err
    assert "ranking by stat" in err
    result = pd.read_csv(out, sep="\t").set_index("term")
    assert result.loc["up", "es"] == pytest.approx(1.0) and result.loc["down", "nes"] < 0


def test_target_enrichment_progress_bar(capsys):
    result = target_enrichment(
        ["mA"], tiny_map(), TINY_SETS, permutations=300, chunk_size=100, min_size=1, progress=True
    )
    assert "300/300" in capsys.readouterr().err
    assert len(result) == 3


def test_target_enrichment_depends_on_the_seed_not_on_chunk_size():
    base = {"permutations": 700, "min_size": 1, "seed": 11}
    results = [
        target_enrichment(["mA", "mB"], tiny_map(), TINY_SETS, chunk_size=size, **base)
        for size in (1, 128, 300, 5000)
    ]
    for other in results[1:]:
        pd.testing.assert_frame_equal(results[0], other)
    different = target_enrichment(
        ["mA", "mB"], tiny_map(), TINY_SETS, chunk_size=128, **{**base, "seed": 12}
    )
    assert not different["pvalue"].equals(results[0]["pvalue"])


# ------------------------------------------------------- enrichment inputs (library)


def test_resolve_query_expands_a_hairpin_and_keeps_unknown_names():
    from mirbone.enrich import resolve_query

    # hsa-mir-21 is the hairpin of the matures hsa-miR-21-5p and -3p (miRBase v22)
    resolved = resolve_query(["hsa-mir-21", "miR-21-5p", "not-a-mirna"], species="hsa")
    assert resolved.names == ["hsa-miR-21-5p", "hsa-miR-21-3p", "not-a-mirna"]
    assert resolved.unresolved == ["not-a-mirna (unknown)"]
    flat = resolve_query(["miR-214-3p", "miR-214-3p"], species="hsa", expand=False)
    assert flat.names == ["hsa-miR-214-3p", "hsa-miR-214-3p"]


def test_read_ranking_from_a_file_and_from_a_statistics_table(tmp_path):
    from mirbone.enrich import read_ranking

    path = write_lines(tmp_path / "rank.tsv", ["mirna\tscore", "miR-21-5p\t2.5", "let-7a-5p\t-1"])
    ranking = read_ranking(path, species="hsa")
    assert ranking.method == "file" and ranking.unresolved == []
    assert ranking.scores.to_dict() == {"hsa-miR-21-5p": 2.5, "hsa-let-7a-5p": -1.0}
    table = Path(__file__).parent / "data" / "deseq2_results.csv"
    by_stat = read_ranking(table)
    assert by_stat.method == "stat"  # the table has DESeq2's stat column
    assert by_stat.scores["hsa-miR-214-3p"] == pytest.approx(5.11927718625366)
    signed = read_ranking(table, rank_by="signed_p")
    # sign(log2fc) * -log10(pvalue) of hsa-miR-29a-3p: -log10(3.41178263817622e-05)
    assert signed.scores["hsa-miR-29a-3p"] == pytest.approx(math.log10(3.41178263817622e-05))
    with pytest.raises(InputError, match="file not found"):
        read_ranking(tmp_path / "missing.tsv")


def test_check_query_file_names_the_method_keyword(tmp_path):
    from mirbone.enrich import check_query_file

    check_query_file(write_lines(tmp_path / "q.txt", ["hsa-miR-21-5p", "hsa-let-7a-5p"]))
    with pytest.raises(InputError, match="statistics table") as info:
        check_query_file(Path(__file__).parent / "data" / "deseq2_results.csv")
    assert info.value.keyword == "method" and "--" not in str(info.value)


def test_mirna_sets_bone_or_gmt(tmp_path):
    from mirbone import kb
    from mirbone.enrich import mirna_sets

    bone = mirna_sets("bone", species="hsa")
    assert bone == {k: list(v) for k, v in kb.signatures(species="hsa").items()}
    gmt = write_gmt(tmp_path / "s.gmt", {"a": ["hsa-miR-21-5p", "hsa-let-7a-5p"]})
    assert mirna_sets(gmt, species="hsa") == {"a": ["hsa-miR-21-5p", "hsa-let-7a-5p"]}
    with pytest.raises(InputError, match="'bone' or an existing GMT") as info:
        mirna_sets(tmp_path / "none.gmt", species="hsa")
    assert info.value.keyword == "signatures"
