"""Tests of mirbone.differential and mirbone.analysis (the pipeline without file writing)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from mirbone.differential import deseq2, non_count_reason, parse_contrast
from mirbone.errors import InputError


def simulated_counts(seed: int = 7, n: int = 80, per_group: int = 4):
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
    counts = pd.DataFrame(matrix, index=[f"hsa-miR-{1000 + i}" for i in range(n)], columns=samples)
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


@pytest.fixture(scope="module")
def fitted():
    """The simulated counts and their PyDESeq2 fit, case over ctrl (fitted once)."""
    counts, sheet = simulated_counts()
    return counts, sheet, deseq2(counts, sheet, contrast="group:case:ctrl")


def test_deseq2_recovers_planted_effects_and_base_mean(fitted):
    counts, _sheet, result = fitted
    assert list(result.columns) == ["log2fc", "pvalue", "padj", "base_mean", "lfc_se", "stat"]
    assert result.deseq2.size_factors == "ratio"
    assert result.deseq2.pydeseq2
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


def test_deseq2_contrast_direction_flips(fitted):
    counts, sheet, forward = fitted
    backward = deseq2(counts, sheet, contrast="group:ctrl:case")
    # The same fit up to the optimiser's tolerance.
    np.testing.assert_allclose(forward["log2fc"], -backward["log2fc"], atol=1e-4)
    np.testing.assert_allclose(forward["pvalue"], backward["pvalue"], rtol=1e-3, atol=1e-8)


def test_deseq2_odd_group_names_and_extra_groups(fitted):
    counts, sheet, plain = fitted
    odd = sheet.replace({"case": "<b>case & co</b>", "ctrl": "ctrl (n=4)"})
    extra = counts.assign(X1=counts.iloc[:, 0], X2=counts.iloc[:, 1])
    odd = pd.concat([odd, pd.DataFrame({"sample": ["X1", "X2"], "group": ["other"] * 2})])
    contrast = ("group", "<b>case & co</b>", "ctrl (n=4)")
    # restricted to the contrast's samples, the extra group changes nothing
    result = deseq2(extra, odd, contrast=contrast, fit="contrast")
    pd.testing.assert_frame_equal(result, plain, atol=1e-6)
    assert result.deseq2.n_samples == {"<b>case & co</b>": 4, "ctrl (n=4)": 4}
    # by default the extra group is in the fit (its samples inform the dispersions)
    whole = deseq2(extra, odd, contrast=contrast)
    assert whole.deseq2.fit_groups == {"<b>case & co</b>": 4, "ctrl (n=4)": 4, "other": 2}
    assert not np.allclose(whole["pvalue"], plain["pvalue"])


def test_deseq2_poscounts_when_every_mirna_has_a_zero():
    counts, sheet = simulated_counts()
    for i in range(counts.shape[1]):
        counts.iloc[i :: len(counts.columns), i] = 0
    counts.loc[:, counts.columns[0]] = counts[counts.columns[0]].where(
        np.arange(len(counts)) % 8 != 0, 0
    )
    assert not (counts > 0).all(axis=1).any()
    result = deseq2(counts, sheet, contrast="group:case:ctrl")
    assert result.deseq2.size_factors == "poscounts"
    assert np.isfinite(result["log2fc"]).all()


def test_deseq2_rounds_a_few_fractional_counts(fitted):
    """miRDeep2 / featureCounts --fraction: a few fractional counts are rounded, not refused."""
    counts, sheet, exact = fitted
    fractional = counts.astype(float)
    fractional.iloc[::25, 0] += 0.25  # 4 of 80 rows in one sample
    result = deseq2(fractional, sheet, contrast="group:case:ctrl")
    assert result.deseq2.rounded_counts is True
    np.testing.assert_allclose(result["log2fc"], exact["log2fc"], atol=1e-6)


def test_deseq2_refuses_normalised_values_unless_allowed(fitted):
    """DESeq2 models raw counts (R's DESeqDataSetFromMatrix refuses non-integers)."""
    counts, sheet, exact = fitted
    cpm = counts / counts.sum(axis=0) * 1e6
    whole_cpm = np.rint(cpm)  # CPM rounded to integers still sums to ~1e6 per sample
    for values in (cpm, whole_cpm, counts + 0.25):
        with pytest.raises(InputError, match="raw read counts"):
            deseq2(values, sheet, contrast="group:case:ctrl")
    assert non_count_reason(counts) is None
    assert "whole numbers" in non_count_reason(cpm)
    assert "one million" in non_count_reason(whole_cpm)
    assert "CPM" in non_count_reason(counts, value_type="cpm")
    # exceRpt / miRDeep2 / featureCounts share multi-mapped reads: fractional raw counts
    assert non_count_reason(counts + 0.5, fractional_ok=True) is None
    assert non_count_reason(whole_cpm, fractional_ok=True) is not None
    result = deseq2(counts + 0.25, sheet, contrast="group:case:ctrl", allow_non_counts=True)
    assert result.deseq2.rounded_counts is True
    np.testing.assert_allclose(result["log2fc"], exact["log2fc"], atol=1e-6)


def batch_counts(seed: int = 5):
    """Counts with a planted 4x group effect on 10 miRNAs and a strong batch effect."""
    rng = np.random.default_rng(seed)
    n = 150
    samples = [f"S{i}" for i in range(12)]
    groups = ["ctrl"] * 6 + ["case"] * 6
    batch = ["B1", "B1", "B2", "B2", "B2", "B2", "B1", "B1", "B1", "B1", "B2", "B2"]
    mean = rng.lognormal(5, 1.2, n)
    batch_effect = 2.0 ** rng.normal(0, 1.0, n)
    matrix = np.empty((n, len(samples)), dtype=np.int64)
    for j in range(len(samples)):
        mu = mean * np.where((np.arange(n) < 10) & (groups[j] == "case"), 4.0, 1.0)
        mu = mu * (batch_effect if batch[j] == "B2" else 1.0)
        matrix[:, j] = rng.negative_binomial(10, 10 / (10 + mu))
    counts = pd.DataFrame(matrix, index=[f"hsa-miR-{2000 + i}" for i in range(n)], columns=samples)
    sheet = pd.DataFrame({"sample": samples, "group": groups, "batch": batch})
    return counts, sheet


def test_deseq2_covariate_matches_pydeseq2_with_batch_in_the_design():
    from pydeseq2.dds import DeseqDataSet
    from pydeseq2.default_inference import DefaultInference
    from pydeseq2.ds import DeseqStats

    counts, sheet = batch_counts()
    ours = deseq2(counts, sheet, contrast="group:case:ctrl", covariates=["batch"])
    assert ours.deseq2.design == "~batch + group"  # the sheet's names
    metadata = sheet.set_index("sample").rename(columns={"group": "condition"})
    inference = DefaultInference(n_cpus=1)
    dds = DeseqDataSet(
        counts=counts.T,
        metadata=metadata,
        design="~batch + condition",
        refit_cooks=True,
        inference=inference,
        quiet=True,
    )
    dds.deseq2()
    direct = DeseqStats(
        dds, contrast=["condition", "case", "ctrl"], alpha=0.05, inference=inference, quiet=True
    )
    direct.summary()
    expected = direct.results_df.reindex(ours.index)
    np.testing.assert_allclose(ours["log2fc"], expected["log2FoldChange"], atol=1e-4)
    np.testing.assert_allclose(ours["pvalue"], expected["pvalue"], rtol=1e-3, atol=1e-10)
    # The planted 4x effect (log2 2) is recovered with the batch held fixed.
    planted = ours.index[:10]
    assert abs(ours.loc[planted, "log2fc"].median() - 2) < 0.3
    # Without the covariate the batch noise costs power: fewer planted hits, or weaker ones.
    plain = deseq2(counts, sheet, contrast="group:case:ctrl")
    assert plain.deseq2.design == "~group"
    assert ours.loc[planted, "pvalue"].median() < plain.loc[planted, "pvalue"].median()


@pytest.mark.parametrize(
    ("covariates", "message"),
    [
        (["donor"], "covariate not in the sample sheet"),
        (["group"], "contrast column"),
        (["confounded"], "confounded"),
        (["constant"], "one value"),
    ],
)
def test_deseq2_bad_covariates(covariates, message):
    counts, sheet = batch_counts()
    sheet = sheet.assign(confounded=["x"] * 6 + ["y"] * 6, constant="z")
    with pytest.raises(InputError, match=message):
        deseq2(counts, sheet, contrast="group:case:ctrl", covariates=covariates)


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ("group", "group"),
        ("age.group", "age.group"),
        (".hidden", ".hidden"),
        ("cell type", "`cell type`"),
        ("2nd", "`2nd`"),
        ("_x", "`_x`"),
        (".2a", "`.2a`"),
        (".", "`.`"),  # a formula's "every other column"
        ("if", "`if`"),  # R's reserved words (?Reserved)
        ("TRUE", "`TRUE`"),
        ("NA_real_", "`NA_real_`"),
        ("...", "`...`"),
        ("..1", "`..1`"),
        ("ifelse", "ifelse"),
        ("a`b", "`a\\`b`"),
    ],
)
def test_a_column_name_is_written_as_an_r_formula_writes_it(name, written):
    from mirbone.differential._deseq2 import _formula_name

    assert _formula_name(name) == written


def test_the_design_is_written_in_the_sheets_names_quoted_as_r_quotes_them():
    counts, sheet = simulated_counts(n=30)
    sheet = sheet.rename(columns={"group": "cell type"}).assign(batch_2=["a", "b"] * 4)
    table = deseq2(counts, sheet, contrast="cell type:case:ctrl", covariates=["batch_2"])
    assert table.deseq2.design == "~batch_2 + `cell type`"  # R: y ~ batch_2 + `cell type`


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


# --- end to end ---------------------------------------------------------------------------

EVIL = "<script>alert(1)</script>"
UP = ("hsa-miR-214-3p", "hsa-miR-31-5p", "hsa-miR-34a-5p", "hsa-miR-23a-5p")
DOWN = ("hsa-miR-196a-5p", "hsa-miR-27a-3p", "hsa-miR-206")


def write_count_fixture(folder):
    """A small count table with real miRBase names, planted review effects and an evil name."""
    from mirbone.names import mature_table

    rng = np.random.default_rng(11)
    human = sorted(mature_table().query("species == 'hsa'")["mature"])
    names = list(dict.fromkeys([*UP, *DOWN, "hsa-miR-21-5p", "hsa-miR-125b-5p", *human[:80]]))
    samples = [f"Y{i}" for i in range(1, 5)] + [f"A{i}" for i in range(1, 5)]
    groups = ["young"] * 4 + ["aged"] * 4
    mean = rng.lognormal(5, 1.2, len(names) + 1)
    mean[: len(UP) + len(DOWN)] = 800
    effect = np.ones(len(names) + 1)
    effect[: len(UP)] = 4.0
    effect[len(UP) : len(UP) + len(DOWN)] = 0.25
    matrix = np.empty((len(names) + 1, len(samples)), dtype=np.int64)
    for j, group in enumerate(groups):
        mu = mean * (effect if group == "aged" else 1.0)
        matrix[:, j] = rng.negative_binomial(10, 10 / (10 + mu))
    counts = pd.DataFrame(matrix, index=[*names, EVIL], columns=samples)
    counts.index.name = "mirna"
    path = folder / "counts.tsv"
    counts.to_csv(path, sep="\t", lineterminator="\n")
    sheet = folder / "samples.tsv"
    pd.DataFrame({"sample": samples, "group": groups}).to_csv(
        sheet, sep="\t", index=False, lineterminator="\n"
    )
    return path, sheet


@pytest.fixture(scope="module")
def cli_runs(tmp_path_factory):
    """Two CLI runs of `mirbone analyze` on the same input, into two folders."""
    from mirbone.cli import main

    folder = tmp_path_factory.mktemp("e2e")
    counts, sheet = write_count_fixture(folder)
    outs = []
    for name in ("out1", "out2"):
        out = folder / name
        code = main(
            [
                "analyze",
                str(counts),
                "--samples",
                str(sheet),
                "--contrast",
                "group:aged:young",
                "-o",
                str(out),
                "--permutations",
                "300",
                "--seed",
                "5",
                "--quiet",
            ]
        )
        assert code == 0
        outs.append(out)
    return folder, counts, sheet, outs


def test_cli_writes_every_output(cli_runs):
    _, _, _, (out, _) = cli_runs
    for name in (
        "report.html",
        "report.md",
        "run.json",
        "tables.xlsx",
        "tables/differential.tsv",
        "tables/review_mirnas.tsv",
        "tables/review_summary.tsv",
        "tables/signature_ora.tsv",
        "tables/targets.tsv",
        "tables/names.tsv",
        "figures/volcano.png",
        "figures/volcano.svg",
    ):
        assert (out / name).is_file(), name
    assert not [p for p in out.parent.iterdir() if p.name.startswith(".")]


def test_differential_calls_and_ora_match_scipy(cli_runs):
    from scipy.stats import hypergeom

    from mirbone import kb

    _, _, _, (out, _) = cli_runs
    de = pd.read_csv(out / "tables/differential.tsv", sep="\t")
    up = set(de.loc[(de["padj"] < 0.05) & (de["log2fc"] > 0), "mirna"])
    down = set(de.loc[(de["padj"] < 0.05) & (de["log2fc"] < 0), "mirna"])
    assert set(de.loc[de["direction"] == "up", "mirna"]) == up
    assert set(de.loc[de["direction"] == "down", "mirna"]) == down
    assert set(UP) <= up
    assert set(DOWN) <= down
    # the signatures are tested over the mature miRNAs measured: the unknown (evil) name
    # is tested and shown in the differential table but is no miRNA identity
    universe = set(de["mirna"]) - {EVIL}
    ora = pd.read_csv(out / "tables/signature_ora.tsv", sep="\t")
    row = ora[(ora["direction"] == "up") & (ora["term"] == "inhibits_osteogenesis")].iloc[0]
    members = set(kb.signatures(species="hsa")["inhibits_osteogenesis"]) & universe
    k = len(members & up)
    assert (row["size"], row["overlap"], row["query_size"], row["universe_size"]) == (
        len(members),
        k,
        len(up),
        len(universe),
    )
    expected = hypergeom.sf(k - 1, len(universe), len(members), len(up))
    assert row["pvalue"] == pytest.approx(expected, rel=1e-9)


def test_review_agreement_rule(cli_runs):
    _, _, _, (out, _) = cli_runs
    review = pd.read_csv(
        out / "tables/review_mirnas.tsv", sep="\t", dtype=str, keep_default_na=False
    )
    by = review.set_index("finding_id")
    # F022: miR-214-3p carried by osteoclast EVs, promotes osteoclastogenesis; up here.
    assert by.loc["F022", "direction"] == "up"
    assert by.loc["F022", "agreement"] == "agrees"
    assert by.loc["F022", "implies"] == "more osteoclastogenesis"
    # F036: PC-3 EVs lower miR-214 in OC precursors, inhibiting osteoclastogenesis: the
    # reported direction is down, so miR-214-3p up opposes it (more osteoclastogenesis).
    assert by.loc["F036", "review_direction"] == "down"
    assert by.loc["F036", "agreement"] == "opposes"
    assert by.loc["F036", "implies"] == "more osteoclastogenesis"
    # F001: miR-196a-5p, pro-osteogenic BMSC-EV cargo, is down: opposes, less osteogenesis.
    assert by.loc["F001", "agreement"] == "opposes"
    assert by.loc["F001", "implies"] == "less osteogenesis"
    # Mouse-only miRNAs have no human orthologue and are never matched.
    assert (review.loc[review["mirna"] == "", "in_data"] == "False").all()
    summary = pd.read_csv(out / "tables/review_summary.tsv", sep="\t")
    less = summary.set_index("implies").loc["less osteogenesis"]
    assert "hsa-miR-196a-5p" in less["mirnas"]
    import json

    highlights = json.loads((out / "run.json").read_text())["summary"]["highlights"]
    assert any(
        "hsa-miR-214-3p" in line and "agree" not in line.split(":")[0] for line in highlights
    )
    assert any(line.startswith("Changes pointing to less osteogenesis") for line in highlights)


def test_targets_annotated_and_marked(cli_runs):
    _, _, _, (out, _) = cli_runs
    targets = pd.read_csv(out / "tables/targets.tsv", sep="\t", dtype=str)
    row = targets[(targets["mirna"] == "hsa-miR-214-3p") & (targets["gene"] == "ATF4")].iloc[0]
    assert row["origin"] == "review"
    assert row["gene_entrez_id"] == "468"
    assert row["gene_name"] == "activating transcription factor 4"


def test_two_runs_identical_but_timestamp(cli_runs):
    import json

    _, _, _, (first, second) = cli_runs
    tables = sorted(p.name for p in (first / "tables").iterdir())
    assert tables == sorted(p.name for p in (second / "tables").iterdir())
    for name in tables:
        assert (first / "tables" / name).read_bytes() == (second / "tables" / name).read_bytes()
    for name in ("report.md", "report.html", "tables.xlsx", "figures/volcano.svg"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    run_a = json.loads((first / "run.json").read_text())
    run_b = json.loads((second / "run.json").read_text())
    assert run_a.pop("created") and run_b.pop("created")
    assert run_a == run_b


def test_run_json_records_provenance(cli_runs):
    import hashlib
    import json

    _, counts, sheet, (out, _) = cli_runs
    run = json.loads((out / "run.json").read_text())
    assert run["parameters"]["permutations"] == 300
    assert run["seeds"] == {"gsea": 5, "target_enrichment": 5}
    inputs = {item["role"]: item for item in run["inputs"]}
    assert inputs["table"]["files"][0]["sha256"] == hashlib.sha256(counts.read_bytes()).hexdigest()
    assert inputs["samples"]["files"][0]["sha256"] == hashlib.sha256(sheet.read_bytes()).hexdigest()
    assert run["data"]["mirbase"]["release"] == "22"
    assert run["data"]["genes"]["date"] == "2022-09-12"
    assert run["data"]["go"]["date"] == "2022-07-01"
    assert run["data"]["knowledge_base"]["version"]
    for package in ("gseapy", "pydeseq2", "pandas", "python", "mirbone"):
        assert run["software"][package]
    assert run["differential"]["source"] == "PyDESeq2"
    assert run["differential"]["pydeseq2"] == run["software"]["pydeseq2"]


def test_user_strings_escaped(cli_runs):
    _, _, _, (out, _) = cli_runs
    names = pd.read_csv(out / "tables/names.tsv", sep="\t", dtype=str)
    assert EVIL in set(names["input"])  # the evil name was read and kept
    html = (out / "report.html").read_text(encoding="utf-8")
    md = (out / "report.md").read_text(encoding="utf-8")
    assert EVIL not in html
    assert EVIL not in md
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # the sorting script, and with a network the inlined cytoscape.js and its driver
    assert html.count("<script>") == 1 + 2 * ('id="mirbone-network"' in html)
    assert html.count("<script") == html.count("<script>") + ('id="mirbone-network"' in html)


def test_cli_refuses_overwrite_and_leaves_nothing_on_error(cli_runs, capsys):
    from mirbone.cli import main

    folder, counts, sheet, (out, _) = cli_runs
    before = (out / "run.json").read_bytes()
    code = main(
        [
            "analyze",
            str(counts),
            "--samples",
            str(sheet),
            "--contrast",
            "group:aged:young",
            "-o",
            str(out),
            "--quiet",
        ]
    )
    assert code == 2
    assert "--force" in capsys.readouterr().err
    assert (out / "run.json").read_bytes() == before
    listing = sorted(p.name for p in folder.iterdir())
    code = main(
        [
            "analyze",
            str(counts),
            "--samples",
            str(sheet),
            "--contrast",
            "group:old:young",
            "-o",
            str(folder / "bad"),
            "--quiet",
        ]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert "old" in err
    assert len(err.strip().splitlines()) == 1
    assert sorted(p.name for p in folder.iterdir()) == listing


def write_de_fixture(folder):
    """A DESeq2 result table in R's write.csv layout (first header field empty)."""
    rng = np.random.default_rng(3)
    from mirbone.names import mature_table

    human = sorted(mature_table().query("species == 'hsa'")["mature"])[:120]
    names = list(dict.fromkeys([*UP, *DOWN, *human]))
    log2fc = rng.normal(0, 0.3, len(names))
    pvalue = rng.uniform(0.05, 1, len(names))
    log2fc[: len(UP)] = 2.0
    log2fc[len(UP) : len(UP) + len(DOWN)] = -2.0
    pvalue[: len(UP) + len(DOWN)] = 1e-6
    stats = pd.DataFrame(
        {
            "baseMean": rng.uniform(50, 5000, len(names)),
            "log2FoldChange": log2fc,
            "lfcSE": 0.3,
            "stat": log2fc / 0.3,
            "pvalue": pvalue,
            "padj": np.minimum(pvalue * 5, 1.0),
        },
        index=names,
    )
    path = folder / "deseq2_results.csv"
    stats.to_csv(path)
    return path


def test_analyze_de_table_with_external_targets(tmp_path):
    from mirbone.analysis import analyze

    table = write_de_fixture(tmp_path)
    pairs = tmp_path / "pairs.tsv"
    pairs.write_text(
        "mirna\tgene\nhsa-miR-214-3p\tATF4\nhsa-miR-214-3p\tPTEN\n"
        "hsa-miR-196a-5p\tHOXC8\nhsa-miR-999-nope\tTP53\n"
    )
    others = [m for m in pd.read_csv(table, index_col=0).index if m not in UP + DOWN][:3]
    with pairs.open("a") as stream:
        for mirna, gene in zip(others, ("TP53", "RUNX2", "SOST"), strict=True):
            stream.write(f"{mirna}\t{gene}\n")
    gmt = tmp_path / "bone.gmt"
    gmt.write_text("MY_SET\tmy description\tATF4\tPTEN\tRUNX2\tTP53\nOTHER\tx\tHOXC8\tSOST\tTCF7\n")
    result = analyze(
        table, targets=pairs, gene_sets=gmt, min_size=2, permutations=200, figures=False
    )
    assert result.summary["has_stats"]
    enriched = result.tables["target_enrichment"].set_index("term")
    assert "MY_SET" in enriched.index
    assert result.parameters["gene_sets"] == "bone.gmt"
    assert result.provenance["differential"]["source"] == "input table"
    assert result.summary["n_up"] == len(UP)
    assert result.summary["n_down"] == len(DOWN)
    edges = result.tables["targets"].set_index(["mirna", "gene"])
    assert edges.loc[("hsa-miR-214-3p", "ATF4"), "origin"] == "review + external"
    assert edges.loc[("hsa-miR-214-3p", "PTEN"), "origin"] == "external"
    assert edges.loc[("hsa-miR-23a-5p", "RUNX2"), "origin"] == "review"
    roles = {item["role"] for item in result.provenance["inputs"]}
    assert roles == {"table", "targets", "gene_sets"}
    assert result.parameters["targets"] == "pairs.tsv"
    # concordance: the review's miR-214-3p -> ATF4 (ref 24) is in pairs.tsv, RUNX2 edges not
    concord = result.tables["kb_concordance"].set_index(["mirna", "gene"])
    assert concord.loc[("hsa-miR-214-3p", "ATF4"), "n_sources"] == 1
    assert concord.loc[("hsa-miR-23a-5p", "RUNX2"), "n_sources"] == 0


def test_analyze_name_list_without_statistics(tmp_path):
    from mirbone.analysis import analyze

    listing = tmp_path / "mirnas.txt"
    listing.write_text("\n".join([*UP, "hsa-miR-21", "miR-125b-5p"]) + "\n")
    result = analyze(listing, permutations=200, figures=False)
    assert not result.summary["has_stats"]
    review = result.tables["review_mirnas"]
    assert set(review.loc[review["in_data"], "agreement"]) == {"present"}
    assert "hsa-miR-21-5p" in set(review.loc[review["in_data"], "mirna"])
    assert "differential" not in result.tables
    assert any("GSEA was not run" in note for note in result.notes)
    # A MirnaData read beforehand gives the same tables.
    from mirbone.io import read

    again = analyze(read(listing), permutations=200, figures=False)
    for name, table in result.tables.items():
        pd.testing.assert_frame_equal(again.tables[name], table)


def test_analyze_rejects_bad_options(tmp_path):
    from mirbone.analysis import analyze

    table = write_de_fixture(tmp_path)
    for options in ({"permutations": 0}, {"padj": 0}, {"log2fc": -1}):
        with pytest.raises(InputError):
            analyze(table, figures=False, **options)
    with pytest.raises(InputError, match="not found"):
        analyze(tmp_path / "missing.tsv")


def test_multi_contrast_table_and_workbook_sheet(tmp_path, data_dir):
    from mirbone.analysis import analyze
    from mirbone.cli import main

    result = analyze(
        data_dir / "multi_contrast.tsv", contrast="Aged.vs.Young", permutations=100, figures=False
    )
    assert (result.summary["test_group"], result.summary["reference_group"]) == ("Aged", "Young")
    assert result.parameters["contrast"] == "Aged.vs.Young"
    out = tmp_path / "xlsx"
    assert (
        main(
            [
                "analyze",
                str(data_dir / "counts_two_sheets.xlsx"),
                "--sheet",
                "raw",
                "-o",
                str(out),
                "--quiet",
                "--permutations",
                "100",
            ]
        )
        == 0
    )
    assert (out / "report.html").is_file()


def test_review_mirna_not_tested_is_not_detected(tmp_path):
    from mirbone.analysis import analyze

    table = write_de_fixture(tmp_path)
    frame = pd.read_csv(table, index_col=0)
    frame.loc["hsa-miR-21-5p"] = [3.0, np.nan, np.nan, np.nan, np.nan, np.nan]
    frame.to_csv(table)
    result = analyze(table, permutations=100, figures=False)
    review = result.tables["review_mirnas"]
    rows = review[review["mirna"] == "hsa-miR-21-5p"]
    assert set(rows["direction"]) == {"not detected"}
    assert not rows["in_data"].any()
    assert "hsa-miR-21-5p" not in set(
        result.tables["differential"].query("direction in ['up', 'down', 'ns']")["mirna"]
    )
    gone = review[review["mirna"] == "hsa-miR-192-5p"]
    assert set(gone["direction"]) == {"not in data"}


def test_nothing_significant_is_said_plainly(tmp_path):
    from mirbone.analysis import analyze
    from mirbone.analysis._report import write_report

    table = write_de_fixture(tmp_path)
    frame = pd.read_csv(table, index_col=0)
    frame["pvalue"] = 0.5
    frame["padj"] = 0.9
    frame.to_csv(table)
    result = analyze(table, permutations=100)
    assert result.summary["n_up"] == result.summary["n_down"] == 0
    assert any("no miRNA passes" in note for note in result.notes)
    assert any("no miRNA passed the significance thresholds" in note for note in result.notes)
    assert result.summary["highlights"][0].startswith("None of the")
    out = write_report(result, tmp_path / "report")
    result.close_figures()
    assert (out / "report.html").is_file()


def test_de_table_without_pvalue_column_keeps_its_hits(tmp_path):
    """A DESeq2 export with baseMean, log2FoldChange and padj only (statistical review)."""
    from mirbone.analysis import analyze

    table = write_de_fixture(tmp_path)
    frame = pd.read_csv(table, index_col=0).drop(columns=["pvalue", "stat", "lfcSE"])
    frame.to_csv(table)
    result = analyze(table, permutations=100, figures=False)
    assert result.summary["n_detected"] == len(frame)
    assert result.summary["n_up"] == len(UP)
    assert result.summary["n_down"] == len(DOWN)


def test_de_table_without_padj_column_is_adjusted_not_called_unchanged(tmp_path):
    """p-values but no padj (edgeR exactTest$table, a table cut short): BH, said in Methods."""
    from scipy.stats import false_discovery_control

    from mirbone.analysis import analyze
    from mirbone.analysis._report import _methods

    table = write_de_fixture(tmp_path)
    frame = pd.read_csv(table, index_col=0)
    frame.drop(columns=["padj"]).to_csv(table)
    result = analyze(table, permutations=100, figures=False)
    expected = false_discovery_control(frame["pvalue"].to_numpy(), method="bh")
    de = result.tables["differential"].set_index("mirna").loc[frame.index]
    np.testing.assert_allclose(de["padj"].to_numpy(), expected, rtol=1e-12)
    assert result.summary["n_up"] == len(UP)  # p = 1e-6 survives BH over 120 tests
    assert result.summary["n_down"] == len(DOWN)
    assert "padj was computed by Benjamini-Hochberg" in " ".join(_methods(result))


def test_a_table_cut_at_a_p_value_is_flagged_when_padj_is_computed(tmp_path):
    from mirbone.analysis import analyze

    table = write_de_fixture(tmp_path)
    frame = pd.read_csv(table, index_col=0)
    frame[frame["pvalue"] < 0.3].drop(columns=["padj"]).to_csv(table)
    result = analyze(table, permutations=100, figures=False)
    assert any("computed padj are too small" in w for w in result.warnings)


def test_an_empty_padj_column_labels_the_mirnas_filtered_and_says_so(tmp_path):
    from mirbone.analysis import analyze

    table = write_de_fixture(tmp_path)
    frame = pd.read_csv(table, index_col=0)
    frame.assign(padj=np.nan).to_csv(table)
    result = analyze(table, permutations=100, figures=False)
    assert set(result.tables["differential"]["direction"]) == {"filtered"}
    assert any("No miRNA has an adjusted p-value" in w for w in result.warnings)


def test_de_table_with_fold_changes_only_calls_nothing_and_says_why(tmp_path):
    from mirbone.analysis import analyze

    table = write_de_fixture(tmp_path)
    frame = pd.read_csv(table, index_col=0)
    frame[["baseMean", "log2FoldChange"]].to_csv(table)
    result = analyze(table, permutations=100, figures=False)
    assert result.summary["n_up"] == result.summary["n_down"] == 0
    assert set(result.tables["differential"]["direction"]) == {"not tested"}
    assert any("no p-values or adjusted p-values" in w for w in result.warnings)


def test_outlier_without_pvalue_is_not_tested_but_in_the_universe(tmp_path):
    """DESeq2 gives Cook's outliers a fold change but no p-value: tested, not absent."""
    from mirbone.analysis import analyze

    table = write_de_fixture(tmp_path)
    frame = pd.read_csv(table, index_col=0)
    frame.loc["hsa-miR-21-5p"] = [26339.0, 1.2, 0.4, np.nan, np.nan, np.nan]
    frame.to_csv(table)
    result = analyze(table, permutations=100, figures=False)
    assert result.summary["n_detected"] == len(frame)
    review = result.tables["review_mirnas"]
    rows = review[review["mirna"] == "hsa-miR-21-5p"]
    assert set(rows["direction"]) == {"not tested"}
    assert rows["in_data"].all()
    assert set(rows["agreement"]) == {"not tested"}


def test_independent_filtering_follows_the_fdr_cut_off():
    """DESeq2 tunes its independent filtering to alpha: deseq2 passes its padj as alpha."""
    from pydeseq2.dds import DeseqDataSet
    from pydeseq2.default_inference import DefaultInference
    from pydeseq2.ds import DeseqStats

    counts, sheet = simulated_counts(seed=11)
    ours = deseq2(counts, sheet, contrast="group:case:ctrl", padj=0.2)
    assert ours.deseq2.padj == 0.2
    metadata = sheet.set_index("sample").rename(columns={"group": "condition"})
    dds = DeseqDataSet(
        counts=counts.T,
        metadata=metadata,
        design="~condition",
        inference=DefaultInference(n_cpus=1),
        quiet=True,
    )
    dds.deseq2()
    direct = DeseqStats(
        dds,
        contrast=["condition", "case", "ctrl"],
        alpha=0.2,
        inference=DefaultInference(n_cpus=1),
        quiet=True,
    )
    direct.summary()
    expected = direct.results_df["padj"].reindex(ours.index)
    # which miRNAs independent filtering removes (padj NaN) depends on alpha
    assert ours["padj"].isna().tolist() == expected.isna().tolist()
    np.testing.assert_allclose(ours["padj"], expected, rtol=1e-3, equal_nan=True)


# --- new-user findings: refusals, species, contrast, filtered, warnings -------------------


def test_cli_refuses_cpm_tables_unless_allowed(tmp_path, data_dir, capsys):
    from mirbone.cli import main

    # nf-core/smrnaseq's TMM-CPM file, detected by its reader
    cpm_file = data_dir / "mature_normalized_CPM.txt"
    sheet = tmp_path / "s3.tsv"
    sheet.write_text(
        "sample\tgroup\nEV_young_1\tyoung\nEV_young_2\tyoung\nEV_aged_1\taged\n", encoding="utf-8"
    )
    code = main(
        [
            "analyze",
            str(cpm_file),
            "--samples",
            str(sheet),
            "--contrast",
            "group:aged:young",
            "-o",
            str(tmp_path / "r1"),
            "--quiet",
        ]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert str(cpm_file) in err and "raw read counts" in err and "--allow-non-counts" in err
    assert not (tmp_path / "r1").exists()
    # a plain TSV of CPM values (non-integer): refused too, then tested on request, loudly
    counts, table_sheet = write_count_fixture(tmp_path)
    frame = pd.read_csv(counts, sep="\t", index_col=0)
    cpm = frame / frame.sum() * 1e6
    cpm_path = tmp_path / "cpm.tsv"
    cpm.to_csv(cpm_path, sep="\t")
    args = [
        "analyze",
        str(cpm_path),
        "--samples",
        str(table_sheet),
        "--contrast",
        "group:aged:young",
        "--permutations",
        "50",
        "--quiet",
    ]
    assert main([*args, "-o", str(tmp_path / "r2")]) == 2
    assert "whole numbers" in capsys.readouterr().err
    assert main([*args, "-o", str(tmp_path / "r3"), "--allow-non-counts"]) == 0
    err = capsys.readouterr().err
    assert "mirbone analyze: warning: " in err and "not trustworthy" in err
    run = json.loads((tmp_path / "r3" / "run.json").read_text(encoding="utf-8"))
    assert run["parameters"]["allow_non_counts"] is True
    assert "not trustworthy" in (tmp_path / "r3" / "report.md").read_text(encoding="utf-8")


def test_names_of_another_species_stop_the_analysis(tmp_path, capsys):
    from mirbone.analysis import analyze
    from mirbone.cli import main

    table = write_de_fixture(tmp_path)  # hsa names only
    with pytest.raises(InputError, match="choose species hsa") as info:
        analyze(table, species="mmu", permutations=50, figures=False)
    assert info.value.keyword == "species"
    with pytest.raises(InputError, match="covariates apply to a count table") as info:
        analyze(table, covariates=["batch"], permutations=50, figures=False)
    assert info.value.keyword == "covariates"
    code = main(["analyze", str(table), "--species", "mmu", "-o", str(tmp_path / "r"), "--quiet"])
    err = capsys.readouterr().err
    assert code == 2 and "are hsa miRNAs" in err and str(table) in err
    assert err.startswith("mirbone analyze: error: --species (species= in Python): ")
    # the right species runs, and At a glance says how many names resolved
    result = analyze(table, species="hsa", permutations=50, figures=False)
    assert result.summary["n_resolved_names"] == result.summary["n_input_names"]


def test_sample_sheet_without_contrast_is_refused(tmp_path, capsys):
    from mirbone.analysis import analyze
    from mirbone.cli import main

    counts, sheet = write_count_fixture(tmp_path)
    code = main(
        ["analyze", str(counts), "--samples", str(sheet), "-o", str(tmp_path / "r"), "--quiet"]
    )
    err = capsys.readouterr().err
    # one column with two groups: both directions offered, the user chooses
    assert code == 2
    assert err.startswith("mirbone analyze: error: --contrast (contrast= in Python): ")
    assert "choose group:aged:young or group:young:aged" in err
    assert not (tmp_path / "r").exists()
    wide = tmp_path / "wide.tsv"
    frame = pd.read_csv(sheet, sep="\t")
    frame.assign(batch=["B1", "B2"] * 4).to_csv(wide, sep="\t", index=False)
    with pytest.raises(InputError, match="columns: group, batch") as caught:
        analyze(counts, samples=wide, permutations=50, figures=False)
    assert "group:aged:young or" not in str(caught.value)  # no guess between two columns


def test_padj_na_with_a_pvalue_is_filtered_not_no_change(tmp_path):
    """DESeq2's independent filtering leaves padj NA with a finite p-value."""
    from mirbone.analysis import analyze
    from mirbone.analysis._review import AGREEMENT_TEXT

    table = write_de_fixture(tmp_path)
    frame = pd.read_csv(table, index_col=0)
    frame.loc["hsa-miR-21-5p"] = [3.0, 0.4, 0.5, 0.8, 0.42, np.nan]
    frame.to_csv(table)
    result = analyze(table, permutations=50, figures=False)
    de = result.tables["differential"].set_index("mirna")
    assert de.loc["hsa-miR-21-5p", "direction"] == "filtered"
    assert (de.loc[de["padj"].notna(), "direction"] != "filtered").all()
    review = result.tables["review_mirnas"]
    rows = review[review["mirna"] == "hsa-miR-21-5p"]
    assert set(rows["agreement"]) == {"filtered"} and rows["in_data"].all()
    assert "filtered: " in AGREEMENT_TEXT and "independent filtering" in AGREEMENT_TEXT


def test_skipped_target_test_is_a_warning_on_stderr(tmp_path, capsys):
    from mirbone.cli import main

    table = write_de_fixture(tmp_path)
    frame = pd.read_csv(table, index_col=0)
    frame["pvalue"] = 0.5
    frame["padj"] = 0.9
    frame.to_csv(table)
    code = main(
        ["analyze", str(table), "-o", str(tmp_path / "r"), "--permutations", "50", "--quiet"]
    )
    err = capsys.readouterr().err
    assert code == 0
    lines = [x for x in err.splitlines() if x.startswith("mirbone analyze: warning: ")]
    assert any("Target-gene enrichment (bone) was not run" in x for x in lines), err
    md = (tmp_path / "r" / "report.md").read_text(encoding="utf-8")
    assert "> **Warning:** Target-gene enrichment (bone) was not run" in md


def test_demo_design_reproduces_the_bundled_deseq2_table():
    """examples/data/deseq2_results.csv was made by its own script with ~batch + group."""
    from pathlib import Path

    from mirbone.cli.demo import DEMO_CONTRAST, DEMO_COVARIATES

    examples = Path(__file__).resolve().parents[1] / "examples" / "data"
    counts = pd.read_csv(examples / "counts.tsv", sep="\t", index_col=0)
    sheet = pd.read_csv(examples / "samples.tsv", sep="\t", dtype=str)
    bundled = pd.read_csv(examples / "deseq2_results.csv", index_col=0)
    ours = deseq2(counts, sheet, contrast=DEMO_CONTRAST, covariates=DEMO_COVARIATES, min_count=10)
    assert list(ours.index) == list(bundled.index)
    assert_same_deseq2_result(ours, bundled)


def assert_same_deseq2_result(ours: pd.DataFrame, bundled: pd.DataFrame) -> None:
    """Equal up to floating-point kernels, not up to a change of method or data.

    Measured on benign runs (other CPUs' BLAS kernels, other scipy/numpy releases): log2FC
    moves at most 1.3e-4 and -log10(padj) at most 0.04, except in at most two miRNAs whose
    dispersion optimiser stopped just short of its tolerance on one kernel, where PyDESeq2
    falls back to the gene-wise dispersion (lfcSE +7 %, padj up to 1.75 decades). The
    smallest real changes measured (one count +100, poscounts size factors, FDR target 0.1)
    move log2FC by >= 2.3e-3 or change the hits.
    """
    np.testing.assert_allclose(ours["log2fc"], bundled["log2FoldChange"], atol=5e-4, rtol=0)
    assert ours["padj"].isna().tolist() == bundled["padj"].isna().tolist()
    decades = (np.log10(ours["padj"]) - np.log10(bundled["padj"])).abs().dropna()
    assert (decades > 0.05).sum() <= 2, decades[decades > 0.05]
    assert decades.max() <= 2.0, decades.idxmax()
    hits = set(ours.index[ours["padj"] < 0.05])
    assert hits == set(bundled.index[bundled["padj"] < 0.05])


def test_the_deseq2_tolerances_catch_real_changes_not_kernel_noise():
    from pathlib import Path

    examples = Path(__file__).resolve().parents[1] / "examples" / "data"
    bundled = pd.read_csv(examples / "deseq2_results.csv", index_col=0)
    ours = bundled.rename(columns={"log2FoldChange": "log2fc"})[["log2fc", "padj"]].copy()
    assert_same_deseq2_result(ours, bundled)
    noise = ours.copy()
    noise["log2fc"] += 1.3e-4
    rows = noise.index[noise["padj"] < 1e-3][:2]
    noise.loc[rows, "padj"] *= 10  # two optimiser flips: one decade each
    assert_same_deseq2_result(noise, bundled)
    changed = ours.copy()
    changed.iloc[0, changed.columns.get_loc("log2fc")] += 2.3e-3  # a count of +100
    with pytest.raises(AssertionError):
        assert_same_deseq2_result(changed, bundled)
    three = ours.copy()
    three.loc[three.index[three["padj"] < 1e-3][:3], "padj"] *= 10
    with pytest.raises(AssertionError):
        assert_same_deseq2_result(three, bundled)
    lost_hit = ours.copy()
    edge = lost_hit.index[(lost_hit["padj"] > 0.02) & (lost_hit["padj"] < 0.05)][0]
    lost_hit.loc[edge, "padj"] = 0.06
    with pytest.raises(AssertionError):
        assert_same_deseq2_result(lost_hit, bundled)


def test_a_non_converged_map_dispersion_keeps_the_prior_as_in_r(monkeypatch):
    """DESeq2's fallback for a MAP dispersion whose optimiser failed: the grid with the prior.

    PyDESeq2 0.5's own fallback drops the prior (the gene-wise estimate); the demo's
    hsa-miR-214-3p moved a decade between machines that way (README, reproducibility).
    """
    import pydeseq2.utils
    from pydeseq2.grid_search import grid_fit_alpha
    from scipy.optimize import OptimizeResult

    from mirbone.differential._deseq2 import _prior_keeping_inference

    rng = np.random.default_rng(3)
    design = np.column_stack([np.ones(12), np.repeat([0.0, 1.0], 6)])
    mu = np.full((12, 2), 2500.0)
    counts = rng.negative_binomial(10, 10 / (10 + mu)).astype(float)
    alpha_hat = np.array([0.11, 0.11])
    options = {"min_disp": 1e-8, "max_disp": 10.0, "prior_disp_var": 0.25, "prior_reg": True}
    inference = _prior_keeping_inference()
    converged_map, ok = inference.alpha_mle(counts, design, mu, alpha_hat, **options)
    assert ok.all()

    def failing_minimize(fun, x0, **kwargs):  # the optimiser stops short of its tolerance
        return OptimizeResult(x=np.asarray(x0), success=False)

    monkeypatch.setattr(pydeseq2.utils, "minimize", failing_minimize)
    ours, ok = inference.alpha_mle(counts, design, mu, alpha_hat, **options)
    assert not ok.any()
    stock, _ = super(type(inference), inference).alpha_mle(counts, design, mu, alpha_hat, **options)
    for i in range(2):
        with_prior = np.exp(
            grid_fit_alpha(counts[:, i], design, mu[:, i], alpha_hat[i], 1e-8, 10.0,
                           prior_disp_var=0.25, prior_reg=True)
        )  # fmt: skip
        without = np.exp(grid_fit_alpha(counts[:, i], design, mu[:, i], alpha_hat[i], 1e-8, 10.0))
        assert ours[i] == pytest.approx(with_prior)
        assert stock[i] == pytest.approx(without)  # PyDESeq2's own fallback: no prior
        # DESeq2's fallback lands near the converged MAP estimate (the grid's resolution)
        assert ours[i] == pytest.approx(converged_map[i], rel=0.05)
    # Genes that converge are untouched, and the gene-wise fit (no prior) is PyDESeq2's own.
    monkeypatch.undo()
    genewise, _ = inference.alpha_mle(counts, design, mu, alpha_hat, 1e-8, 10.0)
    stock_genewise, _ = super(type(inference), inference).alpha_mle(
        counts, design, mu, alpha_hat, 1e-8, 10.0
    )
    np.testing.assert_array_equal(genewise, stock_genewise)
