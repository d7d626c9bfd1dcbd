"""One house: one significance rule, one API convention, deprecated names that still work.

Like scanpy's ``test_sig_conventions``: the public functions of every subpackage are checked
for the project's conventions, so a new function cannot drift from them unnoticed.
"""

from __future__ import annotations

import importlib
import inspect
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import mirbone
from mirbone import differential, enrich, plot
from mirbone.errors import InputError

# ----------------------------------------------------------------- significance, once

# Hand-computed calls at padj < 0.05 and |log2fc| > 1 (both strict; NaN never significant).
BOUNDARY = pd.DataFrame(
    {
        "mirna": ["at_lfc", "above_lfc", "at_padj", "below_padj", "nan_padj", "small", "down"],
        "log2fc": [1.0, 1.0001, -2.0, -2.0, 3.0, 0.5, -1.5],
        "pvalue": [0.001, 0.001, 0.01, 0.009, 0.01, 0.001, 0.0001],
        "padj": [0.01, 0.01, 0.05, 0.0499, np.nan, 0.001, 0.001],
    }
)
EXPECTED = {
    "at_lfc": "ns",
    "above_lfc": "up",
    "at_padj": "ns",
    "below_padj": "down",
    "nan_padj": "ns",
    "small": "ns",
    "down": "down",
}


def test_call_significance_matches_the_hand_computed_calls():
    calls = differential.call_significance(BOUNDARY, padj=0.05, log2fc=1.0)
    assert calls.to_dict() == EXPECTED


def test_volcano_ora_and_report_agree_at_the_thresholds(tmp_path):
    from mirbone.analysis import analyze

    volcano = plot.volcano_table(BOUNDARY, padj=0.05, log2fc=1.0).set_index("mirna")
    assert volcano["category"].to_dict() == EXPECTED
    everything = {"all": list(BOUNDARY["mirna"])}
    ora = enrich.directional_ora(
        BOUNDARY, everything, padj=0.05, log2fc=1.0, min_size=1, on_missing="keep"
    )
    sizes = dict(zip(ora["direction"], ora["query_size"], strict=True))
    assert sizes == {"up": 1, "down": 2}

    # The report counts its up/down miRNAs with the same rule (a DESeq2 table of real names).
    names = [
        "hsa-miR-21-5p", "hsa-miR-29a-3p", "hsa-miR-214-3p", "hsa-miR-31-5p",
        "hsa-miR-133a-3p", "hsa-miR-206", "hsa-miR-27a-3p",
    ]  # fmt: skip
    table = BOUNDARY.drop(columns="mirna").rename(columns={"log2fc": "log2FoldChange"})
    table.insert(0, "baseMean", 100.0)
    table.index = names
    path = tmp_path / "deseq2.csv"
    table.to_csv(path)
    result = analyze(path, padj=0.05, log2fc=1.0, permutations=20, figures=False)
    assert (result.summary["n_up"], result.summary["n_down"]) == (1, 2)


def test_one_stats_lookup_reads_every_spelling():
    edger = pd.DataFrame({"logFC": [1.5], "PValue": [0.01], "FDR": [0.02]}, index=["m"])
    limma = pd.DataFrame({"ID": ["m"], "logFC": [1.5], "P.Value": [0.01], "adj.P.Val": [0.02]})
    deseq = pd.DataFrame({"log2FoldChange": [1.5], "pvalue": [0.01], "padj": [0.02]}, ["m"])
    for table in (edger, limma.set_index("ID"), deseq):
        frame = differential.stats_frame(table)
        assert frame.loc["m", ["log2fc", "pvalue", "padj"]].tolist() == [1.5, 0.01, 0.02]
    with pytest.raises(InputError, match="no padj column"):
        differential.stats_frame(edger.drop(columns="FDR"), required=("padj",))


def test_sheet_contrast_is_the_one_contrast_parser():
    spec = differential.sheet_contrast("group:aged:young")
    assert (spec.column, spec.test, spec.reference) == ("group", "aged", "young")
    assert differential.sheet_contrast("Aged.vs.Young") is None
    assert differential.sheet_contrast(None) is None
    with pytest.raises(InputError, match="must differ"):
        differential.sheet_contrast("group:a:a")


# ------------------------------------------------------------------ API conventions

SUBPACKAGES = [m for m in mirbone.SUBPACKAGES if m != "errors"]
#: Names the API uses for one thing each; the left-hand names must not appear.
FORBIDDEN = {
    "alpha": "padj",
    "signatures": "gene_sets",
    "min_set_size": "min_size",
    "max_set_size": "max_size",
    "n_perm": "permutations",
    "n_permutations": "permutations",
    "random_state": "seed",
    "lfc": "log2fc",
    "fdr": "padj",
    "organism": "species",
}
#: How many leading parameters may be positional (the data); the rest are keyword-only.
POSITIONAL = {
    "write_gmt": 2,
    "write_standard": 2,
    "read_samples": 2,
    "gene_signature_name": 2,
    "as_groups": 2,
    "group_means": 2,
    "deseq2": 2,
    "deseq2_contrasts": 2,
    "write_report": 2,
    "ora": 2,
    "directional_ora": 2,
    "gsea": 2,
    "target_enrichment": 3,
    "review_table": 2,
}


def public_functions():
    for name in SUBPACKAGES:
        module = importlib.import_module(f"mirbone.{name}")
        for attribute in getattr(module, "__all__", []):
            obj = getattr(module, attribute)
            if inspect.isfunction(obj) and not hasattr(obj, "__deprecated_alias_of__"):
                yield f"{name}.{attribute}", obj


FUNCTIONS = dict(public_functions())


def test_every_subpackage_lists_its_public_names():
    for name in SUBPACKAGES:
        module = importlib.import_module(f"mirbone.{name}")
        assert getattr(module, "__all__", None), f"mirbone.{name} has no __all__"
        for attribute in module.__all__:
            assert hasattr(module, attribute), f"mirbone.{name}.{attribute}"


@pytest.mark.parametrize("qualname", sorted(FUNCTIONS))
def test_signature_conventions(qualname):
    function = FUNCTIONS[qualname]
    parameters = inspect.signature(function).parameters
    for name in parameters:
        assert name not in FORBIDDEN, f"{qualname}: {name!r} is spelled {FORBIDDEN[name]!r}"
    positional = [
        p for p in parameters.values() if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    ]
    allowed = POSITIONAL.get(qualname.split(".")[-1], 1)
    assert len(positional) <= allowed, f"{qualname}: options must be keyword-only"
    if "species" in parameters:
        assert parameters["species"].default in ("hsa", None, inspect.Parameter.empty), qualname
    for threshold, default in (("padj", differential.PADJ), ("log2fc", differential.LOG2FC)):
        if threshold in parameters and isinstance(parameters[threshold].default, float):
            assert parameters[threshold].default == default, f"{qualname}: {threshold}"


def test_one_verb_per_kind_of_loader():
    """``read*`` reads a user's file, ``load`` a named resource or a file; no other verbs."""
    verbs = {name.split(".")[-1].split("_")[0] for name in FUNCTIONS}
    assert not verbs & {"get", "fetch", "open", "import", "obtain"}, verbs
    loaders = sorted(n for n in FUNCTIONS if n.split(".")[-1].startswith("load"))
    assert loaders == ["genesets.load", "targets.load"], loaders


# ----------------------------------------------------------------- deprecated names


@pytest.mark.parametrize(
    ("call", "new"),
    [
        (lambda: enrich.ora(["a"], signatures={"s": ["a", "b"]}, universe=["a", "b", "c"],
                            min_size=1), "gene_sets"),
        (lambda: mirbone.genesets.load_gene_sets("bone"), "genesets.load"),
        (lambda: mirbone.targets.load_targets("kb"), "targets.load"),
        (lambda: mirbone.analysis.significant(BOUNDARY, padj=0.05), "call_significance"),
    ],
)  # fmt: skip
def test_old_names_warn_at_the_callers_line_and_still_work(call, new):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = call()
    deprecations = [w for w in caught if issubclass(w.category, DeprecationWarning)]
    assert deprecations, "no DeprecationWarning"
    assert new in str(deprecations[0].message)
    assert deprecations[0].filename == __file__  # stacklevel=2: the caller's line
    assert result is not None


def test_the_old_report_module_warns_at_the_callers_line_and_is_analysis():
    """``mirbone.report`` (renamed ``mirbone.analysis``), imported or as an attribute."""
    code = (
        "import warnings\n"
        "warnings.simplefilter('always')\n"
        "{line}\n"
        "import mirbone.analysis as a\n"
        "assert r.write_report is a.write_report and r.check_outdir is a.check_outdir\n"
    )
    for line in ("import mirbone.report as r", "import mirbone; r = mirbone.report"):
        done = subprocess.run(
            [sys.executable, "-c", code.format(line=line)],
            capture_output=True, text=True, check=False, cwd=Path(__file__).parent,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        assert "<string>:3: DeprecationWarning: mirbone.report is now mirbone.analysis" in (
            done.stderr
        ), line


def test_a_renamed_keyword_and_its_new_name_together_are_refused():
    with pytest.raises(TypeError, match="both"):
        enrich.ora(["a"], gene_sets={"s": ["a"]}, signatures={"s": ["a"]})


# ------------------------------------------------------------- warnings name your line


def test_a_warning_from_deep_inside_names_the_callers_line():
    # ora() is wrapped by the keyword-renaming decorator and warns from a helper two calls
    # down: the warning must still name this file and line, not mirbone's.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        line = inspect.currentframe().f_lineno + 1
        enrich.ora(["a", "zz"], {"s": ["a", "b"]}, universe=list("abcd"), min_size=1)
    dropped = [w for w in caught if "zz" in str(w.message)]
    assert len(dropped) == 1
    assert (dropped[0].filename, dropped[0].lineno) == (__file__, line)


def test_every_warning_of_the_library_uses_the_callers_stacklevel():
    import ast
    from pathlib import Path

    fixed = []
    for path in Path(mirbone.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and ast.unparse(node.func) == "warnings.warn":
                level = next((k.value for k in node.keywords if k.arg == "stacklevel"), None)
                if level is None or ast.unparse(level) != "user_stacklevel()":
                    fixed.append(f"{path.name}:{node.lineno}")
    assert fixed == []
