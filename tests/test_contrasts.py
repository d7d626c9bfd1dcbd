"""Several contrasts in one run: one DESeq2 fit, per-contrast reports and a comparison."""

from __future__ import annotations

import contextlib
import io
import json
import re
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mirbone import plot
from mirbone.analysis._contrasts import expand_contrasts
from mirbone.cli import main
from mirbone.differential import deseq2, deseq2_contrasts
from mirbone.errors import InputError

DATA = Path(__file__).parent / "data"


def write_three_groups(folder: Path, seed: int = 5) -> tuple[Path, Path]:
    """Counts of 206 human miRNAs in young, aged and op (4 samples each), with known shifts."""
    from mirbone.names import mature_table

    rng = np.random.default_rng(seed)
    first = [
        "hsa-miR-214-3p",
        "hsa-miR-21-5p",
        "hsa-miR-31-5p",
        "hsa-miR-196a-5p",
        "hsa-miR-218-5p",
        "hsa-miR-23a-5p",
    ]
    human = sorted(mature_table().query("species == 'hsa'")["mature"])[:200]
    names = list(dict.fromkeys([*first, *human]))
    base = rng.lognormal(5, 1.2, len(names))
    aged = np.zeros(len(names))
    aged[[0, 2, 4]], aged[[1, 3]] = 2.0, -2.0
    op = np.zeros(len(names))
    op[[0, 1, 5]], op[3] = 1.8, -1.8
    columns, sheet = {}, []
    for group, shift in (("young", np.zeros(len(names))), ("aged", aged), ("op", op)):
        for i in range(4):
            mean = base * np.exp2(shift) * rng.uniform(0.8, 1.2)
            columns[f"{group}_{i + 1}"] = rng.negative_binomial(20, 20 / (20 + mean))
            sheet.append((f"{group}_{i + 1}", group, f"b{i % 2}"))
    counts = pd.DataFrame(columns, index=pd.Index(names, name="mirna"))
    counts.to_csv(folder / "counts.tsv", sep="\t")
    samples = pd.DataFrame(sheet, columns=["sample", "group", "batch"])
    samples.to_csv(folder / "samples.tsv", sep="\t", index=False)
    return folder / "counts.tsv", folder / "samples.tsv"


@pytest.fixture(scope="module")
def three_groups(tmp_path_factory):
    folder = tmp_path_factory.mktemp("three")
    return write_three_groups(folder)


def test_one_fit_matches_pydeseq2_on_all_samples(three_groups):
    from pydeseq2.dds import DeseqDataSet
    from pydeseq2.ds import DeseqStats

    counts_path, samples_path = three_groups
    counts = pd.read_csv(counts_path, sep="\t", index_col=0)
    samples = pd.read_csv(samples_path, sep="\t")
    tables = deseq2_contrasts(
        counts, samples, contrasts=["group:aged:young", "group:op:young"], min_count=0
    )
    assert list(tables) == ["group:aged:young", "group:op:young"]
    # The reference: PyDESeq2 called directly, one fit of ~group on the 12 samples.
    metadata = samples.set_index("sample")[["group"]]
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        dds = DeseqDataSet(
            counts=counts.T,
            metadata=metadata,
            design="~group",
            ref_level=["group", "young"],
            refit_cooks=True,
            quiet=True,
        )
        dds.deseq2()
        for test in ("aged", "op"):
            stats = DeseqStats(dds, contrast=["group", test, "young"], quiet=True)
            stats.summary()
            expected = stats.results_df
            got = tables[f"group:{test}:young"]
            # the same model; only the optimiser's last digits differ (level coding)
            np.testing.assert_allclose(got["log2fc"], expected["log2FoldChange"], atol=1e-5)
            np.testing.assert_allclose(got["pvalue"], expected["pvalue"], rtol=1e-3, atol=1e-12)
    # Fitted on all 12 samples: the dispersions differ from a fit of young and aged alone.
    alone = deseq2(counts, samples, contrast="group:aged:young", min_count=0, fit="contrast")
    assert not np.allclose(alone["lfc_se"], tables["group:aged:young"]["lfc_se"])
    assert tables["group:aged:young"].deseq2.n_samples_fitted == 12
    assert alone.deseq2.n_samples_fitted is None
    # the shifts written into the data are found, with the right sign
    aged = tables["group:aged:young"]
    assert aged.loc["hsa-miR-214-3p", "log2fc"] > 1 and aged.loc["hsa-miR-21-5p", "log2fc"] < -1


def test_contrast_errors(three_groups):
    counts_path, samples_path = three_groups
    counts = pd.read_csv(counts_path, sep="\t", index_col=0)
    samples = pd.read_csv(samples_path, sep="\t")
    with pytest.raises(InputError, match="one sample-sheet column"):
        deseq2_contrasts(counts, samples, contrasts=["group:aged:young", "batch:b0:b1"])
    with pytest.raises(InputError, match="named twice"):
        deseq2_contrasts(counts, samples, contrasts=["group:aged:young", "group:aged:young"])


def test_expand_all_vs(three_groups):
    from mirbone.io import read

    counts_path, samples_path = three_groups
    data = read(counts_path, samples=samples_path)
    assert expand_contrasts(["all-vs:young"], data) == ["group:aged:young", "group:op:young"]
    assert expand_contrasts(["all-vs:group:op"], data) == ["group:aged:op", "group:young:op"]
    with pytest.raises(InputError, match="all-vs:COLUMN:nothing"):
        expand_contrasts(["all-vs:nothing"], data)
    table = read(DATA / "multi_contrast.tsv", contrast="Aged.vs.Young")
    assert expand_contrasts(["all-vs:Young"], table) == ["Aged.vs.Young", "OP.vs.Young"]
    with pytest.raises(InputError, match="against 'Old'"):
        expand_contrasts(["all-vs:Old"], table)


def test_upset_table_by_hand():
    table = plot.upset_table({"A": {"x", "y", "z"}, "B": {"y", "z", "w"}, "C": {"z"}})
    rows = {tuple(r[["A", "B", "C"]]): r["size"] for _, r in table.iterrows()}
    # x: A only; w: B only; y: A and B; z: all three
    assert rows == {
        (True, False, False): 1,
        (False, True, False): 1,
        (True, True, False): 1,
        (True, True, True): 1,
    }
    ax = plot.upset({"A": {"x", "y"}, "B": {"y"}})
    assert [p.get_height() for p in ax.patches] == [1, 1]


@pytest.fixture(scope="module")
def cli_three_groups(three_groups, tmp_path_factory):
    counts_path, samples_path = three_groups
    out = tmp_path_factory.mktemp("cli") / "report"
    code = main(
        [
            "analyze",
            str(counts_path),
            "--samples",
            str(samples_path),
            "--contrast",
            "group:aged:young",
            "--contrast",
            "group:op:young",
            "--permutations",
            "200",
            "--quiet",
            "-o",
            str(out),
        ]
    )
    assert code == 0
    return out


def test_one_command_three_groups_two_contrasts(cli_three_groups):
    out = cli_three_groups
    for label in ("aged.vs.young", "op.vs.young"):
        folder = out / "contrasts" / label
        for name in (
            "report.html",
            "report.md",
            "run.json",
            "tables/differential.tsv",
            "tables/network.graphml",
            "tables/network.cyjs",
            "figures/volcano.png",
        ):
            assert (folder / name).is_file(), (label, name)
        html = (folder / "report.html").read_text(encoding="utf-8")
        assert 'id="mirbone-network"' in html
        run = json.loads((folder / "run.json").read_text())
        assert run["differential"]["source"] == "PyDESeq2"
        assert run["differential"]["n_samples_fitted"] == 12
    comparison = pd.read_csv(out / "tables" / "comparison.tsv", sep="\t").set_index("mirna")
    assert list(comparison.columns) == [
        "aged.vs.young_log2fc",
        "aged.vs.young_padj",
        "aged.vs.young_direction",
        "op.vs.young_log2fc",
        "op.vs.young_padj",
        "op.vs.young_direction",
        "n_significant",
    ]
    for label in ("aged.vs.young", "op.vs.young"):
        own = pd.read_csv(
            out / "contrasts" / label / "tables" / "differential.tsv", sep="\t"
        ).set_index("mirna")
        np.testing.assert_allclose(comparison.loc[own.index, f"{label}_log2fc"], own["log2fc"])
        assert (comparison.loc[own.index, f"{label}_direction"] == own["direction"]).all()
    calls = comparison[["aged.vs.young_direction", "op.vs.young_direction"]]
    np.testing.assert_array_equal(
        comparison["n_significant"], calls.isin(["up", "down"]).sum(axis=1)
    )
    # the shifts of the data: miR-21 down in aged, up in op; miR-214 up in both
    assert comparison.loc["hsa-miR-21-5p", "aged.vs.young_direction"] == "down"
    assert comparison.loc["hsa-miR-21-5p", "op.vs.young_direction"] == "up"
    assert comparison.loc["hsa-miR-214-3p", "n_significant"] == 2
    assert (out / "figures" / "significant_upset.png").is_file()
    assert (out / "figures" / "comparison_dotplot.png").is_file()
    enrichment = pd.read_csv(out / "tables" / "comparison_enrichment.tsv", sep="\t")
    assert set(enrichment["contrast"]) == {"aged.vs.young", "op.vs.young"}
    html = (out / "report.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="([^"#]+)"', html)
    assert links == ["contrasts/aged.vs.young/report.html", "contrasts/op.vs.young/report.html"]
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)


def test_multi_contrast_table_feeds_the_comparison(tmp_path):
    out = tmp_path / "report"
    code = main(
        [
            "analyze",
            str(DATA / "multi_contrast.tsv"),
            "--contrasts",
            "all-vs:Young",
            "--permutations",
            "200",
            "--quiet",
            "-o",
            str(out),
        ]
    )
    assert code == 0
    source = pd.read_csv(DATA / "multi_contrast.tsv", sep="\t").set_index("miRNA")
    comparison = pd.read_csv(out / "tables" / "comparison.tsv", sep="\t").set_index("mirna")
    for name in ("Aged.vs.Young", "OP.vs.Young"):
        shared = comparison.index.intersection(source.index)
        assert len(shared) >= 2
        np.testing.assert_allclose(
            comparison.loc[shared, f"{name}_log2fc"], source.loc[shared, f"{name}_LFC"]
        )
        np.testing.assert_allclose(
            comparison.loc[shared, f"{name}_padj"], source.loc[shared, f"{name}_FDR"]
        )
        assert (out / "contrasts" / name / "report.html").is_file()
