"""Result metadata are typed attributes of a DataFrame subclass, never ``DataFrame.attrs``."""

from __future__ import annotations

import ast
import pickle
import subprocess
import sys
import typing
from pathlib import Path
from typing import ClassVar, Final
from typing import ClassVar as AliasedClassVar

import numpy as np
import pandas as pd
import pytest

from mirbone import annotate, differential, enrich, io, kb, plot
from mirbone._frames import ResultTable
from mirbone.errors import DroppedNamesWarning

PACKAGE = Path(__file__).resolve().parents[1] / "mirbone"


class Toy(ResultTable):
    dropped: tuple[str, ...] = ()
    n_given: int = 0


def _toy() -> Toy:
    frame = pd.DataFrame({"term": ["a", "b", "c"], "pvalue": [0.3, 0.1, 0.2]})
    return Toy.of(frame, dropped=["x"], n_given=7)


@pytest.mark.parametrize(
    "operation",
    [
        lambda t: t.sort_values("pvalue"),
        lambda t: t[t["pvalue"] < 0.25],
        lambda t: t[["term"]],
        lambda t: t.copy(),
        lambda t: t.head(1),
        lambda t: t.reset_index(drop=True),
        lambda t: t.assign(q=1),
        lambda t: t.rename(columns={"term": "name"}),
        lambda t: pickle.loads(pickle.dumps(t)),
    ],
)
def test_metadata_survive_the_operations_of_a_table(operation):
    out = operation(_toy())
    assert type(out) is Toy
    assert out.dropped == ["x"] and out.n_given == 7


def test_a_plain_frame_and_the_defaults():
    plain = pd.DataFrame(_toy())
    assert type(plain) is pd.DataFrame and plain.attrs == {}
    bare = Toy({"term": ["a"]})
    assert bare.dropped == () and bare.n_given == 0
    assert Toy.of(_toy()).metadata() == {"dropped": ["x"], "n_given": 7}  # kept when re-typed


def test_the_annotated_attributes_are_the_metadata_written_once():
    class Child(Toy):
        kind: str | None = None
        registry: ClassVar[dict[str, int]] = {}
        counter: typing.ClassVar[int] = 0
        aliased: AliasedClassVar[int] = 0
        quoted: "ClassVar[int]" = 0  # noqa: UP037 (a quoted hint, as some code writes it)
        constant: Final[int] = 1
        _private: int = 0

    assert Toy.fields() == ["dropped", "n_given"]
    assert Child.fields() == ["dropped", "n_given", "kind"]  # inherited first, ClassVar not
    child = Child.of(_toy(), kind="k")
    assert (child.sort_values("pvalue").kind, child.dropped) == ("k", ["x"])


def test_unknown_metadata_is_refused():
    with pytest.raises(TypeError, match="no metadata colour"):
        Toy.of(pd.DataFrame(), colour="red")


def test_a_column_named_like_metadata_is_not_taken_for_it():
    frame = pd.DataFrame({"dropped": ["column value"]})
    assert Toy.of(frame).dropped == ()
    assert Toy.of(frame)["dropped"].tolist() == ["column value"]


def test_the_results_carry_their_metadata_as_attributes():
    sets = {"s1": ["a", "b", "c"], "s2": ["c", "d"]}
    result = enrich.ora(["a", "b", "zz"], sets, universe=list("abcdefgh"), min_size=1)
    assert isinstance(result, enrich.OraTable) and isinstance(result, pd.DataFrame)
    assert result.dropped_query == ["zz"] and result.n_sets_given == 2
    ranking = enrich.ranking_from_stats(
        pd.DataFrame({"log2fc": [1.0, -1.0], "pvalue": [0.0, 0.5]}, index=["m1", "m2"]),
        method="signed_p",
    )
    assert isinstance(ranking, enrich.RankedScores) and ranking.method == "signed_p"
    assert ranking.n_zero_p == 1 and ranking.zero_p_capped_at == pytest.approx(-np.log10(0.5) + 1)
    table = annotate.annotate(["RUNX2", "no-such-gene"])
    assert isinstance(table, annotate.AnnotationTable) and "NCBI Gene" in table.source
    assert isinstance(kb.interactions(species="mmu"), kb.InteractionTable)
    edges = pd.DataFrame({"mirna": ["m1", "m2"], "gene": ["G1", "G2"]})
    assert plot.target_matrix(edges, max_mirnas=1).summarised == ["m2"]
    sheet = io.read_samples(pd.DataFrame({"sample": ["s1", "s2"], "group": ["a", "b"]}))
    assert isinstance(sheet, io.SampleSheet) and list(sheet.notes) == []
    assert issubclass(differential.DESeq2Table, ResultTable)


def test_no_module_keeps_results_in_dataframe_attrs():
    uses = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "_frames.py":  # the deprecated attrs view itself
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and node.attr == "attrs":
                uses.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert uses == []


def test_a_ranking_keeps_its_name_and_metadata_through_operations_and_pickling():
    stats = pd.DataFrame({"stat": [2.0, -1.0, 0.5]}, index=["a", "b", "c"])
    ranking = enrich.ranking_from_stats(stats)
    for out in (
        ranking.sort_values(),
        ranking[ranking > 0],
        ranking.copy(),
        ranking.abs(),
        pickle.loads(pickle.dumps(ranking)),
    ):
        assert type(out) is enrich.RankedScores
        assert out.name == "stat" and out.method == "stat"
    back = pickle.loads(pickle.dumps(ranking))
    assert type(back.to_frame()) is pd.DataFrame
    assert list(back.reset_index().columns) == ["index", "stat"]


def test_combining_results_leaves_their_metadata_unknown():
    sets = {"s1": ["a", "b"], "s2": ["c", "d"]}
    one = enrich.ora(["a"], sets, universe=list("abcd"), min_size=1)
    two = enrich.ora(["c"], sets, universe=list("abcd"), min_size=1)
    both = pd.concat([one, two])
    assert type(both) is enrich.OraTable
    assert both.dropped_query is None and both.n_sets_tested is None  # not "none dropped"
    assert one.merge(two, on="term").n_sets_given is None


def test_old_attrs_keys_still_read_with_a_deprecation_warning():
    sets = {"s1": ["a", "b"], "s2": ["c", "d"]}
    with pytest.warns(DroppedNamesWarning):
        result = enrich.ora(["a", "zz"], sets, universe=list("abcd"), min_size=1)
    with pytest.warns(DeprecationWarning, match=r"attrs\['dropped_query'\] is now an attribute"):
        assert result.attrs["dropped_query"] == ["zz"]
    with pytest.warns(DeprecationWarning):
        assert result.attrs.get("n_sets_tested") == 2
    table = plot.enrichment_table(result)
    with pytest.warns(DeprecationWarning):  # the dot plot's old keys
        assert (table.attrs["x"], table.attrs["size"]) == ("fold_enrichment", "overlap")


def test_a_deseq2_table_reads_back_its_fit_and_writes_parquet(tmp_path):
    rng = np.random.default_rng(0)
    counts = pd.DataFrame(
        rng.poisson(50, (40, 6)),
        index=[f"hsa-miR-{i}" for i in range(40)],
        columns=[f"s{i}" for i in range(6)],
    )
    sheet = pd.DataFrame({"sample": counts.columns, "group": ["a"] * 3 + ["b"] * 3})
    table = differential.deseq2(counts, sheet, contrast="group:a:b")
    assert table.deseq2.fit_groups == {"a": 3, "b": 3}
    assert table.sort_values("pvalue").deseq2 is table.deseq2
    with pytest.warns(DeprecationWarning):  # the flat keys of earlier releases
        assert table.attrs["design"] == "~group"
    table.to_parquet(tmp_path / "stats.parquet")  # pandas writes attrs as JSON: they must be
    back = pd.read_parquet(tmp_path / "stats.parquet")
    assert back["log2fc"].tolist() == table["log2fc"].tolist()


def test_a_warning_names_the_callers_line_when_run_from_inside_the_package(tmp_path):
    # Frames are told apart by module name: python -c run with the package folder as the
    # working directory must still point at <string>, not at mirbone or sys.
    code = (
        "from mirbone import enrich\n"
        "enrich.ora(['a', 'zz'], {'s': ['a', 'b']}, universe=list('abcd'), min_size=1)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=PACKAGE, capture_output=True, text=True, check=True
    )
    assert done.stderr.startswith("<string>:2: DroppedNamesWarning"), done.stderr


def test_attrs_a_user_sets_on_a_result_are_kept_and_never_warn():
    import warnings

    sets = {"s1": ["a", "b"], "s2": ["c", "d"]}
    result = enrich.ora(["a"], sets, universe=list("abcd"), min_size=1)
    result.attrs["batch"] = "run 3"
    with warnings.catch_warnings():
        warnings.simplefilter("error", DeprecationWarning)
        derived = result.sort_values("pvalue")
        assert derived.attrs["batch"] == "run 3"
        assert pickle.loads(pickle.dumps(result)).attrs["batch"] == "run 3"
    # pandas copies attrs to every derived table: only what is stored, never the metadata
    assert dict.items(derived._attrs) == {"batch": "run 3"}.items()
    combined = pd.concat([result, result])
    assert combined.dropped_query is None and "dropped_query" not in combined.attrs
    del result.attrs["batch"]
    assert "batch" not in result.attrs
