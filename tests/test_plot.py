"""Tests of mirbone.plot: the data behind every artist is checked against the input."""

from __future__ import annotations

import itertools

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.axes import Axes
from matplotlib.collections import PathCollection, QuadMesh
from matplotlib.colors import to_rgba
from seaborn.matrix import ClusterGrid

from mirbone import plot
from mirbone.errors import InputError

MIRNAS = [f"hsa-miR-{i}-5p" for i in range(1, 13)]
SAMPLES = [f"S{i}" for i in range(1, 9)]


@pytest.fixture(autouse=True)
def _close_figures():
    before = set(plt.get_fignums())
    yield
    for number in set(plt.get_fignums()) - before:
        plt.close(number)
    assert set(plt.get_fignums()) <= before


@pytest.fixture
def logcpm() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    return pd.DataFrame(rng.normal(6, 2, (12, 8)), index=MIRNAS, columns=SAMPLES)


@pytest.fixture
def stats() -> pd.DataFrame:
    """A DESeq2-like result with hand-set p-values (row order is not significance order)."""
    pvalue = np.array([0.5, 1e-8, 0.02, 1e-4, 0.9, 0.0, 0.3, 1e-3, np.nan, 0.04, 0.6, 0.07])
    padj = np.minimum(pvalue * 12, 1.0)
    lfc = np.array([0.1, 2.5, -1.2, -3.0, 0.2, 4.0, -0.4, 1.5, 0.0, -0.9, 1.1, -2.0])
    return pd.DataFrame(
        {"baseMean": 100.0, "log2FoldChange": lfc, "lfcSE": 0.3, "pvalue": pvalue, "padj": padj},
        index=MIRNAS,
    )


def _zscore(frame: pd.DataFrame) -> pd.DataFrame:
    values = frame.to_numpy(dtype=float)
    mean = np.nanmean(values, axis=1, keepdims=True)
    sd = np.nanstd(values, axis=1, keepdims=True, ddof=1)
    return pd.DataFrame((values - mean) / sd, index=frame.index, columns=frame.columns)


# ------------------------------------------------------------------ expression heatmap


def test_heatmap_data_equals_independent_zscores(logcpm):
    grid = plot.expression_heatmap(logcpm, values="logcpm")
    assert isinstance(grid, ClusterGrid)
    expected = _zscore(logcpm)
    rows = grid.dendrogram_row.reordered_ind
    cols = grid.dendrogram_col.reordered_ind
    # data2d is the matrix in plotted order
    pd.testing.assert_frame_equal(grid.data2d, expected.iloc[rows, cols], check_names=False)
    mesh = next(c for c in grid.ax_heatmap.collections if isinstance(c, QuadMesh))
    drawn = np.asarray(mesh.get_array()).reshape(12, 8)
    np.testing.assert_allclose(drawn, expected.to_numpy()[np.ix_(rows, cols)])
    labels = [t.get_text() for t in grid.ax_heatmap.get_yticklabels()]
    assert labels == [MIRNAS[i] for i in rows]


def test_heatmap_selected_mirnas_in_order_and_unknown_skipped(logcpm):
    chosen = ["hsa-miR-5-5p", "hsa-miR-2-5p", "hsa-miR-999-5p", "hsa-miR-9-5p"]
    matrix = plot.expression_matrix(logcpm, mirnas=chosen, values="logcpm")
    assert list(matrix.index) == ["hsa-miR-5-5p", "hsa-miR-2-5p", "hsa-miR-9-5p"]
    np.testing.assert_allclose(matrix.to_numpy(), _zscore(logcpm.loc[matrix.index]).to_numpy())


def test_heatmap_top_n_uses_adjusted_pvalues(logcpm, stats):
    matrix = plot.expression_matrix(logcpm, top_n=4, stats=stats, values="logcpm")
    # padj: miR-6 (0), miR-2 (1.2e-7), miR-4 (1.2e-3), miR-8 (1.2e-2)
    assert list(matrix.index) == ["hsa-miR-6-5p", "hsa-miR-2-5p", "hsa-miR-4-5p", "hsa-miR-8-5p"]


def test_heatmap_without_zscore_keeps_values(logcpm):
    matrix = plot.expression_matrix(logcpm, z_score=False, values="logcpm")
    pd.testing.assert_frame_equal(matrix, logcpm)


def test_heatmap_counts_become_log_cpm():
    counts = pd.DataFrame(
        np.arange(1, 25).reshape(6, 4) * 10, index=MIRNAS[:6], columns=SAMPLES[:4]
    )
    matrix = plot.expression_matrix(counts)
    log_cpm = np.log2(counts / counts.sum(axis=0) * 1e6 + 1)
    expected = _zscore(log_cpm)
    np.testing.assert_allclose(matrix.to_numpy(), expected.to_numpy())


def test_heatmap_group_and_signature_bars(logcpm):
    sheet = pd.DataFrame({"sample": SAMPLES[:7], "group": ["young"] * 4 + ["aged"] * 3})
    signatures = {
        "promotes_osteogenesis": ["hsa-miR-1-5p", "hsa-miR-2-5p"],
        "inhibits_osteogenesis": ["hsa-miR-3-5p"],
        "unrelated": ["hsa-miR-500-5p"],
    }
    grid = plot.expression_heatmap(logcpm, samples=sheet, gene_sets=signatures, values="logcpm")
    col_colours = grid.col_colors
    colour_of = dict(zip(SAMPLES, col_colours, strict=True))
    assert colour_of["S1"] == colour_of["S4"] != colour_of["S5"] == colour_of["S7"]
    assert to_rgba(colour_of["S8"]) == to_rgba("#bdbdbd")  # not in the sheet
    assert grid.row_color_labels == ["promotes_osteogenesis", "inhibits_osteogenesis"]
    bars = dict(enumerate(dict(zip(MIRNAS, bar, strict=True)) for bar in grid.row_colors))
    white = to_rgba("#ffffff")
    members = {m for m in MIRNAS if to_rgba(bars[0][m]) != white}
    assert members == {"hsa-miR-1-5p", "hsa-miR-2-5p"}
    members = {m for m in MIRNAS if to_rgba(bars[1][m]) != white}
    assert members == {"hsa-miR-3-5p"}
    legend_texts = {t.get_text() for leg in grid.figure.legends for t in leg.get_texts()}
    assert {"young", "aged", "not in sample sheet", "promotes_osteogenesis"} <= legend_texts
    assert "unrelated" not in legend_texts


def test_heatmap_many_signatures_get_distinct_colours(logcpm):
    signatures = {f"sig{i}": [MIRNAS[i]] for i in range(12)}
    grid = plot.expression_heatmap(logcpm, gene_sets=signatures, values="logcpm")
    colours = {
        to_rgba(next(c for c in bar if to_rgba(c) != to_rgba("#ffffff"))) for bar in grid.row_colors
    }
    assert len(colours) == 12


@pytest.mark.parametrize("n_rows", [1, 2])
def test_heatmap_few_rows(logcpm, n_rows):
    grid = plot.expression_heatmap(logcpm, mirnas=MIRNAS[:n_rows], values="logcpm")
    assert grid.data2d.shape == (n_rows, 8)
    expected = _zscore(logcpm.iloc[:n_rows]).loc[grid.data2d.index, grid.data2d.columns]
    np.testing.assert_allclose(grid.data2d.to_numpy(), expected.to_numpy())
    assert (grid.dendrogram_row is None) == (n_rows == 1)


def test_heatmap_nan_and_constant_rows(logcpm):
    data = logcpm.copy()
    data.iloc[0, 3] = np.nan
    data.iloc[1] = 5.0
    data.iloc[2] = np.nan
    grid = plot.expression_heatmap(data, values="logcpm")
    assert grid.data2d.shape == (11, 8)  # the all-missing row is dropped
    assert "hsa-miR-3-5p" not in grid.data2d.index
    assert np.isnan(grid.data2d.loc["hsa-miR-1-5p", "S4"])
    np.testing.assert_array_equal(grid.data2d.loc["hsa-miR-2-5p"].to_numpy(), np.zeros(8))
    row = data.loc["hsa-miR-1-5p"].drop("S4")
    expected = (row - row.mean()) / row.std(ddof=1)
    drawn = grid.data2d.loc["hsa-miR-1-5p"].drop("S4")
    np.testing.assert_allclose(drawn, expected[drawn.index])


ODD = ["<script>alert(1)</script>", "miR-α", "a" * 200, r"$\foo$ bad mathtext", "x$y"]


def test_heatmap_mirna_column_and_odd_names():
    table = pd.DataFrame(
        {"mirna": ODD, "A": [1.5, 2.0, 3.0, 0.2, 1.0], r"S$\bar$": [2.5, 1.0, 0.5, 0.3, 0.0]}
    )
    sheet = pd.DataFrame({"sample": ["A"], r"g$\x$": [r"$\y$"]})
    grid = plot.expression_heatmap(
        table, values="logcpm", samples=sheet, group_column=r"g$\x$",
        gene_sets={r"sig$\z$": ODD[:2]},
    )  # fmt: skip
    assert set(grid.data2d.index) == set(ODD)
    grid.figure.canvas.draw()  # no mathtext error
    shown = {t.get_text() for t in grid.ax_heatmap.get_yticklabels()}
    assert r"\$\foo\$ bad mathtext" in shown


def test_odd_names_in_axes_figures():
    stats = pd.DataFrame(
        {"log2fc": [1.0, -2.0, 0.5, 3.0, -1.0], "pvalue": [0.01, 0.001, 0.5, 1e-6, 0.2]},
        index=ODD,
    )
    stats["padj"] = stats["pvalue"]
    edges = pd.DataFrame({"mirna": ODD, "gene": [r"$\g$", "G2", "G3", "G4", "G5"]})
    results = pd.DataFrame({"term": ODD, "size": 5, "overlap": 2, "fold_enrichment": 2.0,
                            "fdr": 0.01})  # fmt: skip
    for ax in (
        plot.volcano(stats, label=ODD),
        plot.target_heatmap(edges),
        plot.enrichment_dotplot(results),
    ):
        ax.figure.canvas.draw()


def test_fractional_counts_are_recognised():
    counts = pd.DataFrame(
        [[1000.5, 2000.25, 30.0], [10.0, 0.0, 5.5]], index=["m1", "m2"], columns=["a", "b", "c"]
    )
    matrix = plot.expression_matrix(counts, z_score=False)
    expected = np.log2(counts / counts.sum(axis=0) * 1e6 + 1)
    np.testing.assert_allclose(matrix.to_numpy(), expected.to_numpy())
    small = counts / 1000  # below 21 and fractional: taken as log-CPM already
    pd.testing.assert_frame_equal(plot.expression_matrix(small, z_score=False), small)


def test_heatmap_bad_input(logcpm):
    with pytest.raises(InputError, match="none of the requested"):
        plot.expression_matrix(logcpm, mirnas=["hsa-miR-0"], values="logcpm")
    with pytest.raises(InputError, match="stats"):
        plot.expression_matrix(logcpm, top_n=3)
    with pytest.raises(InputError) as error:
        plot.expression_heatmap(logcpm, samples=pd.DataFrame({"sample": SAMPLES}), values="logcpm")
    assert error.value.column == "group"
    with pytest.raises(InputError):
        plot.expression_matrix(logcpm.assign(note="x"))


# ---------------------------------------------------------------------- target heatmap


@pytest.fixture
def targets() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "mirna": ["m1", "m1", "m1", "m2", "m2", "m3", "m3", "m1"],
            "gene": ["RUNX2", "ATF4", "SOST", "RUNX2", "TCF7", "RUNX2", "ATF4", "RUNX2"],
            "evidence": ["weak", "strong", "predicted", "strong", "weak", "predicted", None, "x"],
            "source": [
                "mirtarbase",
                "mirtarbase",
                "targetscan",
                "mirtarbase",
                "mirtarbase",
                "targetscan",
                "kb",
                "kb",
            ],
        }
    )


def test_target_matrix_keeps_strongest_evidence(targets):
    matrix = plot.target_matrix(targets)
    # RUNX2 hit by 3 miRNAs, ATF4 by 2, then SOST/TCF7 by 1 (TCF7 weak beats SOST predicted)
    assert list(matrix.columns) == ["RUNX2", "ATF4", "TCF7", "SOST"]
    assert list(matrix.index) == ["m1", "m2", "m3"]
    expected = pd.DataFrame(
        [
            ["review", "strong", "absent", "predicted"],
            ["strong", "absent", "weak", "absent"],
            ["predicted", "review", "absent", "absent"],
        ],
        index=["m1", "m2", "m3"],
        columns=["RUNX2", "ATF4", "TCF7", "SOST"],
    )
    pd.testing.assert_frame_equal(matrix, expected, check_names=False)


def test_target_heatmap_cells_and_ax(targets):
    _, ax = plt.subplots()
    out = plot.target_heatmap(targets, mirnas=["m3", "m1", "m9"], max_genes=2, ax=ax)
    assert out is ax
    mesh = next(c for c in ax.collections if isinstance(c, QuadMesh))
    codes = np.asarray(mesh.get_array()).reshape(3, 2)
    levels = list(plot.EVIDENCE_LEVELS)
    # ATF4 and RUNX2 are both hit by m1 and m3 with review evidence at best: by name.
    # ATF4 (m3 review, m1 strong), RUNX2 (m3 predicted, m1 review); m9 has none
    np.testing.assert_array_equal(
        codes,
        [
            [levels.index("review"), levels.index("predicted")],
            [levels.index("strong"), levels.index("review")],
            [0, 0],
        ],
    )
    assert [t.get_text() for t in ax.get_yticklabels()] == ["m3", "m1", "m9"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["ATF4", "RUNX2"]
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert len(legend) == len(levels)
    assert [text.split()[0] for text in legend] == list(reversed(levels))


def test_target_heatmap_given_genes_and_other_evidence(targets):
    matrix = plot.target_matrix(targets, genes=["SOST", "NOPE"])
    assert list(matrix.columns) == ["SOST", "NOPE"]
    assert matrix.loc["m1", "SOST"] == "predicted"
    assert (matrix["NOPE"] == "absent").all()
    # without the KB source: the unknown label "x" and the missing one are "other"
    matrix = plot.target_matrix(targets.assign(source="mirtarbase"))
    assert matrix.loc["m1", "RUNX2"] == "weak"  # weak beats "x"
    assert matrix.loc["m3", "ATF4"] == "other"
    with pytest.raises(InputError) as error:
        plot.target_matrix(targets.drop(columns="gene"))
    assert error.value.column == "gene"


def test_target_matrix_evidence_vocabularies():
    table = pd.DataFrame(
        {
            "mirna": ["a", "a", "b", "b", "c", "c"],
            "gene": ["G1", "G2", "G1", "G2", "G1", "G2"],
            "evidence": [
                "Functional MTI",  # miRTarBase support types
                "Functional MTI (Weak)",
                "non_functional",  # mirbone.targets labels
                "predicted; weak",  # analysis edges: "; "-joined labels
                "mirtarbase:strong;targetscan:predicted",  # TargetMap.union: source:label
                "kb:review",
            ],
            "source": ["f", "f", "mirtarbase", "mirtarbase; targetscan", "x", "x"],
        }
    )
    matrix = plot.target_matrix(table)
    # both genes are hit by all three miRNAs; G2 has the stronger best evidence: first
    expected = pd.DataFrame(
        [["weak", "strong"], ["weak", "other"], ["review", "strong"]],
        index=["a", "b", "c"],
        columns=["G2", "G1"],
    )
    pd.testing.assert_frame_equal(matrix, expected, check_names=False)
    kb_edges = pd.DataFrame({"mirna": ["a"], "gene": ["G"], "source": ["kb; mirtarbase"]})
    assert plot.target_matrix(kb_edges).loc["a", "G"] == "review"


# ------------------------------------------------------------------ enrichment dot plot


def _offsets(ax: Axes) -> np.ndarray:
    scatter = next(c for c in ax.collections if isinstance(c, PathCollection))
    return np.asarray(scatter.get_offsets())


def test_dotplot_ora_points_match_input():
    ora = pd.DataFrame(
        {
            "term": ["t1", "t2", "t3", "t4"],
            "size": [30, 12, 50, 8],
            "overlap": [6, 4, 3, 1],
            "fold_enrichment": [3.0, 5.0, 0.8, 2.0],
            "pvalue": [1e-4, 1e-3, 0.5, 0.2],
            "fdr": [4e-4, 2e-3, 0.5, 0.27],
        }
    )
    ax = plot.enrichment_dotplot(ora, top_n=3)
    assert isinstance(ax, Axes)
    offsets = _offsets(ax)
    # the three lowest FDRs (t1, t2, t4), drawn top to bottom by fold enrichment: t2, t1, t4
    np.testing.assert_allclose(offsets[:, 0], [5.0, 3.0, 2.0])
    np.testing.assert_allclose(offsets[:, 1], [2, 1, 0])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["t2", "t1", "t4"]
    scatter = next(c for c in ax.collections if isinstance(c, PathCollection))
    np.testing.assert_allclose(scatter.get_array(), -np.log10([2e-3, 4e-4, 0.27]))
    sizes = scatter.get_sizes()
    assert sizes[1] > sizes[0] > sizes[2]  # overlap 6 > 4 > 1


def test_dotplot_colour_scale_is_fixed():
    # Two plots with different FDR ranges: the same FDR gets the same colour, an FDR of 0.2
    # is near the dark end of the scale (not the brightest colour of its plot), and FDRs
    # below the floor take the end colour.
    weak = pd.DataFrame(
        {
            "term": ["a", "b"],
            "overlap": [2, 3],
            "fold_enrichment": [1.5, 2.0],
            "pvalue": [0.05, 0.1],
            "fdr": [0.2, 0.5],
        }
    )
    strong = pd.DataFrame(
        {
            "term": ["c", "d", "e"],
            "overlap": [2, 3, 4],
            "fold_enrichment": [1.5, 2.0, 3.0],
            "pvalue": [1e-9, 0.1, 1e-3],
            "fdr": [1e-8, 0.2, 0.01],
        }
    )
    colours = {}
    for frame in (weak, strong):
        ax = plot.enrichment_dotplot(frame)
        scatter = next(c for c in ax.collections if isinstance(c, PathCollection))
        assert scatter.norm.vmin == 0.0
        assert scatter.norm.vmax == pytest.approx(4.0)  # -log10 of FDR_FLOOR 1e-4
        labels = [t.get_text() for t in ax.get_yticklabels()]
        rgba = scatter.to_rgba(scatter.get_array())
        colours.update({label: tuple(c) for label, c in zip(labels, rgba, strict=True)})
        # -log10 0.2 = 0.70 of a 0..4 scale: in the darker fifth of viridis
        np.testing.assert_allclose(scatter.norm(-np.log10(0.2)), np.log10(5) / 4)
    assert colours["a"] == colours["d"]  # FDR 0.2 in both plots
    top = plot.enrichment_dotplot(strong)
    scatter = next(c for c in top.collections if isinstance(c, PathCollection))
    assert max(scatter.get_array()) == pytest.approx(4.0)  # 1e-8 capped at the floor


def test_dotplot_gsea_and_target_enrichment_columns():
    gsea = pd.DataFrame(
        {
            "term": ["up_set", "down_set"],
            "size": [20, 10],
            "es": [0.6, -0.5],
            "nes": [1.8, -1.4],
            "pvalue": [0.001, 0.01],
            "fdr": [0.0, 0.02],
            "leading_edge": ["a;b", "c"],
        }
    )
    _, ax = plt.subplots()
    assert plot.enrichment_dotplot(gsea, ax=ax) is ax
    np.testing.assert_allclose(_offsets(ax)[:, 0], [1.8, -1.4])
    table = plot.enrichment_table(gsea)
    # an FDR of 0 is shown at the smallest positive FDR
    np.testing.assert_allclose(table["neg_log10_fdr"], -np.log10([0.02, 0.02]))
    assert ax.get_xlabel() == "NES"

    target = pd.DataFrame(
        {
            "term": ["GO:0001503", "GO:0030316"],
            "name": ["ossification", None],
            "size": [300, 80],
            "n_targeted": [40, 10],
            "expected": [20.0, 8.0],
            "pvalue": [0.001, 0.3],
            "fdr": [0.002, 0.3],
        }
    )
    table = plot.enrichment_table(target)
    assert list(table["label"]) == ["ossification", "GO:0030316"]
    np.testing.assert_allclose(table["x"], [2.0, 1.25])
    np.testing.assert_allclose(table["size"], [40, 10])


def test_dotplot_empty_and_missing_columns():
    empty = pd.DataFrame(columns=["term", "size", "overlap", "fold_enrichment", "pvalue", "fdr"])
    ax = plot.enrichment_dotplot(empty)
    assert len(_offsets(ax)) == 0
    with pytest.raises(InputError):
        plot.enrichment_dotplot(pd.DataFrame({"term": ["a"], "fdr": [0.1]}))


# ------------------------------------------------------------------------- volcano


def test_volcano_points_are_lfc_and_minus_log10_p(stats):
    ax = plot.volcano(stats)
    assert isinstance(ax, Axes)
    kept = stats.dropna(subset=["pvalue"])
    p = kept["pvalue"].replace(0.0, kept["pvalue"][kept["pvalue"] > 0].min())
    expected = np.column_stack([kept["log2FoldChange"], -np.log10(p)])
    np.testing.assert_allclose(_offsets(ax), expected)
    table = plot.volcano_table(stats, log2fc=1.0)
    up = {"hsa-miR-2-5p", "hsa-miR-6-5p", "hsa-miR-8-5p"}
    assert set(table.loc[table["category"] == "up", "mirna"]) == up
    assert set(table.loc[table["category"] == "down", "mirna"]) == {"hsa-miR-4-5p"}
    # miR-8 (padj 0.012, lfc 1.5) is significant; miR-12 (lfc -2, padj 0.84) is not
    table = plot.volcano_table(stats, padj=0.05, log2fc=1.0)
    assert table.set_index("mirna").loc["hsa-miR-8-5p", "category"] == "up"
    assert table.set_index("mirna").loc["hsa-miR-12-5p", "category"] == "ns"
    scatter = next(c for c in ax.collections if isinstance(c, PathCollection))
    colours = scatter.get_facecolors()
    row = list(table["mirna"]).index("hsa-miR-4-5p")
    np.testing.assert_allclose(colours[row][:3], to_rgba("#2171b5")[:3])


def test_volcano_labels_and_ax(stats):
    fig, ax = plt.subplots()
    label = ["hsa-miR-2-5p", "hsa-miR-4-5p", "hsa-miR-6-5p", "hsa-miR-8-5p", "not-there"]
    assert plot.volcano(stats, label=label, ax=ax) is ax
    texts = [t.get_text() for t in ax.texts]
    assert sorted(texts) == sorted(label[:4])
    fig.canvas.draw()


def _boxes_overlap(a, b) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def test_volcano_labels_do_not_overlap():
    # three labelled points with nearly the same p-value on the same side, one far off
    stats = pd.DataFrame(
        {
            "log2fc": [2.0, 2.1, 2.2, -1.0, 0.1],
            "pvalue": [1e-5, 1.1e-5, 1.2e-5, 0.5, 1e-10],
            "padj": [1e-4, 1e-4, 1e-4, 0.6, 1e-9],
        },
        index=["a", "b", "c", "d", "e"],
    )
    long_name = "hsa-miR-1234567-5p-with-a-long-suffix"
    renamed = stats.rename(index={"d": long_name})
    for labels in (["a", "b", "c"], ["a", long_name], ["a", "b", "c", "e", long_name]):
        ax = plot.volcano(renamed, label=labels)
        ax.figure.canvas.draw()
        renderer = ax.figure.canvas.get_renderer()
        box = ax.get_window_extent(renderer)
        extents = [t.get_window_extent(renderer) for t in ax.texts]
        assert sorted(t.get_gid() for t in ax.texts) == sorted(labels)
        for one, other in itertools.combinations(extents, 2):
            assert not _boxes_overlap(one, other)
        for text, extent in zip(ax.texts, extents, strict=True):
            # inside the axes, long names included
            assert box.x0 - 1 <= extent.x0 and extent.x1 <= box.x1 + 1, text.get_text()
            assert box.y0 - 1 <= extent.y0 and extent.y1 <= box.y1 + 1, text.get_text()
        # no label covers a data point (the point's centre in display coordinates)
        points = ax.transData.transform(
            np.column_stack([renamed["log2fc"], -np.log10(renamed["pvalue"])])
        )
        for extent in extents:
            assert not any(extent.contains(x, y) for x, y in points)
        plt.close(ax.figure)


def test_volcano_crowded_labels_near_zero_do_not_overlap():
    # Real studies label review miRNAs that did not change: a crowd at the bottom centre,
    # among hundreds of points (the case where adjustText alone left overlaps).
    rng = np.random.default_rng(7)
    n = 400
    stats = pd.DataFrame(
        {
            "log2fc": np.concatenate([rng.normal(0, 1.5, n - 12), rng.normal(0, 0.3, 12)]),
            "pvalue": np.concatenate([rng.uniform(1e-20, 1, n - 12), rng.uniform(0.3, 1, 12)]),
        },
        index=[f"hsa-miR-{i}-5p" for i in range(n)],
    )
    stats["padj"] = np.minimum(stats["pvalue"] * 10, 1)
    labels = list(stats.index[-12:])
    ax = plot.volcano(stats, label=labels)
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    extents = [t.get_window_extent(renderer) for t in ax.texts]
    assert sorted(t.get_gid() for t in ax.texts) == sorted(labels)
    for one, other in itertools.combinations(extents, 2):
        assert not _boxes_overlap(one, other)
    box = ax.get_window_extent(renderer)
    for extent in extents:
        assert box.x0 - 1 <= extent.x0 and extent.x1 <= box.x1 + 1
        assert box.y0 - 1 <= extent.y0 and extent.y1 <= box.y1 + 1


def test_volcano_legend_is_outside_the_data_area(stats):
    ax = plot.volcano(stats, label=MIRNAS)
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    legend = ax.get_legend()
    assert legend is not None
    assert not _boxes_overlap(legend.get_window_extent(renderer), ax.get_window_extent(renderer))
    # the counts in the legend are those of the table behind the figure
    table = plot.volcano_table(stats)
    counts = table["category"].value_counts()
    texts = [t.get_text() for t in legend.get_texts()]
    assert texts[0] == f"up ({counts.get('up', 0)})"
    assert texts[1] == f"down ({counts.get('down', 0)})"


def test_volcano_uses_given_calls_and_the_strict_rule():
    stats = pd.DataFrame(
        {"log2fc": [1.0, 1.5, -2.0], "pvalue": [1e-4, 1e-4, 1e-4], "padj": [0.01, 0.01, 0.01]},
        index=["at", "above", "down"],
    )
    # |log2fc| must be above the threshold (analysis.significant): 1.0 is not above 1.0
    table = plot.volcano_table(stats, log2fc=1.0).set_index("mirna")
    assert list(table["category"]) == ["ns", "up", "down"]
    from mirbone.analysis import significant

    assert list(significant(stats, padj=0.05, log2fc=1.0)) == list(table["category"])
    calls = pd.Series({"at": "up", "above": "ns", "down": "filtered"})
    given = plot.volcano_table(stats, categories=calls).set_index("mirna")
    assert list(given["category"]) == ["up", "ns", "ns"]


def test_volcano_mirbone_and_edger_columns():
    edger = pd.DataFrame(
        {"logFC": [1.0, -2.0], "logCPM": [5, 6], "PValue": [0.01, 0.001], "FDR": [0.02, 0.002]},
        index=["a", "b"],
    )
    np.testing.assert_allclose(_offsets(plot.volcano(edger)), [[1.0, 2.0], [-2.0, 3.0]])
    tidy = pd.DataFrame({"mirna": ["x"], "log2fc": [0.5], "pvalue": [0.1], "padj": [0.1]})
    assert list(plot.volcano_table(tidy)["mirna"]) == ["x"]
    with pytest.raises(InputError, match="p-value"):
        plot.volcano(pd.DataFrame({"log2fc": [1.0]}))


def test_no_global_rcparams_change(logcpm, stats):
    before = dict(matplotlib.rcParams)
    plot.volcano(stats, label=MIRNAS)
    plot.expression_heatmap(logcpm, values="logcpm")
    after = dict(matplotlib.rcParams)
    assert {k: v for k, v in after.items() if before.get(k) != v} == {}


# ------------------------------------------------------------------------- layout checks


def _figure_boxes(grid):
    """Renderer bounding boxes of the colour-bar title, each legend and the row labels."""
    figure = grid.figure
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    boxes = {"colour-bar title": grid.ax_cbar.title.get_window_extent(renderer)}
    boxes["colour bar"] = grid.ax_cbar.get_window_extent(renderer)
    for number, legend in enumerate(figure.legends):
        boxes[f"legend {number}"] = legend.get_window_extent(renderer)
    for label in grid.ax_heatmap.get_yticklabels():
        if label.get_text():
            boxes[f"row {label.get_text()}"] = label.get_window_extent(renderer)
    return boxes


@pytest.mark.parametrize("n_rows", [4, 40])
def test_heatmap_side_items_never_overlap(n_rows):
    rng = np.random.default_rng(1)
    long = "hsa-miR-1234567-5p-with-a-very-long-suffix"
    rows = [long, *[f"hsa-miR-{i}-5p" for i in range(n_rows - 1)]]
    samples = [f"S{i}" for i in range(8)]
    logcpm = pd.DataFrame(rng.normal(5, 1, (len(rows), 8)), index=rows, columns=samples)
    sheet = pd.DataFrame(
        {"sample": samples, "condition": ["a rather long group name"] * 4 + ["control"] * 4}
    )
    signatures = {f"signature_with_a_long_name_{i}": rows[i::9] for i in range(9)}
    grid = plot.expression_heatmap(
        logcpm, values="logcpm", samples=sheet, group_column="condition", signatures=signatures
    )
    boxes = _figure_boxes(grid)
    assert len(grid.figure.legends) == 2
    names = list(boxes)
    for i, one in enumerate(names):
        for other in names[i + 1 :]:
            if one.startswith("row ") and other.startswith("row "):
                continue  # row labels are stacked by matplotlib itself
            if {one, other} == {"colour bar", "colour-bar title"}:
                continue
            assert not _boxes_overlap(boxes[one], boxes[other]), (one, other)
    heat = grid.ax_heatmap.get_window_extent(grid.figure.canvas.get_renderer())
    for name, box in boxes.items():
        if not name.startswith("row "):
            assert not _boxes_overlap(box, heat), name


def test_target_matrix_top_mirnas_and_the_rest_summarised():
    edges = pd.DataFrame(
        {
            "mirna": ["m1", "m2", "m3", "m3", "m4", "m5"],
            "gene": ["G1", "G1", "G2", "G1", "G2", "G3"],
            "evidence": ["weak", "strong", "predicted", "weak", "strong", "predicted"],
        }
    )
    padj = pd.Series({"m1": 0.04, "m2": 0.001, "m3": 0.01, "m4": 0.2})  # m5: no value
    matrix = plot.target_matrix(edges, max_mirnas=2, rank_by=padj)
    # the two lowest padj (m2, m3) shown; m1, m4, m5 in one row with each gene's best level
    assert list(matrix.index) == ["m2", "m3", "3 other miRNAs"]
    assert matrix.summarised == ["m1", "m4", "m5"]
    assert matrix.loc["3 other miRNAs", "G1"] == "weak"  # m1 weak
    assert matrix.loc["3 other miRNAs", "G2"] == "strong"  # m4 strong
    assert matrix.loc["3 other miRNAs", "G3"] == "predicted"  # m5
    assert matrix.loc["m3", "G2"] == "predicted"
    assert plot.target_matrix(edges).summarised == []


def test_target_heatmap_with_many_mirnas_stays_readable():
    rng = np.random.default_rng(0)
    mirnas = [f"hsa-miR-{i}-5p" for i in range(150)]
    edges = pd.DataFrame(
        {
            "mirna": np.repeat(mirnas, 3),
            "gene": [f"GENE{g}" for g in rng.integers(0, 80, 450)],
            "evidence": "strong",
        }
    )
    ax = plot.target_heatmap(edges, max_mirnas=40)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == 41 and labels[-1] == "110 other miRNAs"
    ax.figure.canvas.draw()
    renderer = ax.figure.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.get_yticklabels()]
    for one, other in itertools.pairwise(boxes):  # row labels do not overprint each other
        assert not _boxes_overlap(one, other)
