"""Result metadata are typed attributes of a DataFrame subclass, never ``DataFrame.attrs``."""

from __future__ import annotations

import ast
import pickle
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mirbone import annotate, differential, enrich, io, kb, plot
from mirbone._frames import ResultTable

PACKAGE = Path(__file__).resolve().parents[1] / "mirbone"


class Toy(ResultTable):
    _metadata = ["dropped", "n_given"]  # noqa: RUF012 (pandas' own spelling)
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
    assert result.attrs == {}
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
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and node.attr == "attrs":
                uses.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert uses == []
